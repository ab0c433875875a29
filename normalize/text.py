"""Thai text repair and numeral normalisation: pure functions on strings, no I/O.

Sources of the rules:
- Legacy Private Use Area glyphs U+F700–U+F71A (``PUA_TO_THAI``): read from the glyph names
  in the cmap of the TLWG Thai fonts (Debian ``fonts-thai-tlwg``), the same assignments as
  Microsoft's Thai font convention. A producer that maps shaped glyphs back through the
  font's cmap (older Windows exports) turns 4–5 % of the characters into these.
- The repair order (PUA, SARA AM, marks detached by spaces, tone before vowel, doubled tone)
  is the one that brought pypdfium2's and pdftotext's output of PDFs made from the sample
  reports (LibreOffice, fpdf2) to zero character errors, measured on this project's machine.
  ``pythainlp.util.normalize`` is deliberately *not* used: it deletes a real tone mark that
  follows an inserted space ("คำสั ่ง" → "คำสั ง"; on one PDF, 128 real tone marks).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from pythainlp.util import thai_digit_to_arabic_digit

# Thai characters. Every test "is this Thai?" in the project is made with these: the ranges
# go into a regular expression's character class (``f"[{THAI_CONSONANTS}]"``), the predicates
# below test one character. The Thai block is U+0E00–U+0E7F; its assigned characters run from
# U+0E01 to U+0E5B: consonants ก–ฮ (0E01–0E2E), ฯ (0E2F), vowels ะ–ฺ (0E30–0E3A, those over
# and under a consonant included), ฿ (0E3F), leading vowels เ–ไ (0E40–0E44), ๅ ๆ (0E45–0E46),
# marks ็–๎ (0E47–0E4E: tone marks, thanthakhat, nikhahit, …), ๏ (0E4F), digits ๐–๙
# (0E50–0E59) and ๚ ๛ (0E5A–0E5B).
THAI_CONSONANTS = "\u0e01-\u0e2e"
THAI_LEADING_VOWELS = "\u0e40-\u0e44"
THAI_DIGIT_RANGE = "\u0e50-\u0e59"
# Every character of Thai words: letters, vowels, marks, ฯ ฿ ๅ ๆ; no digits, no ๏ ๚ ๛.
THAI_WORD_CHARS = "\u0e01-\u0e4e"
# The same without ฿: the characters of Thai words that are letters, vowels or marks.
THAI_LETTERS = "\u0e01-\u0e3a\u0e40-\u0e4e"
# Consonants and every vowel and mark (not ฯ): what a combining mark may stand on.
THAI_LETTERS_AND_MARKS = THAI_CONSONANTS + "\u0e30-\u0e4e"
# Letters that take a place on the line (no mark above or below a consonant): consonants, ฯ,
# ะ า ำ, the leading vowels, ๅ ๆ.
THAI_SPACING_LETTERS = "\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46"
# Every assigned Thai character, digits and signs included.
THAI_CHARS = "\u0e01-\u0e5b"


def is_thai(ch: str) -> bool:
    """Whether ``ch`` (one character) is any assigned Thai character (U+0E01–U+0E5B, digits and
    signs included). Unlike ``pythainlp.util.is_thai_char`` (U+0E00–U+0E7F), the unassigned
    code points of the block are not Thai.

    >>> [is_thai(c) for c in "กำ๙a "]
    [True, True, True, False, False]
    """
    return "\u0e01" <= ch <= "\u0e5b"


def is_thai_word_char(ch: str) -> bool:
    """Whether ``ch`` is a character of Thai words (``THAI_WORD_CHARS``: letters, vowels,
    marks; not Thai digits).

    >>> [is_thai_word_char(c) for c in "ก่๙a"]
    [True, True, False, False]
    """
    return "\u0e01" <= ch <= "\u0e4e"


def is_thai_letter(ch: str) -> bool:
    """Whether ``ch`` is a Thai consonant or vowel that a mark can be drawn over or beside:
    ก–ฮ or ะ–ๅ (U+0E30–U+0E45: the vowels, leading vowels and ๅ; ฿ sits among them), not ฯ,
    ๆ, a mark or a digit.

    >>> [is_thai_letter(c) for c in "กาเ่ฯ๙"]
    [True, True, True, False, False, False]
    """
    return "\u0e01" <= ch <= "\u0e2e" or "\u0e30" <= ch <= "\u0e45"


# U+F700–U+F71A → standard Thai code point (the TLWG fonts' cmap glyph names).
PUA_TO_THAI: dict[str, str] = {
    "\uf700": "\u0e10", "\uf701": "\u0e34", "\uf702": "\u0e35", "\uf703": "\u0e36",
    "\uf704": "\u0e37", "\uf705": "\u0e48", "\uf706": "\u0e49", "\uf707": "\u0e4a",
    "\uf708": "\u0e4b", "\uf709": "\u0e4c", "\uf70a": "\u0e48", "\uf70b": "\u0e49",
    "\uf70c": "\u0e4a", "\uf70d": "\u0e4b", "\uf70e": "\u0e4c", "\uf70f": "\u0e0d",
    "\uf710": "\u0e31", "\uf711": "\u0e4d", "\uf712": "\u0e47", "\uf713": "\u0e48",
    "\uf714": "\u0e49", "\uf715": "\u0e4a", "\uf716": "\u0e4b", "\uf717": "\u0e4c",
    "\uf718": "\u0e38", "\uf719": "\u0e39", "\uf71a": "\u0e3a",
}  # fmt: skip
PUA_TRANSLATION = str.maketrans(PUA_TO_THAI)
"""``str.translate`` table for PUA_TO_THAI (one character for one)."""

TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
ABOVE_BELOW_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"  # ั ิ ี ึ ื ุ ู ฺ ็
COMBINING = TONE_MARKS + ABOVE_BELOW_VOWELS + "\u0e4c\u0e4d\u0e4e"  # + ์ ํ ๎
SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
THANTHAKHAT = "\u0e4c"

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\ufeff]")
_CID = re.compile(r"\(cid:\d+\)")
# What a mark follows in Thai spelling: a consonant, a vowel ะ–ฺ or another mark (0E47–0E4E).
_MARK_BASES = THAI_CONSONANTS + "\u0e30-\u0e3a\u0e47-\u0e4e"
_SPACE_BEFORE_MARK = re.compile(rf"(?<=[{_MARK_BASES}])[ \t]+([{COMBINING}])")
_TONE_BEFORE_VOWEL = re.compile(rf"([{TONE_MARKS}])([{ABOVE_BELOW_VOWELS}])")
_DOUBLED_MARK = re.compile(rf"([{COMBINING}])\1+")

_NIKHAHIT_AA = re.compile(rf"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")
_TONE_NIKHAHIT_AA = re.compile(rf"([{TONE_MARKS}]){NIKHAHIT}{SARA_AA}")
_AM_AA = re.compile(rf"{SARA_AM}{SARA_AA}")
# TH Sarabun's text layer (MS Word export) gives ำ as a space and า: "ประจ าปี", "อ าเภอ". า never
# begins a syllable, so a Thai consonant (and its tone mark) + space + า is a broken ำ (on a
# Royal Gazette PDF set in TH SarabunIT๙: character errors 0.66 % → 0.26 %).
_SPLIT_AM = re.compile(rf"(?<=[{THAI_CONSONANTS}])([{TONE_MARKS}]?)[ \u00a0]{SARA_AA}")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")


def thai_digits_to_arabic(text: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9 and leave everything else alone.

    >>> thai_digits_to_arabic("๙๘.๘๙ ปี ๒๕๖๘")
    '98.89 ปี 2568'
    """
    return thai_digit_to_arabic_digit(text)


def repair_thai(text: str) -> str:
    """Repair the deterministic damage that PDF extraction does to Thai text.

    Applies, in this order: U+FFFE → ``-``; map the legacy PUA glyphs U+F700–U+F71A; drop
    ``(cid:N)`` and control characters; recompose SARA AM (``ํา`` → ``ำ``, tone + ``ํา`` →
    tone + ``ำ``, ``ำา`` → ``ำ``, consonant + space + ``า`` → ``ำ``: "ประจ าปี" → "ประจำปี");
    remove spaces between a Thai letter and a following
    combining mark; put a tone mark that precedes an above/below vowel after it; collapse a
    doubled identical mark. A wholly lost SARA AM (``การดาเนินงาน``) cannot be recomposed without a
    dictionary; fuzzy matching absorbs it.

    Args:
        text: any string; non-Thai text passes unchanged.

    Returns:
        The repaired string (same or shorter length).

    >>> repair_thai("การใช้อํานาจ")
    'การใช้อำนาจ'
    >>> repair_thai("ตัวชี ้วัด")
    'ตัวชี้วัด'
    """
    return repair_thai_counted(text)[0]


# The repairs of repair_thai_counted, in order: (name, pattern, replacement).
_REPAIRS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("cid", _CID, ""),
    ("control", _CONTROL, ""),
    ("sara_am", _TONE_NIKHAHIT_AA, rf"\1{SARA_AM}"),
    ("sara_am", _NIKHAHIT_AA, rf"\1{SARA_AM}"),
    ("sara_am", _AM_AA, SARA_AM),
    ("sara_am", _SPLIT_AM, rf"\1{SARA_AM}"),
    ("space_before_mark", _SPACE_BEFORE_MARK, r"\1"),
    ("mark_order", _TONE_BEFORE_VOWEL, r"\2\1"),
    ("doubled_mark", _DOUBLED_MARK, r"\1"),
)


def repair_thai_counted(text: str) -> tuple[str, Counter[str]]:
    """:func:`repair_thai`, also counting each kind of repair made.

    Returns:
        (repaired text, counts by kind: ``pua``, ``cid``, ``control``, ``sara_am``,
        ``space_before_mark``, ``mark_order``, ``doubled_mark``; only kinds that occurred).
    """
    counts: Counter[str] = Counter()
    text = text.replace("\ufffe", "-")
    pua = sum(1 for ch in text if ch in PUA_TO_THAI)
    if pua:
        counts["pua"] = pua
        text = text.translate(PUA_TRANSLATION)
    for name, pattern, replacement in _REPAIRS:
        text, n = pattern.subn(replacement, text)
        if n:
            counts[name] += n
    return text, counts


# A tone mark where Thai spelling never puts one: after า, ะ, ำ, a leading vowel or a space.
_DISPLACED_TONE = re.compile(rf"(?<=[\u0e30\u0e32\u0e33{THAI_LEADING_VOWELS} ])[{TONE_MARKS}]")
# The first consonant of a line's first Thai word (after a leading vowel), with no tone mark.
_FIRST_SYLLABLE = re.compile(
    rf"^([^{THAI_CONSONANTS}]*?[{THAI_LEADING_VOWELS}]?[{THAI_CONSONANTS}][\u0e31\u0e34-\u0e3a\u0e47]?)"
    rf"(?![{TONE_MARKS}])"
)


def move_displaced_tones(lines: list[str]) -> tuple[list[str], int]:
    """Put back tone marks that a text layer moved onto the line above.

    TH Sarabun's text layer can give the tone mark of a line's first word at the end of the
    line before ("หน้า่ ๑" / "เลม ๑๔๐" for "หน้า ๑" / "เล่ม ๑๔๐", in a Royal Gazette PDF). A tone
    mark where Thai spelling never puts one (after า, ะ, ำ, a leading vowel or a space) is
    moved to the first consonant of the next line's first word, when that consonant has none.

    Returns:
        (the lines, how many marks were moved).

    >>> move_displaced_tones(["ราชกิจจานุเบกษา หน้า่ ๑", "เลม ๑๔๐ ตอนที่"])
    (['ราชกิจจานุเบกษา หน้า ๑', 'เล่ม ๑๔๐ ตอนที่'], 1)
    """
    out = list(lines)
    moved = 0
    for i in range(len(out) - 1):
        m = _DISPLACED_TONE.search(out[i])
        target = _FIRST_SYLLABLE.search(out[i + 1])
        if m is None or target is None:
            continue
        out[i] = out[i][: m.start()] + out[i][m.end() :]
        out[i + 1] = target.group(1) + m.group() + out[i + 1][target.end() :]
        moved += 1
    return out, moved


def squash_spaces(text: str) -> str:
    """Collapse runs of horizontal white space to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """Remove all white space: the form used to compare Thai labels, whose word breaks
    extractors insert at random (``ตัวชี้ วัด``, ``ประจำ ปี``)."""
    return "".join(text.split())


def nfc(text: str) -> str:
    """Unicode NFC, which leaves Thai as it is but composes Latin accents."""
    return unicodedata.normalize("NFC", text)


def join_lines(text: str) -> str:
    """Join the lines of a wrapped cell or paragraph into one line.

    A break between two Thai characters joins with nothing (Thai has no spaces between
    words, so the break was a wrap inside a word or phrase), and so does a break between two
    parts of a number (a narrow score column wraps "๙๘.๒๑" as "๙" / "๘.๒๑"); any other break
    joins with a space. Line breaks inside cells are everywhere in PDF tables (172 of 400
    cells of sample 001).

    >>> join_lines("การใช้ทรัพย์สินของ\\nราชการ")
    'การใช้ทรัพย์สินของราชการ'
    >>> join_lines("ผลการ\\n(ITA)")
    'ผลการ (ITA)'
    """
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        thai = is_thai_word_char(out[-1]) and is_thai_word_char(line[0])
        numeric = _is_numeric(out[-1]) and _is_numeric(line[0])
        glue = "" if thai or numeric else " "
        out += glue + line
    return out


# A list bullet at the start of a line: a dash, en or em dash, or bullet sign, then the item's
# first letter (a dash before a digit is a minus sign and stays).
_BULLET = re.compile(
    r"^[ \t]*[-\u2013\u2014\u2022\u25cf\u25aa\u00b7\uf0b7][ \t]*(?=[^\W\d_])", re.M
)


def strip_bullets(text: str) -> str:
    r"""Remove the list bullet that starts each line of ``text`` ("- จัดทำคู่มือ" →
    "จัดทำคู่มือ"): the items of Word lists and of scraped ``<li>`` that measure tables put in
    their cells. A dash before a number ("-5") is kept.

    >>> strip_bullets("- จัดทำคู่มือ\n-ประชุมประจำเดือน\n• E-Service\n-5 คน")
    'จัดทำคู่มือ\nประชุมประจำเดือน\nE-Service\n-5 คน'
    """
    return _BULLET.sub("", text)


def _is_numeric(ch: str) -> bool:
    return ch.isdigit() or ch == "."
