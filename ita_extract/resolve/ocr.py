"""The OCR gate: which values read by OCR are written, and the evidence that confirms each.

A score read by OCR never overrides a text-layer value (``choose``), and is written only when
something independent confirms it, recorded in its ``method``:

- ``ocr+overall``: all ten indicators present and an overall score stated in the document
  (on any page) within 0.01 of the one they give — nine indicators and a stated overall
  determine the tenth;
- ``ocr+items``: one IIT/EIT indicator at a time, its items' mean (``checks.item_means``)
  within 0.01 of it, which confirms those items too (not an item whose section heading and
  the year's item map disagree on its indicator: ``choose._off_the_map``);
- ``ocr+restated``: one indicator read alike at two independent places (``apart``);
- ``ocr+two_reads``: its number read twice alike by two readings of the image, sure of every
  digit (``extract.readers.ocr._read_twice``, recorded in ``Page.read_twice``).

Never confirmed: a score read without two decimals (``WHOLE_SCORE``: a lost last digit,
"96.6" for 96.67, moves the overall by 0.004 and escapes the arithmetic); and, when all ten
are present and the stated overall is not the one they give, every OCR value (something is
misread). An OCR overall score is written when the indicators give it, or when it is read
alike at two independent places or twice alike at one. An organisation, district or
province read by OCR is written when the gazetteer knows it or the document names it alike
twice. Everything withheld is named in an ``OCR_UNCONFIRMED`` finding; OIT items are never
written (no check gives them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extract.candidates import FieldCandidate, IndicatorCandidate, Provenance
from extract.metadata import MetadataCandidates
from extract.model import Document
from ita_extract.records import ItemRecord
from ita_extract.resolve.choose import ItemChoice, sort_items
from normalize.findings import Finding
from normalize.ita import SCORE_EPS, SCORE_TOLERANCE, overall_from_indicators
from normalize.org import Organisation, PlaceCheck, is_gazetteer_place

# An OCR score as ITA reports write them: two decimals, or full marks written "100".
WHOLE_SCORE = re.compile(r"^(?:\d{1,3}\.\d{2}|100)$")
# Two readings of one OCR value are independent when they stand on different pages, or in a
# table row and a sentence at least this many lines apart on one page (a sentence and the
# row it wraps into are one reading).
RESTATED_MIN_LINES = 3
# The rungs that confirm single indicators when the overall does not confirm all ten; when
# several apply, the last one named here names the method.
SINGLE_RUNGS = ("ocr+two_reads", "ocr+restated", "ocr+items")


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


@dataclass(slots=True)
class IndicatorGate:
    """The OCR gate's decision on a document's chosen indicators: ``methods`` (indicator
    number → the ``ocr+…`` method that confirms it), ``withheld`` (OCR indicators not to be
    written), ``contradicted`` (all ten and a stated overall that they do not give), and
    ``items_agree`` (indicators whose items' mean gives their score: those items may be
    written)."""

    methods: dict[int, str] = field(default_factory=dict)
    withheld: set[int] = field(default_factory=set)
    contradicted: bool = False
    items_agree: set[int] = field(default_factory=set)


def confirm_indicators(
    chosen: dict[int, IndicatorCandidate],
    ocr_cands: list[IndicatorCandidate],
    overall_scores: list[FieldCandidate],
    means_of_items: dict[int, float],
    ocr: OcrEvidence,
    findings: list[Finding],
) -> IndicatorGate:
    """Decide which chosen indicators read by OCR are written (the module's rungs).

    Args:
        chosen: indicator number → the chosen candidate (text layer or OCR).
        ocr_cands: every indicator candidate read on an OCR page.
        overall_scores: the overall scores the document states (any page).
        means_of_items: indicator number → the mean its items give (``checks.item_means``).
        ocr: the document's OCR evidence.
        findings: ``OCR_UNCONFIRMED`` findings are appended here.
    """
    scores = {n: c.score for n, c in chosen.items()}
    computed = overall_from_indicators(scores)
    from_ocr = {n for n, c in chosen.items() if c.where.page in ocr.pages}
    confirmed = computed is not None and any(
        abs(float(c.value) - computed) <= SCORE_TOLERANCE + SCORE_EPS for c in overall_scores
    )
    gate = IndicatorGate(
        contradicted=computed is not None and bool(overall_scores) and not confirmed
    )
    gate.items_agree = {
        n
        for n in scores
        if n in means_of_items and abs(means_of_items[n] - scores[n]) <= SCORE_TOLERANCE + SCORE_EPS
    }

    def readings(n: int) -> list[IndicatorCandidate]:  # the OCR readings of the chosen value
        return [c for c in ocr_cands if c.number == n and abs(c.score - scores[n]) <= SCORE_EPS]

    partial = {n for n in from_ocr if not any(WHOLE_SCORE.match(c.raw_value) for c in readings(n))}
    if partial:
        findings.append(
            Finding(
                "warning",
                "OCR_UNCONFIRMED",
                "scores read by OCR not written, as they were read without two decimals (a "
                "part of a number?): "
                + ", ".join(
                    f"indicator {n} = {chosen[n].raw_value} (page {chosen[n].where.page})"
                    for n in sorted(partial)
                ),
            )
        )
    checkable = from_ocr - partial
    if confirmed:
        gate.methods = {n: "ocr+overall" for n in checkable}
    elif not gate.contradicted:
        evidence = {
            "ocr+two_reads": {
                n for n in from_ocr if any(ocr.read_twice_at(c.where, c.score) for c in readings(n))
            },
            "ocr+restated": {
                n for n in from_ocr if restated([c for c in ocr_cands if c.number == n], scores[n])
            },
            "ocr+items": gate.items_agree,
        }
        for method in SINGLE_RUNGS:
            gate.methods.update({n: method for n in checkable & evidence[method]})
    unconfirmed = checkable - set(gate.methods)
    if unconfirmed:
        findings.append(
            Finding(
                "warning",
                "OCR_UNCONFIRMED",
                "scores read by OCR not written, as "
                + (
                    "the overall score the document states is not the one the ten give"
                    if gate.contradicted
                    else "the document's arithmetic does not confirm them"
                )
                + ": "
                + ", ".join(
                    f"indicator {n} = {chosen[n].score:g} (page {chosen[n].where.page})"
                    for n in sorted(unconfirmed)
                ),
            )
        )
    gate.withheld = partial | unconfirmed
    return gate


def confirm_items(
    choices: list[ItemChoice],
    gate: IndicatorGate,
    scores: dict[int, float],
    findings: list[Finding],
) -> list[ItemRecord]:
    """The item rows to write, and the findings of their choice: every choice made among
    text-layer readings, and one made among OCR readings only when its indicator is written
    (in ``scores``) and its items' mean gives that indicator's score (``gate.items_agree``).
    The other OCR items are withheld, the doubts about their readings with them, and counted
    in an ``OCR_UNCONFIRMED`` info finding. An item kept from OCR readings has method
    ``ocr+items`` (its indicator's score confirms it), as the indicator has."""
    kept = [
        c
        for c in choices
        if not c.from_ocr or (c.indicator in gate.items_agree and c.indicator in scores)
    ]
    withheld = sum(c.record is not None for c in choices) - sum(c.record is not None for c in kept)
    if withheld:
        findings.append(
            Finding(
                "info",
                "OCR_UNCONFIRMED",
                f"{withheld} item scores read by OCR not written (their indicator's score "
                "does not confirm them)",
            )
        )
    for c in kept:
        findings += c.findings
    return sort_items(
        [
            replace(c.record, method="ocr+items") if c.from_ocr else c.record
            for c in kept
            if c.record is not None
        ]
    )


def apart(a: Provenance, b: Provenance) -> bool:
    """Whether two places of an OCR document are independent readings (``RESTATED_MIN_LINES``)."""
    if a.page != b.page:
        return True
    far = a.line is not None and b.line is not None and abs(a.line - b.line) >= RESTATED_MIN_LINES
    return far and a.method != b.method


def restated(candidates: list[IndicatorCandidate], score: float) -> bool:
    """Whether an indicator read by OCR as ``score`` was read alike at two independent places
    of the document (a table and the summary sentence that repeats it, two pages)."""
    alike = [c for c in candidates if abs(c.score - score) <= SCORE_EPS]
    return any(apart(a.where, b.where) for i, a in enumerate(alike) for b in alike[i + 1 :])


def restated_overall(overall: list[FieldCandidate]) -> FieldCandidate | None:
    """The OCR overall score read alike at two independent places, or ``None``."""
    for i, a in enumerate(overall):
        for b in overall[i + 1 :]:
            if abs(float(a.value) - float(b.value)) <= SCORE_EPS and apart(a.where, b.where):
                return a
    return None


def confirm_overall(
    overall_ocr: list[FieldCandidate],
    computed: float | None,
    contradicted: bool,
    ocr: OcrEvidence,
    findings: list[Finding],
) -> list[FieldCandidate]:
    """The overall score read by OCR that is confirmed, as a list of at most one: the one the
    written indicators give (all ten); else, unless the ten read contradicted the stated
    overall, one read alike at two independent places (``restated_overall``) or read twice
    alike at its place, no other value being so. Anything else is named in an
    ``OCR_UNCONFIRMED`` finding and not written."""
    if not overall_ocr:
        return []
    if computed is not None:
        agreeing = [
            c for c in overall_ocr if abs(float(c.value) - computed) <= SCORE_TOLERANCE + SCORE_EPS
        ]
        return agreeing[:1]  # an OCR overall counts only as the one that agrees
    if not contradicted:
        again = restated_overall(overall_ocr)
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


def confirm_place(
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
