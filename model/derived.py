"""Figures derived from the article and the pilot by arithmetic (FIGURES.md, "Derived").

Never typed into data/: each is computed here from the sourced figures it names, and shown
labelled *derived* with its formula.
"""
from __future__ import annotations

from dataclasses import dataclass

from .parameters import Sources, load_sources


@dataclass(frozen=True)
class Derived:
    key: str
    value: float
    unit: str
    numerator: str  # source reference, e.g. "article.rural_population"
    denominator: str
    scale: float = 1.0  # value = numerator / denominator * scale (unit conversion, % -> share)


# key: (numerator, denominator, scale, unit); value = numerator / denominator * scale
_FORMULAS = {
    "total_population": ("article.rural_population", "article.rural_share", 100.0, "people"),
    "agri_output_implied": ("article.output_added", "article.output_rise", 100.0, "bn KZT"),
    "cost_per_project": ("article.programme_cost", "article.projects", 1000.0, "m KZT per project"),
    "jobs_per_project": ("article.new_jobs", "article.projects", 1.0, "jobs per project"),
    "entrepreneurs_per_project": ("article.entrepreneurs", "article.projects", 1.0, "people per project"),
    "cost_per_job": ("article.programme_cost", "article.new_jobs", 1e6, "k KZT per job"),
    "persons_per_tsa_family": ("article.tsa_people", "article.tsa_families", 1.0, "people per family"),
    "households_per_settlement": ("article.households_screened", "article.settlements_screened", 1.0,
                                  "households per settlement"),
    "without_income_share": ("article.without_stable_income", "article.rural_working_age", 100.0, "%"),
    "output_per_tenge": ("article.output_added", "article.programme_cost", 1.0, "KZT of output a year per KZT"),
    "pilot_cost_per_job": ("pilot.lent", "pilot.new_jobs", 1000.0, "m KZT per job"),
    "pilot_livestock_price_per_head": ("pilot.livestock_lent", "pilot.livestock_head", 1e6, "k KZT per head"),
}
DERIVED_KEYS = tuple(_FORMULAS)


def derived_figures(sources: Sources | None = None) -> dict[str, Derived]:
    """Every derived figure, computed from the sourced figures."""
    s = sources or load_sources()
    out = {}
    for key, (num, den, scale, unit) in _FORMULAS.items():
        out[key] = Derived(key=key, value=s.figure(num).value / s.figure(den).value * scale, unit=unit,
                           numerator=num, denominator=den, scale=scale)
    return out
