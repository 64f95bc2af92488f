"""Delivery: lending within capacity, the schedule as reported (as_delivered), the revolving fund."""
import json

import numpy as np
import pytest

import model
from model import delivery, delivered, outturn, prices
from model.cli import main as cli


def test_money_beyond_capacity_is_lent_later_not_lost():
    # 10 bn in each of two years at 1 m KZT a project: 10,000 projects a year asked for; capacity 6,000:
    # 6,000 + 6,000 + 6,000 + 2,000 launched, the same 20 bn lent, nothing left over
    money = np.array([[[10.0, 10.0, 0.0, 0.0]]])
    d = delivery.deliver(money, np.ones((1, 1, 4)), np.array([[6000.0]]), binds=True)
    assert d.launched[0, 0].tolist() == pytest.approx([6000, 6000, 6000, 2000])
    assert d.spend.sum() == pytest.approx(20.0)
    assert d.unlent.sum() == pytest.approx(0.0)
    assert delivery.beyond_capacity(d.planned, np.array([[6000.0]]))[0]
    # a horizon too short: what is not lent by its end is reported, not dropped
    short = delivery.deliver(money[..., :3], np.ones((1, 1, 3)), np.array([[6000.0]]), binds=True)
    assert short.spend.sum() + short.unlent.sum() == pytest.approx(20.0)
    assert short.unlent.sum() == pytest.approx(2.0)
    # the schedule as given when capacity does not bind: flagged, not moved
    free = delivery.deliver(money, np.ones((1, 1, 4)), np.array([[6000.0]]), binds=False)
    assert free.launched[0, 0].tolist() == pytest.approx([10000, 10000, 0, 0])


def test_the_plans_schedule_is_flagged_and_moved_when_capacity_binds():
    plan = model.project(model.load_scenario("akimat"))
    assert plan.summary["beyond_capacity"]  # 15,500 projects a year against about 3,700
    assert plan.as_dict()["delivery"]["beyond_capacity"] and not plan.as_dict()["delivery"]["capacity_binds"]
    held = model.project(model.load_scenario("akimat", {"delivery.capacity_binds": 1}))
    r = held.arrays
    assert np.all(r["launched"][0] <= r["capacity"][0][:, None] + 1e-6)
    # the same money, lent later: fewer projects and jobs by 2022, all of it lent by the horizon or reported unlent
    assert r["spend"].sum() + r["unlent"].sum() == pytest.approx(46.4)
    assert held.summary["jobs_direct"] < plan.summary["jobs_direct"]
    assert r["launched"][0].sum(0)[:2].sum() < plan.arrays["launched"][0].sum(0)[:2].sum()


def test_as_delivered_reproduces_the_reported_lending_and_borrowers():
    sc = model.load_scenario("as_delivered")
    r = model.project(sc).arrays
    years = list(r["years"])
    facts = outturn.load_outturn()
    count = r["launched"][0].sum(0).cumsum()
    # borrowers: the first stage as the pilot's split counts it (2,478 residents + 11 cooperatives),
    # then about 4,000 by 2022 and 8,600 by 2023-24
    assert count[years.index(2020)] == pytest.approx(2478 + 11)
    assert count[years.index(2022)] == pytest.approx(facts["borrowers_2022"].value)
    assert count[years.index(2024)] == pytest.approx(facts["borrowers_2023"].value)
    # money, back in the prices of each year: 9.2 bn in 2020, 18.3 bn by 2022
    nominal = r["spend"][0].sum(0) * prices.price_index(sc.values, r["years"])
    assert nominal[0] == pytest.approx(facts["lent_first_stage"].value)
    assert nominal[: years.index(2022) + 1].sum() == pytest.approx(facts["lent_2022"].value)
    # then the rest of the 46.4 bn (2019 prices) at the reported mean pace: all of it lent, nothing beyond capacity
    assert r["spend"].sum() == pytest.approx(46.4)
    assert not r["beyond_capacity"][0]
    path = delivered.reported_path(sc.values, delivered.first_stage_projects(sc.values))
    pace = sum(path["money"]) / len(path["money"])
    after = r["spend"][0].sum(0)[len(path["money"]):]
    assert np.all(after <= pace + 1e-9) and after[0] == pytest.approx(pace)


def test_as_delivered_refuses_a_budget_below_what_was_lent(tmp_path):
    # a scenario whose own money is below the 38 bn (2019 prices) reported lent by 2024 cannot follow the outturn
    (tmp_path / "pilot_evidence.yaml").write_text((model.build.SCENARIOS / "pilot_evidence.yaml").read_text())
    (tmp_path / "small.yaml").write_text("base: pilot_evidence\noverrides: {programme.budget_bn_kzt: 20}\n"
                                         "schedule_from: outturn\n")
    with pytest.raises(model.DataError, match="programme.budget_bn_kzt.*reported lending"):
        model.load_scenario("small", directory=tmp_path)
    # a run-time override applies on top of the derived schedule, like every override: the same years, less money
    less = model.project(model.load_scenario("as_delivered", {"programme.budget_scale": 0.5})).arrays
    full = model.project(model.load_scenario("as_delivered")).arrays
    np.testing.assert_allclose(less["spend"], full["spend"] / 2)


def test_revolving_fund_off_changes_nothing_and_on_relends_only_what_comes_back():
    base = model.project(model.load_scenario("pilot_evidence")).arrays
    off = model.project(model.load_scenario("pilot_evidence", {"delivery.revolving": 0})).arrays
    np.testing.assert_array_equal(base["launched"], off["launched"])
    assert off["relent"].sum() == 0
    on = model.project(model.load_scenario("pilot_evidence", {"delivery.revolving": 1})).arrays
    assert on["projects"][0, :, -1].sum() > base["projects"][0, :, -1].sum()
    # re-lent money never exceeds the microcredit that came back (70 % of the money, repaid over 5 years,
    # at a negative real rate, so less than the principal)
    assert 0 < on["relent"].sum() < 0.7 * 46.4
    # the budget's own money is still 46.4 bn: lent = budget + re-lent
    assert on["spend"].sum() + on["unlent"].sum() == pytest.approx(46.4 + on["relent"].sum())


def test_project_json_answers_with_delivery_repayment_and_flagged_appraisal(capsys):
    assert cli(["project", "--scenario", "as_delivered", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {"targets", "summary", "jobs"} <= set(d)  # the existing keys stay
    row = d["delivery"]["years"][0]
    assert {"year", "launched", "capacity", "spent_bn_kzt"} <= set(row)
    assert set(d["repayment"]) == set(model.DIRECTIONS)
    assert {"monthly_service_kzt", "monthly_income_gain_kzt", "burden", "default_rate"} <= set(d["repayment"]["livestock"])
    assert all({"value", "plausible", "bound"} <= set(v) for v in d["appraisal"].values())
    assert cli(["project", "--scenario", "akimat", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["appraisal"]["economic_irr"]["plausible"] is False
    assert plan["appraisal"]["economic_irr"]["bound"]["key"] == "economic_irr_max"
    assert plan["delivery"]["beyond_capacity"] is True


def test_project_text_says_when_the_schedule_is_beyond_capacity(capsys):
    assert cli(["project", "--scenario", "akimat"]) == 0
    out = capsys.readouterr().out
    assert "beyond the lenders' capacity" in out and "implausible" in out
