"""The command line as a user runs it: output, exit status, one-line errors."""

import argparse
import io
import json
import os
import subprocess
import sys
import unicodedata
from importlib.metadata import version

import pandas as pd
import pytest

import analysis
from analysis import cli, paths

SEED = str(paths.RAW / "seed" / "000_cb6fbbaf4fa429c2.txt")
SHANGHAI = str(paths.RAW / "provincial-2026" / "2026_上海市_政府工作报告.csv")
TABLE_COMMANDS = ("metrics", "targets", "outcomes", "words", "keywords", "themes")


def run(*args, cwd=None, text=True):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=text, cwd=cwd)


def main(capsysbinary, *argv):
    """Run the command line in this process (the segmenter loaded once): status, stdout, stderr bytes."""
    status = cli.main(list(argv))
    out, err = capsysbinary.readouterr()
    return status, out, err


def columns_wide(line: str) -> int:
    """Display columns of a line, counted independently of the package: CJK wide/full-width are two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def test_clean_prints_one_paragraph_per_line():
    r = run("clean", SEED)
    assert r.returncode == 0 and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[3] == "现在，我代表xx区人民政府，就上半年全区经济社会发展情况和下半年工作打算，向大会作报告。"
    assert "第二方面：关于下半年工作的主要打算" in lines


def test_clean_report_lists_steps_and_flags():
    r = run("clean", SEED, "--report")
    assert r.returncode == 0
    assert "encoding: utf-8" in r.stdout and "remove_pinyin_glosses" in r.stdout
    # six damaged spans (21 flagged mojibake edits, test_clean counts them: cut at 9
    # restorations, issue 17) and the gloss whose character is lost
    assert "flagged spans: 22" in r.stdout and "'。ㄋ模┚' -> '（四）'" in r.stdout
    # 精心 and 惊心 fit the same bytes (test_mojibake); the margin is the model's, written only
    # when it clears restore.RESTORE_MARGIN
    import re

    from analysis.clean.restore import RESTORE_MARGIN

    m = re.search(r"restored: 精心 for 灸 \(GBK bytes lost\); trigram margin (\d+\.\d\d) nats over 惊心", r.stdout)
    assert m and float(m.group(1)) >= RESTORE_MARGIN
    assert "restored: 全面 for 孺 (GBK bytes lost); trigram margin" in r.stdout


def test_structure_json():
    r = run("structure", SEED, "--format", "json")
    d = json.loads(r.stdout)
    assert d["title"] == "年上半年区政府工作报告"
    assert d["headings"][0] == {**d["headings"][0], "level": 1, "number": "一", "text": "关于上半年经济社会发展情况", "flagged": False}
    assert sum(h["level"] == 2 for h in d["headings"]) == 12


def test_structure_text():
    r = run("structure", SEED)
    # numbered as the seed writes them, sections indented under their part
    assert "\n第二方面  关于下半年工作的主要打算\n  （一）  在新发展格局中" in r.stdout and "[flagged]" in r.stdout


def test_structure_lists_back_matter(capsysbinary):
    # Jiangxi 2025 (Word), read in the file: after the closing "各位代表！实干托举梦想…" a line
    # "附件", the title "《政府工作报告》有关内容名词注释" and a glossary numbered 1.–17. (19 lines)
    jiangxi = str(paths.RAW / "provincial-2025" / "2025年江西省政府工作报告.docx")
    status, out, _ = main(capsysbinary, "structure", jiangxi)
    text = out.decode()
    assert status == 0
    tree, back = text.split("\nback matter", 1)
    assert tree.rstrip().endswith("（十）  持之以恒推进政府自身建设，当好执行者行动派实干家")  # no glossary entry under it
    assert "  附件 《政府工作报告》有关内容名词注释  (" in back
    status, out, _ = main(capsysbinary, "structure", jiangxi, "--format", "json")
    (annex,) = json.loads(out)["annexes"]
    assert annex["label"] == "附件 《政府工作报告》有关内容名词注释" and annex["paragraphs"] == 19


def test_gb18030_file_same_as_utf8(tmp_path):
    p = tmp_path / "seed-gb.txt"
    p.write_bytes(open(SEED, encoding="utf-8").read().encode("gb18030"))
    gb, utf = run("clean", str(p)), run("clean", SEED)
    assert gb.returncode == 0 and gb.stdout == utf.stdout
    assert "encoding: gb18030" in run("clean", str(p), "--report").stdout


@pytest.mark.parametrize(
    "content, problem",
    # a PDF named .txt is read as a PDF (the format comes from the content): this one is broken
    [(b"", "empty file"), (b"%PDF-1.4\n1 0 obj\n<<>>", "corrupt PDF"), (bytes(range(128, 256)) * 4, "")],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, content, problem):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    r = run("clean", str(p), cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and str(p) in r.stderr and problem in r.stderr
    assert sorted(x.name for x in tmp_path.iterdir()) == ["bad.txt"]


def test_missing_path():
    r = run("structure", "/nonexistent/report.txt")
    assert r.returncode == 2 and r.stderr.strip() == "error: /nonexistent/report.txt: no such file"


def test_build_writes_processed_tables_deterministically(tmp_path):
    from analysis.runner.build import build

    out1, out2 = tmp_path / "a", tmp_path / "b"
    build(out_dir=out1)
    build(out_dir=out2)
    from analysis.runner import SPREADSHEET_TABLES, all_table_schemas

    names = sorted(p.relative_to(out1).as_posix() for p in out1.rglob("*") if p.is_file())
    tables = {n for n in names if "/" not in n}
    # one table set: every table as Parquet, the spreadsheet ones as CSV too (issue 13)
    assert tables == ({f"{t}.parquet" for t in all_table_schemas()} | {f"{t}.csv" for t in SPREADSHEET_TABLES}
                      | {"BUILD.json", "RUN.json"})
    assert any(n.startswith("parts/") for n in names)  # a rerun reuses the documents done
    for n in ("RUN.json", "BUILD.json", "documents.csv"):  # nothing names where the project is checked out
        assert str(paths.ROOT) not in (out1 / n).read_text(encoding="utf-8-sig"), n
    for n in sorted(tables):  # the parts are a cache (zip members carry the time they were written)
        assert (out1 / n).read_bytes() == (out2 / n).read_bytes(), n
    assert not list(paths.RAW.rglob("*.tmp"))


def test_keywords_json_reads_like_the_report():
    r = run("keywords", SEED, "--top", "20", "--format", "json")
    assert r.returncode == 0
    kw = json.loads(r.stdout)
    assert len(kw) == 20 and set(kw[0]) == {"term", "score", "method"}  # json gives every column
    terms = [k["term"] for k in kw]
    assert "长三角G60科创走廊" in terms[:3]
    assert not {"建设", "推进", "发展", "xx", "加强"} & set(terms)


def test_themes_by_section_json():
    from analysis.words.themes import THEME_KEYS

    r = run("themes", SEED, "--by", "section", "--format", "json")
    rows = json.loads(r.stdout)
    sections = [x for x in rows if " > " in x["section"]]
    assert len(sections) == 12
    assert all(set(THEME_KEYS) <= set(x) and "heading" in x and "dominant" in x for x in sections)


def test_themes_bad_lexicon_one_line_exit_2(tmp_path):
    lex = tmp_path / "mine.tsv"
    # any category name is allowed now (issue 13): a weight that is not a number is the error
    lex.write_text("category\tterm\tweight\nwealth\t经济\tmuch\n", encoding="utf-8")
    r = run("themes", SEED, "--lexicon", str(lex))
    assert r.returncode == 2 and r.stdout == ""
    err = [l for l in r.stderr.splitlines() if l.startswith("error:")]
    assert len(err) == 1 and str(lex) in err[0] and "line 2" in err[0]


def test_words_top():
    r = run("words", SEED, "--top", "5", "--format", "csv")
    lines = r.stdout.splitlines()
    assert lines[0] == "token,count,n_tokens,rate_per_10k,doc_freq" and len(lines) == 6


@pytest.mark.parametrize("kind, problem", [("empty", "empty file"), ("directory", "is a directory, not a lexicon file")])
def test_regression_bad_lexicon_is_one_line(tmp_path, kind, problem):
    # issue 16: an empty lexicon or a directory gave a traceback; a bare name was looked up in the package
    lex = tmp_path / "mine.tsv"
    lex.mkdir() if kind == "directory" else lex.write_text("", encoding="utf-8")
    r = run("themes", SEED, "--lexicon", "mine.tsv", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == "" and r.stderr == f"error: mine.tsv: {problem}\n"


def test_lexicon_named_relative_to_the_working_directory(tmp_path):
    themes = (paths.ROOT / "analysis" / "data" / "themes.tsv").read_text(encoding="utf-8").splitlines()
    header = next(l for l in themes if not l.startswith("#"))
    rows = [l for l in themes if not l.startswith("#") and l.startswith("economy\t")][:2]
    (tmp_path / "mine.tsv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    r = run("themes", SEED, "--by", "document", "--lexicon", "mine.tsv", "--format", "csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    row = r.stdout.splitlines()[1].split(",")
    assert float(row[1]) > 0 and all(float(x) == 0 for x in row[2:-1])  # only economy's terms count


def subcommands():
    parser = cli.make_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, sub


def test_every_argument_of_every_command_has_help():
    parser, sub = subcommands()
    assert set(sub.choices) == {"clean", "structure", "build", *TABLE_COMMANDS, "idf", "ngrams", "corpus", "figures"}
    missing = [f"{p.prog} {a.dest}" for p in [parser, *sub.choices.values()] for a in p._actions
               if not isinstance(a, argparse._HelpAction) and not (a.help or "").strip()]
    assert missing == []
    assert all(c.help for c in sub._choices_actions)  # each command's line in `--help`


def test_help_shows_every_default():
    _, sub = subcommands()
    for name, p in sub.choices.items():
        text = " ".join(p.format_help().split())  # argparse wraps lines
        for a in p._actions:
            if a.option_strings and a.default not in (None, False, [], argparse.SUPPRESS):
                assert f"(default: {a.default})" in text, (name, a.dest)
    words = " ".join(sub.choices["words"].format_help().split())
    assert "--top N how many words (default: 30)" in words and "(default: text)" in words


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout == f"gwr-analysis {analysis.__version__}\n"
    assert analysis.__version__ == version("gwr-analysis")  # the installed distribution says the same


@pytest.mark.parametrize("argv", [
    ["words", SEED, "--top", "0"], ["keywords", SEED, "--top", "-5"], ["words", SEED, "--top", "x"],
    ["corpus", SEED, "--out", "o", "--top", "0"], ["corpus", SEED, "--out", "o", "--jobs", "-5"],
])
def test_counts_below_one_are_refused_in_one_line(tmp_path, argv):
    r = run(*argv, cwd=tmp_path)
    option = argv[-2]
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"error: argument {option}: "), r.stderr
    assert list(tmp_path.iterdir()) == []


def test_every_command_prints_text_by_default(capsysbinary):
    _, sub = subcommands()
    for name in [*TABLE_COMMANDS, "structure"]:
        fmt = next(a for a in sub.choices[name]._actions if a.dest == "format")
        assert fmt.default == "text", name
    plain, text, csv = (main(capsysbinary, "words", SEED, *fmt) for fmt in ([], ["--format", "text"], ["--format", "csv"]))
    assert plain[0] == 0 and plain == text and plain[1] != csv[1]
    assert plain[1].decode().split("\n")[0].split() == ["token", "count", "n_tokens", "rate_per_10k", "doc_freq"]


@pytest.mark.parametrize("command", ["metrics", "targets", "outcomes"])
@pytest.mark.parametrize("path", [SEED, SHANGHAI])
def test_text_format_shows_key_columns_in_short_lines(capsysbinary, command, path):
    status, out, _ = main(capsysbinary, command, path)
    lines = out.decode().splitlines()
    assert status == 0 and (len(lines) > 1 or lines == ["(no rows)"])
    assert max(map(columns_wide, lines)) <= cli.LINE_WIDTH
    if len(lines) > 1:
        assert lines[0].split() == list(cli.TEXT_COLUMNS[command])
        assert any(line.endswith("…") for line in lines[1:])  # long sentences shortened


def test_text_format_shanghai_targets_by_hand(capsysbinary):
    # the first of Shanghai's 2026 targets: 全市生产总值增长5%左右 (raw text, checked by eye)
    lines = main(capsysbinary, "targets", SHANGHAI)[1].decode().splitlines()
    assert lines[1].split()[:7] == ["gdp_growth", "全市生产总值", "5", "5", "5", "%", "左右"]
    assert lines[1].split()[7].startswith("综合各方面因素，建议今年") and lines[1].endswith("…")


@pytest.mark.parametrize("text, width, short", [
    ("增长5%", 6, "增长5%"),  # 2 + 2 + 1 + 1 columns: fits
    ("增长5%", 5, "增长…"),
    ("全市生产总值增长5%左右", 10, "全市生产…"),  # four characters (8) and the ellipsis (1)
    ("GDP growth", 6, "GDP g…"),
])
def test_shorten_counts_wide_characters_twice(text, width, short):
    assert cli.shorten(text, width) == short and columns_wide(cli.shorten(text, width)) <= width


@pytest.mark.parametrize("argv", [
    ["clean", SEED], ["structure", SEED, "--format", "json"], ["metrics", SEED, "--format", "csv"],
    ["targets", SHANGHAI], ["words", SEED, "--format", "jsonl"], ["keywords", SEED, "--format", "json"],
])
def test_out_file_holds_what_stdout_shows(tmp_path, capsysbinary, argv):
    out = tmp_path / "out.txt"
    printed, written = main(capsysbinary, *argv), main(capsysbinary, *argv, "--out", str(out))
    assert printed[0] == written[0] == 0 and written[1] == b""
    assert out.read_bytes() == printed[1] and len(printed[1]) > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left


def test_out_file_untouched_when_the_command_fails(tmp_path):
    bad, out = tmp_path / "empty.txt", tmp_path / "out.csv"
    bad.write_bytes(b"")
    out.write_text("an earlier result\n", encoding="utf-8")
    r = run("metrics", str(bad), "--out", str(out))
    assert r.returncode == 2 and r.stderr == f"error: {bad}: empty file\n"
    assert out.read_text(encoding="utf-8") == "an earlier result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out.csv"]


def test_out_file_untouched_when_writing_fails(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out.txt"
    out.write_text("an earlier result\n", encoding="utf-8")

    def fail(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("analysis.io.os.replace", fail)
    assert cli.main(["words", SEED, "--top", "3", "--out", str(out)]) == 2
    assert capsys.readouterr().err.endswith(f"error: {out}: cannot write (No space left on device)\n")
    assert out.read_text(encoding="utf-8") == "an earlier result\n" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("target", ["input", "folder"])
def test_out_refuses_an_input_or_a_folder(tmp_path, target):
    report = tmp_path / "report.txt"
    report.write_bytes(open(SEED, "rb").read())
    out = report if target == "input" else tmp_path
    r = run("clean", str(report), "--out", str(out))
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1 and r.stderr.startswith(f"error: {out}: ")
    assert report.read_bytes() == open(SEED, "rb").read() and [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_parquet_round_trip(tmp_path, capsysbinary):
    from analysis.extract.metrics import metrics_table
    from analysis.pipeline import read_document

    out = tmp_path / "metrics.parquet"
    assert run("metrics", SEED, "--format", "parquet", "--out", str(out)).returncode == 0  # as a user runs it
    pd.testing.assert_frame_equal(pd.read_parquet(out), metrics_table(read_document(SEED)), check_exact=True)
    status, piped, _ = main(capsysbinary, "metrics", SEED, "--format", "parquet")  # stdout not a terminal
    assert status == 0 and piped == out.read_bytes()


def test_parquet_is_not_written_to_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["metrics", SEED, "--format", "parquet"])
    err = capsys.readouterr()
    assert exit_.value.code == 2 and err.out == "" and err.err.count("\n") == 1 and "--out FILE" in err.err


# --- disk full (issue 16, "Why" 6) --------------------------------------------------------
class _FullStdout(io.TextIOBase):
    """A stdout whose writes fail as on a full disk."""

    def write(self, data):
        import errno

        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self):
        pass


def test_regression_disk_full_on_stdout_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    from analysis.cli import main

    report = tmp_path / "r.txt"
    report.write_text("各位代表：\n今年地区生产总值增长5%左右。\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", _FullStdout())
    assert main(["metrics", str(report)]) == 2
    assert capsys.readouterr().err == "error: <stdout>: cannot write (No space left on device)\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_regression_disk_full_on_stdout_as_a_user_meets_it():
    """``metrics FILE > /dev/full``: the kernel's ENOSPC, one line, exit 2, nothing more at exit."""
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "analysis", "metrics", SEED], stdout=full,
                           stderr=subprocess.PIPE, text=True)
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if not line.startswith("note: ")]
    assert errors == ["error: <stdout>: cannot write (No space left on device)"]


# --- a file in a folder without permission (issue 16, "Why" 6) ----------------------------
@pytest.mark.parametrize("what", ["search", "list"])
def test_regression_file_in_a_folder_without_permission_is_one_line_exit_2(tmp_path, lock_folder, capsys, what):
    from analysis.cli import main

    folder = tmp_path / "locked"
    folder.mkdir()
    report = folder / "2024.txt"
    report.write_text("各位代表：\n今年地区生产总值增长5%左右。\n", encoding="utf-8")
    lock_folder(folder, what)
    assert main(["metrics", str(report)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"error: {report}: cannot read (Permission denied)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["locked"]


def test_regression_metrics_says_when_trailing_figures_were_removed(tmp_path):
    """Issue 16, "Why" 4: lines with figures but no 。！？ at the end of a text are removed as
    page matter (a footer has that shape too); `metrics` must say so on stderr, and the
    cleaning report must hold the removed figures, rather than print a bare header."""
    from analysis.clean import FIGURE_REMOVED

    p = tmp_path / "r.txt"
    p.write_text("各位代表：\n今年经济平稳增长。\n地区生产总值增长5%\n城镇新增就业60万人", encoding="utf-8")
    r = run("metrics", str(p))
    assert r.returncode == 0
    assert r.stderr == f"note: {p}: 1 removal(s) to check ({FIGURE_REMOVED}); see `clean --report`\n"
    report = run("clean", str(p), "--report").stdout
    assert "flagged spans: 1" in report
    assert r"地区生产总值增长5%\\n城镇新增就业60万人' -> ''  [remove_page_chrome] " + FIGURE_REMOVED in report


# --- tables and devices that gave tracebacks (issue 16, "Why" 6) --------------------------
REPORT = "各位代表：\n今年地区生产总值增长5%左右。"


@pytest.mark.parametrize("name, content, problem", [
    # plain text named .csv: a quote opening its first line made the CSV parser raise
    ("plain.csv", '"' + REPORT, "no text column (looked for full_text, content, text, 全文, 正文, 内容, 文本) in the header row "
                                "(“各位代表： 今年地区生产”); name the column with --text-column (text_column= in Python)"),
    ("extra.csv", "title,text\n某报告,各位代表：推进。,多余\n", "row 1: 3 fields, but the header has 2"),
    ("number.jsonl", '{"content": 12345}\n', "row 1: text in column 'content' is int, not text"),
    ("list.jsonl", '{"content": ["各位代表：", "推进。"]}\n', "row 1: text in column 'content' is list, not text"),
])
def test_regression_bad_table_is_one_line_exit_2(tmp_path, name, content, problem):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    r = run("metrics", str(p), cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"error: {p}: {problem}\n")
    assert [x.name for x in tmp_path.iterdir()] == [name]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_regression_device_is_refused_not_read_for_ever():
    r = run("words", "/dev/zero")
    assert (r.returncode, r.stderr) == (2, "error: /dev/zero: not a regular file (a device, FIFO or socket)\n")
