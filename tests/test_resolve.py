"""The resolver's rules, one by one, on candidates built by hand (no document needed): range,
majority, table before prose, text layer before OCR, the year rule, the most frequent
document-level value, and the checks of ITA's arithmetic. Expected values follow from the
rules as the modules' docstrings state them (ita_extract/resolve/*.py)."""

from __future__ import annotations

import pytest

from extract.candidates import FieldCandidate, IndicatorCandidate, Provenance
from extract.items import ItemCandidate
from ita_extract.resolve.checks import check_document, check_item_means
from ita_extract.resolve.choose import choose_indicators, choose_items, of_year, pick
from normalize.findings import Finding

TABLE = Provenance(page=1, line=5, method="table")
PROSE = Provenance(page=1, line=20, method="prose")
OCR_TABLE = Provenance(page=2, line=5, method="table")  # page 2 is read by OCR below


def ind(number: int, score: float, where: Provenance = TABLE, year: int | None = None):
    return IndicatorCandidate(number, score, "label", f"{score:.2f}", 100.0, where, year)


def item(code: str, score: float, group: str | None = None, where: Provenance = TABLE):
    return ItemCandidate("IIT", 1, code, int(code[1:]), group, "text", score, code, where)


def codes(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.code) for f in findings]


def test_a_score_outside_0_to_100_is_dropped_with_an_error():
    findings: list[Finding] = []
    chosen = choose_indicators([ind(4, 105.0), ind(4, 98.89)], frozenset(), findings)
    assert chosen[4].score == 98.89
    assert codes(findings) == [("error", "SCORE_OUT_OF_RANGE")]
    assert "105" in findings[0].message and findings[0].line == 5


def test_disagreeing_table_values_keep_a_strict_majority_with_an_error():
    findings: list[Finding] = []
    chosen = choose_indicators([ind(2, 90.0), ind(2, 80.0), ind(2, 90.0)], frozenset(), findings)
    assert chosen[2].score == 90.0
    assert codes(findings) == [("error", "INDICATOR_CONFLICT")]
    assert "kept 90" in findings[0].message


def test_without_a_strict_majority_no_value_is_written():
    findings: list[Finding] = []
    chosen = choose_indicators([ind(2, 90.0), ind(2, 80.0)], frozenset(), findings)
    assert 2 not in chosen
    assert codes(findings) == [("error", "INDICATOR_CONFLICT")]
    assert "no value written" in findings[0].message


def test_the_table_beats_prose_and_the_prose_is_a_warning():
    findings: list[Finding] = []
    chosen = choose_indicators([ind(7, 85.5, PROSE), ind(7, 88.0)], frozenset(), findings)
    assert chosen[7].score == 88.0 and chosen[7].where.method == "table"
    assert codes(findings) == [("warning", "INDICATOR_CONFLICT")]
    assert findings[0].line == PROSE.line


def test_prose_alone_follows_the_majority_rule():
    findings: list[Finding] = []
    cands = [ind(9, 70.0, PROSE), ind(9, 71.0, PROSE)]
    assert choose_indicators(cands, frozenset(), findings) == {}
    assert codes(findings) == [("error", "INDICATOR_CONFLICT")]


def test_ocr_never_overrides_the_text_layer():
    findings: list[Finding] = []
    cands = [
        ind(1, 80.0, OCR_TABLE),
        ind(1, 80.0, OCR_TABLE),
        ind(1, 90.0),
        ind(3, 75.0, OCR_TABLE),
    ]
    chosen = choose_indicators(cands, frozenset({2}), findings)
    assert chosen[1].score == 90.0  # one text-layer reading beats two OCR readings
    assert chosen[3].score == 75.0  # read by OCR only: chosen among the OCR readings
    assert findings == []


def test_scores_of_another_year_are_dropped_with_an_info():
    findings: list[Finding] = []
    cands = [ind(1, 90.0, year=2567), ind(1, 80.0, year=2568), ind(2, 85.0)]
    kept = of_year(cands, 2568, "indicator scores", findings)
    assert [c.score for c in kept] == [80.0, 85.0]
    assert codes(findings) == [("info", "OTHER_YEAR_SCORES")] and "2567" in findings[0].message


def test_without_an_assessment_year_one_tagged_year_is_kept_and_two_are_not():
    assert len(of_year([ind(1, 90.0, year=2567), ind(2, 85.0)], None, "x", [])) == 2
    findings: list[Finding] = []
    two_years = [ind(1, 90.0, year=2567), ind(1, 80.0, year=2568)]
    assert of_year(two_years, None, "x", findings) == []
    assert codes(findings) == [("info", "OTHER_YEAR_SCORES")]


def overall(value: float, line: int) -> FieldCandidate:
    return FieldCandidate("overall_score", value, str(value), Provenance(1, line, "prose"))


def test_a_field_takes_its_most_frequent_value_and_names_the_others():
    findings: list[Finding] = []
    value = pick([overall(81.0, 1), overall(80.0, 2), overall(80.0, 3)], "OVERALL_CONFLICT",
                 "warning", findings)  # fmt: skip
    assert value == 80.0
    assert codes(findings) == [("warning", "OVERALL_CONFLICT")] and findings[0].line == 2


def test_a_tie_keeps_the_earliest_value():
    assert pick([overall(81.0, 1), overall(80.0, 2)], "OVERALL_CONFLICT", "warning", []) == 81.0
    assert pick([], "OVERALL_CONFLICT", "warning", []) is None


def written(choices) -> list:
    return [c.record for c in choices if c.record is not None]


def test_items_follow_the_majority_rule_per_code_and_group():
    cands = [item("i1", 90.0), item("i1", 90.0), item("i1", 70.0), item("i2", 60.0),
             item("i2", 61.0), item("i3", 101.0)]  # fmt: skip
    choices = choose_items(cands, 2568, frozenset())
    assert [(r.item_code, r.score, r.indicator_no) for r in written(choices)] == [("i1", 90.0, 1)]
    assert [codes(c.findings) for c in choices] == [
        [("error", "ITEM_CONFLICT")],  # i1: kept 90, the majority
        [("error", "ITEM_CONFLICT")],  # i2: no majority, no value
        [("error", "SCORE_OUT_OF_RANGE")],  # i3
    ]


def test_an_items_text_layer_reading_beats_its_ocr_readings_which_are_the_fallback():
    cands = [item("i1", 80.0), item("i1", 90.0, where=OCR_TABLE), item("i1", 90.0, where=OCR_TABLE),
             item("i2", 190.0), item("i2", 70.0, where=OCR_TABLE)]  # fmt: skip
    choices = choose_items(cands, 2568, frozenset({2}))
    assert [(r.item_code, r.score, r.page) for r in written(choices)] == [
        ("i1", 80.0, 1),  # one text-layer reading beats two OCR readings
        ("i2", 70.0, 2),  # the text layer's only reading is out of range: OCR's is used
    ]
    assert [(c.from_ocr, codes(c.findings)) for c in choices] == [
        (False, []),
        (False, [("error", "SCORE_OUT_OF_RANGE")]),
        (True, []),
    ]


def test_ocr_items_whose_indicator_is_not_confirmed_are_withheld_with_their_doubts():
    from extract.metadata import MetadataCandidates
    from ita_extract.resolve import OcrEvidence, resolve

    indicator = ind(1, 85.0, OCR_TABLE)  # read by OCR, nothing else confirms it
    ocr_items = [item("i1", 90.0, where=OCR_TABLE), item("i2", 70.0, where=OCR_TABLE),
                 item("i2", 71.0, where=OCR_TABLE)]  # fmt: skip
    got = resolve(MetadataCandidates(), [indicator], ocr_items, [], [], OcrEvidence(frozenset({2})))
    assert got.items == [] and got.indicators == []
    assert "ITEM_CONFLICT" not in {f.code for f in got.findings}  # i2's doubt is withheld too
    assert "1 item scores read by OCR not written" in " ".join(f.message for f in got.findings)
    # the same items, their mean 80.0 giving an OCR indicator of 80.0: confirmed and written
    agreeing = [ind(1, 80.0, OCR_TABLE), item("i1", 90.0, where=OCR_TABLE),
                item("i2", 70.0, where=OCR_TABLE)]  # fmt: skip
    got = resolve(MetadataCandidates(), agreeing[:1], agreeing[1:], [], [],
                  OcrEvidence(frozenset({2})))  # fmt: skip
    assert [(r.indicator_no, r.method) for r in got.indicators] == [(1, "ocr+items")]
    assert [r.item_code for r in got.items] == ["i1", "i2"]


def test_the_ten_must_give_the_stated_overall_within_0_01():
    scores = {n: 90.0 for n in range(1, 11)}
    findings: list[Finding] = []
    check_document(scores, 90.01, 90.0, None, None, 2568, findings)
    assert findings == []  # 0.01 exactly is within the tolerance
    check_document(scores, 90.02, 90.0, None, None, 2568, findings)
    assert codes(findings) == [("error", "OVERALL_MISMATCH")]


@pytest.mark.parametrize(
    ("scores", "stated", "year", "expected"),
    [
        ({1: 90.0, 2: 80.0}, None, 2568, [("warning", "MISSING_INDICATORS")]),
        ({1: 90.0}, None, None, [("warning", "MISSING_INDICATORS"),
                                 ("warning", "ASSESSMENT_YEAR_UNKNOWN")]),
        ({}, 120.0, 2568, [("error", "SCORE_OUT_OF_RANGE")]),
        ({}, None, None, []),
    ],
)  # fmt: skip
def test_document_checks(scores, stated, year, expected):
    findings: list[Finding] = []
    check_document(scores, stated, None, None, None, year, findings)
    assert codes(findings) == expected


def test_a_stated_level_the_years_rules_do_not_give_is_a_warning():
    findings: list[Finding] = []
    # 2565 letter bands: 80.0 is B, not AA
    check_document({}, 80.0, None, "AA", "B", 2565, findings)
    assert codes(findings) == [("warning", "LEVEL_MISMATCH")]


def test_an_iit_indicator_must_be_the_mean_of_its_items():
    records = written(choose_items([item("i1", 90.0), item("i2", 80.0)], 2568, frozenset()))
    findings: list[Finding] = []
    check_item_means(records, {1: 85.0}, findings)
    assert findings == []
    check_item_means(records, {1: 85.02}, findings)
    assert codes(findings) == [("warning", "ITEM_MEAN_MISMATCH")]
