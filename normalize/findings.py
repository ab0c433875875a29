"""The registry of findings: every code a stage may report in validation.csv, once, with its
severity, the tables it concerns and what it means (after frictionless' error registry).

Every stage reports through it: readers (``Document.notes``), recognisers, normalisers
(``normalize.org``), the resolver and the batch. A ``Finding`` with a code that is not
registered here, or with a severity its code does not allow, cannot be made; the data
dictionary's list of codes is generated from ``FINDING_TYPES``. It lives in ``normalize/``,
the layer every other one imports, and knows nothing of them.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")
# The tables a finding may concern (validation.csv names the document; these say which of
# its rows to look at).
TABLES = ("documents", "indicator_scores", "item_scores", "measures")


@dataclass(frozen=True, slots=True)
class FindingType:
    """One kind of finding: ``code`` (UPPER_SNAKE), ``severities`` it is reported with (the
    first the usual one; ``error``: a value is likely wrong or was withheld, ``warning``: a
    value was corrected or is incomplete, ``info``: an observation), the ``tables`` whose
    rows it concerns, and a one-line ``description``."""

    code: str
    severities: tuple[str, ...]
    tables: tuple[str, ...]
    description: str


FINDING_TYPES: dict[str, FindingType] = {
    t.code: t
    for t in (
        FindingType(
            "OVERALL_MISMATCH",
            ("error",),
            ("documents",),
            "the stated overall score differs from the one recomputed from the ten indicators "
            "by more than 0.01.",
        ),
        FindingType(
            "LEVEL_MISMATCH",
            ("warning",),
            ("documents",),
            "the stated level disagrees with the level the assessment year's rules give.",
        ),
        FindingType(
            "LEVEL_CONFLICT",
            ("warning",),
            ("documents",),
            "the document states different levels in different places.",
        ),
        FindingType(
            "OVERALL_CONFLICT",
            ("warning",),
            ("documents",),
            "the document states different overall scores.",
        ),
        FindingType(
            "INDICATOR_CONFLICT",
            ("error", "warning"),
            ("indicator_scores",),
            "candidates for one indicator differ: error when table values disagree, warning "
            "when prose disagrees with the table.",
        ),
        FindingType(
            "INDICATOR_LABEL_MISMATCH",
            ("warning",),
            ("indicator_scores",),
            "a row's indicator number and its label name different indicators; its score is not "
            "used.",
        ),
        FindingType(
            "MULTI_SCORE_ROW",
            ("info",),
            ("indicator_scores",),
            "a table with several score columns (e.g. two years side by side) whose years its "
            "headings do not give was not read.",
        ),
        FindingType(
            "MULTI_AGENCY",
            ("warning",),
            ("documents", "indicator_scores"),
            "the document gives scores beside several agencies (a provincial summary, an award "
            "list, news); no agency's organisation, place or scores are written.",
        ),
        FindingType(
            "OTHER_YEAR_SCORES",
            ("info",),
            ("indicator_scores", "documents"),
            "scores the document gives for another year than the assessment year (a "
            "previous-year column, a comparison sentence) were not used.",
        ),
        FindingType(
            "ITEM_CONFLICT",
            ("error",),
            ("item_scores",),
            "readings of one item (code and group) disagree; the majority is kept, without one "
            "no value is written.",
        ),
        FindingType(
            "ITEM_MEAN_MISMATCH",
            ("warning",),
            ("indicator_scores", "item_scores"),
            "an IIT indicator differs from the mean of its items, or an EIT indicator from the "
            "mean of its respondent groups' item means, by more than 0.01.",
        ),
        FindingType(
            "MEASURE_STATUS_AMBIGUOUS",
            ("warning",),
            ("measures",),
            "more than one status column of a measure holds content and none names its own "
            "status; the status is written as unknown.",
        ),
        FindingType(
            "SCORE_OUT_OF_RANGE",
            ("error",),
            ("indicator_scores", "item_scores", "documents"),
            "a score outside 0–100; it is not used.",
        ),
        FindingType(
            "MISSING_INDICATORS",
            ("warning",),
            ("indicator_scores",),
            "some but not all ten indicator scores were found.",
        ),
        FindingType(
            "ASSESSMENT_YEAR_UNKNOWN",
            ("warning",),
            ("documents",),
            "scores found but no assessment year stated.",
        ),
        FindingType(
            "ASSESSMENT_YEAR_CONFLICT",
            ("info",),
            ("documents",),
            "the document names more than one assessment year; the most frequent is kept.",
        ),
        FindingType(
            "DISTRICT_CORRECTED",
            ("warning",),
            ("documents",),
            "the stated district is not in the gazetteer; the gazetteer's district is written "
            "instead.",
        ),
        FindingType(
            "DISTRICT_UNKNOWN",
            ("warning",),
            ("documents",),
            "the stated district could not be matched to the gazetteer.",
        ),
        FindingType(
            "DISTRICT_FROM_GAZETTEER",
            ("info",),
            ("documents",),
            "no district stated; it was taken from the gazetteer (the ตำบล an อบต. is named "
            "after).",
        ),
        FindingType(
            "PROVINCE_CORRECTED",
            ("warning",),
            ("documents",),
            "the stated province was misspelt; the gazetteer's name is written instead.",
        ),
        FindingType(
            "PROVINCE_UNKNOWN",
            ("warning",),
            ("documents",),
            "the stated province is not in the gazetteer.",
        ),
        FindingType(
            "ENCODING_DETECTED",
            ("info",),
            ("documents",),
            "a text file was not UTF-8 (or was UTF-16/32 with or without a byte-order mark); "
            "the detected encoding is named (utf_16_le: UTF-16 without a BOM).",
        ),
        FindingType(
            "PAGES_WITHOUT_TEXT",
            ("warning",),
            ("documents",),
            "some PDF pages have no usable text layer and were not read: OCR was not "
            "available (Tesseract with its Thai data is not installed), or it skipped them "
            "(OCR_PAGE_TIMEOUT, OCR_IMAGE_TOO_LARGE).",
        ),
        FindingType(
            "TEXT_REPAIRED",
            ("info",),
            ("documents",),
            "a PDF's text layer needed repairs; the counts by kind and page (pua: legacy "
            "Private Use Area glyphs, sara_am, space_before_mark, mark_order, …).",
        ),
        FindingType(
            "TEXT_LAYER_UNUSABLE",
            ("warning",),
            ("documents",),
            "a page's text layer is garbage (unreadable or impossible Thai) and was not read.",
        ),
        FindingType(
            "OCR_USED",
            ("info",),
            ("documents",),
            "pages without a usable text layer were read by OCR (Tesseract, with Thai digits "
            "read by the project's own glyph classifier); the pages are named.",
        ),
        FindingType(
            "OCR_UNCONFIRMED",
            ("warning", "info"),
            ("indicator_scores", "item_scores", "documents"),
            "values read by OCR were not written because nothing confirms them: scores that the "
            "document's arithmetic does not give (all ten indicators and a stated overall score "
            "within 0.01 of theirs, or, for one IIT/EIT indicator, the mean of its items within "
            "0.01) and that are not read alike at two independent places; an organisation, "
            "district or province that the gazetteer does not know and the document does not "
            "name alike twice. The values read are named. Info: item scores read by OCR not "
            "written (only items whose mean gives their indicator's score are).",
        ),
        FindingType(
            "OCR_PAGE_TIMEOUT",
            ("warning",),
            ("documents",),
            "Tesseract took longer than the time limit per page (--page-timeout) on the pages "
            "named; they were not read, and the document is extracted again on the next run.",
        ),
        FindingType(
            "OCR_IMAGE_TOO_LARGE",
            ("warning",),
            ("documents",),
            "the pages named hold an image larger than the reader's limit "
            "(ReadOptions.max_image_megapixels); they were not rendered for OCR.",
        ),
        FindingType(
            "STALE_ROWS",
            ("warning",),
            ("documents", "indicator_scores", "item_scores", "measures"),
            "extracting the file again failed (the reason is given); its rows are those of its "
            "last successful extraction (same bytes), whose version and time are named.",
        ),
        FindingType(
            "CORRECTED",
            ("info",),
            ("documents", "indicator_scores", "item_scores", "measures"),
            "a value was set or deleted by a row of the corrections file (--corrections): the "
            "table, key, the value extracted and the value written, the row's reason and "
            "author. The row's method is corrected (documents: corrected_fields).",
        ),
        FindingType(
            "CORRECTION_STALE",
            ("warning",),
            ("documents", "indicator_scores", "item_scores", "measures"),
            "a correction was not applied: its document is not among this run's (its file "
            "changed, so its SHA-256 is new, or it left the inputs; doc_id is the "
            "correction's, source_path empty), the document failed, its key names no row of "
            "the document or several (the message says which key form singles one out), or "
            "a later row of the file sets the same key (the later one is applied).",
        ),
        FindingType(
            "CORRECTION_INVALID",
            ("error",),
            ("documents", "indicator_scores", "item_scores", "measures"),
            "a row of the corrections file was refused (its row number, header = row 1, and "
            "why: unknown table or key, a value of the wrong kind or out of range, no doc_id "
            "or sha256; when applied: a measure's tool that is not its indicator's, a period "
            "start after its end); the other rows are applied. A row of a document of the "
            "run is that document's finding (its source_path).",
        ),
        FindingType(
            "READ_FAILED",
            ("error",),
            ("documents",),
            "the file could not be read (also in documents.csv error).",
        ),
    )
}


class UnregisteredFinding(ValueError):
    """A finding's code is not in ``FINDING_TYPES``, or its severity is not one its code
    allows: a bug of the producer (register the code, with its meaning, first)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A doubt or an observation for validation.csv: ``severity`` (see ``FindingType``),
    ``code`` (registered), ``message`` (what was found, with the values), and where: 1-based
    ``page`` (``None`` for text files or the whole document) and ``line``.

    Raises:
        UnregisteredFinding: the code is not registered or does not take this severity.
    """

    severity: str
    code: str
    message: str
    page: int | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        kind = FINDING_TYPES.get(self.code)
        if kind is None:
            raise UnregisteredFinding(f"finding code {self.code!r} is not registered")
        if self.severity not in kind.severities:
            raise UnregisteredFinding(
                f"{self.code} is reported as {'/'.join(kind.severities)}, not {self.severity!r}"
            )


def finding(code: str, message: str, page: int | None = None, line: int | None = None) -> Finding:
    """A finding of ``code`` with its usual severity (the first the registry gives it).

    Raises:
        UnregisteredFinding: the code is not registered.
    """
    kind = FINDING_TYPES.get(code)
    if kind is None:
        raise UnregisteredFinding(f"finding code {code!r} is not registered")
    return Finding(kind.severities[0], code, message, page, line)
