"""One best estimate updated by the pilot: the weighting, the posterior against the pilot, restated
targets, the allocation, the tranche rule and the command."""
import json

import numpy as np
import pytest

import model
from model import decide, targets
from model.cli import main as cli


def test_importance_weighting_recovers_a_known_posterior():
    # prior theta ~ N(0, 1); one observation, log x = 1 with sd 0.5: the posterior is normal with
    # mean 1 x (1 / 0.25) / (1 + 1 / 0.25) = 0.8 and variance 1 / (1 + 4) = 0.2
    rng = np.random.default_rng(0)
    theta = rng.standard_normal(200_000)
    log_w = decide.log_likelihood({"x": np.exp(theta)}, {"x": np.e}, {"x": 0.5})
    w, ess = decide.importance_weights(log_w)
    mean = float(w @ theta)
    assert mean == pytest.approx(0.8, abs=0.01)
    assert float(w @ (theta - mean) ** 2) == pytest.approx(0.2, abs=0.01)
    # ESS / n = E[w]^2 / E[w^2] under the prior, w = exp(-(theta - 1)^2 / (2 s^2)): for a normal prior
    # E[w] = s / sqrt(1 + s^2) exp(-1 / (2 (1 + s^2))) = 0.2998 (s = 0.5) and E[w^2] is the same with
    # s^2 / 2: 0.2137; 0.2998^2 / 0.2137 = 0.4206, so about 84,100 of 200,000; equal weights give n
    assert ess == pytest.approx(0.4206 * 200_000, rel=0.02)
    assert decide.importance_weights(np.zeros(10))[1] == pytest.approx(10)
    # the resample keeps each draw in proportion to its weight
    idx = decide.systematic_resample(w, 20_000, np.random.default_rng(1))
    assert theta[idx].mean() == pytest.approx(0.8, abs=0.02)


def test_a_draw_that_predicts_nothing_has_no_weight():
    log_w = decide.log_likelihood({"x": np.array([0.0, 1.0])}, {"x": 1.0}, {"x": 0.3})
    w, _ = decide.importance_weights(log_w)
    assert w.tolist() == [0.0, 1.0]


@pytest.fixture(scope="module")
def decision():
    return decide.decide("akimat", 20_000, 1)


def test_the_posterior_reproduces_the_first_stage(decision):
    fit = decision["stage_fit"]
    # what the pilot reported lies within the posterior's 10-90 % of what each draw says it would report
    for key in ("new_jobs", "new_sole_proprietors", "income_gain", "livestock_cost", "cooperatives_cost"):
        f = fit[key]
        assert f["p10"] <= f["reported"] <= f["p90"], key
    assert decision["effective_sample_size"] >= decide.ESS_MIN and decision["ess_ok"]


def test_the_pilots_point_lies_within_the_posterior_band(decision):
    rows = {t["key"]: t for t in decision["targets"]}
    # the targets the pilot measured (hired jobs and owners, sole proprietors), on the same delivery path
    # within the 5-95 % band: for entrepreneurs the pilot's point sits near the posterior's 10th
    # percentile (9,380 against 9,220-9,380 over seeds 1-3, median about 10,370), since the weighting
    # also fits the first stage's incomes and costs, and that lifts the count
    for key in ("jobs", "entrepreneurs"):
        r = rows[key]
        assert r["p05"] <= r["pilot"] <= r["p95"], key
        assert r["p10"] <= r["best"] <= r["p90"]
    # and far below the plan's fitted figures
    assert rows["jobs"]["p90"] < 0.2 * rows["jobs"]["plan"]


def test_restated_targets_are_met_in_eight_draws_of_ten():
    sc, path = model.load_scenario("akimat"), model.load_scenario(decide.DELIVERED)
    post = decide.posterior(sc, 20_000, 1)
    values, r = decide.forward(post, path)
    year = decide.decision_year(model.project(path))
    ev = targets.evaluate(r, year)
    n = len(ev["jobs"]["projected"])
    tolerance = 3 * (0.16 / n) ** 0.5
    for key in ("jobs", "entrepreneurs", "output_added_bn_kzt"):
        projected = np.asarray(ev[key]["projected"])
        restated = np.quantile(projected, 1 - decide.CONFIDENCE)
        assert np.mean(projected >= restated) == pytest.approx(decide.CONFIDENCE, abs=tolerance)


def test_the_restated_figure_is_what_the_json_says(decision):
    rows = {t["key"]: t for t in decision["targets"]}
    jobs = rows["jobs"]
    assert jobs["p10"] <= jobs["restated"] <= jobs["best"]
    # 90,000 jobs need about ten times the money at the rates the pilot shows (or are out of reach)
    assert jobs["money_needed_bn_kzt"] is None or jobs["money_needed_bn_kzt"] > 5 * 46.4


def test_the_allocation_respects_capacity_and_bounds_and_does_no_worse():
    effect = np.array([1.0, 3.0, 2.0])
    lower, upper = np.array([0.5, 0.0, 1.0]), np.array([5.0, 2.0, 5.0])
    x = decide.allocate(effect, 6.0, lower, upper)
    assert x.sum() == pytest.approx(6.0)
    assert np.all(x >= lower - 1e-9) and np.all(x <= upper + 1e-9)
    # the best direction up to its capacity, then the next: 2 in the second, 3.5 in the third, 0.5 in the first
    assert x.tolist() == pytest.approx([0.5, 2.0, 3.5])
    now = np.array([2.0, 2.0, 2.0])
    assert effect @ x >= effect @ now
    with pytest.raises(model.DataError, match="capacity"):
        decide.allocate(effect, 20.0, lower, upper)  # more money than the directions can take


def test_the_decisions_allocation_is_within_its_limits(decision):
    a = decision["allocation"]
    money = a["money_bn_kzt"]
    assert sum(a["shares_best"].values()) == pytest.approx(1.0)
    for d, share in a["shares_best"].items():
        assert share * money <= a["capacity_bn_kzt"][d] + 1e-6
    assert a["gain"]["p50"] >= 0 and 0 <= a["p_better"] <= 1


def test_what_notebook_09_quotes_from_the_record(decision):
    # the money by direction of the best split adds up to the money not yet reported lent (about
    # 8.0 bn KZT) and stays within each direction's capacity
    a = decision["allocation"]
    money = decide.allocation_money(a)
    assert list(money) == list(a["shares_best"])
    assert sum(money.values()) == pytest.approx(a["money_bn_kzt"]) == pytest.approx(8.0, abs=0.1)
    assert all(money[d] <= a["capacity_bn_kzt"][d] + 1e-6 for d in money)
    # the best estimate of jobs, about 9,500 of the announced 90,000: about a tenth
    jobs = next(r for r in decision["targets"] if r["key"] == "jobs")
    assert decide.share_of_announced(jobs) == pytest.approx(jobs["best"] / 90_000)
    assert 0.07 < decide.share_of_announced(jobs) < 0.14


def test_the_tranche_rule_is_the_posteriors_20th_percentile(decision):
    t = decision["tranche"]
    # a year after lending the pilot showed 589 hired jobs and 2,282 sole proprietors for 8.6 bn KZT
    # (2019 prices, of which 7.4 bn in the directions replayed): 68 and 265 per bn; the rule sits near them
    assert 30 < t["hired_jobs_per_bn"] < 150
    assert 150 < t["owners_per_bn"] < 400


def test_same_seed_same_json_another_seed_another(capsys):
    args = ["decide", "--scenario", "akimat", "--draws", "20000", "--seed", "5", "--json"]
    assert cli(args) == 0
    first = capsys.readouterr().out
    assert cli(args) == 0
    assert capsys.readouterr().out == first
    assert cli(args[:-2] + ["6", "--json"]) == 0
    other = capsys.readouterr().out
    assert other != first
    d = json.loads(first)
    assert {"scenario", "draws", "seed", "effective_sample_size", "targets", "directions", "allocation", "tranche"} <= set(d)
    assert {"key", "announced", "plan", "pilot", "best", "p10", "p90", "restated", "money_needed_bn_kzt"} <= set(d["targets"][0])
    assert {"p10", "p50", "p90"} == set(d["directions"][1]["hired_jobs"])
    assert {"objective", "shares_now", "shares_best", "gain", "p_better"} <= set(d["allocation"])
    assert {"hired_jobs_per_bn", "owners_per_bn"} <= set(d["tranche"])


@pytest.mark.parametrize("args,key", [
    (["--objective", "happiness"], "objective"),
    (["--draws", "10"], "draws"),
    (["--draws", "many"], "draws"),
    (["--seed", "-1"], "seed"),
])
def test_bad_arguments_exit_2_with_one_line(args, key, capsys):
    assert cli(["decide", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and key in err[0]


def test_same_numbers_whatever_the_blas_threads(tmp_path):
    """OpenBLAS splits a long dot product between its threads: 2 threads and 1 differed in the last
    digits of the plan's figures (CI saw the decision's JSON change between two identical calls when
    the runner's one-thread worker filled the disk cache in between). The package runs one BLAS
    thread whatever the environment says, even with numpy imported before it; the disk cache is off
    so that each process computes everything itself."""
    import os
    import subprocess
    import sys

    code = ("import numpy, sys; from model.cli import main; "
            "sys.exit(main(['project', '--scenario', 'akimat', '--json']))")
    outs = []
    for threads in ("1", "2"):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": threads, "ZHAMBYL_CACHE_DIR": str(tmp_path / "no" / "cache")}
        (tmp_path / "no").write_text("")  # a file where the cache folder would be: the cache is off
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        outs.append(run.stdout)
    assert outs[0] == outs[1]
