"""Projection of the Zhambyl oblast welfare programme (46.4 bn KZT, five directions, 2019).

The public API::

    load_scenario(name, overrides)   -> Scenario (validated, with provenance)
    project(scenario)                -> Projection (tidy table, summary, targets)
    simulate(scenario, draws, seed)  -> Simulation (the same model over parameter draws)
    list_scenarios()                 -> {name: {lang: title}}
    use_pack(scenario, programme, region) -> Pack (the pack a scenario runs in, put in force)
"""
import os as _os

# Same inputs and seed, the same numbers on any machine: OpenBLAS splits a long dot product (the
# population's calibration, the Monte Carlo's sums) between its threads, so two threads and one
# differ in the last digits (a JSON compared byte for byte differs). One BLAS thread, then: the
# variables for a BLAS loaded later and for child processes, threadpoolctl for one already loaded.
# The model's products are small; the cores go to the runner's workers.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ[_var] = "1"
import numpy as _np  # noqa: E402  (loaded before the limit, so that threadpoolctl sees its BLAS)
from threadpoolctl import threadpool_limits as _threadpool_limits  # noqa: E402

_threadpool_limits(limits=1, user_api="blas")

from .errors import DataError  # noqa: E402
from .parameters import DIRECTIONS
from .projection import Projection, project
from .build import load_scenario, pack_for, use_pack
from .scenario import Scenario, list_scenarios


def __getattr__(name: str):
    """``simulate`` and ``Simulation`` load pandas and scipy: imported on first use, not at start-up."""
    if name in ("simulate", "Simulation"):
        from . import uncertainty

        return getattr(uncertainty, name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")

if "IPython" in __import__("sys").modules:  # in a notebook: a DataError shows as its one line
    from .report.display import install_error_display

    install_error_display()

__all__ = ["DataError", "DIRECTIONS", "Projection", "Scenario", "Simulation", "list_scenarios", "load_scenario",
           "pack_for", "project", "simulate", "use_pack"]
