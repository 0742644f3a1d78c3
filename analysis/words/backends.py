"""Segmenter settings and backends: jieba's reference Tokenizer, or rjieba (jieba-rs) with the same dictionary and identical tokens (see :mod:`analysis.words`)."""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys
from pathlib import Path

from analysis.lexicons import (
    LexiconError,
    file_sha256,
    lexicon_path,
)

from .rules import RE_NUMBER_TOKEN, RE_PROTECTED, RE_WORDLIKE

#: jieba's HMM flag, fixed for the whole package (see module docstring for why).
HMM = False

#: Packaged lexicons used by default.
DEFAULT_USERDICT = lexicon_path("userdict.tsv")

@functools.lru_cache(maxsize=1)
def quiet_jieba():
    """The ``jieba`` module, imported on first use and quieted: jieba logs its dictionary
    loading (cache path, timing) to stderr at DEBUG level, machine-dependent noise in CLI
    output and notebooks (only its own logger is touched, never its segmentation state).
    Imported only when needed: the import takes ~0.1 s (most of it ``pkg_resources``), and
    with the default backend (rjieba) nothing but the path of its ``dict.txt`` is needed."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba

def _jieba_dict_path() -> Path:
    """jieba's ``dict.txt``, found without importing jieba (``jieba.DEFAULT_DICT`` if it was
    imported and that was set)."""
    loaded = sys.modules.get("jieba")
    if loaded is not None and loaded.DEFAULT_DICT:
        return Path(loaded.DEFAULT_DICT)
    return jieba_package_dir() / "dict.txt"

def jieba_package_dir() -> Path:
    """The folder of the installed ``jieba`` package (where its ``dict.txt`` is)."""
    return Path(importlib.util.find_spec("jieba").origin).parent

def segmenter_settings(userdict: str | Path = DEFAULT_USERDICT, *, hmm: bool = HMM) -> dict:
    """Return the settings that determine segmentation, for recording next to outputs.

    >>> s = segmenter_settings()
    >>> s["library"], s["hmm"], len(s["userdict_sha256"])
    ('jieba', False, 64)
    """
    path = lexicon_path(userdict)
    return {
        "library": "jieba",
        "jieba_version": importlib.metadata.version("jieba"),  # = jieba.__version__, without the import
        "hmm": hmm,
        "dictionary": "jieba default dict.txt",
        "dictionary_sha256": file_sha256(_jieba_dict_path()),
        "userdict": path.name,
        "userdict_sha256": file_sha256(path),
        "rules": "analysis.words RE_PROTECTED, RE_NUMBER_TOKEN",
        "rules_sha256": hashlib.sha256(
            f"{RE_PROTECTED.pattern}\n{RE_NUMBER_TOKEN.pattern}\n{RE_WORDLIKE.pattern}".encode()
        ).hexdigest(),
    }

#: Settings of the default segmenter: jieba version, HMM flag, dictionary hashes.
SEGMENTER_SETTINGS = segmenter_settings()

#: Faster replacements for ``jieba.Tokenizer``, preferred first. Each is used only with
#: jieba's own dict.txt and HMM off, where it reproduces jieba's tokens exactly
#: (``benchmarks/verify_backends.py``); it changes speed, never a count.
FAST_BACKENDS = ("rjieba",)

class RjiebaTokenizer:
    """The part of ``jieba.Tokenizer``'s interface :class:`Segmenter` uses, over ``rjieba``
    (jieba-rs) with jieba's own dictionary file instead of the one rjieba bundles.

    >>> tk = RjiebaTokenizer(_jieba_dict_path()); tk.initialize()
    >>> tk.lcut("推进新型工业化", HMM=False)
    ['推进', '新型', '工业化']
    """

    #: Where jieba-rs ends a block of text it cuts (a wider CJK range than jieba's; no
    #: dictionary word has a character in the difference, so blocks are cut alike).
    re_han_default = re.compile(
        "([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0002FA1Fa-zA-Z0-9+#&._%\\-]+)"
    )

    def __init__(self, dictionary: str | Path):
        import rjieba

        self.dictionary = Path(dictionary)
        self._jieba = rjieba.Jieba.empty()  # not rjieba's bundled dictionary
        self._loaded = False

    def initialize(self) -> None:
        """Load the dictionary file (``word freq [tag]`` per line, as jieba reads it)."""
        if self._loaded:
            return
        add = self._jieba.add_word
        with open(self.dictionary, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                parts = line.split()
                if not parts:
                    continue
                if len(parts) < 2 or not parts[1].isdigit():
                    raise LexiconError(self.dictionary, n, "expected 'word freq [tag]'")
                add(parts[0], int(parts[1]), parts[2] if len(parts) > 2 else None)
        self._loaded = True

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        if freq is None:  # jieba-rs would guess it with other arithmetic than jieba
            raise ValueError(f"rjieba backend: {word!r} needs a frequency")
        self._jieba.add_word(word, freq, tag)

    def lcut(self, text: str, HMM: bool = False) -> list[str]:  # noqa: N803 (jieba's name)
        return self._jieba.cut(text, hmm=HMM)

    cut = lcut

def _backend_tokenizer(backend: str):
    """A fresh, uninitialised tokenizer of ``backend`` loading jieba's dict.txt."""
    if backend == "jieba":
        return quiet_jieba().Tokenizer()  # a private instance: never jieba.dt
    if backend == "rjieba":
        return RjiebaTokenizer(_jieba_dict_path())
    # same dictionary file as jieba's: a backend may ship a different dict.txt
    return importlib.import_module(backend).Tokenizer(str(_jieba_dict_path()))

def available_backends() -> list[str]:
    """Return the segmentation backends importable here, reference (``"jieba"``) first.

    >>> available_backends()[0]
    'jieba'
    """
    # found, not imported: importing rjieba loads its own bundled dictionary (~30 MiB), which
    # a process that never segments (the corpus runner's main process) should not carry
    return ["jieba", *(name for name in FAST_BACKENDS if importlib.util.find_spec(name) is not None)]

def default_backend() -> str:
    """Return the backend :class:`Segmenter` uses by default: ``$ANALYSIS_SEGMENTER_BACKEND``
    if set, else the first importable of :data:`FAST_BACKENDS`, else ``"jieba"``."""
    forced = os.environ.get("ANALYSIS_SEGMENTER_BACKEND")
    if forced:
        if forced not in ("jieba", *FAST_BACKENDS):
            raise ValueError(f"ANALYSIS_SEGMENTER_BACKEND must be one of jieba, {', '.join(FAST_BACKENDS)}")
        return forced
    found = available_backends()
    return found[1] if len(found) > 1 else "jieba"

def backend_info(backend: str) -> dict:
    """Return ``{"backend": name, "backend_version": version}`` for recording beside outputs."""
    from importlib import metadata

    dist = backend.replace("_", "-")
    try:
        version = metadata.version(dist)
    except metadata.PackageNotFoundError:
        version = None
    return {"backend": backend, "backend_version": version}

#: The backend of the default segmenter (speed only; tokens are those of SEGMENTER_SETTINGS).
SEGMENTER_BACKEND = backend_info(default_backend())
