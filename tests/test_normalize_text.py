"""Thai text repair, numerals and line joining (normalize.text, normalize.numbers)."""

import pytest

from normalize.numbers import parse_be_year, parse_score
from normalize.text import compact, join_lines, repair_thai, thai_digits_to_arabic


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("๙๘.๘๙", "98.89"),
        ("๑๐๐.๐๐ คะแนน", "100.00 คะแนน"),
        ("พ.ศ.๒๕๖๘", "พ.ศ.2568"),
        ("1๑๐", "110"),  # mixed Thai and Arabic digits
        ("ไม่มีตัวเลข", "ไม่มีตัวเลข"),
    ],
)
def test_thai_digits_to_arabic(raw, expected):
    assert thai_digits_to_arabic(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # SARA AM split into NIKHAHIT + SARA AA (a variant of indicator 3 in reports)
        ("การใช้อํานาจ", "การใช้อำนาจ"),
        # SARA AM followed by a stray SARA AA (pdfplumber: ดำาเนิน)
        ("ดำาเนิน", "ดำเนิน"),
        # tone mark, then NIKHAHIT + SARA AA: น้ํา → น้ำ
        ("น้ํา", "น้ำ"),
        # space inserted before a combining mark, as extractors do (คำสั ่ง, ตัวชี ้วัด)
        ("คำสั ่ง", "คำสั่ง"),
        ("ตัวชี ้วัด", "ตัวชี้วัด"),
        # tone mark before an above vowel: ที่ written as ท + ่ + ี
        ("ท\u0e48\u0e35", "ที่"),
        # legacy PUA glyphs: shifted MAI EK (U+F70A) and SARA I (U+F701)
        ("ที\uf70a", "ที่"),
        ("ป\uf701ด", "ปิด"),
        # doubled tone mark
        ("ได้้", "ได้"),
        # (cid:N) and control characters dropped
        ("การ(cid:12)ใช้\x07", "การใช้"),
        # the SARA AM lost altogether cannot be restored here
        ("การดาเนินงาน", "การดาเนินงาน"),
    ],
)
def test_repair_thai(raw, expected):
    assert repair_thai(raw) == expected


def test_repair_keeps_real_spaces_between_words():
    assert repair_thai("ได้ ดังนี้") == "ได้ ดังนี้"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("การใช้ทรัพย์สินของ\nราชการ", "การใช้ทรัพย์สินของราชการ"),
        ("๙\n๘.๒๑\nคะแน\nน", "๙๘.๒๑ คะแนน"),
        ("ผลการ\n(ITA)", "ผลการ (ITA)"),
        ("Integrity and\nTransparency", "Integrity and Transparency"),
        ("", ""),
    ],
)
def test_join_lines(raw, expected):
    assert join_lines(raw) == expected


def test_compact_removes_all_white_space():
    assert compact(" การ ใช้ทรัพย์สินของ\tทางราชการ ") == "การใช้ทรัพย์สินของทางราชการ"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("๙๘.๘๙", 98.89),
        ("100.00", 100.0),
        ("74", 74.0),
        ("98.8.9", None),
        ("abc", None),
        ("1234", None),
    ],
)
def test_parse_score(raw, expected):
    assert parse_score(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("๒๕๖๘", 2568), ("2565", 2565), ("2023", None), ("๒๖๐๐", None), ("25x5", None)],
)
def test_parse_be_year(raw, expected):
    assert parse_be_year(raw) == expected


def test_repairs_are_counted_by_kind():
    from normalize.text import repair_thai_counted

    text, counts = repair_thai_counted("การใช้อํานาจ ที\uf70a ตัวชี ้วัด ได้้")
    assert text == "การใช้อำนาจ ที่ ตัวชี้วัด ได้"
    assert counts == {"sara_am": 1, "pua": 1, "space_before_mark": 1, "doubled_mark": 1}
    assert repair_thai_counted("ข้อความปกติ")[1] == {}
