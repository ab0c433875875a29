"""The state store of an output folder: what each input file was, and what it gave.

An embedded SQLite database (``<out>/.ita-extract/state.sqlite``, Python's sqlite3: nothing to
install or start). Two tables:

- ``inputs``: for each input file (its path as reported, ``source_path``), its size and
  modification time as last seen, and the SHA-256 of its bytes. A file whose size and mtime
  are unchanged is not hashed again (as make and rsync judge files).
- ``results``: for each SHA-256 and *extraction key* (extractor version + the options that
  change what is extracted), the rows the document gave, as JSON. Results are keyed by
  content, not by name: duplicate files are extracted once, and a file renamed or moved is
  not extracted again. A new extractor version or other options means a new key: everything
  is extracted again.

Results are committed one by one as they arrive, so a run that is killed keeps what it did.
Failures that may pass (a time-out, a crashed worker) are not stored: the file is tried again
on the next run.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

STATE_DIR = ".ita-extract"
SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    source_path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL,
    extraction_key TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (sha256, extraction_key)
);
"""


@dataclass(frozen=True, slots=True)
class Seen:
    """An input file as the store last saw it."""

    size: int
    mtime_ns: int
    sha256: str


class StateStore:
    """The state of one output folder. Use as a context manager; not shared between
    processes (the run's lock, ``pipeline.run``, keeps other runs out)."""

    def __init__(self, out: Path) -> None:
        folder = out / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "state.sqlite"
        self._db = sqlite3.connect(self.path)
        self._db.executescript(SCHEMA)

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def seen(self) -> dict[str, Seen]:
        """Every input file recorded, by source_path."""
        rows = self._db.execute("SELECT source_path, size, mtime_ns, sha256 FROM inputs")
        return {path: Seen(size, mtime, sha) for path, size, mtime, sha in rows}

    def set_inputs(self, inputs: dict[str, Seen]) -> None:
        """Record this run's input files; files no longer among the inputs are forgotten."""
        with self._db:
            self._db.execute("DELETE FROM inputs")
            self._db.executemany(
                "INSERT INTO inputs VALUES (?, ?, ?, ?)",
                [(p, s.size, s.mtime_ns, s.sha256) for p, s in inputs.items()],
            )

    def result(self, sha256: str, key: str) -> dict | None:
        """The stored rows of a document (as ``put`` took them), or None."""
        row = self._db.execute(
            "SELECT result FROM results WHERE sha256 = ? AND extraction_key = ?", (sha256, key)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def has(self, key: str) -> set[str]:
        """The SHA-256 of every document with a stored result under ``key``."""
        rows = self._db.execute("SELECT sha256 FROM results WHERE extraction_key = ?", (key,))
        return {sha for (sha,) in rows}

    def put(self, sha256: str, key: str, result: dict) -> None:
        """Store (or replace) a document's rows, committed at once."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                (sha256, key, json.dumps(result, ensure_ascii=False, sort_keys=True)),
            )

    def prune(self, key: str, keep: set[str]) -> None:
        """Drop results of other keys (older versions) and of documents no input has now."""
        with self._db:
            self._db.execute("DELETE FROM results WHERE extraction_key != ?", (key,))
            stored = self.has(key)
            self._db.executemany(
                "DELETE FROM results WHERE sha256 = ? AND extraction_key = ?",
                [(sha, key) for sha in stored - keep],
            )
