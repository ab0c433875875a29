"""The assessment year that a section heading gives the scores under it.

A page about several years puts each year's scores under its own heading ("ITA ปีงบประมาณ พ.ศ.
2568", then "ITA ปีงบประมาณ พ.ศ. 2567" …: an agency's results page with one block per year).
A heading is a short line that names the assessment ("ITA", "ผลการประเมิน") and exactly one
year, and holds no score; a report's own title ("รายงานผลการประเมิน … 2568") is not one, as a
report's year is often not its scores' year. Lines and table rows below a heading, up to the
next heading, belong to its year; those above the first heading to none. Once a page has
sections, a short line that names one year without naming the assessment ("ปีงบประมาณ
2566") heads a section of that year too. Only scores whose own
sentence or column gives no year take their section's.
"""

from __future__ import annotations

import re

from extract.model import Document
from normalize.numbers import years_in
from normalize.text import thai_digits_to_arabic

# A section heading is at most this long.
HEADING_MAX_CHARS = 60
_NAMES_ASSESSMENT = re.compile(r"ITA|ผลการประเมิน", re.IGNORECASE)
_SCORE = re.compile(r"\d{1,3}\.\d{1,2}")


def heading_year(text: str) -> int | None:
    """The year a line gives as a section heading (module docstring), else ``None``."""
    text = thai_digits_to_arabic(text).strip()
    if not _heading_with_year(text) or not _NAMES_ASSESSMENT.search(text):
        return None
    years = set(years_in(text))
    return years.pop() if len(years) == 1 else None


def _heading_with_year(text: str) -> bool:
    """A short line that names a year and holds no score: a heading of some year."""
    return (
        len(text) <= HEADING_MAX_CHARS
        and "รายงาน" not in text
        and not _SCORE.search(text)
        and bool(years_in(text))
    )


def section_years(doc: Document) -> dict[tuple[int | None, int], int]:
    """(page, line) → the year of the section heading above that prose line, for every
    prose line under a heading (tables give their years in their own headings)."""
    out: dict[tuple[int | None, int], int] = {}
    for page in doc.pages:
        year = None
        for line in page.lines:
            text = thai_digits_to_arabic(line.text).strip()
            if _heading_with_year(text):
                named = heading_year(text)
                if named is None and year is not None:
                    # in a page of sections, "ปีงบประมาณ 2566" heads that year's section too
                    only = set(years_in(text))
                    named = only.pop() if len(only) == 1 else None
                year = named
            if year is not None:
                out[(page.number, line.number)] = year
    return out
