"""Tables continued across pages, joined into one: for every reader whose pages have geometry.

A table cut by a page break comes back from a page reader as two tables, one at the bottom of
a page and one at the top of the next; a row cut by the break comes back as two rows
(``['๔', 'การใช้ทรัพย์สิน', '๙๘.๘๙', '']`` then ``['', 'ของราชการ', '', '']``). This module
joins them, the same way for pages read from a text layer (``pdf.py``) and pages read by OCR
(``ocr.py``): both give cells with boxes in PDF points, and ``Cell.ink``, the box of the text in
the cell. It knows geometry and nothing of what the rows mean:

- a page's first block continues the previous page's last block when both are tables and
  their rows at the break have the same column layout (:func:`same_columns`);
- the fragment's first row is dropped when it repeats the table's first row (a header
  repeated on every page);
- a first row whose first cell is empty is merged into the row cut by the break, cell by
  cell (the cell it overlaps the most);
- any other first row is marked ``Row.continued`` when every cell it has text in lies under
  a cell of the row before that was full (its text ran to the bottom of the row): it may be
  the rest of that row, and only a recogniser that knows what the rows mean can tell
  (``extract.rows.continues_row_before``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from extract.model import BBox, Cell, Page, Row, Table

# Column starts closer than this (points) are the same column edge.
EDGE_TOLERANCE = 2
# A cell is full when its text ends within this many points of its row's bottom: a row cut
# by a page break has its text running to the bottom of the page in every cell it continues.
# Measured on the sample PDFs (16 pt text, ~19 pt lines): a full cell's ink ends 15–23 pt
# above the row's bottom, or up to 35 pt when widow control moved a line on; a cell that
# ended earlier ends 50 pt or more above it.
FULL_CELL_SLACK = 40.0


def column_starts(boxes: Iterable[BBox]) -> set[int]:
    """The x positions (points, to the nearest point) where a row's cells start."""
    return {round(b[0]) for b in boxes}


def same_columns(a: set[int], b: set[int]) -> bool:
    """Whether two rows with these column starts (:func:`column_starts`) belong to one table:
    one row's starts include the other's (within EDGE_TOLERANCE), as a merged cell (a header
    over three status columns) removes starts but never adds one."""

    def within(small: set[int], large: set[int]) -> bool:
        return all(any(abs(x - y) <= EDGE_TOLERANCE for y in large) for x in small)

    return within(a, b) or within(b, a)


def join_continued_tables(pages: list[Page]) -> None:
    """Join each table continued from the previous page into one table (module docstring),
    in place, and number all tables of the pages from 1 (``Table.index``).

    ``pages``: the pages of one document in order, each with its ``blocks`` and ``tables``
    (the same Table objects) as a page reader made them; a page without blocks (not read)
    ends a table.
    """
    previous: tuple[Page, Table] | None = None
    for page in pages:
        first_block = page.blocks[0] if page.blocks else None
        if (
            previous is not None
            and isinstance(first_block, Table)
            and first_block.rows
            and same_columns(_layout(first_block.rows[0]), _layout(previous[1].rows[-1]))
        ):
            prev_page, prev_table = previous
            joined = _append_rows(prev_table, first_block)
            prev_page.tables[prev_page.tables.index(prev_table)] = joined
            prev_page.blocks[prev_page.blocks.index(prev_table)] = joined
            page.tables.remove(first_block)
            page.blocks.pop(0)
            previous = (prev_page, joined) if not page.blocks else None
        last_block = page.blocks[-1] if page.blocks else None
        if isinstance(last_block, Table):
            previous = (page, last_block)
        elif page.blocks:
            previous = None
    index = 0
    for page in pages:
        for i, table in enumerate(page.tables):
            index += 1
            numbered = replace(table, index=index)
            page.blocks[page.blocks.index(table)] = numbered
            page.tables[i] = numbered


def _layout(row: Row) -> set[int]:
    return column_starts(c.bbox for c in row.cells if c.bbox is not None)


def _append_rows(head: Table, tail: Table) -> Table:
    """Append a fragment continued on the next page: drop a repeated header row, merge a
    first row with an empty first cell into the row cut by the page break, and mark a first
    row that may continue it (``Row.continued``)."""
    rows = list(tail.rows)
    if rows and [c.text for c in rows[0].cells] == [c.text for c in head.rows[0].cells]:
        rows.pop(0)  # repeated header
    merged = list(head.rows)
    if rows and merged and not rows[0].cells[0].text:
        merged[-1] = _merge_rows(merged[-1], rows.pop(0))
    elif rows and merged and _may_continue(merged[-1], rows[0]):
        rows[0] = replace(rows[0], continued=True)
    return replace(head, rows=tuple(merged + rows))


def _may_continue(last: Row, first: Row) -> bool:
    """Whether ``first`` (top of a page) may be the rest of ``last`` (bottom of the page
    before): every cell it has text in continues a cell of ``last`` that was full."""
    if last.bbox is None:
        return False
    for cell in first.cells:
        if not cell.text:
            continue
        above = _counterpart(cell, last)
        if above is None or above.ink is None or above.ink[3] < last.bbox[3] - FULL_CELL_SLACK:
            return False
    return True


def _counterpart(cell: Cell, row: Row) -> Cell | None:
    """The cell of ``row`` that overlaps ``cell`` horizontally the most."""
    if cell.bbox is None:
        return None
    best, best_overlap = None, 0.0
    for other in row.cells:
        if other.bbox is None:
            continue
        overlap = min(cell.bbox[2], other.bbox[2]) - max(cell.bbox[0], other.bbox[0])
        if overlap > best_overlap:
            best, best_overlap = other, overlap
    return best


def _merge_rows(last: Row, cont: Row) -> Row:
    """``last`` with each text cell of ``cont`` (the rest of it on the next page) added to
    the cell above it, on a new line."""
    cells = list(last.cells)
    for cell in cont.cells:
        above = _counterpart(cell, last)
        if cell.text and above is not None:
            i = cells.index(above)
            text = "\n".join(x for x in (cells[i].text, cell.text) if x)
            cells[i] = replace(cells[i], text=text)
    return replace(last, cells=tuple(cells))
