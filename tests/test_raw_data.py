"""data/raw/ is immutable: every file matches the SHA-256 manifest, and nothing else is there."""

from analysis import paths
from analysis.io import read_manifest, verify_manifest


def test_manifest_matches_raw_files():
    assert verify_manifest(paths.MANIFEST) == []


def test_manifest_lists_every_raw_file():
    listed = set(read_manifest(paths.MANIFEST))
    present = {
        p.relative_to(paths.RAW).as_posix()
        for p in paths.RAW.rglob("*")
        if p.is_file() and p.name not in {"MANIFEST.sha256", "SOURCES.md"}
    }
    assert present == listed


def test_seed_is_byte_identical_to_known_hash():
    # The hash of ../shared/seed/000_cb6fbbaf4fa429c2.txt as received (sha256sum, by hand).
    assert read_manifest(paths.MANIFEST)["seed/000_cb6fbbaf4fa429c2.txt"] == (
        "518b7af02f7269c5db64f07e2208ec3eede3650615f1ebeb43abccafae0e3cb2"
    )
