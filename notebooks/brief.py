# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
scenario: str = "akimat"  # scenario name in data/scenarios
lang: str = "kk"  # report language: kk, ru or en
overrides: dict = {}  # {"dotted.path": value} applied on top of the scenario
draws: int = 1000  # Monte Carlo draws (the runner's --fast uses fewer)
seed: int = 2019  # random seed: same seed, same numbers
first_year: int = 2020  # first year shown in tables and charts
last_year: int = 2029  # last year shown in tables and charts

# %%
import model
from model import uncertainty
from model.report import brief, charts, tables
from model.report.display import show_figure, show_table, show_text
from model.report.i18n import t

sc = model.load_scenario(scenario, overrides)
p = model.project(sc)
plan = model.project(model.load_scenario(brief.PLAN, overrides))
pilot = model.project(model.load_scenario(brief.EVIDENCE, overrides))
other = {brief.PLAN: plan, brief.EVIDENCE: pilot}[brief.counterpart(scenario)]
other_label = brief.scenario_label(other.scenario.name, lang)
sim = uncertainty.simulate(sc, draws=draws, seed=seed)
probs = sim.target_probabilities()
year = p.summary["target_year"]
goal = p.targets.set_index("key")["target"]

# %% page one: targets, projection, verdict
show_text(t("brief.h_summary", lang))
show_text(t("brief.intro", lang, scenario=sc.title[lang], year=year, draws=tables.cell(draws, "number", lang)))
show_text("**" + brief.verdict(p, sim, other, lang) + "**")
show_table(brief.targets_overview(p, sim, other, lang), t("brief.overview_caption", lang, year=year, other=other_label))

# %% the charts that carry the argument
show_text(t("brief.h_charts", lang))
fig, (left, right) = charts.figure(7.0, 2.6, ncols=2)
brief.draw_fan(left, sim.fan("jobs_direct"), lang, color=charts.DIRECTION_COLORS["small_business"],
               target=goal["jobs"], other=other.series("jobs_direct"), other_label=other_label,
               years=(first_year, last_year), legend=False)
left.set_title(t("brief.left_jobs", lang))
brief.draw_fan(right, sim.fan("tsa_people_out"), lang, color=charts.DIRECTION_COLORS["outside_land"],
               other=other.series("tsa_people_out"), other_label=other_label, years=(first_year, last_year),
               legend=False)
right.set_title(t("brief.right_tsa", lang))
brief.shared_legend(fig, (left, right))
show_figure(fig, t("brief.fig_jobs_tsa", lang, other=other_label))
fig, (left, right) = charts.figure(7.0, 2.5, ncols=2)
brief.draw_probabilities(left, probs, lang, keys=brief.RESULT_TARGETS)
brief.draw_plan_vs_evidence(right, brief.plan_vs_evidence(plan, pilot), lang, ylabels=False)
show_figure(fig, t("brief.fig_targets", lang, year=year,
                   money=tables.cell(pilot.summary["budget_bn_kzt"], "money_bn", lang)))
fig, ax = charts.figure(7.0, 3.2)
brief.draw_stretch(ax, brief.plan_calibration(sc), lang)
show_figure(fig, t("brief.fig_stretch", lang))

# %% main risks
show_text(t("brief.h_risks", lang))
show_text("\n".join("- " + brief.risk_text(key, fields, lang)
                    for key, fields in brief.risks(p, sim, evidence=pilot)))

# %% appendix: every assumption and its source
show_text(t("brief.h_appendix", lang))
show_text(t("brief.appendix_intro", lang, assumption=t("tables.sources.assumption", lang),
            calibrated=t("tables.sources.calibrated", lang)))
show_table(brief.assumption_appendix(sc, lang), t("brief.appendix_general", lang))
values, notes = brief.direction_appendix(sc, lang)
show_table(values, t("brief.appendix_directions", lang))
show_table(notes, t("brief.appendix_notes", lang))
