"""OCR of PDF pages that have no usable text layer: the same Page model as a text layer.

A page is rendered with pypdfium2 at ``OCR_DPI`` and read by Tesseract (``tha+eng``, through
pytesseract, one thread: ``OMP_THREAD_LIMIT=1``, as ``shared/thai_pdf_facts.md`` measured).
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

import itertools
import os
import re
import shutil
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from scipy import ndimage

from extract.model import BBox, Cell, Line, Page, Row, Table
from extract.readers.errors import ReadError
from extract.readers.numbers_in_image import read_numbers
from normalize.text import repair_thai, squash_spaces

OCR_DPI = 200
TESSERACT_LANG = "tha+eng"
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
# … and only where the ink is thin: blank this far on both sides.
RULE_CLEARANCE_PX = 4
# Two words on one line are one word when the gap between them is under this share of the
# line's height (Tesseract's Thai output splits words into pieces).
JOIN_GAP = 0.25
# A lone digit on a line of its own (a number wrapped in a narrow cell: "๙" / "๔.๔๕") is taken
# only when it matches a template this closely.
SINGLE_DIGIT_DISTANCE = 0.35
# Letters Tesseract puts among the digits it misreads ("๙ พ") are dropped up to this length.
MAX_JUNK_CHARS = 2
# Numbers in a cell are read inside the cell's rules by this margin …
CELL_INSET_PX = 4
# … in bands of ink at least this tall (a line of digits is about 25 px at OCR_DPI).
MIN_BAND_PX = 12
# Scans are turned upright within this many degrees.
MAX_SKEW = 3
# The longest side of a rendered page, in pixels: an A4 page at OCR_DPI. A scan whose page is
# declared larger (an image placed at 72 or 96 dpi) is rendered down to this.
MAX_SIDE_PX = 2339
_ANY_DIGITS = re.compile(r"[.,]?[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59.,]*")
_ANY_DIGIT = re.compile(r"[0-9\u0e50-\u0e59]")
_THAI_DIGIT = re.compile(r"[\u0e50-\u0e59]")
_HAS_LETTER = re.compile(r"[A-Za-z\u0e01-\u0e2e\u0e30-\u0e4e]")

INSTALL_HINT = "install Tesseract with Thai: apt-get install tesseract-ocr tesseract-ocr-tha"


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels
    line_key: tuple[int, int, int]


def tesseract_available() -> bool:
    """Whether the tesseract binary and its Thai data can be used."""
    if shutil.which("tesseract") is None:
        return False
    import pytesseract

    try:
        return "tha" in pytesseract.get_languages(config="")
    except pytesseract.TesseractError:
        return False


def ocr_page(page: pdfium.PdfPage, number: int) -> Page:
    """Read one page by OCR.

    Raises:
        ReadError: Tesseract or its Thai data is not installed.
    """
    import pytesseract

    if not tesseract_available():
        raise ReadError(f"page {number} has no text layer and needs OCR: {INSTALL_HINT}")
    image = deskew(render_for_ocr(page))
    scale = image.width / page.get_size()[0]  # pixels per point
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(
        image, lang=TESSERACT_LANG, output_type=pytesseract.Output.DICT
    )
    words = [
        _Word(
            data["text"][i].strip(),
            (
                data["left"][i],
                data["top"][i],
                data["left"][i] + data["width"][i],
                data["top"][i] + data["height"][i],
            ),
            (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
        )
        for i in range(len(data["text"]))
        if data["text"][i].strip()
    ]
    width, height = page.get_size()
    out = Page(number=number, text_source="ocr", width=width, height=height)
    grey = np.asarray(image)
    horizontal, vertical = _rules(grey)
    grids = find_grids(grey, (horizontal, vertical))
    rules = _dilate(horizontal | vertical, 1)
    grey = np.where(rules, 255, grey).astype(np.uint8)  # rules are not glyphs
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
    for line_words in prose.values():
        text = _line_text(line_words, grey)
        if text:
            box = _union_px([w.box for w in line_words])
            blocks.append((box[1], Line(text=text, number=0, bbox=_points(box, scale))))
    k = 0
    for g in grids:
        rows = []
        for row in g:
            row_cells = []
            for box in row:
                ws = in_cell.get(k, [])
                k += 1
                text = _cell_text(box, ws, grey)
                ink_box = _points(_union_px([w.box for w in ws]), scale) if ws else None
                row_cells.append(Cell(text=text.strip(), bbox=_points(box, scale), ink=ink_box))
            row_box = _union_px(list(row))
            rows.append((row_box, row_cells))
        table_box = _union_px([b for row in g for b in row])
        blocks.append((table_box[1], (table_box, rows)))
    line_no = 0
    for _, block in sorted(blocks, key=lambda b: b[0]):
        if isinstance(block, Line):
            line_no += 1
            line = Line(text=block.text, number=line_no, bbox=block.bbox)
            out.lines.append(line)
            out.blocks.append(line)
            continue
        table_box, rows = block
        built = []
        for row_box, row_cells in rows:
            if any(c.text for c in row_cells):
                line_no += 1
                built.append(Row(tuple(row_cells), line_no, _points(row_box, scale), page=number))
        if built:
            table = Table(rows=tuple(built), index=0, bbox=_points(table_box, scale))
            out.tables.append(table)
            out.blocks.append(table)
    return out


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
    labels, _n = ndimage.label(_dilate(horizontal | vertical, 2))
    grids = []
    for sl in ndimage.find_objects(labels):
        if sl is None:
            continue
        ys, xs = sl
        width = xs.stop - xs.start
        if width < MIN_TABLE_WIDTH_PX:
            continue
        h_rows = _positions(horizontal[ys, xs].sum(axis=1) > 0.5 * width)
        if len(h_rows) < 2:
            continue
        grid = []
        for top, bottom in itertools.pairwise(h_rows):
            if bottom - top < 8:
                continue
            band = vertical[ys.start + top : ys.start + bottom, xs]
            crossing = _positions(band.sum(axis=0) > 0.6 * (bottom - top))
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
    gaps cannot weld a line of text into a rule.
    """
    ink = grey < RULE_THRESHOLD
    d = RULE_CLEARANCE_PX
    thin_h = ink.copy()
    thin_h[d:-d, :] &= ~ink[: -2 * d, :] & ~ink[2 * d :, :]
    thin_v = ink.copy()
    thin_v[:, d:-d] &= ~ink[:, : -2 * d] & ~ink[:, 2 * d :]
    horizontal = _opening(_closing(thin_h, RULE_GAP_PX, axis=1), MIN_RULE_PX, axis=1)
    vertical = _opening(_closing(thin_v, RULE_GAP_PX, axis=0), MIN_VERTICAL_RULE_PX, axis=0)
    return horizontal, vertical


def rule_mask(grey: np.ndarray) -> np.ndarray:
    """The pixels of ruling lines (long horizontal or vertical runs), slightly widened."""
    horizontal, vertical = _rules(grey)
    return _dilate(horizontal | vertical, 1)


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """``mask`` grown by ``radius`` pixels (4-connected steps, as scipy's binary dilation)."""
    return ndimage.binary_dilation(mask, iterations=radius)


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


def deskew(image: Image.Image) -> Image.Image:
    """The page turned upright: the angle within ±MAX_SKEW degrees (in fifths of a degree)
    whose rows of ink are the most uneven (text lines and rules horizontal), on a quarter-size
    copy."""
    small = image.reduce(4)
    best_angle, best_score = 0.0, -1.0
    for tenth in range(-MAX_SKEW * 10, MAX_SKEW * 10 + 1, 2):
        angle = tenth / 10
        rotated = np.asarray(small.rotate(angle, fillcolor=255)) < INK_THRESHOLD
        score = float(np.var(rotated.sum(axis=1)))
        if score > best_score:
            best_angle, best_score = angle, score
    if best_angle == 0.0:
        return image
    return image.rotate(best_angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


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
            last = _union_px([x.box for x in lines[-1]])
            if last[1] <= cy <= last[3]:
                lines[-1].append(w)
                continue
        lines.append([w])
    return lines


def _cell_text(box: tuple[int, int, int, int], words: list[_Word], grey: np.ndarray) -> str:
    """A cell's text, line by line, top to bottom.

    Tesseract's words give the lines it read; a line of ink in the cell that no word covers is
    read for numbers (Tesseract drops runs of Thai digits it cannot read, such as a score on
    the last line of a label cell).
    """
    lines = [
        (min(w.box[1] for w in line), max(w.box[3] for w in line), _line_text(line, grey))
        for line in _visual_lines(words)
    ]
    x0, y0, x1, y1 = box
    inset = CELL_INSET_PX
    crop = grey[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if crop.size:
        for top, bottom in _ink_bands(crop):
            a, b = y0 + inset + top, y0 + inset + bottom
            if any(min(b, hi) - max(a, lo) > 0.5 * (b - a) for lo, hi, _ in lines):
                continue
            runs = [
                r
                for r in read_numbers(crop[top:bottom])
                if len(r.text.replace(".", "")) >= 2 or r.distance <= SINGLE_DIGIT_DISTANCE
            ]
            if runs:
                lines.append((a, b, " ".join(r.text for r in runs)))
    return "\n".join(text for _, _, text in sorted(lines) if text)


def _ink_bands(grey: np.ndarray) -> list[tuple[int, int]]:
    """Bands of rows that hold ink (text lines), at least MIN_BAND_PX tall, in a cell image."""
    rows = (grey < 160).sum(axis=1) > 0
    bands, start = [], None
    for i, has_ink in enumerate([*rows.tolist(), False]):
        if has_ink and start is None:
            start = i
        elif not has_ink and start is not None:
            if i - start >= MIN_BAND_PX:
                bands.append((max(0, start - 3), min(len(rows), i + 3)))
            start = None
    return bands


def _line_text(words: list[_Word], grey: np.ndarray) -> str:
    """One line's text from its words, with numbers read from the image.

    Tesseract's Thai digits are never kept (its Thai models cannot output ๔ ๖ ๗ ๘ ๙, so a Thai
    number it reads is wrong more often than not), nor its Arabic digits next to them (๑ read
    as 1); Arabic digits elsewhere are. Where Tesseract saw Thai digits, the image between the
    neighbouring words is read for numbers (``numbers_in_image``).
    """
    words = sorted(words, key=lambda w: w.box[0])
    height = max(1, max(w.box[3] for w in words) - min(w.box[1] for w in words))
    # The line's band: Tesseract gives some glyphs boxes two lines tall, the median does not.
    line_top = int(np.median([w.box[1] for w in words]))
    line_bottom = int(np.median([w.box[3] for w in words]))
    thai = [bool(_THAI_DIGIT.search(w.text)) for w in words]
    in_region = [
        t
        or (
            bool(_ANY_DIGIT.search(w.text))
            and ((i > 0 and thai[i - 1]) or (i + 1 < len(words) and thai[i + 1]))
        )
        for i, (w, t) in enumerate(zip(words, thai, strict=True))
    ]
    items: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        if not in_region[i]:
            items.append((words[i].box[0], words[i].box[2], words[i].text))
            i += 1
            continue
        j = i
        while j + 1 < len(words) and in_region[j + 1]:
            j += 1
        region = words[i : j + 1]
        y0, y1 = line_top, line_bottom
        left = words[i - 1].box[2] if i > 0 else max(0, region[0].box[0] - height)
        right = words[j + 1].box[0] if j + 1 < len(words) else region[-1].box[2] + height
        pad = max(4, (y1 - y0) // 3)
        top = max(0, y0 - pad)
        for r in read_numbers(grey[top : y1 + pad, left:right]):
            items.append((left + r.x0, left + r.x1, r.text))
        for w in region:
            rest = _ANY_DIGITS.sub(" ", w.text).strip()
            if _HAS_LETTER.search(rest) and len(rest) > MAX_JUNK_CHARS:
                items.append((w.box[0], w.box[2], rest))
        i = j + 1
    return squash_spaces(repair_thai(_join_words(sorted(items), words)))


def _join_words(items: list[tuple[int, int, str]], words: list[_Word]) -> str:
    """Pieces left to right, with a space where the gap is wider than JOIN_GAP line heights."""
    height = max(1, max(w.box[3] for w in words) - min(w.box[1] for w in words))
    text = ""
    for i, (a, _, t) in enumerate(items):
        gap = a - items[i - 1][1] if i else 0
        text += ("" if i == 0 or gap < JOIN_GAP * height else " ") + t
    return text


def _union_px(boxes: list) -> tuple[int, int, int, int]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _points(box: tuple[int, int, int, int], scale: float) -> BBox:
    return (box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale)


def render_for_ocr(page: pdfium.PdfPage) -> Image.Image:
    """The page as the OCR reads it: greyscale at OCR_DPI, at most MAX_SIDE_PX on its longest
    side (rendering with pypdfium2 costs about 6 ms a page; pdftoppm is 70× slower)."""
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, MAX_SIDE_PX / max(width, height))
    return page.render(scale=scale, grayscale=True).to_pil().convert("L")
