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
model.use_pack(scenario, programme, region, page="08_scenarios")  # its pack in force first (a kept kernel may have run another)
from model import build, compare, evidence
from model.report import brief, charts, i18n, scenarios_report, tables
from model.report.display import show_figure, show_table, show_text
from model.report.i18n import t

titles = build.loadable_scenarios()
names = compare.scenario_order(titles)
sc = model.load_scenario(scenario, overrides)
year = model.project(sc).summary["target_year"]
show_text(scenarios_report.intro(scenario, names, titles, lang))
if overrides:
    show_text(scenarios_report.overrides_text(sc, overrides, lang))

# %% headline results side by side
table = compare.compare_scenarios(names, overrides)
rel = compare.relative_to(table, compare.PLAN)
show_text(t("08_scenarios.h_table", lang))
show_text(scenarios_report.sentences(table, rel, names, year, lang))
scenarios_report.show_comparison(table, rel, year, lang)
fig, ax = charts.figure(7.0, 3.6)
charts.draw_relative(ax, rel, lang)
show_figure(fig, t("08_scenarios.fig_relative", lang, year=year), lang)

# %% the plan against the pilot's evidence
plan = model.project(model.load_scenario(compare.PLAN, overrides))
pilot = model.project(compare.evidence_scenario(overrides))
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

# %% does the pilot scenario reproduce the first stage?
stage = compare.stage_check(overrides)
show_text(t("08_scenarios.h_stage", lang))
show_text(t("08_scenarios.stage", lang, lent=tables.cell(stage.set_index("key").at["lent", "reported"], "money_bn", lang),
            year=evidence.observed_year(compare.evidence_scenario(overrides)),
            gap=tables.cell(stage["gap_pct"].abs().max(), "pct", lang, 1)))
show_table(brief.stage_check_view(stage, lang), t("08_scenarios.stage_caption", lang))
