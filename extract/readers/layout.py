"""Tables in plain text: how scrapers and PDF text extractors write a table's rows.

Format knowledge only (nothing here knows about ITA). A text file gives rows in one of four
renderings, all turned into the same :class:`~extract.model.Row` of cells:

- **tab-separated**: a line holding a tab is a row, its cells split at the tabs;
- **pipe / markdown**: ``| a | b |`` (a ``|---|---|`` rule line is dropped);
- **space-aligned** (``pdftotext -layout``, scrapers that pad columns): consecutive lines with
  gaps of two or more spaces. Columns come from the block's own alignment: a column starts
  where the lines' cells start (Thai combining marks take no column, so alignment is measured
  as a reader sees it, not in code points); a header written over several lines and a cell
  wrapped over several lines are joined into one row (``aligned_rows``);
- **flat** (a PDF extractor's single-spaced text, dot leaders): consecutive short lines that
  end in numbers, ``1 การปฏิบัติหน้าที่ 76.91`` or ``1) การปฏิบัติหน้าที่ ....... 95.12`` (the
  first row of a group of rows may begin with the group's label, which a merged cell
  spanning the group leaves there, ``G 1. …``: a label the caller names in ``group_labels``
  is dropped), or
  in numbers and one or two short words (a level column: ``… 84.34 ไม่ผ่าน``): the leading
  number, the text, each trailing number and the trailing words become cells. The short
  text line just above such a block (its column headings) becomes the block's first row.

A block of aligned or flat lines is only a table when it has at least ``MIN_ROWS`` lines, so
a stray double space in prose leaves the line prose.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from normalize.text import PUA_TO_THAI, THAI_CONSONANTS

# An aligned or flat block needs this many lines to be a table.
MIN_ROWS = 2
# Cells of an aligned line are separated by at least this many spaces.
MIN_GAP = 2
# A column starts where at least this share of the lines with several cells start a cell …
COLUMN_SHARE = 0.3
# … or where a cell of one of the block's first lines with several cells (its header) starts.
HEADER_LINES = 3
# A flat row's text (without its numbers) is at most this long: a row label, not a sentence
# that happens to end in a number; the heading line above a flat block too.
MAX_FLAT_TEXT = 70

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_GAP = re.compile(rf" {{{MIN_GAP},}}")
# A number as a table writes it: Thai or Arabic digits, a sign, thousands separators,
# decimals, a per cent sign.
_NUMBER = r"[+\-−]?[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})*(?:\.[0-9๐-๙]+)?%?"
# A flat row after the group label, if any: index, text, numbers, trailing words.
_FLAT_ROW = (
    rf"(?:(?P<index>[0-9๐-๙]{{1,2}})[.)]?\s+)?(?P<text>.*?[^\s.…·_])[\s.…·_]*?"
    rf"(?P<numbers>(?:\s+{_NUMBER}|(?<=[.…·_]){_NUMBER})+)"
    r"(?P<tail>(?:\s+[^\s0-9๐-๙]{1,12}){0,2})\s*$"
)


@functools.cache
def _flat_pattern(group_labels: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern of a flat row, which may begin with one of ``group_labels`` before its
    number (a merged cell's text, dropped)."""
    if not group_labels:
        return re.compile(rf"^\s*{_FLAT_ROW}")
    labels = "|".join(re.escape(label) for label in group_labels)
    return re.compile(rf"^\s*(?:(?:{labels})\s+(?=[0-9๐-๙]))?{_FLAT_ROW}")


_IS_NUMBER = re.compile(rf"^\s*{_NUMBER}\s*$")
_LETTER = re.compile(rf"[A-Za-z{THAI_CONSONANTS}]")
_LEADER = re.compile(r"\s*[.…·_]{3,}\s*$")


@dataclass(frozen=True, slots=True)
class TextRow:
    """A row found in text: 1-based line number and the raw text of its cells."""

    number: int
    cells: tuple[str, ...]


def _width(ch: str) -> int:
    """Display columns of one character: Thai vowels and marks above or below a letter
    (Unicode category Mn, legacy PUA marks included) take none."""
    return 0 if unicodedata.category(PUA_TO_THAI.get(ch, ch)) == "Mn" else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on screen (see ``_width``)."""
    return sum(_width(ch) for ch in text)


def pipe_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a ``| a | b |`` line, or ``None`` when the line is not a pipe row."""
    stripped = line.strip()
    if stripped.count("|") < 2 or not (stripped.startswith("|") or stripped.endswith("|")):
        return None
    parts = stripped.split("|")
    if stripped.startswith("|"):
        parts = parts[1:]
    if stripped.endswith("|"):
        parts = parts[:-1]
    return tuple(p.strip() for p in parts)


def is_pipe_rule(line: str) -> bool:
    """Whether ``line`` is a markdown table's rule (``|---|:--:|``)."""
    return bool(_PIPE_RULE.match(line)) and "-" in line


def _aligned(line: str) -> bool:
    body = line.rstrip()
    return bool(body.strip()) and (bool(_GAP.search(body.strip())) or body.startswith("  "))


def _flat(line: str, group_labels: tuple[str, ...]) -> re.Match[str] | None:
    m = _flat_pattern(group_labels).match(line)
    if m is None or len(m.group("text")) > MAX_FLAT_TEXT or not _LETTER.search(m.group("text")):
        return None
    return m


def _spans(line: str) -> list[tuple[int, int, str]]:
    """(first column, end column, text) of each run of non-space text in display columns."""
    out, col, start, buf = [], 0, None, []
    for ch in line.rstrip() + " ":
        width = _width(ch)
        if ch == " ":
            if start is not None:
                out.append((start, col, "".join(buf)))
                start, buf = None, []
        else:
            if start is None:
                start = col
            buf.append(ch)
        col += width
    return out


def _runs_of(line_spans: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """(start column, text) of the runs of a line separated by at least MIN_GAP columns."""
    out: list[tuple[int, str]] = []
    end = None
    for start, stop, text in line_spans:
        if end is not None and start - end < MIN_GAP:
            out[-1] = (out[-1][0], out[-1][1] + " " + text)
        else:
            out.append((start, text))
        end = stop
    return out


def _column_starts(runs: list[list[tuple[int, str]]]) -> list[int]:
    """Where the block's columns start: the start columns that runs of the lines with several
    runs share. A start counts when at least two lines share it (one column to either side)
    and it is either shared by COLUMN_SHARE of those lines or stands in the block's first
    HEADER_LINES of them (the header names every column, even one that few rows fill); text
    that overflows its column starts elsewhere once and is not a column."""
    multi = [r for r in runs if len(r) >= 2]
    if not multi:
        return [0]
    counts: Counter[int] = Counter()
    header: set[int] = set()
    for k, line in enumerate(multi):
        for start, _text in line:
            counts[start] += 1
            if k < HEADER_LINES:
                header.add(start)
    # Starts that repeat (or head a column) chain into one column while they are at most
    # MIN_GAP apart: a column's cells may drift by a few places (51, 52, 53, 54 when the
    # writer counted Thai marks differently from line to line). A chain is a column when its
    # lines are COLUMN_SHARE of the block, or it holds a header start and two lines.
    chains: list[list[int]] = []
    for start in sorted(counts):
        if counts[start - 1] + counts[start] + counts[start + 1] < 2 and start not in header:
            continue  # text that overflows its column, once
        if chains and start - chains[-1][-1] <= MIN_GAP:
            chains[-1].append(start)
        else:
            chains.append([start])
    starts: list[int] = []
    for chain in chains:
        lines = sum(counts[s] for s in chain)
        if lines >= max(2, COLUMN_SHARE * len(multi)) or (
            lines >= 2 and header.intersection(chain)
        ):
            starts.append(chain[0])
    first = min(start for line in runs for start, _t in line[:1]) if runs else 0
    return starts if starts and starts[0] <= first else [first, *starts]


def aligned_rows(lines: list[tuple[int, str]]) -> list[TextRow]:
    """Cut a block of space-aligned lines into cells at the block's column starts.

    Column starts are found from the block's own alignment (``_column_starts``, in display
    columns: Thai marks take none); each run of a line (words separated by single spaces stay
    together) is a cell of the column it starts in, so text that overflows into the next
    column's space stays in its own. A line whose first cell is empty continues the row above
    (cells wrapped over several lines: its text joins each cell with a line break), unless it
    puts text under a number of that row; a row starts on a line whose first cell is filled
    (a measure's number, a header's first word) — except in a table whose first column wraps
    too: cells are top-aligned, so a line continues the row when it fills fewer columns than
    the row's first line and no column that was empty on the line before (a cell that had
    ended), in a row without a number cell (one-line rows fill the same columns every line;
    a row with a score is a row of a score table, where the next name may stand alone on its
    line and its score on the line below). Rows keep the number of their
    first line; a line with no text in a column has an empty cell there.
    """
    spans = [(number, _spans(text)) for number, text in lines]
    runs = [_runs_of(line_spans) for _number, line_spans in spans]
    starts = _column_starts(runs)
    rows: list[TextRow] = []
    first: set[int] = set()  # the columns filled on the current row's first line
    previous: set[int] = set()  # … and on its last line so far
    for (number, _spans_of_line), line_runs in zip(spans, runs, strict=True):
        cells = ["" for _ in starts]
        for start, text in line_runs:
            k = max((i for i, s in enumerate(starts) if s <= start + 1), default=0)
            cells[k] = f"{cells[k]} {text}".strip()
        if not any(cells):
            continue
        filled = {k for k, c in enumerate(cells) if c}
        if rows and (
            _wraps_into(rows[-1].cells, cells)
            or (
                filled < first
                and filled <= previous
                and not any(_IS_NUMBER.match(c) for c in rows[-1].cells)
            )
        ):
            previous = filled
            above = rows[-1]
            joined = tuple(
                "\n".join(x for x in (a, b) if x) for a, b in zip(above.cells, cells, strict=True)
            )
            rows[-1] = TextRow(above.number, joined)
            continue
        first = previous = filled
        rows.append(TextRow(number, tuple(cells)))
    return rows


def _wraps_into(above: tuple[str, ...], cells: list[str]) -> bool:
    """Whether a line is the wrapped rest of the row above: its first cell is empty, the row
    above's is not, and where the line has text the row above holds no number (a total row
    under the last row, "   รวม   88.90", is a row of its own)."""
    if not cells or cells[0] or not above or not above[0]:
        return False
    return _under_text(above, cells)


def _under_text(above: tuple[str, ...], cells: list[str]) -> bool:
    """Whether a line puts text only under text of the row above, never under a number."""
    return not any(text and _IS_NUMBER.match(over) for text, over in zip(cells, above, strict=True))


def flat_row(number: int, line: str, group_labels: tuple[str, ...] = ()) -> TextRow | None:
    """A flat row (``1 การปฏิบัติหน้าที่ 76.91``, ``1) … ....... 95.12``) as cells: the
    leading number if any, the text without its dot leader, each trailing number. A line that
    begins with one of ``group_labels`` before its number has the label dropped."""
    m = _flat(line, group_labels)
    if m is None:
        return None
    cells = [m.group("index")] if m.group("index") else []
    cells.append(_LEADER.sub("", m.group("text")).strip())
    cells.extend(m.group("numbers").replace("…", " ").split())
    if m.group("tail").strip():
        cells.append(m.group("tail").strip())
    return TextRow(number, tuple(c.strip("._·…") or c for c in cells))


def text_blocks(
    lines: list[str], group_labels: tuple[str, ...] = ()
) -> list[tuple[str, list[TextRow] | tuple[int, str]]]:
    """Group the lines of a text file into tables and prose, in order.

    Returns ``("table", rows)`` for a table and ``("line", (number, text))`` for every other
    line (blank lines included, numbered from 1). Tab rows, pipe rows, aligned blocks and flat
    blocks are recognised as the module docstring says; a flat or aligned block may hold
    short lines of words between its rows (a group's name above its rows, the rest of a
    wrapped label), which become rows of their own. ``group_labels``: labels of groups of
    rows that a flat row may begin with (``flat_row``).
    """
    out: list[tuple[str, list[TextRow] | tuple[int, str]]] = []
    i, n = 0, len(lines)
    while i < n:
        kind = _kind(lines[i], group_labels)
        j = i + 1
        while j < n and (
            _continues(kind, lines[j], group_labels)
            or (
                kind in ("flat", "aligned")
                and j + 1 < n
                and _heading(lines[j])
                and _kind(lines[j + 1], group_labels) == kind
            )
        ):
            j += 1
        numbered = list(enumerate(lines[i:j], start=i + 1))
        rows = _rows(kind, numbered, group_labels)
        if rows is None:
            out.append(("line", (i + 1, lines[i])))
            i += 1
            continue
        if kind == "flat" and out and out[-1][0] == "line":
            number, text = out[-1][1]  # type: ignore[misc]
            if _heading(text):
                out.pop()
                rows.insert(0, TextRow(number, (text.strip(),)))
        out.append(("table", rows))
        i = j
    return out


def _rows(
    kind: str, numbered: list[tuple[int, str]], group_labels: tuple[str, ...]
) -> list[TextRow] | None:
    """The rows of a block of one kind, or ``None`` when the block is not a table."""
    if kind == "tab":
        return [TextRow(k, tuple(x.split("\t"))) for k, x in numbered]
    if kind == "pipe":
        return [
            TextRow(k, cells)
            for k, x in numbered
            if not is_pipe_rule(x) and (cells := pipe_cells(x)) is not None
        ]
    if len(numbered) < MIN_ROWS:
        return None
    if kind == "aligned":
        rows = aligned_rows(numbered)
        several = sum(1 for r in rows if sum(1 for c in r.cells if c) >= 2)
        return rows if several >= MIN_ROWS else None
    if kind == "flat":
        return [
            r if (r := flat_row(k, x, group_labels)) is not None else TextRow(k, (x.strip(),))
            for k, x in numbered
        ]
    return None


def _heading(line: str) -> bool:
    """A short line of text without digits: a table's column headings or a section heading
    between its rows."""
    text = line.strip()
    return (
        0 < len(text) <= MAX_FLAT_TEXT
        and bool(_LETTER.search(text))
        and not re.search(r"[0-9๐-๙]", text)
    )


def _kind(line: str, group_labels: tuple[str, ...]) -> str:
    if "\t" in line:
        return "tab"
    if pipe_cells(line) is not None or is_pipe_rule(line):
        return "pipe"
    if _flat(line, group_labels) is not None and not _GAP.search(line.strip()):
        return "flat"
    if _aligned(line):
        return "aligned"
    return "line"


def _continues(kind: str, line: str, group_labels: tuple[str, ...]) -> bool:
    if kind == "tab":
        return "\t" in line
    if kind == "line":
        return False
    return _kind(line, group_labels) == kind
