"""Launch years, ramp-up to maturity, and survival of projects.

A cohort launched in year y contributes m_k * (1 - f)^k mature-project equivalents k years
later (m: ramp-up, last value holds; f: failure rate a year).
"""
from __future__ import annotations

import numpy as np


def lag_weights(ramp_up, failure_rate, n_years: int):
    """(n, D) failure rates -> (n, D, T) effect of one project k = 0..T-1 years after launch."""
    k = np.arange(n_years)
    m = np.asarray(ramp_up, dtype=float)
    m = np.concatenate([m, np.full(max(0, n_years - len(m)), m[-1])])[:n_years]
    return m * survival(failure_rate, k)


def survival(failure_rate, k):
    """Share of projects still running k years after launch: (1 - f)^k."""
    return (1 - np.asarray(failure_rate)[..., None]) ** k


def convolve_cohorts(launches, weights):
    """Sum over launch cohorts: out[t] = sum_y launches[y] * weights[t - y]; both (n, D, T)."""
    n_years = launches.shape[-1]
    out = np.zeros(np.broadcast_shapes(launches.shape, weights.shape))
    for lag in range(n_years):
        out[..., lag:] += launches[..., : n_years - lag] * weights[..., lag : lag + 1]
    return out
