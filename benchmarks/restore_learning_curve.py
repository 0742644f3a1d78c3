"""How the lost-byte restorer's held-out rate grows with the text its models are counted on
(issue 17): is 90% of unseen headings within reach of a character model of these corpora?

The 94 reports the character models are counted on (``ngrams.source_files()``) are put in a
fixed random order (``--seed``); for each fraction, the models (character trigrams and the
heading-line model, as ``benchmarks/restore_dev.py`` builds them) are counted on that share
of the reports only, and the held-out headings of the 2025 Word files are damaged and
restored as in ``tests/test_mojibake.py``. Each is measured twice: as the restorer decides
(a reading written only when it leads by ``restore.RESTORE_MARGIN``, else □), and forced
(margin 0: the model's best reading always written), the ceiling of any margin.

    PYTHONPATH=. python benchmarks/restore_learning_curve.py [--fractions 0.125 0.25 0.5 1]

~3 minutes a fraction on one core.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from restore_dev import build_models, reports, use_model  # noqa: E402
from test_mojibake import _headings, _restoration_rate  # noqa: E402

from analysis import paths  # noqa: E402
from analysis.clean import restore  # noqa: E402


def held_out() -> list[str]:
    return _headings([(p, None) for p in sorted((paths.RAW / "provincial-2025").glob("*.docx"))])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.125, 0.25, 0.5, 1.0])
    ap.add_argument("--seed", type=int, default=17)
    a = ap.parse_args()
    texts = reports()
    order = list(range(len(texts)))
    random.Random(a.seed).shuffle(order)
    heads = held_out()
    margin = restore.RESTORE_MARGIN
    print(f"{len(texts)} reports, {sum(map(len, texts)):,} characters; {len(heads)} held-out headings")
    print("fraction | reports | characters | exact (margin 1) | wrong | exact (forced) | wrong")
    for f in a.fractions:
        t0 = time.time()
        train = [texts[i] for i in sorted(order[: max(1, round(f * len(texts)))])]
        use_model(*build_models(train))
        row = []
        for m in (margin, 0.0):
            restore.RESTORE_MARGIN = m
            exact, total, _, written, wrong, _ = _restoration_rate(heads)
            row += [f"{exact}/{total} ({exact / total:.1%})", f"{wrong}/{written}"]
        restore.RESTORE_MARGIN = margin
        print(f"{f:g} | {len(train)} | {sum(map(len, train)):,} | " + " | ".join(row) + f"   ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
