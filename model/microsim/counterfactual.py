"""The caseload without the programme: what TSA would have been in each year anyway.

Four things move it, none of them the programme (data/regions/zhambyl/tsa.yaml ``rules``, ``counterfactual``):

- the **subsistence minimum by year**, hence the eligibility line, in constant 2019 KZT
  (nominal values deflated with the suite's prices; after 2020 held at its 2020 real value);
- **real income growth** of every household from 2020;
- the national **large-family allowance of 1 January 2020**: families with four or more children
  under 18 receive 4.01 MCI a child a month whatever their income, and the TSA assessment counts
  it as income (``counterfactual.allowance_counted_in_income``), so it lifts some large families
  over the line and leaves the poorest on TSA (the law as applied: no ban on large families);
- **take-up by family size from 2020**, fitted so that the 2019 -> 2020 fall equals the national
  one in families (417 k -> 184.7 k) and in people (2.138 m -> 936.2 k), hence family size, and
  from 2021 scaled once more so that the rural count of 2021 (31.1 k people) is met: stricter checks
  of income and of the able-bodied (model/microsim/population.py fits both).

The programme's effect is measured against this path, never against the 2019 caseload.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..parameters import load_parameters
from ..prices import to_constant_2019
from . import rules
from .inputs import household_inputs


def _real_by_year(path: str, years, values, inputs) -> np.ndarray:
    """A nominal amount by year in 2019 KZT; after its last year, the last real value x real_value_after.
    Its years are the tree's (data/regions/zhambyl/tsa.yaml), its values ``inputs``' (the microsimulation's inputs,
    default the tree's)."""
    inputs = inputs or dict(household_inputs())
    x = load_parameters()[path]
    x = type(x)(**{**x.__dict__, "value": list(inputs[path])})
    last = x.years[-1]
    known = [y for y in years if y <= last]
    real = dict(zip(known, np.atleast_1d(to_constant_2019([x.by_year(y) for y in known], known, values)))) if known else {}
    last_real = float(to_constant_2019([x.by_year(last)], [last], values)[0])
    after = float(inputs["rules.real_value_after"])
    return np.array([real[y] if y <= last else last_real * after for y in years])


def subsistence_minimum(years, values=None, inputs=None) -> np.ndarray:
    """KZT per person a month, constant 2019 prices."""
    return _real_by_year("rules.subsistence_minimum", list(years), values or {}, inputs)


def eligibility_line(years, values=None, inputs=None) -> np.ndarray:
    """70 % of the subsistence minimum: 20,789 KZT in 2019 (constant 2019 prices)."""
    inputs = inputs or dict(household_inputs())
    return rules.eligibility_threshold(subsistence_minimum(years, values, inputs),
                                       float(inputs["rules.eligibility_threshold_share"]))


def monthly_calculation_index(years, values=None, inputs=None) -> np.ndarray:
    return _real_by_year("rules.monthly_calculation_index", list(years), values or {}, inputs)


def income_factor(years, inputs) -> np.ndarray:
    """Real income per head relative to 2019."""
    g = float(inputs["counterfactual.real_income_growth"])
    return (1 + g) ** np.maximum(np.asarray(years) - 2019, 0)


def large_family_rule_applies(years, inputs) -> np.ndarray:
    return np.asarray(years) >= int(inputs["counterfactual.large_family_rule_year"])


def allowance_per_head(pop, years, values=None) -> np.ndarray:
    """(T, H) the large-family allowance as the TSA assessment counts it, KZT per head a month (2019
    prices): 4.01 MCI a child in a family of four or more children, from the rule's year, times the
    share counted in income; 0 before and for other families."""
    inp = pop.input
    years = np.asarray(years)
    per_child = (float(inp["rules.large_family_allowance_mci"]) * monthly_calculation_index(years, values, inp)
                 * float(inp["counterfactual.allowance_counted_in_income"]) * large_family_rule_applies(years, inp))
    per_head = np.where(pop.large_family, pop.children / pop.members, 0.0)
    return per_child[:, None] * per_head[None, :]


def income_without(pop, years, values=None) -> np.ndarray:
    """(T, H) income per head without the programme as the TSA assessment counts it: own income grown
    at the real rate, plus the large-family allowance from 2020 (2019 KZT a month)."""
    years = np.asarray(years)
    return pop.income[None, :] * income_factor(years, pop.input)[:, None] + allowance_per_head(pop, years, values)


@dataclass(frozen=True)
class Path:
    """The counterfactual by year (index 0 = 2019) for every household: (T, H) arrays."""

    years: np.ndarray
    line: np.ndarray  # (T,) eligibility line, 2019 KZT a month
    income: np.ndarray  # (T, H) income per head without the programme
    on_tsa: np.ndarray  # (T, H) bool: receives TSA without the programme
    monthly_benefit: np.ndarray  # (T, H) benefit + child payment a month, 2019 KZT (0 if not on TSA)

    def families(self, weight) -> np.ndarray:
        return self.on_tsa @ weight

    def people(self, weight, members) -> np.ndarray:
        return self.on_tsa @ (weight * members)


def path(pop, years, values=None) -> Path:
    """The caseload without the programme, by year, household by household (the rules and rates of
    the population's own inputs, ``pop.input``; ``values``: the price index it is deflated with)."""
    inp = pop.input
    years = np.asarray(years)
    line = eligibility_line(years, values, inp)
    mci = monthly_calculation_index(years, values, inp)
    income = income_without(pop, years, values)
    eligible = rules.is_eligible(income, line[:, None])
    on_tsa = eligible & (pop.take_up_draw[None, :] < pop.take_up_by_year(years))
    child_on = years >= int(inp["rules.child_payment_from"])
    payment = rules.child_payment(pop.children_1_6[None, :], mci[:, None],
                                  float(inp["rules.child_payment_mci"])) * child_on[:, None]
    monthly = np.where(on_tsa, rules.benefit(income, line[:, None], pop.members[None, :]) + payment, 0.0)
    return Path(years=years, line=line, income=income, on_tsa=on_tsa, monthly_benefit=monthly)
