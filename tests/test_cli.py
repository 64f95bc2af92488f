"""The command line at first contact: params, scenarios, --help, --set, project's totals, uncertainty's options."""
import json
import subprocess
import sys

import pytest
import yaml

import model
from model import cli, params_command
from model.paths import ROOT
from model.sobol_size import SOBOL_MIN, SOBOL_N, sobol_size


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "model", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def akimat():
    return model.load_scenario("akimat")


def test_params_lists_every_parameter_with_label_unit_value_range_source(akimat):
    rows = params_command.entries(akimat)
    assert [r["path"] for r in rows] == list(akimat.params)
    by = {r["path"]: r for r in rows}
    r = by["tsa.exit_probability"]
    assert r["label"] and r["unit"] == akimat.params["tsa.exit_probability"].unit
    assert r["value"] == akimat.value("tsa.exit_probability")
    assert (r["low"], r["high"]) == (akimat.params["tsa.exit_probability"].low, akimat.params["tsa.exit_probability"].high)
    assert r["source"] == "assumption" and r["reason"] and r["drawn"]
    # a calibrated rate shows its prior and the prior's range, not the fitted value's
    cal = by["directions.household_plots.output_m_kzt_per_year"]
    low, mode, high = akimat.params["directions.household_plots.output_m_kzt_per_year"].evidence
    assert cal["source"].startswith("calibrated") and (cal["low"], cal["prior"], cal["high"]) == (low, mode, high)
    assert cal["value"] > high  # the plan stretched it beyond its range
    # a whole-year setting has a range but is not drawn
    assert not by["programme.target_year"]["drawn"]


def test_params_word_filters_path_and_label_in_any_case(akimat):
    rows = params_command.entries(akimat, word="LIVESTOCK")
    assert rows and all("livestock" in r["path"] for r in rows)
    en = params_command.entries(akimat, "en", "chance that a family")  # a label's words, not its path
    assert [r["path"] for r in en] == ["tsa.exit_probability"]
    kk = params_command.entries(akimat, "kk", "exit_probability")
    assert kk[0]["label"] != en[0]["label"]  # the label in the language asked for


def test_params_command_text_json_and_no_match():
    res = run_cli("params", "budget_scale")
    assert res.returncode == 0, res.stderr
    assert "programme.budget_scale = 1  (" in res.stdout and "--set PATH=VALUE" in res.stdout
    res = run_cli("params", "--json", "exit_prob")
    d = json.loads(res.stdout)
    assert [r["path"] for r in d] == ["tsa.exit_probability"]
    res = run_cli("params", "no_such_word_anywhere")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1
    assert "no_such_word_anywhere" in res.stderr and "params" in res.stderr


def test_number_round_trips_as_a_set_value():
    for x in (0.5, 46.4, 162354.0, 2022, [0.25, 0.75], 0.4893657189456744):
        back = yaml.safe_load(params_command.number(x))
        assert back == pytest.approx(x, rel=1e-3)


def test_scenarios_listing_keeps_a_space_after_the_longest_name(tmp_path):
    src = (ROOT / "data/scenarios/akimat.yaml").read_text("utf-8")
    long = "a_scenario_name_longer_than_eighteen"
    (tmp_path / f"{long}.yaml").write_text("base: null\n", "utf-8")
    (tmp_path / "akimat.yaml").write_text(src, "utf-8")
    out = subprocess.run([sys.executable, "-c", f"from model import cli; from pathlib import Path;"
                          f" cli.list_command(Path({str(tmp_path)!r}))"],
                         capture_output=True, text=True, cwd=ROOT).stdout.splitlines()
    out = out[next(i for i, ln in enumerate(out) if ln.startswith("Scenarios (")) + 1:]  # after the packs
    assert out[0] == f"  {long}  {long}", out  # a title-less scenario is titled by its name
    assert out[1].startswith("  akimat ") and out[1].index("The") == len(long) + 4, out


def test_help_has_no_markup_and_shows_defaults():
    top = run_cli("--help").stdout
    assert "``" not in top and "params" in top and "--set programme.budget_scale" in top
    for sub, default in (("project", "default: the programme's plan (akimat"), ("uncertainty", "(default: 10000)"),
                         ("params", "(default: en)"), ("run", "(default: kk,ru,en)")):
        text = run_cli(sub, "--help").stdout
        assert default in " ".join(text.split()), (sub, text)
        assert "``" not in text and "default: akimat) (default" not in text
    assert " ".join(run_cli("run", "--help").stdout.split()).count("default: the programme's plan, akimat") == 1  # written once


def test_set_without_equals_names_what_is_missing():
    for item, words in (("x", "--set: x: expected dotted.path=VALUE, with '='"),
                        ("=3", "--set: =3: expected a parameter path before '='")):
        with pytest.raises(model.DataError) as err:
            cli.parse_sets([item])
        assert str(err.value).startswith(words), str(err.value)
        assert "= 'x'" not in str(err.value)


def test_project_text_says_what_the_lower_jobs_figure_is():
    res = run_cli("project")
    line = next(ln for ln in res.stdout.splitlines() if "jobs:" in ln)
    assert "gross" in line and "net direct plus indirect" in line and "with indirect" not in line


def test_sobol_size_follows_the_draws_between_its_floor_and_ceiling():
    assert sobol_size(1) == sobol_size(100) == sobol_size(1000) == SOBOL_MIN == 1024
    assert sobol_size(1025) == 2048 and sobol_size(100_000) == SOBOL_N == 4096
    for d in (1, 1000, 3000, 10**6):
        n = sobol_size(d)
        assert n & (n - 1) == 0 and SOBOL_MIN <= n <= SOBOL_N


@pytest.mark.parametrize("value", ["1000", "512", "x"])
def test_uncertainty_refuses_a_sobol_sample_that_is_not_a_power_of_two_from_the_floor(value):
    res = run_cli("uncertainty", "--draws", "10", "--sobol-n", value)
    assert res.returncode == 2 and "--sobol-n" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_the_readmes_set_examples_move_the_jobs_people_read():
    """Every `--set path=VALUE` the README shows for `project` changes the jobs in the targets table."""
    import re

    from model.paths import ROOT as root

    readme = (root / "README.md").read_text("utf-8")
    examples = sorted(set(re.findall(r"--set ([a-z_.]+=[0-9.]+)", readme)))
    assert "programme.budget_scale=0.75" in examples and len(examples) >= 2, examples
    base = model.project(model.load_scenario("akimat")).targets.set_index("key").at["jobs", "projected"]
    for item in examples:
        changed = model.load_scenario("akimat", cli.parse_sets([item]), file="--set")
        jobs = model.project(changed).targets.set_index("key").at["jobs", "projected"]
        assert jobs < 0.95 * base, (item, jobs, base)


def test_uncertainty_progress_counts_every_model_run_once():
    from model import uncertainty_report

    class Bar:
        def __init__(self):
            self.done, self.stages = 0, []

        def update(self, k):
            self.done += k

        def set_postfix_str(self, text):
            self.stages.append(text)

    sc = model.load_scenario("akimat")
    bar = Bar()
    d = uncertainty_report.report(sc, 50, 3, sobol_n=SOBOL_MIN, progress=bar)
    assert bar.done == uncertainty_report.runs(sc, 50, SOBOL_MIN) == 50 + d["sobol_runs"]
    assert bar.stages == ["Monte Carlo", "Sobol indices", "what must hold (PRIM)"]
    assert d["sobol_base_sample"] == SOBOL_MIN
