"""Screenshots of the HTML report for the README (docs/img/report-*.png).

Runs ita-extract on the samples (data/raw: the five text samples and the three sample PDFs)
and one scan (tests/fixtures/scanned/001…_thai.pdf) into a temporary folder, with
``--report --pages``, and photographs the overview, the review queue and the scan's page with
a value clicked, in headless Chromium (Debian's ``chromium``; Playwright for Python).

    python scripts/make_report_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

# Chromium as the browser test runs it (no sandbox, none of its own traffic), and its scan.
from test_report_browser import CHROMIUM, CHROMIUM_ARGS, SCAN  # noqa: E402

from pipeline import main  # noqa: E402

IMG = ROOT / "docs" / "img"


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="ita-shots-") as tmp:
        work = Path(tmp)
        raw = work / "raw"
        shutil.copytree(ROOT / "data" / "raw", raw)
        scans = raw / "scans"
        scans.mkdir()
        shutil.copy(SCAN, scans / SCAN.name)
        out = work / "out"
        main(["run", str(raw), "--out", str(out), "-q", "--report", "--pages"])
        report = (out / "report").resolve()
        documents = (report / "documents.html").read_text(encoding="utf-8")
        start = documents.index('href="documents/scans_001')
        page_href = documents[start + 6 : documents.index('"', start + 6)]
        IMG.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto((report / "index.html").as_uri())
            page.locator("#indicators").scroll_into_view_if_needed()
            page.evaluate("window.scrollTo(0, document.querySelector('#indicators').offsetTop - 8)")
            page.screenshot(path=IMG / "report-overview.png")
            page.goto((report / "queue.html").as_uri())
            page.screenshot(path=IMG / "report-queue.png")
            page.goto((report / page_href).as_uri())
            page.locator("tr.value.has-box a").nth(6).click()
            page.screenshot(path=IMG / "report-document.png")
            browser.close()
    for name in ("overview", "queue", "document"):
        path = IMG / f"report-{name}.png"
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    run()
