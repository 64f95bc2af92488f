# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
scenario: str = "akimat"  # scenario name in data/scenarios
programme: str = ""  # a folder of data/programmes; "": the scenario's own, else zhambyl_2019
region: str = ""  # a folder of data/regions; "": the scenario's own, else zhambyl
lang: str = "kk"  # report language: kk, ru or en
overrides: dict = {}  # {"dotted.path": value} applied on top of the scenario
draws: int = 1000  # Monte Carlo draws (the runner's --fast uses fewer)
seed: int = 2019  # random seed: same seed, same numbers
first_year: int = 2020  # first year shown in tables and charts
last_year: int = 2029  # last year shown in tables and charts

# %%
import model
model.use_pack(scenario, programme, region, page="07_uncertainty")  # its pack in force first (a kept kernel may have run another)
from model import compare, discovery, results_file, sensitivity
from model.report import brief, charts, i18n, tables
from model.report.display import show_figure, show_table, show_text
from model.report.i18n import t

sc = model.load_scenario(scenario, overrides)
p = model.project(sc)
year = p.summary["target_year"]
goal = p.targets.set_index("key")["target"]
computed = results_file.computed(sc, draws, seed)  # once for every language (or here, on demand)
sim = computed.simulation
show_text(t("07_uncertainty.intro", lang, scenario=sc.title[lang], n_params=len(sim.uncertainties.paths)))
if sc.calibration is not None:
    show_text(t("07_uncertainty.calibrated", lang))

# %% probability of reaching each target
probs = sim.target_probabilities()
low = probs[probs["probability"] < compare.UNLIKELY]
show_text(t("07_uncertainty.h_probabilities", lang))
show_text(t("07_uncertainty.probabilities", lang, year=year, all=brief.share_text(sim.joint_probability(), lang)),
          t("07_uncertainty.detail_low", lang, items=brief.probability_items(zip(low["key"], low["probability"]), lang))
          if len(low) else t("07_uncertainty.detail_none", lang))
show_table(tables.probabilities_table(probs, lang, year=year), t("07_uncertainty.prob_caption", lang, year=year))
fig, ax = charts.figure(7.0, 3.0)
charts.draw_probabilities(ax, probs, lang)
show_figure(fig, t("07_uncertainty.fig_prob", lang, year=year), lang)

# %% fan charts
jobs, out, tsa = sim.fan("jobs"), sim.fan("output_agri"), sim.fan("tsa_people_out")
show_text(t("07_uncertainty.h_fans", lang))
show_text(t("07_uncertainty.fans", lang, year=year,
            jobs_lo=i18n.number(jobs.at[year, "p5"], lang), jobs_hi=i18n.number(jobs.at[year, "p95"], lang),
            jobs_mid=i18n.number(jobs.at[year, "p50"], lang),
            out_lo=tables.cell(out.at[year, "p5"], "money_bn", lang),
            out_hi=tables.cell(out.at[year, "p95"], "money_bn", lang),
            out_mid=tables.cell(out.at[year, "p50"], "money_bn", lang),
            tsa_lo=i18n.number(tsa.at[year, "p5"], lang), tsa_hi=i18n.number(tsa.at[year, "p95"], lang)),
          t("07_uncertainty.tsa_note", lang, year=year, households=i18n.number(p.series("tsa_people_out").loc[year], lang)))
fig, ax = charts.figure(7.0, 3.0)
charts.draw_fan(ax, jobs, lang, color=charts.DIRECTION_COLORS["small_business"], target=goal["jobs"],
                years=(first_year, last_year), ylabel=t("brief.chart.jobs_axis", lang))
show_figure(fig, t("07_uncertainty.fig_jobs", lang), lang)
fig, ax = charts.figure(7.0, 3.0)
charts.draw_fan(ax, out, lang, color=charts.DIRECTION_COLORS["outside_land"], target=goal["output_added_bn_kzt"],
                years=(first_year, last_year), ylabel=t("brief.chart.bn_kzt", lang))
show_figure(fig, t("07_uncertainty.fig_output", lang), lang)
fig, ax = charts.figure(7.0, 3.0)
charts.draw_fan(ax, tsa, lang, color=charts.DIRECTION_COLORS["livestock"], years=(first_year, last_year),
                ylabel=t("brief.chart.people_axis", lang))
show_figure(fig, t("07_uncertainty.fig_tsa", lang), lang)

# %% tornado
tor = computed.tornado
top = tor.iloc[0]
show_text(t("07_uncertainty.h_tornado", lang))
show_text(t("07_uncertainty.tornado", lang, param=brief.lower_first(brief.input_label(top["path"], lang)),
            year=year, low=i18n.number(min(top["low"], top["high"]), lang),
            high=i18n.number(max(top["low"], top["high"]), lang), base=i18n.number(top["base"], lang)))
fig, ax = charts.figure(7.0, 4.0)
charts.draw_tornado(ax, tor, lang, xlabel=t("brief.chart.jobs_axis", lang))
show_figure(fig, t("07_uncertainty.fig_tornado", lang, year=year), lang)

# %% Sobol indices with confidence intervals
sob = computed.sobol
jobs_sobol = sob.of("jobs")
best = jobs_sobol.iloc[0]
show_text(t("07_uncertainty.h_sobol", lang))
show_text(t("07_uncertainty.sobol", lang, year=year, param=brief.lower_first(brief.input_label(best["path"], lang)),
            total=brief.share_text(best["total"], lang), first=brief.share_text(best["first"], lang),
            total_lo=brief.share_text(best["total_lo"], lang), total_hi=brief.share_text(best["total_hi"], lang)))
fig, ax = charts.figure(7.0, 4.0)
charts.draw_sobol(ax, jobs_sobol, lang)
show_figure(fig, t("07_uncertainty.fig_sobol", lang, year=year), lang)

# %% scenario discovery: what must hold for each target
boxes = computed.boxes
show_text(t("07_uncertainty.h_discovery", lang))
show_text(t("07_uncertainty.discovery.intro", lang, density=brief.share_text(discovery.DENSITY, lang)))
show_text(brief.bullets(brief.must_hold_lines(boxes, sc, lang)))

# %% technical note: how the figures above were computed
show_text(t("07_uncertainty.h_technical", lang))
show_text(t("07_uncertainty.technical", lang, draws=i18n.number(draws, lang), seed=seed, n=i18n.number(sob.n, lang),
            runs=i18n.number(sob.runs, lang), inconsistent=i18n.number(len(sensitivity.consistent(sob)), lang),
            fit=i18n.number(min(draws, discovery.FIT_DRAWS), lang)))
