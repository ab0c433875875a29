"""OCR of PDF pages that have no usable text layer: the same Page model as a text layer.

A page is rendered with pypdfium2 at ``OCR_DPI`` and read by Tesseract (``tha+eng``, through
pytesseract), within the limits of ``options.ReadOptions``: a time limit per page, a maximum
image size. Each Tesseract process runs with one thread and dies with the worker that started
it (``processes.child_process_args``, set in the child's environment only): measured on this
project's 2-core machine, Tesseract reads a 200 dpi Thai page in about 1.0 s single-threaded
(two processes side by side: 0.5 s a page in effect) and in 2.5 s with OpenMP's default
threads, which only compete with the other workers.
Tesseract's text order is not used for tables (it reads cells column-wise); its word boxes are:

- ruling lines are found in the image (long horizontal and vertical runs of ink, scipy
  morphology) and give the table grid; each word goes to the cell that holds its centre;
- the other words are grouped into lines by Tesseract's own line numbers;
- numbers are re-read from the image (``numbers_in_image``), because the Thai models cannot
  output ๔ ๖ ๗ ๘ ๙; a run of digits replaces the digits Tesseract put at that place.

Scans are turned upright first (projection profile over ±3°), so that rules and lines are
horizontal. Coordinates in the model are PDF points, origin top-left.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import shutil
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image
from scipy import ndimage

from extract.model import BBox, Cell, Line, Page, Row, Table, box_union, turn_about_centre
from extract.readers.errors import ReadError
from extract.readers.numbers_in_image import NumberRun, read_numbers
from extract.readers.options import ReadOptions
from extract.readers.processes import child_process_args
from normalize.text import (
    THAI_DIGIT_RANGE,
    THAI_LETTERS_AND_MARKS,
    THAI_SPACING_LETTERS,
    repair_thai,
    squash_spaces,
    thai_digits_to_arabic,
)

OCR_DPI = 200
TESSERACT_LANG = "tha+eng"
# One block of text (the mosaic, see _tesseract_words); no second pass over lines inverted
# (white on black, which reports do not print): Tesseract is about 15 % faster without it.
TESSERACT_CONFIG = "--psm 6 -c tessedit_do_invert=0"
# Ink is darker than this (0–255 grey) after rendering.
INK_THRESHOLD = 180
# A ruling line is at least this long: a fifth of an inch at OCR_DPI, longer than any glyph.
MIN_RULE_PX = 200  # horizontal: an inch; a number's round bottoms look like a thin line
MIN_VERTICAL_RULE_PX = 100  # half an inch: longer than two lines of digits
# A table is at least this wide (an inch): narrower sets of "rules" are strokes of text.
MIN_TABLE_WIDTH_PX = 200
# Rules are found in pixels darker than this (lighter than text ink: thin grey borders) …
RULE_THRESHOLD = 230
# … after bridging gaps up to this long …
RULE_GAP_PX = 15
# … and only where the ink is thin: blank this far on both sides (paper, or a fill at least
# RULE_CONTRAST grey levels lighter than the rule: a shaded header row).
RULE_CLEARANCE_PX = 4
RULE_CONTRAST = 40
# Two words on one line are one word when the gap between them is under this share of the
# line's height: Tesseract's Thai output comes in pieces of a word or two letters, 0–14 px
# apart inside a word at OCR_DPI (lines about 30 px tall), 13 px and more between phrases.
# A lost space costs less than a false one: Thai needs none between words, and keywords
# split by one ("คะ แนน") are not found.
JOIN_GAP = 0.45
# Ink this close to a word of Tesseract's belongs to it (marks and serifs outside its box).
JOIN_PX = 6
# A lone digit on a line of its own (a number wrapped in a narrow cell: "๙" / "๔.๔๕") is taken
# only when it matches a template this closely.
SINGLE_DIGIT_DISTANCE = 0.35
# A number read from the image with glyph distances up to this replaces what Tesseract read
# there. On degraded renders of 86 text-layer pages (2,380 decimal numbers) 96 % of the reads
# up to 0.33 were exact, 91 % of those from 0.33 to 0.40 (nearly all others a part of the
# number), 50 % above; letters read as digits lie at 0.35 and up, and the junk rules of
# _band_text keep them out. A number in the text is a candidate: OCR values are written
# only when confirmed (ita_extract/resolve).
TRUSTED_DISTANCE = 0.40
# A number counts as read twice (``_read_twice``) only when the classifier's every digit lies
# at least this much nearer its own value's templates than any other digit's (feature-space
# distance; see glyphs.Reading) …
MIN_MARGIN = 0.10
# … and the second reading by the classifier sees ink this many grey levels darker or lighter
# (strokes thicker or thinner).
SECOND_READING_SHIFTS = (15, -15)
# Letters Tesseract puts among the digits it misreads ("๙ พ") are dropped up to this length.
MAX_JUNK_CHARS = 2
# Cells are set this far apart in the image Tesseract reads (see _tesseract_words).
CELL_GAP_PX = 40
# Numbers in a cell are read inside the cell's rules by this margin …
CELL_INSET_PX = 4
# … in bands of ink at least this tall (a line of digits is about 25 px at OCR_DPI).
MIN_BAND_PX = 12
# A band of ink less tall than this share of a cell's tallest band holds marks, not a line.
MARK_BAND = 0.5
# Scans are turned upright within this many degrees …
MAX_SKEW = 3
# … judging ink by pixels darker than this (light grey rules included): first in steps of
# 1/COARSE_STEPS_PER_DEGREE degree on a copy reduced COARSE_REDUCTION times, then in steps of
# 1/FINE_STEPS_PER_DEGREE up to FINE_STEPS steps either side of the best, on a copy reduced
# FINE_REDUCTION times (the ink profile needs no full resolution; the turn itself is made on
# the full image). A turn under MIN_TURN_DEGREES (half the fine step) is not made: rotating
# resamples every glyph.
DESKEW_INK = 230
COARSE_STEPS_PER_DEGREE = 2
COARSE_REDUCTION = 4
FINE_STEPS_PER_DEGREE = 10
FINE_STEPS = 5
FINE_REDUCTION = 2
MIN_TURN_DEGREES = 0.05
# Ruling lines are blanked out of the image Tesseract reads with this many pixels around them
# (their anti-aliased edges), so that no rule is read as a glyph.
RULE_MARGIN_PX = 1
# A horizontal rule of a table runs across at least this share of the table's width (a
# shorter run is an underline, or the rule of a cell of a merged row) …
H_RULE_SHARE = 0.5
# … a band between two rules is a row when it is at least this tall (thinner bands lie
# between the two lines of a double rule; a line of text is about 25 px at OCR_DPI) …
MIN_ROW_PX = 8
# … and a vertical rule cuts a row into cells where it crosses this share of the row's
# height (a cell's rule broken by the scan still crosses most of it). Values chosen on the
# scanned fixtures and the development set.
V_RULE_SHARE = 0.6
# A band of a cell is a text line where some pixel of a row is darker than this (darker than
# INK_THRESHOLD: the faint edges of rules and of the marks of the lines around are not ink
# here); it is widened by BAND_PAD_PX on either side (the anti-aliased edges of its glyphs).
# Chosen on the development set.
BAND_INK = 160
BAND_PAD_PX = 3
# A line of prose is read over the median top and bottom of its words, widened by a third of
# that height (1/LINE_PAD_PARTS), at least LINE_PAD_PX pixels: marks above and below the
# line belong to it.
LINE_PAD_PARTS = 3
LINE_PAD_PX = 4
# A number read from the image replaces a word of Tesseract's when it overlaps more than this
# share of the word's width (a word it overlaps less only loses its digits to it).
COVER_SHARE = 0.5
# A band may hold a number Tesseract dropped when its middle half (a quarter of its height
# off the top and the bottom: 1/MIDDLE_PARTS; marks of the lines above and below stay out)
# holds ink that no word covers over at least this many band heights (two digits at least).
MIDDLE_PARTS = 4
DROPPED_INK_WIDTH = 0.5
# The longest side of a rendered page, in pixels: an A4 page at OCR_DPI. A scan whose page is
# declared larger (an image placed at 72 or 96 dpi) is rendered down to this.
MAX_SIDE_PX = 2339
_ANY_DIGITS = re.compile(rf"[.,]?[0-9{THAI_DIGIT_RANGE}][0-9{THAI_DIGIT_RANGE}.,]*")
_ANY_DIGIT = re.compile(rf"[0-9{THAI_DIGIT_RANGE}]")
_THAI_DIGIT = re.compile(rf"[{THAI_DIGIT_RANGE}]")
_LETTERS = re.compile(rf"[A-Za-z{THAI_SPACING_LETTERS}]")  # no marks
_LATIN = re.compile(r"[A-Za-z]")
_DECIMAL = re.compile(rf"^[0-9{THAI_DIGIT_RANGE}]{{1,3}}\.[0-9{THAI_DIGIT_RANGE}]{{1,2}}$")
_DIGITS_AND_POINT = re.compile(r"[0-9.]")
_WHOLE_DECIMAL = re.compile(r"^(?:0|[1-9][0-9]{0,2})\.[0-9]{2}$")
# The Thai digits Tesseract's Thai models write for the ๔ ๖ ๗ ๘ ๙ they cannot output (seen on
# the development scans: ๗ → ๓, ๙ → ๓ or ๕, ๔ → ๕, ๘ → ๕, ๖ → ๒), and those digits.
_SUBSTITUTED = re.compile(r"[\u0e52-\u0e59]")
_NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9])")
_HAS_LETTER = re.compile(rf"[A-Za-z{THAI_LETTERS_AND_MARKS}]")

INSTALL_HINT = "install Tesseract with Thai: apt-get install tesseract-ocr tesseract-ocr-tha"


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels
    line_key: tuple[int, int, int]


@functools.cache
def tesseract_available() -> bool:
    """Whether the tesseract binary and its Thai data can be used (asked once a process)."""
    if shutil.which("tesseract") is None:
        return False
    import pytesseract

    try:
        return "tha" in pytesseract.get_languages(config="")
    except pytesseract.TesseractError:
        return False


class OcrPageSkipped(Exception):
    """A page not read by OCR because it is over a limit of ``ReadOptions``: ``code`` is the
    finding the reader makes of it (``OCR_PAGE_TIMEOUT``, ``OCR_IMAGE_TOO_LARGE``), the
    message says what was over which limit."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@functools.cache
def _pytesseract():
    """pytesseract, with every Tesseract it starts made to die with its parent process and to
    use one thread (``processes.child_process_args``: ``OMP_THREAD_LIMIT=1`` in the child's
    environment, this process's own environment untouched). pytesseract's functions take no
    environment or Popen arguments; it builds them in ``subprocess_args`` (its hook for how
    the child is started), which is wrapped once, the first time OCR runs in a process."""
    import pytesseract
    from pytesseract import pytesseract as implementation

    original = implementation.subprocess_args
    implementation.subprocess_args = lambda include_stdout=True: child_process_args(
        original(include_stdout)
    )
    return pytesseract


def ocr_page(page: pdfium.PdfPage, number: int, options: ReadOptions | None = None) -> Page:
    """Read one page by OCR, within the limits of ``options`` (default ``ReadOptions()``).

    Raises:
        ReadError: Tesseract or its Thai data is not installed.
        OcrPageSkipped: the page holds an image over ``options.max_image_megapixels``, or
            Tesseract took longer than ``options.ocr_page_timeout`` (it is killed).
    """
    options = options or ReadOptions()
    if not tesseract_available():
        raise ReadError(f"page {number} has no text layer and needs OCR: {INSTALL_HINT}")
    largest = _largest_image_megapixels(page)
    if largest > options.max_image_megapixels:
        raise OcrPageSkipped(
            "OCR_IMAGE_TOO_LARGE",
            f"an image of {largest:.0f} megapixels (limit {options.max_image_megapixels:g})",
        )
    image, turn = deskew(render_for_ocr(page))
    scale = image.width / page.get_size()[0]  # pixels per point
    grey = np.asarray(image)
    horizontal, vertical = _rules(grey)
    grids = find_grids(grey, (horizontal, vertical))
    rules = _dilate(horizontal | vertical, RULE_MARGIN_PX)
    grey = np.where(rules, 255, grey).astype(np.uint8)  # rules are not glyphs
    words = _tesseract_words(
        grey, [box for g in grids for row in g for box in row], options.ocr_page_timeout
    )
    width, height = page.get_size()
    out = Page(number=number, text_source="ocr", width=width, height=height)
    if turn:
        out.to_page = turn_about_centre(turn, width, height)
    in_cell: dict[int, list[_Word]] = {}
    prose: dict[tuple[int, int, int], list[_Word]] = {}
    cells = [
        (t, r, c, box)
        for t, g in enumerate(grids)
        for r, row in enumerate(g)
        for c, box in enumerate(row)
    ]
    for w in words:
        cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
        hit = next(
            (
                k
                for k, (_, _, _, b) in enumerate(cells)
                if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]
            ),
            None,
        )
        if hit is None:
            prose.setdefault(w.line_key, []).append(w)
        else:
            in_cell.setdefault(hit, []).append(w)
    blocks: list[tuple[float, Line | Table]] = []
    twice: dict[int, tuple[str, ...]] = {}  # id of a Line or Cell → numbers read twice
    for line_words in prose.values():
        text, numbers = _line_text(line_words, grey)
        if text:
            box = box_union([w.box for w in line_words])
            line = Line(text=text, number=0, bbox=_points(box, scale))
            twice[id(line)] = numbers
            blocks.append((box[1], line))
    k = 0
    for g in grids:
        rows = []
        for row in g:
            row_cells = []
            for box in row:
                ws = in_cell.get(k, [])
                k += 1
                text, numbers = _cell_text(box, ws, grey)
                ink_box = _points(box_union([w.box for w in ws]), scale) if ws else None
                cell = Cell(text=text.strip(), bbox=_points(box, scale), ink=ink_box)
                twice[id(cell)] = numbers
                row_cells.append(cell)
            row_box = box_union(list(row))
            rows.append((row_box, row_cells))
        table_box = box_union([b for row in g for b in row])
        blocks.append((table_box[1], (table_box, rows)))
    line_no = 0
    for _, block in sorted(blocks, key=lambda b: b[0]):
        if isinstance(block, Line):
            line_no += 1
            line = Line(text=block.text, number=line_no, bbox=block.bbox)
            _note_read_twice(out, line_no, twice[id(block)])
            out.lines.append(line)
            out.blocks.append(line)
            continue
        table_box, rows = block
        built = []
        for row_box, row_cells in rows:
            if any(c.text for c in row_cells):
                line_no += 1
                built.append(Row(tuple(row_cells), line_no, _points(row_box, scale), page=number))
                _note_read_twice(out, line_no, [n for c in row_cells for n in twice[id(c)]])
        if built:
            table = Table(rows=tuple(built), index=0, bbox=_points(table_box, scale))
            out.tables.append(table)
            out.blocks.append(table)
    return out


def _note_read_twice(page: Page, line: int, numbers) -> None:
    """Record the numbers of a line or row read twice alike (``Page.read_twice``)."""
    if numbers:
        page.read_twice[line] = page.read_twice.get(line, frozenset()) | frozenset(numbers)


# pdfium renders objects nested at most this deep (kRenderMaxRecursionDepth in its
# core/fpdfapi/render/cpdf_renderstatus.cpp); the image check looks as deep.
MAX_FORM_DEPTH = 64


def _largest_image_megapixels(page: pdfium.PdfPage) -> float:
    """The pixel count of the page's largest image as stored in the PDF, in megapixels (what
    rendering the page decodes, whatever the scale it is drawn at), in the page's content and
    in forms nested in it as deep as pdfium renders them. Annotations are not rendered for
    OCR (``render_for_ocr``), so images in their appearance streams are never decoded."""
    images = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=MAX_FORM_DEPTH)
    sizes = [obj.get_px_size() for obj in images if isinstance(obj, pdfium.PdfImage)]
    return max((w * h / 1e6 for w, h in sizes), default=0.0)


def _tesseract_words(
    grey: np.ndarray, cells: list[tuple[int, int, int, int]], timeout: float | None = None
) -> list[_Word]:
    """Tesseract's words on a page image whose table cells are read one by one.

    Tesseract's page layout analysis reads a table with narrow cells badly (it merges
    neighbouring columns into one text line, or drops a cell's last lines). So Tesseract gets
    one image, a mosaic: the page without its tables on top, then each table cell's content
    below it, at its own x and on rows of its own, separated by blank space; it is read as one
    block of text (``--psm 6``), in a single call. Word boxes are moved back to the page.

    Raises:
        OcrPageSkipped: Tesseract took longer than ``timeout`` seconds (it is killed).
    """
    pytesseract = _pytesseract()

    gap = CELL_GAP_PX
    page = grey.copy()
    pieces: list[tuple[int, int, int]] = []  # (mosaic top, page top, height)
    crops = []
    for x0, y0, x1, y1 in cells:
        page[y0:y1, x0:x1] = 255
        a, b = y0 + CELL_INSET_PX, y1 - CELL_INSET_PX
        crop = grey[a:b, x0 + CELL_INSET_PX : x1 - CELL_INSET_PX]
        if crop.size and (crop < INK_THRESHOLD).any():
            crops.append((a, b, x0 + CELL_INSET_PX, crop))
    pieces.append((0, 0, grey.shape[0]))
    top = grey.shape[0] + gap
    for a, b, _x, _crop in crops:
        pieces.append((top, a, b - a))
        top += b - a + gap
    mosaic = np.full((top, grey.shape[1]), 255, dtype=np.uint8)
    mosaic[: grey.shape[0]] = page
    for (m_top, _a, h), (_a2, _b, x, crop) in zip(pieces[1:], crops, strict=True):
        mosaic[m_top : m_top + h, x : x + crop.shape[1]] = crop
    image = Image.fromarray(mosaic)
    image.format = "BMP"  # pytesseract hands the image over in this format: no PNG encoding
    try:
        data = pytesseract.image_to_data(
            image,
            lang=TESSERACT_LANG,
            config=TESSERACT_CONFIG,
            output_type=pytesseract.Output.DICT,
            timeout=timeout or 0,
        )
    except RuntimeError as exc:  # pytesseract's only RuntimeError: "Tesseract process timeout"
        if "timeout" not in str(exc).lower():
            raise
        raise OcrPageSkipped(
            "OCR_PAGE_TIMEOUT", f"Tesseract took longer than {timeout:g} s"
        ) from None
    starts = [p[0] for p in pieces]
    words = []
    for i, text in enumerate(data["text"]):
        if not text.strip():
            continue
        top, h = data["top"][i], data["height"][i]
        k = max(0, bisect.bisect_right(starts, top + h // 2) - 1)
        shift = pieces[k][1] - pieces[k][0]
        left = data["left"][i]
        words.append(
            _Word(
                text.strip(),
                (left, top + shift, left + data["width"][i], top + h + shift),
                (k, data["par_num"][i], data["line_num"][i]),
            )
        )
    return words


def find_grids(
    grey: np.ndarray, rules: tuple[np.ndarray, np.ndarray] | None = None
) -> list[list[list[tuple[int, int, int, int]]]]:
    """Ruled tables in a page image: tables → rows → cell boxes (pixels x0, y0, x1, y1).

    Rules are thin and light (Word's 0.5 pt grey borders) and broken by scanning, so they are
    read from the grey image with a lighter threshold, their gaps bridged (closing), and kept
    where a run is at least MIN_RULE_PX long (opening). A table is a connected set of rules at
    least MIN_TABLE_WIDTH_PX wide. Each band between two horizontal rules is a row, cut into
    cells by the vertical rules that cross the band. ``rules``: the page's rules when the
    caller has them already (horizontal, vertical masks).
    """
    horizontal, vertical = rules if rules is not None else _rules(grey)
    # Connected sets of rules, found on every other pixel (rules are at least 2 px thick as
    # _rules returns them): a quarter of the work.
    labels, _n = ndimage.label(_dilate((horizontal | vertical)[::2, ::2], 1))
    grids = []
    for sl in ndimage.find_objects(labels):
        if sl is None:
            continue
        ys = slice(2 * sl[0].start, min(2 * sl[0].stop, grey.shape[0]))
        xs = slice(2 * sl[1].start, min(2 * sl[1].stop, grey.shape[1]))
        width = xs.stop - xs.start
        if width < MIN_TABLE_WIDTH_PX:
            continue
        h_rows = _positions(horizontal[ys, xs].sum(axis=1) > H_RULE_SHARE * width)
        if len(h_rows) < 2:
            continue
        grid = []
        for top, bottom in itertools.pairwise(h_rows):
            if bottom - top < MIN_ROW_PX:
                continue
            band = vertical[ys.start + top : ys.start + bottom, xs]
            crossing = _positions(band.sum(axis=0) > V_RULE_SHARE * (bottom - top))
            if len(crossing) < 2:
                continue
            grid.append(
                [
                    (xs.start + a, ys.start + top, xs.start + b, ys.start + bottom)
                    for a, b in itertools.pairwise(crossing)
                ]
            )
        if grid:
            grids.append(grid)
    return grids


def _rules(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line pixels of a page image.

    Only thin ink counts: a pixel of a horizontal rule has no ink RULE_CLEARANCE_PX above and
    below it (a glyph's horizontal stroke has the glyph's body on one side), so that bridging
    gaps cannot weld a line of text into a rule. Found at half resolution (the darkest pixel of
    each 2×2 block, so that thin light rules survive; a quarter of the work) and returned at
    the image's.
    """
    h, w = grey.shape
    small = grey[: h - h % 2, : w - w % 2].reshape(h // 2, 2, w // 2, 2).min(axis=(1, 3))
    ink = small < RULE_THRESHOLD
    d = RULE_CLEARANCE_PX // 2
    # "blank": no ink, or ink lighter than the pixel by RULE_CONTRAST (a shaded header row)
    level = small.astype(np.int16)
    thin_h = ink.copy()
    thin_h[d:-d, :] &= _blank_beside(level, ink, d, axis=0)
    thin_v = ink.copy()
    thin_v[:, d:-d] &= _blank_beside(level, ink, d, axis=1)
    horizontal = _opening(_closing(thin_h, RULE_GAP_PX // 2, axis=1), MIN_RULE_PX // 2, axis=1)
    vertical = _opening(
        _closing(thin_v, RULE_GAP_PX // 2, axis=0), MIN_VERTICAL_RULE_PX // 2, axis=0
    )

    def full_size(mask: np.ndarray) -> np.ndarray:
        return np.pad(mask.repeat(2, axis=0).repeat(2, axis=1), ((0, h % 2), (0, w % 2)))

    return full_size(horizontal), full_size(vertical)


def _blank_beside(level: np.ndarray, ink: np.ndarray, d: int, axis: int) -> np.ndarray:
    """For the pixels ``d`` or more from the edges along ``axis``: whether the pixels ``d``
    before and after them are blank — not ink, or ink at least RULE_CONTRAST grey levels
    lighter than the pixel itself (the fill of a shaded table row beside its rule; text
    strokes are as dark as the stroke beside them)."""
    here = level[d:-d] if axis == 0 else level[:, d:-d]
    out = np.ones(here.shape, dtype=bool)
    for shift in (slice(None, -2 * d), slice(2 * d, None)):
        side = (slice(None),) * axis + (shift,)
        out &= ~ink[side] | (level[side] - here >= RULE_CONTRAST)
    return out


def rule_mask(grey: np.ndarray) -> np.ndarray:
    """The pixels of ruling lines (long horizontal or vertical runs), slightly widened."""
    horizontal, vertical = _rules(grey)
    return _dilate(horizontal | vertical, RULE_MARGIN_PX)


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """``mask`` grown by ``radius`` pixels in every direction (a square: two 1-D maximum
    filters, cheaper than scipy's binary dilation)."""
    a = ndimage.maximum_filter1d(mask.view(np.uint8), 2 * radius + 1, axis=0)
    return ndimage.maximum_filter1d(a, 2 * radius + 1, axis=1).astype(bool)


def _closing(ink: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Ink with gaps shorter than ``length`` along ``axis`` filled."""
    a = ink.astype(np.uint8)
    dilated = ndimage.maximum_filter1d(a, length, axis=axis)
    return ndimage.minimum_filter1d(dilated, length, axis=axis).astype(bool)


def _opening(ink: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The ink that belongs to straight runs at least ``length`` long along ``axis``
    (a morphological opening with a line, as two linear-time 1-D filters)."""
    a = ink.astype(np.uint8)
    eroded = ndimage.minimum_filter1d(a, length, axis=axis)
    return ndimage.maximum_filter1d(eroded, length, axis=axis).astype(bool)


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """The page turned upright (within ±MAX_SKEW degrees, to about 0.1°), and the angle it
    was turned by (degrees, counter-clockwise about the image's centre, as PIL's ``rotate``
    takes it; 0 when it was not turned).

    Projection profiles: at the right angle, text lines and rules are horizontal, so the count
    of ink pixels per row changes sharply from row to row; the angle maximises the sum of the
    squared differences of neighbouring rows' counts (a sharper criterion than the variance,
    which a page of narrow table columns fools by degrees). Ink counts from grey level
    DESKEW_INK (light rules count). The profile at an angle is taken by shearing the ink
    pixels' coordinates (exact enough for a few degrees, and a hundred times cheaper than
    rotating the image). Coarse search in half degrees on a quarter-size copy, then tenths of a
    degree around the best on a half-size copy. On the scanned fixtures (turned by known
    angles of up to 0.8°) the error is at most 0.09°. The turn itself is bicubic: bilinear
    blurs digits enough to change what the glyph classifier reads.
    """
    coarse_steps = range(
        -COARSE_STEPS_PER_DEGREE * MAX_SKEW, COARSE_STEPS_PER_DEGREE * MAX_SKEW + 1
    )
    coarse = _best_angle(
        image.reduce(COARSE_REDUCTION), [step / COARSE_STEPS_PER_DEGREE for step in coarse_steps]
    )
    best = _best_angle(
        image.reduce(FINE_REDUCTION),
        [coarse + step / FINE_STEPS_PER_DEGREE for step in range(-FINE_STEPS, FINE_STEPS + 1)],
    )
    if abs(best) < MIN_TURN_DEGREES:
        return image, 0.0
    return image.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255), best


def _best_angle(image: Image.Image, angles: list[float]) -> float:
    """The angle (degrees, as PIL's rotate takes it) whose row profile is the sharpest."""
    ys, xs = np.nonzero(np.asarray(image) < DESKEW_INK)
    if len(ys) == 0:
        return 0.0
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)

    def sharpness(angle: float) -> float:
        # PIL turns counter-clockwise by ``angle``: a pixel's row becomes y - x·tan(angle)
        # (about the centre; the offset does not change the profile's shape).
        rows = np.round(ys - xs * np.tan(np.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float(np.square(np.diff(counts)).sum())

    return max(angles, key=sharpness)


def _positions(flags: np.ndarray) -> list[int]:
    """Centres of the runs of True in a 1-D array."""
    out, start = [], None
    for i, f in enumerate([*flags.tolist(), False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start + i - 1) // 2)
            start = None
    return out


def _visual_lines(words: list[_Word]) -> list[list[_Word]]:
    """Words of one cell grouped into lines by vertical overlap, top to bottom."""
    lines: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        cy = (w.box[1] + w.box[3]) / 2
        if lines:
            last = box_union([x.box for x in lines[-1]])
            if last[1] <= cy <= last[3]:
                lines[-1].append(w)
                continue
        lines.append([w])
    return lines


def _cell_text(
    box: tuple[int, int, int, int], words: list[_Word], grey: np.ndarray
) -> tuple[str, tuple[str, ...]]:
    """A cell's text, line by line, top to bottom: the cell's bands of ink, each read by
    ``_band_text`` over the cell's whole width (a band cut by the cell's rules reads better
    than one cut around Tesseract's word boxes). Each word goes to the band nearest its centre.
    Also the numbers read twice alike (``_band_text``).
    """
    x0, y0, x1, y1 = box
    inset = CELL_INSET_PX
    left, top, right = x0 + inset, y0 + inset, x1 - inset
    crop = grey[top : y1 - inset, left:right]
    bands = _merge_mark_bands(_ink_bands(crop)) if crop.size else []
    if not bands:
        return _joined([_line_text(line, grey) for line in _visual_lines(words)])
    in_band: list[list[_Word]] = [[] for _ in bands]
    for w in words:
        cy = (w.box[1] + w.box[3]) / 2 - top
        k = min(range(len(bands)), key=lambda i: max(bands[i][0] - cy, cy - bands[i][1], 0))
        in_band[k].append(w)
    return _joined(
        [
            _band_text(grey, (left, top + a, right, top + b), band_words)
            for (a, b), band_words in zip(bands, in_band, strict=True)
        ]
    )


def _joined(lines: list[tuple[str, tuple[str, ...]]]) -> tuple[str, tuple[str, ...]]:
    """Lines read by ``_band_text`` as one text (non-empty lines joined by newlines) and
    all their numbers read twice."""
    text = "\n".join(line for line, _ in lines if line)
    return text, tuple(n for _, numbers in lines for n in numbers)


def _merge_mark_bands(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bands with each band of marks only (less tall than MARK_BAND of the tallest band: tone
    marks and upper vowels standing clear of the line below them, lower vowels of the line
    above) joined to the nearer of its neighbours."""
    if len(bands) < 2:
        return bands
    tallest = max(b - a for a, b in bands)
    lines = [band for band in bands if band[1] - band[0] >= MARK_BAND * tallest]
    for a, b in bands:
        if b - a >= MARK_BAND * tallest:
            continue
        k = min(range(len(lines)), key=lambda i: max(lines[i][0] - b, a - lines[i][1]))
        lines[k] = (min(lines[k][0], a), max(lines[k][1], b))
    return lines


def _ink_bands(grey: np.ndarray) -> list[tuple[int, int]]:
    """Bands of rows that hold ink (text lines), at least MIN_BAND_PX tall, in a cell image."""
    rows = (grey < BAND_INK).sum(axis=1) > 0
    bands, start = [], None
    for i, has_ink in enumerate([*rows.tolist(), False]):
        if has_ink and start is None:
            start = i
        elif not has_ink and start is not None:
            if i - start >= MIN_BAND_PX:
                bands.append((max(0, start - BAND_PAD_PX), min(len(rows), i + BAND_PAD_PX)))
            start = None
    return bands


def _line_text(words: list[_Word], grey: np.ndarray) -> tuple[str, tuple[str, ...]]:
    """One line of prose from Tesseract's words: ``_band_text`` over the line's band (the
    median top and bottom of its words: Tesseract gives some glyphs boxes two lines tall),
    widened by a line height on both sides for digits Tesseract dropped at the ends; with the
    numbers read twice alike."""
    height = max(1, max(w.box[3] for w in words) - min(w.box[1] for w in words))
    y0 = int(np.median([w.box[1] for w in words]))
    y1 = int(np.median([w.box[3] for w in words]))
    pad = max(LINE_PAD_PX, (y1 - y0) // LINE_PAD_PARTS)
    box = (
        max(0, min(w.box[0] for w in words) - height),
        max(0, y0 - pad),
        min(grey.shape[1], max(w.box[2] for w in words) + height),
        min(grey.shape[0], y1 + pad),
    )
    return _band_text(grey, box, words)


def _band_text(
    grey: np.ndarray, box: tuple[int, int, int, int], words: list[_Word]
) -> tuple[str, tuple[str, ...]]:
    """The text of one line of ink (``box``: pixels x0, y0, x1, y1) from Tesseract's words on it
    and the numbers read from the image.

    The band is read for numbers (``numbers_in_image``). A number read with confidence (glyph
    distance ≤ TRUSTED_DISTANCE; a lone digit ≤ SINGLE_DIGIT_DISTANCE) takes the place of the
    Tesseract words it covers when those hold at most MAX_JUNK_CHARS letters (Tesseract drops
    runs of Thai digits it cannot read, and reads ๗ as "of", ๙ as "ง"), or when it is a
    decimal number (every glyph a digit, with a point: "๗๙.๘๘", read by Tesseract as
    "ตล.ส"); else Tesseract read a word there, and the "number" is letters shaped like digits
    ("การ" as "15"). An Arabic number never replaces Latin letters (Tesseract's English model
    reads both well: "B" is not "8"); a Thai one does ("of" for ๗). Words a number only partly
    overlaps lose their digits to it. Tesseract's Thai digits are never kept: its Thai models
    cannot output ๔ ๖ ๗ ๘ ๙, so a Thai number it reads is wrong more often than not. Its other
    words, Arabic digits included, are kept.

    Returns the text and the numbers of it read twice alike (``_read_twice``), with Arabic
    digits.
    """
    left, top, right, bottom = box
    words = sorted(words, key=lambda w: w.box[0])
    band = grey[top:bottom, left:right]
    runs = [
        r
        for r in (read_numbers(band) if _may_hold_numbers(band, left, words) else [])
        if r.distance <= TRUSTED_DISTANCE
        and (len(r.text.replace(".", "")) >= 2 or r.distance <= SINGLE_DIGIT_DISTANCE)
    ]
    items: list[tuple[int, int, str]] = []
    # each number read, the words at its place, and whether it is in the text (else
    # Tesseract's words are: its Arabic digits)
    reads: list[tuple[NumberRun, list[_Word], bool]] = []
    covered: set[int] = set()  # words a number replaces
    touched: set[int] = set()  # words a number overlaps: their digits are the number's
    for r in runs:
        over = [
            i
            for i, w in enumerate(words)
            if min(w.box[2], left + r.x1) - max(w.box[0], left + r.x0)
            > COVER_SHARE * (w.box[2] - w.box[0])
        ]
        touching = [
            i
            for i, w in enumerate(words)
            if min(w.box[2], left + r.x1) > max(w.box[0], left + r.x0)
        ]
        letters = "".join(_ANY_DIGITS.sub("", words[i].text) for i in over)
        if (len(_LETTERS.findall(letters)) > MAX_JUNK_CHARS and not _DECIMAL.match(r.text)) or (
            not _THAI_DIGIT.search(r.text) and _LATIN.search(letters)
        ):
            # Tesseract read a word there: letters shaped like digits; or Latin letters and
            # Arabic digits, which Tesseract reads well ("B" is not "8")
            reads.append((r, [words[i] for i in touching], False))
            continue
        covered.update(over)
        touched.update(touching)
        items.append((left + r.x0, left + r.x1, r.text))
        reads.append((r, [words[i] for i in over], True))
    for i, w in enumerate(words):
        if i in covered:
            continue
        text = w.text
        if i in touched or _THAI_DIGIT.search(text):  # the number read in its place, or junk
            text = _ANY_DIGITS.sub(" ", text).strip()
            if not _HAS_LETTER.search(text) or len(text) <= MAX_JUNK_CHARS:
                continue
        items.append((w.box[0], w.box[2], text))
    if not items:
        return "", ()
    reference = words or [_Word("", box, (0, 0, 0))]
    text = squash_spaces(repair_thai(_join_words(sorted(items), reference)))
    return text, _read_twice(band, reads)


def _read_twice(
    band: np.ndarray, reads: list[tuple[NumberRun, list[_Word], bool]]
) -> tuple[str, ...]:
    """The numbers of a band's text that a second reading gives alike, digit for digit (as
    values: ๕ and 5 are one digit), with Arabic digits.

    ``reads``: each number the classifier read, Tesseract's words at its place, and whether
    the number is in the text (else those words are). A number qualifies when

    - it has two decimals and no leading zero (_WHOLE_DECIMAL), and no doubtful glyph touches
      it (``NumberRun.whole``): nearly every confident misreading measured was a part of the
      number ("97.03" read "97", "100.00" "00.00", "96.01" "6.01");
    - the glyph classifier is sure of each of its digits (margin ≥ MIN_MARGIN,
      ``glyphs.Reading``);
    - and either Tesseract read the same digits at its place (its LSTM and the classifier
      share nothing but the image), unless the number has a Thai digit that Tesseract's Thai
      models write for the ๔ ๖ ๗ ๘ ๙ they cannot output, or Tesseract wrote one there
      (_SUBSTITUTED: Tesseract's could agree with a classifier that misread alike); or, for
      a number in the text, the classifier reads it alike again, sure of each digit, at
      another ink threshold (SECOND_READING_SHIFTS: every stroke thicker or thinner, so that
      a shape it misread as another digit reads otherwise). That second reading is not
      independent of the first (one image, one classifier); its false confirmations were
      measured: none among 2,041 decimal numbers it confirmed on degraded renders of 86
      text-layer pages, where it confirmed 86 % of them.
    """
    out = []
    for r, words, in_text in reads:
        value = thai_digits_to_arabic(r.text)
        if r.margin < MIN_MARGIN or not r.whole or not _WHOLE_DECIMAL.match(value):
            continue
        said = " ".join(w.text for w in words)
        if in_text:
            tesseract = {"".join(_DIGITS_AND_POINT.findall(thai_digits_to_arabic(said)))}
        else:  # the text holds Tesseract's Arabic numbers (its Thai digits are dropped)
            tesseract = set(_NUMBER.findall(said))
        agrees = value in tesseract and not _SUBSTITUTED.search(r.text + said)
        if not agrees and in_text:
            # the number and a band height either side (its neighbours, for ``whole``): a
            # second reading of the whole band would classify every letter again
            a = max(0, r.x0 - band.shape[0])
            crop = band[:, a : r.x1 + band.shape[0]]
            agrees = any(  # the next threshold only when needed
                thai_digits_to_arabic(s.text) == value
                and s.margin >= MIN_MARGIN
                and s.whole
                and s.distance <= TRUSTED_DISTANCE
                and min(a + s.x1, r.x1) > max(a + s.x0, r.x0)
                for shift in SECOND_READING_SHIFTS
                for s in read_numbers(crop, shift)
            )
        if agrees:
            out.append(value)
    return tuple(out)


def _may_hold_numbers(band: np.ndarray, left: int, words: list[_Word]) -> bool:
    """Whether a band is worth reading for numbers (reading costs a classification a glyph).

    Yes when Tesseract saw a digit or a short scrap on it (a run of pieces closer than
    JOIN_GAP band heights with MAX_JUNK_CHARS letters or fewer: a misread digit), or when the
    band's middle half holds ink that no word of Tesseract's covers, at least half a band
    height wide (a number Tesseract dropped; marks of the lines above and below stay out of the
    middle half).
    """
    chunk: list[str] = []
    for i, w in enumerate(words):  # words left to right; Tesseract splits Thai words
        chunk.append(w.text)
        if i + 1 == len(words) or words[i + 1].box[0] - w.box[2] > JOIN_GAP * band.shape[0]:
            text = "".join(chunk)
            if _ANY_DIGIT.search(text) or len(_LETTERS.findall(text)) <= MAX_JUNK_CHARS:
                return True
            chunk = []
    h = band.shape[0]
    ink = (band[h // MIDDLE_PARTS : h - h // MIDDLE_PARTS] < INK_THRESHOLD).any(axis=0)
    for w in words:
        ink[max(0, w.box[0] - left - JOIN_PX) : max(0, w.box[2] - left + JOIN_PX)] = False
    run = longest = 0
    for has_ink in ink.tolist():
        run = run + 1 if has_ink else 0
        longest = max(longest, run)
    return longest >= DROPPED_INK_WIDTH * band.shape[0]


def _join_words(items: list[tuple[int, int, str]], words: list[_Word]) -> str:
    """Pieces left to right, with a space where the gap is wider than JOIN_GAP line heights."""
    height = max(1, max(w.box[3] for w in words) - min(w.box[1] for w in words))
    text = ""
    for i, (a, _, t) in enumerate(items):
        gap = a - items[i - 1][1] if i else 0
        text += ("" if i == 0 or gap < JOIN_GAP * height else " ") + t
    return text


def _points(box: tuple[int, int, int, int], scale: float) -> BBox:
    return (box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale)


def render_for_ocr(page: pdfium.PdfPage) -> Image.Image:
    """The page as the OCR reads it: greyscale at OCR_DPI, at most MAX_SIDE_PX on its longest
    side (rendering with pypdfium2 costs about 6 ms a page; pdftoppm is 70× slower)."""
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, MAX_SIDE_PX / max(width, height))
    # The page's content only: a scan is page content; annotations and form fields (stamps,
    # widgets) could hold images that _largest_image_megapixels does not see.
    bitmap = page.render(scale=scale, grayscale=True, draw_annots=False, may_draw_forms=False)
    return bitmap.to_pil().convert("L")
