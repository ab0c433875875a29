"""Helpers shared by the tests (kept out of conftest so they can be imported by name)."""

import csv
from pathlib import Path

from extract.model import Cell, Document, Line, Page, Row, Table
from extract.readers.text import parse_text
from pipeline import reading_options


def text_document(text: str) -> Document:
    """A one-page Document made from scraped-text lines, as the text reader makes it."""
    labels = reading_options().group_labels  # as the pipeline reads a text file
    return Document(path="inline.txt", pages=[parse_text(text, labels)])


def pdf_document(*pages, text_source: str = "text_layer") -> Document:
    """A PDF-like Document: each page a list of blocks, a ``str`` for a line of prose and a
    tuple of rows (tuples of cell texts) for a table, numbered in order; every page read from
    ``text_source`` (``text_layer`` or ``ocr``)."""
    out = []
    for number, blocks in enumerate(pages, 1):
        page = Page(number=number, text_source=text_source)
        page.blocks = [
            Line(b, k) if isinstance(b, str) else _table(k, b) for k, b in enumerate(blocks, 1)
        ]
        page.tables = [b for b in page.blocks if isinstance(b, Table)]
        out.append(page)
    return Document(path="x.pdf", pages=out)


def _table(index: int, rows) -> Table:
    cells = [Row(tuple(Cell(c) for c in r), n) for n, r in enumerate(rows, 1)]
    return Table(rows=tuple(cells), index=index)


def read_csv(path: Path) -> list[dict[str, str]]:
    """An output table as a list of rows (column → text)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# A run of ita-extract in a process of its own whose documents take a second each, to be
# killed or signalled while it extracts.
_SLOW_RUN = """
import sys, time
sys.path.insert(0, {root!r})
import pipeline
original = pipeline.process_file
def slow(item, *args, **kwargs):
    time.sleep(1.0)
    return original(item, *args, **kwargs)
pipeline.process_file = slow
sys.exit(pipeline.main(["run", {inp!r}, "--out", {out!r}, "--workers", "1", "-q", *{extra!r}]))
"""


def slow_run_script(root: Path, inputs: Path, out: Path, *extra: str) -> str:
    """Python source of a slow run (see _SLOW_RUN) over ``inputs`` into ``out``."""
    return _SLOW_RUN.format(root=str(root), inp=str(inputs), out=str(out), extra=list(extra))
