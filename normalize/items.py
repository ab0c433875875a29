"""Item codes (ข้อ i1…, e1…, o1…) as reports mangle them, repaired from context. Pure functions.

Conversion and OCR turn the letters into digits: sample 001 writes i1…i9 as "๑๑"…"๑๙" and
i10…i15 as "1๑๐"…"1๑๕" (the letter i read as 1), o1…o28 as "๐๑"…"๐๒๘" (Thai zero for the
letter O) and elsewhere "e๑", "E๑", "O๓๙", "o 12", "l4" (i read as l). A code is repaired
only with the context of the table it stands in — which tool's table, and the running order
of its rows — never by a global rule: "๑๑" is i1 in an IIT table, o11 in an OIT table, and
nothing at all in prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalize.ita import ITEM_LETTER, MAX_ITEM_NUMBER
from normalize.text import compact, thai_digits_to_arabic

# The letter as written, or as OCR and conversion misread it: i as l, L or I.
_CODE = re.compile(r"^([iIlLeEoO]?)(\d{1,3})$")
# An OCR'd code cell: up to three stray marks (no digit among them), then the number.
_OCR_SLIPPED_CODE = re.compile(r"^\D{1,3}(\d{1,2})$")
_LETTER_TOOL = {"i": "IIT", "l": "IIT", "e": "EIT", "o": "OIT"}


@dataclass(frozen=True, slots=True)
class ItemCode:
    """A repaired item code: tool, number, and the code as written out (``i10``)."""

    tool: str
    number: int

    @property
    def code(self) -> str:
        """Lower-case code such as ``i10``, ``e3``, ``o28``."""
        return f"{ITEM_LETTER[self.tool]}{self.number}"


def looks_like_item_code(raw: str) -> bool:
    """Whether a cell could hold an item code: an optional letter i/e/o and 1–3 digits."""
    return bool(_CODE.match(thai_digits_to_arabic(compact(raw))))


def parse_item_code(raw: str, tool: str | None, expected: int | None = None) -> ItemCode | None:
    """Repair an item code from the tool of its table and the number the running order expects.

    Args:
        raw: the code cell as found ("๑๑", "1๑๐", "๐๑๒", "e ๑", "O๓๙").
        tool: the tool of the table the row stands in (IIT, EIT, OIT), or ``None``.
        expected: the number the running order expects next (previous item + 1), or ``None``.

    Returns:
        The code, or ``None`` when the cell is not a code or the tool cannot be told. A written
        letter decides the tool. Without one, an IIT code may carry the letter i read as a
        leading "1": the reading that equals ``expected`` wins; failing that, the reading
        without the "1" is taken when the whole number is above the tool's highest item
        (``MAX_ITEM_NUMBER``); a code that could be either and that the running order does
        not decide is ``None``. A leading zero (the letter O) needs no repair.

    >>> parse_item_code("๑๑", "IIT", expected=1).code
    'i1'
    >>> parse_item_code("1๑๐", "IIT", expected=10).code
    'i10'
    >>> parse_item_code("๐๑๒", "OIT").code
    'o12'
    >>> parse_item_code("๑๑", "OIT", expected=11).code
    'o11'
    """
    m = _CODE.match(thai_digits_to_arabic(compact(raw)))
    if m is None:
        return None
    letter, digits = m.group(1).lower(), m.group(2)
    if letter:
        return _known(ItemCode(_LETTER_TOOL[letter], int(digits)))
    if tool is None:
        return None
    readings = [int(digits)]
    if tool == "IIT" and len(digits) > 1 and digits[0] == "1":
        readings.append(int(digits[1:]))
    if expected in readings:
        return ItemCode(tool, expected)
    if len(readings) > 1 and readings[0] > MAX_ITEM_NUMBER[tool]:
        return ItemCode(tool, readings[1])
    if len(readings) > 1 and expected is not None:
        return None  # "17" may be i17 or i7 and the running order says neither: not guessed
    return _known(ItemCode(tool, readings[0]))


def parse_ocr_slipped_code(raw: str, tool: str, expected: int) -> ItemCode | None:
    """A code cell that OCR read with up to three stray marks before its number ("อ๑",
    "eo)๗": a scan's table rules or stamp): the item the running order expects, when the
    number is exactly that one; else ``None``. For OCR pages only, whose items the OCR gate
    still confirms by their indicator's score (``ita_extract.resolve.ocr``).

    >>> parse_ocr_slipped_code("eo)๗", "EIT", 7).code, parse_ocr_slipped_code("อ๑", "EIT", 2)
    ('e7', None)
    """
    m = _OCR_SLIPPED_CODE.match(thai_digits_to_arabic(compact(raw)))
    if m is None or int(m.group(1)) != expected:
        return None
    return _known(ItemCode(tool, expected))


def _known(code: ItemCode) -> ItemCode | None:
    """``code`` when its number can be an item of its tool (1 to ``MAX_ITEM_NUMBER``), else
    ``None``: "e61" (OCR joined a stray 6 to ๑) and "o0" are no items of any year."""
    return code if 1 <= code.number <= MAX_ITEM_NUMBER[code.tool] else None
