"""Notebook 03, section by section: direct jobs by direction and year; gross -> net -> plus indirect;
people brought into entrepreneurship; the Monte Carlo chance of the 90,000. Each function shows
one section; notebook 03 only calls them.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from model import breakdown, results_file, targets
from model.parameters import DIRECTIONS, load_sources
from model.report import charts, i18n, show_figure, show_table, show_text, tables
from model.report.i18n import t

K = "03_jobs"


def intro(sc, lang: str) -> None:
    show_text(t(f"{K}.intro", lang, scenario=sc.title[lang]))


def direct(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    years = range(first_year, last_year + 1)
    end_year = min(last_year, int(p.years[-1]))
    tg = p.targets.set_index("key")
    # 1. Direct (gross) jobs by direction and year
    show_text(f"## {t(f'{K}.direct_heading', lang)}")
    jobs = p.series("jobs_direct")
    jobs_verdict = (t(f"{K}.verdict_met", lang) if tg.at["jobs", "met"]
                    else t(f"{K}.verdict_short", lang, gap=i18n.pct(-tg.at["jobs", "gap_pct"], lang)))
    show_text(t(f"{K}.direct_text", lang, year=year, jobs=tables.count(s["jobs_direct"], "jobs", lang),
                target=tables.figure_value(load_sources().article["new_jobs"], lang), verdict=jobs_verdict,
                peak=tables.count(jobs.max(), "jobs", lang), peak_year=int(jobs.idxmax()),
                end=tables.count(jobs.loc[end_year], "jobs", lang), end_year=end_year))
    show_table(tables.by_direction_table(p, "jobs_direct", years, lang),
               t(f"{K}.direct_caption", lang, scenario=sc.title[lang]))
    # Left: direct jobs by direction; right: people brought into entrepreneurship (cumulative); with the
    # article's targets (a target far above the projection is named in the corner instead of drawn)
    fig, axes = charts.figure(7.0, 3.4, ncols=2)
    for ax, indicator, key in zip(axes, ("jobs_direct", "entrepreneurs"), ("jobs", "entrepreneurs")):
        w = p.wide(indicator).loc[first_year:last_year]
        areas = ax.stackplot(w.index, *[w[d] for d in DIRECTIONS], colors=[charts.DIRECTION_COLORS[d] for d in DIRECTIONS],
                             alpha=0.9)
        goal = tg.at[key, "target"]
        if goal <= 1.5 * w["total"].max():
            charts.target_line(ax, goal, t(f"{K}.target_label", lang, value=i18n.number(goal, lang)))
            ax.legend(handles=ax.get_lines(), loc="lower right", fontsize=charts.SMALL)
        else:
            ax.annotate(t(f"{K}.target_above", lang, value=i18n.number(goal, lang)), (0.02, 0.97),
                        xycoords="axes fraction", va="top", fontsize=charts.SMALL, color=charts.TARGET_COLOR)
        ax.set_title(textwrap.fill(t(f"{K}.panel_{indicator}", lang), 34))
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
        charts.thousands_axis(ax, lang)
    fig.legend(areas, [i18n.direction(d, lang) for d in DIRECTIONS], ncols=3, loc="outside lower center", fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.areas_caption", lang, scenario=sc.title[lang]), lang)


def accounting(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    # Jobs counted once: owners still running their project + hired jobs (full-time equivalents); the article's
    # 90,000 under both readings (with or without the 68,000 owners)
    show_text(f"## {t(f'{K}.accounting_heading', lang)}")
    readings = {row["reading"]: row for row in targets.jobs_readings(s)}
    show_text(t(f"{K}.accounting_text", lang, year=year, owners=tables.count(s["owners_running"], "people", lang),
                hired=i18n.number(s["hired"], lang), total=i18n.number(s["jobs_direct"], lang),
                net=i18n.number(s["jobs_direct_net"], lang),
                reading=t(f"{K}.reading.{s['jobs_reading']}", lang),
                share_including=i18n.pct(100 * readings["including"]["share"], lang, 0),
                share_in_addition=i18n.pct(100 * readings["in_addition"]["share"], lang, 0)))
    a = {k: t(f"{K}.acc_cols.{k}", lang) for k in ("owners", "hired", "total", "net")}
    show_table(tables.directions_table({a["owners"]: p.wide("owners_running").loc[year], a["hired"]: p.wide("hired").loc[year],
                                       a["total"]: p.wide("jobs_direct").loc[year],
                                       a["net"]: p.wide("jobs_direct_net").loc[year]}, lang),
               t(f"{K}.accounting_caption", lang, year=year, scenario=sc.title[lang]))
    show_table(tables.jobs_readings_table(readings.values(), lang), t(f"{K}.readings_caption", lang, year=year))


def net(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    # 2. From gross to net: deadweight and displacement (assumptions), then indirect jobs
    show_text(f"## {t(f'{K}.net_heading', lang)}")
    dw, disp = sc.value("net_effect.deadweight"), sc.value("net_effect.displacement")
    steps = breakdown.gross_to_net(p)
    show_text(t(f"{K}.net_text", lang, year=year, dw=i18n.pct(100 * dw, lang, 0), disp=i18n.pct(100 * disp, lang, 0),
                gross=i18n.number(s["jobs_direct"], lang), net=i18n.number(s["jobs_direct_net"], lang),
                indirect=i18n.number(s["jobs_indirect"], lang), net_total=tables.count(s["jobs_net_total"], "jobs", lang),
                net_share=i18n.pct(100 * steps["net_share"], lang, 0),
                first=int(p.years[0]), last=int(p.years[-1]), job_years=i18n.number(s["job_years_net"], lang)))
    h = {k: t(f"{K}.net_cols.{k}", lang) for k in ("gross", "lost", "net", "indirect", "net_total", "job_years")}
    by_direction = breakdown.net_jobs(p, year)
    show_table(tables.directions_table({h[k]: by_direction[k] for k in h}, lang),
               t(f"{K}.net_caption", lang, year=year, scenario=sc.title[lang]))
    show_table(tables.provenance_table(sc, ["net_effect.deadweight", "net_effect.displacement"], lang),
               t(f"{K}.net_assumptions_caption", lang))
    # Waterfall for the target year: gross -> minus deadweight -> minus displacement -> net direct
    # -> plus indirect -> net total
    labels = [t(f"{K}.wf.{k}", lang) for k in steps["steps"]]
    tops, heights = steps["top"], steps["change"]
    bottoms = np.where(heights < 0, tops + heights, tops - heights)
    bar_colors = [charts.NEUTRAL, charts.TARGET_COLOR, charts.TARGET_COLOR, charts.DIRECTION_COLORS["small_business"],
                  charts.DIRECTION_COLORS["outside_land"], charts.DIRECTION_COLORS["small_business"]]
    fig, ax = charts.figure(7.0, 3.2)
    drawn = ax.bar([textwrap.fill(x, 14) for x in labels], np.abs(heights), bottom=bottoms, color=bar_colors, width=0.6)
    ax.bar_label(drawn, labels=[("−" if v < 0 else "+" if i == 4 else "") + i18n.number(abs(v), lang)
                                for i, v in enumerate(heights)], fontsize=charts.SMALL, padding=2)
    ax.set_ylim(0, tops.max() * 1.12)
    charts.thousands_axis(ax, lang)
    ax.set_ylabel(t(f"{K}.jobs_axis", lang))
    charts.bars_axis(ax, "x")
    ax.tick_params(axis="x", labelsize=charts.SMALL)
    show_figure(fig, t(f"{K}.wf_caption", lang, year=year, scenario=sc.title[lang]), lang)


def entrepreneurs(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    end_year = min(last_year, int(p.years[-1]))
    tg = p.targets.set_index("key")
    # 3. People brought into entrepreneurship (owners registering as sole proprietors, cooperative members)
    show_text(f"## {t(f'{K}.entrepreneurs_heading', lang)}")
    ent_verdict = (t(f"{K}.verdict_met", lang) if tg.at["entrepreneurs", "met"]
                   else t(f"{K}.verdict_short", lang, gap=i18n.pct(-tg.at["entrepreneurs", "gap_pct"], lang)))
    ent_running = p.series("owners_running")
    show_text(t(f"{K}.entrepreneurs_text", lang, year=year,
                people=tables.count(s["entrepreneurs"], "people", lang),
                target=tables.figure_value(load_sources().article["entrepreneurs"], lang),
                verdict=ent_verdict, end_year=end_year, running=i18n.number(ent_running.loc[end_year], lang)))
    e = {k: t(f"{K}.ent_cols.{k}", lang, year=year, end_year=end_year) for k in ("brought", "per_project", "running")}
    per_project = pd.Series({d: sc.value(f"directions.{d}.entrepreneurs_per_project") for d in DIRECTIONS})
    show_table(tables.directions_table({e["brought"]: p.wide("entrepreneurs").loc[year], e["per_project"]: per_project,
                                       e["running"]: p.wide("owners_running").loc[end_year]}, lang,
                                      fmt="number", digits={e["per_project"]: 2}),
               t(f"{K}.entrepreneurs_caption", lang, scenario=sc.title[lang]))


def chances(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    # 4. How sure: the same model over draws of every uncertain assumption (Monte Carlo)
    show_text(f"## {t(f'{K}.mc_heading', lang)}")
    sim = results_file.simulation(sc, draws, seed)  # computed once for every language
    prob = sim.target_probabilities().set_index("key")
    fan = sim.fan("jobs_direct").loc[first_year:last_year]
    show_text(t(f"{K}.mc_text", lang, draws=i18n.number(draws, lang), year=year,
                p5=i18n.number(prob.at["jobs", "p5"], lang), p95=i18n.number(prob.at["jobs", "p95"], lang),
                p50=i18n.number(prob.at["jobs", "p50"], lang), central=i18n.number(s["jobs_direct"], lang),
                target=i18n.number(prob.at["jobs", "target"], lang),
                prob_jobs=i18n.pct(100 * prob.at["jobs", "probability"], lang, 0),
                target_e=i18n.number(prob.at["entrepreneurs", "target"], lang),
                prob_e=i18n.pct(100 * prob.at["entrepreneurs", "probability"], lang, 0)))
    show_table(tables.probabilities_table(sim.target_probabilities(), lang, keys=["projects", "jobs", "entrepreneurs"],
                                          year=year),
               t(f"{K}.mc_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]))
    fig, ax = charts.figure(7.0, 3.4)
    charts.fan(ax, fan, charts.DIRECTION_COLORS["small_business"], t(f"{K}.fan_band", lang), t(f"{K}.fan_median", lang))
    if prob.at["jobs", "target"] <= 1.5 * fan["p95"].max():
        charts.target_line(ax, prob.at["jobs", "target"],
                           t(f"{K}.target_label", lang, value=i18n.number(prob.at["jobs", "target"], lang)))
    else:
        ax.set_title(t(f"{K}.target_above", lang, value=i18n.number(prob.at["jobs", "target"], lang)), loc="left",
                     fontsize=9, fontweight="normal", color=charts.TARGET_COLOR)
    ax.annotate(t(f"{K}.fan_probability", lang, year=year, prob=i18n.pct(100 * prob.at["jobs", "probability"], lang, 0)),
                (0.98, 0.03), xycoords="axes fraction", ha="right", va="bottom", fontsize=9)
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    charts.thousands_axis(ax, lang)
    ax.set_ylabel(t(f"{K}.jobs_axis", lang))
    ax.legend(loc="upper right", fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.fan_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]), lang)


def delivery(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    """Direct jobs by year on the scenario's schedule and with launches held within the lenders'
    capacity (model.compare.capacity_other_way): the plan keeps its schedule, so this shows what
    capacity does to it; a scenario within capacity shows what its own schedule would have given."""
    from model import compare

    show_text(f"## {t(f'{K}.delivery_heading', lang)}")
    if not compare.delivery_summary(p)["beyond"]:
        show_text(t(f"{K}.delivery_within", lang))
        return
    other = compare.capacity_other_way(sc)
    binds = sc.value("delivery.capacity_binds") >= 0.5
    scheduled, within = (other, p) if binds else (p, other)
    s_sched, s_within = scheduled.summary, within.summary
    year = s_sched["target_year"]
    last = compare.delivery_summary(within)["last_year"]
    show_text(t(f"{K}.delivery_moved" if binds else f"{K}.delivery_kept", lang, year=year,
                within=tables.count(s_within["jobs_direct"], "jobs", lang),
                scheduled=tables.count(s_sched["jobs_direct"], "jobs", lang),
                share=i18n.pct(100 * compare.jobs_within_share(scheduled, within), lang, 0),
                hired_within=i18n.number(s_within["hired"], lang), hired_scheduled=i18n.number(s_sched["hired"], lang),
                last=last))
    h = {k: t(f"{K}.delivery_cols.{k}", lang) for k in ("scheduled", "within")}
    show_table(tables.years_table({h["scheduled"]: scheduled.series("jobs_direct"),
                                   h["within"]: within.series("jobs_direct")}, lang,
                                  years=range(first_year, last_year + 1)),
               t(f"{K}.delivery_caption", lang, scenario=sc.title[lang]))
