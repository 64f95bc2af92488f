"""Comparisons the brief and the appraisal and scenario notebooks present: numbers only.

    plan_vs_evidence       each target and headline result under the plan and at the pilot's rates
    jobs_at_rates          one scenario's money at another scenario's per-project rates, both readings
    appraisal_side_by_side NPV, BCR, IRR, payback of two scenarios, flagged against data/plausibility.yaml
    stage_check            the pilot scenario replaying the first stage against its published figures
    outturn                what was reported for 2020-2023 (data/programmes/zhambyl_2019/outturn.yaml) beside the projection
    risks                  the main risks to the plan's figures
    verdict                the page-one numbers of the brief

Every function returns plain numbers (dicts, DataFrames); model/report/brief.py words them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from . import evidence as evidence_mod
from . import output as output_mod
from . import prices
from . import targets as targets_mod
from .build import load_scenario, loadable_scenarios
from .derived import derived_figures
from .errors import DataError
from .parameters import DIRECTIONS, load_sources, read_yaml
from .paths import rel
from .plausibility import Bound, implausible, plausibility_bounds  # noqa: F401 (re-exported)
from .outturn import OUTTURN_MEASURES, Outturn, load_outturn  # noqa: F401 (the outturn table reads them here)
from .projection import Projection, project
from .scenario import Scenario

PLAN = "akimat"  # the akimat's plan (calibrated to the article)
IN_ADDITION = "akimat_in_addition"  # the plan with the 90,000 jobs read as coming on top of the owners
EVIDENCE = "pilot_evidence"  # the same money at the pilot's achieved rates
UNLIKELY = 0.5  # a target reached in fewer than half of the Monte Carlo draws is at risk

# headline indicators (Projection.summary keys), in the order tables show them
HEADLINE = ("projects", "jobs_direct", "entrepreneurs", "output_added_bn_kzt", "output_rise_pct",
            "processing_rise_pct", "tsa_people_out", "budget_bn_kzt", "fiscal_cost_bn_kzt",
            "cost_per_job_m_kzt", "economic_npv_bn_kzt")
# what the programme delivers (charted relative to the plan); the rest are costs and value
OUTCOMES = ("projects", "jobs_direct", "entrepreneurs", "output_added_bn_kzt", "processing_rise_pct",
            "tsa_people_out")
# targets the plan and the pilot can be compared on (the cost is the same money in both)
RESULT_TARGETS = tuple(k for k in targets_mod.TARGET_KEYS if k != "total_cost_bn_kzt")
APPRAISAL = ("economic_npv_bn_kzt", "economic_bcr", "economic_irr", "payback_years", "fiscal_npv_bn_kzt")


def evidence_scenario(overrides: Mapping | None = None) -> Scenario:
    """The evidence the plan is set beside, for the pack in force: ``pilot_evidence``, the same money
    at the rates the pilot's first stage achieved. It is written for the 2019 programme (whose pilot
    it is); for another programme it is applied to that programme's own money, schedule and terms, at
    the rates of the pilot its ``prior`` chain holds (docs/programmes-and-regions.md). A programme
    without a pilot, own or inherited, has no evidence comparator: the pack's pilot.yaml is named."""
    return load_scenario(EVIDENCE, dict(overrides or {}), anywhere=True)


def counterpart(name: str) -> str:
    """The scenario a brief compares against: the pilot's rates, or the plan for the pilot itself."""
    return PLAN if name == EVIDENCE else EVIDENCE


# --- scenarios side by side ------------------------------------------------------------------


def compare_scenarios(names: Iterable[str] | None = None, overrides: Mapping | None = None) -> pd.DataFrame:
    """Headline figures of several scenarios: index = ``HEADLINE`` keys, one column per scenario.

    ``overrides`` (dotted path -> value) apply on top of every scenario; ``names`` defaults to
    every scenario in data/scenarios that loads. Values are plain floats (NaN: undefined).
    """
    names = list(loadable_scenarios() if names is None else names)
    data = {}
    for n in names:
        s = project(load_scenario(n, dict(overrides or {}))).summary
        data[n] = [np.nan if s[k] is None else float(s[k]) for k in HEADLINE]
    return pd.DataFrame(data, index=list(HEADLINE))


def relative_to(table: pd.DataFrame, base: str = PLAN) -> pd.DataFrame:
    """Each scenario in % of the base scenario's value (100 = the same as the plan)."""
    return table.div(table[base].where(table[base] != 0), axis=0) * 100


def plan_vs_evidence(plan: Projection, evidence: Projection) -> pd.DataFrame:
    """For each result target: the article's figure, the plan's projection, the projection at the
    pilot's rates and that as a share of the plan's. Columns: key, unit, target, rule, plan,
    evidence, share."""
    a = plan.targets.set_index("key")
    b = evidence.targets.set_index("key")
    rows = []
    for k in RESULT_TARGETS:
        share = b.at[k, "projected"] / a.at[k, "projected"] if a.at[k, "projected"] else np.nan
        rows.append({"key": k, "unit": a.at[k, "unit"], "target": a.at[k, "target"], "rule": a.at[k, "rule"],
                     "plan": a.at[k, "projected"], "evidence": b.at[k, "projected"], "share": share})
    return pd.DataFrame(rows)


def target_status(row) -> str:
    """How a targets-table row stands: "met", "equal" (a "more than" figure reached exactly, as
    the calibrated plan does: not more than it), or "not_met"."""
    fig = load_sources().article[{t.key: t.figure for t in targets_mod.TARGETS}[row["key"]]]
    if not row["met"]:
        return "not_met"
    if fig.bound == "more than" and abs(row["projected"] / row["target"] - 1) <= targets_mod.REL_TOL:
        return "equal"
    return "met"


# --- jobs ------------------------------------------------------------------------------------


def jobs_target() -> float:
    return targets_mod.target_value(next(t for t in targets_mod.TARGETS if t.key == "jobs"))


def jobs_at_rates(money: Projection, rates: Projection) -> dict:
    """The money of ``money`` spent at the per-project rates of ``rates`` (jobs scale with money).

    owners_running, hired, jobs_direct (both, each person once), the share of the article's
    90,000 under each reading (``including``: owners + hired; ``in_addition``: hired alone) and
    the cost per job on each basis, m KZT.
    """
    s, r = money.summary, rates.summary
    scale = s["budget_bn_kzt"] / r["budget_bn_kzt"]
    owners, hired = r["owners_running"] * scale, r["hired"] * scale
    goal = jobs_target()
    return {"money": s["budget_bn_kzt"], "year": r["target_year"], "owners_running": owners, "hired": hired,
            "jobs_direct": owners + hired, "target": goal,
            "share_including": (owners + hired) / goal, "share_in_addition": hired / goal,
            "cost_per_job_m_kzt": r["cost_per_job_m_kzt"], "cost_per_hired_job_m_kzt": r["cost_per_hired_job_m_kzt"]}


def pilot_lent_2019_prices() -> float:
    """The first stage's 9.2 bn KZT (lent in 2020) in 2019 prices, bn KZT."""
    return float(prices.to_constant_2019(evidence_mod.pilot_stage()["lent"], [prices.BASE_YEAR + 1], {})[0])


def pilot_cost_per_job() -> dict[str, float]:
    """The pilot's own cost per job, m KZT in 2019 prices: money lent ÷ hired jobs, and ÷ (hired +
    new sole proprietors) when the owners count as jobs (8.6 bn ÷ 589; 8.6 bn ÷ 2,871); ``hired_nominal``
    is the figure as quoted in 2020 prices (9.2 bn ÷ 589 = 15.6 m), shown only labelled nominal."""
    f = evidence_mod.pilot_stage()
    lent = pilot_lent_2019_prices()
    return {"hired": lent * 1000 / f["new_jobs"], "with_owners": lent * 1000 / (f["new_jobs"] + f["new_sole_proprietors"]),
            "hired_nominal": derived_figures()["pilot_cost_per_job"].value}


def announced_cost_per_job() -> float | None:
    """The announcement's money per announced job, m KZT in 2019 prices (derived: 46.4 bn / 90,000 =
    0.516 m); money of a later year in 2019 prices as its targets are (19.7 bn of 2023 = 12.9 bn of
    2019, / 3,413 = 3.79 m). None when the announcement gives no jobs (or no money)."""
    d = derived_figures().get("cost_per_job")
    if d is None:
        return None
    cost = next(t for t in targets_mod.TARGETS if t.key == "total_cost_bn_kzt")
    in_2019 = targets_mod.target_value(cost) / load_sources().article[cost.figure].value  # 1.0 for money of 2019
    return d.value / 1000 * in_2019  # k KZT -> m KZT


def cost_per_job_benchmarks(projection: Projection) -> pd.DataFrame:
    """Cost per job, m KZT: this projection (gross direct, per net job with indirect, fiscal per
    net job) beside the announcement's implied figure (``announced_cost_per_job``; no row where it
    announces no jobs) and the pilot's (both derived from the data).

    Columns: key, value, derived (True for arithmetic on published figures), times_projection
    (each as a multiple of the projection's gross cost per job).
    """
    s = projection.summary
    pilot = pilot_cost_per_job()
    announced = announced_cost_per_job()
    rows = [
        ("projection_gross", s["cost_per_job_m_kzt"], False),
        ("projection_net", s["cost_per_net_job_m_kzt"], False),
        ("projection_fiscal_net", s["fiscal_cost_per_net_job_m_kzt"], False),
        *([("article", announced, True)] if announced is not None else []),
        ("pilot_hired", pilot["hired"], True),
        ("pilot_with_proprietors", pilot["with_owners"], True),
        ("pilot_hired_nominal", pilot["hired_nominal"], True),
    ]
    out = pd.DataFrame(rows, columns=["key", "value", "derived"])
    out["times_projection"] = out["value"] / s["cost_per_job_m_kzt"] if s["cost_per_job_m_kzt"] else np.nan
    return out


def output_per_tenge(projection: Projection | None = None) -> float:
    """Added farm output a year per tenge of programme money: the article's own figures
    (132.2 bn / 46.4 bn, derived) or a projection's in its target year."""
    if projection is None:
        return derived_figures()["output_per_tenge"].value
    s = projection.summary
    return s["output_added_bn_kzt"] / s["budget_bn_kzt"]


def article_rise_on_public(projection: Projection) -> float:
    """The article's 132.2 bn of added output as a rise, %, on the public baseline (the 2020 figure as
    2019 output in 2019 prices, ``summary["baseline_public_bn_kzt"]``, derived): the article's own
    figure measured as ``summary["output_rise_pct_public"]`` measures the projection's."""
    return float(output_mod.rise_pct(load_sources().article["output_added"].value,
                                     projection.summary["baseline_public_bn_kzt"]))


# --- appraisal -------------------------------------------------------------------------------


def appraisal_side_by_side(plan: Projection, evidence: Projection) -> pd.DataFrame:
    """NPV, BCR, IRR, payback (economic) and the budget's NPV of two projections.

    Columns: key, plan, evidence, plan_implausible, evidence_implausible (None: undefined, e.g.
    no payback within the horizon)."""
    rows = []
    for k in APPRAISAL:
        a, b = plan.summary[k], evidence.summary[k]
        rows.append({"key": k, "plan": a, "evidence": b,
                     "plan_implausible": implausible(k, a), "evidence_implausible": implausible(k, b)})
    return pd.DataFrame(rows)


def discount_rate_table(name: str, overrides: Mapping | None = None,
                        rates: Iterable[float] | None = None) -> pd.DataFrame:
    """Appraisal at several discount rates (default: the low, central and high value of
    ``appraisal.discount_rate``), each a re-run of ``model.project`` with that rate.

    Columns: rate, economic_npv_bn_kzt, economic_bcr, economic_irr, payback_years, fiscal_npv_bn_kzt.
    """
    overrides = dict(overrides or {})
    sc = load_scenario(name, overrides)
    p = sc.params["appraisal.discount_rate"]
    rates = sorted({p.low, p.value, p.high} - {None}) if rates is None else list(rates)
    rows = []
    for r in rates:
        s = project(load_scenario(name, {**overrides, "appraisal.discount_rate": r})).summary
        rows.append({"rate": r, **{k: s[k] for k in APPRAISAL}})
    return pd.DataFrame(rows)


def implied_by_the_article(pilot: Projection, projection: Projection, value_added_share: float) -> dict:
    """What the article's output per tenge implies (derived): output a year per tenge lent, the
    income (value added) per tenge, the months of it that repay the tenge, against the pilot's rates
    and this projection."""
    implied = output_per_tenge()
    income = implied * value_added_share
    at_pilot = output_per_tenge(pilot)
    return {"output_per_tenge": implied, "income_per_tenge": income,
            "months_to_repay": 12 / income if income else np.inf,
            "pilot_output_per_tenge": at_pilot, "times_pilot": implied / at_pilot if at_pilot else np.inf,
            "projection_output_per_tenge": output_per_tenge(projection)}


def scenario_order(names) -> list[str]:
    """The plan first, then the other scenarios as listed."""
    return [PLAN, *[n for n in names if n != PLAN]]


def jobs_per_bn_times(plan: Projection, evidence: Projection) -> float:
    """How many times the plan's direct jobs per bn KZT are the evidence's (same money basis)."""
    a, b = plan.summary, evidence.summary
    ours = b["jobs_direct"] / b["budget_bn_kzt"]
    return (a["jobs_direct"] / a["budget_bn_kzt"]) / ours if ours else np.inf


def funding_parts(projection: Projection) -> pd.DataFrame:
    """The money by funding source and what each costs the state budget, bn KZT.

    Index: grant, microcredit, bank_loan, own_funds, admin, total; columns: share, amount,
    fiscal, grant_element, fiscal_share (fiscal cost per tenge of the part). Microcredit costs the
    state its grant element (subsidised interest, :func:`model.money.grant_element`) plus defaults;
    administration is a share of the programme money on top of it. ``fiscal`` sums to
    ``summary["fiscal_cost_bn_kzt"]``.
    """
    v = projection.scenario.value
    spend = float(projection.summary["budget_bn_kzt"])
    r = projection.arrays
    # the grant element by direction (each its own loan term), weighted by the money lent
    ge = float((r["grant_element"][0] * r["spend"][0].sum(-1)).sum() / r["spend"][0].sum())
    shares = {"grant": v("funding.grant_share"), "microcredit": v("funding.microcredit_share"),
              "bank_loan": v("funding.bank_loan_share"), "own_funds": v("funding.own_funds_share"),
              "admin": v("funding.admin_cost_share")}
    frame = pd.DataFrame({"share": shares, "amount": {k: sh * spend for k, sh in shares.items()}})
    # grants and administration in full, bank loans and own funds nothing, microcredit its grant element
    # plus the defaults by direction as the projection counts them (they rise with each direction's burden)
    frame["fiscal"] = [shares["grant"] * spend, shares["microcredit"] * ge * spend + projection.summary["default_cost_bn_kzt"],
                       0.0, 0.0, shares["admin"] * spend]
    frame["grant_element"] = np.nan
    frame.loc["microcredit", "grant_element"] = ge
    frame.loc["total"] = [np.nan, frame["amount"].sum(), frame["fiscal"].sum(), np.nan]
    frame["fiscal_share"] = frame["fiscal"] / frame["amount"].where(frame["amount"] > 0)
    return frame


def fiscal_flows(projection: Projection) -> pd.DataFrame:
    """The state budget's flows by year, bn KZT: cost (grants, interest subsidy, defaults,
    administration) against TSA benefits no longer paid and taxes; net and cumulative net."""
    f = pd.DataFrame({k: projection.series(ind) for k, ind in
                      (("fiscal_cost", "fiscal_cost"), ("tsa_saved", "tsa_saved_bn"), ("taxes", "taxes"),
                       ("net", "fiscal_net"))})
    f["cumulative"] = f["net"].cumsum()
    return f


def fiscal_flow_totals(projection: Projection) -> pd.Series:
    """The budget's cost, TSA payments saved and taxes over the whole horizon, bn KZT (undiscounted
    sums of ``fiscal_flows``): fiscal_cost, tsa_saved, taxes."""
    return fiscal_flows(projection)[["fiscal_cost", "tsa_saved", "taxes"]].sum()


def fiscal_break_even(projection: Projection) -> int | None:
    """First year in which the budget's cumulative net flow is no longer negative (None: never)."""
    f = fiscal_flows(projection)
    hit = f.index[f["cumulative"] >= 0]
    return int(hit[0]) if len(hit) else None


# --- the pilot -------------------------------------------------------------------------------


STAGE_KEYS = ("lent", "projects", "new_jobs", "new_sole_proprietors", "tsa_families_exited")


def stage_check(overrides: Mapping | None = None) -> pd.DataFrame:
    """Does the pilot scenario reproduce the first stage? The pilot's money launched in one year
    (``evidence.stage_overrides``) read in the observed year, against the published figures.

    Columns: key, reported, model, gap_pct. "projects" reported = residents + cooperatives; "lent"
    reported in 2019 prices (9.2 bn lent in 2020 ÷ the 2020 price level).
    """
    sc = load_scenario(EVIDENCE, overrides)
    sc = load_scenario(EVIDENCE, {**dict(overrides or {}), **evidence_mod.stage_overrides(sc.values)})
    got = evidence_mod.stage_outcomes(project(sc))
    f = evidence_mod.pilot_stage()
    # the money in 2019 prices, as the model counts it (one price base)
    lent = float(prices.to_constant_2019(f["lent"], [int(sc.value("programme.start_year"))], sc.values)[0])
    reported = {**f, "lent": lent, "projects": f["residents"] + f["cooperatives"]}
    return pd.DataFrame([{"key": k, "reported": reported[k], "model": got[k],
                          "gap_pct": 100 * (got[k] / reported[k] - 1)} for k in STAGE_KEYS])


REPAYMENT_TOLERANCE = 0.01  # the reported 99.5 % is self-reported, at one date, with loans still running


def repayment_check(overrides: Mapping | None = None) -> dict:
    """The default relation held against the pilot's reported repayment (99.5 %, 2023-24).

    The pilot's first stage at its own money: each direction's default rate (from its loan burden)
    weighted by borrowers, as a repayment rate is usually reported, and by money. ``ok`` when the
    share repaid by borrowers is within ``REPAYMENT_TOLERANCE`` of the reported one.
    """
    sc = load_scenario(EVIDENCE, overrides)
    sc = load_scenario(EVIDENCE, {**dict(overrides or {}), **evidence_mod.stage_overrides(sc.values)})
    r = project(sc).arrays
    default, launched, spend = r["default_rate"][0], r["launched"][0].sum(-1), r["spend"][0].sum(-1)
    reported = load_sources().external["microcredit_repayment"].value
    by_borrowers = 1 - float(default @ launched / launched.sum())
    return {"reported": reported, "model_by_borrowers": by_borrowers,
            "model_by_money": 1 - float(default @ spend / spend.sum()), "tolerance": REPAYMENT_TOLERANCE,
            "ok": abs(by_borrowers - reported) <= REPAYMENT_TOLERANCE}


# --- what happened: outturn beside the projection --------------------------------------------


def _at(series: pd.Series, year: int) -> float:
    return float(series.loc[year]) if year in series.index else float("nan")


def projected_for(measure: str, projection: Projection, year: int, tsa_caseload: pd.DataFrame | None = None) -> float:
    """What the projection says for an outturn measure in ``year`` (NaN where it says nothing).

    money_spent: cumulative spending to that year (2019 prices); projects, cooperatives:
    cumulative launches; hired, entrepreneurs, jobs_direct: that year's figure; output_growth:
    the programme's own addition to farm output that year in % of the year before (100 + growth);
    tsa_rural_people: people on TSA with the programme (``tsa_caseload``, the microsimulation's
    caseload table).
    """
    p = projection
    if measure == "money_spent":
        return float(p.series("total_cost").loc[:year].sum())
    if measure in ("projects", "hired", "entrepreneurs", "jobs_direct"):
        return _at(p.series(measure), year)
    if measure == "cooperatives":
        return _at(p.series("projects", "cooperatives"), year)
    if measure == "output_growth":
        rise = p.series("output_rise_pct")
        before = float(rise.loc[year - 1]) if year - 1 in rise.index else 0.0
        return 100 * (100 + _at(rise, year)) / (100 + before)
    if measure == "tsa_rural_people":
        return float("nan") if tsa_caseload is None else _at(tsa_caseload["people_with_programme"], year)
    return float("nan")


def outturn(plan: Projection, evidence: Projection | None = None, tsa_caseload: pd.DataFrame | None = None,
            tsa_caseload_evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each reported figure (money in 2019 prices) beside what the plan projected for that year,
    and, with ``evidence``, what the pilot's rates give.

    Columns: key, measure, year, reported, plan, evidence, confidence, source. For the TSA
    caseload, ``without`` is the microsimulation's caseload without the programme that year.
    """
    rows = []
    for o in load_outturn().values():
        reported = o.value
        if o.nominal:
            reported = float(prices.to_constant_2019([o.value], [o.year], plan.scenario.values)[0])
        row = {"key": o.key, "measure": o.compare, "year": o.year, "reported": reported,
               "plan": projected_for(o.compare, plan, o.year, tsa_caseload),
               "evidence": (projected_for(o.compare, evidence, o.year, tsa_caseload_evidence)
                            if evidence is not None else float("nan")),
               "without": (_at(tsa_caseload["people_without_programme"], o.year)
                           if o.compare == "tsa_rural_people" and tsa_caseload is not None else float("nan")),
               "confidence": o.confidence, "source": o.source}
        rows.append(row)
    return pd.DataFrame(rows)


def region_jobs_ratio(plan: Projection) -> dict:
    """The programme's jobs target against all new jobs the region reported in a year."""
    o = load_outturn()["new_jobs_region_2021"]
    return {"target": jobs_target(), "region_new_jobs": o.value, "year": o.year, "ratio": jobs_target() / o.value,
            "plan_in_year": _at(plan.series("jobs_direct"), o.year)}


# --- probabilities and the plan's stretch ----------------------------------------------------


def joint_probability(simulation) -> float:
    """Share of Monte Carlo draws in which every target is met in the target year at once."""
    return simulation.joint_probability()


def must_hold(simulation) -> list | None:
    """For each target, the ranges of the assumptions inside which it is met (PRIM boxes,
    ``model.discovery.discover``); None while that module is not available."""
    try:
        from . import discovery
    except ImportError:
        return None
    return list(discovery.discover(simulation))


def plan_calibration(scenario: Scenario):
    """The calibration report that says how far the plan stretches its assumptions: the
    scenario's own, or the plan's (``akimat``) for scenarios that are not calibrated."""
    return scenario.calibration if scenario.calibration is not None else load_scenario(PLAN).calibration


def stretch(ratio: float) -> float:
    """How far a value moved from its prior, either way: x8 and x1/8 both give 8."""
    return max(ratio, 1 / ratio) if ratio > 0 else float("inf")


def stretch_rows(calibration, top: int | None = None) -> list[dict]:
    """Calibration rows, most stretched first (x8 and x1/8 rank alike)."""
    rows = sorted(calibration.rows, key=lambda r: (-stretch(r["ratio"]), r["path"]))
    return rows[:top] if top else rows


def range_against_prior(row: dict) -> tuple[float | None, float | None]:
    """A calibration row's plausible range as multiples of its prior (``low / prior``, ``high / prior``;
    None for an end the range does not have): the band a calibrated ratio (``row["ratio"]``) is read against."""
    prior = row["prior"]
    return (None if row["low"] is None else row["low"] / prior,
            None if row["high"] is None else row["high"] / prior)


def calibration_summary(calibration) -> dict:
    """What notebook 02 says of a calibration: ``n`` rates fitted, ``outside`` their plausible range,
    ``above_two`` moved by a factor of two or more (either way), and ``top``, the most stretched row
    (path, prior, calibrated, ratio; the first in the calibration's order on a tie)."""
    rows = calibration.rows
    return {"n": len(rows), "outside": sum(bool(r["outside_range"]) for r in rows),
            "above_two": sum(stretch(r["ratio"]) >= 2 for r in rows),
            "top": max(rows, key=lambda r: stretch(r["ratio"]))}


def scenario_changes(scenario: Scenario, base: Mapping | None = None) -> list[dict]:
    """Parameters whose value differs from ``base`` (default: the base parameters of the pack in force,
    data/programmes/zhambyl_2019/directions.csv and the derived figures), most stretched first, then by path.

    Each row: path, param (this scenario's), base (the base's Param), ratio (value / base; None for
    lists or a zero base), ranged (True when both are numbers and the base has a plausible range)
    and outside (True when ranged and the value lies outside that range).
    """
    if base is None:
        from .scenario import base_params
        base = base_params()
    rows = []
    for path, p in scenario.params.items():
        b = base[path]
        if p.value == b.value:
            continue
        scalar = not isinstance(p.value, list) and not isinstance(b.value, list)
        ratio = p.value / b.value if scalar and b.value else None
        rows.append({"path": path, "param": p, "base": b, "ratio": ratio, "ranged": bool(scalar and b.ranged),
                     "outside": bool(scalar and b.ranged and not (b.low <= p.value <= b.high))})
    return sorted(rows, key=lambda r: (-(stretch(r["ratio"]) if r["ratio"] else 0), r["path"]))


def changes_outside_range(scenario: Scenario, base: Mapping | None = None) -> int:
    """How many of ``scenario_changes`` lie outside the base's plausible range."""
    return sum(r["outside"] for r in scenario_changes(scenario, base))


# --- risks and the verdict -------------------------------------------------------------------


def risks(projection: Projection, simulation, *, evidence: Projection | None = None,
          tornado: pd.DataFrame | None = None) -> list[tuple[str, dict]]:
    """The main risks to the plan's figures, computed, most important first: ``[(key, fields)]``.

    delivery         a schedule beyond the lenders' capacity: by how much, and the jobs within capacity
    pilot_gap        the same money at the pilot's achieved rates (``evidence``)
    stretch          calibrated per-project rates outside their plausible range
    productivity     added output per tenge a year the article implies vs the pilot's rates
                     (``ratio``: the article's as a multiple of the pilot's)
    unlikely         targets met in fewer than half of the Monte Carlo draws
    concentration    the parameter that moves jobs most (``sensitivity.tornado``)
    fiscal           the budget's cost (bn KZT; ``share``: a fraction of the programme's money), and
                     what it becomes if microcredit defaults reach the high end of their range
    A risk that does not apply (e.g. no calibration stretch) is left out.
    """
    from . import sensitivity

    sc = projection.scenario
    s = projection.summary
    out: list[tuple[str, dict]] = []
    if evidence is None:
        evidence = project(evidence_scenario())
    d = delivery_summary(projection)
    if d["beyond"]:
        other = capacity_other_way(sc).summary if not d["binds"] else None
        from .delivered import reported_path
        path = reported_path(sc.values)
        out.append(("delivery", {**d, "year": s["target_year"], "pace": sum(path["borrowers"]) / len(path["borrowers"]),
                                 "jobs": s["jobs_direct"], "jobs_within": other["jobs_direct"] if other else None}))
    if sc.name != EVIDENCE:
        j = jobs_at_rates(projection, evidence)
        out.append(("pilot_gap", {**j, "cost_pilot": pilot_cost_per_job(), "cost_plan": s["cost_per_job_m_kzt"],
                                  "cost_plan_hired": s["cost_per_hired_job_m_kzt"]}))
    cal = plan_calibration(sc)
    if cal is not None:
        outside = [r for r in cal.rows if r["outside_range"]]
        if outside:
            top = [(r["path"], r["ratio"]) for r in stretch_rows(cal, 3)]
            out.append(("stretch", {"outside": len(outside), "n": len(cal.rows), "top": top}))
    article, pilot = output_per_tenge(), output_per_tenge(evidence)
    out.append(("productivity", {"article": article, "pilot": pilot, "projection": output_per_tenge(projection),
                                 "ratio": article / pilot if pilot else np.inf}))
    probs = simulation.target_probabilities()
    low = probs[probs["probability"] < UNLIKELY]
    if len(low):
        out.append(("unlikely", {"targets": list(zip(low["key"], low["probability"])),
                                 "all": joint_probability(simulation)}))
    tor = sensitivity.tornado(sc, "jobs") if tornado is None else tornado
    if len(tor):
        r = tor.iloc[0]
        out.append(("concentration", {"path": r["path"], "low": min(r["low"], r["high"]),
                                      "high": max(r["low"], r["high"]), "base": r["base"],
                                      "target": jobs_target(), "year": s["target_year"]}))
    p = sc.params["funding.default_rate"]
    fields = {"fiscal": s["fiscal_cost_bn_kzt"], "total": s["budget_bn_kzt"],
              "share": s["fiscal_cost_bn_kzt"] / s["budget_bn_kzt"], "fiscal_npv": s["fiscal_npv_bn_kzt"],
              "default": p.value, "default_high": None, "fiscal_high": None}
    if p.ranged and p.high > p.value:
        high = project(sc.with_values({"funding.default_rate": p.high}, "risk"))
        fields.update(default_high=p.high, fiscal_high=high.summary["fiscal_cost_bn_kzt"])
    out.append(("fiscal", fields))
    return out


def tsa_effect(caseload: pd.DataFrame, year: int) -> dict:
    """TSA in ``year`` from a microsimulation caseload table: people on TSA without and with the
    programme, people who left because of it, and that as a share of the caseload without it."""
    c = caseload.loc[year]
    return {"year": year, "without": float(c["people_without_programme"]), "with": float(c["people_with_programme"]),
            "exit": float(c["people_exit"]), "share": float(c["people_exit"] / c["people_without_programme"]),
            "baseline": float(caseload["people_without_programme"].iloc[0]),
            "baseline_year": int(caseload.index[0])}


def verdict(plan: Projection, evidence: Projection, simulation, tsa_plan: dict | None = None,
            tsa_evidence: dict | None = None) -> dict:
    """The numbers of the brief's page one.

    jobs        the plan's money at the pilot's rates (``jobs_at_rates``): jobs and the share of
                90,000 under each reading, from hired alone to owners + hired
    chances     each target's probability of being met (``simulation``) and all together
    tsa         people on TSA in the target year without the programme, with it under the plan
                and at the pilot's rates (microsimulation caseloads, ``tsa_effect``)
    fiscal      the budget's cost, its share of the money, and the budget's NPV at both rates
    tranche     jobs per bn KZT at the pilot's and the plan's rates: the yardstick for releasing
                money in tranches
    region      the 90,000 against all new jobs the region reported in a year (``region_jobs_ratio``)
    """
    probs = simulation.target_probabilities().set_index("key")["probability"]
    j = jobs_at_rates(plan, evidence)
    s, e = plan.summary, evidence.summary
    return {
        "year": s["target_year"], "money": s["budget_bn_kzt"],
        "jobs": j,
        "chances": {k: float(probs[k]) for k in RESULT_TARGETS}, "all": joint_probability(simulation),
        "tsa_plan": tsa_plan, "tsa_evidence": tsa_evidence,
        "fiscal": {"plan": s["fiscal_cost_bn_kzt"], "share": s["fiscal_cost_bn_kzt"] / s["budget_bn_kzt"],
                   "npv_plan": s["fiscal_npv_bn_kzt"], "npv_evidence": e["fiscal_npv_bn_kzt"],
                   "economic_npv_plan": s["economic_npv_bn_kzt"], "economic_npv_evidence": e["economic_npv_bn_kzt"]},
        "tranche": {"plan": s["jobs_direct"] / s["budget_bn_kzt"], "evidence": e["jobs_direct"] / e["budget_bn_kzt"],
                    "plan_hired": s["hired"] / s["budget_bn_kzt"], "evidence_hired": e["hired"] / e["budget_bn_kzt"]},
        "region": region_jobs_ratio(plan),
    }


def district_table(micro, year: int | None = None) -> pd.DataFrame:
    """Districts from a microsimulation run (``model.microsim.run``): households, TSA families in
    2019, without the programme and with it in ``year``, families that left, and the share of the
    caseload without the programme that left. Sorted by households, largest first."""
    d = micro.districts(year).copy()
    d["share_left"] = d["tsa_families_exit"] / d["families_without_programme"]
    return d.sort_values("households", ascending=False).reset_index(drop=True)


__all__ = ["APPRAISAL", "EVIDENCE", "HEADLINE", "IN_ADDITION", "OUTCOMES", "PLAN", "RESULT_TARGETS", "UNLIKELY",
           "appraisal_side_by_side", "compare_scenarios", "cost_per_job_benchmarks", "counterpart",
           "discount_rate_table", "district_table", "fiscal_break_even", "fiscal_flows", "implausible",
           "jobs_at_rates", "joint_probability", "load_outturn", "must_hold", "outturn", "output_per_tenge",
           "pilot_cost_per_job", "plan_calibration", "plan_vs_evidence", "plausibility_bounds", "relative_to",
           "risks", "stage_check", "stretch_rows", "target_status", "tsa_effect", "verdict", "DIRECTIONS",
           "article_rise_on_public", "calibration_summary", "scenario_changes", "changes_outside_range",
           "jobs_within_share", "range_against_prior", "announced_cost_per_job", "fiscal_flow_totals"]


# --- delivery, repayment and the cost of labour (issue: the programme as it can really run) ---------


def delivery_table(projection: Projection, reported: bool = True) -> pd.DataFrame:
    """By year: projects the schedule asks for, the lenders' capacity, projects launched, money lent
    and re-lent (bn KZT, 2019 prices), and beside them what was reported (money in 2019 prices,
    borrowers; NaN where nothing was reported). Index: year. ``reported=False``: the plan's columns
    alone (a programme with no reported lending of its own: ``packs.own("outturn.yaml")``)."""
    from .delivered import reported_path

    r = projection.arrays
    frame = pd.DataFrame({
        "planned": r["planned"][0].sum(0), "capacity": np.full(len(projection.years), r["capacity"][0].sum()),
        "launched": r["launched"][0].sum(0), "lent_bn": r["spend"][0].sum(0), "relent_bn": r["relent"][0].sum(0),
    }, index=pd.Index(projection.years, name="year"))
    if not reported:
        return frame
    path = reported_path(projection.scenario.values)
    reported = pd.DataFrame({"reported_lent_bn": path["money"], "reported_borrowers": path["borrowers"],
                             "money_reported": path["money_reported"]}, index=path["years"])
    frame = frame.join(reported)
    frame.loc[~frame["money_reported"].fillna(False).astype(bool), "reported_lent_bn"] = np.nan
    return frame.drop(columns="money_reported")


def reported_lending(table: pd.DataFrame, through: int = 2022) -> dict:
    """From a ``delivery_table``: the money reported lent in its first year (``lent_first_bn``) and
    in all years up to ``through`` (``lent_through_bn``), bn KZT in 2019 prices, and the mean of the
    borrowers reported a year (``borrowers_a_year``, the years that report them)."""
    reported = table.dropna(subset=["reported_borrowers"])
    return {"lent_first_bn": table["reported_lent_bn"].iloc[0],
            "lent_through_bn": table["reported_lent_bn"].loc[:through].sum(),
            "borrowers_a_year": reported["reported_borrowers"].mean()}


def capacity_other_way(scenario: Scenario, overrides: Mapping | None = None) -> Projection:
    """The same scenario with ``delivery.capacity_binds`` the other way: within capacity for a
    scenario that keeps its schedule (the plan), on its own schedule for one that does not."""
    binds = scenario.value("delivery.capacity_binds") >= 0.5
    return project(load_scenario(scenario.name, {**dict(overrides or {}), "delivery.capacity_binds": 0 if binds else 1}))


def jobs_within_share(scheduled: Projection, within: Projection) -> float:
    """Direct jobs in the target year with launches held within the lenders' capacity (``within``) as
    a fraction of those on the schedule (``scheduled``): the same scenario both ways
    (``capacity_other_way``)."""
    return within.summary["jobs_direct"] / scheduled.summary["jobs_direct"]


def delivery_summary(projection: Projection) -> dict:
    """Numbers the delivery text quotes: the schedule's peak year, its projects against capacity and
    the ratio, the last launch year, years needed within capacity and money not lent by the horizon."""
    r = projection.arrays
    planned = r["planned"][0].sum(0)
    peak = int(np.argmax(planned))
    capacity = float(r["capacity"][0].sum())
    launched = r["launched"][0].sum(0)
    active = np.flatnonzero(launched > 1e-9)
    return {"peak_year": int(projection.years[peak]), "peak_planned": float(planned[peak]), "capacity": capacity,
            "ratio": float(planned[peak] / capacity), "beyond": bool(r["beyond_capacity"][0]),
            "binds": bool(projection.scenario.value("delivery.capacity_binds") >= 0.5),
            "first_year": int(projection.years[active[0]]) if active.size else None,
            "last_year": int(projection.years[active[-1]]) if active.size else None,
            # years to lend the scheduled projects at full capacity in every direction at once (a floor)
            "years_at_capacity": float(np.max(r["planned"][0].sum(-1) / r["capacity"][0])),
            "slowest": DIRECTIONS[int(np.argmax(r["planned"][0].sum(-1) / r["capacity"][0]))],
            "unlent_bn": float(r["unlent"][0].sum()), "relent_bn": float(r["relent"][0].sum())}


def repayment_table(projection: Projection) -> pd.DataFrame:
    """By direction: cost per project, loan term, monthly loan service and income gain of one project
    while its loan runs (KZT, 2019 prices), what the owner keeps net, the burden and the default rate."""
    rec = projection.as_dict()["repayment"]
    sc = projection.scenario
    rows = []
    for d in DIRECTIONS:
        x = rec[d]
        rows.append({"direction": d, "cost_m": sc.value(f"directions.{d}.cost_per_project_m_kzt"),
                     "term": sc.value(f"directions.{d}.loan_term_years"), "service": x["monthly_service_kzt"],
                     "gain": x["monthly_income_gain_kzt"], "net": x["monthly_net_kzt"], "burden": x["burden"],
                     "default": x["default_rate"]})
    return pd.DataFrame(rows).set_index("direction")


def appraisal_with_labour(projection: Projection) -> pd.DataFrame:
    """Economic NPV (bn KZT), BCR and IRR with the labour priced at its shadow wage (the appraisal)
    and without (a sensitivity), each flagged where it breaks a plausibility bound.
    Index: npv, bcr, irr; columns: with_labour, without_labour, with_implausible, without_implausible."""
    s = projection.summary
    keys = {"npv": "economic_npv_bn_kzt", "bcr": "economic_bcr", "irr": "economic_irr"}
    rows = {}
    for k, key in keys.items():
        free = key.replace("_bn_kzt", "") + "_no_shadow_wage" + ("_bn_kzt" if key.endswith("_bn_kzt") else "")
        rows[k] = {"with_labour": s[key], "without_labour": s[free], "with_implausible": implausible(key, s[key]),
                   "without_implausible": implausible(free, s[free])}
    return pd.DataFrame(rows).T


def labour_cost_per_job_year(scenario: Scenario) -> float:
    """The shadow wage a year, KZT (2019 prices): shadow share x minimum wage x 12."""
    return scenario.value("appraisal.shadow_wage_share") * scenario.value("appraisal.minimum_wage_kzt_month") * 12
