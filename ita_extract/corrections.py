"""Corrections by hand that survive re-extraction (``ita-extract run --corrections FILE``).

A corrections file is a CSV table (UTF-8, with or without a byte-order mark; comma-separated,
a header row) with one row per fix:

    doc_id            the document (16 hex digits, documents.csv), or
    sha256            the SHA-256 of its file (64 hex digits; doc_id is its first 16)
    table             documents, indicator_scores, item_scores or measures
    key               indicator_scores: the indicator number (``4``); item_scores: the item
                      code with its respondent group (``e3/EitPublic``), or the code alone
                      for an item without one (``i4``); measures: the measure number (``3``,
                      the whole row) or number/column (``3/status``); documents: a column a
                      person may set (``DOCUMENT_FIELDS``: ``province``, ``overall_score`` …)
    value             the value to write; empty deletes it (a score, an item, a measure
                      row; a documents field becomes empty)
    reason, author    optional, repeated in the finding

``load_corrections`` reads and checks the file: a row that cannot be a correction (unknown
table or key, a value of the wrong kind or out of range, neither doc_id nor sha256) is
refused, with its row number (the header is row 1), as a ``CORRECTION_INVALID`` finding; the
other rows stand. ``apply_corrections`` applies them to a run's results after extraction
and the state store, before the tables are built: the rows extracted (and stored) stay what
the extractor read, so a correction removed from the file is undone by the next run. A
changed or added row has method ``corrected``, a documents field set is named in
``corrected_fields``, and each correction applied is a ``CORRECTED`` finding that
keeps the value extracted. A correction whose document is not among the run's (its file
changed: a new SHA-256; or it left the inputs), whose document failed, or whose key names no
row (or several) is not applied: ``CORRECTION_STALE``. Values derived from corrected ones are
recomputed: the counts ``n_indicators``, ``n_items``, ``n_measures``, ``n_findings``; the
overall score computed, the level computed and ``status`` (ok / no_scores) after an
indicator, overall score or year correction; the district's and province's codes and English
names after a place correction (the gazetteer's, for an exact official name; else empty).
The findings the extraction raised (``OVERALL_MISMATCH`` …) stay as they were: they say what
the document gave.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import NamedTuple

import geothai

from ita_extract.records import DocumentRecord, DocumentResult, IndicatorRecord
from normalize.findings import Finding, finding
from normalize.ita import (
    INDICATOR_BY_NUMBER,
    LEVEL_WORDS,
    RESPONDENT_GROUPS,
    SCORE_MAX,
    SCORE_MIN,
    TOOLS,
    level_for,
    overall_from_indicators,
    tool_means,
)
from normalize.numbers import parse_be_year, parse_score
from normalize.org import ORG_TYPES
from normalize.text import thai_digits_to_arabic

TABLE_NAMES = ("documents", "indicator_scores", "item_scores", "measures")
# Allowed values of the columns a correction may set (as docs/data-dictionary.md gives them).
ORG_TYPE_VALUES = (*ORG_TYPES.values(), "other")
REPORT_TYPES = (
    "analysis",
    "measures_plan",
    "measures_result",
    "progress_6m",
    "multi_agency",
    "other",
)
MEASURE_STATUSES = ("done", "in_progress", "not_started", "unknown")
TABLE_KINDS = ("measure", "improvement")
# documents.csv columns a person may correct, and the kind of their values. The others are
# the file's (doc_id, source_path, file_type, n_pages, text_source), the run's (status,
# error, extractor_version) or derived from these (codes and English names of places, the
# computed overall and level, the counts).
DOCUMENT_FIELDS: dict[str, str] = {
    "org_name": "text",
    "org_type": "org_type",
    "district": "text",
    "province": "text",
    "report_type": "report_type",
    "report_year_be": "year",
    "assessment_year_be": "year",
    "overall_score": "score",
    "stated_level": "level",
}
# measures.csv columns a correction may set (``3/status``), and the kind of their values.
MEASURE_COLUMNS: dict[str, str] = {
    "table_kind": "table_kind",
    "title": "text",
    "indicator_no": "indicator",
    "tool": "tool",
    "actions": "text",
    "period_text": "text",
    "period_start": "month",
    "period_end": "month",
    "responsible": "text",
    "status": "status",
    "result_text": "text",
}
# Kinds whose value may not be emptied (every row has one).
_REQUIRED = {"status", "table_kind"}
_CHOICES = {
    "org_type": ORG_TYPE_VALUES,
    "report_type": REPORT_TYPES,
    "level": LEVEL_WORDS,
    "status": MEASURE_STATUSES,
    "table_kind": TABLE_KINDS,
    "tool": TOOLS,
}
_MONTH = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")
_DOC_ID = re.compile(r"^[0-9a-f]{16}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ITEM_CODE = re.compile(r"^[ieo][1-9]\d?$")
REQUIRED_COLUMNS = ("table", "key", "value")
OPTIONAL_COLUMNS = ("doc_id", "sha256", "reason", "author")
METHOD_CORRECTED = "corrected"  # the method of a row a correction set
SHOWN_TEXT = 60  # a finding shows this many characters of a text value at most


class CorrectionsError(ValueError):
    """The corrections file cannot be used at all: missing, unreadable, not UTF-8, or its
    header lacks the required columns (a usage error: the run does not start)."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One checked row of the corrections file: its ``row`` number (header = 1), the
    document (``doc_id``; ``sha256`` when the row gave it), ``table`` and ``key`` as
    written (normalised), ``target`` the key parsed (documents: (field,); indicator_scores:
    (number,); item_scores: (code, group or None); measures: (number, column or None)),
    ``value`` typed (``None`` deletes), and the row's ``reason`` and ``author``."""

    row: int
    doc_id: str
    table: str
    key: str
    target: tuple
    value: object
    reason: str = ""
    author: str = ""
    sha256: str | None = None

    def where(self) -> str:
        return f"{self.table} {self.key} (corrections row {self.row})"


class Note(NamedTuple):
    """A finding about corrections that is no document's row of this run: a validation.csv
    row under these keys (``source_path`` empty unless the file is among the run's)."""

    doc_id: str | None
    source_path: str | None
    finding: Finding


@dataclass(slots=True)
class Applied:
    """What ``apply_corrections`` did: the results (corrected copies where a correction
    applied or was stale), findings of corrections whose document is not in the run
    (``notes``), and how many corrections were applied or stale."""

    results: list[DocumentResult]
    notes: list[Note] = field(default_factory=list)
    applied: int = 0
    stale: int = 0


def file_sha256(path: Path) -> str:
    """The SHA-256 of the corrections file (for manifest.json).

    Raises:
        CorrectionsError: the file cannot be read.
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise CorrectionsError(
            f"corrections file {path} cannot be read: {exc.strerror or exc}"
        ) from None


def load_corrections(path: Path) -> tuple[list[Correction], list[Note]]:
    """Read and check a corrections file (see the module's docstring).

    Returns:
        The corrections of the rows accepted, in file order, and a ``CORRECTION_INVALID``
        finding for each row refused (its row number and why; the keys are the row's doc_id
        when it gives a well-formed one). Blank rows are skipped.

    Raises:
        CorrectionsError: the file does not exist, cannot be read or decoded as UTF-8, or
            its header lacks table, key, value and one of doc_id and sha256.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CorrectionsError(f"corrections file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise CorrectionsError(
            f"corrections file {path} is not UTF-8 (byte {exc.start}); save it as 'CSV UTF-8'"
        ) from None
    except OSError as exc:
        raise CorrectionsError(
            f"corrections file {path} cannot be read: {exc.strerror or exc}"
        ) from None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CorrectionsError(f"corrections file {path} is not CSV: {exc}") from None
    if not any(any(cell.strip() for cell in r) for r in records):
        return [], []  # an empty file: no corrections
    header = [cell.strip().lower() for cell in records[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing or not ({"doc_id", "sha256"} & set(header)):
        raise CorrectionsError(
            f"corrections file {path}: the header (row 1) must name the columns table, key, "
            f"value and doc_id or sha256 (reason and author optional); it names "
            f"{', '.join(repr(c) for c in header)}"
        )
    corrections, notes = [], []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            corrections.append(_correction(number, header, cells))
        except _Refused as exc:
            message = f"corrections row {number} refused: {exc}"
            notes.append(Note(exc.doc_id, None, finding("CORRECTION_INVALID", message)))
    return corrections, notes


class _Refused(ValueError):
    def __init__(self, why: str, doc_id: str | None = None) -> None:
        super().__init__(why)
        self.doc_id = doc_id


def _correction(number: int, header: list[str], cells: list[str]) -> Correction:
    """The correction of one row (``number``: 1-based, the header is 1).

    Raises:
        _Refused: why the row is refused.
    """
    if len(cells) > len(header):
        raise _Refused(f"{len(cells)} cells, the header has {len(header)} (a comma unquoted?)")
    if len(cells) <= header.index("value"):
        raise _Refused("the row ends before its value column")
    row = {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)}
    doc_id, sha256 = row.get("doc_id", "").lower(), row.get("sha256", "").lower() or None
    if sha256 is not None and not _SHA256.match(sha256):
        raise _Refused(f"sha256 {sha256!r} is not 64 hex digits")
    if doc_id and not _DOC_ID.match(doc_id):
        raise _Refused(f"doc_id {doc_id!r} is not 16 hex digits")
    if sha256 is not None and doc_id and sha256[:16] != doc_id:
        raise _Refused(f"doc_id {doc_id} is not the start of sha256 {sha256}", doc_id)
    doc_id = doc_id or (sha256[:16] if sha256 else "")
    if not doc_id:
        raise _Refused("neither doc_id nor sha256 is given")
    table = row["table"].lower().removesuffix(".csv")
    if table not in TABLE_NAMES:
        raise _Refused(f"unknown table {row['table']!r} (one of {', '.join(TABLE_NAMES)})", doc_id)
    key, text = row["key"], row["value"]
    try:
        target, value = _PARSERS[table](key, text)
    except _Refused as exc:
        raise _Refused(f"{table} {key!r}: {exc}", doc_id) from None
    return Correction(
        row=number,
        doc_id=doc_id,
        table=table,
        key="/".join(str(t) for t in target if t is not None),
        target=target,
        value=value,
        reason=row.get("reason", ""),
        author=row.get("author", ""),
        sha256=sha256,
    )


def _value(kind: str, text: str) -> object:
    """A value of ``kind`` from its text (``None`` for empty text).

    Raises:
        _Refused: not a value of that kind.
    """
    if not text:
        if kind in _REQUIRED:
            raise _Refused("the value may not be empty")
        return None
    if kind == "score":
        score = parse_score(text)
        if score is None:
            raise _Refused(f"value {text!r} is not a score (digits, up to two decimals)")
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise _Refused(f"score {text} is outside 0–100")
        return score
    if kind == "year":
        year = parse_be_year(text)
        if year is None:
            raise _Refused(f"value {text!r} is not a Buddhist-Era year 2500–2599")
        return year
    if kind == "indicator":
        number = _integer(text)
        if number not in INDICATOR_BY_NUMBER:
            raise _Refused(f"value {text!r} is not an indicator number 1–10")
        return number
    if kind == "month":
        month = thai_digits_to_arabic(text)
        if not _MONTH.match(month):
            raise _Refused(f"value {text!r} is not a month YYYY-MM (Common Era)")
        return month
    if kind in _CHOICES:
        if text not in _CHOICES[kind]:
            raise _Refused(f"value {text!r} is not one of {', '.join(_CHOICES[kind])}")
        return text
    return text


def _integer(text: str) -> int | None:
    digits = thai_digits_to_arabic(text.strip())
    return int(digits) if digits.isascii() and digits.isdigit() else None


def _documents_key(key: str, text: str) -> tuple[tuple, object]:
    name = key.strip().lower()
    if name not in DOCUMENT_FIELDS:
        raise _Refused(
            f"not a documents field a correction may set (one of {', '.join(DOCUMENT_FIELDS)})"
        )
    return (name,), _value(DOCUMENT_FIELDS[name], text)


def _indicator_key(key: str, text: str) -> tuple[tuple, object]:
    number = _integer(key)
    if number not in INDICATOR_BY_NUMBER:
        raise _Refused("the key is not an indicator number 1–10")
    return (number,), _value("score", text)


def _item_key(key: str, text: str) -> tuple[tuple, object]:
    code, _, group = key.strip().partition("/")
    code = thai_digits_to_arabic(code.strip()).lower()
    if not _ITEM_CODE.match(code):
        raise _Refused("the key is not an item code (i4, e3/EitPublic, o12)")
    if group:
        by_lower = {g.lower(): g for g in RESPONDENT_GROUPS}
        if group.strip().lower() not in by_lower:
            raise _Refused(
                f"unknown respondent group {group!r} (one of {', '.join(RESPONDENT_GROUPS)})"
            )
        group = by_lower[group.strip().lower()]
    return (code, group or None), _value("score", text)


def _measure_key(key: str, text: str) -> tuple[tuple, object]:
    number_text, _, column = key.strip().partition("/")
    number = _integer(number_text)
    if number is None:
        raise _Refused("the key is not a measure number (3) or number/column (3/status)")
    if not column:
        if text:
            raise _Refused(
                "a value needs a column in the key (3/title, 3/status …: "
                f"{', '.join(MEASURE_COLUMNS)}); the number alone with an empty value "
                "deletes the measure"
            )
        return (number, None), None
    column = column.strip().lower()
    if column not in MEASURE_COLUMNS:
        raise _Refused(f"unknown measures column {column!r} (one of {', '.join(MEASURE_COLUMNS)})")
    return (number, column), _value(MEASURE_COLUMNS[column], text)


_PARSERS = {
    "documents": _documents_key,
    "indicator_scores": _indicator_key,
    "item_scores": _item_key,
    "measures": _measure_key,
}


def apply_corrections(
    results: Iterable[DocumentResult],
    corrections: Iterable[Correction],
    previous_paths: Mapping[str, str] | None = None,
) -> Applied:
    """Apply corrections to a run's results (see the module's docstring); pure: the results
    given are not changed, a corrected one is a copy.

    Args:
        results: every document's rows of the run (a content under several names: each).
        corrections: as ``load_corrections`` gives them, applied in order (a later one on
            the same key applies to what the earlier one wrote).
        previous_paths: doc_id → the source_path that had that content when the state store
            last saw the inputs: names the file of a stale correction.
    """
    out = list(results)
    previous_paths = previous_paths or {}
    positions: dict[str, list[int]] = {}
    for i, r in enumerate(out):
        if r.doc_id is not None:
            positions.setdefault(r.doc_id, []).append(i)
    paths_now = {r.source_path for r in out}
    work: dict[int, _Work] = {}
    applied = Applied(out)
    for c in corrections:
        where = positions.get(c.doc_id, [])
        if not where:
            path = previous_paths.get(c.doc_id)
            message = (
                f"{c.where()}: document {c.doc_id} is not among this run's documents (its file "
                "changed, so its SHA-256 is new, or it left the inputs)"
                + (f"; that content was {path}" if path else "")
                + "; not applied"
            )
            source = path if path in paths_now else None
            applied.notes.append(Note(c.doc_id, source, finding("CORRECTION_STALE", message)))
            applied.stale += 1
            continue
        done = False
        for i in where:
            done = work.setdefault(i, _Work.of(out[i])).apply(c) or done
        applied.applied += done
        applied.stale += not done
    for i, w in work.items():
        out[i] = w.result()
    return applied


def _show(value: object) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


@dataclass(slots=True)
class _Work:
    """A result being corrected: copies of its rows (records are replaced, never changed)."""

    base: DocumentResult
    document: DocumentRecord
    indicators: list
    items: list
    measures: list
    added: list[Finding] = field(default_factory=list)
    fields_set: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, r: DocumentResult) -> _Work:
        return cls(r, replace(r.document), list(r.indicators), list(r.items), list(r.measures))

    def apply(self, c: Correction) -> bool:
        """Apply one correction; a ``CORRECTED`` or ``CORRECTION_STALE`` finding
        says how."""
        if self.document.status == "failed":
            return self._stale(c, "the document failed this run (no rows to correct)")
        return getattr(self, f"_{c.table}")(c)

    def _stale(self, c: Correction, why: str) -> bool:
        self.added.append(finding("CORRECTION_STALE", f"{c.where()}: {why}; not applied"))
        return False

    def _done(self, c: Correction, old: object, new: str, record=None) -> bool:
        by = "; ".join(
            part
            for part in (
                f"reason: {c.reason}" if c.reason else "",
                f"author: {c.author}" if c.author else "",
            )
            if part
        )
        message = f"{c.where()}: {old} → {new}" + (f" ({by})" if by else "")
        page, line = (record.page, record.line) if record is not None else (None, None)
        self.added.append(finding("CORRECTED", message, page, line))
        self.touched.add(c.table)
        return True

    def _documents(self, c: Correction) -> bool:
        (name,) = c.target
        old = getattr(self.document, name)
        setattr(self.document, name, c.value)
        self.fields_set.add(name)
        if name in ("district", "province"):
            self._place()
        return self._done(c, _show(old), _show(c.value))

    def _place(self) -> None:
        """The codes and English names of the district and province: the gazetteer's for
        an exact official name, else empty."""
        d = self.document
        province = next((p for p in geothai.provinces() if p.name_th == d.province), None)
        district = None
        if province is not None:
            district = next(
                (x for x in geothai.districts(province.code) if x.name_th == d.district), None
            )
        d.province_code = province.code if province else None
        d.province_en = province.name_en if province else None
        d.district_code = district.code if district else None
        d.district_en = district.name_en if district else None

    def _indicator_scores(self, c: Correction) -> bool:
        (number,) = c.target
        rows = [k for k, r in enumerate(self.indicators) if r.indicator_no == number]
        if len(rows) > 1:
            return self._stale(c, f"{len(rows)} rows of indicator {number} (several years)")
        if not rows:
            if c.value is None:
                return self._stale(c, f"no row of indicator {number} to delete")
            ind = INDICATOR_BY_NUMBER[number]
            added = IndicatorRecord(
                assessment_year_be=self.document.assessment_year_be,
                indicator_no=number,
                indicator_name=ind.name_th,
                indicator_name_en=ind.name_en,
                tool=ind.tool,
                score=c.value,
                raw_label="",
                match_score=None,
                method=METHOD_CORRECTED,
                page=None,
                line=None,
            )
            self.indicators = sorted([*self.indicators, added], key=lambda r: r.indicator_no)
            return self._done(c, "no row", f"{_show(c.value)} (row added)")
        record = self.indicators[rows[0]]
        if c.value is None:
            del self.indicators[rows[0]]
            return self._done(c, _show(record.score), "deleted (row removed)", record)
        self.indicators[rows[0]] = replace(record, score=c.value, method=METHOD_CORRECTED)
        return self._done(c, _show(record.score), _show(c.value), record)

    def _item_scores(self, c: Correction) -> bool:
        code, group = c.target
        rows = [
            k
            for k, r in enumerate(self.items)
            if r.item_code == code and r.respondent_group == group
        ]
        if len(rows) != 1:
            what = "no item" if not rows else f"{len(rows)} items"
            return self._stale(c, f"{what} {c.key} in this document")
        record = self.items[rows[0]]
        if c.value is None:
            del self.items[rows[0]]
            return self._done(c, _show(record.score), "deleted (row removed)", record)
        self.items[rows[0]] = replace(record, score=c.value, method=METHOD_CORRECTED)
        return self._done(c, _show(record.score), _show(c.value), record)

    def _measures(self, c: Correction) -> bool:
        number, column = c.target
        rows = [k for k, r in enumerate(self.measures) if r.measure_no == number]
        if len(rows) != 1:
            what = "no measure" if not rows else f"{len(rows)} measures"
            return self._stale(c, f"{what} numbered {number} in this document")
        record = self.measures[rows[0]]
        if column is None:
            del self.measures[rows[0]]
            return self._done(c, f"measure {_show(record.title)}", "deleted (row removed)", record)
        self.measures[rows[0]] = replace(record, **{column: c.value}, method=METHOD_CORRECTED)
        return self._done(c, _show(getattr(record, column)), _show(c.value), record)

    def result(self) -> DocumentResult:
        """The corrected result: rows, derived values and counts (module docstring)."""
        d = self.document
        if "indicator_scores" in self.touched or self.fields_set & {
            "overall_score",
            "assessment_year_be",
        }:
            scores = {r.indicator_no: r.score for r in self.indicators}
            d.overall_score_computed = overall_from_indicators(scores)
            overall = d.overall_score if d.overall_score is not None else d.overall_score_computed
            d.level_computed = level_for(d.assessment_year_be, overall, tool_means(scores))
            if d.status in ("ok", "no_scores"):
                has_scores = bool(self.indicators) or d.overall_score is not None
                d.status = "ok" if has_scores else "no_scores"
        if "indicator_scores" in self.touched:
            d.n_indicators = len(self.indicators)
        if "item_scores" in self.touched:
            d.n_items = len(self.items)
        if "measures" in self.touched:
            d.n_measures = len(self.measures)
        names = [f.name for f in fields(DocumentRecord) if f.name in self.fields_set]
        d.corrected_fields = ";".join(names) or None
        d.n_findings = (d.n_findings or 0) + len(self.added)
        return replace(
            self.base,
            document=d,
            indicators=self.indicators,
            items=self.items,
            measures=self.measures,
            findings=[*self.base.findings, *self.added],
        )
