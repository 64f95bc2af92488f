"""Notebook 02, section by section: money and projects by direction and year, projects still
running, the funding mix (what the state budget bears) and how far the calibration moved each
per-project rate from its prior. Each function shows one section; notebook 02 only calls them.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..parameters import DIRECTIONS
from .. import breakdown, compare
from . import charts, i18n, tables
from .display import show_figure, show_table, show_text
from .i18n import t

K = "02_money_projects"
FUNDING_PATHS = ["funding.grant_share", "funding.microcredit_share", "funding.bank_loan_share",
                 "funding.own_funds_share", "funding.microcredit_rate", "funding.market_rate",
                 *[f"directions.{d}.loan_term_years" for d in DIRECTIONS], "funding.default_rate",
                 "funding.default_per_burden", "funding.admin_cost_share"]
SOURCES = ["grant", "microcredit", "bank_loan", "own_funds", "admin"]


def end_year(p, last_year: int) -> int:
    return min(last_year, int(p.years[-1]))


def intro(sc, lang: str) -> None:
    show_text(t(f"{K}.intro", lang, scenario=sc.title[lang]))


def directions(sc, p, lang: str, last_year: int) -> None:
    """Money, cost per project, projects and running projects by direction; shares as bars."""
    end = end_year(p, last_year)
    show_text(f"## {t(f'{K}.directions_heading', lang)}")
    b = breakdown.money_and_projects(p, end)
    by_d = b.loc[list(DIRECTIONS)]  # the five directions, without the total
    top_money, top_projects = by_d["money_bn"].idxmax(), by_d["projects"].idxmax()
    cost_d = by_d["cost_m"]
    h = {k: t(f"{K}.cols.{k}", lang, year=end) for k in
         ("money_share", "money", "cost", "projects", "project_share", "running")}
    show_text(t(f"{K}.directions_text", lang,
                money=i18n.money_bn(b.at["total", "money_bn"], lang),
                projects=tables.count(b.at["total", "projects"], "projects", lang),
                top_money=i18n.direction(top_money, lang),
                top_money_share=tables.cell(b.at[top_money, "money_share"], "share", lang, 0),
                top_projects=i18n.direction(top_projects, lang),
                top_projects_share=tables.cell(b.at[top_projects, "project_share"], "share", lang, 0),
                dearest=i18n.direction(cost_d.idxmax(), lang), dearest_cost=i18n.money_m(cost_d.max(), lang),
                cheapest=i18n.direction(cost_d.idxmin(), lang), cheapest_cost=i18n.money_m(cost_d.min(), lang)))
    show_table(tables.directions_table(
        {h["money"]: b["money_bn"], h["money_share"]: b["money_share"], h["cost"]: b["cost_m"],
         h["projects"]: b["projects"], h["project_share"]: b["project_share"], h["running"]: b["running"]},
        lang, fmt={h["money"]: "money_bn", h["money_share"]: "share", h["cost"]: "money_m", h["projects"]: "number",
                   h["project_share"]: "share", h["running"]: "number"},
        digits={h["money_share"]: 0, h["project_share"]: 0}),
        t(f"{K}.directions_caption", lang, scenario=sc.title[lang]))

    shares = 100 * pd.DataFrame({t(f"{K}.bar_money", lang): by_d["money_share"],
                                 t(f"{K}.bar_projects", lang): by_d["project_share"]}).T
    fig, ax = charts.figure(7.0, 2.9)
    left = np.zeros(len(shares))
    for d in DIRECTIONS:
        drawn = ax.barh(shares.index, shares[d], left=left, color=charts.DIRECTION_COLORS[d],
                        label=i18n.direction(d, lang))
        ax.bar_label(drawn, labels=[i18n.pct(v, lang, 0) if v >= 5 else "" for v in shares[d]],
                     label_type="center", fontsize=charts.SMALL, color="white")
        left += shares[d].to_numpy()
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(t(f"{K}.bar_xlabel", lang))
    charts.bars_axis(ax, "y")
    fig.legend(ncols=3, loc="outside lower center", fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.bar_caption", lang), lang)


def timeline(sc, p, lang: str, first_year: int, last_year: int) -> None:
    """Spending, launches and projects running or closed by year."""
    end = end_year(p, last_year)
    years = range(first_year, last_year + 1)
    show_text(f"## {t(f'{K}.timeline_heading', lang)}")
    spend, fiscal, launched = p.series("spend"), p.series("fiscal_cost"), p.series("launched")
    c = breakdown.projects_closed(p)
    cumulative, running, closed = c["projects"], c["running"], c["closed"]
    spend_years = spend[spend > 0].index
    one_year = spend_years.min() == spend_years.max()  # a plan lent in one year (Auyl Amanaty: 2023)
    show_text(t(f"{K}.{'timeline_text_one_year' if one_year else 'timeline_text'}", lang,
                first=int(spend_years.min()), last=int(spend_years.max()),
                year=end, projects=tables.count(cumulative.loc[end], "projects", lang),
                running=i18n.number(running.loc[end], lang), closed=i18n.number(closed.loc[end], lang),
                closed_share=tables.cell(c.at[end, "closed_share"], "share", lang, 0)))
    yh = {k: t(f"{K}.year_cols.{k}", lang) for k in ("spend", "fiscal", "launched", "running", "closed")}
    show_table(tables.years_table({yh["spend"]: spend, yh["fiscal"]: fiscal, yh["launched"]: launched,
                                   yh["running"]: running, yh["closed"]: closed}, lang,
                                  fmt={yh["spend"]: "money_bn", yh["fiscal"]: "money_bn", yh["launched"]: "number",
                                       yh["running"]: "number", yh["closed"]: "number"}, years=years),
               t(f"{K}.timeline_caption", lang, scenario=sc.title[lang]))

    fig, (ax1, ax2) = charts.figure(7.0, 3.2, ncols=2)
    spend_w = p.wide("spend").loc[first_year:last_year]
    bottom = np.zeros(len(spend_w))
    for d in DIRECTIONS:
        ax1.bar(spend_w.index, spend_w[d], bottom=bottom, color=charts.DIRECTION_COLORS[d],
                label=i18n.direction(d, lang))
        bottom += spend_w[d].to_numpy()
    ax1.set_title(textwrap.fill(t(f"{K}.chart_spend_title", lang), 32))
    ax1.set_ylabel(t(f"{K}.chart_bn", lang))
    ax1.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
    charts.thousands_axis(ax1, lang, digits=0)
    charts.bars_axis(ax1, "x")
    shown = cumulative.loc[first_year:last_year]
    ax2.plot(shown.index, shown.values, color=charts.NEUTRAL, linestyle="--", label=t(f"{K}.chart_launched", lang))
    ax2.plot(shown.index, running.loc[shown.index].values, color=charts.DIRECTION_COLORS["small_business"],
             linewidth=2, label=t(f"{K}.chart_running", lang))
    ax2.fill_between(shown.index, running.loc[shown.index].values, shown.values, color=charts.NEUTRAL, alpha=0.15,
                     linewidth=0, label=t(f"{K}.chart_closed", lang))
    ax2.set_ylim(bottom=0)
    ax2.set_title(textwrap.fill(t(f"{K}.chart_projects_title", lang), 28))
    ax2.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
    charts.thousands_axis(ax2, lang)
    ax2.legend(fontsize=charts.SMALL, loc="lower right")
    fig.legend(*ax1.get_legend_handles_labels(), ncols=3, loc="outside lower center", fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.chart_timeline_caption", lang, scenario=sc.title[lang]), lang)


def funding(sc, p, lang: str) -> None:
    """The funding mix: all money against what the state budget bears, and the assumptions behind it."""
    s = p.summary
    show_text(f"## {t(f'{K}.funding_heading', lang)}")
    parts = compare.funding_parts(p)
    show_text(t(f"{K}.funding_text", lang,
                total=i18n.money_bn(parts.at["total", "amount"], lang), spend=i18n.money_bn(s["budget_bn_kzt"], lang),
                admin=i18n.money_bn(parts.at["admin", "amount"], lang),
                fiscal=i18n.money_bn(s["fiscal_cost_bn_kzt"], lang),
                fiscal_share=tables.cell(parts.at["total", "fiscal_share"], "share", lang),
                grant_element=tables.cell(parts.at["microcredit", "grant_element"], "share", lang),
                per_job=i18n.money_m(s["cost_per_job_m_kzt"], lang),
                fiscal_per_net_job=i18n.money_m(s["fiscal_cost_per_net_job_m_kzt"], lang),
                jobs_report=t("03_jobs.title", lang)))
    show_table(tables.funding_table(p, lang), t(f"{K}.funding_caption", lang, scenario=sc.title[lang]))
    show_table(tables.provenance_table(sc, FUNDING_PATHS, lang), t(f"{K}.funding_assumptions_caption", lang))

    source_colors = dict(zip(SOURCES, ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", charts.NEUTRAL)))
    fig, ax = charts.figure(7.0, 3.2)
    columns = [t(f"{K}.bar_all_money", lang), t(f"{K}.bar_state", lang)]
    bottom = np.zeros(2)
    for k in SOURCES:
        values = np.array([parts.at[k, "amount"], parts.at[k, "fiscal"]])
        drawn = ax.bar(columns, values, bottom=bottom, width=0.5, color=source_colors[k],
                       label=t(f"tables.funding.{k}", lang))
        ax.bar_label(drawn, labels=[i18n.number(v, lang, 1) if v >= 2 else "" for v in values], label_type="center",
                     fontsize=charts.SMALL)
        bottom += values  # stacking: where the next part's bar starts
    totals = [parts.at["total", "amount"], parts.at["total", "fiscal"]]  # the model's totals, atop each bar
    ax.bar_label(drawn, labels=[i18n.money_bn(v, lang) for v in totals], padding=3, fontsize=9)
    ax.set_ylim(0, bottom.max() * 1.12)
    ax.set_ylabel(t(f"{K}.chart_bn", lang))
    charts.thousands_axis(ax, lang, digits=0)
    charts.bars_axis(ax, "x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.funding_chart_caption", lang, scenario=sc.title[lang]), lang)


def calibration(sc, lang: str) -> None:
    """How far the calibration moved each rate (a calibrated scenario), or what this scenario changes."""
    if sc.calibration is not None:
        show_text(f"## {t(f'{K}.calibration_heading', lang)}")
        cal = compare.calibration_summary(sc.calibration)
        top = cal["top"]
        top_unit = sc.params[top["path"]].unit
        show_text(t(f"{K}.calibration_text", lang, n=cal["n"], outside=cal["outside"],
                    top=tables.param_label(top["path"], lang), ratio=i18n.number(top["ratio"], lang, 2),
                    prior=tables.param_value(top["prior"], top_unit, lang),
                    calibrated=tables.param_value(top["calibrated"], top_unit, lang),
                    above_two=cal["above_two"]))
        show_table(tables.calibration_table(sc, lang), t(f"{K}.calibration_caption", lang, scenario=sc.title[lang]))
        return
    show_text(f"## {t(f'{K}.changes_heading', lang)}")
    changes = tables.changes_table(sc, lang)
    if len(changes):
        show_text(t(f"{K}.changes_text", lang, n=len(changes), outside=compare.changes_outside_range(sc),
                    top=changes.iloc[0, 0], base=changes.iloc[0, 1], value=changes.iloc[0, 3],
                    ratio=changes.iloc[0, 4]))
        show_table(changes, t(f"{K}.changes_caption", lang, scenario=sc.title[lang]))
    else:
        show_text(t(f"{K}.no_changes", lang))


def delivery(sc, p, lang: str, first_year: int, last_year: int) -> None:
    """Projects the schedule asks for against the lenders' capacity, projects launched, money lent,
    and beside them what was reported (model.compare.delivery_table, delivery_summary); for a
    programme with no reported lending of its own, the schedule and the capacity alone, said so."""
    from .. import packs
    from ..outturn import load_outturn
    from ..scenario import list_scenarios

    reported = packs.own("outturn.yaml")
    years = range(first_year, last_year + 1)
    show_text(f"## {t(f'{K}.delivery_heading', lang)}")
    d = compare.delivery_summary(p)
    table = compare.delivery_table(p, reported)
    f = dict(peak=i18n.number(d["peak_planned"], lang), peak_year=d["peak_year"],
             capacity=i18n.number(d["capacity"], lang), ratio=i18n.number(d["ratio"], lang, 1),
             first=d["first_year"], last=d["last_year"], slowest=i18n.direction(d["slowest"], lang),
             years=tables.count(d["years_at_capacity"], "years", lang),  # "31 год", "24 года": the unit agrees
             unlent=t(f"{K}.delivery_unlent", lang, money=i18n.money_bn(d["unlent_bn"], lang), year=int(p.years[-1]))
             if d["unlent_bn"] > 0.05 else "")
    key = "delivery_within" if not d["beyond"] else ("delivery_moved" if d["binds"] else "delivery_kept")
    show_text(t(f"{K}.{key}", lang, **f))
    if reported:
        facts = load_outturn()
        lent = compare.reported_lending(table, through=2022)  # 2022: the year of facts["borrowers_2022"]
        show_text(t(f"{K}.delivery_reported", lang,
                    lent_first=i18n.money_bn(lent["lent_first_bn"], lang),
                    borrowers_first=i18n.number(facts["borrowers_first_stage"].value, lang),
                    lent_2022=i18n.money_bn(lent["lent_through_bn"], lang),
                    borrowers_2022=i18n.number(facts["borrowers_2022"].value, lang),
                    borrowers_2024=i18n.number(facts["borrowers_2023"].value, lang),
                    pace=i18n.number(lent["borrowers_a_year"], lang),
                    as_delivered=list_scenarios()["as_delivered"][lang]))
    else:
        show_text(t(f"{K}.delivery_none_reported", lang))
    h = {k: t(f"{K}.delivery_cols.{k}", lang) for k in
         ("planned", "capacity", "launched", "lent", "relent", "reported_lent", "reported_borrowers")}
    columns = {h["planned"]: table["planned"], h["capacity"]: table["capacity"], h["launched"]: table["launched"],
               h["lent"]: table["lent_bn"]}
    if d["relent_bn"] > 0:
        columns[h["relent"]] = table["relent_bn"]
    if reported:
        columns.update({h["reported_lent"]: table["reported_lent_bn"],
                        h["reported_borrowers"]: table["reported_borrowers"]})
    fmt = {k: ("money_bn" if k in (h["lent"], h["relent"], h["reported_lent"]) else "number") for k in columns}
    show_table(tables.years_table(columns, lang, fmt=fmt, years=years),
               t(f"{K}.{'delivery_caption' if reported else 'delivery_plan_caption'}", lang, scenario=sc.title[lang]))

    fig, ax = charts.figure(7.0, 3.0)
    shown = table.loc[first_year:last_year]
    x = shown.index.to_numpy()
    ax.bar(x - 0.2, shown["planned"], width=0.4, color=charts.NEUTRAL, alpha=0.5, label=t(f"{K}.chart_planned", lang))
    ax.bar(x + 0.2, shown["launched"], width=0.4, color=charts.DIRECTION_COLORS["livestock"],
           label=t(f"{K}.chart_launched_bars", lang))
    ax.plot(x, shown["capacity"], color=charts.TARGET_COLOR, linestyle="--", label=t(f"{K}.chart_capacity", lang))
    if reported:
        rep = shown["reported_borrowers"].dropna()
        ax.plot(rep.index, rep.values, "o", color="black", markersize=4, label=t(f"{K}.chart_reported", lang))
    ax.set_ylabel(t(f"{K}.chart_projects_a_year", lang))
    ax.set_xlabel(t("common.year", lang))
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
    charts.thousands_axis(ax, lang)
    charts.bars_axis(ax, "x")
    fig.legend(ncols=2, loc="outside lower center", fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.{'delivery_chart_caption' if reported else 'delivery_plan_chart_caption'}", lang,
                       scenario=sc.title[lang]), lang)
