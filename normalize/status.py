"""The status of a measure from tick marks, checkboxes and status words. Pure functions.

Values: ``done``, ``in_progress``, ``not_started``; ``None`` where the text says nothing (the
recogniser then writes ``unknown``). Marks that tick a box or a column: ✓ √ ✔ ☑ ☒ ✗ ✘ and the
☑ that the readers write for ``<input checked type="checkbox">``; ☐ is an empty box.
"""

from __future__ import annotations

import re

TICKS = "✓√✔☑☒✗✘"
EMPTY_BOX = "☐"
# A cell that means "nothing here" in a status column.
EMPTY_MARKS = frozenset({"", "-", "–", "—", "/"})

# Matched on the text without white space (cells wrap inside words: "ดำเนิน\nการ\nแล้ว").
# Not-started and in-progress first: both contain "ดำเนินการ".
_WORDS: tuple[tuple[str, str], ...] = (
    (r"ยังไม่(?:ได้)?ดำเนิน", "not_started"),
    (r"อยู่ระหว่าง", "in_progress"),
    (r"ดำเนินการแล้ว|แล้วเสร็จ|เสร็จสิ้น", "done"),
)
_TICKED_LABEL = re.compile(rf"[{TICKS}]\s*([^{TICKS}{EMPTY_BOX}]+)")


def status_of_words(text: str) -> str | None:
    """The status a phrase names ("ดำเนินการแล้วเสร็จ" → done), or ``None``.

    >>> status_of_words("อยู่ระหว่าง การ ดำเนินการ")
    'in_progress'
    """
    text = "".join(text.split())
    for pattern, status in _WORDS:
        if re.search(pattern, text):
            return status
    return None


def is_tick(text: str) -> bool:
    """Whether a cell holds only a tick mark."""
    stripped = text.strip()
    return bool(stripped) and all(ch in TICKS or ch.isspace() for ch in stripped)


def is_empty_mark(text: str) -> bool:
    """Whether a cell holds nothing or only a dash (status columns use "-" for empty)."""
    return text.strip() in EMPTY_MARKS


def is_advice(text: str) -> bool:
    """Whether a cell gives advice ("… ควรมีการปรับปรุงคำสั่ง …", "should") rather than a
    result: advice in a status column does not mean that status applies."""
    return "ควร" in text


def ticked_status(text: str) -> str | None:
    """The status of the ticked checkbox label in a cell ("☑ ดำเนินการแล้วเสร็จ ☐ …"), or
    ``None`` when no ticked label names a status or ticked labels disagree."""
    found = {status_of_words(m.group(1)) for m in _TICKED_LABEL.finditer(text)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None
