"""Monte Carlo from the evidence, Sobol indices with intervals, scenario discovery, the command."""
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import model
from model import DIRECTIONS, discovery, sensitivity, targets, uncertainty
from model.scenario import SUM_TO_ONE


@pytest.fixture(scope="module")
def akimat():
    return model.load_scenario("akimat")


@pytest.fixture(scope="module")
def sim(akimat):
    return uncertainty.simulate(akimat, 20_000, seed=7)


# --- draws ----------------------------------------------------------------------------------


def test_copula_draws_reproduce_the_declared_rank_correlations(sim):
    x = sim.input_frame()
    dep = uncertainty.load_dependence()
    assert dep.rank_correlations, "data/programmes/zhambyl_2019/correlations.yaml declares no correlation"
    for (a, b), rho in dep.rank_correlations.items():
        for d in DIRECTIONS:
            got = stats.spearmanr(x[f"directions.{d}.{a}"], x[f"directions.{d}.{b}"])[0]
            assert got == pytest.approx(rho.value, abs=0.03), (d, a, b)
    # rates of different directions stay independent
    assert abs(stats.spearmanr(x["directions.livestock.cost_per_project_m_kzt"],
                               x["directions.cooperatives.cost_per_project_m_kzt"])[0]) < 0.03


def test_drawn_shares_sum_to_one_and_centre_on_the_scenario(sim, akimat):
    x = sim.input_frame()
    for group, members in SUM_TO_ONE.items():
        total = x[members].to_numpy().sum(1)
        np.testing.assert_allclose(total, 1.0, atol=1e-12)
        assert (x[members].to_numpy() >= 0).all()
        centre = np.array([akimat.value(m) for m in members])
        np.testing.assert_allclose(x[members].mean().to_numpy(), centre, atol=0.005, err_msg=group)


def test_declared_concentration_gives_each_group_the_spread_of_its_ranges(sim, akimat):
    """Sum over a group of the Dirichlet variances s(1 - s) / (c + 1) against the sum of the
    members' triangular variances (a^2 + b^2 + c^2 - ab - ac - bc) / 18: within 25 %."""
    x = sim.input_frame()
    for members in SUM_TO_ONE.values():
        tri = 0.0
        for m in members:
            a, c, b = akimat.params[m].distribution
            tri += (a**2 + b**2 + c**2 - a * b - a * c - b * c) / 18
        drawn = x[members].var().sum()
        assert 0.75 < drawn / tri < 1.25, members[0]


def test_calibrated_rates_are_drawn_from_their_evidence_not_the_fit(sim, akimat):
    """akimat fits some rates far outside their prior ranges; their draws stay inside the prior."""
    path = next(r["path"] for r in akimat.calibration.rows if r["outside_range"] and r["ratio"] > 1)
    p = akimat.params[path]
    low, mode, high = p.distribution
    assert p.value > high  # the calibrated value lies outside what the evidence supports
    drawn = sim.inputs[path]
    assert low <= drawn.min() and drawn.max() <= high
    assert np.median(drawn) == pytest.approx(np.median(uncertainty.triangular_ppf(
        np.linspace(0.0005, 0.9995, 1000)[:, None], np.array([[low, mode, high]]))), rel=0.02)


def test_whole_number_settings_and_levers_are_not_drawn(akimat):
    drawn = set(uncertainty.drawn_paths(akimat))
    assert "programme.target_year" not in drawn  # has a range, but a year is a reading, not a draw
    assert "programme.budget_scale" not in drawn  # a lever without a range
    assert "directions.livestock.loan_term_years" not in drawn
    assert "directions.livestock.cost_per_project_m_kzt" in drawn


def test_monte_carlo_is_the_one_map_of_its_sample(akimat):
    """One sampler: a Monte Carlo draw is ``values`` of a point of the unit cube, the map the
    Sobol analysis uses too; chunks read the same stream as one call."""
    unc = uncertainty.uncertainties(akimat)
    u = unc.sample(3000, unc.stream(11))
    assert u.shape == (3000, unc.dims) and (u >= 0).all() and (u < 1).all()
    drawn, mapped = unc.draw(3000, unc.stream(11)), unc.values(u)
    assert set(drawn) == set(unc.paths)
    for k in drawn:
        np.testing.assert_array_equal(drawn[k], mapped[k], err_msg=k)
    s = unc.stream(11)
    parts = [unc.draw(1000, s), unc.draw(2000, s)]
    for k in drawn:
        np.testing.assert_array_equal(drawn[k], np.concatenate([p[k] for p in parts]), err_msg=k)


def test_sobol_points_are_the_scenario_s_distribution(akimat, monkeypatch):
    """The points the Sobol analysis runs the model on follow the Monte Carlo law: every share
    centred on its own member's share (a reversed or shifted map fails), every scalar inside its
    evidence range around its triangular mean."""
    seen = []

    def capture(scenario, values_of, n, keys=None, progress=None, chunk=None):
        seen.append(values_of(0, n))
        return {k: {"projected": np.zeros(n)} for k in keys}

    monkeypatch.setattr(sensitivity, "evaluate_points", capture)
    sensitivity.sobol(akimat, outputs=["jobs"], n=1024, resamples=10)
    pts = seen[0]
    unc = uncertainty.uncertainties(akimat)
    for members in SUM_TO_ONE.values():
        centre = np.array([akimat.value(m) for m in members])
        np.testing.assert_allclose([pts[m].mean() for m in members], centre, atol=0.01)
    for j, path in enumerate(unc.scalars):
        low, mode, high = unc.triangles[j]
        assert low <= pts[path].min() and pts[path].max() <= high, path
        assert pts[path].mean() == pytest.approx((low + mode + high) / 3, abs=0.02 * (high - low) + 1e-12), path


def test_triangular_and_dirichlet_quantile_maps():
    u = (np.arange(200_000) + 0.5)[:, None] / 200_000
    x = uncertainty.triangular_ppf(u, np.array([[1.0, 2.0, 4.0]]))[:, 0]
    assert x.mean() == pytest.approx((1 + 2 + 4) / 3, rel=1e-4)
    assert np.mean(x <= 2.0) == pytest.approx((2 - 1) / (4 - 1), abs=1e-4)  # F(mode) = (c - a) / (b - a)
    rng = np.random.default_rng(0)
    d = uncertainty.dirichlet_of_uniforms(rng.random((50_000, 3)), np.array([2.0, 3.0, 5.0]))
    np.testing.assert_allclose(d.sum(1), 1.0)
    np.testing.assert_allclose(d.mean(0), [0.2, 0.3, 0.5], atol=0.005)
    assert d[:, 2].var() == pytest.approx(0.5 * 0.5 / 11, rel=0.05)  # m(1 - m) / (a0 + 1)


# --- probabilities --------------------------------------------------------------------------


def test_probability_of_a_target_on_a_toy_model_with_a_known_answer(akimat):
    """Only the livestock cost per project c varies (triangular 1, 2, 3.5 m KZT; shares held by a
    huge concentration): projects = N_other + K / c with K = livestock money / 1000, so the
    projects target N* is met iff c <= K / (N* - N_other): P = F_triangle(that cost)."""
    path = "directions.livestock.cost_per_project_m_kzt"
    params = {k: dataclasses.replace(p, low=None, high=None, evidence=None) for k, p in akimat.params.items()}
    params[path] = dataclasses.replace(akimat.params[path], low=1.0, high=3.5, evidence=(1.0, 2.0, 3.5))
    toy = dataclasses.replace(akimat, params=params)
    dep = uncertainty.load_dependence()
    fixed = uncertainty.Dependence(dep.rank_correlations, {g: dataclasses.replace(c, value=1e15)
                                                           for g, c in dep.concentration.items()})
    assert uncertainty.uncertainties(toy, fixed).scalars == (path,)
    # TSA from the aggregate: this checks the probability, not the households (200,000 draws)
    sim = uncertainty.simulate(toy, 200_000, seed=3, dependence=fixed, households=False)
    v = toy.values
    k = v["programme.budget_bn_kzt"] * v["programme.budget_scale"] * v["directions.livestock.budget_share"] * 1000
    at_2 = model.project(toy.with_values({path: 2.0}, "test")).targets.set_index("key").at["projects", "projected"]
    n_other = at_2 - k / 2.0
    goal = sim.evaluation["projects"]["target"]
    c_star = k / (goal - n_other)
    a, m, b = 1.0, 2.0, 3.5
    expected = (c_star - a) ** 2 / ((b - a) * (m - a)) if c_star <= m else 1 - (b - c_star) ** 2 / ((b - a) * (b - m))
    assert 0.05 < expected < 0.95  # a case where the answer is not trivial
    got = sim.target_probabilities().set_index("key").at["projects", "probability"]
    assert got == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / 200_000))


def test_probabilities_come_from_the_evaluation_of_every_target(sim):
    probs = sim.target_probabilities().set_index("key")
    for key, e in sim.evaluation.items():
        assert probs.at[key, "probability"] == pytest.approx(e["met"].mean())
        assert probs.at[key, "p10"] <= probs.at[key, "p50"] <= probs.at[key, "p90"]
    assert 0 <= sim.joint_probability() <= probs["probability"].min()


def test_same_seed_same_draws_another_seed_different(akimat):
    a = uncertainty.simulate(akimat, 5000, seed=11)
    b = uncertainty.simulate(akimat, 5000, seed=11)
    c = uncertainty.simulate(akimat, 5000, seed=12)
    for k in a.inputs:
        assert a.inputs[k].tobytes() == b.inputs[k].tobytes()
    assert a.total("jobs_direct").tobytes() == b.total("jobs_direct").tobytes()
    assert a.series["jobs"].tobytes() == b.series["jobs"].tobytes()
    assert a.total("tsa_people_out").tobytes() == b.total("tsa_people_out").tobytes()  # the households too
    assert a.series["jobs"].tobytes() != c.series["jobs"].tobytes()


def test_drawing_in_chunks_gives_the_same_draws_as_at_once(akimat, monkeypatch):
    whole = uncertainty.simulate(akimat, 3000, seed=5)
    monkeypatch.setattr(uncertainty, "CHUNK", 700)
    chunked = uncertainty.simulate(akimat, 3000, seed=5)
    for k in whole.inputs:
        np.testing.assert_array_equal(whole.inputs[k], chunked.inputs[k])
    np.testing.assert_allclose(whole.series["jobs"], chunked.series["jobs"], rtol=1e-13)
    np.testing.assert_allclose(whole.total("tsa_people_out"), chunked.total("tsa_people_out"), rtol=1e-12)


def test_target_draws_give_the_monte_carlos_draws_chances_and_projections(akimat):
    """What `python -m model uncertainty` runs (TSA in the target year only) against ``simulate``."""
    whole = uncertainty.simulate(akimat, 3000, seed=5)
    targets_only = uncertainty.target_draws(akimat, 3000, seed=5)
    for k in whole.inputs:
        assert whole.inputs[k].tobytes() == targets_only.inputs[k].tobytes()
    for key, e in whole.evaluation.items():
        for field in ("projected", "met"):
            assert e[field].tobytes() == targets_only.evaluation[key][field].tobytes(), (key, field)
    assert targets_only.totals == {} and targets_only.series == {}


def test_monte_carlo_tsa_is_the_household_microsimulation(akimat):
    """Each draw's TSA is what the central projection's microsimulation gives for that draw's
    values, not the aggregate estimate."""
    sim = uncertainty.simulate(akimat, 40, seed=9)
    agg = uncertainty.simulate(akimat, 40, seed=9, households=False)
    for i in (0, 17, 39):
        p = model.project(akimat.with_values({k: float(v[i]) for k, v in sim.inputs.items()}, "draw"))
        np.testing.assert_allclose(sim.total("tsa_people_out")[i], p.series("tsa_people_out").to_numpy(), rtol=1e-6)
        np.testing.assert_allclose(sim.total("tsa_saved_bn")[i], p.series("tsa_saved_bn").to_numpy(), rtol=1e-6)
    assert not np.allclose(sim.total("tsa_people_out"), agg.total("tsa_people_out"), rtol=0.05)
    tsa = sim.evaluation["tsa_recipients_change"]["projected"]
    np.testing.assert_array_equal(tsa, -sim.total("tsa_people_out")[:, list(sim.years).index(akimat.value("programme.target_year"))])


def test_points_run_the_microsimulation_once_per_distinct_set_of_places(akimat):
    """evaluate_points (Sobol, tornado) gives each point the TSA of its own run, duplicates included."""
    values = uncertainty.draw(akimat, 48, seed=4)
    drawn = {k: values[k] for k in uncertainty.drawn_paths(akimat)}
    # points 48..95 repeat 0..47: one microsimulation run serves both
    twice = {k: np.concatenate([v, v]) for k, v in drawn.items()}
    ev = uncertainty.evaluate_points(akimat, lambda i, j: {k: v[i:j] for k, v in twice.items()}, 96, chunk=40)
    _, _, direct = uncertainty.reduce_run(akimat, {**akimat.values, **drawn})
    got = ev["tsa_recipients_change"]["projected"]
    np.testing.assert_allclose(got[:48], direct["tsa_recipients_change"]["projected"], rtol=1e-6)
    np.testing.assert_array_equal(got[:48], got[48:])
    assert (got < 0).all() and len(np.unique(got)) == 48


# --- Sobol ----------------------------------------------------------------------------------


def ishigami(u, a=7.0, b=0.1):
    x = -np.pi + 2 * np.pi * u
    return (np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0]))[:, None]


# analytic indices of the Ishigami function, a = 7, b = 0.1 (Saltelli et al. 2008, p. 179)
A, B = 7.0, 0.1
V = A**2 / 8 + B * np.pi**4 / 5 + B**2 * np.pi**8 / 18 + 0.5
V1 = 0.5 * (1 + B * np.pi**4 / 5) ** 2
V2 = A**2 / 8
V13 = B**2 * np.pi**8 * (1 / 18 - 1 / 50)
ISHIGAMI = {"x1": (V1 / V, (V1 + V13) / V), "x2": (V2 / V, V2 / V), "x3": (0.0, V13 / V)}


def test_sobol_wrapper_reproduces_the_ishigami_indices_within_its_intervals():
    res = sensitivity.sobol_groups(ishigami, {"x1": [0], "x2": [1], "x3": [2]}, 3, ["f"], n=4096, seed=1)
    t = res.table.set_index("path")
    for name, (first, total) in ISHIGAMI.items():
        assert t.at[name, "first_lo"] <= first <= t.at[name, "first_hi"], name
        assert t.at[name, "total_lo"] <= total <= t.at[name, "total_hi"], name
        assert t.at[name, "first_hi"] - t.at[name, "first_lo"] < 0.1
    assert sensitivity.consistent(res).empty


def test_a_group_of_inputs_is_one_input():
    """x1 and x3 together: first order S1 + S3 + S13, total the same (x2 enters additively)."""
    res = sensitivity.sobol_groups(ishigami, {"x13": [0, 2], "x2": [1]}, 3, ["f"], n=4096, seed=2)
    t = res.table.set_index("path")
    joint = (V1 + V13) / V
    assert t.at["x13", "first_lo"] <= joint <= t.at["x13", "first_hi"]
    assert t.at["x13", "total_lo"] <= joint <= t.at["x13", "total_hi"]


def test_vectorised_bootstrap_equals_scipys_sobol_bootstrap():
    """The same BCa interval as scipy.stats.bootstrap with SobolResult.bootstrap's own statistic."""
    from scipy.stats._sensitivity_analysis import saltelli_2010

    rng = np.random.default_rng(0)
    n = 256
    f_a = rng.normal(size=n)
    f_b = rng.normal(size=n) + 0.3 * f_a
    f_ab = np.stack([0.5 * f_a + 0.3 * rng.normal(size=n), f_b, rng.normal(size=n)])
    c = (f_a.mean() + f_b.mean()) / 2
    a, b, ab = f_a - c, f_b - c, f_ab - c

    def statistic(idx):  # as in scipy's SobolResult.bootstrap
        return np.squeeze(saltelli_2010(a[None][:, idx], b[None][:, idx], ab[:, None][..., idx]))

    ref = stats.bootstrap([np.arange(n)], statistic, method="BCa", n_resamples=199,
                          rng=np.random.default_rng(7)).confidence_interval
    ours = sensitivity.bootstrap_intervals(f_a, f_b, f_ab, resamples=199, rng=np.random.default_rng(7))
    np.testing.assert_allclose(ours.low, ref.low, atol=1e-12)
    np.testing.assert_allclose(ours.high, ref.high, atol=1e-12)
    res = stats.sobol_indices(func={"f_A": f_a[None], "f_B": f_b[None], "f_AB": f_ab[:, None]}, n=n)
    first, total = sensitivity.indices_of_means(sensitivity.saltelli_terms(f_a, f_b, f_ab).mean(0), 3)
    np.testing.assert_allclose(first, res.first_order, atol=1e-12)
    np.testing.assert_allclose(total, res.total_order, atol=1e-12)


def test_sobol_of_the_model_holds_up(akimat):
    res = sensitivity.sobol(akimat, ["jobs", "projects"], n=4096, seed=3)
    assert sensitivity.consistent(res).empty  # total >= first within the intervals, every input
    projects = res.of("projects").set_index("path")
    # projects = money / cost: only the split of the money and the cost per project enter
    entering = {"directions.*.budget_share", *(f"directions.{d}.cost_per_project_m_kzt" for d in DIRECTIONS)}
    assert set(projects.index[projects["total"] > 0]) <= entering
    assert projects.loc[list(entering), "total"].sum() > 0.95
    jobs = res.of("jobs")
    assert (jobs["total"] >= 0).all() and jobs["first"].sum() <= 1.05
    assert "directions.*.budget_share" in set(jobs["path"])  # the shares are ONE input
    assert not any(p.endswith(".budget_share") and "*" not in p for p in jobs["path"])


def test_tornado_moves_a_share_with_its_group_rescaled(akimat):
    tor = sensitivity.tornado(akimat, "total_cost_bn_kzt")
    shares = tor[tor["path"].str.endswith("budget_share")]
    np.testing.assert_allclose(shares[["low", "high"]].to_numpy(), 46.4, rtol=1e-9)  # money stays 46.4 bn


# --- scenario discovery ---------------------------------------------------------------------


def test_prim_finds_a_box_planted_in_synthetic_data():
    rng = np.random.default_rng(4)
    x = pd.DataFrame(rng.uniform(size=(5000, 6)), columns=[f"p{i}" for i in range(6)])
    y = ((x["p1"] > 0.6) & (x["p4"] < 0.3)).to_numpy()
    limits, sides = discovery.prim_box(x, y, density=0.99)
    assert set(limits) == {"p1", "p4"}
    assert sides == {"p1": "lower", "p4": "upper"}
    assert limits["p1"][0] == pytest.approx(0.6, abs=0.02)
    assert limits["p4"][1] == pytest.approx(0.3, abs=0.02)
    # at the default density (9 in 10) the box may be a little wider, never less dense
    limits, _ = discovery.prim_box(x, y)
    inside = discovery.in_box(x, limits)
    assert y[inside].mean() >= discovery.DENSITY and y[inside].sum() / y.sum() > 0.95


def test_discovery_reports_coverage_and_density_of_its_box(sim):
    box = next(b for b in discovery.discover(sim, ["projects"]))
    assert box.status == "box" and box.limits
    inside = discovery.in_box(sim.input_frame(), box.limits)
    met = sim.met("projects")
    assert box.density == pytest.approx(met[inside].mean())
    assert box.coverage == pytest.approx(met[inside].sum() / met.sum())
    assert box.density > 2 * box.p_met  # the box concentrates the draws that reach the target
    # projects depend on money and cost only: no other parameter may appear in the box
    assert all(p.endswith(("budget_share", "cost_per_project_m_kzt")) for p in box.limits)


# --- command line ---------------------------------------------------------------------------


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "model", "uncertainty", *args], capture_output=True, text=True)


@pytest.mark.parametrize("args, option", [
    (["--draws", "0"], "--draws"), (["--draws", "ten"], "--draws"), (["--draws", "2.5"], "--draws"),
    (["--draws", "10000000"], "--draws"), (["--seed", "-3"], "--seed"), (["--seed", "x"], "--seed"),
])
def test_bad_draws_or_seed_exit_2_with_one_line(args, option):
    r = run_cli("--scenario", "akimat", *args)
    assert r.returncode == 2
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1 and option in r.stderr


def test_json_answer_is_strict_and_complete(monkeypatch):
    from model import uncertainty_report

    d = uncertainty_report.report(model.load_scenario("pilot_evidence"), 2000, 5, sobol_n=512)
    text = json.dumps(d, allow_nan=False)
    back = json.loads(text)
    assert back["scenario"] == "pilot_evidence" and back["draws"] == 2000 and back["seed"] == 5
    assert {t["key"] for t in back["targets"]} == set(targets.TARGET_KEYS)
    for t in back["targets"]:
        assert set(t) == {"key", "target", "p_met", "p10", "p50", "p90"} and 0 <= t["p_met"] <= 1
    jobs = back["sobol"]["jobs"]
    for path, r in jobs.items():
        assert set(r) == {"first", "total", "first_ci", "total_ci"} and len(r["total_ci"]) == 2
    assert "directions.*.budget_share" in jobs
    assert {b["target"] for b in back["discovery"]} == set(targets.TARGET_KEYS)
    for b in back["discovery"]:
        assert {"target", "coverage", "density", "limits"} <= set(b)
        for lo_hi in b["limits"].values():
            assert lo_hi[0] <= lo_hi[1]


def test_the_hired_wage_is_one_parameter_set_drawn_and_read_by_the_households(akimat):
    """The wage a hired job pays is in the one parameter tree: --set reaches it, the Monte Carlo
    draws it from its range, and both the loan burden and the households' incomes read it."""
    assert "assignment.hired_wage" in uncertainty.drawn_paths(akimat)
    base = model.project(akimat).summary
    higher = model.project(model.load_scenario("akimat", {"assignment.hired_wage": 60_000})).summary
    assert higher["tsa_families_out"] > base["tsa_families_out"]  # hired households earn more
    assert higher["default_cost_bn_kzt"] > base["default_cost_bn_kzt"]  # owners keep less after wages
    draws = uncertainty.draw(akimat, 2000, seed=3)["assignment.hired_wage"]
    p = akimat.params["assignment.hired_wage"]
    assert p.low <= draws.min() and draws.max() <= p.high and draws.std() > 0


def test_the_households_assumptions_are_drawn_together_as_a_latin_hypercube_of_populations(akimat):
    """The microsimulation's ranged assumptions (data/regions/zhambyl/tsa.yaml) are in the one tree and drawn: each
    draw takes one of POPULATIONS joint points, and each assumption's points fall one in each of
    POPULATIONS equal-probability strata of its own triangular distribution."""
    unc = uncertainty.uncertainties(akimat)
    assert {"population.income_sigma", "population.take_up_2019", "counterfactual.real_income_growth",
            "assignment.large_family_priority", "population.caseload_rural_share"} <= set(unc.household)
    assert "population.households" not in unc.household  # a published count: not drawn
    assert uncertainty.HOUSEHOLDS in unc.groups and len(unc.groups[uncertainty.HOUSEHOLDS]) == 1
    k = uncertainty.POPULATIONS
    for j, path in enumerate(unc.household):
        low, mode, high = uncertainty.evidence(akimat, path)
        x = np.sort(unc.populations[:, j])
        # the triangular CDF of each point is the middle of its stratum: (i + 0.5) / k
        with np.errstate(divide="ignore", invalid="ignore"):  # a mode at an end: one branch is 0/0
            cdf = np.where(x < mode, (x - low) ** 2 / ((high - low) * (mode - low)),
                           1 - (high - x) ** 2 / ((high - low) * (high - mode)))
        np.testing.assert_allclose(cdf, (np.arange(k) + 0.5) / k, atol=1e-9, err_msg=path)
    values = uncertainty.draw(akimat, 400, seed=5)
    rows = np.column_stack([values[p] for p in unc.household])
    assert len(np.unique(rows, axis=0)) == k  # every population is used, and no other
    # the same populations whatever the Monte Carlo seed (the populations kept on disk serve every run)
    other = uncertainty.draw(akimat, 50, seed=6)
    assert set(map(tuple, np.column_stack([other[p] for p in unc.household]))) <= set(map(tuple, rows))


def test_a_households_assumption_set_on_the_command_line_moves_the_tsa_figures():
    base = model.project(model.load_scenario("akimat")).summary
    wider = model.project(model.load_scenario("akimat", {"population.income_sigma": 0.75})).summary
    assert wider["tsa_people_out"] != pytest.approx(base["tsa_people_out"], rel=1e-3)
    assert wider["jobs_direct"] == base["jobs_direct"]  # only the households change
    res = subprocess.run([sys.executable, "-m", "model", "microsim", "--set", "population.income_sigma=9"],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert res.returncode == 2 and res.stderr.startswith("error: --set: population.income_sigma = 9")
