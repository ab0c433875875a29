"""ITA's own arithmetic as checks on the chosen values (rules and sources: ``normalize.ita``).

- the overall score recomputed from the ten indicators against the stated one
  (``OVERALL_MISMATCH``, error, more than 0.01 apart), the stated overall in 0–100
  (``SCORE_OUT_OF_RANGE``);
- the level the assessment year's rules give against the stated level (``LEVEL_MISMATCH``);
- some but not all ten indicators (``MISSING_INDICATORS``); scores without an assessment
  year (``ASSESSMENT_YEAR_UNKNOWN``);
- each IIT indicator against the mean of its items, each EIT indicator against the mean of
  its respondent groups' item means (``ITEM_MEAN_MISMATCH``, warning).
"""

from __future__ import annotations

from ita_extract.records import ItemRecord
from normalize.findings import Finding
from normalize.ita import (
    INDICATOR_BY_NUMBER,
    ITEM_MEAN_TOOLS,
    SCORE_EPS,
    SCORE_MAX,
    SCORE_MIN,
    SCORE_TOLERANCE,
    level_consistent,
)


def check_document(
    scores: dict[int, float],
    stated: float | None,
    computed: float | None,
    stated_level: str | None,
    level: str | None,
    year: int | None,
    findings: list[Finding],
) -> None:
    """The document-level checks (the module's list) on the chosen values: the indicator
    scores (number → score 0–100), the stated and recomputed overall score, the stated and
    computed level, the assessment year (BE). Findings are appended to ``findings``."""
    if (
        stated is not None
        and computed is not None
        and abs(stated - computed) > (SCORE_TOLERANCE + SCORE_EPS)
    ):
        findings.append(
            Finding(
                "error",
                "OVERALL_MISMATCH",
                f"stated overall {stated:.2f} but 0.3×IIT + 0.3×EIT + 0.4×OIT of the ten "
                f"indicators gives {computed:.2f}",
            )
        )
    if stated is not None and not (SCORE_MIN <= stated <= SCORE_MAX):
        findings.append(
            Finding("error", "SCORE_OUT_OF_RANGE", f"overall score {stated} outside 0–100")
        )
    if stated_level is not None:
        overall = stated if stated is not None else computed
        if level_consistent(stated_level, level, overall) is False:
            findings.append(
                Finding(
                    "warning",
                    "LEVEL_MISMATCH",
                    f"stated level {stated_level!r}, but the {year} rules give "
                    f"{level or 'a different level'} for {overall:.2f}",
                )
            )
    if 0 < len(scores) < len(INDICATOR_BY_NUMBER):
        missing = [n for n in INDICATOR_BY_NUMBER if n not in scores]
        findings.append(
            Finding(
                "warning",
                "MISSING_INDICATORS",
                f"{len(scores)} of 10 indicator scores found; missing: "
                + ", ".join(str(n) for n in missing),
            )
        )
    if scores and year is None:
        findings.append(
            Finding(
                "warning",
                "ASSESSMENT_YEAR_UNKNOWN",
                "indicator scores found but no assessment year stated",
            )
        )


def item_means(records: list[ItemRecord]) -> dict[int, float]:
    """Indicator number → the score its items give: an IIT indicator is the mean of its
    items; an EIT indicator the mean, over the respondent groups present, of each group's
    mean (both SEEN in sample 001). OIT indicators are not their items' plain mean: absent."""
    by_indicator: dict[int, dict[str | None, list[float]]] = {}
    for r in records:
        if r.tool in ITEM_MEAN_TOOLS and r.indicator_no is not None:
            groups = by_indicator.setdefault(r.indicator_no, {})
            groups.setdefault(r.respondent_group, []).append(r.score)
    out = {}
    for number, groups in by_indicator.items():
        means = [sum(v) / len(v) for v in groups.values()]
        out[number] = sum(means) / len(means)
    return out


def check_item_means(
    records: list[ItemRecord], indicator_scores: dict[int, float], findings: list[Finding]
) -> None:
    """``ITEM_MEAN_MISMATCH`` for each indicator in ``indicator_scores`` that the mean of its
    items (``item_means``) misses by more than 0.01."""
    for number, value in sorted(item_means(records).items()):
        if number not in indicator_scores:
            continue
        stated = indicator_scores[number]
        if abs(value - stated) > SCORE_TOLERANCE + SCORE_EPS:
            several = len({r.respondent_group for r in records if r.indicator_no == number}) > 1
            findings.append(
                Finding(
                    "warning",
                    "ITEM_MEAN_MISMATCH",
                    f"indicator {number} is {stated:g} but its items give {value:.2f}"
                    + (" (mean of the respondent groups' means)" if several else ""),
                )
            )
