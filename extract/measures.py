"""Recogniser for measures (มาตรการ) and improvement actions from the tables that list them.

A table is a measures table when its header names a title column and at least one of:
actions, period, responsible, or a status column. Column roles come from header words
(``COLUMN_WORDS``); a second header row under a merged "ผลการดำเนินการ" cell names the status
columns (ดำเนินการแล้ว / อยู่ระหว่างดำเนินการ / ยังไม่ดำเนินการ).

The title is the title column's text; when that column only names the indicator a row
addresses ("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ คะแนน 90.28") and the next column starts with a
measure's name before its numbered steps ("มาตรการจัดทำคู่มือ… ๑. จัดทำ… ๒. …"), that name.

``table_kind`` is ``improvement`` when the title column is headed ประเด็น… / ข้อบกพร่อง /
จุดอ่อน / ตัวชี้วัด (weaknesses found and the way to address them), else ``measure``
(มาตรการ/โครงการ/กิจกรรม).

Rows across page breaks and wrapped rows:
- a table that follows another with the same header and nothing but page furniture between
  them (a page number) continues it (text files repeat the header on every page); repeated
  header rows are not rows;
- a row whose leading cells (up to the title) are empty continues the row before it;
- a row continues the row before it when its title does not start a new numbered measure
  (or a "ตัวชี้วัดที่ N", or a measure's kind: มาตรการ, กิจกรรม, โครงการ) and its number
  column is empty although the measures are numbered: the first row after a page break
  ("๓.สร้างการรับรู้ …" then "ใช้จ่าย งบประมาณ …" on the next page), and any row of a table
  whose rows begin with "ตัวชี้วัดที่ N" (a text table whose indicator cells wrap on every
  line, so that the reader cannot tell where a row begins);
- the first row after a break continues the row before it when the PDF reader found that
  its cells continue full cells and it starts no new entry
  (``extract.rows.continues_row_before``) in a table whose titles are not numbered, or when
  it has no responsible, period or status although the row before has;
- a table without a header right after a measures table (nothing but page furniture
  between: short lines) continues it when its rows are as wide as the header; a table whose
  first row is only status words is the status sub-header cut off from the table before
  (``_spread``).

Status, in this order: the status columns (exactly one holding content other than "-" or
advice — text with "ควร", "should", is a recommendation, not a result; when several hold
content, the one whose text names its own status, else ``unknown`` and
``MEASURE_STATUS_AMBIGUOUS``), a ticked checkbox label in any cell, a status column of words,
a result cell that is a status phrase or opens with one and says nothing partial
(``normalize.status.result_status``: "แล้วเสร็จ - มีระบบบัตรคิว…");
otherwise ``unknown`` — a plan with no status information is not ``done``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.candidates import Provenance
from extract.model import Document, Line, Row, Table
from extract.rows import continues_row_before
from normalize.dates import parse_period
from normalize.findings import Finding
from normalize.ita import INDICATOR_BY_NUMBER, TOOLS
from normalize.status import (
    MAX_STATUS_PHRASE,
    has_mark,
    is_advice,
    is_empty_mark,
    is_tick,
    result_status,
    status_of_words,
    ticked_status,
)
from normalize.text import compact, join_lines, strip_bullets, thai_digits_to_arabic

# Header words → column role, tried in this order on the header text without spaces. Status
# words come first: "ผลการดำเนินการ อยู่ระหว่างดำเนินการ" is a status column, not a result one.
COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("ยังไม่", "status_not_started"),
    ("อยู่ระหว่าง", "status_in_progress"),
    ("ดำเนินการแล้ว", "status_done"),
    ("แล้วเสร็จ", "status_done"),
    ("สถานะ", "status_words"),
    ("ลำดับ", "number"),
    ("ผู้รับผิดชอบ", "responsible"),
    ("ระยะเวลา", "period"),
    ("ขั้นตอน", "actions"),
    ("วิธี", "actions"),
    ("แนวทาง", "actions"),  # "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ" is the way, not analysis
    ("วิเคราะห์", "analysis"),
    ("ข้อเสนอแนะ", "other"),
    ("หมายเหตุ", "other"),
    ("ประเด็น", "title"),
    ("ข้อบกพร่อง", "title"),
    ("ตัวชี้วัด", "title"),
    ("มาตรการ", "title"),
    ("โครงการ", "title"),
    ("กิจกรรม", "title"),
    ("ผล", "result"),
    ("ความก้าวหน้า", "result"),
    ("output", "result"),
    ("outcome", "result"),
)
# Whole header texts (without spaces) of a number column: "ที่" is too short to find inside
# other headers ("ที่มา", "ตัวชี้วัดที่").
NUMBER_HEADERS = frozenset({"ที่", "ข้อ", "no.", "no"})
IMPROVEMENT_TITLE_WORDS = ("ประเด็น", "ข้อบกพร่อง", "จุดอ่อน", "ตัวชี้วัด")
STATUS_ROLES = {
    "status_done": "done",
    "status_in_progress": "in_progress",
    "status_not_started": "not_started",
}
_MEASURE_NO = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*")
# A title that opens with a kind of measure starts one, numbered or not (OCR loses numbers).
_MEASURE_WORD = re.compile(r"^\s*(?:มาตรการ|กิจกรรม|โครงการ)")
_DIGIT = re.compile(r"[0-9๐-๙]")
_NUMBER_CELL = re.compile(r"^\s*(\d{1,3})\s*\.?\s*$")
_INDICATOR = re.compile(r"ตัวชี้วัด\s*ที่\s*(\d{1,2})(?![\d.])")
_SECTION_TOOL = re.compile(rf"ด้าน\s*({'|'.join(TOOLS)})")


@dataclass(frozen=True, slots=True)
class MeasureRecord:
    """One row of measures.csv (without doc_id and source_path); ``method``: table (as read)
    or corrected (by a corrections file, ``ita_extract.corrections``); page and line 1-based
    of the measure's first row, and that row's box (``x0, y0, x1, y1``: PDF points, origin
    top-left; ``None`` for text)."""

    table_kind: str
    measure_no: int | None
    title: str
    indicator_no: int | None
    tool: str | None
    actions: str
    period_text: str
    period_start: str | None
    period_end: str | None
    responsible: str
    status: str
    result_text: str
    method: str
    page: int | None
    line: int | None
    x0: float | None = None
    y0: float | None = None
    x1: float | None = None
    y1: float | None = None


@dataclass(slots=True)
class _Logical:
    """A measures table, possibly continued over several tables and pages."""

    header: list[str]
    roles: list[str]
    kind: str
    tool: str | None
    indicator: int | None
    entries: list[_Entry] = field(default_factory=list)
    numbered: bool = False
    by_indicator: bool = False  # its first row's title names an indicator ("ตัวชี้วัดที่ 1 …")


@dataclass(slots=True)
class _Entry:
    texts: list[str]
    row: Row
    page: int | None


def recognise_measures(doc: Document) -> tuple[list[MeasureRecord], list[Finding]]:
    """All measures of the document in reading order, and the findings about them."""
    tables: list[_Logical] = []
    current: _Logical | None = None
    prose: list[str] = []
    section: tuple[str | None, int | None] = (None, None)
    for page in doc.pages:
        for block in page.blocks:
            if isinstance(block, Line):
                prose.append(thai_digits_to_arabic(block.text))
                continue
            section = _section(prose, section)
            header, body = _split_header(block)
            if current is not None and not prose and (spread := _spread(current, block)):
                header, body = spread  # status sub-header cut off from its table
                current.header, current.roles = header, _roles(header)
                _add_rows(current, body, page.number, after_break=False)
                prose = []
                continue
            roles = _roles(header)
            is_measures = bool(roles)
            if (
                current is not None
                and current.entries
                and not is_measures
                and _only_page_furniture(prose)
                and len(block.rows[0].cells) == len(current.header)
            ):
                # a table continued on the next page without its header
                _add_rows(current, list(block.rows), page.number, after_break=True)
                prose = []
                continue
            if (
                current is not None
                and _only_page_furniture(prose)
                and is_measures
                and _same_header(header, current.header)
            ):
                _add_rows(current, body, page.number, after_break=True)
            elif is_measures:
                current = _Logical(header, roles, _kind(header, roles), *section)
                tables.append(current)
                _add_rows(current, body, page.number, after_break=False)
            else:
                current = None
            prose = []
    records: list[MeasureRecord] = []
    findings: list[Finding] = []
    for table in tables:
        for entry in table.entries:
            records.append(_record(table, entry, findings))
    return records, findings


def _section(
    prose: list[str], previous: tuple[str | None, int | None]
) -> tuple[str | None, int | None]:
    """(tool, indicator) named by the last "ด้าน IIT/EIT/OIT … ตัวชี้วัดที่ N" in the prose
    before a table; the previous section goes on until a new one or a new report part
    (a line that starts with "รายงาน")."""
    text = " ".join(prose)
    matches = list(_SECTION_TOOL.finditer(text))
    if matches:
        last = matches[-1]
        number = _INDICATOR.search(text, last.end())
        indicator = int(number.group(1)) if number else None
        if indicator is not None and indicator not in INDICATOR_BY_NUMBER:
            indicator = None
        return last.group(1), indicator
    if any(line.lstrip().startswith("รายงาน") for line in prose):
        return None, None
    return previous


def _split_header(table: Table) -> tuple[list[str], list[Row]]:
    """Header texts per column and the body rows.

    The header is the first row, extended by the rows that complete it: the rest of a header
    cut by a page break (``extract.rows.continues_row_before``), and a second header row
    under a merged cell that names the status columns (its first cell empty, status words in
    it).
    """
    rows = list(table.rows)
    if not rows:
        return [], []
    header = [c.text for c in rows[0].cells]
    i = 1
    while i < len(rows):
        row = rows[i]
        sub = not row.cells[0].text and _status_words_only(row)

        if not (continues_row_before(row) or sub):
            break
        texts = [c.text for c in row.cells]
        width = max(len(header), len(texts))
        header += [""] * (width - len(header))
        texts += [""] * (width - len(texts))
        glue = " " if sub else "\n"
        header = [glue.join(x for x in (a, b) if x) for a, b in zip(header, texts, strict=True)]
        i += 1
    return [join_lines(h) for h in header], rows[i:]


def _status_words_only(row: Row) -> bool:
    """Whether a row names status columns and nothing else: two or more filled cells, all
    short status phrases without tick marks (a body row whose result cell reads
    "☑ ดำเนินการแล้ว", or a leftover "แล้วเสร็จ" under a repeated header, is a row, not a
    sub-header)."""
    filled = [c.text for c in row.cells if c.text.strip()]
    return len(filled) >= 2 and all(
        len(compact(t)) <= MAX_STATUS_PHRASE and status_of_words(t) and not has_mark(t)
        for t in filled
    )


# Prose between two parts of a table that is only page furniture (a page number, a running
# header): lines at most this long.
FURNITURE_MAX_CHARS = 40


def _only_page_furniture(prose: list[str]) -> bool:
    return all(len(line.strip()) <= FURNITURE_MAX_CHARS for line in prose)


def _spread(current: _Logical, table: Table) -> tuple[list[str], list[Row]] | None:
    """A table whose first row is only status words ("ดำเนินการแล้ว", "ยังไม่ดำเนินการ") right
    after a measures table whose rows it holds: the sub-header of the status columns under the
    merged result cell of ``current``'s header, which the PDF reader found as a table of its
    own. Returns the header spread over the status columns (the merged cell replaced by
    them, so that it is as wide as the rows) and the rows, or ``None``."""
    if not table.rows or current.entries:
        return None
    sub = [c.text for c in table.rows[0].cells if c.text.strip()]
    if len(sub) < 2 or not all(status_of_words(t) for t in sub):
        return None
    body = list(table.rows[1:])
    widths = [len(r.cells) for r in body]
    if not widths:
        return None
    width = max(set(widths), key=widths.count)
    for j, role in enumerate(current.roles):
        spread = [*current.header[:j], *sub, *current.header[j + 1 :]]
        if role in ("result", "status_words", "other") and len(spread) == width:
            return spread, body
    return None


def _roles(header: list[str]) -> list[str]:
    """Each column's role by its header words; ``[]`` when the table is not a measures table
    (no title column, or none of actions, period, responsible, status)."""
    roles = []
    for text in header:
        key = compact(text).lower()
        if key in NUMBER_HEADERS:
            roles.append("number")
            continue
        roles.append(next((role for word, role in COLUMN_WORDS if word in key), "other"))
    details = {"actions", "period", "responsible", "status_words", *STATUS_ROLES}
    if "title" not in roles or not details & set(roles):
        return []
    first = roles.index("title")  # a second title-like column (003's "มาตรการ") holds actions
    return [r if r != "title" or i == first else "actions" for i, r in enumerate(roles)]


def _kind(header: list[str], roles: list[str]) -> str:
    title = compact(header[roles.index("title")])
    return "improvement" if any(w in title for w in IMPROVEMENT_TITLE_WORDS) else "measure"


def _same_header(a: list[str], b: list[str]) -> bool:
    return [compact(x) for x in a] == [compact(x) for x in b]


def _add_rows(table: _Logical, rows: list[Row], page: int | None, after_break: bool) -> None:
    title_at = table.roles.index("title")
    previous_page = table.entries[-1].page if table.entries else page
    for i, row in enumerate(rows):
        texts = _align(row, table)
        if not any(t.strip() for t in texts):
            continue
        if _same_header(texts, table.header):
            continue  # a repeated header
        row_page = row.page if row.page is not None else page
        continued = continues_row_before(row)
        broke = (after_break and i == 0) or row_page != previous_page or continued
        previous_page = row_page
        leading_empty = not any(texts[: title_at + 1])
        title = thai_digits_to_arabic(texts[title_at])
        by_indicator = bool(_INDICATOR.match(title.lstrip()))
        starts_numbered = (
            bool(_MEASURE_NO.match(title)) or by_indicator or _has_number(texts, table)
        )
        starts = starts_numbered or bool(_MEASURE_WORD.match(title))
        continues = table.entries and (
            leading_empty
            or (broke and table.numbered and not starts)
            # a text table whose indicator cells wrap on every line: no row but one that names
            # an indicator (or a kind of measure, or has a number) starts one
            or (table.by_indicator and not starts)
            or (continued and not table.numbered)
            or (
                broke
                and _details(texts, table) == 0
                and _details(table.entries[-1].texts, table) > 0
            )
        )
        if continues:
            last = table.entries[-1]
            pairs = zip(last.texts, texts, strict=False)
            last.texts = ["\n".join(x for x in (a, b) if x) for a, b in pairs]
            continue
        table.numbered = table.numbered or starts_numbered
        table.by_indicator = table.by_indicator or (by_indicator and not table.entries)
        table.entries.append(_Entry(texts, row, row_page))


_DETAIL_ROLES = frozenset({"responsible", "period", "status_words", *STATUS_ROLES})


def _details(texts: list[str], table: _Logical) -> int:
    """How many of a row's responsible, period and status cells hold text."""
    roles = table.roles
    return sum(1 for t, r in zip(texts, roles, strict=False) if r in _DETAIL_ROLES and t.strip())


def _has_number(texts: list[str], table: _Logical) -> bool:
    """Whether the row's number column holds a number ("3", "๖", "1.1"): a row of its own."""
    return "number" in table.roles and bool(_DIGIT.search(texts[table.roles.index("number")]))


def _align(row: Row, table: _Logical) -> list[str]:
    """The row's texts, one per header column (positional; extra cells join the last)."""
    width = len(table.header)
    texts = [c.text for c in row.cells[:width]]
    texts += [""] * (width - len(texts))
    extra = [c.text for c in row.cells[width:] if c.text]
    if extra:
        texts[-1] = "\n".join([texts[-1], *extra]).strip()
    return texts


def _column(table: _Logical, entry: _Entry, role: str) -> list[str]:
    return [
        join_lines(t) for t, r in zip(entry.texts, table.roles, strict=False) if r == role and t
    ]


# A measure's name at the start of a cell, before its numbered steps:
# "มาตรการจัดทำคู่มือมาตรฐานการปฏิบัติงาน ๑. จัดทำคู่มือ… ๒. ประชุม…".
_NAMED_MEASURE = re.compile(r"^\s*((?:มาตรการ|กิจกรรม|โครงการ)\S.*?)\s+(?:1|๑)\s*[.)]\s*\S")


def _measure_named_in_actions(table: _Logical, entry: _Entry, title: str) -> str | None:
    """The measure's own name when the title column only names the indicator it addresses
    ("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ คะแนน 90.28") and the next column starts with a measure's
    name followed by its numbered steps; else ``None`` (the title column is the title)."""
    if not _INDICATOR.search(thai_digits_to_arabic(title)) or not title.startswith("ตัวชี้วัด"):
        return None
    at = table.roles.index("title") + 1
    if at >= len(entry.texts):
        return None
    m = _NAMED_MEASURE.match(join_lines(entry.texts[at]))
    return m.group(1).strip() if m else None


def _record(table: _Logical, entry: _Entry, findings: list[Finding]) -> MeasureRecord:
    where = Provenance.of_row(entry.row, entry.page)
    title = join_lines(entry.texts[table.roles.index("title")])
    if (named := _measure_named_in_actions(table, entry, title)) is not None:
        title = named
    number = None
    if numbers := _column(table, entry, "number"):
        m = _NUMBER_CELL.match(thai_digits_to_arabic(numbers[0]))
        number = int(m.group(1)) if m else None
    if (m := _MEASURE_NO.match(thai_digits_to_arabic(title))) is not None:
        number = number if number is not None else int(m.group(1))
        title = title[m.end() :]
    indicator = _indicator_of(table, entry)
    tool = INDICATOR_BY_NUMBER[indicator].tool if indicator else table.tool
    period_text = " ".join(_column(table, entry, "period"))
    start, end = parse_period(period_text)
    status, status_texts = _status(table, entry, where, findings)
    results = _column(table, entry, "result") + status_texts
    return MeasureRecord(
        table_kind=table.kind,
        measure_no=number,
        title=strip_bullets(title.strip()),
        indicator_no=indicator,
        tool=tool,
        actions=strip_bullets("\n".join(_column(table, entry, "actions"))),
        period_text=period_text,
        period_start=start,
        period_end=end,
        responsible=strip_bullets(" ".join(_column(table, entry, "responsible"))),
        status=status,
        result_text=strip_bullets("\n".join(results)),
        method=where.method,
        page=where.page,
        line=where.line,
        **where.box_fields(),
    )


def _indicator_of(table: _Logical, entry: _Entry) -> int | None:
    for role in ("title", "analysis"):
        for text in _column(table, entry, role):
            if (m := _INDICATOR.search(thai_digits_to_arabic(text))) is not None:
                number = int(m.group(1))
                if number in INDICATOR_BY_NUMBER:
                    return number
    return table.indicator


def _status(
    table: _Logical, entry: _Entry, where: Provenance, findings: list[Finding]
) -> tuple[str, list[str]]:
    """The row's status and the texts of its status columns that are results."""
    filled: list[str] = []
    texts: list[str] = []
    for text, role in zip(entry.texts, table.roles, strict=False):
        if role not in STATUS_ROLES or is_empty_mark(text):
            continue
        if not is_tick(text):
            texts.append(join_lines(text))
        if not is_advice(text):
            filled.append(STATUS_ROLES[role])
    named = {status_of_words(t) for t in texts} & set(filled)
    if len(set(filled)) > 1 and len(named) == 1:
        return named.pop(), texts  # "ดำเนินการแล้ว - คำสั่ง…" in the done column
    if len(set(filled)) == 1:
        return filled[0], texts
    if len(set(filled)) > 1:
        title = join_lines(entry.texts[table.roles.index("title")])
        findings.append(
            Finding(
                "warning",
                "MEASURE_STATUS_AMBIGUOUS",
                "more than one status column holds content ("
                + ", ".join(sorted(set(filled)))
                + f"); status unknown: {title[:40]!r}",
                where.page,
                where.line,
            )
        )
        return "unknown", texts
    for text in entry.texts:
        if (ticked := ticked_status(text)) is not None:
            return ticked, texts
    for text in _column(table, entry, "status_words"):
        if (words := status_of_words(text)) is not None:
            return words, texts
    for text in _column(table, entry, "result"):
        # a result cell that is a status phrase or opens with one, nothing partial in it
        if (words := result_status(text)) is not None:
            return words, texts
    return "unknown", texts
