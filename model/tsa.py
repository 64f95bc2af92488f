"""Families and people leaving targeted social assistance (TSA), and the budget saved.

New earners (direct jobs and running entrepreneurs) fall on families at random, a share r of
them on TSA families; a family reached by at least one earner has probability q of passing
the eligibility line (70 % of the subsistence minimum per head). With F0 TSA families and
E earners the families reached are F0 * (1 - exp(-r E / F0)): linear for few earners,
never more than F0.
"""
from __future__ import annotations

import numpy as np

# The two rates only this cross-check reads: no TSA figure a reader sees moves with them (the household
# microsimulation gives those), so the editor does not offer them and the brief leaves them out.
CROSS_CHECK_ONLY = ("tsa.reach_share", "tsa.exit_probability")
# Every input of this cross-check: the brief, which shows only the microsimulation's TSA figures,
# lists none of them (notebook 04 shows the cross-check with its inputs).
INPUTS = ("tsa.families", "tsa.people", "tsa.benefit_kzt_per_person_month", *CROSS_CHECK_ONLY)


def families_reached(earners, reach_share, families0):
    f0 = np.asarray(families0)
    return f0 * -np.expm1(-np.asarray(reach_share) * earners / f0)


def exits(earners, reach_share, exit_probability, families0, people0):
    """(families leaving TSA, people leaving TSA) by year."""
    families = np.asarray(exit_probability) * families_reached(earners, reach_share, families0)
    return families, families * np.asarray(people0) / np.asarray(families0)


def budget_saved_bn(people_out, benefit_kzt_per_person_month):
    """TSA benefits no longer paid, bn KZT a year."""
    return people_out * np.asarray(benefit_kzt_per_person_month) * 12 / 1e9


def reach_for_exits(families_out, earners, exit_probability, families0):
    """Inverse of ``exits``: the reach share r that gives ``families_out`` exits (for the pilot)."""
    return -families0 * np.log1p(-families_out / (exit_probability * families0)) / earners
