"""Direct tests of the small helpers that several modules share."""

import pytest

from extract.model import box_union


def test_box_union_holds_every_box():
    # two word boxes side by side, the second taller: the union spans both
    assert box_union([(10, 5, 20, 15), (25, 2, 40, 18)]) == (10, 2, 40, 18)
    # one box is its own union; pixels stay integers, points stay floats
    assert box_union([(1, 2, 3, 4)]) == (1, 2, 3, 4)
    assert box_union([(0.5, 1.0, 2.0, 3.5), (1.0, 0.25, 1.5, 4.0)]) == (0.5, 0.25, 2.0, 4.0)
    # a box inside another adds nothing
    assert box_union([(0, 0, 100, 100), (10, 10, 20, 20)]) == (0, 0, 100, 100)


def test_box_union_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        box_union([])


# One character of each kind of the Thai block, with what each predicate must say of it
# (from the Unicode chart of the block: U+0E01–U+0E5B assigned, U+0E3B–U+0E3E unassigned).
THAI_TABLE = [
    # char, is_thai, is_thai_word_char, is_thai_letter
    ("ก", True, True, True),  # U+0E01 first consonant
    ("ฮ", True, True, True),  # U+0E2E last consonant
    ("ฯ", True, True, False),  # U+0E2F paiyannoi: a sign, no mark stands on it
    ("ะ", True, True, True),  # U+0E30 sara a
    ("ั", True, True, True),  # U+0E31 mai han-akat, a vowel over the consonant
    ("ำ", True, True, True),  # U+0E33 sara am
    ("ฺ", True, True, True),  # U+0E3A phinthu
    ("฿", True, True, True),  # U+0E3F baht sign, inside the vowels' range
    ("เ", True, True, True),  # U+0E40 leading vowel
    ("ๅ", True, True, True),  # U+0E45 lakkhangyao
    ("ๆ", True, True, False),  # U+0E46 maiyamok
    ("่", True, True, False),  # U+0E48 mai ek, a tone mark
    ("๎", True, True, False),  # U+0E4E yamakkan, last mark
    ("๏", True, False, False),  # U+0E4F fongman
    ("๐", True, False, False),  # U+0E50 Thai digit zero
    ("๙", True, False, False),  # U+0E59 Thai digit nine
    ("๛", True, False, False),  # U+0E5B khomut, last assigned
    ("\u0e00", False, False, False),  # unassigned
    ("\u0e5c", False, False, False),  # unassigned
    ("a", False, False, False),
    ("9", False, False, False),
    (" ", False, False, False),
]


@pytest.mark.parametrize(("ch", "thai", "word", "letter"), THAI_TABLE)
def test_thai_predicates(ch, thai, word, letter):
    from normalize.text import is_thai, is_thai_letter, is_thai_word_char

    assert (is_thai(ch), is_thai_word_char(ch), is_thai_letter(ch)) == (thai, word, letter)


@pytest.mark.parametrize(("ch", "_thai", "word", "_letter"), THAI_TABLE)
def test_thai_ranges_agree_with_the_predicates(ch, _thai, word, _letter):
    """The regex ranges and the predicates are one definition: THAI_WORD_CHARS is exactly
    is_thai_word_char, THAI_CHARS is is_thai."""
    import re

    from normalize.text import THAI_CHARS, THAI_WORD_CHARS, is_thai

    assert bool(re.fullmatch(f"[{THAI_WORD_CHARS}]", ch)) == word
    assert bool(re.fullmatch(f"[{THAI_CHARS}]", ch)) == is_thai(ch)


def test_thai_letter_ranges():
    import re

    from normalize.text import (
        THAI_CONSONANTS,
        THAI_DIGIT_RANGE,
        THAI_LETTERS,
        THAI_LETTERS_AND_MARKS,
        THAI_SPACING_LETTERS,
    )

    def chars(rng: str, text: str) -> str:
        return "".join(c for c in text if re.fullmatch(f"[{rng}]", c))

    sample = "กฮฯะัาำิฺ฿เไๅๆ่์๏๐๙"
    assert chars(THAI_CONSONANTS, sample) == "กฮ"
    assert chars(THAI_DIGIT_RANGE, sample) == "๐๙"
    assert chars(THAI_LETTERS, sample) == "กฮฯะัาำิฺเไๅๆ่์"  # no ฿, ๏ or digits
    assert chars(THAI_LETTERS_AND_MARKS, sample) == "กฮะัาำิฺ฿เไๅๆ่์"  # no ฯ
    assert chars(THAI_SPACING_LETTERS, sample) == "กฮฯะาำเไๅๆ"  # nothing over or under


def _row(texts, number, page, top, bottom, ink_bottoms=None, width=100.0):
    """A row of cells ``width`` points wide from x=0, between ``top`` and ``bottom``."""
    from extract.model import Cell, Row

    cells = []
    for k, text in enumerate(texts):
        box = (width * k, top, width * (k + 1), bottom)
        ink_bottom = (ink_bottoms or [bottom - 20] * len(texts))[k]
        ink = (box[0] + 5, top + 5, box[2] - 5, ink_bottom) if text else None
        cells.append(Cell(text, box, ink))
    return Row(tuple(cells), number, (0.0, top, width * len(texts), bottom), page)


def _page(number, rows):
    from extract.model import Page, Table, box_union

    table = Table(tuple(rows), 0, box_union([r.bbox for r in rows]))
    return Page(number, "text_layer", tables=[table], blocks=[table])


def test_join_continued_tables_merges_a_row_cut_by_the_page_break():
    from extract.readers.tables import join_continued_tables

    header = ["ที่", "ตัวชี้วัด", "คะแนน"]
    first = _page(
        1,
        [
            _row(header, 1, 1, 600, 630),
            _row(["๔", "การใช้ทรัพย์สิน", "๙๘.๘๙"], 2, 1, 630, 800),
        ],
    )
    second = _page(
        2,
        [
            _row(header, 1, 2, 50, 80),  # the header repeated on the new page
            _row(["", "ของราชการ", ""], 2, 2, 80, 110),  # the rest of row ๔
            _row(["๕", "การแก้ไขปัญหาการทุจริต", "๙๐.๐๐"], 3, 2, 110, 140),
        ],
    )
    pages = [first, second]
    join_continued_tables(pages)
    assert second.tables == [] and second.blocks == []
    (table,) = first.tables
    assert table.index == 1 and first.blocks == [table]
    assert [r.texts for r in table.rows] == [
        header,
        ["๔", "การใช้ทรัพย์สิน\nของราชการ", "๙๘.๘๙"],
        ["๕", "การแก้ไขปัญหาการทุจริต", "๙๐.๐๐"],
    ]
    assert [r.page for r in table.rows] == [1, 1, 2]


def test_join_continued_tables_marks_a_row_that_may_continue_full_cells():
    from extract.readers.tables import join_continued_tables
    from extract.rows import continues_row_before

    def pages(first_cell_text, ink_bottom):
        a = _page(1, [_row(["x", "label"], 1, 1, 600, 800, [ink_bottom, ink_bottom])])
        b = _page(2, [_row([first_cell_text, "rest"], 1, 2, 50, 80)])
        join_continued_tables([a, b])
        return a.tables[0].rows

    # both cells above ran to the bottom of the row (ink ends 10 pt above it): marked
    rows = pages("ต่อ", 790)
    assert rows[1].continued and continues_row_before(rows[1])
    # a numbered row is marked by the geometry but never continues an ITA row
    rows = pages("๖", 790)
    assert rows[1].continued and not continues_row_before(rows[1])
    # the cells above ended 100 pt above the row's bottom (more than FULL_CELL_SLACK): a row
    rows = pages("ต่อ", 700)
    assert not rows[1].continued


def test_tables_of_another_layout_are_not_joined():
    from extract.readers.tables import join_continued_tables

    a = _page(1, [_row(["a", "b"], 1, 1, 600, 800)])
    # columns starting at 0, 70, 140 against 0, 100: another table
    b = _page(2, [_row(["c", "d", "e"], 1, 2, 50, 80, width=70.0)])
    join_continued_tables([a, b])
    assert [t.index for t in a.tables + b.tables] == [1, 2]


def test_ita_tools_in_order():
    from normalize.ita import TOOL_INDICATORS, TOOL_WEIGHTS, TOOLS

    assert TOOLS == ("IIT", "EIT", "OIT")
    assert tuple(TOOL_INDICATORS) == TOOLS and tuple(TOOL_WEIGHTS) == TOOLS


def test_glyph_model_is_passed_not_swapped():
    """The classifier's templates are a value passed to it: the shipped model is loaded once
    and is what no argument means; another model read from bytes changes nothing for the
    callers that do not pass it."""
    from importlib.resources import files

    import numpy as np

    from extract.readers import glyphs

    shipped = files("extract.readers").joinpath("data/glyphs.npz").read_bytes()
    default = glyphs.default_model()
    assert glyphs.default_model() is default  # loaded once
    again = glyphs.load_templates(shipped)
    assert np.array_equal(again.x, default.x) and np.array_equal(again.labels, default.labels)
    # a vertical bar: read alike with the default and with an equal model passed explicitly
    mask = np.zeros((20, 12), dtype=bool)
    mask[2:18, 5:8] = True
    assert glyphs.classify(mask) == glyphs.classify(mask, again)
    # a model of one class only reads everything as that class, and leaves the default alone
    n = glyphs.K + 1  # the classifier votes among K neighbours
    only_other = glyphs.GlyphModel(
        default.x[:n],
        default.norms[:n],
        np.array([glyphs.OTHER] * n),
        np.array([glyphs.OTHER]),
        np.array([0]),
    )
    assert glyphs.classify_many([mask], only_other)[0].label == glyphs.OTHER
    assert glyphs.default_model() is default
