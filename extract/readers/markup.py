"""HTML fragments and markdown emphasis → plain text, for the text and HTML readers.

Scraped reports carry stray HTML inside table cells (``<p>``, ``<ul><li>``, ``<b>``,
``<input checked type="checkbox">``) and markdown emphasis (``**bold**``, ``## heading``).
Parsing is done by BeautifulSoup (Python's own ``html.parser`` backend); block elements become
line breaks and checkboxes become the characters ☑ (checked) and ☐ (unchecked) so that a
later recogniser can still see which box was ticked.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag

from extract.readers.errors import ReadError
from normalize.text import squash_spaces

CHECKED_BOX = "☑"
UNCHECKED_BOX = "☐"

# BeautifulSoup holds about 1.8 KB per element: a file with more elements than this is not
# read (a failed row), so that one hostile page cannot take gigabytes (3 million nested <div>
# took 5.5 GB and 113 s). Agencies' pages, menus and all, hold a few thousand elements;
# 100,000 nested ones are read (tests/test_integrity.py).
MAX_HTML_ELEMENTS = 150_000
_START_TAG = re.compile(r"<[A-Za-z]")
# A tag: no "<" inside, so that a line of "<" without ">" is scanned once, not once per "<".
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_MD_EMPHASIS = re.compile(r"(\*\*|__)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


_END_OF_BLOCK = object()


def _walk(node: Tag, out: list[str]) -> None:
    """Append the text of ``node``'s children to ``out``, a line break around each block.

    Iterative (a stack of child iterators), so that a page nested 100,000 elements deep is
    read like any other instead of exhausting Python's recursion limit.
    """
    stack = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child is _END_OF_BLOCK:
            out.append("\n")
            continue
        if isinstance(child, NavigableString):
            if child.__class__ is NavigableString:  # not a Comment, Doctype, …
                out.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in ("script", "style", "head", "title"):
            continue
        if name == "input" and (child.get("type") or "").lower() == "checkbox":
            out.append(f" {CHECKED_BOX if child.has_attr('checked') else UNCHECKED_BOX} ")
            continue
        if name in _BLOCK_TAGS:
            out.append("\n")
            stack.append(iter((_END_OF_BLOCK,)))
        stack.append(iter(child.children))


def check_markup_size(text: str) -> None:
    """Refuse a decoded file with more than MAX_HTML_ELEMENTS elements (start tags).

    Raises:
        ReadError: too many elements, with their count.
    """
    elements = len(_START_TAG.findall(text))
    if elements > MAX_HTML_ELEMENTS:
        raise ReadError(
            f"too much markup to read: {elements:,} HTML elements (limit {MAX_HTML_ELEMENTS:,})"
        )


def html_to_text(fragment: str) -> str:
    """Turn an HTML fragment into text with ``\\n`` between blocks and ☑/☐ for checkboxes.

    Text that holds no tag is returned with only its white space tidied.

    >>> html_to_text('<p>- a</p> <p>- b</p>')
    '- a\\n- b'
    >>> html_to_text('<input checked="" type="checkbox"/> ดำเนินการแล้ว')
    '☑ ดำเนินการแล้ว'
    """
    if not _LOOKS_LIKE_HTML.search(fragment):
        return tidy_lines(fragment)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(fragment, "html.parser")
    out: list[str] = []
    _walk(soup, out)
    return tidy_lines("".join(out))


def tidy_lines(text: str) -> str:
    """Squash spaces within each line and drop empty lines."""
    lines = (squash_spaces(x) for x in text.split("\n"))
    return "\n".join(x for x in lines if x)


def strip_markdown(text: str) -> str:
    """Remove markdown emphasis markers and a leading heading marker.

    >>> strip_markdown("## **ผลการประเมิน**")
    'ผลการประเมิน'
    """
    return _MD_EMPHASIS.sub("", _MD_HEADING.sub("", text))


def clean_fragment(text: str) -> str:
    """Markdown emphasis, then HTML, then white space: the clean text of one line or cell."""
    return html_to_text(strip_markdown(text))
