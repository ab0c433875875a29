"""The status of a measure from tick marks, checkboxes and status words. Pure functions.

Values: ``done``, ``in_progress``, ``not_started``; ``None`` where the text says nothing (the
recogniser then writes ``unknown``). Marks that tick a box or a column: ✓ √ ✔ ☑ ☒ ✗ ✘, the
☑ that the readers write for ``<input checked type="checkbox">``, and a "/" alone in a cell
(forms ask "ทำเครื่องหมาย / ในช่องสถานะ": the tick typed on a keyboard); ☐ is an empty box.
"""

from __future__ import annotations

import re

TICKS = "✓√✔☑☒✗✘"
EMPTY_BOX = "☐"
# A cell that means "nothing here" in a status column.
EMPTY_MARKS = frozenset({"", "-", "–", "—"})
# A cell that is only this mark is a tick; inside text "/" separates words ("มาตรการ/โครงการ").
SLASH_TICK = "/"

# Matched on the text without white space (cells wrap inside words: "ดำเนิน\nการ\nแล้ว").
# Not-finished, not-started and in-progress first: they contain "ดำเนินการ" and "แล้วเสร็จ".
_WORDS: tuple[tuple[str, str], ...] = (
    (r"ยังไม่(?:แล้ว)?เสร็จ", "in_progress"),  # not finished: begun
    (r"ยังไม่(?:ได้)?ดำเนิน", "not_started"),
    (r"อยู่ระหว่าง|กำลังดำเนิน", "in_progress"),
    (r"ดำเนินการแล้ว|แล้วเสร็จ|เสร็จสิ้น", "done"),
)
# A status phrase that opens a result cell ("แล้วเสร็จ - มีระบบบัตรคิว…", "ดำเนินการแล้วเสร็จ
# ประกาศเมื่อวันที่ …"), on the text without white space.
_LEADING: tuple[tuple[str, str], ...] = (
    (r"ยังไม่(?:ได้)?ดำเนินการ", "not_started"),
    (r"(?:อยู่ระหว่าง(?:การ)?|กำลัง)ดำเนินการ", "in_progress"),
    (
        r"ดำเนินการแล้ว(?:เสร็จ(?:สิ้น)?)?|ดำเนินการเสร็จ(?:สิ้น)?(?:แล้ว)?|แล้วเสร็จ|เสร็จสิ้น",
        "done",
    ),
)
# Words by which a result says the work is partial or counts what is done of a plan: a
# result that holds one has no single status ("ดำเนินการแล้ว 1 ครั้ง จากแผนทั้งหมด 4 ครั้ง",
# "แล้วเสร็จ 60 เปอร์เซ็นต์", "ดำเนินการแล้ว แต่ยังไม่แล้วเสร็จ").
_PARTIAL = re.compile(
    r"บางส่วน|ร้อยละ|%|เปอร์เซ็นต์|(?<!ตั้ง)แต่(?!ง)|อีก\d|\d(?:ครั้ง|โครงการ|กิจกรรม|ขั้นตอน)?(?:ใน|จาก)\d"
    r"|จากแผน|จากทั้งหมด|จากเป้าหมาย"
)
# A result cell this short (without white space) that names a status anywhere is the status.
MAX_STATUS_PHRASE = 30
_OPENING_MARKS = re.compile(r"^[\s\-–—•*·:]+")
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
    """Whether a cell holds only a tick mark (one of ``TICKS``, or a "/" alone)."""
    stripped = text.strip()
    if stripped == SLASH_TICK:
        return True
    return bool(stripped) and all(ch in TICKS or ch.isspace() for ch in stripped)


def has_mark(text: str) -> bool:
    """Whether a text holds a tick mark or an empty box anywhere."""
    return any(ch in TICKS or ch == EMPTY_BOX for ch in text)


def result_status(text: str) -> str | None:
    """The status a result cell states, or ``None``: the cell is a short status phrase
    (at most ``MAX_STATUS_PHRASE`` letters: "แล้วเสร็จ", "ยังไม่ได้ดำเนินการ") or opens with
    one ("แล้วเสร็จ - มีระบบบัตรคิว…"), and says nothing partial (``_PARTIAL``) and no other
    status after it ("ดำเนินการแล้ว อยู่ระหว่างสรุปผล" has two).

    >>> result_status("แล้วเสร็จ - มีระบบบัตรคิวและผังขั้นตอน")
    'done'
    >>> result_status("ดำเนินการแล้วบางส่วน") is None
    True
    >>> result_status("จัดอบรมบุคลากรครบทุกคนแล้ว อยู่ระหว่างรายงานผลต่อผู้บริหาร") is None
    True
    """
    compacted = "".join(_OPENING_MARKS.sub("", text).split())
    if not compacted or _PARTIAL.search(compacted):
        return None
    for pattern, status in _LEADING:
        if (m := re.match(pattern, compacted)) is not None:
            after = status_of_words(compacted[m.end() :])
            return status if after in (None, status) else None
    if len(compacted) <= MAX_STATUS_PHRASE:
        return status_of_words(compacted)
    return None


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
