"""Notebook 03, section by section: direct jobs by direction and year; gross -> net -> plus indirect;
people brought into entrepreneurship; the Monte Carlo chance of the announced jobs. Each function
shows one section; notebook 03 only calls them.

The comparisons with the announced jobs and entrepreneurs (the 2019 article's 90,000 and 68,000:
target lines, verdicts, the jobs read both ways, the chance of each) are shown for the figures the
pack's announcement gives (``Projection.targets``, model/targets.py ``announced``); a figure it does
not give is projected without a target, and the text says so.
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
COMPARED = ("jobs", "entrepreneurs")  # the announced figures this page holds the projection to


def _targets(p) -> pd.DataFrame:
    """The projection's targets table by key: only the figures the pack's announcement gives."""
    return p.targets.set_index("key")


def _verdict(row, lang: str) -> str:
    return (t(f"{K}.verdict_met", lang) if row["met"]
            else t(f"{K}.verdict_short", lang, gap=i18n.pct(-row["gap_pct"], lang)))


def _chances_text(prob: pd.DataFrame, compared: list[str], lang: str) -> str:
    """The chance of reaching each announced figure of ``compared`` (``Simulation.target_probabilities``
    by key), in one sentence; where the announcement gives neither, that there is no chance to state."""
    if not compared:
        return t(f"{K}.mc_unannounced", lang)
    target = {k: i18n.number(prob.at[k, "target"], lang) for k in compared}
    chance = {k: i18n.pct(100 * prob.at[k, "probability"], lang, 0) for k in compared}
    if len(compared) == 2:
        return t(f"{K}.mc_chances", lang, target=target["jobs"], prob_jobs=chance["jobs"],
                 target_e=target["entrepreneurs"], prob_e=chance["entrepreneurs"])
    (k,) = compared
    return t(f"{K}.mc_chance_{k}", lang, target=target[k], prob=chance[k])


def intro(sc, p, lang: str) -> None:
    """What the page shows: the chance of reaching the announced jobs or entrepreneurs, or, where the
    announcement gives neither, that they are projected without a target."""
    announced = _targets(p).index.intersection(COMPARED).size
    show_text(t(f"{K}.intro" if announced else f"{K}.intro_unannounced", lang, scenario=sc.title[lang]))


def direct(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    years = range(first_year, last_year + 1)
    end_year = min(last_year, int(p.years[-1]))
    tg = _targets(p)
    # 1. Direct (gross) jobs by direction and year
    show_text(f"## {t(f'{K}.direct_heading', lang)}")
    jobs = p.series("jobs_direct")
    fields = dict(year=year, jobs=tables.count(s["jobs_direct"], "jobs", lang),
                  peak=tables.count(jobs.max(), "jobs", lang), peak_year=int(jobs.idxmax()),
                  end=tables.count(jobs.loc[end_year], "jobs", lang), end_year=end_year)
    if "jobs" in tg.index:
        show_text(t(f"{K}.direct_text", lang, target=tables.figure_value(load_sources().article["new_jobs"], lang),
                    verdict=_verdict(tg.loc["jobs"], lang), **fields))
    else:
        show_text(t(f"{K}.direct_text_unannounced", lang, **fields))
    show_table(tables.by_direction_table(p, "jobs_direct", years, lang),
               t(f"{K}.direct_caption", lang, scenario=sc.title[lang]))
    # Left: direct jobs by direction; right: people brought into entrepreneurship (cumulative); with the
    # announced targets (a target far above the projection is named in the corner instead of drawn; a
    # figure the announcement does not give has none)
    fig, axes = charts.figure(7.0, 3.4, ncols=2)
    for ax, indicator, key in zip(axes, ("jobs_direct", "entrepreneurs"), COMPARED):
        w = p.wide(indicator).loc[first_year:last_year]
        areas = ax.stackplot(w.index, *[w[d] for d in DIRECTIONS], colors=[charts.DIRECTION_COLORS[d] for d in DIRECTIONS],
                             alpha=0.9)
        goal = tg.at[key, "target"] if key in tg.index else None
        if goal is not None and goal <= 1.5 * w["total"].max():
            charts.target_line(ax, goal, t(f"{K}.target_label", lang, value=i18n.number(goal, lang)))
            ax.legend(handles=ax.get_lines(), loc="lower right", fontsize=charts.SMALL)
        elif goal is not None:
            ax.annotate(t(f"{K}.target_above", lang, value=i18n.number(goal, lang)), (0.02, 0.97),
                        xycoords="axes fraction", va="top", fontsize=charts.SMALL, color=charts.TARGET_COLOR)
        ax.set_title(textwrap.fill(t(f"{K}.panel_{indicator}", lang), 34))
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
        charts.thousands_axis(ax, lang)
    fig.legend(areas, [i18n.direction(d, lang) for d in DIRECTIONS], ncols=3, loc="outside lower center", fontsize=charts.SMALL)
    caption = f"{K}.areas_caption" if tg.index.intersection(COMPARED).size else f"{K}.areas_caption_unannounced"
    show_figure(fig, t(caption, lang, scenario=sc.title[lang]), lang)


def accounting(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    tg = _targets(p)
    # Jobs counted once: owners still running their project + hired jobs (full-time equivalents); the
    # announced jobs under both readings (with or without the owners: the 2019 article's 90,000 and 68,000)
    show_text(f"## {t(f'{K}.accounting_heading', lang)}")
    counted = t(f"{K}.accounting_text", lang, year=year, owners=tables.count(s["owners_running"], "people", lang),
                hired=i18n.number(s["hired"], lang), total=i18n.number(s["jobs_direct"], lang),
                net=i18n.number(s["jobs_direct_net"], lang))
    if "jobs" not in tg.index:
        show_text(counted, t(f"{K}.accounting_unannounced", lang))
    else:
        readings = {row["reading"]: row for row in targets.jobs_readings(s)}
        fields = dict(target=i18n.number(tg.at["jobs", "target"], lang),
                      reading=t(f"{K}.reading.{s['jobs_reading']}", lang),
                      pilot_jobs=i18n.number(load_sources().pilot["new_jobs"].value, lang),
                      share_including=i18n.pct(100 * readings["including"]["share"], lang, 0),
                      share_in_addition=i18n.pct(100 * readings["in_addition"]["share"], lang, 0))
        if "entrepreneurs" in tg.index:  # the owners the announcement counts apart (the 2019 article's 68,000)
            show_text(counted, t(f"{K}.accounting_readings", lang,
                                 entrepreneurs=i18n.number(tg.at["entrepreneurs", "target"], lang), **fields))
        else:
            show_text(counted, t(f"{K}.accounting_readings_owners", lang, **fields))
    a = {k: t(f"{K}.acc_cols.{k}", lang) for k in ("owners", "hired", "total", "net")}
    show_table(tables.directions_table({a["owners"]: p.wide("owners_running").loc[year], a["hired"]: p.wide("hired").loc[year],
                                       a["total"]: p.wide("jobs_direct").loc[year],
                                       a["net"]: p.wide("jobs_direct_net").loc[year]}, lang),
               t(f"{K}.accounting_caption", lang, year=year, scenario=sc.title[lang]))
    if "jobs" in tg.index:
        show_table(tables.jobs_readings_table(readings.values(), lang),
                   t(f"{K}.readings_caption", lang, year=year, target=i18n.number(tg.at["jobs", "target"], lang)))


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
    tg = _targets(p)
    # 3. People brought into entrepreneurship (owners registering as sole proprietors, cooperative members)
    show_text(f"## {t(f'{K}.entrepreneurs_heading', lang)}")
    ent_running = p.series("owners_running")
    fields = dict(year=year, people=tables.count(s["entrepreneurs"], "people", lang), end_year=end_year,
                  running=i18n.number(ent_running.loc[end_year], lang))
    if "entrepreneurs" in tg.index:
        show_text(t(f"{K}.entrepreneurs_text", lang,
                    target=tables.figure_value(load_sources().article["entrepreneurs"], lang),
                    verdict=_verdict(tg.loc["entrepreneurs"], lang), **fields))
    else:
        show_text(t(f"{K}.entrepreneurs_text_unannounced", lang, **fields))
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
    fans = sim.fan("jobs_direct")
    fan = fans.loc[first_year:last_year]
    compared = [k for k in COMPARED if k in prob.index]  # the figures the announcement gives
    # the spread of the jobs the announced figure is read against; without one, of the direct jobs
    spread = prob.loc["jobs"] if "jobs" in compared else fans.loc[year]
    show_text(t(f"{K}.mc_text", lang, draws=i18n.number(draws, lang), year=year,
                p5=i18n.number(spread["p5"], lang), p95=i18n.number(spread["p95"], lang),
                p50=i18n.number(spread["p50"], lang), central=i18n.number(s["jobs_direct"], lang)),
              _chances_text(prob, compared, lang))
    show_table(tables.probabilities_table(sim.target_probabilities(), lang, keys=["projects", *compared], year=year),
               t(f"{K}.mc_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]))
    fig, ax = charts.figure(7.0, 3.4)
    charts.fan(ax, fan, charts.DIRECTION_COLORS["small_business"], t(f"{K}.fan_band", lang), t(f"{K}.fan_median", lang))
    if "jobs" in compared:  # the announced jobs and the chance of them; nothing where none is announced
        goal = prob.at["jobs", "target"]
        if goal <= 1.5 * fan["p95"].max():
            charts.target_line(ax, goal, t(f"{K}.target_label", lang, value=i18n.number(goal, lang)))
        else:
            ax.set_title(t(f"{K}.target_above", lang, value=i18n.number(goal, lang)), loc="left",
                         fontsize=9, fontweight="normal", color=charts.TARGET_COLOR)
        ax.annotate(t(f"{K}.fan_probability", lang, year=year,
                      prob=i18n.pct(100 * prob.at["jobs", "probability"], lang, 0)),
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
