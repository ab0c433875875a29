"""What recognisers produce: candidate facts with provenance (their findings are
``normalize.findings.Finding``).

A candidate is one reading of one fact at one place in the document. The resolver
(``ita_extract.resolve``) chooses between candidates; recognisers never do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from extract.model import BBox, Cell, Line, Row

# Boxes are written to 0.01 pt (a glyph is some 5–10 pt wide; a pixel at the OCR's 200 dpi is
# 0.36 pt): finer digits would only be noise in the tables.
BOX_DECIMALS = 2


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value was read: 1-based page (``None`` for text files), 1-based line on that
    page (or in the file), how (``table`` or ``prose``), and the box it was read from
    (:data:`extract.model.BBox`, PDF points, origin top-left; ``None`` where the reader gives
    no geometry: text and web pages). The box is the smallest the recogniser knows: the score's
    cell, else the table row, else the prose line."""

    page: int | None
    line: int | None
    method: str
    box: BBox | None = None

    def box_fields(self) -> dict[str, float | None]:
        """The box as the output tables' columns ``x0, y0, x1, y1`` (PDF points, origin
        top-left, to 0.01 pt; all ``None`` without a box)."""
        names = ("x0", "y0", "x1", "y1")
        if self.box is None:
            return dict.fromkeys(names)
        return {n: round(v, BOX_DECIMALS) for n, v in zip(names, self.box, strict=True)}

    @classmethod
    def of_row(cls, row: Row, page: int | None, method: str = "table") -> Provenance:
        """A value read from table row ``row`` of page ``page`` (the row's own page wins: a
        table joined across a page break has rows on several pages), with the row's box."""
        return cls(row.page if row.page is not None else page, row.number, method, row.bbox)

    @classmethod
    def of_cell(cls, row: Row, cell: Cell | None, page: int | None) -> Provenance:
        """A value read from ``cell`` of table row ``row`` (as :meth:`of_row`), with the box
        of the cell's text, else of the cell, else of the row."""
        where = cls.of_row(row, page)
        box = (cell.ink or cell.bbox) if cell is not None else None
        return where if box is None else replace(where, box=box)

    @classmethod
    def of_line(cls, line: Line, page: int | None, method: str = "prose") -> Provenance:
        """A value read from prose line ``line`` of page ``page``, with the line's box."""
        return cls(page, line.number, method, line.bbox)


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
