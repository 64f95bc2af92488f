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
# The chance of each target over Monte Carlo draws, the spread of the main results, which assumptions
# move them, and what must hold for each target. Each call shows one section
# (model/report/uncertainty_page.py).
import model
model.use_pack(scenario, programme, region, page="07_uncertainty")  # its pack in force first (a kept kernel may have run another)
from model import results_file
from model.report import uncertainty_page as report

sc = model.load_scenario(scenario, overrides)
p = model.project(sc)
computed = results_file.computed(sc, draws, seed)  # once for every language (or here, on demand)
report.intro(sc, computed, lang)

# %% probability of reaching each target
report.probabilities(p, computed, lang)

# %% fan charts
report.fans(p, computed, lang, first_year, last_year)

# %% tornado
report.tornado(p, computed, lang)

# %% Sobol indices with confidence intervals
report.sobol(p, computed, lang)

# %% scenario discovery: what must hold for each target
report.must_hold(sc, computed, lang)

# %% technical note: how the figures above were computed
report.technical(computed, lang, draws, seed)
