"""Reader for PDFs with a text layer.

Characters come from pypdfium2, geometry of tables from pdfplumber:
- pdfplumber (pdfminer) ignores ``/ActualText`` and so returns wrong Thai for the reshaped
  clusters that LibreOffice and Word write (``ดำาเนิน``, ``ใหู``: 0.9–2.3 % of characters wrong
  on PDFs made from the sample reports); pypdfium2 honours it (0 errors after repair) and
  reads a page's characters in about 1 ms (both measured on this project's machine, pdfplumber
  0.11, pypdfium2 5.15). So the page text, its line
  breaks and every character's box come from pypdfium2 (``get_text_range``, ``get_charbox``).
- Table finding (pdfplumber ``find_tables``, 40–55 ms a page) runs only on pages that hold
  vector paths (ruling lines); each character is then placed in the cell that contains its
  centre, in pypdfium2's reading order, with line breaks kept as ``\\n``.
- A table continued on the next page is joined into one (``tables.py``), once every page is
  read, pages read by OCR included.

A page with no characters has no text layer, and so has a page whose text layer is garbage
(see :func:`text_quality`; finding ``TEXT_LAYER_UNUSABLE``); such pages are read by OCR
(``ocr.py``; finding ``OCR_USED``) when Tesseract with its Thai data is installed. Without it,
a PDF with no text layer at all is a :class:`ReadError` that says what to install, and a PDF
with some such pages is read without them (``PAGES_WITHOUT_TEXT``). A page over a limit of
OCR (``options.ReadOptions``: Tesseract's time per page, the size of the images it holds) is
not read either (``OCR_PAGE_TIMEOUT``, ``OCR_IMAGE_TOO_LARGE``). The repairs each page's
text needs (PUA glyphs, SARA AM, marks, …) are counted into a ``TEXT_REPAIRED`` finding.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extract.model import Affine, BBox, Cell, Document, Line, Page, Row, Table, box_union
from extract.readers.errors import ReadError
from extract.readers.ocr import INSTALL_HINT, OcrPageSkipped, ocr_page, tesseract_available
from extract.readers.options import ReadOptions
from extract.readers.tables import column_starts, join_continued_tables, same_columns
from normalize.findings import finding
from normalize.text import (
    COMBINING,
    PUA_TRANSLATION,
    THAI_LETTERS_AND_MARKS,
    is_thai,
    is_thai_letter,
    move_displaced_tones,
    repair_thai,
    repair_thai_counted,
    squash_spaces,
)

# Findings of pages that OCR did not read (ocr.OcrPageSkipped).
OCR_SKIP_CODES = ("OCR_PAGE_TIMEOUT", "OCR_IMAGE_TOO_LARGE")
# Minimum number of non-white-space characters for a page to count as having a text layer.
MIN_TEXT_CHARS = 1


def read_pdf(path: Path, data: bytes, options: ReadOptions) -> Document:
    """Read a PDF (``data``, the bytes of ``path``) into a Document: one Page per PDF page,
    from its text layer, or by OCR within ``options``' limits where it has none.

    Raises:
        ReadError: the file is not a PDF, is corrupt or encrypted, has no pages, or has no
            text layer on any page (a scan: OCR is needed) and none could be read by OCR.
    """
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ReadError("encrypted PDF: a password is needed to open it") from None
        raise ReadError(f"cannot open PDF: {message}") from None
    doc = Document(path=str(path))
    try:
        if len(pdf) == 0:
            raise ReadError("PDF has no pages")
        repaired: list[str] = []
        unusable: list[str] = []
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for index in range(len(pdf)):
                number = index + 1
                text = _page_text(pdf[index])
                quality = text_quality(text)
                if quality.unusable:
                    unusable.append(f"{number} ({quality.reason})")
                    doc.pages.append(Page(number=number, text_source="text_layer"))
                    continue
                if quality.repairs:
                    kinds = ", ".join(f"{k} {v}" for k, v in sorted(quality.repairs.items()))
                    repaired.append(f"page {number}: {kinds}")
                doc.pages.append(_read_page(pdf[index], plumber.pages[index], number, text))
        empty = [p.number for p in doc.pages if not p.blocks]
        if empty and tesseract_available():
            skipped: dict[str, list[str]] = {}
            for number in empty:
                try:
                    doc.pages[number - 1] = ocr_page(pdf[number - 1], number, options)
                except OcrPageSkipped as exc:
                    skipped.setdefault(exc.code, []).append(f"page {number}: {exc}")
            read = [n for n in empty if doc.pages[n - 1].text_source == "ocr"]
            if read:
                doc.notes.append(finding("OCR_USED", "pages read by OCR: " + _list(read)))
            doc.notes += [finding(code, "; ".join(pages)) for code, pages in skipped.items()]
    except (pdfium.PdfiumError, PSException, PdfminerException, MalformedPDFException) as exc:
        raise ReadError(f"damaged PDF: {type(exc).__name__}: {exc}") from None
    finally:
        pdf.close()
    if repaired:
        doc.notes.append(finding("TEXT_REPAIRED", "; ".join(repaired)))
    if unusable:
        doc.notes.append(
            finding(
                "TEXT_LAYER_UNUSABLE",
                "text layer is garbage, page not read: " + ", ".join(unusable),
            )
        )
    empty = [p.number for p in doc.pages if p.text_source == "text_layer" and not p.blocks]
    if empty and len(empty) == len(doc.pages):
        what = (
            "no usable text layer (garbage on pages " + ", ".join(unusable) + ")"
            if (unusable)
            else "no text layer (scanned pages)"
        )
        skipped = [n.message for n in doc.notes if n.code in OCR_SKIP_CODES]
        if skipped:
            raise ReadError(f"PDF has {what}, and OCR skipped them: {'; '.join(skipped)}")
        raise ReadError(f"PDF has {what}: OCR is needed: {INSTALL_HINT}")
    if empty:
        doc.notes.append(
            finding(
                "PAGES_WITHOUT_TEXT",
                "pages without a text layer (not read): " + ", ".join(str(n) for n in empty),
            )
        )
    join_continued_tables(doc.pages)
    return doc


def _list(numbers: list[int | None]) -> str:
    return ", ".join(str(n) for n in numbers)


def _page_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    n_chars = textpage.count_chars()
    return textpage.get_text_range(0, n_chars) if n_chars else ""


@dataclass(frozen=True, slots=True)
class TextQuality:
    """What a page's text layer needs: repairs by kind, and whether it is unusable."""

    repairs: Counter[str]
    unusable: bool
    reason: str = ""


# A text layer is garbage when, per 1,000 Thai characters after repair, more than this many are
# replacement characters, unknown Private Use Area code points or impossible Thai sequences (a
# mark with no letter under it). Clean text has 0–1, pdfplumber's damaged Thai 14–18
# (measured on PDFs made from the sample reports), a broken font's text hundreds.
GARBAGE_PER_1000 = 100
# … or when this share of all non-space characters is replacement or unknown PUA characters.
GARBAGE_SHARE = 0.05
# The rate per 1,000 Thai characters is judged on pages with at least this many of them: on
# a page of a few Thai words one stray mark would make a high rate.
MIN_THAI_FOR_RATE = 20
_ORPHAN_MARK = re.compile(rf"(?<![{THAI_LETTERS_AND_MARKS}])[{COMBINING}]")


def text_quality(text: str) -> TextQuality:
    """Judge a page's raw text layer: count the repairs it needs and tell garbage."""
    repaired, repairs = repair_thai_counted(text)
    lines, moved = move_displaced_tones(repaired.splitlines())
    if moved:
        repairs["displaced_tone"] = moved
        repaired = "\n".join(lines)
    bad = sum(1 for ch in repaired if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    visible = sum(1 for ch in repaired if not ch.isspace())
    thai = sum(1 for ch in repaired if is_thai(ch))
    orphans = len(_ORPHAN_MARK.findall(repaired))
    if visible and bad > GARBAGE_SHARE * visible:
        return TextQuality(repairs, True, f"{bad} of {visible} characters unreadable")
    if thai >= MIN_THAI_FOR_RATE and (bad + orphans) * 1000 > GARBAGE_PER_1000 * thai:
        return TextQuality(repairs, True, f"{bad + orphans} broken per {thai} Thai characters")
    return TextQuality(repairs, False)


# FPDF_PageToDevice gives whole device pixels: at this many pixels a point, to 0.01 pt.
_DEVICE_PER_POINT = 100
# A map this close to the identity (scale, shear: 1e-3; offset: 0.02 pt) is none.
_IDENTITY_SLACK = (1e-3, 0.02)


def _to_page(page: pdfium.PdfPage, height: float) -> Affine | None:
    """How this reader's frame (pdfium's character space, the page's own unrotated user
    space, flipped as ``(x, height - y)``) maps onto the page a viewer shows and
    ``PdfPage.render`` draws (its crop box, turned by its ``/Rotate``), in points from the
    top-left; ``None`` when the two are the same (a page whose crop box starts at the
    origin, not rotated: most pages). Measured with pdfium's own display transform
    (``FPDF_PageToDevice``) at three points."""
    width_shown, height_shown = page.get_size()
    size = (round(width_shown * _DEVICE_PER_POINT), round(height_shown * _DEVICE_PER_POINT))

    def shown(x: float, y: float) -> tuple[float, float]:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, *size, 0, x, height - y, dx, dy)
        return dx.value / _DEVICE_PER_POINT, dy.value / _DEVICE_PER_POINT

    (e, f), (x1, y1), (x2, y2) = shown(0, 0), shown(100, 0), shown(0, 100)
    affine = ((x1 - e) / 100, (y1 - f) / 100, (x2 - e) / 100, (y2 - f) / 100, e, f)
    slope, offset = _IDENTITY_SLACK
    near = [abs(v - w) <= slope for v, w in zip(affine[:4], (1, 0, 0, 1), strict=True)]
    if all(near) and abs(e) <= offset and abs(f) <= offset:
        return None
    return affine


def _read_page(
    page: pdfium.PdfPage, plumber_page: pdfplumber.page.Page, number: int, text: str
) -> Page:
    width, height = page.get_size()
    textpage = page.get_textpage()
    out = Page(number=number, text_source="text_layer", width=width, height=height)
    out.to_page = _to_page(page, height)
    if sum(1 for ch in text if not ch.isspace()) < MIN_TEXT_CHARS:
        return out
    chars = list(text.translate(PUA_TRANSLATION))  # one for one: indices still match pdfium's
    # Every character's box in top-left coordinates; pdfium's generated line breaks get None.
    boxes: list[BBox | None] = []
    for i, ch in enumerate(text):
        if ch in "\r\n":
            boxes.append(None)
            continue
        if ch == " " and _is_generated_space_in_thai(textpage, text, i):
            chars[i] = ""
        left, bottom, right, top = textpage.get_charbox(i)
        boxes.append((left, height - top, right, height - bottom))
    grids = _find_grids(page, plumber_page)
    runs = _runs(chars, boxes)
    cell_chars: dict[tuple[int, int, int], list[int]] = {}
    table_of_run: dict[int, int] = {}
    for run in runs:
        for i in run.indices:
            where = _locate(boxes[i], grids)
            if where is not None:
                cell_chars.setdefault(where, []).append(i)
                table_of_run.setdefault(run.number, where[0])
    line_of_char = {i: run.number for run in runs for i in run.indices}
    tables = [
        _build_table(t, grid, chars, boxes, line_of_char, cell_chars, number)
        for t, grid in enumerate(grids)
    ]
    placed: set[int] = set()
    for run in runs:
        t = table_of_run.get(run.number)
        if t is not None:
            if t not in placed and tables[t].rows:
                out.blocks.append(tables[t])
                placed.add(t)
            continue
        line = Line(text=run.text, number=run.number, bbox=run.bbox)
        out.lines.append(line)
        out.blocks.append(line)
    out.tables = [tables[t] for t in sorted(placed)]
    return out


def _is_generated_space_in_thai(textpage: pdfium.PdfTextPage, text: str, i: int) -> bool:
    """A space that pdfium inserted (not a space glyph of the PDF) between two Thai
    characters: pdfium guesses word breaks from glyph gaps, and a shifted tone mark makes a
    gap inside a word ("การป้ องกัน")."""
    if not (0 < i < len(text) - 1 and is_thai(text[i - 1]) and is_thai(text[i + 1])):
        return False
    return bool(pdfium_c.FPDFText_IsGenerated(textpage.raw, i))


@dataclass(slots=True)
class _Run:
    """One visual line of the page: its number, text, box and character indices."""

    number: int
    text: str
    bbox: BBox
    indices: list[int]


# A pdfium line of combining marks only is glued to the line before it. Two pdfium lines are
# one visual line when their boxes overlap vertically by at least this
# share of the lower one's height: pdfium breaks a line at a below-vowel (ู, ุ) whose box
# hangs lower than the letters ("ข้อม" / "ู" / "ล").
SAME_LINE_OVERLAP = 0.5


def _runs(chars: list[str], boxes: list[BBox | None]) -> list[_Run]:
    """Split the page text at pdfium's line breaks, glue pieces of one visual line back
    together, and number the resulting lines from 1."""
    pieces: list[tuple[list[int], BBox]] = []
    start = 0
    ends = [i for i, ch in enumerate(chars) if ch == "\n"]
    for end in [*ends, len(chars)]:
        indices = [i for i in range(start, end) if boxes[i] is not None]
        inked = [boxes[i] for i in indices if chars[i].strip()]
        if inked:
            bbox = box_union(inked)
            only_marks = all(chars[i] in COMBINING for i in indices if chars[i].strip())
            if pieces and (only_marks or _same_line(pieces[-1][1], bbox)):
                prev_indices, prev_box = pieces[-1]
                pieces[-1] = (prev_indices + indices, box_union([prev_box, bbox]))
            else:
                pieces.append((indices, bbox))
        start = end + 1
    texts = [squash_spaces(repair_thai(_visual_text(x, chars, boxes))) for x, _b in pieces]
    texts, _moved = move_displaced_tones(texts)  # counted by text_quality
    return [
        _Run(n, text, bbox, indices)
        for n, ((indices, bbox), text) in enumerate(zip(pieces, texts, strict=True), start=1)
    ]


def _visual_text(indices: list[int], chars: list[str], boxes: list[BBox | None]) -> str:
    """The characters of one visual line in reading order: top to bottom, left to right.

    The content stream writes each font run on its own, so a symbol from a fallback font
    (☑, ✓) can come out before or after the words it stands between ("☑ ☐ ดำเนินการแล้ว
    ยังไม่ได้…"), and an ``/ActualText`` span can leave a mark far from its letter ("ความร้ความ
    ู"). So each combining mark stays with the letter before it when it is drawn over that
    letter, and otherwise joins the Thai letter it is drawn over; the clusters are then put in
    order of their rows (a soft hyphen makes pdfium join two rows into one line) and left
    edges. Text already in order comes out unchanged.
    """
    clusters: list[tuple[BBox | None, list[int]]] = []
    letters: list[tuple[BBox, list[int]]] = []
    marks: list[tuple[int, list[int] | None]] = []  # a mark and the cluster before it
    for i in indices:
        ch, box = chars[i], boxes[i]
        if ch and ch in COMBINING:
            marks.append((i, clusters[-1][1] if clusters else None))
            continue
        members = [i]
        clusters.append((box, members))
        if box is not None and is_thai_letter(ch):
            letters.append((box, members))
    for i, before in marks:
        host = before if _over(boxes[i], before, boxes, chars) else None
        host = host or _letter_under(boxes[i], letters) or before
        if host is None:
            clusters.append((boxes[i], [i]))
        else:
            host.append(i)
    placed = [c for c in clusters if c[0] is not None]
    if len(placed) < 2:
        return "".join(chars[i] for _, members in clusters for i in members)
    height = max(b[3] - b[1] for b, _ in placed) or 1.0
    rows: list[list[tuple[BBox | None, list[int]]]] = []
    previous_y = None
    for box, members in sorted(clusters, key=lambda c: _centre_y(c[0])):
        y = _centre_y(box)
        if rows and (box is None or previous_y is None or y - previous_y <= ROW_GAP * height):
            rows[-1].append((box, members))
        else:
            rows.append([(box, members)])
        if box is not None:
            previous_y = y
    out = []
    for row in rows:
        row.sort(key=lambda c: c[0][0] if c[0] is not None else 0.0)
        out.append("".join(chars[i] for _, members in row for i in members))
    return "".join(out)


def _same_line(a: BBox, b: BBox) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    height = min(a[3] - a[1], b[3] - b[1])
    return height > 0 and overlap >= SAME_LINE_OVERLAP * height and b[0] >= a[0]


# Two rows of one pdfium line are told apart by a gap between glyph centres of more than this
# many times the tallest glyph's height: rows are a line spacing apart (19–22 pt for 16 pt text
# whose tallest glyphs, parentheses, are 14–15 pt), while a dot, comma or apostrophe sits a
# few points off the letters' centres.
ROW_GAP = 1.0
# A mark counts as drawn over the letter before it in the stream when its centre lies within
# this many points of that letter's box (tone marks overhang narrow letters).
MARK_OVERHANG = 3.0


def _over(box: BBox | None, cluster: list[int] | None, boxes: list, chars: list[str]) -> bool:
    """Whether a mark lies over the letter that precedes it in the stream (the normal case)."""
    if box is None or cluster is None:
        return cluster is not None
    letter = boxes[cluster[0]]
    if letter is None or not is_thai_letter(chars[cluster[0]]):
        return False
    x = (box[0] + box[2]) / 2
    return letter[0] - MARK_OVERHANG <= x <= letter[2] + MARK_OVERHANG


def _centre_y(box: BBox | None) -> float:
    return (box[1] + box[3]) / 2 if box is not None else 0.0


# A mark's centre counts as over a letter when it lies within this many points of the
# letter's box horizontally (the rounding of glyph boxes).
UNDER_SLACK = 1


def _letter_under(box: BBox | None, letters: list[tuple[BBox, list[int]]]) -> list[int] | None:
    """The cluster of the Thai letter whose box spans the mark's centre horizontally (within
    UNDER_SLACK) and lies within a glyph's height of it; the nearest such letter."""
    if box is None:
        return None
    x, y = (box[0] + box[2]) / 2, _centre_y(box)
    best, best_distance = None, None
    for letter, members in letters:
        tall = letter[3] - letter[1]
        if (
            letter[0] - UNDER_SLACK <= x <= letter[2] + UNDER_SLACK
            and abs(_centre_y(letter) - y) <= tall
        ):
            distance = abs((letter[0] + letter[2]) / 2 - x)
            if best_distance is None or distance < best_distance:
                best, best_distance = members, distance
    return best


Grid = list[list[BBox]]  # rows → the boxes of the cells that row really has


def _find_grids(page: pdfium.PdfPage, plumber_page: pdfplumber.page.Page) -> list[Grid]:
    """Ruled tables on the page, as grids of cell boxes; pdfplumber only if paths exist.

    The ruling lines are the page's vector paths as pypdfium2 reports them, handed to
    pdfplumber's table finder as explicit lines: pdfplumber then never parses the page's
    content with pdfminer, which is 95 % of its cost (40–55 ms a page against 1 ms for the
    characters, measured on this project's machine). pdfplumber lays adjacent tables with
    different column edges over one union grid, with ``None`` where a row has no cell. Each
    row keeps only its real cells, and the grid is split where the column layout changes
    (``tables.same_columns``).
    """
    rects = _path_rects(page)
    if len(rects) < MIN_RULES:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": rects,
        "explicit_horizontal_lines": rects,
    }
    grids: list[Grid] = []
    for table in plumber_page.find_tables(settings):
        current: Grid = []
        for row in table.rows:
            cells = [c for c in row.cells if c is not None]
            if not cells:
                continue
            if current and not same_columns(column_starts(cells), column_starts(current[-1])):
                grids.append(current)
                current = []
            current.append(cells)
        if current:
            grids.append(current)
    return grids


# Fewer paths than this cannot rule a table (two horizontal and two vertical lines).
MIN_RULES = 4


def _path_rects(page: pdfium.PdfPage) -> list[dict]:
    """Every vector path of the page as a pdfplumber rect object (top-left coordinates)."""
    height = page.get_size()[1]
    rects = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        y_top = height - top
        rects.append(
            {
                "object_type": "rect",
                "x0": left,
                "x1": right,
                "top": y_top,
                "bottom": height - bottom,
                "doctop": y_top,
                "width": right - left,
                "height": top - bottom,
                "y0": bottom,
                "y1": top,
            }
        )
    return rects


def _locate(box: BBox | None, grids: list[Grid]) -> tuple[int, int, int] | None:
    if box is None:
        return None
    x = (box[0] + box[2]) / 2
    y = (box[1] + box[3]) / 2
    for t, grid in enumerate(grids):
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
                    return t, r, c
    return None


def _build_table(
    t: int,
    grid: Grid,
    chars: list[str],
    boxes: list[BBox | None],
    line_of_char: dict[int, int],
    cell_chars: dict[tuple[int, int, int], list[int]],
    page_number: int,
) -> Table:
    rows: list[Row] = []
    for r, row in enumerate(grid):
        cells: list[Cell] = []
        first_line: int | None = None
        for c, cell_box in enumerate(row):
            indices = cell_chars.get((t, r, c), [])
            if indices:
                line = line_of_char[indices[0]]
                first_line = line if first_line is None else min(first_line, line)
            inked = [boxes[i] for i in indices if chars[i].strip() and boxes[i] is not None]
            cells.append(
                Cell(
                    text=_cell_text(chars, boxes, indices, line_of_char),
                    bbox=cell_box,
                    ink=box_union(inked) if inked else None,
                )
            )
        if any(c.text for c in cells):
            rows.append(
                Row(
                    cells=tuple(cells),
                    number=first_line or 0,
                    bbox=box_union(row),
                    page=page_number,
                )
            )
    return Table(rows=tuple(rows), index=0, bbox=box_union([b for row in grid for b in row]))


def _cell_text(
    chars: list[str], boxes: list[BBox | None], indices: list[int], line_of_char: dict[int, int]
) -> str:
    """Characters of one cell in reading order, with a line break where the line changes."""
    by_line: dict[int, list[int]] = {}
    for i in indices:
        by_line.setdefault(line_of_char[i], []).append(i)
    lines = (squash_spaces(repair_thai(_visual_text(x, chars, boxes))) for x in by_line.values())
    return "\n".join(x for x in lines if x)
