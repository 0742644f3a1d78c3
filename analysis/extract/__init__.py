"""Extraction: the facts a report states, each with its sentence and raw offsets.

- :mod:`~analysis.extract.numbers` — every numeric mention (``metrics``), read with the
  patterns of :mod:`~analysis.extract.number_patterns`, :mod:`~analysis.extract.units`
  (units, magnitudes, plausible ranges), :mod:`~analysis.extract.context` (kind, direction,
  subject, period, status; its cues and patterns in :mod:`~analysis.extract.clause_patterns`) and
  :mod:`~analysis.extract.mention` (the record they pass around);
- :mod:`~analysis.extract.targets` — the year's expected targets (主要预期目标);
- :mod:`~analysis.extract.outcomes` — last year's outcomes stated in the review.
"""
