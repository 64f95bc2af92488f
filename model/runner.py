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
3. writes ``<stem>.ipynb`` and, unless ``pdf=False``, ``<stem>.pdf`` per language, then
   ``results.json`` once per scenario: the projection's key figures (``model.project(...).as_dict()``),
   the overrides, the run settings (with the folder and the overrides' digest) and the files this
   run produced. The folder is the run's identity (:func:`scenario_dir`, :mod:`model.rundir`):
   ``<out>/<scenario>/`` for the unmodified scenario at DRAWS draws and the default seed,
   ``<out>/<scenario>+fast/``, ``+draws<N>``, ``+seed<N>``, ``+set-<digest>`` otherwise;
4. prints, on stdout, the PDFs published (briefs first; with ``pdf=False`` the executed
   notebooks), one per line; on stderr one message per failure (notebook, scenario/lang, cell
   number and first line, exception type and message; a results.json that cannot be written:
   its path and why), then a summary (counts, time, draws, where results.json and the
   notebooks are, or that nothing was published). Returns 0, or 1 if anything failed (also
   when only a PDF export failed); the other jobs still run. Bad settings (``--jobs``, draws,
   seed), an output directory that is a file or read-only are a :class:`model.DataError` before
   anything runs; ``--jobs`` above the cores runs one worker per core, with a note.

A run is all or nothing (:mod:`model.publish`). Every job writes into a staging folder beside
its scenario's folder (``<out>/.<folder>.staging.<pid>.<random>/<lang>/``), each file under a
hidden temporary name first (``model.atomic``); results.json is written there too. Only when
every notebook, PDF and results.json of the whole run succeeded are the staged folders
published, together, under a lock and a journal (languages not run this time are carried over
unchanged). Otherwise nothing is published: every earlier output stays as it was, byte for
byte, the staging is removed and the failed executions (``<stem>.failed.ipynb``, only whole
notebooks) are kept in ``<out>/<folder>+failed/`` (removed by the next success).

Ctrl-C (SIGINT) and SIGTERM (to the runner or its process group) drop the queued notebooks and
interrupt the running kernels (they run in sessions of their own; the workers' watcher threads
signal them, and kill a kernel whose cell has not ended 3 s later; pandoc runs in its own session
too); nothing is published and the run returns
130 (143 for SIGTERM). A signal that comes while the outputs are being published waits until
they are (a fraction of a second), and the message says they were. If the runner is killed
(SIGKILL), each worker sees its parent gone within 0.2 s, kills its kernel and exits (the
resource tracker then ends too); the next run's start removes the staging, temporary files and
Typst build directories of processes that are gone and, if the killed run died while
publishing, finishes that publication from its journal. Kernel output (warnings on the
kernels' stderr) is captured in the workers, not shown; papermill's own log is silenced.

results.json is deterministic: keys sorted, floats rounded to 12 significant digits (their
shortest repr), no timestamps. Same inputs and seed -> the same bytes.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import math
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

# nbformat imports jsonschema, which imports its optional IRI format checker, rfc3987_syntax, and
# that compiles a Lark grammar on import: 1.5 s of CPU in the runner and again in every worker,
# for a format no notebook has. Marked absent, jsonschema skips that one checker.
sys.modules.setdefault("rfc3987_syntax", None)

from . import missing, pages, publish, results_file, rundir
from .atomic import clean_stale, temp_path, write_atomic
from .errors import DataError
from .paths import BUILD, NOTEBOOKS, rel
from .schema import LANGS, check_seed

SEED = 2019
DRAWS = 1000
DRAWS_FAST = 100
KERNEL = "python3"
BRIEF = "brief"
LABEL_KEYS = ("figure", "table", "page", "language")
# what run_suite's ``progress`` callback is told, in order (a step may repeat: one per notebook)
STEPS = ("computing", "notebooks", "publishing", "published")
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
    data_error: str = ""  # a cell raised model.DataError (bad input, a figure the pack lacks): its one line


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


def pdf_meta(stem: str, scenario: str, lang: str, overrides: dict, titles: dict, date: str, pack=None) -> dict:
    """Keywords of ``notebook_to_pdf`` for one notebook: every text must exist in the locales. The
    brief of a pack without the 2019 programme's pilot, outturn and announced figures is titled with
    its programme's name (``brief.pack.title``), not the 2019 programme's."""
    from .report import i18n

    if stem == BRIEF and pack is not None and pages.missing(pages.BRIEF_2019, pack) is not None:
        from .packs import about

        title = _text("brief.pack.title", lang, "the PDF title of another pack's brief").format(
            programme=about("programmes", pack.programme, pack.root).title[lang])
    else:
        title = _text(f"{stem}.title", lang, f"the PDF title of notebook {stem}")

    subtitle = titles[scenario][lang]
    if overrides:
        listed = "; ".join(f"{k} = {_format_value(v, lang)}" for k, v in sorted(overrides.items()))
        lead = i18n.texts(lang).get(OVERRIDES_KEY)
        subtitle += "\n" + (f"{lead}: {listed}" if lead else listed)
    return {
        "title": title,
        "subtitle": subtitle,
        "date": i18n.date(date, lang),
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
                     notebooks: list[str], files: list[str], failed: list[str], folder: str | None = None) -> dict:
    d = projection.as_dict()
    d["overrides"] = dict(sorted(overrides.items()))
    d["run"] = {"seed": seed, "draws": draws, "langs": list(langs), "notebooks": list(notebooks),
                "folder": folder if folder is not None else projection.scenario.name,
                "overrides_digest": rundir.overrides_digest(overrides)}
    d["files"] = sorted(files)
    d["failed"] = sorted(failed)
    return d


# --------------------------------------------------------------------------- worker side

_LOG = None  # the worker's captured stdout/stderr (kernel chatter goes here, not to the terminal)
_CANCEL = None  # set by the parent on Ctrl-C: queued jobs return at once, running kernels are interrupted
_RUNNING = None  # the AsyncKernelManager executing the current job, if any
_KERNEL = None  # (cwd, AsyncKernelManager): the worker's kept kernel when jobs reuse kernels
WATCH_SECONDS = 0.2  # how often a worker checks on its parent and the cancel event
KILL_AFTER = 3.0  # seconds a cancelled run's kernel has to end its cell after SIGINT, then SIGKILL


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

    global _LOG, _CANCEL
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a SIGTERM to the process group is the parent's to handle (a handler, not SIG_IGN: the kernels,
    # pandoc and Typst started from here get the default action back)
    signal.signal(signal.SIGTERM, _ignore)
    # The parent started this process with both ignored (run_jobs' _spawning_deaf): a signal that
    # came while it was importing was dropped. Unblocked too, should a caller have blocked them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    _CANCEL = cancel
    parent = parent or os.getppid()
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    _LOG = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(_LOG.fileno(), 1)
    os.dup2(_LOG.fileno(), 2)


def _ignore(signum, frame) -> None:
    pass


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
    """Once the run is cancelled, the running kernel gets one SIGINT, and SIGKILL if its job has not
    ended KILL_AFTER seconds later. One, never again each round: a second SIGINT while the kernel
    reports the first one's KeyboardInterrupt escapes ipykernel's handler, no reply is sent and
    papermill waits for it for ever (a stopped run that never ends, seen in CI). A kernel between
    cells ignores SIGINT, one that gets it outside the cell's code sends no reply, a cell may catch
    it: the kill ends those (the job is dropped anyway, and a killed kernel is replaced)."""
    interrupted = None  # (kernel, when) once the cancelled run's kernel had its SIGINT
    while True:
        if os.getppid() != parent:  # re-parented: the run is gone
            _signal_kernel(_RUNNING, signal.SIGKILL)
            _signal_kernel(_KERNEL and _KERNEL[1], signal.SIGKILL)
            os._exit(1)
        km = _RUNNING
        if km is not None and _CANCEL is not None and _CANCEL.is_set():
            if interrupted is None or interrupted[0] is not km:
                interrupted = (km, time.monotonic())
                _signal_kernel(km, signal.SIGINT)
            elif time.monotonic() - interrupted[1] > KILL_AFTER:
                _signal_kernel(km, signal.SIGKILL)
        time.sleep(WATCH_SECONDS)


def _interrupted() -> bool:
    return _CANCEL is not None and _CANCEL.is_set()


# Between notebooks in a kept kernel: close figures, back to the notebook directory, empty the
# namespace, restart numbering at In [1]
# (InteractiveShell.reset(new_session=True): namespace, history session, In [n] numbering.)
_RESET = "import matplotlib.pyplot as _plt, os as _os\n_plt.close('all')\n_os.chdir({cwd!r})\nget_ipython().reset(new_session=True)"


def _shutdown_kept() -> None:
    if _KERNEL is not None:
        _sync(_KERNEL[1].shutdown_kernel, now=True)


def new_kernel(cwd: str):
    """A started kernel in ``cwd``, the same as papermill would start (kernel ``python3``).

    An AsyncKernelManager, as nbclient's own: with it nbclient's client is asynchronous and its
    check that the kernel lives runs every second. With a blocking one (KernelManager) nbclient
    waits for the kernel's output with no timeout, holding its event loop, and a kernel that dies
    in a cell (killed for memory, a crash in C, the kill after a Ctrl-C) left the run waiting for ever."""
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name=KERNEL)
    _sync(km.start_kernel, cwd=cwd, env=same_package_env())
    return km


def _sync(fn, *args, **kwargs):
    """Run a kernel manager's coroutine to its end from this (synchronous) code, on the loop
    papermill's own calls run on (jupyter_core's run_sync: one per thread)."""
    from jupyter_core.utils import run_sync

    return run_sync(fn)(*args, **kwargs)


async def _reset(km, cwd: str) -> dict:
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        return await kc.execute_interactive(_RESET.format(cwd=cwd), store_history=False, timeout=60,
                                            output_hook=lambda msg: None)
    finally:
        kc.stop_channels()


def same_package_env(**extra: str) -> dict[str, str]:
    """This process's environment for a child (a kernel, the process computing the results) that must
    import the same model package as this process: a second clone's run never executes another
    clone's model/ installed in the environment."""
    package_root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, **extra,
            "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}


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
        if kcwd == cwd and _sync(km.is_alive):
            if _sync(_reset, km, cwd)["content"]["status"] == "ok":
                return km
        _sync(km.shutdown_kernel, now=True)
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
    """Execute, then move into place in the run's staging folder (``job.out_dir``); the parent
    publishes the staging only if every job succeeded (:mod:`model.publish`)."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    global _RUNNING
    t0 = time.perf_counter()
    out = Path(job.out_dir)
    out.mkdir(exist_ok=True)  # in the run's staging folder; gone (the run was stopped): the job fails
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
            if e.ename in ("DataError", "model.errors.DataError"):  # bad input, not a fault: named in one line
                result.data_error = _one_line(e.evalue)
            return fail(describe_cell_error(e, job.param_cell))
        except Exception as e:  # kernel died, timeout, unreadable notebook, full disk...
            tail = _log_tail(log_start)
            return fail(f"{type(e).__name__}: {_one_line(e)}" + (f" (kernel output: {_one_line(tail, 300)})" if tail else ""))
        finally:
            _RUNNING = None
            if km is not None and not job.reuse_kernel:
                try:
                    _sync(km.shutdown_kernel, now=True)
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


@contextlib.contextmanager
def _spawning_deaf():
    """SIGINT and SIGTERM ignored while worker processes are started here (the main thread only, where
    signals are handled). A signal in those few milliseconds is lost to this process too: the run
    then goes on, and a second Ctrl-C stops it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = (signal.SIGINT, signal.SIGTERM)
    old = {s: signal.signal(s, signal.SIG_IGN) for s in held}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def run_jobs(jobs: list, workers: int, fn=run_job, desc: str = "notebooks", done=None) -> list:
    """Run ``fn(job)`` for every job in a pool, with a progress bar on stderr; results in job order.
    ``done(n)``, if given, is called with the number of jobs finished after each one.

    On KeyboardInterrupt: queued jobs are dropped, running ones are waited for, then it re-raises.
    """
    from tqdm import tqdm

    results = [None] * len(jobs)
    failures = 0
    # The workers are started (on submit) with SIGINT and SIGTERM ignored, which they inherit
    # through exec (a blocked mask they would not: spawn resets it), until init_worker takes them
    # over: a Ctrl-C while one is still importing would otherwise print its traceback.
    with _spawning_deaf():
        pool, cancel = make_pool(workers)
        futures = {pool.submit(fn, job): i for i, job in enumerate(jobs)}
    try:
        with tqdm(total=len(jobs), desc=desc, unit="nb", file=sys.stderr, dynamic_ncols=True) as bar:
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    r = fut.result()
                except BrokenProcessPool:  # a worker was killed (out of memory, a signal): its jobs fail
                    r = Result(jobs[i], ok=False, error="its worker process died (killed, or out of memory)")
                results[i] = r
                failures += not getattr(r, "ok", True)
                bar.set_postfix_str(f"{jobs[i].name}" + (f", {failures} failed" if failures else ""), refresh=False)
                bar.update()
                if done is not None:
                    done(bar.n)
    except BaseException:
        cancel.set()
        while True:  # a second Ctrl-C must not leave workers writing after the parent has cleaned up
            try:
                pool.shutdown(wait=True, cancel_futures=True)
                break
            except KeyboardInterrupt:
                continue
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


FAST_SUFFIX = rundir.SEP + rundir.FAST_TAG  # <scenario>+fast: a --fast run's folder


def scenario_dir(out_root: Path, scenario: str, draws: int, overrides: dict | None = None, seed: int = SEED,
                 pack=None) -> Path:
    """The run's folder, its identity (:mod:`model.rundir`): ``<out>/<scenario>`` for the unmodified
    scenario of the default pack at DRAWS draws and the default seed, else ``<out>/<scenario>+<tags>``
    (``+<programme>@<region>`` for another pack, ``+fast``, ``+draws<N>``, ``+seed<N>``,
    ``+set-<digest of the overrides>``): a quick or modified run, or one in another pack, never
    replaces the outputs of the full, unmodified one, and no scenario name can be another's folder."""
    tags = rundir.folder_tags(overrides or {}, draws, seed, full_draws=DRAWS, fast_draws=DRAWS_FAST, default_seed=SEED)
    return Path(out_root) / rundir.folder_name(scenario, [*rundir.pack_tags(pack), *tags])


def check_writable(out_root: Path, dirs) -> None:
    """Each directory, or its nearest existing ancestor, must be a directory this user can write."""
    for d in dirs:
        p = Path(os.path.abspath(d))
        if p != Path(os.path.abspath(out_root)) and os.path.islink(p):  # publishing would replace the link
            raise DataError("--out", "out", str(out_root), f"run folders that are not symlinks ({p} is one)")
        while not os.path.lexists(p) and p != p.parent:
            p = p.parent
        if not os.path.isdir(p):
            raise DataError("--out", "out", str(out_root), f"a directory to write into ({p} is a file)")
        if not os.access(p, os.W_OK | os.X_OK):
            raise DataError("--out", "out", str(out_root), f"a directory this user can write to ({p} is read-only)")


MAX_DRAWS = 100_000  # Monte Carlo draws a notebook may be asked for (memory grows with them)


def check_run_settings(jobs, draws, seed) -> int | None:
    """``--jobs``, draws and seed before anything runs: whole numbers in range (DataError if not).
    Returns the number of workers asked for, capped at the cores (with a note on stderr)."""
    def whole(x) -> bool:
        return isinstance(x, int) and not isinstance(x, bool)

    if not whole(draws) or not 1 <= draws <= MAX_DRAWS:
        raise DataError("--draws", "draws", draws, f"a whole number from 1 to {MAX_DRAWS:,}")
    check_seed(seed)
    if jobs is None:
        return None
    if not whole(jobs) or jobs < 1:
        raise DataError("--jobs", "jobs", jobs, "a whole number >= 1")
    cores = os.cpu_count() or 1
    if jobs > cores:
        print(f"note: --jobs {jobs} is more than this machine's {cores} cores: running {cores} workers",
              file=sys.stderr)
        return cores
    return jobs


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s < 120 else f"{int(s // 60)} min {s % 60:02.0f} s"


def summary(results: list, roots: dict, published: bool, *, seconds: float, workers: int, draws: int,
            seed: int, langs: list[str], overrides: dict | None = None, kept: dict | None = None) -> list[str]:
    """The closing lines of a run: counts, time, draws, and where each scenario's outputs are (or
    that nothing was published and the earlier outputs stand)."""
    bad = sum(not r.ok for r in results)
    pdfs = sum(f.endswith(".pdf") for r in results for f in r.files)
    done = f"{len(results)} notebooks" + (f" ({bad} failed)" if bad else "")
    digest = rundir.overrides_digest(overrides or {})
    ident = f"; overrides digest {digest}" if digest else ""
    lines = [f"done: {done}, {pdfs} PDFs, in {_seconds(seconds)} with {workers} worker{'s' * (workers != 1)};"
             f" {draws:,} Monte Carlo draws, seed {seed}{ident}"]
    for name, root in roots.items():
        where = _shown(str(root))
        if published:
            langs_shown = f"{{{','.join(langs)}}}" if len(langs) > 1 else langs[0]
            lines.append(f"  {name}: {where}/results.json; notebooks and PDFs in {where}/{langs_shown}/")
        else:
            keep = (kept or {}).get(name)
            note = f"; failed executions in {_shown(str(keep))}/" if keep else ""
            lines.append(f"  {name}: nothing published: {where}/ is as it was before this run{note}")
    return lines


def compute_once(scenarios: dict, roots: dict, staged: dict, draws: int, seed: int) -> list[Path]:
    """Each scenario's costly results (Monte Carlo, tornado, Sobol, PRIM: ``model.results_file``)
    computed once for all its languages' notebooks, into the scenario's staging folder (so
    published with the run or not at all): the files to offer them. One that cannot be computed or
    written is a warning: its notebooks compute it (a run stopped meanwhile, its staging folder
    gone, is not warned about)."""
    paths = []
    for name, scenario in scenarios.items():
        try:
            paths.append(results_file.prepare(scenario, roots[name], staged[name], draws, seed))
        except Exception as e:  # noqa: BLE001 - the notebooks then compute it and report any error themselves
            if Path(staged[name]).exists():
                print(f"warning: {name}: results not computed once ({type(e).__name__}: {_one_line(e)});"
                      f" each notebook computes its own", file=sys.stderr)
    return paths


def compute_main() -> None:
    """``compute_once`` in a process of its own (``compute_beside``; its settings as JSON on stdin).
    It runs in a session of its own, so the terminal's Ctrl-C and a signal to the run's process
    group do not reach it: the parent kills it when the run stops, and it ends if the parent dies."""

    from . import load_scenario, pack_for
    from .paths import using

    a = json.load(sys.stdin)
    threading.Thread(target=_watch, args=(a["parent"],), name="watch-parent", daemon=True).start()
    for n in a["names"]:  # each in its pack, as its notebooks put it in force
        with using(pack_for(n, a["programme"], a["region"])):
            compute_once({n: load_scenario(n, a["overrides"], file="--set")}, {n: Path(a["roots"][n])},
                         {n: Path(a["staged"][n])}, a["draws"], a["seed"])


def compute_beside(names: list, overrides: dict, roots: dict, staged: dict, draws: int, seed: int, *,
                   programme: str = "", region: str = ""):
    """``compute_once`` in a process of its own while the workers start on the notebooks that do
    not read its results (``reads_computed``: queued first), instead of before every notebook: on
    a 2-core machine one core would otherwise wait. Returns the files to offer, each marked pending
    with the process's id until it is done (``results_file.wait_while_pending``: a kernel that asks
    earlier waits), and the process. It runs with one BLAS thread: the cores are the workers'."""
    import subprocess

    paths = [Path(staged[name]) / results_file.FILE for name in names]
    for path in paths:
        results_file.mark_pending(path)  # this process's id, until the child's is known
    env = same_package_env(OPENBLAS_NUM_THREADS="1")
    settings = {"names": list(names), "overrides": overrides, "draws": int(draws), "seed": int(seed),
                "roots": {n: str(p) for n, p in roots.items()}, "staged": {n: str(p) for n, p in staged.items()},
                "parent": os.getpid(), "programme": programme, "region": region}
    proc = subprocess.Popen([sys.executable, "-c", "from model.runner import compute_main; compute_main()"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, start_new_session=True,
                            text=True)
    proc.stdin.write(json.dumps(settings, default=str))
    proc.stdin.close()
    for path in paths:
        path.with_name(path.name + results_file.PENDING).write_text(str(proc.pid))

    def reap() -> None:  # a child that died leaves no zombie for the kernels to wait on
        proc.wait()
        for path in paths:
            results_file.clear_pending(path)

    threading.Thread(target=reap, name="reap-compute-once", daemon=True).start()
    return paths, proc


def reads_computed(notebook: Path) -> bool:
    """Whether a notebook reads the run's computed results (``model.results_file``), in its own
    cells or in a ``model.report`` module it imports."""
    text = Path(notebook).read_text(encoding="utf-8")
    if "results_file" in text:
        return True
    report = Path(results_file.__file__).parent / "report"
    modules = {m.split()[0] for names in re.findall(r"from model\.report import ([\w ,]+)", text)
               for m in names.split(",") if m.strip()}
    return any("results_file" in (report / f"{m}.py").read_text(encoding="utf-8")
               for m in modules if (report / f"{m}.py").exists())


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C (exit 143 instead of 130)."""


def _terminate(signum, frame):
    raise Terminated()


def run_suite(scenarios, langs, overrides=None, out=None, jobs=None, fast=False, pdf=True, *,
              notebooks=None, seed: int = SEED, draws: int | None = None, reuse_kernels: bool = True,
              compute_once: bool = True, progress=None, programme: str = "", region: str = "") -> int:
    """Run every notebook for every scenario and language; see the module docstring.

    ``notebooks``: a directory (its ``*.ipynb``) or a list of .ipynb files; default ``notebooks/``.
    ``reuse_kernels`` (default): each worker keeps one kernel and resets it between notebooks
    (see :func:`shared_kernel`); ``False``: a new kernel per notebook, as papermill alone does.
    ``compute_once`` (default): each scenario's costly results are computed once into
    ``<root>/computed.npz`` and read by every language's notebooks (:func:`compute_once`);
    ``False``: each notebook computes its own, as when run alone (the tests compare the two).
    ``programme``, ``region``: the pack every scenario runs in (``model.build.pack_for``: a name left
    empty is the default's; both empty, each scenario runs in the pack its file is written for, else
    the default), passed to every notebook as its parameters of those names; an unknown one is a
    DataError before any kernel starts.
    ``progress(step, done, total)``, if given, is told where the run is (:data:`STEPS`; ``done`` of
    ``total`` steps: the costly results computed once, each notebook, the publication), for a
    caller that shows it (the editor's PDF export).
    Bad input raises :class:`model.DataError` before anything runs; one a notebook cell raises (a figure
    the pack lacks) returns 2 with its one line on stderr, nothing published. Returns 0; 1 if a notebook,
    its PDF export, a results.json or the publication failed (nothing is published then); 130 on
    Ctrl-C, 143 on SIGTERM (nothing is published unless the signal came while publishing, which
    then completes first).
    """

    state = {"published": False, "staged": {}}
    main = threading.current_thread() is threading.main_thread()
    old_term = signal.signal(signal.SIGTERM, _terminate) if main else None
    try:
        return _run_suite(scenarios, langs, overrides, out, jobs, fast, pdf, notebooks=notebooks,
                          seed=seed, draws=draws, reuse_kernels=reuse_kernels, state=state,
                          once=compute_once, progress=progress, programme=programme, region=region)
    except KeyboardInterrupt as e:
        what = "SIGTERM" if isinstance(e, Terminated) else "Ctrl-C"
        if state["published"]:
            print(f"interrupted ({what}) after the outputs were published: they are this run's, complete",
                  file=sys.stderr)
        else:
            print(f"interrupted ({what}): nothing was published; every earlier output is as it was", file=sys.stderr)
        return 143 if isinstance(e, Terminated) else 130
    finally:
        for staged in state["staged"].values():  # published ones have moved: only a stopped run's remain
            publish.discard(staged)
        if main:
            signal.signal(signal.SIGTERM, old_term)


def _run_suite(scenarios, langs, overrides, out, jobs, fast, pdf, *, notebooks, seed, draws, reuse_kernels,
               state, once=True, progress=None, programme="", region="") -> int:
    from dataclasses import replace

    from . import list_scenarios, load_scenario, pack_for, project
    from .paths import using

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
    draws = draws if draws is not None else (DRAWS_FAST if fast else DRAWS)
    jobs = check_run_settings(jobs, draws, seed)

    for name, value in (("--programme", programme), ("--region", region)):
        if not isinstance(value, str):
            raise DataError(name, name.lstrip("-"), value, "a name (empty: the default's)")
    packs = {name: pack_for(name, programme, region) for name in scenarios}  # checked before any kernel
    projections, titles = {}, {}
    for name in scenarios:
        with using(packs[name]):
            projections[name] = project(load_scenario(name, overrides, file="--set"))
            # a region lacking a figure or its households: refused here, before any kernel (model/missing.py)
            missing.require(projections[name].scenario.params, "the notebooks")
            titles[name] = list_scenarios()[name]
    files = find_notebooks(notebooks)
    date = today()
    out_root = Path(out) if out is not None else BUILD
    roots = {name: scenario_dir(out_root, name, draws, overrides, seed, pack=packs[name]) for name in scenarios}
    check_writable(out_root, [out_root, *roots.values()])  # the staging goes beside the folders, in out_root

    todo: list[Job] = []
    declared = {f: declared_parameters(f) for f in files}
    # a page written about what a pack does not have (model/pages.py) is left out for it, said in one line
    left_out = {name: {f.stem: why for f in files if (why := pages.missing(f.stem, packs[name]))} for name in scenarios}
    for name in scenarios:
        shown = {k: projections[name].scenario.value(k) for k in overrides}  # validated: {value: ...} read
        for lang in langs:
            params = {"scenario": name, "programme": programme, "region": region, "lang": lang,
                      "overrides": overrides, "seed": seed, "draws": draws}
            for f in files:
                names, param_cell = declared[f]
                check_parameters(f, params, names)
                if f.stem in left_out[name]:
                    continue
                meta = pdf_meta(f.stem, name, lang, shown, titles, date, packs[name]) if pdf else None
                todo.append(Job(str(f.resolve()), f.stem, name, lang, params, lang, param_cell, meta, reuse_kernels))

    for name in scenarios:
        for why in left_out[name].values():
            print(f"note: {name} ({packs[name]}): left out: {why}", file=sys.stderr)
    if not todo:  # every notebook asked for is left out: nothing to run, nothing to publish
        raise DataError("--notebooks", "notebooks", ", ".join(f.stem for f in files),
                        f"a notebook that {', '.join(scenarios)} can be shown in (each is left out above)")

    # What a killed run left goes first: its publication finished (if it died publishing), its
    # staging removed, and temporary files and Typst build folders of processes that are gone.
    staged = state["staged"]
    try:
        publish.recover(out_root)
        clean_stale([d for root in roots.values() for d in (root, *(root / lang for lang in langs))])
        for name in scenarios:
            staged[name] = publish.stage(roots[name])
    except OSError as e:  # e.g. out_root became read-only or full since the check
        raise DataError("--out", "out", str(out_root), f"a directory to write into ({e.strerror or e})") from None
    todo = [replace(j, out_dir=str(staged[j.scenario] / j.out_dir)) for j in todo]
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    steps = len(todo) + 2  # computed once, each notebook, published
    tell = progress or (lambda step, done, total: None)
    tell("computing", 0, steps)
    offered, computing = compute_beside(scenarios, overrides, roots, staged, draws, seed, programme=programme,
                                        region=region) if once else ([], None)
    tell("notebooks", 1, steps)
    reading = {str(f.resolve()): reads_computed(f) for f in files}
    order = sorted(range(len(todo)), key=lambda i: reading[todo[i].notebook])  # stable: the others first
    try:
        with results_file.offered(offered):
            done = run_jobs([todo[i] for i in order], workers,
                            done=lambda n: n < len(todo) and tell("notebooks", 1 + n, steps))
        if computing is not None:
            computing.wait()  # its file is staged with the run's outputs (or it failed: a warning)
    except BaseException:
        if computing is not None:
            computing.kill()  # its results are not wanted now
            computing.wait()
        raise
    finally:
        for path in offered:
            results_file.clear_pending(path)  # never published
    results: list[Result] = [None] * len(todo)
    for i, r in zip(order, done):
        results[i] = r  # back in the order of the jobs: the messages and the summary read as before

    problems = []
    for name in scenarios:
        done = [r for r in results if r.job.scenario == name]
        produced = [Path(f).relative_to(staged[name]).as_posix() for r in done for f in r.files]
        failed = [f"{r.job.lang}/{r.job.stem}.ipynb" for r in done if not r.ok]
        d = scenario_results(projections[name], overrides, seed=seed, draws=draws, langs=langs,
                             notebooks=[f.stem for f in files if f.stem not in left_out[name]], files=produced,
                             failed=failed, folder=roots[name].name)
        if left_out[name]:  # only then: the default pack's results.json is as it was
            d["run"]["left_out"] = dict(left_out[name])
        try:
            write_atomic(staged[name] / "results.json", dump_json(d))
        except OSError as e:
            problems.append(f"error: cannot write {_shown(str(roots[name] / 'results.json'))}: {e.strerror or e}")

    bad = [r for r in results if not r.ok]
    kept = {}
    if not bad and not problems:
        tell("publishing", steps - 1, steps)
        try:
            with publish.signals_deferred():  # a signal now is delivered after the flag is set
                publish.publish({roots[n]: staged[n] for n in scenarios}, out_root)
                state["published"] = True
            tell("published", steps, steps)
        except OSError as e:
            problems.append(f"error: cannot publish into {_shown(str(out_root))}: {e.strerror or e}")
    if not state["published"]:
        for n in scenarios:
            kept[n] = publish.keep_failed(roots[n], staged[n])

    def final(name: str, path: str) -> Path:
        return roots[name] / Path(path).relative_to(staged[name])

    data_errors = sorted({r.data_error for r in bad if r.data_error})
    if data_errors and all(r.data_error for r in bad) and not problems:
        # bad input found by a notebook (a figure the region lacks, a value refused): exit 2 with the
        # error's one line, as any bad input; nothing was published, the executions are kept
        for line in data_errors:
            print(f"error: {line}", file=sys.stderr)
        return 2
    for w in sorted({w for r in results for w in r.warnings}):
        print(f"warning: {w}", file=sys.stderr)
    for r in bad:
        j = r.job
        print(f"error: {rel(Path(j.notebook))} (scenario {j.scenario}, lang {j.lang}): {r.error}", file=sys.stderr)
        if r.kept and kept.get(j.scenario):
            where = kept[j.scenario] / Path(r.kept).relative_to(staged[j.scenario])
            print(f"  executed notebook kept as {_shown(str(where))}", file=sys.stderr)
    for line in problems:
        print(line, file=sys.stderr)

    if state["published"]:
        kind = ".pdf" if pdf else ".ipynb"
        products = [(r.job.stem != BRIEF, final(r.job.scenario, f)) for r in results for f in r.files
                    if f.endswith(kind)]
        for _, f in sorted(products, key=lambda x: x[0]):  # stable: briefs first, then run order
            print(_shown(str(f)))
    sys.stdout.flush()
    for line in summary(results, roots, state["published"], seconds=time.perf_counter() - t0, workers=workers,
                        draws=draws, seed=seed, langs=langs, overrides=overrides, kept=kept):
        print(line, file=sys.stderr)
    return 0 if state["published"] else 1
