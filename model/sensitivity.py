"""Which assumptions move the results: one at a time (tornado) and all together (Sobol).

Both vary exactly the parameters Monte Carlo draws (``uncertainty.uncertainties``), over the
same evidence ranges.

Sobol indices (Saltelli et al. 2010, as in ``scipy.stats.sobol_indices``) share out the
variance of an output among the inputs: first order = the part an input explains alone,
total = that plus all its interactions. They are defined for independent inputs, so here
each parameter is drawn from its own range without the declared rank correlations (which
would make two correlated rates share one effect); a group of shares that sums to 1 (budget
by direction, funding mix) is ONE input: its members' uniforms are mapped together to a
Dirichlet draw and replaced together in the A/B design. Confidence intervals come from
``SobolResult.bootstrap`` (BCa). An input that does not enter an output (its AB column
leaves every value unchanged) has indices exactly 0 and is not bootstrapped.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from . import targets
from .scenario import Scenario
from .sobol_size import SOBOL_MIN, SOBOL_N, sobol_size  # noqa: F401  (the base sample's size, by draws)
from .uncertainty import evaluate_points, evidence, uncertainties

RESAMPLES = 999
CONFIDENCE = 0.95


# --- tornado ---------------------------------------------------------------------------------


def swings(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """One at a time, for every target: its projection (target year) with each drawn parameter
    at the low and the high end of its evidence range, all others at the scenario's values.

    Target key -> frame (path, low, high, swing, base), widest swing first. A share is moved
    with the other shares of its group scaled so that they still sum to 1. All runs go
    through one vectorised call. The households' assumptions are left out: moving one at a time
    would synthesise a population for each end (about 1.5 s each); the Sobol indices give their
    joint share of the variance (``uncertainty.HOUSEHOLDS``).
    """
    unc = uncertainties(scenario)
    values = scenario.values
    group_of = {m: members for members in unc.shares.values() for m in members}
    paths, points = [], []
    for path in unc.paths:
        ev = evidence(scenario, path)
        if ev is None or path in unc.household:
            continue
        paths.append(path)
        for end in (ev[0], ev[2]):
            points.append(_moved(values, path, end, group_of.get(path)))
    keys = sorted({k for p in points for k in p})
    batch = {k: np.array([p.get(k, values[k]) for p in points], dtype=float) for k in keys}
    ev_all = evaluate_points(scenario, lambda i, j: {k: v[i:j] for k, v in batch.items()}, len(points))
    ev_base = evaluate_points(scenario, lambda i, j: {}, 1)
    out = {}
    for target, e in ev_all.items():
        df = pd.DataFrame({"path": paths, "low": e["projected"][0::2], "high": e["projected"][1::2]})
        df["swing"] = (df["high"] - df["low"]).abs()
        df["base"] = float(ev_base[target]["projected"][0])
        out[target] = df.sort_values("swing", ascending=False, ignore_index=True)
    return out


def tornado(scenario: Scenario, target: str = "jobs") -> pd.DataFrame:
    """The one-at-a-time swings of one target (``swings``): path, low, high, swing, base."""
    return swings(scenario)[target]


def _moved(values: Mapping, path: str, x: float, members) -> dict[str, float]:
    if not members:
        return {path: x}
    rest = [m for m in members if m != path]
    others = sum(float(values[m]) for m in rest)
    scale = (1 - x) / others if others > 0 else 0.0
    return {path: x, **{m: float(values[m]) * scale for m in rest}}


# --- Sobol indices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total indices with confidence intervals: one row per (output, input)."""

    table: pd.DataFrame  # output, path, first, total, first_lo, first_hi, total_lo, total_hi
    n: int
    runs: int

    def of(self, output: str) -> pd.DataFrame:
        """One output's inputs, largest total index first."""
        t = self.table[self.table["output"] == output]
        return t.sort_values("total", ascending=False, ignore_index=True)


def sobol_groups(func: Callable[[np.ndarray], np.ndarray], groups: Mapping[str, list[int]], dims: int,
                 outputs: list[str], n: int = SOBOL_N, seed: int = 2019, confidence: float = CONFIDENCE,
                 resamples: int = RESAMPLES) -> SobolIndices:
    """Sobol indices of grouped inputs of a function of the unit cube.

    ``func`` maps (m, dims) uniforms to (m, len(outputs)) values; ``groups`` names each input
    and its columns (a group's columns are resampled together). One call of ``func`` on
    n (G + 2) points: A, B, and for each group A with that group's columns from B.
    """
    from scipy import stats  # imported here: scipy.stats costs a third of a second at start-up

    rng = np.random.default_rng(seed)
    ab = stats.qmc.Sobol(d=2 * dims, scramble=True, seed=rng).random(n)
    a, b = ab[:, :dims], ab[:, dims:]
    names = list(groups)
    design = [a, b]
    for g in names:
        x = a.copy()
        x[:, groups[g]] = b[:, groups[g]]
        design.append(x)
    f = np.asarray(func(np.vstack(design)), dtype=float).reshape(len(design), n, len(outputs))
    rows = []
    for o, output in enumerate(outputs):
        f_a, f_b, f_ab = f[0, :, o], f[1, :, o], f[2:, :, o]
        both = np.concatenate([f_a, f_b])
        if np.std(both) <= 1e-9 * np.abs(both).mean():  # constant up to rounding: nothing to share out
            continue
        active = [i for i in range(len(names)) if np.any(f_ab[i] != f_a)]
        found = {}
        if active:
            # scipy squeezes a single input away: give it that input twice and keep one
            pages = f_ab[active if len(active) > 1 else active * 2][:, None]
            res = stats.sobol_indices(func={"f_A": f_a[None], "f_B": f_b[None], "f_AB": pages}, n=n)
            ci = bootstrap_intervals(f_a, f_b, f_ab[active], confidence, resamples, rng)
            cols = (res.first_order[:len(active)], res.total_order[:len(active)],
                    ci.low[0], ci.high[0], ci.low[1], ci.high[1])
            found = dict(zip(active, zip(*(np.asarray(c, dtype=float).ravel() for c in cols))))
        for i, g in enumerate(names):
            first, total, flo, fhi, tlo, thi = found.get(i, (0.0,) * 6)
            rows.append({"output": output, "path": g, "first": first, "total": total,
                         "first_lo": flo, "first_hi": fhi, "total_lo": tlo, "total_hi": thi})
    return SobolIndices(table=pd.DataFrame(rows), n=n, runs=n * (len(names) + 2))


def saltelli_terms(f_a, f_b, f_ab) -> np.ndarray:
    """(n, 3 + 2G) per-point terms whose means give the Saltelli (2010) indices.

    As in scipy, outputs are first centred on the mean of A and B; then with a, b, ab the
    centred values: var = mean((a^2 + b^2) / 2) - (mean(a + b) / 2)^2,
    first_g = mean(b (ab_g - a)) / var, total_g = mean((a - ab_g)^2 / 2) / var.
    """
    c = (np.mean(f_a) + np.mean(f_b)) / 2
    a, b, ab = f_a - c, f_b - c, np.atleast_2d(f_ab) - c
    return np.column_stack([a, b, (a**2 + b**2) / 2, (b * (ab - a)).T, ((a - ab) ** 2 / 2).T])


def indices_of_means(means: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(first, total) from the means of ``saltelli_terms`` (any leading shape)."""
    var = means[..., 2] - ((means[..., 0] + means[..., 1]) / 2) ** 2
    return means[..., 3:3 + groups] / var[..., None], means[..., 3 + groups:] / var[..., None]


def bootstrap_intervals(f_a, f_b, f_ab, confidence: float = CONFIDENCE, resamples: int = RESAMPLES,
                        rng=None):
    """BCa bootstrap intervals of (first, total) indices: ``.low`` and ``.high``, each (2, G).

    The same interval as ``scipy.stats.sobol_indices(...).bootstrap()`` (scipy.stats.bootstrap,
    BCa, resampling the n points of A, B and AB together), with two differences: the
    statistic is vectorised (each indicator is a ratio of means, so the means of a resample
    are its counts times the per-point terms), and the resampling draws from ``rng`` rather
    than numpy's global random state, so the same seed gives the same intervals.
    """
    from scipy import stats

    terms = saltelli_terms(f_a, f_b, f_ab)
    n, groups = len(f_a), np.atleast_2d(f_ab).shape[0]

    def statistic(idx, axis=-1):
        idx = np.moveaxis(np.asarray(idx), axis, -1)
        shape, m = idx.shape[:-1], idx.shape[-1]
        flat = idx.reshape(-1, m)
        rows = np.repeat(np.arange(len(flat)), m)
        counts = np.bincount(rows * n + flat.ravel(), minlength=len(flat) * n).reshape(len(flat), n)
        first, total = indices_of_means(counts @ terms / m, groups)  # (B, G) each
        return np.stack([first.T, total.T]).reshape(2, groups, *shape)

    res = stats.bootstrap((np.arange(n),), statistic, vectorized=True, method="BCa", n_resamples=resamples,
                          batch=256, confidence_level=confidence, rng=rng)
    return res.confidence_interval


def sobol(scenario: Scenario, outputs: list[str] | None = None, n: int = SOBOL_N, seed: int = 2019,
          resamples: int = RESAMPLES, progress: Callable[[int], object] | None = None,
          evaluate: Callable | None = None) -> SobolIndices:
    """Sobol indices of the targets' projections in the target year (``outputs``: target keys,
    default every target), over the parameters Monte Carlo draws, shares as one input each.
    ``progress(k)`` is called as each chunk of k model runs is done (n (inputs + 2) in all).
    ``evaluate(u, keys, progress)`` -> (len(u), len(keys)) projections replaces the evaluation
    in this process (``distributed.points_evaluator``: on a dask cluster, the same numbers)."""
    unc = uncertainties(scenario)
    keys = [t.key for t in targets.announced()] if outputs is None else list(outputs)

    def func(u):
        if evaluate is not None:
            return evaluate(u, keys, progress)
        ev = evaluate_points(scenario, lambda i, j: unc.values(u[i:j]), len(u), keys=keys, progress=progress)
        return np.stack([ev[k]["projected"] for k in keys], axis=1)

    return sobol_groups(func, unc.groups, unc.dims, keys, n=n, seed=seed, resamples=resamples)


def consistent(indices: SobolIndices) -> pd.DataFrame:
    """Rows where the total index falls short of the first-order one beyond both intervals
    (total_hi < first_lo): with a large enough sample there are none."""
    t = indices.table
    return t[t["total_hi"] < t["first_lo"]]
