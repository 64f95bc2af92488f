"""A run is all or nothing: outputs are staged beside their folders and published together.

Each output folder ``<out>/<folder>/`` of a run gets a staging folder beside it,
``<out>/.<folder>.staging.<pid>.<random>/``, on the same file system; the notebooks, PDFs and
results.json are written there. Only when the whole run has succeeded (every notebook, every
PDF, every results.json) are the staged folders published, under a lock (``flock`` on ``<out>``)
and with signals deferred:

1. what the old folder holds that this run does not write (a language not run this time) is
   carried into the staged folder as hard links (a copy where links are not possible): those
   files stay byte for byte;
2. a journal ``<out>/.publish.<pid>.<random>.json`` lists each folder, its staged folder and the
   staged folder's inode;
3. each staged folder replaces its folder: one ``renameat2(RENAME_EXCHANGE)`` where the system
   has it (a reader always finds a whole folder, the old one or the new one), else two renames
   (the old folder to ``.<folder>.old.<pid>.<random>``, the staged one into place);
4. the old folders and the journal are removed.

A run that fails, is interrupted (SIGINT, SIGTERM) or meets a full disk publishes nothing: its
staging is removed (its failed executions are kept in ``<out>/<folder>+failed/`` to read) and
every earlier output stays as it was, byte for byte. A killed run (SIGKILL) leaves its staging
and, if it died while publishing, its journal: :func:`recover`, called at the start of the next
run, finishes the publication the journal describes (the staged folders were complete, so rolling
forward is right: after it either none or all of the killed run's folders are new) and removes
the staging and old folders of processes that are gone.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import signal
import threading
from pathlib import Path

from .atomic import dir_lock, pid_alive, remove_dead_temps, write_atomic
from .rundir import failed_name

_STAGED = re.compile(r"^\.(?P<folder>.+)\.(?P<kind>staging|old)\.(?P<pid>\d+)\.[0-9a-f]+$")
_JOURNAL = re.compile(r"^\.publish\.(?P<pid>\d+)\.[0-9a-f]+\.json$")


def _hidden(folder: str, kind: str) -> str:
    return f".{folder}.{kind}.{os.getpid()}.{secrets.token_hex(4)}"


def stage(final: Path) -> Path:
    """A new, empty staging folder beside ``final`` owned by this process."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    staged = final.parent / _hidden(final.name, "staging")
    staged.mkdir()
    return staged


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def locked(out_root: Path):
    """The output root locked (:func:`model.atomic.dir_lock`): publishing and recovery never interleave."""
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    with dir_lock(out_root):
        yield


@contextlib.contextmanager
def signals_deferred():
    """SIGINT and SIGTERM wait until the block is done (only where signals are delivered: the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


_libc = None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where not supported."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(None, use_errno=True)
        except OSError:
            _libc = False
    fn = getattr(_libc, "renameat2", None) if _libc else None
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _link_or_copy(src, dst, *, follow_symlinks=True):
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)
    return dst


def carry_over(final: Path, staged: Path) -> list[str]:
    """Bring into ``staged`` what ``final`` holds and this run does not write (hard links, else copies)."""
    carried = []
    if not final.is_dir():
        return carried
    for entry in sorted(final.iterdir()):
        if entry.name.startswith(".") or (staged / entry.name).exists() or (staged / entry.name).is_symlink():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, staged / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, staged / entry.name)
        carried.append(entry.name)
    return carried


def _swap(final: Path, staged: Path) -> None:
    """Put ``staged`` at ``final``; the old folder (if any) is removed."""
    if os.path.lexists(final):
        if _exchange(staged, final):  # staged now holds the old folder
            discard(staged)
            return
        old = final.parent / _hidden(final.name, "old")
        os.rename(final, old)
        os.rename(staged, final)
        discard(old)
    else:
        os.rename(staged, final)


def publish(pairs: dict[Path, Path], out_root: Path) -> None:
    """Publish every staged folder at its final path, all of them or (short of SIGKILL) none.

    ``pairs``: final folder -> staged folder, all under ``out_root``. An error before the journal
    is written (carrying over on a full disk) changes nothing and is raised; SIGINT and SIGTERM
    wait until the publication is done.
    """
    with signals_deferred(), locked(out_root):
        for final, staged in pairs.items():
            carry_over(Path(final), Path(staged))
        entries = [{"final": str(f), "staged": str(s), "ino": os.stat(s).st_ino} for f, s in pairs.items()]
        journal = Path(out_root) / f".publish.{os.getpid()}.{secrets.token_hex(4)}.json"
        write_atomic(journal, json.dumps(entries).encode())
        for final, staged in pairs.items():
            _swap(Path(final), Path(staged))
            discard(Path(out_root) / failed_name(Path(final).name))  # an earlier failure of this folder
        journal.unlink()


def _finish(entry: dict) -> None:
    final, staged, ino = Path(entry["final"]), Path(entry["staged"]), entry["ino"]

    def inode(p: Path):
        try:
            return os.lstat(p).st_ino
        except OSError:
            return None

    if inode(final) != ino and inode(staged) == ino:
        _swap(final, staged)
    elif inode(staged) is not None and inode(staged) != ino:  # exchanged: the old folder waits there
        discard(staged)


def recover(out_root: Path) -> list[Path]:
    """Finish the publications of killed runs (their journals) and remove the staging and old
    folders of processes that are gone; return what was removed or finished."""
    out_root = Path(out_root)
    if not out_root.is_dir():
        return []
    done = []
    with locked(out_root):
        for p in sorted(out_root.iterdir()):
            m = _JOURNAL.match(p.name)
            if m and not pid_alive(int(m["pid"])):
                try:
                    entries = json.loads(p.read_text("utf-8"))
                except (OSError, ValueError):
                    entries = []
                for entry in entries:
                    try:
                        _finish(entry)
                    except (OSError, KeyError, TypeError):
                        pass
                p.unlink(missing_ok=True)
                done.append(p)
        for p in sorted(out_root.iterdir()):
            m = _STAGED.match(p.name)
            if m and p.is_dir() and not p.is_symlink() and not pid_alive(int(m["pid"])):
                discard(p)
                done.append(p)
        done += remove_dead_temps(out_root)  # a journal's own temporary file, when killed writing it
    return done


def keep_failed(final: Path, staged: Path) -> Path | None:
    """After a failed run: keep its failed executions (``*.failed.ipynb``) in ``<folder>+failed/``
    (replacing an earlier one), remove the rest of the staging; the path, or None if none."""
    final, staged = Path(final), Path(staged)
    kept = [p for p in staged.rglob("*.failed.ipynb") if p.is_file()]
    if not kept:
        discard(staged)
        return None
    for p in sorted(staged.rglob("*"), reverse=True):  # deepest first: files, then emptied folders
        if p.is_file() or p.is_symlink():
            if p not in kept:
                p.unlink(missing_ok=True)
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()
    dest = final.parent / failed_name(final.name)
    try:
        discard(dest)
        os.rename(staged, dest)
    except OSError:
        discard(staged)
        return None
    return dest
