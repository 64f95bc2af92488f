"""Repayment: what a borrower pays the lender, against what the project earns, and the defaults.

A project's loans are the microcredit and bank-credit shares of its cost, repaid in equal real
instalments over the direction's ``loan_term_years`` at the real rates (``money.in_real_terms``; a 6 %
loan in years of 8-15 % inflation has a negative real rate, so the instalment is below cost/term).
A project launched during a year pays half a year's instalment in its launch year, then a full
one, and the last half in year ``term`` (the ramp-up reads launch years the same way).

The burden is the loan service over the project's income gain to its owner household while the
loan runs: value added less the wages of its hired jobs, through the ramp-up. Default rises with
it: rate = floor + slope x max(0, burden - 1), at most 1 (``funding.default_rate``,
``funding.default_per_burden``).

Shapes: ``(n, 1)`` scalars, ``(n, D)`` directions, ``(n, D, T)`` by year after launch.
Money: cost per project in m KZT, monthly figures in KZT, all in constant 2019 prices.
"""
from __future__ import annotations

import numpy as np

from .money import annuity_factor

BURDEN_CAP = 100.0  # a project that earns nothing: its burden is read as this (default then capped at 1)


def loan_years(term, n_years: int) -> np.ndarray:
    """Share of a year's instalment paid k = 0..n_years-1 years after launch: 1/2, 1, ..., 1, 1/2."""
    term = np.asarray(term, dtype=float)[..., None]
    k = np.arange(n_years)
    return np.where(k == 0, 0.5, np.where(k < term, 1.0, np.where(k == term, 0.5, 0.0)))


def annual_service(cost_m_kzt, share, real_rate, term):
    """A year's instalment on the loan ``share`` of a project's cost, m KZT (equal real instalments)."""
    return np.asarray(cost_m_kzt) * np.asarray(share) / annuity_factor(real_rate, term)


def monthly_service_kzt(cost_m_kzt, f):
    """Monthly loan service of one project (microcredit plus bank credit), KZT; ``f`` real funding terms."""
    micro = annual_service(cost_m_kzt, f["microcredit_share"], f["microcredit_rate"], f["loan_term_years"])
    bank = annual_service(cost_m_kzt, f["bank_loan_share"], f["market_rate"], f["loan_term_years"])
    return (micro + bank) * 1e6 / 12


def monthly_income_gain_kzt(output_m_kzt, value_added_share, hired_fte, wage_kzt_month, ramp, schedule):
    """The owner household's income gain a month while the loan runs, KZT.

    Value added of a mature project less its hired wages, times the mean ramp-up over the loan's
    years (weighted by the instalments paid): ``ramp`` and ``schedule`` are (n, D, K).
    """
    mature = np.asarray(output_m_kzt) * np.asarray(value_added_share) * 1e6 / 12 - np.asarray(hired_fte) * wage_kzt_month
    paid = np.broadcast_to(np.asarray(schedule, dtype=float), np.broadcast_shapes(np.shape(ramp), np.shape(schedule)))
    weight = paid.sum(-1)
    mean_ramp = np.divide((ramp * paid).sum(-1), weight, out=np.ones_like(weight), where=weight > 0)
    return mature * mean_ramp


def burden(service, gain):
    """Loan service / income gain; a project that gains nothing carries ``BURDEN_CAP``."""
    service, gain = np.broadcast_arrays(np.asarray(service, dtype=float), np.asarray(gain, dtype=float))
    ratio = np.divide(service, gain, out=np.full(service.shape, BURDEN_CAP), where=gain > 0)
    return np.minimum(ratio, BURDEN_CAP)


def default_rate(burden_ratio, floor, per_burden):
    """Share of microcredit not repaid: floor + per_burden x max(0, burden - 1), at most 1."""
    return np.minimum(1.0, np.asarray(floor) + np.asarray(per_burden) * np.maximum(0.0, np.asarray(burden_ratio) - 1))
