"""The state store of an output folder: what each input file was, and what it gave.

An embedded SQLite database (``<out>/.ita-extract/state.sqlite``, Python's sqlite3: nothing to
install or start). Two tables:

- ``inputs``: for each input file (its path as reported, ``source_path``), its size,
  modification and status-change times and inode as last seen, and the SHA-256 of its bytes.
  A file whose status is unchanged is not hashed again (``inputs.Seen.matches``, as git's
  index judges files).
- ``results``: for each SHA-256 and *extraction key* (extractor version + the options that
  change what is extracted), the rows the document gave, as JSON. Results are keyed by
  content, not by name: duplicate files are extracted once, and a file renamed or moved is
  not extracted again. A new extractor version or other options means a new key: everything
  is extracted again.

Results are committed one by one as they arrive, so a run that is killed keeps what it did.
Failures are not stored: the file is tried again on the next run. A result is kept until a
newer one of the same content replaces it, so when re-extracting a document fails (a
``--force`` run that times out, a new version that cannot read it) its last good rows are
still there to be written, marked stale (``StateStore.latest``).

The store is a cache, never a reason to fail: its schema has a version (``PRAGMA
user_version``); a store that is damaged, of another version or not ours is set aside as
``state.sqlite.corrupt-<time>`` and a new one is started (everything is extracted again).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ita_extract.batch.inputs import Seen
from ita_extract.records import ROW_LISTS, DocumentResult

log = logging.getLogger("ita_extract")
STATE_DIR = ".ita-extract"
# Version of the schema below; a store of another version is set aside and rebuilt.
SCHEMA_VERSION = 3
SCHEMA = """
CREATE TABLE inputs (
    source_path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE results (
    sha256 TEXT NOT NULL,
    extraction_key TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (sha256, extraction_key)
);
"""
# What a store of SCHEMA_VERSION holds (tables and their columns); anything else is not ours.
TABLES = {
    "inputs": ["source_path", "size", "mtime_ns", "ctime_ns", "inode", "sha256"],
    "results": ["sha256", "extraction_key", "stored_at", "result"],
}
# A stored result is used only when it has the shape ``DocumentResult.to_json`` gives (checked
# in SQL with SQLite's JSON functions, so a row damaged by hand or by a bug is extracted again
# rather than failing every run; rows of that shape that still cannot be read are handled by
# the caller of ``result`` and by ``latest``).
_USABLE = "json_valid(result) AND json_type(result, '$.document') = 'object'" + "".join(
    f" AND json_type(result, '$.{rows}') = 'array'"
    for rows in ROW_LISTS.values()
)


class StateStore:
    """The state of one output folder. Use as a context manager; not shared between
    processes (the run's lock, ``pipeline.run``, keeps other runs out).

    ``reset``: why the store found in the folder was set aside, or ``None``.

    Raises:
        OSError, sqlite3.OperationalError: the store cannot be read or created now (the
            folder is read-only, the disk is full, an I/O error): it is left as it is, to be
            used again when the disk allows (a journal left by a failed write is rolled
            back then).
    """

    def __init__(self, out: Path) -> None:
        folder = out / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "state.sqlite"
        self.reset: str | None = None
        try:
            self._db = self._open()
        except sqlite3.OperationalError:
            raise  # cannot be read now (disk full, I/O, read-only): not a damaged store
        except sqlite3.DatabaseError as exc:
            self.reset = f"{type(exc).__name__}: {exc}"
        else:
            self.reset = self._problem()
            if self.reset is not None:
                self._db.close()
        if self.reset is not None:
            aside = self._set_aside()
            log.warning(
                "state store %s set aside as %s (%s); a new one is started and every "
                "document is extracted again",
                self.path,
                aside.name,
                self.reset,
            )
            self._db = self._open()
        if not self._tables():
            with self._db:
                self._db.executescript(SCHEMA)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA journal_mode")  # reads the header: a file that is not SQLite fails
        return db

    def _tables(self) -> set[str]:
        rows = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}

    def _problem(self) -> str | None:
        """Why the open store cannot be used, or None (an empty new file is fine)."""
        try:
            tables = self._tables()
            if not tables:
                return None
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                return f"schema version {version}, expected {SCHEMA_VERSION}"
            if tables != set(TABLES):
                return f"unexpected tables {sorted(tables)}"
            for table, columns in TABLES.items():
                found = [row[1] for row in self._db.execute(f"PRAGMA table_info({table})")]
                if found != columns:
                    return f"table {table} has columns {found}, expected {columns}"
            check = self._db.execute("PRAGMA quick_check").fetchone()[0]
            return None if check == "ok" else f"integrity check: {check}"
        except sqlite3.OperationalError:
            self._db.close()
            raise  # cannot be read now (disk full, I/O, read-only): not a damaged store
        except sqlite3.DatabaseError as exc:
            return f"{type(exc).__name__}: {exc}"

    def _set_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        self.path.rename(aside)
        for suffix in ("-journal", "-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                extra.rename(aside.with_name(aside.name + suffix))
        return aside

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def seen(self) -> dict[str, Seen]:
        """Every input file recorded, by source_path."""
        rows = self._db.execute(
            "SELECT source_path, size, mtime_ns, ctime_ns, inode, sha256 FROM inputs"
        )
        return {path: Seen(*stat) for path, *stat in rows}

    def set_inputs(self, inputs: dict[str, Seen]) -> None:
        """Record this run's input files; files no longer among the inputs are forgotten."""
        with self._db:
            self._db.execute("DELETE FROM inputs")
            self._db.executemany(
                "INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?)",
                [(p, s.size, s.mtime_ns, s.ctime_ns, s.inode, s.sha256) for p, s in inputs.items()],
            )

    def result(self, sha256: str, key: str) -> DocumentResult | None:
        """The stored rows of a document (as ``put`` took them), or None.

        Raises:
            KeyError, TypeError, ValueError: the stored rows are damaged (see
                ``DocumentResult.from_json``).
        """
        row = self._db.execute(
            f"SELECT result FROM results WHERE sha256 = ? AND extraction_key = ? AND {_USABLE}",
            (sha256, key),
        ).fetchone()
        return DocumentResult.from_json(json.loads(row[0])) if row else None

    def has(self, key: str) -> set[str]:
        """The SHA-256 of every document with a usable stored result under ``key``."""
        rows = self._db.execute(
            f"SELECT sha256 FROM results WHERE extraction_key = ? AND {_USABLE}", (key,)
        )
        return {sha for (sha,) in rows}

    def latest(self, sha256: str) -> tuple[DocumentResult, str, str] | None:
        """The most recently stored rows of a document under any extraction key, with that
        key and the UTC time they were stored (ISO 8601), or None. Rows this version cannot
        read (stored by another version whose rows had other fields or finding codes, or
        damaged) count as none: a warning, never a failed run."""
        row = self._db.execute(
            "SELECT result, extraction_key, stored_at FROM results WHERE sha256 = ? "
            f"AND {_USABLE} ORDER BY stored_at DESC LIMIT 1",
            (sha256,),
        ).fetchone()
        if row is None:
            return None
        try:
            return DocumentResult.from_json(json.loads(row[0])), row[1], row[2]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning(
                "stored rows of %s (%s) cannot be read by this version: %s: %s",
                sha256[:16],
                row[1],
                type(exc).__name__,
                exc,
            )
            return None

    def put(self, sha256: str, key: str, result: DocumentResult) -> None:
        """Store (or replace) a document's rows (as JSON: ``DocumentResult.to_json``),
        committed at once."""
        stored_at = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                (
                    sha256,
                    key,
                    stored_at,
                    json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True),
                ),
            )

    def forget(self, shas: set[str]) -> None:
        """Drop every stored result of these documents (they are extracted again)."""
        with self._db:
            self._db.executemany("DELETE FROM results WHERE sha256 = ?", [(s,) for s in shas])

    def prune(self, key: str, keep: set[str]) -> None:
        """Drop the results of documents no input has now, and results of other keys (older
        versions) of documents that have one under ``key`` (a document whose re-extraction
        failed keeps its last good rows)."""
        with self._db:
            self._db.executemany(
                "DELETE FROM results WHERE sha256 = ?",
                [(sha,) for sha in self.stored() - keep],
            )
            self._db.executemany(
                "DELETE FROM results WHERE sha256 = ? AND extraction_key != ?",
                [(sha, key) for sha in self.has(key)],
            )

    def stored(self) -> set[str]:
        """The SHA-256 of every document with a result under any key."""
        return {sha for (sha,) in self._db.execute("SELECT DISTINCT sha256 FROM results")}
