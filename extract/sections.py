"""The assessment year that a section heading gives the scores under it.

A page about several years puts each year's scores under its own heading ("ITA ปีงบประมาณ พ.ศ.
2568", then "ITA ปีงบประมาณ พ.ศ. 2567" …: an agency's results page with one block per year).
A heading is a short line that names the assessment ("ITA", "ผลการประเมิน") and exactly one
year, and holds no score; a report's own title ("รายงานผลการประเมิน … 2568") is not one, as a
report's year is often not its scores' year. Lines and table rows below a heading, up to the
next heading, belong to its year; those above the first heading to none. Only scores whose own
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
    if len(text) > HEADING_MAX_CHARS or "รายงาน" in text or _SCORE.search(text):
        return None
    if not _NAMES_ASSESSMENT.search(text):
        return None
    years = set(years_in(text))
    return years.pop() if len(years) == 1 else None


def section_years(doc: Document) -> dict[tuple[int | None, int], int]:
    """(page, line) → the year of the section heading above that prose line, for every
    prose line under a heading (tables give their years in their own headings)."""
    out: dict[tuple[int | None, int], int] = {}
    for page in doc.pages:
        year = None
        for line in page.lines:
            year = heading_year(line.text) or year
            if year is not None:
                out[(page.number, line.number)] = year
    return out
