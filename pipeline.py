"""ita-extract: orchestration and the command line.

    ita-extract run INPUT [INPUT ...] [--out DIR]
    python pipeline.py run INPUT [INPUT ...] [--out DIR]

For each input file: read it (``extract.readers``), recognise candidates (``extract.metadata``,
``extract.indicators``, ``extract.items``, ``extract.measures``), resolve them (``resolve``),
and write documents.csv, indicator_scores.csv, item_scores.csv, measures.csv and
validation.csv (``writers``). A file that cannot be read becomes a
``failed`` row and the batch goes on.

Exit status: 0 when every document was processed, 1 when some failed (the tables are still
written), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from extract import __version__
from extract.candidates import Finding
from extract.indicators import recognise_indicators
from extract.items import recognise_items
from extract.measures import recognise_measures
from extract.metadata import recognise_metadata
from extract.paragraphs import paragraphs
from extract.readers import ReadError, read_document
from resolve import resolve
from writers import frame, write_csv_atomic

log = logging.getLogger("ita_extract")
DEFAULT_OUT = Path("data/out")


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


def process_file(item: InputFile) -> DocumentResult:
    """Extract one file into its rows. Never raises: failures become a ``failed`` row."""
    data = item.path.read_bytes()
    doc_id = hashlib.sha256(data).hexdigest()[:16]
    base = {
        "doc_id": doc_id,
        "source_path": item.source_path,
        "file_type": item.path.suffix.lower().lstrip("."),
        "extractor_version": __version__,
    }
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
    keys = {"doc_id": doc_id, "source_path": item.source_path}
    return DocumentResult(
        document=document,
        indicators=[{**keys, **asdict(r)} for r in resolved.indicators],
        items=[{**keys, **asdict(r)} for r in resolved.items],
        measures=[{**keys, **asdict(r)} for r in resolved.measures],
        findings=[{**keys, **asdict(f)} for f in resolved.findings],
    )


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


def run(inputs: list[Path], out: Path) -> list[DocumentResult]:
    """Process every input file and write the three tables into ``out``.

    Raises:
        FileNotFoundError: an INPUT does not exist (nothing is written).
    """
    files = collect_inputs(inputs)
    results = []
    for n, item in enumerate(files, start=1):
        log.info("[%d/%d] %s", n, len(files), item.source_path)
        results.append(process_file(item))
    tables = {
        "documents.csv": frame("documents.csv", (r.document for r in results)),
        "indicator_scores.csv": frame(
            "indicator_scores.csv", (row for r in results for row in r.indicators)
        ),
        "item_scores.csv": frame("item_scores.csv", (row for r in results for row in r.items)),
        "measures.csv": frame("measures.csv", (row for r in results for row in r.measures)),
        "validation.csv": frame("validation.csv", (row for r in results for row in r.findings)),
    }
    for name, df in tables.items():
        write_csv_atomic(df, out / name)
    return results


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="ita-extract",
        description="Extract tidy, validated tables of ITA scores from Thai integrity "
        "reports (PDF with a text layer, .txt/.md scraped text, .html).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser(
        "run",
        help="extract every report under the inputs",
        description="Read every file under the INPUTs (folders are searched recursively) "
        "and write documents.csv, indicator_scores.csv, item_scores.csv, measures.csv and "
        "validation.csv into --out. "
        "Exit status: 0 all processed, 1 some files failed (tables still written), "
        "2 usage error.",
    )
    run_p.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="a report file or a folder of reports"
    )
    run_p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})"
    )
    run_p.add_argument(
        "-q", "--quiet", action="store_true", help="log only failures and the summary"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ita-extract`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(levelname)s %(message)s",
        stream=sys.stderr,
    )
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        parser.error("input not found: " + ", ".join(missing))
    results = run(args.inputs, args.out)
    failed = sum(1 for r in results if r.document["status"] == "failed")
    n_ind = sum(len(r.indicators) for r in results)
    print(
        f"{len(results)} documents, {failed} failed, {n_ind} indicator scores → {args.out}",
        file=sys.stderr,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
