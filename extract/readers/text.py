"""Reader for scraped text reports (``.txt``, ``.md``).

Format knowledge only: how the bytes are encoded, how tables are written in text
(``extract.readers.layout``: tab-separated, pipe, space-aligned and flat rows), and that cells
and lines carry stray HTML and markdown emphasis. Nothing here knows about ITA.

Encodings: UTF-8 (with or without BOM) and UTF-16/32 with BOM are read directly; anything else
(UTF-16/32 without a BOM included) is detected with charset-normalizer, restricted to the
encodings Thai text is found in (UTF-8/16/32, TIS-620 and its superset cp874, ISO-8859-11).
A file that decodes to none of them is a :class:`ReadError`.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes

from extract.model import Cell, Document, Line, Page, Row, Table
from extract.readers.errors import ReadError
from extract.readers.layout import text_blocks
from extract.readers.markup import check_markup_size, clean_fragment
from extract.readers.options import ReadOptions
from normalize.findings import finding
from normalize.text import repair_thai

# Without a byte-order mark, a file is tried as UTF-8 first; else (or when UTF-8 gives control
# characters, as UTF-16 without a BOM does: its bytes are all valid UTF-8) charset-normalizer
# chooses among the encodings Thai text is found in. The UTF-16/32 names carry their byte
# order: charset-normalizer does not try both orders of a plain "utf_16".
THAI_ENCODINGS = [
    "utf_8",
    "utf_16_le",
    "utf_16_be",
    "utf_32_le",
    "utf_32_be",
    "cp874",
    "tis_620",
    "iso8859_11",
]
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
# A decoded text with more than this share of U+FFFD or C0 controls is not text.
MAX_BAD_CHAR_SHARE = 0.01
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text report.

    Args:
        data: the whole file.

    Returns:
        (text, encoding name). The name is Python's codec name (``utf_8``, ``utf_8_sig``,
        ``utf_16`` with a BOM, ``utf_16_le`` without one, ``cp874``, …).

    Raises:
        ReadError: the file is empty or is not text in a Thai-capable encoding.
    """
    if not data.strip():
        raise ReadError("empty file")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        try:
            text = data.decode("utf_8")
        except UnicodeDecodeError:
            text = None
        if text is not None and _bad_chars(text) <= MAX_BAD_CHAR_SHARE * len(text):
            return text, "utf_8"
        best = from_bytes(data, cp_isolation=THAI_ENCODINGS).best()
        if best is None:
            raise ReadError("cannot decode: not UTF-8, UTF-16, TIS-620 or cp874 text")
        encoding = best.encoding
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"cannot decode as {encoding}: {exc.reason}") from None
    bad = _bad_chars(text)
    if bad > MAX_BAD_CHAR_SHARE * len(text):
        raise ReadError(f"cannot decode: {bad} invalid characters as {encoding}")
    return text.lstrip("\ufeff"), encoding


def _bad_chars(text: str) -> int:
    """Replacement characters and C0 controls other than tab, line breaks and form feed."""
    return len(_BAD_CHAR.findall(text))


def read_text(path: Path, data: bytes, options: ReadOptions | None = None) -> Document:
    """Read a ``.txt`` or ``.md`` report (``data``, the bytes of ``path``) into a one-page
    Document; of ``options`` only ``group_labels`` is used (see :func:`parse_text`).

    Line numbers in the model are 1-based lines of the file.

    Raises:
        ReadError: see :func:`decode_text` and ``markup.check_markup_size``.
    """
    labels = (options or ReadOptions()).group_labels
    return decoded_document(path, data, functools.partial(parse_text, group_labels=labels))


def decoded_document(path: Path, data: bytes, parse: Callable[[str], Page]) -> Document:
    """A one-page Document of a text or HTML file: ``data`` decoded (``decode_text``; an
    encoding other than UTF-8 is an ``ENCODING_DETECTED`` note), refused if it holds more
    markup than BeautifulSoup may parse (``markup.check_markup_size``: scraped text carries
    stray HTML too), and parsed into a Page by ``parse``.

    Raises:
        ReadError: see :func:`decode_text` and ``markup.check_markup_size``.
    """
    text, encoding = decode_text(data)
    check_markup_size(text)
    doc = Document(path=str(path))
    if encoding not in ("utf_8", "utf_8_sig"):
        doc.notes.append(finding("ENCODING_DETECTED", f"decoded as {encoding}"))
    doc.pages.append(parse(text))
    return doc


def parse_text(text: str, group_labels: tuple[str, ...] = ()) -> Page:
    """Split decoded text into prose lines and tables (tab, pipe, space-aligned and flat
    renderings: ``extract.readers.layout``; ``group_labels`` as ``layout.text_blocks`` takes
    them). Cells and lines are cleaned of markup and their Thai repaired
    (``normalize.text.repair_thai``)."""
    page = Page(number=None, text_source="plain_text", line_breaks="text")
    for kind, block in text_blocks(text.splitlines(), group_labels):
        if kind == "table":
            rows = []
            for row in block:
                cells = tuple(Cell(clean_fragment(repair_thai(c))) for c in row.cells)
                if any(c.text for c in cells):  # a row of empty cells adds nothing
                    rows.append(Row(cells=cells, number=row.number))
            if rows:
                table = Table(rows=tuple(rows), index=len(page.tables) + 1)
                page.tables.append(table)
                page.blocks.append(table)
            continue
        number, raw = block
        cleaned = clean_fragment(repair_thai(raw))
        for part in cleaned.split("\n"):  # an HTML block in one line may hold several
            if part:
                line = Line(text=part, number=number)
                page.lines.append(line)
                page.blocks.append(line)
    return page
