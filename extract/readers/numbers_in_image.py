"""Find and read numbers in a line of a scanned page: runs of digit glyphs, with a decimal point.

The line image is split into connected components (scipy.ndimage); marks above and below the
line's main band (tone marks, vowels) are set aside; the rest are glyphs, read by the glyph
classifier (``glyphs.py``). A number is a run of digit glyphs, one decimal point allowed
between digits, whose gaps are narrower than a word space. Knows images, nothing about ITA.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from extract.readers.glyphs import (
    ARABIC_DIGITS,
    OTHER,
    THAI_DIGITS,
    GlyphModel,
    Reading,
    classify,
    classify_many,
)

# Gap between two glyphs of one number, in band heights: digits sit close (≤ 0.3), a word
# space is wider (≥ 0.5).
MAX_DIGIT_GAP = 0.45
# A decimal point: a blob at most this many band heights tall and wide, at the baseline (a
# bold point of a 150 dpi scan is a third of the digits' height).
DOT_MAX = 0.4
# Components at least this share of the band's height are glyphs on the band.
MIN_GLYPH_HEIGHT = 0.5
# A component wider than this many band heights may be two glyphs touching.
TOUCHING_WIDTH = 1.1
# A component wider than this many band heights is not cut (three touching digits at most),
# and at most MAX_CUTS columns are tried: cutting is for digits, and costs a reading per try.
MAX_TOUCHING = 3.2
MAX_CUTS = 6
# Columns with at most this many more ink pixels than the thinnest are tried as cuts.
CUT_SLACK = 2
# The Otsu threshold of a line is kept within these grey levels (a line of only paper or only
# ink has no meaningful split).
INK_LEVELS = (120, 215)
# A reading farther than this from its nearest template is not trusted as a digit.
MAX_DISTANCE = 0.55
# A glyph beside a number is surely no digit when it reads as a letter with this margin.
LETTER_MARGIN = 0.10
# A decimal point sits on the baseline: its bottom within this many band heights of it.
DOT_BASELINE_SLACK = 0.25
# A glyph on the band reaches down to within this many band heights of the baseline (marks
# above the line end higher).
GLYPH_BASELINE_SLACK = 0.3
# A piece of a glyph broken by the scan is at least this share of a glyph's least height
# (MIN_GLYPH_HEIGHT) tall, and overlaps its neighbour by more than this share of the narrower
# one's width.
PIECE_HEIGHT = 0.5
PIECE_OVERLAP = 0.5
# A component wider than one glyph is cut at a thin column between these shares of its
# width (a cut nearer an edge would leave a sliver), at most MAX_CUT_DEPTH times over (three
# touching digits need two cuts).
CUT_RANGE = (0.25, 0.75)
MAX_CUT_DEPTH = 2


@dataclass(frozen=True, slots=True)
class NumberRun:
    """A number read from the image: its text (digits as read, Thai or Arabic, with "."),
    its horizontal extent in the line image (pixels), the worst glyph distance and the
    smallest glyph margin (``glyphs.Reading``); ``whole`` is False when a glyph that may be a
    digit misread touches it (within the gap of two digits of one number, not a letter the
    classifier is sure of): the run may be part of a longer number ("๙๖.๐๑" read "๖.๐๑")."""

    text: str
    x0: int
    x1: int
    distance: float
    margin: float = float("inf")
    whole: bool = True


def otsu(grey: np.ndarray) -> float:
    """Otsu's threshold of a grey image (0–255): the level that best splits ink from paper."""
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1)
    return float(np.argmax(between))


def ink_of(grey: np.ndarray, shift: int = 0) -> np.ndarray:
    """Ink of a line image: darker than its Otsu threshold, kept within INK_LEVELS, plus
    ``shift`` grey levels (positive: more ink, strokes thicker)."""
    return grey < min(max(otsu(grey), INK_LEVELS[0]), INK_LEVELS[1]) + shift


def read_numbers(
    grey: np.ndarray, shift: int = 0, model: GlyphModel | None = None
) -> list[NumberRun]:
    """The numbers in one line image.

    Args:
        grey: 2-D uint8 array of the line (0 ink … 255 paper), one text line high.
        shift: grey levels added to the ink threshold (``ink_of``): a second reading of the
            same line at another threshold sees every stroke a little thicker or thinner.
        model: the glyph classifier's templates (default: the shipped ones,
            ``glyphs.default_model``).

    Returns:
        The runs of digits left to right; empty when the line holds none.
    """
    ink = ink_of(grey, shift)
    labels, n = ndimage.label(ink, structure=np.ones((3, 3), dtype=bool))
    if n == 0:
        return []
    boxes = ndimage.find_objects(labels)
    comps = [(i + 1, b) for i, b in enumerate(boxes) if b is not None]
    heights = np.array([b[0].stop - b[0].start for _, b in comps])
    bottoms = np.array([b[0].stop for _, b in comps])
    big = heights >= np.median(heights)
    band = float(np.median(heights[big])) if big.any() else float(np.median(heights))
    baseline = float(np.median(bottoms[big])) if big.any() else float(np.median(bottoms))
    pieces: list[tuple[str, slice, np.ndarray | None]] = []
    for label, (ys, xs) in _merged(labels, comps, band, baseline):
        h, w = ys.stop - ys.start, xs.stop - xs.start
        near_base = abs(ys.stop - baseline) <= DOT_BASELINE_SLACK * band
        if h <= DOT_MAX * band and w <= DOT_MAX * band and near_base:
            pieces.append((".", xs, None))
        elif h >= MIN_GLYPH_HEIGHT * band and ys.stop >= baseline - GLYPH_BASELINE_SLACK * band:
            pieces.append(("glyph", xs, labels[ys, xs] == label))
        # else: a mark above or below the band (tone, vowel): not part of a number
    readings = iter(classify_many([m for _, _, m in pieces if m is not None], model))
    glyphs = []
    for kind, xs, mask in pieces:
        if mask is None:
            glyphs.append((kind, xs.start, xs.stop, 0.0, float("inf")))
            continue
        parts = _read(mask, band, model, first=next(readings))
        glyphs.extend((g, xs.start + a, xs.start + b, d, m) for g, a, b, d, m in parts)
    glyphs = _merge_overlaps(glyphs)
    return [_with_neighbours(r, glyphs, band) for r in _runs(glyphs, band)]


def _with_neighbours(run: NumberRun, glyphs: list[_Glyph], band: float) -> NumberRun:
    """The run, marked not ``whole`` when a doubtful glyph stands within MAX_DIGIT_GAP of it
    on either side (not a point, not a letter read with LETTER_MARGIN)."""
    gap = MAX_DIGIT_GAP * band
    for label, x0, x1, _distance, margin in glyphs:
        beside = run.x0 - gap <= x1 <= run.x0 or run.x1 <= x0 <= run.x1 + gap
        if not beside or label == ".":
            continue
        if label != OTHER or margin < LETTER_MARGIN:
            return NumberRun(run.text, run.x0, run.x1, run.distance, run.margin, whole=False)
    return run


def _merged(labels: np.ndarray, comps: list, band: float, baseline: float):
    """Components left to right, with pieces of one glyph on the band joined: a stroke broken
    by the scan overlaps its neighbour horizontally by most of the narrower one's width."""
    on_band = []
    for label, (ys, xs) in sorted(comps, key=lambda c: c[1][1].start):
        h = ys.stop - ys.start
        on_line = ys.stop >= baseline - GLYPH_BASELINE_SLACK * band
        if h >= MIN_GLYPH_HEIGHT * band * PIECE_HEIGHT and on_line and on_band:
            prev_labels, (pys, pxs) = on_band[-1]
            overlap = min(pxs.stop, xs.stop) - max(pxs.start, xs.start)
            narrower = min(pxs.stop - pxs.start, xs.stop - xs.start)
            if overlap > PIECE_OVERLAP * narrower:
                labels[labels == label] = prev_labels
                on_band[-1] = (
                    prev_labels,
                    (
                        slice(min(pys.start, ys.start), max(pys.stop, ys.stop)),
                        slice(min(pxs.start, xs.start), max(pxs.stop, xs.stop)),
                    ),
                )
                continue
        on_band.append((label, (ys, xs)))
    return on_band


_Glyph = tuple[str, int, int, float, float]  # label, x0, x1, distance, margin


def _read(
    mask: np.ndarray,
    band: float,
    model: GlyphModel | None,
    depth: int = 0,
    first: Reading | None = None,
) -> list[_Glyph]:
    """Read one component (``first``: its classification, when already made); a component
    wider than one glyph (digits touching after blur, "๗๖") is cut at one of its thinnest
    columns — the cut whose two parts both read best as digits — and both parts are read."""
    glyph, distance, margin = first if first is not None else classify(mask, model)
    width = mask.shape[1]
    whole = [(glyph, 0, width, distance, margin)]
    is_digit = glyph in THAI_DIGITS or glyph in ARABIC_DIGITS
    too_wide = width > MAX_TOUCHING * band  # a word of letters, not a few digits
    if (
        depth >= MAX_CUT_DEPTH
        or too_wide
        or width <= TOUCHING_WIDTH * band
        or (is_digit and distance <= MAX_DISTANCE)
    ):
        return whole
    lo, hi = int(width * CUT_RANGE[0]), int(width * CUT_RANGE[1])
    if hi <= lo:
        return whole
    ink = mask[:, lo:hi].sum(axis=0)
    cuts = [lo + int(i) for i in np.nonzero(ink <= ink.min() + CUT_SLACK)[0]][:MAX_CUTS]
    cuts = [c for c in cuts if mask[:, :c].any() and mask[:, c:].any()]
    halves = classify_many([part for c in cuts for part in (mask[:, :c], mask[:, c:])], model)
    best: list[_Glyph] | None = None
    for k, cut in enumerate(cuts):
        left, right = mask[:, :cut], mask[:, cut:]
        parts = [
            *_read(left, band, model, depth + 1, halves[2 * k]),
            *(
                (g, a + cut, b + cut, d, m)
                for g, a, b, d, m in _read(right, band, model, depth + 1, halves[2 * k + 1])
            ),
        ]
        if not all(g in THAI_DIGITS or g in ARABIC_DIGITS for g, *_ in parts):
            continue
        if best is None or max(p[3] for p in parts) < max(p[3] for p in best):
            best = parts
    return best if best is not None else whole


def _merge_overlaps(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Drop glyphs contained in the previous one's horizontal extent (broken strokes)."""
    out: list[_Glyph] = []
    for g in glyphs:
        if out and g[0] != "." and g[2] <= out[-1][2] and out[-1][0] != ".":
            continue
        out.append(g)
    return out


def _runs(glyphs: list[_Glyph], band: float) -> list[NumberRun]:
    runs: list[NumberRun] = []
    current: list[_Glyph] = []

    def close() -> None:
        while current and current[-1][0] == ".":
            current.pop()
        while current and current[0][0] == ".":
            current.pop(0)
        if current:
            text = "".join(g[0] for g in current)
            if text.count(".") <= 1:
                runs.append(
                    NumberRun(
                        text,
                        current[0][1],
                        current[-1][2],
                        max(g[3] for g in current),
                        min(g[4] for g in current),
                    )
                )
        current.clear()

    for g in glyphs:
        is_digit = g[0] in THAI_DIGITS or g[0] in ARABIC_DIGITS
        if (is_digit and g[3] <= MAX_DISTANCE) or (g[0] == "." and current):
            if current and g[1] - current[-1][2] > MAX_DIGIT_GAP * band:
                close()
            if is_digit or current:
                current.append(g)
        else:
            close()
    close()
    return runs
