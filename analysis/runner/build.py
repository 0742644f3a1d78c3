"""``python -m analysis build``: the corpus runner over ``data/raw/``, into ``data/processed/``.

Every raw input listed in ``data/raw/MANIFEST.sha256`` is checked against its hash; then the
corpus runner (:func:`analysis.runner.run_corpus`) processes every report of those files, in
manifest order, and writes the one table set every command and notebook reads (one schema
per table, defined once: :func:`analysis.runner.all_table_schemas`): every table as Parquet,
the tables a spreadsheet user opens also as CSV (UTF-8 with BOM, formula-safe), ``RUN.json``
(settings, the code fingerprint) and ``BUILD.json`` (versions of what shapes the results and
the SHA-256 of each input). Input paths are recorded relative to ``data/raw/``, so the tables
do not depend on where the project is checked out. A rerun reuses the documents already done
(``data/processed/parts/``); identical inputs give byte-identical outputs.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata as md
from pathlib import Path

from analysis import __version__, paths
from analysis.errors import InputError
from analysis.io import read_manifest, verify_manifest, write_atomic


def versions() -> dict:
    """Versions of the things that change results, recorded beside the outputs."""
    from analysis.words import SEGMENTER_BACKEND, SEGMENTER_SETTINGS

    out = {"analysis": __version__, "python": platform.python_version(),
           "segmenter": {**SEGMENTER_SETTINGS, **SEGMENTER_BACKEND}}
    for dist in ("pandas", "numpy", "pyarrow", "opencc", "jieba", "rjieba", "charset-normalizer"):
        try:
            out[dist] = md.version(dist)
        except md.PackageNotFoundError:
            out[dist] = None
    return out


#: Files an earlier ``build`` (before it was the corpus runner) wrote into ``data/processed/``;
#: ``build`` replaces them (and only them) once, when that folder holds no ``RUN.json`` yet.
OLD_BUILD_FILES = ("documents.csv", "headings.csv", "sentences.csv", "cleaning_changes.csv", "metrics.csv",
                   "targets.csv", "outcomes.csv", "attainment.csv", "hierarchy.csv", "escalation.csv",
                   "tokens.csv", "themes_section.csv", "themes_paragraph.csv", "themes_document.csv", "BUILD.json")


def _remove_old_build(out_dir: Path) -> None:
    """Remove what a build of the earlier layout wrote (its CSV tables, ``clean/*.txt`` and
    ``BUILD.json``): only when ``BUILD.json`` says it was ours and there is no ``RUN.json``."""
    from analysis.runner import RUN_MARKER

    marker = out_dir / "BUILD.json"
    if (out_dir / RUN_MARKER).exists() or not marker.exists():
        return
    try:
        ours = {"versions", "inputs"} <= json.loads(marker.read_text(encoding="utf-8")).keys()
    except (OSError, ValueError, AttributeError):
        ours = False
    if not ours:
        return
    for name in OLD_BUILD_FILES:
        (out_dir / name).unlink(missing_ok=True)
    clean = out_dir / "clean"
    if clean.is_dir():
        for f in clean.glob("*.txt"):
            f.unlink()
        if not any(clean.iterdir()):
            clean.rmdir()


def build(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED, *, jobs: int = 1, progress: bool = False) -> list[str]:
    """Check the raw inputs against their manifest, run the corpus runner over them into
    ``out_dir`` and write ``BUILD.json``; return the document ids."""
    from analysis.runner import run_corpus
    from analysis.tables import read_parquet

    manifest = raw_dir / "MANIFEST.sha256"
    if not manifest.exists():
        raise InputError(manifest, "missing: data/raw/ has no manifest")
    problems = verify_manifest(manifest)
    if problems:
        raise InputError(manifest, problems[0])
    inputs = read_manifest(manifest)
    out_dir = Path(out_dir)
    _remove_old_build(out_dir)
    summary = run_corpus([raw_dir / name for name in inputs], out_dir, jobs=jobs, root=raw_dir, progress=progress)
    if summary.problems:  # the shipped data must all be read: a problem here is a defect
        raise InputError(summary.problems[0].path, f"{len(summary.problems)} problem(s): {summary.problems[0].problem}")
    write_atomic(out_dir / "BUILD.json", json.dumps({"versions": versions(), "inputs": inputs}, ensure_ascii=False,
                                                    indent=2, sort_keys=True) + "\n")
    return read_parquet(out_dir / "documents.parquet", {"doc_id": "string"})["doc_id"].tolist()
