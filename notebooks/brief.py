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
model.use_pack(scenario, programme, region, page="brief")  # its pack in force first (a kept kernel may have run another)
from model import compare, microsim, results_file
from model.report import brief, charts, tables
from model.report.display import show_figure, show_table, show_text
from model.report.i18n import t

sc = model.load_scenario(scenario, overrides)
p = model.project(sc)
pilot = model.project(compare.evidence_scenario(overrides))
computed = results_file.computed(sc, draws, seed)  # once for every language (or here, on demand)
sim = computed.simulation
year = p.summary["target_year"]
micro = microsim.run(sc)
micro_pilot = microsim.run(pilot.scenario)
v = compare.verdict(p, pilot, sim, compare.tsa_effect(micro.caseload, year), compare.tsa_effect(micro_pilot.caseload, year))
plan_label, pilot_label = brief.scenario_label(scenario, lang), brief.scenario_label(compare.EVIDENCE, lang)

# %% page one: the bottom line, one best estimate per target (model/decide.py), what to decide, the verdict
d = computed.decision
show_text(brief.NO_COVER)
show_text(t("brief.subject", lang, year=year, money=tables.cell(p.summary["budget_bn_kzt"], "money_bn", lang)))
show_text(brief.bottom_line(d, lang))
show_table(brief.decision_view(d, lang), t("brief.decision_caption", lang, year=d["decision_year"]))
show_text(t("brief.h_decide", lang))
show_text(brief.boxed(brief.decision_lines(d, v, lang)))
show_text(t("brief.h_verdict", lang))
show_text(brief.boxed([brief.to_date_line(d, lang), *brief.verdict_lines(v, lang)]))
show_text(t("brief.prepared", lang, scenario=sc.title[lang], draws=tables.cell(draws, "number", lang), seed=seed))

# %% 1. the plan beside the evidence
show_text(t("brief.h_plan_evidence", lang))
show_text(t("brief.plan_evidence_intro", lang, year=year, draws=tables.cell(draws, "number", lang)))
show_table(brief.targets_view(p, pilot, sim, lang), t("brief.targets_caption", lang, year=year))
fig, (left, right) = charts.figure(7.0, 2.2, ncols=2)
charts.draw_fan(left, sim.fan("jobs_target_basis"), lang, color=charts.DIRECTION_COLORS["small_business"],
                target=compare.jobs_target(), central=p.series("jobs_target_basis"), central_label=plan_label,
                other=pilot.series("jobs_target_basis"), other_label=pilot_label, years=(first_year, last_year),
                legend=False, ylabel=t("brief.chart.jobs_axis", lang))
left.set_title(t("brief.left_jobs", lang))
charts.draw_caseload(right, micro.caseload, micro_pilot.caseload, lang, plan_label=plan_label,
                     evidence_label=pilot_label, years=(first_year, last_year), ylabel=t("brief.chart.people_axis", lang))
right.set_title(t("brief.right_tsa", lang))
charts.shared_legend(fig, (left, right), ncols=3)
show_figure(fig, t("brief.fig_jobs_tsa", lang, target=tables.cell(compare.jobs_target(), "number", lang)), lang)
show_table(brief.appraisal_view(compare.appraisal_side_by_side(p, pilot), p, pilot, lang),
           t("brief.appraisal_caption", lang))
show_text(brief.implausible_note(lang))

# %% 2. what must hold
show_text(t("brief.h_hold", lang))
show_text(brief.must_hold_text(computed.boxes, sc, lang))
show_text(brief.bullets(brief.stretch_lines(compare.plan_calibration(sc), lang)))

# %% 3. what actually happened, 2020-2023
show_text(t("brief.h_outturn", lang))
show_text(t("brief.outturn_intro", lang, region=brief.region_text(v["region"], lang)))
show_table(brief.outturn_view(compare.outturn(p, pilot, micro.caseload, micro_pilot.caseload), lang),
           t("brief.outturn_caption", lang))

# %% 4. districts
show_text(t("brief.h_districts", lang))
show_text(t("brief.districts_intro", lang, year=year, households=tables.cell(micro.pop.households, "number", lang)))
show_table(brief.districts_view(compare.district_table(micro), compare.district_table(micro_pilot), lang),
           t("brief.districts_caption", lang, year=year))

# %% 5. main risks
show_text(t("brief.h_risks", lang))
show_text(brief.bullets(brief.risk_texts(compare.risks(p, sim, evidence=pilot), lang)))

# %% appendix: glossary, every assumption and its source (set small)
show_text(brief.APPENDIX)
show_text(t("brief.h_glossary", lang))
show_table(brief.glossary_view(lang), t("brief.glossary_caption", lang))
show_text(t("brief.h_appendix", lang))
show_text(t("brief.appendix_intro", lang))
values, notes = brief.direction_appendix(sc, lang)
show_table(values, t("brief.appendix_directions", lang))
show_table(*brief.assumption_appendix(sc, lang))
