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
# Targeted social assistance (TSA), household by household: the synthetic rural population, the
# rule as the law states it, the caseload without the programme, who leaves because of the
# programme and why, the districts, the income distribution, the pilot check, the aggregate
# cross-check and the Monte Carlo range. Numbers: model/microsim; tables: model/report/social_assistance.
import model
model.use_pack(scenario, programme, region, page="04_social_assistance")  # its pack in force first (a kept kernel may have run another)
from model import microsim, results_file
from model.microsim.results import figures
from model.report import i18n, show_figure, show_table, show_text
from model.report import social_assistance as sa
from model.report.i18n import t

K = "04_social_assistance"
sc = model.load_scenario(scenario, overrides=overrides)
m = microsim.run(sc)
f = figures(m)
w = sa.text_fields(f, lang)
year = f["year"]
years = sa.shown_years(first_year, last_year)
show_text(t(f"{K}.intro", lang, scenario=sc.title[lang]))

# %%
# 1. The synthetic population and the rule
show_text(f"## {t(f'{K}.population_heading', lang)}")
show_text(t(f"{K}.population_text", lang, households=i18n.number(m.pop.households, lang),
            settlements=i18n.number(m.pop.settlements, lang), rural_share=w["rural_share"]))
sa.calibration(m, lang)  # the announcement's figures of the rural population against the model's, if it gives them
show_text(t(f"{K}.rule_text", lang, **w))

# %%
# 2. The caseload without the programme, against the published figures
show_text(f"## {t(f'{K}.counterfactual_heading', lang)}")
show_text(t(f"{K}.counterfactual_text", lang, **w))
show_text(t(f"{K}.public_text", lang, **w))
show_table(sa.public_table(m, lang), t(f"{K}.public_caption", lang, scenario=sc.title[lang]))
show_figure(sa.caseload_chart(m, lang, first_year, last_year), t(f"{K}.chart_caseload_caption", lang, scenario=sc.title[lang]), lang)

# %%
# 3. The programme's effect: the difference between the two paths
show_text(f"## {t(f'{K}.effect_heading', lang)}")
show_text(t(f"{K}.effect_text", lang, last=int(m.cf.years[-1]), **w))
show_text(t(sa.verdict_key(f), lang, **w))
show_table(sa.caseload_table(m, lang, years), t(f"{K}.caseload_caption", lang, scenario=sc.title[lang]))

# %%
# 3b. Loans to repay: what a project earns its owner against its loan service, by direction
p = model.project(sc)
show_text(f"## {t(f'{K}.repayment_heading', lang)}")
show_text(t(f"{K}.repayment_text", lang, **sa.repayment_fields(p, lang)))
show_table(sa.repayment_table(p, lang), t(f"{K}.repayment_caption", lang, scenario=sc.title[lang]))

# %%
# 4. Who leaves and why: family size, income before, district
show_text(f"## {t(f'{K}.who_heading', lang)}")
show_text(t(f"{K}.who_text", lang, **w))
show_table(sa.who_leaves_table(m, "members", lang), t(f"{K}.who_size_caption", lang, year=year))
show_table(sa.who_leaves_table(m, "income", lang), t(f"{K}.who_income_caption", lang, year=year))
show_figure(sa.who_leaves_chart(m, lang), t(f"{K}.chart_who_caption", lang, year=year, scenario=sc.title[lang]), lang)

# %%
# 5. The districts (they sum to the oblast)
show_text(f"## {t(f'{K}.districts_heading', lang)}")
show_text(t(f"{K}.districts_text", lang))
show_table(sa.districts_table(m, lang), t(f"{K}.districts_caption", lang, year=year, scenario=sc.title[lang]))

# %%
# 6. The income distribution: deciles and poverty, without and with the programme
show_text(f"## {t(f'{K}.income_heading', lang)}")
show_text(t(f"{K}.income_text", lang, year=year))
show_table(sa.deciles_table(m, lang), t(f"{K}.deciles_caption", lang, year=year))
show_figure(sa.deciles_chart(m, lang), t(f"{K}.chart_deciles_caption", lang, year=year, scenario=sc.title[lang]), lang)
show_table(sa.poverty_table(m, lang, years), t(f"{K}.poverty_caption", lang, scenario=sc.title[lang]))

# %%
# 7. The pilot's first stage read through the same households
show_text(f"## {t(f'{K}.pilot_heading', lang)}")
sa.pilot(lang)  # or, for a programme with no pilot of its own, one sentence

# %%
# 7b. Every check against a published figure, with its tolerance (the fitted ones show their residuals)
show_text(f"## {t(f'{K}.checks_heading', lang)}")
show_text(t(f"{K}.checks_text", lang, **sa.checks_fields(m.checks, lang)))
show_table(sa.checks_table(m.checks, lang), t(f"{K}.checks_caption", lang))

# %%
# 8. The aggregate estimate beside the microsimulation
show_text(f"## {t(f'{K}.aggregate_heading', lang)}")
show_text(t(f"{K}.aggregate_text", lang))
show_table(sa.aggregate_table(m, lang, years), t(f"{K}.aggregate_caption", lang, scenario=sc.title[lang]))

# %%
# 9. How sure: the same microsimulation over draws of the model's uncertain assumptions
show_text(f"## {t(f'{K}.mc_heading', lang)}")
sim = results_file.simulation(sc, draws, seed)  # computed once for every language (or here, on demand)
fan = sim.fan("tsa_people_out")
show_text(t(f"{K}.mc_text", lang, draws=i18n.number(draws, lang), populations=len(sim.uncertainties.populations),
            year=year, p5=i18n.number(fan.at[year, "p5"], lang),
            p50=i18n.number(fan.at[year, "p50"], lang), p95=i18n.number(fan.at[year, "p95"], lang)))
show_figure(sa.fan_chart(fan, lang, first_year, last_year), t(f"{K}.fan_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]), lang)
sa.households_share(sc, draws, seed, year, lang)  # how much of the band the households explain

# %%
# 10. The inputs behind the estimate, with their sources (the region's tsa.yaml)
show_text(f"## {t(f'{K}.assumptions_heading', lang)}")
show_text(t(f"{K}.assumptions_text", lang))
show_table(sa.inputs_table(lang), t(f"{K}.assumptions_caption", lang))
