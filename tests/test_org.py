"""Organisation names and the gazetteer check (normalize.org)."""

import re

import pytest

from normalize.org import (
    check_place,
    find_district,
    find_organisation,
    find_other_agency,
    find_province,
)


@pytest.mark.parametrize(
    ("text", "name", "org_type"),
    [
        ("องค์การบริหารส่วนตำบลกุดรัง", "องค์การบริหารส่วนตำบลกุดรัง", "sao"),
        ("ขององค์การบริหารส่วนตำบลเมืองคง อำเภอกง", "องค์การบริหารส่วนตำบลเมืองคง", "sao"),
        ("อบต.ต้นมะพร้าว", "องค์การบริหารส่วนตำบลต้นมะพร้าว", "sao"),
        ("ทต.เมืองคง", "เทศบาลตำบลเมืองคง", "subdistrict_municipality"),
        ("เทศบาลตำบลเมืองคง", "เทศบาลตำบลเมืองคง", "subdistrict_municipality"),
        ("เทศบาลเมืองปากช่อง", "เทศบาลเมืองปากช่อง", "town_municipality"),
        ("ทม. ปากช่อง", "เทศบาลเมืองปากช่อง", "town_municipality"),
        ("ทน.นครราชสีมา", "เทศบาลนครนครราชสีมา", "city_municipality"),
        ("อบจ.มหาสารคาม", "องค์การบริหารส่วนจังหวัดมหาสารคาม", "pao"),
        # words glued to the name by a layout or a scan
        ("องค์การบริหารส่วนตำบลต้นมะพร้าวอำเภอเมืองเพชรบุรี", "องค์การบริหารส่วนตำบลต้นมะพร้าว", "sao"),
        ("เทศบาลตำบลเมืองคงประจำปีงบประมาณ", "เทศบาลตำบลเมืองคง", "subdistrict_municipality"),
        # the sentence glued after the name, as OCR without spaces gives it (word segmentation)
        ("เทศบาลเมืองบางชุมแสงได้เข้ารับการประเมิน", "เทศบาลเมืองบางชุมแสง", "town_municipality"),
        ("องค์การบริหารส่วนตำบลกุดรังซึ่งเป็นหน่วยงาน", "องค์การบริหารส่วนตำบลกุดรัง", "sao"),
        ("อบต.บ้านหนองแวงมีผลการประเมิน", "องค์การบริหารส่วนตำบลบ้านหนองแวง", "sao"),
        # … but a place name that holds such a word stays whole
        ("เทศบาลตำบลในเมืองได้คะแนน", "เทศบาลตำบลในเมือง", "subdistrict_municipality"),
        ("องค์การบริหารส่วนตำบลสองห้อง ได้คะแนน", "องค์การบริหารส่วนตำบลสองห้อง", "sao"),
        # a place name that ends with such a word ("ท่าอยู่", "บางจาก", "เขื่องใน")
        ("องค์การบริหารส่วนตำบลท่าอยู่ อำเภอตะกั่วทุ่ง", "องค์การบริหารส่วนตำบลท่าอยู่", "sao"),
        ("เทศบาลตำบลบางจากได้คะแนน", "เทศบาลตำบลบางจาก", "subdistrict_municipality"),
        ("เทศบาลตำบลเขื่องใน", "เทศบาลตำบลเขื่องใน", "subdistrict_municipality"),
        ("องค์การบริหารส่วนตำบลโนนทรายได้เข้ารับการประเมิน", "องค์การบริหารส่วนตำบลโนนทราย", "sao"),
        # a hyphenated name
        ("เทศบาลตำบลท่าเดื่อ-มืดกา ได้คะแนน", "เทศบาลตำบลท่าเดื่อ-มืดกา", "subdistrict_municipality"),
    ],
)
def test_find_organisation(text, name, org_type):
    org = find_organisation(text)
    assert (org.name, org.org_type) == (name, org_type)


@pytest.mark.parametrize("text", ["ทนพ.สมชาย ใจดี", "กองทัพบก ทบ.", "สำนักงาน ป.ป.ช."])
def test_abbreviations_need_a_place_name(text):
    assert find_organisation(text) is None


def test_find_district_and_province():
    text = "องค์การบริหารส่วนตำบลต้นมะพร้าว อำเภอเมืองเพชรบุรี จังหวัดเพชรบุรี"
    assert find_district(text) == "เมืองเพชรบุรี"
    assert find_province(text) == "เพชรบุรี"
    assert find_district("อ.ปากช่อง จ.นครราชสีมา") == "ปากช่อง"
    assert find_province("อ.ปากช่อง จ.นครราชสีมา") == "นครราชสีมา"


@pytest.mark.parametrize(
    ("text", "district", "province"),
    [
        ("อำเภอเมืองราชบุรี จัง หวัดราชบุรี", "เมืองราชบุรี", "ราชบุรี"),
        ("อา เภอดอนเจดีย์ จังหวัดสุพรรณบุรี", "ดอนเจดีย์", "สุพรรณบุรี"),
        ("อ าเภอปากช่อง จัง หวัด นครราชสีมา", "ปากช่อง", "นครราชสีมา"),
    ],
)
def test_place_words_broken_by_an_extractors_spaces(text, district, province):
    assert (find_district(text), find_province(text)) == (district, province)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("องค์การบริหารส่วนจังหวัดชุมพรอำเภอเมืองชุมพรจงหวดชุมพร", "เมืองชุมพร"),
        ("อำเภอท่าแซะจงหวดชุมพร", "ท่าแซะ"),
        ("อำเภอกงจงหวัดนครราชสีมา", "กง"),
    ],
)
def test_a_district_glued_to_a_province_word_ocr_lost_vowels_of(text, district):
    # OCR drops the vowels above a consonant: "จงหวด" for จังหวัด still ends the district
    assert find_district(text) == district


def test_correct_places_pass_unchanged():
    check = check_place(find_organisation("อบต.กุดรัง"), "กุดรัง", "มหาสารคาม")
    assert (check.district, check.province, check.findings) == ("กุดรัง", "มหาสารคาม", [])


def test_misspelt_district_is_corrected_from_the_subdistrict():
    # sample 000: อบต.เมืองคง states "อำเภอกง"; ตำบลเมืองคง of นครราชสีมา is in อำเภอคง
    check = check_place(find_organisation("อบต.เมืองคง"), "กง", "นครราชสีมา")
    assert check.district == "คง"
    assert [f.code for f in check.findings] == ["DISTRICT_CORRECTED"]


def test_misspelt_province_is_corrected():
    check = check_place(find_organisation("อบต.กุดรัง"), "กุดรัง", "มหาสาคาม")
    assert check.province == "มหาสารคาม"
    assert [f.code for f in check.findings] == ["PROVINCE_CORRECTED"]


def test_unknown_province_is_kept_and_flagged():
    check = check_place(None, "ไม่มี", "ไม่มีจังหวัดนี้เลย")
    assert check.province == "ไม่มีจังหวัดนี้เลย"
    assert [f.code for f in check.findings] == ["PROVINCE_UNKNOWN"]


def test_missing_district_of_a_sao_comes_from_its_subdistrict():
    check = check_place(find_organisation("อบต.ต้นมะพร้าว"), None, "เพชรบุรี")
    assert check.district == "เมืองเพชรบุรี"
    assert [f.code for f in check.findings] == ["DISTRICT_FROM_GAZETTEER"]


@pytest.mark.parametrize(
    ("text", "district", "province"),
    [
        ("อำเภอป่ากระเบาจังหวัดอำนาจเจริญ", "ป่ากระเบา", "อำนาจเจริญ"),  # glued: split
        ("อ.เมืองหนองบัวลำภูจ.หนองบัวลำภู", "เมืองหนองบัวลำภู", "หนองบัวลำภู"),
        ("อำเภอเมืองตราดจังหวัดตราดได้รับการประเมิน", "เมืองตราด", "ตราด"),
    ],
)
def test_places_glued_to_the_next_words_are_split(text, district, province):
    assert (find_district(text), find_province(text)) == (district, province)


def test_a_district_from_a_damaged_text_layer_is_only_taken_where_it_can_be_checked():
    # "อาเภอ" shows that SARA AM was lost: the name may have lost marks too ("บางไผงาม")
    assert find_district("อาเภอบางไผงาม จังหวัดกระบี่", damaged_unknown=False) is None
    assert find_district("อาเภอเมืองกระบี่ จังหวัดกระบี่", damaged_unknown=False) == "เมืองกระบี่"
    assert find_district("อำเภอบางไผงาม จังหวัดกระบี่", damaged_unknown=False) == "บางไผงาม"
    assert find_district("อาเภอบางไผงาม จังหวัดกระบี่") == "บางไผงาม"  # a local government's


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("สานักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่ เขต 2", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่ เขต 2"),
        ("สถาบันพระปกเกล้า (องค์การมหาชน)", "สถาบันพระปกเกล้า (องค์การมหาชน)"),
        ("มหาวิทยาลัยราชภัฏเชียงใหม่ ประจำปีงบประมาณ พ.ศ. 2566", "มหาวิทยาลัยราชภัฏเชียงใหม่"),
        ("สำนักงานสาธารณสุขจังหวัดเชียงใหม่", "สำนักงานสาธารณสุขจังหวัดเชียงใหม่"),
        ("กรมการปกครอง กระทรวงมหาดไทย", "กรมการปกครอง กระทรวงมหาดไทย"),
        ("สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี (สสวท.)", "สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี"),
        ("กรมการปกครอง", "กรมการปกครอง"),
        ("โรงเรียนบ้านหนองแวง สังกัดสำนักงานเขตพื้นที่การศึกษา", "โรงเรียนบ้านหนองแวง"),
    ],
)
def test_agencies_of_other_kinds_named_on_a_line(line, name):
    org = find_other_agency(line)
    assert (org.name, org.org_type) == (name, "other")


@pytest.mark.parametrize(
    "line",
    [
        "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ",  # the NACC runs the ITA
        "สำนักงาน ป.ป.ช.",
        "สำนักปลัดเทศบาล",  # a local government's division
        "องค์การบริหารส่วนตำบลกุดรัง",  # a local government is find_organisation's
        "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
        "สภาพทั่วไปและข้อมูลพื้นฐาน",  # words that begin like a type word
        "ศาลากลางจังหวัดเชียงใหม่",
        "ศูนย์ปฏิบัติการต่อต้านการทุจริต",
        "องค์การบริหารส่วน ตำบลท่าข้าม",  # a local government's type word written apart
        "คณะกรรมการ ป.ป.ช.",
        "สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่ เขต 2 ได้รับคะแนนเฉลี่ยในภาพรวม 91.82 คะแนน "
        "จากคะแนนเต็ม 100 คะแนน ผลการประเมินอยู่ในระดับผ่าน",  # a sentence, not a name line
    ],
)
def test_lines_that_name_no_agency_of_another_kind(line):
    assert find_other_agency(line) is None


def test_every_gazetteer_place_survives_a_sentence_glued_after_it():
    import geothai

    lost = []
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            for sub in geothai.subdistricts(district.code):
                if not re.fullmatch(r"[\u0e01-\u0e4e]+", sub.name_th):
                    continue  # names with dots or brackets ("จ.ป.ร.") are not read whole
                org = find_organisation("องค์การบริหารส่วนตำบล" + sub.name_th + "ได้คะแนน 90.00")
                if org is None or org.place != sub.name_th:
                    lost.append(sub.name_th)
    assert lost == []
