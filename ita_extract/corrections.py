"""Corrections by hand that survive re-extraction (``ita-extract run --corrections FILE``).

A corrections file is a CSV table (UTF-8, with or without a byte-order mark; comma-separated,
a header row) with one row per fix:

    doc_id            the document (16 hex digits, documents.csv), or
    sha256            the SHA-256 of its file (64 hex digits; doc_id is its first 16)
    table             documents, indicator_scores, item_scores or measures
    key               indicator_scores: the indicator number (``4``);
                      item_scores: the item code with its respondent group
                      (``e3/EitPublic``), or the code alone for an item without one (``i4``;
                      written as ``normalize.items.parse_item_code`` reads a code with its
                      letter: ``E๓``, ``i 4``);
                      measures: a row by its number (``3``) or by where it stands — its
                      first line as measures.csv gives it, ``line 40`` in a text file,
                      ``page 3 line 14`` in a PDF (every row has one; many have no number)
                      — alone (the whole row: only to delete it) or followed by
                      ``/column`` (``3/status``, ``page 3 line 14/status``);
                      documents: a column a person may set (``DOCUMENT_FIELDS``:
                      ``province``, ``overall_score`` …)
    value             the value to write; empty deletes it (a score, an item, a measure
                      row; a documents field becomes empty)
    reason, author    optional, repeated in the finding

``load_corrections`` (``parse_corrections`` of bytes read once) reads and checks the file: a
row that cannot be a correction (unknown table or key, a value of the wrong kind or out of
range, neither doc_id nor sha256) is refused, with its row number (the header is row 1), as a
``CORRECTION_INVALID`` finding; the other rows stand. ``apply_corrections`` applies them to a
run's results after extraction and the state store, before the tables are built: the rows
extracted (and stored) stay what the extractor read, so a correction removed from the file is
undone by the next run. A changed or added row has method ``corrected``, a documents field
set is named in ``corrected_fields``, and each correction applied is a ``CORRECTED`` finding
that keeps the value extracted.

Not applied, ``CORRECTION_STALE``: a correction whose document is not among the run's (its
file changed: a new SHA-256; or it left the inputs: the finding has the correction's doc_id
and no source_path, the same on every run), whose document failed, whose key names no row
or several (the message says which key form singles one out), or that a later row of the
file on the same key overrides (the later row wins; the earlier is reported). Refused when
applied, ``CORRECTION_INVALID``: a measure's ``tool`` that is not its indicator's, a period
whose start would follow its end. A refused or stale row of a document of the run is that
document's finding (its source_path, counted in its ``n_findings``).

Values derived from corrected ones are recomputed: the counts ``n_indicators``, ``n_items``,
``n_measures``, ``n_findings``; the overall score computed, the level computed and
``status`` (ok / no_scores) after an indicator, overall score or year correction; the
assessment year of the document's indicator and item rows of its old year after a year
correction (wide.csv groups by it; an item's ``indicator_no`` stays as extracted: the
section heading's, else the old year's item map); a measure's ``tool`` after its
``indicator_no``; the district and province after a place correction, checked as extracted
ones are (``normalize.org.check_place``: "จังหวัด"/"อำเภอ" stripped, a misspelling
corrected, their codes and English names; its findings, such as ``PROVINCE_UNKNOWN`` or
``DISTRICT_UNKNOWN``, are the document's). The findings the extraction raised
(``OVERALL_MISMATCH`` …) stay as they were: they say what the document gave.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import NamedTuple

from ita_extract.records import (
    DOC_ID_DIGITS,
    DocumentRecord,
    DocumentResult,
    IndicatorRecord,
    doc_id_of,
)
from ita_extract.tables import MEASURE_STATUSES, REPORT_TYPES, TABLE_KINDS
from normalize.dates import BE_TO_CE
from normalize.findings import Finding, finding
from normalize.ita import (
    INDICATOR_BY_NUMBER,
    LEVEL_WORDS,
    MAX_ITEM_NUMBER,
    RESPONDENT_GROUPS,
    SCORE_MAX,
    SCORE_MIN,
    TOOLS,
    level_for,
    overall_from_indicators,
    tool_means,
)
from normalize.items import parse_item_code
from normalize.numbers import BE_YEAR_MAX, BE_YEAR_MIN, parse_be_year, parse_score
from normalize.org import (
    DISTRICT_PATTERN,
    ORG_TYPES,
    PROVINCE_PATTERN,
    check_place,
    find_district,
    find_organisation,
    find_province,
)
from normalize.text import thai_digits_to_arabic

TABLE_NAMES = ("documents", "indicator_scores", "item_scores", "measures")
# Allowed values of the columns a correction may set (those of docs/data-dictionary.md:
# ita_extract.tables holds them).
ORG_TYPE_VALUES = (*ORG_TYPES.values(), "other")
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
# Months are Common Era, within the years the Buddhist-Era years allowed give.
CE_YEAR_MIN, CE_YEAR_MAX = BE_YEAR_MIN - BE_TO_CE, BE_YEAR_MAX - BE_TO_CE
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DOC_ID = re.compile(rf"^[0-9a-f]{{{DOC_ID_DIGITS}}}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# A measure by where it stands: "line 40" (text), "page 3 line 14" (PDF).
_MEASURE_AT = re.compile(r"^(?:page\s*(\d+)\s+)?line\s*(\d+)$")
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
    (number,); item_scores: (code, group or None); measures: (("no", number) or ("at",
    page or None, line), column or None)), ``value`` typed (``None`` deletes), and the
    row's ``reason`` and ``author``."""

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
    row under these keys (``source_path`` empty: the document is not in the run)."""

    doc_id: str | None
    source_path: str | None
    finding: Finding


@dataclass(slots=True)
class Applied:
    """What ``apply_corrections`` did: the results (corrected copies where a correction
    applied, was stale or refused), findings of corrections whose document is not in the
    run (``notes``), and how many corrections were applied, stale or refused when applied."""

    results: list[DocumentResult]
    notes: list[Note] = field(default_factory=list)
    applied: int = 0
    stale: int = 0
    refused: int = 0


def read_corrections(path: Path) -> bytes:
    """The bytes of a corrections file (read once: hashed for manifest.json and parsed).

    Raises:
        CorrectionsError: the file does not exist or cannot be read.
    """
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CorrectionsError(f"corrections file not found: {path}") from None
    except OSError as exc:
        raise CorrectionsError(
            f"corrections file {path} cannot be read: {exc.strerror or exc}"
        ) from None


def load_corrections(path: Path) -> tuple[list[Correction], list[Note]]:
    """Read and check a corrections file: ``parse_corrections`` of its bytes."""
    return parse_corrections(read_corrections(path), path)


def parse_corrections(data: bytes, path: Path | str) -> tuple[list[Correction], list[Note]]:
    """Check the bytes of a corrections file (see the module's docstring); ``path`` names it
    in messages.

    Returns:
        The corrections of the rows accepted, in file order, and a ``CORRECTION_INVALID``
        finding for each row refused (its row number and why; the keys are the row's doc_id
        when it gives a well-formed one). Blank rows are skipped.

    Raises:
        CorrectionsError: the bytes are not UTF-8 or CSV, or the header lacks table, key,
            value and one of doc_id and sha256.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorrectionsError(
            f"corrections file {path} is not UTF-8 (byte {exc.start}); save it as 'CSV UTF-8'"
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
        semicolons = (
            "; the cells are separated by ';' (as Excel saves CSV in some locales): save it "
            "as 'CSV UTF-8 (Comma delimited)' or replace the ';' by ','"
            if any(";" in cell for cell in header)
            else ""
        )
        raise CorrectionsError(
            f"corrections file {path}: the header (row 1) must name the columns table, key, "
            f"value and doc_id or sha256 (reason and author optional); it names "
            f"{', '.join(repr(c) for c in header)}{semicolons}"
        )
    corrections, notes = [], []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            corrections.append(_correction(number, header, cells))
        except _Refused as exc:
            notes.append(Note(exc.doc_id, None, _refusal(number, str(exc))))
    return corrections, notes


def _refusal(row: int, why: str) -> Finding:
    return finding("CORRECTION_INVALID", f"corrections row {row} refused: {why}")


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
        raise _Refused(
            f"doc_id {doc_id!r} is not {DOC_ID_DIGITS} hex digits (a spreadsheet may have "
            "turned it into a number: format the column as text)"
        )
    if sha256 is not None and doc_id and doc_id_of(sha256) != doc_id:
        raise _Refused(f"doc_id {doc_id} is not the start of sha256 {sha256}", doc_id)
    doc_id = doc_id or doc_id_of(sha256) or ""
    if not doc_id:
        raise _Refused("neither doc_id nor sha256 is given")
    table = row["table"].lower().removesuffix(".csv")
    if table not in TABLE_NAMES:
        raise _Refused(f"unknown table {row['table']!r} (one of {', '.join(TABLE_NAMES)})", doc_id)
    key, text = row["key"], row["value"]
    try:
        target, value, written = _PARSERS[table](key, text)
    except _Refused as exc:
        raise _Refused(f"{table} {key!r}: {exc}", doc_id) from None
    return Correction(
        row=number,
        doc_id=doc_id,
        table=table,
        key=written,
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
            raise _Refused(f"value {text!r} is not a Buddhist-Era year {BE_YEAR_MIN}–{BE_YEAR_MAX}")
        return year
    if kind == "indicator":
        number = _integer(text)
        if number not in INDICATOR_BY_NUMBER:
            raise _Refused(f"value {text!r} is not an indicator number 1–10")
        return number
    if kind == "month":
        return _month(text)
    if kind in _CHOICES:
        if text not in _CHOICES[kind]:
            raise _Refused(f"value {text!r} is not one of {', '.join(_CHOICES[kind])}")
        return text
    return text


def _month(text: str) -> str:
    """A month ``YYYY-MM`` of the Common Era (as period_start and period_end hold them).

    Raises:
        _Refused: another form, a Buddhist-Era year (with the month to write instead), or
            a year outside the range the allowed Buddhist-Era years give.
    """
    month = thai_digits_to_arabic(text.strip())
    m = _MONTH.match(month)
    if m is None:
        raise _Refused(f"value {text!r} is not a month YYYY-MM (Common Era)")
    year = int(m.group(1))
    if BE_YEAR_MIN <= year <= BE_YEAR_MAX:
        raise _Refused(
            f"month {month} has a Buddhist-Era year; months are Common Era: write "
            f"{year - BE_TO_CE}-{m.group(2)}"
        )
    if not CE_YEAR_MIN <= year <= CE_YEAR_MAX:
        raise _Refused(f"month {month} is outside {CE_YEAR_MIN}–{CE_YEAR_MAX}")
    return month


def _integer(text: str) -> int | None:
    digits = thai_digits_to_arabic(text.strip())
    return int(digits) if digits.isascii() and digits.isdigit() else None


def _documents_key(key: str, text: str) -> tuple[tuple, object, str]:
    name = key.strip().lower()
    if name not in DOCUMENT_FIELDS:
        raise _Refused(
            f"not a documents field a correction may set (one of {', '.join(DOCUMENT_FIELDS)})"
        )
    return (name,), _value(DOCUMENT_FIELDS[name], text), name


def _indicator_key(key: str, text: str) -> tuple[tuple, object, str]:
    number = _integer(key)
    if number not in INDICATOR_BY_NUMBER:
        raise _Refused("the key is not an indicator number 1–10")
    return (number,), _value("score", text), str(number)


def _item_key(key: str, text: str) -> tuple[tuple, object, str]:
    written, _, group = key.strip().partition("/")
    # the code with its letter, as the item recogniser reads one (``E๓``, ``i 4``)
    item = parse_item_code(written, None)
    if item is None or not 1 <= item.number <= MAX_ITEM_NUMBER[item.tool]:
        raise _Refused("the key is not an item code (i4, e3/EitPublic, o12)")
    code = item.code
    if group:
        by_lower = {g.lower(): g for g in RESPONDENT_GROUPS}
        if group.strip().lower() not in by_lower:
            raise _Refused(
                f"unknown respondent group {group!r} (one of {', '.join(RESPONDENT_GROUPS)})"
            )
        group = by_lower[group.strip().lower()]
    return (code, group or None), _value("score", text), code + (f"/{group}" if group else "")


def _measure_key(key: str, text: str) -> tuple[tuple, object, str]:
    where_text, _, column = key.strip().partition("/")
    where_text = " ".join(thai_digits_to_arabic(where_text).lower().split())
    number = _integer(where_text)
    at = _MEASURE_AT.match(where_text)
    if number is not None:
        selector: tuple = ("no", number)
    elif at is not None and int(at.group(2)) >= 1 and (at.group(1) is None or int(at.group(1))):
        page = int(at.group(1)) if at.group(1) is not None else None
        selector = ("at", page, int(at.group(2)))
    else:
        raise _Refused(
            "the key is not a measure's number (3), nor where it stands (line 40 in a text "
            "file, page 3 line 14 in a PDF), alone or with /column (3/status)"
        )
    written = _selector_text(selector)
    if not column:
        if text:
            raise _Refused(
                "a value needs a column in the key (3/title, 3/status, page 3 line 14/status "
                f"…: {', '.join(MEASURE_COLUMNS)}); the measure alone with an empty value "
                "deletes it"
            )
        return (selector, None), None, written
    column = column.strip().lower()
    if column not in MEASURE_COLUMNS:
        raise _Refused(f"unknown measures column {column!r} (one of {', '.join(MEASURE_COLUMNS)})")
    return (selector, column), _value(MEASURE_COLUMNS[column], text), f"{written}/{column}"


def _selector_text(selector: tuple) -> str:
    """A measure key as written: ``3``, ``line 40``, ``page 3 line 14``."""
    if selector[0] == "no":
        return str(selector[1])
    return _at_text(selector[1], selector[2])


def _at_text(page: int | None, line: int | None) -> str:
    return f"line {line}" if page is None else f"page {page} line {line}"


_PARSERS = {
    "documents": _documents_key,
    "indicator_scores": _indicator_key,
    "item_scores": _item_key,
    "measures": _measure_key,
}


def apply_corrections(
    results: Iterable[DocumentResult],
    corrections: Iterable[Correction],
    refused: Iterable[Note] = (),
) -> Applied:
    """Apply corrections to a run's results (see the module's docstring); pure: the results
    given are not changed, a corrected one is a copy.

    Args:
        results: every document's rows of the run (a content under several names: each).
        corrections: as ``parse_corrections`` gives them, applied in order (a later one on
            the same key overrides the earlier, which is reported stale).
        refused: the rows ``parse_corrections`` refused: those whose doc_id is a document of
            the run become its findings, the others stay notes.
    """
    out = list(results)
    corrections = list(corrections)
    positions: dict[str, list[int]] = {}
    for i, r in enumerate(out):
        if r.doc_id is not None:
            positions.setdefault(r.doc_id, []).append(i)
    work: dict[int, _Work] = {}
    applied = Applied(out)
    for note in refused:
        where = positions.get(note.doc_id or "", [])
        for i in where:
            work.setdefault(i, _Work.of(out[i])).added.append(note.finding)
        if not where:
            applied.notes.append(note)
    later: dict[tuple, int] = {}
    overridden: dict[int, int] = {}  # index of a correction → row number of the later one
    for k in range(len(corrections) - 1, -1, -1):
        c = corrections[k]
        same = (c.doc_id, c.table, c.target)
        if same in later:
            overridden[k] = later[same]
        else:
            later[same] = c.row
    for k, c in enumerate(corrections):
        where = positions.get(c.doc_id, [])
        if not where:
            message = (
                f"{c.where()}: document {c.doc_id} is not among this run's documents (its file "
                "changed, so its SHA-256 is new, or it left the inputs); not applied"
            )
            applied.notes.append(Note(c.doc_id, None, finding("CORRECTION_STALE", message)))
            applied.stale += 1
            continue
        outcomes = set()
        for i in where:
            w = work.setdefault(i, _Work.of(out[i]))
            if k in overridden:
                why = f"corrections row {overridden[k]} sets the same key later, and wins"
                outcomes.add(w._stale(c, why))
            else:
                outcomes.add(w.apply(c))
        outcome = min(outcomes)  # the same content under several names: the same outcome
        applied.applied += outcome == _APPLIED
        applied.stale += outcome == _STALE
        applied.refused += outcome == _REFUSED
    for i, w in work.items():
        out[i] = w.result()
    return applied


_APPLIED, _STALE, _REFUSED = "applied", "stale", "refused"


def _show(value: object) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


def _without_prefix(value: str | None, pattern: re.Pattern, find) -> str | None:
    """A place name corrected by hand without its "จังหวัด"/"อำเภอ" (as ``find_province``
    and ``find_district`` read an extracted one)."""
    if value is None or pattern.match(value) is None:
        return value
    return find(value) or value


_PLACE_PREFIXES = {
    "district": (DISTRICT_PATTERN, find_district),
    "province": (PROVINCE_PATTERN, find_province),
}


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

    def apply(self, c: Correction) -> str:
        """Apply one correction; a ``CORRECTED``, ``CORRECTION_STALE`` or
        ``CORRECTION_INVALID`` finding says how. Returns what became of it."""
        if self.document.status == "failed":
            return self._stale(c, "the document failed this run (no rows to correct)")
        return getattr(self, f"_{c.table}")(c)

    def _stale(self, c: Correction, why: str) -> str:
        self.added.append(finding("CORRECTION_STALE", f"{c.where()}: {why}; not applied"))
        return _STALE

    def _refuse(self, c: Correction, why: str, record=None) -> str:
        page, line = (record.page, record.line) if record is not None else (None, None)
        message = f"corrections row {c.row} refused: {c.table} {c.key}: {why}"
        self.added.append(finding("CORRECTION_INVALID", message, page, line))
        return _REFUSED

    def _done(self, c: Correction, old: object, new: str, record=None, more: str = "") -> str:
        by = "; ".join(
            part
            for part in (
                f"reason: {c.reason}" if c.reason else "",
                f"author: {c.author}" if c.author else "",
            )
            if part
        )
        message = f"{c.where()}: {old} → {new}{more}" + (f" ({by})" if by else "")
        page, line = (record.page, record.line) if record is not None else (None, None)
        self.added.append(finding("CORRECTED", message, page, line))
        self.touched.add(c.table)
        return _APPLIED

    def _documents(self, c: Correction) -> str:
        (name,) = c.target
        old, value = getattr(self.document, name), c.value
        if name in _PLACE_PREFIXES:  # as extracted places are read: without the prefix
            value = _without_prefix(value, *_PLACE_PREFIXES[name])
        setattr(self.document, name, value)
        self.fields_set.add(name)
        more = self._follow_year(old, value) if name == "assessment_year_be" else ""
        return self._done(c, _show(old), _show(value), more=more)

    def _follow_year(self, old: int | None, new: int | None) -> str:
        """The document's indicator and item rows of its old assessment year take the new
        one (their method stays); what changed, for the finding."""
        indicators = [k for k, r in enumerate(self.indicators) if r.assessment_year_be == old]
        items = [k for k, r in enumerate(self.items) if r.assessment_year_be == old]
        for k in indicators:
            self.indicators[k] = replace(self.indicators[k], assessment_year_be=new)
        for k in items:
            self.items[k] = replace(self.items[k], assessment_year_be=new)
        if not indicators and not items:
            return ""
        return (
            f"; the year of {len(indicators)} indicator and {len(items)} item rows too "
            "(their indicator_no as extracted)"
        )

    def _place(self) -> None:
        """District and province checked as extracted ones are (``check_place``): the
        gazetteer's names, codes and English names, and the check's findings."""
        d = self.document
        org = find_organisation(d.org_name) if d.org_name else None
        check = check_place(org, d.district, d.province)
        district = d.district
        emptied = "district" in self.fields_set and district is None
        for f in check.findings:
            if not (emptied and f.code == "DISTRICT_FROM_GAZETTEER"):
                self.added.append(f)
        d.province, d.province_code, d.province_en = (
            check.province,
            check.province_code,
            check.province_en,
        )
        if emptied:  # emptied by hand: not filled in from the organisation's subdistrict
            d.district, d.district_code, d.district_en = None, None, None
        else:
            d.district, d.district_code, d.district_en = (
                check.district,
                check.district_code,
                check.district_en,
            )

    def _indicator_scores(self, c: Correction) -> str:
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
        return self._set_score(self.indicators, rows[0], c)

    def _set_score(self, rows: list, k: int, c: Correction) -> str:
        """Write the corrected score into ``rows[k]`` (an indicator or item row), or delete
        the row when the correction's value is empty."""
        record = rows[k]
        if c.value is None:
            del rows[k]
            return self._done(c, _show(record.score), "deleted (row removed)", record)
        rows[k] = replace(record, score=c.value, method=METHOD_CORRECTED)
        return self._done(c, _show(record.score), _show(c.value), record)

    def _item_scores(self, c: Correction) -> str:
        code, group = c.target
        rows = [
            k
            for k, r in enumerate(self.items)
            if r.item_code == code and r.respondent_group == group
        ]
        if len(rows) != 1:
            what = "no item" if not rows else f"{len(rows)} items"
            groups = sorted(
                {r.respondent_group for r in self.items if r.item_code == code} - {None}
            )
            hint = (
                f" (it has {', '.join(f'{code}/{g}' for g in groups)}: write the respondent "
                "group in the key)"
                if group is None and groups
                else ""
            )
            return self._stale(c, f"{what} {c.key} in this document{hint}")
        return self._set_score(self.items, rows[0], c)

    def _measures(self, c: Correction) -> str:
        selector, column = c.target
        if selector[0] == "no":
            rows = [k for k, r in enumerate(self.measures) if r.measure_no == selector[1]]
        else:
            rows = [
                k
                for k, r in enumerate(self.measures)
                if (r.page, r.line) == (selector[1], selector[2])
            ]
        if len(rows) != 1:
            return self._stale(c, self._measure_missed(selector, rows))
        record = self.measures[rows[0]]
        if column is None:
            del self.measures[rows[0]]
            return self._done(c, f"measure {_show(record.title)}", "deleted (row removed)", record)
        changes: dict[str, object] = {column: c.value}
        indicator = record.indicator_no
        if column == "indicator_no" and c.value is not None:
            indicator = c.value
            changes["tool"] = INDICATOR_BY_NUMBER[c.value].tool
        if column == "tool" and indicator is not None:
            tool = INDICATOR_BY_NUMBER[indicator].tool
            if c.value != tool:
                return self._refuse(
                    c, f"the row's indicator {indicator} is of tool {tool}, not {c.value}", record
                )
        if column in ("period_start", "period_end"):
            new = replace(record, **changes)
            if new.period_start and new.period_end and new.period_start > new.period_end:
                return self._refuse(
                    c,
                    f"period_start {new.period_start} would follow period_end {new.period_end}",
                    record,
                )
        self.measures[rows[0]] = replace(record, **changes, method=METHOD_CORRECTED)
        more = (
            f"; tool {_show(record.tool)} → {changes['tool']}"
            if "tool" in changes and changes["tool"] != record.tool and column != "tool"
            else ""
        )
        return self._done(c, _show(getattr(record, column)), _show(c.value), record, more)

    def _measure_missed(self, selector: tuple, rows: list[int]) -> str:
        """Why a measure key names no row or several, and the key form that singles a row
        out."""
        if selector[0] == "no":
            number = selector[1]
            if rows:
                at = ", ".join(_at_text(self.measures[k].page, self.measures[k].line) for k in rows)
                return (
                    f"{len(rows)} measures numbered {number} in this document: key one by "
                    f"where it stands ({at})"
                )
            unnumbered = any(r.measure_no is None for r in self.measures)
            return f"no measure numbered {number} in this document" + (
                " (measures without a number are keyed by where they stand: line L, or "
                "page P line L, as measures.csv gives page and line)"
                if unnumbered
                else ""
            )
        where = _at_text(selector[1], selector[2])
        if rows:
            numbers = [self.measures[k].measure_no for k in rows]
            distinct = None not in numbers and len(set(numbers)) == len(numbers)
            return f"{len(rows)} measures start at {where} in this document" + (
                f": key one by its number ({', '.join(str(n) for n in numbers)})"
                if distinct
                else " and no key form tells them apart"
            )
        pages = {r.page for r in self.measures}
        hint = ""
        if selector[1] is None and pages - {None}:
            hint = " (its measures are on pages of a PDF: write page P line L)"
        elif selector[1] is not None and pages == {None}:
            hint = " (a text file has no pages: write line L)"
        return f"no measure starts at {where} in this document{hint}"

    def result(self) -> DocumentResult:
        """The corrected result: rows, derived values and counts (module docstring)."""
        d = self.document
        if self.fields_set & {"district", "province"}:
            self._place()
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
