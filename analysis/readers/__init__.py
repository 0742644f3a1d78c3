"""Reading: one reader for every file a researcher brings (:mod:`analysis.readers.source`),
with a module per format it takes apart — :mod:`~analysis.readers.webpage` (HTML, and
the page a saved web archive holds),
:mod:`~analysis.readers.word` (.docx) and :mod:`~analysis.readers.pdf`.
"""

from .source import (
    DOCUMENT_FORMATS,
    EXTENSION_FORMATS,
    MAX_FILE_BYTES,
    TABLE_FORMATS,
    Source,
    check_file,
    decode_bytes,
    detect_format,
    read_bytes,
    read_source,
    sniff_file,
    sniff_format,
    source_from_text,
)

__all__ = [
    "DOCUMENT_FORMATS", "EXTENSION_FORMATS", "MAX_FILE_BYTES", "TABLE_FORMATS", "Source", "check_file",
    "decode_bytes", "detect_format", "read_bytes", "read_source", "sniff_file", "sniff_format", "source_from_text",
]
