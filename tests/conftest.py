"""Shared fixtures: small notebooks written on the fly (for the runner's failure cases), and the real
notebooks executed once per session (akimat_suite, other_scenarios, fresh_kernels)."""
import json
import shutil
from pathlib import Path

import nbformat
import pytest

# The parameters cell every suite notebook declares (see notebooks/*.py).
PARAMETERS = '''\
scenario: str = "akimat"  # scenario name in data/scenarios
programme: str = ""  # a folder of data/programmes; "": the scenario's own, else zhambyl_2019
region: str = ""  # a folder of data/regions; "": the scenario's own, else zhambyl
lang: str = "kk"  # report language: kk, ru or en
overrides: dict = {}  # {"dotted.path": value} applied on top of the scenario
draws: int = 1000  # Monte Carlo draws (the runner's --fast uses fewer)
seed: int = 2019  # random seed: same seed, same numbers
first_year: int = 2020  # first year shown in tables and charts
last_year: int = 2029  # last year shown in tables and charts
'''


@pytest.fixture
def write_notebook():
    """``write_notebook(path, *code_cells, parameters=PARAMETERS)`` -> path.

    Cell 1 is the parameters cell (tagged ``parameters``; ``parameters=None`` leaves it
    out), then one code cell per string, without outputs or kernelspec (like jupytext's).
    """

    def write(path: Path, *cells: str, parameters: str | None = PARAMETERS) -> Path:
        nb = nbformat.v4.new_notebook()
        if parameters is not None:
            cell = nbformat.v4.new_code_cell(parameters)
            cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
        nb.cells += [nbformat.v4.new_code_cell(src) for src in cells]
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        return path

    return write


# --------------------------------------------------------------------------- what a page showed

def shown_text(path) -> str:
    """Every text a notebook showed (markdown, tables, streams), as one string."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type == "error":
                parts.append(f"{o.ename}: {o.evalue}")
            else:
                data = o.get("data", {})
                parts.append(data.get("text/markdown", "") + data.get("text/html", ""))
    return "\n".join(parts)


def the_2019_targets(lang: str) -> list[str]:
    """The 2019 article's jobs, entrepreneurs, output and plant-load figures as the pages write them."""
    from model import packs
    from model.parameters import load_sources
    from model.paths import using
    from model.report import i18n, tables

    with using(packs.resolve("zhambyl_2019", "zhambyl")):
        art = load_sources().article
        return [tables.figure_value(art["new_jobs"], lang), i18n.number(art["new_jobs"].value, lang),
                tables.figure_value(art["entrepreneurs"], lang), i18n.number(art["entrepreneurs"].value, lang),
                tables.figure_value(art["output_added"], lang), i18n.money_bn(art["output_added"].value, lang),
                i18n.pct(art["processing_load_rise"].value, lang, 0), i18n.pct(art["output_rise"].value, lang, 0),
                "90 000", "90,000", "68 000", "68,000", "132.2", "132,2"]


# --------------------------------------------------------------------------- executed notebooks, once

def run_suite_captured(**kw) -> dict:
    """``model.runner.run_suite(**kw)`` with stdout/stderr captured: rc, stdout, stderr."""
    import contextlib
    import io

    from model import runner

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = runner.run_suite(**kw)
    return {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}


# Executing the notebooks is most of the test time. Each of these runs happens once per session,
# in ONE background process started as soon as collection shows a selected test needs it, so
# the notebooks execute while the tests that need none run (2 cores: the pool uses both, the
# other tests mostly one). A test that needs an executed notebook, a PDF or results.json reads
# them from these fixtures (a new notebook in notebooks/ is included by itself):
# run["root"] / lang / f"{stem}.pdf"; another scenario's as
# runner.scenario_dir(run["out"], scenario, runner.DRAWS_FAST) / "kk" / ...
def _runs() -> dict:
    import model
    from model.report import i18n

    others = [s for s in model.list_scenarios() if s != "akimat"]
    return {  # in the order they run
        # akimat in kk, ru, en with PDFs (--fast, kept kernels: the default)
        "akimat_suite": dict(scenarios=["akimat"], langs=list(i18n.LANGS), pdf=True),
        # every scenario but akimat in kk, without PDFs (--fast, kept kernels)
        "other_scenarios": dict(scenarios=others, langs=["kk"], pdf=False),
        # akimat in kk without PDFs, a new kernel per notebook, each computing its own results (as
        # a notebook run alone does): to compare with the kept kernels reading the computed file
        "fresh_kernels": dict(scenarios=["akimat"], langs=["kk"], pdf=False, reuse_kernels=False, compute_once=False),
    }


_DRIVER = """
import json, os, sys, threading, time
parent = os.getppid()

def watch():  # pytest gone (killed): stop; the runner's workers then stop too
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)

threading.Thread(target=watch, daemon=True).start()
sys.path.insert(0, sys.argv[1])
from conftest import run_suite_captured
for name, kw, out in json.loads(sys.argv[2]):
    r = run_suite_captured(out=out, fast=True, **kw)
    with open(out + ".tmp", "w") as f:
        json.dump(r, f)
    os.replace(out + ".tmp", out + ".json")
"""


class _Background:
    """The notebook runs of one session, in one background process (see above)."""

    def __init__(self, names: list[str]):
        import subprocess
        import sys
        import tempfile

        from model.paths import ROOT

        self.dir = Path(tempfile.mkdtemp(prefix="pytest-notebooks-"))
        runs = _runs()
        self.names = [n for n in runs if n in names]
        todo = [(n, runs[n], str(self.dir / n)) for n in self.names]
        self.proc = subprocess.Popen([sys.executable, "-c", _DRIVER, str(Path(__file__).parent), json.dumps(todo)],
                                     cwd=ROOT, start_new_session=True, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=open(self.dir / "driver.log", "wb"))

    def result(self, name: str) -> dict:
        import time

        from model import runner

        assert name in self.names, name
        done = self.dir / f"{name}.json"
        while not done.exists():
            if self.proc.poll() is not None and not done.exists():
                log = (self.dir / "driver.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"the background notebook run {name} ended without a result:\n{log}")
            time.sleep(0.2)
        run = json.loads(done.read_text("utf-8"))
        out = self.dir / name
        scenarios = _runs()[name]["scenarios"]
        root = runner.scenario_dir(out, scenarios[0], runner.DRAWS_FAST) if len(scenarios) == 1 else None
        results = root / "results.json" if root else None
        run.update(out=out, root=root,
                   results=json.loads(results.read_text("utf-8")) if results and results.exists() else None)
        return run

    def close(self) -> None:
        import os
        import shutil
        import signal

        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


_BACKGROUND: list[_Background] = []


def pytest_collection_finish(session):
    names = set(_runs()) & {f for item in session.items for f in getattr(item, "fixturenames", ())}
    if names and not session.config.option.collectonly:
        _BACKGROUND.append(_Background(sorted(names)))


def pytest_sessionfinish(session):
    while _BACKGROUND:
        _BACKGROUND.pop().close()


def _executed(name: str) -> dict:
    bg = next((b for b in _BACKGROUND if name in b.names), None)
    if bg is None:  # asked for outside collection (getfixturevalue): run it now
        bg = _Background([name])
        _BACKGROUND.append(bg)
    return bg.result(name)


@pytest.fixture(scope="session")
def akimat_suite():
    """akimat in kk, ru, en with PDFs (--fast, kept kernels: the default)."""
    return _executed("akimat_suite")


@pytest.fixture(scope="session")
def other_scenarios():
    """Every scenario but akimat in kk, without PDFs (--fast, kept kernels)."""
    return _executed("other_scenarios")


@pytest.fixture(scope="session")
def fresh_kernels():
    """akimat in kk without PDFs, a new kernel per notebook, no computed file: to compare with the kept kernels."""
    return _executed("fresh_kernels")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """``item.rep_failed`` for fixtures that keep evidence of a failure (the browser test's screenshots)."""
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call" and rep.failed:
        item.rep_failed = True


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ to break on purpose, as the default pack rooted there (``data_copy / "tsa.yaml"``
    is the region's file, ``data_copy.root`` the folder); the loader's caches are cleared before and after."""
    from model.parameters import load_parameters, load_sources
    from model.paths import ROOT, Pack

    shutil.copytree(ROOT / "data", tmp_path / "data")
    load_parameters.cache_clear()
    load_sources.cache_clear()
    yield Pack(root=tmp_path / "data")
    load_parameters.cache_clear()
    load_sources.cache_clear()
