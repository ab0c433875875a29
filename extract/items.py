"""Recogniser for item-level scores (ข้อ i1…, e1…, o1…) from item tables.

An item table is headed "ข้อ | หัวข้อการประเมิน | ระดับคะแนน"; its rows are item rows (a code
cell, the question or disclosure item, a score cell) and section rows ("IIT ๔
การใช้ทรัพย์สินของราชการ", "EIT ๖ คุณภาพการดำเนินงาน EitSurvey", "OIT ข้อมูลพื้นฐาน"). The
document is read as one stream, so the context carries across page breaks and table
fragments:

- the tool, from the section rows and from headings in the prose ("แบบวัดการรับรู้ของผู้มีส่วนได้
  เสียภายนอก EIT", "OIT ๙. การเปิดเผยข้อมูล");
- the indicator, from the number in a section row or heading, else (in the resolver's year)
  from the year's item map (``normalize.ita.ITEM_MAPS``);
- the respondent group (EitPublic, EitSurvey), from a section row or a line "- EitPublic";
  when a row of the table names both groups, the score columns side by side are theirs, in
  that order (a sentence naming them says nothing of the columns' order), and an item row
  with two scores gives one candidate per group (a row with several scores whose groups are
  not named gives none);
- "ตัวชี้วัดที่ N …" section rows set the indicator and its tool;
- the running order of codes within a tool and group, which repairs mangled codes
  (``normalize.items``).

A table whose first row is any other header ends item mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract.candidates import Provenance
from extract.model import Document, Line, Row, Table
from normalize.ita import (
    INDICATOR_BY_NUMBER,
    ITEM_COLUMN_HEADERS,
    RESPONDENT_GROUPS,
    TOOL_FORM_WORDS,
    TOOL_INDICATORS,
    TOOL_NAME_WORDS,
    TOOLS,
)
from normalize.items import looks_like_item_code, parse_item_code, parse_ocr_slipped_code
from normalize.numbers import SCORE_TOKEN, parse_score
from normalize.text import compact, join_lines, thai_digits_to_arabic

# A section row or heading: the tool, its indicator number, the rest ("EIT ๖ คุณภาพการ
# ดำเนินงาน EitPublic"); OCR and some extractors drop the space after the tool ("EIT๖คุณภาพ").
_SECTION = re.compile(rf"^({'|'.join(TOOLS)})(?![A-Za-z])\s*(?:(\d{{1,2}})\s*\.?(?!\d))?\s*(.*)$")
# OCR slips inside a Thai word: Latin letters or digits between two Thai characters ("ข้7อ"
# for the column heading ข้อ, read from a scan with marks or noise). A written item code never
# has them there: its letter leads and its digits follow ("E๑", "o12", "๑๑").
_SLIP_IN_THAI = re.compile(r"(?<=[\u0e00-\u0e7f])[A-Za-z0-9]+(?=[\u0e00-\u0e7f])")
_GROUP = re.compile("|".join(RESPONDENT_GROUPS), re.IGNORECASE)
# A section row or heading in Thai: "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน (คะแนนตัวชี้วัด 95.91)".
_THAI_SECTION = re.compile(r"^ตัวชี้วัดที่\s*(\d{1,2})(?!\d)")
_SCORE = re.compile(rf"^({SCORE_TOKEN})$")
# An OIT item scores 100 or 0 (SEEN in sample 001, see normalize.ita.ITEM_MAPS); pages mark
# them with a tick or a cross instead.
_OIT_MARKS = {
    **dict.fromkeys(("✓", "✔", "√", "☑"), "100.00"),
    **dict.fromkeys(("✗", "✘", "×"), "0.00"),
}


@dataclass(frozen=True, slots=True)
class ItemCandidate:
    """One item score as read. ``indicator_no`` is ``None`` when no heading named it."""

    tool: str
    indicator_no: int | None
    item_code: str
    item_number: int
    respondent_group: str | None
    item_text: str
    score: float
    raw_code: str
    where: Provenance


@dataclass(slots=True)
class _Context:
    in_items: bool = False
    ocr: bool = False  # the page was read by OCR (``Page.text_source``)
    tool: str | None = None
    indicator: int | None = None
    group: str | None = None
    groups: tuple[str, ...] = ()  # the respondent groups of side-by-side score columns


def recognise_items(doc: Document) -> list[ItemCandidate]:
    """All item-score candidates of the document, in reading order."""
    ctx = _Context()
    last: dict[tuple[str, str | None], int] = {}
    out: list[ItemCandidate] = []
    for page in doc.pages:
        ctx.ocr = page.text_source == "ocr"
        for block in page.blocks:
            if isinstance(block, Line):
                _heading(thai_digits_to_arabic(block.text), ctx)
                continue
            _table(block, page.number, ctx, last, out)
    return out


def _heading(text: str, ctx: _Context) -> None:
    """Prose that sets the context: a tool heading, a section heading, a group line."""
    stripped = text.strip().lstrip("-•").strip()
    if (m := _SECTION.match(stripped)) is not None:
        _set_section(m, ctx)
        return
    if (g := _GROUP.fullmatch(stripped)) is not None:
        ctx.group = _group_name(g.group(0))
        return
    if any(word in text for word in TOOL_FORM_WORDS):
        for word, tool in TOOL_NAME_WORDS:
            if word in text:
                _set_tool(ctx, tool)
                ctx.indicator = None
                return


def _set_tool(ctx: _Context, tool: str) -> None:
    if tool != ctx.tool:
        ctx.group = None
        if ctx.tool is not None:  # groups named before the first tool are the table's
            ctx.groups = ()
    ctx.tool = tool


def _set_thai_section(m: re.Match, ctx: _Context) -> None:
    """ "ตัวชี้วัดที่ N …": indicator N, and its tool (``normalize.ita``)."""
    indicator = INDICATOR_BY_NUMBER.get(int(m.group(1)))
    if indicator is not None:
        _set_tool(ctx, indicator.tool)
        ctx.indicator = indicator.number


def _set_section(m: re.Match, ctx: _Context) -> None:
    _set_tool(ctx, m.group(1))
    if m.group(2):
        number = int(m.group(2))
        ctx.indicator = number if number in INDICATOR_BY_NUMBER else ctx.indicator
    if (g := _GROUP.search(m.group(3) or "")) is not None:
        ctx.group = _group_name(g.group(0))


def _group_name(text: str) -> str:
    return next(g for g in RESPONDENT_GROUPS if g.lower() == text.lower())


def _table(
    table: Table,
    page: int | None,
    ctx: _Context,
    last: dict[tuple[str, str | None], int],
    out: list[ItemCandidate],
) -> None:
    for index, row in enumerate(table.rows):
        filled = [(i, join_lines(c.text)) for i, c in enumerate(row.cells)]
        filled = [(i, t) for i, t in filled if t]  # (column, text as written)
        if not filled:
            continue
        first = thai_digits_to_arabic(filled[0][1])
        if len(groups := _GROUP.findall(" ".join(t for _, t in filled))) >= 2:
            ctx.groups = tuple(_group_name(g) for g in groups)
        if _is_code_heading(first):
            ctx.in_items = True
            continue
        if ctx.groups and len(groups) >= 2:
            continue  # a header row naming the groups of the score columns
        if index == 0 and filled[0][0] == 0 and not _is_item_content(first):
            ctx.in_items = False  # another kind of table begins
            continue
        if not ctx.in_items:
            continue
        if (m := _SECTION.match(first)) is not None and not any(
            _SCORE.match(thai_digits_to_arabic(t)) for _, t in filled[1:]
        ):  # a section row; its group's name may spill into a cell of its own (OCR)
            _set_section(m, ctx)
            continue
        if (m := _THAI_SECTION.match(first)) is not None:
            _set_thai_section(m, ctx)
            continue
        if filled[0][0] > 0 and out and len(filled) == 1:
            # the rest of the previous item's text, carried over a page break
            out[-1] = replace(out[-1], item_text=f"{out[-1].item_text} {filled[0][1]}")
            continue
        _item_row(row, filled, page, ctx, last, out)


def _is_code_heading(first: str) -> bool:
    """Whether a row's first cell is the heading of the item-code column ("ข้อ"), also as OCR
    reads it from a scan: with slips inside the word (``_SLIP_IN_THAI``), or with the whole
    header row in the cell, its column rules read as "|" ("ข้7อ | หัวข้อการประเมิน |ระดับ…")."""
    before_rule = first.split("|", 1)[0]
    return _SLIP_IN_THAI.sub("", compact(before_rule)) in ITEM_COLUMN_HEADERS


def _is_item_content(first: str) -> bool:
    return (
        looks_like_item_code(first)
        or _SECTION.match(first) is not None
        or _THAI_SECTION.match(first) is not None
    )


def _item_row(
    row: Row,
    filled: list[tuple[int, str]],
    page: int | None,
    ctx: _Context,
    last: dict[tuple[str, str | None], int],
    out: list[ItemCandidate],
) -> None:
    raw_code = filled[0][1]
    scores: list[str] = []
    columns: list[int] = []  # the cell of each score
    for col, text in reversed(filled[1:]):
        if ctx.tool == "OIT" and (mark := _OIT_MARKS.get(text.strip())) is not None:
            scores.insert(0, mark)  # OIT items score 100 or 0: ✓ / ✗
            columns.insert(0, col)
            continue
        if (m := _SCORE.match(thai_digits_to_arabic(text))) is None:
            break
        scores.insert(0, m.group(1))
        columns.insert(0, col)
    if not scores:
        return
    tool = ctx.tool
    if len(scores) > 1 and not (tool == "EIT" and len(ctx.groups) == len(scores)):
        return  # several score columns whose groups are not known: not guessed
    groups: tuple[str | None, ...] = (
        ctx.groups if len(scores) > 1 else (ctx.group if tool == "EIT" else None,)
    )
    expected = last.get((tool or "", groups[0]), 0) + 1
    if looks_like_item_code(raw_code):
        code = parse_item_code(raw_code, tool, expected)
    elif ctx.ocr and tool is not None:
        code = parse_ocr_slipped_code(raw_code, tool, expected)
    else:
        return
    if code is None:
        return
    if code.tool != ctx.tool:  # a written letter names another tool: follow it
        if len(scores) > 1:
            return
        _set_tool(ctx, code.tool)
        groups = (ctx.group if code.tool == "EIT" else None,)
    text = " ".join(t for _, t in filled[1 : len(filled) - len(scores)])
    for group, raw_score, col in zip(groups, scores, columns, strict=True):
        score = parse_score(raw_score)
        if score is None:
            continue
        where = Provenance.of_cell(row, row.cells[col], page)
        last[(code.tool, group)] = code.number
        out.append(
            ItemCandidate(
                tool=code.tool,
                indicator_no=ctx.indicator if _indicator_fits(ctx.indicator, code.tool) else None,
                item_code=code.code,
                item_number=code.number,
                respondent_group=group,
                item_text=text,
                score=score,
                raw_code=raw_code,
                where=where,
            )
        )


def _indicator_fits(indicator: int | None, tool: str) -> bool:
    return indicator is not None and indicator in TOOL_INDICATORS[tool]
