"""The programme's effect on TSA, by draw, year and district, and the household detail of one run.

A household on TSA without the programme leaves because of the programme when the income its
places add lifts its income per head to the eligibility line or above (rules.is_eligible). One
that stays receives a smaller benefit; the saving is the difference. Only households that are on
TSA without the programme can leave, so exits never exceed the caseload without the programme,
in any year, district or draw.

Draws are processed in chunks so memory stays bounded (``chunk_elements`` values per array).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from . import rules
from .assignment import Earners, income_added
from ..targets import year_index

CHUNK_ELEMENTS = 1 << 22  # about 32 MB per float array


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
    """One year's households that can leave TSA: on it without the programme and in a queue (float32)."""

    idx: np.ndarray
    benefit: np.ndarray  # gap x members, KZT a month
    payment_and_benefit: np.ndarray  # with the additional payment for children 1-6
    onehot: np.ndarray  # (C, K) weight in the household's district (float64)
    counts: np.ndarray  # (C, 2K) families and people by district (float64)
    owner_pos: np.ndarray
    hired_pos: np.ndarray
    factor: np.ndarray
    district: np.ndarray
    weight: np.ndarray
    weight_members: np.ndarray

    def within(self, reach_owner: float, reach_hired: float) -> "Candidates":
        keep = (self.owner_pos <= reach_owner) | (self.hired_pos <= reach_hired)
        if keep.all():
            return self
        return Candidates(*(getattr(self, f.name)[keep] for f in fields(self)))


def candidates(pop, cf, owner_pos, hired_pos) -> list[Candidates]:
    """For each year of the counterfactual, the households that could leave (they do not depend on draws)."""
    f32 = np.float32
    K = len(pop.district_keys)
    out = []
    for i in range(len(cf.years)):
        idx = np.flatnonzero(cf.on_tsa[i] & (np.isfinite(owner_pos) | np.isfinite(hired_pos)))
        members = pop.members[idx]
        onehot = np.zeros((idx.size, K))
        onehot[np.arange(idx.size), pop.district[idx]] = pop.weight[idx]
        out.append(Candidates(
            idx=idx, benefit=rules.benefit(cf.income[i, idx], cf.line[i], members).astype(f32),
            payment_and_benefit=cf.monthly_benefit[i, idx].astype(f32), onehot=onehot,
            counts=np.hstack([onehot, onehot * members[:, None]]),
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
        if n < 32:  # a few draws: sums by district with bincount, cheaper than the matrix products
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
            if cc.idx.size == 0:
                fam[rows, t] = ppl[rows, t] = saved[rows, t] = 0.0
                continue
            added = income_added(cc.owner_pos, cc.hired_pos, cc.factor, e, rows, t, dtype=np.float32)
            left = rules.leaves_tsa(added, cc.benefit)
            # sums in float64: a draw's totals must not depend on how many draws share its chunk
            both = left.astype(np.float64) @ cc.counts
            fam[rows, t], ppl[rows, t] = both[:, :K], both[:, K:]
            # saved: the whole payment of a family that leaves; for one that stays, what its gap shrank by
            np.copyto(added, cc.payment_and_benefit, where=left)
            saved[rows, t] = added.astype(np.float64) @ cc.onehot
    return Effects(years=e.years, families_exit=fam, people_exit=ppl, saved_month=saved,
                   assessment_months=float(pop.input["rules.assessment_months"]))


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
