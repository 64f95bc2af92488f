"""model/report/brief.py: comparisons, benchmarks, fiscal flows, the pilot check, risks, appendix, charts."""
import math
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import model
from model import uncertainty
from model.parameters import load_sources
from model.report import brief, charts, i18n

LANGS = i18n.LANGS


@pytest.fixture(scope="module")
def plan():
    return model.project(model.load_scenario("akimat"))


@pytest.fixture(scope="module")
def pilot():
    return model.project(model.load_scenario("pilot_evidence"))


@pytest.fixture(scope="module")
def sim():
    return uncertainty.simulate(model.load_scenario("akimat"), draws=200, seed=2019)


@pytest.fixture(scope="module")
def table():
    return brief.compare_scenarios(["akimat", "funding_cut_25", "pilot_evidence"])


# --- comparisons ---------------------------------------------------------------------------


def test_compare_scenarios_reads_each_projection(table, plan):
    assert list(table.index) == list(brief.HEADLINE)
    for k in brief.HEADLINE:
        assert table.at[k, "akimat"] == pytest.approx(plan.summary[k])


def test_a_quarter_less_money_gives_a_quarter_fewer_projects(table):
    # same calibrated rates, money x 0.75: projects 31,000 x 0.75 = 23,250; cost per job unchanged
    rel = brief.relative_to(table)
    assert (rel["akimat"] == 100).all()
    assert rel.at["projects", "funding_cut_25"] == pytest.approx(75)
    assert rel.at["budget_bn_kzt", "funding_cut_25"] == pytest.approx(75)
    assert rel.at["cost_per_job_m_kzt", "funding_cut_25"] == pytest.approx(100)


def test_overrides_apply_to_every_scenario_compared():
    t = brief.compare_scenarios(["akimat", "pilot_evidence"], {"programme.budget_scale": 0.5})
    assert t.at["budget_bn_kzt", "akimat"] == pytest.approx(23.2)  # 46.4 x 0.5
    assert t.at["budget_bn_kzt", "pilot_evidence"] == pytest.approx(23.2)


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_table_fits_a4(table, lang):
    view = brief.comparison_table(table, lang, relative=brief.relative_to(table))
    assert view.shape == (len(brief.HEADLINE), 1 + table.shape[1])
    wide = pd.concat([view, view.iloc[:, 1:].add_suffix("_2"), view.iloc[:, 1:].add_suffix("_3")], axis=1)
    parts = brief.column_chunks(wide, 7)
    assert all(p.shape[1] <= 7 for p in parts)
    assert sum(p.shape[1] - 1 for p in parts) == wide.shape[1] - 1
    assert all(p.columns[0] == wide.columns[0] for p in parts)


# --- appraisal -----------------------------------------------------------------------------


def test_cost_per_job_benchmarks_from_published_figures(plan):
    b = brief.cost_per_job_benchmarks(plan).set_index("key")
    # article: 46.4 bn / 90,000 = 0.516 m KZT; pilot: 9.2 bn / 589 = 15.62 m; with the 2,282 new
    # sole proprietors counted as jobs: 9.2 bn / 2,871 = 3.20 m
    assert b.at["article", "value"] == pytest.approx(46400 / 90000)
    assert b.at["pilot_hired", "value"] == pytest.approx(9200 / 589)
    assert b.at["pilot_with_proprietors", "value"] == pytest.approx(9200 / (589 + 2282))
    assert b.loc[["article", "pilot_hired", "pilot_with_proprietors"], "derived"].all()
    assert not b.loc["projection_gross", "derived"]
    # the calibrated plan reproduces the article's figure
    assert b.at["projection_gross", "value"] == pytest.approx(b.at["article", "value"], rel=1e-6)


def test_output_per_tenge(plan, pilot):
    # 132.2 bn a year for 46.4 bn: 2.849 tenge of output a year per tenge
    assert brief.output_per_tenge() == pytest.approx(132.2 / 46.4)
    assert brief.output_per_tenge(plan) == pytest.approx(132.2 / 46.4, rel=1e-6)
    assert brief.output_per_tenge(pilot) < 0.5


def test_discount_rate_table_reruns_the_model(plan):
    t = brief.discount_rate_table("akimat")
    assert t["rate"].tolist() == pytest.approx([0.06, 0.09, 0.12])  # low, central (ADB 2017), high
    central = t.set_index("rate").loc[0.09]
    assert central["economic_npv_bn_kzt"] == pytest.approx(plan.summary["economic_npv_bn_kzt"])
    assert central["fiscal_npv_bn_kzt"] == pytest.approx(plan.summary["fiscal_npv_bn_kzt"])
    # costs come first, benefits later: NPV falls as the rate rises; the IRR does not depend on it
    assert t["economic_npv_bn_kzt"].is_monotonic_decreasing
    assert t["economic_irr"].nunique() == 1


def test_fiscal_flows_add_up(plan):
    f = brief.fiscal_flows(plan)
    assert f["fiscal_cost"].sum() == pytest.approx(plan.summary["fiscal_cost_bn_kzt"])
    assert f["tsa_saved"].sum() == pytest.approx(plan.summary["tsa_saved_bn_kzt_total"])
    assert np.allclose(f["net"], f["tsa_saved"] + f["taxes"] - f["fiscal_cost"])
    assert f["cumulative"].iloc[-1] == pytest.approx(f["net"].sum())
    year = brief.fiscal_break_even(plan)
    assert year is not None and f.at[year, "cumulative"] >= 0 and (f.loc[:year - 1, "cumulative"] < 0).all()


# --- the pilot -----------------------------------------------------------------------------


def test_pilot_scenario_reproduces_the_first_stage():
    check = brief.stage_check()
    pilot = load_sources().pilot
    assert check.set_index("key").at["new_jobs", "reported"] == pilot["new_jobs"].value
    assert check["gap_pct"].abs().max() < 1e-6


def test_plan_vs_evidence(plan, pilot):
    f = brief.plan_vs_evidence(plan, pilot).set_index("key")
    assert list(f.index) == list(brief.RESULT_TARGETS)
    assert f.at["jobs", "share"] == pytest.approx(pilot.summary["jobs_direct"] / 90000, rel=1e-6)
    assert (f["share"] < 1).all()


# --- page one and risks --------------------------------------------------------------------


def test_joint_probability_is_at_most_each_marginal(sim):
    joint = brief.joint_probability(sim)
    assert 0 <= joint <= sim.target_probabilities()["probability"].min()


@pytest.mark.parametrize("lang", LANGS)
def test_targets_overview_and_verdict(plan, pilot, sim, lang):
    view = brief.targets_overview(plan, sim, pilot, lang)
    assert view.shape == (len(plan.targets), 6)
    text = brief.verdict(plan, sim, pilot, lang)
    assert "{" not in text and text.count(".") >= 3
    assert ("KZT" in text) if lang == "en" else ("₸" in text)  # money formatted for the language


def test_verdict_says_what_is_met(plan, pilot, sim):
    assert "every target" in brief.verdict(plan, sim, pilot, "en")
    cut = model.project(model.load_scenario("funding_cut_25"))
    s = uncertainty.simulate(cut.scenario, draws=50, seed=1)
    text = brief.verdict(cut, s, pilot, "en")
    assert "not reached: projects" in text


def test_risks_are_computed(plan, pilot, sim):
    found = dict(brief.risks(plan, sim, evidence=pilot))
    assert list(found)[:3] == ["pilot_gap", "stretch", "productivity"]
    assert found["pilot_gap"]["jobs"] == pytest.approx(pilot.summary["jobs_direct"])
    assert found["stretch"]["outside"] == sum(r["outside_range"] for r in plan.scenario.calibration.rows)
    assert found["productivity"]["article"] == pytest.approx(132.2 / 46.4)
    assert all(p < brief.UNLIKELY for _, p in found["unlikely"]["targets"])
    # microcredit defaults at the high end of their range cost the budget more
    assert found["fiscal"]["fiscal_high"] > found["fiscal"]["fiscal"]


def test_the_pilot_scenario_has_no_gap_to_itself(pilot):
    s = uncertainty.simulate(pilot.scenario, draws=50, seed=1)
    keys = [k for k, _ in brief.risks(pilot, s, evidence=pilot)]
    assert "pilot_gap" not in keys and "stretch" in keys  # the plan's stretch still applies


@pytest.mark.parametrize("lang", LANGS)
def test_every_risk_reads_in_every_language(plan, pilot, sim, lang):
    for key, fields in brief.risks(plan, sim, evidence=pilot):
        text = brief.risk_text(key, fields, lang)
        assert text.startswith("**") and "{" not in text and "directions." not in text


# --- appendix ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["akimat", "pilot_evidence", "delayed"])
@pytest.mark.parametrize("lang", LANGS)
def test_appendix_lists_every_parameter(name, lang):
    sc = model.load_scenario(name)
    general = brief.assumption_appendix(sc, lang)
    assert len(general) == len(brief.scalar_paths(sc)) and general.shape[1] == 2
    values, notes = brief.direction_appendix(sc, lang)
    n_kinds = len({k.split(".")[2] for k in sc.params if k.startswith("directions.")})
    assert values.shape == (n_kinds, 1 + len(model.DIRECTIONS)) and len(notes) == n_kinds
    cells = pd.concat([general, values, notes], axis=1).fillna("x").to_numpy().ravel()
    assert all(str(c).strip() for c in cells)
    assert not any("directions." in str(c) or "{" in str(c) for c in cells)


def test_calibrated_values_show_the_prior_range():
    sc = model.load_scenario("akimat")
    values, _ = brief.direction_appendix(sc, "en")
    row = values.set_index(values.columns[0]).filter(like="Hired jobs per", axis=0).iloc[0]
    # household plots' hired jobs per project: calibrated far above the prior range 0.05-0.50
    fitted = sc.value("directions.household_plots.hired_fte_per_project")
    assert fitted > 0.5
    assert row["Household plots"].startswith(f"{fitted:.2f}") and "(0.05–0.50)" in row["Household plots"]


def test_every_scenario_has_a_label():
    for name in model.list_scenarios():
        for lang in LANGS:
            assert brief.scenario_label(name, lang)


# --- charts --------------------------------------------------------------------------------


def test_charts_draw_without_warnings(plan, pilot, sim):
    sc = plan.scenario
    table = brief.compare_scenarios(["akimat", "pilot_evidence"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for lang in LANGS:
            fig, axes = charts.figure(7, 3, ncols=2)
            brief.draw_fan(axes[0], sim.fan("jobs_direct"), lang, color="C0", target=90000,
                           other=pilot.series("jobs_direct"), other_label="x", legend=False)
            brief.draw_probabilities(axes[1], sim.target_probabilities(), lang)
            brief.shared_legend(fig, axes)
            fig.canvas.draw()
            fig, ax = charts.figure()
            brief.draw_tornado(ax, uncertainty.tornado(sc), lang)
            fig.canvas.draw()
            fig, ax = charts.figure()
            brief.draw_stretch(ax, sc.calibration, lang)
            fig.canvas.draw()
            fig, ax = charts.figure()
            brief.draw_relative(ax, brief.relative_to(table), lang)
            fig.canvas.draw()
            fig, ax = charts.figure()
            brief.draw_plan_vs_evidence(ax, brief.plan_vs_evidence(plan, pilot), lang)
            fig.canvas.draw()
            fig, ax = charts.figure()
            brief.draw_fiscal_flows(ax, brief.fiscal_flows(plan), lang)
            fig.canvas.draw()
            fig, ax = charts.figure()
            brief.draw_cost_per_job(ax, brief.cost_per_job_benchmarks(plan), lang)
            fig.canvas.draw()
            matplotlib.pyplot.close("all")


def test_sobol_size():
    assert brief.sobol_size(1000) == 256 and brief.sobol_size(200) == 128
    assert math.log2(brief.sobol_size(10)).is_integer()
