"""Appraisal: NPV, IRR, benefit-cost ratio, payback and cost per job.

Flows are by year along the last axis, the first year undiscounted (t = 0).
References: Boardman et al., Cost-Benefit Analysis (5th ed.), ch. 1-3.
"""
from __future__ import annotations

import numpy as np


def discount_factors(rate, n_years: int):
    return (1 + np.asarray(rate, dtype=float)[..., None]) ** -np.arange(n_years)


def npv(rate, flows):
    """Net present value at ``rate`` of flows (..., T): sum_t flow_t / (1 + rate)^t."""
    flows = np.asarray(flows, dtype=float)
    return (flows * discount_factors(rate, flows.shape[-1])).sum(-1)


def irr(flows, lo: float = -0.99, hi: float = 10.0, iterations: int = 100):
    """Internal rate of return by bisection, vectorised over draws; NaN where NPV keeps one sign.

    Valid for conventional flows (costs first, then benefits), where NPV falls with the rate.
    """
    flows = np.asarray(flows, dtype=float)
    lo_v = np.full(flows.shape[:-1], lo)
    hi_v = np.full(flows.shape[:-1], hi)
    ok = (npv(lo_v, flows) > 0) & (npv(hi_v, flows) < 0)
    for _ in range(iterations):
        mid = (lo_v + hi_v) / 2
        positive = npv(mid, flows) > 0
        lo_v = np.where(positive, mid, lo_v)
        hi_v = np.where(positive, hi_v, mid)
    return np.where(ok, (lo_v + hi_v) / 2, np.nan)


def bcr(rate, benefits, costs):
    """Benefit-cost ratio: PV(benefits) / PV(costs); NaN when nothing is spent."""
    costs_pv = npv(rate, costs)
    return np.divide(npv(rate, benefits), costs_pv, out=np.full(np.shape(costs_pv), np.nan), where=costs_pv != 0)


def payback_years(flows):
    """Years from the start until cumulative undiscounted net flow turns non-negative (NaN: never).

    Counted in whole years: 1 means the first year's flow already pays back.
    """
    cum = np.cumsum(np.asarray(flows, dtype=float), axis=-1)
    reached = cum >= 0
    first = reached.argmax(-1)
    return np.where(reached.any(-1), first + 1.0, np.nan)
