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
import model
model.use_pack(scenario, programme, region, page="06_appraisal")  # its pack in force first (a kept kernel may have run another)
from model import compare
from model.parameters import load_sources
from model.report import appraisal_report, brief, charts, i18n, tables
from model.report.display import show_figure, show_table, show_text
from model.report.i18n import t

sc = model.load_scenario(scenario, overrides)
p = model.project(sc)
s = p.summary
pilot_sc = compare.evidence_scenario(overrides)
pilot = model.project(pilot_sc)
money = tables.cell(s["spent_by_target_year_bn_kzt"], "money_bn", lang)
show_text(t("06_appraisal.intro", lang, scenario=sc.title[lang], year=s["target_year"]))

# %% cost per job
bench = compare.cost_per_job_benchmarks(p)
value = bench.set_index("key")["value"]
show_text(t("06_appraisal.h_cost_per_job", lang))
show_text(t("06_appraisal.cost_per_job", lang, year=s["target_year"], money=money,
            jobs=i18n.number(s["jobs_direct"], lang), gross=tables.cell(value["projection_gross"], "money_m", lang),
            net_jobs=i18n.number(s["jobs_net_total"], lang),
            net=tables.cell(value["projection_net"], "money_m", lang),
            fiscal_net=tables.cell(value["projection_fiscal_net"], "money_m", lang),
            article=tables.cell(value["article"], "money_m", lang),
            pilot_hired=tables.cell(value["pilot_hired"], "money_m", lang),
            pilot_with=tables.cell(value["pilot_with_proprietors"], "money_m", lang),
            pilot_nominal=tables.cell(value["pilot_hired_nominal"], "money_m", lang),
            ratio=i18n.number(bench.set_index("key").at["pilot_hired", "times_projection"], lang, 1)))
show_table(brief.cost_per_job_view(bench, p, lang), t("06_appraisal.cost_caption", lang))
fig, ax = charts.figure(7.0, 2.8)
charts.draw_cost_per_job(ax, bench, lang)
show_figure(fig, t("06_appraisal.fig_cost", lang), lang)

# %% total cost and fiscal cost
parts = compare.funding_parts(p)
show_text(t("06_appraisal.h_fiscal", lang))
show_text(t("06_appraisal.fiscal", lang, total=tables.cell(s["budget_bn_kzt"], "money_bn", lang),
            admin=tables.cell(parts.at["admin", "amount"], "money_bn", lang),
            fiscal=tables.cell(parts.at["total", "fiscal"], "money_bn", lang),
            share=brief.share_text(parts.at["total", "fiscal_share"], lang, 1),
            rate=tables.cell(sc.value("funding.microcredit_rate"), "share", lang, 0),
            market=tables.cell(sc.value("funding.market_rate"), "share", lang, 0),
            ge=brief.share_text(parts.at["microcredit", "grant_element"], lang),
            microcredit=tables.cell(parts.at["microcredit", "amount"], "money_bn", lang),
            microcredit_cost=tables.cell(parts.at["microcredit", "fiscal"], "money_bn", lang)))
show_table(tables.funding_table(p, lang), t("06_appraisal.funding_caption", lang))

# %% economic return
rate = s["discount_rate"]
show_text(t("06_appraisal.h_returns", lang))
show_text(t("06_appraisal.returns", lang, rate=tables.cell(rate, "share", lang, 0),
            npv=tables.cell(s["economic_npv_bn_kzt"], "money_bn", lang),
            bcr=i18n.number(s["economic_bcr"], lang, 2), irr=tables.cell(s["economic_irr"], "share", lang, 0),
            payback=brief.payback_text(s["payback_years"], lang), first=int(p.years[0]), last=int(p.years[-1])),
          t("06_appraisal.returns_positive" if s["economic_npv_bn_kzt"] > 0 else "06_appraisal.returns_negative",
            lang, last=int(p.years[-1])))
rates = compare.discount_rate_table(scenario, overrides)
show_table(brief.discount_rate_view(rates, lang, central=rate), t("06_appraisal.rates_caption", lang))

# %% the cost of labour: every net job at its shadow wage
appraisal_report.labour(sc, p, lang)

# %% what the plan's figures imply
art = load_sources().article
va = sc.value("appraisal.value_added_share")
implied = compare.implied_by_the_article(pilot, p, va)
show_text(t("06_appraisal.h_implied", lang))
show_text(t("06_appraisal.implied", lang, output=tables.cell(art["output_added"].value, "money_bn", lang),
            money=tables.cell(art["programme_cost"].value, "money_bn", lang),
            ratio=i18n.number(implied["output_per_tenge"], lang, 2),
            va=tables.cell(va, "share", lang, 0), income=i18n.number(implied["income_per_tenge"], lang, 2),
            months=i18n.number(implied["months_to_repay"], lang, 0),
            pilot=i18n.number(implied["pilot_output_per_tenge"], lang, 2),
            times=brief.times(implied["times_pilot"], lang),
            projection=i18n.number(implied["projection_output_per_tenge"], lang, 2), year=s["target_year"]))

# %% fiscal flows
flows = compare.fiscal_flows(p)
shown = flows.loc[first_year:last_year]
break_even = compare.fiscal_break_even(p)
show_text(t("06_appraisal.h_flows", lang))
show_text(t("06_appraisal.flows", lang, first=int(p.years[0]), last=int(p.years[-1]),
            fiscal=tables.cell(flows["fiscal_cost"].sum(), "money_bn", lang),
            saved=tables.cell(flows["tsa_saved"].sum(), "money_bn", lang),
            taxes=tables.cell(flows["taxes"].sum(), "money_bn", lang),
            npv=tables.cell(s["fiscal_npv_bn_kzt"], "money_bn", lang),
            rate=tables.cell(rate, "share", lang, 0)),
          t("06_appraisal.break_even", lang, year=break_even) if break_even is not None
          else t("06_appraisal.no_break_even", lang, last=int(p.years[-1])))
fig, ax = charts.figure(7.0, 3.4)
charts.draw_fiscal_flows(ax, shown, lang)
show_figure(fig, t("06_appraisal.fig_flows", lang), lang)
show_table(tables.fiscal_flows_table(shown, lang), t("06_appraisal.flows_caption", lang))
