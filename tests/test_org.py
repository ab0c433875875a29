"""Organisation names and the gazetteer check (normalize.org)."""

import pytest

from normalize.org import check_place, find_district, find_organisation, find_province


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


def test_correct_places_pass_unchanged():
    check = check_place(find_organisation("อบต.กุดรัง"), "กุดรัง", "มหาสารคาม")
    assert (check.district, check.province, check.findings) == ("กุดรัง", "มหาสารคาม", [])


def test_misspelt_district_is_corrected_from_the_subdistrict():
    # sample 000: อบต.เมืองคง states "อำเภอกง"; ตำบลเมืองคง of นครราชสีมา is in อำเภอคง
    check = check_place(find_organisation("อบต.เมืองคง"), "กง", "นครราชสีมา")
    assert check.district == "คง"
    assert [f[1] for f in check.findings] == ["DISTRICT_CORRECTED"]


def test_misspelt_province_is_corrected():
    check = check_place(find_organisation("อบต.กุดรัง"), "กุดรัง", "มหาสาคาม")
    assert check.province == "มหาสารคาม"
    assert [f[1] for f in check.findings] == ["PROVINCE_CORRECTED"]


def test_unknown_province_is_kept_and_flagged():
    check = check_place(None, "ไม่มี", "ไม่มีจังหวัดนี้เลย")
    assert check.province == "ไม่มีจังหวัดนี้เลย"
    assert [f[1] for f in check.findings] == ["PROVINCE_UNKNOWN"]


def test_missing_district_of_a_sao_comes_from_its_subdistrict():
    check = check_place(find_organisation("อบต.ต้นมะพร้าว"), None, "เพชรบุรี")
    assert check.district == "เมืองเพชรบุรี"
    assert [f[1] for f in check.findings] == ["DISTRICT_FROM_GAZETTEER"]
