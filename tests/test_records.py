"""Typed rows end to end: each table's declared columns are its record's fields (after the
document's keys), and a result survives the state store's JSON form unchanged."""

from __future__ import annotations

import json

import pytest

from ita_extract.records import (
    ROW_TYPES,
    DocumentRecord,
    DocumentResult,
    IndicatorRecord,
    field_names,
)
from ita_extract.tables import TABLES
from normalize.findings import Finding, UnregisteredFinding


@pytest.mark.parametrize("table", list(TABLES))
def test_each_tables_columns_are_its_records_fields(table):
    columns = [c.name for c in TABLES[table]]
    fields = list(field_names(ROW_TYPES[table]))
    keys = [] if table == "wide.csv" else ["doc_id", "source_path"]
    assert columns == keys + fields


def _result() -> DocumentResult:
    document = DocumentRecord(status="ok", org_name="เทศบาลตำบลกุดรัง", overall_score=91.76)
    indicator = IndicatorRecord(2568, 4, "การใช้ทรัพย์สินของราชการ", "Use of Government Assets",
                                "IIT", 98.89, "การใช้ทรัพย์สิน", 95.0, "table", 1, 12)  # fmt: skip
    finding = Finding("warning", "MISSING_INDICATORS", "1 of 10", None, None)
    return DocumentResult("0123456789abcdef", "a/report.pdf", document, [indicator],
                          findings=[finding])  # fmt: skip


def test_a_result_survives_the_json_of_the_state_store():
    result = _result()
    assert DocumentResult.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_rows_are_the_keys_then_the_fields_in_column_order():
    (row,) = _result().rows("indicator_scores.csv")
    assert row[:4] == ("0123456789abcdef", "a/report.pdf", 2568, 4)
    assert len(row) == len(TABLES["indicator_scores.csv"])
    (doc,) = _result().rows("documents.csv")
    assert doc[TABLES_INDEX["documents.csv"]["org_name"]] == "เทศบาลตำบลกุดรัง"


TABLES_INDEX = {t: {c.name: i for i, c in enumerate(cols)} for t, cols in TABLES.items()}


def test_results_stored_with_the_keys_in_every_row_are_read():
    old = _result().to_json()
    keys = {"doc_id": old.pop("doc_id"), "source_path": old.pop("source_path")}
    old["document"] |= keys
    old["indicators"] = [keys | r for r in old["indicators"]]
    assert DocumentResult.from_json(old) == _result()


def test_damaged_stored_rows_raise():
    damaged = _result().to_json()
    damaged["indicators"][0]["no_such_column"] = 1
    with pytest.raises(TypeError):
        DocumentResult.from_json(damaged)
    damaged = _result().to_json()
    damaged["findings"][0]["code"] = "GONE_CODE"
    with pytest.raises(UnregisteredFinding):
        DocumentResult.from_json(damaged)
