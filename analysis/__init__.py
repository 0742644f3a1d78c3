"""analysis — computational analysis of Chinese government work reports (政府工作报告).

Small modules named by what they do: ``read`` (decode files), ``clean`` (cleaning steps with
provenance), ``structure`` (headings, paragraphs, sentences), ``pipeline`` (raw text →
:class:`~analysis.document.Document`), ``paths`` (where data lives), ``cli``.
"""

__version__ = "0.1.0"
