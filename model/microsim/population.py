"""The synthetic rural population: 138,347 households in 376 settlements of the rural districts.

Drawn once from a seed, then calibrated:

1. **Districts.** Households and settlements go to districts in proportion to the districts'
   populations (data/regions/zhambyl/districts.csv), by largest remainders, so they sum to the oblast exactly.
2. **Members.** Working-age members 1 + Binomial(4, p); children (a declared share of large
   families with four or more, the rest 0-3); older members Binomial(2, p); working-age members
   without stable income Binomial(working, p_h) with a household-level p_h ~ Beta.
3. **Income per head** is lognormal around the household's earning power:
   log y = mu + log(earner equivalents / members) + sigma * e, where a working-age member with
   stable income counts 1, one without it and an older member (pension) count less, a child 0.
   ``mu`` is fitted so that eligible families x take-up reproduce the 2019 caseload exactly.
4. **Calibrated weights** (exponential raking, Deville and Särndal 1992): weights w = exp(A lambda)
   solve A'w = totals for the article's figures (people, working age, without stable income, the TSA
   families and people of 2019), the children and large families implied by the declared
   shares, and households and people by district. A test checks each figure within 1 %.
5. **Take-up from 2020** by family size, rate_h = min(take-up 2019, a exp(b (members - 5))), with
   (a, b) fitted so that the 2019 -> 2020 fall equals the national one in families and in people;
   from 2021 c x that rate, c fitted to the published rural count of 2021 plus the people the
   programme as delivered took off TSA by then (the count is with it; see counterfactual.py).
6. **Settlements that differ.** Households go to settlements of lognormal sizes, and each
   settlement's income level differs (a settlement term sigma_s * z_s in log income); sigma_s is
   fitted so that the share of settlements without a TSA family in 2021 is the published one
   (70 of 356 villages, mid-2021).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .. import cache
from ..paths import pack
from . import rules
from .counterfactual import eligibility_line, income_without
from .inputs import household_inputs, load_districts


DEFAULT_SEED = 2019  # the base year; the command line's --seed changes it
SIZE_CENTRE = 5  # members at which the take-up rate from 2020 is ``a`` (the size of a recipient family)
FIT_YEARS = (2019, 2020, 2021)  # the years the counterfactual is fitted in: base, national fall, rural count


@dataclass(frozen=True)
class Population:
    seed: int
    district_keys: tuple[str, ...]
    district: np.ndarray  # (H,) index into district_keys (households sorted by district)
    settlement: np.ndarray  # (H,) 0..S-1
    working: np.ndarray
    without_stable: np.ndarray
    children_0_6: np.ndarray
    children_7_17: np.ndarray
    older: np.ndarray
    income: np.ndarray  # income per head in 2019, KZT a month
    take_up_draw: np.ndarray  # U(0, 1): the household takes up TSA when this is below the take-up rate
    owner_draw: np.ndarray  # uniform keys that order households for programme places
    hired_draw: np.ndarray
    owner_income_factor: np.ndarray  # lognormal, mean 1: this household's project earns factor x the mean
    weight: np.ndarray
    take_up: tuple[float, ...]  # (2019; a, b of 2020; c from 2021): see take_up_by_year
    targets: dict = field(default_factory=dict)  # calibration figure -> target total
    settlement_sigma: float = 0.0  # sd of the settlements' term in log income (fitted, step 6)
    inputs: tuple = ()  # ((path, value), ...): the microsimulation's inputs it was drawn and fitted with

    @cached_property
    def input(self) -> dict:
        """The microsimulation's inputs this population was drawn with, by path (data/regions/zhambyl/tsa.yaml)."""
        return dict(self.inputs)

    @property
    def households(self) -> int:
        return len(self.weight)

    @property
    def members(self) -> np.ndarray:
        return self.working + self.children_0_6 + self.children_7_17 + self.older

    @property
    def children(self) -> np.ndarray:
        return self.children_0_6 + self.children_7_17

    @property
    def children_1_6(self) -> np.ndarray:
        return self.children_0_6 * self.input["rules.children_1_6_share_of_0_6"]

    @property
    def large_family(self) -> np.ndarray:
        return rules.is_large_family(self.children, int(self.input["population.large_family_children"]))

    @property
    def settlements(self) -> int:
        return int(self.settlement.max()) + 1

    def take_up_by_year(self, years) -> np.ndarray:
        """(T, H) take-up rate of each household by year: the 2019 rate; from 2020 by family size,
        min(2019 rate, a exp(b (members - 5))); from 2021 c times that (fitted, see module doc)."""
        years = np.asarray(years)
        tu, a, b, c = self.take_up
        by_size = np.minimum(tu, a * np.exp(b * (self.members - SIZE_CENTRE)))
        scale = np.where(years >= 2021, c, 1.0)
        return np.where((years >= 2020)[:, None], scale[:, None] * by_size[None, :], tu)

    def on_tsa_2019(self) -> np.ndarray:
        line = eligibility_line([2019], inputs=self.input)[0]
        return rules.is_eligible(self.income, line) & (self.take_up_draw < self.take_up[0])

    def totals(self) -> dict[str, float]:
        """The calibration figures as the weighted population gives them."""
        return {k: float(col @ self.weight) for k, col in _columns(self).items() if k in self.targets}

    def district_totals(self, values: np.ndarray) -> np.ndarray:
        """Weighted sums by district (K,)."""
        return np.bincount(self.district, weights=values * self.weight, minlength=len(self.district_keys))


def largest_remainder(total: int, shares: np.ndarray) -> np.ndarray:
    """Integers proportional to ``shares`` that sum to ``total`` exactly."""
    raw = total * shares / shares.sum()
    out = np.floor(raw).astype(int)
    out[np.argsort(raw - out)[::-1][: total - out.sum()]] += 1
    return out


def _columns(pop: Population) -> dict[str, np.ndarray]:
    m = pop.members.astype(float)
    cols = {
        "people": m, "working_age": pop.working.astype(float), "without_stable_income": pop.without_stable.astype(float),
        "children": pop.children.astype(float), "children_0_6": pop.children_0_6.astype(float),
        "large_families": pop.large_family.astype(float),
    }
    tsa = pop.on_tsa_2019().astype(float)
    cols["tsa_families"], cols["tsa_people"] = tsa, tsa * m
    for k, key in enumerate(pop.district_keys):
        inside = (pop.district == k).astype(float)
        cols[f"households.{key}"] = inside
        cols[f"people.{key}"] = inside * m
    return cols


def calibrated_weights(columns: np.ndarray, totals: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Exponential raking: w = exp(A lambda) with A'w = totals (Newton's method)."""
    scale = np.maximum(columns.max(0), 1e-12)
    a = columns / scale  # better conditioned; lambda is rescaled accordingly
    t = totals / scale
    lam = np.zeros(a.shape[1])
    for _ in range(iterations):
        w = np.exp(a @ lam)
        resid = a.T @ w - t
        if np.max(np.abs(resid) / np.maximum(t, 1)) < 1e-10:
            break
        jac = a.T @ (a * w[:, None])
        lam -= np.linalg.lstsq(jac, resid, rcond=None)[0]
    return np.exp(a @ lam)


def _first_to_goal(keys, weight, goal) -> tuple[float, np.ndarray]:
    """The threshold k* such that the households with key < k* weigh ``goal``, and their indices (in
    key order); inf and all of them when together they weigh less."""
    order = np.argsort(keys, kind="stable")
    cum = np.cumsum(weight[order])
    n = int(np.searchsorted(cum, goal))
    if n >= len(order):
        return np.inf, order
    return float(keys[order[n]]), order[:n]


def fit_take_up(pop: Population, programme_people_2021: float = 0.0) -> tuple[float, float, float]:
    """(a, b, c) of ``take_up_by_year``, fitted on the weighted households.

    2020: among the families eligible under the 2020 line (income with the large-family allowance,
    counterfactual.income_without) that took up in 2019, a family of m members stays when its draw
    u < a exp(b (m - 5)); for each b, a is exact for the families (u / exp(b (m - 5)) sorted); b is
    bisected so that people fall as the nation's did. 2021: a family stays when u < c x its 2020
    rate; c is exact for the rural count of 2021 (people) plus ``programme_people_2021``, the people
    the programme as delivered had taken off TSA by then (the published count is with it), at most 1."""
    inp = pop.input
    tu = pop.take_up[0]
    w, m, u = pop.weight, pop.members.astype(float), pop.take_up_draw
    lines = eligibility_line(list(FIT_YEARS), inputs=inp)
    income = income_without(pop, FIT_YEARS)
    on19 = pop.on_tsa_2019()
    goal_f = (1 - float(inp["counterfactual.national_fall_2019_2020"])) * float(on19 @ w)
    goal_p = (1 - float(inp["counterfactual.national_people_fall_2019_2020"])) * float(on19 @ (w * m))
    pool = rules.is_eligible(income[1], lines[1]) & (u < tu)
    idx = np.flatnonzero(pool)

    def people_at(b):
        keys = u[idx] / np.exp(b * (m[idx] - SIZE_CENTRE))
        a, chosen = _first_to_goal(keys, w[idx], goal_f)
        return a, float(w[idx][chosen] @ m[idx][chosen])

    lo, hi = -2.0, 2.0
    for _ in range(30):  # people rise with b: larger families favoured (b to 4e-9)
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if people_at(mid)[1] < goal_p else (lo, mid)
    b = 0.5 * (lo + hi)
    a = min(people_at(b)[0], 1e6)
    rate20 = np.minimum(tu, a * np.exp(b * (m - SIZE_CENTRE)))
    scale = pop.households / float(inp["population.households"])
    goal21 = float(inp["public.recipients_2021_rural"]) * scale + programme_people_2021
    pool21 = np.flatnonzero(rules.is_eligible(income[2], lines[2]) & (u < rate20))
    order = np.argsort(u[pool21] / rate20[pool21], kind="stable")
    keys = (u[pool21] / rate20[pool21])[order]
    cum = np.cumsum((w * m)[pool21][order])
    n = int(np.searchsorted(cum, goal21))
    c = 1.0 if n >= len(order) else float(min(1.0, 0.5 * (keys[n] + keys[n - 1]) if n > 0 else keys[0]))
    return float(a), float(b), c


def settlements_without_tsa(pop: Population, on_tsa: np.ndarray) -> float:
    """Share of settlements with no TSA family (weighted households on TSA = 0)."""
    fam = np.bincount(pop.settlement, weights=on_tsa * pop.weight, minlength=pop.settlements)
    return float(np.mean(fam <= 0))


def synthesise(seed: int | None = None, households: int | None = None, people_exit=None,
               inputs: tuple | None = None) -> Population:
    """The calibrated population; ``households`` smaller than the article's scales every total (tests).

    ``people_exit(pop, year)``: the people the programme as delivered took off TSA in ``year`` on a
    population, computed by the layer that runs scenarios (``model.microsim.actual_people_exit``);
    the 2021 take-up is fitted to the published count plus those exits. None: to the count alone.
    ``inputs``: the microsimulation's inputs (``inputs.household_inputs``), default the tree's.
    """
    inputs = household_inputs() if inputs is None else tuple(inputs)
    inp = dict(inputs)
    seed = DEFAULT_SEED if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    H0 = int(inp["population.households"])
    H = int(households or H0)
    scale = H / H0
    S = max(int(round(inp["population.settlements"] * scale)), len(load_districts()))

    # 1. districts and settlements
    districts = load_districts()
    shares = np.array([d.population for d in districts])
    hh_by_d = largest_remainder(H, shares)
    st_by_d = np.maximum(largest_remainder(S - len(districts), shares), 0) + 1  # every district has one
    district = np.repeat(np.arange(len(districts)), hh_by_d)
    first = np.concatenate([[0], np.cumsum(st_by_d)[:-1]])
    settlement = np.empty(H, dtype=np.int32)
    size_sigma = inp["population.settlement_size_sigma"]
    for k, (n_h, n_s) in enumerate(zip(hh_by_d, st_by_d)):
        idx = np.flatnonzero(district == k)
        size = np.exp(size_sigma * rng.standard_normal(n_s))
        local = rng.choice(n_s, size=n_h, p=size / size.sum())
        local[: min(n_s, n_h)] = np.arange(min(n_s, n_h))  # no settlement without households
        settlement[idx] = first[k] + local
    settlement_z = rng.standard_normal(S)  # each settlement's income level, scaled by sigma_s (fitted)

    # 2. members
    people = inp["population.people"] * scale
    working_total = inp["population.working_age"] * scale
    children_total = (people - working_total) * inp["population.children_share_of_dependants"]
    older_total = people - working_total - children_total
    working = 1 + rng.binomial(4, (working_total / H - 1) / 4, size=H)
    large_share = inp["population.large_families_share"]
    n_large = int(inp["population.large_family_children"])
    large = rng.random(H) < large_share
    small_mean = (children_total / H - large_share * (n_large + 0.6)) / (1 - large_share)
    children = np.where(large, n_large + rng.poisson(0.6, size=H), rng.binomial(n_large - 1, small_mean / (n_large - 1), size=H))
    children_0_6 = rng.binomial(children, inp["population.children_0_6_share"])
    older = rng.binomial(2, min(older_total / H / 2, 1.0), size=H)
    p_nsi = inp["population.without_stable_income"] / inp["population.working_age"]
    p_h = rng.beta(1.5, 1.5 * (1 - p_nsi) / p_nsi, size=H)
    without_stable = rng.binomial(working, p_h)

    # 3. income per head (mu fitted below)
    members = working + children + older
    earners = (working - without_stable + inp["population.earnings_without_stable_income"] * without_stable
               + inp["population.pension_relative"] * older)
    x = np.log(np.maximum(earners, 0.2) / members) + inp["population.income_sigma"] * rng.standard_normal(H)
    take_up_draw = rng.random(H)
    owner_draw, hired_draw = rng.random(H), rng.random(H)
    s = inp["assignment.owner_income_sigma"]
    owner_income_factor = np.exp(s * rng.standard_normal(H) - s * s / 2)

    tu = inp["population.take_up_2019"]
    rural = inp["population.caseload_rural_share"]
    families = inp["caseload_2019.families"] * rural * scale
    line = eligibility_line([2019], inputs=inp)[0]
    k = int(round(families))
    takes = take_up_draw < tu

    def with_income(sigma_s):
        """The population with settlement term sigma_s: mu exact for the 2019 families (k takers below the line)."""
        xs = x + sigma_s * settlement_z[settlement]
        takers = np.sort(xs[takes])
        mu = np.log(line) - 0.5 * (takers[k - 1] + takers[k])
        return Population(seed=seed, district_keys=tuple(d.key for d in districts), district=district,
                          settlement=settlement, working=working, without_stable=without_stable,
                          children_0_6=children_0_6, children_7_17=children - children_0_6, older=older,
                          income=np.exp(mu + xs), take_up_draw=take_up_draw, owner_draw=owner_draw,
                          hired_draw=hired_draw, owner_income_factor=owner_income_factor, weight=np.ones(H),
                          take_up=(tu, tu, 0.0, 1.0), inputs=inputs)

    # 6. sigma_s: settlements without TSA in 2021 as published (fitted on unit weights; the check
    # in results.checks reads the final, calibrated population)
    goal_zero = inp["public.villages_without_tsa_2021"] / inp["public.villages_2021"]
    lo, hi = 0.0, 1.5
    if _zero_share_2021(with_income(lo)) < goal_zero:
        for _ in range(10):  # sigma_s to 0.0015
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if _zero_share_2021(with_income(mid)) < goal_zero else (lo, mid)
        sigma_s = 0.5 * (lo + hi)
    else:
        sigma_s = 0.0
    pop = with_income(sigma_s)

    # 4. calibrated weights
    targets = {
        "people": people, "working_age": working_total, "without_stable_income": inp["population.without_stable_income"] * scale,
        "children": children_total, "children_0_6": children_total * inp["population.children_0_6_share"],
        "large_families": large_share * H, "tsa_families": families,
        "tsa_people": inp["caseload_2019.people"] * rural * scale,
    }
    pop_shares = shares / shares.sum()
    for k, d in enumerate(districts):
        targets[f"households.{d.key}"] = float(hh_by_d[k])
        targets[f"people.{d.key}"] = people * pop_shares[k]
    cols = _columns(pop)
    a = np.column_stack([cols[k] for k in targets])
    weight = calibrated_weights(a, np.array(list(targets.values())))
    pop = _replace(pop, weight=weight, targets=targets, settlement_sigma=sigma_s)

    # 5. take-up from 2020, by family size, and from 2021: the published 2021 count is with the programme
    # as delivered, so the path without it is fitted to the count plus what that programme took off
    # TSA (computed on this population; twice, as those exits move a little with the path)
    pop = _replace(pop, take_up=(tu, *fit_take_up(pop)))
    for _ in range(2 if people_exit is not None else 0):
        pop = _replace(pop, take_up=(tu, *fit_take_up(pop, people_exit(pop, 2021))))
    return pop


def _zero_share_2021(pop: Population) -> float:
    """Share of settlements without a TSA family in 2021 once take-up is fitted (unit weights)."""
    from .counterfactual import path
    pop = _replace(pop, take_up=(pop.take_up[0], *fit_take_up(pop)))
    return settlements_without_tsa(pop, path(pop, [2021]).on_tsa[0])


def _replace(pop: Population, **changes) -> Population:
    from dataclasses import replace
    return replace(pop, **changes)


_ARRAYS = ("district", "settlement", "working", "without_stable", "children_0_6", "children_7_17", "older",
           "income", "take_up_draw", "owner_draw", "hired_draw", "owner_income_factor", "weight")


@cache.memo
def population(seed: int | None = None, households: int | None = None, people_exit=None,
               inputs: tuple | None = None) -> Population:
    """The calibrated population for a seed and the microsimulation's inputs (default the tree's).

    Drawn once per process, and kept on disk under build/cache/ keyed by the region, the seed, the
    size, the inputs and a hash of every data and model file (the calibration of the weights takes about a
    second), so a cold ``python -m model project`` does not draw it again. The same inputs give the
    same arrays.
    """
    import io
    import json

    from .. import cache

    inputs = household_inputs() if inputs is None else tuple(inputs)
    # the region's: its districts and caseloads (the data tree's digest below covers their values)
    name = (f"population-{pack().region}-{seed or DEFAULT_SEED}-{households or 'all'}-"
            f"{'fitted' if people_exit else 'bare'}-"
            f"{cache.key(inputs)[:12]}-")
    path = cache.CACHE_DIR / f"{name}{cache.key(cache.inputs_digest(), seed, households)}.npz"
    body = cache.fetch(path)
    if body is not None:
        try:
            with np.load(io.BytesIO(body), allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                return Population(seed=meta["seed"], district_keys=tuple(meta["district_keys"]),
                                  take_up=tuple(meta["take_up"]), targets=meta["targets"],
                                  settlement_sigma=meta["settlement_sigma"], inputs=inputs,
                                  **{k: z[k] for k in _ARRAYS})
        except (OSError, ValueError, KeyError, TypeError):
            pass  # intact but of another shape (an older version): draw it again
    pop = synthesise(seed, households, people_exit, inputs)
    meta = json.dumps({"seed": pop.seed, "district_keys": list(pop.district_keys),
                       "take_up": [float(x) for x in pop.take_up], "settlement_sigma": pop.settlement_sigma,
                       "targets": {k: float(v) for k, v in pop.targets.items()}})
    buf = io.BytesIO()
    np.savez(buf, meta=np.array(meta), **{k: getattr(pop, k) for k in _ARRAYS})
    cache.store(path, buf.getvalue(), stale=name)
    return pop
