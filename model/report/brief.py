"""Helpers for the appraisal (06), uncertainty (07) and scenario (08) notebooks and the meeting brief.

Computations first: scenario comparisons, cost-per-job benchmarks, fiscal flows, the pilot
check, the page-one overview, the verdict and the risks, and the appendix of assumptions.
Then drawing helpers that take a matplotlib axis. Every number comes from the model, the
scenario or the data (``load_sources``); every text a reader sees from the locale files
(``brief.*`` keys, and ``tables.*`` through :mod:`model.report.tables`).

Risks are returned as ``(key, fields)`` with plain numbers, so that tests can check them
and :func:`risk_text` can word them in any language.
"""
from __future__ import annotations

import math
import textwrap
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

from .. import evidence as evidence_mod
from .. import targets as targets_mod
from .. import uncertainty
from ..derived import derived_figures
from ..parameters import DIRECTIONS, load_sources
from ..projection import Projection, project
from ..build import load_scenario, loadable_scenarios
from ..scenario import Scenario, list_scenarios
from ..schema import is_share
from . import charts, i18n, tables
from .i18n import t

PLAN = "akimat"  # the plan as announced (calibrated to the article)
EVIDENCE = "pilot_evidence"  # the same money at the pilot's achieved rates
DASH = "—"

# headline indicators (Projection.summary keys) -> cell format
HEADLINE: dict[str, str] = {
    "projects": "number", "jobs_direct": "number", "entrepreneurs": "number",
    "output_added_bn_kzt": "money_bn", "output_rise_pct": "pct", "processing_rise_pct": "pct",
    "tsa_people_out": "number", "budget_bn_kzt": "money_bn", "fiscal_cost_bn_kzt": "money_bn",
    "cost_per_job_m_kzt": "money_m", "economic_npv_bn_kzt": "money_bn",
}
# what the programme delivers (charted relative to the plan); the rest are costs and value
OUTCOMES = ("projects", "jobs_direct", "entrepreneurs", "output_added_bn_kzt", "processing_rise_pct",
            "tsa_people_out")
# targets the plan and the pilot can be compared on (the cost is the same money in both)
RESULT_TARGETS = tuple(k for k in targets_mod.TARGET_KEYS if k != "total_cost_bn_kzt")
UNLIKELY = 0.5  # a target reached in fewer than half of the Monte Carlo draws is a risk
TARGET_FMT = {"projects": "number", "jobs": "number", "people": "number", "bn KZT": "money_bn", "%": "pct"}


# --- small formatting helpers ---------------------------------------------------------------


def scenario_label(name: str, lang: str) -> str:
    """Short name of a scenario for table headers and legends (``brief.scenario_short.<name>``),
    or its title when no short name is defined."""
    key = f"brief.scenario_short.{name}"
    return t(key, lang) if key in i18n.texts(lang) else list_scenarios()[name][lang]


def target_short(key: str, lang: str) -> str:
    """Short name of a target key for chart axes (``brief.targets_short.<key>``)."""
    return t(f"brief.targets_short.{key}", lang)


def indicator_label(key: str, lang: str) -> str:
    """Reader's name of a headline indicator (a ``Projection.summary`` key)."""
    return t(f"brief.indicators.{key}", lang)


def lower_first(text: str) -> str:
    """"New jobs" -> "new jobs" for use inside a sentence (an abbreviation stays as it is)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def times(x: float, lang: str) -> str:
    """"8,3 есе" / "в 8,3 раза" / "8.3 times"."""
    return t("brief.times", lang, x=i18n.number(x, lang, 1))


def share_text(x: float, lang: str, digits: int = 0) -> str:
    """A share 0.031 as "3 %" (one decimal below 1 %: "0,4 %")."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return DASH
    d = 1 if 0 < abs(100 * x) < 1 else digits
    return tables.cell(x, "share", lang, d)


def _target_value(value: float, unit: str, lang: str) -> str:
    return tables.cell(value, TARGET_FMT.get(unit, "number"), lang)


def counterpart(name: str) -> str:
    """The scenario a brief compares against: the pilot's rates, or the plan for the pilot itself."""
    return PLAN if name == EVIDENCE else EVIDENCE


# --- comparisons of scenarios ---------------------------------------------------------------


def compare_scenarios(names: Iterable[str] | None = None, overrides: Mapping | None = None) -> pd.DataFrame:
    """Headline figures of several scenarios: index = ``HEADLINE`` keys, one column per scenario.

    ``overrides`` (dotted path -> value) are applied on top of every scenario; ``names``
    defaults to every scenario in data/scenarios that loads. Values are plain floats (NaN: undefined).
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


def comparison_table(table: pd.DataFrame, lang: str, relative: pd.DataFrame | None = None,
                     base: str = PLAN) -> pd.DataFrame:
    """``compare_scenarios`` for readers: Indicator | one column per scenario.

    With ``relative`` each cell other than the base's also shows "(x % of plan)".
    """
    out = pd.DataFrame({t("brief.col.indicator", lang): [indicator_label(k, lang) for k in table.index]})
    for name in table.columns:
        cells = []
        for k in table.index:
            text = tables.cell(table.at[k, name], HEADLINE[k], lang)
            if relative is not None and name != base and not pd.isna(relative.at[k, name]):
                text += f" ({tables.cell(relative.at[k, name], 'pct', lang, 0)})"
            cells.append(text)
        out[scenario_label(name, lang)] = cells
    return out


def sobol_size(draws: int) -> int:
    """Base sample size for Sobol indices: 256, or 128 for a quick run (fewer than 500 draws)."""
    return 256 if draws >= 500 else 128


def column_chunks(frame: pd.DataFrame, width: int = 7) -> list[pd.DataFrame]:
    """Split a wide table so that each part has at most ``width`` columns, repeating the first."""
    first, rest = frame.columns[0], list(frame.columns[1:])
    step = max(1, width - 1)
    return [frame[[first, *rest[i:i + step]]] for i in range(0, max(1, len(rest)), step)]


# --- appraisal ------------------------------------------------------------------------------


def cost_per_job_benchmarks(projection: Projection) -> pd.DataFrame:
    """Cost per job, m KZT: this projection (gross direct, per net job with indirect, fiscal per
    net job) beside the article's implied figure and the pilot's (both derived from the data).

    Columns: key, value, derived (True for arithmetic on published figures).
    """
    s = projection.summary
    pilot, dv = load_sources().pilot, derived_figures()
    lent = pilot["lent"].value * 1000
    rows = [
        ("projection_gross", s["cost_per_job_m_kzt"], False),
        ("projection_net", s["cost_per_net_job_m_kzt"], False),
        ("projection_fiscal_net", s["fiscal_cost_per_net_job_m_kzt"], False),
        ("article", dv["cost_per_job"].value / 1000, True),  # k KZT -> m KZT
        ("pilot_hired", dv["pilot_cost_per_job"].value, True),
        ("pilot_with_proprietors", lent / (pilot["new_jobs"].value + pilot["new_sole_proprietors"].value), True),
    ]
    return pd.DataFrame(rows, columns=["key", "value", "derived"])


def cost_per_job_view(benchmarks: pd.DataFrame, projection: Projection, lang: str) -> pd.DataFrame:
    """``cost_per_job_benchmarks`` for readers: Measure | Cost per job | How it is obtained."""
    s = projection.summary
    art, pilot = load_sources().article, load_sources().pilot
    bn = lambda x: tables.cell(x, "money_bn", lang)  # noqa: E731
    num = lambda x: i18n.number(x, lang)  # noqa: E731
    fields = {
        "projection_gross": dict(money=bn(s["budget_bn_kzt"]), jobs=num(s["jobs_direct"]), year=s["target_year"]),
        "projection_net": dict(money=bn(s["budget_bn_kzt"]), jobs=num(s["jobs_net_total"])),
        "projection_fiscal_net": dict(fiscal=bn(s["fiscal_cost_bn_kzt"]), jobs=num(s["jobs_net_total"])),
        "article": dict(money=bn(art["programme_cost"].value), jobs=num(art["new_jobs"].value)),
        "pilot_hired": dict(lent=bn(pilot["lent"].value), jobs=num(pilot["new_jobs"].value)),
        "pilot_with_proprietors": dict(lent=bn(pilot["lent"].value), jobs=num(pilot["new_jobs"].value),
                                       proprietors=num(pilot["new_sole_proprietors"].value)),
    }
    return pd.DataFrame([{t("brief.col.measure", lang): t(f"brief.cost_per_job.{r.key}", lang),
                          t("brief.indicators.cost_per_job_m_kzt", lang): tables.cell(r.value, "money_m", lang),
                          t("brief.col.how", lang): t(f"brief.cost_basis.{r.key}", lang, **fields[r.key])}
                         for r in benchmarks.itertuples(index=False)])


def output_per_tenge(projection: Projection | None = None) -> float:
    """Added farm output a year per tenge of programme money.

    Without a projection: the article's own figures (132.2 bn / 46.4 bn, derived); with one:
    the projection's added output in the target year over the money spent.
    """
    if projection is None:
        return derived_figures()["output_per_tenge"].value
    s = projection.summary
    return s["output_added_bn_kzt"] / s["budget_bn_kzt"]


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
    keys = ("economic_npv_bn_kzt", "economic_bcr", "economic_irr", "payback_years", "fiscal_npv_bn_kzt")
    rows = []
    for r in rates:
        s = project(load_scenario(name, {**overrides, "appraisal.discount_rate": r})).summary
        rows.append({"rate": r, **{k: s[k] for k in keys}})
    return pd.DataFrame(rows)


def discount_rate_view(frame: pd.DataFrame, lang: str, central: float | None = None) -> pd.DataFrame:
    """``discount_rate_table`` for readers; the central rate is marked."""
    out = []
    for r in frame.itertuples(index=False):
        rate = tables.cell(r.rate, "share", lang, 0)
        if central is not None and abs(r.rate - central) < 1e-12:
            rate = t("brief.central", lang, rate=rate)
        out.append({
            t("brief.col.rate", lang): rate,
            t("brief.col.npv", lang): tables.cell(r.economic_npv_bn_kzt, "money_bn", lang),
            t("brief.col.bcr", lang): tables.cell(r.economic_bcr, "number", lang, 2),
            t("brief.col.irr", lang): tables.cell(r.economic_irr, "share", lang, 0),
            t("brief.col.payback", lang): payback_text(r.payback_years, lang),
            t("brief.col.fiscal_npv", lang): tables.cell(r.fiscal_npv_bn_kzt, "money_bn", lang),
        })
    return pd.DataFrame(out)


def payback_text(years, lang: str) -> str:
    if years is None or (isinstance(years, float) and math.isnan(years)):
        return t("brief.never", lang)
    return t("brief.years", lang, n=int(years))


def fiscal_flows(projection: Projection) -> pd.DataFrame:
    """The state budget's flows by year, bn KZT: cost (grants, interest subsidy, defaults,
    administration) against TSA benefits no longer paid and taxes; net and cumulative net."""
    f = pd.DataFrame({k: projection.series(ind) for k, ind in
                      (("fiscal_cost", "fiscal_cost"), ("tsa_saved", "tsa_saved_bn"), ("taxes", "taxes"),
                       ("net", "fiscal_net"))})
    f["cumulative"] = f["net"].cumsum()
    return f


def fiscal_break_even(projection: Projection) -> int | None:
    """First year in which the budget's cumulative net flow is no longer negative (None: never)."""
    f = fiscal_flows(projection)
    hit = f.index[f["cumulative"] >= 0]
    return int(hit[0]) if len(hit) else None


# --- the pilot ------------------------------------------------------------------------------


STAGE_KEYS = ("lent", "projects", "new_jobs", "new_sole_proprietors", "tsa_families_exited")


def stage_check(overrides: Mapping | None = None) -> pd.DataFrame:
    """Does the pilot scenario reproduce the first stage? The pilot's money launched in one year
    (``evidence.stage_overrides``) read in the observed year, against the published figures.

    Columns: key, reported, model, gap_pct. "projects" reported = residents + cooperatives.
    """
    sc = load_scenario(EVIDENCE, {**dict(overrides or {}), **evidence_mod.stage_overrides()})
    got = evidence_mod.stage_outcomes(project(sc))
    f = evidence_mod.pilot_stage()
    reported = {**f, "projects": f["residents"] + f["cooperatives"]}
    rows = [{"key": k, "reported": reported[k], "model": got[k], "gap_pct": 100 * (got[k] / reported[k] - 1)}
            for k in STAGE_KEYS]
    return pd.DataFrame(rows)


def stage_check_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = []
    for r in frame.itertuples(index=False):
        fmt = "money_bn" if r.key == "lent" else "number"
        out.append({t("brief.col.figure", lang): t(f"brief.stage.{r.key}", lang),
                    t("brief.col.reported", lang): tables.cell(r.reported, fmt, lang),
                    t("brief.col.model", lang): tables.cell(r.model, fmt, lang),
                    t("brief.col.gap", lang): tables.cell(r.gap_pct, "pct", lang, 1)})
    return pd.DataFrame(out)


def plan_vs_evidence(plan: Projection, evidence: Projection) -> pd.DataFrame:
    """For each result target: the article's figure, the plan's projection, the projection at the
    pilot's rates, and that as a share of the plan's projection. Columns: key, unit, target,
    plan, evidence, share."""
    a = plan.targets.set_index("key")
    b = evidence.targets.set_index("key")
    rows = []
    for k in RESULT_TARGETS:
        share = b.at[k, "projected"] / a.at[k, "projected"] if a.at[k, "projected"] else np.nan
        rows.append({"key": k, "unit": a.at[k, "unit"], "target": a.at[k, "target"], "rule": a.at[k, "rule"],
                     "plan": a.at[k, "projected"], "evidence": b.at[k, "projected"], "share": share})
    return pd.DataFrame(rows)


def plan_vs_evidence_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = []
    for r in frame.itertuples(index=False):
        out.append({t("brief.col.target", lang): tables.target_label(r.key, lang),
                    t("brief.col.announced", lang): announced(r.key, lang),
                    t("brief.col.plan", lang): _target_value(r.plan, r.unit, lang),
                    t("brief.col.evidence", lang): _target_value(r.evidence, r.unit, lang),
                    t("brief.col.share_of_plan", lang): share_text(r.share, lang)})
    return pd.DataFrame(out)


def announced(key: str, lang: str) -> str:
    """The article's figure behind a target key, as the article states it ("> 31 000 projects")."""
    figure = {tg.key: tg.figure for tg in targets_mod.TARGETS}[key]
    return tables.figure_value(load_sources().article[figure], lang)


# --- page one: targets, verdict -------------------------------------------------------------


def joint_probability(simulation) -> float:
    """Share of Monte Carlo draws in which every target is met in the target year at once."""
    ev = targets_mod.evaluate(simulation.arrays, simulation.scenario.value("programme.target_year"))
    return float(np.logical_and.reduce([e["met"] for e in ev.values()]).mean())


def targets_overview(projection: Projection, simulation, other: Projection, lang: str) -> pd.DataFrame:
    """Page one: Target | In the article | Projected | Met (first year) | Probability | <other scenario>.

    ``other`` is the counterpart scenario (the pilot's rates, or the plan for the pilot itself).
    """
    year = projection.summary["target_year"]
    probs = simulation.target_probabilities().set_index("key")["probability"]
    theirs = other.targets.set_index("key")["projected"]
    out = []
    for r in projection.targets.itertuples(index=False):
        met = i18n.yes_no(bool(r.met), lang)
        if r.year is not None and not pd.isna(r.year):
            met = t("brief.met_in", lang, flag=met, year=int(r.year))
        out.append({
            t("brief.col.target", lang): tables.target_label(r.key, lang),
            t("brief.col.announced", lang): announced(r.key, lang),
            t("brief.col.projected", lang, year=year): _target_value(r.projected, r.unit, lang),
            t("brief.col.met", lang): met,
            t("brief.col.probability", lang): share_text(probs[r.key], lang),
            scenario_label(other.scenario.name, lang): _target_value(theirs[r.key], r.unit, lang),
        })
    return pd.DataFrame(out)


def verdict(projection: Projection, simulation, other: Projection, lang: str) -> str:
    """Two or three sentences for page one, computed from the results."""
    tg = projection.targets
    n, met = len(tg), int(tg["met"].sum())
    year = projection.summary["target_year"]
    if met == n:
        first = t("brief.verdict.all_met", lang, year=int(tg["year"].max()))
    elif met == 0:
        first = t("brief.verdict.none_met", lang, year=year)
    else:
        missed = ", ".join(lower_first(target_short(k, lang)) for k in tg.loc[~tg["met"], "key"])
        first = t("brief.verdict.some_met", lang, met=met, n=n, year=year, missed=missed)
    probs = simulation.target_probabilities().set_index("key")["probability"]
    second = t("brief.verdict.probability", lang, all=share_text(joint_probability(simulation), lang),
               jobs=share_text(probs["jobs"], lang))
    jobs_target = float(tg.set_index("key").at["jobs", "target"])
    s, o = projection.summary, other.summary
    if projection.scenario.name == EVIDENCE:
        third = t("brief.verdict.evidence_self", lang, jobs=i18n.number(s["jobs_direct"], lang),
                  target=i18n.number(jobs_target, lang), cost=tables.cell(s["cost_per_job_m_kzt"], "money_m", lang),
                  plan_cost=tables.cell(o["cost_per_job_m_kzt"], "money_m", lang))
    else:
        third = t("brief.verdict.evidence", lang, money=tables.cell(s["budget_bn_kzt"], "money_bn", lang),
                  jobs=i18n.number(o["jobs_direct"] * s["budget_bn_kzt"] / o["budget_bn_kzt"], lang),
                  share=share_text(o["jobs_direct"] * s["budget_bn_kzt"] / o["budget_bn_kzt"] / jobs_target, lang),
                  cost=tables.cell(o["cost_per_job_m_kzt"], "money_m", lang))
    return " ".join((first, second, third))


# --- risks ----------------------------------------------------------------------------------


def plan_calibration(scenario: Scenario):
    """The calibration report that says how far the plan stretches its assumptions: the
    scenario's own, or the plan's (``akimat``) for scenarios that are not calibrated."""
    return scenario.calibration if scenario.calibration is not None else load_scenario(PLAN).calibration


def stretch_rows(calibration, top: int | None = None) -> list[dict]:
    """Calibration rows, most stretched first (x8 and x1/8 rank alike)."""
    rows = sorted(calibration.rows, key=lambda r: (-tables.stretch(r["ratio"]), r["path"]))
    return rows[:top] if top else rows


def risks(projection: Projection, simulation, *, evidence: Projection | None = None,
          tornado: pd.DataFrame | None = None) -> list[tuple[str, dict]]:
    """The main risks to the plan's figures, computed, most important first: ``[(key, fields)]``.

    pilot_gap        the same money at the pilot's achieved rates (``evidence``)
    stretch          calibrated per-project rates outside their plausible range
    productivity     added output per tenge a year the article implies vs the pilot's rates
    unlikely         targets met in fewer than half of the Monte Carlo draws
    concentration    the parameter that moves jobs most (``uncertainty.tornado``)
    fiscal           the budget's cost, and what it becomes if microcredit defaults reach
                     the high end of their range
    A risk that does not apply (e.g. no calibration stretch) is left out.
    """
    sc = projection.scenario
    s = projection.summary
    tg = projection.targets.set_index("key")
    out: list[tuple[str, dict]] = []
    if evidence is None:
        evidence = project(load_scenario(EVIDENCE))
    e = evidence.summary
    jobs_target = float(tg.at["jobs", "target"])
    if sc.name != EVIDENCE:
        # the evidence scenario's rates applied to this scenario's money
        jobs_e = e["jobs_direct"] * s["budget_bn_kzt"] / e["budget_bn_kzt"]
        out.append(("pilot_gap", {"money": s["budget_bn_kzt"], "jobs": jobs_e, "target": jobs_target,
                                  "share": jobs_e / jobs_target, "cost_pilot": e["cost_per_job_m_kzt"],
                                  "cost_plan": s["cost_per_job_m_kzt"]}))
    cal = plan_calibration(sc)
    if cal is not None:
        outside = [r for r in cal.rows if r["outside_range"]]
        if outside:
            top = [(r["path"], r["ratio"]) for r in stretch_rows(cal, 3)]
            out.append(("stretch", {"outside": len(outside), "n": len(cal.rows), "top": top}))
    out.append(("productivity", {"article": output_per_tenge(), "pilot": output_per_tenge(evidence),
                                 "projection": output_per_tenge(projection)}))
    probs = simulation.target_probabilities()
    low = probs[probs["probability"] < UNLIKELY]
    if len(low):
        out.append(("unlikely", {"targets": list(zip(low["key"], low["probability"])),
                                 "all": joint_probability(simulation)}))
    tor = uncertainty.tornado(sc, "jobs_direct") if tornado is None else tornado
    if len(tor):
        r = tor.iloc[0]
        out.append(("concentration", {"path": r["path"], "low": min(r["low"], r["high"]),
                                      "high": max(r["low"], r["high"]), "base": r["base"],
                                      "target": jobs_target, "year": s["target_year"]}))
    p = sc.params["funding.default_rate"]
    fields = {"fiscal": s["fiscal_cost_bn_kzt"], "total": s["budget_bn_kzt"], "fiscal_npv": s["fiscal_npv_bn_kzt"],
              "default": p.value, "default_high": None, "fiscal_high": None}
    if p.ranged and p.high > p.value:
        high = project(sc.with_values({"funding.default_rate": p.high}, "risk"))
        fields.update(default_high=p.high, fiscal_high=high.summary["fiscal_cost_bn_kzt"])
    out.append(("fiscal", fields))
    return out


def probability_items(pairs: Iterable[tuple[str, float]], lang: str) -> str:
    """[(target key, probability)] -> "new jobs — 38 %; added farm output — 41 %"."""
    return "; ".join(f"{lower_first(target_short(k, lang))} — {share_text(p, lang)}" for k, p in pairs)


def risk_text(key: str, fields: dict, lang: str) -> str:
    """One risk in plain words (``brief.risks.<key>``), numbers formatted for ``lang``."""
    f = fields
    if key == "pilot_gap":
        return t("brief.risks.pilot_gap", lang, money=tables.cell(f["money"], "money_bn", lang),
                 jobs=i18n.number(f["jobs"], lang), target=i18n.number(f["target"], lang),
                 share=share_text(f["share"], lang), cost_pilot=tables.cell(f["cost_pilot"], "money_m", lang),
                 cost_plan=tables.cell(f["cost_plan"], "money_m", lang))
    if key == "stretch":
        top = "; ".join(f"{lower_first(tables.param_label(p, lang))} — {times(r, lang)}"
                        if r >= 1 else f"{lower_first(tables.param_label(p, lang))} — ×{i18n.number(r, lang, 2)}"
                        for p, r in f["top"])
        return t("brief.risks.stretch", lang, outside=f["outside"], n=f["n"], top=top)
    if key == "productivity":
        return t("brief.risks.productivity", lang, article=i18n.number(f["article"], lang, 2),
                 pilot=i18n.number(f["pilot"], lang, 2), ratio=times(f["article"] / f["pilot"], lang))
    if key == "unlikely":
        items = probability_items(f["targets"], lang)
        return t("brief.risks.unlikely", lang, items=items, all=share_text(f["all"], lang))
    if key == "concentration":
        return t("brief.risks.concentration", lang, param=lower_first(tables.param_label(f["path"], lang)),
                 low=i18n.number(f["low"], lang), high=i18n.number(f["high"], lang),
                 base=i18n.number(f["base"], lang), year=f["year"])
    if key == "fiscal":
        text = t("brief.risks.fiscal", lang, fiscal=tables.cell(f["fiscal"], "money_bn", lang),
                 total=tables.cell(f["total"], "money_bn", lang), share=share_text(f["fiscal"] / f["total"], lang),
                 npv=tables.cell(f["fiscal_npv"], "money_bn", lang))
        if f["fiscal_high"] is not None:
            text += " " + t("brief.risks.fiscal_default", lang, default=share_text(f["default"], lang, 1),
                            high=share_text(f["default_high"], lang), fiscal=tables.cell(f["fiscal_high"], "money_bn", lang))
        return text
    raise KeyError(f"unknown risk {key!r}")


# --- appendix of assumptions -----------------------------------------------------------------


def scalar_paths(scenario: Scenario) -> list[str]:
    """Every parameter that is not per direction, in the order of the data files."""
    return [k for k in scenario.params if not k.startswith("directions.")]


def assumption_appendix(scenario: Scenario, lang: str) -> pd.DataFrame:
    """Every parameter that is not per direction, two columns:
    "Parameter. Source: basis" | "Value (plausible range)".

    The PDF sizes table columns by their content, so one wide text column (name, source and
    basis together) beside a short value column is the most compact layout for A4.
    """
    rows = []
    for path in scalar_paths(scenario):
        p = scenario.params[path]
        value = tables.param_value(p.value, p.unit, lang)
        if p.ranged:
            value += f" ({tables.param_value(p.low, p.unit, lang)} – {tables.param_value(p.high, p.unit, lang)})"
        rows.append({t("brief.col.parameter_basis", lang): t("brief.param_basis", lang, name=tables.param_label(path, lang),
                                                             source=tables.source_label(p, lang),
                                                             basis=tables.basis(path, p, lang)),
                     t("brief.col.value_range", lang): value})
    return pd.DataFrame(rows)


def _compact(x: float, unit: str, lang: str) -> str:
    """A per-direction value without its unit (the unit goes into the row label)."""
    if is_share(unit):
        return i18n.number(100 * x, lang, 0 if abs(100 * x - round(100 * x)) < 0.05 else 1)
    return i18n.number(x, lang, 2)


def _unit_suffix(unit: str, lang: str) -> str:
    if is_share(unit):
        return t("brief.unit_suffix.pct", lang)
    if unit.startswith("m KZT"):
        return t("brief.unit_suffix.m_kzt", lang)
    return ""


def direction_appendix(scenario: Scenario, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-direction parameters, compactly: (values, notes).

    values: Parameter (with its unit) | five directions; each cell "value (low–high)". For a
    calibrated value the range shown is the prior's (what was thought plausible before the
    fit), so a value outside it is visibly a stretch. notes: Parameter | Source and basis; a
    calibrated or pilot-derived value also gives the reason for the prior estimate.
    Source and basis share one column, so the text gets the page's width.
    """
    prior_range = {}
    cal = scenario.calibration
    if cal is not None:
        prior_range = {r["path"]: (r["low"], r["high"]) for r in cal.rows}
    order = list(scenario.params)
    names = sorted({k.split(".")[2] for k in scenario.params if k.startswith("directions.")},
                   key=lambda n: order.index(f"directions.{DIRECTIONS[0]}.{n}"))
    col = t("brief.col.parameter", lang)
    values, notes = [], []
    for n in names:
        first = f"directions.{DIRECTIONS[0]}.{n}"
        unit = scenario.params[first].unit
        label = tables.param_label(first, lang, with_direction=False)
        row = {col: label + _unit_suffix(unit, lang)}
        sources, kinds = [], set()
        for d in DIRECTIONS:
            path = f"directions.{d}.{n}"
            p = scenario.params[path]
            low, high = prior_range.get(path, (p.low, p.high))
            text = _compact(p.value, unit, lang)
            if low is not None and high is not None and low < high:
                text += f" ({_compact(low, unit, lang)}–{_compact(high, unit, lang)})"
            row[i18n.direction(d, lang)] = text
            kinds.add(tables.source_kind(p))
            if tables.source_label(p, lang) not in sources:
                sources.append(tables.source_label(p, lang))
        values.append(row)
        why = tables.basis(first, scenario.params[first], lang)
        reason = t(f"tables.reasons.directions.{n}", lang)
        if kinds & {"calibrated", "pilot"}:  # the source already says how the value was found
            why = t("brief.prior_only", lang, prior=reason)
        elif kinds & {"scenario", "override"}:
            why = t("brief.prior_basis", lang, basis=why, prior=reason)
        notes.append({t("brief.col.parameter_basis", lang): t("brief.param_basis", lang, name=label,
                                                              source="; ".join(sources), basis=why)})
    return pd.DataFrame(values), pd.DataFrame(notes)


# --- charts ---------------------------------------------------------------------------------
# Each takes a matplotlib axis and draws one chart; titles and captions stay with the caller.


def _wrap(label: str, width: int = 30) -> str:
    """Long axis labels on two or three lines, so the plot keeps its width in every language."""
    return textwrap.fill(label, width)


def _year_ticks(ax, years) -> None:
    """Every year as a tick, slanted only when there are many."""
    years = [int(y) for y in years]
    ax.set_xticks(years, [str(y) for y in years])
    if len(years) > 8:
        ax.tick_params(axis="x", labelrotation=45)


def draw_fan(ax, fan: pd.DataFrame, lang: str, *, color: str, target: float | None = None,
             other: pd.Series | None = None, other_label: str = "", years: tuple[int, int] | None = None,
             digits: int = 0, legend: bool = True, ylabel: str = "") -> None:
    """A Monte Carlo fan with the projection's median, the target line and another scenario's path."""
    if years is not None:
        fan = fan.loc[years[0]:years[1]]
        other = None if other is None else other.loc[years[0]:years[1]]
    charts.fan(ax, fan, color, t("brief.chart.band", lang), t("brief.chart.median", lang))
    if target is not None:
        charts.target_line(ax, target, t("brief.chart.target", lang))
    if other is not None:
        ax.plot(other.index, other.values, color=charts.NEUTRAL, linestyle=":", linewidth=2, label=other_label)
    charts.thousands_axis(ax, lang, digits=digits)
    _year_ticks(ax, fan.index)
    ax.set_ylim(bottom=0)
    if ylabel:
        ax.set_ylabel(ylabel)
    if legend:
        ax.legend(fontsize=8, loc="best")


def shared_legend(fig, axes, ncols: int = 4) -> None:
    """One legend under the figure for all its axes (each label once)."""
    seen = {}
    for ax in axes:
        for h, label in zip(*ax.get_legend_handles_labels()):
            seen.setdefault(label, h)
    fig.legend(list(seen.values()), list(seen), loc="outside lower center", ncols=ncols, fontsize=8)


def draw_probabilities(ax, probabilities: pd.DataFrame, lang: str, keys: Iterable[str] | None = None,
                       ylabels: bool = True) -> None:
    """Horizontal bars: the probability of reaching each target, with the 50 % line."""
    frame = probabilities.set_index("key")
    keys = list(frame.index if keys is None else keys)[::-1]
    p = 100 * frame.loc[keys, "probability"].to_numpy()
    colors = [charts.TARGET_COLOR if x < 100 * UNLIKELY else charts.DIRECTION_COLORS["small_business"] for x in p]
    ax.barh([target_short(k, lang) for k in keys], p, color=colors)
    ax.tick_params(axis="y", labelsize=8)
    for y, x in enumerate(p):
        ax.text(min(x + 1.5, 100), y, tables.cell(x, "pct", lang, 0), va="center", fontsize=8)
    ax.axvline(100 * UNLIKELY, color=charts.NEUTRAL, linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(t("brief.chart.probability_axis", lang))
    ax.grid(axis="y", visible=False)
    if not ylabels:
        ax.tick_params(axis="y", labelleft=False)


def draw_tornado(ax, tornado: pd.DataFrame, lang: str, top: int = 10, digits: int = 0) -> None:
    """One-at-a-time swings around the central result, widest at the top."""
    df = tornado.head(top).iloc[::-1]
    base = float(df["base"].iloc[0]) if len(df) else 0.0
    labels = [_wrap(tables.param_label(p, lang), 40) for p in df["path"]]
    y = np.arange(len(df))
    ax.barh(y, df["low"] - base, left=base, color=charts.DIRECTION_COLORS["small_business"],
            label=t("brief.chart.at_low", lang))
    ax.barh(y, df["high"] - base, left=base, color=charts.DIRECTION_COLORS["livestock"],
            label=t("brief.chart.at_high", lang))
    ax.axvline(base, color=charts.NEUTRAL, linewidth=1)
    ax.set_yticks(y, labels, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    charts.thousands_axis(ax, lang, axis="x", digits=digits)
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="lower right")


def draw_sobol(ax, sobol: pd.DataFrame, lang: str, top: int = 10) -> None:
    """First-order and total Sobol indices of the most influential parameters."""
    df = sobol.head(top).iloc[::-1]
    y = np.arange(len(df))
    h = 0.4
    ax.barh(y + h / 2, df["total"].clip(lower=0), height=h, color=charts.DIRECTION_COLORS["small_business"],
            label=t("brief.chart.sobol_total", lang))
    ax.barh(y - h / 2, df["first_order"].clip(lower=0), height=h, color=charts.DIRECTION_COLORS["household_plots"],
            label=t("brief.chart.sobol_first", lang))
    ax.set_yticks(y, [_wrap(tables.param_label(p, lang), 40) for p in df["path"]], fontsize=8)
    ax.set_xlim(0, max(0.05, float(df[["total", "first_order"]].max().max()) * 1.1))
    charts.thousands_axis(ax, lang, axis="x", digits=2)
    ax.set_xlabel(t("brief.chart.sobol_axis", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="lower right")


def draw_stretch(ax, calibration, lang: str, top: int = 10) -> None:
    """How far the plan moved each per-project rate from its prior: calibrated / prior on a log
    axis, with the prior's plausible range as a grey band; red where the value left the range."""
    rows = stretch_rows(calibration, top)[::-1]
    y = np.arange(len(rows))
    for i, r in enumerate(rows):
        if r["low"] is not None and r["high"] is not None:
            ax.plot([r["low"] / r["prior"], r["high"] / r["prior"]], [i, i], color="#cccccc", linewidth=7,
                    solid_capstyle="butt", label=t("brief.chart.plausible", lang) if i == 0 else None)
    colors = [charts.TARGET_COLOR if r["outside_range"] else charts.DIRECTION_COLORS["small_business"] for r in rows]
    ratios = [r["ratio"] for r in rows]
    ax.scatter(ratios, y, color=colors, zorder=3, s=28, label=t("brief.chart.calibrated", lang))
    for i, x in enumerate(ratios):
        ax.text(x * 1.12, i, "×" + i18n.number(x, lang, 1), va="center", fontsize=8)
    ax.axvline(1, color=charts.NEUTRAL, linewidth=0.8)
    ax.set_xscale("log")
    lo = min([0.5] + [r["low"] / r["prior"] for r in rows if r["low"]] + ratios) * 0.8
    hi = max([2.0] + [r["high"] / r["prior"] for r in rows if r["high"]] + ratios) * 1.6
    ax.set_xlim(lo, hi)
    ax.set_xticks([x for x in (0.25, 0.5, 1, 2, 5, 10, 20, 50) if lo <= x <= hi])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: "×" + i18n.number(v, lang, 1 if v < 1 else 0)))
    ax.set_yticks(y, [_wrap(tables.param_label(r["path"], lang), 48) for r in rows], fontsize=7.5)
    ax.set_xlabel(t("brief.chart.stretch_axis", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="lower right")


def draw_relative(ax, relative: pd.DataFrame, lang: str, base: str = PLAN,
                  keys: Iterable[str] = OUTCOMES) -> None:
    """Grouped bars: each scenario's headline results in % of the plan (100 % line)."""
    keys = list(keys)
    names = [n for n in relative.columns if n != base]
    width = 0.8 / max(1, len(names))
    x = np.arange(len(keys))
    palette = [charts.DIRECTION_COLORS[d] for d in ("small_business", "livestock", "household_plots",
                                                    "outside_land", "cooperatives")]
    for j, n in enumerate(names):
        vals = relative.loc[keys, n].to_numpy(dtype=float)
        ax.bar(x + (j - (len(names) - 1) / 2) * width, vals, width, label=scenario_label(n, lang),
               color=palette[j % len(palette)])
    ax.axhline(100, color=charts.TARGET_COLOR, linestyle="--", linewidth=1.2, label=scenario_label(base, lang))
    ax.set_xticks(x, [_wrap(indicator_label(k, lang), 13) for k in keys], fontsize=7.5)
    ax.set_ylabel(t("brief.chart.percent_of_plan", lang))
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=8, ncols=2, loc="upper right")
    ax.set_ylim(min(0, float(np.nanmin(relative.loc[keys, names].to_numpy(dtype=float))) * 1.1), 125)


def draw_plan_vs_evidence(ax, frame: pd.DataFrame, lang: str, ylabels: bool = True) -> None:
    """Horizontal bars: each result at the pilot's rates in % of the plan's figure (plan = 100 %)."""
    df = frame.iloc[::-1]
    p = 100 * df["share"].to_numpy(dtype=float)
    labels = [target_short(k, lang) for k in df["key"]]
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", labelsize=8)
    ax.barh(labels, [100] * len(df), color="#e6e6e6", edgecolor="#bbbbbb", linewidth=0.6,
            label=scenario_label(PLAN, lang))
    ax.barh(labels, p, color=charts.NEUTRAL, label=scenario_label(EVIDENCE, lang))
    for y, x in enumerate(p):
        ax.text(x + 1.5, y, share_text(x / 100, lang), va="center", fontsize=8)
    ax.set_xlim(0, 105)
    ax.set_xlabel(t("brief.chart.percent_of_plan", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2)
    if not ylabels:
        ax.tick_params(axis="y", labelleft=False)


def draw_fiscal_flows(ax, flows: pd.DataFrame, lang: str) -> None:
    """Bars: the budget's cost (down) against TSA savings and taxes (up); line: cumulative net."""
    x = flows.index.to_numpy()
    ax.bar(x, -flows["fiscal_cost"], color=charts.TARGET_COLOR, label=t("brief.chart.fiscal_cost", lang))
    ax.bar(x, flows["tsa_saved"], color=charts.DIRECTION_COLORS["outside_land"], label=t("brief.chart.tsa_saved", lang))
    ax.bar(x, flows["taxes"], bottom=flows["tsa_saved"], color=charts.DIRECTION_COLORS["livestock"],
           label=t("brief.chart.taxes", lang))
    ax.plot(x, flows["cumulative"], color="black", marker="o", markersize=3, linewidth=1.5,
            label=t("brief.chart.cumulative", lang))
    ax.axhline(0, color=charts.NEUTRAL, linewidth=0.8)
    _year_ticks(ax, x)
    ax.set_ylabel(t("brief.chart.bn_kzt", lang))
    charts.thousands_axis(ax, lang, digits=0)
    ax.legend(fontsize=8, ncols=2, loc="upper left")


def draw_cost_per_job(ax, benchmarks: pd.DataFrame, lang: str) -> None:
    """Horizontal bars of cost per job, m KZT; derived figures hatched."""
    df = benchmarks.iloc[::-1]
    labels = [_wrap(t(f"brief.cost_per_job.{k}", lang), 36) for k in df["key"]]
    colors = [charts.NEUTRAL if k.startswith("pilot") else charts.DIRECTION_COLORS["small_business"]
              for k in df["key"]]
    bars = ax.barh(labels, df["value"], color=colors)
    for b, derived in zip(bars, df["derived"]):
        if derived:
            b.set_hatch("//")
            b.set_edgecolor("white")
    top = float(df["value"].max())
    for y, v in enumerate(df["value"]):
        ax.text(v + top * 0.01, y, tables.cell(v, "money_m", lang), va="center", fontsize=8)
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel(t("brief.chart.m_kzt_per_job", lang))
    ax.grid(axis="y", visible=False)
