"""Make the PDFs that reproduce text-layer defects on purpose, for the reader tests.

- ``tests/fixtures/pua_text_layer.pdf``: the title block and indicator table of sample 001,
  whose text layer carries legacy Private Use Area code points (tone marks and upper vowels
  as U+F70A–U+F70E / U+F701–U+F704, as older Windows exports map shaped glyphs back through the
  font's cmap). Written with fpdf2 in Laksaman, whose cmap has those glyphs.
- ``tests/fixtures/garbage_text_layer.pdf``: a page whose text layer is impossible Thai (tone
  marks and vowels on Latin letters, as a font with a broken ToUnicode map gives), which must
  count as no text layer.

Needs fpdf2 and fonts-tlwg-laksaman; running and testing the project does not: the fixtures
are committed. Run from the repository root::

    python scripts/make_defect_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
OUT = Path("tests/fixtures")
# Standard mark → legacy PUA variant (the inverse of normalize.text.PUA_TO_THAI for these marks).
TO_PUA = str.maketrans(
    {
        "\u0e48": "\uf70a", "\u0e49": "\uf70b", "\u0e4a": "\uf70c", "\u0e4b": "\uf70d",
        "\u0e4c": "\uf70e", "\u0e34": "\uf701", "\u0e35": "\uf702", "\u0e36": "\uf703",
        "\u0e37": "\uf704",
    }
)  # fmt: skip
TITLE = [
    "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.๒๕๖๘",
    "องค์การบริหารส่วนตำบลกุดรัง",
    "อำเภอกุดรัง จังหวัดมหาสารคาม",
]
ROWS = [
    ("ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน"),
    ("๑", "การปฏิบัติหน้าที่", "๙๖.๖๗"),
    ("๒", "การใช้งบประมาณ", "๑๐๐.๐๐"),
    ("๓", "การใช้อำนาจ", "๑๐๐.๐๐"),
    ("๔", "การใช้ทรัพย์สินของราชการ", "๙๘.๘๙"),
    ("๕", "การแก้ไขปัญหาการทุจริต", "๑๐๐.๐๐"),
    ("๖", "คุณภาพการดำเนินงาน", "๙๗.๒๗"),
    ("๗", "ประสิทธิภาพการสื่อสาร", "๙๗.๕๘"),
    ("๘", "การปรับปรุงการทำงาน", "๙๗.๔๒"),
    ("๙", "การเปิดเผยข้อมูล", "๗๔.๐๐"),
    ("๑๐", "การป้องกันการทุจริต", "๙๐.๐๐"),
]


def pdf_with_font() -> FPDF:
    pdf = FPDF()
    pdf.add_font("Laksaman", fname=FONT)
    pdf.set_font("Laksaman", size=16)
    pdf.add_page()
    return pdf


def pua_fixture() -> None:
    pdf = pdf_with_font()
    for line in TITLE:
        pdf.cell(0, 10, line.translate(TO_PUA), new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(30, 110, 40), first_row_as_headings=False) as table:
        for row in ROWS:
            cells = table.row()
            for text in row:
                cells.cell(text.translate(TO_PUA))
    pdf.output(str(OUT / "pua_text_layer.pdf"))


def garbage_fixture() -> None:
    pdf = pdf_with_font()
    marks = "\u0e48\u0e49\u0e34\u0e35\u0e38\u0e4c"
    garbage = "".join(f"{'xyzw'[i % 4]}{marks[i % 6]}" for i in range(40))
    for _ in range(5):
        pdf.cell(0, 10, garbage, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(OUT / "garbage_text_layer.pdf"))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    pua_fixture()
    garbage_fixture()
    print("wrote", OUT / "pua_text_layer.pdf", OUT / "garbage_text_layer.pdf")
