"""ita-extract: orchestration and the command line.

    ita-extract run INPUT [INPUT ...] [--out DIR] [--workers N] [--format csv|parquet|both] …
    python pipeline.py run INPUT [INPUT ...] [--out DIR] …

For each input file: read it (``extract.readers``), recognise candidates (``extract.metadata``,
``extract.indicators``, ``extract.items``, ``extract.measures``), resolve them (``resolve``)
— one document per task, in worker processes (``executors``) — and write documents.csv,
indicator_scores.csv, item_scores.csv, measures.csv, validation.csv and wide.csv
(``writers``) and manifest.json. Runs are incremental through the output folder's state store
(``state``): only new or changed files are extracted. A file that cannot be read, hangs or
crashes its worker becomes a ``failed`` row and the batch goes on.

Exit status: 0 when every document was processed, 1 when some failed (the tables are still
written), 2 on a usage error, a locked output folder or a missing executor.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from executors import ExecutorUnavailable, Outcome, Task, run_dask, run_local
from extract import __version__
from extract.candidates import Finding
from extract.indicators import recognise_indicators
from extract.items import recognise_items
from extract.measures import recognise_measures
from extract.metadata import recognise_metadata
from extract.paragraphs import paragraphs
from extract.readers import ReadError, read_document
from extract.readers.ocr import tesseract_available
from resolve import resolve
from state import STATE_DIR, Seen, StateStore
from writers import (
    frame,
    wide_rows,
    write_csv_atomic,
    write_parquet_atomic,
    write_text_atomic,
)

log = logging.getLogger("ita_extract")
DEFAULT_OUT = Path("data/out")
DEFAULT_DOC_TIMEOUT = 300.0
# Without a terminal, progress is logged this often (seconds).
PROGRESS_EVERY = 10.0
# The summary names this many failures; manifest.json names them all.
SUMMARY_FAILURES = 5
# The summary's log level: shown even with --quiet (which shows warnings and up).
SUMMARY = logging.WARNING + 1
logging.addLevelName(SUMMARY, "SUMMARY")


@dataclass(slots=True)
class InputFile:
    """A file to process and the path to report for it (relative to its INPUT)."""

    path: Path
    source_path: str


@dataclass(slots=True)
class DocumentResult:
    """All rows one document contributes to the output tables."""

    document: dict[str, object]
    indicators: list[dict[str, object]] = field(default_factory=list)
    items: list[dict[str, object]] = field(default_factory=list)
    measures: list[dict[str, object]] = field(default_factory=list)
    findings: list[dict[str, object]] = field(default_factory=list)


def collect_inputs(inputs: list[Path]) -> list[InputFile]:
    """Expand files and folders (recursively) into the files to process, sorted.

    Hidden files and folders (name starting with ".") inside a folder are skipped; every
    other file is processed, so a file of an unknown type becomes a ``failed`` row.

    Raises:
        FileNotFoundError: an INPUT does not exist.
    """
    found: dict[Path, InputFile] = {}
    for item in inputs:
        if item.is_file():
            found.setdefault(item.resolve(), InputFile(item, item.name))
        elif item.is_dir():
            for path in sorted(item.rglob("*")):
                rel = path.relative_to(item)
                if path.is_file() and not any(p.startswith(".") for p in rel.parts):
                    found.setdefault(path.resolve(), InputFile(path, rel.as_posix()))
        else:
            raise FileNotFoundError(f"input not found: {item}")
    return sorted(found.values(), key=lambda f: (f.source_path, str(f.path)))


def process_file(item: InputFile, sha256: str | None = None) -> DocumentResult:
    """Extract one file into its rows. Never raises: failures become a ``failed`` row.

    ``sha256``: the file's SHA-256 when the caller has it already (else it is computed).
    """
    base = _base(item, sha256 or file_sha256(item.path))
    try:
        doc = read_document(item.path)
        paras = paragraphs(doc)
        meta = recognise_metadata(doc, paras)
        candidates, rec_findings = recognise_indicators(doc, paras)
        notes = [Finding(_note_severity(code), code, msg) for code, msg in doc.notes]
        items = recognise_items(doc)
        measures, measure_findings = recognise_measures(doc)
        ocr_pages = frozenset(p.number for p in doc.pages if p.text_source == "ocr")
        resolved = resolve(
            meta, candidates, items, measures, notes + rec_findings + measure_findings, ocr_pages
        )
    except ReadError as exc:
        return _failed(base, str(exc))
    except Exception as exc:  # a bug must not stop the batch; it is reported, not hidden
        log.exception("internal error on %s", item.source_path)
        return _failed(base, f"internal error: {type(exc).__name__}: {exc}")
    has_scores = resolved.indicators or resolved.fields.get("overall_score") is not None
    document = {
        **base,
        "n_pages": doc.n_pages,
        "text_source": doc.text_source,
        "status": "ok" if has_scores else "no_scores",
        "error": None,
        **resolved.fields,
        "n_findings": len(resolved.findings),
    }
    keys = {"doc_id": base["doc_id"], "source_path": item.source_path}
    return DocumentResult(
        document=document,
        indicators=[{**keys, **asdict(r)} for r in resolved.indicators],
        items=[{**keys, **asdict(r)} for r in resolved.items],
        measures=[{**keys, **asdict(r)} for r in resolved.measures],
        findings=[{**keys, **asdict(f)} for f in resolved.findings],
    )


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


WARM_UP_TEXT = """รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘
องค์การบริหารส่วนตำบลกุดรัง อำเภอกุดรัง จังหวัดมหาสารคาม
โดยมีคะแนนในภาพรวมอยู่ที่ ๙๑.๗๖ อยู่ในระดับผ่าน
ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ คะแนน ๙๖.๖๗
"""


def warm_up() -> None:
    """Load what extraction loads on first use (gazetteer, word lists, matchers) by
    extracting a few lines of report text: for worker processes that fork a child per
    document (the Dask executor), so that each child starts warm."""
    with tempfile.TemporaryDirectory(prefix="ita-extract-") as tmp:
        path = Path(tmp) / "warm_up.txt"
        path.write_text(WARM_UP_TEXT, encoding="utf-8")
        process_file(InputFile(path, path.name))


def extract_task(task: Task) -> dict:
    """The work of one document in a worker process: its rows as a plain dict (picklable,
    JSON-able). With ``task.data`` (Dask: the worker may not see the file) the bytes are
    written to a temporary file of the same name first."""
    if task.data is None:
        return asdict(process_file(InputFile(Path(task.path), task.source_path), task.sha256))
    with tempfile.TemporaryDirectory(prefix="ita-extract-") as tmp:
        path = Path(tmp) / Path(task.path).name
        path.write_bytes(task.data)
        return asdict(process_file(InputFile(path, task.source_path), task.sha256))


def _note_severity(code: str) -> str:
    return "warning" if code in ("PAGES_WITHOUT_TEXT", "TEXT_LAYER_UNUSABLE") else "info"


def _failed(base: dict[str, object], error: str) -> DocumentResult:
    log.warning("failed: %s: %s", base["source_path"], error)
    finding = {
        "doc_id": base["doc_id"],
        "source_path": base["source_path"],
        "severity": "error",
        "code": "READ_FAILED",
        "message": error,
        "page": None,
        "line": None,
    }
    document = {**base, "status": "failed", "error": error, "n_findings": 1}
    return DocumentResult(document=document, findings=[finding])


@dataclass(slots=True)
class RunOptions:
    """How a run is carried out; none of these changes what is extracted."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    doc_timeout: float = DEFAULT_DOC_TIMEOUT
    force: bool = False
    executor: str = "local"  # "local" or "dask"
    scheduler: str | None = None
    formats: tuple[str, ...] = ("csv",)
    progress: bool = False  # a progress bar (stderr is a terminal) instead of log lines


@dataclass(slots=True)
class RunReport:
    """What a run did (also written to manifest.json)."""

    results: list[DocumentResult]
    seen: int = 0
    unique: int = 0
    extracted: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)


class RunLocked(RuntimeError):
    """Another run holds the output folder."""


def extraction_key() -> str:
    """What a stored result depends on besides the file's bytes: the extractor version, and
    whether OCR is available (without it a scanned page is not read)."""
    return json.dumps({"version": __version__, "ocr": tesseract_available()}, sort_keys=True)


def run(inputs: list[Path], out: Path, options: RunOptions | None = None) -> RunReport:
    """Extract every input file that is new or changed since the last run on ``out``, and
    write the tables of all of them into ``out``.

    Steps: list the inputs (files inside ``out``, such as the tables of an earlier run, are
    not inputs); hash the new or changed ones (size and mtime unchanged: the stored
    SHA-256 is used); extract each distinct content without a stored result for this
    extractor version (all of them with ``force``) on the chosen executor; rebuild every
    table from the state store (``state.StateStore``), so that files that left the inputs drop
    out; write the tables (each atomically) and manifest.json. Holds a lock on ``out`` for
    the whole run. A run killed midway leaves the previous tables as they were; the
    documents it finished are kept in the store.

    Raises:
        FileNotFoundError: an INPUT does not exist (nothing is written).
        RunLocked: another run is working on ``out``.
        executors.ExecutorUnavailable: the chosen executor cannot run (says what to install).
    """
    options = options or RunOptions()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    own = out.resolve()
    files = [f for f in collect_inputs(inputs) if not f.path.resolve().is_relative_to(own)]
    out.mkdir(parents=True, exist_ok=True)
    (out / STATE_DIR).mkdir(exist_ok=True)
    lock = FileLock(out / STATE_DIR / "lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunLocked(f"another ita-extract run is writing to {out} (lock held)") from None
    try:
        with StateStore(out) as store:
            return _run_locked(files, out, options, store, started, clock)
    finally:
        lock.release()


def _run_locked(
    files: list[InputFile],
    out: Path,
    options: RunOptions,
    store: StateStore,
    started: datetime,
    clock: float,
) -> RunReport:
    report = RunReport(results=[], seen=len(files))
    previous = store.seen()
    current: dict[str, Seen] = {}
    for item in files:
        stat = item.path.stat()
        old = previous.get(item.source_path)
        same = old is not None and (old.size, old.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        sha = old.sha256 if same else file_sha256(item.path)
        current[item.source_path] = Seen(stat.st_size, stat.st_mtime_ns, sha)
    key = extraction_key()
    stored = set() if options.force else store.has(key)
    first_of: dict[str, InputFile] = {}
    for item in files:
        first_of.setdefault(current[item.source_path].sha256, item)
    report.unique = len(first_of)
    todo = [
        Task(item.source_path, str(item.path), sha)
        for sha, item in first_of.items()
        if sha not in stored
    ]
    report.unchanged = report.unique - len(todo)
    report.stages["scan"] = time.perf_counter() - clock
    failed_now: dict[str, dict] = {}
    progress = _Progress(len(todo), options.progress)

    def record(task: Task, outcome: Outcome) -> None:
        result = outcome.result
        if result is None:
            item = InputFile(Path(task.path), task.source_path)
            result = asdict(_failed(_base(item, task.sha256), outcome.error or "unknown error"))
        if result["document"]["status"] == "failed":
            failed_now[task.sha256] = result  # not stored: tried again on the next run
        else:
            store.put(task.sha256, key, result)
        progress.done(result["document"].get("n_pages") or 0)

    stage = time.perf_counter()
    if todo:
        if options.executor == "dask":
            run_dask(
                extract_task,
                todo,
                options.workers,
                options.doc_timeout,
                record,
                options.scheduler,
                warm_up,
            )
        else:
            run_local(extract_task, todo, options.workers, options.doc_timeout, record)
    progress.close()
    report.extracted = len(todo)
    report.stages["extract"] = time.perf_counter() - stage
    stage = time.perf_counter()
    store.set_inputs(current)
    store.prune(key, set(first_of))
    for item in files:
        sha = current[item.source_path].sha256
        result = failed_now.get(sha) or store.result(sha, key)
        if result is None:  # cannot happen: every distinct content was extracted or stored
            raise RuntimeError(f"no result for {item.source_path}")
        report.results.append(_as_named(result, item.source_path))
    for r in report.results:
        if r.document["status"] == "failed":
            report.failures.append((str(r.document["source_path"]), str(r.document["error"])))
    outputs = _write_tables(report, out, options.formats)
    report.stages["write"] = time.perf_counter() - stage
    _write_manifest(out, options, report, started, outputs)
    return report


def _base(item: InputFile, sha256: str) -> dict[str, object]:
    return {
        "doc_id": sha256[:16],
        "source_path": item.source_path,
        "file_type": item.path.suffix.lower().lstrip("."),
        "extractor_version": __version__,
    }


def _as_named(result: dict, source_path: str) -> DocumentResult:
    """A stored result under the name of one of the files that hold its content."""

    def named(row: dict) -> dict:
        return {**row, "source_path": source_path}

    return DocumentResult(
        document=named(result["document"]),
        indicators=[named(r) for r in result["indicators"]],
        items=[named(r) for r in result["items"]],
        measures=[named(r) for r in result["measures"]],
        findings=[named(r) for r in result["findings"]],
    )


def _write_tables(report: RunReport, out: Path, formats: tuple[str, ...]) -> dict[str, str]:
    """Write every table in the chosen formats; returns file name → SHA-256."""
    results = report.results
    documents = [r.document for r in results]
    indicators = [row for r in results for row in r.indicators]
    tables = {
        "documents.csv": frame("documents.csv", documents),
        "indicator_scores.csv": frame("indicator_scores.csv", indicators),
        "item_scores.csv": frame("item_scores.csv", (row for r in results for row in r.items)),
        "measures.csv": frame("measures.csv", (row for r in results for row in r.measures)),
        "validation.csv": frame("validation.csv", (row for r in results for row in r.findings)),
        "wide.csv": frame("wide.csv", wide_rows(documents, indicators)),
    }
    outputs = {}
    for name, df in tables.items():
        report.rows[name.removesuffix(".csv")] = len(df)
        targets = []
        if "csv" in formats:
            write_csv_atomic(df, out / name)
            targets.append(out / name)
        if "parquet" in formats:
            path = out / name.replace(".csv", ".parquet")
            write_parquet_atomic(df, path)
            targets.append(path)
        for path in targets:
            outputs[path.name] = file_sha256(path)
    return outputs


def _write_manifest(
    out: Path, options: RunOptions, report: RunReport, started: datetime, outputs: dict
) -> None:
    manifest = {
        "extractor_version": __version__,
        "extraction_key": json.loads(extraction_key()),
        "options": {
            "workers": options.workers,
            "doc_timeout_s": options.doc_timeout,
            "force": options.force,
            "executor": options.executor,
            "scheduler": options.scheduler,
            "formats": list(options.formats),
        },
        "started": started.isoformat(timespec="seconds"),
        "ended": datetime.now(UTC).isoformat(timespec="seconds"),
        "counts": {
            "documents_seen": report.seen,
            "distinct_contents": report.unique,
            "extracted": report.extracted,
            "unchanged": report.unchanged,
            "failed": len(report.failures),
        },
        "failures": [{"source_path": p, "error": e} for p, e in report.failures],
        "rows": report.rows,
        "stage_seconds": {k: round(v, 3) for k, v in report.stages.items()},
        "outputs_sha256": outputs,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    write_text_atomic(text, out / "manifest.json")


class _Progress:
    """Documents done / total, pages per second and time left: a tqdm bar when stderr is a
    terminal, else a log line every PROGRESS_EVERY seconds (nightly jobs log to files)."""

    def __init__(self, total: int, bar: bool) -> None:
        self.total, self.count, self.pages = total, 0, 0
        self.start = self.last = time.perf_counter()
        self.bar = tqdm(total=total, unit="doc", file=sys.stderr) if bar and total else None

    def done(self, pages: int) -> None:
        self.count += 1
        self.pages += pages
        now = time.perf_counter()
        rate = self.pages / max(now - self.start, 1e-9)
        if self.bar is not None:
            self.bar.set_postfix_str(f"{rate:.1f} pages/s")
            self.bar.update()
        elif now - self.last >= PROGRESS_EVERY or self.count == self.total:
            self.last = now
            left = (now - self.start) / self.count * (self.total - self.count)
            log.info(
                "extracted %d/%d documents, %.1f pages/s, about %.0f s left",
                self.count,
                self.total,
                rate,
                left,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="ita-extract",
        description="Extract tidy, validated tables of ITA scores from Thai integrity "
        "reports (PDF with a text layer or scanned, .txt/.md scraped text, .html).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser(
        "run",
        help="extract every report under the inputs",
        description="Read every file under the INPUTs (folders are searched recursively) "
        "and write documents.csv, indicator_scores.csv, item_scores.csv, measures.csv, "
        "validation.csv, wide.csv and manifest.json into --out. Runs are incremental: a "
        "state store in OUT/.ita-extract remembers each file's SHA-256 and rows, so only new "
        "or changed files are extracted (a new extractor version extracts everything again). "
        "Exit status: 0 all processed, 1 some files failed (tables still written), "
        "2 usage error (also: another run holds OUT, or the executor is not installed).",
    )
    run_p.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="a report file or a folder of reports"
    )
    run_p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})"
    )
    run_p.add_argument(
        "--workers",
        type=_positive_int,
        default=os.cpu_count() or 1,
        help="documents extracted at once, each in a process of its own "
        "(default: the number of cores); the tables do not depend on it",
    )
    run_p.add_argument(
        "--doc-timeout",
        type=float,
        default=DEFAULT_DOC_TIMEOUT,
        metavar="SECONDS",
        help="time limit per document; one that takes longer becomes a failed row and is "
        f"tried again on the next run (default: {DEFAULT_DOC_TIMEOUT:g})",
    )
    run_p.add_argument(
        "--force", action="store_true", help="extract every file again, changed or not"
    )
    run_p.add_argument(
        "--format",
        choices=["csv", "parquet", "both"],
        default="csv",
        help="table format (default: csv); parquet keeps types",
    )
    run_p.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="local: a process pool on this machine (default); dask: a Dask cluster "
        "(pip install 'ita-extract[dask]')",
    )
    run_p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --executor dask: the scheduler of an existing cluster, e.g. "
        "tcp://10.0.0.5:8786 (default: start a local cluster of --workers workers)",
    )
    run_p.add_argument(
        "-q", "--quiet", action="store_true", help="log only failures and the summary"
    )
    run_p.add_argument(
        "--log-json", action="store_true", help="log as JSON lines on stderr, no progress bar"
    )
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "message": record.getMessage(),
        }
        return json.dumps(entry, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ita-extract`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        _JsonFormatter() if args.log_json else logging.Formatter("%(levelname)s %(message)s")
    )
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        parser.error("input not found: " + ", ".join(missing))
    if args.scheduler and args.executor != "dask":
        parser.error("--scheduler needs --executor dask")
    options = RunOptions(
        workers=args.workers,
        doc_timeout=args.doc_timeout,
        force=args.force,
        executor=args.executor,
        scheduler=args.scheduler,
        formats=("csv", "parquet") if args.format == "both" else (args.format,),
        progress=sys.stderr.isatty() and not (args.quiet or args.log_json),
    )
    try:
        report = run(args.inputs, args.out, options)
    except (RunLocked, ExecutorUnavailable) as exc:
        print(f"ita-extract: error: {exc}", file=sys.stderr)
        return 2
    _summary(report, args.out)
    return 1 if report.failures else 0


def _summary(report: RunReport, out: Path) -> None:
    """The end-of-run summary: always shown (it is what --quiet keeps)."""
    total = sum(report.stages.values())
    lines = [
        f"{report.seen} documents seen ({report.unique} distinct), {report.extracted} "
        f"extracted, {report.unchanged} unchanged, {len(report.failures)} failed; "
        f"{report.rows.get('indicator_scores', 0)} indicator scores → {out} "
        f"({total:.1f} s)",
        "rows: " + ", ".join(f"{name} {n}" for name, n in report.rows.items()),
    ]
    lines += [f"failed: {path}: {error}" for path, error in report.failures[:SUMMARY_FAILURES]]
    if len(report.failures) > SUMMARY_FAILURES:
        lines.append(f"… and {len(report.failures) - SUMMARY_FAILURES} more (manifest.json)")
    for line in lines:
        log.log(logging.WARNING if line.startswith("failed") else SUMMARY, line)


if __name__ == "__main__":
    sys.exit(main())
