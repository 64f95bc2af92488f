"""Faults during ``python -m model run``: Ctrl-C, a killed run, a full disk, an unwritable output.

Whatever happens, an earlier run's good outputs are never deleted or cut short, results.json
lists only files that exist and open, and nothing keeps running after the run is gone.
"""
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from conftest import run_suite_captured
from model import atomic, publish, runner
from model.paths import ROOT

slow = pytest.mark.slow
# The runner in a process of its own (a session of its own: its process group gets the signals).
DRIVER = "import json, sys; from model import runner; sys.exit(runner.run_suite(**json.loads(sys.argv[1])))"


def start(kwargs: dict, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", DRIVER, json.dumps(kwargs)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def fast_dir(out: Path, scenario: str = "akimat") -> Path:
    return runner.scenario_dir(out, scenario, runner.DRAWS_FAST)


def processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (ppid, state, command line) of every process."""
    found = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_bytes()
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            fields = stat.rsplit(b")", 1)[1].split()
            found[int(d.name)] = (int(fields[1]), fields[0].decode(), cmd)
    return found


def descendants(pid: int) -> dict[int, str]:
    procs = processes()
    out, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for p, (ppid, _, cmd) in procs.items():
            if ppid == parent and p not in out:
                out[p] = cmd
                todo.append(p)
    return out


def opens(path: Path) -> bool:
    """A whole file of its kind: a notebook nbformat reads, a PDF from header to end-of-file marker."""
    if path.suffix == ".ipynb":
        try:
            nbformat.read(path, as_version=4)
            return True
        except Exception:
            return False
    if path.suffix == ".pdf":
        data = path.read_bytes()
        if not (data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]):
            return False
        if shutil.which("pdfinfo"):
            return subprocess.run(["pdfinfo", str(path)], capture_output=True).returncode == 0
        return True
    return path.is_file()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def listed_files_open(root: Path) -> None:
    results = json.loads((root / "results.json").read_text("utf-8"))
    assert results["files"], "results.json lists no files"
    bad = [f for f in results["files"] if not (root / f).exists() or not opens(root / f)]
    assert not bad, f"results.json lists files that are missing or do not open: {bad}"


def no_leftovers(root: Path) -> None:
    hidden = [p.name for p in root.rglob(".*")]
    assert not hidden, f"temporary files left behind: {hidden}"


# --------------------------------------------------------------------------- Ctrl-C

@slow
def test_ctrl_c_during_pdf_export_keeps_earlier_outputs(akimat_suite, tmp_path):
    """Issue 8.1: SIGINT to the process group of `python -m model run --scenario akimat --lang kk
    --fast` while a PDF is being exported (pandoc running) leaves every earlier file in place."""
    assert akimat_suite["rc"] == 0
    out = tmp_path / "out"
    shutil.copytree(akimat_suite["root"], fast_dir(out))
    before = snapshot(fast_dir(out))
    proc = subprocess.Popen([sys.executable, "-m", "model", "run", "--scenario", "akimat", "--lang", "kk", "--fast",
                             "--out", str(out)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Wait for a PDF export: pandoc, or a Typst build directory, under this run.
        hit, deadline = None, time.monotonic() + 240
        while hit is None and proc.poll() is None and time.monotonic() < deadline:
            tree = descendants(proc.pid)
            hit = next((cmd for cmd in tree.values() if "pandoc" in cmd and "--to=typst" in cmd), None)
            if hit is None:
                owners = {str(p) for p in tree}
                hit = next((d.name for d in Path(tempfile.gettempdir()).glob(f"{atomic.TYPST_PREFIX}*")
                            if d.name[len(atomic.TYPST_PREFIX):].split("-")[0] in owners), None)
            time.sleep(0.005)
        assert hit, "the run ended (or timed out) before any PDF export was seen"
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    after = snapshot(fast_dir(out))
    assert set(after) == set(before), f"files appeared or vanished: {set(before) ^ set(after)}"
    assert after["results.json"] == before["results.json"], "an interrupted run rewrote results.json"
    unchanged = [f for f in before if after[f] == before[f] and f.endswith(".pdf") and f.startswith("kk/")]
    assert unchanged, "every PDF was replaced: the interrupt came too late to test anything"
    for f in after:
        assert opens(fast_dir(out) / f), f"{f} does not open"
        if f.endswith(".pdf"):  # a notebook and its PDF are replaced together or not at all
            nb = f[:-4] + ".ipynb"
            assert (after[f] == before[f]) == (after[nb] == before[nb]), f"{f} and {nb} are from different runs"
    listed_files_open(fast_dir(out))
    no_leftovers(fast_dir(out))


@slow
def test_ctrl_c_stops_running_notebooks_and_changes_nothing(tmp_path, write_notebook):
    """The kernels run in sessions of their own, so the terminal's Ctrl-C does not reach them: the
    workers interrupt them. A notebook running when Ctrl-C comes keeps its earlier outputs."""
    nbs = tmp_path / "nbs"
    # a sends SIGINT to the runner's process group (its kernel's parent is a worker), then waits
    write_notebook(nbs / "a.ipynb", "import os, signal, time\nos.killpg(os.getpgid(os.getppid()), signal.SIGINT)\n"
                   "time.sleep(300)")
    write_notebook(nbs / "b.ipynb", "import time\ntime.sleep(300)")
    write_notebook(nbs / "c.ipynb", "x = 1")
    out = tmp_path / "out"
    root = fast_dir(out) / "kk"
    root.mkdir(parents=True)
    for stem in "abc":  # an earlier run's outputs
        write_notebook(root / f"{stem}.ipynb", f"earlier = {stem!r}")
    (fast_dir(out) / "results.json").write_text(json.dumps({"files": ["kk/a.ipynb", "kk/b.ipynb", "kk/c.ipynb"]}))
    before = snapshot(fast_dir(out))
    proc = start({"scenarios": ["akimat"], "langs": ["kk"], "out": str(out), "fast": True, "pdf": False,
                  "notebooks": [str(nbs / f"{s}.ipynb") for s in "abc"], "jobs": 2})
    try:
        stdout, stderr = proc.communicate(timeout=150)  # the kernels sleep 300 s unless interrupted
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert snapshot(fast_dir(out)) == before, "an interrupted run changed an earlier output"
    listed_files_open(fast_dir(out))


# --------------------------------------------------------------------------- a killed run

@slow
def test_sigkill_leaves_nothing_running_and_the_next_run_cleans_up(tmp_path, write_notebook, monkeypatch):
    """Issue 8.3: SIGKILL of the runner ends its workers, kernels and resource tracker within
    seconds; the next run removes the temporary files the killed one left."""
    nbs = tmp_path / "nbs"
    for stem in "ab":
        write_notebook(nbs / f"{stem}.ipynb", f"import os, time\nopen({str(tmp_path / stem)!r} + '.pid', 'w')"
                       ".write(str(os.getpid()))\ntime.sleep(300)")
    out = tmp_path / "out"
    proc = start({"scenarios": ["akimat"], "langs": ["kk"], "out": str(out), "fast": True, "pdf": False,
                  "notebooks": [str(nbs / "a.ipynb"), str(nbs / "b.ipynb")], "jobs": 2})
    try:
        deadline = time.monotonic() + 120
        while not all((tmp_path / f"{s}.pid").exists() for s in "ab"):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else "timeout"
            time.sleep(0.1)
        tree = descendants(proc.pid)
        kernels = {int((tmp_path / f"{s}.pid").read_text()) for s in "ab"}
        assert kernels <= set(tree), "the kernels are not the run's"
        assert any("resource_tracker" in cmd for cmd in tree.values())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15  # the workers look every 0.2 s; kernels are killed at once
        while time.monotonic() < deadline and any(atomic.pid_alive(p) for p in tree):
            time.sleep(0.1)
        alive = {p: cmd[:80] for p, cmd in tree.items() if atomic.pid_alive(p)}
        assert not alive, f"still running 15 s after the run was killed: {alive}"
    finally:
        for p in descendants(proc.pid):
            os.kill(p, signal.SIGKILL)
    left = sorted(p.name for p in out.glob(".*"))
    assert left, "the killed run left no staging folder: nothing to clean"
    # The next run's start removes them (run_jobs stopped by a Ctrl-C: nothing else happens).
    fake_tmp = tmp_path / "systmp"
    fake_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(fake_tmp))
    dead = (fake_tmp / f"{atomic.TYPST_PREFIX}{proc.pid}-x1")
    dead.mkdir()

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_jobs", interrupted)
    rc = run_suite_captured(scenarios=["akimat"], langs=["kk"], out=out, fast=True, pdf=False,
                            notebooks=[nbs / "a.ipynb", nbs / "b.ipynb"])["rc"]
    assert rc == 130
    assert not list(out.glob(".*")) and not dead.exists()
    assert not fast_dir(out).exists(), "a killed run published something"


def test_clean_stale_removes_only_what_dead_processes_left(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    d = tmp_path / "out"
    d.mkdir()
    stale = [d / f".x.ipynb.{dead.pid}.ab12cd.tmp.ipynb", d / f".x.pdf.{dead.pid}.0f0f0f.tmp"]
    mine = [d / f".y.pdf.{os.getpid()}.0f0f0f.tmp", d / ".hidden", d / "x.ipynb", d / f".z.{dead.pid}.tmp"]
    for p in stale + mine:
        p.write_text("x")
    typ = tmp_path / "tmp"
    (typ / f"{atomic.TYPST_PREFIX}{dead.pid}-abc").mkdir(parents=True)
    (typ / f"{atomic.TYPST_PREFIX}{os.getpid()}-abc").mkdir()
    old, new = typ / f"{atomic.TYPST_PREFIX}k2j3h4g5", typ / f"{atomic.TYPST_PREFIX}z9y8x7w6"  # no PID: by age
    old.mkdir()
    new.mkdir()
    os.utime(old, (time.time() - 2 * atomic.LEGACY_AGE,) * 2)
    (typ / "unrelated").mkdir()
    removed = atomic.clean_stale([d, tmp_path / "missing"], temp_dir=typ)
    assert sorted(removed) == sorted(stale + [typ / f"{atomic.TYPST_PREFIX}{dead.pid}-abc", old])
    assert all(p.exists() for p in mine)
    assert sorted(p.name for p in typ.iterdir()) == sorted(
        [f"{atomic.TYPST_PREFIX}{os.getpid()}-abc", new.name, "unrelated"])


def test_temp_names_say_their_owner(tmp_path):
    t = atomic.temp_path(tmp_path / "brief.ipynb", ".ipynb")
    assert t.parent == tmp_path and t.name.startswith(".brief.ipynb.") and t.suffix == ".ipynb"
    assert atomic._TEMP.match(t.name)["pid"] == str(os.getpid())
    assert atomic.temp_path(tmp_path / "a") != atomic.temp_path(tmp_path / "a")


# --------------------------------------------------------------------------- results.json cannot be written

def test_results_json_mode_is_like_every_other_output(tmp_path):
    """Issue 8.12: results.json was 0600 (mkstemp); outputs are 0666 less the umask."""
    umask = os.umask(0o022)
    try:
        atomic.write_atomic(tmp_path / "results.json", b"{}\n")
        (tmp_path / "other.pdf").write_bytes(b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "results.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "results.json").stat().st_mode == (tmp_path / "other.pdf").stat().st_mode


def test_write_atomic_on_a_full_disk_keeps_the_earlier_file(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    target.write_bytes(b"EARLIER")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.f.close()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    with pytest.raises(OSError, match="No space left"):
        atomic.write_atomic(target, b"NEW CONTENT")
    monkeypatch.undo()
    assert target.read_bytes() == b"EARLIER"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


@pytest.mark.parametrize("where", ["file", "under_file"])
def test_out_that_is_a_file_is_one_line_before_anything_runs(tmp_path, where):
    """Issue 8.2: `--out /etc/passwd` (a file) gave a NotADirectoryError traceback after running."""
    f = tmp_path / "passwd"
    f.write_text("root:x:0:0\n")
    out = f if where == "file" else f / "sub"
    r = subprocess.run([sys.executable, "-m", "model", "run", "--scenario", "akimat", "--lang", "kk", "--fast",
                        "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --out") and str(f) in lines[0] and "is a file" in lines[0]
    assert f.read_text() == "root:x:0:0\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_out_is_one_line_before_anything_runs(tmp_path):
    out = tmp_path / "ro"
    out.mkdir(mode=0o555)
    r = subprocess.run([sys.executable, "-m", "model", "run", "--lang", "kk", "--fast", "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "read-only" in r.stderr, r.stderr


@slow
def test_results_json_unwritable_is_one_line_each(tmp_path, write_notebook, monkeypatch):
    """Issue 8.2: a full disk (ENOSPC) or a read-only directory (EACCES) for results.json: the run
    still prints its per-notebook errors, one line per results.json, a summary, no traceback, and
    publishes nothing: the earlier folders stay byte for byte."""
    nbs = tmp_path / "nbs"
    write_notebook(nbs / "good.ipynb", "x = 1")
    write_notebook(nbs / "bad.ipynb", "raise ValueError('boom')")
    out = tmp_path / "out"
    scenarios = ["akimat", "delayed"]
    for s in scenarios:  # an earlier, good run
        write_notebook(fast_dir(out, s) / "kk" / "bad.ipynb", "earlier = 1")
        (fast_dir(out, s) / "results.json").write_text(json.dumps({"files": ["kk/bad.ipynb"]}))
    before = {s: snapshot(fast_dir(out, s)) for s in scenarios}
    fail = {"akimat": errno.ENOSPC, "delayed": errno.EACCES}
    real = runner.write_atomic

    def write(path, data):
        path = Path(path)
        if path.name == "results.json":  # in the staging folder .<scenario>+fast.staging.<pid>.<hex>
            code = fail[path.parent.name[1:].split("+")[0]]
            raise OSError(code, os.strerror(code), str(path))
        real(path, data)

    monkeypatch.setattr(runner, "write_atomic", write)
    run = run_suite_captured(scenarios=scenarios, langs=["kk"], out=out, fast=True, pdf=False, notebooks=nbs, jobs=2)
    err = run["stderr"]
    assert run["rc"] == 1 and "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert sum("bad.ipynb" in ln and "ValueError: boom" in ln for ln in lines) == 2, err
    cannot = [ln for ln in lines if "results.json" in ln]
    assert len(cannot) == 2, err
    assert any("akimat+fast/results.json" in ln and "No space left on device" in ln for ln in cannot), cannot
    assert any("delayed+fast/results.json" in ln and "Permission denied" in ln for ln in cannot), cannot
    assert err.count("nothing published") == 2
    for s in scenarios:
        assert snapshot(fast_dir(out, s)) == before[s]
        listed_files_open(fast_dir(out, s))
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "staging left behind"


@slow
def test_failed_notebook_on_a_full_disk_is_not_kept_cut_short(tmp_path, write_notebook, monkeypatch):
    """Issue 8.2: on a full disk `.failed.ipynb` files were empty or truncated. papermill rewrites
    its output after each cell; here every rewrite after the first stops half-way with ENOSPC."""
    import papermill.iorw

    nb = write_notebook(tmp_path / "nbs" / "x.ipynb", "y = 1", "raise ValueError('boom')")
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.failed.ipynb").write_text("EARLIER")  # an earlier run's failure: stays as it was
    calls = []

    def full_disk(self, buf, path):
        calls.append(path)
        with open(path, "w") as f:
            if len(calls) == 1:
                f.write(buf)
                return
            f.write(buf[: len(buf) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(papermill.iorw.LocalHandler, "write", full_disk)
    names, cell = runner.declared_parameters(nb)
    params = {"scenario": "akimat", "lang": "kk", "overrides": {}, "seed": 1, "draws": 10}
    job = runner.Job(str(nb), "x", "akimat", "kk", params, str(out), cell)
    r = runner.run_job(job)
    assert not r.ok and "No space left on device" in r.error and r.kept == ""
    assert len(calls) > 1
    assert sorted(p.name for p in out.iterdir()) == ["x.failed.ipynb"], "a temporary file was left"
    assert (out / "x.failed.ipynb").read_text() == "EARLIER"


# --------------------------------------------------------------------------- all or nothing (issue 19)

def earlier_outputs(out: Path, write_notebook, stems="ab", langs=("kk", "ru")) -> dict[str, bytes]:
    """An earlier, complete run's folder (akimat, --fast): notebooks and a results.json listing them."""
    root = fast_dir(out)
    for lang in langs:
        for stem in stems:
            write_notebook(root / lang / f"{stem}.ipynb", f"earlier = {stem!r}")
    files = [f"{lang}/{stem}.ipynb" for lang in langs for stem in stems]
    (root / "results.json").write_text(json.dumps({"files": files}))
    return snapshot(root)


def old_or_whole_new(out: Path, before: dict[str, bytes], stems="ab", langs=("kk", "ru")) -> str:
    """The folder is the earlier one byte for byte ("old"), or this run's, complete ("new"); nothing
    hidden (staging, journals, temporary files) is left in the output root."""
    root = fast_dir(out)
    assert not [p.name for p in out.rglob(".*")], f"left behind: {[p.name for p in out.rglob('.*')]}"
    now = snapshot(root)
    if now == before:
        return "old"
    results = json.loads(now["results.json"])
    expected = sorted(f"{lang}/{stem}.ipynb" for lang in langs for stem in stems)
    assert sorted(results["files"]) == expected and results["failed"] == [], results
    # computed.npz is published with the run when it could be written (else each notebook computed its own)
    assert sorted(set(now) - {"computed.npz"}) == sorted(expected + ["results.json"]), sorted(now)
    for f in expected:
        assert now[f] != before[f], f"{f} is the earlier run's beside the new results.json: a mixture"
        assert opens(root / f)
    return "new"


def ticking(write_notebook, nbs: Path, stems="ab") -> list[str]:
    """Notebooks whose outputs differ at every run, taking a second or two each."""
    for stem in stems:
        write_notebook(nbs / f"{stem}.ipynb", "import time\ntime.sleep(1.5)\nprint(time.time_ns())")
    return [str(nbs / f"{s}.ipynb") for s in stems]


def two_notebooks_stopped(tmp_path, write_notebook, first: str) -> tuple[subprocess.Popen, str, dict]:
    """Notebooks a (``first``'s code) and b (``x = 1``) for akimat in kk and ru on 2 workers, over an
    earlier complete run's folder: (the finished process, its stderr, the earlier folder's bytes).
    The run must end by itself within 150 s: a stopped run that hangs fails here."""
    nbs = tmp_path / "nbs"
    write_notebook(nbs / "a.ipynb", first)
    write_notebook(nbs / "b.ipynb", "x = 1")
    out = tmp_path / "out"
    before = earlier_outputs(out, write_notebook)
    proc = start({"scenarios": ["akimat"], "langs": ["kk", "ru"], "out": str(out), "fast": True, "pdf": False,
                  "notebooks": [str(nbs / "a.ipynb"), str(nbs / "b.ipynb")], "jobs": 2})
    try:
        _, stderr = proc.communicate(timeout=150)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc, stderr, before


@slow
def test_sigterm_to_the_process_group_changes_nothing(tmp_path, write_notebook):
    """SIGTERM (what `timeout`, systemd or a container stop send, to the whole group) is handled
    like Ctrl-C: exit 143, one line, the earlier outputs byte for byte, no staging left."""
    nbs, out = tmp_path / "nbs", tmp_path / "out"
    proc, stderr, before = two_notebooks_stopped(
        tmp_path, write_notebook, "import os, signal, time\nos.killpg(os.getpgid(os.getppid()), signal.SIGTERM)\n"
                                  "time.sleep(300)")
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr and "interrupted (SIGTERM): nothing was published" in stderr
    assert old_or_whole_new(out, before) == "old"


@slow
def test_a_stopped_run_ends_when_a_kernel_ignores_the_interrupt(tmp_path, write_notebook):
    """A cell that ignores Ctrl-C (or a kernel that got it outside the cell's code and sends no
    reply) does not keep a stopped run waiting for ever: its kernel is killed KILL_AFTER seconds
    after the SIGINT. The run it hung before: each round's SIGINT again could land while the kernel
    reported the first one, and ipykernel then sends no reply (CI saw the SIGTERM test above hang)."""
    nbs, out = tmp_path / "nbs", tmp_path / "out"
    proc, stderr, before = two_notebooks_stopped(
        tmp_path, write_notebook, "import os, signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                  "os.killpg(os.getpgid(os.getppid()), signal.SIGTERM)\ntime.sleep(300)")
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr and "interrupted (SIGTERM): nothing was published" in stderr
    assert old_or_whole_new(out, before) == "old"
    assert not kernels_in(nbs), "a kernel of the stopped run is still running"


@slow
def test_a_kernel_that_dies_in_a_cell_fails_its_notebook(tmp_path, write_notebook):
    """A kernel killed in a cell (for memory, a crash in C) fails its notebook in seconds, named in
    the error, and nothing is published. With a blocking kernel client nbclient waited for its output
    for ever: the run never ended."""
    nbs, out = tmp_path / "nbs", tmp_path / "out"
    proc, stderr, before = two_notebooks_stopped(tmp_path, write_notebook,
                                                 "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    assert proc.returncode == 1, stderr
    for lang in ("kk", "ru"):
        assert f"a.ipynb (scenario akimat, lang {lang}): DeadKernelError" in stderr, stderr
    assert "b.ipynb (scenario" not in stderr and "Traceback" not in stderr
    assert old_or_whole_new(out, before) == "old"
    assert not kernels_in(nbs)


def kernels_in(cwd: Path) -> list[int]:
    """The ipykernel processes running in a directory (kernels start in their notebook's)."""
    found = []
    for pid, (_, state, cmd) in processes().items():
        try:
            here = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if "ipykernel" in cmd and state != "Z" and here == str(cwd):
            found.append(pid)
    return found


@slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_signal_at_random_points_is_all_or_nothing(tmp_path, write_notebook, sig):
    """A signal to the run's process group at random points of a run (start-up, kernels, writing,
    publishing, done): afterwards (for SIGKILL: once the next start has recovered) the folder is
    the earlier one byte for byte or this run's complete outputs, never a mixture, and nothing
    hidden is left."""
    nbs = tmp_path / "nbs"
    notebooks = ticking(write_notebook, nbs)
    rng = random.Random(1900 + int(sig))
    seen = []
    for k, delay in enumerate([rng.uniform(1.0, 14.0) for _ in range(3)]):
        out = tmp_path / f"out{k}"
        before = earlier_outputs(out, write_notebook)
        proc = start({"scenarios": ["akimat"], "langs": ["kk", "ru"], "out": str(out), "fast": True, "pdf": False,
                      "notebooks": notebooks, "jobs": 2})
        try:
            time.sleep(delay)
            tree = descendants(proc.pid)
            if proc.poll() is None:  # SIGKILL to the runner alone: its workers must notice (they would die with a group)
                os.kill(proc.pid, sig) if sig == signal.SIGKILL else os.killpg(proc.pid, sig)
            stdout, stderr = proc.communicate(timeout=150)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        if sig == signal.SIGKILL:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and any(atomic.pid_alive(p) for p in tree):
                time.sleep(0.1)
            assert not [p for p in tree if atomic.pid_alive(p)], "a killed run left processes running"
            publish.recover(out)  # what the next run does first
        else:
            assert "Traceback" not in stderr, stderr
            assert proc.returncode in (0, 130 if sig == signal.SIGINT else 143), stderr
        state = old_or_whole_new(out, before)
        if sig != signal.SIGKILL:
            said_published = proc.returncode == 0 or "after the outputs were published" in stderr
            assert (state == "new") == said_published, f"the message does not say what is true: {stderr}"
        seen.append((round(delay, 1), proc.returncode, state))
    print(seen)


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@slow
def test_full_disk_on_a_small_file_system_publishes_nothing(tmp_path, write_notebook):
    """A real full disk: the output root on a 3 MB tmpfs (needs root and mount; skipped elsewhere:
    test_full_disk_while_carrying_over_changes_nothing and test_write_atomic_on_a_full_disk inject
    ENOSPC without it). The notebooks' outputs (2 MB each) cannot all be written: exit 1, one
    line per notebook naming the reason, the earlier outputs byte for byte, the staging removed,
    so the space is free again and the next run succeeds."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "3m"):
        pytest.skip("cannot mount a tmpfs here (not root, or no mount permission)")
    try:
        out = disk / "out"
        before = earlier_outputs(out, write_notebook)
        nbs = tmp_path / "nbs"
        for stem in "ab":
            write_notebook(nbs / f"{stem}.ipynb", "print('x' * 2_000_000)")
        run = run_suite_captured(scenarios=["akimat"], langs=["kk", "ru"], out=out, fast=True, pdf=False,
                                 notebooks=nbs, jobs=2)
        err = run["stderr"]
        assert run["rc"] == 1 and "Traceback" not in err, err
        lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
        assert lines and all("No space left on device" in ln for ln in lines), err
        assert "nothing published" in err and run["stdout"] == ""
        assert snapshot(fast_dir(out)) == before
        assert not [p.name for p in out.rglob(".*")], "staging left on a full disk"
        for stem in "ab":
            write_notebook(nbs / f"{stem}.ipynb", "x = 1")
        run = run_suite_captured(scenarios=["akimat"], langs=["kk", "ru"], out=out, fast=True, pdf=False,
                                 notebooks=nbs, jobs=2)
        assert run["rc"] == 0, run["stderr"]
        assert old_or_whole_new(out, before) == "new"
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def _dispositions():
    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def test_workers_start_deaf_to_a_ctrl_c_until_they_take_it_over():
    """spawn resets a blocked signal mask but keeps an ignored disposition: started inside
    _spawning_deaf, a worker's interpreter comes up with SIGINT ignored (Python installs no
    KeyboardInterrupt handler over SIG_IGN), so a Ctrl-C while it imports prints no traceback
    (CI saw one in test_signal_at_random_points_is_all_or_nothing). This process gets its handlers back."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    before = _dispositions()
    with runner._spawning_deaf():
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        fut = pool.submit(_dispositions)
    try:
        assert fut.result(timeout=120) == (signal.SIG_IGN, signal.SIG_IGN)
    finally:
        pool.shutdown()
    assert _dispositions() == before
