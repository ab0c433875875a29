"""The HTML report in a browser: headless Chromium (Debian's ``chromium``, installed by
scripts/install_test_tools.sh) driven by Playwright for Python, on the report of the samples
with page images (``run --report --pages``).

Inputs: the five text samples, sample 001 as a text-layer PDF and as a scan (Thai digits,
tests/fixtures/scanned), and a file that cannot be read. Checked: every page of the report
loads with no console error and no failed request, every request is a file:// URL (nothing
leaves the machine), the bundled Thai font is the one used; the overview draws a plot per
indicator; the queue lists what the documents call for (below); a text document's page
highlights the lines its values were read from; on the scan's and the PDF's pages a value's
box, once clicked, lies on the page image and shows the highlight colour in a screenshot.

What the queue must hold is read from the documents: broken.pdf cannot be read; sample 000
gives only indicators 4 and 10 and writes อำเภอกง for ตำบลเมืองคง (อำเภอคง); sample 001 states
its level ผ่าน twice and ผ่านดี once (text and PDF alike).

Skipped only when /usr/bin/chromium is missing (scripts/install_test_tools.sh installs it;
Playwright comes with the test extras, and without it these tests fail).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, SAMPLES, SAMPLES_PDF
from extract.readers.ocr import tesseract_available
from pipeline import main

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed")
# Chromium without the sandbox (root in containers) and without any of its own traffic
# (updates, sync, QUIC probes): every request recorded is the report's.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCAN = ROOT / "tests" / "fixtures" / "scanned" / "001_8921beb29c9612d0_thai.pdf"
# The colour of a clicked value's box (report.css --target).
TARGET_RGB = (255, 0, 170)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The report folder of the samples, the scan and a broken file, with page images."""
    work = tmp_path_factory.mktemp("browser")
    inputs = work / "in"
    inputs.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, inputs / path.name)
    shutil.copy(SAMPLES_PDF / "001_8921beb29c9612d0.pdf", inputs / "001_text_layer.pdf")
    shutil.copy(SCAN, inputs / "001_scan.pdf")
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a PDF at all\n")
    out = work / "out"
    status = main(["run", str(inputs), "--out", str(out), "-q", "--report", "--pages"])
    assert status == 1  # broken.pdf failed; tables and report written
    return (out / "report").resolve()


@pytest.fixture(scope="module")
def browser():
    # imported here: without chromium the module is skipped, with it Playwright must be there
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser page that records console errors, page errors and every request."""

    def __init__(self, browser) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))

    def open(self, url: str):
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return self.page

    def check_clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.failed, self.failed
        assert self.requests and all(u.startswith("file://") for u in self.requests), [
            u for u in self.requests if not u.startswith("file://")
        ]


@pytest.fixture
def visit(browser):
    visits = []

    def make() -> Visit:
        visits.append(Visit(browser))
        return visits[-1]

    yield make
    for v in visits:
        v.page.close()


def doc_url(report: Path, source_path: str) -> str:
    html = (report / "documents.html").read_text(encoding="utf-8")
    href = re.search(rf'href="(documents/[^"]+)">{re.escape(source_path)}<', html).group(1)
    return (report / href).as_uri()


def test_every_page_loads_offline_without_errors(report, visit):
    v = visit()
    pages = [report / "index.html", report / "queue.html", report / "documents.html"]
    pages += sorted((report / "documents").glob("*.html"))
    assert len(pages) == 3 + 8
    thai = 0
    for path in pages:
        page = v.open(path.as_uri())
        # where the page shows Thai, the bundled Sarabun's Thai face is loaded to draw it
        if page.evaluate("/[\\u0E01-\\u0E5B]/.test(document.body.innerText)"):
            thai += 1
            assert page.evaluate("document.fonts.check('16px Sarabun', 'ตัวชี้วัด')"), path
        faces = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        )
        assert any("Sarabun" in f for f in faces), (path, faces)
    v.check_clean()
    assert thai >= len(pages) - 1  # all but the failed document's page
    assert any(u.endswith(".woff2") for u in v.requests)
    assert any(u.endswith(".jpg") for u in v.requests)  # page images, from the report folder


def test_overview_shows_a_plot_per_indicator(report, visit):
    v = visit()
    page = v.open((report / "index.html").as_uri())
    plots = page.locator("figure.indicator-plot svg")
    assert plots.count() == 10
    for i in range(10):
        box = plots.nth(i).bounding_box()
        assert box["width"] > 150 and box["height"] > 90
        # drawn: the boxes and dots of the scores, not an empty frame
        assert plots.nth(i).locator("path").count() > 10
    captions = page.locator("figure.indicator-plot figcaption").all_inner_texts()
    assert captions[0].startswith("1. การปฏิบัติหน้าที่") and "n = " in captions[0]
    overall = page.locator("figure.overall-plot svg")
    assert overall.bounding_box()["width"] > 300
    assert page.locator("#by-status").inner_text().split() == [
        "by", "status", "ok", "6", "no_scores", "1", "failed", "1"
    ]  # fmt: skip
    v.check_clean()


def test_queue_lists_what_the_documents_call_for(report, visit):
    v = visit()
    page = v.open((report / "queue.html").as_uri())
    rows = page.locator("table.queue-table tbody tr")
    entries = [
        (rows.nth(i).get_attribute("data-code"), rows.nth(i).locator("a").inner_text())
        for i in range(rows.count())
    ]
    assert entries[0] == ("failed", "broken.pdf")
    assert ("MISSING_INDICATORS", "000_1797b4be62800ae6.txt") in entries
    assert ("DISTRICT_CORRECTED", "000_1797b4be62800ae6.txt") in entries
    assert ("LEVEL_CONFLICT", "001_8921beb29c9612d0.txt") in entries
    assert ("LEVEL_CONFLICT", "001_text_layer.pdf") in entries
    codes = [code for code, _ in entries]
    assert codes.index("MISSING_INDICATORS") < codes.index("LEVEL_CONFLICT")
    # a queue entry leads to its document's page, which names the finding
    rows.nth(codes.index("MISSING_INDICATORS")).locator("a").click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0] == doc_url(report, "000_1797b4be62800ae6.txt")
    assert "MISSING_INDICATORS" in page.locator("#findings").inner_text()
    v.check_clean()


def test_text_document_highlights_the_line_of_each_value(report, visit):
    v = visit()
    page = v.open(doc_url(report, "001_8921beb29c9612d0.txt"))
    # the indicator table's first row, as the document writes it: ๑ การปฏิบัติหน้าที่ ๙๖.๖๗
    text = page.locator(".ln .tx", has_text=re.compile(r"^\s*๑\s+การปฏิบัติหน้าที่\s+๙๖\.๖๗\s*$"))
    row = text.locator("xpath=..")
    assert row.count() == 1 and "hl" in row.get_attribute("class")
    assert page.locator(".ln.hl").count() >= 10
    label = page.locator("td.label", has_text=re.compile(r"^ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่$"))
    link = page.locator("#indicators tr").filter(has=label).locator("a")
    link.click()
    assert page.url.endswith(link.get_attribute("href"))
    assert link.get_attribute("href") == "#" + row.get_attribute("id")
    assert row.evaluate("e => e.matches(':target')")
    assert row.is_visible() and _in_viewport(page, row)
    v.check_clean()


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and -1 <= box["y"] < size["height"] and 0 <= box["x"] < size["width"]


def _highlight_shown(page, box_locator) -> None:
    """The clicked box lies on its page image and shows the highlight colour."""
    from PIL import Image

    assert box_locator.evaluate("e => e.matches(':target')")
    image = box_locator.locator("xpath=..").locator("img")
    rect, frame = box_locator.bounding_box(), image.bounding_box()
    assert rect["width"] > 5 and rect["height"] > 5
    assert frame["x"] <= rect["x"] and rect["x"] + rect["width"] <= frame["x"] + frame["width"]
    assert frame["y"] <= rect["y"] and rect["y"] + rect["height"] <= frame["y"] + frame["height"]
    shot = np.asarray(Image.open(io.BytesIO(page.screenshot(clip=rect))).convert("RGB"))
    near = int((np.abs(shot.astype(int) - TARGET_RGB).max(axis=2) <= 12).sum())
    assert near >= 20, near  # the box's border, in the highlight colour


@pytest.mark.parametrize("name", ["001_scan.pdf", "001_text_layer.pdf"])
def test_pdf_page_draws_the_box_of_a_clicked_value(report, visit, name):
    if name == "001_scan.pdf" and not tesseract_available():
        pytest.skip("tesseract-ocr-tha not installed: the scan is not read")
    v = visit()
    page = v.open(doc_url(report, name))
    assert page.locator(".pageimg img").count() >= 1
    boxes = page.locator(".pageimg a.box")
    assert boxes.count() >= 1
    # the first value with a box on a shown page: click it, its box is highlighted
    value = page.locator("tr.value.has-box").first
    link = value.locator("a")
    anchor = link.get_attribute("href")
    title = page.locator(anchor).get_attribute("title")
    assert value.locator("td.label").inner_text() in title  # the box names its value
    link.click()
    box = page.locator(anchor)
    box.scroll_into_view_if_needed()
    assert _in_viewport(page, box)
    _highlight_shown(page, box)
    assert "current" in value.get_attribute("class")  # the value beside it is marked too
    assert page.locator("tr.value.current").count() == 1
    v.check_clean()


def test_scan_page_shows_its_ten_indicators_on_the_image(report, visit):
    if not tesseract_available():
        pytest.skip("tesseract-ocr-tha not installed: the scan is not read")
    v = visit()
    page = v.open(doc_url(report, "001_scan.pdf"))
    # sample 001's ten scores stand on its two pages, both shown
    assert page.locator(".pageimg img").count() == 2
    assert page.locator(".pageimg a.box-indicator").count() == 10
    v.check_clean()
