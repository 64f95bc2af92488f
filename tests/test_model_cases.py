"""Input -> output cases whose comments show the arithmetic, one per model step."""
import numpy as np
import pytest

from model import appraisal, jobs, money, output, processing, timeline, tsa


def test_money_and_projects():
    # 46.4 bn x 0.4 = 18.56 bn for livestock; at 2 m KZT a project: 18,560 / 2 = 9,280 projects
    b = money.direction_budget(46.4, 1.0, np.array([[0.4]]))
    assert b[0, 0] == pytest.approx(18.56)
    assert money.project_count(b, 2.0)[0, 0] == pytest.approx(9280)
    # spread over launch years 0.5 / 0.5 in a 3-year horizon -> 9.28, 9.28, 0
    spread = money.by_launch_year(b, [0.5, 0.5], 3)
    assert spread[0, 0].tolist() == pytest.approx([9.28, 9.28, 0.0])


def test_grant_element_closed_form():
    # equal rates: no gift; a zero-interest 1-year loan at a 10 % market rate: 1 - 1/1.1
    assert money.grant_element(0.1, 0.1, 5) == pytest.approx(0.0)
    assert money.grant_element(0.0, 0.1, 1) == pytest.approx(1 - 1 / 1.1)
    # 6 % for 5 years vs 14 %: annuity factors 3.4331 (14 %) / 4.2124 (6 %) -> 1 - 0.8150 = 0.1850
    assert money.grant_element(0.06, 0.14, 5) == pytest.approx(0.18500, abs=1e-4)


def test_fiscal_cost_counts_only_the_gift_in_microcredit():
    f = dict(grant_share=0.1, microcredit_share=0.7, microcredit_rate=0.06, market_rate=0.06,
             loan_term_years=5, default_rate=0.0, admin_cost_share=0.03)
    # with no interest subsidy and no defaults, 10 bn costs the state 10 x (0.1 + 0.03) = 1.3 bn
    assert money.fiscal_cost(np.array(10.0), f) == pytest.approx(1.3)


def test_cohorts_ramp_and_survival():
    # 100 projects launched in year 0, full effect after 1 year (ramp 0.5 then 1), failure 10 %:
    # 100 x 0.5 = 50, 100 x 1 x 0.9 = 90, 100 x 0.81 = 81 mature equivalents
    launched = np.array([[[100.0, 0.0, 0.0]]])
    w = timeline.lag_weights(np.array([[1.0]]), np.array([[0.1]]), 3)
    assert timeline.convolve_cohorts(launched, w)[0, 0].tolist() == pytest.approx([50, 90, 81])
    # two cohorts of 100: year 1 = 100 x 0.9 x 1 + 100 x 0.5 = 140
    two = np.array([[[100.0, 100.0, 0.0]]])
    assert timeline.convolve_cohorts(two, w)[0, 0, 1] == pytest.approx(140)


def test_a_herd_ramps_up_over_three_years():
    # full effect after 3 years: (k + 1/2) / 3 = 1/6, 1/2, 5/6, then 1; no failures
    assert timeline.ramp_up(np.array([[3.0]]), np.arange(5))[0, 0].tolist() == pytest.approx([1 / 6, 0.5, 5 / 6, 1, 1])


def test_jobs_count_each_person_once():
    # 100 projects running, 80 mature equivalents; 1 owner per project, 0.5 hired FTE per mature project:
    # owners 100 + hired 40 = 140 jobs; the "in addition" reading compares only the 40 hired with the target
    owners = jobs.entrepreneurs(np.array([[1.0]]), np.array([[[100.0]]]))
    hired = jobs.hired_jobs(np.array([[0.5]]), np.array([[[80.0]]]))
    assert (owners + hired)[0, 0, 0] == pytest.approx(140)
    assert jobs.jobs_against_target(hired, owners, np.array([[1.0]]))[0, 0, 0] == pytest.approx(140)
    assert jobs.jobs_against_target(hired, owners, np.array([[0.0]]))[0, 0, 0] == pytest.approx(40)


def test_jobs_gross_to_net():
    # 1,000 gross jobs, 20 % deadweight, 15 % displacement: 1,000 x 0.8 x 0.85 = 680 net; +30 % indirect = 204
    gross = np.array([[[1000.0]]])
    net = jobs.net_of(gross, np.array([0.2]), np.array([0.15]))
    assert net[0, 0, 0] == pytest.approx(680)
    assert jobs.indirect_jobs(net, np.array([[0.3]]))[0, 0, 0] == pytest.approx(204)


def test_output_and_processing():
    # 10,000 mature projects x 1.5 m KZT = 15 bn; against 400.6 bn: 3.744 %
    added = output.added_output(np.array([[1.5]]), np.array([[[10000.0]]]))
    assert added[0, 0, 0] == pytest.approx(15.0)
    assert output.rise_pct(15.0, 400.6) == pytest.approx(3.7444, abs=1e-4)
    # plants buy 25 % of 400 bn = 100 bn at 50 % load; 30 bn more = +30 % relative, +15 points
    rel, pp, load = processing.load_rise(30.0, 400.0, 0.25, 0.5)
    assert (rel, pp, load) == pytest.approx((30.0, 15.0, 0.65))


def test_the_processing_claim_read_as_percentage_points():
    # plants process 25 % of 400 bn = 100 bn; "+30 %" read as points from a load of 60 %: 90 % of capacity,
    # which is a relative rise in throughput of 30 / 0.6 = 50 %
    assert processing.baseline_throughput(0.25, 400.0) == pytest.approx(100.0)
    assert processing.load_after_points(0.6, 30.0) == pytest.approx(90.0)
    assert processing.relative_rise_for_points(30.0, 0.6) == pytest.approx(50.0)
    # the inverse of load_rise: 30 bn more at a 50 % load is +30 % relative, +15 points, and 15 points is 30 %
    rel, pp, load = processing.load_rise(30.0, 400.0, 0.25, 0.5)
    assert processing.relative_rise_for_points(pp, 0.5) == pytest.approx(rel) == pytest.approx(30.0)
    assert processing.load_after_points(0.5, pp) == pytest.approx(100 * load) == pytest.approx(65.0)


def test_tsa_exits_saturate():
    # few earners: linear, 1,000 earners x 0.4 reach x 0.5 exit ~ 200 families (199.4 exactly)
    fam, people = tsa.exits(np.array(1000.0), 0.4, 0.5, 32000, 162354)
    assert fam == pytest.approx(32000 * 0.5 * (1 - np.exp(-400 / 32000)))
    assert people == pytest.approx(fam * 162354 / 32000)
    # a million earners cannot take out more families than there are
    fam_many, _ = tsa.exits(np.array(1e6), 1.0, 1.0, 32000, 162354)
    assert fam_many <= 32000
    # the inverse gives back the reach share
    assert tsa.reach_for_exits(fam, 1000.0, 0.5, 32000) == pytest.approx(0.4)


def test_npv_irr_textbook():
    # -100 now, +110 in a year: NPV at 10 % = 0, IRR = 10 %
    assert appraisal.npv(0.10, [-100, 110]) == pytest.approx(0.0, abs=1e-9)
    assert appraisal.irr(np.array([-100.0, 110.0])) == pytest.approx(0.10, abs=1e-9)
    # Brealey-Myers style: -1000, then 500 for 3 years: NPV at 10 % = 243.43, IRR = 23.375 %
    flows = np.array([-1000.0, 500, 500, 500])
    assert appraisal.npv(0.10, flows) == pytest.approx(243.426, abs=1e-3)
    assert appraisal.irr(flows) == pytest.approx(0.23375, abs=1e-4)
    # no sign change: no IRR
    assert np.isnan(appraisal.irr(np.array([100.0, 100.0])))
    assert appraisal.bcr(0.0, np.array([0, 60, 60]), np.array([100, 0, 0])) == pytest.approx(1.2)
    # payback: cumulative -1000, -500, 0 -> pays back in the 3rd year
    assert appraisal.payback_years(flows) == 3
