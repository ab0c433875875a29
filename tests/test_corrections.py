"""Corrections by hand (``--corrections FILE``, ita_extract/corrections.py): applied to the
tables on every run, kept out of the state store, stale when the document changes, bad rows
refused with their row number.

Inputs are copies of the text samples; the values corrected are those the documents print
(tests/expected.py, read by hand), never the tool's output.
"""

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from expected import EXPECTED_DOCS, EXPECTED_ITEMS_001, EXPECTED_MEASURES, EXPECTED_SCORES
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


@pytest.fixture
def corpus(tmp_path):
    """The five text samples in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def doc_id(corpus: Path, stem: str) -> str:
    return sha256(corpus / f"{stem}.txt")[:16]


def write_corrections(path: Path, rows: list[list[str]], bom: bool = True) -> Path:
    """A corrections file as Excel saves 'CSV UTF-8' (BOM, CRLF)."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def run(corpus: Path, out: Path, *extra: str) -> int:
    return main(["run", str(corpus), "--out", str(out), "--workers", "1", "-q", *extra])


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


def test_a_fixed_score_a_deleted_item_and_a_changed_province(corpus, tmp_path):
    out = tmp_path / "out"
    d = doc_id(corpus, S001)
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
    assert run(corpus, out, "--corrections", str(file)) == EXIT_OK

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


def test_the_sha256_form_of_the_key_and_measures(corpus, tmp_path):
    out = tmp_path / "out"
    full = sha256(corpus / f"{S004}.txt")
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
    assert run(corpus, out, "--corrections", str(file)) == EXIT_OK
    measures = rows_of(out, "measures.csv", S004)
    assert [int(r["measure_no"]) for r in measures] == [1, 2, 3, 4]
    assert [(r["status"], r["method"]) for r in measures] == [("done", "corrected")] + [
        ("unknown", "table")
    ] * 3
    (document,) = rows_of(out, "documents.csv", S004)
    assert document["n_measures"] == "4" and document["corrected_fields"] == ""
    assert len(findings(out, "CORRECTED")) == 2


def test_a_changed_file_makes_its_corrections_stale(corpus, tmp_path):
    out = tmp_path / "out"
    old = doc_id(corpus, S001)
    out.mkdir()
    write_corrections(out / "corrections.csv", [[old, "", "indicator_scores", "4", "90.5", "", ""]])
    assert run(corpus, out) == EXIT_OK  # the default file: OUT/corrections.csv
    assert indicator(out, S001, 4)["score"] == "90.5"

    text = corpus / f"{S001}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nบรรทัดใหม่\n", encoding="utf-8")
    assert run(corpus, out) == EXIT_OK
    row = indicator(out, S001, 4)
    assert (row["score"], row["method"]) == ("98.89", "table")
    assert row["doc_id"] == doc_id(corpus, S001) != old
    assert findings(out, "CORRECTED") == []
    (stale,) = findings(out, "CORRECTION_STALE")
    assert stale["doc_id"] == old and stale["source_path"] == f"{S001}.txt"
    assert stale["severity"] == "warning" and "corrections row 2" in stale["message"]
    assert manifest(out)["corrections"]["stale"] == 1
    assert manifest(out)["corrections"]["applied"] == 0


@pytest.fixture
def write_first(tmp_path):
    def make(rows):
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        return write_corrections(out / "corrections.csv", rows)

    return make


def test_a_key_that_no_longer_exists_is_stale_and_a_missing_indicator_is_added(
    corpus, tmp_path, write_first
):
    out = tmp_path / "out"
    d000, d004 = doc_id(corpus, S000), doc_id(corpus, S004)
    assert set(EXPECTED_SCORES[S000]) == {4, 10}  # sample 000 states indicators 4 and 10 only
    write_first(
        [
            [d000, "", "item_scores", "e3/EitPublic", "50", "", ""],  # 000 has no item table
            [d000, "", "indicator_scores", "1", "", "", ""],  # nothing to delete
            [d004, "", "measures", "5", "", "", ""],  # 004 numbers 1, 2, 3, 4, 6
            [d000, "", "indicator_scores", "1", "88", "the summary page", ""],  # added
        ]
    )
    assert run(corpus, out) == EXIT_OK
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
    corpus, tmp_path, write_first, capsys
):
    out = tmp_path / "out"
    d = doc_id(corpus, S001)
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
    assert run(corpus, out) == EXIT_OK
    refused = findings(out, "CORRECTION_INVALID")
    numbers = [int(r["message"].split("row ")[1].split(" ")[0]) for r in refused]
    assert sorted(numbers) == [2, 3, 4, 5, 6, 7, 9, 10, 11]
    assert {r["severity"] for r in refused} == {"error"}
    assert {r["source_path"] for r in refused} == {""}
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
    assert manifest(out)["corrections"]["refused"] == 9
    assert "corrections row 2 refused" in capsys.readouterr().err


def test_removing_the_corrections_file_reverts_the_values(corpus, tmp_path, write_first):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    d = doc_id(corpus, S001)
    file = write_first([[d, "", "indicator_scores", "4", "90.5", "", ""]])
    assert run(corpus, out) == EXIT_OK
    assert indicator(out, S001, 4)["score"] == "90.5"
    file.unlink()
    assert run(corpus, out) == EXIT_OK
    counts = manifest(out)["counts"]
    assert (counts["extracted"], counts["unchanged"]) == (0, 5)  # the store was used
    assert manifest(out)["corrections"] is None
    assert (indicator(out, S001, 4)["score"], indicator(out, S001, 4)["method"]) == (
        "98.89",
        "table",
    )
    # the tables are those of a run that never had corrections
    assert run(corpus, fresh) == EXIT_OK
    for name in ("documents.csv", "indicator_scores.csv", "item_scores.csv", "validation.csv"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_corrections_file_that_cannot_be_used_is_a_usage_error(corpus, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit:
        run(corpus, out, "--corrections", str(tmp_path / "missing.csv"))
    assert exit.value.code == EXIT_USAGE
    cp874 = tmp_path / "cp874.csv"
    cp874.write_bytes(
        "doc_id,table,key,value\n0123456789abcdef,documents,province,ขอนแก่น\n".encode("cp874")
    )
    assert run(corpus, out, "--corrections", str(cp874)) == EXIT_USAGE
    no_header = tmp_path / "no_header.csv"
    no_header.write_text("0123456789abcdef,documents,province,x\n", encoding="utf-8")
    assert run(corpus, out, "--corrections", str(no_header)) == EXIT_USAGE
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


def test_a_correction_of_a_file_that_left_the_inputs_is_stale(corpus, tmp_path, write_first):
    out = tmp_path / "out"
    d = doc_id(corpus, S004)
    write_first([[d, "", "measures", "6", "", "", ""]])
    assert run(corpus, out) == EXIT_OK
    assert len(findings(out, "CORRECTED")) == 1
    (corpus / f"{S004}.txt").unlink()
    assert run(corpus, out) == EXIT_OK
    (stale,) = findings(out, "CORRECTION_STALE")
    # no documents.csv row has that path now: the message names it, the key stays empty
    assert (stale["doc_id"], stale["source_path"]) == (d, "")
    assert f"that content was {S004}.txt" in stale["message"]
    frictionless = pytest.importorskip("frictionless")
    assert frictionless.validate(out / "datapackage.json").valid
