"""``ita-extract report OUT``: a static HTML report of a run's tables, for review.

What it reads: the published tables of OUT (the generation ``OUT/.ita-extract/current``
points to, resolved once, through ``ita_extract.read_tables``) and its manifest.json; for the
document pages also the input files (found as INPUT/source_path, ``sources.locate``): the
lines of text and HTML documents, and — with ``pages`` only — the PDF pages as images.

What it writes, into ``OUT/report/`` (a link, switched at once, to a folder of
``OUT/.ita-extract/reports/``; see ``publish``):

- ``index.html``, the overview: documents by status, report type, province and assessment
  year; the indicator scores per year (one plot per indicator) and the overall scores over
  the level bands, per organisation and year (wide.csv); findings by code and severity; how
  the scores were read (method) and how many values OCR read without confirmation;
- ``queue.html``, the review queue: failed documents, then findings, most urgent first
  (``QUEUE_PRIORITY``), each linked to its document's page;
- ``documents.html``, every document, and ``documents/<name>.html``, one page per
  document: its values beside its source (text lines, or page images with each value's box);
- ``assets/``: the style sheet and the Sarabun font (OFL), so that Thai shows offline;
- ``pages/``: page images (``pages=True``), at most ``max_pages`` per PDF.

Everything is local: no script, font or style is fetched from anywhere; the plots are SVG
inlined in the page; a clicked value's box or line is highlighted by CSS (``:target``), and
the document pages' one small inline script marks the value beside it.

Time: the tables are read once; each document page is one template rendering; the plots
(all in the overview) are drawn in a forked process while the document pages are written;
PDFs are opened only with ``pages``. bench/bench_report.py measures it against the run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import multiprocessing
import os
import re
import shutil
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pandas as pd

from ita_extract.batch.outputs import CURRENT
from ita_extract.batch.state import STATE_DIR
from ita_extract.report import plots
from ita_extract.report.sources import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    PageImage,
    Source,
    absolute,
    locate,
    render_pages,
    source_lines,
)
from normalize.findings import FINDING_TYPES, SEVERITIES
from normalize.ita import INDICATORS, LETTER_YEARS, TIER_YEARS

log = logging.getLogger("ita_extract")
REPORT = "report"
# Built report folders, under OUT/.ita-extract; OUT/report is a link to the current one.
# Their names begin with the UTC time they were begun at, so that they sort by it.
REPORTS = "reports"
# A real folder OUT/report (a copy that followed the link) is moved among them as this.
COPIED = "00000000T000000000000Z-copied"
DEFAULT_MAX_PAGES = 3
# The review queue, most urgent first: failed documents, then findings by severity, then by
# this order of codes (what a reviewer should look at first: values withheld or doubtful,
# then incomplete or inconsistent documents), then the other codes alphabetically.
QUEUE_PRIORITY: tuple[str, ...] = (
    "OCR_UNCONFIRMED",
    "INDICATOR_CONFLICT",
    "ITEM_CONFLICT",
    "SCORE_OUT_OF_RANGE",
    "OVERALL_MISMATCH",
    "OVERALL_CONFLICT",
    "MISSING_INDICATORS",
    "ITEM_MEAN_MISMATCH",
    "STALE_ROWS",
    "LEVEL_MISMATCH",
    "LEVEL_CONFLICT",
    "INDICATOR_LABEL_MISMATCH",
    "PAGES_WITHOUT_TEXT",
    "OCR_PAGE_TIMEOUT",
)
_unknown = [code for code in QUEUE_PRIORITY if code not in FINDING_TYPES]
if _unknown:  # a code renamed in the registry must be renamed here too
    raise ImportError(f"QUEUE_PRIORITY names unregistered finding codes: {_unknown}")
# A finding is in the queue when its severity is one of these, or its code is in the list
# above (OCR_UNCONFIRMED of severity info: item scores withheld). READ_FAILED is the failed
# document itself, listed once as such.
QUEUE_SEVERITIES = ("error", "warning")
FAILED_CODE = "READ_FAILED"
# A value's label on its document's page, and in its box's title, at most this long.
LABEL_CHARS = 90
BOX_COLUMNS = ("x0", "y0", "x1", "y1")
# The kinds of values a document page lists, in order, with their headings.
KINDS = (("indicator", "Indicator scores"), ("item", "Item scores"), ("measure", "Measures"))


class ReportError(Exception):
    """The report cannot be written for a reason of the user's: no published tables in OUT."""


@dataclass(frozen=True, slots=True)
class Published:
    """The tables of one generation (DataFrames, as ``read_tables`` gives them), its
    manifest (``{}`` when absent) and the folder they were read from."""

    tables: dict[str, pd.DataFrame]
    manifest: dict
    folder: Path


def load(out: Path) -> Published:
    """Read the published tables and manifest of ``out``, all of one generation.

    Raises:
        ReportError: ``out`` holds no published tables.
    """
    from ita_extract.api import read_tables

    for attempt in range(3):
        folder = published_folder(out)
        try:
            tables = read_tables(folder)
            manifest_file = folder / "manifest.json"
            manifest = (
                json.loads(manifest_file.read_text(encoding="utf-8"))
                if manifest_file.is_file()
                else {}
            )
        except FileNotFoundError:  # a run removed this generation meanwhile: read the new one
            if folder == out or attempt == 2:
                raise
            continue
        return Published(tables, manifest, folder)
    raise AssertionError("unreachable")


def published_folder(out: Path) -> Path:
    """The folder of the published tables: the generation ``current`` points to, or ``out``
    itself (tables of versions before generations).

    Raises:
        ReportError: ``out`` holds no published tables.
    """
    current = out / STATE_DIR / CURRENT
    folder = Path(os.path.realpath(current)) if current.is_symlink() else out
    if not any((folder / f"documents.{ext}").is_file() for ext in ("csv", "parquet")):
        raise ReportError(f"{out} holds no published tables (run ita-extract run first)")
    return folder


def records(df: pd.DataFrame) -> list[dict]:
    """A table's rows as dicts of Python values, missing values as ``None`` (column by
    column: a few times faster than through an object-typed frame)."""
    columns = list(df.columns)
    data = []
    for name in columns:
        column = df[name]
        values = column.tolist()
        if column.hasnans:
            values = [None if m else v for v, m in zip(values, column.isna().tolist(), strict=True)]
        data.append(values)
    return [dict(zip(columns, row, strict=True)) for row in zip(*data, strict=True)]


def page_name(source_path: str) -> str:
    """A document page's file name: readable, safe, and unique per source_path. The readable
    part may be the same for many (Thai names keep only their suffix): the 64 bits of the
    hash tell them apart (32 bits would meet among some tens of thousands of documents)."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", source_path).strip("._")[:60] or "document"
    digest = hashlib.sha1(source_path.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{readable}-{digest}"


def severity_rank(severity: str | None) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def code_rank(code: str) -> int:
    return QUEUE_PRIORITY.index(code) if code in QUEUE_PRIORITY else len(QUEUE_PRIORITY)


def in_queue(severity: str | None, code: str) -> bool:
    return code != FAILED_CODE and (severity in QUEUE_SEVERITIES or code in QUEUE_PRIORITY)


def review_queue(documents: list[dict], findings: list[dict]) -> list[dict]:
    """The review queue: failed documents first, then the findings ``in_queue``, by
    severity, then ``QUEUE_PRIORITY``, then document, page and line."""
    entries = []
    for doc in documents:
        if doc.get("status") == "failed":
            entries.append(
                {
                    "failed": True,
                    "source_path": doc["source_path"],
                    "severity": "error",
                    "code": "failed",
                    "message": doc.get("error") or "",
                    "page": None,
                    "line": None,
                }
            )
    for f in findings:
        if in_queue(f.get("severity"), f["code"]):
            entries.append({"failed": False, **f})
    entries.sort(
        key=lambda e: (
            not e["failed"],
            0 if e["failed"] else severity_rank(e["severity"]),
            0 if e["failed"] else code_rank(e["code"]),
            e["source_path"] or "",  # a corrections file's rows may be no document's
            e["page"] or 0,
            e["line"] or 0,
        )
    )
    return entries


def counts(series: pd.Series, order: list | None = None) -> list[dict]:
    """Counts of a column's values (missing as "(none)"), most first unless ``order``, with
    each one's share of the largest (for the bar drawn beside it)."""
    values = series.astype(object).where(series.notna(), "(none)")
    counted = Counter(values.tolist())
    keys = order if order is not None else sorted(counted, key=lambda k: (-counted[k], str(k)))
    top = max(counted.values(), default=1)
    return [
        {"label": k, "count": counted[k], "width": round(100 * counted[k] / top, 1)}
        for k in keys
        if counted.get(k)
    ]


@dataclass(slots=True)
class Value:
    """One value of a document as its page shows it: ``anchor`` (its row's id), what it is
    (``kind``: indicator, item or measure; ``label``; ``value``), how it was read
    (``method``), where (``page``, ``line``, ``box`` in PDF points, origin top-left)."""

    anchor: str
    kind: str
    label: str
    value: str
    method: str | None
    page: int | None
    line: int | None
    box: tuple[float, float, float, float] | None
    year: int | None = None
    style: str = ""  # the box's position over its page image, when the page is shown
    href: str = ""  # where its "where" link goes (its line, or its box)

    @property
    def title(self) -> str:
        return f"{self.label}: {self.value}"

    @property
    def where(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "—"

    @property
    def box_text(self) -> str:
        if self.box is None:
            return ""
        return "(" + ", ".join(f"{v:.1f}" for v in self.box) + ")"


def _box(row: dict) -> tuple[float, float, float, float] | None:
    coords = [row.get(c) for c in BOX_COLUMNS]
    if any(v is None for v in coords):
        return None
    box = tuple(float(v) for v in coords)
    if not all(math.isfinite(v) for v in box) or box[2] <= box[0] or box[3] <= box[1]:
        return None
    return box  # type: ignore[return-value]


def _short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def document_values(indicators: list[dict], items: list[dict], measures: list[dict]) -> list[Value]:
    """A document's values, in the order its page lists them: indicators, items, measures."""
    values: list[Value] = []

    def add(kind: str, label: str, value: str, row: dict) -> None:
        values.append(
            Value(
                f"v-{len(values) + 1}",
                kind,
                label,
                value,
                row.get("method"),
                row.get("page"),
                row.get("line"),
                _box(row),
                row.get("assessment_year_be"),
            )
        )

    for r in indicators:
        label = f"ตัวชี้วัดที่ {r['indicator_no']} {r.get('indicator_name') or ''}".strip()
        add("indicator", label, _number(r.get("score")), r)
    for r in items:
        group = f" ({r['respondent_group']})" if r.get("respondent_group") else ""
        label = _short(f"{r.get('item_code') or '?'}{group} {r.get('item_text') or ''}")
        add("item", label, _number(r.get("score")), r)
    for r in measures:
        number = f"{r['measure_no']}. " if r.get("measure_no") is not None else ""
        add("measure", _short(f"{number}{r.get('title') or ''}"), r.get("status") or "", r)
    return values


def pages_to_show(values: list[Value], max_pages: int) -> list[int]:
    """The ``max_pages`` pages that hold the most values (ties: the earlier page), in page
    order."""
    counted = Counter(v.page for v in values if v.page is not None)
    best = sorted(counted, key=lambda p: (-counted[p], p))[:max_pages]
    return sorted(best)


def place_boxes(values: list[Value], images: list[PageImage]) -> None:
    """Give each value with a box on a shown page its place over the image, in percent of
    the page (the image scales with the window, the boxes with it)."""
    shown = {image.number: image for image in images}
    for v in values:
        image = shown.get(v.page) if v.page is not None else None
        if image is None or v.box is None:
            continue
        x0, y0, x1, y1 = v.box
        w, h = image.width_pt, image.height_pt
        left, top = max(0.0, x0 / w * 100), max(0.0, y0 / h * 100)
        width, height = min(100.0, x1 / w * 100) - left, min(100.0, y1 / h * 100) - top
        if width <= 0 or height <= 0:
            continue
        v.style = f"left:{left:.2f}%;top:{top:.2f}%;width:{width:.2f}%;height:{height:.2f}%"
        v.href = f"#b-{v.anchor[2:]}"


@dataclass(slots=True)
class Build:
    """What a build needs beside the tables: the report's folder, the options, the inputs
    and the Jinja2 environment."""

    folder: Path
    pages: bool
    max_pages: int
    inputs: list[Path]
    env: object = None


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("ita_extract.report", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v: "" if v is None else f"{v:.2f}"
    env.filters["blank"] = lambda v: "" if v is None else v
    return env


def build_report(
    out: str | os.PathLike,
    *,
    pages: bool = False,
    max_pages: int = DEFAULT_MAX_PAGES,
    inputs: list[str | os.PathLike] | None = None,
) -> Path:
    """Write the HTML report of the tables published in ``out`` into ``out/report/``.

    Args:
        out: the output folder of a run.
        pages: render the PDF pages that hold the most values (at most ``max_pages`` per
            document) and draw each value's box on them; without it, PDFs are not opened.
        max_pages: pages rendered per PDF document with ``pages``.
        inputs: where the input files are (the run's INPUTs); default: manifest.json's
            ``inputs``.

    Returns:
        ``out/report``, which holds index.html (the overview), queue.html and the document
        pages. It is replaced at once (a link switched to the new build): a browser open on
        the old report never sees a half-written one.

    Raises:
        ReportError: ``out`` holds no published tables.
        OSError: the report could not be written (nothing is switched).
    """
    out = Path(out)
    if max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    published_folder(out)  # no tables: said before anything is started
    if (out / REPORT).exists() and not (out / REPORT).is_dir():
        raise ReportError(f"{out / REPORT} is a file, where the report goes")
    plotter = Plotter()
    try:
        published = load(out)
        if inputs is None:
            inputs = published.manifest.get("inputs") or []
        reports = out / STATE_DIR / REPORTS
        folder = reports / f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{os.getpid()}"
        folder.mkdir(parents=True)
        try:
            build = Build(folder, pages, max_pages, absolute(list(inputs)), _environment())
            _write(published, build, plotter)
            publish(out, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    finally:
        plotter.close()
    remove_old_builds(folder)  # out/report shows folder now: kept, whatever happens here
    return out / REPORT


def publish(out: Path, folder: Path) -> None:
    """Make ``out/report`` show ``folder`` in one step (a link replaced by ``rename``). A
    real folder ``out/report`` (a copy that followed the link) is moved among the builds
    first."""
    link = out / REPORT
    reports = folder.parent
    if link.is_dir() and not link.is_symlink():
        aside = reports / COPIED  # sorts before every build: removed as an old one
        shutil.rmtree(aside, ignore_errors=True)
        link.rename(aside)
    temp = out / f".{REPORT}.{os.getpid()}.link"
    temp.unlink(missing_ok=True)
    os.symlink(Path(STATE_DIR) / REPORTS / folder.name, temp)
    os.replace(temp, link)


def remove_old_builds(folder: Path) -> None:
    """Remove the builds older than ``folder`` but the one before (a browser may still be
    reading it). Builds newer than this one (another build under way) are left alone."""
    reports = folder.parent
    older = sorted(p.name for p in reports.iterdir() if p.name < folder.name)
    for name in older[:-1]:
        shutil.rmtree(reports / name, ignore_errors=True)


def _write(published: Published, build: Build, plotter: Plotter) -> None:
    tables = published.tables
    folder = build.folder
    summary, jobs = overview(tables)
    plotter.draw(jobs)  # drawn meanwhile, in the plotter's process
    (folder / "documents").mkdir()
    if build.pages:
        (folder / "pages").mkdir()
    _copy_assets(folder / "assets")
    documents = records(tables["documents"].sort_values("source_path", kind="stable"))
    names = {d["source_path"]: page_name(d["source_path"]) for d in documents}
    findings = records(tables["validation"])
    by_doc: dict[str, dict[str, list[dict]]] = {d["source_path"]: {} for d in documents}
    for table in ("indicator_scores", "item_scores", "measures", "validation"):
        rows = findings if table == "validation" else records(tables[table])
        for row in rows:
            by_doc.setdefault(row["source_path"], {}).setdefault(table, []).append(row)
    queue = review_queue(documents, findings)
    summary.update(n_queue=len(queue), n_failed=sum(1 for e in queue if e["failed"]))
    context = {
        "manifest": published.manifest,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_documents": len(documents),
        "names": names,
        "pages": build.pages,
    }
    env = build.env
    template = env.get_template("document.html")

    def finish(page: DocumentPage) -> None:
        html = _document_html(page, template, context)
        name = names[page.doc["source_path"]]
        (folder / "documents" / f"{name}.html").write_text(html, encoding="utf-8")

    pool = PagePool(folder, finish) if build.pages else None
    try:
        for doc in documents:
            page = _prepare(doc, by_doc.get(doc["source_path"], {}), build)
            if pool is not None:
                pool.add(page)
            else:
                finish(page)
    finally:
        if pool is not None:
            pool.close()
    errors = Counter(f["source_path"] for f in findings if f.get("severity") == "error")
    for doc in documents:
        doc["n_errors"] = errors.get(doc["source_path"], 0)
    _render(env, "documents.html", folder / "documents.html", documents=documents, **context)
    _render(
        env,
        "queue.html",
        folder / "queue.html",
        queue=queue,
        **context,
        descriptions={c: t.description for c, t in FINDING_TYPES.items()},
        n_info=sum(
            1
            for f in findings
            if not in_queue(f.get("severity"), f["code"]) and f["code"] != FAILED_CODE
        ),
    )
    fill_plots(summary, plotter.result(jobs))
    _render(env, "index.html", folder / "index.html", **summary, **context)


def _render(env, template: str, path: Path, **context) -> None:
    path.write_text(env.get_template(template).render(root="", **context), encoding="utf-8")


def _copy_assets(target: Path) -> None:
    """The style sheet and fonts (package data) into the report's ``assets``."""
    source = resources.files("ita_extract.report") / "assets"
    target.mkdir()
    (target / "fonts").mkdir()
    for entry in source.iterdir():
        if entry.is_file():
            (target / entry.name).write_bytes(entry.read_bytes())
    for entry in (source / "fonts").iterdir():
        if entry.is_file():
            (target / "fonts" / entry.name).write_bytes(entry.read_bytes())


@dataclass(slots=True)
class DocumentPage:
    """A document's page in the making: its values and source, and — for a PDF with
    ``pages`` — the pages to render (``data``: the PDF's bytes until they are handed over)."""

    doc: dict
    rows: dict
    values: list[Value]
    source: Source
    problem: str
    is_text: bool
    is_pdf: bool
    lines: list[tuple[int, str]] = field(default_factory=list)
    wanted: list[int] = field(default_factory=list)
    data: bytes | None = None
    images: list[PageImage] = field(default_factory=list)


def _prepare(doc: dict, rows: dict, build: Build) -> DocumentPage:
    """A document's values, its file (found, checked) and its lines (text and HTML); for a
    PDF with ``pages``, the pages to render."""
    values = document_values(
        rows.get("indicator_scores", []), rows.get("item_scores", []), rows.get("measures", [])
    )
    suffix = Path(doc["source_path"]).suffix.lower()
    is_text = suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES
    is_pdf = suffix == ".pdf"
    wanted = pages_to_show(values, build.max_pages) if is_pdf and build.pages else []
    read = doc.get("status") != "failed" and (is_text or bool(wanted))
    source = locate(doc["source_path"], doc.get("doc_id"), build.inputs, read=read)
    page = DocumentPage(doc, rows, values, source, "", is_text, is_pdf, wanted=wanted)
    if source.state in ("missing", "changed"):
        page.problem = source.note()
    elif source.usable and is_text:
        try:
            page.lines = source_lines(source.path, source.data)
        except Exception as exc:  # the run read it; if the reader now cannot, say so
            page.problem = f"The file could not be read again: {exc}"
    elif source.usable and wanted:
        page.data = source.data
    return page


def _render_pages(page: DocumentPage, folder: Path) -> list[PageImage]:
    """Render ``page``'s wanted pages (here, or in a worker of ``PagePool``)."""
    return render_pages(page.data, page.wanted, folder / "pages", _stem(page.doc))


def _document_html(page: DocumentPage, template, context: dict) -> str:
    """One document's page: its values beside its source (lines, or images with boxes)."""
    values, lines = page.values, page.lines
    place_boxes(values, page.images)
    if lines:
        for v in values:
            if v.line is not None and v.page is None:
                v.href = f"#L{v.line}"
    on_page: dict[int, list[Value]] = {}
    for v in values:
        if v.style:
            on_page.setdefault(v.page, []).append(v)
    highlighted = {v.line for v in values if v.href.startswith("#L")}
    return template.render(
        root="../",
        doc=page.doc,
        values=values,
        groups=[(kind, heading, [v for v in values if v.kind == kind]) for kind, heading in KINDS],
        findings=page.rows.get("validation", []),
        source=page.source,
        problem=page.problem,
        lines=_lines_html(lines, highlighted),
        is_text=page.is_text,
        is_pdf=page.is_pdf,
        images=page.images,
        on_page=on_page,
        wanted=page.wanted,
        corrected=_corrected(page.doc),
        **context,
    )


class PagePool:
    """Renders PDF pages (``pages``) in forked worker processes, one per core, while this
    process writes the other documents' pages; at most ``WINDOW`` documents wait at once
    (their PDFs' bytes travel to the workers). On one core, or where processes cannot be
    forked, pages are rendered here."""

    WINDOW = 8

    def __init__(self, folder: Path, finish) -> None:
        self.folder, self.finish = folder, finish
        self.pending: deque[tuple[DocumentPage, Future | None]] = deque()
        self.executor: ProcessPoolExecutor | None = None
        cores = os.cpu_count() or 1
        if cores > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.executor = ProcessPoolExecutor(cores, mp_context=context)

    def add(self, page: DocumentPage) -> None:
        if page.data is None:
            self.finish(page)
            return
        if self.executor is None:
            self._collect(page, None)
            return
        future = self.executor.submit(
            render_pages, page.data, page.wanted, self.folder / "pages", _stem(page.doc)
        )
        page.data = None
        self.pending.append((page, future))
        while len(self.pending) > self.WINDOW:
            self._collect(*self.pending.popleft())

    def _collect(self, page: DocumentPage, future: Future | None) -> None:
        try:
            page.images = (
                future.result() if future is not None else _render_pages(page, self.folder)
            )
        except Exception as exc:
            page.problem = f"The PDF could not be rendered: {exc}"
        page.data = None
        self.finish(page)

    def close(self) -> None:
        """Finish the documents still waiting, and stop the workers."""
        try:
            while self.pending:
                self._collect(*self.pending.popleft())
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)


def _stem(doc: dict) -> str:
    return page_name(doc["source_path"])


def _corrected(doc: dict) -> list[str]:
    """Fields a human corrected (documents.corrected_fields, where the tables have it)."""
    text = doc.get("corrected_fields")
    if not text:
        return []
    return [part.strip() for part in re.split(r"[;,]", str(text)) if part.strip()]


def _lines_html(lines: list[tuple[int, str]], highlighted: set[int]):
    """The source lines as HTML (built here, not in the template: thousands of lines)."""
    from markupsafe import Markup, escape

    parts = []
    for number, text in lines:
        cls = "ln hl" if number in highlighted else "ln"
        parts.append(
            f'<div class="{cls}" id="L{number}"><a class="no" href="#L{number}">{number}</a>'
            f'<span class="tx">{escape(text)}</span></div>'
        )
    return Markup("\n".join(parts))


def overview(tables: dict[str, pd.DataFrame]) -> tuple[dict, list]:
    """The overview's counts, and the plots to draw: (the template's context, whose SVGs
    are still to be filled in by ``fill_plots``; the plots' jobs for ``plots.render``)."""
    jobs: list[tuple[str, tuple]] = []
    documents = tables["documents"]
    wide = tables["wide"]
    validation = tables["validation"]
    label = "distribution of the scores of indicator {} per assessment year"
    indicator_plots = []
    for indicator in INDICATORS:
        column = wide.get(f"ind_{indicator.number}")
        by_year: dict[int | None, list[float]] = {}
        if column is not None:
            for year, score in zip(wide["assessment_year_be"], column, strict=True):
                if not pd.isna(score):
                    by_year.setdefault(None if pd.isna(year) else int(year), []).append(
                        float(score)
                    )
        indicator_plots.append(
            {"indicator": indicator, "n": sum(len(v) for v in by_year.values()), "svg": ""}
        )
        jobs.append(("indicator", (by_year, label.format(indicator.number))))
    overall = []
    for year, stated, computed in zip(
        wide["assessment_year_be"],
        wide["overall_score"],
        wide["overall_score_computed"],
        strict=True,
    ):
        score = stated if not pd.isna(stated) else computed
        if not pd.isna(score):
            overall.append((None if pd.isna(year) else int(year), float(score)))
    by_code: dict[str, dict[str, int]] = {}
    for code, severity in zip(validation["code"], validation["severity"], strict=True):
        by_code.setdefault(code, Counter())[severity] += 1
    findings_rows = [
        {
            "code": code,
            "description": FINDING_TYPES[code].description if code in FINDING_TYPES else "",
            **{s: by_code[code].get(s, 0) for s in SEVERITIES},
            "total": sum(by_code[code].values()),
        }
        for code in sorted(by_code, key=lambda c: (-sum(by_code[c].values()), c))
    ]
    methods = []
    for table, what in (
        ("indicator_scores", "indicator scores"),
        ("item_scores", "item scores"),
        ("measures", "measures"),
    ):
        df = tables[table]
        if "method" in df.columns and len(df):
            methods.append({"what": what, "rows": counts(df["method"])})
    jobs.append(("overall", (overall, "overall scores per year over the level bands of its rules")))
    if by_code:
        jobs.append(("findings", (by_code, "findings per code and severity")))
    withheld = validation[validation["code"] == "OCR_UNCONFIRMED"]
    years = documents["assessment_year_be"]
    year_order = sorted({int(y) for y in years.dropna()}) + (
        ["(none)"] if years.isna().any() else []
    )
    context = {
        "status_counts": counts(documents["status"], ["ok", "no_scores", "failed"]),
        "type_counts": counts(documents["report_type"]),
        "province_counts": counts(documents["province"]),
        "year_counts": counts(years, year_order),
        "source_counts": counts(documents["text_source"]),
        "indicator_plots": indicator_plots,
        "overall_svg": "",
        "n_overall": len(overall),
        "letter_bands": plots.letter_bands(),
        "tier_bands": plots.tier_bands(),
        "letter_years": f"{LETTER_YEARS.start}–{LETTER_YEARS.stop - 1}",
        "tier_years": f"{TIER_YEARS.start}–{TIER_YEARS.stop - 1}",
        "findings_svg": "",
        "findings_rows": findings_rows,
        "methods": methods,
        "n_withheld": len(withheld),
        "n_withheld_docs": withheld["source_path"].nunique(),
        "n_wide": len(wide),
    }
    return context, jobs


def fill_plots(context: dict, svgs: list[str]) -> None:
    """Put the drawn plots (``plots.render`` of ``overview``'s jobs, in order) into the
    overview's context."""
    for entry, svg in zip(context["indicator_plots"], svgs, strict=False):
        entry["svg"] = svg
    rest = svgs[len(context["indicator_plots"]) :]
    context["overall_svg"] = rest[0]
    context["findings_svg"] = rest[1] if len(rest) > 1 else ""


class Plotter:
    """Draws the overview's plots in a forked process of its own, while this one reads the
    tables and writes the document pages: loading matplotlib and drawing are most of the
    overview's time. The process is forked first thing and loads matplotlib at once
    (``plots.warm_up``); ``draw`` hands it the plots. On one core, or where processes cannot
    be forked, or when that process fails, the plots are drawn here."""

    def __init__(self) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        if (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.executor = ProcessPoolExecutor(1, mp_context=context)
            self.executor.submit(plots.warm_up)

    def draw(self, jobs: list) -> None:
        if self.executor is not None:
            self.future = self.executor.submit(plots.render, jobs)

    def result(self, jobs: list) -> list[str]:
        """The plots' SVGs, in the order of ``jobs``."""
        if self.future is not None:
            try:
                return self.future.result()
            except Exception as exc:  # a broken pool must not lose the report
                log.warning("drawing the plots in a process of their own failed (%s)", exc)
        return plots.render(jobs)

    def close(self) -> None:
        # wait=True: the process has drawn (or failed, or was interrupted with this one), so
        # the wait is short; with wait=False, CPython may print "Bad file descriptor" at the
        # interpreter's exit (python/cpython#83279, the pool's wake-up pipe closed early).
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
