"""Notebook 01, section by section: the region's baseline in the article's own words, the figures
derived from it beside public data, and the akimat's targets against the projection.

Each function shows one section (text, tables, charts); the numbers come from data/
(``load_sources``, ``derived_figures``) and the projection. Notebook 01 only calls them.
"""
from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..derived import cost_per_job_m_kzt, derived_figures, public_differences
from ..parameters import load_sources
from ..targets import met_count, reached
from . import charts, i18n, tables
from .display import show_figure, show_table, show_text
from .i18n import t

K = "01_baseline_targets"
BASELINE_KEYS = ["rural_share", "rural_population", "rural_working_age", "without_stable_income",
                 "tsa_families", "tsa_people", "settlements_screened", "households_screened"]
ANNOUNCED_KEYS = ["programme_cost", "projects", "directions", "new_jobs", "entrepreneurs", "tsa_recipients_fall",
                  "output_added", "output_rise", "processing_load_rise"]


def _dv() -> dict[str, float]:
    return {k: d.value for k, d in derived_figures().items()}


def intro(sc, p, lang: str) -> None:
    show_text(t(f"{K}.intro", lang, scenario=sc.title[lang], year=p.summary["target_year"]))


def baseline(lang: str) -> None:
    """The region's baseline: text, the article's figures with its words, and people by group."""
    art, dv = load_sources().article, _dv()
    show_text(f"## {t(f'{K}.baseline_heading', lang)}")
    show_text(t(f"{K}.baseline_text", lang,
                rural=tables.count(art["rural_population"].value, "people", lang),
                share=i18n.pct(art["rural_share"].value, lang),
                working=tables.count(art["rural_working_age"].value, "people", lang),
                without=tables.count(art["without_stable_income"].value, "people", lang),
                without_share=i18n.pct(dv["without_income_share"], lang),
                families=tables.count(art["tsa_families"].value, "families", lang),
                people=tables.count(art["tsa_people"].value, "people", lang),
                households=tables.count(art["households_screened"].value, "households", lang),
                settlements_n=i18n.number(art["settlements_screened"].value, lang)))
    show_table(tables.article_table(BASELINE_KEYS, lang), t(f"{K}.baseline_caption", lang))

    total_population = dv["total_population"]
    people_bars = pd.Series({
        t(f"{K}.bar_total", lang): total_population,
        tables.figure_label("rural_population", lang): art["rural_population"].value,
        tables.figure_label("rural_working_age", lang): art["rural_working_age"].value,
        t(f"{K}.bar_without", lang): art["without_stable_income"].value,
        t(f"{K}.bar_tsa", lang): art["tsa_people"].value,
    })
    fig, ax = charts.figure(7.0, 3.0)
    bar_colors = [charts.NEUTRAL] + [charts.DIRECTION_COLORS["small_business"]] * 3 + [charts.TARGET_COLOR]
    drawn = ax.barh(people_bars.index, people_bars.values, color=bar_colors)
    drawn[0].set(facecolor="white", edgecolor=charts.NEUTRAL, hatch="//")  # derived, not stated
    ax.bar_label(drawn, labels=[" " + i18n.number(v, lang) for v in people_bars.values], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, total_population * 1.2)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    charts.thousands_axis(ax, lang, axis="x")
    ax.set_xlabel(t(f"{K}.bar_xlabel", lang))
    charts.bars_axis(ax, "y")
    show_figure(fig, t(f"{K}.bar_caption", lang), lang)


def _cols(lang: str) -> dict[str, str]:
    return {k: t(f"{K}.derived_cols.{k}", lang) for k in ("figure", "value", "how", "public", "difference")}


def derived(lang: str) -> None:
    """Figures derived from the article beside public data, and the plan's implied rates."""
    art, ext, dv = load_sources().article, load_sources().external, _dv()
    show_text(f"## {t(f'{K}.derived_heading', lang)}")
    total_population = dv["total_population"]
    implied_output = dv["agri_output_implied"]  # 132.2 bn / 33 %
    public_output, public_population = ext["agri_output_2020"], ext["population_2020"]
    diff = public_differences()  # fractions
    cols = _cols(lang)
    n = lambda key: i18n.number(art[key].value, lang)  # noqa: E731
    derived_rows = pd.DataFrame([
        {cols["figure"]: t(f"{K}.derived.total_population", lang),
         cols["value"]: tables.count(total_population, "people", lang),
         cols["how"]: f"{n('rural_population')} / {i18n.pct(art['rural_share'].value, lang)}",
         cols["public"]: t(f"{K}.public_in", lang, value=tables.count(public_population.value, "people", lang),
                           year=public_population.year),
         cols["difference"]: tables.signed(100 * diff["population"], "pct", lang)},
        {cols["figure"]: t(f"{K}.derived.implied_output", lang),
         cols["value"]: i18n.money_bn(implied_output, lang),
         cols["how"]: f"{i18n.number(art['output_added'].value, lang, 1)} / {i18n.pct(art['output_rise'].value, lang, 0)}",
         cols["public"]: t(f"{K}.public_in", lang, value=i18n.money_bn(public_output.value, lang),
                           year=public_output.year),
         cols["difference"]: tables.signed(100 * diff["output"], "pct", lang)},
        {cols["figure"]: t(f"{K}.derived.persons_per_family", lang),
         cols["value"]: i18n.number(dv["persons_per_tsa_family"], lang, 2),
         cols["how"]: f"{n('tsa_people')} / {n('tsa_families')}",
         cols["public"]: tables.DASH, cols["difference"]: tables.DASH},
        {cols["figure"]: t(f"{K}.derived.households_per_settlement", lang),
         cols["value"]: i18n.number(dv["households_per_settlement"], lang),
         cols["how"]: f"{n('households_screened')} / {n('settlements_screened')}",
         cols["public"]: tables.DASH, cols["difference"]: tables.DASH},
        {cols["figure"]: t(f"{K}.derived.without_income_share", lang),
         cols["value"]: i18n.pct(dv["without_income_share"], lang),
         cols["how"]: f"{n('without_stable_income')} / {n('rural_working_age')}",
         cols["public"]: tables.DASH, cols["difference"]: tables.DASH},
    ])
    show_text(t(f"{K}.derived_text", lang,
                implied=i18n.money_bn(implied_output, lang),
                public=i18n.money_bn(public_output.value, lang), public_year=public_output.year,
                added=i18n.money_bn(art["output_added"].value, lang),
                rise_implied=i18n.pct(art["output_rise"].value, lang, 0),
                rise_public=i18n.pct(100 * diff["output_added_on_public"], lang),
                population=tables.count(total_population, "people", lang),
                population_public=tables.count(public_population.value, "people", lang),
                population_year=public_population.year))
    show_table(derived_rows, t(f"{K}.derived_caption", lang))

    budget = i18n.money_bn(art["programme_cost"].value, lang)
    cost_per_job_m = cost_per_job_m_kzt()
    projects = n("projects")
    plan = pd.DataFrame([
        {cols["figure"]: t(f"{K}.plan.cost_per_project", lang),
         cols["value"]: i18n.money_m(dv["cost_per_project"], lang), cols["how"]: f"{budget} / {projects}"},
        {cols["figure"]: t(f"{K}.plan.jobs_per_project", lang),
         cols["value"]: i18n.number(dv["jobs_per_project"], lang, 2), cols["how"]: f"{n('new_jobs')} / {projects}"},
        {cols["figure"]: t(f"{K}.plan.entrepreneurs_per_project", lang),
         cols["value"]: i18n.number(dv["entrepreneurs_per_project"], lang, 2),
         cols["how"]: f"{n('entrepreneurs')} / {projects}"},
        {cols["figure"]: t(f"{K}.plan.cost_per_job", lang),
         cols["value"]: i18n.money_m(cost_per_job_m, lang), cols["how"]: f"{budget} / {n('new_jobs')}"},
        {cols["figure"]: t(f"{K}.plan.output_per_tenge", lang),
         cols["value"]: i18n.number(dv["output_per_tenge"], lang, 2),
         cols["how"]: f"{i18n.money_bn(art['output_added'].value, lang)} / {budget}"},
    ])
    show_text(t(f"{K}.plan_text", lang, output_per_tenge=i18n.number(dv["output_per_tenge"], lang, 2),
                cost_per_job=i18n.money_m(cost_per_job_m, lang),
                money_report=t("02_money_projects.title", lang)))
    show_table(plan, t(f"{K}.plan_caption", lang))


def announced(lang: str) -> None:
    show_text(f"## {t(f'{K}.announced_heading', lang)}")
    show_table(tables.article_table(ANNOUNCED_KEYS, lang), t(f"{K}.announced_caption", lang))


def targets(sc, p, lang: str) -> None:
    """The akimat's targets against the projection: the verdict, the table and how far each is reached."""
    year = p.summary["target_year"]
    show_text(f"## {t(f'{K}.targets_heading', lang)}")
    tg = p.targets
    n_met, n_targets = met_count(tg), len(tg)
    calibrated = any(tables.source_kind(q) == "calibrated" for q in sc.params.values())
    if n_met == n_targets:
        verdict = t(f"{K}.all_met_calibrated" if calibrated else f"{K}.all_met", lang, n=n_targets, year=year,
                    money_report=t("02_money_projects.title", lang))
    else:
        verdict = t(f"{K}.some_met", lang, met=n_met, n=n_targets, year=year,
                    missed="; ".join(tables.target_label(k, lang) for k in tg.loc[~tg["met"], "key"]))
    show_text(verdict + " " + t(f"{K}.targets_note", lang, year=year, tsa_report=t("04_social_assistance.title", lang)))
    show_table(tables.targets_table(p, lang), t(f"{K}.targets_caption", lang, scenario=sc.title[lang], year=year))

    shares = reached(tg)  # fractions of each target with a figure other than zero
    reached_pct = 100 * shares["reached"]
    fig, ax = charts.figure(7.0, 3.8)
    drawn = ax.barh([textwrap.fill(tables.target_label(k, lang), 34) for k in reached_pct.index], reached_pct.values,
                    color=[charts.DIRECTION_COLORS["small_business"] if m else charts.TARGET_COLOR
                           for m in shares["met"]])
    ax.bar_label(drawn, labels=[" " + i18n.pct(v, lang, 0) for v in reached_pct.values], fontsize=9)
    ax.axvline(100, color=charts.NEUTRAL, linestyle="--", linewidth=1.2)
    ax.annotate(t(f"{K}.reached_line", lang), (100, 1.0), xycoords=("data", "axes fraction"), ha="center",
                va="bottom", fontsize=9, color=charts.NEUTRAL)
    ax.invert_yaxis()
    ax.set_xlim(0, max(100.0, float(reached_pct.max())) * 1.18)
    ax.set_xlabel(t(f"{K}.reached_xlabel", lang, year=year))
    charts.bars_axis(ax, "y")
    show_figure(fig, t(f"{K}.reached_caption", lang, scenario=sc.title[lang], year=year), lang)
