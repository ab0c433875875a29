"""The records the resolver writes: one typed row per line of an output table, without the
document's keys (``doc_id``, ``source_path``), which ``pipeline.DocumentResult`` holds once
for all its rows. ``ita_extract.tables`` declares each table's columns; a test checks that
they are the keys followed by these fields, in order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class IndicatorRecord:
    """One row of indicator_scores.csv (without doc_id and source_path): score 0–100, years
    BE, ``method`` how it was read (table, prose, ocr+…), page and line 1-based."""

    assessment_year_be: int | None
    indicator_no: int
    indicator_name: str
    indicator_name_en: str
    tool: str
    score: float
    raw_label: str
    match_score: float
    method: str
    page: int | None
    line: int | None


@dataclass(slots=True)
class ItemRecord:
    """One row of item_scores.csv (without doc_id and source_path): item code i/e/o + number,
    score 0–100, page and line 1-based."""

    assessment_year_be: int | None
    tool: str
    indicator_no: int | None
    item_code: str
    respondent_group: str | None
    item_text: str
    score: float
    raw_code: str
    page: int | None
    line: int | None
