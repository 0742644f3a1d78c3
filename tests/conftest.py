"""Shared fixtures: the shipped raw data, processed once per test session."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.corpus import iter_records
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
