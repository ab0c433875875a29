"""The output folder: which folders may be one, and a run's files committed as a whole.

A reader of the output folder must never see the tables of two runs mixed (a documents.csv
of eight documents beside indicator scores of two), whatever happens to a run: killed,
out of disk, out of permissions. So a run writes all its files into a new *generation*, a
folder of its own (``OUT/.ita-extract/generations/<id>/``), with ``manifest.json`` last, and
only then switches to it with one atomic step: the symbolic link ``OUT/.ita-extract/current``
is replaced by one that points to the new generation (``rename(2)`` replaces it atomically).
The files in ``OUT`` that users open — ``documents.csv``, … ``manifest.json``,
``datapackage.json`` — are symbolic links into ``current`` that never change. A reader thus
sees the old generation or the new one, never a mix; a run killed at any point leaves one of
them whole. The next run removes what a killed run left (generations no longer current, the
temporary folder, temporary files of older versions).

Relative links are used throughout, so the whole folder can be moved, copied with
``cp -a`` or archived. The first run on a folder of an older version (tables as plain files)
turns that set into the first generation without changing what a reader sees. The generation
before the current one is kept, so that a program that resolved ``current`` once and reads
several tables from it (``ita_extract.read_tables``) is not cut off by the next run.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from ita_extract.batch.inputs import real_path
from ita_extract.batch.state import STATE_DIR

log = logging.getLogger("ita_extract")
CURRENT = "current"
GENERATIONS = "generations"
TEMP = "tmp"


class UnsafeOutput(ValueError):
    """An output folder that would overwrite or mix with inputs, or is not a folder."""


def check_output_folder(out: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that is dangerous for these inputs.

    Refused: an existing file (not a folder), a broken link, a folder whose state folder
    (``.ita-extract``) is a file; the root folder; a folder that is an INPUT or holds one
    (the run would write its tables and state among the reports, and a later run would read
    them). A folder inside an INPUT is allowed: its files are not read as inputs.

    Raises:
        UnsafeOutput: with the reason.
    """
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"--out {out} is an existing file, not a folder")
    if out.is_symlink() and not out.exists():
        raise UnsafeOutput(f"--out {out} is a broken symbolic link")
    state = state_folder(out)
    if os.path.lexists(state) and not state.is_dir():
        raise UnsafeOutput(f"--out {out} holds a file named {STATE_DIR}, where its state goes")
    own = real_path(out)
    if own == Path(own.anchor):
        raise UnsafeOutput(f"--out {out} is the root folder")
    for item in inputs:
        where = real_path(item)
        if where == own:
            raise UnsafeOutput(f"--out {out} is the input folder {item}; choose another folder")
        if where.is_relative_to(own):
            raise UnsafeOutput(
                f"--out {out} holds the input {item}: tables would be written among the "
                "reports; choose a folder outside the inputs"
            )


def state_folder(out: Path) -> Path:
    """``OUT/.ita-extract``: the state store, the lock, the generations."""
    return out / STATE_DIR


def temp_folder(out: Path) -> Path:
    """A new, empty folder for the temporary files of this run's workers (left over ones of a
    killed run are removed). The caller removes it at the end, whatever happens."""
    folder = state_folder(out) / TEMP
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


class Generation:
    """The files of one run, written into a folder of their own and published at once.

    Use: write files into ``path``, then ``commit()``; on any failure ``discard()`` (the
    output folder stays as it was).
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.published = False
        self.name = f"{_stamp()}-{os.getpid()}"
        self.path = state_folder(out) / GENERATIONS / self.name
        self.path.mkdir(parents=True)

    def commit(self, managed: set[str]) -> None:
        """Publish this generation: from now on ``OUT/<name>`` shows this run's files.

        Steps: the files are flushed to disk; the links ``OUT/<name>`` → ``current/<name>``
        that this generation needs are made (a new name's link shows nothing until the
        switch); ``current`` is switched to this generation in one atomic step — the point
        of no return; then links of names this generation does not have (tables of a format
        no longer asked for) and generations before the previous one are removed, which may
        fail without harm (warned, done again by the next run).

        Args:
            managed: every file name the tool may publish in ``OUT`` (all formats); a plain
                file of one of these names (the layout of older versions, or a copy that
                followed the links) becomes a link.

        Raises:
            OSError: before the switch: the files could not be made durable or the links
                not written. The output folder shows the previous generation, whole, and the
                caller discards this one.
        """
        names = sorted(p.name for p in self.path.iterdir())
        for name in names:
            _fsync(self.path / name)
        _fsync(self.path)
        _adopt_plain_files(self.out, managed)
        for name in names:
            _ensure_link(self.out / name, Path(STATE_DIR) / CURRENT / name)
        _replace_link(state_folder(self.out) / CURRENT, Path(GENERATIONS) / self.name)
        self.published = True
        try:
            for name in sorted(managed - set(names)):
                link = self.out / name
                if link.is_symlink() and not link.exists():
                    link.unlink()
            remove_stale_generations(self.out)
        except OSError as exc:
            log.warning("published, but could not tidy the output folder: %s", exc)

    def discard(self) -> None:
        """Remove this generation's folder, unless it was published (then it is current)."""
        if not self.published:
            shutil.rmtree(self.path, ignore_errors=True)


def remove_stale_generations(out: Path) -> None:
    """Remove the generations before the previous one (the previous one is kept, so that a
    reader that resolved ``current`` just before a switch can finish reading it), links a
    killed commit left half-made (``.documents.csv.PID.link``), and the temporary files that
    versions before generations left beside the tables (``.documents.csv.XXXX.tmp``).
    Generations are told apart by their names, which sort by the time they were made."""
    folder = state_folder(out) / GENERATIONS
    if folder.is_dir() and not folder.is_symlink():
        current = _current_name(out)
        names = {c.name for c in folder.iterdir()}
        keep: set[str | None] = set()
        if current in names:  # and the newest before it: a killed run's is newer, not kept
            keep = {current, *sorted(n for n in names if n < current)[-1:]}
        for child in folder.iterdir():
            if child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)
    for parent in (out, state_folder(out)):
        if not parent.is_dir():
            continue
        for child in parent.iterdir():
            name = child.name
            leftover = (name.endswith(".tmp") and child.is_file() and not child.is_symlink()) or (
                name.endswith(".link") and child.is_symlink()
            )
            if name.startswith(".") and leftover:
                child.unlink(missing_ok=True)


def _stamp() -> str:
    """The UTC time to the microsecond, as generation names begin (they sort by it)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _current_name(out: Path) -> str | None:
    link = state_folder(out) / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _adopt_plain_files(out: Path, managed: set[str]) -> None:
    """Turn published files that are plain files into links, showing the same bytes.

    Plain files are what versions before generations wrote, and what a copy that followed
    the links (``cp -rL``) makes: there ``current`` is a plain folder too, which is moved
    among the generations first. The plain tables become a generation of their own, current
    if no other is, and each is replaced by a link to ``current/<name>``: when that
    generation is current, each link shows the bytes of the file it replaces, so a reader
    sees no change and a kill half-way leaves plain files and links that show one set.
    """
    current = state_folder(out) / CURRENT
    if current.is_dir() and not current.is_symlink():
        (state_folder(out) / GENERATIONS).mkdir(parents=True, exist_ok=True)
        current.rename(state_folder(out) / GENERATIONS / f"{_stamp()}-copied")
    plain = sorted(n for n in managed if (out / n).is_file() and not (out / n).is_symlink())
    if not plain:
        return
    legacy = state_folder(out) / GENERATIONS / f"{_stamp()}-plain"
    legacy.mkdir(parents=True)
    for name in plain:
        try:
            os.link(out / name, legacy / name)
        except OSError:
            shutil.copy2(out / name, legacy / name)
    if _current_name(out) is None:
        _replace_link(current, Path(GENERATIONS) / legacy.name)
    for name in plain:
        _ensure_link(out / name, Path(STATE_DIR) / CURRENT / name)


def _ensure_link(link: Path, target: Path) -> None:
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    _replace_link(link, target)


def _replace_link(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` (relative to the link's folder) in one atomic step."""
    temp = link.with_name(f".{link.name}.{os.getpid()}.link")
    temp.unlink(missing_ok=True)
    os.symlink(target, temp)
    os.replace(temp, link)


def _fsync(path: Path) -> None:
    """Flush a file or folder to disk: a generation is durable before it is published."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
