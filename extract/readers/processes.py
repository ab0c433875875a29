"""Child processes that die with their parent.

Tesseract runs as a child process of the worker that reads a page (through pytesseract). When
that worker is killed — a document over its time limit, a crash, the whole run stopped — a
Tesseract still running would go on as an orphan, holding a core and its temporary files
(seen: still running 60 s after the limit). On Linux the kernel can send a child a signal when
its parent dies (``prctl(PR_SET_PDEATHSIG)``, as OCRmyPDF's workers and systemd use); it is set
in the child between fork and exec. Elsewhere nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import signal
import sys

# <linux/prctl.h>
PR_SET_PDEATHSIG = 1


@functools.cache
def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return libc.prctl


def die_with_parent() -> None:
    """Ask the kernel to kill the calling process (SIGKILL) when its parent process dies.

    For a worker process at its start, or a child between fork and exec (``preexec_fn``).
    A no-op where ``prctl`` does not exist (not Linux).
    """
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def child_process_args(args: dict) -> dict:
    """Popen keyword arguments (``args``, as pytesseract builds them) for a child that dies
    with its parent and uses one thread: ``OMP_THREAD_LIMIT=1`` is set in the child's own
    environment (a copy of ``args["env"]`` or of this process's; a value the caller set is
    kept), never in this process's. Tesseract's OpenMP threads only compete with the other
    workers: measured on a 2-core machine, 1.0 s a page single-threaded (two processes side
    by side: 0.5 s a page in effect) against 2.5 s with OpenMP's default threads."""
    _prctl()  # loaded before the fork: the child only calls it
    env = dict(args.get("env") or os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    return {**args, "env": env, "preexec_fn": die_with_parent}
