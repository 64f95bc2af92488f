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
# Cost per job against the announced one and the pilot's; total and fiscal cost; the economic return;
# the cost of labour; what the announced output per tenge implies; the budget's flows. The announced
# figures only where the programme's announcement gives them. Each call shows one section
# (model/report/appraisal_report.py).
import model
model.use_pack(scenario, programme, region, page="06_appraisal")  # its pack in force first (a kept kernel may have run another)
from model.report import appraisal_report as report

sc = model.load_scenario(scenario, overrides)
p = model.project(sc)
report.intro(sc, p, lang)

# %% cost per job
report.cost_per_job(sc, p, lang)

# %% total cost and fiscal cost
report.fiscal(sc, p, lang)

# %% economic return
report.returns(sc, p, lang, scenario, overrides)

# %% the cost of labour: every net job at its shadow wage
report.labour(sc, p, lang)

# %% what the plan's figures imply (where its announcement gives the added output)
report.implied(sc, p, lang, overrides)

# %% fiscal flows
report.flows(sc, p, lang, first_year, last_year)
