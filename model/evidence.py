"""Per-project rates from the pilot's first stage (data/programmes/zhambyl_2019/pilot.yaml), for ``derive_from: pilot``.

The first stage lent 9.2 bn KZT in 2020 (8.6 bn in 2019 prices: every money figure is deflated
with ``prices.cpi_inflation``) and reported its outcomes about a year later. Its
published split gives money and borrowers by direction (livestock 6.4 bn to 2,454 borrowers,
11 cooperatives with 972.4 m, 11 small businesses with 56.2 m, the rest to household plots and
land). The outcomes are read at their age through the model's own timeline (each direction's
ramp-up and survival one year after launch: a herd bought in 2020 is at half strength in 2021),
so the rates are per *mature* project, one for every direction (the income gain is reported per
household). The published split puts 2.7 bn on 35 cooperative, plot and land borrowers (88-136 m
KZT each) whose output is published only inside that mean: at a household's output such a project
cannot service its loan, which the repayment table shows as a burden far above 1 (a reading of
the split, not evidence of those projects). Projecting the pilot's money with these rates
reproduces the first stage exactly (tests/test_projection.py). The share of TSA families among borrowers comes from
the pilot too: 1,058 families left, 65 % of those among participants, so about 1,630 took part.
"""
from __future__ import annotations

import numpy as np

from . import prices, timeline, tsa
from .parameters import DIRECTIONS, load_parameters, load_sources
from .scenario import Scenario, apply_overrides
from .targets import year_index
from .paths import as_pack, rel


def pilot_stage() -> dict[str, float]:
    """The first stage's figures by key (data/programmes/zhambyl_2019/pilot.yaml)."""
    return {k: v.value for k, v in load_sources().pilot.items()}


def stage_year(values) -> int:
    """The year the pilot's first stage lent its money: the year its figures were reported, less the
    years after lending they were read (pilot.yaml ``lent``, ``evidence.observed_after_years``). Its
    money and incomes are of that year's prices, whatever year the programme using them starts in
    (Auyl Amanaty, 2023, builds on the 2020 pilot)."""
    lag = values.get("evidence.observed_after_years")
    if lag is None:  # no scenario's values given: the pack's own reading lag
        lag = load_parameters()["evidence.observed_after_years"].value
    return int(load_sources().pilot["lent"].year) - int(lag)


def pilot_split(values) -> tuple[dict[str, float], dict[str, float]]:
    """(money bn KZT, projects) by direction, from the first stage's published split.

    The money not published by direction (9.2 - 6.4 - 0.97 - 0.06 = 1.77 bn) and the borrowers not
    counted as livestock or small business (2,478 - 2,454 - 11 = 13) went to household plots and
    land outside villages, split by ``evidence.plots_share_of_other_money`` at one cost.
    """
    f = pilot_stage()
    other_money = f["lent"] - f["livestock_lent"] - f["cooperatives_lent"] - f["small_business_lent"]
    other_projects = f["residents"] - f["livestock_borrowers"] - f["small_business_projects"]
    plots = values["evidence.plots_share_of_other_money"]
    money = {"household_plots": other_money * plots, "livestock": f["livestock_lent"],
             "outside_land": other_money * (1 - plots), "cooperatives": f["cooperatives_lent"],
             "small_business": f["small_business_lent"]}
    projects = {"household_plots": other_projects * plots, "livestock": f["livestock_borrowers"],
                "outside_land": other_projects * (1 - plots), "cooperatives": f["cooperatives"],
                "small_business": f["small_business_projects"]}
    return money, projects


def pilot_plots_and_land(values) -> tuple[float, float]:
    """(money bn KZT as published, borrowers) of household plots and land outside villages together:
    the part of the first stage's split not published by direction (``pilot_split``)."""
    money, projects = pilot_split(values)
    return money["household_plots"] + money["outside_land"], projects["household_plots"] + projects["outside_land"]


def derive_from_pilot(scenario: Scenario) -> Scenario:
    """The scenario with money split, costs and per-project rates taken from the pilot.

    The pilot publishes no split of jobs, sole proprietors or income by direction: one hired-jobs
    rate per mature project, one entrepreneurs rate per project and one output rate per mature
    project hold for every direction.
    """
    v = scenario.values
    f = pilot_stage()
    money, projects = pilot_split(v)
    lag = int(v["evidence.observed_after_years"])
    start = stage_year(v)
    # one price base: the money lent in the first stage (2020) in 2019 prices
    deflator = float(prices.price_index(v, [start])[0])
    money = {d: m / deflator for d, m in money.items()}
    n_projects = sum(projects.values())
    # what one project launched `lag` years before the observation still contributes, by direction
    k = np.arange(lag + 1)
    years_full = np.array([[v[f"directions.{d}.years_to_full_effect"] for d in DIRECTIONS]])
    failure = np.array([[v[f"directions.{d}.failure_rate"] for d in DIRECTIONS]])
    weight = timeline.lag_weights(years_full, failure, lag + 1)[0, :, lag]
    alive = timeline.survival(failure, k)[0, :, lag]
    count = np.array([projects[d] for d in DIRECTIONS])
    mature, running = float(count @ weight), float(count @ alive)

    # one rate per mature project for every direction: the participants' income gain is reported per
    # household (44 -> 73 k KZT a month), and 2,454 of the 2,489 projects were one household's herd
    hired = f["new_jobs"] / mature
    entrepreneurs = f["new_sole_proprietors"] / n_projects
    # participants' income gain, in 2019 prices (44 k in 2020, 73 k in 2021), as output per mature
    # project: gain / value-added share
    before, after = prices.to_constant_2019([f["income_before"], f["income_after"]], [start, start + lag], v)
    gain_m_kzt = (after - before) * 12 / 1e6 * f["residents"]
    output = gain_m_kzt / v["appraisal.value_added_share"] / mature
    earners = hired * mature + entrepreneurs * running  # owners running + hired, each once
    exit_probability = f["tsa_fall_share"]
    reach = float(tsa.reach_for_exits(f["tsa_families_exited"], earners, exit_probability, v["tsa.families"]))

    overrides = {"tsa.reach_share": reach, "tsa.exit_probability": exit_probability}
    lent = sum(money.values())
    for d in DIRECTIONS:
        overrides.update({
            f"directions.{d}.budget_share": money[d] / lent,
            f"directions.{d}.cost_per_project_m_kzt": money[d] * 1000 / projects[d],
            f"directions.{d}.hired_fte_per_project": hired,
            f"directions.{d}.entrepreneurs_per_project": entrepreneurs,
            f"directions.{d}.output_m_kzt_per_year": output,
        })
    params = apply_overrides(scenario.params, overrides, scenario.file,
                             f"derived from the pilot ({rel(as_pack(None) / 'pilot.yaml')})")
    return Scenario(name=scenario.name, title=scenario.title, params=params, file=scenario.file,
                    notes=scenario.notes + ("per-project rates derived from the pilot's first stage",),
                    pack=scenario.pack)


def stage_overrides(values=None) -> dict[str, object]:
    """Overrides that replay the first stage itself: its money (in 2019 prices), launched in one year."""
    values = values or {}
    lent = float(prices.to_constant_2019(pilot_stage()["lent"], [stage_year(values)], values)[0])
    return {"programme.budget_bn_kzt": lent, "programme.budget_scale": 1.0, "timeline.launch_shares": [1.0],
            "timeline.cost_index": [1.0], "delivery.revolving": 0}


def observed_year(scenario: Scenario) -> int:
    return int(scenario.value("programme.start_year") + scenario.value("evidence.observed_after_years"))


def stage_outcomes(projection) -> dict[str, float]:
    """The first-stage figures as the model reads them from a projection, in the observed year."""
    r = projection.arrays
    i = year_index(r["years"], observed_year(projection.scenario))
    return {"lent": float(r["total_cost"][0, : i + 1].sum()), "projects": float(r["projects"][0, :, i].sum()),
            "new_jobs": float(r["hired"][0, :, i].sum()),
            "new_sole_proprietors": float(r["entrepreneurs"][0, :, i].sum()),
            # the aggregate estimate, whose reach share is read from this figure (the microsimulation
            # is checked against the pilot separately: model/microsim/results.pilot_check)
            "tsa_families_exited": float(r["tsa_families_out_aggregate"][0, i])}
