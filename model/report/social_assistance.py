"""Tables and charts of notebook 04 (targeted social assistance) from a microsimulation run.

Numbers come from model.microsim (results.Microsim, results.figures, results.pilot_check); this
module only picks, labels and formats them. Texts: locales/<lang>/04_social_assistance.yaml.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.ticker import MaxNLocator

from .. import packs
from ..microsim import results
from ..parameters import load_sources
from ..scenario import base_params
from ..schema import is_share
from ..targets import year_index
from . import charts, i18n
from .display import show_table, show_text
from .i18n import t
from .tables import basis, cell, count, param_label

K = "04_social_assistance"


def _h(key: str, lang: str, **f) -> str:
    return t(f"{K}.cols.{key}", lang, **f)


def district_name(key: str, lang: str) -> str:
    return t(f"{K}.districts.{key}", lang)


FAMILIES = ("families2019", "families2020", "families_without", "families_exit", "families_with", "fall_without",
            "actual_families2021", "pilot_on_tsa")
PEOPLE = ("people2019", "people_exit", "people_without", "people_with", "total2021", "rural2021", "model2021",
          "actual_people2021", "left2021")
SHARES = ("fall_2020", "large_share", "large_share_2020", "national_fall", "national_people_fall", "people_fall_2020",
          "take_up_2019", "take_up_2020", "take_up_2021", "take_up_per_member", "exit_share", "effect_to_fall",
          "threshold_share", "growth", "rural_share", "gap2021")
SIZES = ("size2019", "size2020", "national_size2019", "national_size2020", "allowance_mci")


def text_fields(f: dict, lang: str) -> dict[str, str]:
    """The figures (``model.microsim.results.figures``) formatted for the texts: counts with their
    unit word, shares as %, money with ₸."""
    out = {k: count(f[k], "families", lang) for k in FAMILIES}
    out.update({k: count(f[k], "people", lang) for k in PEOPLE})
    out.update({k: cell(f[k], "share", lang) for k in SHARES})
    out.update({k: i18n.number(f[k], lang, 2) for k in SIZES})
    out["rho"] = i18n.number(f["rho"], lang, 1)
    out.update({"saved": i18n.money_bn(f["saved"], lang, 2), "saved_total": i18n.money_bn(f["saved_total"], lang),
                "line2019": i18n.money_k(f["line2019"], lang), "line_year": i18n.money_k(f["line_year"], lang),
                "subsistence2019": i18n.money_k(f["subsistence2019"], lang), "wage": i18n.money_k(f["wage"], lang),
                "priority": i18n.number(f["priority"], lang, 1), "year": str(f["year"])})
    return out


def verdict_key(f: dict) -> str:
    """Which verdict the text gives: the programme's effect small or large against the fall without it."""
    return f"{K}.verdict_small" if f["effect_to_fall"] < 0.5 else f"{K}.verdict_large"


# ---------------------------------------------------------------------------- sections
# A programme that builds on another (about.yaml ``prior``) may announce none of the region's 2019
# figures and have no pilot of its own: those sections then say so in one sentence instead of
# showing the other programme's figures under its title (model/pages.py).
CALIBRATION_FIGURES = ("households_screened", "settlements_screened", "rural_population", "rural_working_age",
                       "without_stable_income", "tsa_families", "tsa_people")


def calibration(m, lang: str) -> None:
    """The announcement's figures of the rural population against the synthetic one; for an
    announcement that gives none, one sentence: the households are the region's, nothing is compared."""
    if all(k in load_sources().article for k in CALIBRATION_FIGURES):
        show_table(calibration_table(m, lang), t(f"{K}.calibration_caption", lang))
    else:
        show_text(t(f"{K}.calibration_not_announced", lang))


def pilot(lang: str) -> None:
    """The pilot's first stage read through the same households, beside what it reported; for a
    programme with no pilot of its own, one sentence saying so and what the section would show."""
    if not packs.own("pilot.yaml"):
        show_text(t(f"{K}.pilot_none", lang))
        return
    check = results.pilot_check()
    show_text(t(f"{K}.pilot_text", lang, **pilot_text_fields(check, lang)))
    show_text(t(f"{K}.pilot_net_text", lang, **pilot_text_fields(check, lang)))
    show_table(pilot_table(check, lang), t(f"{K}.pilot_caption", lang, year=check["year"]))


def households_share(sc, draws: int, seed: int, year: int, lang: str) -> None:
    """How much of the people-off-TSA band the households' own assumptions explain (Sobol total and
    first index). The suite computes Sobol indices for the targets the announcement names
    (results_file.sobol_outputs); an announcement without a TSA figure gets one sentence instead."""
    from .. import results_file

    sobol = results_file.computed(sc, draws, seed).sobol
    if "tsa_recipients_change" not in set(sobol.table["output"]):
        show_text(t(f"{K}.mc_households_not_announced", lang))
        return
    households = sobol.of("tsa_recipients_change").set_index("path").loc["households"]
    show_text(t(f"{K}.mc_households", lang, total=cell(households["total"], "share", lang, 0),
                first=cell(households["first"], "share", lang, 0), year=year))


# ---------------------------------------------------------------------------- tables
def shown_years(first_year: int, last_year: int) -> list[int]:
    """The years of the notebook's tables: 2019 (before the programme), then first_year..last_year."""
    return [2019, *range(first_year, last_year + 1)]


def pilot_text_fields(check: dict, lang: str) -> dict[str, str]:
    """The pilot check's sentence: the fall in TSA families among participants, model and pilot."""
    return {"year": check["year"], "model_fall": i18n.pct(-100 * check["model"]["tsa_change"], lang),
            "pilot_fall": i18n.pct(-100 * check["pilot"]["tsa_change"], lang),
            "programme_fall": i18n.pct(-100 * check["model"]["tsa_change_programme"], lang),
            "anyway": i18n.pct(100 * check["model"]["tsa_fall_anyway"], lang),
            "net_fall": i18n.pct(-100 * check["net_of_service"]["tsa_change"], lang)}


def repayment_fields(projection, lang: str) -> dict[str, str]:
    """The repayment paragraph: the funding terms and the directions whose loan costs more than it earns."""
    from ..compare import repayment_table
    sc = projection.scenario
    rt = repayment_table(projection)
    over = [i18n.direction(d, lang) for d in rt.index[rt["burden"] > 1]]
    return {"micro": cell(sc.value("funding.microcredit_share"), "share", lang, 0),
            "rate": cell(sc.value("funding.microcredit_rate"), "share", lang, 0),
            "bank": cell(sc.value("funding.bank_loan_share"), "share", lang, 0),
            "market": cell(sc.value("funding.market_rate"), "share", lang, 0),
            "over": ", ".join(over) if over else t(f"{K}.repayment_none", lang),
            "default": cell(projection.summary["default_rate_mean"], "share", lang, 1),
            # a scenario with the pilot's rates: its published split, not its projects, makes some burdens huge
            "note": (" " + t(f"{K}.repayment_split_note", lang, **_split_fields(sc, lang))
                     if sc.params["directions.livestock.cost_per_project_m_kzt"].source.startswith("derived from the pilot")
                     and (rt["burden"] > 10).any() else "")}


def _split_fields(sc, lang: str) -> dict[str, str]:
    """The pilot's published split behind the large projects: plot and land borrowers, their money
    (nominal, as published) and cost each (2019 prices), the cooperatives and their money."""
    from ..evidence import pilot_plots_and_land, pilot_split
    money, projects = pilot_split(sc.values)
    other, n_other = pilot_plots_and_land(sc.values)
    return {"borrowers": i18n.number(n_other, lang), "money": i18n.money_bn(other, lang),
            "each": i18n.money_m(sc.value("directions.outside_land.cost_per_project_m_kzt"), lang, 0),
            "coops": i18n.number(projects["cooperatives"], lang), "coops_money": i18n.money_bn(money["cooperatives"], lang, 2)}


def repayment_table(projection, lang: str) -> pd.DataFrame:
    """By direction: cost, term, loan service and income gain a month, what the owner keeps, burden, default."""
    from ..compare import repayment_table as numbers
    rt = numbers(projection)
    return pd.DataFrame({
        _h("direction", lang): [i18n.direction(d, lang) for d in rt.index],
        _h("cost", lang): [cell(v, "money_m", lang) for v in rt["cost_m"]],
        _h("term", lang): [count(v, "years", lang) for v in rt["term"]],
        _h("service", lang): [cell(v, "money_k", lang) for v in rt["service"]],
        _h("gain", lang): [cell(v, "money_k", lang) for v in rt["gain"]],
        _h("net", lang): [cell(v, "money_k", lang) for v in rt["net"]],
        _h("burden", lang): [i18n.number(v, lang, 2) for v in rt["burden"]],
        _h("default", lang): [cell(v, "share", lang, 1) for v in rt["default"]]})


def fan_chart(fan: pd.DataFrame, lang: str, first_year: int, last_year: int):
    """People leaving TSA over draws: the 90 % and 50 % bands and the median, by year."""
    K = "04_social_assistance"
    fig, ax = charts.figure(7.0, 3.2)
    charts.fan(ax, fan.loc[first_year:last_year], charts.DIRECTION_COLORS["outside_land"], t(f"{K}.fan_band", lang),
               t(f"{K}.fan_median", lang))
    ax.set_ylim(bottom=0)
    charts.thousands_axis(ax, lang)
    ax.set_ylabel(t(f"{K}.people_axis", lang))
    ax.legend(loc="upper right", fontsize=charts.SMALL)
    return fig


def calibration_table(m, lang: str) -> pd.DataFrame:
    """The article's figures against the synthetic population (weighted): ``results.calibration``."""
    c = results.calibration(m)
    return pd.DataFrame({_h("figure", lang): [t(f"{K}.rows.{k}", lang) for k in c.index],
                         _h("article", lang): [cell(a, "number", lang) for a in c["article"]],
                         _h("model", lang): [cell(b, "number", lang) for b in c["model"]],
                         _h("difference", lang): [cell(d, "share", lang, 2) for d in c["difference"]]})


def caseload_table(m, lang: str, years) -> pd.DataFrame:
    """By year: families and people on TSA without and with the programme, people leaving, payments saved."""
    cl = m.caseload.loc[[y for y in years if y in m.caseload.index]]
    cols = {"families_without": ("families_without_programme", "number"),
            "families_with": ("families_with_programme", "number"),
            "people_without": ("people_without_programme", "number"),
            "people_with": ("people_with_programme", "number"),
            "people_exit": ("people_exit", "number"), "saved": ("saved_bn_kzt", "money_bn")}
    out = pd.DataFrame({t("common.year", lang): [str(int(y)) for y in cl.index]})
    for key, (col, fmt) in cols.items():
        out[_h(key, lang)] = [cell(v, fmt, lang, 2 if fmt == "money_bn" else None) for v in cl[col]]
    return out


def public_table(m, lang: str) -> pd.DataFrame:
    """Published caseloads beside the model's, with and without the programme."""
    inp = base_params()
    cl = m.caseload
    fam, ppl = "families", "people"
    rows = [
        ("article_2019", count(inp["caseload_2019.families"].value, fam, lang) + " / "
         + count(inp["caseload_2019.people"].value, ppl, lang),
         cell(cl.at[2019, "people_without_programme"], "number", lang), cell(cl.at[2019, "people_with_programme"], "number", lang)),
        ("apr_2019", count(inp["caseload_2019.families_public_apr"].value, fam, lang) + " / "
         + count(inp["caseload_2019.people_public_apr"].value, ppl, lang),
         cell(cl.at[2019, "people_without_programme"], "number", lang), cell(cl.at[2019, "people_with_programme"], "number", lang)),
        ("total_2021", count(inp["public.recipients_2021"].value, ppl, lang),
         cell(cl.at[2021, "people_without_programme"], "number", lang), cell(cl.at[2021, "people_with_programme"], "number", lang)),
        ("rural_2021", count(inp["public.recipients_2021_rural"].value, ppl, lang),
         cell(cl.at[2021, "people_without_programme"], "number", lang), cell(cl.at[2021, "people_with_programme"], "number", lang)),
        ("national_fall", cell(-float(inp["counterfactual.national_fall_2019_2020"].value), "share", lang),
         # like the national fall: 2019 -> 2020, without and with the programme
         cell(m.change("families_without_programme", 2019, 2020), "share", lang),
         cell(m.change("families_with_programme", 2019, 2020), "share", lang)),
    ]
    return pd.DataFrame({_h("public_figure", lang): [t(f"{K}.public.{k}", lang) for k, _, _, _ in rows],
                         _h("published", lang): [r[1] for r in rows],
                         _h("model_without", lang): [r[2] for r in rows],
                         _h("model_with", lang): [r[3] for r in rows]})


def _group_label(by: str, key, lang: str) -> str:
    if by == "members":
        return t(f"{K}.size_many", lang) if key >= 9 else count(int(key), "people", lang)
    if by == "income":
        return t(f"{K}.bands.b{int(key)}", lang)
    return district_name(key, lang)


def who_leaves_table(m, by: str, lang: str) -> pd.DataFrame:
    """TSA families without the programme, those holding a place, those leaving, share leaving, by group."""
    g = m.who_leaves(by)
    return pd.DataFrame({_h(f"group_{by}", lang): [_group_label(by, k, lang) for k in g.index],
                         _h("on_tsa", lang): [cell(v, "number", lang) for v in g["on"]],
                         _h("with_place", lang): [cell(v, "number", lang) for v in g["participant"]],
                         _h("leaving", lang): [cell(v, "number", lang) for v in g["leaves"]],
                         _h("share_leaving", lang): [cell(v, "share", lang) for v in g["share_leaving"]]})


def districts_table(m, lang: str) -> pd.DataFrame:
    d = m.districts(total=True)  # the last row: the oblast
    names = [t("common.total", lang) if k == "total" else district_name(k, lang) for k in d["district"]]
    out = pd.DataFrame({_h("district", lang): names})
    for key, col, fmt in (("households", "households", "number"), ("people", "people", "number"),
                          ("tsa_2019", "tsa_families_baseline", "number"),
                          ("families_without", "families_without_programme", "number"),
                          ("leaving_families", "tsa_families_exit", "number"), ("saved", "saved_bn_kzt", "money_bn")):
        out[_h(key, lang)] = [cell(v, fmt, lang, 2 if fmt == "money_bn" else None) for v in d[col]]
    return out


def deciles_table(m, lang: str) -> pd.DataFrame:
    everyone, part = m.deciles(), m.deciles(participants_only=True)
    return pd.DataFrame({_h("decile", lang): [str(int(k)) for k in everyone.index],
                         _h("all_without", lang): [cell(v, "money_k", lang) for v in everyone["without"]],
                         _h("all_with", lang): [cell(v, "money_k", lang) for v in everyone["with"]],
                         _h("part_without", lang): [cell(v, "money_k", lang) for v in part["without"]],
                         _h("part_with", lang): [cell(v, "money_k", lang) for v in part["with"]]})


def poverty_table(m, lang: str, years) -> pd.DataFrame:
    p = m.poverty.loc[[y for y in years if y in m.poverty.index]]
    return pd.DataFrame({t("common.year", lang): [str(int(y)) for y in p.index],
                         _h("poor_without", lang): [cell(v, "number", lang) for v in p["headcount_without"]],
                         _h("poor_with", lang): [cell(v, "number", lang) for v in p["headcount_with"]],
                         _h("gap_without", lang): [cell(v, "share", lang, 2) for v in p["gap_without"]],
                         _h("gap_with", lang): [cell(v, "share", lang, 2) for v in p["gap_with"]]})


def pilot_table(check: dict, lang: str) -> pd.DataFrame:
    """The pilot's first stage: what the microsimulation reads against what was reported."""
    mo, pi = check["model"], check["pilot"]
    rows = [("participants", cell(mo["households"], "number", lang), cell(pi["families_covered"], "number", lang)),
            ("income_before", cell(mo["income_before"], "money_k", lang), cell(pi["income_before"], "money_k", lang)),
            ("income_after", cell(mo["income_after"], "money_k", lang), cell(pi["income_after"], "money_k", lang)),
            ("income_added", cell(mo["income_added_per_household"], "money_k", lang), cell(pi["income_added"], "money_k", lang)),
            ("tsa_before", cell(mo["tsa_families_before"], "number", lang), cell(pi["tsa_families_before"], "number", lang)),
            ("tsa_without", cell(mo["tsa_families_without"], "number", lang), i18n.DASH),
            ("tsa_after", cell(mo["tsa_families_after"], "number", lang), cell(pi["tsa_families_after"], "number", lang)),
            ("tsa_change", cell(mo["tsa_change"], "share", lang), cell(pi["tsa_change"], "share", lang)),
            ("tsa_change_programme", cell(mo["tsa_change_programme"], "share", lang), i18n.DASH),
            ("tsa_change_net", cell(check["net_of_service"]["tsa_change"], "share", lang), i18n.DASH)]
    return pd.DataFrame({_h("measure", lang): [t(f"{K}.pilot_rows.{k}", lang) for k, _, _ in rows],
                         _h("model", lang): [r[1] for r in rows], _h("pilot", lang): [r[2] for r in rows]})


_CHECK_FORMAT = {"national_fall_families_2020": "share", "national_fall_people_2020": "share",
                 "people_per_family_2020": "size", "rural_people_2021": "number", "villages_without_tsa_2021": "share",
                 "pilot_participants_on_tsa": "number", "pilot_tsa_exits": "number", "pilot_tsa_change": "share"}


def _check_cell(x: float, fmt: str, lang: str) -> str:
    if fmt == "share":
        return cell(x, "share", lang, 1)
    if fmt == "size":
        return i18n.number(x, lang, 2)
    return cell(x, "number", lang)


def _tolerance_cell(x: float, fmt: str, lang: str) -> str:
    """A share's tolerance is in percentage points (a difference of shares), the rest in the figure's unit."""
    if fmt == "share":
        return i18n.number(100 * x, lang, 1) + "\u00a0" + t(f"{K}.points", lang)
    return _check_cell(x, fmt, lang)


def checks_table(checks: list[dict], lang: str) -> pd.DataFrame:
    """Each check of the microsimulation against a published figure: model, published, tolerance, held."""
    fmt = [_CHECK_FORMAT[c["name"]] for c in checks]
    return pd.DataFrame({_h("check", lang): [t(f"{K}.checks.{c['name']}", lang) for c in checks],
                         _h("model", lang): [_check_cell(c["model"], f, lang) for c, f in zip(checks, fmt)],
                         _h("published", lang): [_check_cell(c["published"], f, lang) for c, f in zip(checks, fmt)],
                         _h("tolerance", lang): ["± " + _tolerance_cell(c["tolerance"], f, lang) for c, f in zip(checks, fmt)],
                         _h("ok", lang): [t(f"{K}.{'check_ok' if c['ok'] else 'check_failed'}", lang) for c in checks]})


def checks_fields(checks: list[dict], lang: str) -> dict[str, str]:
    """How many checks hold, for the sentence above the table."""
    return {"held": str(results.checks_held(checks)), "total": str(len(checks))}


def aggregate_table(m, lang: str, years) -> pd.DataFrame:
    a = m.aggregate().loc[[y for y in years if y in m.aggregate().index]]
    return pd.DataFrame({t("common.year", lang): [str(int(y)) for y in a.index],
                         _h("aggregate", lang): [cell(v, "number", lang) for v in a["aggregate_families"]],
                         _h("microsim", lang): [cell(v, "number", lang) for v in a["microsim_families"]],
                         _h("families_without", lang): [cell(v, "number", lang) for v in a["caseload_without"]]})


INPUTS = ("population.take_up_2019", "population.caseload_rural_share", "population.large_families_share",
          "population.income_sigma", "population.earnings_without_stable_income", "population.settlement_size_sigma",
          "counterfactual.real_income_growth", "counterfactual.national_fall_2019_2020",
          "counterfactual.national_people_fall_2019_2020", "counterfactual.allowance_counted_in_income",
          "rules.large_family_allowance_mci", "rules.child_payment_from", "assignment.pilot_participants_on_tsa",
          "assignment.large_family_priority", "assignment.owner_income_sigma", "assignment.hired_wage")


def _input_value(x, lang: str) -> str:
    if x.unit == "year":
        return str(int(x.value))
    if is_share(x.unit) or x.unit.startswith("per year"):  # shares and yearly rates read as %
        return cell(x.value, "share", lang)
    if x.unit.startswith("KZT"):
        return cell(x.value, "money_k", lang)
    if x.unit in ("families", "people"):
        return cell(x.value, "number", lang)
    return cell(x.value, "number", lang, 2)


def inputs_table(lang: str, paths=INPUTS) -> pd.DataFrame:
    """The microsimulation's main inputs: value, plausible range, source and why (data/regions/zhambyl/tsa.yaml)."""
    params = base_params()
    rows = []
    for p in paths:
        x = params[p]
        kind = x.source if x.source in ("assumption", "derived") else "external"
        rng = (f"{_input_value(type(x)(x.low, x.unit, x.source), lang)} – {_input_value(type(x)(x.high, x.unit, x.source), lang)}"
               if x.low is not None else i18n.DASH)
        rows.append({_h("input", lang): param_label(p, lang), _h("value", lang): _input_value(x, lang),
                     _h("range", lang): rng, _h("source", lang): t(f"tables.sources.{kind}", lang),
                     _h("basis", lang): basis(p, x, lang)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- charts
def caseload_chart(m, lang: str, first_year: int, last_year: int):
    """People on TSA without and with the programme by year, with the published figures."""
    inp = base_params()
    cl = m.caseload.loc[2019:last_year]
    fig, ax = charts.figure(7.0, 3.4)
    ax.plot(cl.index, cl["people_without_programme"], color=charts.NEUTRAL, linewidth=2,
            label=t(f"{K}.chart_without", lang))
    ax.plot(cl.index, cl["people_with_programme"], color=charts.DIRECTION_COLORS["outside_land"], linewidth=2,
            label=t(f"{K}.chart_with", lang))
    pub = [(2019, inp["caseload_2019.people"].value), (2019, inp["caseload_2019.people_public_apr"].value),
           (2021, inp["public.recipients_2021"].value), (2021, inp["public.recipients_2021_rural"].value)]
    ax.scatter([p[0] for p in pub], [p[1] for p in pub], color=charts.TARGET_COLOR, zorder=5, marker="D", s=24,
               label=t(f"{K}.chart_public", lang))
    ax.set_ylim(bottom=0)
    ax.set_xlim(2018.6, last_year + 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    charts.thousands_axis(ax, lang)
    ax.set_ylabel(t(f"{K}.people_axis", lang))
    ax.legend(loc="upper right", fontsize=charts.SMALL)
    return fig


def who_leaves_chart(m, lang: str):
    """Share of TSA families leaving because of the programme, by family size and by income before."""
    fig, (a1, a2) = charts.figure(7.0, 3.0, ncols=2)
    for ax, by, color in ((a1, "members", "livestock"), (a2, "income", "small_business")):
        g = m.who_leaves(by)
        ax.bar([_group_label(by, k, lang) for k in g.index], 100 * g["share_leaving"],
               color=charts.DIRECTION_COLORS[color])
        ax.set_title(t(f"{K}.chart_who_{by}", lang))
        ax.set_ylim(0, 100)
        charts.bars_axis(ax, "x")
        ax.tick_params(axis="x", labelsize=charts.SMALL, rotation=30)
        ax.set_ylabel("%")
    return fig


def deciles_chart(m, lang: str):
    """Income per head at each decile, without and with the programme (everyone; participants)."""
    fig, (a1, a2) = charts.figure(7.0, 3.0, ncols=2)
    for ax, part, title in ((a1, False, "chart_deciles_all"), (a2, True, "chart_deciles_part")):
        d = m.deciles(participants_only=part)
        ax.plot(d.index, d["without"], color=charts.NEUTRAL, marker="o", markersize=3, label=t(f"{K}.chart_without_short", lang))
        ax.plot(d.index, d["with"], color=charts.DIRECTION_COLORS["outside_land"], marker="o", markersize=3,
                label=t(f"{K}.chart_with_short", lang))
        charts.target_line(ax, m.cf.line[year_index(m.cf.years, m.target_year)], t(f"{K}.chart_line", lang))
        ax.set_title(t(f"{K}.{title}", lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        charts.thousands_axis(ax, lang)
        ax.set_xlabel(t(f"{K}.decile_axis", lang))
        ax.set_ylabel(t(f"{K}.income_axis", lang))
        ax.legend(fontsize=charts.SMALL, loc="upper left")
    return fig
