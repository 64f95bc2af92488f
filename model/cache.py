"""The one cache: what the package remembers, in process and on disk, and when it forgets.

In process, :func:`memo` replaces ``functools.lru_cache`` on everything read from ``data/`` (the
parameters, the figures, the TSA inputs, the outturn, the synthetic population, ...): a result is
kept with the stamp (name, size, modification time) of every file under ``data/`` and of any path
it was called with, and is used again only while the stamp is unchanged. A live kernel (JupyterLab,
the editor page) that reads after a data file was edited therefore gets the new values, whatever
it loaded before, and never a mixture of old and new.

On disk, under ``build/cache/``, :func:`store` and :func:`fetch` keep what is slow to compute (the
calibration's fit, the synthetic population, parsed YAML) under a key that the caller derives from
:func:`inputs_digest` (every data file and every model source file) or from the text parsed. Each
file carries the SHA-256 of its body: :func:`fetch` returns None for a file that is missing,
damaged, truncated, foreign or tampered with, removes it, and the caller computes again; a cache
is never trusted and never fatal. Writing is atomic and any OSError (read-only or full disk) only
costs the next run the work again.
"""
from __future__ import annotations

import functools
import hashlib
import os
import stat
import tempfile
from collections import OrderedDict
from pathlib import Path

from .paths import BUILD, DATA, ROOT, Pack, pack

# ZHAMBYL_CACHE_DIR moves it (a path that cannot be a folder, such as /dev/null/cache, turns the
# disk cache off: every store fails quietly, every fetch misses; tools/mutation.py does that)
CACHE_DIR = Path(os.environ.get("ZHAMBYL_CACHE_DIR") or BUILD / "cache")
MAGIC = b"zhambyl-cache 1 "  # then the body's SHA-256 in hex and a newline
_MEMO_SIZE = 8  # results kept per function (a few scenarios, seeds or data copies)


# --- what the inputs are ----------------------------------------------------------------------


def _regular(p: Path) -> os.stat_result | None:
    """The stat of a regular file (a symlink followed), None for anything else: no FIFO is opened."""
    try:
        st = os.stat(p)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _stamp_of(paths) -> tuple:
    out = []
    for p in sorted(paths):
        st = _regular(p)
        if st is not None:
            out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _walk(directory: str, out: list) -> None:
    """(path, mtime, size) of every regular file under ``directory`` (symlinks followed to files)."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for e in entries:
        try:
            if e.is_dir(follow_symlinks=False):
                _walk(e.path, out)
                continue
            st = e.stat()  # follows a symlink: its target's time and size
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            out.append((e.path, st.st_mtime_ns, st.st_size))


def data_stamp(directory: Path = DATA) -> tuple:
    """(path, mtime, size) of every regular file under ``directory``: changes when any file does.
    Read on every memo lookup, so it is a bare scandir and one stat per file (about 50 us for data/)."""
    directory = str(directory)
    if os.path.isfile(directory):
        st = _regular(Path(directory))
        return ((directory, st.st_mtime_ns, st.st_size),) if st else ()
    out: list = []
    _walk(directory, out)
    out.sort()
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _digest(stamp: tuple) -> str:
    h = hashlib.sha256()
    for name, _, _ in stamp:
        p = Path(name)
        h.update(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p).encode())
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"(unreadable)")
    return h.hexdigest()


def inputs_digest(p: Pack | None = None) -> str:
    """SHA-256 of every data file (of the data tree of ``p``, the pack in force by default), every
    model source file and the pack itself (programme, its priors, region): the key of anything kept
    on disk, so two packs of one tree never share an entry. Read again only when a file's size or
    modification time changed (one stat per file)."""
    p = p or pack()
    files = [*p.root.rglob("*"), *(ROOT / "model").rglob("*.py")]  # the data tree in force (data/)
    who = "\n".join([p.programme, *p.priors, "@", p.region]).encode()
    return hashlib.sha256(_digest(_stamp_of(files)).encode() + b"\n" + who).hexdigest()


# --- in process -------------------------------------------------------------------------------


def memo(func=None, *, size: int = _MEMO_SIZE):
    """Remember ``func``'s results while no file under data/ (nor any path argument) changed, for
    each pack in force (model/paths.py); the ``size`` most recent (``@memo(size=64)`` where one
    result per region or scenario of a national run must stay).

    Arguments must be hashable (as for ``lru_cache``). ``func.cache_clear()`` forgets everything.
    """
    if func is None:
        return lambda f: memo(f, size=size)
    kept: OrderedDict = OrderedDict()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        given = (*args, *kwargs.values())
        paths = [a.root if isinstance(a, Pack) else a for a in given if isinstance(a, (Path, Pack))]
        now = pack()  # a default argument reads the pack in force, from its own data tree
        stamp = (data_stamp(now.root), *(data_stamp(p) for p in paths if p != now.root))
        key = (now, args, tuple(sorted(kwargs.items())))
        hit = kept.get(key)
        if hit is not None and hit[0] == stamp:
            kept.move_to_end(key)
            return hit[1]
        value = func(*args, **kwargs)
        kept[key] = (stamp, value)
        kept.move_to_end(key)
        while len(kept) > size:
            kept.popitem(last=False)
        return value

    wrapper.cache_clear = kept.clear
    return wrapper


# --- on disk ----------------------------------------------------------------------------------


def fetch(path: Path) -> bytes | None:
    """The body of a cache file, or None (and the file removed) when it is missing or not intact."""
    try:
        with open(path, "rb") as f:
            head = f.readline(len(MAGIC) + 66)
            body = f.read()
    except OSError:
        return None
    digest = head[len(MAGIC):].strip()
    if head.startswith(MAGIC) and head.endswith(b"\n") and hashlib.sha256(body).hexdigest().encode() == digest:
        return body
    try:  # damaged, truncated, an older format or someone else's file: computed again, then replaced
        os.unlink(path)
    except OSError:
        pass
    return None


def store(path: Path, body: bytes, stale: str = "") -> None:
    """Write a cache file atomically with its digest; any OSError is ignored (it is a cache).

    Other files of its folder whose names start with ``stale`` (earlier keys of the same thing) go.
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n")
            f.write(body)
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob(f"{stale}*") if stale else ():
            if old != path and not old.name.startswith("."):
                old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def key(*parts) -> str:
    """A short hex key of JSON-able parts (with :func:`inputs_digest` among them for model results)."""
    import json

    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]
