"""Writing outputs atomically, and the raw-data manifest.

A file is written to a temporary name in the same folder and renamed into place, so a crash
never leaves a half-written output behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .errors import InputError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_manifest(manifest: str | Path) -> dict[str, str]:
    """``{relative path: sha256}`` from a ``sha256sum``-format manifest."""
    entries = {}
    for n, line in enumerate(Path(manifest).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise InputError(manifest, f"line {n}: expected '<sha256>  <path>'")
        entries[name] = digest
    return entries


def verify_manifest(manifest: str | Path) -> list[str]:
    """Problems with the files a manifest lists (missing or changed); empty if all match."""
    root = Path(manifest).parent
    problems = []
    for name, digest in read_manifest(manifest).items():
        f = root / name
        if not f.exists():
            problems.append(f"{f}: listed in manifest but missing")
        elif sha256_file(f) != digest:
            problems.append(f"{f}: SHA-256 differs from manifest (raw data must not change)")
    return problems
