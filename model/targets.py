"""The announced headline figures against the projection: met or not, in which year, by how much.

Each target is read in ``programme.target_year``; ``year`` is the first year the projection
reaches it (None if never within the horizon). A programme is held to the targets its
announcement (the pack's article.yaml) gives a figure for (``announced``): the 2019 article names
all of them, another programme fewer. An announced sum of money of a later year is compared in
2019 prices, the suite's one price base.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .parameters import load_sources
from .prices import BASE_YEAR, to_constant_2019

REL_TOL = 1e-6  # "more than 31,000" is met by 31,000 up to floating-point rounding
COST_TOL = 0.005  # total cost must match the announced 46.4 bn within 0.5 %


@dataclass(frozen=True)
class Target:
    key: str
    figure: str  # key in data/programmes/zhambyl_2019/article.yaml
    unit: str
    rule: str  # ">=" reach at least, "<" fall below, "~" equal within COST_TOL
    series: Callable[[dict], np.ndarray]  # (n, T)
    households: bool = False  # read from the household microsimulation (model/microsim)


TARGETS = (
    Target("projects", "projects", "projects", ">=", lambda r: r["projects"].sum(1)),
    # hired + owners running, or hired alone under the "in addition" reading (jobs.owners_in_target)
    Target("jobs", "new_jobs", "jobs", ">=", lambda r: r["jobs_target_basis"].sum(1)),
    Target("entrepreneurs", "entrepreneurs", "people", ">=", lambda r: r["entrepreneurs"].sum(1)),
    Target("output_added_bn_kzt", "output_added", "bn KZT", ">=", lambda r: r["output_agri"].sum(1)),
    Target("output_rise_pct", "output_rise", "%", ">=", lambda r: r["output_rise_pct"]),
    Target("processing_load_rise_pct", "processing_load_rise", "%", ">=", lambda r: r["processing_rise_pct"]),
    Target("tsa_recipients_change", "tsa_recipients_fall", "people", "<", lambda r: -r["tsa_people_out"], households=True),
    Target("total_cost_bn_kzt", "programme_cost", "bn KZT", "~", lambda r: np.cumsum(r["total_cost"], axis=-1)),
)
TARGET_KEYS = tuple(t.key for t in TARGETS)


def year_index(years, year) -> int:
    """Position of ``year`` in a projection's years (the one rule for "read it in that year")."""
    years = np.asarray(years)
    i = int(np.searchsorted(years, year))
    if i >= len(years) or years[i] != year:
        raise ValueError(f"year {year} is not among the projected years {int(years[0])}-{int(years[-1])}")
    return i


def announced(article=None) -> tuple[Target, ...]:
    """The targets the pack's announcement gives a figure for, in the order of ``TARGETS``."""
    article = load_sources().article if article is None else article
    return tuple(t for t in TARGETS if t.figure in article)


def target_value(t: Target, article=None) -> float:
    """The announcement's figure for a target (``article``: load_sources().article, read once by a
    caller that asks for every target), money in 2019 prices (the region's price index)."""
    fig = (load_sources().article if article is None else article)[t.figure]
    if t.unit == "bn KZT" and fig.year > BASE_YEAR:  # e.g. a 2023 allocation, in money of 2023
        return float(to_constant_2019([fig.value], [fig.year], {})[0])
    return float(fig.value)


def is_met(rule: str, projected, target):
    projected = np.asarray(projected, dtype=float)
    if rule == ">=":
        return projected >= target * (1 - REL_TOL)
    if rule == "<":
        return projected < target
    return np.abs(projected / target - 1) <= COST_TOL


def evaluate(r: dict, target_year: int) -> dict[str, dict[str, np.ndarray]]:
    """For each target: projected (n,), met (n,), first year met (n, NaN = never)."""
    years = r["years"]
    i = year_index(years, target_year)
    article = load_sources().article
    out = {}
    for t in announced(article):
        series = t.series(r)
        goal = target_value(t, article)
        met_by_year = is_met(t.rule, series, goal)
        first = np.where(met_by_year.any(-1), years[met_by_year.argmax(-1)], np.nan)
        out[t.key] = {"target": goal, "projected": series[:, i], "met": met_by_year[:, i], "year": first}
    return out


def table(r: dict, target_year: int) -> list[dict]:
    """The targets table of a single run (n = 1) as plain records."""
    rows = []
    article = load_sources().article
    for t, (key, e) in zip(announced(article), evaluate(r, target_year).items()):
        fig = article[t.figure]
        projected = float(e["projected"][0])
        year = e["year"][0]
        ran = not np.isnan(projected)  # NaN: it needs a figure the region lacks (model/missing.py): not run, not "missed"
        rows.append({
            "key": key, "target": e["target"], "projected": projected if ran else None, "unit": t.unit,
            "met": bool(e["met"][0]) if ran else None, "year": None if not ran or np.isnan(year) else int(year),
            "gap_pct": None if not ran or e["target"] == 0 else 100 * (projected / e["target"] - 1),
            "rule": t.rule, "quote": fig.quote,
        })
    return rows


def jobs_readings(summary: dict) -> list[dict]:
    """The announced jobs (the 2019 article's 90,000) under both readings, in the target year of one
    projection; only for a pack whose announcement gives jobs.

    "including": owners still running a project + hired jobs against 90,000; "in_addition": hired
    jobs alone against 90,000 (the owners being the separate 68,000). ``active`` marks the reading
    the scenario's targets table uses (``jobs.owners_in_target``).
    """
    goal = target_value(next(t for t in TARGETS if t.key == "jobs"))
    rows = []
    for reading, compared in (("including", summary["jobs_direct"]), ("in_addition", summary["hired"])):
        rows.append({"reading": reading, "compared": compared, "target": goal, "share": compared / goal,
                     "met": bool(is_met(">=", compared, goal)), "active": reading == summary["jobs_reading"]})
    return rows


def met_count(rows) -> int:
    """How many targets of a targets table (``Projection.targets``, or records with ``met``) are met."""
    return int(sum(bool(m) for m in rows["met"]))


def reached(rows):
    """How far each target is reached: the projected figure as a fraction of the article's (1 = the
    figure exactly), for the targets whose figure is not zero (a fall "below zero" has no such
    fraction). ``rows``: a targets table (``Projection.targets``, a DataFrame); returns a DataFrame
    indexed by key with ``reached`` (fraction) and ``met``, in the table's order."""
    shares = rows[rows["target"] != 0].set_index("key")
    return shares.assign(reached=shares["projected"] / shares["target"])[["reached", "met"]]
