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
# Direct jobs by direction and year; gross -> net (deadweight, displacement) -> plus indirect;
# job-years; people brought into entrepreneurship; the Monte Carlo chance of the announced jobs
# (the 2019 article's 90,000; none where the announcement gives no jobs). Each call shows one section
# (model/report/jobs_report.py).
import model
model.use_pack(scenario, programme, region, page="03_jobs")  # its pack in force first (a kept kernel may have run another)
from model.report import jobs_report as report

sc = model.load_scenario(scenario, overrides=overrides)
p = model.project(sc)
report.intro(sc, p, lang)

# %%
# 1. Direct (gross) jobs by direction and year
report.direct(sc, p, lang, first_year, last_year)

# %%
# 2. Each person once: owners still running a project and hired jobs; the announced jobs read both ways
report.accounting(sc, p, lang, first_year, last_year)

# %%
# 3. Gross -> net -> plus indirect
report.net(sc, p, lang, first_year, last_year)

# %%
# 3b. The jobs when projects are launched within the lenders' capacity (or on the schedule)
report.delivery(sc, p, lang, first_year, last_year)

# %%
# 4. People brought into entrepreneurship
report.entrepreneurs(sc, p, lang, first_year, last_year)

# %%
# 5. How sure: the same model over draws of every uncertain assumption (Monte Carlo)
report.chances(sc, p, lang, first_year, last_year, draws, seed)
