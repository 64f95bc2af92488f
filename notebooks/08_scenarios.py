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
# Every scenario of the pack side by side, the plan against the pilot's evidence, and the check that
# the pilot scenario reproduces the first stage: each call shows one section (model/report/scenarios_report.py).
import model
model.use_pack(scenario, programme, region, page="08_scenarios")  # its pack in force first (a kept kernel may have run another)
from model.report import scenarios_report

scenarios_report.intro_section(scenario, overrides, lang)

# %% headline results side by side
scenarios_report.side_by_side(scenario, overrides, lang)

# %% the plan against the pilot's evidence
scenarios_report.plan_against_evidence(scenario, overrides, lang)

# %% does the pilot scenario reproduce the first stage?
scenarios_report.stage_section(overrides, lang)
