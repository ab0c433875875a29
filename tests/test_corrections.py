"""Corrections by hand (``--corrections FILE``, ita_extract/corrections.py): applied to the
tables on every run, kept out of the state store, stale when the document changes, bad rows
refused with their row number.

Inputs are copies of the text samples; the values corrected are those the documents print
(tests/expected.py, read by hand), never the tool's output.
"""

import csv
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from expected import (
    EXPECTED_DOCS,
    EXPECTED_ITEMS_001,
    EXPECTED_MEASURES,
    EXPECTED_PERIODS_000,
    EXPECTED_SCORES,
)
from ita_extract.batch.inputs import InputFile
from ita_extract.corrections import (
    CorrectionsError,
    apply_corrections,
    load_corrections,
)
from pipeline import EXIT_OK, EXIT_USAGE, main, process_file
from tests_support import read_csv

S001, S000, S004 = "001_8921beb29c9612d0", "000_1797b4be62800ae6", "004_a5171d321bc2f1a0"
HEADER = ["doc_id", "sha256", "table", "key", "value", "reason", "author"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def doc_id(texts: Path, stem: str) -> str:
    return sha256(texts / f"{stem}.txt")[:16]


def write_corrections(path: Path, rows: list[list[str]], bom: bool = True) -> Path:
    """A corrections file as Excel saves 'CSV UTF-8' (BOM, CRLF)."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def run(texts: Path, out: Path, *extra: str) -> int:
    return main(["run", str(texts), "--out", str(out), "--workers", "1", "-q", *extra])


def rows_of(out: Path, table: str, stem: str) -> list[dict[str, str]]:
    return [r for r in read_csv(out / table) if r["source_path"] == f"{stem}.txt"]


def findings(out: Path, code: str) -> list[dict[str, str]]:
    return [r for r in read_csv(out / "validation.csv") if r["code"] == code]


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def indicator(out: Path, stem: str, number: int) -> dict[str, str]:
    (row,) = [
        r for r in rows_of(out, "indicator_scores.csv", stem) if r["indicator_no"] == str(number)
    ]
    return row


def test_a_fixed_score_a_deleted_item_and_a_changed_province(texts, tmp_path):
    out = tmp_path / "out"
    d = doc_id(texts, S001)
    assert EXPECTED_SCORES[S001][4] == 98.89  # printed "๔ การใช้ทรัพย์สินของราชการ ๙๘.๘๙"
    assert EXPECTED_ITEMS_001[("e3", "EitPublic")] == 100  # "e๓ … ๑๐๐.๐๐" under EitPublic
    assert EXPECTED_DOCS[S001][3] == "มหาสารคาม"
    file = write_corrections(
        tmp_path / "fixes.csv",
        [
            [d, "", "indicator_scores", "4", "๙๐.๕๐", "misread", "nok"],
            [d, "", "item_scores", "e3/EitPublic", "", "not asked that year", "nok"],
            [d, "", "documents", "province", "ขอนแก่น", "moved", "nok"],
        ],
    )
    assert run(texts, out, "--corrections", str(file)) == EXIT_OK

    fixed = indicator(out, S001, 4)
    assert (fixed["score"], fixed["method"]) == ("90.5", "corrected")
    assert indicator(out, S001, 1)["method"] == "table"  # the others as read
    items = rows_of(out, "item_scores.csv", S001)
    keys = {(r["item_code"], r["respondent_group"]) for r in items}
    assert ("e3", "EitPublic") not in keys and ("e3", "EitSurvey") in keys
    assert len(items) == len(EXPECTED_ITEMS_001) - 1
    assert {r["method"] for r in items} == {"table"}
    (document,) = rows_of(out, "documents.csv", S001)
    assert document["province"] == "ขอนแก่น" and document["province_en"] == "Khon Kaen"
    assert document["district"] == "กุดรัง" and document["district_code"] == ""  # not in ขอนแก่น
    assert document["corrected_fields"] == "province"
    assert document["n_items"] == str(len(EXPECTED_ITEMS_001) - 1)
    (wide,) = [r for r in read_csv(out / "wide.csv") if r["doc_id"] == d]
    assert (wide["ind_4"], wide["province"]) == ("90.5", "ขอนแก่น")

    corrected = findings(out, "CORRECTED")
    assert len(corrected) == 3 and {r["doc_id"] for r in corrected} == {d}
    messages = " | ".join(r["message"] for r in corrected)
    assert "indicator_scores 4 (corrections row 2): 98.89 → 90.5" in messages
    assert "reason: misread; author: nok" in messages
    assert "item_scores e3/EitPublic (corrections row 3): 100 → deleted" in messages
    assert "documents province (corrections row 4): มหาสารคาม → ขอนแก่น" in messages
    own = [r for r in read_csv(out / "validation.csv") if r["doc_id"] == d]
    assert document["n_findings"] == str(len(own))
    assert manifest(out)["corrections"] | {"sha256": None} == {
        "file": str(file),
        "sha256": None,
        "rows": 3,
        "applied": 3,
        "stale": 0,
        "refused": 0,
    }


def test_the_sha256_form_of_the_key_and_measures(texts, tmp_path):
    out = tmp_path / "out"
    full = sha256(texts / f"{S004}.txt")
    numbers = [no for _, no, _, _ in EXPECTED_MEASURES[S004]]
    assert numbers == [1, 2, 3, 4, 6]
    file = write_corrections(
        tmp_path / "fixes.csv",
        [
            ["", full, "measures", "6", "", "a duplicate", ""],
            [full[:16], full, "measures", "1/status", "done", "", ""],
        ],
        bom=False,
    )
    assert run(texts, out, "--corrections", str(file)) == EXIT_OK
    measures = rows_of(out, "measures.csv", S004)
    assert [int(r["measure_no"]) for r in measures] == [1, 2, 3, 4]
    assert [(r["status"], r["method"]) for r in measures] == [("done", "corrected")] + [
        ("unknown", "table")
    ] * 3
    (document,) = rows_of(out, "documents.csv", S004)
    assert document["n_measures"] == "4" and document["corrected_fields"] == ""
    assert len(findings(out, "CORRECTED")) == 2


def test_a_changed_file_makes_its_corrections_stale(texts, tmp_path):
    out = tmp_path / "out"
    old = doc_id(texts, S001)
    out.mkdir()
    write_corrections(out / "corrections.csv", [[old, "", "indicator_scores", "4", "90.5", "", ""]])
    assert run(texts, out) == EXIT_OK  # the default file: OUT/corrections.csv
    assert indicator(out, S001, 4)["score"] == "90.5"

    text = texts / f"{S001}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nบรรทัดใหม่\n", encoding="utf-8")
    assert run(texts, out) == EXIT_OK
    row = indicator(out, S001, 4)
    assert (row["score"], row["method"]) == ("98.89", "table")
    assert row["doc_id"] == doc_id(texts, S001) != old
    assert findings(out, "CORRECTED") == []
    (stale,) = findings(out, "CORRECTION_STALE")
    # the correction's doc_id, no file: the run does not know which file had that content
    assert stale["doc_id"] == old and stale["source_path"] == ""
    assert stale["severity"] == "warning" and "corrections row 2" in stale["message"]
    assert "not among this run's documents" in stale["message"]
    assert manifest(out)["corrections"]["stale"] == 1
    assert manifest(out)["corrections"]["applied"] == 0
    # deterministic: the same inputs and corrections give the same tables on the next run
    # (the state store's memory of earlier runs is not used)
    before = (out / "validation.csv").read_bytes()
    assert run(texts, out) == EXIT_OK
    assert (out / "validation.csv").read_bytes() == before


@pytest.fixture
def write_first(tmp_path):
    def make(rows):
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        return write_corrections(out / "corrections.csv", rows)

    return make


def test_a_key_that_no_longer_exists_is_stale_and_a_missing_indicator_is_added(
    texts, tmp_path, write_first
):
    out = tmp_path / "out"
    d000, d004 = doc_id(texts, S000), doc_id(texts, S004)
    assert set(EXPECTED_SCORES[S000]) == {4, 10}  # sample 000 states indicators 4 and 10 only
    write_first(
        [
            [d000, "", "item_scores", "e3/EitPublic", "50", "", ""],  # 000 has no item table
            [d000, "", "indicator_scores", "1", "", "", ""],  # nothing to delete
            [d004, "", "measures", "5", "", "", ""],  # 004 numbers 1, 2, 3, 4, 6
            [d000, "", "indicator_scores", "1", "88", "the summary page", ""],  # added
        ]
    )
    assert run(texts, out) == EXIT_OK
    stale = findings(out, "CORRECTION_STALE")
    assert sorted((r["doc_id"], r["source_path"]) for r in stale) == sorted(
        [(d000, f"{S000}.txt")] * 2 + [(d004, f"{S004}.txt")]
    )
    assert sorted(int(r["message"].split("row ")[1].split(")")[0]) for r in stale) == [2, 3, 4]
    added = indicator(out, S000, 1)
    assert float(added["score"]) == 88 and added["method"] == "corrected"
    assert added["page"] == added["line"] == ""  # read nowhere
    assert added["indicator_name"] == "การปฏิบัติหน้าที่" and added["tool"] == "IIT"
    (document,) = rows_of(out, "documents.csv", S000)
    assert document["n_indicators"] == "3"
    own = [r for r in read_csv(out / "validation.csv") if r["doc_id"] == d000]
    assert document["n_findings"] == str(len(own))
    counts = manifest(out)["corrections"]
    assert (counts["applied"], counts["stale"], counts["refused"]) == (1, 3, 0)


def test_bad_rows_are_refused_with_their_row_number_and_the_run_goes_on(
    texts, tmp_path, write_first, capsys
):
    out = tmp_path / "out"
    d = doc_id(texts, S001)
    write_first(
        [
            [d, "", "scores", "4", "90", "", ""],  # row 2: unknown table
            [d, "", "indicator_scores", "4", "ninety", "", ""],  # 3: not a number
            [d, "", "indicator_scores", "4", "120", "", ""],  # 4: out of range
            [d, "", "documents", "extractor_version", "9", "", ""],  # 5: not a field to fix
            [d, "", "item_scores", "e3-EitPublic", "50", "", ""],  # 6: not an item key
            ["", "", "indicator_scores", "4", "90", "", ""],  # 7: no document
            [d, "", "indicator_scores", "2", "99.5", "", ""],  # 8: good
            [d, "", "measures", "3", "done", "", ""],  # 9: a value without a column
            [d, "", "documents", "report_year_be", "2024", "", ""],  # 10: not a BE year
            [d, "", "measures", "3/status", "finished", "", ""],  # 11: not a status
            [],  # 12: blank, skipped
            [d, "", "documents", "overall_score", "๙๒.๐๐", "", ""],  # 13: good
        ]
    )
    assert run(texts, out) == EXIT_OK
    refused = findings(out, "CORRECTION_INVALID")
    numbers = [int(r["message"].split("row ")[1].split(" ")[0]) for r in refused]
    assert sorted(numbers) == [2, 3, 4, 5, 6, 7, 9, 10, 11]
    assert {r["severity"] for r in refused} == {"error"}
    # a row of a document of the run is that document's finding: filtering the document
    # shows it, and it counts in the document's n_findings; row 7 names no document
    paths = {n: r["source_path"] for n, r in zip(numbers, refused, strict=True)}
    assert paths == {n: f"{S001}.txt" for n in (2, 3, 4, 5, 6, 9, 10, 11)} | {7: ""}
    why = {n: r["message"] for n, r in zip(numbers, refused, strict=True)}
    assert "unknown table 'scores'" in why[2]
    assert "not a score" in why[3] and "outside 0–100" in why[4]
    assert "not a documents field" in why[5] and "not an item code" in why[6]
    assert "neither doc_id nor sha256" in why[7] and "needs a column" in why[9]
    assert "3/title, 3/status" in why[9]
    assert indicator(out, S001, 2)["score"] == "99.5"
    (document,) = rows_of(out, "documents.csv", S001)
    assert (
        float(document["overall_score"]) == 92 and document["corrected_fields"] == "overall_score"
    )
    own = [r for r in read_csv(out / "validation.csv") if r["doc_id"] == d]
    assert document["n_findings"] == str(len(own))
    assert manifest(out)["corrections"]["refused"] == 9
    assert "corrections row 2 refused" in capsys.readouterr().err


def test_removing_the_corrections_file_reverts_the_values(texts, tmp_path, write_first):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    d = doc_id(texts, S001)
    file = write_first([[d, "", "indicator_scores", "4", "90.5", "", ""]])
    assert run(texts, out) == EXIT_OK
    assert indicator(out, S001, 4)["score"] == "90.5"
    file.unlink()
    assert run(texts, out) == EXIT_OK
    counts = manifest(out)["counts"]
    assert (counts["extracted"], counts["unchanged"]) == (0, 5)  # the store was used
    assert manifest(out)["corrections"] is None
    assert (indicator(out, S001, 4)["score"], indicator(out, S001, 4)["method"]) == (
        "98.89",
        "table",
    )
    # the tables are those of a run that never had corrections
    assert run(texts, fresh) == EXIT_OK
    for name in ("documents.csv", "indicator_scores.csv", "item_scores.csv", "validation.csv"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_corrections_file_that_cannot_be_used_is_a_usage_error(texts, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit:
        run(texts, out, "--corrections", str(tmp_path / "missing.csv"))
    assert exit.value.code == EXIT_USAGE
    cp874 = tmp_path / "cp874.csv"
    cp874.write_bytes(
        "doc_id,table,key,value\n0123456789abcdef,documents,province,ขอนแก่น\n".encode("cp874")
    )
    assert run(texts, out, "--corrections", str(cp874)) == EXIT_USAGE
    no_header = tmp_path / "no_header.csv"
    no_header.write_text("0123456789abcdef,documents,province,x\n", encoding="utf-8")
    assert run(texts, out, "--corrections", str(no_header)) == EXIT_USAGE
    assert not (out / "documents.csv").exists()  # nothing was run


def test_load_reads_bom_or_not_and_thai_digits(tmp_path):
    rows = [["0123456789ABCDEF", "", "Item_Scores", "E๓/eitpublic", "๙๐", "", ""]]
    for bom in (True, False):
        (c,), refused = load_corrections(write_corrections(tmp_path / "c.csv", rows, bom=bom))
        assert refused == []
        assert (c.row, c.doc_id, c.table, c.key, c.target, c.value) == (
            2,
            "0123456789abcdef",
            "item_scores",
            "e3/EitPublic",
            ("e3", "EitPublic"),
            90.0,
        )
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert load_corrections(empty) == ([], [])
    with pytest.raises(CorrectionsError, match="not found"):
        load_corrections(tmp_path / "nothing.csv")


def test_apply_is_pure(tmp_path):
    result = process_file(InputFile(SAMPLES / f"{S001}.txt", f"{S001}.txt"))
    before = json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True)
    file = write_corrections(
        tmp_path / "c.csv",
        [
            [result.doc_id, "", "indicator_scores", "4", "90.5", "", ""],
            [result.doc_id, "", "item_scores", "i4", "", "", ""],
            [result.doc_id, "", "documents", "org_type", "other", "", ""],
        ],
    )
    corrections, refused = load_corrections(file)
    applied = apply_corrections([result], corrections)
    assert (applied.applied, applied.stale, refused) == (3, 0, [])
    assert json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True) == before
    (new,) = applied.results
    assert new.document.org_type == "other" and result.document.org_type == "sao"
    assert len(new.items) == len(result.items) - 1


def test_the_readme_example_is_a_valid_corrections_file(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Corrections", 1)[1].split("```csv\n", 1)[1].split("```", 1)[0]
    file = tmp_path / "corrections.csv"
    file.write_text(example, encoding="utf-8")
    corrections, refused = load_corrections(file)
    assert refused == [] and len(corrections) == 5
    assert [c.value for c in corrections][:3] == [98.89, None, "มหาสารคาม"]


def test_a_correction_of_a_file_that_left_the_inputs_is_stale(texts, tmp_path, write_first):
    out = tmp_path / "out"
    d = doc_id(texts, S004)
    write_first([[d, "", "measures", "6", "", "", ""]])
    assert run(texts, out) == EXIT_OK
    assert len(findings(out, "CORRECTED")) == 1
    (texts / f"{S004}.txt").unlink()
    assert run(texts, out) == EXIT_OK
    (stale,) = findings(out, "CORRECTION_STALE")
    assert (stale["doc_id"], stale["source_path"]) == (d, "")
    assert "not among this run's documents" in stale["message"]
    frictionless = pytest.importorskip("frictionless")
    assert frictionless.validate(out / "datapackage.json").valid


# Sample 000 is a text file whose eight improvement rows have no number; each starts on the
# file's line given here (read in the file: line 13 "ขั้นตอนการขออนุญาตเพื่อยืมทรัพย์สิน…",
# line 14 "การรับรู้แนวปฏิบัติ…", 15, then 23, 24 under indicator 6 and 32–34 under 10).
LINES_000 = [13, 14, 15, 23, 24, 32, 33, 34]


def test_measures_without_a_number_are_keyed_by_where_they_stand(texts, tmp_path, write_first):
    out = tmp_path / "out"
    d = doc_id(texts, S000)
    assert [no for _, no, _, _ in EXPECTED_MEASURES[S000]] == [None] * 8
    write_first(
        [
            [d, "", "measures", "line 14", "", "a duplicate", ""],  # row 2: deleted
            [d, "", "measures", "Line ๑๓/Status", "in_progress", "", ""],  # 3
            [d, "", "measures", "page 1 line 15/status", "done", "", ""],  # 4: no pages
            [d, "", "measures", "1/status", "done", "", ""],  # 5: no numbers
            [d, "", "measures", "line 16/status", "done", "", ""],  # 6: no row there
        ]
    )
    assert run(texts, out) == EXIT_OK
    measures = rows_of(out, "measures.csv", S000)
    assert [int(r["line"]) for r in measures] == [n for n in LINES_000 if n != 14]
    first = measures[0]
    assert (first["status"], first["method"]) == ("in_progress", "corrected")
    (document,) = rows_of(out, "documents.csv", S000)
    assert document["n_measures"] == "7"
    corrected = " | ".join(r["message"] for r in findings(out, "CORRECTED"))
    assert "measures line 14 (corrections row 2)" in corrected
    assert "measures line 13/status (corrections row 3): done → in_progress" in corrected
    stale = {
        r["message"].split("row ")[1].split(")")[0]: r for r in findings(out, "CORRECTION_STALE")
    }
    assert set(stale) == {"4", "5", "6"}
    assert "a text file has no pages: write line L" in stale["4"]["message"]
    assert "keyed by where they stand" in stale["5"]["message"]
    assert "no measure starts at line 16" in stale["6"]["message"]


def test_a_measure_number_that_names_several_rows_says_which_key_singles_one_out(tmp_path):
    result = process_file(InputFile(SAMPLES / f"{S004}.txt", f"{S004}.txt"))
    first, second = result.measures[:2]
    twice = [first, replace(second, measure_no=first.measure_no), *result.measures[2:]]
    result = replace(result, measures=twice)
    file = write_corrections(
        tmp_path / "c.csv",
        [
            [result.doc_id, "", "measures", f"{first.measure_no}/status", "done", "", ""],
            [result.doc_id, "", "measures", f"line {second.line}/status", "done", "", ""],
        ],
    )
    corrections, _ = load_corrections(file)
    applied = apply_corrections([result], corrections)
    assert (applied.applied, applied.stale) == (1, 1)
    (stale,) = [f for f in applied.results[0].findings if f.code == "CORRECTION_STALE"]
    assert f"key one by where it stands (line {first.line}, line {second.line})" in stale.message
    statuses = [m.status for m in applied.results[0].measures]
    assert statuses[1] == "done" and statuses[0] == first.status


def test_load_reads_the_measure_key_forms(tmp_path):
    rows = [
        ["0123456789abcdef", "", "measures", "Page ๓  Line 14/Status", "done", "", ""],
        ["0123456789abcdef", "", "measures", "line 40", "", "", ""],
        ["0123456789abcdef", "", "measures", "3/title", "x", "", ""],
        ["0123456789abcdef", "", "measures", "line 40", "done", "", ""],  # needs a column
        ["0123456789abcdef", "", "measures", "page 0 line 4", "", "", ""],  # no page 0
    ]
    corrections, refused = load_corrections(write_corrections(tmp_path / "c.csv", rows))
    assert [(c.key, c.target) for c in corrections] == [
        ("page 3 line 14/status", (("at", 3, 14), "status")),
        ("line 40", (("at", None, 40), None)),
        ("3/title", (("no", 3), "title")),
    ]
    assert ["row 5" in n.finding.message for n in refused] == [True, False]


def test_a_corrected_year_reaches_the_score_rows_and_wide(texts, tmp_path, write_first):
    out = tmp_path / "out"
    d, d2 = doc_id(texts, S001), doc_id(texts, S000)
    assert EXPECTED_DOCS[S001][6] == 2568 and EXPECTED_DOCS[S000][6] == 2565
    write_first(
        [
            [d, "", "documents", "assessment_year_be", "๒๕๖๗", "the table's year", ""],
            [d2, "", "documents", "assessment_year_be", "", "not stated", ""],
        ]
    )
    assert run(texts, out) == EXIT_OK
    indicators = rows_of(out, "indicator_scores.csv", S001)
    items = rows_of(out, "item_scores.csv", S001)
    assert {r["assessment_year_be"] for r in indicators + items} == {"2567"}
    assert {r["method"] for r in indicators + items} == {"table"}  # the scores as read
    assert len(indicators) == 10 and len(items) == len(EXPECTED_ITEMS_001)
    (document,) = rows_of(out, "documents.csv", S001)
    (wide,) = [r for r in read_csv(out / "wide.csv") if r["doc_id"] == d]
    assert wide["assessment_year_be"] == "2567"
    assert wide["level_computed"] == document["level_computed"]
    assert float(wide["ind_4"]) == EXPECTED_SCORES[S001][4]
    (message,) = [r["message"] for r in findings(out, "CORRECTED") if r["doc_id"] == d]
    assert "2568 → 2567" in message
    assert f"the year of 10 indicator and {len(EXPECTED_ITEMS_001)} item rows" in message
    # a deleted year empties it on the rows too
    assert {r["assessment_year_be"] for r in rows_of(out, "indicator_scores.csv", S000)} == {""}
    (wide,) = [r for r in read_csv(out / "wide.csv") if r["doc_id"] == d2]
    assert wide["assessment_year_be"] == ""


def test_the_corrections_file_is_never_an_input(texts, tmp_path):
    d = doc_id(texts, S001)
    inside = write_corrections(
        texts / "fixes.csv", [[d, "", "indicator_scores", "4", "90.5", "", ""]]
    )
    out = tmp_path / "out"
    assert run(texts, out, "--corrections", str(inside)) == EXIT_OK
    assert len(read_csv(out / "documents.csv")) == 5
    assert indicator(out, S001, 4)["score"] == "90.5"
    # named as an INPUT too: the inputs without it
    out2 = tmp_path / "out2"
    args = ["run", str(texts / f"{S001}.txt"), str(inside), "--out", str(out2), "-q"]
    assert main([*args, "--workers", "1", "--corrections", str(inside)]) == EXIT_OK
    assert [r["source_path"] for r in read_csv(out2 / "documents.csv")] == [f"{S001}.txt"]
    # the only INPUT: nothing to read, as for an empty folder
    out3 = tmp_path / "out3"
    args = ["run", str(inside), "--out", str(out3), "-q", "--corrections", str(inside)]
    assert main(args) == EXIT_OK
    assert read_csv(out3 / "documents.csv") == []
    # the default OUT/corrections.csv as a link to the file in the input folder
    out4 = tmp_path / "out4"
    out4.mkdir()
    (out4 / "corrections.csv").symlink_to(inside)
    assert run(texts, out4) == EXIT_OK
    assert len(read_csv(out4 / "documents.csv")) == 5
    assert manifest(out4)["corrections"]["applied"] == 1


def test_a_corrected_place_is_checked_as_an_extracted_one(texts, tmp_path, write_first):
    out = tmp_path / "out"
    d1, d0 = doc_id(texts, S001), doc_id(texts, S000)
    assert EXPECTED_DOCS[S001][2:4] == ("กุดรัง", "มหาสารคาม")
    write_first(
        [
            # กุดรัง is a district of มหาสารคาม, not of ขอนแก่น (gazetteer)
            [d1, "", "documents", "province", "จังหวัดขอนแก่น", "", ""],
            # a misspelt province, as a misspelt extracted one is corrected
            [d0, "", "documents", "province", "นครราชสมา", "", ""],
            [d0, "", "documents", "district", "อำเภอคง", "", ""],
        ]
    )
    assert run(texts, out) == EXIT_OK
    (one,) = rows_of(out, "documents.csv", S001)
    assert (one["province"], one["province_code"], one["province_en"]) == (
        "ขอนแก่น",
        "40",
        "Khon Kaen",
    )
    assert (one["district"], one["district_code"]) == ("กุดรัง", "")
    own = [r for r in read_csv(out / "validation.csv") if r["doc_id"] == d1]
    unknown = [r for r in own if r["code"] == "DISTRICT_UNKNOWN"]
    assert len(unknown) == 1 and "ขอนแก่น" in unknown[0]["message"]
    assert one["n_findings"] == str(len(own))
    (done,) = [r["message"] for r in own if r["code"] == "CORRECTED"]
    assert done.endswith("มหาสารคาม → ขอนแก่น")  # the name without its prefix
    (zero,) = rows_of(out, "documents.csv", S000)
    assert (zero["province"], zero["province_code"]) == ("นครราชสีมา", "30")
    assert zero["district"] == "คง" and zero["district_code"] != ""
    codes = [r["code"] for r in read_csv(out / "validation.csv") if r["doc_id"] == d0]
    assert "PROVINCE_CORRECTED" in codes


def test_measure_values_pass_the_checks_of_extracted_ones(texts, tmp_path, write_first, capsys):
    out = tmp_path / "out"
    d = doc_id(texts, S000)
    # line 14's row: ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖ (2022-10 … 2023-03), indicator 4 (IIT); line 23's
    # row stands under indicator 6 (EIT)
    assert EXPECTED_PERIODS_000[1] == ("2022-10", "2023-03")
    write_first(
        [
            [d, "", "measures", "line 13/period_end", "2567-10", "", ""],  # 2: BE year
            [d, "", "measures", "line 14/period_start", "2023-06", "", ""],  # 3: after end
            [d, "", "measures", "line 13/indicator_no", "10", "", ""],  # 4: tool follows
            [d, "", "measures", "line 23/tool", "IIT", "", ""],  # 5: not indicator 6's
            [d, "", "measures", "line 15/period_end", "1900-01", "", ""],  # 6: out of range
        ]
    )
    assert run(texts, out) == EXIT_OK
    refused = {
        int(r["message"].split("row ")[1].split(" ")[0]): r
        for r in findings(out, "CORRECTION_INVALID")
    }
    assert set(refused) == {2, 3, 5, 6}
    assert "write 2024-10" in refused[2]["message"]
    assert "2023-06 would follow period_end 2023-03" in refused[3]["message"]
    assert "indicator 6 is of tool EIT" in refused[5]["message"]
    assert {refused[n]["source_path"] for n in (3, 5)} == {f"{S000}.txt"}
    measures = {int(r["line"]): r for r in rows_of(out, "measures.csv", S000)}
    assert (measures[13]["indicator_no"], measures[13]["tool"]) == ("10", "OIT")
    assert measures[14]["period_start"] == "2022-10" and measures[23]["tool"] == "EIT"
    assert manifest(out)["corrections"]["refused"] == 4


def test_item_keys_as_the_item_reader_reads_them_and_groups_named(texts, tmp_path, write_first):
    out = tmp_path / "out"
    d = doc_id(texts, S001)
    write_first(
        [
            [d, "", "item_scores", "i 4", "50", "", ""],  # the code with a space
            [d, "", "item_scores", "e3", "50", "", ""],  # e3 stands under two groups
        ]
    )
    assert run(texts, out) == EXIT_OK
    (i4,) = [r for r in rows_of(out, "item_scores.csv", S001) if r["item_code"] == "i4"]
    assert (float(i4["score"]), i4["method"]) == (50, "corrected")
    (stale,) = findings(out, "CORRECTION_STALE")
    assert "e3/EitPublic, e3/EitSurvey" in stale["message"]


def test_the_later_of_two_rows_on_one_key_wins_and_the_earlier_is_reported(
    texts, tmp_path, write_first
):
    out = tmp_path / "out"
    d = doc_id(texts, S001)
    write_first(
        [
            [d, "", "indicator_scores", "4", "90", "", ""],
            [d, "", "indicator_scores", "4", "95", "", ""],
        ]
    )
    assert run(texts, out) == EXIT_OK
    assert float(indicator(out, S001, 4)["score"]) == 95
    (stale,) = findings(out, "CORRECTION_STALE")
    assert "corrections row 2" in stale["message"] and "row 3 sets the same key" in stale["message"]
    (applied,) = findings(out, "CORRECTED")
    assert "98.89 → 95" in applied["message"]  # the value extracted, as printed


def test_the_corrections_file_is_read_once_and_its_hash_is_of_those_bytes(
    texts, tmp_path, write_first, monkeypatch
):
    out = tmp_path / "out"
    file = write_first([[doc_id(texts, S001), "", "indicator_scores", "4", "90.5", "", ""]])
    reads = []
    read_bytes = Path.read_bytes

    def counting(self):
        if self == file:
            reads.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    assert run(texts, out) == EXIT_OK
    assert len(reads) == 1
    assert manifest(out)["corrections"]["sha256"] == sha256(file)


def test_a_semicolon_separated_file_is_named_in_the_error(tmp_path):
    file = tmp_path / "c.csv"
    file.write_text("doc_id;table;key;value\n0123456789abcdef;documents;province;x\n")
    with pytest.raises(CorrectionsError, match="separated by ';'"):
        load_corrections(file)
