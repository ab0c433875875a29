"""ita-extract: what turns the recognisers' candidates into tables, and runs batches.

    extract/             file → Document (readers) → candidates (recognisers)
    normalize/           pure functions on strings and numbers; ITA rules as data
    ita_extract/resolve/ candidates → one value per field, checks, findings
    ita_extract/tables   records → tables: schemas, CSV/Parquet, wide, datapackage.json
    ita_extract/batch/   which files a run reads, the state store, executors, publishing
    pipeline.py          the path of one file and of a run; the command line

The Python API (``ita_extract.extract_file``, ``to_frames``, ``run_batch``, ``read_tables``;
see ``ita_extract.api``) is loaded on first use (PEP 562): ``pipeline.py`` imports this
package's modules, and the API imports ``pipeline``, so an eager import here would be a cycle.
"""

from __future__ import annotations

import importlib

__all__ = [
    "DocumentResult",
    "ReadOptions",
    "RunOptions",
    "RunReport",
    "extract_file",
    "read_tables",
    "run_batch",
    "to_frames",
]


def __getattr__(name: str) -> object:
    """The API's names, from ``ita_extract.api`` on first use."""
    if name in __all__:
        return getattr(importlib.import_module("ita_extract.api"), name)
    raise AttributeError(f"module 'ita_extract' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
