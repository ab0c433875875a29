"""The document model that every reader produces and every recogniser reads.

A :class:`Document` is pages → lines (prose, in reading order) and tables → rows → cells.
The model knows nothing about ITA and nothing about file formats; it only carries text,
geometry (PDF points, origin top-left, as pdfplumber reports ``x0, top, x1, bottom``) and
where the text came from (``text_layer``, ``ocr`` or ``plain_text``).

Text in the model is already cleaned by the reader (markup removed, Thai repaired) but keeps
Thai digits: numeral normalisation is a recogniser's business, so that the raw form can be
reported as evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from normalize.findings import Finding

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin at the top-left of the page."""

Affine = tuple[float, float, float, float, float, float]
"""(a, b, c, d, e, f): the point (x, y) goes to (a·x + c·y + e, b·x + d·y + f)."""

_N = TypeVar("_N", int, float)


def box_union(boxes: Sequence[tuple[_N, _N, _N, _N]]) -> tuple[_N, _N, _N, _N]:
    """The smallest box that holds every box of ``boxes``.

    Boxes are (x0, top, x1, bottom) with top < bottom, in any one unit (PDF points for a
    :data:`BBox`, pixels for an image); the result is in that unit.

    Raises:
        ValueError: ``boxes`` is empty.
    """
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass(frozen=True, slots=True)
class Line:
    """One line of prose.

    ``number`` is the 1-based line number used in provenance: the line on the page for PDFs,
    the line in the file for text files.
    """

    text: str
    number: int
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell; ``text`` keeps in-cell line breaks as ``\\n`` in reading order.

    ``bbox`` is the cell's box, ``ink`` the box of the text inside it (PDF only): a cell whose
    text reaches the bottom of its row is full, which tells a row cut by a page break."""

    text: str
    bbox: BBox | None = None
    ink: BBox | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One table row; ``number`` is the 1-based line of the row (page line or file line) and
    ``page`` the 1-based page it stands on (``None`` for text files). A table joined across a
    page break has rows on more than one page.

    ``continued`` marks the first row after a page break when the geometry says it may be the
    rest of the row before it (every cell it has text in continues a full cell) although its
    first cell is not empty (``extract.readers.tables``); whether it is, only a recogniser
    that knows what the rows mean can tell (``extract.rows.continues_row_before``: a
    numbered row never is)."""

    cells: tuple[Cell, ...]
    number: int
    bbox: BBox | None = None
    page: int | None = None
    continued: bool = False

    @property
    def texts(self) -> list[str]:
        """The cells' texts, left to right."""
        return [c.text for c in self.cells]


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its rows top to bottom. ``index`` counts tables from 1 within the document."""

    rows: tuple[Row, ...]
    index: int
    bbox: BBox | None = None


@dataclass(slots=True)
class Page:
    """One page. Text files are a single page whose ``number`` is ``None``.

    ``lines`` holds the prose outside tables, in reading order; ``blocks`` holds the same
    lines and the tables interleaved in reading order, for recognisers that need to know what
    stands above a table (its caption or section heading).

    ``line_breaks``: what ends a prose line, so that recognisers can tell a paragraph without
    knowing the file's format: ``"layout"`` (the page's width: consecutive prose lines are
    wraps of one paragraph; PDF text layer and OCR), ``"text"`` (the file's own line breaks:
    a long line may run on into the next, as a PDF text extractor wraps a paragraph; scraped
    text) or ``"blocks"`` (each line is a block of its own: web pages, whose markup gives the
    blocks).

    ``read_twice`` (OCR pages only): for a line or table row (by its ``number``), the numbers
    on it that two independent readings of the image gave alike, digit for digit, each sure
    of every digit (``extract.readers.ocr``), as text with Arabic digits ("75.52"). A number
    of an OCR page that is not in it was read once, or with doubt.

    ``to_page``: see :meth:`in_page_frame`.
    """

    number: int | None
    text_source: str  # "text_layer", "ocr" or "plain_text"
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    blocks: list[Line | Table] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    read_twice: dict[int, frozenset[str]] = field(default_factory=dict)
    line_breaks: str = "layout"  # "layout", "text" or "blocks"
    to_page: Affine | None = None

    def in_page_frame(self, box: BBox) -> BBox:
        """``box`` of this page's lines and cells as it lies on the page a viewer shows (and
        pypdfium2's ``render`` draws): points from its top-left corner.

        A reader works in the frame that suits it and says in ``to_page`` how that frame maps
        onto the page shown, when the two differ: a skewed scan is read turned upright (OCR,
        :func:`turn_about_centre`), so that rows and columns line up for the recognisers; a
        text layer's characters come in the page's own space, which a crop box off the origin
        or a ``/Rotate`` moves (``extract.readers.pdf``). The result is the smallest upright
        box that holds the mapped corners (for a turn of a few degrees a little larger than
        the box). Without ``to_page`` the box is returned as it is.
        """
        if self.to_page is None:
            return box
        a, b, c, d, e, f = self.to_page
        corners = ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]))
        xs = [a * x + c * y + e for x, y in corners]
        ys = [b * x + d * y + f for x, y in corners]
        return (min(xs), min(ys), max(xs), max(ys))


def turn_about_centre(degrees: float, width: float, height: float) -> Affine:
    """The map from an image turned ``degrees`` counter-clockwise about its centre (PIL's
    ``Image.rotate``, y down) back onto the image as it was; ``width``, ``height`` in the
    unit of the coordinates mapped."""
    cx, cy = width / 2, height / 2
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (cos, sin, -sin, cos, cx - cx * cos + cy * sin, cy - cx * sin - cy * cos)


@dataclass(slots=True)
class Document:
    """A whole input file as the readers see it.

    ``notes`` collects reader observations worth a validation finding (for example the
    encoding that was detected), as findings of the registry (``normalize.findings``; no page
    or line: they concern the whole document). A Document does not say which format it was
    read from: what recognisers need of it is on its pages (``Page.text_source``,
    ``Page.line_breaks``).
    """

    path: str
    pages: list[Page] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @property
    def n_pages(self) -> int:
        """Number of pages (1 for text files)."""
        return len(self.pages)

    @property
    def text_source(self) -> str:
        """``plain_text``, ``text_layer``, ``ocr`` or ``mixed`` (pages of both kinds)."""
        kinds = {p.text_source for p in self.pages}
        if len(kinds) == 1:
            return kinds.pop()
        if not kinds:
            return ""
        return "mixed"
