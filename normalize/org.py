"""Organisation names and places: canonical local-government names, their type, and the
district and province checked against the gazetteer of Thai administrative areas.

The gazetteer is the ``geothai`` package (all 77 provinces, 928 districts and every
subdistrict with official DOPA codes). Abbreviations (CORROBORATED by secondary sources):
อบต. = องค์การบริหารส่วนตำบล, อบจ. = องค์การบริหารส่วนจังหวัด, ทต. = เทศบาลตำบล,
ทม. = เทศบาลเมือง, ทน. = เทศบาลนคร; an abbreviation is expanded only when a place name follows
it ("ทนพ." is a title, not เทศบาลนคร).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import geothai
from pythainlp.tokenize import word_tokenize
from rapidfuzz import fuzz, process

from normalize.findings import Finding
from normalize.text import (
    NIKHAHIT,
    SARA_AA,
    SARA_AM,
    THAI_CONSONANTS,
    THAI_LEADING_VOWELS,
    THAI_WORD_CHARS,
    THANTHAKHAT,
    TONE_MARKS,
)

# Full type word → org_type value; longest first so that เทศบาลตำบล wins over เทศบาล.
ORG_TYPES: dict[str, str] = {
    "องค์การบริหารส่วนตำบล": "sao",
    "องค์การบริหารส่วนจังหวัด": "pao",
    "เทศบาลตำบล": "subdistrict_municipality",
    "เทศบาลเมือง": "town_municipality",
    "เทศบาลนคร": "city_municipality",
}
ABBREVIATIONS: dict[str, str] = {
    "อบต.": "องค์การบริหารส่วนตำบล",
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
    "ทต.": "เทศบาลตำบล",
    "ทม.": "เทศบาลเมือง",
    "ทน.": "เทศบาลนคร",
}
# A place name: a consonant or leading vowel first; parts joined by a hyphen ("ท่าเดื่อ-มืดกา").
_THAI_NAME = (
    rf"[{THAI_CONSONANTS}{THAI_LEADING_VOWELS}][{THAI_WORD_CHARS}]*(?:-[{THAI_WORD_CHARS}]+)*"
)


# Vowels written above or below their consonant (SARA AM aside: ``tolerant`` handles it).
_ABOVE_BELOW_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"


def tolerant(word: str, spaced: bool = False, vowels_lost: bool = False) -> str:
    """A regular expression for ``word`` as damaged PDF text layers write it: tone marks and
    the thanthakhat may be lost ("องคการบริหารสวนตาบล"), and SARA AM may be lost, split or
    written as า ("ตาบล", "ต าบล", "ตําบล"), as seen in extracted text of public PDFs and
    in TH Sarabun's text layer exported by MS Word (``normalize.text.repair_thai``). With
    ``spaced``, a space may stand before any letter that is not a combining mark, as text
    extractors break Thai words ("จัง หวัด", "อา เภอ"): for short keywords only, whose
    letters cannot be read across a word boundary by chance. With ``vowels_lost``, the vowels
    written above or below a consonant may be lost too, as OCR drops them ("จงหวด" for
    จังหวัด): for words that end a name, never for the words that find one.

    >>> bool(re.fullmatch(tolerant("องค์การบริหารส่วนตำบล"), "องคการบริหารสวนต าบล"))
    True
    >>> bool(re.fullmatch(tolerant("จังหวัด", spaced=True), "จัง หวัด"))
    True
    """
    out = []
    for ch in word:
        if ch in TONE_MARKS + THANTHAKHAT or (vowels_lost and ch in _ABOVE_BELOW_VOWELS):
            out.append(ch + "?")
        elif ch == SARA_AM:
            out.append(f"(?:{SARA_AM}|{NIKHAHIT}?\\s?{SARA_AA})?")
        else:
            gap = r"\s?" if spaced and out and unicodedata.category(ch) != "Mn" else ""
            out.append(gap + re.escape(ch))
    return "".join(out)


_TYPE_WORDS = "|".join([tolerant(w) for w in ORG_TYPES] + [re.escape(w) for w in ABBREVIATIONS])
ORG_PATTERN = re.compile(rf"({_TYPE_WORDS})\s?({_THAI_NAME})")
DISTRICT_PATTERN = re.compile(rf"(?:{tolerant('อำเภอ', spaced=True)}|อ\.)\s?({_THAI_NAME})")
PROVINCE_PATTERN = re.compile(rf"(?:{tolerant('จังหวัด', spaced=True)}|จ\.)\s?({_THAI_NAME})")

# A stated district is taken for a slip of the district that the organisation's subdistrict
# lies in only when at least this similar to it (sample 000: "กง" for คง, 50): a district
# quite unlike it is what the document says and is kept, flagged.
MIN_SUBDISTRICT_SIMILARITY = 50.0
# A stated place name this similar (rapidfuzz ratio) to exactly one gazetteer name is taken
# as a misspelling of it; below, it is kept as stated and flagged.
MIN_PLACE_SIMILARITY = 80.0


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation as named in a report: canonical full name, type and place name."""

    name: str  # e.g. "องค์การบริหารส่วนตำบลกุดรัง"
    # sao, pao, subdistrict_municipality, town_municipality, city_municipality; other for an
    # agency of another kind (``find_other_agency``)
    org_type: str
    place: str  # the name without its type word, e.g. "กุดรัง"


@dataclass(slots=True)
class PlaceCheck:
    """District and province after the gazetteer check, with what the check found.

    The codes (DOPA's: province 2 digits, district 4) and English names are the gazetteer's,
    set only for a name the gazetteer knows; ``None`` for a name kept as stated.
    """

    district: str | None
    province: str | None
    findings: list[Finding] = field(default_factory=list)  # without page and line
    district_code: str | None = None
    district_en: str | None = None
    province_code: str | None = None
    province_en: str | None = None

    def _known(self, province, district=None) -> PlaceCheck:
        """Take a gazetteer province (and district) with their codes and English names."""
        self.province = province.name_th
        self.province_code, self.province_en = province.code, province.name_en
        if district is not None:
            self.district = district.name_th
            self.district_code, self.district_en = district.code, district.name_en
        return self


# Words that end a place name when a scan or a layout glued the next words to it
# ("องค์การบริหารส่วนตำบลต้นมะพร้าวอำเภอเมืองเพชรบุรี").
_NAME_ENDS = re.compile(
    "|".join(tolerant(w, vowels_lost=True) for w in ("อำเภอ", "จังหวัด", "ประจำปี", "ตำบล"))
)


def find_organisation(text: str) -> Organisation | None:
    """The first local-government name in ``text``, expanded and typed.

    >>> find_organisation("ขององค์การบริหารส่วนตำบลเมืองคง อำเภอกง").name
    'องค์การบริหารส่วนตำบลเมืองคง'
    >>> find_organisation("อบต.ต้นมะพร้าว").org_type
    'sao'
    """
    for m in ORG_PATTERN.finditer(text):
        type_word = ABBREVIATIONS.get(m.group(1)) or next(
            w for w in ORG_TYPES if re.fullmatch(tolerant(w), m.group(1))
        )
        place = _end_of_name(m.group(2))
        if place:  # else a type word in a sentence ("…ส่วนตำบลและหน่วยงานอื่น")
            return Organisation(type_word + place, ORG_TYPES[type_word], place)
    return None


# Words (pythainlp's segmentation) that go on with a sentence after an agency's name glued to
# it ("…บางชุมแสงได้เข้ารับการประเมิน…", "…กุดรังซึ่งเป็น…"): a place name does not contain
# them as words of its own after its first word (ในเมือง is a place).
CLAUSE_WORDS = frozenset(
    {
        "ได้", "ได้รับ", "มี", "มีผล", "ซึ่ง", "โดย", "เป็น", "จึง", "ขอ", "ณ", "และ", "ของ",
        "เพื่อ", "ให้", "จาก", "กับ", "ว่า", "ประจำปี", "ปีงบประมาณ", "เลขที่", "หมู่", "หมู่ที่",
        "รายงาน", "ผ่าน", "อยู่", "ได้แก่", "ที่", "ใน", "คะแนน", "การประเมิน", "ผลการประเมิน",
        "โทร", "โทรศัพท์",
    }
)  # fmt: skip


def _end_of_name(place: str) -> str:
    """``place`` without the sentence glued after it.

    The longest name the gazetteer knows (subdistrict, district, province) that ``place``
    begins with and that ends where ``place`` ends, a ``CLAUSE_WORDS`` word or the next
    place's prefix begins ("ท่าอยู่", "ในเมืองได้คะแนน", "โนนทรายได้เข้ารับ", "สามตำบล
    อำเภอ…"); else ``place`` up to the next place's prefix (``_NAME_ENDS``) or the first such
    word by pythainlp's newmm segmentation ("บางชุมแสงได้เข้ารับ…" → "บางชุมแสง"). Empty when
    ``place`` begins with such a word and is no known name ("องค์การบริหารส่วนตำบลและ
    หน่วยงานอื่น" names no organisation)."""
    names = _gazetteer_names()
    known = max(
        (n for n in names if place.startswith(n) and _sentence_or_end(place[len(n) :])),
        key=len,
        default=None,
    )
    if known is not None:
        return known
    place = _NAME_ENDS.split(place, maxsplit=1)[0] or place
    words = word_tokenize(place, engine="newmm", keep_whitespace=False)
    at = next((i for i, w in enumerate(words) if w in CLAUSE_WORDS), None)
    return place if at is None else "".join(words[:at]).rstrip("-")


def _sentence_or_end(rest: str) -> bool:
    return not rest or any(rest.startswith(w) for w in CLAUSE_WORDS) or bool(_NAME_ENDS.match(rest))


def is_gazetteer_place(name: str) -> bool:
    """Whether ``name`` is the Thai name of a province, district or subdistrict of the
    gazetteer (geothai)."""
    return name in _gazetteer_names()


@functools.cache
def _gazetteer_names() -> frozenset[str]:
    """Thai names of every province, district and subdistrict of the gazetteer."""
    names: set[str] = set()
    for province in geothai.provinces():
        names.add(province.name_th)
        for district in geothai.districts(province.code):
            names.add(district.name_th)
            names.update(s.name_th for s in geothai.subdistricts(district.code))
    return frozenset(names)


def find_district(text: str, damaged_unknown: bool = True) -> str | None:
    """The first "อำเภอX" / "อ.X" place name in ``text``, without the prefix.

    Args:
        text: where to look.
        damaged_unknown: whether to return a name that the gazetteer does not know when the
            prefix shows a damaged text layer ("อาเภอ", "อ าเภอ": SARA AM lost or split), where
            the name may have lost its marks too ("บางไผงาม"). A local government's district
            is then still checked against the subdistrict it is named after
            (``check_place``); an agency of another kind has no such check, so its caller
            passes ``False`` and such a name is not written.

    >>> find_district("อาเภอบางไผงาม จังหวัดกระบี่", damaged_unknown=False) is None
    True
    >>> find_district("อาเภอเมืองกระบี่ จังหวัดกระบี่", damaged_unknown=False)
    'เมืองกระบี่'
    """
    m = DISTRICT_PATTERN.search(text)
    if m is None:
        return None
    prefix = m.group(0)[: m.start(1) - m.start(0)].strip()
    name = _place_alone(_without_glued_abbreviation(text, m))
    if not name:
        return None
    if damaged_unknown or prefix in ("อำเภอ", "อ.") or name in _all_district_names():
        return name
    return None


def _place_alone(name: str) -> str:
    """A district or province name without what is glued after it: the next place's prefix
    ("ป่ากระเบาจังหวัดอำนาจเจริญ"), or the sentence going on (``_end_of_name``)."""
    return _end_of_name(name)


@functools.cache
def _all_district_names() -> frozenset[str]:
    return frozenset(d.name_th for p in geothai.provinces() for d in geothai.districts(p.code))


# Agencies of other kinds (central government, public organisations, universities …): the
# words their names begin with, as the NACC's list of assessed agencies writes them. Longest
# first where one begins another.
OTHER_TYPE_WORDS: tuple[str, ...] = (
    "สำนักงาน",
    "สำนัก",
    "กระทรวง",
    "กรม",
    "มหาวิทยาลัย",
    "วิทยาลัย",
    "สถาบัน",
    "โรงพยาบาล",
    "โรงเรียน",
    "องค์การ",
    "การไฟฟ้า",
    "การประปา",
    "การท่าเรือ",
    "การรถไฟ",
    "การเคหะ",
    "การยาสูบ",
    "การกีฬา",
    "การท่องเที่ยว",
    "ศาล",
    "กองทุน",
    "ธนาคาร",
    "คณะกรรมการ",
    "ราชบัณฑิตยสภา",
    "กรุงเทพมหานคร",
    "เมืองพัทยา",
)
# Names that every report mentions and that are not the reporting agency: the NACC (which
# runs the ITA), and a local government's own divisions (สำนักปลัด, สำนักงานปลัด).
NOT_THE_AGENCY: tuple[str, ...] = (
    "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริต",
    "คณะกรรมการป้องกันและปราบปรามการทุจริต",
    "สำนักงานป.ป.ช",
    "สำนักงานป.ป.ท",
    "คณะกรรมการป.ป.ช",
    "ป.ป.ช",
    "สำนักปลัด",
    "สำนักงานปลัด",
)
# An agency named on a line of its own is at most this long.
MAX_AGENCY_LINE = 90
_OTHER_TYPE = re.compile("|".join(tolerant(w) for w in OTHER_TYPE_WORDS))
# Where a line that begins with an agency's name goes on with other words: the report's
# year, a verb, an opening bracket other than "(องค์การมหาชน)", an address after a space.
_AGENCY_NAME_ENDS = re.compile(
    r"\s*(?:" + tolerant("ประจำปี") + r"|ปีงบประมาณ|พ\.ศ\.|ได้|โดย|ซึ่ง|มี|\((?!องค์การมหาชน)"
    r"|\s?สังกัด|\s(?:" + tolerant("อำเภอ") + r"|จังหวัด|ตำบล|เลขที่|โทร))"
)


# A local government's type word written with a space or damaged so that
# ``find_organisation`` missed it ("องค์การบริหารส่วน ตำบลท่าข้าม"): no agency of another kind.
_LOCAL_TYPE_START = re.compile(r"^องค์การบริหาร\s*ส่วน|^เทศบาล")
# Thai vowels and marks that follow their consonant: a type word followed by one of them is
# the start of a longer word ("ศาลา…", "ศาลากลาง"), not of a name.
_FOLLOWING = frozenset("ะัาำิีึืฺุู็่้๊๋์ํๅ")


def _word_ends(text: str, end: int) -> bool:
    """Whether a syllable can begin at ``end`` (a type word ends there)."""
    return end >= len(text) or text[end] not in _FOLLOWING


def find_other_agency(line: str) -> Organisation | None:
    """An agency of another kind than a local government (``OTHER_TYPE_WORDS``) named at the
    start of a line of its own — a report's title block names its agency so: "สำนักงานเขต
    พื้นที่การศึกษาประถมศึกษากระบี่ เขต 2", "สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี
    (องค์การมหาชน)". The name ends where the line goes on with other words
    (``_AGENCY_NAME_ENDS``); its type word is written in full even where the text layer
    damaged it ("สานักงาน"). ``None`` for a longer line, a local government (see
    ``find_organisation``), the NACC and a local government's divisions (``NOT_THE_AGENCY``), a
    type word that only begins a longer word ("ศาลากลาง"). Type words that begin common words
    ("สภาพ", "ศูนย์…" of a municipality) are not in ``OTHER_TYPE_WORDS``.

    Returns:
        An ``Organisation`` with ``org_type`` "other" and ``place`` the name without its
        type word.

    >>> find_other_agency("สานักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่ เขต 2").name
    'สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่ เขต 2'
    >>> find_other_agency("สำนักงาน ป.ป.ช.") is None
    True
    """
    text = " ".join(line.split())
    if len(text) > MAX_AGENCY_LINE or find_organisation(text) is not None:
        return None
    m = _OTHER_TYPE.match(text)
    if m is None or _LOCAL_TYPE_START.match(text) or not _word_ends(text, m.end()):
        return None
    type_word = next(w for w in OTHER_TYPE_WORDS if re.fullmatch(tolerant(w), m.group(0)))
    rest = text[m.end() :]
    end = _AGENCY_NAME_ENDS.search(rest)
    rest = (rest[: end.start()] if end else rest).strip()
    name = type_word + rest
    if not rest or any("".join(name.split()).startswith(w) for w in NOT_THE_AGENCY):
        return None
    return Organisation(name, "other", rest)


def find_province(text: str) -> str | None:
    """The first "จังหวัดX" / "จ.X" place name in ``text``, without the prefix."""
    m = PROVINCE_PATTERN.search(text)
    return (_place_alone(_without_glued_abbreviation(text, m)) or None) if m else None


def _without_glued_abbreviation(text: str, m: re.Match[str]) -> str:
    """The place name of ``m`` without the first letter of an abbreviation glued after it
    ("อ.เมืองหนองบัวลำภูจ.หนองบัวลำภู": จ. is จังหวัด)."""
    name = m.group(1)
    if text[m.end(1) : m.end(1) + 1] == "." and len(name) > 1 and name[-1] in "ตอจ":
        return name[:-1]
    return name


def check_place(org: Organisation | None, district: str | None, province: str | None) -> PlaceCheck:
    """Check a stated district and province against the gazetteer and correct misspellings.

    Province: exact name, else the single province at least ``MIN_PLACE_SIMILARITY`` similar,
    else kept as stated with a warning. For a provincial administration (อบจ.) the place in its
    name is the province. District: exact name within the province; else the district of the
    subdistrict that the organisation is named after, when exactly one subdistrict of that
    name lies in the province (an อบต. is named after its ตำบล) and the stated name is at
    least ``MIN_SUBDISTRICT_SIMILARITY`` similar to that district; else the single similar
    district; else kept as stated with a warning. Every correction is a warning finding that
    names the stated form. A missing district is filled in from the subdistrict only for an
    อบต. (info finding).

    Returns:
        The checked names (official Thai names without "อำเภอ"/"จังหวัด"), or ``None`` where
        neither the document nor the gazetteer gives one.
    """
    check = PlaceCheck(district, province)
    if org is not None and org.org_type == "pao" and province is None:
        province = check.province = org.place
    if province is None:
        return check
    found = _resolve(province, {p.name_th: p for p in geothai.provinces()})
    if found is None:
        check.findings.append(
            Finding("warning", "PROVINCE_UNKNOWN", f"province {province!r} is not in the gazetteer")
        )
        return check
    prov = found
    if prov.name_th != province:
        check.findings.append(
            Finding(
                "warning",
                "PROVINCE_CORRECTED",
                f"province stated as {province!r}; gazetteer name {prov.name_th!r}",
            )
        )
    check._known(prov)
    districts = {d.name_th: d for d in geothai.districts(prov.code)}
    by_subdistrict = _district_of_subdistrict(org, prov.name_th)
    if district is None:
        if by_subdistrict is not None and org is not None and org.org_type == "sao":
            check.district = by_subdistrict
            check._known(prov, districts.get(by_subdistrict))
            check.findings.append(
                Finding(
                    "info",
                    "DISTRICT_FROM_GAZETTEER",
                    f"district not stated; ตำบล{org.place} lies in อำเภอ{by_subdistrict}",
                )
            )
        return check
    if district in districts:
        return check._known(prov, districts[district])
    corrected = by_subdistrict
    if corrected is not None and fuzz.ratio(district, corrected) < MIN_SUBDISTRICT_SIMILARITY:
        corrected = None  # a district the document names, not a slip of this one: kept
    how = f"ตำบล{org.place} lies in อำเภอ{by_subdistrict}" if org else ""
    if corrected is None:
        similar = _resolve(district, districts)
        corrected = similar.name_th if similar is not None else None
        how = "closest district name in the province"
    if corrected is None:
        check.findings.append(
            Finding(
                "warning",
                "DISTRICT_UNKNOWN",
                f"district {district!r} is not a district of {prov.name_th} in the gazetteer",
            )
        )
        return check
    check.district = corrected
    check._known(prov, districts.get(corrected))
    check.findings.append(
        Finding(
            "warning",
            "DISTRICT_CORRECTED",
            f"district stated as {district!r}; gazetteer: {corrected!r} ({how})",
        )
    )
    return check


def _resolve(name: str, choices: dict):
    """Exact gazetteer entry, else the single one at least MIN_PLACE_SIMILARITY similar."""
    if name in choices:
        return choices[name]
    found = process.extract(name, list(choices), scorer=fuzz.ratio, limit=2)
    good = [f for f in found if f[1] >= MIN_PLACE_SIMILARITY]
    if len(good) == 1:
        return choices[good[0][0]]
    return None


def _district_of_subdistrict(org: Organisation | None, province: str) -> str | None:
    if org is None or org.org_type == "pao":
        return None
    matches = geothai.match(org.place, province=province)
    districts = {a.district.name_th for a in matches}
    return districts.pop() if len(districts) == 1 else None
