"""Writers: the output tables' declared schemas, and atomic, deterministic CSV writing.

The schemas below are the single source of the column order, the dtypes and the data
dictionary (``docs/data-dictionary.md`` is generated from them by
``python scripts/make_data_dictionary.py``; a test keeps the two equal).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ita_extract.records import (
    DocumentRecord,
    DocumentResult,
    WideRecord,
    field_names,
)
from normalize.findings import FINDING_TYPES, Finding
from normalize.ita import INDICATOR_BY_NUMBER


@dataclass(frozen=True, slots=True)
class Column:
    """One column: name, pandas dtype, meaning (with unit), allowed values, an example."""

    name: str
    dtype: str  # "string", "Int64" or "Float64" (pandas nullable dtypes)
    meaning: str
    allowed: str
    example: str


PROVENANCE_NOTE = "Missing values are empty cells."

# Allowed values of columns that a person may also set (``ita_extract.corrections``): one
# source for the data dictionary and the checks of a corrections file.
REPORT_TYPES: tuple[str, ...] = (
    "analysis",
    "measures_plan",
    "measures_result",
    "progress_6m",
    "multi_agency",
    "other",
)
MEASURE_STATUSES: tuple[str, ...] = ("done", "in_progress", "not_started", "unknown")
TABLE_KINDS: tuple[str, ...] = ("measure", "improvement")

# Columns that several tables share: the document key, and where a value was read.
DOC_KEY: tuple[Column, ...] = (
    Column(
        "doc_id", "string", "Document key (documents.csv).", "16 hex digits", "8921beb29c9612d0"
    ),
    Column("source_path", "string", "As in documents.csv.", "any", "samples/001.txt"),
)
ASSESSMENT_YEAR = Column(
    "assessment_year_be",
    "Int64",
    "Assessment year of the score, Buddhist Era.",
    "2500–2599",
    "2568",
)
WHERE: tuple[Column, ...] = (
    Column("page", "Int64", "1-based page; empty for text files.", "≥ 1", "1"),
    Column("line", "Int64", "1-based line on that page (PDF), or in the file (text).", "≥ 1", "21"),
)
_BOX_MEANING = (
    "the box the value was read from, in PDF points from the page's top-left corner (72 pt = "
    "1 inch; scanned pages too, whose OCR boxes are converted from pixels to the page's "
    "points): the score's cell or, without one, its table row or prose line; empty for text "
    "and web pages. Draw it on the page rendered at s pixels per point as the rectangle "
    "(x0·s, y0·s)–(x1·s, y1·s)."
)
BOX: tuple[Column, ...] = (
    Column("x0", "Float64", f"Left edge of {_BOX_MEANING}", "0 – page width", "321.45"),
    Column("y0", "Float64", "Top edge of the box (see x0).", "0 – page height", "402.1"),
    Column("x1", "Float64", "Right edge of the box (see x0).", "> x0", "360.02"),
    Column("y1", "Float64", "Bottom edge of the box (see x0).", "> y0", "418.33"),
)

DOCUMENTS: tuple[Column, ...] = (
    Column(
        "doc_id",
        "string",
        "First 16 hex digits of the SHA-256 of the file's bytes; empty for a file whose bytes "
        "could not be read (status failed).",
        "16 lower-case hex digits",
        "8921beb29c9612d0",
    ),
    Column(
        "source_path",
        "string",
        "Path of the file relative to the INPUT it was found under "
        "(the file name when the INPUT is a file); POSIX separators; bytes of the name that "
        "are not UTF-8 written as `\\xNN`, a backslash as `\\\\`. Unique: two inputs with the same "
        "path are refused.",
        "any",
        "samples/001.txt",
    ),
    Column(
        "file_type",
        "string",
        "File extension, lower case, without the dot.",
        "pdf, txt, md, html, htm, or the unknown extension of a failed file",
        "pdf",
    ),
    Column(
        "n_pages", "Int64", "Pages read (1 for text files); empty when reading failed.", "≥ 1", "26"
    ),
    Column(
        "text_source",
        "string",
        "Where the text came from.",
        "text_layer, ocr, mixed, plain_text; empty when reading failed",
        "text_layer",
    ),
    Column(
        "status",
        "string",
        "ok: indicator or overall scores found; no_scores: read, but "
        "no score stated; failed: not read (see error).",
        "ok, no_scores, failed",
        "ok",
    ),
    Column(
        "error",
        "string",
        "Why the file failed; empty otherwise.",
        "free text",
        "encrypted PDF: a password is needed to open it",
    ),
    Column(
        "org_name",
        "string",
        "Canonical full name of the organisation as its title block "
        "states it (abbreviations expanded).",
        "Thai text",
        "องค์การบริหารส่วนตำบลกุดรัง",
    ),
    Column(
        "org_type",
        "string",
        "Kind of organisation, from its name; other for an agency of another kind than a "
        "local government (office, department, university, public organisation) named on a "
        "line of its own in the title block.",
        "sao (อบต.), subdistrict_municipality (ทต.), town_municipality (ทม.), "
        "city_municipality (ทน.), pao (อบจ.), other",
        "sao",
    ),
    Column(
        "district",
        "string",
        "District (อำเภอ), official name from the geothai gazetteer "
        "without the word อำเภอ; misspellings corrected (finding DISTRICT_CORRECTED).",
        "a district of the province",
        "กุดรัง",
    ),
    Column(
        "district_en",
        "string",
        "English name of the district (geothai); empty when the district is not in the gazetteer.",
        "the gazetteer's English district names",
        "Kut Rang",
    ),
    Column(
        "district_code",
        "string",
        "Official code of the district (DOPA, 4 digits: province code + 2; geothai); empty when "
        "the district is not in the gazetteer.",
        "4 digits",
        "4412",
    ),
    Column(
        "province",
        "string",
        "Province (จังหวัด), official name without the word จังหวัด.",
        "one of the 77 provinces",
        "มหาสารคาม",
    ),
    Column(
        "province_en",
        "string",
        "English name of the province (geothai); empty when the province is not in the gazetteer.",
        "the gazetteer's English province names",
        "Maha Sarakham",
    ),
    Column(
        "province_code",
        "string",
        "Official code of the province (DOPA, 2 digits; geothai); empty when the province is "
        "not in the gazetteer.",
        "2 digits",
        "44",
    ),
    Column(
        "report_type",
        "string",
        "Kind of report, from the title (a memo, บันทึกข้อความ, is other); multi_agency when "
        "the document gives scores beside three or more agencies (finding MULTI_AGENCY).",
        ", ".join(REPORT_TYPES),
        "analysis",
    ),
    Column(
        "report_year_be",
        "Int64",
        "Fiscal year of the report as the title states it (ปีงบประมาณ/ปี [พ.ศ.] YYYY ending its "
        "line or followed by a bracket or รอบ; a sentence's year in the title block is not "
        "the report's), Buddhist Era.",
        "2500–2599",
        "2568",
    ),
    Column(
        "assessment_year_be",
        "Int64",
        "ITA assessment year that the scores belong to "
        "(often the year before the report's), Buddhist Era; empty for a document that is no "
        "ITA report (report_type other, a memo forwarding one included) and states no score. "
        "Scores a document gives another year (a previous-year column, a comparison "
        "sentence) are not written (finding OTHER_YEAR_SCORES).",
        "2500–2599",
        "2567",
    ),
    Column(
        "overall_score",
        "Float64",
        "Overall ITA score as the document states it, 0–100.",
        "0–100",
        "91.76",
    ),
    Column(
        "overall_score_computed",
        "Float64",
        "0.3 × mean(indicators 1–5) + 0.3 × mean(6–8) "
        "+ 0.4 × mean(9–10), when all ten indicator scores are present; 0–100, 2 decimals.",
        "0–100",
        "91.76",
    ),
    Column(
        "stated_level",
        "string",
        "Level the document states for the overall result (the "
        "most frequent statement; others are a LEVEL_CONFLICT finding).",
        "AA, A, B, C, D, E, F, ผ่านดีเยี่ยม, ผ่านดี, ผ่าน, ผ่านเกณฑ์, ไม่ผ่าน, ไม่ผ่านเกณฑ์, "
        "ต้องปรับปรุง, ต้องปรับปรุงโดยด่วน",
        "ผ่าน",
    ),
    Column(
        "level_computed",
        "string",
        "Level that the assessment year's rules give for the "
        "overall score (stated, else computed): letters for 2562–2566, tiers for 2567–2568; "
        "empty when the year has no known rules or the tool means are needed but missing.",
        "AA … F, ผ่านดีเยี่ยม, ผ่านดี, ผ่าน, ต้องปรับปรุง, ต้องปรับปรุงโดยด่วน",
        "ผ่าน",
    ),
    Column(
        "n_indicators",
        "Int64",
        "Number of indicator scores written to indicator_scores.csv for this document.",
        "0–10",
        "10",
    ),
    Column(
        "n_items",
        "Int64",
        "Number of item scores written to item_scores.csv for this document.",
        "≥ 0",
        "61",
    ),
    Column(
        "n_measures",
        "Int64",
        "Number of rows written to measures.csv for this document.",
        "≥ 0",
        "16",
    ),
    Column(
        "corrected_fields",
        "string",
        "The fields of this row that a corrections file set (`--corrections`; finding "
        'CORRECTED), in column order, joined by ";"; empty when none.',
        "names of documents.csv columns",
        "province;overall_score",
    ),
    Column(
        "n_findings",
        "Int64",
        "Number of rows for this document (its doc_id and source_path) in validation.csv.",
        "≥ 0",
        "3",
    ),
    Column(
        "extractor_version",
        "string",
        "Version of ita-extract that wrote the row.",
        "a version string",
        "0.2.0",
    ),
)

INDICATOR_SCORES: tuple[Column, ...] = (
    *DOC_KEY,
    ASSESSMENT_YEAR,
    Column("indicator_no", "Int64", "Canonical indicator number.", "1–10", "4"),
    Column(
        "indicator_name",
        "string",
        "Canonical Thai name of the indicator.",
        "the ten names of normalize/ita.py",
        "การใช้ทรัพย์สินของราชการ",
    ),
    Column(
        "indicator_name_en",
        "string",
        "English name (PSU report for NACC, 2564).",
        "the ten names of normalize/ita.py",
        "Use of state property",
    ),
    Column(
        "tool",
        "string",
        "Assessment tool of the indicator: IIT 1–5, EIT 6–8, OIT 9–10.",
        "IIT, EIT, OIT",
        "IIT",
    ),
    Column("score", "Float64", "Indicator score, 0–100.", "0–100", "98.89"),
    Column(
        "raw_label",
        "string",
        "The label as found in the document.",
        "Thai text",
        "การใช้ทรัพย์สินของราชการ",
    ),
    Column(
        "match_score",
        "Float64",
        "Similarity of raw_label to the canonical name "
        "(rapidfuzz ratio, without white space), 0–100.",
        "60–100",
        "100.0",
    ),
    Column(
        "method",
        "string",
        "Where the value was read: a table row, or a sentence; for a value read by OCR, what "
        "confirmed it: all ten and the stated overall agree (ocr+overall), its items' mean "
        "(ocr+items), the same value read at two independent places of the document "
        "(ocr+restated), or its number read alike by two independent readings of the image, "
        "sure of every digit (ocr+two_reads); corrected: set by a corrections file "
        "(`--corrections`, finding CORRECTED).",
        "table, prose, ocr+overall, ocr+items, ocr+restated, ocr+two_reads, corrected",
        "table",
    ),
    *WHERE,
    *BOX,
)

ITEM_SCORES: tuple[Column, ...] = (
    *DOC_KEY,
    ASSESSMENT_YEAR,
    Column("tool", "string", "Tool of the item.", "IIT, EIT, OIT", "EIT"),
    Column(
        "indicator_no",
        "Int64",
        "Indicator the item belongs to: from the section heading "
        "it stands under, else the year's item map; empty when neither is known.",
        "1–10",
        "6",
    ),
    Column(
        "item_code",
        "string",
        "Item code, lower case, repaired from the table's tool and running order.",
        "i1…, e1…, o1…",
        "e1",
    ),
    Column(
        "respondent_group",
        "string",
        "EIT respondent group; empty for IIT and OIT.",
        "EitPublic, EitSurvey, empty",
        "EitSurvey",
    ),
    Column(
        "item_text",
        "string",
        "The question or disclosure item as written.",
        "Thai text",
        "เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ท่าน เป็นไปตามขั้นตอนและระยะเวลา",
    ),
    Column("score", "Float64", "Item score, 0–100 (OIT items score 100 or 0).", "0–100", "91.82"),
    Column("raw_code", "string", "The code cell as found.", "any", "e๑"),
    Column(
        "method",
        "string",
        "Where the value was read: a table row; for an item read by OCR, its indicator's "
        "score confirms it (ocr+items, the mean of its items); corrected: set by a "
        "corrections file (`--corrections`, finding CORRECTED).",
        "table, ocr+items, corrected",
        "table",
    ),
    *WHERE,
    *BOX,
)

MEASURES: tuple[Column, ...] = (
    *DOC_KEY,
    Column(
        "table_kind",
        "string",
        "measure: a มาตรการ/โครงการ/กิจกรรม table; improvement: a "
        "table of weaknesses (ประเด็นที่เป็นข้อบกพร่อง, ตัวชี้วัด) and the ways to address them "
        "(แนวทาง…).",
        ", ".join(TABLE_KINDS),
        "measure",
    ),
    Column(
        "measure_no",
        "Int64",
        "The measure's number as the document numbers it (from a "
        'ลำดับ column or a "๓." before the title); numbers may skip.',
        "≥ 1",
        "5",
    ),
    Column(
        "title",
        "string",
        "The measure, or the weakness for improvement rows, as written "
        "(lines of a wrapped title joined).",
        "Thai text",
        "มาตรการการกำกับดูแลและใช้ทรัพย์สินของราชการ",
    ),
    Column(
        "indicator_no",
        "Int64",
        'Indicator the row names ("ตัวชี้วัดที่ ๔") or its section '
        'names ("ด้าน IIT … ตัวชี้วัดที่ ๔"); empty when neither does.',
        "1–10",
        "4",
    ),
    Column(
        "tool",
        "string",
        'Tool of that indicator, or of the section ("ด้าน EIT").',
        "IIT, EIT, OIT, empty",
        "IIT",
    ),
    Column(
        "actions",
        "string",
        "Steps, method or way of implementation (ขั้นตอน, วิธีดำเนินการ, แนวทาง…) as written.",
        "Thai text",
        "๑. จัดทำคู่มือการใช้ทรัพย์สิน",
    ),
    Column("period_text", "string", "The period as written.", "Thai text", "ต.ค. ๒๕๖๕ -มี.ค. ๒๕๖๖"),
    Column(
        "period_start",
        "string",
        "First month of the period, Common Era (BE − 543); a "
        "fiscal year ปีงบประมาณ YYYY starts in October of YYYY − 1.",
        "YYYY-MM",
        "2022-10",
    ),
    Column("period_end", "string", "Last month of the period, Common Era.", "YYYY-MM", "2023-03"),
    Column("responsible", "string", "Who is responsible, as written.", "Thai text", "ทุกส่วนราชการ"),
    Column(
        "status",
        "string",
        "From the status column holding content (a tick, a '/' typed alone, text), a "
        "ticked box, a status-words column, or a result cell that is or opens with a status "
        "phrase ('แล้วเสร็จ - …'; not when it says the work is partial); unknown when the "
        "document gives no status (a plan is not done).",
        ", ".join(MEASURE_STATUSES),
        "done",
    ),
    Column(
        "result_text",
        "string",
        "Output, outcome and progress columns (and the text of the "
        "status column that holds content) joined, one per line.",
        "Thai text",
        "จัดทำคู่มือมาตรฐานการปฏิบัติงานขององค์การบริหารส่วนตำบลเมืองคง",
    ),
    Column(
        "method",
        "string",
        "table: as read from the document's table; corrected: a column of the row set by a "
        "corrections file (`--corrections`, finding CORRECTED).",
        "table, corrected",
        "table",
    ),
    Column(
        "page", "Int64", "1-based page of the row's first line; empty for text files.", "≥ 1", "5"
    ),
    Column(
        "line",
        "Int64",
        "1-based line of the row on that page (PDF), or in the file (text).",
        "≥ 1",
        "30",
    ),
    *BOX,
)

VALIDATION: tuple[Column, ...] = (
    *DOC_KEY,
    Column(
        "severity",
        "string",
        "error: a value is likely wrong, or was withheld; warning: a "
        "value was corrected, is incomplete or contradicted; info: an observation.",
        "error, warning, info",
        "warning",
    ),
    Column(
        "code", "string", "Kind of finding (see the list below).", "see below", "LEVEL_CONFLICT"
    ),
    Column(
        "message",
        "string",
        "What was found, with the values involved.",
        "free text",
        "stated_level: the document states ผ่าน×2, ผ่านดี×1; kept ผ่าน",
    ),
    Column(
        "page",
        "Int64",
        "1-based page the finding points to; empty for text files or document-wide findings.",
        "≥ 1",
        "3",
    ),
    Column(
        "line",
        "Int64",
        "1-based line, as in indicator_scores.csv; empty for document-wide findings.",
        "≥ 1",
        "12",
    ),
)


def _from_documents(*names: str) -> tuple[Column, ...]:
    by_name = {c.name: c for c in DOCUMENTS}
    return tuple(by_name[n] for n in names)


# The scores side by side: the shape analysts load into a spreadsheet or a panel regression.
WIDE: tuple[Column, ...] = (
    *_from_documents(
        "doc_id",
        "source_path",
        "org_name",
        "org_type",
        "district",
        "district_en",
        "district_code",
        "province",
        "province_en",
        "province_code",
    ),
    Column(
        "assessment_year_be",
        "Int64",
        "Assessment year of the scores, Buddhist Era (indicator_scores.csv); else the document's.",
        "2500–2599",
        "2568",
    ),
    *_from_documents(
        "overall_score", "overall_score_computed", "stated_level", "level_computed", "status"
    ),
    Column(
        "n_errors",
        "Int64",
        "Findings of severity error for the chosen document in validation.csv.",
        "≥ 0",
        "0",
    ),
    Column(
        "n_warnings",
        "Int64",
        "Findings of severity warning for the chosen document in validation.csv.",
        "≥ 0",
        "1",
    ),
    *(
        Column(
            f"ind_{n}",
            "Float64",
            f"Score of indicator {n} (indicator_scores.csv), 0–100; empty when not found.",
            "0–100",
            "96.67",
        )
        for n in INDICATOR_BY_NUMBER
    ),
    Column(
        "n_documents",
        "Int64",
        "Documents that give scores for this organisation and year (1 when there is no other).",
        "≥ 1",
        "2",
    ),
    Column(
        "other_source_paths",
        "string",
        "The other documents for this organisation and year (not chosen), their source_path "
        'joined by "; "; empty when there are none.',
        "source paths",
        "ita/2567/kudrang.txt",
    ),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents.csv": DOCUMENTS,
    "indicator_scores.csv": INDICATOR_SCORES,
    "item_scores.csv": ITEM_SCORES,
    "measures.csv": MEASURES,
    "validation.csv": VALIDATION,
    "wide.csv": WIDE,
}
SORT_KEYS: dict[str, list[str]] = {
    "documents.csv": ["source_path", "doc_id"],
    "indicator_scores.csv": ["source_path", "doc_id", "assessment_year_be", "indicator_no"],
    # stable: keeps the resolver's order (tool IIT, EIT, OIT; group; item number)
    "item_scores.csv": ["source_path", "doc_id", "assessment_year_be"],
    "measures.csv": ["source_path", "doc_id"],  # stable: keeps the document's order
    "validation.csv": ["source_path", "doc_id"],  # stable: keeps each document's own order
    "wide.csv": ["source_path", "doc_id", "assessment_year_be"],
}
WIDE_NOTE = (
    "One row per organisation and assessment year, from the documents that state an overall "
    "score or at least one indicator score for it (status ok); built from documents.csv, "
    "indicator_scores.csv and validation.csv. An organisation is its name, district and "
    "province as written in documents.csv (a document without an organisation name is one of "
    "its own). When several documents give scores for one organisation and year (a report "
    "collected as text and as PDF, or twice under two names), one is chosen, by this rule in "
    "order: a text layer or plain text over OCR; more indicator scores for that year; an "
    "overall score stated; fewer error findings; the later report year; the first "
    "source_path. The others are counted in n_documents and named in other_source_paths."
)


def frames(
    results: Iterable[DocumentResult],
    notes: Iterable[tuple[str | None, str | None, Finding]] = (),
) -> dict[str, pd.DataFrame]:
    """Every table (file name → DataFrame, as ``frame`` builds it) of the documents'
    results, wide.csv included; ``notes``: more validation.csv rows that are no document's
    (doc_id, source_path, finding: a corrections file's, ``ita_extract.corrections.Note``),
    after the documents' rows."""
    results = list(results)
    out = {
        name: frame(name, (row for r in results for row in r.rows(name)))
        for name in TABLES
        if name not in ("wide.csv", "validation.csv")
    }
    names = field_names(Finding)
    validation = [row for r in results for row in r.rows("validation.csv")]
    validation += [(d, s, *(getattr(f, n) for n in names)) for d, s, f in notes]
    out["validation.csv"] = frame("validation.csv", validation)
    out["wide.csv"] = frame("wide.csv", (astuple(w) for w in wide_rows(results)))
    return out


def frame(name: str, rows: Iterable[tuple]) -> pd.DataFrame:
    """Build a table from its rows (tuples in the table's column order) with its declared
    columns and dtypes, sorted deterministically by the table's sort keys (stable sort).
    Empty text is a missing value (as an empty CSV cell is), so CSV and Parquet hold the
    same."""
    columns = TABLES[name]
    df = pd.DataFrame(list(rows), columns=[c.name for c in columns])
    text = [c.name for c in columns if c.dtype == "string"]
    df[text] = df[text].replace("", None)  # one pass over the text columns, before the types
    df = df.astype({c.name: c.dtype for c in columns})
    return df.sort_values(SORT_KEYS[name], kind="stable", na_position="first").reset_index(
        drop=True
    )


# wide.csv's choice among documents of one organisation and year: text before OCR.
_SOURCE_RANK = {"plain_text": 0, "text_layer": 0, "mixed": 1, "ocr": 2}


def wide_rows(results: Iterable[DocumentResult]) -> list[WideRecord]:
    """The rows of wide.csv (see WIDE_NOTE): one per organisation and assessment year, from
    the documents' results; unsorted (``frame`` sorts them)."""
    candidates: dict[tuple, list[tuple[tuple, WideRecord]]] = {}
    for r in results:
        d = r.document
        by_year: dict[int | None, dict[str, float]] = {}
        for ind in r.indicators:
            by_year.setdefault(ind.assessment_year_be, {})[f"ind_{ind.indicator_no}"] = ind.score
        if not by_year and d.overall_score is None:
            continue
        counts = Counter(f.severity for f in r.findings)
        key = (r.doc_id, r.source_path)
        org = (d.org_name, d.district, d.province) if d.org_name else key
        for year, values in by_year.items() or [(d.assessment_year_be, {})]:
            row = WideRecord(
                doc_id=r.doc_id,
                source_path=r.source_path,
                **{name: getattr(d, name) for name in _WIDE_FROM_DOCUMENT},
                **values,
            )
            row.assessment_year_be = year
            row.n_errors, row.n_warnings = counts["error"], counts["warning"]
            candidates.setdefault((org, year), []).append((_preference(r, row, len(values)), row))
    rows = []
    for group in candidates.values():
        group.sort(key=lambda ranked: ranked[0])
        (_, chosen), others = group[0], group[1:]
        chosen.n_documents = len(group)
        chosen.other_source_paths = "; ".join(str(o.source_path) for _, o in others) or None
        rows.append(chosen)
    return rows


# The columns of wide.csv that are the document's own (its keys aside).
_WIDE_FROM_DOCUMENT = tuple(
    name for name in field_names(WideRecord) if name in field_names(DocumentRecord)
)


def _preference(result: DocumentResult, row: WideRecord, n_scores: int) -> tuple:
    """Sort key of a candidate row of wide.csv: the first is chosen (rule in WIDE_NOTE)."""
    d = result.document
    return (
        _SOURCE_RANK.get(str(d.text_source), len(_SOURCE_RANK)),
        -n_scores,
        d.overall_score is None,
        row.n_errors,
        -int(d.report_year_be or 0),
        str(result.source_path),
        str(result.doc_id),
    )


# A text cell that a spreadsheet would take as a formula starts with one of these (OWASP,
# "CSV Injection"); a cell made of apostrophes and then one of them is escaped too, so that
# the escape can be undone without doubt (``spreadsheet_unescape``).
_FORMULA_START = re.compile(r"^('*[=+\-@\t\r])")
_ESCAPED = re.compile(r"^'('*[=+\-@\t\r])")


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells that start with ``=``, ``+``, ``-``, ``@``, tab or
    carriage return (after any apostrophes) start with one more apostrophe ``'``: spreadsheet
    programs then show them as text instead of running them as formulas (OWASP's advice for
    CSV files). Numbers are not touched. Parquet files keep the raw text.

    >>> spreadsheet_safe(pd.DataFrame({"t": ["=1+1", "-5", "a"]}, dtype="string"))["t"].tolist()
    ["'=1+1", "'-5", 'a']
    """
    return _replace_in_text(df, _FORMULA_START, r"'\1", "'=+-@\t\r")


def spreadsheet_unescape(text: str) -> str:
    """Undo ``spreadsheet_safe`` on one cell's text (for reading a CSV back).

    >>> spreadsheet_unescape("'=HYPERLINK(1)"), spreadsheet_unescape("'ok")
    ('=HYPERLINK(1)', "'ok")
    """
    return _ESCAPED.sub(r"\1", text)


def spreadsheet_unescaped(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` read from CSV with ``spreadsheet_unescape`` applied to its text
    columns: the raw text, as Parquet keeps it."""
    return _replace_in_text(df, _ESCAPED, r"\1", "'")


def _replace_in_text(
    df: pd.DataFrame, pattern: re.Pattern, replacement: str, first_chars: str
) -> pd.DataFrame:
    """A copy of ``df`` with ``pattern`` (anchored at the start) replaced in its text columns
    (missing values kept). Only the cells that start with one of ``first_chars`` can match,
    and few do: the others are not passed through the regular expression (a table of
    100,000 rows is read back in a fraction of the time)."""
    out = df.copy()
    starts = tuple(first_chars)
    for name in out.columns:
        column = out[name]
        if column.dtype != "string":
            continue
        candidates = column.str.startswith(starts).fillna(False).astype(bool)
        if candidates.any():
            column = column.copy()
            column[candidates] = column[candidates].str.replace(pattern, replacement, regex=True)
            out[name] = column
    return out


def write_csv(df: pd.DataFrame, path: Path, bom: bool = True) -> None:
    """Write ``df`` as CSV (RFC 4180): UTF-8, with a byte-order mark unless ``bom`` is False
    (Excel needs it to show Thai), CRLF line ends, spreadsheet-safe text
    (``spreadsheet_safe``). A cell holding a line break, CR or LF (a file name may), is
    quoted: with LF alone as the line end, a lone CR in a cell would be written bare and
    split the row for most readers."""
    spreadsheet_safe(df).to_csv(
        path, index=False, lineterminator="\r\n", encoding="utf-8-sig" if bom else "utf-8"
    )


def write_parquet(df: pd.DataFrame, path: Path, columns: tuple[Column, ...]) -> None:
    """Write ``df`` as Parquet (pyarrow): types kept (integers stay integers, missing values
    are nulls), each column's meaning in its field metadata (key ``description``)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    meaning = {c.name: c.meaning for c in columns}
    schema = pa.schema(
        [f.with_metadata({"description": meaning[f.name]}) for f in table.schema],
        metadata=table.schema.metadata,
    )
    pq.write_table(pa.Table.from_arrays(table.columns, schema=schema), path)


# Frictionless field types of the pandas dtypes.
_FRICTIONLESS_TYPES = {"string": "string", "Int64": "integer", "Float64": "number"}


def datapackage(tables: Mapping[str, str]) -> dict:
    """A Frictionless Data Package (tabular) describing the tables written.

    Args:
        tables: file name → its table's name in TABLES, one file per table: the CSV files
            when they are written, else the Parquet files (``documents.parquet`` →
            ``documents.csv``).

    Returns:
        The descriptor as a dict, for ``datapackage.json`` beside the tables
        (https://specs.frictionlessdata.io/data-package/): one resource per file, with its
        fields' types and meanings, ``source_path`` as the documents' primary key and the
        other tables' foreign key.
    """
    resources = []
    for file_name, table in tables.items():
        columns = TABLES[table]
        schema: dict[str, object] = {
            "fields": [
                {
                    "name": c.name,
                    "type": _FRICTIONLESS_TYPES[c.dtype],
                    "description": c.meaning,
                }
                for c in columns
            ],
            "missingValues": [""],
        }
        if table == "documents.csv":
            schema["primaryKey"] = ["source_path"]
        else:
            schema["foreignKeys"] = [
                {
                    "fields": ["source_path"],
                    "reference": {"resource": "documents", "fields": ["source_path"]},
                }
            ]
        is_csv = file_name.endswith(".csv")
        resources.append(
            {
                "name": table.removesuffix(".csv"),
                "path": file_name,
                "profile": "tabular-data-resource",
                "format": "csv" if is_csv else "parquet",
                "mediatype": "text/csv" if is_csv else "application/vnd.apache.parquet",
                # the IANA name; a byte-order mark, if written, is skipped by UTF-8 readers
                **({"encoding": "utf-8"} if is_csv else {}),
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "ita-extract-output",
        "title": "ITA scores, items and measures extracted from Thai integrity reports",
        "description": "Tables written by ita-extract; every column is described in "
        "docs/data-dictionary.md of the project.",
        "resources": resources,
    }


MANIFEST_NOTE = (
    "Written by every run into the output folder, last (after the tables and "
    "datapackage.json), as JSON (`pipeline._write_manifest`)."
)
MANIFEST_KEYS: dict[str, str] = {
    "extractor_version": "ita-extract's version.",
    "extraction_key": "What stored results depend on besides the files' bytes: version, "
    "whether OCR was available, the largest image OCR may decode; when it changes, "
    "everything is extracted again.",
    "options": "workers, doc_timeout_s, ocr_page_timeout_s, force, executor, scheduler, "
    "formats, csv_bom.",
    "started, ended": "UTC times, ISO 8601.",
    "counts": "documents_seen (input files), distinct_contents (files with other bytes), "
    "extracted (this run), unchanged (stored results used), failed.",
    "inputs": "The INPUT arguments of the run, as absolute paths (links not resolved): "
    "each document's file is INPUT/source_path (or the INPUT itself, when it is a file); "
    "`ita-extract report` finds the files there.",
    "failures": "Every failed file: source_path and error (for a file whose earlier rows "
    "were kept, the error starts with 'previous rows kept').",
    "state_store_reset": "Why the state store found in the output folder was set aside "
    "(damaged, another schema version) and rebuilt; null when it was not.",
    "corrections": "The corrections file applied (`--corrections`, default "
    "`OUT/corrections.csv`): file, sha256, rows (not blank), applied, stale "
    "(CORRECTION_STALE), refused (CORRECTION_INVALID); null when there was none.",
    "rows": "Rows written per table.",
    "stage_seconds": "Time of each stage: scan (list and hash inputs), extract, write.",
    "outputs_sha256": "SHA-256 of each file written with the manifest (tables, datapackage.json).",
}


def data_dictionary() -> str:
    """The data dictionary as Markdown, generated from the schemas above."""
    out = [
        "# Data dictionary",
        "",
        "Generated from the schemas in `ita_extract/tables.py` by "
        "`python scripts/make_data_dictionary.py`; do not edit by hand.",
        "",
        "All tables are CSV with a header row, one file each in the output folder, joined by "
        "`doc_id` and `source_path` (with `--format parquet` or `both`, the same tables as "
        "`<table>.parquet` with the types below: integers stay integers, missing values are "
        "nulls, and each column's meaning is in its field metadata, key `description`). "
        + PROVENANCE_NOTE
        + " Rows are sorted by `source_path` (then year and indicator number), so two runs on "
        "the same input give byte-identical files. Scores are on the 0–100 scale; years are "
        "Buddhist Era (พ.ศ.). Thai values stay Thai.",
        "",
        "**Encoding and spreadsheets.** CSV files follow RFC 4180 (CRLF line ends; a cell "
        "holding a comma, a double quote or a line break is quoted) and are UTF-8 with a "
        "byte-order mark (Excel needs it to show Thai; `--no-bom` leaves it out). A text cell "
        "that "
        "starts with `=`, `+`, `-`, `@`, a tab or a carriage return (after any apostrophes) "
        "gets one more apostrophe `'` in front, so that a spreadsheet shows it as text instead "
        "of running it as a formula (OWASP's advice against CSV injection); "
        "`ita_extract.tables.spreadsheet_unescape` undoes it, `ita_extract.read_tables` does so on "
        "reading, and Parquet files keep the raw text.",
        "",
        "**Types in pandas.** An integer column with empty cells (`page` of text files, "
        "`measure_no`, `indicator_no`) is read by a bare `pandas.read_csv` as floats. "
        "`ita_extract.read_tables(OUT)` reads every table with the types below (pandas "
        "nullable `Int64`, `Float64`, `string`), as do the Parquet files; or pass "
        '`dtype={column: type}` from this page (`integer` → `"Int64"`, `number` → '
        '`"Float64"`, `text` → `"string"`) and `keep_default_na=False, '
        'na_values=[""]`.',
        "",
        "**Described for machines.** `datapackage.json` beside the tables is a Frictionless "
        "Tabular Data Package: every file, its columns' types and meanings, `source_path` as "
        "the key of documents.csv and the foreign key of the other tables "
        "(`frictionless validate OUT/datapackage.json` checks the tables against it).",
        "",
        "**Published as a whole.** The files in the output folder are symbolic links into "
        "the generation of the last run that completed (`.ita-extract/current/`); a run "
        "switches all of them at once, with manifest.json written last, so a reader never "
        "sees the tables of two runs mixed, and a run that is killed or fails leaves the "
        "previous tables whole.",
        "",
    ]
    for name, columns in TABLES.items():
        out += [
            f"## {name}",
            "",
            *([WIDE_NOTE, ""] if name == "wide.csv" else []),
            "| column | type | meaning | allowed values | example |",
            "|---|---|---|---|---|",
        ]
        for c in columns:
            kind = {"string": "text", "Int64": "integer", "Float64": "number"}[c.dtype]
            out.append(f"| `{c.name}` | {kind} | {c.meaning} | {c.allowed} | {c.example} |")
        out.append("")
    out += [
        "## Finding codes (validation.csv `code`)",
        "",
        "From the registry `normalize/findings.py`. Severity: the first one named is the usual "
        "one; tables: the rows of the document the finding concerns.",
        "",
        "| code | severity | tables | meaning |",
        "|---|---|---|---|",
    ]
    out += [
        f"| `{t.code}` | {' or '.join(t.severities)} | {', '.join(t.tables)} | {t.description} |"
        for t in FINDING_TYPES.values()
    ]
    out += ["", "## manifest.json", "", MANIFEST_NOTE, "", "| key | meaning |", "|---|---|"]
    out += [f"| `{key}` | {meaning} |" for key, meaning in MANIFEST_KEYS.items()]
    return "\n".join(out) + "\n"
