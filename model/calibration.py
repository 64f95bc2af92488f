"""Calibration: fit the free per-project rates so the projection reproduces the article's figures.

The article gives totals, not the split by direction. For each target (``calibrate:`` in a
scenario file) a group of parameters is fitted; among all fits that hit every target exactly
we take the one closest to the priors: minimise sum(((log theta - log theta0) / sigma)^2) with
sigma from each prior's (low, high) range, subject to target(theta) = figure (SLSQP, bounded).
How far each parameter had to move from its prior (the ratio) is the honest measure of how
plausible the plan is.
"""
from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass

import numpy as np

from . import missing, schema, targets
from .core import compute
from .errors import DataError, excerpt
from .parameters import Param
from .scenario import Scenario, apply_overrides

CALIBRATABLE = {"projects", "jobs", "entrepreneurs", "output_added_bn_kzt", "processing_load_rise_pct"}
TOLERANCE = 0.005  # every target reproduced within 0.5 %; the fit itself reaches ~1e-9
STRETCH_BOUND = 5.0  # a parameter may move to at most 5x beyond its prior range


@dataclass(frozen=True)
class CalibrationReport:
    rows: tuple[dict, ...]  # path, target, prior, low, high, calibrated, ratio, outside_range
    achieved: dict[str, float]  # target key -> projected / target
    seconds: float


def _spec(spec, file: str, params: dict[str, Param]) -> dict[str, list[str]]:
    """``calibrate:`` checked before any fit: known targets, patterns that match parameters the fit
    can move (one number each, strictly positive: it works in logs; not whole years, not derived),
    each parameter fitted for one target only."""
    if not isinstance(spec, dict) or not spec:
        raise DataError(file, "calibrate", spec, "a mapping of target key -> parameter path pattern")
    out, taken = {}, {}
    for target, pattern in spec.items():
        if target not in CALIBRATABLE:
            raise DataError(file, f"calibrate.{target}", pattern, f"one of the targets {sorted(CALIBRATABLE)}")
        patterns = pattern if isinstance(pattern, list) else [pattern]
        if not patterns or not all(isinstance(pat, str) for pat in patterns):
            raise DataError(file, f"calibrate.{target}", pattern, "a parameter path pattern, or a list of them")
        paths = sorted({k for pat in patterns for k in params if fnmatch.fnmatchcase(k, pat)})
        if not paths:
            raise DataError(file, f"calibrate.{target}", pattern, "a pattern matching parameter paths")
        for path in paths:
            p = params[path]
            if isinstance(p.value, list) or not schema.is_number(p.value) or p.value <= 0 \
                    or schema.is_whole_years(p.unit) or p.source == "derived":
                raise DataError(file, f"calibrate.{target}", path,
                                "parameters the fit can move: one strictly positive number each, "
                                f"not whole years, not derived ({path} is {excerpt(p.value)} {p.unit})")
            if path in taken:
                raise DataError(file, f"calibrate.{target}", path, f"a parameter fitted for one target only "
                                f"(it is fitted for {taken[path]} already)")
            taken[path] = target
        out[target] = paths
    return out


def _errors(values: dict, free: list[str], x: np.ndarray, goals: dict[str, float], year: int) -> np.ndarray:
    """Relative miss of each target, for one x (n,) or many (m, n) parameter vectors at once."""
    x = np.atleast_2d(x)
    vals = dict(values)
    for j, path in enumerate(free):
        vals[path] = np.exp(x[:, j])
    ev = targets.evaluate(compute(vals, appraise=False), year)
    return np.stack([ev[k]["projected"] / g - 1 for k, g in goals.items()], axis=-1)


def search_bounds(path: str, p: Param) -> tuple[float, float]:
    """Where the fit may look, in logs: within STRETCH_BOUND x of the prior range (100 x of an
    unranged value) and always within the parameter's bounds (a share or probability at most 1)."""
    lo, hi = (p.low / STRETCH_BOUND, p.high * STRETCH_BOUND) if p.ranged else (p.value / 100, p.value * 100)
    b = schema.bounds(path, p.unit)
    return float(np.log(max(lo, b.lowest, 1e-12))), float(np.log(min(hi, b.highest)))


def _fit_group(values: dict, params, free: list[str], goals: dict[str, float], year: int, file: str):
    """Fit one group of parameters to its target: closest to the priors among exact fits."""
    prior = np.log([params[p].value for p in free])
    sigma = np.array([(np.log(params[p].high) - np.log(params[p].low)) / 4 if params[p].ranged else 0.25
                      for p in free])
    lower, upper = zip(*(search_bounds(p, params[p]) for p in free))
    from scipy import optimize  # imported here: a cached calibration needs no scipy at start-up

    h = 1e-7

    def constraint_jac(x):  # forward differences, all perturbations in one vectorised run
        xs = np.vstack([x, x + h * np.eye(len(x))])
        e = _errors(values, free, xs, goals, year)
        return ((e[1:] - e[0]) / h).T

    result = optimize.minimize(
        lambda x: float(np.sum(((x - prior) / sigma) ** 2)), np.clip(prior, lower, upper),
        jac=lambda x: 2 * (x - prior) / sigma**2, method="SLSQP",
        bounds=list(zip(lower, upper)),
        constraints=[{"type": "eq", "fun": lambda x: _errors(values, free, x, goals, year)[0],
                      "jac": constraint_jac}],
        options={"maxiter": 200, "ftol": 1e-14})
    miss = _errors(values, free, result.x, goals, year)[0]
    if not np.all(np.abs(miss) <= TOLERANCE):
        key = list(goals)[0]
        raise DataError(file, f"calibrate.{key}", f"{100 * miss[0]:+.2f} % off the article's figure",
                        f"a fit within {100 * TOLERANCE} % with each parameter within "
                        f"{STRETCH_BOUND}x of its prior range ({result.message})")
    return dict(zip(free, np.exp(result.x).tolist()))


def calibrate(scenario: Scenario, spec, file: str = "calibrate") -> Scenario:
    """Return the scenario with the free parameters fitted; ``scenario.calibration`` holds the report.

    Targets are fitted one group at a time in the order given, each group closest to its
    priors: projects (cost per project) first, since project counts drive every later target.
    """
    start = time.perf_counter()
    groups = _spec(spec, file, scenario.params)
    t_by_key = {t.key: t for t in targets.TARGETS}
    announced = {t.key for t in targets.announced()}
    for k in groups:
        if k not in announced:
            raise DataError(file, f"calibrate.{k}", k, f"a target the programme's announcement gives a figure for "
                            f"({', '.join(sorted(announced))})")
    goals = {k: targets.target_value(t_by_key[k]) for k in groups}
    year = scenario.value("programme.target_year")
    params = scenario.params
    values = scenario.values
    lacking = missing.declared(params)
    if lacking:  # a target the region's figures cannot project (NaN) cannot be fitted: say what it needs
        def projected(vals) -> np.ndarray:
            return _errors(vals, [], np.zeros((1, 0)), goals, year)[0]

        for j, k in enumerate(goals):
            if np.isnan(projected(values)[j]):
                stand_in = missing.STAND_INS[0]
                needs = [m for m in sorted(lacking)  # NaN still with every other missing figure stood in for
                         if np.isnan(projected({**values, **{o: stand_in for o in lacking if o != m}})[j])]
                where = sorted({lacking[m].where for m in needs or lacking})
                raise DataError(file, f"calibrate.{k}", goals[k],
                                f"a target the region's figures project: it needs {', '.join(needs or sorted(lacking))},"
                                f" declared missing in {', '.join(where)}")
    fitted: dict[str, float] = {}
    for key, free in groups.items():
        fit = _fit_group(values, params, free, {key: goals[key]}, year, file)
        fitted.update(fit)
        values.update(fit)
    every = list(fitted)
    miss = _errors(scenario.values, every, np.log([fitted[p] for p in every]), goals, year)[0]
    if not np.all(np.abs(miss) <= TOLERANCE):  # a later group moved an earlier target
        j = int(np.argmax(np.abs(miss)))
        raise DataError(file, f"calibrate.{list(goals)[j]}", f"{100 * miss[j]:+.2f} % off",
                        "groups ordered so that no later group moves an earlier target")
    rows = []
    for target, paths in groups.items():
        for p in paths:
            q, v = params[p], fitted[p]
            rows.append({"path": p, "target": target, "prior": q.value, "low": q.low, "high": q.high,
                         "calibrated": v, "ratio": v / q.value,
                         "outside_range": bool(q.ranged and not (q.low <= v <= q.high))})
    report = CalibrationReport(rows=tuple(rows), achieved={k: 1 + float(m) for k, m in zip(goals, miss)},
                               seconds=time.perf_counter() - start)
    return apply_fit(scenario, fitted, report, file)


def apply_fit(scenario: Scenario, fitted: dict[str, float], report: CalibrationReport, file: str) -> Scenario:
    """The scenario with fitted values in place (each keeps its prior as its evidence) and the report."""
    new = apply_overrides(scenario.params, fitted, file, f"calibrated ({scenario.name})")
    return Scenario(name=scenario.name, title=scenario.title, params=new, file=scenario.file,
                    calibration=report, notes=scenario.notes, pack=scenario.pack)
