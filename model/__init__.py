"""Projection of the Zhambyl oblast welfare programme (46.4 bn KZT, five directions, 2019).

The public API::

    load_scenario(name, overrides)   -> Scenario (validated, with provenance)
    project(scenario)                -> Projection (tidy table, summary, targets)
    simulate(scenario, draws, seed)  -> Simulation (the same model over parameter draws)
    list_scenarios()                 -> {name: {lang: title}}
"""
from .errors import DataError
from .parameters import DIRECTIONS
from .projection import Projection, project
from .build import load_scenario
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
           "project", "simulate"]
