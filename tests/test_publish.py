"""A run is all or nothing (model/publish.py) and its folder is its identity (model/rundir.py).

Fault injection: SIGKILL at random points of a publication (the next start rolls it forward or
finds nothing published: never a mixture), a full disk while carrying files over, a file system
without RENAME_EXCHANGE. Every case compares the earlier files byte for byte.
"""
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model import publish, rundir, runner
from model.paths import ROOT


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def earlier(out: Path, n: int) -> dict[str, dict[str, bytes]]:
    """n published folders s0..s<n-1> of an earlier run, with kk and ru."""
    for i in range(n):
        for lang in ("kk", "ru"):
            (out / f"s{i}" / lang).mkdir(parents=True)
            (out / f"s{i}" / lang / "brief.pdf").write_bytes(f"old {lang} {i}".encode())
        (out / f"s{i}" / "results.json").write_bytes(f"old {i}".encode())
    return {f"s{i}": snapshot(out / f"s{i}") for i in range(n)}


def staged_kk(out: Path, n: int) -> dict[Path, Path]:
    pairs = {}
    for i in range(n):
        final = out / f"s{i}"
        s = publish.stage(final)
        (s / "kk").mkdir()
        (s / "kk" / "brief.pdf").write_bytes(f"new kk {i}".encode())
        (s / "results.json").write_bytes(f"new {i}".encode())
        pairs[final] = s
    return pairs


def new_state(i: int) -> dict[str, bytes]:
    return {"kk/brief.pdf": f"new kk {i}".encode(), "ru/brief.pdf": f"old ru {i}".encode(),
            "results.json": f"new {i}".encode()}


@pytest.mark.parametrize("exchange", [True, False], ids=["rename_exchange", "two_renames"])
def test_publish_replaces_folders_and_keeps_languages_not_run(tmp_path, monkeypatch, exchange):
    out = tmp_path / "out"
    before = earlier(out, 2)
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    ru_inode = os.stat(out / "s0" / "ru" / "brief.pdf").st_ino
    (out / "s0+failed").mkdir()  # an earlier failure of s0: goes with the first success
    publish.publish(staged_kk(out, 2), out)
    for i in range(2):
        assert snapshot(out / f"s{i}") == new_state(i)
        assert snapshot(out / f"s{i}")["ru/brief.pdf"] == before[f"s{i}"]["ru/brief.pdf"]
    assert os.stat(out / "s0" / "ru" / "brief.pdf").st_ino == ru_inode, "carried over as a hard link, not copied"
    assert hidden(out) == [] and not (out / "s0+failed").exists()


def test_full_disk_while_carrying_over_changes_nothing(tmp_path, monkeypatch):
    """ENOSPC (injected into the link-or-copy of the files carried over) before the journal: the
    earlier folders stay byte for byte; the caller discards the staging."""
    out = tmp_path / "out"
    before = earlier(out, 2)
    pairs = staged_kk(out, 2)

    def full(src, dst, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(publish, "_link_or_copy", full)
    with pytest.raises(OSError, match="No space left"):
        publish.publish(pairs, out)
    for s in pairs.values():
        publish.discard(s)
    assert {f"s{i}": snapshot(out / f"s{i}") for i in range(2)} == before
    assert hidden(out) == []


KILL_DRIVER = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from test_publish import staged_kk
from model import publish
out, n = Path(sys.argv[1]), int(sys.argv[2])
pairs = staged_kk(out, n)
real_exchange, real_rename = publish._exchange, os.rename
def slow_exchange(a, b):
    time.sleep(0.01)
    return real_exchange(a, b)
def slow_rename(a, b):
    time.sleep(0.01)
    real_rename(a, b)
publish._exchange = slow_exchange
publish.os.rename = slow_rename
print("staged", flush=True)
publish.publish(pairs, out)
print("published", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("exchange", [True, False], ids=["rename_exchange", "two_renames"])
def test_sigkill_at_random_points_of_publishing_is_all_or_nothing(tmp_path, exchange):
    """A publisher killed (SIGKILL) at random points: after the next start's recovery every folder is
    the earlier one byte for byte, or every folder is the new one (never a mixture), and nothing
    hidden is left. The journal makes a kill in the middle roll forward."""
    n = 5
    rng = random.Random(19)
    delays = [0.0, 0.002, 0.01, 0.02, 0.03, 0.045, 0.06, 0.08] + [rng.uniform(0, 0.12) for _ in range(8)]
    outcomes, journals = set(), 0
    driver = KILL_DRIVER if exchange else KILL_DRIVER.replace("return real_exchange(a, b)", "return False")
    for k, delay in enumerate(delays):
        out = tmp_path / f"out{k}"
        before = earlier(out, n)
        proc = subprocess.Popen([sys.executable, "-c", driver, str(out), str(n), str(Path(__file__).parent)],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == "staged"
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
        journals += any(name.startswith(".publish.") for name in hidden(out))
        publish.recover(out)
        now = {f"s{i}": snapshot(out / f"s{i}") for i in range(n)}
        if now == before:
            outcomes.add("old")
        else:
            assert now == {f"s{i}": new_state(i) for i in range(n)}, f"a mixture after a kill at {delay} s: {now}"
            outcomes.add("new")
        assert hidden(out) == [], f"left behind after recovery: {hidden(out)}"
    assert journals, "no kill landed in the middle of a publication: the test proved nothing about it"
    assert "new" in outcomes, outcomes


def test_recover_leaves_live_staging_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = publish.stage(out / "a")
    dead = subprocess.Popen(["true"])
    dead.wait()
    gone = out / f".a.staging.{dead.pid}.0a0b0c0d"
    gone.mkdir()
    (gone / "x").write_text("x")
    old = out / f".a.old.{dead.pid}.0a0b0c0d"
    old.mkdir()
    journal_tmp = out / f"..publish.{dead.pid}.54f52423.json.{dead.pid}.d743b1.tmp"  # killed writing its journal
    journal_tmp.write_text("[")
    live_tmp = out / f"..publish.{os.getpid()}.54f52423.json.{os.getpid()}.d743b1.tmp"
    live_tmp.write_text("[")
    removed = publish.recover(out)
    assert sorted(removed) == sorted([gone, old, journal_tmp]) and mine.is_dir() and live_tmp.is_file()


# --------------------------------------------------------------------------- folder identity

def test_folder_names_say_what_differs(tmp_path):
    d = runner.scenario_dir
    assert d(tmp_path, "akimat", runner.DRAWS).name == "akimat"
    assert d(tmp_path, "akimat", runner.DRAWS_FAST).name == "akimat+fast"
    assert d(tmp_path, "akimat", 5000).name == "akimat+draws5000"
    assert d(tmp_path, "akimat", runner.DRAWS, seed=7).name == "akimat+seed7"
    ov = {"tsa.exit_probability": 0.3}
    digest = rundir.overrides_digest(ov)
    assert len(digest) == 10 and d(tmp_path, "akimat", runner.DRAWS, ov).name == f"akimat+set-{digest}"
    assert d(tmp_path, "akimat", runner.DRAWS_FAST, ov).name == f"akimat+fast+set-{digest}"
    assert rundir.overrides_digest({"tsa.exit_probability": 0.31}) != digest
    assert rundir.overrides_digest({"b": 1, "a": 2}) == rundir.overrides_digest({"a": 2, "b": 1})
    # a legal scenario name never names another run's folder: '+' is not allowed in one
    assert d(tmp_path, "akimat-fast", runner.DRAWS).name != d(tmp_path, "akimat", runner.DRAWS_FAST).name


@pytest.mark.parametrize("name", ["akimat+fast", "akimat+set-0123456789", "akimat+failed"])
def test_names_of_run_folders_are_refused_as_scenarios(name, tmp_path):
    from model import DataError, load_scenario
    from model.editor import save_scenario

    with pytest.raises(DataError, match="plain file name"):
        load_scenario(name)
    with pytest.raises(DataError, match="plain file name"):
        save_scenario(name, {"kk": "a", "ru": "a", "en": "a"}, "akimat", {}, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []
