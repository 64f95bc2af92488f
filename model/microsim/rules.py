"""Targeted social assistance (TSA) as the law states it, in the law's terms.

Law of the Republic of Kazakhstan «On state targeted social assistance», as in force from
1 April 2019 and 1 January 2020 (EXTERNAL_FACTS, data/regions/zhambyl/tsa.yaml ``rules``):

- the **eligibility threshold** (poverty line) is 70 % of the **subsistence minimum** per person
  a month;
- a family is **eligible** when its average monthly **income per person** is below the threshold;
- the **benefit** is the gap between the threshold and the income per person, times the
  **members** of the family, assigned for a **quarter** (the quarterly assessment);
- low-income families receive an **additional payment for children aged 1–6**, 1.5 MCI per child
  a month (from ``rules.child_payment_from``);
- from 1 January 2020 **large families** (four or more children under 18) receive a
  non-means-tested allowance (4.01 MCI a child a month), which the TSA assessment counts as income
  (model/microsim/counterfactual.py applies it): it lifts some of them over the line, not all.

Every function works on arrays (households, or draws × households).
"""
from __future__ import annotations

import numpy as np


def eligibility_threshold(subsistence_minimum, threshold_share):
    """The poverty line: 70 % of the subsistence minimum (29,698 KZT in 2019 -> 20,789)."""
    return np.asarray(subsistence_minimum, dtype=float) * threshold_share


def is_eligible(income_per_person, threshold):
    """Eligible when income per person is strictly below the threshold (at the line: not eligible)."""
    return np.asarray(income_per_person) < threshold


def benefit(income_per_person, threshold, members):
    """Monthly benefit of a family: the gap between the threshold and income per person, times members."""
    gap = np.maximum(np.asarray(threshold, dtype=float) - income_per_person, 0.0)
    return gap * members


def leaves_tsa(income_added, monthly_benefit):
    """A family on TSA no longer eligible after its income rises by ``income_added`` a month.

    The same rule as ``is_eligible``, read on the family: income per person + added / members
    reaches the threshold exactly when added >= (threshold - income per person) x members, the
    family's benefit. (tests/test_microsim.py checks the two readings agree household by household.)
    """
    return np.asarray(income_added) >= monthly_benefit


def benefit_after(income_added, monthly_benefit):
    """The benefit of a family that stays eligible: the gap shrinks by the income added."""
    return np.maximum(np.asarray(monthly_benefit, dtype=float) - income_added, 0.0)


def child_payment(children_1_6, monthly_calculation_index, payment_mci):
    """Monthly additional payment for children aged 1-6 in a low-income family."""
    return np.asarray(children_1_6, dtype=float) * monthly_calculation_index * payment_mci


def benefit_for_assessment(monthly_benefit, assessment_months):
    """What one assessment assigns: the monthly amount for the quarter (3 months)."""
    return np.asarray(monthly_benefit, dtype=float) * assessment_months


def assessments_per_year(assessment_months) -> int:
    return int(round(12 / assessment_months))


def is_large_family(children_under_18, large_family_children):
    """Large family (көпбалалы отбасы / многодетная семья): four or more children under 18."""
    return np.asarray(children_under_18) >= large_family_children
