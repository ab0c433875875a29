"""The resolver: one value per field from the recognisers' candidates, and every doubt as a
finding. Also runs ITA's own arithmetic as checks.

Precedence and rules (each one a finding when it bites):
- indicator scores: candidates outside 0–100 are dropped (``SCORE_OUT_OF_RANGE``, error).
  Table candidates beat prose candidates. If the table candidates agree, that is the value,
  and prose that disagrees is an ``INDICATOR_CONFLICT`` warning. If table candidates disagree,
  the value held by a strict majority of them is kept, with an ``INDICATOR_CONFLICT`` error;
  without a majority no value is written (a wrong score is worse than a missing one).
  Prose-only indicators follow the same majority rule.
- overall score, stated level and assessment year: the most frequent candidate, earliest in
  the document on a tie; disagreement is ``OVERALL_CONFLICT`` / ``LEVEL_CONFLICT`` (warning) /
  ``ASSESSMENT_YEAR_CONFLICT`` (info: reports often mention neighbouring years).
- checks (``normalize.ita``): the recomputed overall score against the stated one
  (``OVERALL_MISMATCH`` when they differ by more than 0.01); the level the year's rules give
  against the stated level (``LEVEL_MISMATCH``); some but not all ten indicators
  (``MISSING_INDICATORS``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.candidates import FieldCandidate, Finding, IndicatorCandidate, Provenance
from extract.items import ItemCandidate
from extract.measures import MeasureRecord
from extract.metadata import MetadataCandidates
from extract.model import Document
from normalize.ita import (
    INDICATOR_BY_NUMBER,
    SCORE_TOLERANCE,
    indicator_of_item,
    level_consistent,
    level_for,
    overall_from_indicators,
    tool_means,
)
from normalize.org import Organisation, PlaceCheck, check_place, is_gazetteer_place

SCORE_MIN, SCORE_MAX = 0.0, 100.0
# Float comparison slack on top of SCORE_TOLERANCE (0.01 exactly must not be flagged).
_EPS = 1e-9


@dataclass(slots=True)
class IndicatorRecord:
    """One row of indicator_scores.csv (without doc_id and source_path)."""

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


@dataclass(slots=True)
class ItemRecord:
    """One row of item_scores.csv (without doc_id and source_path)."""

    assessment_year_be: int | None
    tool: str
    indicator_no: int | None
    item_code: str
    respondent_group: str | None
    item_text: str
    score: float
    raw_code: str
    page: int | None
    line: int | None


@dataclass(slots=True)
class Resolved:
    """The resolver's result for one document: the document fields, its indicator rows and
    its findings."""

    fields: dict[str, object] = field(default_factory=dict)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    items: list[ItemRecord] = field(default_factory=list)
    measures: list[MeasureRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# An OCR score as ITA reports write them: two decimals, or full marks written "100".
_WHOLE_SCORE = re.compile(r"^(?:\d{1,3}\.\d{2}|100)$")
# Two readings of one OCR value are independent when they stand on different pages, or in a
# table row and a sentence at least this many lines apart on one page (a sentence and the
# row it wraps into are one reading).
RESTATED_MIN_LINES = 3


def _apart(a: Provenance, b: Provenance) -> bool:
    """Whether two places of an OCR document are independent readings (RESTATED_MIN_LINES)."""
    if a.page != b.page:
        return True
    far = a.line is not None and b.line is not None and abs(a.line - b.line) >= RESTATED_MIN_LINES
    return far and a.method != b.method


def _restated(candidates: list[IndicatorCandidate], score: float) -> bool:
    """Whether an indicator read by OCR as ``score`` was read alike at two independent places
    of the document (a table and the summary sentence that repeats it, two pages)."""
    alike = [c for c in candidates if abs(c.score - score) <= _EPS]
    return any(_apart(a.where, b.where) for i, a in enumerate(alike) for b in alike[i + 1 :])


@dataclass(frozen=True, slots=True)
class OcrEvidence:
    """What the resolver needs to know of a document's OCR: the pages read by OCR, and the
    numbers on them read twice alike (``Page.read_twice``) as (page, line, value) with the
    value rounded to 0.01."""

    pages: frozenset[int | None] = frozenset()
    read_twice: frozenset[tuple[int | None, int, float]] = frozenset()

    @classmethod
    def of(cls, doc: Document) -> OcrEvidence:
        """The evidence of a read document (empty for text files and text-layer PDFs)."""
        pages = [p for p in doc.pages if p.text_source == "ocr"]
        twice = frozenset(  # the reader keeps only decimal numbers ("75.52")
            (page.number, line, round(float(number), 2))
            for page in pages
            for line, numbers in page.read_twice.items()
            for number in numbers
        )
        return cls(frozenset(p.number for p in pages), twice)

    def read_twice_at(self, where: Provenance, value: float) -> bool:
        """Whether ``value`` was read twice alike on the line (or table row) of ``where``."""
        return (where.page, where.line, round(value, 2)) in self.read_twice


def _restated_overall(overall: list[FieldCandidate]) -> FieldCandidate | None:
    """The OCR overall score read alike at two independent places, or ``None``."""
    for i, a in enumerate(overall):
        for b in overall[i + 1 :]:
            if abs(float(a.value) - float(b.value)) <= _EPS and _apart(a.where, b.where):
                return a
    return None


def _confirmed_ocr_overall(
    overall_ocr: list[FieldCandidate],
    computed: float | None,
    contradicted: bool,
    ocr: OcrEvidence,
    findings: list[Finding],
) -> list[FieldCandidate]:
    """The overall score read by OCR that is confirmed, as a list of at most one: the one the
    written indicators give (all ten); else, unless the ten read contradicted the stated
    overall, one read alike at two independent places (``_restated_overall``) or read twice
    alike at its place, no other value being so. Anything else is named in an
    ``OCR_UNCONFIRMED`` finding and not written."""
    if not overall_ocr:
        return []
    if computed is not None:
        agreeing = [
            c for c in overall_ocr if abs(float(c.value) - computed) <= SCORE_TOLERANCE + _EPS
        ]
        return agreeing[:1]  # an OCR overall counts only as the one that agrees
    if not contradicted:
        again = _restated_overall(overall_ocr)
        if again is not None:
            return [again]  # read alike at two places of the document
        sure = [c for c in overall_ocr if ocr.read_twice_at(c.where, float(c.value))]
        if len({float(c.value) for c in sure}) == 1:
            return sure[:1]  # read twice alike at its place, and no other value so
    findings.append(
        Finding(
            "warning",
            "OCR_UNCONFIRMED",
            "overall score read by OCR not written, as "
            + (
                "it is not the one the ten indicators read give"
                if contradicted
                else "no indicator scores confirm it"
            )
            + ": "
            + ", ".join(f"{c.value:g} (page {c.where.page})" for c in overall_ocr),
        )
    )
    return []


def _checked_ocr_place(
    org: Organisation | None,
    meta: MetadataCandidates,
    place: PlaceCheck,
    findings: list[Finding],
) -> Organisation | None:
    """The organisation, district and province read by OCR, each only when it passes a check
    of its own: the gazetteer knows the name (the district and province after ``check_place``,
    the place an organisation is named after), or the document names it alike at least twice
    (``MetadataCandidates.mentions``: two readings). What fails is set to ``None`` on
    ``place`` / returned as ``None``, and named in an ``OCR_UNCONFIRMED`` finding."""
    withheld = []

    def confirmed(name: str, known: bool) -> bool:
        return known or meta.mentions.get(name, 0) >= 2

    province, district = place.province, place.district
    if province is not None and not confirmed(province, place.province_code is not None):
        withheld.append(f"province {place.province!r}")
        place.province = None
    if district is not None and not confirmed(district, place.district_code is not None):
        withheld.append(f"district {place.district!r}")
        place.district = None
    if org is not None and not confirmed(org.place, is_gazetteer_place(org.place)):
        withheld.append(f"organisation {org.name!r}")
        org = None
    if withheld:
        findings.append(
            Finding(
                "warning",
                "OCR_UNCONFIRMED",
                "read by OCR and not written, as neither the gazetteer nor a second mention "
                "confirms it: " + ", ".join(withheld),
            )
        )
    return org


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
        ocr: what the document's OCR pages are and read (default: none). Scores of those
            pages never override a text-layer value and are written only when something
            independent confirms them, recorded in their ``method``: all ten indicators
            present and an overall score stated in the document (on any page) within 0.01 of
            the one they give (``ocr+overall``); or, one IIT/EIT indicator at a time, its
            items' mean (as ``_item_means`` computes it) within 0.01 of it — which confirms
            those items too (``ocr+items``); or one indicator read alike at two independent
            places of the document (``ocr+restated``; ``_apart``); or its number read twice
            alike by two readings of the image, sure of every digit
            (``ocr+two_reads``; ``extract.readers.ocr._read_twice``). An OCR overall score is
            written when the indicators give it, or when it is read alike at two independent
            places or twice alike at one. Anything else read by OCR is withheld
            (``OCR_UNCONFIRMED``), OIT items always. Never confirmed: a score read without
            two decimals (``_WHOLE_SCORE``; a lost last digit escapes the arithmetic), and,
            when all ten are present and the stated overall is not the one they give, every
            OCR value (something is misread).

    Returns:
        The document fields (org_name … n_measures, as in documents.csv), one
        IndicatorRecord per indicator found, the item and measure rows, and all findings.
    """
    out = Resolved(findings=list(findings))
    ocr = ocr or OcrEvidence()
    ocr_pages = ocr.pages
    f = out.fields
    if meta.report_type == "multi_agency":
        return _many_agencies(meta, out)
    org = meta.organisation
    place = check_place(org, meta.district, meta.province)
    where = meta.organisation_where
    for severity, code, message in place.findings:
        out.findings.append(
            Finding(severity, code, message, where and where.page, where and where.line)
        )
    if where is not None and where.page in ocr_pages:
        org = _checked_ocr_place(org, meta, place, out.findings)
    f["org_name"] = org.name if org else None
    f["org_type"] = org.org_type if org else None
    f["district"] = place.district
    f["district_en"] = place.district_en
    f["district_code"] = place.district_code
    f["province"] = place.province
    f["province_en"] = place.province_en
    f["province_code"] = place.province_code
    f["report_type"] = meta.report_type
    f["report_year_be"] = meta.report_year.value if meta.report_year else None
    year = _pick(meta.assessment_years, "ASSESSMENT_YEAR_CONFLICT", "info", out.findings)
    f["assessment_year_be"] = year
    candidates = _of_year(candidates, year, "indicator scores", out.findings)
    overall_scores = _of_year(meta.overall_scores, year, "overall scores", out.findings)

    text_cands = [c for c in candidates if c.where.page not in ocr_pages]
    ocr_cands = [c for c in candidates if c.where.page in ocr_pages]
    chosen_by_number: dict[int, IndicatorCandidate] = {}
    for pool in (text_cands, ocr_cands):  # OCR never overrides a text-layer value
        for number in sorted({c.number for c in pool} - set(chosen_by_number)):
            chosen = _resolve_indicator(
                number, [c for c in pool if c.number == number], out.findings
            )
            if chosen is not None:
                chosen_by_number[number] = chosen
    overall_text = [c for c in overall_scores if c.where.page not in ocr_pages]
    overall_ocr = [c for c in overall_scores if c.where.page in ocr_pages]
    scores = {n: c.score for n, c in chosen_by_number.items()}
    computed = overall_from_indicators(scores)
    from_ocr = {n for n, c in chosen_by_number.items() if c.where.page in ocr_pages}
    confirmed = computed is not None and any(
        abs(float(c.value) - computed) <= SCORE_TOLERANCE + _EPS for c in overall_scores
    )
    # All ten and a stated overall that they do not give: something is misread, and no
    # single OCR value can be trusted on its own evidence.
    contradicted = computed is not None and bool(overall_scores) and not confirmed
    # Item means confirm single indicators (IIT, EIT) when the overall does not confirm all,
    # and the items of an indicator whose score they give.
    means_of_items = _item_means(resolve_items(items, year, {}, []))
    agree = {
        n
        for n in scores
        if n in means_of_items and abs(means_of_items[n] - scores[n]) <= SCORE_TOLERANCE + _EPS
    }
    restated = {
        n for n in from_ocr if _restated([c for c in ocr_cands if c.number == n], scores[n])
    }
    twice = {
        n
        for n in from_ocr
        if any(
            ocr.read_twice_at(c.where, c.score)
            for c in ocr_cands
            if c.number == n and abs(c.score - scores[n]) <= _EPS
        )
    }
    # A score read without two decimals may be a part of the number ("97" for 97.03): the
    # arithmetic cannot tell (it moves a mean of five by 0.006), so nothing confirms it.
    # (unless the document writes the same value with two decimals elsewhere)
    partial = {
        n
        for n in from_ocr
        if not any(
            _WHOLE_SCORE.match(c.raw_value)
            for c in ocr_cands
            if c.number == n and abs(c.score - scores[n]) <= _EPS
        )
    }
    if partial:
        out.findings.append(
            Finding(
                "warning",
                "OCR_UNCONFIRMED",
                "scores read by OCR not written, as they were read without two decimals (a "
                "part of a number?): "
                + ", ".join(
                    f"indicator {n} = {chosen_by_number[n].raw_value} (page "
                    f"{chosen_by_number[n].where.page})"
                    for n in sorted(partial)
                ),
            )
        )
    checkable = from_ocr - partial
    confirmation: dict[int, str] = {}
    if confirmed:
        confirmation = {n: "ocr+overall" for n in checkable}
    elif not contradicted:  # the strongest evidence names the method: the last one applied
        for method, evidence in (
            ("ocr+two_reads", twice),
            ("ocr+restated", restated),
            ("ocr+items", agree),
        ):
            confirmation.update({n: method for n in checkable & evidence})
    unconfirmed = checkable - set(confirmation)
    if unconfirmed:
        out.findings.append(
            Finding(
                "warning",
                "OCR_UNCONFIRMED",
                "scores read by OCR not written, as "
                + (
                    "the overall score the document states is not the one the ten give"
                    if contradicted
                    else "the document's arithmetic does not confirm them"
                )
                + ": "
                + ", ".join(
                    f"indicator {n} = {chosen_by_number[n].score:g} (page "
                    f"{chosen_by_number[n].where.page})"
                    for n in sorted(unconfirmed)
                ),
            )
        )
    if partial | unconfirmed:
        for n in partial | unconfirmed:
            del chosen_by_number[n]
        scores = {n: c.score for n, c in chosen_by_number.items()}
        computed = overall_from_indicators(scores)
    for number, chosen in sorted(chosen_by_number.items()):
        ind = INDICATOR_BY_NUMBER[number]
        out.indicators.append(
            IndicatorRecord(
                assessment_year_be=year,
                indicator_no=number,
                indicator_name=ind.name_th,
                indicator_name_en=ind.name_en,
                tool=ind.tool,
                score=chosen.score,
                raw_label=chosen.raw_label,
                match_score=chosen.match_score,
                method=confirmation.get(number, chosen.where.method),
                page=chosen.where.page,
                line=chosen.where.line,
            )
        )
    overall_ocr = _confirmed_ocr_overall(overall_ocr, computed, contradicted, ocr, out.findings)
    stated = _pick(overall_text or overall_ocr, "OVERALL_CONFLICT", "warning", out.findings)
    f["overall_score"] = stated
    f["overall_score_computed"] = computed
    stated_level = _pick(meta.levels, "LEVEL_CONFLICT", "warning", out.findings)
    means = tool_means(scores)
    level = level_for(year, stated if stated is not None else computed, means)
    f["stated_level"] = stated_level
    f["level_computed"] = level
    f["n_indicators"] = len(scores)
    if not scores and stated is None and not items and meta.report_type == "other":
        # the assessment year is the year of an ITA report's scores; a document that is no
        # ITA report and states none (a memo, a survey) has none, whatever year it mentions
        year = f["assessment_year_be"] = None
    _checks(out, scores, stated, computed, stated_level, level, year)
    # OCR item scores are written where their mean equals their indicator's (confirmed).
    ocr_items = [c for c in items if c.where.page in ocr_pages]
    kept = [
        c for c in ocr_items if _indicator_of(c, year) in agree and _indicator_of(c, year) in scores
    ]
    if len(kept) < len(ocr_items):
        out.findings.append(
            Finding(
                "info",
                "OCR_UNCONFIRMED",
                f"{len(ocr_items) - len(kept)} item scores read by OCR not written (their "
                "indicator's score does not confirm them)",
            )
        )
    items = [c for c in items if c.where.page not in ocr_pages] + kept
    out.items = resolve_items(items, year, scores, out.findings)
    f["n_items"] = len(out.items)
    out.measures = list(measures)
    f["n_measures"] = len(out.measures)
    return out


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
    f = out.fields
    for key in (
        "org_name", "org_type", "district", "district_en", "district_code", "province",
        "province_en", "province_code", "assessment_year_be", "overall_score",
        "overall_score_computed", "stated_level", "level_computed",
    ):  # fmt: skip
        f[key] = None
    f["report_type"] = meta.report_type
    f["report_year_be"] = meta.report_year.value if meta.report_year else None
    f["n_indicators"] = f["n_items"] = f["n_measures"] = 0
    return out


def _of_year(cands: list, year: int | None, what: str, findings: list[Finding]) -> list:
    """The candidates that belong to the assessment year ``year``: those the document gives
    no year, and those it gives ``year``. With no assessment year known, scores given one
    single year are kept (the document gives no other), scores given several are not. Those
    dropped are an ``OTHER_YEAR_SCORES`` info finding."""
    tagged = {c.year_be for c in cands if c.year_be is not None}
    if year is None and len(tagged) == 1:
        return list(cands)
    kept = [c for c in cands if c.year_be is None or c.year_be == year]
    if len(kept) < len(cands):
        years = sorted(tagged - {year})
        findings.append(
            Finding(
                "info",
                "OTHER_YEAR_SCORES",
                f"{len(cands) - len(kept)} {what} of other years ("
                + ", ".join(str(y) for y in years)
                + ") than the assessment year not used",
            )
        )
    return kept


def _checks(
    out: Resolved,
    scores: dict[int, float],
    stated: float | None,
    computed: float | None,
    stated_level: str | None,
    level: str | None,
    year: int | None,
) -> None:
    if (
        stated is not None
        and computed is not None
        and abs(stated - computed) > (SCORE_TOLERANCE + _EPS)
    ):
        out.findings.append(
            Finding(
                "error",
                "OVERALL_MISMATCH",
                f"stated overall {stated:.2f} but 0.3×IIT + 0.3×EIT + 0.4×OIT of the ten "
                f"indicators gives {computed:.2f}",
            )
        )
    if stated is not None and not (SCORE_MIN <= stated <= SCORE_MAX):
        out.findings.append(
            Finding("error", "SCORE_OUT_OF_RANGE", f"overall score {stated} outside 0–100")
        )
    if stated_level is not None:
        overall = stated if stated is not None else computed
        if level_consistent(stated_level, level, overall) is False:
            out.findings.append(
                Finding(
                    "warning",
                    "LEVEL_MISMATCH",
                    f"stated level {stated_level!r}, but the {year} rules give "
                    f"{level or 'a different level'} for {overall:.2f}",
                )
            )
    if 0 < len(scores) < len(INDICATOR_BY_NUMBER):
        missing = [n for n in INDICATOR_BY_NUMBER if n not in scores]
        out.findings.append(
            Finding(
                "warning",
                "MISSING_INDICATORS",
                f"{len(scores)} of 10 indicator scores found; missing: "
                + ", ".join(str(n) for n in missing),
            )
        )
    if scores and year is None:
        out.findings.append(
            Finding(
                "warning",
                "ASSESSMENT_YEAR_UNKNOWN",
                "indicator scores found but no assessment year stated",
            )
        )


def _in_range(cands: list, label, findings: list[Finding]) -> list:
    """Drop candidates outside 0–100, each with a SCORE_OUT_OF_RANGE error."""
    valid = []
    for c in cands:
        if SCORE_MIN <= c.score <= SCORE_MAX:
            valid.append(c)
            continue
        findings.append(
            Finding(
                "error",
                "SCORE_OUT_OF_RANGE",
                f"{label(c)}: {c.score:g} outside 0–100, not used",
                c.where.page,
                c.where.line,
            )
        )
    return valid


def _majority(cands: list, what: str, code: str, findings: list[Finding]):
    """The candidate whose score a strict majority of ``cands`` holds; on any disagreement an
    error finding, and ``None`` without a majority."""
    counts = Counter(c.score for c in cands)
    (value, n), *rest = counts.most_common()
    if rest:
        kept = n > len(cands) / 2
        first = cands[0]
        findings.append(
            Finding(
                "error",
                code,
                f"{what}: {first.where.method} values disagree ("
                + ", ".join(f"{v:g}×{k}" for v, k in counts.most_common())
                + (f"); kept {value:g}, the majority" if kept else "); no value written"),
                first.where.page,
                first.where.line,
            )
        )
        if not kept:
            return None
    return next(c for c in cands if c.score == value)


def _resolve_indicator(
    number: int, cands: list[IndicatorCandidate], findings: list[Finding]
) -> IndicatorCandidate | None:
    valid = _in_range(cands, lambda c: f"indicator {number} ({c.raw_label!r})", findings)
    table = [c for c in valid if c.where.method == "table"]
    prose = [c for c in valid if c.where.method != "table"]
    primary = table or prose
    if not primary:
        return None
    chosen = _majority(primary, f"indicator {number}", "INDICATOR_CONFLICT", findings)
    if chosen is None:
        return None
    if table:
        for c in prose:
            if c.score != chosen.score:
                findings.append(
                    Finding(
                        "warning",
                        "INDICATOR_CONFLICT",
                        f"indicator {number}: prose says {c.raw_value}, table says "
                        f"{chosen.score:g}; table kept",
                        c.where.page,
                        c.where.line,
                    )
                )
    return chosen


def resolve_items(
    cands: list[ItemCandidate],
    year: int | None,
    indicator_scores: dict[int, float],
    findings: list[Finding],
) -> list[ItemRecord]:
    """One item score per (item code, respondent group), and the items-against-indicators
    check.

    An item's indicator is the one its section heading names, else the year's item map
    (``normalize.ita.ITEM_MAPS``). Check (``ITEM_MEAN_MISMATCH``, warning, more than 0.01
    apart): an IIT indicator is the mean of its items; an EIT indicator is the mean, over the
    respondent groups present, of each group's mean of its items (both SEEN in sample 001).
    OIT items are not checked: their indicator is not their plain mean.
    """
    keys: dict[tuple[str, str | None], list[ItemCandidate]] = {}
    for c in cands:
        keys.setdefault((c.item_code, c.respondent_group), []).append(c)
    records = []
    for (code, group), same in keys.items():
        label = f"item {code}" + (f" ({group})" if group else "")
        valid = _in_range(same, lambda _c, x=label: x, findings)
        chosen = _majority(valid, label, "ITEM_CONFLICT", findings) if valid else None
        if chosen is None:
            continue
        indicator = chosen.indicator_no or indicator_of_item(year, chosen.tool, chosen.item_number)
        records.append(
            ItemRecord(
                assessment_year_be=year,
                tool=chosen.tool,
                indicator_no=indicator,
                item_code=code,
                respondent_group=group,
                item_text=chosen.item_text,
                score=chosen.score,
                raw_code=chosen.raw_code,
                page=chosen.where.page,
                line=chosen.where.line,
            )
        )
    order = {"IIT": 0, "EIT": 1, "OIT": 2}
    records.sort(key=lambda r: (order[r.tool], r.respondent_group or "", int(r.item_code[1:])))
    _check_item_means(records, indicator_scores, findings)
    return records


def _indicator_of(item: ItemCandidate, year: int | None) -> int | None:
    return item.indicator_no or indicator_of_item(year, item.tool, item.item_number)


def _item_means(records: list[ItemRecord]) -> dict[int, float]:
    """Indicator number → the score its items give: an IIT indicator is the mean of its
    items; an EIT indicator the mean, over the respondent groups present, of each group's
    mean (both SEEN in sample 001). OIT indicators are not their items' plain mean: absent."""
    by_indicator: dict[int, dict[str | None, list[float]]] = {}
    for r in records:
        if r.tool in ("IIT", "EIT") and r.indicator_no is not None:
            groups = by_indicator.setdefault(r.indicator_no, {})
            groups.setdefault(r.respondent_group, []).append(r.score)
    out = {}
    for number, groups in by_indicator.items():
        means = [sum(v) / len(v) for v in groups.values()]
        out[number] = sum(means) / len(means)
    return out


def _check_item_means(
    records: list[ItemRecord], indicator_scores: dict[int, float], findings: list[Finding]
) -> None:
    for number, value in sorted(_item_means(records).items()):
        if number not in indicator_scores:
            continue
        stated = indicator_scores[number]
        if abs(value - stated) > SCORE_TOLERANCE + _EPS:
            several = len({r.respondent_group for r in records if r.indicator_no == number}) > 1
            findings.append(
                Finding(
                    "warning",
                    "ITEM_MEAN_MISMATCH",
                    f"indicator {number} is {stated:g} but its items give {value:.2f}"
                    + (" (mean of the respondent groups' means)" if several else ""),
                )
            )


def _pick(
    cands: list[FieldCandidate], code: str, severity: str, findings: list[Finding]
) -> object | None:
    if not cands:
        return None
    counts = Counter(c.value for c in cands)
    best = max(counts.values())
    value = next(c.value for c in cands if counts[c.value] == best)
    if len(counts) > 1:
        first = next(c for c in cands if c.value == value)
        others = ", ".join(f"{v!s}×{n}" for v, n in counts.most_common())
        findings.append(
            Finding(
                severity,
                code,
                f"{first.field}: the document states {others}; kept {value!s}",
                first.where.page,
                first.where.line,
            )
        )
    return value
