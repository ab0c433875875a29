"""A small glyph classifier for reading digits in scans: Thai ๐–๙, Arabic 0–9, or "other".

Debian's Tesseract Thai models cannot output ๔ ๖ ๗ ๘ ๙: Debian's ``tha.traineddata`` (and
``script/Thai``) hold only the Thai digits ๐ ๑ ๒ ๓ ๕ in their character sets (``combine_tessdata
-u`` lists them; upstream issue tesseract-ocr/langdata_lstm#42), and read ๖ as ๒, ๘ ๙ ๔ as ๕,
๗ as ๓. So the OCR reader re-reads number-like runs of glyphs with
this classifier. It is a k-nearest-neighbour classifier over binary glyph images scaled to a
16×16 grid (plus the glyph's aspect ratio), trained by ``scripts/train_glyphs.py`` on glyphs
rendered from the TLWG Thai fonts (Debian ``fonts-thai-tlwg``; Laksaman is a TH Sarabun clone)
with the noise, blur and thresholds of a scan, and shipped as ``data/glyphs.npz``.

Knows images and glyphs, nothing about ITA.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from io import BytesIO
from typing import NamedTuple

import numpy as np
from PIL import Image

GRID = 16
# How many neighbours vote. Odd, small: templates of one class cluster tightly.
K = 3
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
OTHER = "other"
# The glyph's height/width ratio is divided by this in its feature vector, which scales the
# ratio (about 0.5 to 3 for digits) towards the image features' values (at most 1 each). Chosen
# when the classifier was made (no measurement recorded); the shipped templates were computed
# with it (scripts/train_glyphs.py calls ``features``), so changing it means retraining.
ASPECT_DIVISOR = 4.0


def features(mask: np.ndarray) -> np.ndarray:
    """The feature vector of one glyph.

    Args:
        mask: 2-D boolean array, True for ink, cropped or not.

    Returns:
        float32 vector of GRID×GRID + 1: the glyph cropped to its ink, centred on a square
        canvas (aspect kept), scaled to GRID×GRID, L2-normalised; then its height/width ratio
        divided by ASPECT_DIVISOR.

    Raises:
        ValueError: the mask holds no ink.
    """
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        raise ValueError("empty glyph")
    crop = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    h, w = crop.shape
    side = max(h, w)
    canvas = np.zeros((side, side), dtype=np.uint8)
    top, left = (side - h) // 2, (side - w) // 2
    canvas[top : top + h, left : left + w] = crop * 255
    small = np.asarray(
        Image.fromarray(canvas).resize((GRID, GRID), Image.Resampling.BILINEAR), dtype=np.float32
    ).ravel()
    norm = np.linalg.norm(small) or 1.0
    return np.concatenate([small / norm, [np.float32(h / w) / ASPECT_DIVISOR]]).astype(np.float32)


class GlyphModel(NamedTuple):
    """The classifier's templates (n × features) ordered by value, their squared norms and
    labels; the values in that order (``value_of``) and where each value's templates start.
    Made by :func:`load_templates`; the shipped one is :func:`default_model`."""

    x: np.ndarray
    norms: np.ndarray
    labels: np.ndarray
    values: np.ndarray  # one per value
    starts: np.ndarray  # index of each value's first template


def load_templates(data: bytes) -> GlyphModel:
    """The model of the templates in ``data``: an .npz written by scripts/train_glyphs.py
    (``x``: uint8 features × 255, ``y``: labels). Benchmarks load one trained without a font
    to try it held out, and pass it to the functions that classify.

    Raises:
        KeyError, ValueError, OSError: ``data`` is not such a file.
    """
    with np.load(BytesIO(data)) as npz:
        x = npz["x"].astype(np.float32) / 255.0
        y = npz["y"]
    value = np.array([value_of(str(lab)) for lab in y])
    order = np.argsort(value, kind="stable")
    x, y, value = x[order], y[order], value[order]
    starts = np.flatnonzero(np.r_[True, value[1:] != value[:-1]])
    return GlyphModel(x, (x * x).sum(axis=1), y, value[starts], starts)


@functools.cache
def default_model() -> GlyphModel:
    """The shipped templates (``data/glyphs.npz``), loaded once a process, when first used."""
    return load_templates(files("extract.readers").joinpath("data/glyphs.npz").read_bytes())


class Reading(NamedTuple):
    """One glyph's classification.

    ``label`` is a Thai digit, an Arabic digit or ``"other"``; ``distance`` (Euclidean, in
    feature space) is that of the nearest template of the label: 0 for a perfect match.
    ``margin`` is how much farther the nearest template of another digit's value lies (a Thai
    and an Arabic digit of one value are one value; for "other", of any digit): the larger,
    the less the glyph looks like a digit of another value. Letters are left out of a digit's
    margin: ๐ looks like "o" (margins about 0.05), and whether a glyph is a digit at all is
    the run's and the distance's question, not the margin's.
    """

    label: str
    distance: float
    margin: float


def value_of(label: str) -> str:
    """The value a label stands for: "0"–"9" for both digit scripts, else the label."""
    k = THAI_DIGITS.find(label)
    return str(k) if k >= 0 else label


def classify(mask: np.ndarray, model: GlyphModel | None = None) -> Reading:
    """Classify one glyph (a 2-D boolean array, True for ink) with ``model`` (default: the
    shipped one, :func:`default_model`)."""
    return classify_many([mask], model)[0]


def classify_many(masks: list[np.ndarray], model: GlyphModel | None = None) -> list[Reading]:
    """Classify several glyphs at once (one matrix product: five times faster than one by
    one for a line of glyphs) with ``model`` (default: :func:`default_model`). Returns what
    ``classify`` returns, for each mask in order."""
    if not masks:
        return []
    x, norms, y, values, starts = model if model is not None else default_model()
    f = np.stack([features(m) for m in masks], axis=1)  # features × glyphs
    # squared distances (templates × glyphs); square roots only of the few that are used
    d2 = norms[:, None] + (f * f).sum(axis=0) - 2.0 * (x @ f)
    nearest = np.argpartition(d2, K, axis=0)[:K]  # K nearest templates per glyph, unordered
    nearest_of_value = np.sqrt(np.maximum(np.minimum.reduceat(d2, starts, axis=0), 0.0))
    out = []
    for j in range(len(masks)):
        near = [(float(np.sqrt(max(d2[i, j], 0.0))), str(y[i])) for i in nearest[:, j]]
        labels = [lab for _, lab in near]
        label = max(
            set(labels),
            key=lambda lab: (labels.count(lab), -min(dist for dist, l2 in near if l2 == lab)),
        )
        out.append((label, min(dist for dist, l2 in near if l2 == label)))
    # margin: the nearest template of another digit's value (for "other": of any digit)
    own = np.array([value_of(label) for label, _ in out])
    others = (values[:, None] != OTHER) & (values[:, None] != own[None, :])
    nearest_other = np.where(others, nearest_of_value, np.inf).min(axis=0)
    return [
        Reading(label, distance, float(nearest_other[j]) - distance)
        for j, (label, distance) in enumerate(out)
    ]
