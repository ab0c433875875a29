"""One row model for score tables, whatever rendering the table came from.

A :class:`ScoreRow` is a table row seen as a score table's reader sees it: the row's index
(``๑``, ``1.``, ``ตัวชี้วัดที่ 1``), its label (the first cell with words), and its numbers,
each tagged with the column it stands in and what the column's heading says of it. Every
recogniser of scores in tables (indicators, the overall score) reads rows through this model,
so a new table layout is handled once.

Which number is the score. A row may hold several numbers: scores of two years, a target
(85), a distance to the target, a change (+/−), a benchmark (a provincial average), a weight.
The column, not the row, decides, from the table's header rows (the rows above its first row
with a number) and from the column's own values:

- a column whose heading names a target, change, benchmark, weight, tool, rank or page, or
  whose values carry a sign (+1.52), are all the same (85.00 on every row), are all at most 5
  (a rating scale's means) or stand on fewer than half of the rows (a tool's mean in a cell
  spanning its indicators) is not a score column;
- a heading with one year (BE, Common Era or "ปี 66") gives that column's scores that year;
- the remaining columns are score columns. One is read; several are read only when each has
  its own year (or, when the header is one cell, as a flat rendering gives it, that cell
  names as many years as there are score columns, in order). Otherwise the table
  is ambiguous: a ``MULTI_SCORE_ROW`` finding, and no number of it is read.

Rows after a page break: the reader marks a row that the geometry says may be the rest of
the row before it (``Row.continued``); :func:`continues_row_before` decides, knowing that a row
that starts a new entry of an ITA table (a number, an item code, "ตัวชี้วัด…", a tool) never is.

A number cell holds nothing but the number (optionally "คะแนน" or a sign), so a summary cell
such as "คะแนนต่ำสุด ๗๔.๐๐" is never a score, and no number inside a sentence is read. A score
has decimals (``98.89``) or stands in a column where most values have them (``100`` beside
``92.50``): a column of integers (page numbers, counts) holds no scores.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from extract.candidates import Provenance
from extract.model import BBox, Document, Page, Row, Table
from normalize.findings import Finding
from normalize.ita import SCORE_WORD, TOOLS
from normalize.numbers import parse_score, years_in
from normalize.text import THAI_DIGIT_RANGE, THAI_LETTERS, join_lines, thai_digits_to_arabic

_INDEX = re.compile(r"^(?:ตัว[ชข]ี[้่]?วัด\s*(?:ที่)?\s*)?(\d{1,2})\s*[.)]?$")
_NUMBER_CELL = re.compile(r"^(?:คะแนน\s*)?([+\-−–]\s*)?(\d{1,3}(?:\.\d{1,2})?)\s*(?:คะแนน|%)?$")
_WORDS = re.compile(rf"[A-Za-z{THAI_LETTERS}]{{2}}")
# Headings of columns that hold no score of this agency.
NOT_SCORE_HEADINGS = (
    "เป้าหมาย", "เกณฑ์", "ผลต่าง", "ส่วนต่าง", "เปลี่ยนแปลง", "เพิ่มขึ้น", "ลดลง", "เพิ่ม/ลด",
    "+/-", "+/−", "±", "สูงกว่า", "ต่ำกว่า", "น้ำหนัก", "ร้อยละ", "%", "ลำดับที่", "อันดับ",
    "หน้า", "จังหวัด", "ประเทศ", "ค่ากลาง", "ค่ามาตรฐาน", "กลุ่ม", "จำนวน", "แบบวัด",
    "เครื่องมือ",
)  # fmt: skip
# A column whose numbers are all at most this is a rating scale's means (satisfaction surveys
# rate 1–5), not ITA scores out of 100.
MAX_RATING = 5.0
# A score column has a number on at least this share of the table's data rows (a tool's mean
# in a cell spanning its indicators' rows stands on one row of several).
MIN_COLUMN_FILL = 0.5
# A column whose values are all one number on at least this many rows is a constant (a target).
MIN_ROWS_CONSTANT = 3


@dataclass(frozen=True, slots=True)
class Number:
    """A number of a row: its column (0-based cell index), as written, as a float, the
    year its column's heading gives (``None`` when the heading names none), and the box of
    its cell's text (PDF points; ``None`` without geometry)."""

    column: int
    raw: str
    value: float
    year_be: int | None
    box: BBox | None = None


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """A table row as a score table: index, label, the numbers of its score columns (those
    of other columns left out), and where it stands."""

    index: int | None
    label: str
    numbers: tuple[Number, ...]
    where: Provenance


@dataclass(frozen=True, slots=True)
class _Cells:
    row: Row
    cells: list[tuple[int, str]]  # (column, text) of the filled cells
    numbers: list[tuple[int, str, str]]  # (column, sign, digits) of the number cells
    boxes: dict[int, BBox | None]  # column → the box of the cell's text, else of the cell


def cell_text(text: str) -> str:
    """A cell's text as one line with Arabic digits."""
    return thai_digits_to_arabic(join_lines(text)).strip()


# A line between two parts of a table that is only page furniture: a page number ("หน้า 2",
# "- 3 -", "2/5").
_PAGE_FURNITURE = re.compile(
    r"^[\s\-–—]*(?:หน้า|page)?\s*[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?[\s\-–—]*$", re.I
)


def tables_in_order(doc: Document) -> Iterator[tuple[Page, Table, Table | None]]:
    """Every table of ``doc`` with its page and the table it may continue: the table just
    before it when nothing but page furniture (page numbers) stands between them, else
    ``None`` (a caption or a paragraph between two tables makes the second a table of its
    own, whose headings are not the first's)."""
    before: Table | None = None
    for page in doc.pages:
        for block in page.blocks:
            if isinstance(block, Table):
                yield page, block, before
                before = block
            elif block.text.strip() and not _PAGE_FURNITURE.match(block.text):
                before = None


# The first cell of a row that starts a new entry of an ITA table: a number ("๔", "1.2"), an
# item code ("i3", "o 12"), "ตัวชี้วัด…", a tool's name.
_NEW_ROW_START = re.compile(
    rf"^(?:[iIeEoO]?\s*[0-9{THAI_DIGIT_RANGE}]{{1,3}}(?:[.)][0-9{THAI_DIGIT_RANGE}]{{0,2}})*\s*(?:\s|$)"
    rf"|ตัวชี้วัด|{'|'.join(TOOLS)})"
)


def continues_row_before(row: Row) -> bool:
    """Whether ``row``, the first row after a page break, is the rest of the row before it:
    the reader found that its cells continue full cells (``Row.continued``, geometry only),
    and its first cell does not start a new entry (a number, an item code, "ตัวชี้วัด…", a
    tool: a numbered row never continues one)."""
    return row.continued and not _NEW_ROW_START.match(row.cells[0].text)


def is_number_cell(text: str) -> bool:
    """Whether a cell holds nothing but a number (see the module docstring)."""
    return bool(_NUMBER_CELL.match(cell_text(text)))


def _cells(row: Row, width: int) -> _Cells:
    """The filled cells of ``row`` in the table's columns: a row with numbers but fewer cells
    than the table's ``width`` is aligned to the right (a merged cell spans the index and the
    label, a total row's label spans both), as score columns stand on the right; rows without
    numbers (headings) stay on the left."""
    has_numbers = any(is_number_cell(c.text) for c in row.cells)
    shift = max(0, width - len(row.cells)) if has_numbers else 0
    cells = [(j + shift, t) for j, c in enumerate(row.cells) if (t := cell_text(c.text))]
    numbers = []
    for j, t in cells:
        if m := _NUMBER_CELL.match(t):
            numbers.append((j, (m.group(1) or "").strip(), m.group(2)))
    boxes = {j + shift: c.ink or c.bbox for j, c in enumerate(row.cells)}
    return _Cells(row, cells, numbers, boxes)


def score_rows(
    table: Table, page: int | None, before: Table | None = None
) -> tuple[list[ScoreRow], list[Finding]]:
    """The rows of ``table`` that hold a label and numbers, with only their score columns'
    numbers (module docstring), and a ``MULTI_SCORE_ROW`` finding when the table's score
    columns cannot be told apart.

    Args:
        table: any table of the document model.
        page: the page the table stands on (``None`` for text files); a row's own page wins.
        before: the table before it in the document. A table without header rows whose rows
            have as many cells as ``before``'s continues it (a table split over a page break
            or a heading, its header not repeated) and takes its headings.

    Returns:
        (rows, findings). Rows keep the table's order; a row whose numbers all stand in
        columns that are not score columns has ``numbers == ()``.
    """
    parsed = _parsed(table)
    first_data = next((i for i, p in enumerate(parsed) if _data_row(p)), None)
    if first_data is None:
        return [], []
    header = parsed[:first_data]
    data = [p for p in parsed[first_data:] if _data_row(p)]
    if not header and before is not None and _continues(table, before):
        header = _header_of(before)
    columns = sorted({j for p in data for j, _s, _d in _index_free(p)})
    headings = {j: " ".join(t for p in header for k, t in p.cells if k == j) for j in columns}
    score_cols = [j for j in columns if _score_column(j, headings[j], data)]
    if any(_mixed_signs(j, data) for j in columns):
        score_cols = []  # rows out of line with each other: no column can be trusted
    years = {j: _one_year(headings[j]) for j in score_cols}
    findings: list[Finding] = []
    if len(score_cols) > 1 and not _distinct_years(years):
        all_years = years_in(" ".join(t for p in header for _k, t in p.cells))
        flat = all(len(p.cells) <= 1 for p in header)  # a flat rendering lost the columns
        if flat and len(all_years) == len(score_cols) and len(set(all_years)) == len(all_years):
            years = dict(zip(score_cols, all_years, strict=True))
        else:
            first = data[0].row
            findings.append(
                Finding(
                    "info",
                    "MULTI_SCORE_ROW",
                    f"table with {len(score_cols)} score columns whose years are not given "
                    "(two years side by side, or a score and a comparison): not read",
                    first.page if first.page is not None else page,
                    first.number,
                )
            )
            score_cols = []
    out = []
    for p in data:
        index, label = _index_and_label(p)
        if label is None:
            continue
        nums = tuple(
            Number(j, d, value, years.get(j), p.boxes.get(j))
            for j, sign, d in _index_free(p)
            if j in score_cols and not sign and (value := parse_score(d)) is not None
        )
        where = Provenance.of_row(p.row, page)
        out.append(ScoreRow(index, label, nums, where))
    return out, findings


def _width(table: Table) -> int:
    """The table's width: the number of cells most rows with numbers have."""
    counts = Counter(
        len(r.cells) for r in table.rows if any(is_number_cell(c.text) for c in r.cells)
    )
    return counts.most_common(1)[0][0] if counts else 0


def _parsed(table: Table) -> list[_Cells]:
    """Every row of ``table`` in the table's columns (see ``_cells``)."""
    width = _width(table)
    return [_cells(r, width) for r in table.rows]


def _continues(table: Table, before: Table) -> bool:
    """Whether ``table`` (no header) can continue ``before``: rows of the same width."""
    widths = Counter(len(r.cells) for r in before.rows)
    return bool(widths) and widths.most_common(1)[0][0] == _width(table)


def _header_of(table: Table) -> list[_Cells]:
    """The header rows of ``table`` (the rows above its first data row; all of them when it
    has none, as a header cut off by a page break)."""
    parsed = _parsed(table)
    first = next((i for i, p in enumerate(parsed) if _data_row(p)), len(parsed))
    return parsed[:first]


def _data_row(p: _Cells) -> bool:
    """A row with a number cell besides its index: a data row."""
    return bool(_index_free(p))


def _index_free(p: _Cells) -> list[tuple[int, str, str]]:
    """The row's number cells without the index cell (the first filled cell, when it is a
    whole number of one or two digits and other cells follow)."""
    if p.cells and len(p.cells) > 1 and _INDEX.match(p.cells[0][1]):
        return [n for n in p.numbers if n[0] != p.cells[0][0]]
    return p.numbers


def _index_and_label(p: _Cells) -> tuple[int | None, str | None]:
    """The row's index and label. The label is the last cell with words before the row's
    first number (a tool's name spanning the rows may stand before it), else the first cell
    with words after it (a score-first table); the index is a whole number cell standing just
    before the label, or the first cell of the row."""
    number_cols = {j for j, _s, _d in _index_free(p)}
    decimal_cols = {j for j, _s, d in _index_free(p) if not _INDEX.match(d)}
    first_number = min(decimal_cols or number_cols, default=0)
    words = [
        (k, j, t) for k, (j, t) in enumerate(p.cells) if j not in number_cols and _WORDS.search(t)
    ]
    before = [w for w in words if w[1] < first_number]
    chosen = before[-1] if before else (words[0] if words else None)
    if chosen is None:
        return None, None
    k, _j, label = chosen
    index = None
    for candidate in (p.cells[k - 1][1] if k > 0 else None, p.cells[0][1]):
        if candidate is not None and (m := _INDEX.match(candidate)):
            index = int(m.group(1))
            break
    return index, label


def _score_column(column: int, heading: str, data: list[_Cells]) -> bool:
    if any(w in heading for w in NOT_SCORE_HEADINGS):
        return False
    values = [(s, d) for p in data for j, s, d in _index_free(p) if j == column]
    if len(values) < MIN_COLUMN_FILL * len(data):
        return False
    if any(s for s, _d in values):
        return False  # a change: +1.52
    with_decimals = sum(1 for _s, d in values if "." in d)
    if with_decimals * 2 < len(values) and SCORE_WORD not in heading:
        return False  # integers: page numbers, counts
    distinct = {float(d) for _s, d in values}
    if max(distinct) <= MAX_RATING:
        return False  # means on a rating scale (1–5), not scores out of 100
    return not (len(values) >= MIN_ROWS_CONSTANT and len(distinct) == 1)


def _mixed_signs(column: int, data: list[_Cells]) -> bool:
    """A column with signed (+1.52) and unsigned numbers: its rows are not in line."""
    signs = {bool(s) for p in data for j, s, _d in _index_free(p) if j == column}
    return len(signs) > 1


def _one_year(heading: str) -> int | None:
    years = set(years_in(heading))
    return years.pop() if len(years) == 1 else None


def _distinct_years(years: dict[int, int | None]) -> bool:
    values = list(years.values())
    return None not in values and len(set(values)) == len(values)
