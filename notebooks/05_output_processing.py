# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
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
# Added agricultural output by direction and year against the akimat's 132.2 bn; the rise against
# both baselines; processing-plant load in % and in points; the Monte Carlo chance.
# Each call shows one section (model/report/output_report.py).
import model
model.use_pack(scenario, programme, region, page="05_output_processing")  # its pack in force first (a kept kernel may have run another)
from model.report import output_report as report

sc = model.load_scenario(scenario, overrides=overrides)
p = model.project(sc)
report.intro(sc, lang)

# %%
report.output(sc, p, lang, first_year, last_year)

# %%
report.rise_and_processing(sc, p, lang, first_year, last_year)

# %%
report.chances(sc, p, lang, first_year, last_year, draws, seed)
