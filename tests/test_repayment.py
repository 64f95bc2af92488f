"""Repayment: loan service against income gain, defaults by burden, income net of service, the shadow wage."""
import numpy as np
import pytest

import model
from model import appraisal, compare, repayment
from model.microsim import assignment
from model.microsim import results as micro_results
from model.parameters import load_parameters


def test_loan_service_closed_form():
    # 1 m KZT project, 70 % microcredit at a real rate of 0 over 5 years: 0.7 m / 5 = 140,000 a year = 11,667 a month
    f = dict(microcredit_share=0.7, microcredit_rate=0.0, bank_loan_share=0.0, market_rate=0.1, loan_term_years=5)
    assert repayment.monthly_service_kzt(1.0, f) == pytest.approx(140_000 / 12)
    # at a negative real rate (6 % nominal, 10 % inflation: 1.06 / 1.10 - 1 = -3.6 %) the instalment is below 1/5
    f["microcredit_rate"] = 1.06 / 1.10 - 1
    assert repayment.monthly_service_kzt(1.0, f) < 140_000 / 12
    # launched mid-year: half an instalment in the launch year, then full ones, the last half in year 5
    assert repayment.loan_years(5, 8).tolist() == [0.5, 1, 1, 1, 1, 0.5, 0, 0]


def test_default_rises_with_the_burden():
    # floor 0.5 %, 0.5 % more per unit of burden above 1: burden 3 -> 0.5 + 2 x 0.5 = 1.5 %
    assert repayment.default_rate(0.5, 0.005, 0.005) == pytest.approx(0.005)
    assert repayment.default_rate(3.0, 0.005, 0.005) == pytest.approx(0.015)
    assert repayment.default_rate(1000.0, 0.5, 0.5) == 1.0  # never more than everything
    # a project that earns nothing carries the cap, not a division by zero
    assert repayment.burden(10_000, 0.0) == repayment.BURDEN_CAP


def test_the_default_relation_agrees_with_the_pilots_reported_repayment():
    check = compare.repayment_check()
    # 99.5 % reported; the model's pilot, by borrowers, within a point of it
    assert check["ok"], check
    assert check["model_by_borrowers"] == pytest.approx(0.995, abs=0.01)
    # by money it is lower: the split puts 2.7 bn on 35 large projects whose burden is far above 1
    assert check["model_by_money"] < check["model_by_borrowers"]


def test_a_borrower_whose_service_exceeds_the_gain_is_worse_off_while_the_loan_runs():
    p = model.project(model.load_scenario("pilot_evidence"))
    d = p.as_dict()["repayment"]
    shop = d["small_business"]
    # the pilot's small business: service about 2.3 times what the project earns while the loan runs
    assert shop["burden"] > 2
    assert shop["monthly_net_kzt"] == pytest.approx(shop["monthly_income_gain_kzt"] - shop["monthly_service_kzt"])
    assert shop["monthly_net_kzt"] < 0
    # the herd earns about what its 7-year loan costs over the term, but not in its first years, while it
    # grows: the pilot's owners as a whole keep nothing net of their loans in 2021 (their TSA income adds nothing)
    assert d["livestock"]["burden"] == pytest.approx(1, abs=0.15)
    e = assignment.earners(p.arrays, p.scenario.values)
    gross = assignment.earners(p.arrays, p.scenario.values, net_of_service=False)
    assert e.owner_income[0, 1] == 0 < gross.owner_income[0, 1]
    # the plan's calibrated herd earns more than its loan costs
    plan = model.project(model.load_scenario("akimat")).as_dict()["repayment"]["livestock"]
    assert plan["burden"] < 1 and plan["monthly_net_kzt"] > 0


def test_owner_income_is_net_of_the_loan_service():
    sc = model.load_scenario("pilot_evidence")
    r = model.core.compute(sc.values)
    net = assignment.earners(r, sc.values)
    gross = assignment.earners(r, sc.values, net_of_service=False)
    t = 2  # 2022: loans running
    # by direction: value added - wages - loan service, at least zero, summed, per owner running
    wage = net.wage[0]
    by_d = r["output"][0, :, t] * sc.value("appraisal.value_added_share") * 1e9 / 12 - r["hired"][0, :, t] * wage
    owners = r["owners_running"][0, :, t].sum()
    assert net.owner_income[0, t] == pytest.approx(np.maximum(by_d - r["loan_service"][0, :, t], 0).sum() / owners)
    assert gross.owner_income[0, t] == pytest.approx(np.maximum(by_d, 0).sum() / owners)
    assert net.owner_income[0, t] < gross.owner_income[0, t]


def test_a_familys_tsa_exit_uses_income_net_of_service():
    check = micro_results.pilot_check()
    # as the TSA assessment counts income (repayments not deducted) the pilot's -65 % is reproduced
    # within the check's tolerance (microsim.results: its 1,628 TSA participants fitted, the fall not);
    # net of the loan service, fewer participants' families are above the line while the loans run
    assert check["model"]["tsa_change"] == pytest.approx(-0.65, abs=micro_results.PILOT_CHANGE_TOLERANCE)
    assert check["net_of_service"]["tsa_change"] > check["model"]["tsa_change"] + 0.1
    # the suite's own TSA answer is net of service: fewer exits than before the service is deducted
    sc = model.load_scenario("pilot_evidence")
    r = model.core.compute(sc.values)
    without_service = {**r, "loan_service": np.zeros_like(r["loan_service"])}
    from model.microsim import tsa_outcome
    assert (tsa_outcome(r, sc.values)["tsa_families_out"] <= tsa_outcome(without_service, sc.values)["tsa_families_out"]
            + 1e-9).all()
    assert tsa_outcome(r, sc.values)["tsa_families_out"].sum() < tsa_outcome(without_service, sc.values)["tsa_families_out"].sum()


def test_the_shadow_wage_prices_the_labour():
    plan = model.project(model.load_scenario("akimat")).summary
    free = model.project(model.load_scenario("akimat", {"appraisal.shadow_wage_share": 0})).summary
    # at zero the appraisal is the one without the cost of labour
    assert free["economic_npv_bn_kzt"] == pytest.approx(plan["economic_npv_no_shadow_wage_bn_kzt"])
    assert free["economic_irr"] == pytest.approx(plan["economic_irr_no_shadow_wage"])
    # at its central value (0.6 x 42,500 KZT a month for every net job) NPV, BCR and IRR fall
    assert plan["economic_npv_bn_kzt"] < free["economic_npv_bn_kzt"] / 1.5
    assert plan["economic_bcr"] < free["economic_bcr"] and plan["economic_irr"] < free["economic_irr"]
    # closed form: 1,000 net jobs x 0.6 x 42,500 x 12 = 0.306 bn KZT a year
    assert appraisal.labour_cost(1000, 0.6, 42_500) == pytest.approx(0.306)


def test_the_shadow_wage_leaves_the_fiscal_appraisal_alone():
    plan = model.project(model.load_scenario("akimat")).summary
    free = model.project(model.load_scenario("akimat", {"appraisal.shadow_wage_share": 0})).summary
    assert plan["fiscal_npv_bn_kzt"] == pytest.approx(free["fiscal_npv_bn_kzt"])


def test_every_money_input_carries_its_price_year():
    units = {k: p.unit for k, p in load_parameters().items()}  # the microsimulation's inputs too
    money = {k: u for k, u in units.items() if "KZT" in u}
    assert len(money) > 5
    undated = {k: u for k, u in money.items() if not any(w in u for w in ("2019 prices", "nominal", "current 2020"))}
    assert not undated
