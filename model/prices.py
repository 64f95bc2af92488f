"""One price base: constant 2019 KZT.

Every nominal figure (a baseline reported in current prices, a subsistence minimum of a later
year, a nominal loan rate) is turned real here with one declared index, ``prices.cpi_inflation``
(annual average inflation by year from 2020, the last value holding after the list ends).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

BASE_YEAR = 2019  # the price base of the whole suite


def price_index(values: Mapping[str, object], years: Sequence[int] | np.ndarray) -> np.ndarray:
    """Price level of each year relative to 2019 (2019 = 1; 2020 = 1 + inflation 2020; ...).

    ``values`` are a scenario's values (its ``prices.cpi_inflation``); without that key the base
    series of the region's region.yaml is used. Years before 2019 are not covered and are refused.
    """
    years = np.asarray(years, dtype=int)
    if np.any(years < BASE_YEAR):
        raise ValueError(f"price_index covers {BASE_YEAR} onwards, not {int(years.min())}")
    if "prices.cpi_inflation" in values:
        rates = np.asarray(values["prices.cpi_inflation"], dtype=float)
    else:  # no scenario at hand: the declared index of the region's region.yaml
        from .parameters import load_parameters

        rates = np.asarray(load_parameters()["prices.cpi_inflation"].value, dtype=float)
    n = int(np.max(years)) - BASE_YEAR
    path = np.concatenate([rates, np.full(max(0, n - len(rates)), rates[-1])])[:n]
    level = np.concatenate([[1.0], np.cumprod(1 + path)])
    return level[years - BASE_YEAR]


def to_constant_2019(nominal, years, values: Mapping[str, object]):
    """Nominal amounts of the given years in constant 2019 prices (same shape as ``nominal``)."""
    return np.asarray(nominal, dtype=float) / price_index(values, years)


def mean_inflation(values: Mapping[str, object], first_year: int, n_years):
    """Geometric mean inflation a year over ``n_years`` whole years from ``first_year`` (a loan's term).

    ``n_years`` may be an array of draws; the result has its shape.
    """
    n = np.maximum(1, np.rint(np.asarray(n_years, dtype=float))).astype(int)
    start = price_index(values, [first_year - 1])[0]
    return (price_index(values, first_year - 1 + n) / start) ** (1 / n) - 1


def real_rate(nominal_rate, inflation):
    """Fisher: (1 + nominal) / (1 + inflation) - 1."""
    return (1 + np.asarray(nominal_rate, dtype=float)) / (1 + np.asarray(inflation, dtype=float)) - 1
