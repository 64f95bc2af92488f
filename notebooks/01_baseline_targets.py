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
# The region's baseline as the akimat's plan states it (else from the region's files, each figure with
# its source and year), figures derived from it (labelled derived), public data beside them, and the
# announced targets against this scenario's projection.
# Each call shows one section (model/report/baseline_report.py).
import model
model.use_pack(scenario, programme, region, page="01_baseline_targets")  # its pack in force first (a kept kernel may have run another)
from model.report import baseline_report as report

sc = model.load_scenario(scenario, overrides=overrides)
p = model.project(sc)
report.intro(sc, p, lang)

# %%
report.baseline(lang)

# %%
report.derived(lang)

# %%
report.announced(lang)

# %%
report.targets(sc, p, lang)
