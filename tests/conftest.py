"""Shared fixtures: small notebooks written on the fly (for the runner's failure cases), and the real
notebooks executed once per session (akimat_suite, other_scenarios, fresh_kernels)."""
from pathlib import Path

import nbformat
import pytest

# The parameters cell every suite notebook declares (see notebooks/*.py).
PARAMETERS = '''\
scenario: str = "akimat"  # scenario name in data/scenarios
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


def _suite(tmp_path_factory, name: str, **kw) -> dict:
    import json

    from model import runner

    out = tmp_path_factory.mktemp(name)
    run = run_suite_captured(out=out, fast=True, **kw)
    one = len(kw["scenarios"]) == 1
    root = runner.scenario_dir(out, kw["scenarios"][0], runner.DRAWS_FAST) if one else None
    results = json.loads((root / "results.json").read_text("utf-8")) if one and (root / "results.json").exists() else None
    run.update(out=out, root=root, results=results)
    return run


# Executing the notebooks is most of the test time. They run once per session, here, and every
# test that needs an executed notebook, a PDF or results.json reads these (a new notebook in
# notebooks/ is included by itself). Read a file as run["root"] / lang / f"{stem}.pdf"; other
# scenarios' as runner.scenario_dir(run["out"], scenario, runner.DRAWS_FAST) / "kk" / ...

@pytest.fixture(scope="session")
def akimat_suite(tmp_path_factory):
    """akimat in kk, ru, en with PDFs (--fast, kept kernels: the default)."""
    from model.report import i18n

    return _suite(tmp_path_factory, "suite", scenarios=["akimat"], langs=list(i18n.LANGS), pdf=True)


@pytest.fixture(scope="session")
def other_scenarios(tmp_path_factory):
    """Every scenario but akimat in kk, without PDFs (--fast, kept kernels)."""
    import model

    others = [s for s in model.list_scenarios() if s != "akimat"]
    return _suite(tmp_path_factory, "others", scenarios=others, langs=["kk"], pdf=False)


@pytest.fixture(scope="session")
def fresh_kernels(tmp_path_factory):
    """akimat in kk without PDFs, a new kernel per notebook: to compare with the kept kernels."""
    return _suite(tmp_path_factory, "fresh", scenarios=["akimat"], langs=["kk"], pdf=False, reuse_kernels=False)
