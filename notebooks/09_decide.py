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
scenario: str = "akimat"  # scenario name in data/scenarios (the plan set beside the estimate)
programme: str = ""  # a folder of data/programmes; "": the scenario's own, else zhambyl_2019
region: str = ""  # a folder of data/regions; "": the scenario's own, else zhambyl
lang: str = "kk"  # report language: kk, ru or en
overrides: dict = {}  # {"dotted.path": value} applied on top of the scenario and the delivery path
draws: int = 1000  # prior draws to start from (drawn again with twice as many while the sample is too small)
seed: int = 2019  # random seed: same seed, same numbers
first_year: int = 2020  # first year shown in tables and charts
last_year: int = 2029  # last year shown in tables and charts

# %%
# The best estimate of each target, updated by the pilot's first stage, on the path the programme
# really follows; the figure to announce; where the money does most; the tranche rule. A programme
# without its own reported lending: on its plan's schedule, and a sentence for what needs that lending.
# Numbers: model/decide.py; each call shows one section (model/report/decide_report.py). The
# allocation maximises jobs; `python -m model decide --objective tsa|output` gives the others.
import model
model.use_pack(scenario, programme, region, page="09_decide")  # its pack in force first (a kept kernel may have run another)
from model.report import decide_report as report

sc = model.load_scenario(scenario, overrides=overrides)
d = report.record(sc, draws, seed, overrides)  # decide.decide, once for every language (or decide.on_plan)
report.intro(d, sc, lang, overrides)

# %%
report.estimates(d, lang)
report.path_chart(d, lang, first_year, last_year)

# %%
report.directions(d, lang)

# %%
report.allocation(d, lang)

# %%
report.tranche(d, lang)

# %%
report.technical_note(d, lang)
