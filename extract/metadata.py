"""Recogniser for document-level facts: organisation and place, report type, fiscal year,
assessment year, the stated overall score and the stated level.

Where each fact is read:
- organisation, district, province, report type and report (fiscal) year: the title block,
  i.e. the first lines of page 1 before any table (reports misspell their own names in the
  body; the title block is what they state). A local government named anywhere in it comes
  first; else an agency of another kind named on a line of its own (``find_other_agency``:
  offices, departments, universities, public organisations; ``org_type`` other) when the
  prose names it again or names no local government; else the first local government named
  in the prose;
- assessment year: every "ผลการประเมิน … (ปีงบประมาณ|ปี) พ.ศ. YYYY" in the prose, one vote each;
- overall score: in prose, a keyword of the overall result ("ภาพรวม", "คะแนนรวม",
  "คะแนนเฉลี่ย", "คะแนน ITA", "ผลการประเมิน ITA/คุณธรรม…") and, within OVERALL_WINDOW
  characters of words, the score; or "ระดับ <level> (<score> คะแนน)"; in tables, a total row
  ("คะแนนรวม", "ภาพรวม", …) with the year of its column; each with the year its sentence or
  column gives it (the resolver drops other years');
- stated level: a level word after "ระดับ" next to an overall score, or "<score> (<level>)";
- a document about many agencies: scores beside MIN_AGENCIES or more different agencies'
  names (``agencies_with_scores``) make the report type ``multi_agency``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pythainlp.tokenize import word_tokenize
from rapidfuzz import fuzz

from extract.candidates import FieldCandidate, Provenance
from extract.model import Document, Line, Table
from extract.paragraphs import Paragraph
from extract.rows import score_rows, tables_in_order
from extract.sections import section_years
from normalize.dates import FISCAL_YEAR_WORD
from normalize.indicators import names_an_indicator
from normalize.ita import LEVEL_WORDS
from normalize.numbers import SCORE_TOKEN, parse_be_year, parse_score, years_in
from normalize.org import (
    ORG_PATTERN,
    ORG_TYPES,
    PROVINCE_PATTERN,
    Organisation,
    find_district,
    find_organisation,
    find_other_agency,
    find_province,
)
from normalize.text import (
    THAI_WORD_CHARS,
    TONE_MARKS,
    compact,
    is_thai_word_char,
    thai_digits_to_arabic,
)

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

# "พ.ศ." as OCR may misread it ("wa.") counts as the era.
_YEAR = rf"(?:{FISCAL_YEAR_WORD}|ปี)\s*(?:พ\.?\s*ศ\.?|[^\s\d]{{1,2}}\.)?\s*(\d{{4}})"
_REPORT_YEAR = re.compile(_YEAR)
# No assessment year before this one (Buddhist Era): the NACC's ITA began in the 2550s, so an
# earlier year after an assessment keyword is a misread ("๒๕๖๕" read as 2525).
FIRST_ITA_YEAR = 2550
# A title's year ends its line, or a bracket or the round follows it ("2568 (รอบ 6 เดือน)");
# a year that a sentence goes on after ("…ประจำปีงบประมาณ พ.ศ. 2564 เพื่อ…") is a sentence's
# in the title block, the assessment year more often than the report's.
_TITLE_YEAR_END = re.compile(r"\s*(?:$|[(\[–—-]|รอบ|ครั้งที่)")
# The assessment year: a year written after "ผลการประเมิน", "การประเมินผล", "การประเมิน
# คุณธรรม…" or "ITA" within YEAR_WINDOW characters ("ปีงบประมาณ พ.ศ. 2567", "ปี 2567",
# "พ.ศ.2561", "ITA 2567", "ITA 65", "ITA 2021" in Common Era), unless a measures plan or a
# report is named in between ("ผลการประเมิน… จึงได้กำหนดมาตรการ… ประจำปี 2569" gives the
# plan's year, not the assessment's).
_ASSESSMENT_KEY = re.compile(r"ผลการประเมิน|การประเมินผล|การประเมินคุณธรรม|ITA(?=[\s\d])")
_ASSESSMENT_YEAR = re.compile(
    rf"(?:(?:{FISCAL_YEAR_WORD}|ปี)\s*(?:พ\.?\s*ศ\.?)?|พ\.\s*ศ\.)\s*(\d{{4}}|\d{{2}})(?!\d)"
)
# "รายงาน" this close before the keyword makes the phrase a report's title
# ("รายงานผลการประเมิน ITA ประจำปี 2568").
REPORT_WORD_WINDOW = 25
_YEAR_RIGHT_AFTER = re.compile(r"^\s*(\d{4}|\d{2})(?![\d.])")
_NOT_ASSESSMENT_WINDOW = ("มาตรการ", "แผน", "รายงาน", "ย้อนหลัง", "เปรียบเทียบ")
_LEVEL = "|".join(re.escape(w) for w in LEVEL_WORDS)
_NOT_WORD = rf"(?![{THAI_WORD_CHARS}A-Za-z])"


def _tone_optional(pattern: str) -> str:
    """``pattern`` with its tone marks optional: OCR drops them ("อยู่ที", "คะแนนเฉลีย")."""
    return re.sub(f"([{TONE_MARKS}])", r"\1?", pattern)


# An overall score in prose: a keyword of the agency's overall result ("ผลการประเมินได้
# คะแนน" too), or the agency's name and "ได้(รับ)คะแนน" ("องค์การบริหารส่วนตำบล… ได้คะแนน
# ๙๒.๔๖ คะแนน"); then, within
# OVERALL_WINDOW characters of words (a year allowed, no other number), the score. Words in
# between that make it another number (a change, a benchmark, the full mark, a tool's or an
# indicator's score) disqualify it; see _overall_window_ok.
OVERALL_WINDOW = 120
# "ผลการประเมินได้คะแนน" names no whole: it is the overall's only when the words this many
# characters before it name no indicator or tool either (_overall_window_ok).
RESULT_LOOKBACK = 80
_OVERALL = re.compile(
    _tone_optional(
        r"(?:ภาพรวม|คะแนนรวม|คะแนนเฉลี่ย|คะแนน\s*ITA|ผลการประเมิน\s*(?:ITA|คุณธรรม)"
        r"|(?P<result>ผลการประเมิน)(?=\s*ได้\s*(?:รับ)?\s*คะแนน)"
        r"|(?P<org>(?:องค์การบริหารส่วน|เทศบาล|อบต\.|อบจ\.|ทต\.|ทม\.|ทน\.)"
        rf"[{THAI_WORD_CHARS}]+)"
        r"\s*ได้\s*(?:รับ)?(?=\s*คะแนน))"
        rf"(?P<window>(?:[^\d%]|(?<![\d.])\d{{4}}(?![\d.]))"
        rf"{{0,{OVERALL_WINDOW}}}?)(?P<score>(?<![\d.,])(?:\d{{1,3}}\.\d{{1,2}}|\d{{1,3}}"
        r"(?=\s*คะแนน)))(?![\d%]|\.\d|\s*-\s*\d|\s*ถึง)"
    )
)
# Words between the keyword and the number that make it something else than this agency's
# overall score.
# The assessment's own name, which sentences about the overall score repeat.
ITA_NAME = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
NOT_OVERALL_WORDS = (
    "เพิ่มขึ้น", "ลดลง", "ต่าง", "เต็ม", "ประเทศ", "จังหวัด", "เฉลี่ยของ", "เป้าหมาย", "เกณฑ์",
    "ร้อยละ", "ตัวชี้วัด", "IIT", "EIT", "OIT", "ภายใน", "ภายนอก", "สาธารณะ", "ระดับ",
    "ลำดับ", "อันดับ", "ตั้งแต่", "ช่วง", "เกิน", "กว่า", "ไม่ถึง", "อย่างน้อย", "ปีที่ผ่านมา",
    "ปีก่อน", "ปีที่แล้ว", "ทั้งหมด", "ทุกหน่วยงาน", "ความพึงพอใจ", "ผลต่าง", "ขาดอีก",
    "สูงสุด", "ต่ำสุด",
)  # fmt: skip
_LEVEL_WITH_SCORE = re.compile(
    rf"ระดับ\s*[\"“”']?\s*({_LEVEL}){_NOT_WORD}\s*[\"“”']?\s*\(\s*({SCORE_TOKEN})\s*คะแนน\s*\)"
)
_LEVEL_AFTER_RADAP = re.compile(rf"ระดับ\s*[\"“”']?\s*({_LEVEL})")
_LEVEL_IN_PARENS = re.compile(rf"\s*\(\s*({_LEVEL})\s*\)")


def _ends_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends a word: at a space or a non-letter, or, when a Thai
    letter follows (OCR and some exports drop the spaces: "ระดับผ่านโดยมี"), where
    pythainlp's word segmentation puts a word boundary ("ผ่าน|โดย", not "ผ่าน|เกณฑ์…")."""
    if end >= len(text) or not re.match(rf"[{THAI_WORD_CHARS}A-Za-z]", text[end]):
        return True
    if not is_thai_word_char(text[end]):
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
    # how many times the organisation's place name, the district and the province stand in
    # the prose (title block included), by name
    mentions: dict[str, int] = field(default_factory=dict)
    district: str | None = None
    province: str | None = None
    report_type: str = "other"
    report_year: FieldCandidate | None = None
    assessment_years: list[FieldCandidate] = field(default_factory=list)
    overall_scores: list[FieldCandidate] = field(default_factory=list)
    levels: list[FieldCandidate] = field(default_factory=list)
    agencies_with_scores: list[str] = field(default_factory=list)


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


# A memo's heading "บันทึกข้อความ" stands within this many characters of the title block's
# start (below a letterhead line naming the agency).
MEMO_WITHIN = 80


def report_type_of(title: str) -> str:
    """``progress_6m``, ``analysis``, ``measures_result``, ``measures_plan`` or ``other``,
    from the words of the title (Arabic digits). A memo (บันทึกข้อความ) that forwards a report
    is ``other``, whatever report its subject names."""
    if "บันทึกข้อความ" in title[:MEMO_WITHIN]:
        return "other"
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
            out.organisation_where = Provenance.of_line(line, page1, "title")
        m = _REPORT_YEAR.search(text)
        if out.report_year is None and m and _TITLE_YEAR_END.match(text, m.end()):
            year = parse_be_year(m.group(1))
            if year is not None:
                out.report_year = FieldCandidate(
                    "report_year_be", year, m.group(0), Provenance.of_line(line, page1, "title")
                )
    prose = compact(" ".join(p.text for p in paras))  # all prose, to count names in
    if out.organisation is None:
        _read_other_agency(title, paras, prose, page1, out)
    if out.organisation is not None:
        tail = title_text[title_text.find(out.organisation.place) :]
        out.district = find_district(tail, damaged_unknown=out.organisation.org_type != "other")
        out.province = find_province(tail)
    sections = section_years(doc)
    _read_prose(paras, out, sections)
    _read_overall_cards(doc, sections, out)
    if out.organisation is not None and out.province is None:
        _read_address(paras, out)
    _read_overall_rows(doc, out)
    for found in (out.overall_scores, out.levels):
        found.sort(key=lambda c: (c.where.page or 0, c.where.line or 0))  # document order
    for name in (out.organisation and out.organisation.place, out.district, out.province):
        if name:
            out.mentions[name] = prose.count(compact(name))
    out.agencies_with_scores = agencies_with_scores(doc, out.organisation)
    if len(out.agencies_with_scores) >= MIN_AGENCIES:
        out.report_type = "multi_agency"
    return out


def _read_other_agency(
    title: list[Line],
    paras: list[Paragraph],
    prose: str,
    page1: int | None,
    out: MetadataCandidates,
) -> None:
    """An agency of another kind named on a line of its own in the title block (which names
    no local government): the organisation, unless the prose names a local government and
    not this agency again (a local government's report whose title block has a line such as
    "โรงเรียนบ้าน…" or "สำนักการช่าง"; the prose's local government is then read). ``prose``
    is all the paragraphs' text, compacted."""
    for line in title:
        org = find_other_agency(thai_digits_to_arabic(line.text))
        if org is None:
            continue
        named_again = prose.count(compact(org.place)) >= 2  # the title line is prose too
        if named_again or not any(find_organisation(p.text) for p in paras):
            out.organisation = org
            out.organisation_where = Provenance.of_line(line, page1, "title")
        return


# A document that gives scores beside this many different agencies is about many agencies
# (a provincial summary, an award list, news): none of its numbers is one agency's score.
MIN_AGENCIES = 3
# Two agencies' place names at least this similar (rapidfuzz ratio) are one agency misspelt.
MIN_SAME_AGENCY = 85.0
_SCORE_IN_TEXT = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,2}(?![\d.])")


def agencies_with_scores(doc: Document, own: Organisation | None = None) -> list[str]:
    """The distinct local-government names (``normalize.org``) that stand in a prose line or
    a table row together with a score (a number with decimals): the document's own
    organisation (``own``) first when it stands so, then the others in document order; a
    name that begins with ``own``'s is ``own``."""
    others: list[str] = []
    seen_own = False
    for page in doc.pages:
        texts = [line.text for line in page.lines]
        texts += [" ".join(row.texts) for table in page.tables for row in table.rows]
        for text in texts:
            text = thai_digits_to_arabic(text)
            if not _SCORE_IN_TEXT.search(text):
                continue
            for m in ORG_PATTERN.finditer(text):
                org = find_organisation(m.group(0))
                if org is None:
                    continue
                if own is not None and _same_agency(org.name, own.name):
                    seen_own = True
                elif not any(_same_agency(org.name, n) for n in others):
                    others.append(org.name)
    return ([own.name] if own is not None and seen_own else []) + others


def _same_agency(a: str, b: str) -> bool:
    """Whether two names found in a text are one agency: one begins with the other (words
    glued after a name, as OCR text without spaces gives it: "…ต้นมะพร้าวได้รายงาน…"), or
    their place names are at least MIN_SAME_AGENCY similar (a misspelling). Names that only
    begin alike ("บ้านหนองแวง", "บ้านหนองบัว") are two agencies."""
    if a.startswith(b) or b.startswith(a):
        return True
    types = max((len(t) for t in ORG_TYPES if a.startswith(t) and b.startswith(t)), default=0)
    return fuzz.ratio(a[types:], b[types:]) >= MIN_SAME_AGENCY


# A table row whose label is the overall result ("คะแนนรวม", "ภาพรวม", "คะแนนเฉลี่ยรวม",
# "ผลการประเมินภาพรวม", "รวม", "คะแนน ITA"), compared without white space and markup.
_OVERALL_LABEL = re.compile(
    r"^(?:ผลการประเมิน|ผล)?(?:คะแนน)?(?:เฉลี่ย)?(?:ใน)?(?:รวม|ภาพรวม)(?:ทั้งหมด|ทั้งสิ้น)?"
    r"(?:\(?ITA\)?)?(?:คะแนน)?$|^(?:ผล)?คะแนน(?:เฉลี่ย)?\(?ITA\)?$",
    re.IGNORECASE,
)


_SCORE_ALONE = re.compile(r"\s*(\d{1,3}\.\d{1,2})\s*(?:คะแนน)?\s*")


def _read_overall_cards(
    doc: Document, sections: dict[tuple[int | None, int], int], out: MetadataCandidates
) -> None:
    """An overall score on a line of its own next to a line that labels it as the overall
    ("91.49" / "คะแนนภาพรวม (เต็ม 100)": a web page's card), with its section's year."""
    for page in doc.pages:
        lines = page.lines
        for i, line in enumerate(lines):
            m = _SCORE_ALONE.fullmatch(thai_digits_to_arabic(line.text))
            if m is None:
                continue
            near = [lines[k] for k in (i - 1, i + 1) if 0 <= k < len(lines)]
            near = [x for x in near if abs(x.number - line.number) == 1]
            if any(_OVERALL_LABEL.match(_bare_label(x.text)) for x in near):
                where = Provenance.of_line(line, page.number)
                year = sections.get((page.number, line.number))
                value = float(m.group(1))
                out.overall_scores.append(
                    FieldCandidate("overall_score", value, line.text.strip(), where, year)
                )


def _bare_label(text: str) -> str:
    """A label without white space, markup, a parenthesised note and a colon."""
    return re.sub(r"\([^)]*\)|[*_:]", "", compact(text))


def _read_overall_rows(doc: Document, out: MetadataCandidates) -> None:
    """Overall scores in table rows labelled as the overall result (a total row), one
    candidate per score column, with the column's year (``extract.rows``)."""
    for page, table, before in tables_in_order(doc):
        # the indicator recogniser reports the findings
        rows, _findings = score_rows(table, page.number, before)
        for row in rows:
            if not _OVERALL_LABEL.match(_bare_label(row.label)):
                continue
            for n in row.numbers:
                out.overall_scores.append(
                    FieldCandidate("overall_score", n.value, row.label, row.where, n.year_be)
                )


# After the organisation's first mention in the prose, its district is looked for within this
# many characters and its province within PROVINCE_WINDOW: a name is followed by its
# district, then its province ("เทศบาลตำบลนาหว้าใหญ่ อำเภอนาหว้า จังหวัดนครพนม"), not by a
# sentence first. Values chosen on the development set (ADDRESS_WINDOW is the wider window
# of an address that a number and a village come before).
DISTRICT_WINDOW = 80
PROVINCE_WINDOW = 120


def _read_prose(
    paras: list[Paragraph],
    out: MetadataCandidates,
    sections: dict[tuple[int | None, int], int],
) -> None:
    for para in paras:
        text = para.text
        if out.organisation is None and (org := find_organisation(text)) is not None:
            out.organisation = org
            at = text.find(org.place)
            out.organisation_where = para.where(at)
            out.district = find_district(text[at : at + DISTRICT_WINDOW])
            out.province = find_province(text[at : at + PROVINCE_WINDOW])
        _read_assessment_years(para, out)
        _read_overall(para, out, sections)


# An address names the district and province within this many characters after the
# organisation's place name ("เทศบาลตำบลนาหว้าใหญ่ เลขที่ 99 หมู่ที่ 7 ตำบลนาหว้าใหญ่ อำเภอ…").
ADDRESS_WINDOW = 160


def _read_address(paras: list[Paragraph], out: MetadataCandidates) -> None:
    """District and province from the first line that names the organisation and then, in
    the shape of an address, a district and a province (a web page's footer or header, a
    letterhead), when the title block and the first mention gave none."""
    assert out.organisation is not None
    for para in paras:
        at = para.text.find(out.organisation.place)
        while at >= 0:
            # the province must begin within the window; its name may run past it
            m = PROVINCE_PATTERN.search(para.text, at)
            district = (
                find_district(para.text[at : m.start()], out.organisation.org_type != "other")
                if m is not None
                else None
            )
            if m is not None and m.start() < at + ADDRESS_WINDOW and district is not None:
                out.province = m.group(1)  # an address: the district, then the province
                out.district = out.district or district
                return
            at = para.text.find(out.organisation.place, at + 1)


# The text kept as an assessment year's evidence: at most the last this many characters of the
# phrase from the keyword to the year.
RAW_YEAR_CHARS = 40


def _read_assessment_years(para: Paragraph, out: MetadataCandidates) -> None:
    """One assessment-year candidate per keyword that a year follows (see _ASSESSMENT_KEY)."""
    text = para.text
    end = 0
    for key in _ASSESSMENT_KEY.finditer(text):
        if (
            key.start() < end
            or "รายงาน" in text[max(0, key.start() - REPORT_WORD_WINDOW) : key.start()]
        ):
            continue  # one phrase votes once; a report's title gives the report's year
        window = text[key.end() : key.end() + YEAR_WINDOW]
        stops = [i for w in _NOT_ASSESSMENT_WINDOW if (i := window.find(w)) >= 0]
        window = window[: min(stops, default=len(window))]
        m = _YEAR_RIGHT_AFTER.match(window) if key.group() == "ITA" else None
        m = m or _ASSESSMENT_YEAR.search(window)
        if m is None:
            continue
        token = m.group(1)
        year = 2500 + int(token) if len(token) == 2 else next(iter(years_in(token)), None)
        if year is None or year < FIRST_ITA_YEAR:
            continue  # "2525" is a misread: no ITA before
        end = key.end() + m.end()
        where = para.where(key.end() + m.start(1))
        raw = text[key.start() : end][-RAW_YEAR_CHARS:]
        out.assessment_years.append(FieldCandidate("assessment_year_be", year, raw, where))


# An overall score is out of 100: a number at most this is a rating scale's mean (1–5).
MAX_RATING = 5.0
# A unit after the number that makes it an amount or a count, not a score.
_UNIT_AFTER = re.compile(r"\s*(?:ล้าน|บาท|คน|ราย|แห่ง|หน่วยงาน|%|เปอร์เซ็นต์)")


def _own_agency(name: str, out: MetadataCandidates) -> bool:
    """Whether an agency named beside a score is the document's own (read so far)."""
    own = out.organisation
    org = find_organisation(name)
    return own is not None and org is not None and _same_agency(org.name, own.name)


def _overall_window_ok(window: str) -> bool:
    """Whether the words between an overall keyword and a number leave it the overall score:
    none of NOT_OVERALL_WORDS, and no indicator named (indicators may be named without
    "ตัวชี้วัด")."""
    window = compact(window).replace(ITA_NAME, "")
    if any(w in window for w in NOT_OVERALL_WORDS):
        return False
    return not names_an_indicator(window)


def _sentence_year(text: str, m: re.Match[str]) -> int | None:
    """The year a score's own sentence gives it: the one year written between the keyword and
    the score, else none (a year elsewhere in the paragraph may be any year's)."""
    years = set(years_in(m.group("window")))
    return years.pop() if len(years) == 1 else None


def _read_overall(
    para: Paragraph, out: MetadataCandidates, sections: dict[tuple[int | None, int], int]
) -> None:
    text = para.text
    used_levels: set[int] = set()
    for m in _LEVEL_WITH_SCORE.finditer(text):
        where = para.where(m.start())
        score = parse_score(m.group(2))
        if score is not None:
            out.overall_scores.append(FieldCandidate("overall_score", score, m.group(0), where))
        out.levels.append(FieldCandidate("stated_level", m.group(1), m.group(0), where))
        used_levels.add(m.start(1))
    for m in _OVERALL.finditer(text):
        score = parse_score(m.group("score"))
        # the keyword and its window (an agency's name, "…ส่วนจังหวัด…", is not a distractor)
        before_score = text[m.end("org") if m.group("org") else m.start() : m.start("score")]
        if score is None or score <= MAX_RATING or not _overall_window_ok(before_score):
            continue
        if _UNIT_AFTER.match(text, m.end()):
            continue  # "12.50 ล้านบาท": an amount, not a score
        if m.group("org") and not _own_agency(m.group("org"), out):
            continue  # another agency's score
        if m.group("result") and not _overall_window_ok(
            text[max(0, m.start() - RESULT_LOOKBACK) : m.start()]
        ):
            continue  # "ตัวชี้วัดที่ 1 … ผลการประเมินได้คะแนน …": an indicator's result
        where = para.where(m.start("score"))
        year = _sentence_year(text, m) or sections.get((where.page, where.line))
        out.overall_scores.append(FieldCandidate("overall_score", score, m.group(0), where, year))
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
        where = para.where(start)
        out.levels.append(FieldCandidate("stated_level", level.group(1), level.group(0), where))
