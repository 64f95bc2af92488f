"""Per-project rates from the pilot's first stage (data/pilot.yaml), for ``derive_from: pilot``.

The first stage lent 9.2 bn KZT in 2020 and reported its outcomes about a year later. Read
through the model's own timeline (ramp-up m_k and survival (1 - f)^k, k = years observed),
the reported counts give the rates per mature project; projecting the pilot's money with
those rates then reproduces the first stage exactly (tests/test_evidence.py).
"""
from __future__ import annotations

import numpy as np

from . import tsa
from .parameters import DIRECTIONS, load_sources
from .scenario import Scenario, apply_overrides


def pilot_stage() -> dict[str, float]:
    """The first stage's figures by key (data/pilot.yaml)."""
    return {k: v.value for k, v in load_sources().pilot.items()}


def derive_from_pilot(scenario: Scenario) -> Scenario:
    """The scenario with money split, costs and per-project rates taken from the pilot.

    Livestock, cooperative and small-business money is published; the rest went to household
    plots and land outside villages (split: ``evidence.plots_share_of_other_money``). Residents'
    projects other than small business are assumed to cost the same across plots, livestock
    and land, since no count by direction is published.
    """
    v = scenario.values
    f = pilot_stage()
    lag = int(v["evidence.observed_after_years"])
    lent = f["lent"]
    other = lent - f["livestock_lent"] - f["cooperatives_lent"] - f["small_business_lent"]
    plots_share = v["evidence.plots_share_of_other_money"]
    money = {"household_plots": other * plots_share, "livestock": f["livestock_lent"],
             "outside_land": other * (1 - plots_share), "cooperatives": f["cooperatives_lent"],
             "small_business": f["small_business_lent"]}
    # residents' projects besides small business share plots, livestock and land at one cost
    resident_money = money["household_plots"] + money["livestock"] + money["outside_land"]
    resident_cost = resident_money * 1000 / (f["residents"] - f["small_business_projects"])
    cost = {"household_plots": resident_cost, "livestock": resident_cost, "outside_land": resident_cost,
            "cooperatives": f["cooperatives_lent"] * 1000 / f["cooperatives"],
            "small_business": f["small_business_lent"] * 1000 / f["small_business_projects"]}
    projects = {d: money[d] * 1000 / cost[d] for d in DIRECTIONS}
    n_projects = sum(projects.values())

    # what one project launched `lag` years ago still contributes, by direction
    ramp = list(v["timeline.ramp_up"])
    m = ramp[min(lag, len(ramp) - 1)]
    alive = {d: (1 - v[f"directions.{d}.failure_rate"]) ** lag for d in DIRECTIONS}
    mature = sum(projects[d] * m * alive[d] for d in DIRECTIONS)
    running = sum(projects[d] * alive[d] for d in DIRECTIONS)

    jobs = f["new_jobs"] / mature  # the pilot gives no split: one rate for every direction
    entrepreneurs = f["new_sole_proprietors"] / n_projects
    # income gain of participants -> output: gain / value-added share, per mature project
    gain_m_kzt = (f["income_after"] - f["income_before"]) * 12 / 1e6 * f["residents"]
    output = gain_m_kzt / v["appraisal.value_added_share"] / mature
    earners = jobs * mature + entrepreneurs * running
    reach = float(tsa.reach_for_exits(f["tsa_families_exited"], earners, v["tsa.exit_probability"],
                                      v["tsa.families"]))

    overrides = {"tsa.reach_share": reach}
    for d in DIRECTIONS:
        overrides.update({
            f"directions.{d}.budget_share": money[d] / lent,
            f"directions.{d}.cost_per_project_m_kzt": cost[d],
            f"directions.{d}.jobs_per_project": jobs,
            f"directions.{d}.entrepreneurs_per_project": entrepreneurs,
            f"directions.{d}.output_m_kzt_per_year": output,
        })
    params = apply_overrides(scenario.params, overrides, scenario.file, "derived from the pilot (data/pilot.yaml)")
    return Scenario(name=scenario.name, title=scenario.title, params=params, file=scenario.file,
                    notes=scenario.notes + ("per-project rates derived from the pilot's first stage",))


def stage_overrides() -> dict[str, object]:
    """Overrides that replay the first stage itself: its money, launched in one year."""
    return {"programme.budget_bn_kzt": pilot_stage()["lent"], "programme.budget_scale": 1.0,
            "timeline.launch_shares": [1.0]}


def observed_year(scenario: Scenario) -> int:
    return int(scenario.value("programme.start_year") + scenario.value("evidence.observed_after_years"))


def stage_outcomes(projection) -> dict[str, float]:
    """The first-stage figures as the model reads them from a projection, in the observed year."""
    r = projection.arrays
    i = int(np.searchsorted(r["years"], observed_year(projection.scenario)))
    return {"lent": float(r["total_cost"][0, : i + 1].sum()), "projects": float(r["projects"][0, :, i].sum()),
            "new_jobs": float(r["jobs_direct"][0, :, i].sum()),
            "new_sole_proprietors": float(r["entrepreneurs"][0, :, i].sum()),
            "tsa_families_exited": float(r["tsa_families_out"][0, i])}
