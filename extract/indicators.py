"""Recogniser for the scores of the ten ITA indicators, from tables and from prose.

Tables. Rows are read through the row model of ``extract.rows`` (index, label, the numbers of
the score columns, each with the year its heading gives), so that a score column is chosen
the same way in every rendering; a cell with label and score together
(``ตัวชี้วัดที่ ๔ การใช้… คะแนน ๗๕.๘๕``), a label wrapped down a narrow first column and a label
whose score a page break carried to the next row are read from the rows themselves. A score
cell must hold nothing but the score (optionally "คะแนน"), so a summary row such as
``การใช้ทรัพย์สินของราชการ | คะแนนต่ำสุด ๗๔.๐๐ คะแนน`` — whose label names indicator 4 but
whose number is indicator 9's — gives nothing, and no number inside a long text cell is ever
read. Tables headed "ข้อ" list items, not indicators, and are skipped.

Lines of lists and cards (web pages): a line with label and score, or a label line followed
by a line that is only the score; each takes the year of its section heading
(``extract.sections``).

Prose. "ตัวชี้วัดที่ N <name> [มีค่าต่ำสุด] เท่ากับ|ได้|คะแนน|อยู่ที่|จำนวน <score>" or
"ตัวชี้วัด(ด้าน) <name> … <score>"; and the full-marks list "ได้คะแนนเต็ม ๑๐๐ … ได้แก่
ตัวชี้วัดที่ ๒ … ตัวชี้วัดที่ ๑๐ …" (each listed indicator scored 100). The name may not
contain digits, so in "ตัวชี้วัดที่ ๖ คุณภาพการทำงาน โดยเฉพาะ E๑ … เท่ากับ ๙๒.๒๓" the score
belongs to item E1 and is not taken for indicator 6.

Scores must be written with decimals ("๙๘.๘๙", "๑๐๐.๐๐") or be followed by "คะแนน": ITA
publishes scores with two decimals, and this keeps page numbers in a table of contents
("๑. การปฏิบัติหน้าที่ | ๓") from becoming scores. The label must match the canonical name
(``normalize.indicators``); the pass mark "(๘๕ คะแนน)", percentages and dates never match the
shapes above.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extract.candidates import IndicatorCandidate, Provenance
from extract.model import Cell, Document, Line, Page, Row, Table, box_union
from extract.paragraphs import Paragraph
from extract.rows import (
    ScoreRow,
    continues_row_before,
    is_number_cell,
    score_rows,
    tables_in_order,
)
from extract.sections import section_years
from normalize.findings import Finding
from normalize.indicators import match_indicator
from normalize.ita import INDICATOR_BY_NUMBER, ITEM_COLUMN_HEADERS
from normalize.numbers import SCORE_TOKEN, parse_score
from normalize.text import compact, join_lines, strip_bullets, thai_digits_to_arabic

# "ตัวชี้วัด", "ที่" as OCR also gives them (tone mark lost or misread, ช read as ข); a label
# cell may begin with "ที่ ๓" alone when a page break cut "ตัวชี้วัด" off onto the page before.
_TUA_CHI_WAT = r"ตัว[ชข]ี[้่]?วัด"
_THI = r"ที่?"
_LABEL = (
    rf"(?:{_TUA_CHI_WAT}\s*(?:{_THI}\s*)?|{_THI}\s*(?=\d))?"
    r"(?:(\d{1,2})\s*[.)]?\s*)?([^\d%]+?)"
)
_LABEL_CELL = re.compile(rf"^{_LABEL}\s*$")
_LABEL_WITH_SCORE = re.compile(
    rf"^{_LABEL}\s*(?:คะแนน\s*(?:ที่ได้)?\s*[:=]?\s*)?({SCORE_TOKEN})\s*(คะแนน)?\s*$"
)
_LINE_WITH_SCORE = re.compile(
    rf"^{_LABEL}\s*(?:[:=]\s*|คะแนน\s*|ได้\s*|เท่ากับ\s*)*({SCORE_TOKEN})\s*(คะแนน)?$"
)
_SCORE_CELL = re.compile(rf"^(?:คะแนน\s*)?({SCORE_TOKEN})\s*(คะแนน)?$")
# An indicator's name in prose is at most this long (the longest name, with a variant's
# words, is about 30 characters; a longer stretch is a sentence, not a name).
MAX_PROSE_NAME = 80
_PROSE = re.compile(
    rf"{_TUA_CHI_WAT}(?:\s*{_THI}\s*(\d{{1,2}})|\s*ด้าน)?\s*([^\d%]{{2,{MAX_PROSE_NAME}}}?)\s*"
    r"(?:มีค่า\s*(?:คะแนน)?\s*(?:ต่ำ\s*สุด|สูง\s*สุด|เฉลี่ย)?\s*)?"
    r"(?:เท่ากับ|ได้\s*(?:รับ)?\s*(?:คะแนน)?|(?:ด้วย)?คะแนน|อยู่ที่|จำนวน|=|:"
    rf"|\((?=\s*{SCORE_TOKEN}\s*คะแนน\s*\)))\s*"  # "… การปฏิบัติหน้าที่ (97.14 คะแนน)"
    rf"({SCORE_TOKEN})(?![\d%])(\s*คะแนน)?"
)
# Words that make a number beside an indicator's name a change, a target or a comparison
# ("ตัวชี้วัดที่ ๕ … เพิ่มขึ้น คะแนน ๓.๕๐"), not its score.
NOT_A_SCORE_WORDS = (
    "เพิ่มขึ้น", "ลดลง", "เป้าหมาย", "ต่ำกว่า", "สูงกว่า", "ปีที่แล้ว", "ปีที่ผ่านมา", "ปีก่อน",
    "ผลต่าง", "ขาดอีก", "ส่วนต่าง",
)  # fmt: skip
# Prose is noisier than a table row, so a prose label must be closer to the canonical name.
MIN_PROSE_MATCH = 80.0


def recognise_indicators(
    doc: Document, paras: list[Paragraph]
) -> tuple[list[IndicatorCandidate], list[Finding]]:
    """All indicator-score candidates of a document, from its tables and its prose.

    Returns:
        (candidates, findings): a finding for every row whose indicator number and label
        disagree (``INDICATOR_LABEL_MISMATCH``); such rows give no candidate.
    """
    candidates: list[IndicatorCandidate] = []
    findings: list[Finding] = []
    for page, table, before in tables_in_order(doc):
        if _is_item_table(table):
            continue
        rows, table_findings = score_rows(table, page.number, before)
        findings.extend(table_findings)
        for row in rows:
            _read_score_row(row, candidates, findings)
        read = _read_wrapped_first_column(table, page.number, candidates, findings)
        if before is not None:
            _read_cell_cut_by_page(before, table, page.number, candidates, findings)
        for i, row in enumerate(table.rows):
            if i not in read and not any(is_number_cell(c.text) for c in row.cells):
                following = table.rows[i + 1] if i + 1 < len(table.rows) else None
                _read_row(row, following, page.number, candidates, findings)
    sections = section_years(doc)
    for page in doc.pages:
        _read_lines(page, sections, candidates, findings)
    for para in paras:
        _read_full_marks(para, candidates, findings)
        for m in _PROSE.finditer(para.text):
            number = int(m.group(1)) if m.group(1) else None
            raw = m.group(3)
            if "." not in raw and not m.group(4):
                continue
            where = para.where(m.start(3))
            _add(number, m.group(2), raw, where, candidates, findings)
    return candidates, findings


_STARTS_ROW = re.compile(rf"^\s*(?:{_TUA_CHI_WAT}|\d{{1,2}}\s*[.)]?\s)")


def _read_wrapped_first_column(
    table: Table, page: int | None, out: list[IndicatorCandidate], findings: list[Finding]
) -> set[int]:
    """A first column whose cell wraps over several text lines, each a row of its own (a
    space-aligned rendering of a narrow column: "ตัวชี้วัดที่ ๑" / "การ" / "ปฏิบัติหน้าที่" /
    "คะแนน" / "94.78"): the lines from one that starts a row ("ตัวชี้วัด…", "1.") to the
    next are joined and read as one cell with label and score (shape c). Returns the
    indexes of the rows read so (no row of them is read again on its own)."""
    groups: list[list[int]] = []
    for i, row in enumerate(table.rows):
        first = thai_digits_to_arabic(row.cells[0].text) if row.cells else ""
        if _STARTS_ROW.match(first):
            groups.append([i])
        elif groups and first.strip():
            groups[-1].append(i)
    read: set[int] = set()
    for group in groups:
        if len(group) < 2:
            continue
        pieces = [thai_digits_to_arabic(table.rows[i].cells[0].text) for i in group]
        if _read_joined_cell(pieces, _joined_where(table, group, page), out, findings):
            read.update(group)
    return read


def _joined_where(table: Table, group: list[int], page: int | None) -> Provenance:
    """Where a first cell wrapped over the rows ``group`` was read: the box of its lines.
    When a page break cuts it, only the lines on the last page (the score ends the cell)."""
    last = table.rows[group[-1]].page
    rows = [table.rows[i] for i in group if table.rows[i].page == last]
    where = Provenance.of_row(rows[0], page)
    boxes = [b for r in rows if (b := r.cells[0].ink or r.cells[0].bbox) is not None]
    return replace(where, box=box_union(boxes)) if len(boxes) == len(rows) else where


def _read_joined_cell(
    pieces: list[str],
    where: Provenance,
    out: list[IndicatorCandidate],
    findings: list[Finding],
) -> bool:
    """Read the pieces of one first cell, joined as wrapped lines, as a label with its score
    (shape c), placed at ``where``; whether a score was read."""
    m = _LABEL_WITH_SCORE.match(join_lines("\n".join(pieces)))
    if not (m and _has_score_form(m.group(3), m.group(4))):
        return False
    _add(int(m.group(1)) if m.group(1) else None, m.group(2), m.group(3), where, out, findings)
    return True


def _read_cell_cut_by_page(
    before: Table,
    table: Table,
    page: int | None,
    out: list[IndicatorCandidate],
    findings: list[Finding],
) -> None:
    """A first cell cut by a page break: the last row of the table before (nothing but page
    furniture between) names an indicator without its score ("ตัวชี้วัดที่ 2 / การใช้งบ /
    ประมาณ") and the first body row of this table (after a repeated header) goes on with it
    ("คะแนน / 80.27"): the two pieces are read as one cell with label and score (shape c)."""
    if not before.rows or not table.rows or not before.rows[-1].cells:
        return
    body = list(table.rows)
    if [c.text for c in body[0].cells] == [c.text for c in before.rows[0].cells]:
        body = body[1:]  # the header repeated on the new page
    if not body or not body[0].cells:
        return
    head = thai_digits_to_arabic(before.rows[-1].cells[0].text)
    tail = thai_digits_to_arabic(body[0].cells[0].text)
    if not _STARTS_ROW.match(head) or _STARTS_ROW.match(tail):
        return
    if _LABEL_WITH_SCORE.match(join_lines(head)):
        return  # the cell before is whole: it has its score
    # placed where the score is: the piece on the new page
    where = Provenance.of_cell(body[0], body[0].cells[0], page)
    _read_joined_cell([head, tail], where, out, findings)


# "ตัวชี้วัดที่ได้คะแนนเต็ม ๑๐๐ คะแนน จำนวน ๓ ตัวชี้วัด ได้แก่ ตัวชี้วัดที่ ๒ การใช้งบประมาณ
# ตัวชี้วัดที่ ๓ การใช้อำนาจ และตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต": each one listed scored 100.
# "ได้แก่" follows the full mark within this many characters ("… จำนวน ๓ ตัวชี้วัด ได้แก่").
FULL_MARKS_GAP = 40
_FULL_MARKS = re.compile(rf"ได้คะแนนเต็ม\s*100\s*(?:คะแนน)?.{{0,{FULL_MARKS_GAP}}}?ได้แก่(.*)")
# A negation this many characters or fewer before "ได้คะแนนเต็ม" ("ไม่", "มิ" and spaces).
NEGATION_LOOKBACK = 6
_LISTED = re.compile(
    rf"{_TUA_CHI_WAT}\s*{_THI}\s*(\d{{1,2}})\s*([^\d]+?)(?=\s*(?:และ)?\s*{_TUA_CHI_WAT}|$)"
)


def _read_full_marks(
    para: Paragraph, out: list[IndicatorCandidate], findings: list[Finding]
) -> None:
    """Indicators listed as scoring full marks (100) in one sentence (``_FULL_MARKS``); each
    listed name must match its number."""
    for m in _FULL_MARKS.finditer(para.text):
        if re.search(r"(?:ไม่|มิ)\s*$", para.text[max(0, m.start() - NEGATION_LOOKBACK) : m.start()]):
            continue  # "ตัวชี้วัดที่ไม่ได้คะแนนเต็ม …": the ones that did not
        listed = re.split(r"\s(?:ซึ่ง|ส่วน|ขณะที่|โดย|และมี)|ได้แก่", m.group(1))[0]
        for item in _LISTED.finditer(listed):
            where = para.where(m.start(1) + item.start())
            _add(int(item.group(1)), item.group(2), "100.00", where, out, findings)


def _read_lines(
    page: Page,
    sections: dict[tuple[int | None, int], int],
    out: list[IndicatorCandidate],
    findings: list[Finding],
) -> None:
    """Scores in lines as lists and cards of web pages write them: one line with the label and
    the score ("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ 96.12", "๑. การใช้อำนาจ : ๙๓.๒๗ คะแนน"), or a
    label line directly followed by a line that is only the score (a card: "01" /
    "การปฏิบัติหน้าที่" / "95.60"). Each takes the year of its section heading, if any."""
    blocks = page.blocks
    for i, block in enumerate(blocks):
        if not isinstance(block, Line):
            continue
        text = strip_bullets(thai_digits_to_arabic(block.text)).strip()
        where = Provenance.of_line(block, page.number)
        year = sections.get((page.number, block.number))
        if (m := _LINE_WITH_SCORE.match(text)) and _has_score_form(m.group(3), m.group(4)):
            number = int(m.group(1)) if m.group(1) else None
            _add(number, m.group(2), m.group(3), where, out, findings, year)
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if not isinstance(following, Line) or (m := _LABEL_CELL.match(text)) is None:
            continue
        score = _SCORE_CELL.match(thai_digits_to_arabic(following.text).strip())
        if score is None or "." not in score.group(1):
            continue
        number = int(m.group(1)) if m.group(1) else None
        before = blocks[i - 1] if i > 0 else None
        if number is None and isinstance(before, Line):
            index = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", thai_digits_to_arabic(before.text))
            number = int(index.group(1)) if index else None
        _add(number, m.group(2), score.group(1), where, out, findings, year)


def _is_item_table(table: Table) -> bool:
    return any(compact(c.text) in ITEM_COLUMN_HEADERS for r in table.rows[:2] for c in r.cells[:1])


def _filled(row: Row) -> list[str]:
    cells = (thai_digits_to_arabic(join_lines(c.text)) for c in row.cells)
    return [c for c in cells if c]


def _read_score_row(row: ScoreRow, out: list[IndicatorCandidate], findings: list[Finding]) -> None:
    """An indicator row of the row model: the number its label states ("ตัวชี้วัดที่ 4 …"),
    else its index, and the label's name name the indicator (they must agree); each score
    column gives a candidate of its column's year. A label's own number wins over the index:
    an index column may count the rows of a list of some indicators ("ที่ 1 | ตัวชี้วัดที่ 4
    การใช้ทรัพย์สินของราชการ | 78.64")."""
    if not row.numbers or (m := _LABEL_CELL.match(row.label)) is None:
        return
    number = int(m.group(1)) if m.group(1) else row.index
    for n in row.numbers:
        where = replace(row.where, box=n.box) if n.box is not None else row.where
        _add(number, m.group(2), n.raw, where, out, findings, n.year_be)


def _read_row(
    row: Row,
    following: Row | None,
    page: int | None,
    out: list[IndicatorCandidate],
    findings: list[Finding],
) -> None:
    """A row without a number cell: label and score in one cell (shape c), or a label whose
    score a page break carried to the next row."""
    filled = _filled(row)
    if not filled:
        return
    where = Provenance.of_cell(row, _first_filled(row), page)
    first = filled[0]
    if (m := _LABEL_WITH_SCORE.match(first)) and _has_score_form(m.group(3), m.group(4)):
        number = int(m.group(1)) if m.group(1) else None
        _add(number, m.group(2), m.group(3), where, out, findings)
        return
    if (m := _LABEL_CELL.match(first)) is None:
        return
    number = int(m.group(1)) if m.group(1) else None
    # A row cut by a page break: the label ends one page, its score starts the next.
    if following is not None and continues_row_before(following) and (rest := _filled(following)):
        score = _score_cell(rest[0])
        if score:
            where = Provenance.of_cell(following, _first_filled(following), page)
            _add(number, m.group(2), score, where, out, findings)


def _first_filled(row: Row) -> Cell | None:
    """The row's first cell with text (the one ``_filled`` puts first)."""
    return next((c for c in row.cells if join_lines(c.text)), None)


def _score_cell(text: str) -> str | None:
    """The score of a cell that holds nothing but a score in score form, else None."""
    m = _SCORE_CELL.match(text)
    return m.group(1) if m and _has_score_form(m.group(1), m.group(2)) else None


def _has_score_form(raw: str, unit: str | None) -> bool:
    return "." in raw or bool(unit)


def _add(
    number: int | None,
    label: str,
    raw: str,
    where: Provenance,
    out: list[IndicatorCandidate],
    findings: list[Finding],
    year_be: int | None = None,
) -> None:
    score = parse_score(raw)
    if score is None or any(w in label for w in NOT_A_SCORE_WORDS):
        return
    match = match_indicator(label, number)
    if match is not None and where.method == "prose" and match.score < MIN_PROSE_MATCH:
        match = None
    if match is None:
        if number is not None and number in INDICATOR_BY_NUMBER:
            other = match_indicator(label)
            if other is not None and other.indicator.number != number:
                findings.append(
                    Finding(
                        "warning",
                        "INDICATOR_LABEL_MISMATCH",
                        f"number {number} but label {label.strip()!r} names indicator "
                        f"{other.indicator.number}; score {raw} not used",
                        where.page,
                        where.line,
                    )
                )
        return
    out.append(
        IndicatorCandidate(
            number=match.indicator.number,
            score=score,
            raw_label=label.strip(),
            raw_value=raw,
            match_score=round(match.score, 1),
            where=where,
            year_be=year_be,
        )
    )
