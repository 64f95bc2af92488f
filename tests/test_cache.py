"""The one cache (model/cache.py): a live process sees an edited data file, a damaged or foreign
cache file is ignored and rebuilt, never trusted and never fatal."""
import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from model import cache
from model.paths import ROOT


@pytest.fixture
def repo_copy(tmp_path):
    """model/ and data/ copied: a process started there reads and caches its own data."""
    for d in ("model", "data"):
        shutil.copytree(ROOT / d, tmp_path / d, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def run_in(root, code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=root, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_live_process_sees_an_edited_data_file(repo_copy):
    """As a JupyterLab kernel would: project, edit two data files, project again in the same
    process, and load a scenario for the first time after the edit: every figure is the new one."""
    got = run_in(repo_copy, """
        import json, os, pathlib, sys
        sys.path.insert(0, os.getcwd())
        import model
        assert model.__file__.startswith(os.getcwd()), model.__file__
        def fig(name):
            s = model.project(model.load_scenario(name)).summary
            return [s["jobs_direct_net"], s["jobs_direct"], s["tsa_families_out"]]
        before = fig("pilot_evidence")
        data = pathlib.Path("data")
        p = data / "programmes" / "zhambyl_2019" / "programme.yaml"
        text = p.read_text("utf-8")
        head, tail = text.split("  deadweight:", 1)
        p.write_text(head + "  deadweight:" + tail.replace("value: 0.2", "value: 0.3", 1), "utf-8")
        t = data / "regions" / "zhambyl" / "tsa.yaml"  # a TSA input the microsimulation reads: large families' chance of a place
        text = t.read_text("utf-8")
        head, tail = text.split("  large_family_priority:", 1)
        value = tail.split("value:", 1)[1].split("\\n", 1)[0].strip()
        t.write_text(head + "  large_family_priority:" + tail.replace(f"value: {value}", f"value: {float(value) * 1.5}", 1), "utf-8")
        after = fig("pilot_evidence")
        first_after = fig("as_delivered")[:2]  # never loaded before the edit
        print(json.dumps({"before": before, "after": after, "first_after": first_after,
                          "deadweight": model.load_scenario("as_delivered").value("net_effect.deadweight")}))
    """)
    b, a = got["before"], got["after"]
    assert a[1] == pytest.approx(b[1])  # gross jobs do not depend on the deadweight
    assert a[0] == pytest.approx(b[1] * 0.7 * 0.85) and b[0] == pytest.approx(b[1] * 0.8 * 0.85)
    assert a[2] != pytest.approx(b[2], rel=1e-3)  # the TSA inputs were read again
    assert got["deadweight"] == 0.3


def test_a_damaged_or_foreign_cache_file_is_rebuilt_and_never_fatal(tmp_path, monkeypatch):
    from model.microsim.population import population

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    population.cache_clear()
    first = population(5, 2000)
    (path,) = (tmp_path / "cache").glob("population-zhambyl-5-2000-*.npz")
    intact = path.read_bytes()
    for damage in (b"", b"garbage", intact[: len(intact) // 2],  # empty, foreign, truncated
                   intact[:-10] + b"0123456789",  # tampered with, the header kept
                   b"PK\x03\x04" + intact[4:]):  # what an older version wrote (a bare .npz)
        path.write_bytes(damage)
        population.cache_clear()
        again = population(5, 2000)
        assert (again.weight == first.weight).all() and again.seed == first.seed
        assert path.read_bytes() == intact  # rebuilt, the same bytes
    population.cache_clear()


def test_fetch_returns_only_what_store_wrote(tmp_path):
    p = tmp_path / "c" / "x.json"
    cache.store(p, b'{"a": 1}', stale="x")
    assert cache.fetch(p) == b'{"a": 1}'
    p.write_bytes(p.read_bytes().replace(b"1}", b"2}"))
    assert cache.fetch(p) is None and not p.exists()  # tampered: removed, computed again
    assert cache.fetch(tmp_path / "missing") is None
    (tmp_path / "ro").mkdir()
    cache.store(tmp_path / "ro" / "f" / "deeper", b"x")  # any OSError is only a miss next time


def test_memo_keeps_its_size_most_recent_and_one_entry_per_pack():
    from model import paths

    calls = []

    @cache.memo(size=3)
    def square(x):
        calls.append(x)
        return x * x

    for x in (1, 2, 3, 1, 2, 3):  # three kept: computed once each
        square(x)
    assert calls == [1, 2, 3]
    square(4)  # the least recently used (1) goes
    square(1)
    assert calls == [1, 2, 3, 4, 1]
    with paths.using(paths.Pack("another", "elsewhere")):  # another pack in force: its own result
        square(1)
    assert calls == [1, 2, 3, 4, 1, 1]


def test_memo_forgets_when_a_data_file_changes(tmp_path):
    calls = []

    @cache.memo
    def read(path):
        calls.append(path)
        return path.read_text()

    f = tmp_path / "f.txt"
    f.write_text("one")
    assert read(f) == "one" and read(f) == "one" and len(calls) == 1
    f.write_text("three")  # another size: a new stamp even within one clock tick
    assert read(f) == "three" and len(calls) == 2


def test_with_the_disk_cache_off_every_command_still_answers(tmp_path):
    """ZHAMBYL_CACHE_DIR at a path that cannot be a folder: nothing is stored, nothing fetched."""
    import os

    env = {**os.environ, "ZHAMBYL_CACHE_DIR": str(tmp_path / "a-file" / "cache")}
    (tmp_path / "a-file").write_text("not a folder")
    out = subprocess.run([sys.executable, "-m", "model", "project", "--scenario", "pilot_evidence", "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-1000:]
    assert json.loads(out.stdout)["summary"]["jobs_direct"] > 0
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_garbage_in_every_disk_cache_file_is_rebuilt_by_the_command(tmp_path):
    """The issue's case from the outside: every kind of cache file the CLI writes (parsed YAML, the
    calibration, the synthetic population) is overwritten with garbage; the next command answers
    the same and writes each file again as an intact cache file, not the garbage (the calibration's
    last digits may differ from run to run, so intact, not byte-equal, is what is asked)."""
    import os

    env = {**os.environ, "ZHAMBYL_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "model", "microsim", "--scenario", "akimat"]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    files = sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())
    kinds = {p.name.split("-")[0] for p in files if p.parent.name == "cache"} | {p.parent.name for p in files}
    assert {"calibration", "population", "yaml"} <= kinds, kinds  # every disk cache took part
    for p in files:
        p.write_bytes(b"garbage, not a cache file\n")
    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    for p in files:
        assert cache.fetch(p) is not None, p.name  # rebuilt, not left as garbage
