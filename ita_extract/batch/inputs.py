"""Input files: which files a run reads, under which names, and their bytes, read safely.

Knows the file system and nothing of file formats or ITA. Every input is hostile until shown
otherwise: a FIFO would block a reader for ever, a device has no end, a folder may not be
listable, a file may be deleted, made unreadable or rewritten while the run goes on, and a
file name need not be valid UTF-8. None of these stops a run: each becomes an
:class:`InputFile` with a ``problem`` (listing) or an :class:`InputError` (reading), which the
pipeline writes as a ``failed`` row that says why.

Names: a file's ``source_path`` is its path relative to the INPUT it was found under (the
file name for an INPUT that is a file), with POSIX separators; bytes of a name that are not
UTF-8 are written as ``\\xNN`` and a backslash as ``\\\\``, so that two names never give one
``source_path``. Two inputs that would give the same ``source_path`` (the same relative path
under two INPUTs) are refused (:class:`InputConflict`): rows are keyed by it, so one would
silently take the other's place.

Links: links to files are followed; so are links to folders, except one that leads to a
folder already being walked (a loop such as ``loop -> .``: its files are listed already). A
file reached twice is listed once, under the first name found. Paths are compared with
``os.path.realpath``, which, unlike ``Path.resolve`` on Python 3.11, does not raise on a link
loop (a looping link is a failed row: "Too many levels of symbolic links").
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Files larger than this are not read (a failed row says so): a worker holds a file's bytes,
# and pypdfium2 its parsed pages, in memory; the largest ITA report seen is a few tens of MB.
MAX_INPUT_BYTES = 1 << 30
# Shown per conflict and in all in the message of InputConflict.
CONFLICTS_SHOWN = 3


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file (or an entry that should have been one) to process.

    ``path``: where it is; ``source_path``: the name reported for it (see the module's
    docstring); ``problem``: why it cannot be read, when that is known from listing it (not a
    regular file, a folder that cannot be listed); ``None`` otherwise.
    """

    path: Path
    source_path: str
    problem: str | None = None


class InputConflict(ValueError):
    """Two different inputs would be reported under the same ``source_path``."""


class InputError(OSError):
    """A file that cannot be read as an input; the message says why, for the ``error``
    column."""


# What display_name writes for a backslash (two of them) and for a byte that is not UTF-8.
_DISPLAY_ESCAPE = re.compile(r"\\(?:(\\)|x([0-9a-f]{2}))")


def display_name(name: str) -> str:
    """A file name as text that can be written anywhere, one name to one text: bytes that
    are not UTF-8 (kept by Python as surrogate escapes) become ``\\xNN``, and a backslash
    ``\\\\`` (so that a name holding the characters ``\\xff`` stays another name).

    >>> display_name("bad\\udcff.txt"), display_name("bad\\\\xff.txt")
    ('bad\\\\xff.txt', 'bad\\\\\\\\xff.txt')
    """
    escaped = name.replace("\\", "\\\\")
    return escaped.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_name(text: str) -> str:
    """The file name a ``text`` was written from: ``display_name`` undone (``\\\\`` a
    backslash again, ``\\xNN`` the byte, kept as Python keeps a name's bytes that are not
    UTF-8: a surrogate escape).

    >>> file_name("back\\\\\\\\slash.txt"), file_name("bad\\\\xff.txt") == "bad\\udcff.txt"
    ('back\\\\slash.txt', True)
    """
    return _DISPLAY_ESCAPE.sub(
        lambda m: "\\" if m.group(1) else chr(0xDC00 + int(m.group(2), 16)), text
    )


def kind_of(mode: int) -> str | None:
    """``None`` for a regular file, else what the entry is ("a FIFO", "a folder", …)."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "not a file"


def collect_inputs(inputs: list[Path], exclude: Path | Iterable[Path] = ()) -> list[InputFile]:
    """Expand files and folders (recursively) into the inputs to process, sorted by name.

    Hidden files and folders (name starting with ".") inside a folder are skipped, and so is
    what ``exclude`` names (compared by real path): everything inside the output folder (its
    tables are not inputs) and the corrections file in use. Every other entry is an input,
    so a file of an unknown type, a FIFO, a broken or looping link or a sub-folder that
    cannot be listed becomes a ``failed`` row rather than vanishing. Links are followed (see
    the module's docstring); a file reached twice is listed once.

    Raises:
        FileNotFoundError: an INPUT does not exist.
        InputConflict: two different inputs would have the same ``source_path``.
    """
    excluded = [exclude] if isinstance(exclude, Path) else list(exclude)
    own = frozenset(real_path(p) for p in excluded)
    found: dict[Path, InputFile] = {}
    for item in inputs:
        if not os.path.lexists(item):
            raise FileNotFoundError(f"input not found: {display_name(str(item))}")
        entries = _walk(item, own) if item.is_dir() else [_entry(item, item.name)]
        for entry in entries:
            key = real_path(entry.path)
            if any(key.is_relative_to(o) for o in own):
                continue
            found.setdefault(key, entry)
    files = sorted(found.values(), key=lambda f: (f.source_path, str(f.path)))
    _refuse_conflicts(files)
    return files


def _walk(folder: Path, own: frozenset[Path]) -> list[InputFile]:
    entries: list[InputFile] = []

    def unlisted(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        rel = where.relative_to(folder).as_posix() if where != folder else folder.name
        problem = f"cannot list the folder: {exc.strerror or exc}"
        entries.append(InputFile(where, display_name(rel) + "/", problem))

    walking: dict[Path, Path] = {}  # real path of each folder being walked → its path here
    for root, dirs, names in os.walk(folder, onerror=unlisted, followlinks=True):
        base = Path(root)
        here = real_path(base)
        walking = {r: p for r, p in walking.items() if base.is_relative_to(p)}
        walking[here] = base
        # not hidden, not the output folder, not a link back up (a loop)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and real_path(base / d) not in own | walking.keys()
        )
        for name in sorted(names):
            if not name.startswith("."):
                path = base / name
                entries.append(_entry(path, path.relative_to(folder).as_posix()))
    return entries


def real_path(path: Path) -> Path:
    """``path`` with every link followed (``os.path.realpath``: a link loop does not raise,
    the loop is left as it is)."""
    return Path(os.path.realpath(path))


def _entry(path: Path, rel: str) -> InputFile:
    """An input with the problem its kind shows (not a regular file), if any."""
    name = display_name(rel)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return InputFile(path, name, "a broken symbolic link" if path.is_symlink() else None)
    except OSError as exc:
        return InputFile(path, name, str(_input_error(exc)))
    return InputFile(path, name, _not_regular(mode))


def _not_regular(mode: int) -> str | None:
    """Why an entry of this mode is not read (not a regular file), or None."""
    kind = kind_of(mode)
    return None if kind is None else f"not a regular file ({kind})"


def _input_error(exc: OSError) -> InputError:
    """An OSError met opening, listing or reading an input, as the failed row says it."""
    if isinstance(exc, FileNotFoundError):
        return InputError("the file is gone: deleted or moved during the run")
    return InputError(f"cannot read the file: {exc.strerror or exc}")


def _refuse_conflicts(files: list[InputFile]) -> None:
    by_name: dict[str, list[InputFile]] = {}
    for f in files:
        by_name.setdefault(f.source_path, []).append(f)
    clashes = [group for group in by_name.values() if len(group) > 1]
    if not clashes:
        return
    shown = "; ".join(
        f"{group[0].source_path!r} from "
        + " and ".join(display_name(str(f.path)) for f in group[:CONFLICTS_SHOWN])
        for group in clashes[:CONFLICTS_SHOWN]
    )
    more = f" (and {len(clashes) - CONFLICTS_SHOWN} more)" if len(clashes) > CONFLICTS_SHOWN else ""
    raise InputConflict(
        f"{len(clashes)} names would stand for more than one file: {shown}{more}; rows are "
        "keyed by the path relative to its INPUT, so give a folder that holds them all "
        "(their common parent) instead"
    )


def _open(path: Path) -> int:
    """A file descriptor of ``path`` if it is a regular file of at most MAX_INPUT_BYTES.

    Opened without blocking (a FIFO put in a file's place would otherwise block for ever) and
    checked on the descriptor itself, so the check and the read concern the same file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _input_error(exc) from None
    info = os.fstat(fd)
    problem = _not_regular(info.st_mode)
    if problem is None and info.st_size > MAX_INPUT_BYTES:
        problem = f"file too large: {info.st_size:,} bytes (limit {MAX_INPUT_BYTES:,})"
    if problem is not None:
        os.close(fd)
        raise InputError(problem)
    return fd


def read_input(path: Path) -> bytes:
    """The bytes of an input file.

    Raises:
        InputError: gone, unreadable, not a regular file, or over MAX_INPUT_BYTES.
    """
    fd = _open(path)
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise _input_error(exc) from None
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class Seen:
    """An input file as hashed: its size, modification and status-change times (ns), inode,
    and the SHA-256 of its bytes, hex.

    A file whose size, times and inode are all as recorded is taken to hold the same bytes
    without hashing it again (as git's index judges files): rewriting a file, even to the
    same size with its mtime set back, changes its status-change time; replacing it changes
    its inode.
    """

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    sha256: str

    def matches(self, info: os.stat_result) -> bool:
        """Whether ``info`` (the file's status now) is the status this was hashed at."""
        now = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        return now == (self.size, self.mtime_ns, self.ctime_ns, self.inode)


def stat_input(path: Path) -> os.stat_result:
    """The file's status (links followed).

    Raises:
        InputError: gone, unreadable or not a regular file.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise _input_error(exc) from None
    problem = _not_regular(info.st_mode)
    if problem is not None:
        raise InputError(problem)
    return info


def hash_input(path: Path) -> Seen:
    """Status and SHA-256 of an input file, all of the one file opened.

    Raises:
        InputError: as :func:`read_input`.
    """
    fd = _open(path)
    try:
        info = os.fstat(fd)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise _input_error(exc) from None
    finally:
        os.close(fd)
    return Seen(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, digest)


def sha256_of(data: bytes) -> str:
    """SHA-256 of bytes, hex."""
    return hashlib.sha256(data).hexdigest()
