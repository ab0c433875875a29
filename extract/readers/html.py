"""Reader for ``.html`` reports (saved web pages, Word's "save as web page").

The page is parsed with BeautifulSoup (``html.parser``); each outermost ``<table>`` becomes a
Table whose cells are the text of its ``<td>``/``<th>``; every other block of text becomes a
Line. Line numbers count the lines of the page's text as rendered (a table row counts as one
line), not lines of the HTML source. Nested tables are flattened into the cell that holds them.
Cells spanning rows or columns are laid out on a grid as a browser shows them (``_grid``), so
that every row's cells stand in their columns.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from extract.model import Cell, Document, Line, Page, Row, Table
from extract.readers.markup import html_to_text
from extract.readers.text import decoded_document
from normalize.text import repair_thai

# The largest rowspan/colspan honoured (HTML's own limits are 65534 and 1000).
MAX_SPAN = 1000


def read_html(path: Path, data: bytes, options: object = None) -> Document:
    """Read an HTML report (``data``, the bytes of ``path``) into a one-page Document.
    ``options`` is not used (readers share one signature).

    Raises:
        ReadError: the file is empty or cannot be decoded (see ``decode_text``), or it holds
            more elements than BeautifulSoup may hold (``markup.check_markup_size``).
    """
    return decoded_document(path, data, parse_html)


# Elements that are never a page's text.
_NOT_TEXT = ("script", "style", "noscript", "template", "iframe", "svg", "button", "select")
# Elements of a site's chrome, around every page of the site, not the post's body.
_CHROME = ("nav", "aside", "menu")
_CHROME_NAME = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|topmenu|sidebar|side-bar|aside|widget|"
    r"breadcrumbs?|related|comments?|share|social|marquee|search|vvisit|counter|sitemap)"
    r"(?:$|[-_\s\d])",
    re.IGNORECASE,
)
# Where a page's own content is, in the order looked for.
_MAIN_SELECTORS = (
    "main",
    "article",
    "[role=main]",
    "[itemprop=articleBody]",
    "#content",
    ".entry-content",
    ".post-content",
    ".content",
)


def parse_html(text: str) -> Page:
    """Split an HTML document into prose lines and tables, in document order.

    The page's own content comes first: the first of ``<main>``, ``<article>``, … (see
    ``_MAIN_SELECTORS``), else the body, without the site's chrome (navigation, sidebars,
    menus, widgets: ``_CHROME``, ``_CHROME_NAME``). Then come the lines that say whose site it
    is: the page's ``<meta name=description>``, the ``alt`` text of the header's images and
    the footer (an agency's site names the agency and its address there). Tables that hold
    tables (a page laid out with tables) are not tables of data: their text flows as lines and
    the tables inside them are read.
    """
    soup = BeautifulSoup(repair_thai(text), "html.parser")
    page = Page(number=None, text_source="plain_text", line_breaks="blocks")
    for tag in soup.find_all(_NOT_TEXT):
        tag.decompose()
    identity = _identity(soup)
    root = next((found for sel in _MAIN_SELECTORS if (found := soup.select_one(sel))), None)
    root = root or soup.body or soup
    for tag in root.find_all(_CHROME):
        tag.decompose()
    for tag in root.find_all(_is_chrome):
        tag.decompose()
    for table in root.find_all("table"):
        if table.find("table") is None:  # a table of data, not of layout
            table.replace_with(_placeholder(soup, page, table))
    marked = "\n".join([html_to_text(str(root)), *identity])
    # html_to_text keeps document order; placeholders mark where each table stood.
    line_no = 0
    for part in marked.split("\n"):
        if part.startswith("\x00TABLE"):
            index = int(part[6:].strip())
            rows = tuple(
                replace(r, number=line_no + i) for i, r in enumerate(page.tables[index - 1].rows, 1)
            )
            page.tables[index - 1] = table = replace(page.tables[index - 1], rows=rows)
            page.blocks.append(table)
            line_no += len(rows)
            continue
        line_no += 1
        line = Line(text=part, number=line_no)
        page.lines.append(line)
        page.blocks.append(line)
    return page


def _is_chrome(tag: Tag) -> bool:
    """An element whose class or id names it part of the site's chrome."""
    names = " ".join([*tag.get("class", []), str(tag.get("id", ""))])
    return bool(names.strip()) and bool(_CHROME_NAME.search(names))


def _identity(soup: BeautifulSoup) -> list[str]:
    """The lines that say whose site a page is on (taken before the content is chosen), one
    line per element: ``<meta name=description>``; the ``alt`` of the images and the text
    (menus left out) of ``<header>`` or of an element named header/banner; the text of
    ``<footer>`` or of an element named footer."""
    out = []
    meta = soup.find("meta", attrs={"name": "description"})
    if meta is not None and meta.get("content"):
        out.append(str(meta["content"]))
    heads = soup.find_all("header") + soup.select("#header, .header, .banner, #banner")
    for head in heads:
        alts = [str(img["alt"]) for img in head.find_all("img") if img.get("alt")]
        texts = [t for t in head.find_all(string=True) if not t.find_parent(_CHROME)]
        out.append(" ".join([*alts, *(str(t) for t in texts)]))
    for foot in soup.find_all("footer") + soup.select("#footer, .footer, .site-footer"):
        out.append(html_to_text(foot.decode_contents()))
        foot.decompose()
    # each element is one line: a name and its address on two lines of a footer read as one
    return [line for text in out if (line := " ".join(text.split()))]


def _span(cell: Tag, name: str) -> int:
    """A cell's ``rowspan``/``colspan`` as a number from 1 to MAX_SPAN (browsers' rule:
    anything unreadable is 1)."""
    try:
        return min(max(int(str(cell.get(name, "1")).strip() or 1), 1), MAX_SPAN)
    except ValueError:
        return 1


def _grid(table: Tag) -> list[list[str]]:
    """The table's rows as a grid of cell texts, with spans laid out as a browser shows them:
    a cell spanning rows stands in its first row and leaves the rows below it empty in its
    column; a heading (``<th>``) spanning columns is repeated in each (a group heading over
    two years' columns heads both), a data cell stands in the first and leaves the others
    empty."""
    grid: list[list[str]] = []
    below: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[str] = []
        for td in tr.find_all(["td", "th"]):
            if td.find_parent("tr") is not tr:
                continue
            while below.get(len(row), 0) > 0:
                row.append("")
            text = html_to_text(td.decode_contents())
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            for k in range(colspan):
                if rowspan > 1:
                    below[len(row)] = rowspan
                row.append(text if k == 0 or td.name == "th" else "")
        while below and len(row) <= max(below) and below.get(len(row), 0) > 0:
            row.append("")
        below = {col: n - 1 for col, n in below.items() if n > 1}
        grid.append(row)
    return grid


def _placeholder(soup: BeautifulSoup, page: Page, table: Tag) -> Tag:
    rows = []
    for texts in _grid(table):
        cells = tuple(Cell(t) for t in texts)
        if any(c.text for c in cells):
            rows.append(Row(cells=cells, number=0))  # numbered where the table stands
    page.tables.append(Table(rows=tuple(rows), index=len(page.tables) + 1))
    marker = soup.new_tag("p")
    marker.string = f"\x00TABLE{len(page.tables)}"
    return marker
