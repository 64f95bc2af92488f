"""Launch years, ramp-up to maturity, and survival of projects.

A cohort launched in year y contributes m_k * (1 - f)^k mature-project equivalents k years
later (f: failure rate a year). The ramp-up m_k = min(1, (k + 1/2) / Y) with Y the direction's
years to full effect: a project launched during a year works about half of it, then grows
linearly to full strength (Y = 1: 0.5, 1, 1, ...; Y = 3, a herd: 1/6, 1/2, 5/6, 1, ...).
"""
from __future__ import annotations

import numpy as np


def ramp_up(years_to_full_effect, k):
    """Share of full effect k years after launch: min(1, (k + 1/2) / Y); (n, D) x (T,) -> (n, D, T)."""
    y = np.asarray(years_to_full_effect, dtype=float)[..., None]
    return np.minimum(1.0, (np.asarray(k, dtype=float) + 0.5) / y)


def lag_weights(years_to_full_effect, failure_rate, n_years: int):
    """Effect of one project k = 0..T-1 years after launch: ramp-up times survival, (n, D, T)."""
    k = np.arange(n_years)
    return ramp_up(years_to_full_effect, k) * survival(failure_rate, k)


def survival(failure_rate, k):
    """Share of projects still running k years after launch: (1 - f)^k."""
    return powers(1 - np.asarray(failure_rate, dtype=float), k)


def powers(base, k):
    """base[..., None] ** k; for k = 0, 1, ..., T-1 (every caller's case) by a running product,
    several times cheaper than a power per element over 100,000 draws."""
    base = np.asarray(base, dtype=float)
    k = np.asarray(k)
    if k.ndim != 1 or not np.array_equal(k, np.arange(len(k))):
        return base[..., None] ** k
    out = np.empty((*base.shape, len(k)))
    out[..., :1] = 1.0
    out[..., 1:] = base[..., None]
    return np.cumprod(out, axis=-1, out=out)


def convolve_cohorts(launches, weights):
    """Sum over launch cohorts: out[t] = sum_y launches[y] * weights[t - y]; both (n, D, T).

    One pass per launch year that launches anything (a programme launches in its first few
    years only), each adding that cohort's whole path.
    """
    n_years = launches.shape[-1]
    out = np.zeros(np.broadcast_shapes(launches.shape, weights.shape))
    for year in range(n_years):
        cohort = launches[..., year : year + 1]
        if not cohort.any():
            continue
        out[..., year:] += cohort * weights[..., : n_years - year]
    return out
