"""The programme's effect on TSA, by draw, year and district, and the household detail of one run.

A household on TSA without the programme leaves because of the programme when the income its
places add lifts its income per head to the eligibility line or above (rules.is_eligible). One
that stays receives a smaller benefit; the saving is the difference. Only households that are on
TSA without the programme can leave, so exits never exceed the caseload without the programme,
in any year, district or draw.

Draws are processed in chunks so memory stays bounded (``chunk_elements`` values per array).
Sums by district add household by household in a fixed order (``district_sums``), never through
BLAS: a draw's totals are the same whichever draws share its chunk, however many threads BLAS has,
and the same as a single draw's (``np.bincount``).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from . import rules
from .assignment import Earners, income_added, income_added_by_household
from ..targets import year_index

CHUNK_ELEMENTS = 1 << 20  # values per working array (8 MB in float64): bounded memory, long enough inner loops


@dataclass(frozen=True)
class Effects:
    """Programme effects by draw, programme year and district: (n, T, K)."""

    years: np.ndarray
    families_exit: np.ndarray
    people_exit: np.ndarray
    saved_month: np.ndarray  # TSA payments saved, KZT a month (2019 prices)
    assessment_months: float  # months one assessment assigns the benefit for (rules.assessment_months)

    def saved_bn_year(self) -> np.ndarray:
        """TSA payments saved, bn KZT a year (four quarterly assessments of three months)."""
        months = self.assessment_months
        per_year = rules.assessments_per_year(months) * rules.benefit_for_assessment(self.saved_month, months)
        return per_year / 1e9


@dataclass(frozen=True)
class Candidates:
    """One year's households that can leave TSA: on it without the programme and in a queue (float32),
    in the population's order (by district)."""

    idx: np.ndarray
    benefit: np.ndarray  # gap x members, KZT a month
    payment_and_benefit: np.ndarray  # with the additional payment for children 1-6
    owner_pos: np.ndarray
    hired_pos: np.ndarray
    factor: np.ndarray
    district: np.ndarray
    weight: np.ndarray
    weight_members: np.ndarray

    def within(self, reach_owner: float, reach_hired: float) -> "Candidates":
        """The households a draw reaching this far can reach, compared in float32 as the draws' own
        places are (``income_added_by_household``): a household at a position the float32 reach
        rounds up to is kept."""
        keep = (self.owner_pos <= np.float32(reach_owner)) | (self.hired_pos <= np.float32(reach_hired))
        if keep.all():
            return self
        return Candidates(*(getattr(self, f.name)[keep] for f in fields(self)))

    def districts(self) -> tuple[np.ndarray, np.ndarray]:
        """(district of each run of households, where each run starts and ends): (R,), (R + 1,)."""
        if self.idx.size == 0:
            return np.zeros(0, dtype=int), np.zeros(1, dtype=int)
        bounds = np.flatnonzero(np.diff(self.district)) + 1
        return self.district[np.r_[0, bounds]], np.r_[0, bounds, self.idx.size]


def candidates(pop, cf, owner_pos, hired_pos) -> list[Candidates]:
    """For each year of the counterfactual, the households that could leave (they do not depend on draws)."""
    f32 = np.float32
    out = []
    for i in range(len(cf.years)):
        idx = np.flatnonzero(cf.on_tsa[i] & (np.isfinite(owner_pos) | np.isfinite(hired_pos)))
        members = pop.members[idx]
        out.append(Candidates(
            idx=idx, benefit=rules.benefit(cf.income[i, idx], cf.line[i], members).astype(f32),
            payment_and_benefit=cf.monthly_benefit[i, idx].astype(f32),
            owner_pos=owner_pos[idx].astype(f32), hired_pos=hired_pos[idx].astype(f32),
            factor=pop.owner_income_factor[idx].astype(f32), district=pop.district[idx],
            weight=pop.weight[idx], weight_members=pop.weight[idx] * members))
    return out


def effects(pop, cf, e: Earners, owner_pos, hired_pos, chunk_elements: int = CHUNK_ELEMENTS,
            cands: list[Candidates] | None = None) -> Effects:
    """Families and people leaving TSA and payments saved, for every draw of ``e``.

    Per year only the households on TSA without the programme and within reach of a place are
    evaluated (the others cannot leave), in float32, a chunk of draws at a time.
    """
    n, T = e.owners.shape
    K = len(pop.district_keys)
    fam, ppl, saved = (np.zeros((n, T, K)) for _ in range(3))
    reach_owner, reach_hired = e.owners.max(0), e.hired.max(0)
    cands = cands if cands is not None else candidates(pop, cf, owner_pos, hired_pos)
    for t, year in enumerate(e.years):
        c = cands[year_index(cf.years, year)]
        if n < 32:  # a few draws: sums by district with bincount (the same sums), cheaper than chunks
            for row in range(n):
                added = income_added(c.owner_pos, c.hired_pos, c.factor, e, slice(row, row + 1), t,
                                     dtype=np.float32)[0]
                left = rules.leaves_tsa(added, c.benefit)
                fam[row, t] = np.bincount(c.district, weights=c.weight * left, minlength=K)
                ppl[row, t] = np.bincount(c.district, weights=c.weight_members * left, minlength=K)
                saved[row, t] = np.bincount(c.district, minlength=K,
                                            weights=c.weight * np.where(left, c.payment_and_benefit, added))
            continue
        c = c.within(reach_owner[t], reach_hired[t])  # narrowing costs a pass: worth it over many draws
        if c.idx.size == 0:
            continue
        step = max(1, chunk_elements // c.idx.size)
        # draws in order of their owners' reach, so each chunk is narrowed to the places its own
        # draws reach (a chunk of small programmes evaluates a fraction of the households)
        order = np.argsort(e.owners[:, t], kind="stable")
        for start in range(0, n, step):
            rows = order[start:start + step]
            cc = c.within(e.owners[rows, t].max(), e.hired[rows, t].max())
            fam[rows, t], ppl[rows, t], saved[rows, t] = district_sums(cc, e, rows, t, K)
    return Effects(years=e.years, families_exit=fam, people_exit=ppl, saved_month=saved,
                   assessment_months=float(pop.input["rules.assessment_months"]))


def district_sums(c: Candidates, e: Earners, rows, t: int, K: int) -> np.ndarray:
    """(3, len(rows), K): families and people leaving TSA and payments saved a month, by district,
    for the draws ``rows`` in programme year ``t``. Household-major arrays (households x draws):
    each district's sums run down its households in order (np.einsum without BLAS, vectorised
    across the draws), so they are np.bincount's sums of a single draw, bit for bit."""
    added = income_added_by_household(c.owner_pos, c.hired_pos, c.factor, e, rows, t, dtype=np.float32)
    left = rules.leaves_tsa(added, c.benefit[:, None])
    # saved: the whole payment of a family that leaves; for one that stays, what its gap shrank by
    # (x 0 and + 0 select exactly: added >= 0)
    added *= ~left
    added += left * c.payment_and_benefit[:, None]
    left64, saved64 = left.astype(np.float64), added.astype(np.float64)  # float64 sums keep the small terms
    out = np.zeros((K, 3, added.shape[1]))
    keys, bounds = c.districts()
    for k, lo, hi in zip(keys, bounds[:-1], bounds[1:]):
        for j, (terms, weight) in enumerate(((left64, c.weight), (left64, c.weight_members), (saved64, c.weight))):
            out[k, j] = np.einsum("hd,h->d", terms[lo:hi], weight[lo:hi])
    return out.transpose(1, 2, 0)


@dataclass(frozen=True)
class Households:
    """One run (draw 0), household by household: (T, H) arrays over the counterfactual's years."""

    years: np.ndarray
    income_without: np.ndarray
    income_with: np.ndarray
    on_tsa_without: np.ndarray
    on_tsa_with: np.ndarray
    owner: np.ndarray
    hired: np.ndarray

    @property
    def participant(self) -> np.ndarray:
        return self.owner | self.hired

    @property
    def leaves(self) -> np.ndarray:
        return self.on_tsa_without & ~self.on_tsa_with


def households(pop, cf, e: Earners, owner_pos, hired_pos) -> Households:
    """Every household's income and TSA status with and without the programme (draw 0)."""
    T, H = cf.income.shape
    added = np.zeros((T, H))
    owner = np.zeros((T, H), dtype=bool)
    hired = np.zeros((T, H), dtype=bool)
    for t, year in enumerate(e.years):
        i = year_index(cf.years, year)
        added[i] = income_added(owner_pos, hired_pos, pop.owner_income_factor, e, slice(0, 1), t)[0]
        owner[i] = owner_pos <= e.owners[0, t]
        hired[i] = hired_pos <= e.hired[0, t]
    income_with = cf.income + added / pop.members[None, :]
    on_with = cf.on_tsa & rules.is_eligible(income_with, cf.line[:, None])
    return Households(years=cf.years, income_without=cf.income, income_with=income_with,
                      on_tsa_without=cf.on_tsa, on_tsa_with=on_with, owner=owner, hired=hired)


def poverty(income, line, people_weight) -> tuple[float, float]:
    """Headcount below the line (people) and the poverty gap index (mean shortfall / line, FGT1)."""
    short = np.maximum(line - income, 0.0) / line
    return float((income < line) @ people_weight), float(short @ people_weight / people_weight.sum())


def deciles(income, people_weight) -> np.ndarray:
    """Income per head at the 10th, 20th ... 90th percentiles of people (weighted)."""
    order = np.argsort(income)
    cum = np.cumsum(people_weight[order])
    return income[order][np.searchsorted(cum, cum[-1] * np.arange(1, 10) / 10)]
