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
turns that set into the first generation without changing what a reader sees.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from state import STATE_DIR

CURRENT = "current"
GENERATIONS = "generations"
TEMP = "tmp"


class UnsafeOutput(ValueError):
    """An output folder that would overwrite or mix with inputs, or is not a folder."""


def check_output_folder(out: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that is dangerous for these inputs.

    Refused: an existing file (not a folder); the root folder; a folder that is an INPUT or
    holds one (the run would write its tables and state among the reports, and a later run
    would read them). A folder inside an INPUT is allowed: its files are not read as inputs.

    Raises:
        UnsafeOutput: with the reason.
    """
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"--out {out} is an existing file, not a folder")
    own = out.resolve()
    if own == Path(own.anchor):
        raise UnsafeOutput(f"--out {out} is the root folder")
    for item in inputs:
        where = item.resolve()
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
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.name = f"{stamp}-{os.getpid()}"
        self.path = state_folder(out) / GENERATIONS / self.name
        self.path.mkdir(parents=True)

    def commit(self, managed: set[str]) -> None:
        """Publish this generation: from now on ``OUT/<name>`` shows this run's files.

        Args:
            managed: every file name the tool may publish in ``OUT`` (all formats); a link of
                one of these names that this generation does not have is removed (tables of
                a format no longer asked for), and a plain file of one of these names (the
                layout of older versions) becomes a link.

        Raises:
            OSError: the files could not be made durable or the links not written (the
                output folder then shows the previous generation, or this one, whole).
        """
        names = sorted(p.name for p in self.path.iterdir())
        for name in names:
            _fsync(self.path / name)
        _fsync(self.path)
        _adopt_plain_files(self.out, managed)
        _replace_link(state_folder(self.out) / CURRENT, Path(GENERATIONS) / self.name)
        for name in names:
            _ensure_link(self.out / name, Path(STATE_DIR) / CURRENT / name)
        for name in sorted(managed - set(names)):
            link = self.out / name
            if link.is_symlink() and not link.exists():
                link.unlink()
        remove_stale_generations(self.out)

    def discard(self) -> None:
        """Remove this generation's folder (it was never published)."""
        shutil.rmtree(self.path, ignore_errors=True)


def remove_stale_generations(out: Path) -> None:
    """Remove every generation but the current one, links a killed commit left half-made
    (``.documents.csv.PID.link``), and the temporary files that versions before generations
    left beside the tables (``.documents.csv.XXXX.tmp``)."""
    folder = state_folder(out) / GENERATIONS
    current = _current_name(out)
    if folder.is_dir():
        for child in folder.iterdir():
            if child.name != current:
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


def _current_name(out: Path) -> str | None:
    link = state_folder(out) / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _adopt_plain_files(out: Path, managed: set[str]) -> None:
    """Turn tables written as plain files (older versions) into a first generation and links
    to it: each link shows the same bytes as the file it replaces, so a reader sees no
    change, and a kill half-way leaves plain files and links that all show that one set."""
    plain = sorted(n for n in managed if (out / n).is_file() and not (out / n).is_symlink())
    if not plain:
        return
    legacy = state_folder(out) / GENERATIONS / "legacy"
    legacy.mkdir(parents=True, exist_ok=True)
    for name in plain:
        if not (legacy / name).exists():
            try:
                os.link(out / name, legacy / name)
            except OSError:
                shutil.copy2(out / name, legacy / name)
    if _current_name(out) is None:
        _replace_link(state_folder(out) / CURRENT, Path(GENERATIONS) / legacy.name)
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
