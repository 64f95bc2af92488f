"""What must hold for a target to be met: scenario discovery with PRIM (Friedman & Fisher 1999).

For each target, the Monte Carlo draws in which it is met are the cases of interest; PRIM
(the ``prim`` package, the EMA Workbench's implementation as a standalone library) peels the
ranges of the drawn parameters down to a box in which most draws meet the target. Of the
boxes on the peeling trajectory we keep the one that covers the most successful draws with a
density of at least ``DENSITY`` (9 draws of 10) and at most ``MAX_LIMITS`` restricted
parameters, so that the condition reads as one sentence; if no box reaches that density,
the densest one. Coverage = share of all successful draws inside the box; density = share of
the draws inside the box that succeed. Both are counted over every draw of the simulation,
although PRIM sees at most ``FIT_DRAWS`` of them (the first ones).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import sensitivity
from .uncertainty import Simulation, evidence

DENSITY = 0.9
MAX_LIMITS = 4
FIT_DRAWS = 10_000  # PRIM's cost grows with draws x parameters; 10,000 draws place a box to about 1 % of a range
MIN_CASES = 10  # fewer successful draws than this: no box is sought
MASS_MIN = 0.05  # PRIM's smallest box: 5 % of the draws
CANDIDATES = 10  # parameters offered to PRIM per target: those that move it most (see ``candidates``)
NEGLIGIBLE = 1e-9  # a swing below this share of the target's value: the parameter does not enter it


@dataclass(frozen=True)
class Box:
    """Where a target is met: ``limits`` path -> (lo, hi), ``sides`` path -> "lower" / "upper" / "both"."""

    target: str
    status: str  # "box" | "always" (met in >= DENSITY of all draws) | "never" (fewer than MIN_CASES successes)
    p_met: float
    cases: int
    draws: int
    coverage: float | None = None
    density: float | None = None
    limits: dict[str, tuple[float, float]] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)


def prim_box(x: pd.DataFrame, y: np.ndarray, density: float = DENSITY, max_limits: int = MAX_LIMITS,
             mass_min: float = MASS_MIN) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """The PRIM box for cases ``y`` (bool) among points ``x``: (limits of the restricted columns, sides)."""
    import prim  # imported here: it loads matplotlib

    logging.getLogger("prim").setLevel(logging.WARNING)
    p = prim.Prim(x, np.asarray(y, dtype=bool), mass_min=mass_min)
    box = p.find_box()
    traj = box.peeling_trajectory.reset_index(drop=True)
    ok = traj[traj["res dim"] <= max_limits]
    dense = ok[ok["density"] >= density]
    pick = dense["coverage"].idxmax() if len(dense) else ok.sort_values(["density", "coverage"]).index[-1]
    box.select(int(pick))
    lim = box.limits
    lo, hi = x.min(), x.max()
    limits, sides = {}, {}
    for path in lim.index:
        a, b = float(lim.at[path, "min"]), float(lim.at[path, "max"])
        lower, upper = a > lo[path], b < hi[path]
        if not (lower or upper):
            continue
        limits[path] = (a, b)
        sides[path] = "both" if lower and upper else ("lower" if lower else "upper")
    return limits, sides


def in_box(x: pd.DataFrame, limits: dict[str, tuple[float, float]]) -> np.ndarray:
    inside = np.ones(len(x), dtype=bool)
    for path, (a, b) in limits.items():
        inside &= (x[path].to_numpy() >= a) & (x[path].to_numpy() <= b)
    return inside


def candidates(x: pd.DataFrame, projected: np.ndarray, entering: list[str], top: int = CANDIDATES) -> list[str]:
    """Of the parameters that enter a target (``entering``: a one-at-a-time swing), the ``top``
    most rank-correlated with its projection.

    A parameter that does not enter the target would only give PRIM room to fit noise;
    screening also keeps PRIM's run time small.
    """
    x = x[entering]
    ranks = x.rank().to_numpy()
    r = pd.Series(projected).rank().to_numpy()
    rc, rr = ranks - ranks.mean(0), r - r.mean()
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.abs(rc.T @ rr) / np.sqrt((rc**2).sum(0) * (rr**2).sum())
    rho = np.nan_to_num(rho)
    order = np.argsort(-rho, kind="stable")[:top]
    return [x.columns[i] for i in order if rho[i] > 0.02]


def discover(simulation: Simulation, keys: list[str] | None = None, fit_draws: int = FIT_DRAWS) -> list[Box]:
    """For each target (default: every target), the box of parameter ranges under which it is met."""
    x = simulation.input_frame()
    swing = sensitivity.swings(simulation.scenario)
    out = []
    for key in keys or list(simulation.evaluation):
        met = simulation.met(key)
        n, cases = len(met), int(met.sum())
        p_met = cases / n
        if p_met >= DENSITY:
            out.append(Box(key, "always", p_met, cases, n, coverage=1.0, density=p_met))
            continue
        if cases < MIN_CASES:
            out.append(Box(key, "never", p_met, cases, n))
            continue
        m = min(n, fit_draws)
        sw = swing[key]
        entering = sw.loc[sw["swing"] > NEGLIGIBLE * max(abs(sw["base"].iloc[0]), 1.0), "path"].tolist()
        cols = candidates(x.iloc[:m], simulation.evaluation[key]["projected"][:m], entering)
        limits, sides = prim_box(x.iloc[:m][cols], met[:m])
        inside = in_box(x, limits)
        out.append(Box(key, "box", p_met, cases, n, coverage=float(met[inside].sum() / cases),
                       density=float(met[inside].mean()) if inside.any() else 0.0,
                       limits={k: limits[k] for k in limits}, sides=sides))
    return out


def limits_for_json(box: Box, simulation: Simulation) -> dict[str, list[float]]:
    """path -> [lo, hi] with an unrestricted end shown as the end of the parameter's range."""
    out = {}
    for path, (a, b) in box.limits.items():
        ev = evidence(simulation.scenario, path)
        lo, hi = (ev[0], ev[2]) if ev else (0.0, 1.0)
        side = box.sides[path]
        out[path] = [a if side in ("lower", "both") else lo, b if side in ("upper", "both") else hi]
    return out
