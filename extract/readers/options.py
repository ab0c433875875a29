"""Limits of reading one file: what a hostile or broken input may cost (as OCRmyPDF limits
Tesseract's time per page and the size of images it will decode)."""

from __future__ import annotations

from dataclasses import dataclass

# Tesseract reads a page of the fixtures in about 3 s on this project's machine
# (bench/bench_ocr.py); OCRmyPDF's default limit is 180 s. A page that takes 40 times the
# usual is not a report page worth waiting for.
DEFAULT_OCR_PAGE_TIMEOUT = 120.0
# An A3 page scanned at 600 dpi is 70 megapixels; decoding an image of this size takes about
# 400 MB (4 bytes a pixel), the most one worker should hold (bench/bench_batch.py measures a
# 100-page PDF at 270 MB).
DEFAULT_MAX_IMAGE_MEGAPIXELS = 100.0


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How far a reader goes with one file.

    ``ocr_page_timeout``: seconds Tesseract may take on one page; a page that takes longer is
    not read (finding ``OCR_PAGE_TIMEOUT``), the rest of the document is. ``None``: no limit.
    ``max_image_megapixels``: a scanned page holding an image larger than this (in pixels, as
    stored in the PDF) is not rendered for OCR (``OCR_IMAGE_TOO_LARGE``).

    What the caller knows of the documents' tables, which readers do not:
    ``group_labels``: labels of groups of rows that a merged cell leaves before the first row
    of its group in a text rendering ("IIT 1. การปฏิบัติหน้าที่ 97.14"); the text reader drops
    them (``layout.flat_row``). Default: none; the pipeline passes ITA's tools
    (``pipeline.reading_options``).
    """

    ocr_page_timeout: float | None = DEFAULT_OCR_PAGE_TIMEOUT
    max_image_megapixels: float = DEFAULT_MAX_IMAGE_MEGAPIXELS
    group_labels: tuple[str, ...] = ()
