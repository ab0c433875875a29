"""The HTML report (``ita-extract report OUT``, ``ita_extract.report``), without a browser:
the files it writes, what the pages hold, the review queue's order, the sources it finds.
tests/test_report_browser.py opens the report in Chromium.

Inputs: the five text samples, sample 003 as PDF, and a file that cannot be read. What the
queue must hold is read from the documents: sample 000 gives two of the ten indicators (4 and
10) and writes อำเภอกง for the district of ตำบลเมืองคง (อำเภอคง); sample 001 states its level
as ผ่าน twice and ผ่านดี once.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLES, SAMPLES_PDF
from extract.readers import read_document
from extract.readers.markup import clean_fragment
from ita_extract.report import REPORT, ReportError, build_report
from ita_extract.report.build import (
    QUEUE_PRIORITY,
    REPORTS,
    Value,
    page_name,
    pages_to_show,
    place_boxes,
    review_queue,
)
from ita_extract.report.plots import letter_bands, tier_bands
from ita_extract.report.sources import PageImage, source_lines
from normalize.findings import FINDING_TYPES
from normalize.ita import INDICATORS
from normalize.text import repair_thai
from pipeline import main, reading_options


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report") / "in"
    folder.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    shutil.copy(SAMPLES_PDF / "003_2db37be08ce2af76.pdf", folder / "003.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is no PDF\n")
    return folder


@pytest.fixture(scope="module")
def out(corpus) -> Path:
    out = corpus.parent / "out"
    status = main(["run", str(corpus), "--out", str(out), "-q", "--workers", "1", "--report"])
    assert status == 1  # broken.pdf failed; the tables and the report are written
    return out


def doc_page(out: Path, source_path: str) -> str:
    html = (out / REPORT / "documents.html").read_text(encoding="utf-8")
    href = re.search(rf'href="(documents/[^"]+)">{re.escape(source_path)}<', html).group(1)
    return (out / REPORT / href).read_text(encoding="utf-8")


def test_manifest_names_the_inputs_as_absolute_paths(out, corpus):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"] == [str(corpus.absolute())]


def test_run_report_writes_every_page_and_its_assets(out):
    report = out / REPORT
    assert report.is_symlink() and report.resolve().parent.name == REPORTS
    for name in ("index.html", "queue.html", "documents.html", "assets/report.css"):
        assert (report / name).is_file(), name
    fonts = {p.name for p in (report / "assets" / "fonts").iterdir()}
    assert {"sarabun-thai-400-normal.woff2", "sarabun-thai-700-normal.woff2", "OFL.txt"} <= fonts
    assert len(list((report / "documents").glob("*.html"))) == 7  # one per document
    assert not (report / "pages").exists()  # no page images unless asked
    for page in [*report.rglob("*.html"), report / "assets" / "report.css"]:
        html = page.read_text(encoding="utf-8")
        # nothing is fetched from elsewhere (xmlns names of the SVGs are no requests)
        assert not re.search(r"""(src|href)=["']?(https?:|//)|url\(\s*["']?(https?:|//)""", html)
        assert "<script src" not in html


def test_overview_has_a_plot_per_indicator_and_the_counts(out):
    html = (out / REPORT / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="plot indicator-plot".*?</figure>', html, re.DOTALL)
    assert len(figures) == 10 and all("<svg" in f for f in figures)
    assert '<figure class="plot wide-plot overall-plot">' in html
    assert html.count("<svg") == 12  # ten indicators, overall scores, findings
    # 7 documents: 5 ok, no_scores (sample 004: a plan that states no score), failed
    status = re.search(r'id="by-status">(.*?)</section>', html, re.DOTALL).group(1)
    cells = re.findall(r'<td class="label">(\w+)</td><td class="num">(\d+)</td>', status)
    assert cells == [("ok", "5"), ("no_scores", "1"), ("failed", "1")]
    assert "การปฏิบัติหน้าที่" in html  # Thai names in the page's text, not in the plots


def test_queue_lists_the_failed_document_first_then_findings_by_priority(out):
    html = (out / REPORT / "queue.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="sev-(\w+)( failed)?" data-code="(\w+)">(.*?)</tr>', html, re.S)
    assert rows[0][1] == " failed" and "broken.pdf" in rows[0][3]
    entries = [(code, re.search(r">([^<]+)</a>", body).group(1)) for _, _, code, body in rows]
    assert ("MISSING_INDICATORS", "000_1797b4be62800ae6.txt") in entries
    assert ("DISTRICT_CORRECTED", "000_1797b4be62800ae6.txt") in entries
    assert ("LEVEL_CONFLICT", "001_8921beb29c9612d0.txt") in entries
    codes = [code for code, _ in entries]
    assert codes.index("MISSING_INDICATORS") < codes.index("LEVEL_CONFLICT")
    assert codes.index("LEVEL_CONFLICT") < codes.index("DISTRICT_CORRECTED")  # not listed
    assert "OCR_USED" not in codes and "READ_FAILED" not in codes  # info; the failure itself
    # every entry links to its document's page, which exists
    for href in re.findall(r'href="(documents/[^"#]+)', html):
        assert (out / REPORT / href).is_file()


def test_text_document_page_highlights_the_lines_that_hold_values(out):
    html = doc_page(out, "001_8921beb29c9612d0.txt")
    lines = dict(
        re.findall(r'<div class="ln[^"]*" id="L(\d+)">.*?<span class="tx">(.*?)</span>', html)
    )
    highlighted = set(re.findall(r'<div class="ln hl" id="L(\d+)"', html))
    # the indicator table's first row, as the document writes it: ๑ การปฏิบัติหน้าที่ ๙๖.๖๗
    row = next(n for n, text in lines.items() if "การปฏิบัติหน้าที่" in text and "๙๖.๖๗" in text)
    assert row in highlighted
    # each value links to a line of the page, and that line is highlighted
    targets = re.findall(r'<a href="#L(\d+)" title="show on the source">', html)
    assert len(targets) == 10 + 61 + 10  # indicators, items, measures of sample 001
    assert set(targets) <= highlighted <= set(lines)
    assert 'class="value' in html and "LEVEL_CONFLICT" in html


def test_pdf_page_without_pages_shows_values_and_where_without_images(out):
    html = doc_page(out, "003.pdf")
    assert "<img" not in html and "--pages" in html
    assert re.search(r"p\. \d+, line \d+", html)
    failed = doc_page(out, "broken.pdf")
    assert 'class="error-box"' in failed


def test_pages_renders_the_pages_with_most_values(corpus, out):
    build_report(out, pages=True, max_pages=2)
    report = out / REPORT
    images = sorted((report / "pages").glob("*.jpg"))
    assert len(images) == 2  # the one PDF, two pages; text documents have none
    html = doc_page(out, "003.pdf")
    assert html.count('<img src="../pages/') == 2


def test_a_changed_or_missing_file_is_named_and_its_values_shown(corpus, out, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(corpus, moved)
    (moved / "000_1797b4be62800ae6.txt").unlink()
    with open(moved / "001_8921beb29c9612d0.txt", "a", encoding="utf-8") as f:
        f.write("\nแก้ไขภายหลัง\n")
    build_report(out, inputs=[moved])
    missing = doc_page(out, "000_1797b4be62800ae6.txt")
    assert "was not found" in missing and 'class="ln' not in missing
    assert "การใช้ทรัพย์สินของราชการ" in missing  # its values are shown all the same
    changed = doc_page(out, "001_8921beb29c9612d0.txt")
    assert "has changed since the run" in changed and 'class="ln' not in changed
    assert "96.67" in changed
    unchanged = doc_page(out, "002_6a4ead38d9ff2a9b.txt")  # found under --inputs
    assert 'class="ln hl"' in unchanged


def test_the_report_is_switched_at_once_and_old_builds_removed(out):
    names = []
    for _ in range(3):
        build_report(out)
        names.append(os.readlink(out / REPORT))
    builds = sorted(p.name for p in (out / ".ita-extract" / REPORTS).iterdir())
    assert len(set(names)) == 3
    assert builds == sorted(Path(n).name for n in names[1:])  # the current and the one before
    assert not list(out.glob(".report.*"))


def test_no_tables_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(ReportError):
        build_report(tmp_path)
    assert main(["report", str(tmp_path)]) == 2
    assert "no published tables" in capsys.readouterr().err
    assert not (tmp_path / REPORT).exists()


def test_text_lines_are_numbered_as_the_reader_numbers_them():
    for path in SAMPLES.glob("*.txt"):
        data = path.read_bytes()
        lines = dict(source_lines(path, data))
        doc = read_document(path, data, reading_options())
        for line in doc.pages[0].lines:
            assert line.text in clean_fragment(repair_thai(lines[line.number])), (path, line)
        for table in doc.pages[0].tables:
            for row in table.rows:
                first = next(c.text for c in row.cells if c.text)
                raw = clean_fragment(repair_thai(lines[row.number]))
                assert first.split()[0] in raw, (path, row.number)


def test_html_lines_are_the_readers_lines(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><main><h1>รายงานผล ITA</h1><p>คะแนน ๙๑.๗๖</p>"
        "<table><tr><td>การปฏิบัติหน้าที่</td><td>๙๖.๖๗</td></tr></table></main></body></html>",
        encoding="utf-8",
    )
    lines = source_lines(path, path.read_bytes())
    doc = read_document(path, path.read_bytes(), reading_options())
    numbers = {line.number for line in doc.pages[0].lines}
    numbers |= {row.number for t in doc.pages[0].tables for row in t.rows}
    assert [n for n, _ in lines] == sorted(numbers)
    assert any(text == "การปฏิบัติหน้าที่ | ๙๖.๖๗" for _, text in lines)


def test_review_queue_order():
    docs = [
        {"source_path": "b.pdf", "status": "failed", "error": "corrupt"},
        {"source_path": "a.txt", "status": "ok"},
    ]
    found = [
        {
            "source_path": "a.txt",
            "severity": "warning",
            "code": "DISTRICT_CORRECTED",
            "message": "",
            "page": None,
            "line": 3,
        },
        {
            "source_path": "a.txt",
            "severity": "warning",
            "code": "MISSING_INDICATORS",
            "message": "",
            "page": None,
            "line": None,
        },
        {
            "source_path": "a.txt",
            "severity": "error",
            "code": "OVERALL_MISMATCH",
            "message": "",
            "page": None,
            "line": None,
        },
        {
            "source_path": "a.txt",
            "severity": "warning",
            "code": "OCR_UNCONFIRMED",
            "message": "",
            "page": 1,
            "line": 2,
        },
        {
            "source_path": "a.txt",
            "severity": "info",
            "code": "OCR_UNCONFIRMED",
            "message": "",
            "page": 1,
            "line": 5,
        },
        {
            "source_path": "a.txt",
            "severity": "info",
            "code": "TEXT_REPAIRED",
            "message": "",
            "page": None,
            "line": None,
        },
        {
            "source_path": "b.pdf",
            "severity": "error",
            "code": "READ_FAILED",
            "message": "corrupt",
            "page": None,
            "line": None,
        },
    ]
    queue = review_queue(docs, found)
    assert [(e["code"], e["severity"]) for e in queue] == [
        ("failed", "error"),
        ("OVERALL_MISMATCH", "error"),
        ("OCR_UNCONFIRMED", "warning"),
        ("MISSING_INDICATORS", "warning"),
        ("DISTRICT_CORRECTED", "warning"),
        ("OCR_UNCONFIRMED", "info"),
    ]
    assert set(QUEUE_PRIORITY) <= set(FINDING_TYPES)


def test_boxes_are_placed_in_percent_of_the_page():
    values = [
        Value("v-1", "indicator", "ตัวชี้วัดที่ 1", "96.67", "table", 2, 16, (59.5, 84.2, 297.6, 126.3)),
        Value("v-2", "indicator", "ตัวชี้วัดที่ 2", "100.00", "table", 2, 17, None),
        Value("v-3", "item", "i1", "96.67", "table", 5, 3, (10.0, 10.0, 20.0, 20.0)),
    ]
    image = PageImage(2, "x-p2.jpg", 900, 1273, 595.0, 842.0)
    place_boxes(values, [image])
    assert values[0].style == "left:10.00%;top:10.00%;width:40.02%;height:5.00%"
    assert values[0].href == "#b-1"
    assert values[1].style == "" and values[2].style == ""  # no box; page not shown
    assert pages_to_show(values, 1) == [2]


def test_level_bands_come_from_the_rules():
    for bands in (letter_bands(), tier_bands()):
        edges = sorted((lo, hi) for lo, hi, _, _ in bands)
        assert edges[0][0] == 0.0 and edges[-1][1] == 100.0
        assert all(a[1] == b[0] for a, b in itertools.pairwise(edges))


def test_a_value_corrected_by_hand_is_shown_as_such(out, tmp_path):
    """Corrections (another branch) mark a value ``method = corrected`` and name the fields in
    documents.corrected_fields; the report shows both where the tables have them."""
    import pandas as pd

    copy = tmp_path / "out"
    shutil.copytree(out, copy, symlinks=True)
    current = (copy / ".ita-extract" / "current").resolve()
    path = current / "indicator_scores.csv"
    scores = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = scores.index[(scores["source_path"] == "002_6a4ead38d9ff2a9b.txt")][0]
    scores.loc[row, "method"] = "corrected"
    scores.to_csv(path, index=False, encoding="utf-8-sig")
    path = current / "documents.csv"
    documents = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    documents["corrected_fields"] = ""
    documents.loc[documents["source_path"] == "002_6a4ead38d9ff2a9b.txt", "corrected_fields"] = (
        "indicator_1"
    )
    documents.to_csv(path, index=False, encoding="utf-8-sig")
    build_report(copy)
    html = doc_page(copy, "002_6a4ead38d9ff2a9b.txt")
    assert '<span class="method m-corrected">corrected</span>' in html
    assert re.search(r"corrected by hand</th><td>indicator_1<", html)
    assert "corrected by hand" not in doc_page(copy, "003_2db37be08ce2af76.txt")


def test_a_corrections_files_rows_of_no_document_are_queued_without_a_link(corpus, tmp_path):
    """A corrections file's refused rows, and rows whose document is not among the run's,
    are validation rows of no document (or of one the tables do not hold)."""
    out = tmp_path / "out"
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        "doc_id,table,key,value\n"
        "0123456789abcdef,indicator_scores,4,88.5\n"  # no such document: stale
        "nothex,indicator_scores,4,88.5\n",  # refused
        encoding="utf-8",
    )
    args = ["run", str(corpus), "--out", str(out), "-q", "--workers", "1"]
    assert main([*args, "--corrections", str(corrections), "--report"]) == 1
    html = (out / REPORT / "queue.html").read_text(encoding="utf-8")
    codes = re.findall(r'data-code="(\w+)"', html)
    assert "CORRECTION_INVALID" in codes and "CORRECTION_STALE" in codes
    for href in re.findall(r'href="(documents/[^"#]+)', html):
        assert (out / REPORT / href).is_file()


def test_a_web_page_shows_the_readers_lines_with_the_values_highlighted(tmp_path):
    names = [i.name_th for i in INDICATORS]
    scores = [96.67, 100.0, 100.0, 98.89, 100.0, 97.27, 97.58, 97.42, 74.0, 90.0]
    rows = "".join(
        f"<tr><td>{n}</td><td>{name}</td><td>{score:.2f}</td></tr>"
        for n, (name, score) in enumerate(zip(names, scores, strict=True), start=1)
    )
    page = (
        "<html><body><main><h1>รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส "
        "ประจำปีงบประมาณ พ.ศ. 2568</h1><p>องค์การบริหารส่วนตำบลกุดรัง อำเภอกุดรัง "
        "จังหวัดมหาสารคาม</p><table><tr><th>ตัวชี้วัดที่</th><th>ตัวชี้วัด</th><th>คะแนน</th></tr>"
        f"{rows}</table></main></body></html>"
    )
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "kudrang.html").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "-q", "--workers", "1", "--report"]) == 0
    html = doc_page(out, "kudrang.html")
    targets = re.findall(r'<a href="#L(\d+)" title="show on the source">', html)
    assert len(targets) == 10
    for number, score in zip(targets, scores, strict=True):  # each value's line holds it
        line = re.search(
            rf'<div class="ln hl" id="L{number}">.*?<span class="tx">(.*?)</span>', html
        )
        assert line and f"{score:.2f}" in line.group(1)


def test_a_copy_that_followed_the_link_is_taken_over(out, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, symlinks=False)  # cp -rL: OUT/report a real folder
    assert (copy / REPORT).is_dir() and not (copy / REPORT).is_symlink()
    build_report(copy)
    assert (copy / REPORT).is_symlink() and (copy / REPORT / "index.html").is_file()
    (tmp_path / "file_out").mkdir()
    shutil.copytree(out / ".ita-extract" / "current", tmp_path / "file_out", dirs_exist_ok=True)
    (tmp_path / "file_out" / REPORT).write_text("not a folder", encoding="utf-8")
    with pytest.raises(ReportError, match="is a file"):
        build_report(tmp_path / "file_out")


def test_a_file_whose_name_the_run_escapes_is_found_and_named(tmp_path):
    """A backslash in a file name is reported as ``\\\\`` and a byte that is not UTF-8 as
    ``\\xNN`` (ita_extract.batch.inputs.display_name); the report must still find the file
    the run read under that name, show its lines and name it as the run does."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    sample = (SAMPLES / "004_a5171d321bc2f1a0.txt").read_bytes()
    (inputs / "back\\slash.txt").write_bytes(sample)
    (inputs / os.fsdecode(b"bad\xff.txt")).write_bytes(sample)
    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "-q", "--workers", "1", "--report"]) == 0
    for source_path in ("back\\\\slash.txt", "bad\\xff.txt"):
        html = doc_page(out, source_path)
        assert "was not found" not in html, source_path
        assert 'class="ln' in html, source_path
        shown = re.search(r'<td class="path">([^<]*)</td>', html).group(1)
        assert shown == str(inputs).replace("\\", "\\\\") + "/" + source_path


def test_an_interruption_while_old_builds_are_removed_keeps_a_report(out, monkeypatch):
    """Once OUT/report is switched to the new build, an interruption (Ctrl-C while the old
    builds are removed) must not remove the build OUT/report now shows."""
    build_report(out)
    build_report(out)  # two builds: the next one removes the older
    real = shutil.rmtree
    calls = []

    def interrupted(path, *args, **kwargs):
        calls.append(Path(path))
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_report(out)
    assert calls[0].parent.name == REPORTS  # interrupted while removing an old build
    assert (out / REPORT / "index.html").is_file()


def test_two_reports_of_the_same_tables_differ_only_in_their_time(out):
    """Nothing of a report is left to chance (such as the ids matplotlib gives an SVG's
    parts): two builds of the same OUT differ only in the time each was written at."""
    builds = []
    for _ in range(2):
        report = build_report(out).resolve()
        builds.append(
            {
                p.relative_to(report): re.sub(
                    rb" \xc2\xb7 report [0-9T:+-]+</span>", b"", p.read_bytes()
                )
                for p in report.rglob("*")
                if p.is_file()
            }
        )
    assert builds[0].keys() == builds[1].keys()
    differ = [str(name) for name in builds[0] if builds[0][name] != builds[1][name]]
    assert differ == []


def test_every_source_path_has_a_page_of_its_own():
    """Page names are a readable part (Latin letters, digits) and a hash: Thai names all
    have the same readable part, so two of them must not share the hash's first 32 bits, a
    coincidence to expect among some tens of thousands of documents."""
    thai_digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    seen: dict[bytes, str] = {}
    for i in itertools.count():
        name = f"รายงาน{i}.pdf".translate(thai_digits)
        key = hashlib.sha1(name.encode("utf-8")).digest()[:4]
        if key in seen:
            break
        seen[key] = name
    first, second = seen[key], name
    assert page_name(first) != page_name(second), (first, second)
    # a file system that ignores case must hold both pages too
    assert page_name("Report.pdf").lower() != page_name("report.pdf").lower()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_of_an_older_version_without_boxes_or_methods(corpus, tmp_path, fmt):
    """Tables written before 0.3.0 have no x0, y0, x1, y1, method or corrected_fields: the
    report of such an OUT, CSV or Parquet, shows the values without boxes or methods."""
    import pandas as pd

    out = tmp_path / "out"
    args = ["run", str(corpus), "--out", str(out), "-q", "--workers", "1", "--format", fmt]
    assert main(args) == 1
    newer = {"x0", "y0", "x1", "y1", "method", "corrected_fields"}
    for path in (out / ".ita-extract" / "current").glob(f"*.{fmt}"):
        if fmt == "csv":
            df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            df.drop(columns=newer & set(df.columns)).to_csv(path, index=False)
        else:
            df = pd.read_parquet(path)
            df.drop(columns=newer & set(df.columns)).to_parquet(path)
    build_report(out)
    html = doc_page(out, "001_8921beb29c9612d0.txt")
    assert "96.67" in html and 'class="method' not in html
