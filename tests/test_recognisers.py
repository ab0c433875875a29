"""The recognisers on the shapes and traps of the sample reports (quoted from them)."""


def test_indicator_table_with_number_name_score_columns(indicators_of):
    text = (
        "ตัวชี้วัดที่\tรายละเอียดตัวชี้วัด\tคะแนน\tระดับค่าเป้าหมาย\n"
        "๔\tการใช้ทรัพย์สินของราชการ\t๙๘.๘๙\t\n"
        "๘\tการปรับปรุงการทำงาน\t๙๗.๔๒\t\n"
    )
    found, _ = indicators_of(text)
    assert found == {4: [98.89], 8: [97.42]}


def test_summary_rows_whose_label_names_an_indicator_give_nothing(indicators_of):
    # sample 001: 74.00 is indicator 9's score, not indicator 4's
    text = (
        "ตัวชี้วัดที่\tรายละเอียดตัวชี้วัด\tคะแนน\n"
        "\t<b>การป้องกันการทุจริต</b>\t<b>คะแนนสูงสุด ๑๐๐ คะแนน</b>\t\n"
        "\t<b>การใช้ทรัพย์สินของราชการ</b>\t<b>คะแนนต่ำสุด ๗๔.๐๐ คะแนน</b>\t\n"
    )
    found, _ = indicators_of(text)
    assert found == {}


def test_label_and_score_in_one_cell(indicators_of):
    # sample 002 and 003
    text = (
        "ตัวชี้วัด\tแนวทาง\tผู้รับผิดชอบ\n"
        "ตัวชี้วัดที่ ๔ การ ใช้ทรัพย์สินของ ทางราชการ คะแนน ๗๕.๘๕\t๑. มีมาตรการ\tทุกส่วนราชการ\n"
        "๙. การเปิดเผยข้อมูล ๙๐.๒๐ คะแนน\tพบว่าผลคะแนน OIT\n"
        "ตัวชี้วัดที่ ๘ ปรับปรุงการทำงาน คะแนน ๘๕.๓๙\t๑. ตรวจสอบ\n"
    )
    found, _ = indicators_of(text)
    assert found == {4: [75.85], 9: [90.2], 8: [85.39]}


def test_numbers_inside_long_text_cells_are_not_scores(indicators_of):
    # sample 002: "ของทางคะแนน ๘๕.๗๔" stands in indicator 4's progress text
    text = (
        "ตัวชี้วัด\tแนวทาง\tความก้าวหน้า\n"
        "ตัวชี้วัดที่ ๔ การ ใช้ทรัพย์สินของ ทางราชการ คะแนน ๗๕.๘๕\t๑. มีมาตรการ\t"
        "-จัดทำเผยแพร่คู่มือการยืมทรัพย์สินทางราชการบนเว็บไซต์ ของทางคะแนน ๘๕.๗๔ และแจ้งเวียน\n"
    )
    found, _ = indicators_of(text)
    assert found == {4: [75.85]}


def test_label_then_score_cell_with_unit(indicators_of):
    # sample 003
    text = (
        "ตัวชี้วัดของการประเมิน ITA\t\tประเด็นที่ต้องแก้ไข\n"
        "๑. การปฏิบัติหน้าที่\t๙๘.๒๑ คะแนน\tพบว่าผลคะแนน IIT\n"
        "๓. การใช้อำนาจ\t๘๙.๐๐ คะแนน\t\n"
    )
    found, _ = indicators_of(text)
    assert found == {1: [98.21], 3: [89.0]}


def test_item_tables_are_not_indicator_tables(indicators_of):
    # sample 001: OIT item o10 "E-Service" and IIT item i1 written "๑๑"
    text = "ข้อ\tหัวข้อการประเมิน\tระดับคะแนน\n๑๐\tE-Service\t๑๐๐.๐๐\n๐๒\tข้อมูลผู้บริหาร\t๐.๐๐\n"
    found, _ = indicators_of(text)
    assert found == {}


def test_table_of_contents_page_numbers_are_not_scores(indicators_of):
    text = "สารบัญ\n\n๑. การปฏิบัติหน้าที่\t๓\n๒. การใช้งบประมาณ\t๔\n"
    found, _ = indicators_of(text)
    assert found == {}


def test_number_and_label_that_disagree_give_a_finding(indicators_of):
    text = "ตัวชี้วัดที่\tรายละเอียด\tคะแนน\n๔\tการเปิดเผยข้อมูล\t๙๐.๒๐\n"
    found, findings = indicators_of(text)
    assert found == {}
    assert [f.code for f in findings] == ["INDICATOR_LABEL_MISMATCH"]


def test_prose_scores(indicators_of):
    # sample 000 and 003
    text = (
        "๑. ด้าน IIT พบว่าผลคะแนนของตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ มีค่าต่ำสุด "
        "เท่ากับ ๗๘.๘๕ ซึ่งหน่วยงานต้องจัดให้มี\n"
        "๑. ด้าน IIT พบว่า ผลคะแนนของตัวชี้วัดด้าน การใช้อำนาจ มีค่าต่ำสุด เท่ากับ ๘๙.๐๐ "
        "คะแนน ซึ่งผู้บังคับบัญชา\n"
    )
    found, _ = indicators_of(text)
    assert found == {4: [78.85], 3: [89.0]}


def test_prose_score_of_an_item_is_not_the_indicators(indicators_of):
    # sample 000: 92.23 is item E1's score, named inside indicator 6's sentence
    text = (
        "๒. ด้าน EIT พบว่าผลคะแนนของตัวชี้วัดที่ ๖ คุณภาพการทำงาน โดยเฉพาะ E๑ "
        "เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อ ปฏิบัติงาน/ให้บริการ มีค่าต่ำสุด เท่ากับ ๙๒.๒๓ ซึ่ง\n"
    )
    found, _ = indicators_of(text)
    assert found == {}


def test_pass_mark_percentages_and_counts_are_not_scores(indicators_of):
    # sample 001 and 003
    text = (
        "แต่ก็มีตัวชี้วัดที่มีคะแนนไม่ผ่านเกณฑ์ (๘๕ คะแนน) อยู่ ๑ ตัวชี้วัดจาก ๑๐ ตัวชี้วัด\n"
        "๓.๑ จุดแข็ง (ตัวชี้วัดที่ได้คะแนนมากกว่าร้อยละ ๙๐)\t๓\n"
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ตัวชี้วัดย่อยที่ ๙.๑, ๙.๒, ๙.๓ หน่วยงานควรตรวจสอบ\n"
    )
    found, _ = indicators_of(text)
    assert found == {}


def test_overall_score_and_level_statements(metadata_of):
    meta = metadata_of(
        "จากการประเมินผลคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.๒๕๖๖ "
        "โดยภาพรวมได้คะแนน ๘๖.๗๕ (ผ่าน) องค์การบริหารส่วนตำบล\n"
        "ของเทศบาลเมืองปากซ่อง มีคะแนนรวม ๗๗.๙๘ อยู่ในระดับ B มีรายละเอียด ดังนี้\n"
        "อยู่ในระดับ **ผ่านดี (๙๑.๗๖ คะแนน)** โดยมีจุดแข็ง\n"
    )
    assert [c.value for c in meta.overall_scores] == [86.75, 77.98, 91.76]
    assert [c.value for c in meta.levels] == ["ผ่าน", "B", "ผ่านดี"]
    assert [c.value for c in meta.assessment_years] == [2566]


def test_the_result_of_the_assessment_is_the_overall_unless_an_indicator_is_named(
    metadata_of,
):
    """The sentence "ผลการประเมินได้คะแนน X" states the overall score after the assessment's name,
    not after an indicator's, nor as the highest of several."""
    meta = metadata_of(
        "ตามที่เทศบาลตำบลทุ่งขามได้เข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
        "หน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ผลการประเมินได้คะแนน ๙๐.๙๒ คะแนน (ผ่าน)\n\n"
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ผลการประเมินได้คะแนน ๙๖.๕๐ คะแนน\n\n"
        "ผลการประเมินได้คะแนนสูงสุด ๙๙.๑๐ คะแนน\n"
    )
    assert [c.value for c in meta.overall_scores] == [90.92]


def test_level_words_without_an_overall_score_are_not_levels(metadata_of):
    meta = metadata_of(
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ผลการประเมินอยู่ในระดับดี แต่ยังคงพบประเด็น\n"
        "EIT ส่วนที่ ๑ = ๙๒.๙๘ คะแนน ผลการประเมินคิดเป็น ๑๐๐ คะแนน\n"
    )
    assert meta.overall_scores == []
    assert meta.levels == []


def test_title_block_gives_org_years_and_type(metadata_of):
    meta = metadata_of(
        "รายงานผลการดำเนินการมาตรฐานส่งเสริมคุณธรรมและความโปร่งใส\n"
        "ขององค์การบริหารส่วนตำบลเมืองคง อำเภอกง จังหวัดนครราชสีมา ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\n"
        "รอบ ๖ เดือน (ตั้งแต่เดือนตุลาคม ๒๕๖๕ – เดือนมีนาคม ๒๕๖๖)\n"
    )
    assert meta.organisation.name == "องค์การบริหารส่วนตำบลเมืองคง"
    assert (meta.district, meta.province) == ("กง", "นครราชสีมา")
    assert meta.report_year.value == 2566
    assert meta.report_type == "progress_6m"


def test_rows_with_two_score_columns_are_not_guessed(indicators_of):
    # two score columns whose headings give no year: which is this year's is not known
    text = (
        "ตัวชี้วัดที่\tรายละเอียด\tคะแนน\tคะแนน\n"
        "๑\tการปฏิบัติหน้าที่\t๘๕.๐๐\t๙๐.๐๐\n"
        "๒\tการใช้งบประมาณ\t๘๐.๑๐\t๘๒.๒๐\n"
    )
    found, findings = indicators_of(text)
    assert found == {}
    assert [f.code for f in findings] == ["MULTI_SCORE_ROW"]


def test_changes_and_targets_are_not_scores(indicators_of):
    text = (
        "ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต เพิ่มขึ้น คะแนน ๓.๕๐ จากปีที่แล้ว\n"
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ต่ำกว่าเป้าหมาย คะแนน ๑๐.๐๐\n"
    )
    found, _ = indicators_of(text)
    assert found == {}
