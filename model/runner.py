"""Run the notebook suite: every ``notebooks/*.ipynb`` per scenario and language, with PDFs.

``python -m model run --scenario akimat --lang kk,ru,en`` calls :func:`run_suite`, which

1. validates everything before anything runs: languages (kk, ru, en), scenario names and
   ``--set`` overrides (``model.load_scenario`` raises :class:`model.DataError`), that every
   parameter passed (scenario, lang, overrides, seed, draws) is declared in each notebook's
   ``parameters`` cell, and, with PDFs, that every PDF text exists in the locale files
   (``<stem>.title`` and the ``common.*`` labels);
2. executes each notebook with papermill (kernel ``python3``, working directory = the notebook's
   directory) in parallel worker processes (default: one per core), with a tqdm bar on stderr.
   Each worker keeps one kernel and resets it between notebooks (namespace, figures, history
   and In [n] numbering; ``IPython``'s ``reset(new_session=True)``): imports and the scenario
   calibrations (~0.9 s each, cached in-process by ``model.load_scenario``) then happen once
   per worker instead of once per notebook, which halves the suite's wall time. The executed
   notebooks are identical to fresh-kernel runs (tests/test_runner.py compares them);
   ``reuse_kernels=False`` starts a new kernel per notebook;
3. writes ``<out>/<scenario>/<lang>/<stem>.ipynb`` and, unless ``pdf=False``, ``<stem>.pdf``
   beside it (so the brief is ``<out>/<scenario>/<lang>/brief.pdf``), then
   ``<out>/<scenario>/results.json`` once per scenario: the projection's key figures
   (``model.project(...).as_dict()``), the overrides, the run settings and the files this run
   produced (and the failed ones). A run with fewer than DRAWS draws (``--fast``) writes to
   ``<out>/<scenario>-fast/`` instead (:func:`scenario_dir`): it never replaces a full run's outputs;
4. prints, on stdout, the PDFs produced (briefs first; with ``pdf=False`` the executed
   notebooks), one per line; on stderr one message per failure (notebook, scenario/lang, cell
   number and first line, exception type and message; a results.json that cannot be written:
   its path and why), then a summary (counts, time, draws, where results.json and the
   notebooks are). Returns 0, or 1 if anything failed (also when only a PDF export failed);
   the other jobs still run. An output directory that is a file or read-only is a
   :class:`model.DataError` before anything runs.

Files appear at their final path only when complete (``model.atomic``): each is written to a
hidden temporary name owned by the worker's PID in the same directory and moved with
``os.replace``, the notebook and its PDF together after both are done. A job never removes an
earlier output. When a notebook fails, its earlier ``<stem>.ipynb``/``<stem>.pdf`` are removed by
the parent only after the new results.json (which no longer lists them) is written, so the
directory never mixes old and new results and results.json never lists a missing file; the
executed notebook, with the error in it, is kept as ``<stem>.failed.ipynb`` (only if it is a whole
notebook: on a full disk papermill's copy is cut short) and removed by the next successful run.

Ctrl-C (SIGINT to the process group) drops the queued notebooks and interrupts the running
kernels (they run in sessions of their own; the workers' watcher threads signal them, and
pandoc runs in its own session too); a job not complete by then changes nothing, results.json
is not rewritten, and the run returns 130: every file is the earlier run's or a complete new
one. If the runner is killed (SIGKILL), each worker sees its parent gone within 0.2 s, kills its
kernel and exits (the resource tracker then ends too); the temporary files and Typst build
directories a killed run leaves are removed at the start of the next run. Kernel output
(warnings on the kernels' stderr) is captured in the workers, not shown; papermill's own log
is silenced.

results.json is deterministic: keys sorted, floats rounded to 12 significant digits (their
shortest repr), no timestamps. Same inputs and seed -> the same bytes.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import multiprocessing
import os
import re
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

# nbformat imports jsonschema, which imports its optional IRI format checker, rfc3987_syntax, and
# that compiles a Lark grammar on import: 1.5 s of CPU in the runner and again in every worker,
# for a format no notebook has. Marked absent, jsonschema skips that one checker.
sys.modules.setdefault("rfc3987_syntax", None)

from . import results_file
from .atomic import clean_stale, temp_path, write_atomic
from .errors import DataError
from .paths import BUILD, NOTEBOOKS, rel
from .schema import LANGS

SEED = 2019
DRAWS = 1000
DRAWS_FAST = 100
KERNEL = "python3"
BRIEF = "brief"
LABEL_KEYS = ("figure", "table", "page", "language")
OVERRIDES_KEY = "common.overrides"  # optional locale text introducing the overrides line of a PDF subtitle
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Job:
    """One notebook for one scenario and language (picklable: it crosses into a worker)."""
    notebook: str  # input .ipynb
    stem: str
    scenario: str
    lang: str
    parameters: dict
    out_dir: str  # <out>/<scenario>/<lang>
    param_cell: int  # index of the parameters cell in the input notebook
    pdf_meta: dict | None = None  # notebook_to_pdf keywords, None: no PDF
    reuse_kernel: bool = False  # run in the worker's kept kernel (namespace reset) instead of a new one

    @property
    def name(self) -> str:
        return f"{self.scenario}/{self.lang}/{self.stem}"


@dataclass
class Result:
    job: Job
    ok: bool
    files: list[str] = field(default_factory=list)  # final paths written
    error: str = ""  # one-line description of the failure
    kept: str = ""  # the failed executed notebook, if kept
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False  # stopped by Ctrl-C: it changed no output


# --------------------------------------------------------------------------- validation

def _unique(items) -> list[str]:
    out = []
    for x in items:
        x = str(x).strip()
        if x not in out:
            out.append(x)
    return out


def find_notebooks(notebooks: Path | str | list | tuple | None = None) -> list[Path]:
    """The notebooks to run: a directory's ``*.ipynb`` (sorted), or an explicit list of files."""
    src = NOTEBOOKS if notebooks is None else notebooks
    if isinstance(src, (str, Path)) and Path(src).is_dir():
        found = sorted(p for p in Path(src).glob("*.ipynb") if not p.name.startswith("."))
        if not found:
            raise DataError(rel(Path(src)), "notebooks", [], "at least one notebook (*.ipynb) to run")
        return found
    files = [Path(src)] if isinstance(src, (str, Path)) else [Path(p) for p in src]
    if not files:
        raise DataError("notebooks", "notebooks", [], "at least one notebook (*.ipynb) to run")
    for p in files:
        if p.suffix != ".ipynb" or not p.is_file():
            raise DataError(rel(p), "notebook", str(p), "an existing .ipynb file or a directory of them")
    stems = [p.stem for p in files]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise DataError("notebooks", "notebook", twice[0], "one notebook per name (outputs are named by stem)")
    return files


def declared_parameters(notebook: Path) -> tuple[dict, int]:
    """Names declared in the notebook's ``parameters`` cell (papermill's inspection) and its index."""
    import nbformat
    import papermill

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as e:  # e.g. half-written JSON
        raise DataError(rel(notebook), "notebook", None, f"a readable notebook ({type(e).__name__}: {_one_line(e, 200)})") from None
    index = next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), -1)
    # jupytext writes no kernelspec; papermill needs one to pick the translator.
    nb.metadata.setdefault("kernelspec", {"name": KERNEL, "language": "python", "display_name": "Python 3"})
    nb.metadata["kernelspec"].setdefault("language", "python")
    return papermill.inspect_notebook(nb), index


def check_parameters(notebook: Path, passed: dict, declared: dict) -> None:
    for key, value in passed.items():
        if key not in declared:
            names = ", ".join(declared) if declared else "none: the notebook has no cell tagged 'parameters'"
            raise DataError(rel(notebook), key, value,
                            f"a parameter declared in the notebook's parameters cell (declared: {names})")


def _text(key: str, lang: str, what: str) -> str:
    from .report import i18n

    try:
        return i18n.t(key, lang)
    except KeyError:
        file = f"model/report/locales/{lang}/{key.split('.')[0]}.yaml"
        raise DataError(file, key, None, f"a text: {what}") from None
    except ValueError as e:  # a broken locale directory (e.g. a key defined twice)
        raise DataError(f"model/report/locales/{lang}", key, None, f"readable locale files ({e})") from None


def _format_value(value, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    s = repr(value)
    return s.replace(".", ",") if lang in ("kk", "ru") else s


def pdf_meta(stem: str, scenario: str, lang: str, overrides: dict, titles: dict, date: str) -> dict:
    """Keywords of ``notebook_to_pdf`` for one notebook: every text must exist in the locales."""
    from .report import i18n

    subtitle = titles[scenario][lang]
    if overrides:
        listed = "; ".join(f"{k} = {_format_value(v, lang)}" for k, v in sorted(overrides.items()))
        lead = i18n.texts(lang).get(OVERRIDES_KEY)
        subtitle += "\n" + (f"{lead}: {listed}" if lead else listed)
    return {
        "title": _text(f"{stem}.title", lang, f"the PDF title of notebook {stem}"),
        "subtitle": subtitle,
        "date": date,
        "lang": lang,
        "labels": {k: _text(f"common.{k}", lang, "a label of the PDF template") for k in LABEL_KEYS},
    }


def today() -> str:
    """ISO date for the PDF cover; SOURCE_DATE_EPOCH (reproducible builds) wins when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


# --------------------------------------------------------------------------- results.json

def _clean(x):
    """JSON-ready with a fixed float repr: 12 significant digits, NaN/inf -> null."""
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):  # numpy scalar
        x = x.item()
    if isinstance(x, bool) or x is None or isinstance(x, (int, str)):
        return x
    if isinstance(x, float):
        return float(f"{x:.12g}") if math.isfinite(x) else None
    raise TypeError(f"results.json: cannot store {type(x).__name__} {x!r}")


def dump_json(d: dict) -> bytes:
    return (json.dumps(_clean(d), ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n").encode()


def scenario_results(projection, overrides: dict, *, seed: int, draws: int, langs: list[str],
                     notebooks: list[str], files: list[str], failed: list[str]) -> dict:
    d = projection.as_dict()
    d["overrides"] = dict(sorted(overrides.items()))
    d["run"] = {"seed": seed, "draws": draws, "langs": list(langs), "notebooks": list(notebooks)}
    d["files"] = sorted(files)
    d["failed"] = sorted(failed)
    return d


# --------------------------------------------------------------------------- worker side

_LOG = None  # the worker's captured stdout/stderr (kernel chatter goes here, not to the terminal)
_CANCEL = None  # set by the parent on Ctrl-C: queued jobs return at once, running kernels are interrupted
_RUNNING = None  # the KernelManager executing the current job, if any
_KERNEL = None  # (cwd, KernelManager): the worker's kept kernel when jobs reuse kernels
WATCH_SECONDS = 0.2  # how often a worker checks on its parent and the cancel event


def init_worker(cancel=None, parent: int | None = None) -> None:
    """Pool initializer: ignore Ctrl-C, watch the parent, silence papermill, capture fds 1 and 2.

    Ctrl-C is the parent's to handle: it sets ``cancel`` and waits; the watcher thread then
    interrupts the running kernel (kernels run in sessions of their own, so the terminal's
    Ctrl-C does not reach them), the job ends as "interrupted" and changes no output. If the
    parent dies (SIGKILL, a crash) the watcher kills the kernels and ends the worker at once,
    so nothing keeps running and writing after the run is gone. The kernels inherit the
    worker's stdout/stderr; without the capture their start-up warnings would land between
    the progress bar and the list of PDFs.
    """
    import logging
    import signal
    import threading

    global _LOG, _CANCEL
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CANCEL = cancel
    parent = parent or os.getppid()
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    _LOG = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(_LOG.fileno(), 1)
    os.dup2(_LOG.fileno(), 2)


def _kernel_pid(km) -> int | None:
    process = getattr(getattr(km, "provisioner", None), "process", None)
    return getattr(process, "pid", None)


def _signal_kernel(km, sig) -> None:
    """Signal a kernel's process group (it leads a session of its own: jupyter_client's launcher)."""
    pid = _kernel_pid(km) if km is not None else None
    if pid:
        try:
            os.killpg(pid, sig)
        except OSError:
            pass


def _watch(parent: int) -> None:
    import signal

    while True:
        if os.getppid() != parent:  # re-parented: the run is gone
            _signal_kernel(_RUNNING, signal.SIGKILL)
            _signal_kernel(_KERNEL and _KERNEL[1], signal.SIGKILL)
            os._exit(1)
        if _CANCEL is not None and _CANCEL.is_set():
            _signal_kernel(_RUNNING, signal.SIGINT)  # again each round: a kernel between cells ignores it
        time.sleep(WATCH_SECONDS)


def _interrupted() -> bool:
    return _CANCEL is not None and _CANCEL.is_set()


# Between notebooks in a kept kernel: close figures, back to the notebook directory, empty the
# namespace, restart numbering at In [1]
# (InteractiveShell.reset(new_session=True): namespace, history session, In [n] numbering.)
_RESET = "import matplotlib.pyplot as _plt, os as _os\n_plt.close('all')\n_os.chdir({cwd!r})\nget_ipython().reset(new_session=True)"


def _shutdown_kept() -> None:
    if _KERNEL is not None:
        _KERNEL[1].shutdown_kernel(now=True)


def new_kernel(cwd: str):
    """A started kernel in ``cwd``, the same as papermill would start (kernel ``python3``)."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel(cwd=cwd)
    return km


def shared_kernel(cwd: str):
    """The worker's kept kernel, reset; a new one if none, dead, or in another directory.

    Modules stay imported and in-process caches (the calibrated scenarios) stay warm: that is
    the point, and the price: a notebook could see state a fresh kernel would not have
    (matplotlib rcParams, module-level caches). The notebooks must not depend on such state;
    the test comparing kept-kernel and fresh-kernel outputs guards that.
    """
    global _KERNEL
    from multiprocessing import util

    if _KERNEL is not None:
        kcwd, km = _KERNEL
        if kcwd == cwd and km.is_alive():
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=60)
                reply = kc.execute_interactive(_RESET.format(cwd=cwd), store_history=False, timeout=60, output_hook=lambda msg: None)
            finally:
                kc.stop_channels()
            if reply["content"]["status"] == "ok":
                return km
        km.shutdown_kernel(now=True)
    else:
        # Pool workers end with os._exit: atexit never runs there, multiprocessing's finalizers do.
        util.Finalize(None, _shutdown_kept, exitpriority=10)
    _KERNEL = (cwd, new_kernel(cwd))
    return _KERNEL[1]


def _log_tail(start: int, lines: int = 6) -> str:
    if _LOG is None:
        return ""
    _LOG.flush()
    _LOG.seek(start)
    text = _LOG.read().decode(errors="replace")
    _LOG.seek(0, os.SEEK_END)
    tail = [ln for ln in text.splitlines() if ln.strip() and "without encryption" not in ln][-lines:]
    return " | ".join(tail)


def _pm_path(path: Path) -> str:
    # papermill formats paths with the parameters (str.format): escape braces.
    return str(path).replace("{", "{{").replace("}", "}}")


def _first_line(source: str) -> str:
    line = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return line if len(line) <= 80 else line[:77] + "..."


def _one_line(text: str, limit: int = 400) -> str:
    text = " ".join(_ANSI.sub("", str(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_cell_error(e, param_cell: int) -> str:
    """'cell 5 `p.wide("x")`: KeyError: 'x'' from a PapermillExecutionError.

    papermill's cell_index counts the injected-parameters cell it inserted after the
    parameters cell; the number given is the 1-based position in the input notebook.
    """
    index = e.cell_index
    if param_cell >= 0 and index == param_cell + 1:
        where = "the injected-parameters cell"
    else:
        if param_cell >= 0 and index > param_cell + 1:
            index -= 1
        where = f"cell {index + 1}"
        line = _first_line(e.source or "")
        if line:
            where += f" `{line}`"
    what = f"{e.ename}: {_one_line(e.evalue)}" if e.evalue else e.ename
    return f"{where}: {what}"


def run_job(job: Job) -> Result:
    """Execute one notebook to ``<out_dir>/<stem>.ipynb`` (+ PDF). Never raises: errors -> Result."""
    if _interrupted():
        return Result(job, ok=False, interrupted=True, error="cancelled (interrupted)")
    try:
        return _run_job(job)
    except Exception as e:
        return Result(job, ok=False, interrupted=_interrupted(), error=f"{type(e).__name__}: {_one_line(e)}")


def _keep_failed(tmp: Path, failed: Path) -> str:
    """Move a failed execution to ``<stem>.failed.ipynb`` if it is a whole notebook ('' if not).

    papermill rewrites its output after every cell: on a full disk that file is cut short,
    and a cut-short file must not replace a readable one.
    """
    import nbformat

    try:
        nbformat.read(tmp, as_version=4)
        os.replace(tmp, failed)
    except Exception:
        return ""
    return str(failed)


def _run_job(job: Job) -> Result:
    """Execute, then move into place. Never removes an earlier output: when a job fails, the
    parent removes the stale ones after results.json is written (not at all on Ctrl-C)."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    global _RUNNING
    t0 = time.perf_counter()
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final, failed = out / f"{job.stem}.ipynb", out / f"{job.stem}.failed.ipynb"
    pdf = out / f"{job.stem}.pdf"
    tmp = temp_path(final, ".ipynb")  # ends in .ipynb: papermill checks the suffix
    tmp_pdf = temp_path(pdf)
    log_start = _LOG.seek(0, os.SEEK_END) if _LOG is not None else 0
    result = Result(job, ok=False)

    def fail(message: str) -> Result:
        result.interrupted = _interrupted()
        if tmp.exists() and not result.interrupted:
            result.kept = _keep_failed(tmp, failed)
        result.error = message
        result.seconds = time.perf_counter() - t0
        return result

    cwd = str(Path(job.notebook).parent)
    km = None
    try:
        try:
            km = shared_kernel(cwd) if job.reuse_kernel else new_kernel(cwd)
            _RUNNING = km
            papermill.execute_notebook(
                _pm_path(Path(job.notebook)), _pm_path(tmp), parameters=job.parameters,
                kernel_name=KERNEL, language="python", cwd=cwd,
                progress_bar=False, log_output=False, start_timeout=120, km=km,
            )
        except PapermillExecutionError as e:
            return fail(describe_cell_error(e, job.param_cell))
        except Exception as e:  # kernel died, timeout, unreadable notebook, full disk...
            tail = _log_tail(log_start)
            return fail(f"{type(e).__name__}: {_one_line(e)}" + (f" (kernel output: {_one_line(tail, 300)})" if tail else ""))
        finally:
            _RUNNING = None
            if km is not None and not job.reuse_kernel:
                try:
                    km.shutdown_kernel(now=True)
                except Exception:  # already gone
                    pass

        # Record the final name, not the temporary one, in papermill's metadata.
        nb = nbformat.read(tmp, as_version=4)
        nb.metadata.setdefault("papermill", {})["output_path"] = str(final)
        try:
            tmp.write_text(nbformat.writes(nb), encoding="utf-8")
        except OSError as e:
            return fail(f"cannot write {_shown(str(final))}: {e.strerror or e}")

        pdf_error = ""
        if job.pdf_meta is not None:
            from .report.pdf import notebook_to_pdf

            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", UserWarning)
                    notebook_to_pdf(tmp, tmp_pdf, source=final, **job.pdf_meta)
                result.warnings = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
            except Exception as e:
                cause = e.__cause__ or e
                pdf_error = f"PDF export failed: {type(cause).__name__}: {_one_line(cause)}"

        # Ctrl-C before this point: the job changes nothing, its earlier outputs stay as they were.
        if _interrupted():
            result.interrupted, result.error = True, "interrupted"
            return result
        os.replace(tmp, final)  # the notebook, then its PDF; SIGINT is ignored here
        failed.unlink(missing_ok=True)
        result.files.append(str(final))
        if job.pdf_meta is not None and not pdf_error:
            os.replace(tmp_pdf, pdf)
            result.files.append(str(pdf))
        result.error = pdf_error
        result.ok = not pdf_error
        result.seconds = time.perf_counter() - t0
        return result
    finally:
        tmp.unlink(missing_ok=True)
        tmp_pdf.unlink(missing_ok=True)


def make_pool(workers: int):
    """(pool, cancel event): worker processes started fresh ('spawn': no fork of a process holding threads)."""
    ctx = multiprocessing.get_context("spawn")
    cancel = ctx.Event()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                               initargs=(cancel, os.getpid()))
    return pool, cancel


def run_jobs(jobs: list, workers: int, fn=run_job, desc: str = "notebooks") -> list:
    """Run ``fn(job)`` for every job in a pool, with a progress bar on stderr; results in job order.

    On KeyboardInterrupt: queued jobs are dropped, running ones are waited for, then it re-raises.
    """
    from tqdm import tqdm

    results = [None] * len(jobs)
    failures = 0
    pool, cancel = make_pool(workers)
    try:
        with tqdm(total=len(jobs), desc=desc, unit="nb", file=sys.stderr, dynamic_ncols=True) as bar:
            futures = {pool.submit(fn, job): i for i, job in enumerate(jobs)}
            for fut in as_completed(futures):
                i = futures[fut]
                results[i] = r = fut.result()
                failures += not getattr(r, "ok", True)
                bar.set_postfix_str(f"{jobs[i].name}" + (f", {failures} failed" if failures else ""), refresh=False)
                bar.update()
    except BaseException:
        cancel.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results


# --------------------------------------------------------------------------- the suite

def _shown(path: str) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


FAST_SUFFIX = "-fast"


def scenario_dir(out_root: Path, scenario: str, draws: int) -> Path:
    """``<out>/<scenario>``, or ``<out>/<scenario>-fast`` for a run with fewer than DRAWS draws
    (``--fast``): a quick run never replaces the outputs of a full one."""
    return Path(out_root) / (scenario + (FAST_SUFFIX if draws < DRAWS else ""))


def check_writable(out_root: Path, dirs) -> None:
    """Each directory, or its nearest existing ancestor, must be a directory this user can write."""
    for d in dirs:
        p = Path(os.path.abspath(d))
        while not os.path.lexists(p) and p != p.parent:
            p = p.parent
        if not os.path.isdir(p):
            raise DataError("--out", "out", str(out_root), f"a directory to write into ({p} is a file)")
        if not os.access(p, os.W_OK | os.X_OK):
            raise DataError("--out", "out", str(out_root), f"a directory this user can write to ({p} is read-only)")


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s < 120 else f"{int(s // 60)} min {s % 60:02.0f} s"


def summary(results: list, roots: dict, written: dict, *, seconds: float, workers: int, draws: int,
            seed: int, langs: list[str]) -> list[str]:
    """The closing lines of a run: counts, time, draws, and where each scenario's outputs are."""
    bad = sum(not r.ok for r in results)
    pdfs = sum(f.endswith(".pdf") for r in results for f in r.files)
    done = f"{len(results)} notebooks" + (f" ({bad} failed)" if bad else "")
    fast = f" (fewer than {DRAWS:,}: outputs kept apart in <scenario>{FAST_SUFFIX}/)" if draws < DRAWS else ""
    lines = [f"done: {done}, {pdfs} PDFs, in {_seconds(seconds)} with {workers} worker{'s' * (workers != 1)};"
             f" {draws:,} Monte Carlo draws{fast}, seed {seed}"]
    for name, root in roots.items():
        where = _shown(str(root))
        res = f"{where}/results.json" if written.get(name) else "results.json NOT written (see the error above)"
        lines.append(f"  {name}: {res}; notebooks and PDFs in {where}/{{{','.join(langs)}}}/"
                     if len(langs) > 1 else f"  {name}: {res}; notebooks and PDFs in {where}/{langs[0]}/")
    return lines


def compute_once(projections: dict, roots: dict, draws: int, seed: int) -> list[Path]:
    """Each scenario's costly results (Monte Carlo, tornado, Sobol, PRIM: ``model.results_file``)
    computed once, here, for all its languages' notebooks: the files to offer them (a temporary
    file until ``results_file.publish`` makes it ``<root>/computed.npz``, or that file when it
    already holds them). One that cannot be computed or written is a warning: its notebooks
    compute it."""
    from tqdm import tqdm

    paths = []
    try:
        for name in tqdm(projections, desc="computing once", unit="scenario", file=sys.stderr, dynamic_ncols=True,
                         leave=False):
            try:
                paths.append(results_file.prepare(projections[name].scenario, roots[name], draws, seed))
            except Exception as e:  # noqa: BLE001 - the notebooks then compute it and report any error themselves
                print(f"warning: {name}: results not computed once ({type(e).__name__}: {_one_line(e)});"
                      f" each notebook computes its own", file=sys.stderr)
    except BaseException:  # Ctrl-C: what was computed so far goes, like everything else of the run
        results_file.discard(paths)
        raise
    return paths


def run_suite(scenarios, langs, overrides=None, out=None, jobs=None, fast=False, pdf=True, *,
              notebooks=None, seed: int = SEED, draws: int | None = None, reuse_kernels: bool = True,
              compute_once: bool = True) -> int:
    """Run every notebook for every scenario and language; see the module docstring.

    ``notebooks``: a directory (its ``*.ipynb``) or a list of .ipynb files; default ``notebooks/``.
    ``reuse_kernels`` (default): each worker keeps one kernel and resets it between notebooks
    (see :func:`shared_kernel`); ``False``: a new kernel per notebook, as papermill alone does.
    ``compute_once`` (default): each scenario's costly results are computed once into
    ``<root>/computed.npz`` and read by every language's notebooks (:func:`compute_once`);
    ``False``: each notebook computes its own, as when run alone (the tests compare the two).
    Bad input raises :class:`model.DataError` before anything runs. Returns 0, 1 if a
    notebook, its PDF export or a results.json failed, 130 on Ctrl-C.
    """
    try:
        return _run_suite(scenarios, langs, overrides, out, jobs, fast, pdf, notebooks=notebooks,
                          seed=seed, draws=draws, reuse_kernels=reuse_kernels, once=compute_once)
    except KeyboardInterrupt:
        print("interrupted: no output was removed or left half-written; results.json is the earlier run's",
              file=sys.stderr)
        return 130


def _run_suite(scenarios, langs, overrides, out, jobs, fast, pdf, *, notebooks, seed, draws, reuse_kernels,
               once=True) -> int:
    from . import list_scenarios, load_scenario, project

    t0 = time.perf_counter()
    overrides = dict(overrides or {})
    langs = _unique(langs)
    for lang in langs:
        if lang not in LANGS:
            raise DataError("--lang", "lang", lang, f"one of {', '.join(LANGS)} (comma-separated)")
    if not langs:
        raise DataError("--lang", "lang", "", f"one or more of {', '.join(LANGS)}")
    scenarios = _unique(scenarios)
    if not scenarios:
        raise DataError("--scenario", "scenario", "", "one or more scenario names")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise DataError("--jobs", "jobs", jobs, "a whole number >= 1")
    draws = draws if draws is not None else (DRAWS_FAST if fast else DRAWS)

    projections = {name: project(load_scenario(name, overrides, file="--set")) for name in scenarios}
    titles = list_scenarios()
    files = find_notebooks(notebooks)
    date = today()
    out_root = Path(out) if out is not None else BUILD
    roots = {name: scenario_dir(out_root, name, draws) for name in scenarios}
    check_writable(out_root, roots.values())

    todo: list[Job] = []
    declared = {f: declared_parameters(f) for f in files}
    for name in scenarios:
        shown = {k: projections[name].scenario.value(k) for k in overrides}  # validated: {value: ...} read
        for lang in langs:
            params = {"scenario": name, "lang": lang, "overrides": overrides, "seed": seed, "draws": draws}
            for f in files:
                names, param_cell = declared[f]
                check_parameters(f, params, names)
                meta = pdf_meta(f.stem, name, lang, shown, titles, date) if pdf else None
                todo.append(Job(str(f.resolve()), f.stem, name, lang, params,
                                str(roots[name] / lang), param_cell, meta, reuse_kernels))

    # What a killed run left (temporary files of processes that are gone) goes first.
    clean_stale([d for root in roots.values() for d in (root, *(root / lang for lang in langs))])
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    offered = compute_once(projections, roots, draws, seed) if once else []
    try:
        with results_file.offered(offered):
            results: list[Result] = run_jobs(todo, workers)
        results_file.publish(offered)
    finally:
        results_file.discard(offered)  # interrupted: the computed results change nothing either

    written, problems = {}, []
    for name in scenarios:
        done = [r for r in results if r.job.scenario == name]
        root = roots[name]
        produced = [Path(f).relative_to(root).as_posix() for r in done for f in r.files]
        failed = [f"{r.job.lang}/{r.job.stem}.ipynb" for r in done if not r.ok]
        d = scenario_results(projections[name], overrides, seed=seed, draws=draws, langs=langs,
                             notebooks=[f.stem for f in files], files=produced, failed=failed)
        try:
            write_atomic(root / "results.json", dump_json(d))
            written[name] = True
        except OSError as e:
            problems.append(f"error: cannot write {_shown(str(root / 'results.json'))}: {e.strerror or e}")

    # A failed notebook's outputs of an earlier run go only now, once results.json no longer lists
    # them (and stay, with the earlier results.json, if it could not be written).
    for r in results:
        if not r.ok and not r.interrupted and written.get(r.job.scenario):
            for ext in (".ipynb", ".pdf"):
                stale = Path(r.job.out_dir) / f"{r.job.stem}{ext}"
                if str(stale) not in r.files:
                    stale.unlink(missing_ok=True)

    for w in sorted({w for r in results for w in r.warnings}):
        print(f"warning: {w}", file=sys.stderr)
    bad = [r for r in results if not r.ok]
    for r in bad:
        j = r.job
        print(f"error: {rel(Path(j.notebook))} (scenario {j.scenario}, lang {j.lang}): {r.error}", file=sys.stderr)
        if r.kept:
            print(f"  executed notebook kept as {_shown(r.kept)}", file=sys.stderr)
    for line in problems:
        print(line, file=sys.stderr)

    kind = ".pdf" if pdf else ".ipynb"
    products = [(r.job.stem != BRIEF, f) for r in results for f in r.files if f.endswith(kind)]
    for _, f in sorted(products, key=lambda x: x[0]):  # stable: briefs first, then run order
        print(_shown(f))
    sys.stdout.flush()
    for line in summary(results, roots, written, seconds=time.perf_counter() - t0, workers=workers,
                        draws=draws, seed=seed, langs=langs):
        print(line, file=sys.stderr)
    return 1 if bad or problems else 0
