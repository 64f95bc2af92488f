"""Who gets the programme's places, and what each place adds to a household's income.

The model's jobs accounting gives, by direction, year and draw, the owners whose project still
runs (``owners_running``: ramp-up and survival applied) and the hired full-time jobs (``hired``).
Each owner and each hired worker is one person and belongs to one household; a household holds at
most one owner's place and one hired place (both only if it has the people for them).

Targeting, as the article describes it ("first of all large and low-income families"):
a declared share of places goes to families on TSA when the programme starts
(``assignment.tsa_share_of_participants``, the pilot's share); the rest goes to the other
households, large families ``assignment.large_family_priority`` times as likely to be chosen.
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

from .inputs import load_inputs


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


def _by_direction(r: dict, name: str, fallback: str) -> np.ndarray:
    """(n, T) total of an array by direction; ``fallback`` until the jobs accounting names it."""
    a = r.get(name, r.get(fallback))
    return np.asarray(a).sum(1)


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
    owners = _by_direction(r, "owners_running", "entrepreneurs_running")
    hired = _by_direction(r, "hired", "jobs_direct")
    n = owners.shape[0]
    share = np.ones((n, 1))
    if additional:
        dw = np.broadcast_to(np.asarray(values["net_effect.deadweight"], dtype=float), (n,))
        disp = np.broadcast_to(np.asarray(values["net_effect.displacement"], dtype=float), (n,))
        share = ((1 - dw) * (1 - disp))[:, None]
    wage = np.broadcast_to(np.asarray(load_inputs()["assignment.hired_wage"].value, dtype=float), (n,)).copy()
    va_share = np.broadcast_to(np.asarray(values["appraisal.value_added_share"], dtype=float), (n,))[:, None]
    # by direction, KZT a month: value added less hired wages and (net) the loans still serviced;
    # each household services its own project's loan, so a direction whose projects earn less than
    # their loans cost adds nothing, and takes nothing from the owners of the others
    net = (np.asarray(r["output"]) * va_share[..., None] * 1e9 / 12
           - np.asarray(r.get("hired", r.get("jobs_direct"))) * wage[:, None, None])
    if net_of_service and "loan_service" in r:
        net = net - np.asarray(r["loan_service"])
    running = np.asarray(r.get("owners_running", r.get("entrepreneurs_running"))) > 0
    earned = np.where(running, np.maximum(net, 0.0), 0.0).sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_owner = np.where(owners > 0, earned / owners, 0.0)
    return Earners(years=np.asarray(r["years"]), owners=owners * share, hired=hired * share,
                   owner_income=per_owner, wage=wage)


def scaled(e: Earners, factor: float) -> Earners:
    """The same earners for a population ``factor`` times the article's (smaller test populations)."""
    return Earners(years=e.years, owners=e.owners * factor, hired=e.hired * factor,
                   owner_income=e.owner_income, wage=e.wage)


def _order(pop, pool: np.ndarray, targeted: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Weighted position of each household in the queue for one kind of place (inf: not in the pool).

    Targeted households fill ``share`` of every stretch of the queue; the others are ordered by
    Efraimidis-Spirakis keys u^(1/priority), so a large family is ``priority`` times as likely.
    """
    inp = load_inputs()
    share = float(inp["assignment.tsa_share_of_participants"].value)
    priority = np.where(pop.large_family, float(inp["assignment.large_family_priority"].value), 1.0)
    w = pop.weight
    pos = np.full(pop.households, np.inf)
    t_idx = np.flatnonzero(pool & targeted)
    o_idx = np.flatnonzero(pool & ~targeted)
    t_idx = t_idx[np.argsort(key[t_idx])]
    o_idx = o_idx[np.argsort(-key[o_idx] ** (1 / priority[o_idx]))]
    # virtual time: a targeted household is reached when share x the queue has passed it
    t_time = np.cumsum(w[t_idx]) / share
    o_time = np.cumsum(w[o_idx]) / (1 - share)
    idx = np.concatenate([t_idx, o_idx])
    merged = idx[np.argsort(np.concatenate([t_time, o_time]), kind="stable")]
    pos[merged] = np.cumsum(w[merged])
    return pos


def queues(pop, on_tsa_at_start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted queue positions for owners' places and hired places, (H,) each."""
    owners = _order(pop, pop.working > 0, on_tsa_at_start, pop.owner_draw)
    hired = _order(pop, pop.without_stable > 0, on_tsa_at_start, pop.hired_draw)
    return owners, hired


def income_added(owner_pos, hired_pos, factor, e: Earners, rows, t: int, dtype=np.float64) -> np.ndarray:
    """(len(rows), H') monthly income added to each household: its owner's place and its hired place."""
    added = e.owner_income[rows, t][:, None].astype(dtype) * factor[None, :]
    added *= owner_pos[None, :] <= e.owners[rows, t][:, None].astype(dtype)
    np.add(added, e.wage[rows][:, None].astype(dtype), out=added,
           where=hired_pos[None, :] <= e.hired[rows, t][:, None].astype(dtype))
    return added
