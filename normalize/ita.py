"""The ITA method as data: the ten indicators, the overall-score weights and the level rules.

This module is where the project keeps its facts about ITA; each entry says how sure the fact
is: CONFIRMED (NACC, or a report of NACC's announcement), CORROBORATED (a secondary or
unofficial source consistent with the rest), SEEN (visible in the sample reports 000–003),
UNCONFIRMED (kept as data that can be corrected). Change the data here, not the code that
uses it.

English indicator names: NACC publishes no single official English list (CONFIRMED). We use
the short English names of the Prince of Songkla University report for NACC (2564), without
their quoted alternative labels.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Indicator:
    """One of the ten canonical ITA indicators (2562–2568).

    ``variants`` are other spellings of the name in reports: SEEN in samples 000–003
    (คุณภาพการทำงาน in 000, การปรับปรุงการทำงาน in 001 and 003, ปรับปรุงการทำงาน in 002), or
    reported elsewhere and not SEEN in the samples (การใช้ทรัพย์สินของทางราชการ,
    การแก้ไขปัญหาทุจริต).
    """

    number: int
    tool: str  # "IIT", "EIT" or "OIT"
    name_th: str
    name_en: str
    variants: tuple[str, ...] = ()


# The ten indicators, their tools and Thai names: CONFIRMED for 2562–2568. Before 2562 many
# agencies reported the old five-index ITA, whose numbers are not these ten (CONFIRMED).
INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "IIT", "การปฏิบัติหน้าที่", "Performance of duty"),
    Indicator(2, "IIT", "การใช้งบประมาณ", "Budget use"),
    Indicator(3, "IIT", "การใช้อำนาจ", "Use of authority"),
    Indicator(
        4,
        "IIT",
        "การใช้ทรัพย์สินของราชการ",
        "Use of state property",
        ("การใช้ทรัพย์สินของทางราชการ",),
    ),
    Indicator(
        5,
        "IIT",
        "การแก้ไขปัญหาการทุจริต",
        "Corruption problem solving",
        ("การแก้ไขปัญหาทุจริต",),
    ),
    Indicator(
        6,
        "EIT",
        "คุณภาพการดำเนินงาน",
        "Quality of operation",
        ("คุณภาพการทำงาน",),
    ),
    Indicator(7, "EIT", "ประสิทธิภาพการสื่อสาร", "Communication efficiency"),
    Indicator(
        8,
        "EIT",
        "การปรับปรุงระบบการทำงาน",
        "Work-system improvement",
        ("การปรับปรุงการทำงาน", "ปรับปรุงการทำงาน"),
    ),
    Indicator(9, "OIT", "การเปิดเผยข้อมูล", "Open data"),
    Indicator(10, "OIT", "การป้องกันการทุจริต", "Corruption prevention"),
)

INDICATOR_BY_NUMBER: dict[int, Indicator] = {i.number: i for i in INDICATORS}

# The three tools, in the order NACC and the reports list them (CONFIRMED): IIT =
# แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (internal stakeholders' perception), EIT = …ภายนอก
# (external), OIT = แบบตรวจการเปิดเผยข้อมูลสาธารณะ (open data).
TOOLS: tuple[str, ...] = ("IIT", "EIT", "OIT")
# A heading that names a tool by its Thai name: one of these words (แบบวัด… for IIT and EIT,
# แบบตรวจ… for OIT) and the word that tells the tool.
TOOL_FORM_WORDS: tuple[str, ...] = ("แบบวัด", "แบบตรวจ")
TOOL_NAME_WORDS: tuple[tuple[str, str], ...] = (
    ("ภายใน", "IIT"),
    ("ภายนอก", "EIT"),
    ("เปิดเผยข้อมูลสาธารณะ", "OIT"),
)

# Overall score = Σ weight × mean(indicators of the tool). SEEN to 0.01 in samples 001–003,
# CORROBORATED for 2564–2568; UNCONFIRMED for 2561–2563 (applied there too, as the check only
# raises a finding).
TOOL_WEIGHTS: dict[str, float] = {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}
TOOL_INDICATORS: dict[str, tuple[int, ...]] = {
    "IIT": (1, 2, 3, 4, 5),
    "EIT": (6, 7, 8),
    "OIT": (9, 10),
}

# Column headings (without white space) of the first column of an item table, "ข้อ |
# หัวข้อการประเมิน | ระดับคะแนน" (SEEN in sample 001): the column of item codes.
ITEM_COLUMN_HEADERS = frozenset({"ข้อ", "ข้อที่"})
# The word that names a score: in a column's heading ("คะแนน", "ระดับคะแนน"), after a number.
SCORE_WORD = "คะแนน"

# Tolerance for comparing a stated score with one we recompute: scores are published with two
# decimals, so recomputation from rounded indicators differs by up to about 0.01.
SCORE_TOLERANCE = 0.01
# Every ITA score (indicator, item, tool mean, overall) is on a 0–100 scale (CONFIRMED: the
# NACC's manuals score each item 0–100 and every higher level is a mean of those).
SCORE_MIN, SCORE_MAX = 0.0, 100.0
# Float comparison slack on top of SCORE_TOLERANCE (0.01 exactly must not be flagged).
SCORE_EPS = 1e-9

PASS_MARK = 85.0  # "ผ่าน" / "ผ่านเกณฑ์": score ≥ 85 in every year (CONFIRMED).

# 2562–2566 letter bands, lower bounds (CONFIRMED for 2565, CORROBORATED for the others).
LETTER_BANDS: tuple[tuple[float, str], ...] = (
    (95.0, "AA"),
    (85.0, "A"),
    (75.0, "B"),
    (65.0, "C"),
    (55.0, "D"),
    (50.0, "E"),
    (0.0, "F"),
)
LETTER_YEARS = range(2562, 2567)

# 2567–2568 tiers. The per-tool rule is CONFIRMED (NACC 2568 statement on the State Audit
# Office); the 70 cut-off is CORROBORATED only.
TIER_YEARS = range(2567, 2569)
TIER_EXCELLENT, TIER_GOOD, TIER_PASS = "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน"
TIER_IMPROVE, TIER_URGENT = "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"
TIER_IMPROVE_FLOOR = 70.0
# ผ่านดีเยี่ยม: the overall score and every tool's mean at least this (with ผ่านดี: every tool's
# mean at least PASS_MARK; ผ่าน: the overall at least PASS_MARK).
TIER_EXCELLENT_FLOOR = 95.0

# Every level word a report may state for the overall result, longest first for matching.
LEVEL_WORDS: tuple[str, ...] = (
    "ต้องปรับปรุงโดยด่วน",
    "ผ่านดีเยี่ยม",
    "ต้องปรับปรุง",
    "ไม่ผ่านเกณฑ์",
    "ผ่านเกณฑ์",
    "ไม่ผ่าน",
    "ผ่านดี",
    "ผ่าน",
    "AA",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
)


def overall_from_indicators(scores: dict[int, float]) -> float | None:
    """Recompute the overall ITA score from the ten indicator scores.

    Args:
        scores: indicator number (1–10) → score (0–100).

    Returns:
        0.3 × mean(1–5) + 0.3 × mean(6–8) + 0.4 × mean(9–10), rounded to 2 decimals, or
        ``None`` unless all ten indicators are present.
    """
    means = tool_means(scores)
    if means is None:
        return None
    return round(sum(TOOL_WEIGHTS[t] * m for t, m in means.items()), 2)


def tool_means(scores: dict[int, float]) -> dict[str, float] | None:
    """Mean score of each tool (IIT, EIT, OIT), or ``None`` unless all ten are present."""
    if any(n not in scores for n in INDICATOR_BY_NUMBER):
        return None
    return {
        tool: sum(scores[n] for n in numbers) / len(numbers)
        for tool, numbers in TOOL_INDICATORS.items()
    }


def level_for(
    year_be: int | None, overall: float | None, means: dict[str, float] | None
) -> str | None:
    """The level that the rules of the assessment year give.

    Args:
        year_be: assessment year, Buddhist Era.
        overall: overall score 0–100.
        means: mean score per tool, needed for the 2567–2568 tiers at 85 and above.

    Returns:
        A letter (2562–2566), a tier (2567–2568), or ``None`` when the year has no known
        rules or the data do not decide (2567+ with overall ≥ 85 but tool means unknown).
    """
    if year_be is None or overall is None:
        return None
    if year_be in LETTER_YEARS:
        return next(letter for floor, letter in LETTER_BANDS if overall >= floor)
    if year_be in TIER_YEARS:
        if overall < TIER_IMPROVE_FLOOR:
            return TIER_URGENT
        if overall < PASS_MARK:
            return TIER_IMPROVE
        if means is None:
            return None
        lowest = min(means.values())
        if overall >= TIER_EXCELLENT_FLOOR and lowest >= TIER_EXCELLENT_FLOOR:
            return TIER_EXCELLENT
        if lowest >= PASS_MARK:
            return TIER_GOOD
        return TIER_PASS
    return None


def level_consistent(stated: str, computed: str | None, overall: float | None) -> bool | None:
    """Whether a stated level agrees with the computed one.

    "ผ่าน"/"ผ่านเกณฑ์" also means simply "score ≥ 85" and "ไม่ผ่าน"/"ไม่ผ่านเกณฑ์" "score < 85"
    in every year (CONFIRMED), so a 2566 report that states "ผ่าน" for 86.75 is consistent.

    Returns:
        True or False, or ``None`` when there is nothing to compare with.
    """
    if overall is not None:
        if stated in ("ผ่าน", "ผ่านเกณฑ์"):
            return overall >= PASS_MARK
        if stated in ("ไม่ผ่าน", "ไม่ผ่านเกณฑ์"):
            return overall < PASS_MARK
    if computed is None:
        return None
    return stated == computed


# Item maps per assessment year: tool → ((first item, last item, indicator), …). Used only
# when no section heading names the indicator an item stands under.
# 2568: SEEN in sample 001 (i1–i15 three per indicator, e1–e9 three per indicator, o1–o20
# indicator 9, o21–o28 indicator 10). 2564–2565 OIT O1–O43: CORROBORATED (9.1–9.5 = O1–O33,
# 10.1–10.2 = O34–O43). Other years and tools: UNCONFIRMED, so no map.
ITEM_MAPS: dict[int, dict[str, tuple[tuple[int, int, int], ...]]] = {
    2568: {
        "IIT": ((1, 3, 1), (4, 6, 2), (7, 9, 3), (10, 12, 4), (13, 15, 5)),
        "EIT": ((1, 3, 6), (4, 6, 7), (7, 9, 8)),
        "OIT": ((1, 20, 9), (21, 28, 10)),
    },
    2564: {"OIT": ((1, 33, 9), (34, 43, 10))},
    2565: {"OIT": ((1, 33, 9), (34, 43, 10))},
}
# The highest item number any year is known to use per tool (IIT i1–i30 in 2564, OIT O1–O43
# in 2564–2565, EIT unknown before 2568: the same bound as IIT); a code read as a larger number
# has its first digit taken for the tool's letter ("110" in an IIT table is i10).
MAX_ITEM_NUMBER: dict[str, int] = {"IIT": 30, "EIT": 30, "OIT": 43}
ITEM_LETTER: dict[str, str] = {"IIT": "i", "EIT": "e", "OIT": "o"}
RESPONDENT_GROUPS: tuple[str, ...] = ("EitPublic", "EitSurvey")
# The tools whose indicator score is the mean of its items (IIT: the plain mean; EIT: the mean
# over the respondent groups of each group's mean), both SEEN in sample 001. An OIT indicator
# is not the plain mean of its items, so OIT items give no check.
ITEM_MEAN_TOOLS: tuple[str, ...] = ("IIT", "EIT")


def indicator_of_item(year_be: int | None, tool: str, number: int) -> int | None:
    """The indicator an item belongs to by the year's item map, or ``None`` if unknown."""
    for first, last, indicator in ITEM_MAPS.get(year_be or 0, {}).get(tool, ()):
        if first <= number <= last:
            return indicator
    return None
