"""Scores and years as numbers: Thai or Arabic digits in, floats and ints out. Pure functions.

Scores: ITA publishes every score on a 0–100 scale with two decimals (``๙๘.๘๙``, ``๑๐๐.๐๐``).
Years: Buddhist Era (พ.ศ.); this version reads 2500–2599 and nothing else, so a Common Era year
or a stray four-digit number is never taken for a fiscal year.
"""

from __future__ import annotations

import re

from normalize.text import thai_digits_to_arabic

# A score token as written: up to three digits, optionally a decimal part of one or two.
SCORE_TOKEN = r"\d{1,3}(?:\.\d{1,2})?"
_SCORE = re.compile(rf"^{SCORE_TOKEN}$")
BE_YEAR_MIN, BE_YEAR_MAX = 2500, 2599


def parse_score(token: str) -> float | None:
    """Parse a score token (Thai or Arabic digits) into a float, or ``None``.

    Range is not checked here (that is a finding, ``SCORE_OUT_OF_RANGE``).

    >>> parse_score("๙๘.๘๙")
    98.89
    >>> parse_score("98.8.9") is None
    True
    """
    token = thai_digits_to_arabic(token.strip())
    return float(token) if _SCORE.match(token) else None


def parse_be_year(token: str) -> int | None:
    """Parse a Buddhist-Era year (๒๕๖๘ or 2568) into an int; ``None`` outside 2500–2599."""
    token = thai_digits_to_arabic(token.strip())
    if not token.isdigit():
        return None
    year = int(token)
    return year if BE_YEAR_MIN <= year <= BE_YEAR_MAX else None


# Years as headings and sentences write them: 2566 (BE), 2023 (Common Era, ITA ran from 2018:
# "ITA 2021"), and two digits after ปี or ITA ("ปี 66", "ITA 65", read as 25xx).
CE_YEAR_MIN, CE_YEAR_MAX = 2015, 2045
_YEAR_IN_TEXT = re.compile(
    r"(?<!\d)(?<!\d[.,])(?:(25\d\d)|(20[1-4]\d)|(?<=ปี)\s*(\d\d)|(?<=ITA)\s*(\d\d))(?![\d]|[.,]\d)",
    re.IGNORECASE,
)


def years_in(text: str) -> list[int]:
    """The Buddhist-Era years written in ``text``, in order (Thai or Arabic digits).

    BE years 2500–2599 as they are; Common Era years 2015–2045 plus 543 (ITA began in 2018, so
    an earlier or later four-digit number is not an assessment year); two digits right after
    "ปี" or "ITA" as 25xx.

    >>> years_in("ผลคะแนน ปี ๒๕๖๖ และ ITA 2024, ปี 65")
    [2566, 2567, 2565]
    """
    out = []
    for m in _YEAR_IN_TEXT.finditer(thai_digits_to_arabic(text)):
        be, ce, short_pi, short_ita = m.groups()
        if be:
            out.append(int(be))
        elif ce:
            out.append(int(ce) + 543)
        else:
            out.append(2500 + int(short_pi or short_ita))
    return out
