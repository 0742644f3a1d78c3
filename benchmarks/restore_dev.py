"""Development set for the lost-byte restorer (issue 17): cross-validation on the corpora the
character model is counted on, so variants are chosen without the held-out 2025 Word files.

The reports of ``ngrams.source_files()`` are split into ``--folds`` folds (report i goes to
fold i mod k); for each fold the model is counted on the other folds' reports only, and the
distinct headings of the fold's reports (every ``--every``-th), and the heading model
(:mod:`analysis.clean.headings_model`) on the other folds' heading lines, likewise are damaged as in
``tests/test_mojibake.py`` and repaired. Headings that also occur in the other folds stay
(as in the held-out test: a standard heading recurs across years and provinces).

    PYTHONPATH=. python benchmarks/restore_dev.py [--folds 4] [--every 1] [--weight W] [--show]

Prints exact / counted, restorations written and wrong, gaps written □; ``--show`` prints
each heading not restored exactly, with what came back.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from analysis.clean import headings_model, ngrams, restore  # noqa: E402
from analysis.readers.records import iter_records  # noqa: E402
from test_mojibake import _restoration_rate, distinct_headings  # noqa: E402

_CACHED = (
    restore._by_lead, restore._closers, restore._successors, restore._likeliest,
    restore._successor_set, restore._middles, restore._middles_any, restore.lost_pairs,
)


def reports() -> list[str]:
    return [text for path, field in ngrams.source_files() for _, text, _ in iter_records(path, field)]


def use_model(model, headings=None, weight: float | None = None) -> None:
    """Make ``model`` the one the repair loads (mixed with the heading model ``headings``, if
    given, at ``weight``, else :data:`headings_model.HEADING_WEIGHT`), the derived caches cleared."""
    for f in (ngrams.load, headings_model.load, headings_model.load_headings, *_CACHED):
        if hasattr(f, "cache_clear"):
            f.cache_clear()
    w = headings_model.HEADING_WEIGHT if weight is None else weight
    mixed = headings_model.Mixture(model, headings, w) if headings is not None and w else model
    ngrams.load = lambda: model  # type: ignore[assignment]
    headings_model.load = lambda: mixed  # type: ignore[assignment]


def evaluate(heads: list[str], show: bool = False) -> tuple[int, int, int, int, int]:
    """(exact, counted, restorations written, of them wrong, gaps □): the tests' measure."""
    exact, total, _, written, wrong, lost = _restoration_rate(heads, show)
    return exact, total, written, wrong, lost


def build_models(train: list[str]):
    """The character model and the heading model counted on ``train``."""
    main = ngrams.CharModel.from_texts(train, min_count=ngrams.MIN_COUNT)
    heads = ngrams.CharModel.from_texts(headings_model.heading_lines(train), min_count=ngrams.MIN_COUNT)
    return main, ngrams.CharModel(heads.grams, heads.discounts, base=main)


def run(folds: int = 4, every: int = 1, show: bool = False, weight: float | None = None, only: int | None = None) -> tuple[int, ...]:
    texts = reports()
    sums = [0] * 5
    for k in range(folds):
        if only is not None and k != only:
            continue
        t0 = time.time()
        train = [t for i, t in enumerate(texts) if i % folds != k]
        test = [t for i, t in enumerate(texts) if i % folds == k]
        use_model(*build_models(train), weight)
        got = evaluate(distinct_headings(test)[::every], show)
        sums = [a + b for a, b in zip(sums, got)]
        print(f"fold {k}: exact {got[0]}/{got[1]}, wrong {got[3]}/{got[2]}, □ {got[4]}  ({time.time() - t0:.0f} s)", flush=True)
    e, n, w, x, lost = sums
    print(f"dev: exact {e}/{n} ({e / max(n, 1):.1%}), wrong {x}/{w} ({x / max(w, 1):.1%}), □ {lost}")
    return tuple(sums)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--weight", type=float, help="of the heading model (default: headings_model.HEADING_WEIGHT; 0: none)")
    ap.add_argument("--only", type=int)
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    run(a.folds, a.every, a.show, a.weight, a.only)


if __name__ == "__main__":
    main()
