"""Who gets the programme's places, and what each place adds to a household's income.

The model's jobs accounting gives, by direction, year and draw, the owners whose project still
runs (``owners_running``: ramp-up and survival applied) and the hired full-time jobs (``hired``).
Each owner and each hired worker is one person and belongs to one household; a household holds at
most one owner's place and one hired place (both only if it has the people for them).

Targeting, as the article describes it ("first of all large and low-income families") and as the
pilot did it: places are drawn from the households that exist, a family on TSA ``rho`` times as
likely to be chosen as one that is not, a large family ``assignment.large_family_priority`` times
(a weighted draw without replacement: Efraimidis-Spirakis keys, an exponential race
-log(u) / weight). The rate ``rho`` is read from the pilot: it is the one at which the pilot's
first stage, replayed through these households, has the pilot's 1,628 TSA families among its
participants (``fit_tsa_weight``). It is a rate on the pool, not a share of places: a programme
with few places gives TSA families about rho times their share of households, one with places for
most households cannot give TSA families more places than there are TSA families, in any
settlement or year (each household holds at most one place of each kind). TSA status is read in
the year the programme starts (its first places are given then).
Places are handed out along one fixed order per kind of place, so a draw with more places reaches
further down the same order, and when projects close the last places go first.

Income added, a month, in constant 2019 KZT: a hired job pays ``assignment.hired_wage``; an owner
earns the value added of the running projects less the wages they pay and less the loan service
they still owe (``model/repayment.py``), shared among owners, times the household's own factor
(lognormal, mean 1: some projects do far better than others). An owner whose service exceeds what
the project earns adds nothing (the TSA assessment does not deduct loan repayments, so the family's
assessed income does not fall; it is worse off in cash, which the repayment table shows).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np



@dataclass(frozen=True)
class Earners:
    """Programme earners by draw and programme year: (n, T) arrays; wage (n,)."""

    years: np.ndarray
    owners: np.ndarray
    hired: np.ndarray
    owner_income: np.ndarray  # KZT a month per owner household (2019 prices), before its own factor
    wage: np.ndarray

    @property
    def draws(self) -> int:
        return self.owners.shape[0]


def earners(r: dict, values, additional: bool = True, net_of_service: bool = True) -> Earners:
    """Owners running, hired FTE and owner income from the model's arrays (single run or draws).

    ``additional``: only the places the programme adds, i.e. net of deadweight (places that would
    have existed anyway) and displacement (places taken from other producers), as the rest of the
    suite measures effects against what would have happened without the programme. The pilot's
    before-and-after among participants is gross (``additional=False``). An owner's income is
    computed from the gross counts either way: netting removes people, not earnings per person.

    ``net_of_service`` (default): an owner's income is net of the loan service its project still
    pays; False: before it, as the TSA assessment counts income (the pilot's reported exits).
    """
    owners = np.asarray(r["owners_running"]).sum(1)  # (n, T): summed over directions
    hired = np.asarray(r["hired"]).sum(1)
    n = owners.shape[0]
    share = np.ones((n, 1))
    if additional:
        dw = np.broadcast_to(np.asarray(values["net_effect.deadweight"], dtype=float), (n,))
        disp = np.broadcast_to(np.asarray(values["net_effect.displacement"], dtype=float), (n,))
        share = ((1 - dw) * (1 - disp))[:, None]
    wage = np.broadcast_to(np.asarray(values["assignment.hired_wage"], dtype=float), (n,)).copy()
    va_share = np.broadcast_to(np.asarray(values["appraisal.value_added_share"], dtype=float), (n,))[:, None]
    # by direction, KZT a month: value added less hired wages and (net) the loans still serviced;
    # each household services its own project's loan, so a direction whose projects earn less than
    # their loans cost adds nothing, and takes nothing from the owners of the others
    net = (np.asarray(r["output"]) * va_share[..., None] * 1e9 / 12
           - np.asarray(r["hired"]) * wage[:, None, None])
    if net_of_service and "loan_service" in r:
        net = net - np.asarray(r["loan_service"])
    running = np.asarray(r["owners_running"]) > 0
    earned = np.where(running, np.maximum(net, 0.0), 0.0).sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_owner = np.where(owners > 0, earned / owners, 0.0)
    return Earners(years=np.asarray(r["years"]), owners=owners * share, hired=hired * share,
                   owner_income=per_owner, wage=wage)


def scaled(e: Earners, factor: float) -> Earners:
    """The same earners for a population ``factor`` times the article's (smaller test populations)."""
    return Earners(years=e.years, owners=e.owners * factor, hired=e.hired * factor,
                   owner_income=e.owner_income, wage=e.wage)


def _order(pop, pool: np.ndarray, on_tsa: np.ndarray, key: np.ndarray, rho: float) -> np.ndarray:
    """Weighted position of each household in the queue for one kind of place (inf: not in the pool).

    A weighted draw without replacement: households in order of -log(u) / weight, weight = rho on
    TSA, times the large-family priority for large families; a position is the weighted households
    before it and itself."""
    race = _race(pop, pool, key)
    race = np.where(on_tsa, race / rho, race)
    idx = np.flatnonzero(pool)
    order = idx[np.argsort(race[idx], kind="stable")]
    pos = np.full(pop.households, np.inf)
    pos[order] = np.cumsum(pop.weight[order])
    return pos


def queues(pop, on_tsa_at_start: np.ndarray, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """Weighted queue positions for owners' places and hired places, (H,) each."""
    owners = _order(pop, pop.working > 0, on_tsa_at_start, pop.owner_draw, rho)
    hired = _order(pop, pop.without_stable > 0, on_tsa_at_start, pop.hired_draw, rho)
    return owners, hired


def _race(pop, pool: np.ndarray, key: np.ndarray) -> np.ndarray:
    """-log(u) / large-family priority: a household's race time before the TSA rate (inf: not in the pool)."""
    priority = np.where(pop.large_family, float(pop.input["assignment.large_family_priority"]), 1.0)
    return np.where(pool, -np.log(np.maximum(key, 1e-300)) / priority, np.inf)


class _Queue:
    """One kind of place's race times, sorted once per group (TSA at the start, the others), so the
    households within the first N places at any rate rho are found without sorting again."""

    def __init__(self, race: np.ndarray, on_tsa: np.ndarray, weight: np.ndarray):
        self.race, self.on_tsa = race, on_tsa
        ok = np.isfinite(race)
        self.groups = []
        for g in (ok & on_tsa, ok & ~on_tsa):
            order = np.argsort(race[g], kind="stable")
            self.groups.append((race[g][order], np.concatenate([[0.0], np.cumsum(weight[g][order])])))

    def _weight_within(self, tau: float, rho: float) -> float:
        (rt, ct), (rn, cn) = self.groups
        return float(ct[np.searchsorted(rt, rho * tau, side="right")] + cn[np.searchsorted(rn, tau, side="right")])

    def reached(self, rho: float, places: float) -> np.ndarray:
        """Households within the first ``places`` (weighted): adjusted race (race / rho for TSA
        families) at most tau, the largest tau whose households weigh at most ``places``."""
        lo, hi = 0.0, 1.0
        while self._weight_within(hi, rho) <= places and hi < 1e300:
            hi *= 2.0
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if mid in (lo, hi):
                break
            lo, hi = (mid, hi) if self._weight_within(mid, rho) <= places else (lo, mid)
        return np.where(self.on_tsa, self.race / rho, self.race) <= lo


def fit_tsa_weight(pop, on_tsa_at_start: np.ndarray, on_tsa_screening: np.ndarray, owners: float,
                   hired: float, goal: float) -> float:
    """``rho`` at which the households holding the pilot's places (``owners`` owners' places and
    ``hired`` hired places, gross, on this population) include ``goal`` families that were on TSA at
    the screening (2019): the pilot's 1,628. Bisection on log rho in [0, log 1000] to 0.1 %; the TSA
    families among the place holders rise with rho. At the bounds when the goal cannot be met (the
    check in results.checks then shows the residual). The same queues as ``queues``: a household is
    within the first N places exactly when its race time is below the N-th."""
    w = pop.weight
    q_o = _Queue(_race(pop, pop.working > 0, pop.owner_draw), on_tsa_at_start, w)
    q_h = _Queue(_race(pop, pop.without_stable > 0, pop.hired_draw), on_tsa_at_start, w)
    screen_w = w * on_tsa_screening

    def tsa_among(rho):
        return float((q_o.reached(rho, owners) | q_h.reached(rho, hired)) @ screen_w)

    lo, hi = 0.0, np.log(1000.0)
    if tsa_among(1.0) >= goal:
        return 1.0
    if tsa_among(np.exp(hi)) <= goal:
        return float(np.exp(hi))
    while hi - lo > 1e-3:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if tsa_among(np.exp(mid)) < goal else (lo, mid)
    return float(np.exp(0.5 * (lo + hi)))


def income_added(owner_pos, hired_pos, factor, e: Earners, rows, t: int, dtype=np.float64) -> np.ndarray:
    """(len(rows), H') monthly income added to each household: its owner's place and its hired place."""
    return income_added_by_household(owner_pos, hired_pos, factor, e, rows, t, dtype).T


def income_added_by_household(owner_pos, hired_pos, factor, e: Earners, rows, t: int,
                              dtype=np.float64) -> np.ndarray:
    """(H', len(rows)) monthly income added, household by household (rows: draws): an owner's
    income times the household's factor if its owner's place is reached, plus the wage if its
    hired place is. Masks enter as products (x 0 or x 1, + 0 or + wage): the same values as
    selecting, at a fraction of the cost of numpy's masked (``where=``) operations."""
    added = np.multiply.outer(factor, e.owner_income[rows, t].astype(dtype))
    added *= np.less_equal.outer(owner_pos, e.owners[rows, t].astype(dtype))
    added += np.less_equal.outer(hired_pos, e.hired[rows, t].astype(dtype)) * e.wage[rows].astype(dtype)
    return added
