"""Shared fixtures: the shipped raw data, processed once per test session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property-based tests (hypothesis): the "ci" profile, the default, draws the same examples on
# every run (derandomize) and few of them, so the suite stays fast and never flaky; it stores
# nothing on disk. HYPOTHESIS_PROFILE=explore draws many more, at random, for looking for bugs.
settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None, database=None,
                          print_blob=True)
settings.register_profile("explore", max_examples=2_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from analysis import paths
from analysis.readers.records import iter_records
from analysis.pipeline import process_file, process_text

SEED = paths.RAW / "seed" / "000_cb6fbbaf4fa429c2.txt"
PROVINCIAL = sorted((paths.RAW / "provincial-2026").glob("*.csv"))
NATIONAL = paths.RAW / "national" / "government_work_reports.jsonl"


@pytest.fixture(scope="session")
def seed_doc():
    return process_file(SEED)


@pytest.fixture(scope="session")
def provincial_docs():
    docs = {}
    for path in PROVINCIAL:
        for doc_id, text, meta in iter_records(path):
            docs[path.name] = process_text(text, doc_id, meta)
    return docs


@pytest.fixture(scope="session")
def national_records():
    return list(iter_records(NATIONAL))


@pytest.fixture(scope="session")
def national_text(national_records):
    """year → the text of that year's national report (not the NPC's resolution on it)."""
    texts: dict = {}
    for _, text, meta in national_records:
        if meta["kind"] == "report":
            texts.setdefault(meta["year"], text)
    return texts.__getitem__


@pytest.fixture(scope="session")
def seed_tokens(seed_doc):
    from analysis.words import tokens

    return tokens(seed_doc)

@pytest.fixture
def lock_folder(monkeypatch):
    """``lock_folder(folder, "search")`` takes away search permission (the folder is listed,
    its files cannot be reached); ``lock_folder(folder, "list")`` takes away every permission
    (it cannot be listed). Set on the folder for real; where the tests run as root, which
    permissions do not stop, the same errors are raised from ``os.stat``/``os.scandir``."""
    import errno
    import stat as stat_module

    locked = []
    real_stat, real_scandir = os.stat, os.scandir

    def lock(folder, what):
        folder = folder.resolve()
        folder.chmod(stat_module.S_IRUSR | stat_module.S_IWUSR if what == "search" else 0)
        locked.append(folder)
        if os.geteuid() != 0:
            return

        def fake_stat(path, *args, **kwargs):
            if os.path.realpath(os.path.dirname(os.path.abspath(os.fspath(path)))) == str(folder):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real_stat(path, *args, **kwargs)

        def fake_scandir(path="."):
            if os.path.realpath(os.fspath(path)) == str(folder):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "stat", fake_stat)
        if what == "list":
            monkeypatch.setattr(os, "scandir", fake_scandir)

    yield lock
    monkeypatch.undo()
    for folder in locked:
        folder.chmod(0o755)


# The sampler of the blind annotation set documents how it was made; it is not a test module.
collect_ignore_glob = ["annotations/*.py"]
