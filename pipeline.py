"""ita-extract: orchestration and the command line.

    ita-extract run INPUT [INPUT ...] [--out DIR] [--workers N] [--format csv|parquet|both] …
    ita-extract report OUT [--pages] [--max-pages N] [--inputs PATH ...]
    python pipeline.py run INPUT [INPUT ...] [--out DIR] …

For each input file: read it (``extract.readers``), recognise candidates (``extract.metadata``,
``extract.indicators``, ``extract.items``, ``extract.measures``), resolve them
(``ita_extract.resolve``) into typed rows (``ita_extract.records``) — one document per task,
in worker processes (``ita_extract.batch.executors``) — and write documents.csv,
indicator_scores.csv, item_scores.csv, measures.csv, validation.csv and wide.csv
(``ita_extract.tables``) and manifest.json. Runs are incremental through the output folder's
state store (``ita_extract.batch.state``): only new or changed files are extracted. A file
that cannot be read, hangs or crashes its worker becomes a ``failed`` row and the batch goes
on.

Exit status (``EXIT_*``): 0 when every document was processed, 1 when some failed (the
tables are still written), 2 on a usage error (also: a locked or unsafe output folder, two
inputs with one name, a missing executor, a corrections file that is missing or unusable), 3
when the run itself failed (disk full, output folder not writable, an internal error): one
line says why, the previous tables are kept. A corrections file (``--corrections``,
``ita_extract.corrections``) is applied to the tables of every run, not to the state store.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from extract import __version__
from extract.indicators import recognise_indicators
from extract.items import recognise_items
from extract.measures import recognise_measures
from extract.metadata import recognise_metadata
from extract.paragraphs import paragraphs
from extract.readers import (
    SUPPORTED_SUFFIXES,
    ReadError,
    ReadOptions,
    read_document,
    reader_for,
)
from extract.readers.options import DEFAULT_OCR_PAGE_TIMEOUT
from ita_extract.batch.executors import ExecutorUnavailable, Outcome, Task, run_dask, run_local
from ita_extract.batch.inputs import (
    InputConflict,
    InputError,
    InputFile,
    Seen,
    collect_inputs,
    hash_input,
    read_input,
    real_path,
    sha256_of,
    stat_input,
)
from ita_extract.batch.outputs import (
    Generation,
    UnsafeOutput,
    check_output_folder,
    remove_stale_generations,
    state_folder,
    temp_folder,
)
from ita_extract.batch.state import StateStore
from ita_extract.corrections import (
    Correction,
    CorrectionsError,
    Note,
    apply_corrections,
    parse_corrections,
    read_corrections,
)
from ita_extract.records import DocumentRecord, DocumentResult, boxes_on_pages, doc_id_of
from ita_extract.resolve import OcrEvidence, resolve
from ita_extract.tables import TABLES, datapackage, frames, write_csv, write_parquet
from normalize.findings import finding
from normalize.ita import TOOLS

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
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_RUN_FAILED = 0, 1, 2, 3
# Interrupted by a signal (Ctrl-C, SIGTERM): 128 + the signal's number, as shells report it.
# Reader notes that make a result temporary: not stored, extracted again on the next run
# (a page skipped for time may be read when the machine is less busy).
RETRY_NOTES = frozenset({"OCR_PAGE_TIMEOUT"})
# Every file name a run may publish in the output folder (tables in both formats, the
# manifest and the data package description).
PUBLISHED = frozenset(
    {name for t in TABLES for name in (t, t.replace(".csv", ".parquet"))}
    | {"manifest.json", "datapackage.json"}
)


def process_file(
    item: InputFile,
    sha256: str | None = None,
    data: bytes | None = None,
    options: ReadOptions | None = None,
) -> DocumentResult:
    """Extract one file into its rows. Never raises: failures become a ``failed`` row.

    Args:
        item: the file and the name to report for it.
        sha256: the SHA-256 the caller hashed the file to, if it did: the bytes read here must
            match it, else the file changed in between and the document fails (it is
            extracted again on the next run) rather than give another content's rows under
            this content's key.
        data: the file's bytes when the caller has them (Dask ships them); else read here.
        options: limits of reading (OCR time per page, image size).
    """
    if item.problem is not None:
        return _failed(item, None, item.problem, file_level=True)
    try:
        if data is None:
            data = read_input(item.path)
    except InputError as exc:
        return _failed(item, sha256, str(exc), file_level=True)
    actual = sha256_of(data)
    if sha256 is not None and actual != sha256:
        return _failed(
            item,
            sha256,
            "the file changed while the run was reading it (its bytes are not those hashed); "
            "it is extracted again on the next run",
            file_level=True,
        )
    try:
        doc = read_document(item.path, data, reading_options(options))
        paras = paragraphs(doc)
        meta = recognise_metadata(doc, paras)
        candidates, rec_findings = recognise_indicators(doc, paras)
        items = recognise_items(doc)
        measures, measure_findings = recognise_measures(doc)
        resolved = resolve(
            meta,
            candidates,
            items,
            measures,
            doc.notes + rec_findings + measure_findings,
            OcrEvidence.of(doc),
        )
    except ReadError as exc:
        return _failed(item, actual, str(exc))
    except Exception as exc:  # a bug must not stop the batch; it is reported, not hidden
        log.error("internal error on %s: %s: %s", item.source_path, type(exc).__name__, exc)
        log.debug("traceback of the internal error on %s", item.source_path, exc_info=True)
        return _failed(item, actual, f"internal error: {type(exc).__name__}: {exc}")
    has_scores = resolved.indicators or resolved.document.overall_score is not None
    document = replace(
        resolved.document,
        **_file_fields(item),
        n_pages=doc.n_pages,
        text_source=doc.text_source,
        status="ok" if has_scores else "no_scores",
        n_findings=len(resolved.findings),
    )
    return DocumentResult(
        doc_id_of(actual),
        item.source_path,
        document,
        boxes_on_pages(resolved.indicators, doc),
        boxes_on_pages(resolved.items, doc),
        boxes_on_pages(resolved.measures, doc),
        resolved.findings,
        retry=any(note.code in RETRY_NOTES for note in doc.notes),
    )


def reading_options(options: ReadOptions | None = None) -> ReadOptions:
    """The limits of reading (``options``, default ``ReadOptions()``) with what the readers
    must be told of ITA's documents: the tools' names (IIT, EIT, OIT), which a merged cell of
    an item or indicator table leaves before the first row of its group in a text rendering
    ("IIT 1. การปฏิบัติหน้าที่ 97.14")."""
    return replace(options or ReadOptions(), group_labels=TOOLS)


WARM_UP_TEXT = """รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘
องค์การบริหารส่วนตำบลกุดรัง อำเภอกุดรัง จังหวัดมหาสารคาม
โดยมีคะแนนในภาพรวมอยู่ที่ ๙๑.๗๖ อยู่ในระดับผ่าน
ซึ่งองค์การบริหารส่วนตำบลกุดรังได้รายงานผลต่อสำนักงาน ป.ป.ช.
ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ คะแนน ๙๖.๖๗
"""


def warm_up() -> None:
    """Load what extraction loads on first use (gazetteer, word lists, pythainlp's word
    segmenter, matchers) by extracting a few lines of report text: in the parent before its
    worker processes fork, and in Dask workers that fork a child per document, so that each
    child starts warm (about 0.5 s of loading that a document's time limit need not pay)."""
    data = WARM_UP_TEXT.encode("utf-8")
    process_file(InputFile(Path("warm_up.txt"), "warm_up.txt"), data=data)
    for suffix in SUPPORTED_SUFFIXES:
        reader_for(suffix)  # the readers' modules (imported on first use)


def extract_task(task: Task) -> DocumentResult:
    """The work of one document in a worker process: its rows (picklable). The bytes are
    ``task.data`` when they travel with the task (Dask: the worker may not see the file),
    else read from ``task.path``; either way they are checked against ``task.sha256``."""
    item = InputFile(Path(task.path), task.source_path)
    return process_file(item, task.sha256, task.data, task.read_options)


def _failed(
    item: InputFile, sha256: str | None, error: str, file_level: bool = False
) -> DocumentResult:
    """A ``failed`` row for ``item`` with a ``READ_FAILED`` finding that says why."""
    log.warning("failed: %s: %s", item.source_path, error)
    document = DocumentRecord(**_file_fields(item), status="failed", error=error, n_findings=1)
    return DocumentResult(
        doc_id_of(sha256),
        item.source_path,
        document,
        findings=[finding("READ_FAILED", error)],
        file_level=file_level,
    )


def _file_fields(item: InputFile) -> dict[str, str]:
    """The documents.csv fields of the file itself."""
    file_type = item.path.suffix.lower().lstrip(".") if item.problem is None else ""
    return {"file_type": file_type, "extractor_version": __version__}


@dataclass(slots=True)
class RunOptions:
    """How a run is carried out.

    ``workers``: documents extracted at once; ``doc_timeout``: seconds per document
    (``None``: no limit); ``force``: extract every file again; ``executor``: ``local`` (a
    process pool) or ``dask``; ``scheduler``: a Dask scheduler's address; ``formats``:
    ``csv`` and/or ``parquet``; ``csv_bom``: CSV files start with a UTF-8 byte-order mark;
    ``read``: limits of reading one file (OCR time per page, image size); ``progress``: a
    progress bar instead of log lines; ``corrections``: a corrections file
    (``ita_extract.corrections``; ``None``: ``OUT/corrections.csv`` when it exists), applied
    to the tables, not to what is stored. Only ``read.max_image_megapixels`` changes what is
    extracted (it is part of the extraction key).
    """

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT
    force: bool = False
    executor: str = "local"  # "local" or "dask"
    scheduler: str | None = None
    formats: tuple[str, ...] = ("csv",)
    csv_bom: bool = True
    read: ReadOptions = field(default_factory=ReadOptions)
    progress: bool = False  # a progress bar (stderr is a terminal) instead of log lines
    corrections: Path | None = None  # None: OUT/corrections.csv when it exists


@dataclass(slots=True)
class RunReport:
    """What a run did (also written to manifest.json). ``failures``: (source_path, error)
    of every document that failed, kept stale rows included. ``corrections``: the
    corrections file used and what became of its rows (``None``: no file); ``notes``: the
    validation rows of corrections that are no document's (refused, stale)."""

    results: list[DocumentResult]
    seen: int = 0
    unique: int = 0
    extracted: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    state_reset: str | None = None
    inputs: list[str] = field(default_factory=list)  # the INPUT arguments, absolute
    corrections: dict[str, object] | None = None
    notes: list[Note] = field(default_factory=list)


class RunLocked(RuntimeError):
    """Another run holds the output folder."""


def _tesseract_available() -> bool:
    """Whether Tesseract with Thai can run (``extract.readers.ocr``, imported here on first
    use with the PDF reader's libraries)."""
    from extract.readers.ocr import tesseract_available

    return tesseract_available()


def extraction_key(options: RunOptions | None = None) -> str:
    """What a stored result depends on besides the file's bytes: the extractor version,
    whether OCR is available (without it a scanned page is not read), and the largest image
    OCR may decode."""
    read = (options or RunOptions()).read
    return json.dumps(
        {
            "version": __version__,
            "ocr": _tesseract_available(),
            "max_image_megapixels": read.max_image_megapixels,
        },
        sort_keys=True,
    )


def run(inputs: list[Path], out: Path, options: RunOptions | None = None) -> RunReport:
    """Extract every input file that is new or changed since the last run on ``out``, and
    write the tables of all of them into ``out``.

    Steps: refuse an unsafe output folder; list the inputs (files inside ``out`` and the
    corrections file in use are not inputs, also when an INPUT names it; see
    ``ita_extract.batch.inputs.collect_inputs``); hash the new or changed ones
    (size, times and inode unchanged: the stored SHA-256 is used); extract each distinct
    content without a stored result for this extraction key (all of them with ``force``) on
    the chosen executor; rebuild every table from the state store
    (``ita_extract.batch.state.StateStore``), so that files that left the inputs drop out;
    write the tables, datapackage.json and manifest.json (last) into a new generation and
    publish it at once (``ita_extract.batch.outputs.Generation``). Holds a lock on ``out``
    for the whole run. A run killed at any point leaves the previous tables whole; the documents
    it finished are kept in the store.

    A file that cannot be listed, opened, read or extracted is a ``failed`` row. When the
    extraction of a content fails and the store has earlier rows of it, those rows are
    written, with a ``STALE_ROWS`` finding. When a file fails on its own account (changed
    while read, gone), another file with the same content is extracted in its place. Stored
    rows that the tables cannot take (a damaged store) are extracted again, once.

    Raises:
        FileNotFoundError: an INPUT does not exist (nothing is written).
        UnsafeOutput: ``out`` is a file, the root, an INPUT or holds one.
        InputConflict: two inputs would have the same ``source_path``.
        RunLocked: another run is working on ``out``.
        ita_extract.corrections.CorrectionsError: the corrections file named does not exist,
            or the one used cannot be read, is not UTF-8 or has no usable header.
        executors.ExecutorUnavailable: the chosen executor cannot run (says what to install).
        OSError, sqlite3.Error: the output folder cannot be written (full, read-only); the
            previous tables are kept.
    """
    options = options or RunOptions()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    corrections = _corrections(out, options.corrections)
    exclude = [out]
    if corrections is not None:  # the corrections file is no report, wherever it lies
        exclude.append(corrections.path)
        inputs = [i for i in inputs if real_path(i) != real_path(corrections.path)]
    check_output_folder(out, inputs)
    files = collect_inputs(inputs, exclude=exclude)
    state_folder(out).mkdir(parents=True, exist_ok=True)
    lock = FileLock(state_folder(out) / "lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunLocked(f"another ita-extract run is writing to {out} (lock held)") from None
    try:
        remove_stale_generations(out)
        temp = temp_folder(out)
        try:
            with StateStore(out) as store:
                runner = _Run(files, out, options, store, temp, corrections)
                runner.report.inputs = [os.path.abspath(p) for p in inputs]
                return runner.go(started, clock)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
    finally:
        lock.release()


class _Corrections:
    """A corrections file as loaded: its path, the SHA-256 of the bytes read (once: those
    parsed), the corrections accepted, the rows refused."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = read_corrections(path)
        self.sha256 = sha256_of(data)
        self.corrections: list[Correction]
        self.corrections, self.refused = parse_corrections(data, path)
        for note in self.refused:
            log.warning("%s", note.finding.message)


def _corrections(out: Path, named: Path | None) -> _Corrections | None:
    """The corrections file of a run: the one named, else ``OUT/corrections.csv`` when it
    exists, else none.

    Raises:
        CorrectionsError: the file named does not exist; the one used cannot be read.
    """
    if named is None:
        default = out / "corrections.csv"
        if not os.path.lexists(default):
            return None
        named = default
    elif not os.path.lexists(named):
        raise CorrectionsError(f"corrections file not found: {named}")
    return _Corrections(named)


class _Run:
    """One run over a locked output folder: the scan, extraction and write steps."""

    def __init__(
        self,
        files: list[InputFile],
        out: Path,
        options: RunOptions,
        store: StateStore,
        temp: Path,
        corrections: _Corrections | None = None,
    ) -> None:
        self.files, self.out, self.options, self.store, self.temp = files, out, options, store, temp
        self.corrections = corrections
        self.key = extraction_key(options)
        self.report = RunReport(results=[], seen=len(files), state_reset=store.reset)
        self.seen: dict[str, Seen] = {}
        # Results that are not (or not yet) in the store: failures of one file, by
        # source_path; failures and unstored results of a content, by SHA-256.
        self.file_failed: dict[str, DocumentResult] = {}
        self.by_content: dict[str, DocumentResult] = {}
        self.copies: dict[str, list[InputFile]] = {}  # SHA-256 → files not yet tried
        self.kept: set[str] = set()  # stored contents of files unreadable this run
        self.stored_now: set[str] = set()  # contents extracted and stored by this run

    def go(self, started: datetime, clock: float) -> RunReport:
        report = self.report
        self._scan()
        groups: dict[str, list[InputFile]] = {}
        for item in self.files:
            if item.source_path in self.seen:
                groups.setdefault(self.seen[item.source_path].sha256, []).append(item)
        report.unique = len(groups)
        stored = set() if self.options.force else self.store.has(self.key)
        self.copies = {sha: list(items) for sha, items in groups.items() if sha not in stored}
        report.unchanged = report.unique - len(self.copies)
        report.stages["scan"] = time.perf_counter() - clock
        stage = time.perf_counter()
        self._extract()
        report.stages["extract"] = time.perf_counter() - stage
        stage = time.perf_counter()
        self.store.set_inputs(self.seen)
        self.store.prune(self.key, set(groups) | self.kept)
        try:
            self._publish(started, stage)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            from_store = (
                {
                    self.seen[item.source_path].sha256
                    for item in self.files
                    if item.source_path not in self.file_failed
                }
                - self.stored_now
                - set(self.by_content)
            )
            if not from_store:
                raise
            # Stored rows that JSON and the store's checks let through but the tables cannot
            # take (damaged by hand or by a bug): the store is a cache, so those documents
            # are extracted again rather than failing every run.
            log.warning(
                "stored rows could not be written (%s: %s): extracting the %d stored "
                "documents again",
                type(exc).__name__,
                exc,
                len(from_store),
            )
            self.store.forget(from_store)
            self.copies = {sha: list(groups[sha]) for sha in from_store}
            self._extract()
            self._publish(started, stage)
        return report

    def _assemble(self) -> None:
        """This run's rows of every input file, and its failures."""
        report = self.report
        report.results, report.failures = [], []
        for item in self.files:
            report.results.append(self._result_of(item).named(item.source_path))
        self._correct()
        for r in report.results:
            error = r.document.error or _stale_reason(r)
            if error:
                report.failures.append((r.source_path, str(error)))

    def _correct(self) -> None:
        """Apply the corrections file, if any, to this run's results (not to the store)."""
        report, c = self.report, self.corrections
        if c is None:
            return
        applied = apply_corrections(report.results, c.corrections, c.refused)
        report.results = applied.results
        report.notes = applied.notes
        report.corrections = {
            "file": str(c.path),
            "sha256": c.sha256,
            "rows": len(c.corrections) + len(c.refused),
            "applied": applied.applied,
            "stale": applied.stale,
            "refused": len(c.refused) + applied.refused,
        }

    def _scan(self) -> None:
        """Hash each file that is new or changed (``inputs.Seen.matches``); note the files
        that cannot be read at all."""
        previous = self.store.seen()
        for item in self.files:
            try:
                if item.problem is not None:
                    raise InputError(item.problem)
                info = stat_input(item.path)
                old = previous.get(item.source_path)
                same = old is not None and old.matches(info)
                self.seen[item.source_path] = old if same else hash_input(item.path)
            except InputError as exc:
                failed = _failed(item, None, str(exc), file_level=True)
                self.file_failed[item.source_path] = failed
                if item.source_path in previous:  # its stored rows wait for it to be readable
                    self.kept.add(previous[item.source_path].sha256)

    def _extract(self) -> None:
        """Extract each content to do from one of its files; when that file fails on its
        own account, from the next file with the same content."""
        tasks = [self._task(sha) for sha in self.copies]
        self.progress = _Progress(len(tasks), self.options.progress)
        while tasks:
            self.retries: list[Task] = []
            self._execute(tasks)
            tasks = self.retries
        self.progress.close()

    def _record(self, task: Task, outcome: Outcome) -> None:
        """Keep what one task gave: stored, or held for this run's tables."""
        result = outcome.result
        if result is None:
            item = InputFile(Path(task.path), task.source_path)
            error = outcome.error or "unknown error"
            result = _failed(item, task.sha256, error, file_level=outcome.file_problem)
        self.report.extracted += 1
        self.progress.done(result.document.n_pages or 0)
        failed = result.document.status == "failed"
        if failed and result.file_level:
            self.file_failed[task.source_path] = result
            # what the scan recorded of this file is not to be trusted: hashed again next run
            self.seen.pop(task.source_path, None)
            if self.copies[task.sha256]:
                self.retries.append(self._task(task.sha256))
        elif failed:
            reason = f"extracting the file again failed ({result.document.error})"
            self.by_content[task.sha256] = self._stale_or(task.sha256, result, reason)
        elif result.retry:
            reason = "a page was not read for time this run (OCR_PAGE_TIMEOUT)"
            self.by_content[task.sha256] = self._stale_or(task.sha256, result, reason)
        else:
            self.store.put(task.sha256, self.key, result)
            self.stored_now.add(task.sha256)

    def _task(self, sha: str) -> Task:
        item = self.copies[sha].pop(0)
        return Task(item.source_path, str(item.path), sha, read_options=self.options.read)

    def _execute(self, tasks: list[Task]) -> None:
        options, record = self.options, self._record
        if options.executor == "dask":
            run_dask(
                extract_task,
                tasks,
                options.workers,
                options.doc_timeout,
                record,
                options.scheduler,
                warm_up,
            )
        else:
            if tasks:
                warm_up()  # once here: the forked workers start with it loaded
            run_local(extract_task, tasks, options.workers, options.doc_timeout, record, self.temp)

    def _stale_or(self, sha: str, fresh: DocumentResult, reason: str) -> DocumentResult:
        """The last complete rows stored for this content, marked stale with ``reason``,
        else ``fresh`` (this run's failure, or its rows with a page missing)."""
        latest = self.store.latest(sha)
        if latest is None:
            return fresh
        result, key, stored_at = latest
        version = json.loads(key).get("version", "?")
        stale = finding(
            "STALE_ROWS",
            f"{reason}; these rows are from its extraction by ita-extract "
            f"{version} stored {stored_at}",
        )
        document = replace(result.document, n_findings=(result.document.n_findings or 0) + 1)
        return replace(result, document=document, findings=[*result.findings, stale])

    def _result_of(self, item: InputFile) -> DocumentResult:
        if item.source_path in self.file_failed:
            return self.file_failed[item.source_path]
        sha = self.seen[item.source_path].sha256
        result = self.by_content.get(sha)
        if result is None:
            result = self.store.result(sha, self.key)
        if result is None:  # cannot happen: every content was extracted, stored or failed
            raise RuntimeError(f"no result for {item.source_path}")
        return result

    def _publish(self, started: datetime, stage: float) -> None:
        self._assemble()
        generation = Generation(self.out)
        try:
            written = _write_tables(self.report, generation.path, self.options)
            self.report.stages["write"] = time.perf_counter() - stage
            _write_manifest(generation.path, self.options, self.report, started, written)
            generation.commit(set(PUBLISHED))
        except BaseException:
            generation.discard()
            raise


def _stale_reason(result: DocumentResult) -> str | None:
    stale = [f.message for f in result.findings if f.code == "STALE_ROWS"]
    return f"previous rows kept: {stale[0]}" if stale else None


def _write_tables(report: RunReport, folder: Path, options: RunOptions) -> dict[str, str]:
    """Write every table in the chosen formats and datapackage.json into ``folder``; returns
    file name → SHA-256 of each file written."""
    tables = frames(report.results, report.notes)
    described: dict[str, str] = {}
    for name, df in tables.items():
        report.rows[name.removesuffix(".csv")] = len(df)
        if "csv" in options.formats:
            write_csv(df, folder / name, bom=options.csv_bom)
            described[name] = name
        if "parquet" in options.formats:
            parquet = name.replace(".csv", ".parquet")
            write_parquet(df, folder / parquet, TABLES[name])
            described.setdefault(parquet if "csv" not in options.formats else name, name)
    package = datapackage(described)
    (folder / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return {path.name: sha256_of(path.read_bytes()) for path in sorted(folder.iterdir())}


def _write_manifest(
    folder: Path, options: RunOptions, report: RunReport, started: datetime, outputs: dict
) -> None:
    manifest = {
        "extractor_version": __version__,
        "extraction_key": json.loads(extraction_key(options)),
        "options": {
            "workers": options.workers,
            "doc_timeout_s": options.doc_timeout,
            "ocr_page_timeout_s": options.read.ocr_page_timeout,
            "force": options.force,
            "executor": options.executor,
            "scheduler": options.scheduler,
            "formats": list(options.formats),
            "csv_bom": options.csv_bom,
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
        "inputs": report.inputs,
        "failures": [{"source_path": p, "error": e} for p, e in report.failures],
        "state_store_reset": report.state_reset,
        "corrections": report.corrections,
        "rows": report.rows,
        "stage_seconds": {k: round(v, 3) for k, v in report.stages.items()},
        "outputs_sha256": outputs,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (folder / "manifest.json").write_text(text, encoding="utf-8")


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
        "validation.csv, wide.csv, datapackage.json and manifest.json into --out. Runs are "
        "incremental: a "
        "state store in OUT/.ita-extract remembers each file's SHA-256 and rows, so only new "
        "or changed files are extracted (a new extractor version extracts everything again). "
        "The tables of a run are published at once: a run that is killed or fails leaves the "
        "previous ones whole. Exit status: 0 all processed, 1 some files failed (tables still "
        "written), 2 usage error (also: another run holds OUT, OUT is a file, an input or "
        "holds one, two inputs have the same name, the executor is not installed, the "
        "corrections file is missing or cannot be read), 3 the run "
        "itself failed (disk full, OUT not writable, internal error; the previous tables are "
        "kept), 130/143 interrupted by Ctrl-C/SIGTERM (nothing published).",
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
        type=_positive_seconds,
        default=DEFAULT_DOC_TIMEOUT,
        metavar="SECONDS",
        help="time limit per document (> 0); one that takes longer becomes a failed row and "
        f"is tried again on the next run (default: {DEFAULT_DOC_TIMEOUT:g})",
    )
    run_p.add_argument(
        "--page-timeout",
        type=_positive_seconds,
        default=DEFAULT_OCR_PAGE_TIMEOUT,
        metavar="SECONDS",
        help="time limit of OCR per scanned page (> 0); a page that takes longer is not read "
        "(finding OCR_PAGE_TIMEOUT) and the document is extracted again on the next run "
        f"(default: {DEFAULT_OCR_PAGE_TIMEOUT:g})",
    )
    run_p.add_argument(
        "--force", action="store_true", help="extract every file again, changed or not"
    )
    run_p.add_argument(
        "--format",
        choices=["csv", "parquet", "both"],
        default="csv",
        help="table format (default: csv); parquet keeps types; tables of a format not "
        "asked for are removed from OUT",
    )
    run_p.add_argument(
        "--no-bom",
        action="store_true",
        help="write CSV files without the UTF-8 byte-order mark (by default they start with "
        "one: Excel needs it to show Thai)",
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
        "--corrections",
        type=Path,
        metavar="FILE",
        help="corrections by hand, applied to the tables on every run (CSV: doc_id or "
        "sha256, table, key, value, reason, author; see the README); default: "
        "OUT/corrections.csv when it exists. A value is written with method corrected and "
        "a CORRECTED finding; a correction whose document changed or whose key is gone is "
        "not applied (CORRECTION_STALE); a bad row is refused (CORRECTION_INVALID) and the "
        "run goes on. The file is never read as a report, even inside an INPUT. A file "
        "named that does not exist, or a file that cannot be read, is a usage error (exit "
        "status 2)",
    )
    run_p.add_argument(
        "-q", "--quiet", action="store_true", help="log only failures and the summary"
    )
    run_p.add_argument(
        "--log-json", action="store_true", help="log as JSON lines on stderr, no progress bar"
    )
    run_p.add_argument(
        "--debug",
        action="store_true",
        help="log debugging detail, and show the traceback when the run fails",
    )
    run_p.add_argument(
        "--report",
        action="store_true",
        help="after the tables are published, write the HTML report into OUT/report/ "
        "(as ita-extract report OUT does)",
    )
    _report_options(run_p, "with --report: ")
    report_p = sub.add_parser(
        "report",
        help="write a static HTML report of a run's tables, for review",
        description="Write a static HTML report of the tables published in OUT into "
        "OUT/report/ (open OUT/report/index.html; it needs no network): an overview (documents "
        "by status, report type, province and year; indicator and overall scores per year "
        "against the level bands; findings by code and severity; how the values were read), "
        "a review queue (failed documents first, then findings, most urgent first) and a page "
        "per document with its values beside their source: text lines highlighted, or with "
        "--pages the PDF pages with each value's box. The report is replaced at once. Exit "
        "status: 0 written, 2 OUT holds no published tables (or OUT/report is a file) or a "
        "bad option, 3 the report could not be written.",
    )
    report_p.add_argument("out", type=Path, metavar="OUT", help="the output folder of a run")
    _report_options(report_p, "")
    report_p.add_argument(
        "--inputs",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="where the input files are now, in place of the run's INPUTs (manifest.json "
        "inputs): a document's file is PATH/source_path",
    )
    report_p.add_argument(
        "--debug", action="store_true", help="show the traceback when the report fails"
    )
    return parser


def _report_options(parser: argparse.ArgumentParser, prefix: str) -> None:
    parser.add_argument(
        "--pages",
        action="store_true",
        help=f"{prefix}render the PDF pages that hold the most values (pypdfium2) and draw "
        "each value's box on them (without it, PDFs are not opened: the report stays small)",
    )
    parser.add_argument(
        "--max-pages",
        type=_positive_int,
        default=3,
        metavar="N",
        help=f"{prefix}with --pages: pages rendered per PDF document (default: 3)",
    )


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text}")
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
    """Entry point of the ``ita-extract`` command; returns the exit status (``EXIT_*``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "report":
        return _report_command(args.out, args.pages, args.max_pages, args.inputs, args.debug)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        _JsonFormatter() if args.log_json else logging.Formatter("%(levelname)s %(message)s")
    )
    log.handlers[:] = [handler]
    log.propagate = False
    level = logging.DEBUG if args.debug else logging.INFO
    log.setLevel(logging.WARNING if args.quiet else level)
    missing = [str(p) for p in args.inputs if not os.path.lexists(p)]
    if missing:
        parser.error("input not found: " + ", ".join(missing))
    if args.scheduler and args.executor != "dask":
        parser.error("--scheduler needs --executor dask")
    if args.corrections is not None and not os.path.lexists(args.corrections):
        parser.error(f"corrections file not found: {args.corrections}")
    options = RunOptions(
        workers=args.workers,
        doc_timeout=args.doc_timeout,
        force=args.force,
        executor=args.executor,
        scheduler=args.scheduler,
        formats=("csv", "parquet") if args.format == "both" else (args.format,),
        csv_bom=not args.no_bom,
        read=ReadOptions(ocr_page_timeout=args.page_timeout),
        progress=sys.stderr.isatty() and not (args.quiet or args.log_json or args.debug),
        corrections=args.corrections,
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        report = run(args.inputs, args.out, options)
    except (RunLocked, ExecutorUnavailable, UnsafeOutput, InputConflict, CorrectionsError) as exc:
        print(f"ita-extract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (_interrupt): cleaned up on the way
        if args.debug:
            traceback.print_exc()
        signum = exc.args[0] if exc.args else signal.SIGINT
        print(
            f"ita-extract: interrupted ({signal.Signals(signum).name}); the previous tables "
            "are kept; documents finished are in the state store",
            file=sys.stderr,
        )
        return 128 + signum
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(f"ita-extract: error: the run failed: {_reason(exc)}", file=sys.stderr)
        return EXIT_RUN_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)
    _summary(report, args.out)
    if args.report:
        status = _report_command(args.out, args.pages, args.max_pages, None, args.debug)
        if status != EXIT_OK:
            return status
    return EXIT_SOME_FAILED if report.failures else EXIT_OK


def _report_command(
    out: Path, pages: bool, max_pages: int, inputs: list[Path] | None, debug: bool
) -> int:
    """``ita-extract report OUT`` (and ``run --report``): write the HTML report; returns the
    exit status. The report's package (Jinja2, matplotlib) is imported only here."""
    from ita_extract.report import ReportError, build_report

    start = time.perf_counter()
    try:
        folder = build_report(out, pages=pages, max_pages=max_pages, inputs=inputs)
    except ReportError as exc:
        print(f"ita-extract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("ita-extract: interrupted; the previous report is kept", file=sys.stderr)
        return 128 + signal.SIGINT
    except Exception as exc:
        if debug:
            traceback.print_exc()
        why = (
            f"{exc.strerror}: {exc.filename}"
            if isinstance(exc, OSError) and exc.strerror
            else f"{type(exc).__name__}: {exc}"
        )
        print(
            f"ita-extract: error: the report failed: {why}; the previous report is kept",
            file=sys.stderr,
        )
        return EXIT_RUN_FAILED
    print(f"report: {folder / 'index.html'} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM (a scheduler stopping the job) ends the run as Ctrl-C does: an exception that
    unwinds through the cleanup (workers stopped, temporary files and the unpublished
    generation removed, lock released)."""
    raise KeyboardInterrupt(signum)


def _reason(exc: BaseException) -> str:
    """One line that says why the run failed, for a user (not a traceback)."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}; the previous tables are kept"
    if isinstance(exc, sqlite3.Error):
        return f"state store: {exc}; the previous tables are kept"
    return (
        f"internal error: {type(exc).__name__}: {exc}; the previous tables are kept "
        "(--debug shows the traceback)"
    )


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
    if report.corrections is not None:
        c = report.corrections
        lines.append(
            f"corrections ({c['file']}): {c['applied']} applied, {c['stale']} stale, "
            f"{c['refused']} refused (validation.csv: CORRECTED, CORRECTION_STALE, "
            "CORRECTION_INVALID)"
        )
    lines += [f"failed: {path}: {error}" for path, error in report.failures[:SUMMARY_FAILURES]]
    if len(report.failures) > SUMMARY_FAILURES:
        lines.append(f"… and {len(report.failures) - SUMMARY_FAILURES} more (manifest.json)")
    for line in lines:
        log.log(logging.WARNING if line.startswith("failed") else SUMMARY, line)


if __name__ == "__main__":
    sys.exit(main())
