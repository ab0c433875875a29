"""A document's source for its report page: the input file, checked against the document's
key, its lines as the reader numbers them (text and HTML), and its pages as images (PDF).

The report reads the published tables only; the input files are read here, and only for what
the tables cannot show: the lines a value was read from, and the page it stands on. A file
is found as INPUT/source_path for the run's INPUT arguments (manifest.json ``inputs``, or
``report --inputs``), the escapes of odd names in source_path undone (``file_name``); a
file that is gone, or whose SHA-256 no longer starts with the document's ``doc_id`` (it
changed since the run), is not shown.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from extract.model import Line, Table
from ita_extract.batch.inputs import display_name, file_name

# Page images: this wide in pixels (the page's height follows), JPEG of this quality.
PAGE_WIDTH_PX = 900
JPEG_QUALITY = 70
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document's file is, and whether it can be shown.

    ``state``: ``ok`` (found, and its SHA-256 starts with the ``doc_id``), ``unchecked``
    (found; not hashed, because nothing of it is shown, or the document has no ``doc_id``),
    ``missing`` (not found under any INPUT) or ``changed`` (found, with other bytes than the
    run read). ``data``: the file's bytes when they were read (state ``ok``).
    """

    path: Path | None
    state: str
    data: bytes | None = None

    @property
    def usable(self) -> bool:
        return self.state == "ok"

    @property
    def name(self) -> str:
        """The file's path as text, written as the run writes names (``display_name``)."""
        return display_name(str(self.path)) if self.path is not None else ""

    def note(self) -> str:
        """What the page says of the file (English; the report's language for its notes)."""
        if self.state == "missing":
            return "The input file was not found under the run's INPUTs: values without source."
        if self.state == "changed":
            return (
                f"The input file {self.name} has changed since the run (its SHA-256 is not "
                "the document's): values without source."
            )
        return ""


def find_file(source_path: str, inputs: list[Path]) -> Path | None:
    """The file a run read as ``source_path``: INPUT/source_path for a folder INPUT, the
    INPUT itself for a file INPUT of that name; ``None`` when no INPUT holds it."""
    name = file_name(source_path)
    for root in inputs:
        if root.is_dir():
            candidate = root / name
            if candidate.is_file():
                return candidate
        elif root.name == name and root.is_file():
            return root
    return None


def locate(source_path: str, doc_id: str | None, inputs: list[Path], *, read: bool) -> Source:
    """Find a document's file; with ``read``, read it and check it against ``doc_id``."""
    path = find_file(source_path, inputs)
    if path is None:
        return Source(None, "missing")
    if not read or not doc_id:
        return Source(path, "unchecked")
    try:
        data = path.read_bytes()
    except OSError:
        return Source(path, "missing")
    if hashlib.sha256(data).hexdigest()[:16] != doc_id:
        return Source(path, "changed")
    return Source(path, "ok", data)


def source_lines(path: Path, data: bytes) -> list[tuple[int, str]]:
    """A text or HTML document's lines as (number, text), numbered as the reader numbers
    them, so that the tables' ``line`` points at them.

    Text (``.txt``, ``.md``): the file's lines as decoded by the text reader
    (``extract.readers.text.decode_text``), numbered from 1 as ``parse_text`` numbers
    ``text.splitlines()``; shown as written (markup and all), blank lines included. HTML:
    the reader's own lines and table rows (``read_document``; a table row is one line, its
    cells joined by " | "), as the reader renders the page.

    Raises:
        extract.readers.ReadError: the file cannot be read (as in the run).
    """
    from extract.readers import read_document
    from extract.readers.text import decode_text

    if path.suffix.lower() in TEXT_SUFFIXES:
        text, _ = decode_text(data)
        return list(enumerate(text.splitlines(), start=1))
    from pipeline import reading_options

    doc = read_document(path, data, reading_options())
    lines: dict[int, list[str]] = {}
    for page in doc.pages:
        for block in page.blocks:
            if isinstance(block, Line):
                lines.setdefault(block.number, []).append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    lines.setdefault(row.number, []).append(" | ".join(row.texts))
    return [(n, "\n".join(parts)) for n, parts in sorted(lines.items())]


@dataclass(frozen=True, slots=True)
class PageImage:
    """A rendered page: its 1-based number, the image file (relative to the report folder),
    its size in pixels and the page's size in PDF points (boxes are drawn in percent of it)."""

    number: int
    file: str
    width_px: int
    height_px: int
    width_pt: float
    height_pt: float


def render_pages(data: bytes, numbers: list[int], folder: Path, stem: str) -> list[PageImage]:
    """Render the PDF pages ``numbers`` (1-based) of ``data`` as JPEG files
    ``folder/<stem>-p<N>.jpg``, PAGE_WIDTH_PX wide. Pages the PDF does not have are skipped.

    Raises:
        pypdfium2.PdfiumError: the PDF cannot be opened.
    """
    import pypdfium2 as pdfium

    images = []
    pdf = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                bitmap = page.render(scale=PAGE_WIDTH_PX / width)
                image = bitmap.to_pil().convert("RGB")
            finally:
                page.close()
            name = f"{stem}-p{number}.jpg"
            image.save(folder / name, "JPEG", quality=JPEG_QUALITY, optimize=True)
            images.append(
                PageImage(number, name, image.width, image.height, float(width), float(height))
            )
    finally:
        pdf.close()
    return images


def absolute(paths: list[str | os.PathLike]) -> list[Path]:
    return [Path(os.path.abspath(p)) for p in paths]
