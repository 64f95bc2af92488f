"""Notebook 09, section by section: the best estimate of each target, updated by the pilot; the figure
to announce; where the money does most; the tranche rule; a technical note. Numbers: model.decide
(``decide``'s record); this module only picks, labels and formats them.

A programme that has not reported lending of its own (Auyl Amanaty: no ``outturn.yaml``, its
evidence the 2019 programme's pilot through ``prior``) has no delivery path: its record is
``decide.on_plan`` (its rates weighed by that pilot, on the plan's own schedule). Each section then
shows what that record holds, the figures its announcement does not give without a comparison, and
says in one sentence what needs the programme's own reported lending (texts under ``09_decide.own``).
"""
from __future__ import annotations

import pandas as pd
from matplotlib.ticker import MaxNLocator

from .. import packs
from ..decide import CONFIDENCE, DELIVERED, ESS_MIN, MIN_DRAWS, allocation_money, on_plan, share_of_announced
from ..paths import pack
from . import charts, i18n, tables
from .display import show_figure, show_table, show_text
from .i18n import t

K = "09_decide"
PER_BN = ("hired_jobs", "owners_running", "tsa_families", "output_bn_kzt", "budget_cost_bn_kzt")


def _value(x, unit: str, lang: str) -> str:
    if x is None:
        return tables.DASH
    if unit == "bn KZT":
        return tables.cell(x, "money_bn", lang)
    if unit == "%":
        return tables.cell(x, "pct", lang, 1)
    return tables.cell(x, "number", lang)


def _announced(row: dict, lang: str) -> str:
    if row["rule"] == "<":
        return t("tables.decrease", lang)
    return _value(row["announced"], row["unit"], lang)


def record(sc, draws: int, seed: int, overrides: dict) -> dict:
    """The decision record for scenario ``sc``: ``decide.decide`` on the delivery path, computed once
    for every language (``results_file``), or ``decide.on_plan`` for a programme without its own
    reported lending."""
    from .. import results_file

    d = results_file.computed(sc, draws, seed).decision
    return d if d is not None else on_plan(sc.name, max(draws, MIN_DRAWS), seed, overrides=overrides)


def delivered(d: dict) -> bool:
    """Whether the record is on the programme's delivery path (its own reported lending), not its plan's."""
    return d["path"] == DELIVERED


def _names(d: dict, lang: str) -> dict:
    """The programme's name and the pilot's year, for the texts of a record on the plan's schedule."""
    p = pack()
    return {"programme": packs.about("programmes", p.programme, p.root).title[lang], "pilot_year": d["stage_year"]}


def intro(d: dict, sc, lang: str, overrides: dict | None = None) -> None:
    if not delivered(d):
        show_text(t(f"{K}.own.intro", lang, scenario=sc.title[lang], year=d["decision_year"], **_names(d, lang)))
        return
    from ..build import load_scenario

    path_title = load_scenario(DELIVERED, overrides=overrides).title[lang]
    show_text(t(f"{K}.intro", lang, scenario=sc.title[lang], path=path_title, year=d["decision_year"]))


def estimates(d: dict, lang: str) -> None:
    """The targets: announced, the plan's fitted figure, the pilot's rates, the best estimate with its
    interval, the figure reached in 8 draws of 10, and the money that would reach the announced figure."""
    if not delivered(d):
        return _own_estimates(d, lang)
    show_text(f"## {t(f'{K}.estimates_heading', lang)}")
    rows = {r["key"]: r for r in d["targets"]}
    jobs = rows["jobs"]
    show_text(t(f"{K}.estimates_text", lang, year=d["decision_year"], best=_value(jobs["best"], "jobs", lang),
                p10=_value(jobs["p10"], "jobs", lang), p90=_value(jobs["p90"], "jobs", lang),
                restated=_value(jobs["restated"], "jobs", lang), plan=_value(jobs["plan"], "jobs", lang),
                plan_year=jobs["plan_year"], pilot=_value(jobs["pilot"], "jobs", lang),
                share=i18n.pct(100 * share_of_announced(jobs), lang, 0),
                money=_money_needed(jobs, lang)))
    c = {k: t(f"{K}.cols.{k}", lang, year=d["decision_year"], plan_year=jobs["plan_year"]) for k in
         ("target", "announced", "plan", "pilot", "best", "range", "restated", "money_needed")}
    table = pd.DataFrame([{
        c["target"]: tables.target_label(r["key"], lang), c["announced"]: _announced(r, lang),
        c["plan"]: _value(r["plan"], r["unit"], lang), c["pilot"]: _value(r["pilot"], r["unit"], lang),
        c["best"]: _value(r["best"], r["unit"], lang),
        c["range"]: f"{_value(r['p10'], r['unit'], lang)} – {_value(r['p90'], r['unit'], lang)}",
        c["restated"]: _value(r["restated"], r["unit"], lang), c["money_needed"]: _money_needed(r, lang)}
        for r in d["targets"]])
    show_table(table, t(f"{K}.estimates_caption", lang, year=d["decision_year"]))


def _own_estimates(d: dict, lang: str) -> None:
    """On the plan's schedule: the figures the announcement gives (plan, best estimate, 10-90 %), then
    the others without an announced figure; and that the delivered path needs its own lending."""
    from .brief import announced, indicator_label

    show_text(f"## {t(f'{K}.own.estimates_heading', lang)}")
    show_text(t(f"{K}.own.no_delivered", lang, **_names(d, lang)))
    jobs = next(r for r in d["estimates"] if r["key"] == "jobs_direct")
    show_text(t(f"{K}.own.estimates_text", lang, year=d["decision_year"], best=_value(jobs["best"], "jobs", lang),
                p10=_value(jobs["p10"], "jobs", lang), p90=_value(jobs["p90"], "jobs", lang),
                plan=_value(jobs["plan"], "jobs", lang)))
    c = {k: t(f"{K}.own.cols.{k}", lang, year=d["decision_year"]) for k in ("target", "announced", "plan", "best", "range")}
    label = {"hired": t(f"{K}.own.hired", lang)}
    rows = [(tables.target_label(r["key"], lang), announced(r["key"], lang), r) for r in d["targets"]]
    rows += [(label.get(r["key"]) or indicator_label(r["key"], lang), t(f"{K}.own.not_announced", lang), r)
             for r in d["estimates"]]
    table = pd.DataFrame([{c["target"]: name, c["announced"]: said, c["plan"]: _value(r["plan"], r["unit"], lang),
                           c["best"]: _value(r["best"], r["unit"], lang),
                           c["range"]: f"{_value(r['p10'], r['unit'], lang)} – {_value(r['p90'], r['unit'], lang)}"}
                          for name, said, r in rows])
    show_table(table, t(f"{K}.own.estimates_caption", lang, year=d["decision_year"]))


def _money_needed(row: dict, lang: str) -> str:
    if row["money_needed_bn_kzt"] is not None:
        return tables.cell(row["money_needed_bn_kzt"], "money_bn", lang, 0)
    if row["rule"] == ">=" and row["unit"] != "%":
        return t(f"{K}.out_of_reach", lang)
    return tables.DASH


def path_chart(d: dict, lang: str, first_year: int, last_year: int) -> None:
    """Direct jobs by year on the delivery path: the posterior's 10-90 % band, its median, the pilot's rates."""
    s = pd.DataFrame(d["series"]["jobs_direct"]).set_index("year").loc[first_year:last_year]
    fig, ax = charts.figure(7.0, 3.0)
    ax.fill_between(s.index, s["p10"], s["p90"], color=charts.DIRECTION_COLORS["small_business"], alpha=0.25,
                    linewidth=0, label=t(f"{K}.chart_band", lang))
    ax.plot(s.index, s["p50"], color=charts.DIRECTION_COLORS["small_business"], linewidth=2,
            label=t(f"{K}.chart_best", lang))
    own = "" if delivered(d) else "own."  # on the plan's schedule the single run is the plan's fitted rates
    ax.plot(s.index, s["pilot"], color="black", linestyle="--", linewidth=1.4, label=t(f"{K}.{own}chart_pilot", lang))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(t("common.year", lang))
    ax.set_ylabel(t(f"{K}.chart_jobs_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
    charts.thousands_axis(ax, lang)
    ax.legend(fontsize=charts.SMALL, loc="lower right")
    show_figure(fig, t(f"{K}.{own}chart_caption", lang), lang)


def directions(d: dict, lang: str) -> None:
    """Per bn KZT lent, by direction: median with its 10-90 % interval."""
    show_text(f"## {t(f'{K}.directions_heading', lang)}")
    if delivered(d):
        show_text(t(f"{K}.directions_text", lang, year=d["decision_year"]))
    else:
        show_text(t(f"{K}.own.directions_text", lang, year=d["decision_year"], **_names(d, lang)))
    fmt = {"output_bn_kzt": ("money_bn", 2), "budget_cost_bn_kzt": ("money_bn", 2)}

    def cell(q, key):
        if q is None:
            return tables.DASH
        f, digits = fmt.get(key, ("number", 0))
        lo, mid, hi = (tables.cell(q[k], f, lang, digits) for k in ("p10", "p50", "p90"))
        return f"{mid} ({lo} – {hi})"

    table = pd.DataFrame([{t(f"{K}.cols.direction", lang): i18n.direction(r["name"], lang),
                           **{t(f"{K}.per_bn.{k}", lang): cell(r[k], k) for k in PER_BN}} for r in d["directions"]])
    show_table(table, t(f"{K}.directions_caption", lang, year=d["decision_year"]))


def allocation(d: dict, lang: str) -> None:
    """The money not yet reported lent: today's split against the split that does most for the objective."""
    a = d["allocation"]
    show_text(f"## {t(f'{K}.allocation_heading', lang)}")
    g = a["gain"]
    own = "" if delivered(d) else "own."  # before any money is lent: the plan's whole money against its split
    show_text(t(f"{K}.{own}allocation_text", lang, money=i18n.money_bn(a["money_bn_kzt"], lang), year=a["after_year"],
                objective=t(f"{K}.objectives.{a['objective']}", lang), gain=i18n.number(g["p50"], lang),
                p10=i18n.number(g["p10"], lang), p90=i18n.number(g["p90"], lang),
                p_better=i18n.pct(100 * a["p_better"], lang, 0))
              + ("" if a.get("capacity_binds", True) else " " + t(f"{K}.own.capacity_shown", lang)))
    money_best = allocation_money(a)  # bn KZT by direction
    c = {k: t(f"{K}.cols.{k}", lang) for k in ("direction", "share_now", "share_best", "money_best", "capacity")}
    if own:
        c["share_now"] = t(f"{K}.own.share_plan", lang)
    table = pd.DataFrame([{c["direction"]: i18n.direction(k, lang),
                           c["share_now"]: tables.cell(a["shares_now"][k], "share", lang, 1),
                           c["share_best"]: tables.cell(a["shares_best"][k], "share", lang, 1),
                           c["money_best"]: tables.cell(money_best[k], "money_bn", lang, 2),
                           c["capacity"]: tables.cell(a["capacity_bn_kzt"][k], "money_bn", lang, 1)}
                          for k in a["shares_now"]])
    show_table(table, t(f"{K}.{own}allocation_caption", lang))


def tranche(d: dict, lang: str) -> None:
    show_text(f"## {t(f'{K}.tranche_heading', lang)}")
    if not delivered(d):
        show_text(t(f"{K}.own.no_tranche", lang, **_names(d, lang)))
        return
    x = d["tranche"]
    show_text(t(f"{K}.tranche_text", lang, hired=i18n.number(x["hired_jobs_per_bn"], lang),
                owners=i18n.number(x["owners_per_bn"], lang), years=tables.count(x["measured_after_years"], "years", lang),
                confidence=i18n.pct(100 * CONFIDENCE, lang, 0)))


def technical_note(d: dict, lang: str) -> None:
    """Draws, effective sample size, and the first stage as the posterior reads it against the report."""
    show_text(f"## {t(f'{K}.note_heading', lang)}")
    show_text(t(f"{K}.note_text", lang, draws=i18n.number(d["draws"], lang), requested=i18n.number(d["draws_requested"], lang),
                ess=i18n.number(d["effective_sample_size"], lang), ess_min=i18n.number(ESS_MIN, lang),
                sample=i18n.number(d["posterior_sample"], lang), seed=d["seed"])
              + ("" if d["ess_ok"] else " " + t(f"{K}.note_small_ess", lang)))
    money = {"livestock_cost", "cooperatives_cost", "small_business_cost"}
    fmt = lambda k, x: tables.cell(x, "money_m", lang) if k in money else (  # noqa: E731
        tables.cell(x, "money_k", lang) if k == "income_gain" else tables.cell(x, "number", lang))
    c = {k: t(f"{K}.cols.{k}", lang) for k in ("figure", "reported", "posterior")}
    table = pd.DataFrame([{c["figure"]: t(f"{K}.stage.{k}", lang), c["reported"]: fmt(k, f["reported"]),
                           c["posterior"]: f"{fmt(k, f['p50'])} ({fmt(k, f['p10'])} – {fmt(k, f['p90'])})"}
                          for k, f in d["stage_fit"].items()])
    show_table(table, t(f"{K}.note_caption", lang) if delivered(d) else
               t(f"{K}.own.note_caption", lang, **_names(d, lang)))
