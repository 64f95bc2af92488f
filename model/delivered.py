"""The programme as delivered: the reported lending, year by year, as a launch schedule.

``schedule_from: outturn`` in a scenario file (``as_delivered``) replaces the plan's schedule
with what was reported (data/programmes/zhambyl_2019/outturn.yaml, ``schedule``): each stage's cumulative borrowers, and
money where published, spread evenly over its launch years; nominal money turned into 2019
prices year by year. A stage without published money costs, per borrower in 2019 prices, what the
stage before it cost. The rest of the money is then lent at the stages' mean real pace a year.

The per-project rates stay the scenario's (the pilot's, for ``as_delivered``); what the outturn
sets is when the money goes out (``timeline.launch_shares``) and what a borrower costs in each
year relative to the first stage (``timeline.cost_index``): the real money per borrower rose
from 3.5 m KZT in 2020 to 4.9 m in 2021-22. Projecting the scenario reproduces the reported
money and borrowers of every year the outturn covers (tests/test_delivery.py).
"""
from __future__ import annotations

import numpy as np

from . import prices
from .errors import DataError
from .outturn import load_outturn, load_schedule
from .parameters import DIRECTIONS
from .scenario import Scenario, apply_overrides
from .paths import as_pack, rel


def reported_path(values, first_stage: float | None = None) -> dict[str, list]:
    """The reported stages as yearly money (bn KZT, 2019 prices) and borrowers, from the start year.

    Returns ``years``, ``money``, ``borrowers`` (lists of equal length) and ``money_reported``
    (True where the stage's money was published). ``first_stage``: the first stage's borrowers as
    a scenario counts them (its projects for that money, :func:`first_stage_projects`), so that the
    cumulative counts match the later reports; None: as reported.
    """
    facts = load_outturn()
    start = int(values["programme.start_year"])
    years, money, borrowers, published = [], [], [], []
    lent_before = count_before = 0.0  # cumulative nominal money and borrowers of the stages before
    per_borrower = None  # real money per borrower of the stage before
    for i, stage in enumerate(load_schedule()):
        if i == 0 and stage.years[0] != start:
            raise DataError(rel(as_pack(None) / "outturn.yaml"), "schedule[0].years", list(stage.years),
                            f"a first stage that starts in programme.start_year ({start})")
        n = len(stage.years)
        new_count = facts[stage.borrowers].value - count_before
        if i == 0 and first_stage is not None:
            new_count = first_stage
        if new_count <= 0:
            raise DataError(rel(as_pack(None) / "outturn.yaml"), f"schedule[{i}].borrowers", facts[stage.borrowers].value,
                            f"more borrowers than the stages before ({count_before:,.0f})")
        if stage.lent is not None:
            nominal = (facts[stage.lent].value - lent_before) / n
            real = [float(x) for x in prices.to_constant_2019([nominal] * n, list(stage.years), values)]
            lent_before = facts[stage.lent].value
        else:
            real = [per_borrower * new_count / n] * n
        per_borrower = sum(real) / new_count
        years += list(stage.years)
        money += real
        borrowers += [new_count / n] * n
        published += [stage.lent is not None] * n
        count_before += new_count  # the model's cumulative count, so later stages reach the reported totals
    return {"years": years, "money": money, "borrowers": borrowers, "money_reported": published}


def first_stage_projects(values) -> float:
    """Projects the scenario launches for the first stage's money (its split and costs): sum_d s_d M / c_d."""
    facts = load_outturn()
    first = load_schedule()[0]
    real = float(prices.to_constant_2019(facts[first.lent].value, [first.years[0]], values)[0])
    return real * 1000 * sum(values[f"directions.{d}.budget_share"] / values[f"directions.{d}.cost_per_project_m_kzt"]
                             for d in DIRECTIONS)


def delivered_schedule(values, file: str) -> dict[str, list]:
    """``timeline.launch_shares`` and ``timeline.cost_index`` that follow the reported lending.

    The budget (2019 prices) less what was lent by the last reported year is lent afterwards at
    the reported stages' mean real pace, each year's projects at the mean cost index of the stages
    after the first.
    """
    path = reported_path(values, first_stage_projects(values))
    budget = float(values["programme.budget_bn_kzt"]) * float(values["programme.budget_scale"])
    money = list(path["money"])
    lent = sum(money)
    if lent > budget * (1 + 1e-9):
        raise DataError(file, "programme.budget_bn_kzt", budget,
                        f"at least the {lent:.1f} bn KZT (2019 prices) the programme reported lending by "
                        f"{path['years'][-1]}")
    base_cost = money[0] / path["borrowers"][0]  # real money per borrower of the first stage
    index = [m / b / base_cost for m, b in zip(money, path["borrowers"])]
    pace = lent / len(money)
    later_index = float(np.mean(index[1:])) if len(index) > 1 else 1.0
    rest = budget - lent
    while rest > 1e-9:
        step = min(pace, rest)
        money.append(step)
        index.append(later_index)
        rest -= step
    n_years = int(values["programme.horizon_end"]) - int(values["programme.start_year"]) + 1
    if len(money) > n_years:
        raise DataError(file, "programme.horizon_end", int(values["programme.horizon_end"]),
                        f"a horizon long enough to lend the rest of the money at the reported pace "
                        f"(until {int(values['programme.start_year']) + len(money) - 1})")
    shares = [m / budget for m in money]
    shares[-1] = 1.0 - sum(shares[:-1])  # exactly 1, whatever the rounding
    return {"timeline.launch_shares": shares, "timeline.cost_index": index}


def as_delivered(scenario: Scenario) -> Scenario:
    """The scenario with its launch schedule and yearly cost index taken from the outturn."""
    overrides = delivered_schedule(scenario.values, scenario.file)
    params = apply_overrides(scenario.params, overrides, scenario.file,
                             f"derived from the outturn ({rel(as_pack(None) / 'outturn.yaml')})")
    return Scenario(name=scenario.name, title=scenario.title, params=params, file=scenario.file,
                    calibration=scenario.calibration, pack=scenario.pack,
                    notes=scenario.notes + ("launch schedule and cost per borrower by year derived from the "
                                            f"reported lending ({rel(as_pack(None) / 'outturn.yaml')})",))
