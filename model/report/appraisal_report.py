"""Notebook 06, the cost of labour: the economic return with each net job charged its shadow wage,
beside the same without it (a sensitivity). Numbers: model.compare.appraisal_with_labour."""
from __future__ import annotations

import pandas as pd

from .. import compare
from . import i18n, tables
from .brief import appraisal_cell
from .display import show_table, show_text
from .i18n import t

K = "06_appraisal"
KEYS = {"npv": "economic_npv_bn_kzt", "bcr": "economic_bcr", "irr": "economic_irr"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


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
