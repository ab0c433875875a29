"""Make PDF versions of the scraped sample reports, the way municipalities make theirs.

Each sample's text becomes a Word document (``.docx``) with real tables, in the Thai font
Laksaman (a TH Sarabun clone, Debian ``fonts-tlwg-laksaman``), which LibreOffice then exports
to PDF. Tab-separated lines become table rows; HTML inside cells is kept as formatting;
checkboxes become ☑/☐ characters, as in Word documents.

Needs LibreOffice Writer and the font (``apt-get install libreoffice-writer
fonts-tlwg-laksaman``). The project does not need them to run or to test: the PDFs are
committed under ``data/raw/samples_pdf/``. It also writes ``tests/fixtures/encrypted.pdf``, a
password-protected PDF (password "secret") for the bad-input tests. Run from the repository
root::

    python scripts/make_sample_pdfs.py
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SAMPLES = Path("data/raw/samples")
OUT = Path("data/raw/samples_pdf")
WHICH = ("001", "002", "003")
FONT = "Laksaman"
ENCRYPTED = Path("tests/fixtures/encrypted.pdf")
# LibreOffice's PDF export options as JSON (LibreOffice ≥ 7.4).
ENCRYPT_OPTIONS = (
    '{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
)

_CHECKED = re.compile(
    r'<input[^>]*checked[^>]*type="checkbox"[^>]*/?>|<input[^>]*type="checkbox"[^>]*checked[^>]*/?>'
)
_UNCHECKED = re.compile(r'<input[^>]*type="checkbox"[^>]*/?>')
_BOLD_MD = re.compile(r"\*\*(.+?)\*\*")


def fragment(text: str) -> str:
    """A cell or line of the scraped text as HTML: keep its tags, escape bare text."""
    text = _CHECKED.sub("☑", text)
    text = _UNCHECKED.sub("☐", text)
    text = _BOLD_MD.sub(r"<b>\1</b>", text.replace("**", ""))  # unmatched ** are dropped
    if "<" not in text:
        text = html.escape(text)
    return text


def to_html(text: str) -> str:
    """The whole report as an HTML document that Writer imports as a Word-like document."""
    body: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            width = max(len(r) for r in table)
            body.append('<table border="1" cellspacing="0" cellpadding="3" width="100%">')
            for row in table:
                cells = row + [""] * (width - len(row))
                body.append("<tr>" + "".join(f"<td>{fragment(c)}</td>" for c in cells) + "</tr>")
            body.append("</table>")
            table.clear()

    for line in text.splitlines():
        if "\t" in line:
            if line.strip():
                table.append(line.split("\t"))
            continue
        flush()
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            body.append(f"<p>{fragment(stripped)}</p>")
    flush()
    style = f"body, td, p {{ font-family: '{FONT}'; font-size: 16pt; }}"
    return (
        '<html><head><meta charset="utf-8"><style>'
        + style
        + "</style></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )


def convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Run LibreOffice headless to convert ``src`` to ``fmt`` in ``outdir``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer fonts-tlwg-laksaman")
    subprocess.run(
        [soffice, "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return outdir / (src.stem + "." + fmt.split(":")[0])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for sample in sorted(SAMPLES.glob("*.txt")):
            if not sample.name.startswith(WHICH):
                continue
            page = work / (sample.stem + ".html")
            page.write_text(to_html(sample.read_text(encoding="utf-8")), encoding="utf-8")
            docx = convert(page, "docx:MS Word 2007 XML", work)
            pdf = convert(docx, "pdf:writer_pdf_Export", work)
            shutil.copy(pdf, OUT / (sample.stem + ".pdf"))
            print("wrote", OUT / (sample.stem + ".pdf"))
        page = work / "encrypted.html"
        page.write_text(to_html("รายงานการวิเคราะห์ผลการประเมิน"), encoding="utf-8")
        docx = convert(page, "docx:MS Word 2007 XML", work)
        pdf = convert(docx, "pdf:writer_pdf_Export:" + ENCRYPT_OPTIONS, work)
        ENCRYPTED.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, ENCRYPTED)
        print("wrote", ENCRYPTED)


if __name__ == "__main__":
    main()
