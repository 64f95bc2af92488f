"""How one projection's totals divide, as notebooks 02 and 05 quote them: numbers only.

    direction_shares    each direction's part of a total (money, projects, output)
    money_and_projects  by direction: money, cost per project, projects, projects still running
    projects_closed     by year: projects launched so far, still running, closed
    share_to_plants     the part of the added farm output sold to processing plants

Shares are fractions (0.4 = 40 %); money in bn KZT of constant 2019 prices. model/report only
labels and formats what these return.
"""
from __future__ import annotations

import pandas as pd

from .parameters import DIRECTIONS


def direction_shares(by_direction: pd.Series) -> pd.Series:
    """Each entry of a Series indexed by direction (and "total") as a fraction of its "total" entry;
    the total's own share is 1."""
    return by_direction / by_direction["total"]


def money_and_projects(projection, year: int) -> pd.DataFrame:
    """By direction (index: the five directions and "total"): money over the whole horizon
    (``money_bn``, bn KZT) and its share, the cost per project (``cost_m``, m KZT; NaN for the
    total), projects launched by the horizon and their share, and projects still running in ``year``.
    """
    money = projection.wide("spend").sum()  # every year's spending: the programme's money
    projects = projection.wide("projects").iloc[-1]  # cumulative launches, read at the horizon
    cost = pd.Series({d: projection.scenario.value(f"directions.{d}.cost_per_project_m_kzt") for d in DIRECTIONS})
    return pd.DataFrame({"money_bn": money, "money_share": direction_shares(money), "cost_m": cost,
                         "projects": projects, "project_share": direction_shares(projects),
                         "running": projection.wide("running").loc[year]})


def projects_closed(projection) -> pd.DataFrame:
    """By year: projects launched so far (``projects``), still running, closed (launched less
    running: failures accumulate) and ``closed_share``, the closed as a fraction of those launched."""
    launched, running = projection.series("projects"), projection.series("running")
    closed = launched - running
    return pd.DataFrame({"projects": launched, "running": running, "closed": closed, "closed_share": closed / launched})


def share_to_plants(projection, year: int) -> float:
    """The fraction of the added agricultural output of ``year`` that is sold to processing plants."""
    return projection.series("to_plants").loc[year] / projection.series("output_agri").loc[year]
