"""Periods, statuses and the measures recogniser on the shapes of the samples (quoted)."""

import pytest

from extract.measures import recognise_measures
from normalize.dates import parse_period
from normalize.status import is_advice, is_tick, result_status, status_of_words, ticked_status
from tests_support import pdf_document, text_document


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ต.ค. ๒๕๖๕", "2022-10", "2022-10"),
        ("ต.ค. ๒๕๖๕ -มี.ค. ๒๕๖๖", "2022-10", "2023-03"),
        ("ต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙", "2025-10", "2026-09"),
        ("ม.ค. – ก.ย. ๒๕๖๙", "2026-01", "2026-09"),  # the start takes the end's year
        ("ต.ค. – ก.ย. ๒๕๖๙", "2025-10", "2026-09"),  # … one earlier when it is a later month
        ("ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘", "2024-10", "2025-09"),
        ("วันที่ ๑ มกราคม – ๑ กรกฎาคม ๒๕๖๘", "2025-01", "2025-07"),
        ("ต.ศ. ๒๕๖๕ มี.ศ. ๒๕๖๖", "2022-10", "2023-03"),  # OCR: ศ for ค (sample 003)
        ("ส.ศ. ๒๕๖๕ ก.ย. ๒๕๖๕", "2022-08", "2022-09"),
        ("ต.ค. ๒๕๖๕ มี.ย. ๒๕๖๖", "2022-10", "2023-06"),  # มี.ย. for มิ.ย. (sample 003)
        ("ต.ค.๒๕๖๕มี.ค.๒๕๖๖", "2022-10", "2023-03"),  # a PDF cell without spaces
        ("ต.ค. 65 - มี.ค. 66", "2022-10", "2023-03"),
        ("ปีงบประมาณ ๒๕๖๖", "2022-10", "2023-09"),  # Thai fiscal year
        ("ปีงบ ประมาณ ๒๕๖๖", "2022-10", "2023-09"),  # a space an extractor put in the word
        ("(พ.ศ. ๒๕๖๖ - ๒๕๗๐)", None, None),  # พ.ศ. is the era, never May
        ("ไม่ระบุ", None, None),
    ],
)
def test_periods(text, start, end):
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("ดำเนินการแล้ว", "done"),
        ("ดำเนิน\nการ\nแล้ว", "done"),
        ("อยู่ ระหว่าง การ ดำเนินการ", "in_progress"),
        ("ยังไม่ ดำเนินการ", "not_started"),
        ("ยังไม่ได้ดำเนินการ", "not_started"),
        ("จัดทำคู่มือ", None),
    ],
)
def test_status_words(text, status):
    assert status_of_words(text) == status


def test_ticked_checkbox_labels():
    assert ticked_status("☑ ดำเนินการแล้วเสร็จ ☐ ยังไม่ได้ดำเนินการ ☐ อยู่ระหว่างดำเนินการ") == "done"
    assert ticked_status("☐ ดำเนินการแล้วเสร็จ ☐ ยังไม่ได้ดำเนินการ ☑ อยู่ระหว่างดำเนินการ") == ("in_progress")
    assert ticked_status("☐ ดำเนินการแล้วเสร็จ ☐ ยังไม่ได้ดำเนินการ") is None
    assert is_advice("- หากมีบุคลากรบรรจุ ควรมีการปรับปรุงคำสั่งให้เป็นปัจจุบัน")


STATUS_TABLE = (
    "ประเด็นที่ บกพร่อง\tแนวทาง\tผู้รับผิดชอบ\tระยะเวลา ดำเนินการ\tผลการดำเนินการ\t\t\tหมายเหตุ\n"
    "\t\t\t\tอยู่ ระหว่าง การ ดำเนินการ\tดำเนินการแล้ว\tยังไม่ ดำเนินการ\t\n"
    "ก\tแนวทางก\tสำนักปลัด\tต.ค. ๒๕๖๕\t-\tจัดทำคู่มือแล้ว\t-\t\n"
    "ข\tแนวทางข\tสำนักปลัด\tต.ค. ๒๕๖๕\t\t\t\t\n"
    "ค\tแนวทางค\tสำนักปลัด\tเม.ย. ๒๕๖๖\t✓\t\t\t\n"
    "ง\tแนวทางง\tสำนักปลัด\tม.ค. ๒๕๖๖\t\t\t√\t\n"
)


def test_status_columns_and_no_mark_leaks_into_the_next_row():
    measures, findings = recognise_measures(text_document(STATUS_TABLE))
    assert [(m.title, m.status) for m in measures] == [
        ("ก", "done"),
        ("ข", "unknown"),  # nothing in its status columns: the ✓ below is not its
        ("ค", "in_progress"),
        ("ง", "not_started"),
    ]
    assert measures[0].result_text == "จัดทำคู่มือแล้ว"
    assert measures[0].table_kind == "improvement"
    assert findings == []


def test_two_status_columns_with_content_are_ambiguous():
    row = "จ\tแนวทาง\tกอง\tธ.ค. ๒๕๖๕\t- จัดประชุม\t- เผยแพร่\t-\t"
    text = [*STATUS_TABLE.splitlines()[:2], row]
    measures, findings = recognise_measures(text_document("\n".join(text)))
    assert measures[0].status == "unknown"
    assert [f.code for f in findings] == ["MEASURE_STATUS_AMBIGUOUS"]


HEADER_004 = "\t".join(
    [
        "มาตรการ/ โครงการ/ กิจกรรม",
        "ขั้นตอนหรือวิธีการปฏิบัติ",
        "ระยะเวลา ดำเนินการ",
        "ผู้รับผิดชอบ",
        "ผลการดำเนินการ(output)",
    ]
)
CONTINUED = f"""{HEADER_004}
๑. โครงการ ฝึกอบรม\t๑. ผู้เข้าร่วม\tตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘\tสำนักปลัด\t๑. บุคลากร

{HEADER_004}
\tสถานการณ์การทุจริต\t\t\tให้บุคลากรมีจิตสำนึก
<p>๒. กิจกรรมการประกาศเจตนารมณ์นโยบายการไม่</p>\t๑. ผู้เข้าร่วมกิจกรรม\tตุลาคม ๒๕๖๗ -\tสำนักปลัด\t๑. ผู้บริหาร

{HEADER_004}
รับ ของขวัญ หรือของ กำนัล\tกลุ่มเป้าหมาย\tกันยายน ๒๕๖๘\t\t๒. บุคลากรได้รับทราบ
๓.สร้างการรับรู้\t๑. มีการชี้แจง\tตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘\tหัวหน้า\t๑. มีการสื่อสาร
"""


def test_tables_and_rows_continued_across_pages_are_joined():
    # sample 004: the header repeats on every page, leading cells empty continue a row, and a
    # title cut by the page break goes on in the first row of the next page
    measures, _ = recognise_measures(text_document(CONTINUED))
    assert [(m.measure_no, m.table_kind) for m in measures] == [
        (1, "measure"),
        (2, "measure"),
        (3, "measure"),
    ]
    # the pieces of a cell cut by a page break join like wrapped lines (Thai to Thai: no space)
    assert measures[0].actions == "๑. ผู้เข้าร่วมสถานการณ์การทุจริต"
    assert measures[1].title == "กิจกรรมการประกาศเจตนารมณ์นโยบายการไม่รับ ของขวัญ หรือของ กำนัล"
    assert (measures[1].period_start, measures[1].period_end) == ("2024-10", "2025-09")
    assert measures[2].title == "สร้างการรับรู้"


def test_indicator_tables_are_not_measures():
    text = (
        "ตัวชี้วัดที่\tรายละเอียดตัวชี้วัด\tคะแนน\tผลการประเมิน\n"
        "๑\tการปฏิบัติหน้าที่\t๙๖.๖๗\tตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ผลการประเมินอยู่ในระดับดี\n"
    )
    assert recognise_measures(text_document(text)) == ([], [])


def test_section_names_the_indicator_and_tool():
    text = (
        "๒. ด้าน EIT พบว่าผลคะแนนของตัวชี้วัดที่ ๖ คุณภาพการทำงาน มีค่าต่ำสุด\n"
        "ตารางผลการประเมินแบบวัดการรับรู้ของผู้มีส่วนได้เสียภายใน (IIT)\n\n" + STATUS_TABLE
    )
    measures, _ = recognise_measures(text_document(text))
    assert {(m.indicator_no, m.tool) for m in measures} == {(6, "EIT")}


def test_a_status_sub_header_cut_off_and_a_table_continued_without_header():
    header = ("ประเด็นที่เป็นข้อบกพร่อง", "มาตรการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ", "ข้อเสนอแนะ")
    sub = ("ดำเนินการแล้ว", "ยังไม่ดำเนินการ")
    doc = pdf_document(
        [
            (header,),
            (sub, ("การมอบหมายงานอย่างเป็น", "- คำสั่งมอบหมาย", "สำนักปลัด", "", "✓", "ควรติดตาม")),
        ],
        [
            "- 2 -",
            (
                ("ธรรม", "งาน", "", "", "", ""),
                ("การคัดเลือกผู้เข้ารับการอบรม", "- หลักเกณฑ์", "กองคลัง", "✓", "", ""),
            ),
        ],
    )
    records, _ = recognise_measures(doc)
    assert [(r.title, r.status) for r in records] == [
        ("การมอบหมายงานอย่างเป็นธรรม", "not_started"),
        ("การคัดเลือกผู้เข้ารับการอบรม", "done"),
    ]


def test_a_measure_named_before_its_steps_beside_an_indicator_cell():
    text = (
        "ตัวชี้วัด\tแนวทางในการยกระดับการประเมิน\tผู้รับผิดชอบ\tระยะเวลา\n"
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ คะแนน 90.28\tมาตรการจัดทำคู่มือมาตรฐานการปฏิบัติงาน "
        "๑. จัดทำคู่มือ ๒. ประชุมประจำเดือน\tทุกส่วนราชการ\tปีงบประมาณ ๒๕๖๖\n"
        "ตัวชี้วัดที่ ๒ การใช้งบประมาณ คะแนน 89.30\tหน่วยงานจะต้องเผยแพร่แผนการใช้จ่าย\t"
        "กองคลัง\tปีงบประมาณ ๒๕๖๖\n"
    )
    records, _ = recognise_measures(text_document(text))
    # the second row's next column is advice, not a named measure: its title stays
    assert [(r.title, r.indicator_no) for r in records] == [
        ("มาตรการจัดทำคู่มือมาตรฐานการปฏิบัติงาน", 1),
        ("ตัวชี้วัดที่ ๒ การใช้งบประมาณ คะแนน 89.30", 2),
    ]


def test_a_result_cell_that_is_only_a_status_phrase():
    text = (
        "ที่\tมาตรการ\tผู้รับผิดชอบ\tผลการดำเนินการ\n"
        "1\tมาตรการให้บริการอย่างเท่าเทียม\tสำนักปลัด\tแล้วเสร็จ\n"
        "2\tมาตรการเผยแพร่แผน\tกองคลัง\tได้จัดทำแผนและเผยแพร่บนเว็บไซต์ของหน่วยงานแล้วเสร็จทุกไตรมาส\n"
    )
    records, _ = recognise_measures(text_document(text))
    # a long result is a narrative, not a status
    assert [r.status for r in records] == ["done", "unknown"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("แล้วเสร็จ - มีระบบบัตรคิวและผังขั้นตอนการให้บริการ", "done"),
        ("- ดำเนินการแล้ว ออกคำสั่งมอบหมายหน้าที่", "done"),
        ("ดำเนินการแล้วเสร็จ\nประกาศเมื่อวันที่ ๓ ตุลาคม ๒๕๖๕", "done"),
        ("อยู่ระหว่างดำเนินการ\nรายงานผลรอบ ๖ เดือนแล้ว", "in_progress"),
        ("กำลังดำเนินการ", "in_progress"),
        ("ยังไม่ได้ดำเนินการ\nไม่ได้รับการจัดสรรงบประมาณ", "not_started"),
        ("แล้วเสร็จ", "done"),
        ("ดำเนินการแล้วเสร็จ เปิดจุดบริการแล้วตั้งแต่วันที่ 9 มกราคม", "done"),  # ตั้งแต่: since
        ("ดำเนินการแล้ว แต่งตั้งคณะทำงานเรียบร้อย", "done"),  # แต่งตั้ง: appoint
        ("ยังไม่แล้วเสร็จ", "in_progress"),  # not finished: begun
        ("ดำเนินการยังไม่แล้วเสร็จ", "in_progress"),
        # partial work, counts of a plan, two statuses: no single status
        ("ดำเนินการแล้วบางส่วน", None),
        ("ดำเนินการแล้วเสร็จบางส่วน", None),
        ("ดำเนินการแล้ว ร้อยละ 60 ของแผน", None),
        ("แล้วเสร็จร้อยละ 80", None),
        ("แล้วเสร็จ 60 เปอร์เซ็นต์ของแผนงาน", None),
        ("ดำเนินการแล้ว 1 ครั้ง จากแผนทั้งหมด 4 ครั้ง", None),
        ("ดำเนินการแล้ว 2 ใน 5 ขั้นตอน", None),
        ("ดำเนินการแล้ว แต่ยังไม่แล้วเสร็จ รอการเบิกจ่าย", None),
        ("ดำเนินการแล้วเสร็จ 2 โครงการ อีก 3 โครงการยังไม่ได้ดำเนินการ", None),
        ("ดำเนินการแล้ว อยู่ระหว่างสรุปและรายงานผลต่อผู้บริหาร", None),
        # a narrative that does not open with a status phrase
        ("จัดอบรมบุคลากรครบทุกคนแล้ว อยู่ระหว่างรายงานผลต่อผู้บริหาร", None),
    ],
)
def test_the_status_a_result_cell_states(text, status):
    assert result_status(text) == status


def test_a_slash_alone_in_a_status_column_is_a_tick():
    text = (
        "| ที่ | มาตรการ/กิจกรรม | ดำเนินการแล้ว | อยู่ระหว่างดำเนินการ | ยังไม่ดำเนินการ | ผลการดำเนินงาน |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | จัดทำคู่มือการยืม-คืนพัสดุ | / |  |  | เวียนคู่มือแล้ว |\n"
        "| 2 | ตรวจสอบทะเบียนคุมรถส่วนกลาง |  | / |  | 4 เดือน |\n"
        "| 3 | เปิดช่องทางถาม-ตอบออนไลน์ |  |  | / | รองบประมาณ |\n"
    )
    records, _ = recognise_measures(text_document(text))
    assert [r.status for r in records] == ["done", "in_progress", "not_started"]
    assert is_tick(" / ") and not is_tick("มาตรการ/โครงการ")


MEASURE_HEADER = ("ที่", "มาตรการ/\nโครงการ", "ระยะ\nเวลา", "ผู้รับผิด\nชอบ", "ผลการ\nดำเนินการ")


def test_a_body_row_with_checkboxes_under_a_repeated_header_is_not_a_sub_header():
    # page 2 repeats the header after a page number; its first row goes on with the title
    # of measure 1 and holds the checkbox labels (status words, but a row, not headings)
    doc = pdf_document(
        [
            (
                MEASURE_HEADER,
                ("๑", "มาตรการคัดเลือกผู้เข้ารับ\nการฝึกอบรม", "ต.ค. ๒๕๖๔", "งานการเจ้าหน้าที่", "ประกาศ"),
            ),
            "- 1 -",
        ],
        [
            (
                MEASURE_HEADER,
                ("", "อย่างเป็นธรรม", "", "", "☐ ดำเนิน\nการแล้ว ☑ อยู่\nระหว่าง\nดำเนินการ"),
                (
                    "๒",
                    "กิจกรรมประกาศ\nเจตนารมณ์",
                    "มี.ค. ๒๕๖๕",
                    "สำนักปลัด",
                    "☑ ดำเนิน\nการแล้ว ☐ ยัง\nไม่ได้ดำเนินการ",
                ),
            )
        ],
    )
    records, _ = recognise_measures(doc)
    assert [(r.measure_no, r.title, r.status) for r in records] == [
        (1, "มาตรการคัดเลือกผู้เข้ารับการฝึกอบรมอย่างเป็นธรรม", "in_progress"),
        (2, "กิจกรรมประกาศเจตนารมณ์", "done"),
    ]


def test_an_indicator_cell_cut_by_a_page_break_goes_on_in_the_next_page():
    header = ("ตัวชี้วัด", "แนวทางในการยกระดับ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ")
    doc = pdf_document(
        [
            (
                header,
                (
                    "ตัวชี้วัดที่ 1\nการปฏิบัติหน้าที่",
                    "มาตรการจัดระบบบัตรคิว\n1. จัดทำบัตรคิว",
                    "สำนักปลัด",
                    "ปีงบประมาณ",
                    "แล้วเสร็จ",
                ),
                ("ตัวชี้วัดที่ 5\nการแก้ไข", "โครงการอบรมคุณธรรม\nแก่", "สำนักปลัด", "ปีงบ", "จัดอบรม"),
            ),
            "- 1 -",
        ],
        [
            (
                header,
                ("ปัญหาการทุจริต\nคะแนน 84.49", "บุคลากร\n1. จัดอบรม", "", "2566", "☑ อยู่ระหว่างดำเนินการ"),
                ("ตัวชี้วัดที่ 6\nคุณภาพการดำเนินงาน", "โครงการสำรวจความพึงพอใจ", "สำนักปลัด", "2566", "-"),
            )
        ],
    )
    records, _ = recognise_measures(doc)
    # the measure's name comes before its steps in the next column (joined across the break)
    assert [(r.indicator_no, r.title, r.status) for r in records] == [
        (1, "มาตรการจัดระบบบัตรคิว", "done"),
        (5, "โครงการอบรมคุณธรรมแก่บุคลากร", "in_progress"),
        (6, "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน", "unknown"),
    ]


def test_a_text_table_whose_first_column_wraps_on_every_line():
    # pdftotext -layout of an improvement table: the indicator cell wraps down a narrow first
    # column, so every line has a first cell; the result column drifts by a place or two
    text = (
        "ตัวชี้วัด       แนวทางในการ       ผู้รับผิดชอบ  ระยะเวลา  ความก้าวหน้าผลการ\n"
        "            ยกระดับการประเมิน                    ดำเนินการ\n"
        "ตัวชี้วัดที่ ๑    มาตรการจัดทำคู่มือ    ทุก       ปีงบประมาณ  อยู่ระหว่างการ\n"
        "การ         มาตรฐานการ        ส่วนราชการ  ๒๕๖๖    ดำเนินการ\n"
        "ปฏิบัติหน้าที่    ปฏิบัติงาน 1. จัดทำ\n"
        "คะแนน       คู่มือมาตรฐาน\n"
        "94.78       ๒. ประชุมประจำเดือน\n"
        "ตัวชี้วัดที่ ๓    กิจกรรมคัดเลือกผู้     งานการ   ปีงบประมาณ  ดำเนินการแล้ว -\n"
        "การใช้อำนาจ  เข้ารับการอบรม     เจ้าหน้าที่  2566      ประกาศหลักเกณฑ์\n"
        "คะแนน       อย่างเป็นธรรม ๑.                      และรายชื่อแล้ว\n"
        "99.32       ประกาศหลักเกณฑ์\n"
    )
    records, _ = recognise_measures(text_document(text))
    assert [(r.indicator_no, r.title, r.status) for r in records] == [
        (1, "มาตรการจัดทำคู่มือมาตรฐานการปฏิบัติงาน", "in_progress"),
        (3, "กิจกรรมคัดเลือกผู้เข้ารับการอบรมอย่างเป็นธรรม", "done"),
    ]


def test_rows_without_a_number_in_a_numbered_table_are_measures_of_their_own():
    # a sub-activity numbered "1.1" in the number column and an unnumbered row with its own
    # period, responsible and status: not pieces of the row above (no page break between)
    text = (
        "ที่\tมาตรการ/กิจกรรม\tระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ\n"
        "1\tจัดทำคู่มือการปฏิบัติงาน\tต.ค. 2567\tสำนักปลัด\tแล้วเสร็จ\n"
        "1.1\tประชุมชี้แจงบุคลากร\tพ.ย. 2567\tสำนักปลัด\tยังไม่ได้ดำเนินการ\n"
        "2\tประกาศเจตนารมณ์สุจริต\tธ.ค. 2567\tสำนักปลัด\tแล้วเสร็จ\n"
        "\tส่งเสริมการมีส่วนร่วมของประชาชน\tม.ค. 2568\tกองช่าง\tอยู่ระหว่างดำเนินการ\n"
    )
    records, _ = recognise_measures(text_document(text))
    assert [(r.title, r.status) for r in records][:3] == [
        ("จัดทำคู่มือการปฏิบัติงาน", "done"),
        ("ประชุมชี้แจงบุคลากร", "not_started"),
        ("ประกาศเจตนารมณ์สุจริต", "done"),
    ]
    assert records[0].status == "done"


def test_a_leftover_status_word_under_a_repeated_header_is_a_row_not_headings():
    doc = pdf_document(
        [
            (
                MEASURE_HEADER,
                ("๑", "จัดทำคู่มือ", "ต.ค. ๒๕๖๗", "สำนักปลัด", "ดำเนินการ"),
            ),
            "- 1 -",
        ],
        [
            (
                MEASURE_HEADER,
                ("", "", "", "", "แล้วเสร็จ"),
                ("๒", "ประชาสัมพันธ์ช่องทาง", "พ.ย. ๒๕๖๗", "สำนักปลัด", "อยู่ระหว่างดำเนินการ"),
                ("๓", "สำรวจความพึงพอใจ", "ธ.ค. ๒๕๖๗", "สำนักปลัด", "ยังไม่ได้ดำเนินการ"),
            )
        ],
    )
    records, _ = recognise_measures(doc)
    assert [(r.measure_no, r.status) for r in records] == [
        (1, "done"),
        (2, "in_progress"),
        (3, "not_started"),
    ]
