"""The overview's plots: matplotlib figures written as SVG, to be inlined in the page.

Text stays text (``svg.fonttype: none``): the browser draws it in the page's font (the
bundled Sarabun, see report.css), so nothing is embedded and the SVG stays small. Labels in
the plots are digits and Latin letters only (years, scores, level letters, finding codes);
Thai names stand in the HTML around them, where the page's font shows them. No pyplot and
no global backend: figures are ``matplotlib.figure.Figure`` drawn by the SVG canvas, with the
settings in a ``rc_context``, so that a notebook calling ``build_report`` keeps its own.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import numpy as np

from normalize.ita import (
    LETTER_BANDS,
    LETTER_YEARS,
    PASS_MARK,
    TIER_EXCELLENT,
    TIER_EXCELLENT_FLOOR,
    TIER_GOOD,
    TIER_IMPROVE,
    TIER_IMPROVE_FLOOR,
    TIER_PASS,
    TIER_URGENT,
    TIER_YEARS,
)

RC = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 8,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "#555555",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
}
ACCENT = "#1f5fa8"
# Up to this many scores in a year, each is drawn as a dot beside the box.
FEW_SCORES = 30
# More overall scores than this in a year are drawn as a histogram in its row, not as dots
# (the SVG of 5,000 dots is about 600 KB).
MANY_POINTS = 300
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e08e0b", "info": "#95a5a6"}
# Level bands, best first: letters AA…F (2562–2566), tiers (2567–2568).
LETTER_COLOURS = ("#1a9850", "#66bd63", "#d9ef8b", "#fee08b", "#fdae61", "#f46d43", "#d73027")


def tier_bands() -> list[tuple[float, float, str, str]]:
    """The 2567–2568 tiers as score ranges (low, high, tier, colour), from the rules'
    floors (``normalize.ita``). At PASS_MARK and above the tier also depends on the tools'
    means: the band from PASS_MARK is ผ่าน, ผ่านดี or (from TIER_EXCELLENT_FLOOR) ผ่านดีเยี่ยม."""
    return [
        (0.0, TIER_IMPROVE_FLOOR, TIER_URGENT, "#d73027"),
        (TIER_IMPROVE_FLOOR, PASS_MARK, TIER_IMPROVE, "#fdae61"),
        (PASS_MARK, TIER_EXCELLENT_FLOOR, f"{TIER_PASS} / {TIER_GOOD}", "#a6d96a"),
        (TIER_EXCELLENT_FLOOR, 100.0, f"{TIER_PASS} / {TIER_GOOD} / {TIER_EXCELLENT}", "#1a9850"),
    ]


def letter_bands() -> list[tuple[float, float, str, str]]:
    """The 2562–2566 letters as score ranges (low, high, letter, colour)."""
    bands, high = [], 100.0
    for (floor, letter), colour in zip(LETTER_BANDS, LETTER_COLOURS, strict=True):
        bands.append((floor, high, letter, colour))
        high = floor
    return bands


def _figure(width: float, height: float):
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasSVG(fig)
    return fig


_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def _svg(fig, label: str) -> str:
    """The figure as an inline ``<svg>`` element (no XML prologue), labelled for screen
    readers, scaled by CSS (its viewBox kept). The ids of its parts are hashed with the
    label (``svg.hashsalt``; by default a random one): the same plot gives the same SVG, and
    plots of other labels in one page other ids."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": label}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1), count=1)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def warm_up() -> None:
    """Load matplotlib and draw a small plot (fonts, caches), so that the report's plots
    are drawn at full speed."""
    render([("indicator", ({2568: [90.0, 95.0]}, "warm-up"))])


def render(jobs: list[tuple[str, tuple]]) -> list[str]:
    """Draw each plot of ``jobs`` — (kind: ``indicator``, ``overall`` or ``findings``, the
    arguments of its function) — as inline SVG, all under the report's matplotlib settings
    (one ``rc_context``: it copies every setting)."""
    import matplotlib

    kinds = {"indicator": indicator_plot, "overall": overall_plot, "findings": findings_plot}
    with matplotlib.rc_context(RC):
        return [kinds[kind](*args) for kind, args in jobs]


def indicator_plot(by_year: dict[int | None, list[float]], label: str) -> str:
    """One indicator's scores, a box (median, quartiles, whiskers at 1.5 IQR, outliers as
    dots) per assessment year; the number of scores under each year."""
    years = sorted(by_year, key=lambda y: (y is None, y or 0))
    fig = _figure(2.7, 1.75)
    ax = fig.add_axes((0.16, 0.25, 0.8, 0.7))
    data = [by_year[y] for y in years]
    if not data:
        ax.set_xticks([])
        ax.set_ylim(0, 101)
        ax.text(
            0.5,
            0.5,
            "no scores",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#777777",
        )
        return _svg(fig, label)
    # Boxes drawn as a few collections (bars, lines, one scatter), not matplotlib's boxplot
    # (seven artists a box): the plots are most of the report's time.
    positions = list(range(1, len(data) + 1))
    q1s, medians, q3s, lows, highs, dots_x, dots_y = [], [], [], [], [], [], []
    for position, scores in zip(positions, data, strict=True):
        values = np.asarray(scores, dtype=float)
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        reach = 1.5 * (q3 - q1)
        inside = values[(values >= q1 - reach) & (values <= q3 + reach)]
        q1s.append(q1)
        medians.append(median)
        q3s.append(q3)
        lows.append(inside.min())
        highs.append(inside.max())
        # outliers as dots; with few scores, every score (spread sideways, not at random)
        shown = (
            values
            if len(values) <= FEW_SCORES
            else values[(values < lows[-1]) | (values > highs[-1])]
        )
        dots_x += [position + ((i * 0.618 + 0.5) % 1 - 0.5) * 0.3 for i in range(len(shown))]
        dots_y += shown.tolist()
    half = 0.275
    ax.bar(
        positions,
        np.subtract(q3s, q1s),
        bottom=q1s,
        width=2 * half,
        color="#dbe7f5",
        edgecolor=ACCENT,
        linewidth=0.8,
        zorder=2,
    )
    ax.vlines(positions * 2, lows + q3s, q1s + highs, color=ACCENT, linewidth=0.8, zorder=1)
    ax.hlines(
        lows + highs,
        [p - half / 2 for p in positions * 2],
        [p + half / 2 for p in positions * 2],
        color=ACCENT,
        linewidth=0.8,
    )
    ax.hlines(
        medians,
        [p - half for p in positions],
        [p + half for p in positions],
        color="#c0392b",
        linewidth=1.2,
        zorder=3,
    )
    if dots_x:
        ax.scatter(dots_x, dots_y, s=6, color=ACCENT, zorder=4, linewidths=0)
    ticks = [f"{y if y is not None else '?'}\nn={len(v)}" for y, v in zip(years, data, strict=True)]
    ax.set_xticks(positions, ticks)
    ax.set_xlim(0.4, len(positions) + 0.6)
    low = max(0.0, min(50.0, min(min(v) for v in data) - 5.0))
    ax.set_ylim(low, 101.0)
    ax.set_yticks([t for t in (0, 20, 40, 60, 80, 100) if t >= low])
    ax.axhline(PASS_MARK, color="#888888", linewidth=0.6, linestyle=":")
    ax.grid(axis="y", linewidth=0.3, color="#dddddd")
    ax.set_axisbelow(True)
    return _svg(fig, label)


def overall_plot(points: Iterable[tuple[int | None, float]], label: str) -> str:
    """Overall scores (dots) per assessment year (rows), over the bands of the levels that
    year's rules give: the letters of 2562–2566, the tiers of 2567–2568; a year without
    known rules has no bands."""
    by_year: dict[int | None, list[float]] = {}
    for year, score in points:
        by_year.setdefault(year, []).append(score)
    years = sorted(by_year, key=lambda y: (y is None, y or 0))
    height = 0.55 + 0.38 * max(len(years), 1)
    fig = _figure(6.4, height)
    ax = fig.add_axes((0.17, 0.5 / height, 0.8, 1 - 0.62 / height))
    low = min([s for v in by_year.values() for s in v], default=50.0)
    xmin = max(0.0, min(50.0, low - 5.0))
    for row, year in enumerate(years):
        bands = []
        if year in LETTER_YEARS:
            bands = letter_bands()
        elif year in TIER_YEARS:
            bands = tier_bands()
        for lo, hi, name, colour in bands:
            ax.fill_between([lo, hi], row - 0.45, row + 0.45, color=colour, alpha=0.45, linewidth=0)
            if year in LETTER_YEARS and hi > xmin:
                centre = (max(lo, xmin) + hi) / 2
                ax.text(
                    centre,
                    row + 0.3,
                    name,
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="#333333",
                )
        scores = sorted(by_year[year])
        n = len(scores)
        if n > MANY_POINTS:  # a histogram in the row (half-point bins), not thousands of dots
            counts, edges = np.histogram(scores, bins=np.arange(0.0, 100.5 + 0.5, 0.5))
            heights = counts / counts.max() * 0.8
            keep = counts > 0
            ax.bar(
                edges[:-1][keep],
                heights[keep],
                width=0.5,
                bottom=row + 0.4 - heights[keep],
                align="edge",
                color="#1b1b1b",
                linewidth=0,
                zorder=3,
            )
            continue
        offsets = [((i * 0.618 + 0.5) % 1 - 0.5) * 0.5 for i in range(n)]  # spread, not random
        ax.scatter(
            scores,
            [row + o for o in offsets],
            s=9,
            color="#1b1b1b",
            edgecolors="white",
            linewidths=0.3,
            zorder=3,
        )
    ax.set_yticks(
        range(len(years)),
        [f"{y if y is not None else '?'} (n={len(by_year[y])})" for y in years],
    )
    ax.set_ylim(-0.6, len(years) - 0.4)
    ax.set_xlim(xmin, 100.5)
    ax.invert_yaxis()
    ax.set_xlabel("overall score")
    return _svg(fig, label)


def findings_plot(counts: dict[str, dict[str, int]], label: str) -> str:
    """Findings per code (rows, most first), stacked by severity."""
    from matplotlib.ticker import MaxNLocator

    codes = sorted(counts, key=lambda c: (-sum(counts[c].values()), c))
    height = 0.45 + 0.17 * max(len(codes), 1)
    fig = _figure(6.4, height)
    ax = fig.add_axes((0.34, 0.35 / height, 0.62, 1 - 0.45 / height))
    left = [0] * len(codes)
    for severity, colour in SEVERITY_COLOURS.items():
        values = [counts[c].get(severity, 0) for c in codes]
        ax.barh(range(len(codes)), values, left=left, color=colour, height=0.7, label=severity)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(range(len(codes)), codes, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("findings")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if codes:
        ax.legend(loc="lower right", fontsize=7, frameon=False)
    return _svg(fig, label)
