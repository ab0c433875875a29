"""The resolver: one value per field from the recognisers' candidates, every doubt as a
finding, and ITA's own arithmetic as checks.

    resolve()  ─► choose   (one value per field: range, majority, table before prose,
               │            text layer before OCR, the assessment year's values)
               ├► ocr      (which values read by OCR are confirmed, and how)
               └► checks   (overall, level, missing indicators, item means)

Each step's rules are in its module's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from extract.candidates import IndicatorCandidate
from extract.items import ItemCandidate
from extract.measures import MeasureRecord
from extract.metadata import MetadataCandidates
from ita_extract.records import DocumentRecord, IndicatorRecord, ItemRecord
from ita_extract.resolve.checks import check_document, check_item_means, item_means
from ita_extract.resolve.choose import choose_indicators, choose_items, of_year, pick
from ita_extract.resolve.ocr import (
    OcrEvidence,
    confirm_indicators,
    confirm_items,
    confirm_overall,
    confirm_place,
)
from normalize.findings import Finding
from normalize.ita import INDICATOR_BY_NUMBER, level_for, overall_from_indicators, tool_means
from normalize.org import check_place

__all__ = ["OcrEvidence", "Resolved", "resolve"]


@dataclass(slots=True)
class Resolved:
    """The resolver's result for one document: its documents.csv fields (those the batch
    sets, such as ``status``, are left ``None``), its indicator, item and measure rows, and
    its findings."""

    document: DocumentRecord = field(default_factory=DocumentRecord)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    items: list[ItemRecord] = field(default_factory=list)
    measures: list[MeasureRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def resolve(
    meta: MetadataCandidates,
    candidates: list[IndicatorCandidate],
    items: list[ItemCandidate],
    measures: list[MeasureRecord],
    findings: list[Finding],
    ocr: OcrEvidence | None = None,
) -> Resolved:
    """Choose one value per field and run the checks.

    Args:
        meta: the metadata recogniser's candidates.
        candidates: the indicator recogniser's candidates.
        items: the item recogniser's candidates.
        measures: the measures recogniser's rows; each is one fact of its own (nothing to
            choose between), so they pass through.
        findings: findings already raised by readers and recognisers (kept, in order).
        ocr: what the document's OCR pages are and read (default: none); the values read
            on them go through the OCR gate (``ita_extract.resolve.ocr``).

    Returns:
        The document's fields (org_name … n_measures, as in documents.csv), one
        IndicatorRecord per indicator written, the item and measure rows, and all findings
        (those given first, then the resolver's).
    """
    out = Resolved(findings=list(findings))
    ocr = ocr or OcrEvidence()
    if meta.report_type == "multi_agency":
        return _many_agencies(meta, out)
    d = out.document
    _resolve_place(meta, ocr, out)
    d.report_type = meta.report_type
    d.report_year_be = meta.report_year.value if meta.report_year else None
    year = pick(meta.assessment_years, "ASSESSMENT_YEAR_CONFLICT", "info", out.findings)
    d.assessment_year_be = year
    candidates = of_year(candidates, year, "indicator scores", out.findings)
    overall_scores = of_year(meta.overall_scores, year, "overall scores", out.findings)

    # Choose: one value per indicator and per item (the items' findings are reported after
    # the document's checks, with the items' own check, for the items the OCR gate keeps).
    chosen = choose_indicators(candidates, ocr.pages, out.findings)
    item_choices = choose_items(items, year, ocr.pages)
    item_records = [c.record for c in item_choices if c.record is not None]

    # The OCR gate: indicators, then the overall score.
    ocr_cands = [c for c in candidates if c.where.page in ocr.pages]
    gate = confirm_indicators(
        chosen, ocr_cands, overall_scores, item_means(item_records), ocr, out.findings
    )
    for n in gate.withheld:
        del chosen[n]
    scores = {n: c.score for n, c in chosen.items()}
    computed = overall_from_indicators(scores)
    out.indicators = [
        _indicator_record(n, c, year, gate.methods.get(n)) for n, c in sorted(chosen.items())
    ]
    overall_text = [c for c in overall_scores if c.where.page not in ocr.pages]
    overall_ocr = confirm_overall(
        [c for c in overall_scores if c.where.page in ocr.pages],
        computed,
        gate.contradicted,
        ocr,
        out.findings,
    )
    stated = pick(overall_text or overall_ocr, "OVERALL_CONFLICT", "warning", out.findings)
    d.overall_score = stated
    d.overall_score_computed = computed
    stated_level = pick(meta.levels, "LEVEL_CONFLICT", "warning", out.findings)
    level = level_for(year, stated if stated is not None else computed, tool_means(scores))
    d.stated_level = stated_level
    d.level_computed = level
    d.n_indicators = len(scores)
    if not scores and stated is None and not items and meta.report_type == "other":
        # the assessment year is the year of an ITA report's scores; a document that is no
        # ITA report and states none (a memo, a survey) has none, whatever year it mentions
        # (no item was read either, so no item row carries the year)
        year = d.assessment_year_be = None

    # Checks, then the items: the OCR gate's, the choice's findings, the items' check.
    check_document(scores, stated, computed, stated_level, level, year, out.findings)
    out.items = confirm_items(item_choices, gate, scores, out.findings)
    check_item_means(out.items, scores, out.findings)
    d.n_items = len(out.items)
    out.measures = list(measures)
    d.n_measures = len(out.measures)
    return out


def _resolve_place(meta: MetadataCandidates, ocr: OcrEvidence, out: Resolved) -> None:
    """The organisation, its district and province (checked against the gazetteer by
    ``normalize.org.check_place``; read by OCR, also by ``ocr.confirm_place``)."""
    org = meta.organisation
    place = check_place(org, meta.district, meta.province)
    where = meta.organisation_where
    at = {"page": where.page, "line": where.line} if where is not None else {}
    out.findings += [replace(f, **at) for f in place.findings]
    if where is not None and where.page in ocr.pages:
        org = confirm_place(org, meta, place, out.findings)
    d = out.document
    d.org_name = org.name if org else None
    d.org_type = org.org_type if org else None
    d.district = place.district
    d.district_en = place.district_en
    d.district_code = place.district_code
    d.province = place.province
    d.province_en = place.province_en
    d.province_code = place.province_code


def _indicator_record(
    number: int, chosen: IndicatorCandidate, year: int | None, method: str | None
) -> IndicatorRecord:
    """The row of a chosen indicator; ``method`` is the OCR gate's, else where it was read."""
    ind = INDICATOR_BY_NUMBER[number]
    return IndicatorRecord(
        assessment_year_be=year,
        indicator_no=number,
        indicator_name=ind.name_th,
        indicator_name_en=ind.name_en,
        tool=ind.tool,
        score=chosen.score,
        raw_label=chosen.raw_label,
        match_score=chosen.match_score,
        method=method or chosen.where.method,
        page=chosen.where.page,
        line=chosen.where.line,
        **chosen.where.box_fields(),
    )


def _many_agencies(meta: MetadataCandidates, out: Resolved) -> Resolved:
    """A document about many agencies: no organisation, place or score of its own is written
    (none of its numbers is one agency's), and a ``MULTI_AGENCY`` finding names them."""
    names = meta.agencies_with_scores
    out.findings.append(
        Finding(
            "warning",
            "MULTI_AGENCY",
            f"scores beside {len(names)} agencies ("
            + ", ".join(names[:5])
            + (", …" if len(names) > 5 else "")
            + "): a document about many agencies, no agency's scores written",
        )
    )
    d = out.document  # organisation, place, years and scores stay None
    d.report_type = meta.report_type
    d.report_year_be = meta.report_year.value if meta.report_year else None
    d.n_indicators = d.n_items = d.n_measures = 0
    return out
