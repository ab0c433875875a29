"""ita-extract for notebooks and scripts: the Python API.

    import ita_extract

    result = ita_extract.extract_file("report.pdf")        # one file → its rows
    frames = ita_extract.to_frames(result)                 # … as pandas DataFrames
    report = ita_extract.run_batch(["reports/"], "out/")   # a batch → tables in out/
    tables = ita_extract.read_tables("out/")               # the tables, with their types

What each table and column means: ``docs/data-dictionary.md``. Everything here is what the
``ita-extract`` command does, without the command line: ``run_batch`` is ``ita-extract run``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from extract.readers import ReadOptions
from ita_extract.batch.inputs import InputFile, display_name
from ita_extract.batch.outputs import CURRENT
from ita_extract.batch.state import STATE_DIR
from ita_extract.records import DocumentResult
from ita_extract.tables import TABLES, frames, spreadsheet_unescaped
from pipeline import RunOptions, RunReport, process_file, run

# The tables, by the name used in the API (the file name without its extension).
TABLE_NAMES = tuple(name.removesuffix(".csv") for name in TABLES)


def extract_file(path: str | os.PathLike, options: ReadOptions | None = None) -> DocumentResult:
    """Extract one report file (PDF, scan, ``.txt``/``.md``, ``.html``), in this process.

    Args:
        path: the file.
        options: limits of reading (OCR time per page, image size); default ``ReadOptions()``.

    Returns:
        The document's rows (``ita_extract.records.DocumentResult``): its keys ``doc_id``
        and ``source_path`` (the file's name), ``document`` (a ``DocumentRecord``: the
        documents.csv row), and ``indicators``, ``items``, ``measures`` and ``findings``
        (lists of typed rows of indicator_scores, item_scores, measures and validation). A
        file that cannot be read is not an exception: ``document.status`` is ``"failed"``
        and ``document.error`` says why.
    """
    path = Path(path)
    return process_file(InputFile(path, display_name(path.name)), options=options)


def to_frames(result: DocumentResult) -> dict[str, pd.DataFrame]:
    """One document's rows as the output tables, with their declared columns and types.

    Returns:
        ``{"documents": …, "indicator_scores": …, "item_scores": …, "measures": …,
        "validation": …, "wide": …}``, each a DataFrame with the columns of
        docs/data-dictionary.md (pandas nullable dtypes: ``Int64``, ``Float64``, ``string``).
    """
    return {name.removesuffix(".csv"): df for name, df in frames([result]).items()}


def run_batch(
    inputs: list[str | os.PathLike] | str | os.PathLike,
    out: str | os.PathLike,
    options: RunOptions | None = None,
) -> RunReport:
    """Extract every report under ``inputs`` (files or folders) and write the tables into
    ``out``, as ``ita-extract run`` does (incremental, in worker processes, published at once).

    Returns:
        What the run did: counts, failures, rows per table, time per stage.

    Raises:
        FileNotFoundError, ita_extract.batch.outputs.UnsafeOutput,
        ita_extract.batch.inputs.InputConflict, pipeline.RunLocked,
        ita_extract.batch.executors.ExecutorUnavailable, OSError: as ``pipeline.run``.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    return run([Path(p) for p in inputs], Path(out), options)


def read_tables(out: str | os.PathLike, format: str = "auto") -> dict[str, pd.DataFrame]:
    """Read the tables of an output folder back, each with its declared types.

    Args:
        out: the output folder of a run.
        format: ``"parquet"``, ``"csv"``, or ``"auto"`` (Parquet when the run wrote it, else
            CSV).

    Returns:
        ``{"documents": …, "indicator_scores": …, …, "wide": …}``: DataFrames with pandas
        nullable dtypes (integers stay integers where values are missing), empty cells as
        missing values, and the spreadsheet escape of the CSV files undone
        (``ita_extract.tables.spreadsheet_unescaped``), so both formats give the same frames.
        All come from one run: the generation ``current`` points to is resolved once, so a run that
        publishes meanwhile does not mix its tables in (and if it removed that generation
        before the reading was done, the reading starts again on the new one).

    Raises:
        FileNotFoundError: the folder holds no tables of that format.
        ValueError: an unknown ``format``.
    """
    out = Path(out)
    if format not in ("csv", "parquet", "auto"):
        raise ValueError(f"format must be csv, parquet or auto, not {format!r}")
    for attempt in range(READ_ATTEMPTS):
        current = out / STATE_DIR / CURRENT
        folder = Path(os.path.realpath(current)) if current.is_symlink() else out
        chosen = format
        if chosen == "auto":  # in the generation read, not in what OUT shows a moment later
            chosen = "parquet" if (folder / "documents.parquet").exists() else "csv"
        try:
            return _read_folder(folder, chosen)
        except FileNotFoundError:
            if folder == out or attempt == READ_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


# A reading cut off by a run that removed the generation read (it keeps one before the
# current) is started again this many times in all.
READ_ATTEMPTS = 3


def _read_folder(folder: Path, format: str) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, columns in TABLES.items():
        dtypes = {c.name: c.dtype for c in columns}
        if format == "parquet":  # as read_csv, no error for a column of a later version
            df = pd.read_parquet(folder / name.replace(".csv", ".parquet"))
            df = df.astype({c: t for c, t in dtypes.items() if c in df.columns})
        else:
            df = spreadsheet_unescaped(
                pd.read_csv(
                    folder / name,
                    encoding="utf-8-sig",
                    dtype=dtypes,
                    keep_default_na=False,
                    na_values=[""],
                )
            )
        tables[name.removesuffix(".csv")] = df
    return tables
