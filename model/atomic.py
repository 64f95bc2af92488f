"""Files that appear only when complete, and the leftovers of runs that were killed.

Every output is written to a hidden temporary name in its own directory,
``.<name>.<pid>.<random>.tmp`` (``….tmp.ipynb`` for notebooks: papermill checks the suffix),
and moved into place with ``os.replace``: a reader sees the old file or the new one, never
half of one. The PID in the name says which process owns the file, so the next run can remove
what a killed run left (:func:`clean_stale`) without touching a run still going on. Temporary
directories (the PDF export's Typst build) are named ``<prefix><pid>-<random>`` for the same
reason.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

_TEMP = re.compile(r"^\..+\.(?P<pid>\d+)\.[0-9a-f]+\.tmp(\.ipynb)?$")
TYPST_PREFIX = "report-typst-"  # the PDF export's build directories in the system temp dir
_TYPST = re.compile(rf"^{re.escape(TYPST_PREFIX)}(?:(?P<pid>\d+)-)?[^/]+$")
LEGACY_AGE = 3600.0  # s: a typst directory without an owner PID (older versions) counts as stale after this


def temp_path(final: Path, suffix: str = "") -> Path:
    """A hidden name beside ``final`` owned by this process: ``.<name>.<pid>.<random>.tmp<suffix>``."""
    final = Path(final)
    return final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(3)}.tmp{suffix}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file: complete or not at all.

    Created like any other file (mode 0666 less the umask, so 0644 as a rule); on any error
    (a full disk, a read-only directory) the temporary file is removed and the error raised,
    and an earlier ``path`` stays as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # a read-only folder: it was never created; the first error is the one to tell
            pass
        raise


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    try:  # a zombie is gone for our purposes
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def remove_dead_temps(directory) -> list[Path]:
    """Remove the files of :func:`temp_path` in ``directory`` whose owning process is gone."""
    d, removed = Path(directory), []
    if not d.is_dir():
        return removed
    for p in d.iterdir():
        m = _TEMP.match(p.name)
        if m and p.is_file() and not pid_alive(int(m["pid"])):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def clean_stale(dirs, temp_dir: str | Path | None = None) -> list[Path]:
    """Remove the temporary files in ``dirs`` and the Typst build directories in ``temp_dir``
    (default: the system's) whose owning process is gone; return what was removed.

    Only files named by :func:`temp_path` (and directories named ``report-typst-<pid>-…``) are
    touched; those of a live process stay. A Typst directory of an older version, without a
    PID, is removed once it is an hour old.
    """
    removed = [p for d in dirs for p in remove_dead_temps(d)]
    tmp = Path(temp_dir or tempfile.gettempdir())
    try:
        entries = list(tmp.iterdir())
    except OSError:
        entries = []
    now = time.time()
    for p in entries:
        m = _TYPST.match(p.name)
        if not m or not p.is_dir() or p.is_symlink():
            continue
        try:
            stale = not pid_alive(int(m["pid"])) if m["pid"] else now - p.stat().st_mtime > LEGACY_AGE
        except OSError:
            continue
        if stale:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


@contextlib.contextmanager
def dir_lock(directory: Path):
    """An exclusive lock on a folder (``flock`` on its own descriptor: no lock file is left behind).

    Every writer of that folder that takes it (a run publishing into ``build/``, the scenario
    editor saving into ``data/scenarios/``) waits for the others.
    """
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
