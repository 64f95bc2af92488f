"""Notebook 07, section by section: the chance of each target over Monte Carlo draws, the spread of
the main results, the tornado, Sobol indices, what must hold for each target, and a technical note.
Each function shows one section; notebook 07 only calls them.

The chances and what must hold are read against the announced jobs, output and TSA figures. A
programme whose announcement gives none of them (Auyl Amanaty: money and borrowers only, the plan
calibrated to both; model/targets.py ``announced``) gets the spread of what it does over the same
draws, without a target line or a chance, and one sentence saying why (texts under
``07_uncertainty.own``). Its tornado and Sobol indices are those of its first announced target
(``results_file.tornado_target``, ``sobol_outputs``): the borrowers its money buys.
"""
from __future__ import annotations

from model import compare, discovery, results_file, sensitivity
from model.report import brief, charts, i18n, tables
from model.report.display import show_figure, show_table, show_text
from model.report.i18n import t
from model.targets import announced

K = "07_uncertainty"
OUTCOMES = ("jobs", "output_added_bn_kzt", "tsa_recipients_change")  # what the programme does, as targets


def compares() -> bool:
    """Whether the pack's announcement gives a jobs, output or TSA figure: the page's chances are read against them."""
    return any(tg.key in OUTCOMES for tg in announced())


def _text(key: str, lang: str, **kw) -> str:
    """The 2019 page's text, or its ``own`` variant for a pack whose announcement gives no outcome figure."""
    return t(f"{K}.{key}" if compares() else f"{K}.own.{key}", lang, **kw)


def intro(sc, computed, lang: str) -> None:
    show_text(_text("intro", lang, scenario=sc.title[lang], n_params=len(computed.simulation.uncertainties.paths)))
    if sc.calibration is not None:
        show_text(_text("calibrated", lang))


def probabilities(p, computed, lang: str) -> None:
    """Probability of reaching each target."""
    year = p.summary["target_year"]
    sim = computed.simulation
    show_text(_text("h_probabilities", lang))
    if not compares():
        show_text(t(f"{K}.own.no_probabilities", lang))
        return
    probs = sim.target_probabilities()
    low = probs[probs["probability"] < compare.UNLIKELY]
    show_text(t(f"{K}.probabilities", lang, year=year, all=brief.share_text(sim.joint_probability(), lang)),
              t(f"{K}.detail_low", lang, items=brief.probability_items(zip(low["key"], low["probability"]), lang))
              if len(low) else t(f"{K}.detail_none", lang))
    show_table(tables.probabilities_table(probs, lang, year=year), t(f"{K}.prob_caption", lang, year=year))
    fig, ax = charts.figure(7.0, 3.0)
    charts.draw_probabilities(ax, probs, lang)
    show_figure(fig, t(f"{K}.fig_prob", lang, year=year), lang)


def fans(p, computed, lang: str, first_year: int, last_year: int) -> None:
    """Fan charts of jobs, output and people leaving TSA; the target lines where they were announced."""
    year = p.summary["target_year"]
    goal = p.targets.set_index("key")["target"]
    sim = computed.simulation
    jobs, out, tsa = sim.fan("jobs"), sim.fan("output_agri"), sim.fan("tsa_people_out")
    show_text(t(f"{K}.h_fans", lang))
    show_text(t(f"{K}.fans", lang, year=year,
                jobs_lo=i18n.number(jobs.at[year, "p5"], lang), jobs_hi=i18n.number(jobs.at[year, "p95"], lang),
                jobs_mid=i18n.number(jobs.at[year, "p50"], lang),
                out_lo=tables.cell(out.at[year, "p5"], "money_bn", lang),
                out_hi=tables.cell(out.at[year, "p95"], "money_bn", lang),
                out_mid=tables.cell(out.at[year, "p50"], "money_bn", lang),
                tsa_lo=i18n.number(tsa.at[year, "p5"], lang), tsa_hi=i18n.number(tsa.at[year, "p95"], lang)),
              t(f"{K}.tsa_note", lang, year=year, households=i18n.number(p.series("tsa_people_out").loc[year], lang)))
    fig, ax = charts.figure(7.0, 3.0)
    charts.draw_fan(ax, jobs, lang, color=charts.DIRECTION_COLORS["small_business"], target=goal.get("jobs"),
                    years=(first_year, last_year), ylabel=t("brief.chart.jobs_axis", lang))
    show_figure(fig, t(f"{K}.fig_jobs" if "jobs" in goal else f"{K}.own.fig_jobs", lang), lang)
    fig, ax = charts.figure(7.0, 3.0)
    charts.draw_fan(ax, out, lang, color=charts.DIRECTION_COLORS["outside_land"],
                    target=goal.get("output_added_bn_kzt"), years=(first_year, last_year),
                    ylabel=t("brief.chart.bn_kzt", lang))
    show_figure(fig, t(f"{K}.fig_output" if "output_added_bn_kzt" in goal else f"{K}.own.fig_output", lang), lang)
    fig, ax = charts.figure(7.0, 3.0)
    charts.draw_fan(ax, tsa, lang, color=charts.DIRECTION_COLORS["livestock"], years=(first_year, last_year),
                    ylabel=t("brief.chart.people_axis", lang))
    show_figure(fig, t(f"{K}.fig_tsa", lang), lang)


def tornado(p, computed, lang: str) -> None:
    """One at a time: the widest swings of the tornado's target (the jobs, else the borrowers)."""
    year = p.summary["target_year"]
    tor = computed.tornado
    top = tor.iloc[0]
    jobs = results_file.tornado_target() == "jobs"
    show_text(t(f"{K}.h_tornado" if jobs else f"{K}.own.h_tornado", lang))
    show_text(t(f"{K}.tornado" if jobs else f"{K}.own.tornado", lang,
                param=brief.lower_first(brief.input_label(top["path"], lang)),
                year=year, low=i18n.number(min(top["low"], top["high"]), lang),
                high=i18n.number(max(top["low"], top["high"]), lang), base=i18n.number(top["base"], lang)))
    fig, ax = charts.figure(7.0, 4.0)
    charts.draw_tornado(ax, tor, lang, xlabel=t("brief.chart.jobs_axis" if jobs else f"{K}.own.borrowers_axis", lang))
    show_figure(fig, t(f"{K}.fig_tornado" if jobs else f"{K}.own.fig_tornado", lang, year=year), lang)


def sobol(p, computed, lang: str) -> None:
    """Sobol indices with confidence intervals, of the jobs (else of the borrowers)."""
    year = p.summary["target_year"]
    output = results_file.sobol_outputs()[0]
    jobs = output == "jobs"
    shown = computed.sobol.of(output)
    best = shown.iloc[0]
    show_text(t(f"{K}.h_sobol", lang))
    show_text(t(f"{K}.sobol" if jobs else f"{K}.own.sobol", lang, year=year,
                param=brief.lower_first(brief.input_label(best["path"], lang)),
                total=brief.share_text(best["total"], lang), first=brief.share_text(best["first"], lang),
                total_lo=brief.share_text(best["total_lo"], lang), total_hi=brief.share_text(best["total_hi"], lang)))
    fig, ax = charts.figure(7.0, 4.0)
    charts.draw_sobol(ax, shown, lang)
    show_figure(fig, t(f"{K}.fig_sobol" if jobs else f"{K}.own.fig_sobol", lang, year=year), lang)


def must_hold(sc, computed, lang: str) -> None:
    """Scenario discovery: what must hold for each target."""
    show_text(t(f"{K}.h_discovery", lang))
    if not compares():
        show_text(t(f"{K}.own.no_discovery", lang))
        return
    show_text(t(f"{K}.discovery.intro", lang, density=brief.share_text(discovery.DENSITY, lang)))
    show_text(brief.bullets(brief.must_hold_lines(computed.boxes, sc, lang)))


def technical(computed, lang: str, draws: int, seed: int) -> None:
    """How the figures above were computed."""
    sob = computed.sobol
    show_text(t(f"{K}.h_technical", lang))
    show_text(_text("technical", lang, draws=i18n.number(draws, lang), seed=seed, n=i18n.number(sob.n, lang),
                    runs=i18n.number(sob.runs, lang), inconsistent=i18n.number(len(sensitivity.consistent(sob)), lang),
                    fit=i18n.number(min(draws, discovery.FIT_DRAWS), lang)))
