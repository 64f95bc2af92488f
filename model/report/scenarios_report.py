"""Notebook 08's texts: the scenarios listed, the overrides named, one sentence per scenario, the
comparison table in chunks that fit the page. Only labels and formats (numbers from model.compare)."""
from __future__ import annotations

import pandas as pd

from . import i18n, tables
from .brief import column_chunks, comparison_table, scenario_label
from .display import show_table
from .i18n import t


def intro(scenario: str, names: list[str], titles: dict, lang: str) -> str:
    items = "\n".join(t("08_scenarios.item", lang, label=scenario_label(n, lang), title=titles[n][lang])
                      for n in names)
    return t("08_scenarios.intro", lang, scenario=scenario_label(scenario, lang)) + "\n\n" + items


def overrides_text(sc, overrides: dict, lang: str) -> str:
    return t("08_scenarios.overrides", lang, items="; ".join(
        f"{tables.param_label(k, lang)}: {tables.param_value(sc.value(k), sc.params[k].unit, lang)}"
        for k in overrides))


def sentences(table: pd.DataFrame, rel: pd.DataFrame, names: list[str], year: int, lang: str) -> str:
    return "\n".join(t("08_scenarios.sentence", lang, label=scenario_label(n, lang), year=year,
                       jobs=i18n.number(table.at["jobs_direct", n], lang),
                       rel=tables.cell(rel.at["jobs_direct", n], "pct", lang, 0),
                       people=i18n.number(table.at["tsa_people_out", n], lang),
                       cost=tables.cell(table.at["cost_per_job_m_kzt", n], "money_m", lang),
                       npv=tables.cell(table.at["economic_npv_bn_kzt", n], "money_bn", lang))
                     for n in names)


def show_comparison(table: pd.DataFrame, rel: pd.DataFrame, year: int, lang: str) -> None:
    """The comparison table, seven columns at a time (an A4 page's width)."""
    for part in column_chunks(comparison_table(table, lang, relative=rel)):
        show_table(part, t("08_scenarios.table_caption", lang, year=year))
