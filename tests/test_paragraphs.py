"""Paragraphs by what ends a page's lines (Page.line_breaks), whatever the file's format."""

from __future__ import annotations

import pytest

from extract.model import Document, Line, Page
from extract.paragraphs import WRAP_MIN_CHARS, paragraphs

LONG = "ก" * WRAP_MIN_CHARS  # a line long enough to run on into the next
LINES = [Line(LONG, 1), Line("ต่อ", 2), Line("หัวข้อ", 4)]


@pytest.mark.parametrize(
    ("line_breaks", "expected"),
    [
        ("layout", [(1, 2, 4)]),  # PDF and OCR pages: prose lines are wraps of one paragraph
        ("text", [(1, 2), (4,)]),  # scraped text: a long line runs on into the next line only
        ("blocks", [(1,), (2,), (4,)]),  # web pages: each line is a block
    ],
)
def test_lines_join_by_what_ends_them(line_breaks, expected):
    page = Page(None, "plain_text", lines=LINES, blocks=list(LINES), line_breaks=line_breaks)
    assert [p.lines for p in paragraphs(Document("x", pages=[page]))] == expected
