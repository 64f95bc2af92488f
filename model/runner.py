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
   (``model.project(...).as_dict()``), the overrides, the run settings and the files this run produced (and the failed ones);
4. prints, on stdout, the PDFs produced (briefs first; with ``pdf=False`` the executed
   notebooks), one per line, and returns 0; if any notebook failed it prints one message per
   failure on stderr (notebook, scenario/lang, cell number and first line, exception type and
   message) and returns 1 (also when only a PDF export failed). The other jobs still run.

Files appear at their final path only when complete: each is written to a hidden temporary
name in the same directory and moved with ``os.replace``. A notebook that fails leaves nothing
at its final paths (a stale ``<stem>.ipynb``/``<stem>.pdf`` from an earlier run is removed, so
the directory never mixes old and new results); the executed notebook, with the error in it,
is kept as ``<stem>.failed.ipynb`` for debugging and removed by the next successful run.

Ctrl-C drops the queued notebooks, lets the running ones stop (their kernels get the
interrupt too), writes no results.json and returns 130. Kernel output (warnings on the
kernels' stderr) is captured in the workers, not shown; papermill's own log is silenced.

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

from .errors import DataError
from .paths import BUILD, NOTEBOOKS, rel

SEED = 2019
DRAWS = 1000
DRAWS_FAST = 100
KERNEL = "python3"
LANGS = ("kk", "ru", "en")
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


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- worker side

_LOG = None  # the worker's captured stdout/stderr (kernel chatter goes here, not to the terminal)
_CANCEL = None  # set by the parent on Ctrl-C: queued jobs return at once


def init_worker(cancel=None) -> None:
    """Pool initializer: ignore Ctrl-C, silence papermill's logger, capture fds 1 and 2.

    Ctrl-C is the parent's to handle: it sets ``cancel`` and waits; the kernels (which
    handle SIGINT themselves) stop their running cell, so running jobs fail fast and
    leave ``.failed.ipynb`` files, not temporary ones. The kernels inherit the worker's
    stdout/stderr; without the capture their start-up warnings would land between the
    progress bar and the list of PDFs.
    """
    import logging
    import signal

    global _LOG, _CANCEL
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CANCEL = cancel
    logging.getLogger("papermill").setLevel(logging.ERROR)
    _LOG = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(_LOG.fileno(), 1)
    os.dup2(_LOG.fileno(), 2)


_KERNEL = None  # (cwd, KernelManager): the worker's kept kernel when jobs reuse kernels
# Between notebooks in a kept kernel: close figures, back to the notebook directory, empty the
# namespace, restart numbering at In [1]
# (InteractiveShell.reset(new_session=True): namespace, history session, In [n] numbering.)
_RESET = "import matplotlib.pyplot as _plt, os as _os\n_plt.close('all')\n_os.chdir({cwd!r})\nget_ipython().reset(new_session=True)"


def shared_kernel(cwd: str):
    """The worker's kept kernel, reset; a new one if none, dead, or in another directory.

    Modules stay imported and in-process caches (the calibrated scenarios) stay warm: that is
    the point, and the price: a notebook could see state a fresh kernel would not have
    (matplotlib rcParams, module-level caches). The notebooks must not depend on such state;
    the test comparing kept-kernel and fresh-kernel outputs guards that.
    """
    global _KERNEL
    import atexit

    from jupyter_client.manager import KernelManager

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
        atexit.register(lambda: _KERNEL and _KERNEL[1].shutdown_kernel(now=True))
    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel(cwd=cwd)
    _KERNEL = (cwd, km)
    return km


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
    if _CANCEL is not None and _CANCEL.is_set():
        return Result(job, ok=False, error="cancelled (interrupted)")
    try:
        return _run_job(job)
    except Exception as e:
        return Result(job, ok=False, error=f"{type(e).__name__}: {_one_line(e)}")


def _run_job(job: Job) -> Result:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final, failed = out / f"{job.stem}.ipynb", out / f"{job.stem}.failed.ipynb"
    pdf = out / f"{job.stem}.pdf"
    tmp = out / f".{job.stem}.{os.getpid()}.tmp.ipynb"  # ends in .ipynb: papermill checks the suffix
    log_start = _LOG.seek(0, os.SEEK_END) if _LOG is not None else 0
    result = Result(job, ok=False)

    def fail(message: str) -> Result:
        for stale in (final, pdf):
            stale.unlink(missing_ok=True)
        if tmp.exists():
            os.replace(tmp, failed)
            result.kept = str(failed)
        result.error = message
        result.seconds = time.perf_counter() - t0
        return result

    cwd = str(Path(job.notebook).parent)
    try:
        kept = {"km": shared_kernel(cwd)} if job.reuse_kernel else {}
        papermill.execute_notebook(
            _pm_path(Path(job.notebook)), _pm_path(tmp), parameters=job.parameters,
            kernel_name=KERNEL, language="python", cwd=cwd,
            progress_bar=False, log_output=False, start_timeout=120, **kept,
        )
    except PapermillExecutionError as e:
        return fail(describe_cell_error(e, job.param_cell))
    except Exception as e:  # kernel died, timeout, unreadable notebook...
        tail = _log_tail(log_start)
        return fail(f"{type(e).__name__}: {_one_line(e)}" + (f" (kernel output: {_one_line(tail, 300)})" if tail else ""))

    # Record the final name, not the temporary one, in papermill's metadata.
    nb = nbformat.read(tmp, as_version=4)
    nb.metadata.setdefault("papermill", {})["output_path"] = str(final)
    nbformat.write(nb, tmp)
    os.replace(tmp, final)
    failed.unlink(missing_ok=True)
    result.files.append(str(final))

    if job.pdf_meta is not None:
        from .report.pdf import notebook_to_pdf

        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", UserWarning)
                notebook_to_pdf(final, pdf, **job.pdf_meta)
            result.warnings = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
        except Exception as e:
            pdf.unlink(missing_ok=True)
            cause = e.__cause__ or e
            result.error = f"PDF export failed: {type(cause).__name__}: {_one_line(cause)}"
            result.seconds = time.perf_counter() - t0
            return result
        result.files.append(str(pdf))
    result.ok = True
    result.seconds = time.perf_counter() - t0
    return result


def make_pool(workers: int):
    """(pool, cancel event): worker processes started fresh ('spawn': no fork of a process holding threads)."""
    ctx = multiprocessing.get_context("spawn")
    cancel = ctx.Event()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker, initargs=(cancel,))
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


def run_suite(scenarios, langs, overrides=None, out=None, jobs=None, fast=False, pdf=True, *,
              notebooks=None, seed: int = SEED, draws: int | None = None, reuse_kernels: bool = True) -> int:
    """Run every notebook for every scenario and language; see the module docstring.

    ``notebooks``: a directory (its ``*.ipynb``) or a list of .ipynb files; default ``notebooks/``.
    ``reuse_kernels`` (default): each worker keeps one kernel and resets it between notebooks
    (see :func:`shared_kernel`); ``False``: a new kernel per notebook, as papermill alone does.
    Bad input raises :class:`model.DataError` before anything runs. Returns 0, or 1 if a
    notebook or its PDF export failed.
    """
    from . import list_scenarios, load_scenario, project

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

    todo: list[Job] = []
    declared = {f: declared_parameters(f) for f in files}
    for name in scenarios:
        for lang in langs:
            params = {"scenario": name, "lang": lang, "overrides": overrides, "seed": seed, "draws": draws}
            for f in files:
                names, param_cell = declared[f]
                check_parameters(f, params, names)
                meta = pdf_meta(f.stem, name, lang, overrides, titles, date) if pdf else None
                todo.append(Job(str(f.resolve()), f.stem, name, lang, params,
                                str(out_root / name / lang), param_cell, meta, reuse_kernels))

    workers = min(jobs or os.cpu_count() or 1, len(todo))
    try:
        results: list[Result] = run_jobs(todo, workers)
    except KeyboardInterrupt:
        print("interrupted: finished outputs stay in place; results.json was not written", file=sys.stderr)
        return 130

    for name in scenarios:
        done = [r for r in results if r.job.scenario == name]
        root = out_root / name
        produced = [Path(f).relative_to(root).as_posix() for r in done for f in r.files]
        failed = [f"{r.job.lang}/{r.job.stem}.ipynb" for r in done if not r.ok]
        d = scenario_results(projections[name], overrides, seed=seed, draws=draws, langs=langs,
                             notebooks=[f.stem for f in files], files=produced, failed=failed)
        write_atomic(root / "results.json", dump_json(d))

    for w in sorted({w for r in results for w in r.warnings}):
        print(f"warning: {w}", file=sys.stderr)
    bad = [r for r in results if not r.ok]
    for r in bad:
        j = r.job
        print(f"error: {rel(Path(j.notebook))} (scenario {j.scenario}, lang {j.lang}): {r.error}", file=sys.stderr)
        if r.kept:
            print(f"  executed notebook kept as {_shown(r.kept)}", file=sys.stderr)

    kind = ".pdf" if pdf else ".ipynb"
    products = [(r.job.stem != BRIEF, f) for r in results for f in r.files if f.endswith(kind)]
    for _, f in sorted(products, key=lambda x: x[0]):  # stable: briefs first, then run order
        print(_shown(f))
    sys.stdout.flush()
    if bad:
        print(f"{len(bad)} of {len(results)} notebooks failed", file=sys.stderr)
        return 1
    return 0
