"""How one projection's totals divide, as notebooks 02, 03 and 05 and the editor quote them: numbers only.

    direction_shares    each direction's part of a total (money, projects, output)
    money_and_projects  by direction: money, cost per project, projects, projects still running
    projects_closed     by year: projects launched so far, still running, closed
    share_to_plants     the part of the added farm output sold to processing plants
    net_jobs            by direction: gross -> net jobs, indirect jobs, job-years (notebook 03)
    gross_to_net        the target year's steps from gross to net jobs, for the waterfall (notebook 03)
    total_by_year       an indicator summed over the directions, by year (the editor's charts)

Shares are fractions (0.4 = 40 %); money in bn KZT of constant 2019 prices. model/report only
labels and formats what these return.
"""
from __future__ import annotations

import numpy as np
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


def net_jobs(projection, year: int) -> pd.DataFrame:
    """By direction (index: the five directions and "total"), in ``year``: direct (gross) jobs
    (``gross``), those lost to deadweight and displacement (``lost``, net less gross: zero or
    negative), net direct jobs (``net``), indirect jobs (``indirect``), net direct plus indirect
    (``net_total``), and ``job_years``, net total jobs summed over every projected year. Jobs are
    people (owners running) plus full-time equivalents (hired), as ``jobs.py`` counts them."""
    gross = projection.wide("jobs_direct").loc[year]
    net = projection.wide("jobs_direct_net").loc[year]
    return pd.DataFrame({"gross": gross, "lost": net - gross, "net": net,
                         "indirect": projection.wide("jobs_indirect").loc[year],
                         "net_total": projection.wide("jobs_net_total").loc[year],
                         "job_years": projection.wide("jobs_net_total").sum()})


GROSS_TO_NET = ("gross", "deadweight", "displacement", "net", "indirect", "net_total")


def gross_to_net(projection) -> dict:
    """From gross to net jobs in the target year, step by step (``GROSS_TO_NET``), as a waterfall reads it:

    ``change``     each step's jobs: the gross jobs, minus those lost to deadweight, minus those
                   displaced, the net direct jobs, plus the indirect jobs, the net total
    ``top``        each step's upper end: where the bar of a fall starts and that of a rise ends
                   (the totals start from zero)
    ``net_share``  net total jobs (net direct + indirect) as a fraction of the gross jobs
    Jobs as ``net_jobs`` counts them; ``change`` and ``top`` are arrays in the order of ``steps``."""
    s = projection.summary
    gross, net = s["jobs_direct"], s["jobs_direct_net"]
    deadweight, displaced = s["jobs_deadweight"], s["jobs_displaced"]
    return {"steps": GROSS_TO_NET,
            "top": np.array([gross, gross, gross - deadweight, net, net + s["jobs_indirect"], s["jobs_net_total"]]),
            "change": np.array([gross, -deadweight, -displaced, net, s["jobs_indirect"], s["jobs_net_total"]]),
            "net_share": s["jobs_net_total"] / gross}


def total_by_year(projection, indicator: str) -> np.ndarray:
    """An indicator of the projection's first draw summed over the directions, by year (an array over
    ``projection.years``, in the indicator's unit); an indicator kept only as a total is returned as
    it is. Read from the projection's arrays, not its tidy table (the editor redraws on every edit)."""
    a = projection.arrays[indicator][0]
    return a.sum(0) if a.ndim == 2 else a
