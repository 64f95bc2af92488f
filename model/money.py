"""Money and projects by direction, and the funding mix (fiscal cost vs total cost).

Shapes: ``(n, D)`` for n parameter draws and D directions; ``(n, D, T)`` by year.
Money in bn KZT at constant 2019 prices, cost per project in m KZT.
"""
from __future__ import annotations

import numpy as np

from . import prices


def direction_budget(budget_bn, budget_scale, shares):
    """B_d = s_d * B * scale, bn KZT: (n, 1), (n, 1), (n, D) -> (n, D)."""
    return np.asarray(shares) * np.asarray(budget_bn) * np.asarray(budget_scale)


def project_count(budget_d_bn, cost_m_kzt):
    """N_d = B_d / c_d (bn -> m KZT: x 1000); zero cost is rejected by validation upstream."""
    return np.asarray(budget_d_bn) * 1000.0 / np.asarray(cost_m_kzt)


def by_launch_year(total, launch_shares, n_years: int):
    """Spread a total over years by the launch schedule: (n, D) x (L,) -> (n, D, T)."""
    w = np.zeros(n_years)
    w[: len(launch_shares)] = launch_shares
    return np.asarray(total)[..., None] * w


def annuity_factor(rate, years):
    """Present value of 1 a year for ``years`` years at ``rate`` (rate 0 -> years)."""
    rate = np.asarray(rate, dtype=float)
    safe = np.where(rate == 0, 1.0, rate)
    return np.where(rate == 0, years, (1 - (1 + safe) ** -years) / safe)


def grant_element(loan_rate, market_rate, years):
    """Share of a soft loan that is a gift: 1 - PV at the market rate of its repayments.

    A loan of 1 at ``loan_rate`` repaid in equal annual instalments 1 / a(loan_rate, n);
    discounted at ``market_rate`` those are worth a(market, n) / a(loan, n).
    """
    return 1 - annuity_factor(market_rate, years) / annuity_factor(loan_rate, years)


def in_real_terms(f, values) -> dict[str, object]:
    """The funding parameters ``f`` with both loan rates turned real (one price base).

    Fisher with the mean inflation over the loan's term from the programme's start year
    (``prices.cpi_inflation``): a 6 % loan in years of 8-15 % inflation is a negative real rate.
    """
    inflation = prices.mean_inflation(values, int(values["programme.start_year"]), f["loan_term_years"])
    return {**f, "microcredit_rate": prices.real_rate(f["microcredit_rate"], inflation),
            "market_rate": prices.real_rate(f["market_rate"], inflation)}


def fiscal_cost_per_tenge(f) -> dict[str, object]:
    """State budget cost of one tenge of programme money, by funding source.

    Grants are spent outright; microcredit costs the state only its grant element
    (subsidised interest) and the defaults, since it is repaid; bank loans and own funds
    cost the state nothing; administration is a share of all programme money.
    ``f`` holds the funding parameters (scalars or arrays of draws), rates real (:func:`in_real_terms`).
    """
    return {
        "grant": f["grant_share"],
        "microcredit": f["microcredit_share"] * (grant_element(f["microcredit_rate"], f["market_rate"],
                                                               f["loan_term_years"]) + f["default_rate"]),
        "bank_loan": 0.0,
        "own_funds": 0.0,
        "admin": f["admin_cost_share"],
    }


def fiscal_cost(spend, f):
    """State budget cost of the money spent, by year (bn KZT): spend times the per-tenge cost."""
    return spend * sum(fiscal_cost_per_tenge(f).values())


def fiscal_cost_by_direction(spend_d, f, default_d):
    """(fiscal cost, of which defaults) by direction and year, bn KZT: spend_d (n, D, T), f's terms
    (n, 1) or scalars, and each direction's default rate (n, D) (``repayment.default_rate``)."""
    per_tenge = fiscal_cost_per_tenge({**f, "default_rate": 0.0})
    base = np.asarray(sum(per_tenge.values()), dtype=float)
    defaults = np.asarray(spend_d) * (np.asarray(f["microcredit_share"]) * np.asarray(default_d))[..., None]
    return np.asarray(spend_d) * base[..., None] + defaults, defaults
