"""Matching indicator labels to the ten canonical indicators (normalize.indicators)."""

import pytest

from normalize.indicators import match_indicator
from normalize.ita import INDICATORS


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: str(i.number))
def test_every_canonical_name_matches_itself(indicator):
    assert match_indicator(indicator.name_th).indicator.number == indicator.number
    assert match_indicator(indicator.name_th, indicator.number).score == 100


@pytest.mark.parametrize(
    ("label", "number", "expected"),
    [
        # variants named in the issue and seen in the samples
        ("คุณภาพการทำงาน", None, 6),
        ("ปรับปรุงการทำงาน", None, 8),
        ("การปรับปรุงการทำงาน", None, 8),
        ("การปรับปรุงระบบการทำงาน", None, 8),
        ("การ ใช้ทรัพย์สินของ ทางราชการ", None, 4),
        ("ตัวชี้วัดที่ ๔ การ ใช้ทรัพย์สินของ ทางราชการ", None, 4),
        ("การแก้ไขปัญหาทุจริต", None, 5),
        # SARA AM lost or split
        ("คุณภาพการดาเนินงาน", None, 6),
        ("การใช้อํานาจ", None, 3),
        # prefixes
        ("ตัวชี้วัดด้าน การใช้อำนาจ", None, 3),
        ("IIT ๑ การปฏิบัติหน้าที่", None, 1),
        ("๙. การเปิดเผยข้อมูล", None, 9),
        # a wrapped, truncated PDF cell with its number
        ("การใช้ทรัพย์สินของราชกา", 4, 4),
        ("การใช้ทรัพย์สินของ", 4, 4),
        # typos
        ("การปฎิบัติหน้าที่", None, 1),
        ("ประสิทธิภาพการสือสาร", None, 7),
    ],
)
def test_variants_and_typos_match(label, number, expected):
    match = match_indicator(label, number)
    assert match is not None
    assert match.indicator.number == expected


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("E-Service", 10),  # OIT item o10 in sample 001's item table
        ("โครงสร้าง", 1),  # OIT item o1
        ("ข้อมูลพื้นฐาน", 9),  # an OIT sub-indicator heading
        ("ความเป็นมาของการประเมิน", 1),  # a table-of-contents entry of sample 003
        ("การปฏิบัติหน้าที่", 11),  # no indicator 11
        ("การทุจริต", None),  # as close to 5 as to 10
        ("แผนปฏิบัติการป้องกันการทุจริต", None),  # an OIT item, not indicator 10
        ("ผลการประเมิน", None),
    ],
)
def test_non_indicators_do_not_match(label, number):
    assert match_indicator(label, number) is None
