"""Shared fixtures: small notebooks written on the fly (for the runner's failure cases)."""
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
