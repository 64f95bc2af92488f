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
    """Every derived figure whose two figures the pack has (another programme's announcement may
    not quote the 2019 article's figures: what it lacks is not derived, never made up, nor taken
    from the announcement of a programme it builds on)."""
    s = sources or load_sources()
    out = {}
    for key, (num, den, scale, unit) in _FORMULAS.items():
        try:  # the programme's own announcement only: a prior's (another year's, another region's) never mixes in
            a, b = (getattr(s, ref.partition(".")[0])[ref.partition(".")[2]] for ref in (num, den))
        except KeyError:
            continue
        out[key] = Derived(key=key, value=a.value / b.value * scale, unit=unit,
                           numerator=num, denominator=den, scale=scale)
    return out


def public_differences(sources: Sources | None = None) -> dict[str, float]:
    """The article's derived baseline beside the public figures, as notebook 01 quotes them (fractions):

    ``population``              the public population (``external.population_2020``) against the total
                                derived from the article (rural population / rural share), less one
    ``output``                  the public agricultural output (``external.agri_output_2020``, bn KZT,
                                current prices of its year) against the output the article implies
                                (132.2 bn / 33 %), less one
    ``output_added_on_public``  the article's added output (132.2 bn) as a fraction of that public output
    """
    s = sources or load_sources()
    dv = derived_figures(s)
    public_output, public_population = s.external["agri_output_2020"].value, s.external["population_2020"].value
    return {"population": public_population / dv["total_population"].value - 1,
            "output": public_output / dv["agri_output_implied"].value - 1,
            "output_added_on_public": s.article["output_added"].value / public_output}


def cost_per_job_m_kzt(sources: Sources | None = None) -> float:
    """The article's programme cost per announced job, m KZT per job (46.4 bn / 90,000 = 0.516 m);
    ``derived_figures()["cost_per_job"]`` is the same figure in k KZT."""
    return derived_figures(sources)["cost_per_job"].value / 1000
