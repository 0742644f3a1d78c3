"""The corpus runner on a Dask cluster (analysis/runner/distributed.py): a LocalCluster of two
worker processes started here gives the tables of a local ``--jobs 1`` run, byte for byte."""

from __future__ import annotations

import shutil
import sys

import pytest

import analysis
from analysis import cli, paths, runner
from analysis.errors import InputError
from analysis.runner import run_corpus

NATIONAL = paths.RAW / "national" / "government_work_reports.jsonl"
WORD = paths.RAW / "provincial-2025" / "2025年上海市政府工作报告.docx"

#: Installed on the workers by ``client.run(exec, …)``: the pipeline fails on one document
#: there, as a bug would (the workers are other processes: monkeypatch cannot reach them).
FAIL_ON_WORKERS = """
import analysis.runner.document as d
d.real_document_tables = d.document_tables
def failing(record, options=d.Options()):
    if record.doc_id == "national-0002":
        raise ValueError("boom on a worker")
    return d.real_document_tables(record, options)
d.document_tables = failing
"""
RESTORE_ON_WORKERS = "import analysis.runner.document as d; d.document_tables = d.real_document_tables"

#: A worker whose pandas differs from this process's.
OTHER_PANDAS_ON_WORKERS = """
import analysis.runner.build as b
b.real_versions = b.versions
b.versions = lambda: {**b.real_versions(), "pandas": "0.0.0"}
"""
RESTORE_PANDAS_ON_WORKERS = "import analysis.runner.build as b; b.versions = b.real_versions"


def files(out):
    """The tables and RUN.json in ``out`` by name, and the names of its parts (a part's bytes
    hold the time its zip was made: not compared)."""
    return ({p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()},
            sorted(p.relative_to(out).as_posix() for p in (out / "parts").rglob("*.zip")))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Three national reports (as a JSONL, with a broken line: a problem row) and a Word report."""
    root = tmp_path_factory.mktemp("dask_in")
    lines = NATIONAL.read_text(encoding="utf-8").splitlines()[:3]
    (root / "national.jsonl").write_text("\n".join([*lines, "{broken"]) + "\n", encoding="utf-8")
    shutil.copy(WORD, root / WORD.name)
    return [root / "national.jsonl", root / WORD.name]


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    summary = run_corpus(inputs, out, jobs=1, progress=False)
    assert summary.documents == 4 and len(summary.problems) == 1  # the broken line
    return out


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")  # the [dask] extra (in [test] too)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster):
    from distributed import Client

    with Client(cluster, set_as_default=False) as c:
        yield c


def test_tables_from_the_cluster_are_those_of_a_local_run(inputs, local, client, tmp_path):
    out = tmp_path / "out"
    tables = analysis.corpus(inputs, out=out, client=client)
    assert tables["documents"]["doc_id"].tolist() == [
        "national-0001", "national-0002", "national-0003", "2025年上海市政府工作报告"]
    assert files(out) == files(local)  # every table and RUN.json byte for byte; the same parts


def test_cli_scheduler_gives_the_same_tables_and_resumes(inputs, local, cluster, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["corpus", *map(str, inputs), "--out", str(out), "--scheduler", cluster.scheduler_address,
            "--no-progress"]
    assert cli.main(argv) == 0
    assert "4 documents (4 processed, 0 reused" in capsys.readouterr().out
    assert files(out) == files(local)
    # a run killed before one document was done: its part is missing; the rerun does only it
    part = next((out / "parts").rglob("*.zip"))
    part.unlink()
    (out / "tokens.parquet").unlink()
    assert cli.main(argv) == 0
    assert "4 documents (1 processed, 3 reused" in capsys.readouterr().out
    assert files(out) == files(local)


def test_a_document_failing_on_a_worker_is_a_problem_as_locally(inputs, client, tmp_path, monkeypatch):
    real = runner.workers.document_tables

    def failing(record, options):
        if record.doc_id == "national-0002":
            raise ValueError("boom on a worker")
        return real(record, options)

    monkeypatch.setattr(runner.workers, "document_tables", failing)
    local = run_corpus(inputs, tmp_path / "local", jobs=1, progress=False)
    client.run(exec, FAIL_ON_WORKERS, {})
    try:
        summary = run_corpus(inputs, tmp_path / "dask", client=client, progress=False)
    finally:
        client.run(exec, RESTORE_ON_WORKERS, {})
    assert summary.documents == 3 and summary.processed == 3
    problems = [str(p) for p in summary.problems]
    assert f"{inputs[0]}: row 2: pipeline failed (ValueError: boom on a worker)" in problems
    assert problems == [str(p) for p in local.problems] and len(problems) == 2  # and the broken line
    assert files(tmp_path / "dask") == files(tmp_path / "local")


def test_workers_with_other_versions_are_refused_before_anything_is_written(inputs, client, tmp_path):
    client.run(exec, OTHER_PANDAS_ON_WORKERS, {})
    try:
        with pytest.raises(InputError, match=r"runs pandas 0\.0\.0 \(here .*install the same versions"):
            run_corpus(inputs, tmp_path / "out", client=client, progress=False)
    finally:
        client.run(exec, RESTORE_PANDAS_ON_WORKERS, {})
    assert not (tmp_path / "out").exists()


def test_a_worker_joining_later_with_other_versions_stops_the_run(inputs, client, tmp_path, monkeypatch):
    # check_cluster saw the workers before they changed (as if this one joined later): each task checks again
    monkeypatch.setattr(runner.distributed, "check_cluster", lambda client, options: 2)
    client.run(exec, OTHER_PANDAS_ON_WORKERS + "import analysis.runner.distributed as m; m._CHECKED.clear()", {})
    try:
        with pytest.raises(InputError, match=r"a Dask worker runs pandas 0\.0\.0 \(here "):
            run_corpus(inputs, tmp_path / "out", client=client, progress=False)
    finally:
        client.run(exec, RESTORE_PANDAS_ON_WORKERS + "; import analysis.runner.distributed as m; m._CHECKED.clear()",
                   {})
    assert not list(tmp_path.glob("out/*.parquet"))  # stopped: no table; a rerun resumes


def test_a_document_dask_gave_up_on_is_a_dead_worker_as_locally():
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from distributed import KilledWorker

    class Killed(KilledWorker):  # its arguments differ between Dask versions
        def __init__(self):
            Exception.__init__(self, "process_document-1 was running on 3 workers that died")

        def __str__(self):
            return self.args[0]

    class Lost:  # a Dask future whose task killed its workers allowed-failures times
        def result(self):
            raise Killed()

    ours = Future()
    runner.distributed.DaskPool(client=None, options=runner.Options())._finish(ours, Lost())
    assert isinstance(ours.exception(), BrokenProcessPool)  # run_corpus: "worker process died (…)", a problem row
    assert "3 workers that died" in str(ours.exception())


def test_scheduler_without_dask_is_a_one_line_error(inputs, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # ``import distributed`` fails as if not installed
    out = tmp_path / "out"
    assert cli.main(["corpus", str(inputs[1]), "--out", str(out), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert capsys.readouterr().err == 'error: --scheduler: needs dask.distributed; pip install -e ".[dask]"\n'
    assert not out.exists()


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:{port}", "tpc://127.0.0.1:{port}"])
def test_scheduler_that_does_not_answer_is_a_one_line_error(address, inputs, tmp_path, monkeypatch, capsys):
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        address = address.format(port=s.getsockname()[1])
    monkeypatch.setattr(runner.distributed, "CONNECT_SECONDS", 2)
    out = tmp_path / "out"
    assert cli.main(["corpus", str(inputs[1]), "--out", str(out), "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: --scheduler: cannot connect to a Dask scheduler at {address} (")
    assert err.count("\n") == 1 and not out.exists()


def test_jobs_and_scheduler_together_are_refused(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["corpus", str(inputs[1]), "--out", str(out), "--jobs", "2", "--scheduler", "tcp://x:1"]) == 2
    assert capsys.readouterr().err.startswith("error: --jobs: ")
    assert not out.exists()
