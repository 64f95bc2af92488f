"""Notebook 08, section by section: the scenarios listed, the overrides named, one sentence per
scenario, the comparison table in chunks that fit the page; the plan against the pilot's evidence;
the check that the pilot scenario reproduces the first stage. Each ``*_section`` function shows one
section; notebook 08 only calls them. Numbers from model.compare and model.project; this module only
picks, labels and formats them.

A programme other than the 2019 one (Auyl Amanaty: its announcement gives the money and the
borrowers only, and it has no pilot or reported lending of its own: about.yaml ``prior``) sees its own
scenarios (one sentence when only one is written for it), its plan against the rates of the pilot its
``prior`` holds, named as that programme's pilot, without any announced figure it did not give, and
one sentence saying the first-stage check needs its own first stage (texts under ``08_scenarios.own``).
"""
from __future__ import annotations

import pandas as pd

from .. import build, compare, evidence, packs, targets
from ..build import load_scenario
from ..evidence import pilot_stage, stage_year
from ..parameters import load_sources
from ..paths import pack
from ..projection import project
from . import brief, charts, i18n, tables
from .brief import column_chunks, comparison_table, scenario_label
from .display import show_figure, show_table, show_text
from .i18n import t

K = "08_scenarios"
# the headline figures set beside the pilot's rates for a programme that announced other figures
# (the rise in farm output is read against the 2019 article's implied baseline: not shown for it)
OWN_HEADLINE = tuple(k for k in compare.HEADLINE if k != "output_rise_pct")


def intro(scenario: str, names: list[str], titles: dict, lang: str) -> str:
    items = "\n".join(t("08_scenarios.item", lang, label=scenario_label(n, lang), title=titles[n][lang])
                      for n in names)
    return t("08_scenarios.intro", lang, scenario=scenario_label(scenario, lang)) + "\n\n" + items


def overrides_text(sc, overrides: dict, lang: str) -> str:
    return t("08_scenarios.overrides", lang, items="; ".join(
        f"{tables.param_label(k, lang)}: {tables.param_value(sc.value(k), sc.params[k].unit, lang)}"
        for k in overrides))


def sentences(table: pd.DataFrame, rel: pd.DataFrame, names: list[str], year: int, lang: str) -> str:
    return "\n".join(t("08_scenarios.sentence", lang, label=scenario_label(n, lang), year=year,
                       jobs=i18n.number(table.at["jobs_direct", n], lang),
                       rel=tables.cell(rel.at["jobs_direct", n], "pct", lang, 0),
                       people=i18n.number(table.at["tsa_people_out", n], lang),
                       cost=tables.cell(table.at["cost_per_job_m_kzt", n], "money_m", lang),
                       npv=tables.cell(table.at["economic_npv_bn_kzt", n], "money_bn", lang))
                     for n in names)


def show_comparison(table: pd.DataFrame, rel: pd.DataFrame, year: int, lang: str, base: str = compare.PLAN) -> None:
    """The comparison table, seven columns at a time (an A4 page's width)."""
    for part in column_chunks(comparison_table(table, lang, relative=rel, base=base)):
        show_table(part, t("08_scenarios.table_caption", lang, year=year))


# --- the pack in force ------------------------------------------------------------------------


def plan_name() -> str:
    """The pack's plan: the scenario the others are set against (the 2019 programme's: akimat)."""
    return packs.default_scenario() or compare.PLAN


def scenario_names() -> tuple[dict, list[str]]:
    """(titles, names): the pack's scenarios that load, the plan first."""
    titles = build.loadable_scenarios()
    plan = plan_name()
    names = compare.scenario_order(titles) if plan == compare.PLAN else [plan, *[n for n in titles if n != plan]]
    return titles, names


def compares_with_the_article() -> bool:
    """Whether the announcement gives every figure the plan and the pilot are compared on (the 2019 article)."""
    article = load_sources().article
    return all(tg.figure in article for tg in targets.TARGETS if tg.key in compare.RESULT_TARGETS)


def _programme(lang: str) -> str:
    p = pack()
    return packs.about("programmes", p.programme, p.root).title[lang]


# --- the sections -----------------------------------------------------------------------------


def intro_section(scenario: str, overrides: dict, lang: str) -> None:
    """The scenarios this report sets side by side, and what this run changed in every one."""
    titles, names = scenario_names()
    sc = load_scenario(scenario, overrides)
    if len(names) > 1:
        show_text(intro(scenario, names, titles, lang))
    else:
        show_text(t(f"{K}.own.intro", lang, scenario=scenario_label(scenario, lang), programme=_programme(lang)))
    if overrides:
        show_text(overrides_text(sc, overrides, lang))


def side_by_side(scenario: str, overrides: dict, lang: str) -> None:
    """The headline results of every scenario, against the plan; one sentence when there is only one."""
    titles, names = scenario_names()
    show_text(t("08_scenarios.h_table", lang))
    if len(names) < 2:
        show_text(t(f"{K}.own.one_scenario", lang, programme=_programme(lang), scenario=scenario_label(names[0], lang)))
        return
    year = project(load_scenario(scenario, overrides)).summary["target_year"]
    plan = names[0]
    table = compare.compare_scenarios(names, overrides)
    rel = compare.relative_to(table, plan)
    show_text(sentences(table, rel, names, year, lang))
    show_comparison(table, rel, year, lang, base=plan)
    fig, ax = charts.figure(7.0, 3.6)
    charts.draw_relative(ax, rel, lang, base=plan)
    show_figure(fig, t("08_scenarios.fig_relative", lang, year=year), lang)


def plan_against_evidence(scenario: str, overrides: dict, lang: str) -> None:
    """The plan against the same money at the rates the pilot's first stage achieved."""
    year = project(load_scenario(scenario, overrides)).summary["target_year"]
    plan = project(load_scenario(plan_name(), overrides))
    pilot = project(compare.evidence_scenario(overrides))
    if not compares_with_the_article():
        return _own_evidence(plan, pilot, year, lang)
    pve = compare.plan_vs_evidence(plan, pilot).set_index("key", drop=False)
    ps, es = plan.summary, pilot.summary
    show_text(t("08_scenarios.h_evidence", lang))
    show_text(t("08_scenarios.evidence", lang, money=tables.cell(ps["budget_bn_kzt"], "money_bn", lang),
                jobs_target=i18n.number(pve.at["jobs", "target"], lang),
                output_target=tables.cell(pve.at["output_added_bn_kzt", "target"], "money_bn", lang),
                projects=i18n.number(es["projects"], lang), jobs=i18n.number(es["jobs_direct"], lang),
                jobs_share=brief.share_text(pve.at["jobs", "share"], lang),
                output=tables.cell(es["output_added_bn_kzt"], "money_bn", lang),
                output_share=brief.share_text(pve.at["output_added_bn_kzt", "share"], lang),
                people=i18n.number(es["tsa_people_out"], lang),
                cost=tables.cell(es["cost_per_job_m_kzt"], "money_m", lang),
                plan_cost=tables.cell(ps["cost_per_job_m_kzt"], "money_m", lang),
                times=brief.times(compare.jobs_per_bn_times(plan, pilot), lang)))
    show_table(brief.plan_vs_evidence_view(pve, lang),
               t("08_scenarios.evidence_caption", lang, money=tables.cell(ps["budget_bn_kzt"], "money_bn", lang), year=year))
    fig, ax = charts.figure(7.0, 3.0)
    charts.draw_plan_vs_evidence(ax, pve, lang)
    show_figure(fig, t("08_scenarios.fig_evidence", lang, year=year), lang)


def _own_evidence(plan, pilot, year: int, lang: str) -> None:
    """A programme whose announcement is not the 2019 article's: its plan's headline figures against
    the same money at the rates of the pilot its prior holds (named as that programme's), no target."""
    ps, es = plan.summary, pilot.summary
    pilot_year = stage_year(plan.scenario.values)
    name, evidence_name = plan.scenario.name, pilot.scenario.name
    table = pd.DataFrame({n: [float("nan") if s[k] is None else float(s[k]) for k in OWN_HEADLINE]
                          for n, s in ((name, ps), (evidence_name, es))}, index=list(OWN_HEADLINE))
    rel = compare.relative_to(table, name)
    show_text(t(f"{K}.own.h_evidence", lang, pilot_year=pilot_year))
    show_text(t(f"{K}.own.evidence", lang, scenario=scenario_label(name, lang), pilot_year=pilot_year,
                money=tables.cell(ps["budget_bn_kzt"], "money_bn", lang), year=year,
                projects_plan=i18n.number(ps["projects"], lang), jobs_plan=i18n.number(ps["jobs_direct"], lang),
                projects=i18n.number(es["projects"], lang), jobs=i18n.number(es["jobs_direct"], lang),
                jobs_share=tables.cell(rel.at["jobs_direct", evidence_name], "pct", lang, 0),
                output=tables.cell(es["output_added_bn_kzt"], "money_bn", lang),
                output_share=tables.cell(rel.at["output_added_bn_kzt", evidence_name], "pct", lang, 0),
                people=i18n.number(es["tsa_people_out"], lang),
                cost=tables.cell(es["cost_per_job_m_kzt"], "money_m", lang),
                plan_cost=tables.cell(ps["cost_per_job_m_kzt"], "money_m", lang)))
    # why the two differ: the pilot's split of the money against the plan's, and what the pilot tested
    first_stage = pilot_stage()
    show_text(t(f"{K}.own.why_split", lang, decide_title=t("09_decide.title", lang),
                livestock=tables.cell(pilot.scenario.value("directions.livestock.budget_share"), "share", lang, 0),
                plan_livestock=tables.cell(plan.scenario.value("directions.livestock.budget_share"), "share", lang, 0),
                livestock_borrowers=i18n.number(first_stage["livestock_borrowers"], lang),
                borrowers=i18n.number(first_stage["residents"], lang)))
    view = comparison_table(table, lang, relative=rel, base=name)
    view = view.rename(columns={scenario_label(evidence_name, lang): t(f"{K}.own.evidence_label", lang,
                                                                        pilot_year=pilot_year)})
    show_table(view, t(f"{K}.own.evidence_caption", lang, money=tables.cell(ps["budget_bn_kzt"], "money_bn", lang),
                       year=year, pilot_year=pilot_year))


def stage_section(overrides: dict, lang: str) -> None:
    """Does the pilot scenario reproduce the first stage? Only a programme's own first stage can say."""
    show_text(t("08_scenarios.h_stage", lang))
    if not packs.own("pilot.yaml"):
        show_text(t(f"{K}.own.no_stage", lang, programme=_programme(lang)))
        return
    stage = compare.stage_check(overrides)
    show_text(t("08_scenarios.stage", lang, lent=tables.cell(stage.set_index("key").at["lent", "reported"], "money_bn", lang),
                year=evidence.observed_year(compare.evidence_scenario(overrides)),
                gap=tables.cell(stage["gap_pct"].abs().max(), "pct", lang, 1)))
    show_table(brief.stage_check_view(stage, lang), t("08_scenarios.stage_caption", lang))
