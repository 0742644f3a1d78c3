"""A file (or table row) is one report: text holding several — two reports pasted into one
file, a crawl's dump — is refused, not analysed as one report with the first one's year."""

from __future__ import annotations

import csv
import subprocess
import sys

from analysis import paths
from analysis.readers.records import Problem, iter_corpus
from analysis.structure import report_openings



def _two_rows(tmp_path, national_text):
    """A table of two rows: 2024's report, then 2000's and 1999's pasted into one cell."""
    path = tmp_path / "reports.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["year", "full_text"])
        w.writerow([2024, national_text(2024)])
        w.writerow([2000, national_text(2000) + "\n" + national_text(1999)])
    return path


def test_two_reports_in_one_file_are_refused(tmp_path, national_text):
    path = tmp_path / "two.txt"
    path.write_text(national_text(2024) + "\n\n" + national_text(2023), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "analysis", "targets", str(path)], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"error: {path}: holds 2 reports, not one (each opens anew: “——2024年3月5日")
    assert "“——2023年3月5日" in r.stderr and r.stderr.count("\n") == 1


def test_a_row_holding_two_reports_is_a_problem_and_the_others_are_read(tmp_path, national_text):
    """The 1970s-2000s reports have no dated occasion line in this corpus: their opening
    sentence (我代表国务院，向大会报告政府工作) tells them apart."""
    path = _two_rows(tmp_path, national_text)
    got = list(iter_corpus(path))
    from analysis.pipeline import process_record

    outcome = []
    for rec in got:
        try:
            process_record(rec)
            outcome.append("read")
        except Exception as exc:  # noqa: BLE001 - the refusal is what is checked
            outcome.append(str(exc))
    assert outcome[0] == "read"
    assert "holds 2 reports, not one" in outcome[1] and "我代表国务院" in outcome[1]
    assert not any(isinstance(r, Problem) for r in got)


def test_no_shipped_report_is_taken_for_two():
    counts = [len(report_openings(rec.text)) for rec in iter_corpus(paths.RAW) if not isinstance(rec, Problem)]
    assert len(counts) == 114 and max(counts) == 1


def test_corpus_reports_the_row_and_reads_the_others(tmp_path, national_text):
    path = _two_rows(tmp_path, national_text)
    r = subprocess.run([sys.executable, "-m", "analysis", "corpus", str(path), "--out", str(tmp_path / "out")],
                       capture_output=True, text=True)
    assert r.returncode == 0
    with (tmp_path / "out" / "problems.csv").open(encoding="utf-8-sig") as fh:
        problems = list(csv.DictReader(fh))
    assert len(problems) == 1 and problems[0]["row"] == "2"
    assert problems[0]["problem"].startswith("holds 2 reports, not one (each opens anew: “我代表国务院")
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8-sig") as fh:
        assert [d["year"] for d in csv.DictReader(fh)] == ["2024"]
