# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
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
# Money and projects by direction and year, running projects after failures, the funding mix
# (what the state budget bears) and, for a calibrated scenario, how far the calibration moved
# each per-project rate from its prior assumption. Each call shows one section
# (model/report/money_report.py).
import model
model.use_pack(scenario, programme, region, page="02_money_projects")  # its pack in force first (a kept kernel may have run another)
from model.report import money_report as report

sc = model.load_scenario(scenario, overrides=overrides)
p = model.project(sc)
report.intro(sc, lang)

# %%
report.directions(sc, p, lang, last_year)

# %%
report.timeline(sc, p, lang, first_year, last_year)

# %%
# Delivery: what the lenders can launch a year, against the schedule and what was reported (if any)
report.delivery(sc, p, lang, first_year, last_year)

# %%
report.funding(sc, p, lang)

# %%
report.calibration(sc, lang)
