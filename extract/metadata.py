"""Recogniser for document-level facts: organisation and place, report type, fiscal year,
assessment year, the stated overall score and the stated level.

Where each fact is read:
- organisation, district, province, report type and report (fiscal) year: the title block,
  i.e. the first lines of page 1 before any table (reports misspell their own names in the
  body; the title block is what they state);
- assessment year: every "ผลการประเมิน … (ปีงบประมาณ|ปี) พ.ศ. YYYY" in the prose, one vote each;
- overall score: "คะแนน(ใน)ภาพรวม", "ภาพรวมได้คะแนน", "คะแนนรวม", "คะแนนเฉลี่ย" followed by a
  score, or "ระดับ <level> (<score> คะแนน)";
- stated level: a level word after "ระดับ" next to an overall score, or "<score> (<level>)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pythainlp.tokenize import word_tokenize

from extract.candidates import FieldCandidate, Provenance
from extract.model import Document, Line, Table
from extract.paragraphs import Paragraph
from normalize.ita import LEVEL_WORDS
from normalize.numbers import SCORE_TOKEN, parse_be_year, parse_score
from normalize.org import Organisation, find_district, find_organisation, find_province
from normalize.text import thai_digits_to_arabic

# The title block: at most this many lines of page 1, before the first table, and before the
# first line longer than TITLE_MAX_CHARS (a body paragraph of a text file).
TITLE_MAX_LINES = 12
TITLE_MAX_CHARS = 160
# A level word counts as the overall level only within this many characters of an overall
# score in the same paragraph ("อยู่ในระดับผ่าน โดยมีคะแนนในภาพรวมอยู่ที่ 91.76").
LEVEL_WINDOW = 90
# Characters after a level word that the word segmentation sees (see _ends_word).
WORD_LOOKAHEAD = 20
# The assessment year must follow "ผลการประเมิน" within this many characters.
YEAR_WINDOW = 150

_YEAR = r"(?:ปีงบประมาณ|ปี)\s*(?:พ\.?\s*ศ\.?)?\s*(\d{4})"
_REPORT_YEAR = re.compile(_YEAR)
_ASSESSMENT_YEAR = re.compile(rf"(?:ผลการประเมิน|การประเมินผล).{{0,{YEAR_WINDOW}}}?{_YEAR}")
_LEVEL = "|".join(re.escape(w) for w in LEVEL_WORDS)
_NOT_WORD = r"(?![\u0e01-\u0e4eA-Za-z])"


def _tone_optional(pattern: str) -> str:
    """``pattern`` with its tone marks optional: OCR drops them ("อยู่ที", "คะแนนเฉลีย")."""
    return re.sub("([\u0e48-\u0e4b])", r"\1?", pattern)


_OVERALL = re.compile(
    _tone_optional(
        r"(?:คะแนน\s*(?:ใน)?\s*ภาพรวม|ภาพรวม\s*(?:ได้)?\s*คะแนน|คะแนนรวม|คะแนนเฉลี่ย)"
        rf"\s*(?:อยู่ที่|เท่ากับ|ได้|คือ|=|:)?\s*({SCORE_TOKEN})(?![\d.])"
    )
)
_LEVEL_WITH_SCORE = re.compile(
    rf"ระดับ\s*[\"“”']?\s*({_LEVEL}){_NOT_WORD}\s*[\"“”']?\s*\(\s*({SCORE_TOKEN})\s*คะแนน\s*\)"
)
_LEVEL_AFTER_RADAP = re.compile(rf"ระดับ\s*[\"“”']?\s*({_LEVEL})")
_LEVEL_IN_PARENS = re.compile(rf"\s*\(\s*({_LEVEL})\s*\)")


def _ends_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends a word: at a space or a non-letter, or, when a Thai
    letter follows (OCR and some exports drop the spaces: "ระดับผ่านโดยมี"), where
    pythainlp's word segmentation puts a word boundary ("ผ่าน|โดย", not "ผ่าน|เกณฑ์…")."""
    if end >= len(text) or not re.match(r"[\u0e01-\u0e4eA-Za-z]", text[end]):
        return True
    if not re.match(r"[\u0e01-\u0e4e]", text[end]):
        return False
    offset = start
    for token in word_tokenize(text[start : end + WORD_LOOKAHEAD], keep_whitespace=False):
        offset += len(token)
        if offset >= end:
            return offset == end
    return False


@dataclass(slots=True)
class MetadataCandidates:
    """Everything the metadata recogniser read from one document."""

    organisation: Organisation | None = None
    organisation_where: Provenance | None = None
    district: str | None = None
    province: str | None = None
    report_type: str = "other"
    report_year: FieldCandidate | None = None
    assessment_years: list[FieldCandidate] = field(default_factory=list)
    overall_scores: list[FieldCandidate] = field(default_factory=list)
    levels: list[FieldCandidate] = field(default_factory=list)


def title_block(doc: Document) -> list[Line]:
    """The first lines of page 1 before any table (see TITLE_MAX_LINES, TITLE_MAX_CHARS)."""
    lines: list[Line] = []
    for block in doc.pages[0].blocks if doc.pages else []:
        if isinstance(block, Table) or len(lines) >= TITLE_MAX_LINES:
            break
        if len(block.text) > TITLE_MAX_CHARS:
            break
        lines.append(block)
    return lines


def report_type_of(title: str) -> str:
    """``progress_6m``, ``analysis``, ``measures_result``, ``measures_plan`` or ``other``,
    from the words of the title (Arabic digits)."""
    if re.search(r"รอบ\s*6\s*เดือน", title):
        return "progress_6m"
    if "วิเคราะห์ผลการประเมิน" in title:
        return "analysis"
    if "ผลการดำเนินการ" in title or "ผลการดำเนินงาน" in title:
        return "measures_result"
    if "มาตรการ" in title:
        return "measures_plan"
    return "other"


def recognise_metadata(doc: Document, paras: list[Paragraph]) -> MetadataCandidates:
    """Read the document-level candidates of ``doc`` (see the module docstring)."""
    out = MetadataCandidates()
    title = title_block(doc)
    page1 = doc.pages[0].number if doc.pages else None
    title_text = " ".join(thai_digits_to_arabic(x.text) for x in title)
    out.report_type = report_type_of(title_text)
    for line in title:
        text = thai_digits_to_arabic(line.text)
        if out.organisation is None and (org := find_organisation(text)) is not None:
            out.organisation = org
            out.organisation_where = Provenance(page1, line.number, "title")
        if out.report_year is None and (m := _REPORT_YEAR.search(text)):
            year = parse_be_year(m.group(1))
            if year is not None:
                out.report_year = FieldCandidate(
                    "report_year_be", year, m.group(0), Provenance(page1, line.number, "title")
                )
    if out.organisation is not None:
        tail = title_text[title_text.find(out.organisation.place) :]
        out.district = find_district(tail)
        out.province = find_province(tail)
    _read_prose(paras, out)
    return out


def _read_prose(paras: list[Paragraph], out: MetadataCandidates) -> None:
    for para in paras:
        text = para.text
        if out.organisation is None and (org := find_organisation(text)) is not None:
            out.organisation = org
            at = text.find(org.place)
            out.organisation_where = Provenance(para.page, para.line_at(at), "prose")
            out.district = find_district(text[at : at + 80])
            out.province = find_province(text[at : at + 120])
        for m in _ASSESSMENT_YEAR.finditer(text):
            year = parse_be_year(m.group(1))
            if year is not None:
                where = Provenance(para.page, para.line_at(m.start(1)), "prose")
                out.assessment_years.append(
                    FieldCandidate("assessment_year_be", year, m.group(0)[-40:], where)
                )
        _read_overall(para, out)


def _read_overall(para: Paragraph, out: MetadataCandidates) -> None:
    text = para.text
    used_levels: set[int] = set()
    for m in _LEVEL_WITH_SCORE.finditer(text):
        where = Provenance(para.page, para.line_at(m.start()), "prose")
        score = parse_score(m.group(2))
        if score is not None:
            out.overall_scores.append(FieldCandidate("overall_score", score, m.group(0), where))
        out.levels.append(FieldCandidate("stated_level", m.group(1), m.group(0), where))
        used_levels.add(m.start(1))
    for m in _OVERALL.finditer(text):
        score = parse_score(m.group(1))
        if score is None:
            continue
        where = Provenance(para.page, para.line_at(m.start()), "prose")
        out.overall_scores.append(FieldCandidate("overall_score", score, m.group(0), where))
        level = _LEVEL_IN_PARENS.match(text, m.end())
        if level is not None:
            start = level.start(1)
        else:
            nearby = [
                x
                for x in _LEVEL_AFTER_RADAP.finditer(text)
                if abs(x.start() - m.start()) <= LEVEL_WINDOW
                and x.start(1) not in used_levels
                and _ends_word(text, x.start(1), x.end(1))
            ]
            if not nearby:
                continue
            level = min(nearby, key=lambda x: abs(x.start() - m.start()))
            start = level.start(1)
        if start in used_levels:
            continue
        used_levels.add(start)
        where = Provenance(para.page, para.line_at(start), "prose")
        out.levels.append(FieldCandidate("stated_level", level.group(1), level.group(0), where))
