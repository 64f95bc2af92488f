"""Notebook 06, section by section: cost per job against the announced one and the pilot's; total
and fiscal cost; the economic return and its discount rates; the cost of labour (each net job
charged its shadow wage); what the announced output per tenge implies; the budget's flows. Each
function shows one section; notebook 06 only calls them. Numbers: model.compare.

The announced cost per job and the output per tenge are the announcement's figures (the 2019
article's 0.52 m KZT per job and 132.2 bn of output): shown where the pack's announcement gives jobs
and output (``compare.announced_cost_per_job``, ``Projection.targets``), left out where it does not,
with one sentence saying so. The pilot beside them is the programme's own or, for a programme that
builds on another (``about.yaml`` ``prior``), that programme's pilot, named as such.
"""
from __future__ import annotations

import pandas as pd

from .. import compare, packs
from ..derived import cost_per_job_m_kzt
from ..parameters import load_sources
from ..prices import BASE_YEAR
from ..projection import project
from . import brief, charts, i18n, tables
from .brief import appraisal_cell
from .display import show_figure, show_table, show_text
from .i18n import t

K = "06_appraisal"
KEYS = {"npv": "economic_npv_bn_kzt", "bcr": "economic_bcr", "irr": "economic_irr"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _rate(x: float, lang: str) -> str:
    """A loan's rate as the text says it: 6 %, and 2,5 % with its decimal (never rounded to 2 %)."""
    return tables.cell(x, "share", lang, 0 if round(100 * x, 6).is_integer() else 1)


def _output_announced() -> bool:
    """Whether the announcement gives the added output the plan's output per tenge is read from."""
    return "output_added" in load_sources().article


def intro(sc, p, lang: str) -> None:
    show_text(t(f"{K}.intro", lang, scenario=sc.title[lang], year=p.summary["target_year"]))


def _announced_cost_text(value: pd.Series, lang: str) -> str:
    """The announcement's cost per job in one sentence (money of a later year: in 2019 prices, the
    figure as announced beside it), or that it announces no jobs."""
    if "article" not in value.index:
        return t(f"{K}.cost_unannounced", lang)
    money = load_sources().article["programme_cost"]
    if money.year > BASE_YEAR:
        return t(f"{K}.cost_article_of_year", lang, article=tables.cell(value["article"], "money_m", lang),
                 nominal=tables.cell(cost_per_job_m_kzt(), "money_m", lang),
                 year=money.year)
    return t(f"{K}.cost_article", lang, article=tables.cell(value["article"], "money_m", lang))


def cost_per_job(sc, p, lang: str) -> None:
    """The projection's cost per job (gross, net, the budget's) beside the announced one and the pilot's."""
    s = p.summary
    bench = compare.cost_per_job_benchmarks(p)
    value = bench.set_index("key")["value"]
    announced = "article" in value.index
    show_text(t(f"{K}.h_cost_per_job", lang))
    show_text(t(f"{K}.cost_per_job", lang, year=s["target_year"],
                money=tables.cell(s["spent_by_target_year_bn_kzt"], "money_bn", lang),
                jobs=i18n.number(s["jobs_direct"], lang), gross=tables.cell(value["projection_gross"], "money_m", lang),
                net_jobs=i18n.number(s["jobs_net_total"], lang),
                net=tables.cell(value["projection_net"], "money_m", lang),
                fiscal_net=tables.cell(value["projection_fiscal_net"], "money_m", lang)),
              _announced_cost_text(value, lang),
              # the programme's own pilot, or the pilot of the programme it builds on
              t(f"{K}.cost_pilot" if packs.own("pilot.yaml") else f"{K}.cost_pilot_prior", lang,
                pilot_hired=tables.cell(value["pilot_hired"], "money_m", lang),
                pilot_with=tables.cell(value["pilot_with_proprietors"], "money_m", lang),
                pilot_nominal=tables.cell(value["pilot_hired_nominal"], "money_m", lang),
                ratio=i18n.number(bench.set_index("key").at["pilot_hired", "times_projection"], lang, 1)),
              t(f"{K}.cost_derived" if announced else f"{K}.cost_derived_pilot", lang))
    show_table(brief.cost_per_job_view(bench, p, lang),
               t(f"{K}.cost_caption" if announced else f"{K}.cost_caption_unannounced", lang))
    fig, ax = charts.figure(7.0, 2.8)
    charts.draw_cost_per_job(ax, bench, lang)
    show_figure(fig, t(f"{K}.fig_cost", lang), lang)


def fiscal(sc, p, lang: str) -> None:
    """What the programme costs in all and what of it falls on the state budget."""
    s = p.summary
    parts = compare.funding_parts(p)
    show_text(t(f"{K}.h_fiscal", lang))
    show_text(t(f"{K}.fiscal", lang, total=tables.cell(s["budget_bn_kzt"], "money_bn", lang),
                admin=tables.cell(parts.at["admin", "amount"], "money_bn", lang),
                fiscal=tables.cell(parts.at["total", "fiscal"], "money_bn", lang),
                share=brief.share_text(parts.at["total", "fiscal_share"], lang, 1),
                rate=_rate(sc.value("funding.microcredit_rate"), lang), market=_rate(sc.value("funding.market_rate"), lang),
                ge=brief.share_text(parts.at["microcredit", "grant_element"], lang),
                microcredit=tables.cell(parts.at["microcredit", "amount"], "money_bn", lang),
                microcredit_cost=tables.cell(parts.at["microcredit", "fiscal"], "money_bn", lang)))
    show_table(tables.funding_table(p, lang), t(f"{K}.funding_caption", lang))


def returns(sc, p, lang: str, scenario: str, overrides) -> None:
    """NPV, BCR, IRR and payback at the scenario's discount rate, then at its low, central and high rate."""
    s = p.summary
    rate = s["discount_rate"]
    last = int(p.years[-1])
    if s["economic_npv_bn_kzt"] > 0:  # "see below": the output per tenge the announcement implies, where it gives one
        verdict = t(f"{K}.returns_positive" if _output_announced() else f"{K}.returns_positive_alone", lang)
    else:
        verdict = t(f"{K}.returns_negative", lang, last=last)
    show_text(t(f"{K}.h_returns", lang))
    show_text(t(f"{K}.returns", lang, rate=tables.cell(rate, "share", lang, 0),
                npv=tables.cell(s["economic_npv_bn_kzt"], "money_bn", lang),
                bcr=i18n.number(s["economic_bcr"], lang, 2), irr=tables.cell(s["economic_irr"], "share", lang, 0),
                payback=brief.payback_text(s["payback_years"], lang), first=int(p.years[0]), last=last),
              verdict)
    rates = compare.discount_rate_table(scenario, overrides)
    show_table(brief.discount_rate_view(rates, lang, central=rate), t(f"{K}.rates_caption", lang))


def labour(sc, p, lang: str) -> None:
    """The shadow wage paragraph and the table of NPV, BCR and IRR with and without it."""
    a = compare.appraisal_with_labour(p)
    s = p.summary
    # row names start with a capital; inside the sentence they do not
    flagged = [_lower_first(t(f"{K}.labour_rows.{k}", lang)) for k in a.index if a.at[k, "with_implausible"]]
    show_text(t(f"{K}.h_labour", lang))
    show_text(t(f"{K}.labour", lang, share=tables.cell(sc.value("appraisal.shadow_wage_share"), "share", lang, 0),
                wage=i18n.money_k(compare.labour_cost_per_job_year(sc), lang),
                cost=i18n.money_bn(s["labour_cost_bn_kzt_total"], lang), first=int(p.years[0]), last=int(p.years[-1]),
                npv=appraisal_cell("economic_npv_bn_kzt", a.at["npv", "with_labour"], lang),
                npv_free=appraisal_cell("economic_npv_bn_kzt", a.at["npv", "without_labour"], lang),
                irr=appraisal_cell("economic_irr", a.at["irr", "with_labour"], lang),
                irr_free=appraisal_cell("economic_irr", a.at["irr", "without_labour"], lang))
              + (" " + t(f"{K}.labour_flag", lang, what=", ".join(flagged)) if flagged else ""))
    rows = [{t(f"{K}.labour_cols.measure", lang): t(f"{K}.labour_rows.{k}", lang),
             t(f"{K}.labour_cols.with_labour", lang): appraisal_cell(KEYS[k], a.at[k, "with_labour"], lang),
             t(f"{K}.labour_cols.without_labour", lang): appraisal_cell(KEYS[k], a.at[k, "without_labour"], lang)}
            for k in a.index]
    show_table(pd.DataFrame(rows), t(f"{K}.labour_caption", lang, scenario=sc.title[lang]))


def implied(sc, p, lang: str, overrides) -> None:
    """What the announced output per tenge implies, against the pilot's rates and this projection;
    nothing where the announcement gives no added output (returns says so without "see below")."""
    if not _output_announced():
        return
    art = load_sources().article
    va = sc.value("appraisal.value_added_share")
    pilot = project(compare.evidence_scenario(overrides))
    implied = compare.implied_by_the_article(pilot, p, va)
    show_text(t(f"{K}.h_implied", lang))
    show_text(t(f"{K}.implied", lang, output=tables.cell(art["output_added"].value, "money_bn", lang),
                money=tables.cell(art["programme_cost"].value, "money_bn", lang),
                ratio=i18n.number(implied["output_per_tenge"], lang, 2),
                va=tables.cell(va, "share", lang, 0), income=i18n.number(implied["income_per_tenge"], lang, 2),
                months=i18n.number(implied["months_to_repay"], lang, 0),
                pilot=i18n.number(implied["pilot_output_per_tenge"], lang, 2),
                times=brief.times(implied["times_pilot"], lang),
                projection=i18n.number(implied["projection_output_per_tenge"], lang, 2),
                year=p.summary["target_year"]))


def flows(sc, p, lang: str, first_year: int, last_year: int) -> None:
    """The state budget's flows by year: cost, TSA payments saved, taxes, the cumulative balance."""
    s = p.summary
    shown = compare.fiscal_flows(p).loc[first_year:last_year]
    total = compare.fiscal_flow_totals(p)
    break_even = compare.fiscal_break_even(p)
    first, last = int(p.years[0]), int(p.years[-1])
    show_text(t(f"{K}.h_flows", lang))
    show_text(t(f"{K}.flows", lang, first=first, last=last,
                fiscal=tables.cell(total["fiscal_cost"], "money_bn", lang),
                saved=tables.cell(total["tsa_saved"], "money_bn", lang),
                taxes=tables.cell(total["taxes"], "money_bn", lang),
                npv=tables.cell(s["fiscal_npv_bn_kzt"], "money_bn", lang),
                rate=tables.cell(s["discount_rate"], "share", lang, 0)),
              t(f"{K}.break_even", lang, year=break_even) if break_even is not None
              else t(f"{K}.no_break_even", lang, last=last))
    fig, ax = charts.figure(7.0, 3.4)
    charts.draw_fiscal_flows(ax, shown, lang)
    show_figure(fig, t(f"{K}.fig_flows", lang), lang)
    show_table(tables.fiscal_flows_table(shown, lang), t(f"{K}.flows_caption", lang))
