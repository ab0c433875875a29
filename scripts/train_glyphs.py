"""Train the glyph classifier of the OCR reader (``extract/readers/glyphs.py``).

Renders every Thai digit ๐–๙, Arabic digit 0–9 and, as the class "other", Thai letters, Latin
letters and punctuation, from the TLWG Thai fonts (regular and bold of every family), at the
sizes that 14–18 pt text has in a 200 dpi scan; digits also with the blur, noise and
thresholds of a scan. Writes ``extract/readers/data/glyphs.npz`` (features as uint8, labels).

Needs the fonts (``apt-get install fonts-thai-tlwg``); running and testing the project does
not: the data file is committed. Run from the repository root::

    python scripts/train_glyphs.py [--hold-out Laksaman]

``--hold-out FAMILY`` leaves a font family out, to measure accuracy on a font the classifier
has not seen (see ``bench/bench_ocr.py``).
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from extract.readers.glyphs import ARABIC_DIGITS, OTHER, THAI_DIGITS, features
from extract.readers.numbers_in_image import ink_of

FONT_DIR = "/usr/share/fonts/truetype/tlwg"
OUT = "extract/readers/data/glyphs.npz"
SIZES_PX = (36, 44, 52)  # 13, 16 and 19 pt at 200 dpi
SCAN_DPI = 150  # digits are also rendered as a 150 dpi scan read at 200 dpi
OTHERS = (
    "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
    "ะาำเแโใไๆฯ"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ()/-:%&"
)


def render(
    ch: str,
    font: ImageFont.FreeTypeFont,
    blur: float,
    threshold: int | None,
    noise: float,
    rng: np.random.Generator,
    scan: bool = False,
) -> np.ndarray | None:
    """One glyph as a scan would show it: a boolean ink mask, or None if nothing is drawn.

    ``scan``: drawn at 150/200 of the size, JPEG-compressed and scaled back up, as a 150 dpi
    scan read at 200 dpi. ``threshold`` None: the reader's own (Otsu) threshold.
    """
    size = font.size * 3
    img = Image.new("L", (size, size), 255)
    ImageDraw.Draw(img).text((font.size // 2, font.size // 2), ch, font=font, fill=0)
    if scan:
        small = img.resize((size * SCAN_DPI // 200,) * 2, Image.Resampling.BILINEAR)
        buffer = io.BytesIO()
        small.save(buffer, format="JPEG", quality=50)
        img = Image.open(buffer).convert("L").resize((size, size), Image.Resampling.BILINEAR)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(img, dtype=np.float32)
    if noise:
        a = a + rng.normal(0, noise, a.shape)
    grey = np.clip(a, 0, 255).astype(np.uint8)
    mask = ink_of(grey) if threshold is None else grey < threshold
    return mask if mask.any() else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold-out", default=None, help="font family to leave out")
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args()
    fonts = sorted(
        f
        for f in glob.glob(os.path.join(FONT_DIR, "*.ttf"))
        if ("Oblique" not in f and "Italic" not in f and "Light" not in f)
        and not (args.hold_out and os.path.basename(f).startswith(args.hold_out))
    )
    if not fonts:
        sys.exit("no TLWG fonts: apt-get install fonts-thai-tlwg")
    rng = np.random.default_rng(0)
    xs, ys = [], []
    digit_variants = [
        (0.0, 128, 0.0, False),
        (0.7, 110, 12.0, False),
        (0.7, 170, 12.0, False),
        (0.4, None, 3.0, True),
        (0.8, None, 3.0, True),
        (0.4, None, 8.0, True),
    ]
    for path in fonts:
        for px in SIZES_PX:
            font = ImageFont.truetype(path, px)
            for ch in THAI_DIGITS + ARABIC_DIGITS:
                for blur, threshold, noise, scan in digit_variants:
                    mask = render(ch, font, blur, threshold, noise, rng, scan)
                    if mask is not None:
                        xs.append(features(mask))
                        ys.append(ch)
            if px != SIZES_PX[1]:
                continue
            for ch in OTHERS:
                for scan in (False, True):
                    mask = render(
                        ch, font, 0.4 if scan else 0.0, None if scan else 128, 0.0, rng, scan
                    )
                    if mask is not None:
                        xs.append(features(mask))
                        ys.append(OTHER)
    x = np.round(np.stack(xs) * 255).clip(0, 255).astype(np.uint8)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    np.savez_compressed(args.out, x=x, y=np.array(ys))
    print(f"{len(fonts)} fonts, {len(ys)} templates → {args.out} ({os.path.getsize(args.out)} B)")


if __name__ == "__main__":
    main()
