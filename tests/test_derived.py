"""The derived figures of FIGURES.md and EXTERNAL_FACTS.md, recomputed from the sourced ones."""
import pytest

from model.derived import DERIVED_KEYS, derived_figures
from model.parameters import load_sources

# FIGURES.md, "Derived (arithmetic on the above)", and EXTERNAL_FACTS.md's derived pilot figures
EXPECTED = {
    "agri_output_implied": (400.6, 0.1),         # 132.2 / 0.33
    "total_population": (1_124_000, 500),        # 679,000 / 0.604
    "cost_per_project": (1.50, 0.01),            # 46.4 bn / 31,000 in m KZT
    "jobs_per_project": (2.9, 0.01),             # 90,000 / 31,000 = 2.903
    "cost_per_job": (516, 1),                    # 46.4 bn / 90,000 in k KZT
    "entrepreneurs_per_project": (2.2, 0.01),    # 68,000 / 31,000 = 2.194
    "persons_per_tsa_family": (5.07, 0.01),      # 162,354 / 32,000
    "households_per_settlement": (368, 0.5),     # 138,347 / 376 = 367.9
    "output_per_tenge": (2.85, 0.005),           # 132.2 / 46.4
    "pilot_cost_per_job": (15.6, 0.05),          # 9.2 bn / 589 in m KZT
    "pilot_livestock_price_per_head": (142, 0.5),  # 6.4 bn / 45,032 head in k KZT
    "without_income_share": (38.2, 0.05),        # 151,000 / 395,000 of working age, in %
}


@pytest.mark.parametrize("key", EXPECTED)
def test_derived_figures_match_the_sources_notes(key):
    value, tol = EXPECTED[key]
    assert derived_figures()[key].value == pytest.approx(value, abs=tol)


def test_every_derived_figure_is_checked_and_names_existing_sources():
    # each derived figure has an independent expected value above (from the notes, not the formula)
    assert set(DERIVED_KEYS) == set(EXPECTED)
    s = load_sources()
    for d in derived_figures().values():
        s.figure(d.numerator), s.figure(d.denominator)  # KeyError if a source is missing
