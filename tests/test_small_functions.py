"""The small economic functions, one by one, on numbers worked by hand: the TSA rules at their
edges, the aggregate TSA saving, the running-product powers, the IRR on a bracket's edge. (The
mutation run, tools/mutation.py, showed these were reached only through figures that did not
depend on them.)"""
import numpy as np
import pytest

from model import appraisal, money, timeline, tsa
from model.microsim import rules


def test_poverty_line_is_70_percent_of_the_subsistence_minimum():
    assert float(rules.eligibility_threshold(29_698, 0.7)) == pytest.approx(20_788.6)


def test_a_family_whose_added_income_equals_its_benefit_leaves():
    # at the line a family is not eligible (is_eligible is strict), so an added income equal to
    # the benefit takes it off; one tenge less keeps it on
    assert bool(rules.leaves_tsa(34_734, 34_734)) is True
    assert bool(rules.leaves_tsa(34_733, 34_734)) is False


def test_benefit_after_shrinks_by_the_income_added_and_stops_at_zero():
    np.testing.assert_allclose(rules.benefit_after(np.array([10_000, 34_734, 50_000]), 34_734), [24_734, 0, 0])


def test_child_payment_is_per_child_in_mci():
    # two children aged 1-6, MCI 2,651 KZT (2020), 1.5 MCI each a month: 7,953 KZT
    assert float(rules.child_payment(2, 2_651, 1.5)) == pytest.approx(7_953)
    assert float(rules.child_payment(0, 2_651, 1.5)) == 0.0


def test_quarterly_assessments_are_four_a_year():
    assert rules.assessments_per_year(3) == 4 and rules.assessments_per_year(6) == 2


def test_large_family_from_four_children():
    assert rules.is_large_family(np.array([3, 4, 5]), 4).tolist() == [False, True, True]


def test_aggregate_saving_is_people_times_benefit_times_twelve_months():
    # 1,000 people at 5,000 KZT a person a month: 60 m KZT a year = 0.06 bn
    assert float(tsa.budget_saved_bn(1_000, 5_000)) == pytest.approx(0.06, rel=1e-12)


def test_powers_by_running_product_equal_true_powers_and_other_exponents_too():
    base = np.array([0.9, 1.1, 2.0])
    np.testing.assert_allclose(timeline.powers(base, np.arange(5)), base[:, None] ** np.arange(5), rtol=1e-13)
    odd = np.array([0, 2, 3])  # not 0, 1, 2, ...: the general path
    np.testing.assert_allclose(timeline.powers(base, odd), base[:, None] ** odd, rtol=1e-13)
    np.testing.assert_allclose(timeline.powers(base, np.array([1, 2])), base[:, None] ** np.array([1, 2]))


def test_survival_and_ramp_up_by_hand():
    np.testing.assert_allclose(timeline.survival(0.1, np.arange(4)), [1, 0.9, 0.81, 0.729])
    # half a year's effect in the launch year, full from the year the ramp ends
    np.testing.assert_allclose(timeline.ramp_up(2, np.arange(4)), [0.25, 0.75, 1.0, 1.0])


def test_irr_of_known_flows_and_none_where_npv_keeps_one_sign():
    # -100 then 110: 10 %; -100, 0, 121: 10 %
    assert float(appraisal.irr(np.array([-100.0, 110.0]))) == pytest.approx(0.10, abs=1e-9)
    assert float(appraisal.irr(np.array([-100.0, 0.0, 121.0]))) == pytest.approx(0.10, abs=1e-9)
    assert float(appraisal.irr(np.array([-100.0, 50.0]))) == pytest.approx(-0.5, abs=1e-9)  # half lost
    assert np.isnan(appraisal.irr(np.array([-100.0, -10.0])))  # NPV negative at every rate
    both = appraisal.irr(np.array([[-100.0, 110.0], [-100.0, 0.0]]))
    assert both.shape == (2,) and both[0] == pytest.approx(0.1) and np.isnan(both[1])


def test_bcr_is_nan_without_costs():
    assert np.isnan(appraisal.bcr(0.1, np.array([10.0, 10.0]), np.array([0.0, 0.0])))


def test_annuity_factor_by_hand_and_at_zero_interest():
    assert float(money.annuity_factor(0.0, 5)) == 5.0  # 1 a year for 5 years, undiscounted
    assert float(money.annuity_factor(0.1, 2)) == pytest.approx(1 / 1.1 + 1 / 1.21, rel=1e-12)
    np.testing.assert_allclose(money.annuity_factor(np.array([0.0, 0.1]), 2), [2.0, 1 / 1.1 + 1 / 1.21])


def _earners_case(**kw):
    from model.microsim import assignment
    # two directions, two years, one draw; output in bn KZT a year, loan service in KZT a month
    r = {"years": np.array([2020, 2021]),
         "owners_running": np.array([[[10.0, 0.0], [5.0, 5.0]]]),
         "hired": np.array([[[2.0, 2.0], [0.0, 0.0]]]),
         "output": np.array([[[0.024, 0.024], [0.0, 0.0]]]),
         "loan_service": np.array([[[100_000.0, 100_000.0], [50_000.0, 50_000.0]]])}
    values = {"net_effect.deadweight": 0.2, "net_effect.displacement": 0.15, "appraisal.value_added_share": 0.5,
              "assignment.hired_wage": 42_500.0}
    return assignment.earners(r, values, **kw)


def test_an_owner_earns_value_added_less_wages_and_loan_service_by_hand():
    wage = 42_500.0
    e = _earners_case()
    # year 1: 0.024 bn a year = 2 m KZT a month, half of it value added = 1 m; less 2 wages and
    # 100,000 of loan service; the second direction earns nothing and loses nothing for the others
    earned = 1_000_000 - 2 * wage - 100_000
    assert e.owner_income[0, 0] == pytest.approx(earned / 15)
    # year 2: the first direction's owners have all closed: nothing is earned, 5 owners remain
    assert e.owner_income[0, 1] == 0.0
    # the places the programme adds: net of deadweight and displacement, 0.8 x 0.85
    np.testing.assert_allclose(e.owners[0], [15 * 0.68, 5 * 0.68])
    np.testing.assert_allclose(e.hired[0], [2 * 0.68, 2 * 0.68])
    np.testing.assert_allclose(e.wage, [wage])
    gross = _earners_case(additional=False, net_of_service=False)
    np.testing.assert_allclose(gross.owners[0], [15, 5])
    assert gross.owner_income[0, 0] == pytest.approx((1_000_000 - 2 * wage) / 15)


def test_places_reach_down_the_queue_and_add_income_by_hand():
    from model.microsim import assignment
    e = assignment.Earners(years=np.array([2020]), owners=np.array([[1.5]]), hired=np.array([[1.0]]),
                           owner_income=np.array([[1_000.0]]), wage=np.array([300.0]))
    owner_pos = np.array([1.0, 2.0, np.inf])
    hired_pos = np.array([np.inf, 1.0, 2.0])
    factor = np.array([2.0, 0.5, 1.0])
    added = assignment.income_added(owner_pos, hired_pos, factor, e, slice(0, 1), 0)
    np.testing.assert_allclose(added[0], [2_000.0, 300.0, 0.0])  # at position = places: reached
    half = assignment.scaled(e, 0.5)
    assert half.owners[0, 0] == 0.75 and half.hired[0, 0] == 0.5 and half.owner_income is e.owner_income


def test_fiscal_cost_per_tenge_by_hand():
    f = {"grant_share": 0.1, "microcredit_share": 0.7, "microcredit_rate": 0.0, "market_rate": 0.1,
         "loan_term_years": 2, "default_rate": 0.05, "admin_cost_share": 0.03}
    ge = float(money.grant_element(0.0, 0.1, 2))
    assert ge == pytest.approx(1 - (0.5 / 1.1 + 0.5 / 1.21))  # repaid 0.5 a year, at no interest
    parts = money.fiscal_cost_per_tenge(f)
    assert parts["microcredit"] == pytest.approx(0.7 * (ge + 0.05))
    assert parts["grant"] == 0.1 and parts["admin"] == 0.03 and parts["bank_loan"] == parts["own_funds"] == 0
    assert float(money.fiscal_cost(np.array(2.0), f)) == pytest.approx(2.0 * (0.1 + 0.7 * (ge + 0.05) + 0.03))


def test_payback_in_whole_years_draw_by_draw():
    flows = np.array([[-10.0, 4.0, 4.0, 4.0], [5.0, -1.0, 0.0, 0.0], [-10.0, 1.0, 1.0, 1.0]])
    np.testing.assert_array_equal(appraisal.payback_years(flows), [4.0, 1.0, np.nan])  # -10, -6, -2, +2


def test_a_fraction_of_an_owner_still_running_earns_and_shares():
    from model.microsim import assignment
    # 0.5 owner running in one direction: the projects' money is earned and shared by that half owner
    r = {"years": np.array([2020]), "owners_running": np.array([[[0.5], [0.0]]]),
         "hired": np.zeros((1, 2, 1)), "output": np.array([[[0.012], [0.0]]])}
    values = {"net_effect.deadweight": 0.0, "net_effect.displacement": 0.0, "appraisal.value_added_share": 1.0,
              "assignment.hired_wage": 42_500.0}
    e = assignment.earners(r, values, net_of_service=False)
    assert e.owner_income[0, 0] == pytest.approx(1_000_000 / 0.5)  # 12 m a year = 1 m a month, per 0.5 owner


class _Pop:
    """Six households by hand: who can take an owner's place (a working-age member) and a hired
    one (someone without stable income), their weights and draws."""
    households = 6
    working = np.array([1, 0, 2, 1, 1, 0])
    without_stable = np.array([0, 1, 1, 0, 1, 0])
    large_family = np.zeros(6, dtype=bool)
    input = {"assignment.large_family_priority": 2.0}  # no large family here: it changes nothing
    weight = np.array([1.0, 2.0, 1.0, 1.0, 3.0, 1.0])
    owner_draw = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    hired_draw = np.array([0.1, 0.9, 0.5, 0.2, 0.3, 0.8])


def test_places_go_only_to_households_that_can_take_them_in_race_order():
    from model.microsim import assignment
    on_tsa = np.array([False, False, True, False, False, False])
    owners, hired = assignment.queues(_Pop, on_tsa, rho=1.0)
    # owners: households with a working-age member (0, 2, 3, 4), earliest race first: -log(u)
    # smallest for the largest u: 0 (0.9), 2 (0.7), 3 (0.6), 4 (0.5); positions are cumulative weights
    np.testing.assert_array_equal(owners, [1.0, np.inf, 2.0, 3.0, 6.0, np.inf])
    # hired: households with someone without stable income (1, 2, 4): 1 (0.9), 2 (0.5), 4 (0.3)
    np.testing.assert_array_equal(hired, [np.inf, 2.0, 3.0, np.inf, 6.0, np.inf])
    # a TSA family rho times as likely: with rho 10, household 2 (on TSA) runs first
    owners10, _ = assignment.queues(_Pop, on_tsa, rho=10.0)
    assert owners10[2] == 1.0 and owners10[0] == 2.0


def test_the_queue_reaches_as_many_households_as_places_at_any_rate():
    from model.microsim import assignment
    on_tsa = np.array([False, False, True, False, False, False])
    race = assignment._race(_Pop, _Pop.working > 0, _Pop.owner_draw)
    q = assignment._Queue(race, on_tsa, _Pop.weight)
    np.testing.assert_array_equal(q.reached(1.0, 2.0), [True, False, True, False, False, False])
    np.testing.assert_array_equal(q.reached(1.0, 2.5), [True, False, True, False, False, False])
    np.testing.assert_array_equal(q.reached(1.0, 6.0), [True, False, True, True, True, False])
    np.testing.assert_array_equal(q.reached(10.0, 1.0), [False, False, True, False, False, False])
    assert not q.reached(1.0, 0.5).any()  # not even the first household fits


# --- the gaps the mutation run showed (tools/mutation.py) ------------------------------------


def test_powers_by_running_product_and_by_exponent_agree():
    # the running product serves k = 0, 1, ..., T-1; any other k takes the power per element
    np.testing.assert_allclose(timeline.powers(0.5, np.arange(4)), [1.0, 0.5, 0.25, 0.125])
    np.testing.assert_allclose(timeline.powers(np.array([2.0, 3.0]), np.arange(3)), [[1, 2, 4], [1, 3, 9]])
    np.testing.assert_allclose(timeline.powers(2.0, np.array([3, 0, 1])), [8.0, 1.0, 2.0])  # not 0..T-1
    np.testing.assert_allclose(timeline.powers(2.0, np.array([[0, 1], [2, 3]])), [[1, 2], [4, 8]])  # 2-D k
    np.testing.assert_allclose(timeline.powers(2, np.arange(3)), [1.0, 2.0, 4.0])  # an int base: floats


def test_cohorts_add_up_their_launch_years_whatever_the_shapes():
    # launches of 10 in year 0 and 5 in year 2 (nothing in year 1), each cohort's path 1, 0.5, 0.25, 0.125
    launches = np.array([[[10.0, 0.0, 5.0, 0.0]]])
    path = np.array([[[1.0, 0.5, 0.25, 0.125]]])
    np.testing.assert_allclose(timeline.convolve_cohorts(launches, path), [[[10.0, 5.0, 7.5, 3.75]]])
    # one path for every draw (weights broadcast over draws): the shape is the launches'
    two = np.array([[[10.0, 0.0, 5.0, 0.0]], [[0.0, 4.0, 0.0, 0.0]]])
    out = timeline.convolve_cohorts(two, path)
    assert out.shape == (2, 1, 4)
    np.testing.assert_allclose(out[1, 0], [0.0, 4.0, 2.0, 1.0])
    # one launch path for several weights (e.g. by direction): the weights' shape
    assert timeline.convolve_cohorts(launches, np.concatenate([path, path], axis=1)).shape == (1, 2, 4)


def test_assessments_a_year_for_every_assessment_length():
    assert [rules.assessments_per_year(m) for m in (1, 3, 6, 12)] == [12, 4, 2, 1]


def test_annuity_at_a_rate_of_one_is_not_the_zero_rate_case():
    # at 100 % a year, 1 a year for 2 years is worth 1/2 + 1/4 = 0.75 (the zero-rate branch would say 2)
    assert money.annuity_factor(1.0, 2) == pytest.approx(0.75)
    assert money.annuity_factor(0.0, 2) == pytest.approx(2.0)


def test_irr_of_several_draws_at_once():
    # two draws: -100 then 110 (10 %), -100 then 121 a year later twice... each row its own rate
    flows = np.array([[-100.0, 110.0, 0.0], [-100.0, 0.0, 121.0]])
    np.testing.assert_allclose(appraisal.irr(flows), [0.10, 0.10], atol=1e-9)
    np.testing.assert_allclose(appraisal.irr(np.stack([flows, flows])), [[0.10, 0.10]] * 2, atol=1e-9)


def test_an_owner_income_is_zero_when_no_owner_runs_a_project():
    from model.microsim import assignment
    r = {"owners_running": np.zeros((1, 1, 2)), "hired": np.zeros((1, 1, 2)), "output": np.ones((1, 1, 2)),
         "years": np.array([2020, 2021])}
    values = {"net_effect.deadweight": 0.0, "net_effect.displacement": 0.0, "assignment.hired_wage": 42_500.0,
              "appraisal.value_added_share": 0.5}
    e = assignment.earners(r, values, additional=False, net_of_service=False)
    np.testing.assert_array_equal(e.owner_income, 0.0)  # no division by zero owners, and no income from nowhere


def test_a_quoted_title_with_quotes_of_its_own_takes_the_inner_quotes():
    from model.report.i18n import t

    text = t("brief.prepared", "ru", scenario="План программы «Ауыл аманаты»", draws="1 000", seed=2019)
    assert "«План программы „Ауыл аманаты“»" in text and "««" not in text and "»»" not in text
    assert "«Akimat plan»" in t("brief.prepared", "en", scenario="Akimat plan", draws="1,000", seed=2019)
