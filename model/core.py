"""The projection as one vectorised computation: parameter values -> arrays by draw, direction, year.

Every value may be a scalar or an array of draws (leading axis n); the yearly schedules
(``timeline.*``) are plain lists. A single run is n = 1: Monte Carlo, calibration and the
notebooks all go through ``compute``.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from . import appraisal, delivery, jobs, money, output, processing, repayment, timeline, tsa
from .parameters import DIRECTIONS

IMPLIED = "baseline.agri_output_implied_bn_kzt"  # model/scenario.py base_params: only where announced

FUNDING_KEYS = ("grant_share", "microcredit_share", "bank_loan_share", "microcredit_rate", "market_rate",
                "default_rate", "admin_cost_share")


class _View:
    """Read values as (n, 1) scalars or (n, D) direction arrays."""

    def __init__(self, values: Mapping[str, object]):
        self.v = values
        sizes = {np.size(x) for k, x in values.items() if isinstance(x, np.ndarray) and np.ndim(x) > 0}
        if len(sizes) > 1:
            raise ValueError(f"parameter draws of different lengths: {sorted(sizes)}")
        self.n = sizes.pop() if sizes else 1

    def s(self, key: str) -> np.ndarray:
        return np.broadcast_to(np.asarray(self.v[key], dtype=float), (self.n,))[:, None]

    def d(self, name: str) -> np.ndarray:
        return np.stack([np.broadcast_to(np.asarray(self.v[f"directions.{d}.{name}"], dtype=float), (self.n,))
                         for d in DIRECTIONS], axis=1)


def years_of(values: Mapping[str, object]) -> np.ndarray:
    return np.arange(int(values["programme.start_year"]), int(values["programme.horizon_end"]) + 1)


def compute(values: Mapping[str, object], appraise: bool = True,
            tsa_outcome: Callable[[dict, Mapping[str, object]], dict] | None = None) -> dict[str, np.ndarray]:
    """All indicators. By direction: (n, D, T); totals: (n, T); appraisal: (n,) unless ``appraise`` is False.

    TSA: ``tsa_outcome(r, values)``, given by the layer above (``model.microsim.tsa_outcome``, the
    household microsimulation: ``model.project``, Monte Carlo, ``decide``), returns the three TSA
    series from the arrays computed so far; without it, the aggregate estimate (model/tsa.py),
    which is always kept beside it as ``tsa_*_aggregate`` (calibration and tornado use it alone).
    The core imports nothing above itself (tests/test_layers.py).
    """
    p = _View(values)
    years = years_of(values)
    T = len(years)
    r = {"years": years}

    # 1. money, delivery and projects: the schedule's money lent within each direction's capacity
    shares = p.d("budget_share")
    budget_d = money.direction_budget(p.s("programme.budget_bn_kzt"), p.s("programme.budget_scale"), shares)
    cost = delivery.cost_by_launch_year(p.d("cost_per_project_m_kzt"), values["timeline.cost_index"], T)
    # funding terms (n, 1), the loan term by direction (n, D): the real rates follow each term
    funding = money.in_real_terms({**{k: p.s(f"funding.{k}") for k in FUNDING_KEYS},
                                   "loan_term_years": p.d("loan_term_years")}, values)
    failure = p.d("failure_rate")
    term = funding["loan_term_years"]
    schedule = repayment.loan_years(term, T)  # (n, 1, T): instalments paid k years after launch
    returned = None
    if values["delivery.revolving"] >= 0.5:  # microcredit repaid by surviving projects, lent again
        service = repayment.annual_service(1.0, funding["microcredit_share"], funding["microcredit_rate"], term)
        returned = (cost[..., :1] / 1000 * service[..., None] * schedule * timeline.survival(failure, np.arange(T)))
    d = delivery.deliver(money.by_launch_year(budget_d, list(values["timeline.launch_shares"]), T), cost,
                         p.d("capacity_projects_per_year"), values["delivery.capacity_binds"] >= 0.5,
                         returned, shares)
    r["planned"], r["launched"], r["spend"], r["relent"] = d.planned, d.launched, d.spend, d.relent
    r["unlent"] = d.unlent
    r["capacity"] = np.broadcast_to(p.d("capacity_projects_per_year"), (p.n, len(DIRECTIONS)))
    r["beyond_capacity"] = delivery.beyond_capacity(d.planned, r["capacity"])
    r["projects"] = np.cumsum(r["launched"], axis=-1)

    # 2. timeline: mature-project equivalents and running projects
    r["mature"] = timeline.convolve_cohorts(
        r["launched"], timeline.lag_weights(p.d("years_to_full_effect"), failure, T))
    r["running"] = timeline.convolve_cohorts(r["launched"], timeline.survival(failure, np.arange(T)))

    # 3. jobs, each person once: owner-operators whose project still runs + hired FTE
    dw, disp = p.s("net_effect.deadweight"), p.s("net_effect.displacement")
    r["entrepreneurs"] = jobs.entrepreneurs(p.d("entrepreneurs_per_project"), r["projects"])
    r["owners_running"] = jobs.entrepreneurs(p.d("entrepreneurs_per_project"), r["running"])
    r["hired"] = jobs.hired_jobs(p.d("hired_fte_per_project"), r["mature"])
    r["jobs_direct"] = r["owners_running"] + r["hired"]
    r["jobs_target_basis"] = jobs.jobs_against_target(r["hired"], r["owners_running"], p.s("jobs.owners_in_target"))
    r["jobs_direct_net"] = jobs.net_of(r["jobs_direct"], dw, disp)
    r["jobs_indirect"] = jobs.indirect_jobs(r["jobs_direct_net"], p.d("indirect_jobs_per_job"))
    r["jobs_net_total"] = r["jobs_direct_net"] + r["jobs_indirect"]

    # 4. output
    r["output"] = output.added_output(p.d("output_m_kzt_per_year"), r["mature"])
    r["output_agri"] = output.agricultural(r["output"], p.d("agri_share"))
    agri_total = r["output_agri"].sum(1)
    r["baseline_public_bn"] = public = np.broadcast_to(output.public_baseline_2019(values)[:, None], (p.n, 1))
    # the baseline the announcement implies; one that implies none: the region's public one, draw by draw
    implied = p.s(IMPLIED) if IMPLIED in values else public
    r["output_rise_pct"] = output.rise_pct(agri_total, implied)
    r["output_rise_pct_public"] = output.rise_pct(agri_total, public)

    # 5. processing plants
    r["to_plants"] = processing.to_plants(r["output_agri"], p.d("processing_share"))
    r["processing_rise_pct"], r["processing_rise_pp"], r["processing_load"] = processing.load_rise(
        r["to_plants"].sum(1), implied, p.s("processing.processed_share_of_output"),
        p.s("processing.baseline_load"))

    # 5b. repayment: loan service against the owner's income gain while the loan runs; defaults
    va_share = p.s("appraisal.value_added_share")
    r["loan_service_month"] = repayment.monthly_service_kzt(cost[..., 0], funding)  # (n, D), first year's cost
    ramp = timeline.ramp_up(p.d("years_to_full_effect"), np.arange(T))
    r["income_gain_month"] = repayment.monthly_income_gain_kzt(
        p.d("output_m_kzt_per_year"), va_share, p.d("hired_fte_per_project"), p.s("assignment.hired_wage"), ramp, schedule)
    r["burden"] = repayment.burden(r["loan_service_month"], r["income_gain_month"])
    r["default_rate"] = repayment.default_rate(r["burden"], funding["default_rate"], p.s("funding.default_per_burden"))
    # service paid by the projects still running, KZT a month by year (with each cohort's own cost)
    service_per_project = repayment.monthly_service_kzt(cost, {k: v[..., None] for k, v in funding.items()})
    r["loan_service"] = timeline.convolve_cohorts(r["launched"] * service_per_project,
                                                  schedule * timeline.survival(failure, np.arange(T)))

    # 6. targeted social assistance
    earners = r["jobs_direct"].sum(1)  # owners running + hired: each person once
    f0, people0 = p.s("tsa.families"), p.s("tsa.people")
    r["tsa_families_out_aggregate"], r["tsa_people_out_aggregate"] = tsa.exits(
        earners, p.s("tsa.reach_share"), p.s("tsa.exit_probability"), f0, people0)
    r["tsa_saved_bn_aggregate"] = tsa.budget_saved_bn(r["tsa_people_out_aggregate"],
                                                      p.s("tsa.benefit_kzt_per_person_month"))
    if tsa_outcome is not None:
        r.update(tsa_outcome(r, values))
    else:
        r["tsa_families_out"], r["tsa_people_out"] = r["tsa_families_out_aggregate"], r["tsa_people_out_aggregate"]
        r["tsa_saved_bn"] = r["tsa_saved_bn_aggregate"]

    # 7. appraisal: total (economic) cost vs fiscal cost; benefits net of deadweight and displacement
    spend = r["spend"].sum(1)
    admin = p.s("funding.admin_cost_share")
    r["total_cost"] = spend
    fiscal_d, r["default_cost"] = money.fiscal_cost_by_direction(r["spend"], funding, r["default_rate"])
    r["grant_element"] = np.broadcast_to(money.grant_element(funding["microcredit_rate"], funding["market_rate"],
                                                             term), (p.n, len(DIRECTIONS)))
    r["fiscal_cost"] = fiscal_d.sum(1)
    r["fiscal_cost_by_direction"] = fiscal_d
    additionality = (1 - dw) * (1 - disp)  # (n, 1): the net share of gross activity
    r["value_added_net"] = r["output"].sum(1) * va_share * additionality
    r["taxes"] = r["value_added_net"] * p.s("appraisal.tax_share_of_value_added")
    # the labour's opportunity cost: every net job (owners and hired) at the shadow wage, bn KZT a year
    r["labour_cost"] = appraisal.labour_cost(r["jobs_direct_net"].sum(1), p.s("appraisal.shadow_wage_share"),
                                             p.s("appraisal.minimum_wage_kzt_month"))
    rate = p.s("appraisal.discount_rate")[:, 0]
    economic_cost = spend * (1 + admin)
    r["economic_net"] = r["value_added_net"] - r["labour_cost"] - economic_cost
    r["economic_net_no_shadow_wage"] = r["value_added_net"] - economic_cost
    r["fiscal_net"] = r["tsa_saved_bn"] + r["taxes"] - r["fiscal_cost"]
    if not appraise:  # calibration needs only the targets
        return r
    r["economic_npv"] = appraisal.npv(rate, r["economic_net"])
    r["economic_bcr"] = appraisal.bcr(rate, r["value_added_net"], economic_cost + r["labour_cost"])
    r["economic_irr"] = appraisal.irr(r["economic_net"])
    r["payback_years"] = appraisal.payback_years(r["economic_net"])
    # the same without the cost of labour: a sensitivity, never the headline
    r["economic_npv_no_shadow_wage"] = appraisal.npv(rate, r["economic_net_no_shadow_wage"])
    r["economic_bcr_no_shadow_wage"] = appraisal.bcr(rate, r["value_added_net"], economic_cost)
    r["economic_irr_no_shadow_wage"] = appraisal.irr(r["economic_net_no_shadow_wage"])
    r["fiscal_npv"] = appraisal.npv(rate, r["fiscal_net"])
    r["fiscal_bcr"] = appraisal.bcr(rate, r["tsa_saved_bn"] + r["taxes"], r["fiscal_cost"])
    return r
