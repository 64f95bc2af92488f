"""The numbers the notebooks, the brief and the editor quote, computed in model/ (breakdown, compare,
derived, targets, decide, evidence, microsim.results) since the report layer only labels and formats
them: each on a case worked by hand, or against the projection's own totals and the article's
figures. (The processing plants' readings of the article's claim are in tests/test_model_cases.py,
with the other model steps; the risks' ratios in tests/test_brief.py, decide's record in
tests/test_decide.py.)"""
import numpy as np
import pandas as pd
import pytest

import model
from model import DIRECTIONS, breakdown, compare, decide, derived, evidence, targets
from model.microsim import results, run
from model.parameters import load_parameters

SMALL = 20_000  # households: the microsimulation's totals scale by 20,000 / 138,347, its ratios do not


@pytest.fixture(scope="module")
def akimat():
    return model.project(model.load_scenario("akimat"))


@pytest.fixture(scope="module")
def micro():
    return run("akimat", households=SMALL)


# --- money, projects and output by direction (notebooks 02 and 05) --------------------------------

def test_direction_shares_by_hand():
    # 18.56 bn of 46.4 for livestock is 40 %; the total is all of it
    money = pd.Series({"household_plots": 6.96, "livestock": 18.56, "outside_land": 6.96, "cooperatives": 6.96,
                       "small_business": 6.96, "total": 46.4})
    shares = breakdown.direction_shares(money)
    assert shares["livestock"] == pytest.approx(0.4) and shares["household_plots"] == pytest.approx(0.15)
    assert shares["total"] == 1.0


def test_money_and_projects_add_up_to_the_programme(akimat):
    b = breakdown.money_and_projects(akimat, 2029)
    d = list(DIRECTIONS)
    # the plan's split: 40 % to livestock, 15 % to each other direction, of 46.4 bn; 31,000 projects
    assert b.at["livestock", "money_share"] == pytest.approx(0.40)
    assert b.at["total", "money_bn"] == pytest.approx(akimat.summary["budget_bn_kzt"]) == pytest.approx(46.4)
    assert b.at["total", "projects"] == pytest.approx(akimat.summary["projects"]) == pytest.approx(31_000)
    assert b.loc[d, "money_bn"].sum() == pytest.approx(b.at["total", "money_bn"])
    assert b.loc[d, "money_share"].sum() == pytest.approx(1.0) and b.loc[d, "project_share"].sum() == pytest.approx(1.0)
    # projects = money / cost per project, direction by direction (1,000 m KZT in a bn)
    assert (b.loc[d, "projects"] * b.loc[d, "cost_m"] / 1000).to_numpy() == pytest.approx(b.loc[d, "money_bn"].to_numpy())
    assert b.loc[d, "running"].sum() == pytest.approx(akimat.series("running").loc[2029])
    assert np.isnan(b.at["total", "cost_m"])


def test_projects_closed_are_launched_less_running(akimat):
    c = breakdown.projects_closed(akimat)
    # all 31,000 launched by 2021 (15,500 a year); none closed in the launch year 2020
    assert c.at[2020, "projects"] == pytest.approx(15_500) and c.at[2020, "closed"] == pytest.approx(0)
    assert (c["closed"] + c["running"]).to_numpy() == pytest.approx(c["projects"].to_numpy())
    assert c.at[2029, "closed_share"] == pytest.approx(c.at[2029, "closed"] / 31_000)
    assert c["closed_share"].is_monotonic_increasing and 0 < c.at[2029, "closed_share"] < 1


def test_share_to_plants_is_the_output_weighted_share_of_the_directions(akimat):
    # plants buy p_d of each direction's farm output: the share of the total is sum p_d agri_d / sum agri_d
    year = 2022
    agri = akimat.wide("output_agri").loc[year, list(DIRECTIONS)]
    p = pd.Series({d: akimat.scenario.value(f"directions.{d}.processing_share") for d in DIRECTIONS})
    assert breakdown.share_to_plants(akimat, year) == pytest.approx((p * agri).sum() / agri.sum())


def test_the_articles_output_on_the_public_baseline():
    # 132.2 bn on 381.9 bn (2020 prices) / (1 + CPI 2020) / 1.051 = 340.2 bn: a rise of 38.9 %, not 33 %
    p = model.project(model.load_scenario("akimat"))
    assert p.summary["baseline_public_bn_kzt"] == pytest.approx(340.2, abs=0.05)
    assert compare.article_rise_on_public(p) == pytest.approx(100 * 132.2 / p.summary["baseline_public_bn_kzt"])
    assert compare.article_rise_on_public(p) == pytest.approx(38.86, abs=0.01)
    # the projection's own rise on the same baseline uses the same arithmetic
    assert p.summary["output_rise_pct_public"] == pytest.approx(
        100 * p.summary["output_added_bn_kzt"] / p.summary["baseline_public_bn_kzt"])


def test_output_per_tenge_of_the_article_and_the_projection(akimat):
    # the article: 132.2 bn of output a year for 46.4 bn of money = 2.85 tenge a tenge
    assert compare.output_per_tenge() == pytest.approx(132.2 / 46.4)
    assert compare.output_per_tenge(akimat) == pytest.approx(akimat.summary["output_added_bn_kzt"] / 46.4)


# --- calibration, changes and what was reported lent (notebook 02) --------------------------------

def test_calibration_summary_of_the_plan():
    # README: the plan moves 6 of its 25 per-project rates outside their plausible ranges, the most
    # household plots' output per project (x10: 6.0 m KZT against a prior of 0.6)
    cal = compare.calibration_summary(model.load_scenario("akimat").calibration)
    assert (cal["n"], cal["outside"]) == (25, 6)
    assert cal["top"]["path"] == "directions.household_plots.output_m_kzt_per_year"
    assert cal["top"]["ratio"] == pytest.approx(10.0) and cal["top"]["calibrated"] == pytest.approx(6.0)
    assert cal["above_two"] == 6


def test_calibration_summary_by_hand():
    class Cal:  # x1/4 stretches as far as x4; x1.5 is not two
        rows = [{"path": "a", "ratio": 1.5, "outside_range": False}, {"path": "b", "ratio": 0.25, "outside_range": True},
                {"path": "c", "ratio": 4.0, "outside_range": True}, {"path": "d", "ratio": 2.0, "outside_range": False}]
    cal = compare.calibration_summary(Cal)
    assert (cal["n"], cal["outside"], cal["above_two"]) == (4, 2, 3)
    assert cal["top"]["path"] == "b"  # a tie with c: the first in the calibration's order


def test_scenario_changes_and_those_outside_the_range():
    base = model.load_scenario("pilot_evidence")
    plots = "directions.household_plots.hired_fte_per_project"
    b = base.params[plots]
    inside, outside = b.low + 0.5 * (b.high - b.low), 2 * b.high  # one within the range, one at twice its top
    for value, is_out in ((inside, False), (outside, True)):
        sc = model.load_scenario("pilot_evidence", {plots: value})
        rows = compare.scenario_changes(sc, base=base.params)
        assert [r["path"] for r in rows] == [plots]
        assert rows[0]["ratio"] == pytest.approx(value / b.value)
        assert rows[0]["ranged"] and rows[0]["outside"] is is_out
        assert compare.changes_outside_range(sc, base=base.params) == int(is_out)
    assert compare.scenario_changes(base, base=base.params) == []


def test_scenario_changes_of_the_plan_are_most_stretched_first():
    sc = model.load_scenario("akimat")
    rows = compare.scenario_changes(sc)
    stretches = [compare.stretch(r["ratio"]) if r["ratio"] else 0 for r in rows]
    assert stretches == sorted(stretches, reverse=True)
    assert rows[0]["path"] == "directions.household_plots.output_m_kzt_per_year" and rows[0]["ratio"] == pytest.approx(10)
    # against the base, the same six rates lie outside their ranges as in the calibration's own report
    outside = {r["path"] for r in sc.calibration.rows if r["outside_range"]}
    assert {r["path"] for r in rows if r["outside"]} == outside and compare.changes_outside_range(sc) == 6


def test_reported_lending_by_hand():
    table = pd.DataFrame({"reported_lent_bn": [9.0, 4.0, 3.0, np.nan, np.nan],
                          "reported_borrowers": [2478, 1500, 1100, np.nan, np.nan]}, index=range(2020, 2025))
    r = compare.reported_lending(table, through=2022)
    # 9 + 4 + 3 = 16 bn by 2022; (2,478 + 1,500 + 1,100) / 3 = 1,692.7 borrowers a year
    assert (r["lent_first_bn"], r["lent_through_bn"]) == (9.0, 16.0)
    assert r["borrowers_a_year"] == pytest.approx(5078 / 3)
    assert compare.reported_lending(table, through=2020)["lent_through_bn"] == 9.0


def test_reported_lending_of_the_programme(akimat):
    # README: 16.0 bn KZT of 2019 prices lent by 2022; about 1,700 borrowers a year
    # (2,478 + 761 + 761 + 2,300 + 2,300) / 5 = 1,720
    r = compare.reported_lending(compare.delivery_table(akimat))
    assert r["lent_through_bn"] == pytest.approx(16.0, abs=0.05)
    assert r["borrowers_a_year"] == pytest.approx(1720)
    assert r["lent_first_bn"] == pytest.approx(compare.pilot_lent_2019_prices())  # the first stage's 9.2 bn of 2020


def test_the_pilots_plots_and_land():
    # the first stage's money not published by direction: 9.2 - 6.4 - 0.97 - 0.06 = 1.77 bn; borrowers
    # 2,478 - 2,454 livestock - 11 small business = 13
    money, borrowers = evidence.pilot_plots_and_land(model.load_scenario("pilot_evidence").values)
    assert money == pytest.approx(1.7714) and borrowers == pytest.approx(13)


# --- the microsimulation's figures (notebook 04) --------------------------------------------------

def test_figures_are_the_caseloads_own_ratios(micro):
    f = results.figures(micro)
    cl = micro.caseload
    y = micro.target_year
    assert y == 2022
    # the 2019 -> 2020 fall is fitted to the national one (55.7 % of families, 56.2 % of people)
    assert f["fall_2020"] == pytest.approx(f["national_fall"], abs=0.005) and f["national_fall"] == pytest.approx(0.557)
    assert f["people_fall_2020"] == pytest.approx(f["national_people_fall"], abs=0.005)
    # 2019 family size: the article's 162,354 recipients in 32,000 families, 5.07 each
    assert f["size2019"] == pytest.approx(162_354 / 32_000, rel=1e-6)
    assert f["size2020"] == pytest.approx(cl.at[2020, "people_without_programme"] / cl.at[2020, "families_without_programme"])
    # the programme's effect against the fall that comes anyway, and the share of the caseload leaving
    assert f["fall_without"] == pytest.approx(f["families2019"] - f["families_without"])
    assert f["effect_to_fall"] == pytest.approx(f["families_exit"] / f["fall_without"])
    assert f["exit_share"] == pytest.approx(f["families_exit"] / f["families_without"])
    assert f["families_with"] == pytest.approx(f["families_without"] - f["families_exit"])
    assert f["saved_total"] == pytest.approx(cl["saved_bn_kzt"].sum())
    # take-up: 85 % in 2019, capped from 2020, lower again in 2021
    assert f["take_up_2019"] == pytest.approx(0.85)
    assert f["take_up_2021"] < f["take_up_2020"] <= f["take_up_2019"]
    # the national size from the published counts; the large families' share of the caseload
    inp = load_parameters()
    assert f["national_size2020"] == pytest.approx(inp["public.national_people_2020"].value
                                                   / inp["public.national_families_2020"].value)
    assert 0 < f["large_share"] < 1 and f["wage"] == pytest.approx(42_500)


def test_caseload_change_is_minus_the_fall(micro):
    f = results.figures(micro)
    assert micro.change("families_without_programme", 2019, 2020) == pytest.approx(-f["fall_2020"], abs=1e-15)
    cl = micro.caseload
    # with the programme the 2020 caseload is lower still (exits from its first year)
    assert micro.change("families_with_programme", 2019, 2020) == pytest.approx(
        cl.at[2020, "families_with_programme"] / cl.at[2019, "families_with_programme"] - 1)
    assert micro.change("families_with_programme", 2019, 2020) < micro.change("families_without_programme", 2019, 2020)


def test_districts_total_is_the_oblast(micro):
    d = micro.districts(total=True)
    assert list(d["district"])[-1] == "total" and len(d) == len(micro.districts()) + 1
    total = d.iloc[-1]
    cl = micro.caseload.loc[micro.target_year]
    assert total["households"] == pytest.approx(SMALL)
    assert total["families_without_programme"] == pytest.approx(cl["families_without_programme"])
    assert total["tsa_families_exit"] == pytest.approx(cl["families_exit"])
    assert total["tsa_families_baseline"] == pytest.approx(micro.caseload.at[2019, "families_without_programme"])


def test_the_population_against_the_articles_figures():
    c = results.calibration(run("akimat"))
    # calibrated: households, settlements, people, working age and those without a stable income exactly
    assert c.loc[["households", "settlements", "people", "working_age", "without_stable_income"], "difference"].abs().max() \
        == pytest.approx(0, abs=1e-6)
    assert c.at["households", "model"] == pytest.approx(138_347)
    # TSA: the article's 32,000 families are the oblast's; the villages hold the rural share, 60.9 %
    rural = load_parameters()["population.caseload_rural_share"].value
    assert c.at["tsa_families", "difference"] == pytest.approx(rural - 1, abs=1e-3)
    assert c.at["tsa_families", "model"] == pytest.approx(32_000 * rural, rel=1e-3)


def test_the_pilots_tsa_families_before_and_after():
    # 1,058 families left, -65 %: 1,058 / 0.65 = 1,627.7 before, 569.7 after
    before, after = results.pilot_tsa_families(1058, -0.65)
    assert before == pytest.approx(1627.69, abs=0.01) and after == pytest.approx(569.69, abs=0.01)
    assert before - after == pytest.approx(1058)
    # the participants on TSA the microsimulation is fitted to are this 1,628
    assert before == pytest.approx(load_parameters()["assignment.pilot_participants_on_tsa"].value, abs=0.5)


def test_checks_held_counts_the_checks_that_hold():
    assert results.checks_held([{"ok": True}, {"ok": False}, {"ok": True}]) == 2
    assert results.checks_held([]) == 0


# --- notebook 01: the baseline beside public data, the targets reached -----------------------------

def test_the_derived_baseline_against_the_public_figures():
    d = derived.public_differences()
    # population: 1,130,099 (2020, public) against 1,124,172 derived (rural population / rural share): +0.53 %
    assert derived.derived_figures()["total_population"].value == pytest.approx(1_124_172, abs=1)
    assert d["population"] == pytest.approx(1_130_099 / 1_124_172.19 - 1) == pytest.approx(0.00527, abs=1e-5)
    # output: 381.9 bn (2020, public) against 132.2 / 33 % = 400.6 bn implied: -4.7 %
    assert d["output"] == pytest.approx(381.9 / (132.2 / 0.33) - 1) == pytest.approx(-0.0467, abs=1e-4)
    # the article's 132.2 bn on the public 381.9 bn: 34.6 %, not 33 %
    assert d["output_added_on_public"] == pytest.approx(132.2 / 381.9) == pytest.approx(0.3462, abs=1e-4)


def test_the_articles_cost_per_job_in_m_kzt():
    # 46.4 bn / 90,000 jobs = 515,556 KZT = 0.516 m KZT a job
    assert derived.cost_per_job_m_kzt() == pytest.approx(46.4e9 / 90_000 / 1e6) == pytest.approx(0.5156, abs=1e-4)
    assert derived.cost_per_job_m_kzt() == pytest.approx(derived.derived_figures()["cost_per_job"].value / 1000)


def test_targets_met_and_reached_by_hand():
    table = pd.DataFrame([{"key": "jobs", "target": 90_000, "projected": 45_000, "met": False},
                          {"key": "projects", "target": 31_000, "projected": 31_000, "met": True},
                          {"key": "tsa_recipients_change", "target": 0, "projected": -500, "met": True}])
    assert targets.met_count(table) == 2
    r = targets.reached(table)
    # half the 90,000 is 0.5 of it; 31,000 of 31,000 is all of it; a zero figure has no fraction
    assert r.index.tolist() == ["jobs", "projects"]
    assert r.at["jobs", "reached"] == pytest.approx(0.5) and r.at["projects", "reached"] == pytest.approx(1.0)
    assert r["met"].tolist() == [False, True]


def test_the_calibrated_plan_reaches_every_target_exactly(akimat):
    # akimat is calibrated to the article: all 8 targets met, each reached at 100 % of its figure
    assert targets.met_count(akimat.targets) == len(akimat.targets) == 8
    r = targets.reached(akimat.targets)
    assert len(r) == 7  # the TSA target (a fall below zero) has no fraction
    assert r["reached"].to_numpy() == pytest.approx(np.ones(7), abs=1e-3)


# --- notebook 03: gross -> net jobs, jobs within capacity -----------------------------------------

def test_gross_to_net_by_hand(akimat):
    # 90,000 gross jobs in 2022; deadweight 20 %: 18,000; displacement 15 % of the 72,000 left: 10,800;
    # net direct 61,200; indirect 17,345; net total 78,545, 87.3 % of the gross
    w = breakdown.gross_to_net(akimat)
    assert w["steps"] == ("gross", "deadweight", "displacement", "net", "indirect", "net_total")
    indirect = akimat.summary["jobs_indirect"]
    assert indirect == pytest.approx(17_344.7, abs=0.1)
    assert w["change"] == pytest.approx([90_000, -18_000, -10_800, 61_200, indirect, 61_200 + indirect])
    assert w["top"] == pytest.approx([90_000, 90_000, 72_000, 61_200, 61_200 + indirect, 61_200 + indirect])
    # each step ends where the next starts: the top of a fall less its size is the next step's top
    assert w["top"][1] + w["change"][1] == pytest.approx(w["top"][2])
    assert w["top"][2] + w["change"][2] == pytest.approx(w["top"][3])
    assert w["net_share"] == pytest.approx((61_200 + indirect) / 90_000) == pytest.approx(0.8727, abs=1e-4)


def test_net_jobs_by_direction_add_up_to_the_summary(akimat):
    n = breakdown.net_jobs(akimat, 2022)
    d, s = list(DIRECTIONS), akimat.summary
    assert n.at["total", "gross"] == pytest.approx(90_000) and n.at["total", "lost"] == pytest.approx(-28_800)
    # lost = net - gross in every direction, (1 - 0.2)(1 - 0.15) = 0.68 of the gross kept
    assert (n["gross"] + n["lost"]).to_numpy() == pytest.approx(n["net"].to_numpy())
    assert n.loc[d, "net"].to_numpy() == pytest.approx(0.68 * n.loc[d, "gross"].to_numpy())
    assert n.loc[d, ["gross", "net", "indirect", "net_total", "job_years"]].sum().to_numpy() == pytest.approx(
        n.loc["total", ["gross", "net", "indirect", "net_total", "job_years"]].to_numpy())
    assert n.at["total", "net_total"] == pytest.approx(s["jobs_net_total"])
    assert n.at["total", "job_years"] == pytest.approx(s["job_years_net"]) == pytest.approx(580_645, abs=1)


def test_jobs_within_capacity_as_a_share_of_the_schedule(akimat):
    # the plan within the lenders' capacity: about 25,200 direct jobs in 2022 instead of 90,000, 28 %
    within = compare.capacity_other_way(akimat.scenario)
    assert within.summary["jobs_direct"] == pytest.approx(25_209, abs=1)
    assert compare.jobs_within_share(akimat, within) == pytest.approx(25_208.66 / 90_000, abs=1e-6)
    assert compare.jobs_within_share(akimat, akimat) == 1.0


# --- the stretch chart, the editor's charts ------------------------------------------------------

def test_the_plausible_range_against_the_prior():
    # household plots' output per project: prior 0.6 m KZT, range 0.3-1.2: x0.5 to x2 of the prior
    row = {"prior": 0.6, "low": 0.3, "high": 1.2, "ratio": 10.0}
    assert compare.range_against_prior(row) == pytest.approx((0.5, 2.0))
    assert compare.range_against_prior({"prior": 4.0, "low": None, "high": 10.0}) == (None, 2.5)
    # the plan's most stretched rate is that one, at x10, far outside its x0.5-x2 band
    top = compare.stretch_rows(compare.plan_calibration(model.load_scenario("akimat")), 1)[0]
    assert top["path"] == "directions.household_plots.output_m_kzt_per_year" and top["ratio"] == pytest.approx(10)
    assert compare.range_against_prior(top) == pytest.approx((0.5, 2.0))


def test_total_by_year_sums_the_directions(akimat):
    # the directions' jobs summed by year are the projection's total: 90,000 in 2022 (the third year)
    jobs = breakdown.total_by_year(akimat, "jobs_direct")
    assert jobs == pytest.approx(akimat.series("jobs_direct").to_numpy())
    assert jobs[list(akimat.years).index(2022)] == pytest.approx(90_000)
    # an indicator kept only as a total (the rise of output, %) comes back as it is
    assert breakdown.total_by_year(akimat, "output_rise_pct") == pytest.approx(akimat.arrays["output_rise_pct"][0])


# --- notebook 09: read from decide's record --------------------------------------------------------

def test_decide_figures_by_hand():
    # a best estimate of 9,450 jobs against the announced 90,000: 10.5 %
    assert decide.share_of_announced({"best": 9_450.0, "announced": 90_000.0}) == pytest.approx(0.105)
    assert decide.share_of_announced({"best": 5.0, "announced": 0.0}) is None
    # 8.0 bn split 70 / 20 / 10 %: 5.6, 1.6 and 0.8 bn, adding up to the 8.0
    a = {"money_bn_kzt": 8.0, "shares_best": {"livestock": 0.7, "cooperatives": 0.2, "outside_land": 0.1}}
    money = decide.allocation_money(a)
    assert money == pytest.approx({"livestock": 5.6, "cooperatives": 1.6, "outside_land": 0.8})
    assert sum(money.values()) == pytest.approx(8.0)
