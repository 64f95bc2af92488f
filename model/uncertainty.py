"""Monte Carlo over every ranged parameter, through the same vectorised model (core.compute).

Each ranged parameter is drawn from a triangular (low, mode, high) distribution; groups of
shares that must sum to 1 are renormalised draw by draw. Year parameters and schedules stay
fixed. The same seed gives the same draws, byte for byte.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import targets
from .core import compute
from .scenario import SUM_TO_ONE, Scenario
from .schema import is_whole_years


def ranged_paths(scenario: Scenario) -> list[str]:
    """Parameters that are drawn: those with a proper (low < high) range and a scalar value."""
    return [k for k, p in scenario.params.items()
            if p.ranged and not isinstance(p.value, list) and not is_whole_years(p.unit)]


def draw(scenario: Scenario, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Values with every ranged parameter replaced by ``draws`` triangular draws."""
    rng = np.random.default_rng(seed)
    values: dict[str, object] = scenario.values
    for k in ranged_paths(scenario):
        p = scenario.params[k]
        values[k] = rng.triangular(p.low, p.value, p.high, size=draws)
    for keys in SUM_TO_ONE.values():
        total = sum(np.asarray(values[k], dtype=float) for k in keys)
        for k in keys:
            values[k] = np.broadcast_to(np.asarray(values[k], dtype=float) / total, (draws,)).copy()
    return values


@dataclass
class Simulation:
    scenario: Scenario
    inputs: dict = field(repr=False)
    arrays: dict = field(repr=False)

    @property
    def years(self) -> np.ndarray:
        return self.arrays["years"]

    def total(self, indicator: str) -> np.ndarray:
        """(draws, T) totals over directions."""
        a = self.arrays[indicator]
        return a.sum(1) if a.ndim == 3 else a

    def fan(self, indicator: str, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
        """Quantiles of an indicator's total by year: index year, one column per quantile."""
        q = np.quantile(self.total(indicator), quantiles, axis=0)
        return pd.DataFrame(q.T, index=self.years, columns=[f"p{int(100 * x)}" for x in quantiles])

    def target_probabilities(self) -> pd.DataFrame:
        """For each target: the probability it is met in the target year, and quantiles of the projection."""
        ev = targets.evaluate(self.arrays, self.scenario.value("programme.target_year"))
        rows = []
        for key, e in ev.items():
            p5, p50, p95 = np.quantile(e["projected"], [0.05, 0.5, 0.95])
            rows.append({"key": key, "target": e["target"], "probability": float(e["met"].mean()),
                         "p5": p5, "p50": p50, "p95": p95})
        return pd.DataFrame(rows)


def simulate(scenario: Scenario, draws: int = 1000, seed: int = 2019) -> Simulation:
    """Run the model over ``draws`` parameter draws (one vectorised call)."""
    if draws < 1:
        raise ValueError(f"draws = {draws}: expected a positive number of draws")
    inputs = draw(scenario, draws, seed)
    return Simulation(scenario=scenario, inputs=inputs, arrays=compute(inputs))


def outcome_at_target_year(arrays: dict, indicator: str, target_year: int) -> np.ndarray:
    i = int(np.searchsorted(arrays["years"], target_year))
    a = arrays[indicator]
    return (a.sum(1) if a.ndim == 3 else a)[:, i]


def tornado(scenario: Scenario, indicator: str = "jobs_direct") -> pd.DataFrame:
    """One at a time: the indicator (target year) with each ranged parameter at its low and high.

    Sorted by swing, widest first. All 2k runs go through one vectorised call.
    """
    paths = ranged_paths(scenario)
    values = scenario.values
    n = 2 * len(paths)
    batch = {k: np.full(n, float(v)) for k, v in values.items()
             if not isinstance(v, list) and k not in ("programme.start_year", "programme.horizon_end",
                                                     "programme.target_year", "programme.base_year")}
    for j, k in enumerate(paths):
        batch[k][2 * j] = scenario.params[k].low
        batch[k][2 * j + 1] = scenario.params[k].high
    full = {**values, **batch}
    out = outcome_at_target_year(compute(full, appraise=False), indicator, scenario.value("programme.target_year"))
    base = outcome_at_target_year(compute(values, appraise=False), indicator, scenario.value("programme.target_year"))[0]
    df = pd.DataFrame({"path": paths, "low": out[0::2], "high": out[1::2]})
    df["swing"] = (df["high"] - df["low"]).abs()
    df["base"] = base
    return df.sort_values("swing", ascending=False, ignore_index=True)


def sobol(scenario: Scenario, indicator: str = "jobs_direct", n: int = 256, seed: int = 2019) -> pd.DataFrame:
    """Global sensitivity: first-order and total Sobol indices (scipy.stats.sobol_indices).

    Parameters are drawn independently from their triangular ranges (shares not renormalised,
    so the index of a budget share is the effect of that share alone).
    """
    from scipy import stats  # imported here: scipy.stats costs a third of a second at start-up

    paths = ranged_paths(scenario)
    year = scenario.value("programme.target_year")
    values = scenario.values

    def func(x):  # x: (d, m) -> (1, m)
        vals = {**values, **{k: x[j] for j, k in enumerate(paths)}}
        return outcome_at_target_year(compute(vals, appraise=False), indicator, year)[None, :]

    dists = []
    for k in paths:
        p = scenario.params[k]
        c = (p.value - p.low) / (p.high - p.low)
        dists.append(stats.triang(c, loc=p.low, scale=p.high - p.low))
    res = stats.sobol_indices(func=func, n=n, dists=dists, rng=np.random.default_rng(seed))
    return (pd.DataFrame({"path": paths, "first_order": np.ravel(res.first_order), "total": np.ravel(res.total_order)})
            .sort_values("total", ascending=False, ignore_index=True))
