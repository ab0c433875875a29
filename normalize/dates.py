"""Periods written in Thai → (start, end) months in Common Era. Pure functions.

Month names and abbreviations come from pythainlp (``thai_full_months``, ``thai_abbr_months``).
Tolerated slips: missing or spaced dots ("ต.ค ๒๕๖๕", "ต. ค."), and ศ read for ค in an
abbreviation ("ต.ศ." for ต.ค., "มี.ศ." for มี.ค., "ส.ศ." for ส.ค. — SEEN in sample 003) — but
never "พ.ศ.", which is always the era (Buddhist Era), not a misread พ.ค. Two-digit years
("ต.ค. ๖๕") are read as 25xx. A fiscal year ("ปีงบประมาณ ๒๕๖๖") runs from October of the year
before to September (Thai government fiscal year).
"""

from __future__ import annotations

import re

from pythainlp.util.date import thai_abbr_months, thai_full_months

from normalize.text import thai_digits_to_arabic

BE_TO_CE = 543
FISCAL_YEAR_FIRST_MONTH = 10  # October of the year before


def _abbr_pattern(abbr: str) -> str:
    """``ต.ค.`` → ``ต\\.\\s*[คศ]\\.?``: the first dot required, later ones optional."""
    parts = [p for p in abbr.split(".") if p]
    out = re.escape(parts[0]) + r"\.\s*"
    for i, part in enumerate(parts[1:], start=1):
        letters = re.escape(part)
        if part == "ค" and abbr != "พ.ค.":
            letters = "[คศ]"
        out += letters + (r"\.?" if i == len(parts) - 1 else r"\.?\s*")
    return out


# Misspelt abbreviations seen in reports, with their month: "มี.ย." for มิ.ย. (SEEN, sample 003).
ABBREVIATION_SLIPS: dict[str, int] = {"มี.ย.": 6}

_MONTH_ALTERNATIVES: list[tuple[str, int]] = sorted(
    [(re.escape(name), n) for n, name in enumerate(thai_full_months, 1)]
    + [(_abbr_pattern(abbr), n) for n, abbr in enumerate(thai_abbr_months, 1)]
    + [(_abbr_pattern(abbr), n) for abbr, n in ABBREVIATION_SLIPS.items()],
    key=lambda x: -len(x[0]),
)
_MONTH = re.compile(
    "(?:"
    + "|".join(f"(?P<m{n}_{i}>{p})" for i, (p, n) in enumerate(_MONTH_ALTERNATIVES))
    + r")(?:\s*(?:พ\.?\s*ศ\.?)?\s*(?P<year>\d{4}|\d{2}(?!\d)))?"
)
# "ปีงบประมาณ" (fiscal year), also with the spaces extractors put inside Thai words
# ("ประจำปีงบ ประมาณ", "ปี งบประมาณ").
FISCAL_YEAR_WORD = r"ปี\s*งบ\s*ประมาณ"
_FISCAL = re.compile(rf"{FISCAL_YEAR_WORD}\s*(?:พ\.?\s*ศ\.?)?\s*(\d{{4}})")


def _year(token: str | None) -> int | None:
    if token is None:
        return None
    year = int(token) + (2500 if len(token) == 2 else 0)
    return year if 2500 <= year <= 2599 else None


def parse_period(text: str) -> tuple[str | None, str | None]:
    """Parse a period as written into ``(start, end)`` months, ``YYYY-MM`` in Common Era.

    The first month mentioned starts the period and the last ends it; a month without a year
    takes the other end's year (one year earlier for a start month after the end month, as
    in "ต.ค. – ก.ย. ๒๕๖๙"). Without any month, "ปีงบประมาณ YYYY" gives October YYYY−1 to
    September YYYY.

    Returns:
        ``(None, None)`` when no month with a year and no fiscal year can be read.

    >>> parse_period("ต.ค. ๒๕๖๕ -มี.ค. ๒๕๖๖")
    ('2022-10', '2023-03')
    >>> parse_period("ม.ค. – ก.ย. ๒๕๖๙")
    ('2026-01', '2026-09')
    >>> parse_period("ปีงบประมาณ ๒๕๖๖")
    ('2022-10', '2023-09')
    """
    text = thai_digits_to_arabic(text)
    found: list[tuple[int, int | None]] = []
    for m in _MONTH.finditer(text):
        name = next(k for k, v in m.groupdict().items() if v and k != "year")
        found.append((int(name[1:].split("_")[0]), _year(m.group("year"))))
    if not found:
        fiscal = _FISCAL.search(text)
        if fiscal is None or (year := _year(fiscal.group(1))) is None:
            return None, None
        return _month(year - 1, FISCAL_YEAR_FIRST_MONTH), _month(year, 9)
    (m1, y1), (m2, y2) = found[0], found[-1]
    if y1 is None and y2 is None:
        return None, None
    if y1 is None:
        y1 = y2 - 1 if m1 > m2 else y2
    if y2 is None:
        y2 = y1 + 1 if m2 < m1 else y1
    return _month(y1, m1), _month(y2, m2)


def _month(year_be: int, month: int) -> str:
    return f"{year_be - BE_TO_CE:04d}-{month:02d}"
