"""Recogniser of tool scores: what a report states for a whole tool (IIT, EIT, OIT).

Reports often give a table of the three tools ("ผลคะแนนจำแนกตามเครื่องมือการประเมิน"): each row
names a tool (by its acronym, or by its Thai name: แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย
ภายใน / ภายนอก, แบบตรวจการเปิดเผยข้อมูลสาธารณะ) and holds numbers: its weight (ร้อยละ 30,
30, 40), its score (the mean of its indicators) and its weighted score. Which number is which
is not decided here: every number of such a row (or such a line, where the reader lost the
table's grid) is a candidate, and the resolver uses one only when it equals the mean, or the
weighted mean, of the tool's indicators as read (confirming OCR reads; ``resolve.py``).

A row or line that names an indicator ("ตัวชี้วัด", or an indicator's name) is about that
indicator, not the tool, and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.candidates import Provenance
from extract.model import Document, Line, Table
from normalize.indicators import names_an_indicator
from normalize.numbers import SCORE_TOKEN, parse_score
from normalize.text import compact, thai_digits_to_arabic

_ACRONYM = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])")
# The tools' Thai names, as OCR and extractors leave them (spaces dropped, "ส่วนได้ส่วนเสีย"
# shortened to "ส่วนได้เสีย").
_THAI_NAMES = (
    (re.compile(r"แบบวัด.*ภายใน"), "IIT"),
    (re.compile(r"แบบวัด.*ภายนอก"), "EIT"),
    (re.compile(r"แบบตรวจ.*เปิดเผย"), "OIT"),
)
_OIT_NAME = re.compile(r"(?:การ)?เปิดเผยข้อมูลสาธารณะ")
_NUMBER = re.compile(rf"(?<![\d.]){SCORE_TOKEN}(?![\d.])")
_LETTER = re.compile(r"[A-Za-z\u0e01-\u0e2e]")


@dataclass(frozen=True, slots=True)
class ToolScoreCandidate:
    """The numbers a row or line about one tool states: ``tool`` is IIT, EIT or OIT;
    ``values`` the numbers of the row outside its label cells that may be a score or a
    weighted score (with decimals, or 100; in any order), ``raw`` the row's text."""

    tool: str
    values: tuple[float, ...]
    raw: str
    where: Provenance


def tool_named(label: str) -> str | None:
    """The tool a row label names (one tool, and no indicator), else ``None``."""
    text = compact(label)
    if "ตัวชี้วัด" in text or "ตัวชีวัด" in text:
        return None
    tools = set(_ACRONYM.findall(label)) | {t for p, t in _THAI_NAMES if p.search(text)}
    # OIT's name holds indicator 9's ("การเปิดเผยข้อมูล"), with "สาธารณะ" after it
    if len(tools) != 1 or names_an_indicator(_OIT_NAME.sub("", text)):
        return None
    return tools.pop()


def recognise_tool_scores(doc: Document) -> list[ToolScoreCandidate]:
    """Tool scores in table rows and lines (see the module docstring), in document order."""
    out: list[ToolScoreCandidate] = []
    for page in doc.pages:
        for block in page.blocks:
            if isinstance(block, Line):
                found = _read(block.text, "")
                if found is not None:
                    where = Provenance(page.number, block.number, "prose")
                    out.append(ToolScoreCandidate(*found, block.text, where))
            elif isinstance(block, Table):
                for row in block.rows:
                    texts = [c.text.replace("\n", " ") for c in row.cells]
                    words = [t for t in texts if _LETTER.search(t)]  # the row's label cells
                    rest = " ".join(t for t in texts if not _LETTER.search(t))
                    if not words or not rest:
                        continue
                    found = _read(" ".join(words), rest)
                    if found is not None:
                        page_no = row.page if row.page is not None else page.number
                        where = Provenance(page_no, row.number, "table")
                        out.append(ToolScoreCandidate(*found, " | ".join(texts), where))
    return out


def _read(label: str, rest: str) -> tuple[str, tuple[float, ...]] | None:
    """(tool, numbers) of a row's label cells (every cell with letters: a row that names an
    indicator in any of them is not about a tool) and its number cells; for a line (``rest``
    empty), the label is the text up to its first number."""
    if not rest:
        text = thai_digits_to_arabic(label)
        first = re.search(r"\d", text)
        if first is None:
            return None
        label, rest = text[: first.start()], text[first.start() :]
    tool = tool_named(label)
    if tool is None:
        return None
    numbers = _NUMBER.findall(thai_digits_to_arabic(rest))
    # a score or a weighted score has decimals, or is full marks; weights (30, 40) and counts
    # of respondents are not
    values = tuple(
        v
        for token, v in zip(numbers, map(parse_score, numbers), strict=True)
        if v is not None and ("." in token or v == 100)
    )
    return (tool, values) if values else None
