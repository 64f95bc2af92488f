"""Monte Carlo from the evidence: every uncertain parameter drawn from its own declared range.

What is drawn (one rule): every scalar parameter whose evidence gives it a range
(low < high), except whole-number settings (calendar years, terms in years), which are
choices of the reading and so scenarios, not draws. Structural choices (the jobs reading, the
TSA counterfactual) are scenarios too.

How it is drawn:

- each drawn parameter from a triangular (low, mode, high) distribution over its *evidence*
  (``Param.distribution``): a calibrated value never re-centres the range, so for ``akimat`` the
  draws answer "how likely is each figure of the plan, given what the evidence says about
  each rate";
- the rates of one direction that move together (cost, hired jobs and output per project)
  through a Gaussian copula with the rank correlations declared in data/programmes/zhambyl_2019/correlations.yaml;
- shares that must sum to 1 (budget by direction, funding mix) together, from a Dirichlet
  distribution centred on the scenario's shares with a declared concentration, so that every
  draw sums to 1;
- the household microsimulation's assumptions (data/regions/zhambyl/tsa.yaml: income spread, take-up, family
  sizes...) together, as one of ``POPULATIONS`` joint points of a Latin hypercube over their
  triangular distributions: each point is a synthetic population drawn and fitted to the published
  caseloads once (about 1.5 s, then kept on disk), so a draw picks a population rather than
  building its own (one per draw would cost 1.5 s a draw). Each assumption's draws thus take
  ``POPULATIONS`` values spread evenly over its distribution.

Every draw is a point of the unit cube mapped to parameter values (``Uncertainties.values``);
Monte Carlo feeds it copula-correlated uniforms, the Sobol analysis (model/sensitivity.py)
independent quasi-random ones. The same seed gives the same draws, byte for byte.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import cache
from . import targets
from .core import compute, years_of
from .microsim import tsa_outcome
from .errors import DataError
from .parameters import DIRECTIONS, Param, household_paths, parse_param, read_yaml
from .paths import as_pack, rel
from .scenario import SUM_TO_ONE, Scenario, base_params
from .schema import is_whole_years

CHUNK = 4096  # draws per call of core.compute: keeps the working arrays in cache and memory bounded
# yearly totals over directions a Simulation keeps (the appraisal by draw is always kept): what the
# notebooks read; ``simulate(..., keep=...)`` keeps others
KEEP = ("jobs_direct", "jobs_target_basis", "hired", "owners_running", "output_agri", "tsa_people_out", "tsa_saved_bn")
SERIES = ("jobs",)  # targets whose yearly series a Simulation keeps (the others are kept totals or not read)
_TINY = 1e-12  # uniforms kept inside (0, 1) before the normal quantile
POPULATIONS = 8  # joint draws of the households' assumptions, each one population (see the module doc)
POPULATION_SEED = 2019  # the Latin hypercube's seed: the same populations for every Monte Carlo seed,
# so the populations kept on disk serve every run
HOUSEHOLDS = "households"  # the Sobol input of the households' assumptions, drawn together


# --- declared dependence (the programme's correlations.yaml) ------------------------------------


@dataclass(frozen=True)
class Dependence:
    rank_correlations: dict[tuple[str, str], Param]  # (rate, rate) of one direction -> Spearman rho
    concentration: dict[str, Param]  # SUM_TO_ONE group -> Dirichlet concentration


@cache.memo
def load_dependence(path: Path | None = None) -> Dependence:
    """Read the rank correlations and share concentrations (the programme's correlations.yaml), each a
    parameter with provenance."""
    path = path or as_pack(None) / "correlations.yaml"
    file = rel(path)
    doc = read_yaml(path)
    unknown = set(doc) - {"rank_correlations", "share_concentration"}
    if unknown:
        k = sorted(unknown)[0]
        raise DataError(file, k, doc[k], "only rank_correlations and share_concentration")
    rates = {k.split(".")[2] for k in base_params() if k.startswith("directions.")}
    pairs = {}
    for a, row in (doc.get("rank_correlations") or {}).items():
        if not isinstance(row, dict):
            raise DataError(file, f"rank_correlations.{a}", row, "a mapping of rate -> correlation")
        for b, entry in row.items():
            key = f"rank_correlations.{a}.{b}"
            for name in (a, b):
                if _rate(name, rates) is None:
                    raise DataError(file, key, name, f"a per-direction rate of {rel(as_pack(None) / 'directions.csv')}"
                                                     f" ({', '.join(sorted(rates))})")
            p = parse_param(file, key, entry)
            if isinstance(p.value, list) or not -1 < p.value < 1 or a == b:
                raise DataError(file, key, p.value, "a rank correlation strictly between -1 and 1 of two different rates")
            pairs[(_rate(a, rates), _rate(b, rates))] = p
    conc = {}
    raw = doc.get("share_concentration") or {}
    for group in SUM_TO_ONE:
        if group not in raw:
            raise DataError(file, f"share_concentration.{group}", None, "a Dirichlet concentration for every group of shares")
        p = parse_param(file, f"share_concentration.{group}", raw[group])
        if isinstance(p.value, list) or p.value <= 0:
            raise DataError(file, f"share_concentration.{group}", p.value, "a positive concentration")
        conc[group] = p
    extra = set(raw) - set(SUM_TO_ONE)
    if extra:
        k = sorted(extra)[0]
        raise DataError(file, f"share_concentration.{k}", raw[k], f"one of the groups of shares {sorted(SUM_TO_ONE)}")
    return Dependence(rank_correlations=pairs, concentration=conc)


def _rate(name: str, rates: set[str]) -> str | None:
    return name if name in rates else None


def pearson_of_spearman(rho_s):
    """The normal (Pearson) correlation whose Gaussian copula has rank correlation rho_s."""
    return 2 * np.sin(np.pi * np.asarray(rho_s, dtype=float) / 6)


# --- what is drawn ---------------------------------------------------------------------------


def evidence(scenario: Scenario, path: str) -> tuple[float, float, float] | None:
    """(low, mode, high) the evidence supports for a parameter (``Param.distribution``: a
    calibrated value keeps its prior's), or None if it is not uncertain."""
    dist = scenario.params[path].distribution
    if dist is None:
        return None
    low, mode, high = (float(x) for x in dist)
    return (low, mode, high) if low < high else None


def is_drawn(scenario: Scenario, path: str) -> bool:
    """The one rule: a scalar with an evidence range that is not a whole-number setting."""
    p = scenario.params[path]
    return not isinstance(p.value, list) and not is_whole_years(p.unit) and evidence(scenario, path) is not None


@dataclass(frozen=True)
class Uncertainties:
    """The drawn parameters of a scenario and how a point u of the unit cube maps to them.

    Columns of u: first one per scalar (triangular), then one per member of each share group
    (Dirichlet via gamma quantiles). ``groups`` lists, for each Sobol input, its columns.
    """

    scenario: Scenario
    scalars: tuple[str, ...]
    triangles: np.ndarray  # (k, 3): low, mode, high
    shares: dict[str, tuple[str, ...]]  # group -> member paths
    alphas: dict[str, np.ndarray]  # group -> Dirichlet parameters
    correlation: np.ndarray  # (k, k) normal correlation of the scalars' copula
    household: tuple[str, ...] = ()  # the households' drawn assumptions (data/regions/zhambyl/tsa.yaml)
    populations: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # (POPULATIONS, len(household))

    @property
    def dims(self) -> int:
        return len(self.scalars) + sum(len(m) for m in self.shares.values()) + (1 if self.household else 0)

    @property
    def paths(self) -> list[str]:
        """Every drawn parameter path (scalars, share members, then the households' assumptions)."""
        return [*self.scalars, *(p for m in self.shares.values() for p in m), *self.household]

    @property
    def groups(self) -> dict[str, list[int]]:
        """Sobol inputs: each scalar alone, each group of shares as one input, the households'
        assumptions as one input (the population a point takes)."""
        out = {p: [j] for j, p in enumerate(self.scalars)}
        j = len(self.scalars)
        for g, members in self.shares.items():
            out[g] = list(range(j, j + len(members)))
            j += len(members)
        if self.household:
            out[HOUSEHOLDS] = [j]
        return out

    def values(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """(n, dims) points of the unit cube -> {path: (n,) values}."""
        u = np.asarray(u, dtype=float)
        out = {}
        if self.scalars:
            out.update(zip(self.scalars, triangular_ppf(u[:, : len(self.scalars)], self.triangles).T))
        j = len(self.scalars)
        for g, members in self.shares.items():
            k = len(members)
            out.update(zip(members, dirichlet_of_uniforms(u[:, j: j + k], self.alphas[g]).T))
            j += k
        if self.household:
            which = np.minimum((u[:, j] * len(self.populations)).astype(int), len(self.populations) - 1)
            out.update(zip(self.household, self.populations[which].T))
        return out

    @property
    def correlated(self) -> np.ndarray:
        """Columns of the scalars that have a declared correlation with another scalar."""
        off = self.correlation - np.eye(len(self.correlation))
        return np.flatnonzero(np.any(off != 0, axis=1))

    def stream(self, seed: int, start: int = 0) -> np.random.Generator:
        """The Monte Carlo stream of this seed (one generator: the sample is read row by row), at
        row ``start``: a chunk of draws computed elsewhere (model/distributed.py) reads its own
        rows without drawing the ones before. PCG64 makes a uniform double of each 64-bit word,
        so row ``start`` begins ``start * dims`` words in."""
        rng = np.random.default_rng(np.random.SeedSequence(seed))
        if start:
            rng.bit_generator.advance(int(start) * self.dims)
        return rng

    def sample(self, draws: int, stream: np.random.Generator) -> np.ndarray:
        """The next ``draws`` Monte Carlo points of the unit cube, (draws, dims): independent
        uniforms, those of correlated scalars joined through the Gaussian copula of the declared
        rank correlations. Rows are read in order, so sampling in chunks gives the same points as
        sampling at once. The Sobol analysis samples the same cube quasi-randomly and without the
        copula (its indices assume independent inputs); both then go through ``values``."""
        from scipy import special  # imported here: scipy.special costs a few tenths of a second at start-up

        u = stream.random((draws, self.dims))
        linked = self.correlated
        if len(linked):
            block = self.correlation[np.ix_(linked, linked)]
            z = special.ndtri(np.clip(u[:, linked], _TINY, 1 - _TINY))  # clip: random() can return 0
            u[:, linked] = special.ndtr(z @ np.linalg.cholesky(block).T)
        return u

    def draw(self, draws: int, stream: np.random.Generator) -> dict[str, np.ndarray]:
        """The next ``draws`` Monte Carlo draws {path: (draws,)}: ``values`` of ``sample``."""
        return self.values(self.sample(draws, stream))


def uncertainties(scenario: Scenario, dependence: Dependence | None = None) -> Uncertainties:
    """What is drawn for this scenario, with the declared dependence."""
    dep = load_dependence() if dependence is None else dependence
    grouped = {p for members in SUM_TO_ONE.values() for p in members}
    in_households = set(household_paths())
    # in the order of their dotted paths, not of the files: splitting or reordering a data file
    # (a programme's and a region's, model/paths.py) must not change a single draw
    household = tuple(k for k in sorted(scenario.params) if k in in_households and is_drawn(scenario, k))
    scalars = tuple(k for k in sorted(scenario.params)
                    if k not in grouped and k not in in_households and is_drawn(scenario, k))
    triangles = np.array([evidence(scenario, k) for k in scalars], dtype=float).reshape(-1, 3)
    shares, alphas = {}, {}
    for g, members in SUM_TO_ONE.items():
        centre = np.array([float(scenario.value(m)) for m in members])
        shares[g] = tuple(members)
        alphas[g] = dep.concentration[g].value * centre / centre.sum()
    index = {p: j for j, p in enumerate(scalars)}
    corr = np.eye(len(scalars))
    for (a, b), rho in dep.rank_correlations.items():
        for d in DIRECTIONS:
            i, j = index.get(f"directions.{d}.{a}"), index.get(f"directions.{d}.{b}")
            if i is not None and j is not None:
                corr[i, j] = corr[j, i] = pearson_of_spearman(rho.value)
    if len(scalars) and np.linalg.eigvalsh(corr).min() <= 0:
        raise DataError(rel(as_pack(None) / "correlations.yaml"), "rank_correlations", "not positive definite",
                        "correlations that can hold together (a positive definite matrix)")
    return Uncertainties(scenario=scenario, scalars=scalars, triangles=triangles, shares=shares,
                         alphas=alphas, correlation=corr, household=household,
                         populations=latin_hypercube(np.array([evidence(scenario, k) for k in household],
                                                              dtype=float).reshape(-1, 3), POPULATIONS))


def latin_hypercube(triangles: np.ndarray, points: int, seed: int = POPULATION_SEED) -> np.ndarray:
    """(points, k) joint draws of k triangular distributions: each column takes one value in each of
    ``points`` equal-probability strata (at the stratum's middle), the strata paired at random."""
    rng = np.random.default_rng(seed)
    strata = np.array([rng.permutation(points) for _ in range(len(triangles))]).reshape(-1, points).T
    return triangular_ppf((strata + 0.5) / points, np.asarray(triangles, dtype=float).reshape(-1, 3))


def drawn_paths(scenario: Scenario) -> list[str]:
    """Every parameter path drawn in Monte Carlo (scalars and share members)."""
    return uncertainties(scenario).paths


def triangular_ppf(u, triangles):
    """Quantile function of triangular (low, mode, high) distributions, column by column."""
    low, mode, high = (triangles[:, i] for i in range(3))
    width = high - low
    c = (mode - low) / width
    below = low + np.sqrt(u * width * (mode - low))
    above = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < c, below, above)


def dirichlet_of_uniforms(u, alpha):
    """Dirichlet(alpha) draws from independent uniforms: gamma quantiles, normalised to sum 1.

    A member with alpha 0 (a direction without money in the scenario) stays at 0.
    """
    from scipy import special

    alpha = np.asarray(alpha, dtype=float)
    g = np.where(alpha > 0, special.gammaincinv(np.where(alpha > 0, alpha, 1.0), u), 0.0)
    total = g.sum(1, keepdims=True)
    return g / np.where(total > 0, total, 1.0)


# --- simulation ------------------------------------------------------------------------------


@dataclass
class Simulation:
    """The model over parameter draws, reduced to what readers use: totals over directions by
    year, the targets' series and evaluation, the appraisal by draw, and the drawn inputs."""

    scenario: Scenario
    uncertainties: Uncertainties = field(repr=False)
    inputs: dict = field(repr=False)  # path -> (n,) drawn values
    totals: dict = field(repr=False)  # indicator -> (n, T) summed over directions, or (n,) appraisal
    series: dict = field(repr=False)  # target key -> (n, T)
    evaluation: dict = field(repr=False)  # target key -> projected, met, year (targets.evaluate)
    years: np.ndarray = field(repr=False, default=None)

    @property
    def draws(self) -> int:
        return len(next(iter(self.evaluation.values()))["met"])

    def total(self, indicator: str) -> np.ndarray:
        """(draws, T) totals over directions ((draws,) for the appraisal)."""
        if indicator not in self.totals:
            raise KeyError(f"{indicator}: not kept by this simulation (kept: {', '.join(self.totals)};"
                           f" simulate(..., keep=...) keeps others)")
        return self.totals[indicator]

    def fan(self, indicator: str, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
        """Quantiles of an indicator's total (or a target key's series) by year: index year, one column per quantile."""
        a = self.series[indicator] if indicator in self.series else self.total(indicator)
        q = np.quantile(a, quantiles, axis=0)
        return pd.DataFrame(q.T, index=self.years, columns=[f"p{int(100 * x)}" for x in quantiles])

    def met(self, key: str) -> np.ndarray:
        return self.evaluation[key]["met"]

    def joint_probability(self) -> float:
        """Share of draws in which every target is met in the target year at once."""
        return float(np.logical_and.reduce([e["met"] for e in self.evaluation.values()]).mean())

    def target_probabilities(self) -> pd.DataFrame:
        """For each target: the probability it is met in the target year, and quantiles of the projection."""
        rows = []
        for key, e in self.evaluation.items():
            p5, p10, p50, p90, p95 = np.quantile(e["projected"], [0.05, 0.1, 0.5, 0.9, 0.95])
            rows.append({"key": key, "target": e["target"], "probability": float(e["met"].mean()),
                         "p5": p5, "p10": p10, "p50": p50, "p90": p90, "p95": p95})
        return pd.DataFrame(rows)

    def input_frame(self) -> pd.DataFrame:
        """The drawn inputs, one column per parameter path."""
        return pd.DataFrame(self.inputs)


def reduce_run(scenario: Scenario, values: dict, appraise: bool = True,
               keep: tuple[str, ...] = KEEP, households: bool = True) -> tuple[dict, dict, dict]:
    """core.compute over one batch of draws, reduced to (yearly totals over directions of the
    indicators in ``keep``, plus the appraisal by draw; the targets' series; their evaluation).
    The by-direction arrays of a batch are dropped once summed.

    TSA comes from the household microsimulation, draw by draw on the same households, as in
    the central projection (``households`` False: from the aggregate estimate, model/tsa.py, for
    the benchmark of the rest of the chain).
    """
    r = compute(values, appraise=appraise, tsa_outcome=tsa_outcome if households else None)
    ev = targets.evaluate(r, scenario.value("programme.target_year"))
    totals = {k: (np.einsum("ndt->nt", a) if a.ndim == 3 else a) for k, a in r.items()
              if k in keep or (k != "years" and a.ndim == 1)}
    series = {t.key: t.series(r) for t in targets.TARGETS if t.key in SERIES}
    return totals, series, ev


class _Filled:
    """Arrays for all n points, allocated at the first batch and filled batch by batch (no
    concatenation: a copy of every result at the end would double the time and the memory)."""

    def __init__(self, n: int):
        self.n, self.arrays = n, {}

    def put(self, start: int, batch: dict[str, np.ndarray]) -> None:
        for k, a in batch.items():
            if k not in self.arrays:
                self.arrays[k] = np.empty((self.n, *a.shape[1:]), dtype=a.dtype)
            self.arrays[k][start:start + len(a)] = a


def _flat(ev: dict) -> dict[str, np.ndarray]:
    return {f"{k}\t{f}": a for k, e in ev.items() for f, a in e.items() if f != "target"}


def _nested(flat: dict[str, np.ndarray], like: dict) -> dict:
    return {k: {"target": e["target"], **{f: flat[f"{k}\t{f}"] for f in e if f != "target"}}
            for k, e in like.items()}


def evaluate_points(scenario: Scenario, points, n: int, chunk: int = CHUNK, keys=None, progress=None) -> dict:
    """The targets (``keys``, default all) in the target year (target, projected, met) at ``n``
    parameter points; ``points(i, j)`` gives the values {path: (j - i,)} of points i..j-1, built
    ``chunk`` at a time; ``progress(k)``, if given, is called as each chunk of k points is done.

    The targets read from households (TSA) come from the microsimulation, run once for each
    distinct set of places the points give in that year (owners, hired, owner income, wage) and
    population (the households' assumptions, ``POPULATIONS`` joint points): in
    a Sobol design most points differ from another only in inputs that do not reach a household
    (processing, funding, the appraisal), so this is a fraction of the work, with the same result.
    """
    from . import microsim

    base, year = scenario.values, scenario.value("programme.target_year")
    filled, places, first, household = _Filled(n), _Filled(n), None, []
    for i in range(0, n, chunk):
        values = {**base, **points(i, min(n, i + chunk))}
        r = compute(values, appraise=False)
        ev = {k: {f: e[f] for f in ("target", "projected", "met")} for k, e in targets.evaluate(r, year).items()
              if keys is None or k in keys}
        first = first or ev
        filled.put(i, _flat(ev))
        if any(t.households and t.key in ev for t in targets.TARGETS):
            own, cols = microsim.drawn_inputs(values)
            row = microsim.places(r, values, year)
            places.put(i, {"places": row if cols is None else np.hstack([row, cols])})
            household = own
        if progress is not None:
            progress(min(n, i + chunk) - i)
    out = _nested(filled.arrays, first)
    if not places.arrays:
        return out
    distinct, inverse = np.unique(places.arrays["places"], axis=0, return_inverse=True)
    at = {**base, **dict(zip(household, distinct[:, 4:].T))}  # each row's households' assumptions
    tsa = {k: v[inverse.ravel()][:, None] for k, v in microsim.tsa_at_places(distinct[:, :4], at, year).items()}
    for t in targets.TARGETS:
        if t.households and t.key in out:
            projected = t.series(tsa)[:, 0]
            out[t.key] = {"target": out[t.key]["target"], "projected": projected,
                          "met": targets.is_met(t.rule, projected, out[t.key]["target"])}
    return out


def draw(scenario: Scenario, draws: int, seed: int) -> dict[str, object]:
    """The scenario's values with every drawn parameter replaced by ``draws`` draws (the same
    draws ``simulate`` makes with this seed), ready for ``core.compute``."""
    unc = uncertainties(scenario)
    return {**scenario.values, **unc.draw(int(draws), unc.stream(seed))}


def simulate(scenario: Scenario, draws: int = 1000, seed: int = 2019, dependence: Dependence | None = None,
             keep: tuple[str, ...] = KEEP, households: bool = True, progress=None) -> Simulation:
    """Run the model over ``draws`` draws from the evidence: vectorised, ``CHUNK`` draws at a
    time (each drawn, computed and reduced in turn, so memory stays bounded). ``keep``: the
    indicators whose yearly totals are kept; ``dependence`` replaces the programme's correlations.yaml (tests);
    ``households`` False takes TSA from the aggregate estimate (benchmarks of the rest of the chain);
    ``progress(k)``, if given, is called as each chunk of k draws is done."""
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws = {draws}: expected a positive whole number of draws")
    n = int(draws)
    scenario.check_pack()
    unc = uncertainties(scenario, dependence)
    stream = unc.stream(seed)
    base = scenario.values
    inputs, totals, series, ev_all, first = _Filled(n), _Filled(n), _Filled(n), _Filled(n), None
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        batch = unc.draw(size, stream)
        tot, ser, ev = reduce_run(scenario, {**base, **batch}, keep=tuple(keep), households=households)
        first = first or ev
        for filled, part in ((inputs, batch), (totals, tot), (series, ser), (ev_all, _flat(ev))):
            filled.put(start, part)
        if progress is not None:
            progress(size)
    return Simulation(scenario=scenario, uncertainties=unc, inputs=inputs.arrays, totals=totals.arrays,
                      series=series.arrays, evaluation=_nested(ev_all.arrays, first), years=years_of(base))


def target_draws(scenario: Scenario, draws: int, seed: int, dependence: Dependence | None = None,
                 progress=None) -> Simulation:
    """The Monte Carlo of ``simulate`` reduced to what ``python -m model uncertainty`` reports: the
    same draws (the stream read in the same chunks) and each target in the target year, with TSA
    from the microsimulation in that year alone, once per distinct set of places
    (``evaluate_points``, as the Sobol analysis runs it) rather than in every programme year:
    the same chances and projections, at a tenth of the microsimulation's work. Its totals and
    series are empty and its evaluation has no first year met; ``simulate`` gives those."""
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws = {draws}: expected a positive whole number of draws")
    n = int(draws)
    unc = uncertainties(scenario, dependence)
    stream = unc.stream(seed)
    inputs = _Filled(n)

    def points(i: int, j: int) -> dict[str, np.ndarray]:
        batch = unc.draw(j - i, stream)  # evaluate_points asks for the chunks in order
        inputs.put(i, batch)
        return batch

    evaluation = evaluate_points(scenario, points, n, chunk=CHUNK, progress=progress)
    return Simulation(scenario=scenario, uncertainties=unc, inputs=inputs.arrays, totals={}, series={},
                      evaluation=evaluation, years=years_of(scenario.values))


def finite_or_none(x):
    """A float for JSON, None where it is not finite (strict JSON has no NaN)."""
    x = float(x)
    return x if math.isfinite(x) else None
