"""Values read from the sample reports by hand (see the comments), never copied from the
tool's output. Shared by the tests that check them."""

# Indicator scores as printed in each report.
EXPECTED_SCORES = {
    # 000: prose only — ตัวชี้วัดที่ ๔ … เท่ากับ ๗๘.๘๕; ตัวชี้วัดที่ ๑๐ … เท่ากับ ๖๘.๗๕.
    # Its "ตัวชี้วัดที่ ๖ … โดยเฉพาะ E๑ … ๙๒.๒๓" is item E1's score, not indicator 6's.
    "000_1797b4be62800ae6": {4: 78.85, 10: 68.75},
    # 001: the table "ตัวชี้วัดที่ | รายละเอียดตัวชี้วัด | คะแนน".
    "001_8921beb29c9612d0": {
        1: 96.67,
        2: 100.00,
        3: 100.00,
        4: 98.89,
        5: 100.00,
        6: 97.27,
        7: 97.58,
        8: 97.42,
        9: 74.00,
        10: 90.00,
    },
    # 002: "ตัวชี้วัดที่ N <name> คะแนน X" cells of the สรุปการประเมิน tables.
    "002_6a4ead38d9ff2a9b": {
        1: 91.01,
        2: 79.88,
        3: 86.38,
        4: 75.85,
        5: 79.77,
        6: 83.86,
        7: 78.06,
        8: 85.39,
        9: 92.50,
        10: 93.75,
    },
    # 003: section ๓ table "๑. การปฏิบัติหน้าที่ | ๙๘.๒๑ คะแนน" …
    "003_2db37be08ce2af76": {
        1: 98.21,
        2: 94.45,
        3: 89.00,
        4: 94.35,
        5: 90.88,
        6: 87.35,
        7: 87.24,
        8: 82.18,
        9: 90.20,
        10: 31.25,
    },
    # 004 states no indicator score at all.
    "004_a5171d321bc2f1a0": {},
}

# (org_name, org_type, district, province, report_type, report_year_be, assessment_year_be,
#  overall_score, stated_level) as each title block and summary states them.
EXPECTED_DOCS = {
    # อำเภอกง is a misspelling: ตำบลเมืองคง of นครราชสีมา lies in อำเภอคง.
    "000_1797b4be62800ae6": (
        "องค์การบริหารส่วนตำบลเมืองคง",
        "sao",
        "คง",
        "นครราชสีมา",
        "progress_6m",
        2566,
        2565,
        None,
        None,
    ),
    # "อยู่ในระดับผ่าน โดยมีคะแนนในภาพรวมอยู่ที่ ๙๑.๗๖"; it says "ผ่านดี" once as well.
    "001_8921beb29c9612d0": (
        "องค์การบริหารส่วนตำบลกุดรัง",
        "sao",
        "กุดรัง",
        "มหาสารคาม",
        "analysis",
        2568,
        2568,
        91.76,
        "ผ่าน",
    ),
    # "โดยภาพรวมได้คะแนน ๘๖.๗๕ (ผ่าน)".
    "002_6a4ead38d9ff2a9b": (
        "องค์การบริหารส่วนตำบลต้นมะพร้าว",
        "sao",
        "เมืองเพชรบุรี",
        "เพชรบุรี",
        "measures_result",
        2566,
        2566,
        86.75,
        "ผ่าน",
    ),
    # "มีคะแนนรวม ๗๗.๙๘ อยู่ในระดับ B"; the title block spells ปากช่อง right.
    "003_2db37be08ce2af76": (
        "เทศบาลเมืองปากช่อง",
        "town_municipality",
        "ปากช่อง",
        "นครราชสีมา",
        "analysis",
        2565,
        2565,
        77.98,
        "B",
    ),
    # a 2568 report on the 2567 results ("สรุปผลการประเมิน … ประจำปีงบประมาณ พ.ศ. ๒๕๖๗").
    "004_a5171d321bc2f1a0": (
        "เทศบาลตำบลเมืองคง",
        "subdistrict_municipality",
        "ราษีไศล",
        "ศรีสะเกษ",
        "measures_result",
        2568,
        2567,
        None,
        None,
    ),
}
# Levels the year's rules give: 2568 ผ่าน (OIT mean 82 < 85), 2566 A, 2565 B.
EXPECTED_LEVELS = {
    "001_8921beb29c9612d0": "ผ่าน",
    "002_6a4ead38d9ff2a9b": "A",
    "003_2db37be08ce2af76": "B",
}

# Sample 001's item tables, transcribed from the document: (code, respondent group) → score.
# IIT i1–i15 are written "๑๑"…"๑๙", "1๑๐"…"1๑๕"; OIT o1–o28 "๐๑"…"๐๒๘" (o10, o11 as "๑๐", "๑๑").
_IIT_001 = [96.67, 93.33, 100, 100, 100, 100, 100, 100, 100, 96.67, 100, 100, 100, 100, 100]
_EIT_PUBLIC_001 = [100] * 9
_EIT_SURVEY_001 = [91.82, 91.82, 100, 96.36, 94.55, 94.55, 95.45, 96.36, 92.73]
_OIT_001 = [
    100,
    0,
    100,
    100,
    0,
    100,
    100,
    100,
    100,
    100,
    100,
    0,
    100,
    100,
    0,
    100,
    0,
    100,
    100,
    100,
    100,
    0,
    100,
    100,
    100,
    100,
    100,
    100,
]
EXPECTED_ITEMS_001 = {
    **{(f"i{n}", ""): s for n, s in enumerate(_IIT_001, 1)},
    **{(f"e{n}", "EitPublic"): s for n, s in enumerate(_EIT_PUBLIC_001, 1)},
    **{(f"e{n}", "EitSurvey"): s for n, s in enumerate(_EIT_SURVEY_001, 1)},
    **{(f"o{n}", ""): s for n, s in enumerate(_OIT_001, 1)},
}
# Indicator of each item by the section headings of sample 001 ("IIT ๔ …", "OIT ๑๐. …").
EXPECTED_ITEM_INDICATORS_001 = {
    **{f"i{n}": (n - 1) // 3 + 1 for n in range(1, 16)},
    **{f"e{n}": (n - 1) // 3 + 6 for n in range(1, 10)},
    **{f"o{n}": 9 if n <= 20 else 10 for n in range(1, 29)},
}

# Measures and improvement rows of each sample, as read from its tables:
# (table_kind, measure_no, indicator_no, status). Notes from the reading:
# - 000: three "ประเด็นที่บกพร่อง" tables under "ด้าน IIT … ตัวชี้วัดที่ ๔", "ด้าน EIT … ๖", "ด้าน OIT
#   … ๑๐"; every row has its result in the ดำเนินการแล้ว column.
# - 001: a plan (มาตรการ/โครงการ/กิจกรรม) for indicators 1–10, no status given.
# - 002: measures numbered 1, 2, 3, 5, 6, 7 without status; then one row per indicator whose
#   ticked box says ดำเนินการแล้วเสร็จ (1–7) or อยู่ระหว่างดำเนินการ (8); 9 and 10 have no box.
# - 003: ten rows ticked ✓/√ under ดำเนินการแล้ว; the six-month tables: IIT rows done (the
#   first says "ดำเนินการแล้ว"; the third's other column is advice, "ควร…"), EIT: one result under
#   อยู่ระหว่างดำเนินการ, one row with no status, two rows with content in two status columns
#   (the scrape shifted them: not decidable); OIT rows done.
# - 004: measures numbered 1, 2, 3, 4, 6 (no 5) without status.
_D, _P, _U = "done", "in_progress", "unknown"
EXPECTED_MEASURES = {
    "000_1797b4be62800ae6": [("improvement", None, n, _D) for n in (4, 4, 4, 6, 6, 10, 10, 10)],
    "001_8921beb29c9612d0": [("measure", None, n, _U) for n in range(1, 11)],
    "002_6a4ead38d9ff2a9b": [("measure", n, None, _U) for n in (1, 2, 3, 5, 6, 7)]
    + [
        ("improvement", None, n, s)
        for n, s in zip(range(1, 11), [_D] * 7 + [_P, _U, _U], strict=True)
    ],
    "003_2db37be08ce2af76": [
        ("improvement", None, n, s)
        for n, s in zip(
            [3, 3, 3, 8, 8, 8, 8, 10, 10, 10] * 2,
            [_D] * 10 + [_D, _D, _D, _P, _U, _U, _U, _D, _D, _D],
            strict=True,
        )
    ],
    "004_a5171d321bc2f1a0": [("measure", n, None, _U) for n in (1, 2, 3, 4, 6)],
}
# Periods of sample 000's rows as (start, end), Common Era: ต.ค. ๒๕๖๕ … เม.ย. ๒๕๖๖, ม.ค. ๒๕๖๖.
EXPECTED_PERIODS_000 = [
    ("2022-10", "2022-10"),
    ("2022-10", "2023-03"),
    ("2022-10", "2023-03"),
    ("2022-10", "2022-10"),
    ("2022-10", "2022-10"),
    ("2022-10", "2022-10"),
    ("2023-04", "2023-04"),
    ("2023-01", "2023-01"),
]
