"""Item codes repaired from context, the item recogniser, and the items/indicators check."""

import pytest

from extract.items import recognise_items
from ita_extract.resolve.checks import check_item_means
from ita_extract.resolve.choose import choose_items
from normalize.findings import Finding
from normalize.items import parse_item_code
from tests_support import text_document


@pytest.mark.parametrize(
    ("raw", "tool", "expected_no", "code"),
    [
        ("๑๑", "IIT", 1, "i1"),  # sample 001: the letter i read as 1
        ("๑๙", "IIT", 9, "i9"),
        ("1๑๐", "IIT", 10, "i10"),
        ("1๑๕", "IIT", 15, "i15"),
        ("๑๑", "IIT", 11, "i11"),  # a real i11 keeps its number
        ("110", "IIT", None, "i10"),  # above the highest IIT item: the 1 was the letter
        ("๐๑", "OIT", 1, "o1"),  # Thai zero for the letter O
        ("๐๒๘", "OIT", 28, "o28"),
        ("๑๐", "OIT", 10, "o10"),
        ("๑๑", "OIT", 11, "o11"),  # the same "๑๑" is o11 in an OIT table
        ("e๑", "EIT", 1, "e1"),
        ("E๑", None, None, "e1"),  # a written letter decides the tool
        ("O๓๙", None, None, "o39"),
        ("o 12", None, None, "o12"),
        ("e ๒", "EIT", 2, "e2"),
    ],
)
def test_item_codes_are_repaired_from_context(raw, tool, expected_no, code):
    assert parse_item_code(raw, tool, expected_no).code == code


@pytest.mark.parametrize(
    ("raw", "tool"),
    [
        ("๑๑", None),
        ("ข้อ", "IIT"),
        ("12.5", "OIT"),
        ("6๑", "EIT"),  # no EIT item 61 in any year: a stray digit joined to ๑
        ("e61", None),
        ("๐", "OIT"),  # items are numbered from 1
        ("O๔๔", None),  # above the highest OIT item of any year (o43)
    ],
)
def test_non_codes(raw, tool):
    assert parse_item_code(raw, tool) is None


ITEM_TABLES = """แบบวัดการรับรู้ของผู้มีส่วนได้เสียภายใน IIT (Internal Integrity and Transparency Assessment)

ข้อ\tหัวข้อการประเมิน\tระดับคะแนน
<b>IIT ๑ การปฏิบัติหน้าที่</b>\t\t
๑๑\tการปฏิบัติงาน มากน้อยเพียงใด\t๙๖.๖๗
๑๒\tในหน่วยงานของท่าน\t๙๓.๓๓
<b>IIT ๔ การใช้ทรัพย์สินของราชการ</b>\t\t
1๑๐\tขอยืมทรัพย์สิน\t๙๖.๖๗

- EitSurvey

ข้อ\tหัวข้อการประเมิน\tระดับคะแนน
<b>EIT ๖ คุณภาพการดำเนินงาน EitSurvey</b>\t\t
e๑\tเจ้าหน้าที่ปฏิบัติงาน\t๙๑.๘๒

OIT ๑๐. การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน

ข้อ\tหัวข้อการประเมิน\tระดับคะแนน
๐๒๑\tประกาศเจตนารมณ์\t๑๐๐.๐๐
๑๑\tการเปิดโอกาส\t๐.๐๐

ตัวชี้วัดที่\tรายละเอียดตัวชี้วัด\tคะแนน
๑๑\tไม่ใช่ข้อ\t๙๙.๙๙
"""


def test_item_recogniser_uses_headings_groups_and_running_order():
    items = recognise_items(text_document(ITEM_TABLES))
    got = [(c.item_code, c.tool, c.indicator_no, c.respondent_group, c.score) for c in items]
    assert got == [
        ("i1", "IIT", 1, None, 96.67),
        ("i2", "IIT", 1, None, 93.33),
        ("i10", "IIT", 4, None, 96.67),
        ("e1", "EIT", 6, "EitSurvey", 91.82),
        ("o21", "OIT", 10, None, 100.0),
        ("o11", "OIT", 10, None, 0.0),  # "๑๑" in an OIT table is o11 (no global rule)
    ]  # the last table is an indicator table: its "๑๑" row is not an item


def test_codes_in_prose_are_not_items():
    doc = text_document("โดยเฉพาะใน 1๑๓ , 1๑๕ ผู้บังคับบัญชาควร\nE๑๑ หน่วยงานควรนำเสนอ ๙๒.๒๓\n")
    assert recognise_items(doc) == []


def test_item_means_are_checked_against_indicators():
    items = recognise_items(text_document(ITEM_TABLES))
    findings: list[Finding] = []
    # indicator 1 = mean(96.67, 93.33) = 95.00 → consistent; indicator 4 = 96.67 → consistent;
    # indicator 6 with one group = 91.82 → stated 97.27 is inconsistent
    choices = choose_items(items, 2568, frozenset())
    assert [f for c in choices for f in c.findings] == []
    records = [c.record for c in choices if c.record is not None]
    check_item_means(records, {1: 95.0, 4: 96.67, 6: 97.27, 10: 50.0}, findings)
    assert len(records) == 6
    assert [f.code for f in findings] == ["ITEM_MEAN_MISMATCH"]
    assert "indicator 6" in findings[0].message


def test_two_groups_side_by_side_give_one_row_each():
    text = (
        "| ข้อ | ประเด็นการประเมิน | EitPublic | EitSurvey |\n"
        "|---|---|---|---|\n"
        "| ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน (คะแนนตัวชี้วัด 95.91) | | | |\n"
        "| e1 | เจ้าหน้าที่ปฏิบัติงานตามขั้นตอน | 94.12 | 91.50 |\n"
        "| e2 | เจ้าหน้าที่ให้บริการอย่างเท่าเทียม | 96.08 | 93.75 |\n"
    )
    got = [
        (c.item_code, c.indicator_no, c.respondent_group, c.score)
        for c in recognise_items(text_document(text))
    ]
    assert got == [
        ("e1", 6, "EitPublic", 94.12),
        ("e1", 6, "EitSurvey", 91.5),
        ("e2", 6, "EitPublic", 96.08),
        ("e2", 6, "EitSurvey", 93.75),
    ]


def test_two_scores_without_their_groups_give_nothing():
    text = "ข้อ\tประเด็น\tคะแนน\tคะแนน\nEIT 6 คุณภาพ\ne1\tเจ้าหน้าที่\t94.12\t91.50\n"
    assert recognise_items(text_document(text)) == []


def test_oit_ticks_and_crosses_and_i_read_as_l():
    text = (
        "ข้อ\tรายการ\tผล\nOIT 9 การเปิดเผยข้อมูล\nO1\tโครงสร้าง\t✓\nO2\tข้อมูลผู้บริหาร\t✗\n"
        "ข้อ\tหัวข้อ\tคะแนน\nIIT 2 การใช้งบประมาณ\nl4\tใช้จ่ายงบประมาณ\t88.48\n"
    )
    got = [(c.item_code, c.score) for c in recognise_items(text_document(text))]
    assert got == [("o1", 100.0), ("o2", 0.0), ("i4", 88.48)]


def test_a_code_the_running_order_cannot_decide_is_not_guessed():
    # after i3, "17" is neither i4 nor beyond the highest IIT item: i17 or i7 is not known
    assert parse_item_code("17", "IIT", expected=4) is None
    assert parse_item_code("17", "IIT", expected=7).code == "i7"


def test_groups_named_in_a_sentence_do_not_order_the_columns():
    text = (
        "ผู้ตอบแบบวัด EIT มี 2 กลุ่ม คือ EitSurvey (ผู้มารับบริการ) และ EitPublic (บุคคลทั่วไป)\n"
        "ข้อ\tประเด็น\tบุคคลทั่วไป\tผู้มารับบริการ\nEIT 6 คุณภาพ\ne1\tเจ้าหน้าที่\t94.12\t91.50\n"
    )
    assert recognise_items(text_document(text)) == []


# An item table as OCR reads a scan with marks on it: the header row in one cell, its column
# rules read as "|", a Latin letter or digit inside its Thai words; no space after the tool in
# the section rows.
OCR_ITEM_TABLE = """แบบวัดการรับรู้ของผู้มีส่วนได้เสียภายนอก EIT

ข้7อ | หasัวข้Vyอการประเมaิน |ระดaับคะแนน\t\t
EIT๗ประสิทธิภาพการสื่อสาร EitPublic\t\t
๔\tหน่วยงานมีช่องทางการเผยแพร่ข้อมูล\t๘๐.๔๒
๕\tหน่วยงานมีการประชาสัมพันธ์\t๑๐๐.๐๐
EIT๘การปรับปรุงการทำงานEitSurvey1\tic\t
๗\tหน่วยงานมีการเปิดโอกาส\t๗๘.๐๑
"""


def test_an_item_table_read_by_ocr_with_slips_in_its_heading():
    items = recognise_items(text_document(OCR_ITEM_TABLE))
    got = [(c.item_code, c.indicator_no, c.respondent_group, c.score) for c in items]
    assert got == [
        ("e4", 7, "EitPublic", 80.42),
        ("e5", 7, "EitPublic", 100.0),
        ("e7", 8, "EitSurvey", 78.01),
    ]


@pytest.mark.parametrize("heading", ["ข้อ1", "ข้อ 1", "1ข้อ", "ขอ"])
def test_a_first_cell_that_is_not_the_heading_does_not_open_an_item_table(heading):
    table = f"{heading}\tหัวข้อการประเมิน\tระดับคะแนน\nEIT ๗ ประสิทธิภาพการสื่อสาร\t\t\n๔\tช่องทาง\t๘๐.๔๒\n"
    assert recognise_items(text_document(table)) == []


OCR_CODES_PAGE = [
    (
        ("ข้อ", "หัวข้อการประเมิน", "ระดับคะแนน"),
        ("EIT ๖ คุณภาพการดำเนินงาน EitPublic",),
        ("อ๑", "เจ้าหน้าที่ปฏิบัติงาน", "๗๖.๐๖"),  # a stray mark before ๑
        ("๒", "ปฏิบัติต่อผู้มาติดต่ออย่างเท่าเทียม", "๑๐๐.๐๐"),
        ("eo)๓", "เรียกรับสินบน", "๘๐.๓๖"),
        ("x๕", "ช่องทางการเผยแพร่", "๙๐.๐๐"),  # the running order expects 4: not taken
    )
]


def test_a_code_with_stray_marks_is_the_expected_item_on_an_ocr_page_only():
    from tests_support import pdf_document

    def codes(text_source):
        doc = pdf_document(OCR_CODES_PAGE, text_source=text_source)
        return [(c.item_code, c.indicator_no, c.score) for c in recognise_items(doc)]

    assert codes("ocr") == [("e1", 6, 76.06), ("e2", 6, 100.0), ("e3", 6, 80.36)]
    assert codes("text_layer") == [("e2", 6, 100.0)]


def test_ocr_items_under_a_heading_their_codes_do_not_belong_to_are_not_written():
    """A scan whose codes i10–i12 OCR read as "11", "12", "13" (the 0 lost; read as i1–i3,
    counted from 1) under the heading of indicator 4: the year's map puts i1–i3 in
    indicator 1, so the readings are not trusted even when their mean gives indicator 4's
    score. The same rows with codes the map puts in indicator 4 are written."""
    from ita_extract.resolve.ocr import IndicatorGate, confirm_items
    from tests_support import pdf_document

    def written(codes):
        rows = [("ข้อ", "หัวข้อการประเมิน", "ระดับคะแนน"), ("IIT ๔ การใช้ทรัพย์สินของราชการ",)]
        rows += [
            (code, "ข้อคำถาม", score)
            for code, score in zip(codes, ("๙๐.๐๐", "๘๐.๐๐", "๗๐.๐๐"), strict=True)
        ]
        items = recognise_items(pdf_document([tuple(rows)], text_source="ocr"))
        choices = choose_items(items, 2568, frozenset({1}))
        gate = IndicatorGate(items_agree={4})  # the mean of 90, 80, 70 gives indicator 4's 80
        return [r.item_code for r in confirm_items(choices, gate, {4: 80.0}, [])]

    assert written(["11", "12", "13"]) == []
    assert written(["1๑๐", "1๑๑", "1๑๒"]) == ["i10", "i11", "i12"]
