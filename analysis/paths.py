"""Where the project's data lives. Every other module and notebook asks here.

The project root is the folder that holds ``data/``: the parent of this package in a source
checkout (``pip install -e .``), or ``$ANALYSIS_ROOT`` if set.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("ANALYSIS_ROOT", Path(__file__).resolve().parents[1]))
DATA = ROOT / "data"
RAW = DATA / "raw"  # immutable inputs, byte for byte as received
PROCESSED = DATA / "processed"  # everything `python -m analysis build` writes
FIGURES = ROOT / "figures"
MANIFEST = RAW / "MANIFEST.sha256"  # sha256sum format: "<hash>  <path relative to RAW>"
PACKAGE_DATA = Path(__file__).resolve().parent / "data"  # lexicons shipped with the package
