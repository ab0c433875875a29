"""Prose as paragraphs that recognisers can search with regular expressions.

A paragraph is a run of consecutive prose lines on one page (not interrupted by a table) for
PDF pages, whose lines are wraps of one paragraph; for text files every line is its own
paragraph. Lines are joined with a space, Thai digits become Arabic (one character for one, so
offsets stay valid), and :meth:`Paragraph.line_at` maps an offset back to its line.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from extract.model import Document, Line, Table
from normalize.text import thai_digits_to_arabic


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Joined prose with Arabic digits; ``starts[i]`` is the offset of ``lines[i]``."""

    text: str
    page: int | None
    lines: tuple[int, ...]
    starts: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        """The 1-based line number of the character at ``offset``."""
        return self.lines[bisect_right(self.starts, offset) - 1]


def paragraphs(doc: Document) -> list[Paragraph]:
    """All prose of the document as paragraphs, in reading order."""
    out: list[Paragraph] = []
    for page in doc.pages:
        wrapped = page.text_source != "plain_text"
        group: list[Line] = []
        for block in [*page.blocks, None]:
            if isinstance(block, Line) and (wrapped or not group):
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


def _join(lines: list[Line], page: int | None) -> Paragraph:
    starts, texts, offset = [], [], 0
    for line in lines:
        starts.append(offset)
        texts.append(thai_digits_to_arabic(line.text))
        offset += len(texts[-1]) + 1
    return Paragraph(" ".join(texts), page, tuple(x.number for x in lines), tuple(starts))
