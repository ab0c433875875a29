"""The output rows, typed: one record type per table, and ``DocumentResult``, all the rows
one document contributes.

A document's rows share its keys (``doc_id``, ``source_path``), which ``DocumentResult``
holds once; each table's columns (``ita_extract.tables.TABLES``) are those keys followed by
its record's fields, in order (a test checks it):

    documents.csv         DocumentRecord
    indicator_scores.csv  IndicatorRecord
    item_scores.csv       ItemRecord
    measures.csv          extract.measures.MeasureRecord (the recogniser's rows pass through)
    validation.csv        normalize.findings.Finding
    wide.csv              WideRecord (keys included: it is built across documents)

Records become dicts only at the state store (SQLite, ``to_json``/``from_json``); the tables
are built from their values (``DocumentResult.rows``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, make_dataclass, replace
from typing import TypeVar

from extract.candidates import BOX_DECIMALS
from extract.measures import MeasureRecord
from extract.model import Document
from normalize.findings import Finding
from normalize.ita import INDICATOR_BY_NUMBER


@dataclass(slots=True)
class IndicatorRecord:
    """One row of indicator_scores.csv (without doc_id and source_path): score 0–100, years
    BE, ``method`` how it was read (table, prose, ocr+…), page and line 1-based, the box it
    was read from (``x0, y0, x1, y1``: PDF points, origin top-left; ``None`` for text)."""

    assessment_year_be: int | None
    indicator_no: int
    indicator_name: str
    indicator_name_en: str
    tool: str
    score: float
    raw_label: str
    match_score: float
    method: str
    page: int | None
    line: int | None
    x0: float | None = None
    y0: float | None = None
    x1: float | None = None
    y1: float | None = None


@dataclass(slots=True)
class ItemRecord:
    """One row of item_scores.csv (without doc_id and source_path): item code i/e/o + number,
    score 0–100, ``method`` how it was read (table, ocr+items, corrected), page and line
    1-based, box as for ``IndicatorRecord``."""

    assessment_year_be: int | None
    tool: str
    indicator_no: int | None
    item_code: str
    respondent_group: str | None
    item_text: str
    score: float
    raw_code: str
    method: str
    page: int | None
    line: int | None
    x0: float | None = None
    y0: float | None = None
    x1: float | None = None
    y1: float | None = None


@dataclass(slots=True, kw_only=True)
class DocumentRecord:
    """One row of documents.csv (without doc_id and source_path); every column is described
    in docs/data-dictionary.md. The batch sets the file's fields (``file_type`` …
    ``error``, ``n_findings``, ``extractor_version``), the resolver the rest; missing values
    are ``None``."""

    file_type: str | None = None
    n_pages: int | None = None
    text_source: str | None = None
    status: str | None = None
    error: str | None = None
    org_name: str | None = None
    org_type: str | None = None
    district: str | None = None
    district_en: str | None = None
    district_code: str | None = None
    province: str | None = None
    province_en: str | None = None
    province_code: str | None = None
    report_type: str | None = None
    report_year_be: int | None = None
    assessment_year_be: int | None = None
    overall_score: float | None = None
    overall_score_computed: float | None = None
    stated_level: str | None = None
    level_computed: str | None = None
    n_indicators: int | None = None
    n_items: int | None = None
    n_measures: int | None = None
    corrected_fields: str | None = None
    n_findings: int | None = None
    extractor_version: str | None = None


def _document_fields(*names: str) -> list[tuple[str, object, object]]:
    """Fields of ``DocumentRecord`` by name, for a record that repeats them."""
    by_name = {f.name: f for f in fields(DocumentRecord)}
    return [(name, by_name[name].type, field(default=None)) for name in names]


# One row of wide.csv: one organisation and assessment year, the ten scores side by side
# (``ind_1`` … ``ind_10``, 0–100), from the document chosen by the rule of
# ``ita_extract.tables.WIDE_NOTE``; its place and levels are that document's fields.
WideRecord = make_dataclass(
    "WideRecord",
    [
        ("doc_id", "str | None", field(default=None)),
        ("source_path", "str | None", field(default=None)),
        *_document_fields(
            *("org_name", "org_type", "district", "district_en", "district_code", "province"),
            *("province_en", "province_code", "assessment_year_be", "overall_score"),
            *("overall_score_computed", "stated_level", "level_computed", "status"),
        ),
        ("n_errors", "int", field(default=0)),
        ("n_warnings", "int", field(default=0)),
        *((f"ind_{n}", "float | None", field(default=None)) for n in INDICATOR_BY_NUMBER),
        ("n_documents", "int", field(default=1)),
        ("other_source_paths", "str | None", field(default=None)),
    ],
    slots=True,
    kw_only=True,
)
WideRecord.__module__ = __name__  # pickle finds it here (make_dataclass names ``types``)


# The record type of each table's rows, in the order of ``ita_extract.tables.TABLES``.
ROW_TYPES: dict[str, type] = {
    "documents.csv": DocumentRecord,
    "indicator_scores.csv": IndicatorRecord,
    "item_scores.csv": ItemRecord,
    "measures.csv": MeasureRecord,
    "validation.csv": Finding,
    "wide.csv": WideRecord,
}
# The lists of DocumentResult that hold each per-document table's rows (the state store
# checks that a stored result has them).
ROW_LISTS = {
    "indicator_scores.csv": "indicators",
    "item_scores.csv": "items",
    "measures.csv": "measures",
    "validation.csv": "findings",
}


@dataclass(slots=True)
class DocumentResult:
    """All rows one document contributes to the output tables, under its keys: ``doc_id``
    (the first 16 hex digits of the file's SHA-256; ``None`` when it could not be read) and
    ``source_path`` (the file's name relative to its INPUT).

    ``retry``: the rows are not stored in the state store (the document is extracted again
    on the next run): a page was skipped for time. ``file_level``: for a failed document, the
    failure is of this file, not of its content (gone, unreadable, changed while read):
    another file with the same bytes may still be read.
    """

    doc_id: str | None
    source_path: str
    document: DocumentRecord
    indicators: list[IndicatorRecord] = field(default_factory=list)
    items: list[ItemRecord] = field(default_factory=list)
    measures: list[MeasureRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    retry: bool = False
    file_level: bool = False

    def rows(self, table: str) -> list[tuple]:
        """The rows of ``table`` (a name of ``ROW_TYPES`` but wide.csv) as tuples in the
        table's column order: the keys, then the record's fields."""
        records = [self.document] if table == "documents.csv" else getattr(self, ROW_LISTS[table])
        names = field_names(ROW_TYPES[table])
        return [(self.doc_id, self.source_path, *(getattr(r, n) for n in names)) for r in records]

    def named(self, source_path: str) -> DocumentResult:
        """The same rows under the name of another file with the same content."""
        return replace(self, source_path=source_path)

    def to_json(self) -> dict:
        """The result as plain JSON types (the state store's form)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> DocumentResult:
        """A result from its JSON form (``to_json``). Results stored by versions that kept
        the keys in each row are read too (the keys are taken from the document row).

        Raises:
            KeyError, TypeError: a row lacks a field or has an unknown one (a damaged store).
            normalize.findings.UnregisteredFinding: a finding of an unregistered code.
        """
        document = dict(data["document"])
        keys = {k: data.get(k, document.get(k)) for k in ("doc_id", "source_path")}

        def record(kind: type, row: dict):
            return kind(**{k: v for k, v in row.items() if k not in ("doc_id", "source_path")})

        return cls(
            **keys,
            document=record(DocumentRecord, document),
            indicators=[record(IndicatorRecord, r) for r in data["indicators"]],
            items=[record(ItemRecord, r) for r in data["items"]],
            measures=[record(MeasureRecord, r) for r in data["measures"]],
            findings=[record(Finding, r) for r in data["findings"]],
            retry=bool(data.get("retry", False)),
            file_level=bool(data.get("file_level", False)),
        )


_R = TypeVar("_R", IndicatorRecord, ItemRecord, MeasureRecord)


def boxes_on_pages(records: list[_R], doc: Document) -> list[_R]:
    """``records`` with their boxes (``x0, y0, x1, y1``) as they lie on their pages of
    ``doc`` as a viewer shows them (``extract.model.Page.in_page_frame``: a skewed scan is
    read turned upright, a text layer in the page's own space), where a user draws them."""
    pages = {p.number: p for p in doc.pages}
    out = []
    for r in records:
        page = pages.get(r.page) if r.x0 is not None else None
        if page is None or page.to_page is None:
            out.append(r)
            continue
        box = page.in_page_frame((r.x0, r.y0, r.x1, r.y1))
        names = ("x0", "y0", "x1", "y1")
        out.append(
            replace(r, **{n: round(v, BOX_DECIMALS) for n, v in zip(names, box, strict=True)})
        )
    return out


DOC_ID_DIGITS = 16  # a doc_id is this many first hex digits of the file's SHA-256


def doc_id_of(sha256: str | None) -> str | None:
    """A document's key: the first ``DOC_ID_DIGITS`` hex digits of its SHA-256 (``None``
    without one)."""
    return sha256[:DOC_ID_DIGITS] if sha256 else None


def field_names(kind: type) -> tuple[str, ...]:
    """The field names of a record type, in order."""
    return tuple(f.name for f in fields(kind))
