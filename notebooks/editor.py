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
# The scenario editor: every assumption of the base scenario `scenario` beside a control, the
# targets and key charts against the base, the list of changes, "save as scenario". Run it in
# JupyterLab (`make lab`) or as a page without code (`make app`); under papermill (the runner,
# CI) it shows the same view without widgets. The logic lives in model/editor.py and
# model/report/editor.py.
import model
from model.report import editor

model.use_pack(scenario, *editor.page_pack(programme, region), page="editor")  # its pack in force first (a kept kernel may have run another);
# under `make app` the page's address may name it: ?programme=NAME&region=NAME

app = editor.show(scenario, lang, overrides, draws, seed, first_year, last_year)
