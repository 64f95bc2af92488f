"""Appraisal: NPV, IRR, benefit-cost ratio, payback and cost per job.

Flows are by year along the last axis, the first year undiscounted (t = 0).
References: Boardman et al., Cost-Benefit Analysis (5th ed.), ch. 1-3.
"""
from __future__ import annotations

import numpy as np


def discount_factors(rate, n_years: int):
    """1 / (1 + rate)^t for t = 0..n_years-1, (..., T)."""
    from .timeline import powers
    return powers(1 / (1 + np.asarray(rate, dtype=float)), np.arange(n_years))


def npv(rate, flows):
    """Net present value at ``rate`` of flows (..., T): sum_t flow_t / (1 + rate)^t."""
    flows = np.asarray(flows, dtype=float)
    return (flows * discount_factors(rate, flows.shape[-1])).sum(-1)


def irr(flows, lo: float = -0.99, hi: float = 10.0, tolerance: float = 1e-12):
    """Internal rate of return by bisection, vectorised over draws; NaN where NPV keeps one sign.

    Valid for conventional flows (costs first, then benefits), where NPV falls with the rate.
    NPV is evaluated by Horner's rule in the discount factor 1 / (1 + rate), so an iteration
    costs T multiply-adds instead of T powers; bisection stops when the bracket is narrower
    than ``tolerance`` (about 44 halvings of [-0.99, 10]).
    """
    flows = np.asarray(flows, dtype=float)
    lo_v = np.full(flows.shape[:-1], lo)
    hi_v = np.full(flows.shape[:-1], hi)
    ok = (_npv_horner(lo_v, flows) > 0) & (_npv_horner(hi_v, flows) < 0)
    for _ in range(int(np.ceil(np.log2((hi - lo) / tolerance)))):
        mid = (lo_v + hi_v) / 2
        positive = _npv_horner(mid, flows) > 0
        lo_v = np.where(positive, mid, lo_v)
        hi_v = np.where(positive, hi_v, mid)
    return np.where(ok, (lo_v + hi_v) / 2, np.nan)


def _npv_horner(rate, flows):
    """sum_t flow_t v^t with v = 1 / (1 + rate), as (...((f_{T-1} v + f_{T-2}) v + ...) v + f_0."""
    v = 1.0 / (1.0 + rate)
    out = flows[..., -1].copy()
    for t in range(flows.shape[-1] - 2, -1, -1):
        out *= v
        out += flows[..., t]
    return out


def bcr(rate, benefits, costs):
    """Benefit-cost ratio: PV(benefits) / PV(costs); NaN when nothing is spent."""
    costs_pv = npv(rate, costs)
    return np.divide(npv(rate, benefits), costs_pv, out=np.full(np.shape(costs_pv), np.nan), where=costs_pv != 0)


def labour_cost(net_jobs, shadow_wage_share, minimum_wage_kzt_month):
    """Opportunity cost of the programme's labour, bn KZT a year: net jobs x shadow wage x 12.

    The shadow wage is a share of the minimum wage (ADB 2017, rural unskilled labour): what the
    person's time would produce without the programme.
    """
    return np.asarray(net_jobs) * np.asarray(shadow_wage_share) * np.asarray(minimum_wage_kzt_month) * 12 / 1e9


def payback_years(flows):
    """Years from the start until cumulative undiscounted net flow turns non-negative (NaN: never).

    Counted in whole years: 1 means the first year's flow already pays back.
    """
    cum = np.cumsum(np.asarray(flows, dtype=float), axis=-1)
    reached = cum >= 0
    first = reached.argmax(-1)
    return np.where(reached.any(-1), first + 1.0, np.nan)
