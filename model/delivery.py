"""Delivery: how many projects the lenders can launch a year, and when the money is really lent.

The plan spreads each direction's money over its launch years (``timeline.launch_shares``); a
direction's lenders launch at most ``capacity_projects_per_year`` projects a year. Money that
cannot be lent in its year is carried to the next, so a schedule beyond capacity is lent later,
never lost (what is still unlent at the horizon is reported, not dropped silently). With the
revolving fund on, microcredit repaid in a year is lent again the next year, split like the
programme's money, at that year's cost per project.

Shapes: ``(n, D)`` for n draws and D directions, ``(n, D, T)`` by year. Money in bn KZT at
constant 2019 prices, cost per project in m KZT.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Delivery:
    """What was lent and launched, by draw, direction and year."""

    planned: np.ndarray  # projects the schedule asks for (money of the year / its cost), (n, D, T)
    launched: np.ndarray  # projects launched, (n, D, T)
    spend: np.ndarray  # money lent, bn KZT, (n, D, T)
    relent: np.ndarray  # of which repaid money lent again, bn KZT, (n, D, T)
    unlent: np.ndarray  # money not lent by the horizon, bn KZT, (n, D)


def cost_by_launch_year(cost_m_kzt, cost_index, n_years: int) -> np.ndarray:
    """Cost per project by launch year: c_d x index_y, the index's last value holding; (n, D, T)."""
    idx = np.asarray(cost_index, dtype=float)
    path = np.concatenate([idx, np.full(max(0, n_years - len(idx)), idx[-1])])[:n_years]
    return np.asarray(cost_m_kzt, dtype=float)[..., None] * path


def deliver(money_by_year, cost, capacity, binds: bool, returned_per_project=None, shares=None) -> Delivery:
    """Lend each year's money within capacity, carrying the rest to the next year.

    ``money_by_year`` (n, D, T): the schedule's money, bn KZT. ``cost`` (n, D, T): cost per project
    launched in each year, m KZT. ``capacity`` (n, D): projects a year; ignored unless ``binds``.
    ``returned_per_project`` (n, D, T): microcredit money (bn KZT) a project launched in year 0
    returns k years later (the revolving fund; None: off); ``shares`` (n, D) splits it.
    """
    money_by_year = np.asarray(money_by_year, dtype=float)
    n, D, T = money_by_year.shape
    planned = money_by_year * 1000.0 / cost
    if not binds and returned_per_project is None:  # the schedule as given: no year depends on another
        return Delivery(planned=planned, launched=planned, spend=money_by_year, relent=np.zeros_like(money_by_year),
                        unlent=np.zeros((n, D)))
    launched = np.zeros_like(money_by_year)
    relent = np.zeros_like(money_by_year)
    carried = np.zeros((n, D))  # money waiting for capacity, bn KZT
    returns = np.zeros((n, T + 1))  # repaid microcredit coming back, by year (bn KZT)
    cap = np.broadcast_to(np.asarray(capacity, dtype=float), (n, D))
    for t in range(T):
        back = returns[:, t, None] * shares if returned_per_project is not None else 0.0
        available = money_by_year[..., t] + carried + back
        want = available * 1000.0 / cost[..., t]
        launched[..., t] = np.minimum(want, cap) if binds else want
        lent = launched[..., t] * cost[..., t] / 1000.0
        carried = np.maximum(available - lent, 0.0)  # rounding: never a negative carry
        # repaid money in the first place lends this year's repayments; what it cannot lend waits too
        relent[..., t] = np.minimum(lent, back) if returned_per_project is not None else 0.0
        if returned_per_project is not None and t + 1 < T:
            # a cohort's repayments come back over the following years; lent again the year after
            flow = (launched[..., t, None] * returned_per_project[..., : T - t]).sum(1)  # (n, T - t)
            returns[:, t + 1 : T + 1] += flow
    spend = launched * cost / 1000.0
    return Delivery(planned=planned, launched=launched, spend=spend, relent=relent, unlent=carried)


def beyond_capacity(planned, capacity) -> np.ndarray:
    """Whether the schedule asks any direction, in any year, for more projects than it can launch: (n,)."""
    cap = np.asarray(capacity, dtype=float)[..., None]
    return (np.asarray(planned) > cap * (1 + 1e-9)).any(axis=(1, 2))
