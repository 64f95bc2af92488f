"""Notebook 01, section by section: the region's baseline in the article's own words, the figures
derived from it beside public data, and the akimat's targets against the projection.

Each function shows one section (text, tables, charts); the numbers come from data/
(``load_sources``, ``derived_figures``) and the projection. Notebook 01 only calls them.

A programme whose announcement does not state the region's baseline (Auyl Amanaty: the money and the
borrowers only; model/targets.py ``announced``) gets the region's figures from the region's own files
(region.yaml, tsa.yaml, external.yaml), each with its source and year, never as its announcement's;
its own announced figures (money of its year and in 2019 prices); its targets, only those it
announced, against the projection; and one sentence saying that its announcement gives no figures to
derive others from (texts under ``01_baseline_targets.own``).
"""
from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.ticker import MaxNLocator

from .. import packs
from ..derived import cost_per_job_m_kzt, derived_figures, public_differences
from ..parameters import load_parameters, load_sources
from ..prices import BASE_YEAR
from ..targets import TARGETS, met_count, reached, target_value
from . import charts, i18n, tables
from .display import show_figure, show_table, show_text
from .i18n import t

K = "01_baseline_targets"
BASELINE_KEYS = ["rural_share", "rural_population", "rural_working_age", "without_stable_income",
                 "tsa_families", "tsa_people", "settlements_screened", "households_screened"]
ANNOUNCED_KEYS = ["programme_cost", "projects", "directions", "new_jobs", "entrepreneurs", "tsa_recipients_fall",
                  "output_added", "output_rise", "processing_load_rise"]


# the region's baseline from the region's own files, for a programme whose announcement does not state
# it: (parameter path or "external.<fact>", unit word of tables.units or "bn KZT")
REGION_ROWS = [("population.people", "people"), ("population.working_age", "people"),
               ("population.without_stable_income", "people"), ("tsa.families", "families"),
               ("tsa.people", "people"), ("population.households", "households"),
               ("population.settlements", "settlements"), ("external.population_2020", "people"),
               ("baseline.agri_output_2020_nominal_bn_kzt", "bn KZT")]


def announces(figure: str) -> bool:
    """Whether the pack's announcement (its article.yaml) gives ``figure``: a section shows it only then."""
    return figure in load_sources().article


def states_baseline() -> bool:
    """Whether the announcement states the region's baseline (the 2019 article does): else the
    region's own files give it, and nothing is derived from the announcement's words."""
    return all(announces(k) for keys in (BASELINE_KEYS, ANNOUNCED_KEYS) for k in keys)


def _dv() -> dict[str, float]:
    return {k: d.value for k, d in derived_figures().items()}


def intro(sc, p, lang: str) -> None:
    key = f"{K}.intro" if states_baseline() else f"{K}.own.intro"
    show_text(t(key, lang, scenario=sc.title[lang], year=p.summary["target_year"]))


def baseline(lang: str) -> None:
    """The region's baseline: text, the article's figures with its words, and people by group."""
    if not states_baseline():
        region_baseline(lang)
        return
    art, dv = load_sources().article, _dv()
    show_text(f"## {t(f'{K}.baseline_heading', lang)}")
    show_text(t(f"{K}.baseline_text", lang,
                rural=tables.count(art["rural_population"].value, "people", lang),
                share=i18n.pct(art["rural_share"].value, lang),
                working=tables.count(art["rural_working_age"].value, "people", lang),
                without=tables.count(art["without_stable_income"].value, "people", lang),
                without_share=i18n.pct(dv["without_income_share"], lang),
                families=tables.count(art["tsa_families"].value, "families", lang),
                people=tables.count(art["tsa_people"].value, "people", lang),
                households=tables.count(art["households_screened"].value, "households", lang),
                settlements_n=i18n.number(art["settlements_screened"].value, lang)))
    show_table(tables.article_table(BASELINE_KEYS, lang), t(f"{K}.baseline_caption", lang))

    total_population = dv["total_population"]
    people_bars = pd.Series({
        t(f"{K}.bar_total", lang): total_population,
        tables.figure_label("rural_population", lang): art["rural_population"].value,
        tables.figure_label("rural_working_age", lang): art["rural_working_age"].value,
        t(f"{K}.bar_without", lang): art["without_stable_income"].value,
        t(f"{K}.bar_tsa", lang): art["tsa_people"].value,
    })
    _people_chart(people_bars, t(f"{K}.bar_caption", lang), lang, derived_total=True)


def _people_chart(people_bars: pd.Series, caption: str, lang: str, derived_total: bool) -> None:
    """From the oblast's population (the first bar; hatched when derived, not stated) to the TSA recipients."""
    total_population = people_bars.iloc[0]
    fig, ax = charts.figure(7.0, 3.0)
    bar_colors = [charts.NEUTRAL] + [charts.DIRECTION_COLORS["small_business"]] * 3 + [charts.TARGET_COLOR]
    drawn = ax.barh(people_bars.index, people_bars.values, color=bar_colors)
    if derived_total:
        drawn[0].set(facecolor="white", edgecolor=charts.NEUTRAL, hatch="//")  # derived, not stated
    ax.bar_label(drawn, labels=[" " + i18n.number(v, lang) for v in people_bars.values], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, total_population * 1.2)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    charts.thousands_axis(ax, lang, axis="x")
    ax.set_xlabel(t(f"{K}.bar_xlabel", lang))
    charts.bars_axis(ax, "y")
    show_figure(fig, caption, lang)


def _region_figure(ref: str):
    """(value, label, source, year) of a REGION_ROWS entry in the pack in force; its source a
    figure of external.yaml or of an announcement (the region's files cite the 2019 article's count
    of its rural people), named as such and never as the pack's own announcement's."""
    src = load_sources()
    if ref.startswith("external."):
        fig = src.figure(ref)
        return fig.value, None, ref, fig.year
    param = load_parameters()[ref]
    fig = src.figure(param.source) if param.source.split(".")[0] in ("article", "external") else None
    return param.value, param.label, param.source, fig.year if fig else None


def _source_words(source: str, lang: str) -> str:
    kind, _, key = source.partition(".")
    if kind == "external":
        return t(f"tables.external.{key}", lang)
    if kind == "article":
        return t(f"{K}.own.source_own" if announces(key) else f"{K}.own.source_prior", lang)
    return source


def region_baseline(lang: str) -> None:
    """The region's baseline from its own files (region.yaml, tsa.yaml, external.yaml), each figure
    with its source and year, and people by group: for a programme whose announcement does not state it."""
    params = load_parameters()
    rows_in = [(ref, unit) for ref, unit in REGION_ROWS
               if (ref in load_sources().external if ref.startswith("external.") else ref in params)
               or ref.split(".", 1)[1] in load_sources().external]
    c = {k: t(f"{K}.own.cols.{k}", lang) for k in ("figure", "value", "source", "year")}
    rows, value = [], {}
    for ref, unit in rows_in:
        v, label, source, year = _region_figure(ref)
        value[ref] = v
        rows.append({c["figure"]: label[lang] if label else t(f"{K}.own.external.{ref.split('.', 1)[1]}", lang),
                     c["value"]: i18n.money_bn(v, lang) if unit == "bn KZT" else tables.count(v, unit, lang),
                     c["source"]: _source_words(source, lang),
                     c["year"]: tables.DASH if year is None else str(year)})
    show_text(f"## {t(f'{K}.baseline_heading', lang)}")
    n = lambda ref, unit: tables.count(value[ref], unit, lang)  # noqa: E731
    show_text(t(f"{K}.own.baseline_text", lang,
                rural=n("population.people", "people"), working=n("population.working_age", "people"),
                without=n("population.without_stable_income", "people"),
                families=n("tsa.families", "families"), people=n("tsa.people", "people"),
                households=n("population.households", "households"),
                settlements_n=i18n.number(value["population.settlements"], lang)))
    show_table(pd.DataFrame(rows), t(f"{K}.own.baseline_caption", lang))
    people_bars = pd.Series({
        t(f"{K}.own.bar_total", lang, year=_region_figure("external.population_2020")[3]): value["external.population_2020"],
        params["population.people"].label[lang]: value["population.people"],
        params["population.working_age"].label[lang]: value["population.working_age"],
        t(f"{K}.bar_without", lang): value["population.without_stable_income"],
        t(f"{K}.bar_tsa", lang): value["tsa.people"],
    })
    _people_chart(people_bars, t(f"{K}.own.bar_caption", lang), lang, derived_total=False)


def _cols(lang: str) -> dict[str, str]:
    return {k: t(f"{K}.derived_cols.{k}", lang) for k in ("figure", "value", "how", "public", "difference")}


def derived(lang: str) -> None:
    """Figures derived from the article beside public data, and the plan's implied rates."""
    if not states_baseline():
        show_text(f"## {t(f'{K}.derived_heading', lang)}")
        show_text(t(f"{K}.own.no_derived", lang))
        return
    art, ext, dv = load_sources().article, load_sources().external, _dv()
    show_text(f"## {t(f'{K}.derived_heading', lang)}")
    total_population = dv["total_population"]
    implied_output = dv["agri_output_implied"]  # 132.2 bn / 33 %
    public_output, public_population = ext["agri_output_2020"], ext["population_2020"]
    diff = public_differences()  # fractions
    cols = _cols(lang)
    n = lambda key: i18n.number(art[key].value, lang)  # noqa: E731
    derived_rows = pd.DataFrame([
        {cols["figure"]: t(f"{K}.derived.total_population", lang),
         cols["value"]: tables.count(total_population, "people", lang),
         cols["how"]: f"{n('rural_population')} / {i18n.pct(art['rural_share'].value, lang)}",
         cols["public"]: t(f"{K}.public_in", lang, value=tables.count(public_population.value, "people", lang),
                           year=public_population.year),
         cols["difference"]: tables.signed(100 * diff["population"], "pct", lang)},
        {cols["figure"]: t(f"{K}.derived.implied_output", lang),
         cols["value"]: i18n.money_bn(implied_output, lang),
         cols["how"]: f"{i18n.number(art['output_added'].value, lang, 1)} / {i18n.pct(art['output_rise'].value, lang, 0)}",
         cols["public"]: t(f"{K}.public_in", lang, value=i18n.money_bn(public_output.value, lang),
                           year=public_output.year),
         cols["difference"]: tables.signed(100 * diff["output"], "pct", lang)},
        {cols["figure"]: t(f"{K}.derived.persons_per_family", lang),
         cols["value"]: i18n.number(dv["persons_per_tsa_family"], lang, 2),
         cols["how"]: f"{n('tsa_people')} / {n('tsa_families')}",
         cols["public"]: tables.DASH, cols["difference"]: tables.DASH},
        {cols["figure"]: t(f"{K}.derived.households_per_settlement", lang),
         cols["value"]: i18n.number(dv["households_per_settlement"], lang),
         cols["how"]: f"{n('households_screened')} / {n('settlements_screened')}",
         cols["public"]: tables.DASH, cols["difference"]: tables.DASH},
        {cols["figure"]: t(f"{K}.derived.without_income_share", lang),
         cols["value"]: i18n.pct(dv["without_income_share"], lang),
         cols["how"]: f"{n('without_stable_income')} / {n('rural_working_age')}",
         cols["public"]: tables.DASH, cols["difference"]: tables.DASH},
    ])
    show_text(t(f"{K}.derived_text", lang,
                implied=i18n.money_bn(implied_output, lang),
                public=i18n.money_bn(public_output.value, lang), public_year=public_output.year,
                added=i18n.money_bn(art["output_added"].value, lang),
                rise_implied=i18n.pct(art["output_rise"].value, lang, 0),
                rise_public=i18n.pct(100 * diff["output_added_on_public"], lang),
                population=tables.count(total_population, "people", lang),
                population_public=tables.count(public_population.value, "people", lang),
                population_year=public_population.year))
    show_table(derived_rows, t(f"{K}.derived_caption", lang))

    budget = i18n.money_bn(art["programme_cost"].value, lang)
    cost_per_job_m = cost_per_job_m_kzt()
    projects = n("projects")
    plan = pd.DataFrame([
        {cols["figure"]: t(f"{K}.plan.cost_per_project", lang),
         cols["value"]: i18n.money_m(dv["cost_per_project"], lang), cols["how"]: f"{budget} / {projects}"},
        {cols["figure"]: t(f"{K}.plan.jobs_per_project", lang),
         cols["value"]: i18n.number(dv["jobs_per_project"], lang, 2), cols["how"]: f"{n('new_jobs')} / {projects}"},
        {cols["figure"]: t(f"{K}.plan.entrepreneurs_per_project", lang),
         cols["value"]: i18n.number(dv["entrepreneurs_per_project"], lang, 2),
         cols["how"]: f"{n('entrepreneurs')} / {projects}"},
        {cols["figure"]: t(f"{K}.plan.cost_per_job", lang),
         cols["value"]: i18n.money_m(cost_per_job_m, lang), cols["how"]: f"{budget} / {n('new_jobs')}"},
        {cols["figure"]: t(f"{K}.plan.output_per_tenge", lang),
         cols["value"]: i18n.number(dv["output_per_tenge"], lang, 2),
         cols["how"]: f"{i18n.money_bn(art['output_added'].value, lang)} / {budget}"},
    ])
    show_text(t(f"{K}.plan_text", lang, output_per_tenge=i18n.number(dv["output_per_tenge"], lang, 2),
                cost_per_job=i18n.money_m(cost_per_job_m, lang),
                money_report=t("02_money_projects.title", lang)))
    show_table(plan, t(f"{K}.plan_caption", lang))


def announced(lang: str) -> None:
    show_text(f"## {t(f'{K}.announced_heading', lang)}")
    if states_baseline():
        show_table(tables.article_table(ANNOUNCED_KEYS, lang), t(f"{K}.announced_caption", lang))
        return
    art = load_sources().article
    text = t(f"{K}.own.announced_text", lang, year=min(f.year for f in art.values()),
             figures="; ".join(f"{_lower_first(announced_label(k, lang))} — {announced_value(k, lang)}" for k in art))
    if not any(announces(k) for k in ("new_jobs", "output_added", "tsa_recipients_fall")):
        text += " " + t(f"{K}.own.no_jobs_output_tsa", lang)
    show_text(text)
    c = {k: t(f"{K}.own.cols.{k}", lang) for k in ("figure", "value", "quote")}
    show_table(pd.DataFrame([{c["figure"]: announced_label(k, lang), c["value"]: announced_value(k, lang),
                              c["quote"]: f"«{art[k].quote}»"} for k in art]), t(f"{K}.own.announced_caption", lang))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _borrowers(fig) -> bool:
    """An announced count of borrowers (one project each), not of projects: worded as borrowers."""
    return "borrowers" in fig.unit


def announced_label(figure: str, lang: str) -> str:
    """The reader's name of an announced figure: money allocated and borrowers where the announcement
    says so (Auyl Amanaty), else the 2019 article's name of the figure."""
    fig = load_sources().article[figure]
    if figure == "projects" and _borrowers(fig):
        return t(f"{K}.own.figures.borrowers", lang)
    if figure == "programme_cost" and fig.year > BASE_YEAR:
        return t(f"{K}.own.figures.allocated", lang)
    return tables.figure_label(figure, lang)


def announced_value(figure: str, lang: str) -> str:
    """An announced figure as the page shows it: as stated (a bound "about" in words), and money of
    a later year with the 2019 prices it is compared in beside it."""
    fig = load_sources().article[figure]
    if _borrowers(fig):
        text = t(f"{K}.own.borrowers_about" if fig.bound == "about" else f"{K}.own.borrowers", lang,
                 n=i18n.number(fig.value, lang))
    else:
        text = tables.figure_value(fig, lang)
        if fig.bound == "about":
            text = t(f"{K}.own.about", lang, value=text)
    target = next((tg for tg in TARGETS if tg.figure == figure), None)
    if target is not None and target.unit == "bn KZT" and fig.year > BASE_YEAR:
        value_2019 = tables.value_by_unit(target_value(target), fig.unit, lang)
        text = t("tables.in_2019_prices", lang, value=text, year=fig.year, value_2019=value_2019)
    return text


def targets(sc, p, lang: str) -> None:
    """The akimat's targets against the projection: the verdict, the table and how far each is reached."""
    year = p.summary["target_year"]
    show_text(f"## {t(f'{K}.targets_heading', lang)}")
    tg = p.targets
    n_met, n_targets = met_count(tg), len(tg)
    calibrated = any(tables.source_kind(q) == "calibrated" for q in sc.params.values())
    if not states_baseline():
        _own_verdict_and_table(sc, p, lang, calibrated)
    else:
        if n_met == n_targets:
            verdict = t(f"{K}.all_met_calibrated" if calibrated else f"{K}.all_met", lang, n=n_targets, year=year,
                        money_report=t("02_money_projects.title", lang))
        else:
            verdict = t(f"{K}.some_met", lang, met=n_met, n=n_targets, year=year,
                        missed="; ".join(tables.target_label(k, lang) for k in tg.loc[~tg["met"], "key"]))
        show_text(verdict + " " + t(f"{K}.targets_note", lang, year=year,
                                    tsa_report=t("04_social_assistance.title", lang)))
        show_table(tables.targets_table(p, lang), t(f"{K}.targets_caption", lang, scenario=sc.title[lang], year=year))

    shares = reached(tg)  # fractions of each target with a figure other than zero
    reached_pct = 100 * shares["reached"]
    fig, ax = charts.figure(7.0, 3.8 if states_baseline() else 1.0 + 0.6 * len(reached_pct))  # a bar of the same width
    drawn = ax.barh([textwrap.fill(tables.target_label(k, lang), 34) for k in reached_pct.index], reached_pct.values,
                    color=[charts.DIRECTION_COLORS["small_business"] if m else charts.TARGET_COLOR
                           for m in shares["met"]])
    ax.bar_label(drawn, labels=[" " + i18n.pct(v, lang, 0) for v in reached_pct.values], fontsize=9)
    ax.axvline(100, color=charts.NEUTRAL, linestyle="--", linewidth=1.2)
    ax.annotate(t(f"{K}.reached_line", lang), (100, 1.0), xycoords=("data", "axes fraction"), ha="center",
                va="bottom", fontsize=9, color=charts.NEUTRAL)
    ax.invert_yaxis()
    ax.set_xlim(0, max(100.0, float(reached_pct.max())) * 1.18)
    ax.set_xlabel(t(f"{K}.reached_xlabel", lang, year=year))
    charts.bars_axis(ax, "y")
    show_figure(fig, t(f"{K}.reached_caption", lang, scenario=sc.title[lang], year=year), lang)


def _own_verdict_and_table(sc, p, lang: str, calibrated: bool) -> None:
    """The verdict and targets table of a programme whose announcement gives only some targets (Auyl
    Amanaty: the money and the borrowers): only those, the money in 2019 prices beside its own year's."""
    year, tg = p.summary["target_year"], p.targets
    n_met, n_targets = met_count(tg), len(tg)
    if n_met == n_targets:
        verdict = t(f"{K}.own.all_met_calibrated" if calibrated else f"{K}.all_met", lang, n=n_targets, year=year)
    else:
        verdict = t(f"{K}.some_met", lang, met=n_met, n=n_targets, year=year,
                    missed="; ".join(tables.target_label(k, lang) for k in tg.loc[~tg["met"], "key"]))
    show_text(verdict + " " + t(f"{K}.own.targets_note", lang, year=year))
    table = tables.targets_table(p, lang)
    figure_of = {tg_.key: tg_.figure for tg_ in TARGETS}
    announced_col = t("tables.col.announced", lang)
    table[announced_col] = [announced_value(figure_of[k], lang) for k in tg["key"]]
    table = table.rename(columns={announced_col: t(f"{K}.own.cols.announced", lang)})
    show_table(table, t(f"{K}.own.targets_caption", lang, scenario=sc.title[lang], year=year))
