"""Readers: encodings, markup, HTML, PDFs, and bad input as clear ReadErrors."""

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.model import Table
from extract.readers import ReadError, read_document
from extract.readers.markup import html_to_text
from extract.readers.ocr import tesseract_available

ROW = "๔\tการใช้ทรัพย์สินของราชการ\t๙๘.๘๙"
TEXT = "รายงานการวิเคราะห์ผลการประเมิน\n\nตัวชี้วัดที่\tรายละเอียด\tคะแนน\n" + ROW + "\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp874", b""), ("tis-620", b"")],
)
def test_text_encodings_are_detected(tmp_path, encoding, prefix):
    path = tmp_path / "report.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    doc = read_document(path)
    page = doc.pages[0]
    assert page.lines[0].text == "รายงานการวิเคราะห์ผลการประเมิน"
    assert page.tables[0].rows[1].texts == ["๔", "การใช้ทรัพย์สินของราชการ", "๙๘.๘๙"]
    assert page.tables[0].rows[1].number == 4  # line in the file


def test_legacy_encoding_is_noted(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode("cp874"))
    assert read_document(path).notes[0].code == "ENCODING_DETECTED"


def test_tables_end_at_blank_lines_and_skip_empty_rows():
    from extract.readers.text import parse_text

    page = parse_text("a\tb\n\t\t\nc\td\n\ne\tf\n")
    assert [len(t.rows) for t in page.tables] == [2, 1]
    assert isinstance(page.blocks[0], Table)


def test_markup_in_cells_becomes_text_with_checkboxes():
    cell = (
        '<ul style="list-style-type: none"> -องค์การบริหาร -มีผังขั้นตอน '
        '<input checked="" type="checkbox"/> ดำเนินการแล้วเสร็จ '
        '<input type="checkbox"/> ยังไม่ได้ดำเนินการ</ul>'
    )
    assert html_to_text(cell) == "-องค์การบริหาร -มีผังขั้นตอน ☑ ดำเนินการแล้วเสร็จ ☐ ยังไม่ได้ดำเนินการ"
    assert html_to_text("<p>๑.ติดตาม</p> <p>๒.เจ้าหน้าที่</p>") == "๑.ติดตาม\n๒.เจ้าหน้าที่"
    assert html_to_text("<b>IIT ๑ การปฏิบัติหน้าที่</b>") == "IIT ๑ การปฏิบัติหน้าที่"


def test_markdown_emphasis_is_removed(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("## **ผลการประเมิน**\n**องค์การบริหารส่วนตำบลกุดรัง**  \n", encoding="utf-8")
    lines = [x.text for x in read_document(path).pages[0].lines]
    assert lines == ["ผลการประเมิน", "องค์การบริหารส่วนตำบลกุดรัง"]


def test_html_reader(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(
        "<html><body><h1>รายงานการวิเคราะห์ผลการประเมิน</h1><p>ก่อนตาราง</p>"
        "<table><tr><th>ตัวชี้วัดที่</th><th>รายละเอียด</th><th>คะแนน</th></tr>"
        "<tr><td>๔</td><td>การใช้ทรัพย์สิน<br>ของราชการ</td><td>๙๘.๘๙</td></tr></table>"
        "<p>หลังตาราง</p></body></html>",
        encoding="utf-8",
    )
    page = read_document(path).pages[0]
    assert [x.text for x in page.lines] == ["รายงานการวิเคราะห์ผลการประเมิน", "ก่อนตาราง", "หลังตาราง"]
    assert page.tables[0].rows[1].texts == ["๔", "การใช้ทรัพย์สิน\nของราชการ", "๙๘.๘๙"]
    assert [type(b).__name__ for b in page.blocks] == ["Line", "Line", "Table", "Line"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", bytes(range(256)) * 8, "cannot decode"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
        ("README", b"hello", "unsupported file type '(no extension)'"),
        ("corrupt.pdf", b"%PDF-1.7\n this is not a pdf", "cannot open PDF"),
        ("empty.pdf", b"", "empty file"),
    ],
)
def test_bad_input_is_a_clear_read_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError, match=re.escape(message)):
        read_document(path)


def blank_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages carry no text at all, like an image-only scan."""
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    pdf.save(str(path))
    return path


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    if tesseract_available():
        doc = read_document(blank_pdf(tmp_path / "scan.pdf"))
        assert doc.text_source == "ocr" and [(n.code, n.message) for n in doc.notes] == [
            ("OCR_USED", "pages read by OCR: 1, 2")
        ]
    else:
        with pytest.raises(ReadError, match=r"no text layer.*OCR is needed.*tesseract-ocr-tha"):
            read_document(blank_pdf(tmp_path / "scan.pdf"))


def test_pdf_reader_gives_thai_right_and_joins_wrapped_cells():
    from conftest import SAMPLES_PDF

    doc = read_document(SAMPLES_PDF / "001_8921beb29c9612d0.pdf")
    first = doc.pages[0]
    assert first.lines[3].text == "องค์การบริหารส่วนตำบลกุดรัง"  # title block, as printed
    assert first.lines[4].text == "อำเภอกุดรัง จังหวัดมหาสารคาม"
    rows = [r.texts for r in first.tables[0].rows]
    assert rows[0][:3] == ["ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน"]
    assert rows[4][:3] == ["๔", "การใช้ทรัพย์สินของ\nราชการ", "๙๘.๘๙"]
    # the table continues on page 2 and is joined into one: 10 indicator rows + 2 summary rows
    assert len(rows) == 13
    assert rows[5][0] == "๕" and first.tables[0].rows[5].page == 2


def test_encrypted_pdf_says_a_password_is_needed():
    from conftest import ROOT

    with pytest.raises(ReadError, match="encrypted PDF: a password is needed"):
        read_document(ROOT / "tests" / "fixtures" / "encrypted.pdf")


def test_pdf_with_some_blank_pages_notes_them(tmp_path):
    from conftest import SAMPLES_PDF

    src = pdfium.PdfDocument(str(SAMPLES_PDF / "002_6a4ead38d9ff2a9b.pdf"))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(src, [0])
    mixed.new_page(595, 842)
    mixed.save(str(tmp_path / "mixed.pdf"))
    doc = read_document(tmp_path / "mixed.pdf")
    assert doc.n_pages == 2
    if tesseract_available():
        assert [(n.code, n.message) for n in doc.notes] == [("OCR_USED", "pages read by OCR: 2")]
        assert doc.text_source == "mixed"
    else:
        assert [(n.code, n.message) for n in doc.notes] == [
            ("PAGES_WITHOUT_TEXT", "pages without a text layer (not read): 2")
        ]


def test_text_quality_tells_garbage_from_damage():
    from extract.readers.pdf import text_quality

    clean = text_quality("ผลการประเมินคุณธรรมและความโปร่งใส " * 5)
    assert not clean.unusable and not clean.repairs
    damaged = text_quality("การใช้อํานาจ ตัวชี ้วัด ผลการประเมินคุณธรรมและความโปร่งใส")
    assert not damaged.unusable and damaged.repairs == {"sara_am": 1, "space_before_mark": 1}
    assert text_quality("x\u0e48y\u0e49z\u0e34w\u0e35" * 10).unusable  # marks on no letter
    assert text_quality("\ufffd" * 30 + "ผลการประเมิน").unusable  # replacement characters
    assert text_quality("\ue010\ue011" * 20 + "ผลการประเมิน").unusable  # unknown PUA


def test_pua_text_layer_is_repaired_and_counted():
    """Fixture: sample 001's title block and indicator table with tone marks and upper vowels
    as legacy PUA code points (scripts/make_defect_fixtures.py)."""
    from conftest import ROOT

    doc = read_document(ROOT / "tests" / "fixtures" / "pua_text_layer.pdf")
    page = doc.pages[0]
    assert page.lines[1].text == "องค์การบริหารส่วนตำบลกุดรัง"
    assert page.tables[0].rows[4].texts == ["๔", "การใช้ทรัพย์สินของราชการ", "๙๘.๘๙"]
    assert not any("\uf700" <= ch <= "\uf71a" for line in page.lines for ch in line.text)
    assert [(n.code, n.message) for n in doc.notes] == [("TEXT_REPAIRED", "page 1: pua 36")]


def test_garbage_text_layer_counts_as_none(tmp_path):
    from conftest import ROOT

    path = ROOT / "tests" / "fixtures" / "garbage_text_layer.pdf"
    if tesseract_available():
        doc = read_document(path)
        assert doc.text_source == "ocr"
        assert {n.code for n in doc.notes} == {"TEXT_LAYER_UNUSABLE", "OCR_USED"}
    else:
        with pytest.raises(ReadError, match=r"no usable text layer \(garbage on pages 1 .*OCR"):
            read_document(path)
