"""Notebook 05, section by section: added farm output against the akimat's 132.2 bn, the rise against
both baselines, plant load in % and in points, and the Monte Carlo chance. Each function shows one
section; notebook 05 only calls them.

A programme whose announcement gives no output, rise or plant-load figure (Auyl Amanaty: money and
borrowers only; model/targets.py ``announced``) gets the same projection without the comparison: no
target line, no verdict, no chance of a figure it did not announce, and one sentence saying so
(texts under ``05_output_processing.own``).
"""
from __future__ import annotations

import textwrap

from matplotlib.ticker import MaxNLocator

from model import breakdown, compare, processing, results_file
from model.parameters import DIRECTIONS
from model.parameters import load_sources
from model.report import charts, i18n, show_figure, show_table, show_text, tables
from model.report.i18n import t
from model.targets import is_met

K = "05_output_processing"


def announces(figure: str) -> bool:
    """Whether the pack's announcement (its article.yaml) gives ``figure``: a section compares with it only then."""
    return figure in load_sources().article


def intro(sc, lang: str) -> None:
    show_text(t(f"{K}.intro" if announces("output_added") else f"{K}.own.intro", lang, scenario=sc.title[lang]))


def _target(ax, goal: float, top: float, lang: str) -> None:
    """The announced output as a line on the chart, or named in its title when far above the data."""
    if goal <= 1.5 * top:
        charts.target_line(ax, goal, t(f"{K}.target_label", lang, value=i18n.money_bn(goal, lang)))
    else:
        ax.set_title(t(f"{K}.target_above", lang, value=i18n.money_bn(goal, lang)), loc="left", fontsize=9,
                     fontweight="normal", color=charts.TARGET_COLOR)


def output(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    years = range(first_year, last_year + 1)
    art = load_sources().article
    tg = p.targets.set_index("key")
    compared = announces("output_added")
    # 1. Added agricultural output by direction and year
    show_text(f"## {t(f'{K}.output_heading', lang)}")
    output_d = p.wide("output_agri")
    top = output_d.loc[year, list(DIRECTIONS)].idxmax()
    top_share = tables.cell(breakdown.direction_shares(output_d.loc[year])[top], "share", lang, 0)
    if compared:
        verdict = (t(f"{K}.verdict_met", lang) if tg.at["output_added_bn_kzt", "met"]
                   else t(f"{K}.verdict_short", lang, gap=i18n.pct(-tg.at["output_added_bn_kzt", "gap_pct"], lang)))
        show_text(t(f"{K}.output_text", lang, year=year, added=i18n.money_bn(s["output_added_bn_kzt"], lang),
                    target=tables.figure_value(art["output_added"], lang), verdict=verdict,
                    top=i18n.direction(top, lang), top_share=top_share,
                    per_tenge=i18n.number(compare.output_per_tenge(p), lang, 2),
                    plan_per_tenge=i18n.number(compare.output_per_tenge(), lang, 2)))  # the article's figures
    else:  # the projection alone: the announcement gives no output figure to hold it to
        show_text(t(f"{K}.own.output_text", lang, year=year, added=i18n.money_bn(s["output_added_bn_kzt"], lang),
                    top=i18n.direction(top, lang), top_share=top_share,
                    per_tenge=i18n.number(compare.output_per_tenge(p), lang, 2)),
                  t(f"{K}.own.no_output", lang))
    show_table(tables.by_direction_table(p, "output_agri", years, lang, fmt="number", digits=1),
               t(f"{K}.output_caption", lang, scenario=sc.title[lang]))
    w = output_d.loc[first_year:last_year]
    fig, ax = charts.figure(7.0, 3.4)
    ax.stackplot(w.index, *[w[d] for d in DIRECTIONS], colors=[charts.DIRECTION_COLORS[d] for d in DIRECTIONS],
                 labels=[i18n.direction(d, lang) for d in DIRECTIONS], alpha=0.9)
    if compared:
        _target(ax, tg.at["output_added_bn_kzt", "target"], w["total"].max(), lang)
    ax.set_ylabel(t(f"{K}.bn_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.output_chart_caption" if compared else f"{K}.own.output_chart_caption", lang,
                       scenario=sc.title[lang]), lang)


def rise_and_processing(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    years = range(first_year, last_year + 1)
    art = load_sources().article
    tg = p.targets.set_index("key")
    implied = sc.params.get("baseline.agri_output_implied_bn_kzt")  # 132.2 bn / 33 %, derived; None if not announced
    public = s["baseline_public_bn_kzt"]  # the public 2020 figure, as 2019 output in 2019 prices (derived)
    baseline = implied.value if implied is not None else public  # what the rise and the plants' load are read on
    external = load_sources().external["agri_output_2020"]
    rise_compared = announces("output_rise") and implied is not None
    load_compared = announces("processing_load_rise")
    # 2. The rise in % against two baselines: the one the article implies (derived) and the public one
    show_text(f"## {t(f'{K}.rise_heading' if rise_compared else f'{K}.own.rise_heading', lang)}")
    rise, rise_public = p.series("output_rise_pct"), p.series("output_rise_pct_public")
    if rise_compared:
        show_text(t(f"{K}.rise_text", lang, implied=i18n.money_bn(implied.value, lang),
                    added_article=i18n.money_bn(art["output_added"].value, lang),
                    rise_article=i18n.pct(art["output_rise"].value, lang, 0),
                    public=i18n.money_bn(public, lang), public_year=external.year,
                    public_nominal=i18n.money_bn(external.value, lang),
                    year=year, added=i18n.money_bn(s["output_added_bn_kzt"], lang),
                    rise=i18n.pct(s["output_rise_pct"], lang), rise_public=i18n.pct(s["output_rise_pct_public"], lang),
                    article_on_public=i18n.pct(compare.article_rise_on_public(p), lang)))
        r = {k: t(f"{K}.rise_cols.{k}", lang) for k in ("added", "implied", "public")}
        show_table(tables.years_table({r["added"]: p.series("output_agri"), r["implied"]: rise, r["public"]: rise_public},
                                      lang, fmt={r["added"]: "money_bn", r["implied"]: "pct", r["public"]: "pct"},
                                      years=years),
                   t(f"{K}.rise_caption", lang, implied=i18n.money_bn(implied.value, lang),
                     public=i18n.money_bn(public, lang), scenario=sc.title[lang]))
    else:  # no rise announced and no baseline implied: the rise against the region's public output alone
        show_text(t(f"{K}.own.rise_text", lang, public=i18n.money_bn(public, lang), public_year=external.year,
                    public_nominal=i18n.money_bn(external.value, lang), year=year,
                    added=i18n.money_bn(s["output_added_bn_kzt"], lang),
                    rise_public=i18n.pct(s["output_rise_pct_public"], lang)),
                  t(f"{K}.own.no_rise", lang))
        r = {k: t(f"{K}.rise_cols.{k}", lang) for k in ("added", "public")}
        show_table(tables.years_table({r["added"]: p.series("output_agri"), r["public"]: rise_public},
                                      lang, fmt={r["added"]: "money_bn", r["public"]: "pct"}, years=years),
                   t(f"{K}.own.rise_caption", lang, public=i18n.money_bn(public, lang), scenario=sc.title[lang]))
    # 3. Processing plants: the added supply as a relative rise in throughput and in percentage points
    show_text(f"## {t(f'{K}.processing_heading', lang)}")
    u0 = sc.value("processing.baseline_load")
    processed0 = sc.value("processing.processed_share_of_output")
    rel, pp = p.series("processing_rise_pct"), p.series("processing_rise_pp")
    to_plants = p.series("to_plants")
    show_text(t(f"{K}.processing_text", lang, year=year,
                to_plants=i18n.money_bn(to_plants.loc[year], lang),
                to_plants_share=tables.cell(breakdown.share_to_plants(p, year), "share", lang, 0),
                processed=i18n.money_bn(processing.baseline_throughput(processed0, baseline), lang),
                processed_share=tables.cell(processed0, "share", lang, 0),
                load0=tables.cell(u0, "share", lang, 0), rel=i18n.pct(rel.loc[year], lang),
                load1=tables.cell(p.series("processing_load").loc[year], "share", lang), pp=i18n.number(pp.loc[year], lang, 1)))
    claim = art["processing_load_rise"].value if load_compared else None  # the article's "+30 %"
    if load_compared:
        # the claim read as percentage points: the load it would mean and the relative rise that takes
        show_text(t(f"{K}.ambiguity_text", lang, claim=i18n.pct(claim, lang, 0), quote=art["processing_load_rise"].quote,
                    load0=tables.cell(u0, "share", lang, 0),
                    load_pp=i18n.pct(processing.load_after_points(u0, claim), lang, 0),
                    need_pp_rel=i18n.pct(processing.relative_rise_for_points(claim, u0), lang, 0),
                    rel=i18n.pct(rel.loc[year], lang), pp=i18n.number(pp.loc[year], lang, 1), year=year,
                    met_rel=i18n.yes_no(bool(tg.at["processing_load_rise_pct", "met"]), lang),
                    met_pp=i18n.yes_no(bool(is_met(">=", pp.loc[year], claim)), lang)))  # the targets' own rule
    else:
        show_text(t(f"{K}.own.no_load", lang))
    c = {k: t(f"{K}.proc_cols.{k}", lang) for k in ("to_plants", "rel", "pp", "load")}
    show_table(tables.years_table({c["to_plants"]: to_plants, c["rel"]: rel, c["pp"]: pp,
                                   c["load"]: p.series("processing_load")}, lang,
                                  fmt={c["to_plants"]: "money_bn", c["rel"]: "pct", c["pp"]: "number", c["load"]: "share"},
                                  digits={c["pp"]: 1}, years=years),
               t(f"{K}.processing_caption", lang, scenario=sc.title[lang]))
    # the baseline the article implies, where there is one (else it is the public figure's, shown by the next two)
    implied_row = ["baseline.agri_output_implied_bn_kzt"] if rise_compared else []
    show_table(tables.provenance_table(sc, ["processing.baseline_load", "processing.processed_share_of_output",
                                            *implied_row,
                                            "baseline.agri_output_2020_nominal_bn_kzt", "baseline.agri_output_2020_real_growth",
                                            "prices.cpi_inflation"],
                                       lang),
               t(f"{K}.processing_assumptions_caption", lang))
    # Left: the output rise against the two baselines; right: the plant load rise, relative and in points;
    # each with the article's figure (where the announcement gives one)
    fig, (ax1, ax2) = charts.figure(7.0, 3.4, ncols=2)
    if rise_compared:
        ax1.plot(rise.loc[first_year:last_year], color=charts.DIRECTION_COLORS["small_business"], linewidth=2,
                 label=t(f"{K}.line_implied", lang))
    ax1.plot(rise_public.loc[first_year:last_year], color=charts.DIRECTION_COLORS["household_plots"], linewidth=2,
             linestyle="--", label=t(f"{K}.line_public", lang))
    if rise_compared:
        charts.target_line(ax1, art["output_rise"].value, t(f"{K}.line_article", lang,
                                                             value=i18n.pct(art["output_rise"].value, lang, 0)))
    ax1.set_title(textwrap.fill(t(f"{K}.panel_rise", lang), 30))
    ax2.plot(rel.loc[first_year:last_year], color=charts.DIRECTION_COLORS["cooperatives"], linewidth=2,
             label=t(f"{K}.line_rel", lang))
    ax2.plot(pp.loc[first_year:last_year], color=charts.DIRECTION_COLORS["livestock"], linewidth=2, linestyle="--",
             label=t(f"{K}.line_pp", lang))
    if load_compared:
        charts.target_line(ax2, claim, t(f"{K}.line_article", lang, value=i18n.number(claim, lang)))
    ax2.set_title(textwrap.fill(t(f"{K}.panel_processing", lang), 30))
    for ax in (ax1, ax2):
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.rise_chart_caption" if rise_compared else f"{K}.own.rise_chart_caption", lang,
                       scenario=sc.title[lang]), lang)


def chances(sc, p, lang: str, first_year: int, last_year: int, draws: int = 1000, seed: int = 2019) -> None:
    s = p.summary
    year = s["target_year"]
    compared = announces("output_added")
    # 4. How sure: the same model over draws of every uncertain assumption (Monte Carlo)
    show_text(f"## {t(f'{K}.mc_heading', lang)}")
    sim = results_file.simulation(sc, draws, seed)  # computed once for every language
    fan = sim.fan("output_agri")
    if compared:
        goal = p.targets.set_index("key").at["output_added_bn_kzt", "target"]
        prob = sim.target_probabilities()
        pk = prob.set_index("key")
        show_text(t(f"{K}.mc_text", lang, draws=i18n.number(draws, lang), year=year,
                    p5=i18n.money_bn(pk.at["output_added_bn_kzt", "p5"], lang),
                    p95=i18n.money_bn(pk.at["output_added_bn_kzt", "p95"], lang),
                    p50=i18n.money_bn(pk.at["output_added_bn_kzt", "p50"], lang),
                    target=i18n.money_bn(goal, lang),
                    prob=tables.cell(pk.at["output_added_bn_kzt", "probability"], "share", lang, 0),
                    prob_processing=tables.cell(pk.at["processing_load_rise_pct", "probability"], "share", lang, 0)))
        show_table(tables.probabilities_table(prob, lang, keys=["output_added_bn_kzt", "output_rise_pct",
                                                                "processing_load_rise_pct"], year=year),
                   t(f"{K}.mc_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]))
    else:  # the spread of the projection alone: no chance of a figure the announcement does not give
        show_text(t(f"{K}.own.mc_text", lang, draws=i18n.number(draws, lang), year=year,
                    p5=i18n.money_bn(fan.at[year, "p5"], lang), p95=i18n.money_bn(fan.at[year, "p95"], lang),
                    p50=i18n.money_bn(fan.at[year, "p50"], lang),
                    central=i18n.money_bn(s["output_added_bn_kzt"], lang)),
                  t(f"{K}.own.no_chance", lang))
        q = {k: t(f"{K}.own.fan_cols.{k}", lang) for k in ("p5", "p50", "p95")}
        show_table(tables.years_table({q[k]: fan[k] for k in q}, lang, fmt="money_bn",
                                      years=range(first_year, last_year + 1)),
                   t(f"{K}.own.mc_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]))
    fig, ax = charts.figure(7.0, 3.3)
    charts.fan(ax, fan.loc[first_year:last_year], charts.DIRECTION_COLORS["outside_land"], t(f"{K}.fan_band", lang),
               t(f"{K}.fan_median", lang))
    if compared:
        _target(ax, goal, fan["p95"].max(), lang)
        ax.annotate(t(f"{K}.fan_probability", lang, year=year,
                      prob=tables.cell(pk.at["output_added_bn_kzt", "probability"], "share", lang, 0)),
                    (0.98, 0.03), xycoords="axes fraction", ha="right", va="bottom", fontsize=9)
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(t(f"{K}.bn_axis", lang))
    ax.legend(loc="upper right", fontsize=charts.SMALL)
    show_figure(fig, t(f"{K}.fan_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]), lang)
