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
lang: str = "kk"  # report language: kk, ru or en
overrides: dict = {}  # {"dotted.path": value} applied on top of the scenario
draws: int = 1000  # Monte Carlo draws (the runner's --fast uses fewer)
seed: int = 2019  # random seed: same seed, same numbers
first_year: int = 2020  # first year shown in tables and charts
last_year: int = 2029  # last year shown in tables and charts

# %%
# Targeted social assistance (TSA): the baseline, families and people who leave it by year, the
# recipients who remain, the benefits no longer paid, the assumptions behind it and its range.
import numpy as np
from matplotlib.ticker import MaxNLocator

import model
from model import uncertainty
from model.parameters import load_sources
from model.report import charts, i18n, show_figure, show_table, show_text, tables
from model.report.i18n import t

K = "04_social_assistance"
sc = model.load_scenario(scenario, overrides=overrides)
p = model.project(sc)
s = p.summary
year = s["target_year"]
years = range(first_year, last_year + 1)
end_year = min(last_year, int(p.years[-1]))
ext = load_sources().external
families0, people0 = sc.value("tsa.families"), sc.value("tsa.people")
show_text(t(f"{K}.intro", lang, scenario=sc.title[lang]))

# %%
# 1. The baseline (the article) and the eligibility line (public data)
show_text(f"## {t(f'{K}.baseline_heading', lang)}")
show_text(t(f"{K}.baseline_text", lang, families=tables.count(families0, "families", lang),
            people=tables.count(people0, "people", lang), per_family=i18n.number(people0 / families0, lang, 2),
            threshold=i18n.money_k(ext["tsa_threshold_2019"].value, lang),
            threshold_year=ext["tsa_threshold_2019"].year,
            yearly=i18n.money_bn(people0 * sc.value("tsa.benefit_kzt_per_person_month") * 12 / 1e9, lang)))
show_table(tables.article_table(["tsa_families", "tsa_people", "tsa_recipients_fall"], lang),
           t(f"{K}.baseline_caption", lang))

# %%
# 2. Families and people leaving TSA by year (compared with 2019), and the recipients who remain
show_text(f"## {t(f'{K}.exits_heading', lang)}")
families_out, people_out, saved = p.series("tsa_families_out"), p.series("tsa_people_out"), p.series("tsa_saved_bn")
remaining = people0 - people_out  # the rest of the 2019 caseload assumed unchanged
reach, exit_p = sc.params["tsa.reach_share"], sc.params["tsa.exit_probability"]
show_text(t(f"{K}.mechanism_text", lang,
            reach=i18n.pct(100 * reach.value, lang, 0), reach_source=tables.source_label(reach, lang).lower(),
            exit=i18n.pct(100 * exit_p.value, lang, 0), exit_source=tables.source_label(exit_p, lang).lower()))
show_text(t(f"{K}.exits_text", lang, year=year,
            families=tables.count(families_out.loc[year], "families", lang),
            people=tables.count(people_out.loc[year], "people", lang),
            share=i18n.pct(100 * people_out.loc[year] / people0, lang),
            remaining=tables.count(remaining.loc[year], "people", lang),
            peak=tables.count(people_out.max(), "people", lang), peak_year=int(people_out.idxmax()),
            end=tables.count(people_out.loc[end_year], "people", lang), end_year=end_year))
h = {k: t(f"{K}.cols.{k}", lang) for k in ("families", "people", "remaining", "share", "saved")}
show_table(tables.years_table({h["families"]: families_out, h["people"]: people_out, h["remaining"]: remaining,
                               h["share"]: people_out / people0, h["saved"]: saved}, lang,
                              fmt={h["families"]: "number", h["people"]: "number", h["remaining"]: "number",
                                   h["share"]: "share", h["saved"]: "money_bn"}, years=years),
           t(f"{K}.exits_caption", lang, scenario=sc.title[lang]))

# %%
# Left: the 2019 recipients split into those who left TSA and those who remain; right: benefits
# no longer paid, by year
fig, (ax1, ax2) = charts.figure(7.0, 3.3, ncols=2)
shown = people_out.loc[first_year:last_year]
ax1.bar(shown.index, remaining.loc[shown.index], color=charts.NEUTRAL, alpha=0.35,
        label=t(f"{K}.chart_remaining", lang))
ax1.bar(shown.index, shown.values, bottom=remaining.loc[shown.index], color=charts.DIRECTION_COLORS["outside_land"],
        label=t(f"{K}.chart_left", lang))
ax1.set_title(t(f"{K}.chart_people_title", lang))
charts.thousands_axis(ax1, lang)
ax1.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
ax1.grid(axis="x", visible=False)
ax1.legend(loc="lower left", fontsize=8, framealpha=0.9, frameon=True)
ax2.bar(saved.loc[first_year:last_year].index, saved.loc[first_year:last_year].values,
        color=charts.DIRECTION_COLORS["small_business"])
ax2.set_title(t(f"{K}.chart_saved_title", lang))
ax2.set_ylabel(t(f"{K}.chart_bn", lang))
ax2.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
ax2.grid(axis="x", visible=False)
show_figure(fig, t(f"{K}.chart_caption", lang, scenario=sc.title[lang]))

# %%
# 3. The budget saved: benefits no longer paid to those who left TSA
show_text(f"## {t(f'{K}.saved_heading', lang)}")
show_text(t(f"{K}.saved_text", lang, benefit=i18n.money_k(sc.value("tsa.benefit_kzt_per_person_month"), lang),
            benefit_source=tables.source_label(sc.params["tsa.benefit_kzt_per_person_month"], lang).lower(),
            year=year, saved_year=i18n.money_bn(saved.loc[year], lang),
            total=i18n.money_bn(s["tsa_saved_bn_kzt_total"], lang), first=int(p.years[0]), last=int(p.years[-1]),
            fiscal=i18n.money_bn(s["fiscal_cost_bn_kzt"], lang), money_report=t("02_money_projects.title", lang)))

# %%
# 4. The assumptions behind the estimate, with their sources
show_text(f"## {t(f'{K}.assumptions_heading', lang)}")
show_text(t(f"{K}.assumptions_text", lang))
show_table(tables.provenance_table(sc, ["tsa.families", "tsa.people", "tsa.reach_share", "tsa.exit_probability",
                                        "tsa.benefit_kzt_per_person_month"], lang),
           t(f"{K}.assumptions_caption", lang))

# %%
# 5. How sure: the same model over draws of every uncertain assumption (Monte Carlo)
show_text(f"## {t(f'{K}.mc_heading', lang)}")
sim = uncertainty.simulate(sc, draws=draws, seed=seed)
fan = sim.fan("tsa_people_out")
saved_total = np.quantile(sim.total("tsa_saved_bn").sum(axis=1), [0.05, 0.5, 0.95])
show_text(t(f"{K}.mc_text", lang, draws=i18n.number(draws, lang), year=year,
            p5=i18n.number(fan.at[year, "p5"], lang), p50=i18n.number(fan.at[year, "p50"], lang),
            p95=i18n.number(fan.at[year, "p95"], lang),
            saved_p5=i18n.money_bn(saved_total[0], lang), saved_p95=i18n.money_bn(saved_total[2], lang)))
show_table(tables.fan_table(fan, lang, years=years),
           t(f"{K}.fan_table_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]))
fig, ax = charts.figure(7.0, 3.3)
charts.fan(ax, fan.loc[first_year:last_year], charts.DIRECTION_COLORS["outside_land"], t(f"{K}.fan_band", lang),
           t(f"{K}.fan_median", lang))
ax.plot(people_out.loc[first_year:last_year].index, people_out.loc[first_year:last_year].values, color=charts.NEUTRAL,
        linestyle=":", linewidth=1.5, label=t(f"{K}.fan_central", lang))
ax.set_ylim(bottom=0)
ax.xaxis.set_major_locator(MaxNLocator(integer=True))
charts.thousands_axis(ax, lang)
ax.set_ylabel(t(f"{K}.people_axis", lang))
ax.legend(loc="upper right", fontsize=8)
show_figure(fig, t(f"{K}.fan_caption", lang, draws=i18n.number(draws, lang), scenario=sc.title[lang]))
