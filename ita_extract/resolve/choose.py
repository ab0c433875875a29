"""Choosing one value among a field's candidates: the range rule, the majority rule, table
before prose, text layer before OCR, and the year rule. Each rule that bites is a finding.

- Scores outside 0–100 are dropped (``SCORE_OUT_OF_RANGE``, error).
- Indicator scores: table candidates beat prose candidates. If the table candidates agree,
  that is the value, and prose that disagrees is an ``INDICATOR_CONFLICT`` warning. If they
  disagree, the value held by a strict majority is kept, with an ``INDICATOR_CONFLICT``
  error; without a majority no value is written (a wrong score is worse than a missing one).
  Prose-only indicators follow the same majority rule. A value read by OCR never overrides
  one of the text layer.
- Items: the same rules per (item code, respondent group) (``ITEM_CONFLICT``).
- Overall score, stated level, assessment year: the most frequent candidate, earliest in the
  document on a tie; disagreement is a finding of the caller's code and severity.
- Candidates the document gives another year than the assessment year are dropped
  (``OTHER_YEAR_SCORES``, info).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from extract.candidates import FieldCandidate, IndicatorCandidate
from extract.items import ItemCandidate
from ita_extract.records import ItemRecord
from normalize.findings import Finding
from normalize.ita import SCORE_MAX, SCORE_MIN, TOOLS, indicator_of_item

# Items are written tool by tool in the NACC's order (IIT, EIT, OIT).
TOOL_ORDER = {tool: i for i, tool in enumerate(TOOLS)}


def choose_indicators(
    candidates: list[IndicatorCandidate], ocr_pages: frozenset[int | None], findings: list[Finding]
) -> dict[int, IndicatorCandidate]:
    """Indicator number → the chosen candidate (``choose_indicator``), text-layer candidates
    first: a number read only by OCR (its page in ``ocr_pages``) is chosen among the OCR
    candidates, and never overrides a text-layer value."""
    text = [c for c in candidates if c.where.page not in ocr_pages]
    ocr = [c for c in candidates if c.where.page in ocr_pages]
    chosen_by_number: dict[int, IndicatorCandidate] = {}
    for pool in (text, ocr):
        for number in sorted({c.number for c in pool} - set(chosen_by_number)):
            chosen = choose_indicator(number, [c for c in pool if c.number == number], findings)
            if chosen is not None:
                chosen_by_number[number] = chosen
    return chosen_by_number


def choose_indicator(
    number: int, cands: list[IndicatorCandidate], findings: list[Finding]
) -> IndicatorCandidate | None:
    """The score of indicator ``number`` among its candidates (the module's rules), or
    ``None`` when none is in range or no majority holds one."""
    valid = in_range(cands, lambda c: f"indicator {number} ({c.raw_label!r})", findings)
    table = [c for c in valid if c.where.method == "table"]
    prose = [c for c in valid if c.where.method != "table"]
    primary = table or prose
    if not primary:
        return None
    chosen = majority(primary, f"indicator {number}", "INDICATOR_CONFLICT", findings)
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


@dataclass(slots=True)
class ItemChoice:
    """The choice for one item (code, respondent group): the ``record`` to write (``None``
    when no reading is in range or no majority holds one), the ``findings`` the choice
    raised, whether it was made among OCR readings (``from_ocr``: the text layer gave the
    item no value), and the indicator the readings belong to (``indicator_of``)."""

    record: ItemRecord | None
    findings: list[Finding]
    from_ocr: bool
    indicator: int | None


def choose_items(
    cands: list[ItemCandidate], year: int | None, ocr_pages: frozenset[int | None]
) -> list[ItemChoice]:
    """One choice per (item code, respondent group), in the order the items first appear
    (text-layer pages first).

    As for indicators, a key's text-layer readings are chosen among first, and its OCR
    readings (page in ``ocr_pages``) only when the text layer gives it no value; range and
    majority rules as for indicators (``ITEM_CONFLICT``). An item's indicator is the one its
    section heading names, else the year's item map (``normalize.ita.ITEM_MAPS``); a choice
    among OCR readings whose heading and map disagree gets none (``_off_the_map``), so the
    gate does not write it. Which choices made among OCR readings are written, and so whose
    findings are reported, is the OCR gate's decision
    (``ita_extract.resolve.ocr.confirm_items``).
    """
    text = [c for c in cands if c.where.page not in ocr_pages]
    keys: dict[tuple[str, str | None], list[ItemCandidate]] = {}
    for c in text + [c for c in cands if c.where.page in ocr_pages]:
        keys.setdefault((c.item_code, c.respondent_group), []).append(c)
    choices = []
    for (code, group), same in keys.items():
        label = f"item {code}" + (f" ({group})" if group else "")
        pools = (
            [c for c in same if c.where.page not in ocr_pages],
            [c for c in same if c.where.page in ocr_pages],
        )
        for from_ocr, pool in enumerate(pools):
            if not pool:
                continue
            findings: list[Finding] = []
            valid = in_range(pool, lambda _c, x=label: x, findings)
            chosen = majority(valid, label, "ITEM_CONFLICT", findings) if valid else None
            record = None if chosen is None else _item_record(chosen, year)
            indicator = indicator_of(pool[0], year)
            if from_ocr and _off_the_map(pool[0], year):
                indicator = None  # its rows are not where its code says: the gate keeps none
            choices.append(ItemChoice(record, findings, bool(from_ocr), indicator))
            if record is not None:
                break  # the text layer gave a value: the OCR readings are not used
    return choices


def sort_items(records: list[ItemRecord]) -> list[ItemRecord]:
    """Item rows in the NACC's tool order (IIT, EIT, OIT), then by group and item number."""
    return sorted(
        records, key=lambda r: (TOOL_ORDER[r.tool], r.respondent_group or "", int(r.item_code[1:]))
    )


def _item_record(chosen: ItemCandidate, year: int | None) -> ItemRecord:
    return ItemRecord(
        assessment_year_be=year,
        tool=chosen.tool,
        indicator_no=indicator_of(chosen, year),
        item_code=chosen.item_code,
        respondent_group=chosen.respondent_group,
        item_text=chosen.item_text,
        score=chosen.score,
        raw_code=chosen.raw_code,
        method=chosen.where.method,
        page=chosen.where.page,
        line=chosen.where.line,
        **chosen.where.box_fields(),
    )


def _off_the_map(item: ItemCandidate, year: int | None) -> bool:
    """Whether the section heading above an item names another indicator than the year's
    item map gives its code (``normalize.ita.ITEM_MAPS``): read by OCR, a code or a heading
    was misread ("๑๑๐" lost, so "11" counted from 1 under "IIT ๔"), so the item's reading is
    not trusted, however its indicator's mean comes out."""
    mapped = indicator_of_item(year, item.tool, item.item_number)
    return item.indicator_no is not None and mapped is not None and mapped != item.indicator_no


def indicator_of(item: ItemCandidate, year: int | None) -> int | None:
    """The indicator an item belongs to: its section heading's, else the year's item map."""
    return item.indicator_no or indicator_of_item(year, item.tool, item.item_number)


def of_year(cands: list, year: int | None, what: str, findings: list[Finding]) -> list:
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


def in_range(cands: list, label: Callable[[object], str], findings: list[Finding]) -> list:
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


def majority(cands: list, what: str, code: str, findings: list[Finding]):
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


def pick(
    cands: list[FieldCandidate], code: str, severity: str, findings: list[Finding]
) -> object | None:
    """The most frequent value of a document-level field, earliest in the document on a tie;
    ``None`` without candidates. Disagreement is a finding of ``code`` and ``severity``."""
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
