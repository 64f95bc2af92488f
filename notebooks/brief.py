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
from model.report import brief, tables
from model.report.display import show_table, show_text
from model.report.i18n import t

sc = model.load_scenario(scenario, overrides)
p = model.project(sc)
pilot = model.project(compare.evidence_scenario(overrides))  # the same money at the pilot's rates, in this pack
computed = results_file.computed(sc, draws, seed)  # once for every language (or here, on demand)
sim = computed.simulation
year = p.summary["target_year"]
micro = microsim.run(sc)
micro_pilot = microsim.run(pilot.scenario)
plan_label, pilot_label = brief.scenario_label(scenario, lang), brief.scenario_label(compare.EVIDENCE, lang)

# %% page one: the bottom line, one best estimate per target (model/decide.py), what to decide, the verdict
# (a programme without the 2019 programme's pilot, outturn and announced figures: its subject, and what is left out)
brief.page_one(computed, sc, p, pilot, sim, micro, micro_pilot, lang, draws, seed)

# %% 1. the plan beside the evidence
brief.plan_beside_evidence(p, pilot, sim, micro, micro_pilot, lang, draws, first_year, last_year, plan_label, pilot_label)

# %% 2. what must hold
brief.must_hold_section(computed, sc, lang)

# %% 3. what actually happened, 2020-2023
brief.outturn_section(p, pilot, micro, micro_pilot, lang)

# %% 4. districts
show_text(t("brief.h_districts", lang))
show_text(t("brief.districts_intro", lang, year=year, households=tables.cell(micro.pop.households, "number", lang)))
show_table(brief.districts_view(compare.district_table(micro), compare.district_table(micro_pilot), lang),
           t("brief.districts_caption", lang, year=year))

# %% 5. main risks
brief.risks_section(p, sim, pilot, lang)

# %% appendix: glossary, every assumption and its source (set small)
show_text(brief.APPENDIX)
show_text(t("brief.h_glossary", lang))
show_table(brief.glossary_view(lang), t("brief.glossary_caption", lang))
show_text(t("brief.h_appendix", lang))
show_text(t("brief.appendix_intro", lang))
values, notes = brief.direction_appendix(sc, lang)
show_table(values, t("brief.appendix_directions", lang))
show_table(*brief.assumption_appendix(sc, lang))
