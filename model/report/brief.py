"""Words and tables for the meeting brief and notebooks 06-08: formatting only.

The numbers come from :mod:`model.compare` (plan vs evidence, jobs at the pilot's rates, the
pilot-stage check, outturn, risks, the page-one verdict), from a projection, a simulation or a
microsimulation run; every text a reader sees from the locale files (``brief.*`` keys, and
``tables.*`` through :mod:`model.report.tables`). Charts are drawn by ``model.report.charts``.
"""
from __future__ import annotations

import math
from typing import Iterable

import pandas as pd

from .. import compare
from .. import targets as targets_mod
from .. import tsa as tsa_mod
from ..compare import EVIDENCE, PLAN
from ..parameters import DIRECTIONS, household_paths, load_sources
from ..prices import BASE_YEAR
from ..scenario import Scenario, list_scenarios
from ..uncertainty import HOUSEHOLDS
from ..schema import is_share
from . import i18n, tables
from .i18n import t

DASH = i18n.DASH
NBSP = "\u00a0"
# headline indicator -> cell format (the keys of compare.HEADLINE)
HEADLINE_FMT: dict[str, str] = {
    "projects": "number", "jobs_direct": "number", "entrepreneurs": "number",
    "output_added_bn_kzt": "money_bn", "output_rise_pct": "pct", "processing_rise_pct": "pct",
    "tsa_people_out": "number", "budget_bn_kzt": "money_bn", "fiscal_cost_bn_kzt": "money_bn",
    "cost_per_job_m_kzt": "money_m", "economic_npv_bn_kzt": "money_bn",
}
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


def num(x: float, lang: str, digits: int = 0) -> str:
    """A number rounded for prose: from 1,000 up to the nearest hundred ("about 3,700")."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return DASH
    return i18n.number(round(x, -2) if abs(x) >= 1_000 else x, lang, digits)


def bn(x: float, lang: str) -> str:
    return tables.cell(x, "money_bn", lang)


def mn(x: float, lang: str, digits: int = 1) -> str:
    return tables.cell(x, "money_m", lang, digits)


def _target_value(value: float, unit: str, lang: str) -> str:
    return tables.cell(value, TARGET_FMT.get(unit, "number"), lang)


def payback_text(years, lang: str) -> str:
    if years is None or (isinstance(years, float) and math.isnan(years)):
        return t("brief.never", lang)
    return tables.count(int(years), "years", lang)


def probability_items(pairs: Iterable[tuple[str, float]], lang: str) -> str:
    """[(target key, probability)] -> "new jobs — 38 %; added farm output — 41 %"."""
    return "; ".join(f"{lower_first(target_short(k, lang))} — {share_text(p, lang)}" for k, p in pairs)


def input_label(path: str, lang: str) -> str:
    """Reader's name of a Monte Carlo input: a parameter, or a group of shares drawn together."""
    groups = {"directions.*.budget_share": "budget_shares", "funding.*_share": "funding_shares",
              HOUSEHOLDS: "households"}
    if path in groups:
        return t(f"07_uncertainty.groups.{groups[path]}", lang)
    return tables.param_label(path, lang)


def column_chunks(frame: pd.DataFrame, width: int = 7) -> list[pd.DataFrame]:
    """Split a wide table so that each part has at most ``width`` columns, repeating the first."""
    first, rest = frame.columns[0], list(frame.columns[1:])
    step = max(1, width - 1)
    return [frame[[first, *rest[i:i + step]]] for i in range(0, max(1, len(rest)), step)]


def announced(key: str, lang: str) -> str:
    """The akimat's figure behind a target key in the article's own terms ("> 31 000 projects",
    "up to 33 %")."""
    target = next(tg for tg in targets_mod.TARGETS if tg.key == key)
    fig = load_sources().article[target.figure]
    text = tables.figure_value(fig, lang)
    if target.unit == "bn KZT" and fig.year > BASE_YEAR:  # money of a later year: beside it, the 2019 prices it is held in
        value_2019 = tables.value_by_unit(targets_mod.target_value(target), fig.unit, lang)
        return t("tables.in_2019_prices", lang, value=text, year=fig.year, value_2019=value_2019)
    return text


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


# --- views used by notebooks 06 and 08 -------------------------------------------------------


def comparison_table(table: pd.DataFrame, lang: str, relative: pd.DataFrame | None = None,
                     base: str = PLAN) -> pd.DataFrame:
    """``compare.compare_scenarios`` for readers: Indicator | one column per scenario.

    With ``relative`` each cell other than the base's also shows "(x % of plan)".
    """
    out = pd.DataFrame({t("brief.col.indicator", lang): [indicator_label(k, lang) for k in table.index]})
    for name in table.columns:
        cells = []
        for k in table.index:
            text = tables.cell(table.at[k, name], HEADLINE_FMT[k], lang)
            if relative is not None and name != base and not pd.isna(relative.at[k, name]):
                text += f" ({tables.cell(relative.at[k, name], 'pct', lang, 0)})"
            cells.append(text)
        out[scenario_label(name, lang)] = cells
    return out


def cost_per_job_view(benchmarks: pd.DataFrame, projection, lang: str) -> pd.DataFrame:
    """``compare.cost_per_job_benchmarks`` for readers: Measure | Cost per job | How it is obtained
    (the announcement's row only where it gives jobs)."""
    s = projection.summary
    art, pilot = load_sources().article, load_sources().pilot
    n = lambda x: i18n.number(x, lang)  # noqa: E731
    fields = {
        "projection_gross": dict(money=bn(s["spent_by_target_year_bn_kzt"], lang), jobs=n(s["jobs_direct"]),
                                 year=s["target_year"]),
        "projection_net": dict(money=bn(s["spent_by_target_year_bn_kzt"], lang), jobs=n(s["jobs_net_total"])),
        "projection_fiscal_net": dict(fiscal=bn(s["fiscal_by_target_year_bn_kzt"], lang), jobs=n(s["jobs_net_total"])),
        "pilot_hired": dict(lent=bn(compare.pilot_lent_2019_prices(), lang), jobs=n(pilot["new_jobs"].value)),
        "pilot_with_proprietors": dict(lent=bn(compare.pilot_lent_2019_prices(), lang), jobs=n(pilot["new_jobs"].value),
                                       proprietors=n(pilot["new_sole_proprietors"].value)),
        "pilot_hired_nominal": dict(lent=bn(pilot["lent"].value, lang), jobs=n(pilot["new_jobs"].value)),
    }
    if "new_jobs" in art:  # money of a later year beside its 2019 prices, the price base of the row's value
        fields["article"] = dict(money=announced("total_cost_bn_kzt", lang), jobs=n(art["new_jobs"].value))
    return pd.DataFrame([{t("brief.col.measure", lang): t(f"brief.cost_per_job.{r.key}", lang),
                          t("brief.indicators.cost_per_job_m_kzt", lang): tables.cell(r.value, "money_m", lang),
                          t("brief.col.how", lang): t(f"brief.cost_basis.{r.key}", lang, **fields[r.key])}
                         for r in benchmarks.itertuples(index=False)])


def discount_rate_view(frame: pd.DataFrame, lang: str, central: float | None = None) -> pd.DataFrame:
    """``compare.discount_rate_table`` for readers; the central rate is marked, an implausible
    IRR or payback flagged (data/plausibility.yaml)."""
    out = []
    for r in frame.itertuples(index=False):
        rate = tables.cell(r.rate, "share", lang, 0)
        if central is not None and abs(r.rate - central) < 1e-12:
            rate = t("brief.central", lang, rate=rate)
        out.append({
            t("brief.col.rate", lang): rate,
            t("brief.col.npv", lang): tables.cell(r.economic_npv_bn_kzt, "money_bn", lang),
            t("brief.col.bcr", lang): appraisal_cell("economic_bcr", r.economic_bcr, lang),
            t("brief.col.irr", lang): appraisal_cell("economic_irr", r.economic_irr, lang),
            t("brief.col.payback", lang): appraisal_cell("payback_years", r.payback_years, lang),
            t("brief.col.fiscal_npv", lang): tables.cell(r.fiscal_npv_bn_kzt, "money_bn", lang),
        })
    return pd.DataFrame(out)


def stage_check_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = []
    for r in frame.itertuples(index=False):
        fmt = "money_bn" if r.key == "lent" else "number"
        out.append({t("brief.col.figure", lang): t(f"brief.stage.{r.key}", lang),
                    t("brief.col.reported", lang): tables.cell(r.reported, fmt, lang),
                    t("brief.col.model", lang): tables.cell(r.model, fmt, lang),
                    t("brief.col.gap", lang): tables.cell(r.gap_pct, "pct", lang, 1)})
    return pd.DataFrame(out)


def plan_vs_evidence_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``compare.plan_vs_evidence`` for readers."""
    out = []
    for r in frame.itertuples(index=False):
        out.append({t("brief.col.target", lang): tables.target_label(r.key, lang),
                    t("brief.col.announced", lang): announced(r.key, lang),
                    t("brief.col.plan", lang): _target_value(r.plan, r.unit, lang),
                    t("brief.col.evidence", lang): _target_value(r.evidence, r.unit, lang),
                    t("brief.col.share_of_plan", lang): share_text(r.share, lang)})
    return pd.DataFrame(out)


# --- appraisal cells -------------------------------------------------------------------------


APPRAISAL_FMT = {"economic_npv_bn_kzt": "money_bn", "fiscal_npv_bn_kzt": "money_bn"}


def appraisal_cell(key: str, value, lang: str) -> str:
    """An appraisal result; past its declared bound it is marked implausible, not shown as an
    achievement."""
    if key == "payback_years":
        text = payback_text(value, lang)
    elif key == "economic_bcr":
        text = tables.cell(value, "number", lang, 2)
    elif key == "economic_irr":
        text = tables.cell(value, "share", lang, 0)
    else:
        text = tables.cell(value, APPRAISAL_FMT[key], lang)
    return t("brief.implausible_cell", lang, value=text) if compare.implausible(key, value) else text


def appraisal_view(side: pd.DataFrame, plan, evidence, lang: str) -> pd.DataFrame:
    """Plan and pilot's rates side by side: cost per job on both bases, NPV, BCR, IRR, payback,
    the budget's NPV."""
    s, e = plan.summary, evidence.summary
    pilot = compare.pilot_cost_per_job()
    a, b = scenario_label(PLAN, lang), scenario_label(EVIDENCE, lang)
    m = t("brief.col.measure", lang)
    rows = [
        {m: t("brief.appraisal.cost_per_job", lang), a: mn(s["cost_per_job_m_kzt"], lang, 2),
         b: mn(e["cost_per_job_m_kzt"], lang, 2)},
        {m: t("brief.appraisal.cost_per_hired_job", lang), a: mn(s["cost_per_hired_job_m_kzt"], lang, 2),
         b: mn(e["cost_per_hired_job_m_kzt"], lang, 2)},
    ]
    if full():  # the 2019 pilot's own figures stand beside the 2019 programme only
        rows.append({m: t("brief.appraisal.pilot_own", lang), a: DASH,
                     b: t("brief.appraisal.pilot_own_cell", lang, hired=mn(pilot["hired"], lang),
                          owners=mn(pilot["with_owners"], lang))})
    for r in side.itertuples(index=False):
        rows.append({m: t(f"brief.appraisal.{r.key}", lang, rate=share_text(s["discount_rate"], lang)),
                     a: appraisal_cell(r.key, r.plan, lang), b: appraisal_cell(r.key, r.evidence, lang)})
    return pd.DataFrame(rows)


# --- page one --------------------------------------------------------------------------------


def verdict_lines(v: dict, lang: str) -> list[str]:
    """Two or three sentences an akim can say aloud (``compare.verdict`` numbers): TSA, the budget, the
    scale. The jobs the money buys and the chance of each promise are in Tables 1 and 2."""
    lines = []
    tp, te = v["tsa_plan"], v["tsa_evidence"]
    if tp is not None and te is not None:
        lines.append(t("brief.verdict.tsa", lang, baseline=num(tp["baseline"], lang), year=tp["year"],
                       baseline_year=tp["baseline_year"], without=num(tp["without"], lang),
                       plan=num(tp["exit"], lang), pilot=num(te["exit"], lang), share=share_text(te["share"], lang)))
    f = v["fiscal"]
    lines.append(t("brief.verdict.fiscal", lang, fiscal=bn(f["plan"], lang), money=bn(v["money"], lang),
                   share=share_text(f["share"], lang), npv_plan=bn(f["npv_plan"], lang),
                   npv_pilot=bn(f["npv_evidence"], lang), enpv_plan=bn(f["economic_npv_plan"], lang),
                   enpv_pilot=bn(f["economic_npv_evidence"], lang)))
    r = v["region"]
    lines.append(t("brief.verdict.region", lang, target=i18n.number(r["target"], lang),
                   region=num(r["region_new_jobs"], lang), year=r["year"], ratio=times(r["ratio"], lang)))
    return lines


# --- page one from the decision record (model/decide.py) ---------------------------------------

DECISION_TARGETS = ("jobs", "entrepreneurs", "projects", "output_added_bn_kzt", "tsa_recipients_change")


def _decided(x: float, row: dict, lang: str) -> str:
    """A best estimate in prose precision (hundreds from 1,000; money in bn); a fall in TSA recipients
    as the number of people who leave."""
    if row["unit"] == "bn KZT":
        return bn(x, lang)
    return num(-x if row["rule"] == "<" else x, lang)


def bottom_line(d: dict, lang: str) -> str:
    """One sentence: what to announce (and what the announced figure would cost), where the money left
    goes, that tranches follow results (the rule is among the decisions)."""
    rows = {r["key"]: r for r in d["targets"]}
    a = d["allocation"]
    key = "brief.bottom_line" if a["more_to"] else "brief.bottom_line_all_lent"  # nothing left to allocate
    return t(key, lang, year=d["decision_year"],
             jobs=_decided(rows["jobs"]["restated"], rows["jobs"], lang),
             entrepreneurs=_decided(rows["entrepreneurs"]["restated"], rows["entrepreneurs"], lang),
             target_jobs=i18n.number(rows["jobs"]["announced"], lang),
             money=bn(rows["jobs"]["money_needed_bn_kzt"], lang) if rows["jobs"]["money_needed_bn_kzt"] else DASH,
             rest=bn(a["money_bn_kzt"], lang), more=i18n.direction(a["more_to"], lang).lower() if a["more_to"] else "")


def decision_view(d: dict, lang: str) -> pd.DataFrame:
    """Target | Announced | Best estimate (10-90 %) | Announce instead: ``decide``'s one best estimate
    per target on the delivery path, updated by the pilot's first stage."""
    year = d["decision_year"]
    c = {k: t(f"brief.decision_col.{k}", lang, year=year) for k in ("target", "announced", "best", "restated")}
    rows = []
    for r in (x for k in DECISION_TARGETS for x in d["targets"] if x["key"] == k):
        band = (_decided(r["p10"], r, lang), _decided(r["p90"], r, lang))
        if r["rule"] == "<":
            band = band[::-1]  # a fall: the 90th percentile of the change is the fewest people leaving
        rows.append({c["target"]: t(f"brief.decision_targets.{r['key']}", lang),
                     c["announced"]: t("tables.decrease", lang) if r["rule"] == "<"
                     else _target_value(r["announced"], r["unit"], lang),
                     c["best"]: _decided(r["best"], r, lang) if band[0] == band[1]  # no spread: one figure
                     else f"{_decided(r['best'], r, lang)} ({band[0]}{NBSP}–{NBSP}{band[1]})",
                     c["restated"]: _decided(r["restated"], r, lang)})
    return pd.DataFrame(rows)


def to_date_line(d: dict, lang: str) -> str:
    """What was lent by the last reported year and what it bought, reported beside modelled."""
    x = d["to_date"]
    return t("brief.to_date", lang, year=x["year"], lent=bn(x["lent_bn_kzt"], lang), budget=bn(x["budget_bn_kzt"], lang),
             borrowers=num(x["borrowers"], lang), hired_reported=i18n.number(x["reported_hired_first_stage"], lang),
             sole=i18n.number(x["reported_sole_proprietors_first_stage"], lang), jobs=num(x["jobs_direct"], lang),
             hired=num(x["hired"], lang), tsa=num(x["tsa_families_out"], lang))


def decision_lines(d: dict, v: dict, lang: str) -> list[str]:
    """What the akimat can decide, each with its number: the tranche rule, the money left, monitoring
    (what to announce is the bottom line's and the table's)."""
    a, tr = d["allocation"], d["tranche"]
    gain = a["gain"]
    return [t("brief.decide.tranche_rule", lang, hired=num(tr["hired_jobs_per_bn"], lang),
              owners=num(tr["owners_per_bn"], lang), after=tables.count(tr["measured_after_years"], "years", lang),
              plan=num(v["tranche"]["plan"], lang)),
            t("brief.decide.reallocate", lang, rest=bn(a["money_bn_kzt"], lang), after=a["after_year"],
              more=i18n.direction(a["more_to"], lang).lower(), less=i18n.direction(a["less_to"], lang).lower(),
              gain=num(gain["p50"], lang), low=num(gain["p10"], lang), high=num(gain["p90"], lang),
              year=d["decision_year"], p=share_text(a["p_better"], lang))
            if a["more_to"] else t("brief.decide.all_lent", lang, after=a["after_year"]),
            t("brief.decide.monitor", lang)]


# --- plan beside evidence --------------------------------------------------------------------


def status_text(status: str, year, lang: str) -> str:
    text = t(f"brief.status.{status}", lang)
    return t("brief.met_in", lang, flag=text, year=int(year)) if status == "met" and year is not None else text


def targets_view(plan, evidence, simulation, lang: str) -> pd.DataFrame:
    """Target | The akimat's plan | Plan, <year> | Chance | Pilot's rates | Share of the plan.

    The jobs target appears twice, under both readings of the 90,000 (owners + hired; hired
    alone); the total cost is left out (the same money in both)."""
    year = plan.summary["target_year"]
    probs = simulation.target_probabilities().set_index("key")["probability"]
    a = plan.targets.set_index("key", drop=False)
    b = evidence.targets.set_index("key")
    c = {k: t(f"brief.col.{k}", lang, year=year) for k in ("target", "announced", "projected", "status",
                                                            "probability", "evidence")}
    rows = []
    for k in compare.RESULT_TARGETS:
        r = a.loc[k]
        status = compare.target_status(r)
        label = tables.target_label(k, lang)
        plan_v, ev_v = r["projected"], b.at[k, "projected"]
        if k == "jobs":
            label = t("brief.jobs_including", lang)
            plan_v, ev_v = plan.summary["jobs_direct"], evidence.summary["jobs_direct"]
        rows.append({c["target"]: label, c["announced"]: announced(k, lang),
                     c["projected"]: _target_value(plan_v, r["unit"], lang),
                     c["status"]: status_text(status, r["year"], lang),
                     c["probability"]: share_text(probs[k], lang),
                     c["evidence"]: _target_value(ev_v, r["unit"], lang)})
        if k == "jobs":
            hired = {"key": "jobs", "met": bool(targets_mod.is_met(">=", plan.summary["hired"], r["target"])),
                     "projected": plan.summary["hired"], "target": r["target"]}
            rows.append({c["target"]: t("brief.jobs_in_addition", lang), c["announced"]: announced(k, lang),
                         c["projected"]: _target_value(plan.summary["hired"], r["unit"], lang),
                         c["status"]: t(f"brief.status.{compare.target_status(hired)}", lang),
                         c["probability"]: DASH,
                         c["evidence"]: _target_value(evidence.summary["hired"], r["unit"], lang)})
    return pd.DataFrame(rows)


# --- what must hold --------------------------------------------------------------------------


def _limit_text(path: str, lo: float, hi: float, side: str, scenario: Scenario, lang: str) -> str:
    unit = scenario.params[path].unit
    label = lower_first(tables.param_label(path, lang))
    lo_t, hi_t = tables.param_value(lo, unit, lang), tables.param_value(hi, unit, lang)
    if side == "lower":
        return t("brief.hold.at_least", lang, param=label, value=lo_t)
    if side == "upper":
        return t("brief.hold.at_most", lang, param=label, value=hi_t)
    return t("brief.hold.between", lang, param=label, low=lo_t, high=hi_t)


def must_hold_lines(boxes, scenario: Scenario, lang: str) -> list[str]:
    """From the PRIM boxes (``compare.must_hold``): one sentence per target with a box, one for
    all targets met whatever the assumptions, one for all that no range makes likely."""
    out = []
    for status in ("never", "always"):
        group = [(b.target, b.p_met) for b in boxes if b.status == status]
        if len(group) == 1:
            out.append(t(f"brief.hold.{status}", lang, target=target_short(group[0][0], lang),
                         p=share_text(group[0][1], lang)))
        elif group:
            out.append(t(f"brief.hold.{status}_all", lang, items=probability_items(group, lang)))
    for b in boxes:
        name = target_short(b.target, lang)
        if b.status in ("always", "never"):
            continue
        else:
            cond = t("brief.hold.and", lang).join(
                _limit_text(p, lo, hi, b.sides.get(p, "both"), scenario, lang) for p, (lo, hi) in b.limits.items())
            out.append(t("brief.hold.box", lang, target=name, p=share_text(b.p_met, lang), cond=cond,
                         density=share_text(b.density, lang), coverage=share_text(b.coverage, lang)))
    return out


def stretch_lines(calibration, lang: str, top: int = 3) -> list[str]:
    """What the plan's figures need, from the calibration: the rates that had to leave their
    plausible range, most stretched first."""
    out = []
    for r in [r for r in compare.stretch_rows(calibration) if r["outside_range"]][:top]:
        unit = calibration_unit(r["path"])
        out.append(t("brief.hold.stretch", lang, param=tables.param_label(r["path"], lang),
                     value=tables.param_value(r["calibrated"], unit, lang),
                     low=tables.param_value(r["low"], unit, lang), high=tables.param_value(r["high"], unit, lang),
                     ratio=times(r["ratio"], lang) if r["ratio"] >= 1 else f"×{i18n.number(r['ratio'], lang, 2)}"))
    return out


def calibration_unit(path: str) -> str:
    """The unit of a calibrated parameter, from the parameter tree of the pack in force."""
    from ..parameters import load_parameters
    return load_parameters()[path].unit


# --- what happened ---------------------------------------------------------------------------


def outturn_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Reported figure | Year | Reported | The plan projected | Pilot's rates (``compare.outturn``)."""
    fmt = {"money_spent": "money_bn", "output_growth": "pct"}
    c = {k: t(f"brief.col.{k}", lang) for k in ("figure", "year", "reported", "plan", "evidence")}
    rows = []
    for r in frame.itertuples(index=False):
        if r.measure == "none":
            continue
        f = fmt.get(r.measure, "number")
        reported = tables.cell(r.reported, f, lang) + f"{NBSP}({t(f'brief.confidence.{r.confidence}', lang)})"
        plan = tables.cell(r.plan, f, lang)
        if r.measure == "tsa_rural_people":
            plan = t("brief.outturn.tsa_cell", lang, with_=tables.cell(r.plan, f, lang),
                     without=tables.cell(r.without, f, lang))
        rows.append({c["figure"]: t(f"brief.outturn.{r.key}", lang), c["year"]: str(r.year),
                     c["reported"]: reported, c["plan"]: plan, c["evidence"]: tables.cell(r.evidence, f, lang)})
    return pd.DataFrame(rows)


# --- districts -------------------------------------------------------------------------------


def districts_view(plan_table: pd.DataFrame, evidence_table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """District | Households | TSA families 2019 | without the programme | left: plan | left: pilot's rates."""
    ev = evidence_table.set_index("district")
    c = {k: t(f"brief.col.{k}", lang) for k in ("district", "households", "tsa_2019", "without", "left_plan",
                                               "left_evidence")}
    rows = []
    for r in plan_table.itertuples(index=False):
        rows.append({c["district"]: t(f"brief.districts.{r.district}", lang),
                     c["households"]: i18n.number(r.households, lang),
                     c["tsa_2019"]: i18n.number(r.tsa_families_baseline, lang),
                     c["without"]: i18n.number(r.families_without_programme, lang),
                     c["left_plan"]: f"{i18n.number(r.tsa_families_exit, lang)} ({share_text(r.share_left, lang)})",
                     c["left_evidence"]: (f"{i18n.number(ev.at[r.district, 'tsa_families_exit'], lang)} "
                                          f"({share_text(ev.at[r.district, 'share_left'], lang)})")})
    return pd.DataFrame(rows)


# --- risks -----------------------------------------------------------------------------------


def risk_text(key: str, fields: dict, lang: str) -> str:
    """One risk of ``compare.risks`` in plain words (``brief.risks.<key>``)."""
    f = fields
    if key == "delivery":
        text = t("brief.risks.delivery", lang, peak=num(f["peak_planned"], lang), year=f["peak_year"],
                 ratio=i18n.number(f["ratio"], lang, 1), capacity=num(f["capacity"], lang), pace=num(f["pace"], lang))
        if f["jobs_within"] is not None:
            text += " " + t("brief.risks.delivery_jobs", lang, within=num(f["jobs_within"], lang),
                            jobs=num(f["jobs"], lang), target_year=f["year"])
        return text
    if key == "pilot_gap":
        return t("brief.risks.pilot_gap", lang, money=bn(f["money"], lang), hired=num(f["hired"], lang),
                 jobs=num(f["jobs_direct"], lang), target=i18n.number(f["target"], lang),
                 low=share_text(f["share_in_addition"], lang), high=share_text(f["share_including"], lang),
                 cost_hired=mn(f["cost_pilot"]["hired"], lang), cost_owners=mn(f["cost_pilot"]["with_owners"], lang),
                 cost_plan=mn(f["cost_plan"], lang, 2), cost_plan_hired=mn(f["cost_plan_hired"], lang, 2))
    if key == "stretch":
        top = "; ".join(f"{lower_first(tables.param_label(p, lang))} — {times(r, lang)}"
                        if r >= 1 else f"{lower_first(tables.param_label(p, lang))} — ×{i18n.number(r, lang, 2)}"
                        for p, r in f["top"])
        return t("brief.risks.stretch", lang, outside=f["outside"], n=f["n"], top=top)
    if key == "productivity":
        return t("brief.risks.productivity", lang, article=i18n.number(f["article"], lang, 2),
                 pilot=i18n.number(f["pilot"], lang, 2), ratio=times(f["ratio"], lang))
    if key == "unlikely":
        return t("brief.risks.unlikely", lang, items=probability_items(f["targets"], lang),
                 all=share_text(f["all"], lang))
    if key == "concentration":
        return t("brief.risks.concentration", lang, param=lower_first(tables.param_label(f["path"], lang)),
                 low=num(f["low"], lang), high=num(f["high"], lang), base=num(f["base"], lang), year=f["year"])
    if key == "fiscal":
        text = t("brief.risks.fiscal", lang, fiscal=bn(f["fiscal"], lang), total=bn(f["total"], lang),
                 share=share_text(f["share"], lang), npv=bn(f["fiscal_npv"], lang))
        if f["fiscal_high"] is not None:
            text += " " + t("brief.risks.fiscal_default", lang, default=share_text(f["default"], lang, 1),
                            high=share_text(f["default_high"], lang), fiscal=bn(f["fiscal_high"], lang))
        return text
    raise KeyError(f"unknown risk {key!r}")


# --- glossary --------------------------------------------------------------------------------


GLOSSARY = ("tsa", "sole_proprietor", "plan", "pilot_rates", "best_estimate", "calibration", "net_jobs", "bcr",
            "person_years")


def glossary_view(lang: str) -> pd.DataFrame:
    """Term | Meaning, from ``brief.glossary.<key>.{term,meaning}``."""
    own = full()  # another pack's plan is its own announcement, not the 2019 one
    return pd.DataFrame([{t("brief.col.term", lang): t(f"brief.glossary.{k}.term", lang),
                          t("brief.col.meaning", lang): t(f"brief.glossary.{k}.meaning", lang) if own or k != "plan"
                          else t("brief.pack.plan_meaning", lang)} for k in GLOSSARY])


# --- appendix of assumptions -----------------------------------------------------------------


# Parameters the appendix leaves out: the aggregate TSA cross-check's inputs (the brief's TSA figures
# come from the household microsimulation; report 02 lists them with the rest) and the household
# microsimulation's own inputs, which notebook 04 lists with their sources and reasons.
NOT_IN_BRIEF = tsa_mod.INPUTS
# The scenario's settings, which the brief's text states (the years, the money provided, the launch
# schedule, when the pilot was observed): choices of the reading, not assumptions to take on trust.
DIRECTION_SETTINGS = ("loan_term_years",)  # the loans' terms: the programme's rules, stated in report 02
SETTINGS = ("programme.budget_scale", "programme.base_year", "programme.start_year", "programme.horizon_end",
            "timeline.launch_shares", "evidence.observed_after_years")


def scalar_paths(scenario: Scenario) -> list[str]:
    """Every parameter that is not per direction, in the order of the data files, but the switches
    (the scenario's settings, which the brief's text states: the jobs reading, capacity, the revolving
    fund), a cost index that changes nothing (all 1), those no figure of the brief depends on
    (``NOT_IN_BRIEF``), the household microsimulation's inputs (notebook 04 lists them), the
    scenario's settings (``SETTINGS``), the announced figures and what is derived from them (Table
    2 and report 01 show those with the announcement's words) and the published figures the model
    reads (report 02 lists them with their sources): what is left is what a reader must take on
    trust."""
    households = set(household_paths())
    return [k for k, p in scenario.params.items() if not k.startswith("directions.")
            and not p.unit.startswith("switch") and k not in NOT_IN_BRIEF and k not in households
            and k not in SETTINGS and tables.source_kind(p) not in ("article", "derived", "external")
            and not (k == "timeline.cost_index" and all(v == 1 for v in p.value))]


def _range_text(p, unit: str, lang: str) -> str:
    if not p.ranged:
        return DASH
    return f"{tables.param_value(p.low, unit, lang)}{NBSP}–{NBSP}{tables.param_value(p.high, unit, lang)}"


def assumption_appendix(scenario: Scenario, lang: str) -> tuple[pd.DataFrame, str]:
    """Every parameter that is not per direction: Parameter | Value | Plausible range | Source, and
    its caption. A source that is the same in every row is said once, in the caption, instead of
    a column that repeats it (the names then keep to one line and the appendix to its page).

    The reasons stay in report 02 and data/ (one place); here the source says where the value
    comes from."""
    c = {k: t(f"brief.col.{k}", lang) for k in ("parameter", "value", "range", "source")}
    rows = []
    for path in scalar_paths(scenario):
        p = scenario.params[path]
        rows.append({c["parameter"]: tables.param_label(path, lang), c["value"]: _appendix_value(p, lang),
                     c["range"]: _range_text(p, p.unit, lang), c["source"]: tables.source_label(p, lang)})
    frame = pd.DataFrame(rows)
    sources = frame[c["source"]].unique() if len(frame) else []
    if len(sources) == 1:
        return frame.drop(columns=c["source"]), t("brief.appendix_general_one", lang, source=lower_first(sources[0]))
    return frame, t("brief.appendix_general", lang)


def _appendix_value(p, lang: str) -> str:
    """The value; a series of more than three years by its first and last (report 02 lists every
    year), so that one long series does not squeeze every other row of the table onto two lines."""
    if isinstance(p.value, (list, tuple)) and len(p.value) > 3:
        first, last = (tables.param_value(x, p.unit, lang) for x in (p.value[0], p.value[-1]))
        return t("brief.series", lang, first=first, last=last, n=len(p.value))
    return tables.param_value(p.value, p.unit, lang)


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


OUTSIDE_MARK = "▲"


def direction_appendix(scenario: Scenario, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-direction parameters, compactly: (values, notes).

    values: Parameter (with its unit) | five directions; each cell "value (low–high)". For a
    calibrated value the range shown is the prior's (what was thought plausible before the
    fit), and a value outside it carries ``OUTSIDE_MARK``. notes: Parameter | Source (the kinds
    of source of the five values).
    """
    prior_range = {}
    cal = scenario.calibration
    if cal is not None:
        prior_range = {r["path"]: (r["low"], r["high"]) for r in cal.rows}
    order = list(scenario.params)
    names = sorted({k.split(".")[2] for k in scenario.params
                    if k.startswith("directions.") and k.split(".")[2] not in DIRECTION_SETTINGS},
                   key=lambda n: order.index(f"directions.{DIRECTIONS[0]}.{n}"))
    col = t("brief.col.parameter", lang)
    values, notes = [], []
    for n in names:
        first = f"directions.{DIRECTIONS[0]}.{n}"
        unit = scenario.params[first].unit
        label = tables.param_label(first, lang, with_direction=False)
        row = {col: label + _unit_suffix(unit, lang)}
        sources = []
        for d in DIRECTIONS:
            path = f"directions.{d}.{n}"
            p = scenario.params[path]
            low, high = prior_range.get(path, (p.low, p.high))
            text = _compact(p.value, unit, lang)
            if low is not None and high is not None and low < high:
                if not low <= p.value <= high:
                    text = f"{OUTSIDE_MARK}{NBSP}{text}"
                text += f" ({_compact(low, unit, lang)}–{_compact(high, unit, lang)})"
            row[t(f"brief.directions_short.{d}", lang)] = text
            if tables.source_label(p, lang) not in sources:
                sources.append(tables.source_label(p, lang))
        values.append(row)
        notes.append({col: label, t("brief.col.source", lang): "; ".join(sources)})
    return pd.DataFrame(values), pd.DataFrame(notes)


# --- blocks of the brief -----------------------------------------------------------------------

# Marks for the PDF template (template.typ): the brief opens on its verdict, without a cover;
# the tables from the glossary on (glossary and appendix) are set small.
NO_COVER = '```{=typst}\n#metadata("brief") <no-cover>\n```'
APPENDIX = '```{=typst}\n#metadata("appendix") <appendix>\n```'
# the risks the brief lists (the pilot's gap and the chances are on page one already)
RISKS_SHOWN = ("delivery", "stretch", "productivity", "fiscal")  # the tornado (concentration) is in report 07


def boxed(lines: Iterable[str]) -> str:
    """Bullets in a block quote: the PDF draws it as a shaded box."""
    return "\n".join(f"> - {line}" for line in lines)


def implausible_note(lang: str) -> str:
    b = compare.plausibility_bounds()
    return t("brief.implausible_note", lang, irr=share_text(b["economic_irr_max"].value, lang),
             bcr=i18n.number(b["economic_bcr_max"].value, lang, 0), payback=int(b["payback_years_min"].value))


def must_hold_text(boxes, scenario: Scenario, lang: str) -> str:
    """The PRIM boxes in plain words, or (while scenario discovery is not available) the note
    that the calibration below stands in for them."""
    if boxes is None:
        return t("brief.hold_todo", lang) + " " + t("brief.hold_intro", lang)
    return t("brief.hold_boxes_intro", lang) + "\n\n" + bullets(must_hold_lines(boxes, scenario, lang)) + \
        "\n\n" + t("brief.hold_intro", lang)


def region_text(r: dict, lang: str) -> str:
    return t("brief.region_sentence", lang, target=i18n.number(r["target"], lang), ratio=times(r["ratio"], lang),
             region=num(r["region_new_jobs"], lang), year=r["year"])


def risk_texts(found: Iterable[tuple[str, dict]], lang: str, keys: Iterable[str] = RISKS_SHOWN) -> list[str]:
    """The risks of ``compare.risks`` in words, those named in ``keys`` (in their order of importance)."""
    keys = set(keys)
    return [risk_text(key, fields, lang) for key, fields in found if key in keys]


# --- the brief's sections, for the 2019 programme and for any other pack ----------------------
# The brief was written about the 2019 programme: page one weighs its pilot and projects its reported
# lending (model/decide.py), section 3 sets its outturn beside the plan, the risks hold the plan to
# the 2019 announcement's figures. A pack without them (``model.pages.missing("brief:2019")``) gets
# the same brief without those parts: its own announcement's figures beside the projection and the
# pilot's rates, and one line saying what is left out and why. Nothing of the 2019 programme is
# shown under another programme's title.


def full(p=None) -> bool:
    """Whether the pack in force has what the 2019 brief is written about (model/pages.py "brief:2019")."""
    from .. import pages

    return pages.missing(pages.BRIEF_2019, p) is None


def _pack_names(lang: str) -> tuple[str, str]:
    from .. import packs
    from ..paths import pack

    p = pack()
    return packs.about("programmes", p.programme, p.root).title[lang], packs.about("regions", p.region, p.root).title[lang]


def page_one(computed, sc, p, pilot, sim, micro, micro_pilot, lang: str, draws: int, seed: int) -> None:
    """Page one: for the 2019 programme the bottom line, one best estimate per target, what to decide
    and the verdict; for another pack its subject and what this brief leaves out, in one line."""
    from .display import show_table, show_text

    year = p.summary["target_year"]
    money = tables.cell(p.summary["budget_bn_kzt"], "money_bn", lang)
    show_text(NO_COVER)
    if not full():
        programme, region = _pack_names(lang)
        figures = ", ".join(lower_first(tables.target_label(k, lang)) for k in p.targets["key"])
        show_text(t("brief.pack.subject", lang, region=region, programme=programme, money=money, year=year,
                    scenario=sc.title[lang]))
        show_text(t("brief.pack.left_out", lang, figures=figures))
        show_text(t("brief.prepared", lang, scenario=sc.title[lang], draws=tables.cell(draws, "number", lang), seed=seed))
        return
    v = compare.verdict(p, pilot, sim, compare.tsa_effect(micro.caseload, year),
                        compare.tsa_effect(micro_pilot.caseload, year))
    d = computed.decision
    show_text(t("brief.subject", lang, year=year, money=money))
    show_text(bottom_line(d, lang))
    show_table(decision_view(d, lang), t("brief.decision_caption", lang, year=d["decision_year"]))
    show_text(t("brief.h_decide", lang))
    show_text(boxed(decision_lines(d, v, lang)))
    show_text(t("brief.h_verdict", lang))
    show_text(boxed([to_date_line(d, lang), *verdict_lines(v, lang)]))
    show_text(t("brief.prepared", lang, scenario=sc.title[lang], draws=tables.cell(draws, "number", lang), seed=seed))


def pack_targets_view(plan, evidence, simulation, lang: str) -> pd.DataFrame:
    """For a pack whose announcement is not the 2019 article's: each figure it announced (plan,
    reached?, chance, pilot's rates), then the figures it does not announce, projected: direct jobs
    (owners and hired), hired jobs, people into entrepreneurship, added farm output, people leaving
    TSA (the chance and the status left empty: there is no target to reach)."""
    year = plan.summary["target_year"]
    probs = simulation.target_probabilities().set_index("key")["probability"]
    a, b = plan.targets.set_index("key", drop=False), evidence.targets.set_index("key")
    c = {k: t(f"brief.col.{k}", lang, year=year) for k in ("target", "announced", "projected", "status",
                                                            "probability", "evidence")}
    rows = []
    for k, r in a.iterrows():
        rows.append({c["target"]: tables.target_label(k, lang), c["announced"]: announced(k, lang),
                     c["projected"]: _target_value(r["projected"], r["unit"], lang),
                     c["status"]: status_text(compare.target_status(r), r["year"], lang),
                     c["probability"]: share_text(probs[k], lang) if k in probs else DASH,
                     c["evidence"]: _target_value(b.at[k, "projected"], r["unit"], lang)})
    s, e = plan.summary, evidence.summary
    for label, key, fmt in ((t("brief.jobs_including", lang), "jobs_direct", "number"),
                            (t("brief.jobs_in_addition", lang), "hired", "number"),
                            (tables.target_label("entrepreneurs", lang), "entrepreneurs", "number"),
                            (tables.target_label("output_added_bn_kzt", lang), "output_added_bn_kzt", "money_bn"),
                            (t("brief.pack.tsa_out", lang), "tsa_people_out", "number")):
        if key in a.index or key not in s:
            continue
        rows.append({c["target"]: label, c["announced"]: t("brief.pack.not_announced", lang),
                     c["projected"]: tables.cell(s[key], fmt, lang), c["status"]: DASH, c["probability"]: DASH,
                     c["evidence"]: tables.cell(e[key], fmt, lang)})
    return pd.DataFrame(rows)


def plan_beside_evidence(p, pilot, sim, micro, micro_pilot, lang: str, draws: int, first_year: int,
                         last_year: int, plan_label: str, pilot_label: str) -> None:
    """Section 1: the targets table, the jobs fan beside the TSA caseload, the appraisal. For a pack
    whose announcement names no jobs, the jobs are projected without a target line."""
    from . import charts
    from .display import show_figure, show_table, show_text

    year = p.summary["target_year"]
    has_jobs = full()
    show_text(t("brief.h_plan_evidence", lang))
    if has_jobs:
        show_text(t("brief.plan_evidence_intro", lang, year=year, draws=tables.cell(draws, "number", lang)))
        show_table(targets_view(p, pilot, sim, lang), t("brief.targets_caption", lang, year=year))
    else:
        show_text(t("brief.pack.intro", lang, draws=tables.cell(draws, "number", lang)))
        show_table(pack_targets_view(p, pilot, sim, lang), t("brief.pack.targets_caption", lang, year=year))
    fig, (left, right) = charts.figure(7.0, 2.2, ncols=2)
    charts.draw_fan(left, sim.fan("jobs_target_basis"), lang, color=charts.DIRECTION_COLORS["small_business"],
                    target=compare.jobs_target() if has_jobs else None, central=p.series("jobs_target_basis"),
                    central_label=plan_label, other=pilot.series("jobs_target_basis"), other_label=pilot_label,
                    years=(first_year, last_year), legend=False, ylabel=t("brief.chart.jobs_axis", lang))
    left.set_title(t("brief.left_jobs", lang))
    charts.draw_caseload(right, micro.caseload, micro_pilot.caseload, lang, plan_label=plan_label,
                         evidence_label=pilot_label, years=(first_year, last_year),
                         ylabel=t("brief.chart.people_axis", lang))
    right.set_title(t("brief.right_tsa", lang))
    charts.shared_legend(fig, (left, right), ncols=3)
    caption = (t("brief.fig_jobs_tsa", lang, target=tables.cell(compare.jobs_target(), "number", lang)) if has_jobs
               else t("brief.pack.fig_jobs_tsa", lang))
    show_figure(fig, caption, lang)
    show_table(appraisal_view(compare.appraisal_side_by_side(p, pilot), p, pilot, lang), t("brief.appraisal_caption", lang))
    show_text(implausible_note(lang))


def must_hold_section(computed, sc, lang: str) -> None:
    """Section 2: the ranges inside which each target is met, and the rates the plan's calibration stretched."""
    from .display import show_text

    show_text(t("brief.h_hold", lang))
    show_text(must_hold_text(computed.boxes, sc, lang))
    calibration = sc.calibration if sc.calibration is not None or not full() else compare.plan_calibration(sc)
    if calibration is not None:
        show_text(bullets(stretch_lines(calibration, lang)))


def outturn_section(p, pilot, micro, micro_pilot, lang: str) -> None:
    """Section 3: what was reported beside the projection; for a programme with no reported figures
    of its own, one line saying so."""
    from .display import show_table, show_text

    own = full()
    show_text(t("brief.h_outturn", lang) if own else t("brief.pack.h_outturn", lang))
    if not own:
        show_text(t("brief.pack.no_outturn", lang, programme=_pack_names(lang)[0]))
        return
    show_text(t("brief.outturn_intro", lang, region=region_text(compare.region_jobs_ratio(p), lang)))
    show_table(outturn_view(compare.outturn(p, pilot, micro.caseload, micro_pilot.caseload), lang),
               t("brief.outturn_caption", lang))


def risks_section(p, sim, pilot, lang: str) -> None:
    """Section 5: the main risks, set against the 2019 announcement's figures and its reported pace
    of lending; for another pack, the heading and one line saying why they are left out."""
    from .display import show_text

    show_text(t("brief.h_risks", lang))
    if not full():
        show_text(t("brief.pack.no_risks", lang))
        return
    show_text(bullets(risk_texts(compare.risks(p, sim, evidence=pilot), lang)))
