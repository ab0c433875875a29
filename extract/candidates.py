"""What recognisers produce: candidate facts with provenance (their findings are
``normalize.findings.Finding``).

A candidate is one reading of one fact at one place in the document. The resolver
(``ita_extract.resolve``) chooses between candidates; recognisers never do.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value was read: 1-based page (``None`` for text files), 1-based line on that
    page (or in the file), and how (``table`` or ``prose``)."""

    page: int | None
    line: int | None
    method: str


@dataclass(frozen=True, slots=True)
class IndicatorCandidate:
    """One reading of an indicator score.

    ``score`` is on the 0–100 scale as written (not yet range-checked); ``raw_label`` is the
    label as found; ``match_score`` the label's similarity to the canonical name (0–100);
    ``year_be`` the assessment year the document gives this score (its column's heading, its
    sentence), ``None`` when it gives none: the resolver drops scores of other years.
    """

    number: int
    score: float
    raw_label: str
    raw_value: str
    match_score: float
    where: Provenance
    year_be: int | None = None


@dataclass(frozen=True, slots=True)
class FieldCandidate:
    """One reading of a document-level field (``overall_score``, ``stated_level``,
    ``assessment_year_be``, …) with the text it was read from; ``year_be`` is the assessment
    year the document gives the value (as for IndicatorCandidate), ``None`` when it gives
    none."""

    field: str
    value: float | int | str
    raw: str
    where: Provenance
    year_be: int | None = None
