"""Match an indicator label as written in a report to one of the ten canonical indicators.

Labels arrive misspelt, with stray spaces ("การ ใช้ทรัพย์สินของ ทางราชการ"), with SARA AM lost
("การดาเนินงาน") or split ("การใช้อํานาจ"), with a prefix ("ตัวชี้วัดที่ ๔", "ตัวชี้วัดด้าน",
"IIT ๑") and in short forms ("ปรับปรุงการทำงาน"). The matcher compares the label without white
space to every canonical name and variant with rapidfuzz's normalised Indel similarity
(``fuzz.ratio``, 0–100).

Decision rule: the indicator number, where the document gives one, is strong evidence, so a
numbered label needs only a moderate similarity to that number's indicator; an unnumbered
label must be close to one indicator and clearly closer to it than to any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from normalize.ita import INDICATOR_BY_NUMBER, INDICATORS, TOOLS, Indicator
from normalize.text import compact, repair_thai, thai_digits_to_arabic

# A numbered label ("ตัวชี้วัดที่ 4 การใช้…") needs this similarity to indicator 4: low enough
# for "การ ใช้ทรัพย์สินของ ทางราชการ" or a lost SARA AM, high enough that an item row such as
# "10 E-Service" in an OIT item table is not taken for indicator 10.
MIN_SCORE_WITH_NUMBER = 60.0
# An unnumbered label must reach this similarity …
MIN_SCORE_NAME_ONLY = 85.0
# … and beat the runner-up by this margin (indicators 5 and 10 share "…การทุจริต").
MIN_MARGIN_NAME_ONLY = 10.0

_PREFIX = re.compile(
    rf"^(?:ตัวชี้วัด\s*(?:ที่\s*\d{{1,2}}\s*[.:)]?|ด้าน)?|ด้าน|(?:{'|'.join(TOOLS)})\s*\d{{0,2}}\s*[.:]?"
    r"|\d{1,2}\s*[.)]\s*|\d{1,2}\s+)\s*",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s:.\-–()]*(?:คะแนน)?[\s:.\-–()]*$")
_MARKUP = re.compile(r"[*_#<>\"“”'`]")


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    """A label matched to an indicator; ``score`` is the similarity 0–100."""

    indicator: Indicator
    score: float


def clean_label(label: str) -> str:
    """Reduce a label to the bare indicator name, without white space.

    Removes markup, a leading "ตัวชี้วัดที่ N", "ตัวชี้วัดด้าน", "ด้าน", "IIT N" or "N." and a
    trailing "คะแนน"; repairs SARA AM and detached marks.

    >>> clean_label("ตัวชี้วัดที่ ๔ การ ใช้ทรัพย์สินของ ทางราชการ")
    'การใช้ทรัพย์สินของทางราชการ'
    """
    text = _MARKUP.sub(" ", repair_thai(thai_digits_to_arabic(label))).strip()
    for _ in range(2):  # "ตัวชี้วัดที่ 6 IIT …" has two prefixes
        text = _PREFIX.sub("", text, count=1)
    return compact(_TRAILING.sub("", text))


def similarity(label: str, indicator: Indicator) -> float:
    """Best ``fuzz.ratio`` (0–100) of a cleaned label against the indicator's names."""
    cleaned = clean_label(label)
    if not cleaned:
        return 0.0
    return max(fuzz.ratio(cleaned, compact(n)) for n in (indicator.name_th, *indicator.variants))


def match_indicator(label: str, number: int | None = None) -> IndicatorMatch | None:
    """Match a label, and the indicator number if the document gives one, to an indicator.

    Args:
        label: the label as found (Thai or Arabic digits, markup, stray spaces allowed).
        number: the indicator number stated beside the label, or ``None``.

    Returns:
        The match, or ``None`` when the label is not convincingly an indicator name:
        a number outside 1–10, a numbered label below ``MIN_SCORE_WITH_NUMBER``, or an
        unnumbered label below ``MIN_SCORE_NAME_ONLY`` or within ``MIN_MARGIN_NAME_ONLY`` of
        a second indicator.

    >>> match_indicator("ปรับปรุงการทำงาน").indicator.number
    8
    >>> match_indicator("E-Service", number=10) is None
    True
    """
    if number is not None:
        indicator = INDICATOR_BY_NUMBER.get(number)
        if indicator is None:
            return None
        score = similarity(label, indicator)
        return IndicatorMatch(indicator, score) if score >= MIN_SCORE_WITH_NUMBER else None
    ranked = sorted(((similarity(label, i), i.number) for i in INDICATORS), reverse=True)
    (best, best_no), (second, _) = ranked[0], ranked[1]
    if best < MIN_SCORE_NAME_ONLY or best - second < MIN_MARGIN_NAME_ONLY:
        return None
    return IndicatorMatch(INDICATOR_BY_NUMBER[best_no], best)


# An indicator is named in a text when a stretch of it is this close to a canonical name.
MIN_NAMED_SIMILARITY = 85.0


def names_an_indicator(text: str) -> bool:
    """Whether ``text`` names one of the ten indicators somewhere in it (rapidfuzz
    ``partial_ratio`` of a name or variant against the text without white space, at least
    ``MIN_NAMED_SIMILARITY``); names shorter than six letters, or longer than the text, are
    not looked for.

    >>> names_an_indicator("ผลคะแนนของการใช้ทรัพย์สินของราชการ")
    True
    >>> names_an_indicator("ในภาพรวม")
    False
    """
    cleaned = compact(repair_thai(text))
    return any(
        fuzz.partial_ratio(compact(n), cleaned) >= MIN_NAMED_SIMILARITY
        for i in INDICATORS
        for n in (i.name_th, *i.variants)
        if 6 <= len(compact(n)) <= len(cleaned)
    )
