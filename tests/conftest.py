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
def seed_tokens(seed_doc):
    from analysis.words import tokens

    return tokens(seed_doc)

# The sampler of the blind annotation set documents how it was made; it is not a test module.
collect_ignore_glob = ["annotations/*.py"]
