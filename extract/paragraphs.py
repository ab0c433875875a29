"""Prose as paragraphs that recognisers can search with regular expressions.

A paragraph is a run of consecutive prose lines on one page (not interrupted by a table) where
the page's layout breaks the lines (``Page.line_breaks == "layout"``: PDF and OCR pages);
where the file's own line breaks end them (scraped text) every line is its own paragraph
unless it is long and the next line follows it directly (a PDF text extractor's wrapped
paragraph, see ``_wraps``); where each line is a block (web pages) every line is its own
paragraph. Lines are
joined with a space, Thai digits become Arabic (one character for one, so
offsets stay valid), and :meth:`Paragraph.line_at` maps an offset back to its line.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from extract.candidates import Provenance
from extract.model import BBox, Document, Line, Table
from normalize.text import thai_digits_to_arabic

# A line of a text file this long or longer may be wrapped onto the next (see _wraps).
WRAP_MIN_CHARS = 60


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Joined prose with Arabic digits; ``starts[i]`` is the offset of ``lines[i]`` and
    ``boxes[i]`` its box (``None`` without geometry)."""

    text: str
    page: int | None
    lines: tuple[int, ...]
    starts: tuple[int, ...]
    boxes: tuple[BBox | None, ...] = ()

    def line_at(self, offset: int) -> int:
        """The 1-based line number of the character at ``offset``."""
        return self.lines[bisect_right(self.starts, offset) - 1]

    def where(self, offset: int, method: str = "prose") -> Provenance:
        """Where the character at ``offset`` was read: its page, line and the line's box."""
        i = bisect_right(self.starts, offset) - 1
        box = self.boxes[i] if self.boxes else None
        return Provenance(self.page, self.lines[i], method, box)


def paragraphs(doc: Document) -> list[Paragraph]:
    """All prose of the document as paragraphs, in reading order."""
    out: list[Paragraph] = []
    for page in doc.pages:
        wrapped = page.line_breaks == "layout"
        may_wrap = page.line_breaks == "text"
        group: list[Line] = []
        for block in [*page.blocks, None]:
            if isinstance(block, Line) and (
                wrapped or not group or (may_wrap and _wraps(group[-1], block))
            ):
                group.append(block)
                continue
            if group:
                out.append(_join(group, page.number))
                group = []
            if isinstance(block, Line):
                group.append(block)
            elif isinstance(block, Table) or block is None:
                continue
    return out


def _wraps(line: Line, following: Line) -> bool:
    """Whether ``following`` continues ``line`` in a text file: the next line of the file
    (no blank line between) after a line of at least WRAP_MIN_CHARS, as a PDF text extractor
    wraps a paragraph; short lines (titles, list items, headings) stand alone."""
    return following.number == line.number + 1 and len(line.text) >= WRAP_MIN_CHARS


def _join(lines: list[Line], page: int | None) -> Paragraph:
    starts, texts, offset = [], [], 0
    for line in lines:
        starts.append(offset)
        texts.append(thai_digits_to_arabic(line.text))
        offset += len(texts[-1]) + 1
    numbers = tuple(x.number for x in lines)
    return Paragraph(" ".join(texts), page, numbers, tuple(starts), tuple(x.bbox for x in lines))
