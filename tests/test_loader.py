"""The loader's rules (model/schema.py): bounds that keep every result finite, YAML and files read
safely, and one short message for every bad input, whatever its origin."""
import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml

import model
from model.parameters import household_paths
from model import DataError, calibration, cli, paths, schema
from model.parameters import DIRECTIONS, Param, load_parameters
from model.build import check_scenarios, loadable_scenarios
from model.scenario import SUM_TO_ONE, list_scenarios

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILES = sorted(p.stem for p in (ROOT / "data/scenarios").glob("*.yaml"))


def pack_of(name: str):
    """The pack a scenario file is written for (the default one unless it names another)."""
    from model import packs
    from model.scenario import written_for

    elsewhere = written_for(ROOT / "data/scenarios" / f"{name}.yaml")
    return packs.resolve(*elsewhere) if elsewhere else paths.pack()


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "model", *args], capture_output=True, text=True, cwd=ROOT, **kw)


def one_line(e: DataError) -> str:
    text = str(e)
    assert "\n" not in text
    return text


# --- bounds: every parameter, no NaN or Infinity anywhere -----------------------------------


def test_every_parameter_has_its_own_bounds():
    for path, p in model.load_scenario("akimat").params.items():
        assert schema.has_rule(path, p.unit), f"{path} ({p.unit}) has no bounds in model/schema.py"


# each of these divides something: 0 must be refused, not end in NaN, Infinity or a None in a format
DIVISORS = ["directions.livestock.cost_per_project_m_kzt", "programme.budget_bn_kzt", "programme.budget_scale",
            "tsa.families", "tsa.people", "directions.livestock.loan_term_years", "processing.processed_share_of_output",
            "baseline.agri_output_2020_nominal_bn_kzt", "baseline.agri_output_implied_bn_kzt"]


@pytest.mark.parametrize("path", DIVISORS)
def test_zero_is_refused_where_it_would_divide(path):
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", cli.parse_sets([f"{path}=0"]), file="--set")
    assert str(err.value).startswith(f"--set: {path} = 0: expected a ") and " from " in err.value.expected


def test_zero_budget_from_the_command_line_is_one_line():
    res = run_cli("project", "--set", "programme.budget_scale=0")
    assert res.returncode == 2, res.stdout[-300:]
    assert res.stderr.startswith("error: --set: programme.budget_scale = 0: expected a number from 1e-06 to 100")
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("raw", ["1.0e+308", "1e308", "1e400", ".inf", ".nan", "9" * 40])
def test_huge_or_non_finite_numbers_are_refused(raw):
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", cli.parse_sets([f"directions.livestock.hired_fte_per_project={raw}"]), file="--set")
    e = err.value
    assert e.key.startswith("directions.livestock.hired_fte_per_project")
    assert "at most" in e.expected or "finite" in e.expected
    assert len(one_line(e)) < 300


def _at(path: str, x, params) -> dict:
    """Overrides that put one parameter at x, keeping its sum-to-one group summing to 1."""
    p = params[path]
    if isinstance(p.value, list):
        return {path: [1.0] if "launch" in path else [x] * len(p.value)}
    for keys in SUM_TO_ONE.values():
        if path in keys:
            rest = [k for k in keys if k != path]
            total = sum(params[k].value for k in rest)
            return {path: x, **{k: params[k].value * (1 - x) / total for k in rest}}
    return {path: x}


def _strict_json(sc) -> str:
    return json.dumps(model.project(sc).as_dict(), allow_nan=False)


@pytest.mark.parametrize("name", SCENARIO_FILES)
def test_every_parameter_at_its_bounds_gives_strict_json(name):
    # the households' inputs: once, for akimat (each end draws a population, 1.5 s): the test below
    with paths.using(pack_of(name)):
        _every_parameter_at_its_bounds(name)


def _every_parameter_at_its_bounds(name):
    base = model.load_scenario(name)
    loaded = refused = 0
    for path, p in base.params.items():
        if path in household_paths():
            continue
        b = schema.bounds(path, p.unit)
        for x in (b.lowest, b.highest):
            try:
                sc = model.load_scenario(name, _at(path, x, base.params))
            except DataError as e:  # only the rules between parameters may refuse a value within bounds
                assert e.key in {*SUM_TO_ONE, "programme.*_year", "timeline.launch_shares",
                                 "programme.horizon_end"}, str(e)
                refused += 1
                continue
            _strict_json(sc)
            loaded += 1
    assert loaded > 4 * refused


@pytest.mark.slow
def test_every_household_input_at_its_bounds_gives_strict_json_or_names_the_conflict():
    # each end of each input of data/regions/zhambyl/tsa.yaml draws its own population; a value the others cannot
    # go with (more working-age people than 5 a household, every family large...) is refused by
    # scenario.check_households, naming the key, never a numpy error from deep in the draw
    base = model.load_scenario("akimat")
    loaded = refused = 0
    for path in household_paths():
        p = base.params[path]
        b = schema.bounds(path, p.unit)
        for x in (b.lowest, b.highest):
            try:
                sc = model.load_scenario("akimat", _at(path, x, base.params))
            except DataError as e:
                assert e.key.split(".")[0] in ("population", "caseload_2019", "public"), str(e)
                refused += 1
                continue
            _strict_json(sc)
            loaded += 1
    assert loaded > 3 * refused


def test_all_parameters_at_their_ceilings_or_floors_together_give_strict_json():
    base = model.load_scenario("akimat")
    for pick in (lambda b: b.highest, lambda b: b.lowest):
        over = {path: pick(schema.bounds(path, p.unit)) for path, p in base.params.items()
                if not isinstance(p.value, list) and not schema.is_share(p.unit)
                and not schema.is_whole_years(p.unit)
                and path not in household_paths()}  # households: relations (test above), not all ends at once
        _strict_json(model.load_scenario("akimat", over))


@pytest.mark.parametrize("name", SCENARIO_FILES)
def test_cli_json_is_strict_for_every_scenario(name):
    p = pack_of(name)
    res = run_cli("project", "--scenario", name, "--programme", p.programme, "--region", p.region, "--json")
    assert res.returncode == 0, res.stderr
    json.loads(res.stdout, parse_constant=lambda c: pytest.fail(f"{c} in --json of {name}"))


def test_calibration_never_searches_beyond_a_parameters_bounds():
    # a probability whose range stretched 5x would reach 4.0; the fit must stop at 1
    p = Param(value=0.5, unit="probability", source="assumption", low=0.3, high=0.8, reason="test")
    lo, hi = calibration.search_bounds("tsa.exit_probability", p)
    assert np.exp(hi) == pytest.approx(1.0)
    assert np.exp(lo) == pytest.approx(0.3 / calibration.STRETCH_BOUND)
    cost = Param(value=2.0, unit="m KZT per project", source="assumption", reason="test")
    assert np.exp(calibration.search_bounds("directions.livestock.cost_per_project_m_kzt", cost)[0]) == \
        pytest.approx(0.02)


# --- overrides: the mapping form, one prefix, did you mean -----------------------------------


def test_mapping_override_sets_value_and_range():
    over = cli.parse_sets(["tsa.exit_probability={value: 0.4, low: 0.2, high: 0.6}"])
    p = model.load_scenario("akimat", over, file="--set").params["tsa.exit_probability"]
    assert (p.value, p.low, p.high) == (0.4, 0.2, 0.6)
    res = run_cli("project", "--set", "tsa.exit_probability={value: 0.4, low: 0.2, high: 0.6}", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["overrides"] == {"tsa.exit_probability": 0.4}


def test_the_message_names_the_parameter_the_same_way_from_every_origin(tmp_path):
    (tmp_path / "bad.yaml").write_text("base: null\noverrides:\n  tsa.exit_probability: 2\n", "utf-8")
    errors = []
    for call in (lambda: model.load_scenario("bad", directory=tmp_path),
                 lambda: model.load_scenario("akimat", {"tsa.exit_probability": 2}),
                 lambda: model.load_scenario("akimat", cli.parse_sets(["tsa.exit_probability=2"]), file="--set")):
        with pytest.raises(DataError) as err:
            call()
        errors.append(err.value)
    assert {e.key for e in errors} == {"tsa.exit_probability"}
    assert errors[0].file.endswith("bad.yaml") and [e.file for e in errors[1:]] == ["overrides", "--set"]


@pytest.mark.parametrize("typo,meant", [
    ("directions.livestok.hired_fte_per_project", "directions.livestock.hired_fte_per_project"),
    ("tsa.exit_probabilty", "tsa.exit_probability"),
    ("programme.budget_bn_kz", "programme.budget_bn_kzt"),
    ("livestock.budget_share", "directions.livestock.budget_share"),
])
def test_did_you_mean_picks_the_closest_spelling(typo, meant):
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", {typo: 1})
    assert f"did you mean {meant}?" in err.value.expected


@pytest.mark.parametrize("key", ["directions.livestock.jobs_per_projekt", "programme.budget", "nonsense"])
def test_no_suggestion_from_a_shared_prefix_alone(key):
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", {key: 1})
    assert err.value.expected == "a known parameter path"


def test_yaml_1_2_floats_are_numbers():
    assert cli.parse_sets(["tsa.families=1e5", "a=2E-3", "b=1.5", "c=7", "d=text"]) == \
        {"tsa.families": 1e5, "a": 0.002, "b": 1.5, "c": 7, "d": "text"}
    assert model.load_scenario("akimat", {"tsa.families": 1e5}).value("tsa.families") == 1e5


@pytest.mark.parametrize("raw,words", [
    ("9" * 25, "from 1 to 100,000,000"),  # a whole number far beyond the bound
    ("9" * 5000, "at most 30 digits"),  # int() itself refuses 4,300 digits
])
def test_huge_integers_get_a_sensible_message(raw, words):
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", cli.parse_sets([f"tsa.families={raw}"]), file="--set")
    assert words in str(err.value) and len(str(err.value)) < 300


def test_deep_nesting_is_a_data_error_not_a_recursion_error():
    with pytest.raises(DataError, match="levels of nesting"):
        cli.parse_sets(["tsa.families=" + "[" * 500 + "]" * 500])
    deep: list = []
    inner = deep
    for _ in range(5000):  # a papermill override built in Python
        inner.append([])
        inner = inner[0]
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", {"timeline.launch_shares": deep})
    assert len(str(err.value)) < 300


def test_a_long_scenario_name_is_a_data_error():
    with pytest.raises(DataError, match="at most 64 characters"):
        model.load_scenario("a" * 300)
    res = run_cli("project", "--scenario", "a" * 300)
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_a_long_value_is_echoed_as_a_short_excerpt():
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", {"tsa.families": "x" * 100_000})
    assert len(str(err.value)) < 300
    with pytest.raises(DataError) as err:
        model.load_scenario("akimat", {"x" * 100_000: 1})
    assert len(str(err.value)) < 300


# --- YAML: duplicates, aliases, tabs ---------------------------------------------------------


def write(directory: Path, name: str, text: str) -> None:
    (directory / f"{name}.yaml").write_text(text, "utf-8")


def test_duplicate_keys_are_refused_with_file_key_and_line(tmp_path):
    write(tmp_path, "dup", "base: null\ntitle: {kk: a, ru: b, en: c}\nbase: akimat\n")
    with pytest.raises(DataError) as err:
        model.load_scenario("dup", directory=tmp_path)
    e = err.value
    assert e.file.endswith("dup.yaml") and e.key == "base" and "line 3 repeats the key of line 1" in e.expected
    write(tmp_path, "dup", "base: null\noverrides:\n  tsa.families: 1\n  tsa.families: 2\n")
    with pytest.raises(DataError, match="line 4 repeats the key of line 3"):
        model.load_scenario("dup", directory=tmp_path)


BOMB = ('base: null\noverrides:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"  {n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")))


def test_an_alias_bomb_fails_fast_with_a_short_message(tmp_path):
    write(tmp_path, "bomb", BOMB)
    start = time.perf_counter()
    with pytest.raises(DataError) as err:
        model.load_scenario("bomb", directory=tmp_path)
    assert time.perf_counter() - start < 5  # no expansion at all: it stops at the first alias
    assert "no aliases" in err.value.expected and err.value.key == "line 4, column 10"
    assert len(str(err.value)) < 300
    with pytest.raises(DataError, match="no aliases"):
        cli.parse_sets(["tsa.families=[&a [1,1,1,1,1,1,1,1,1], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a], [*b,*b,*b,*b]]"])


def test_a_tab_names_line_and_column(tmp_path):
    write(tmp_path, "tab", "base: null\noverrides:\n\ttsa.families: 1\n")
    with pytest.raises(DataError) as err:
        model.load_scenario("tab", directory=tmp_path)
    assert err.value.key == "line 3, column 1" and "not tabs" in err.value.expected


# --- files: encodings, the directions table, one broken scenario ------------------------------


def test_directions_csv_with_a_byte_order_mark_loads_the_same(data_copy):
    path = data_copy / "directions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_parameters(data_copy) == load_parameters(ROOT / "data")


@pytest.mark.parametrize("edit,key,words", [
    (lambda t: t.replace("direction,parameter", "directn,parameter", 1), "(header)", "missing: direction"),
    (lambda t: "", "(header)", "missing: direction"),
    (lambda t: t.splitlines()[0] + "\n", "(rows)", "one row per direction"),
    (lambda t: t + t.splitlines()[1] + "\n", "line 62: household_plots,budget_share", "one row per direction"),
    (lambda t: t.replace("most numerous projects", "most numerous, cheapest projects", 1), "line 2", "quote a text"),
])
def test_a_bad_directions_table_is_a_data_error(data_copy, edit, key, words):
    path = data_copy / "directions.csv"
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    with pytest.raises(DataError) as err:
        load_parameters(data_copy)
    assert err.value.file.endswith("directions.csv")
    assert err.value.key.split(":")[0] == key.split(":")[0] and words in err.value.expected


def test_every_parameter_carries_its_words_in_three_languages():
    params = load_parameters()
    assert all(set(p.label) == {"kk", "ru", "en"} for p in params.values())
    assert all(p.description for p in params.values() if p.source in ("assumption", "derived"))
    # one label for every direction, from data/programmes/zhambyl_2019/directions.yaml
    assert {params[f"directions.{d}.hired_fte_per_project"].label["en"] for d in DIRECTIONS} == {
        "Hired jobs per mature project (full-time equivalents)"}


@pytest.mark.parametrize("file,edit,key,words", [
    ("programme.yaml", lambda t: t.replace('      kk: "Бағдарлама қаржысы"\n', "", 1),
     "programme.budget_bn_kzt.label", "each of kk, ru, en"),
    ("tsa.yaml", lambda t: t.replace("    label:\n", "    lable:\n", 1), "population.households.lable", "only the fields"),
    ("programme.yaml", lambda t: t.replace('      en: "Programme money"', '      en: ""', 1),
     "programme.budget_bn_kzt.label", "a text in each"),
    ("directions.yaml", lambda t: t.replace("budget_share:", "budget_shares:", 1), "budget_share", "each once"),
    ("directions.yaml", lambda t: t.replace("agri_share:\n  label:", "agri_share:\n  name:", 1), "agri_share",
     "label and description"),
])
def test_a_parameter_without_its_words_is_refused(data_copy, file, edit, key, words):
    path = data_copy / file
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    with pytest.raises(DataError) as err:
        load_parameters(data_copy)
    assert err.value.file.endswith(file) and err.value.key == key and words in err.value.expected, one_line(err.value)


def test_an_assumption_without_a_description_is_refused(data_copy):
    path = data_copy / "programme.yaml"
    text = path.read_text("utf-8")
    start = text.index("    description:", text.index("  budget_scale:"))
    path.write_text(text[:start] + text[text.index("  base_year:", start):], "utf-8")
    with pytest.raises(DataError) as err:
        load_parameters(data_copy)
    assert err.value.key == "programme.budget_scale.description" and "every assumption" in err.value.expected


def test_words_never_change_a_figure_nor_a_cache_key():
    p = load_parameters()["programme.budget_scale"]
    assert p == replace(p, label={}, description={}) and repr(p) == repr(replace(p, label={}))


@pytest.mark.parametrize("name", ["programme.yaml", "region.yaml", "article.yaml", "directions.csv", "tsa.yaml", "districts.csv"])
def test_a_file_that_is_not_utf8_names_itself(data_copy, name):
    from model.microsim import inputs
    path = data_copy / name
    path.write_bytes(path.read_bytes().replace("\n".encode(), " é\n".encode("latin-1"), 3))
    with pytest.raises(DataError) as err:
        load_parameters(data_copy)  # reads tsa.yaml too: one tree
        inputs.load_districts(data_copy)
    assert err.value.file.endswith(name) and "UTF-8" in err.value.expected


def test_districts_csv_with_a_byte_order_mark_loads_the_same(data_copy):
    from model.microsim import inputs
    path = data_copy / "districts.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert inputs.load_districts(data_copy) == inputs.load_districts(ROOT / "data")


def test_one_broken_scenario_breaks_no_other(tmp_path, capsys):
    for name in ("akimat", "funding_cut_25"):
        shutil.copy(ROOT / f"data/scenarios/{name}.yaml", tmp_path)
    (tmp_path / "latin.yaml").write_bytes("title: {kk: a, ru: b, en: caf\xe9}\nbase: null\n".encode("latin-1"))
    write(tmp_path, "invalid", "title: {kk: a, ru: b, en: c}\nbase: akimat\noverrides: {tsa.exit_probability: 3}\n")
    assert model.load_scenario("funding_cut_25", directory=tmp_path).value("programme.budget_scale") == 0.75
    with pytest.raises(DataError, match="akimat, funding_cut_25, invalid, latin"):
        model.load_scenario("nope", directory=tmp_path)
    assert set(list_scenarios(tmp_path)) == {"akimat", "funding_cut_25", "invalid"}
    assert set(loadable_scenarios(tmp_path)) == {"akimat", "funding_cut_25"}
    problems = check_scenarios(tmp_path)
    assert problems["akimat"] is None and "UTF-8" in problems["latin"].expected
    assert problems["invalid"].key == "tsa.exit_probability"
    assert cli.list_command(tmp_path) == 2
    out = capsys.readouterr()
    assert "funding_cut_25  Funding cut by 25 %" in out.out  # two spaces after the longest name
    assert "invalid         BROKEN: " in out.out and "latin           BROKEN: " in out.out
    assert "2 scenario(s) fail to load: invalid, latin" in out.err


def test_scenarios_command_exits_0_when_all_load():
    res = run_cli("scenarios")
    assert res.returncode == 0, res.stdout + res.stderr
    assert all(name in res.stdout for name in SCENARIO_FILES) and "BROKEN" not in res.stdout


def test_a_closed_pipe_is_no_error():
    for args in (["project"], ["project", "--json"], ["scenarios"]):
        res = subprocess.run(f"{sys.executable} -m model {' '.join(args)} | true", shell=True,
                             capture_output=True, text=True, cwd=ROOT)
        assert res.stderr == "", res.stderr


def test_yaml_loader_reads_what_safe_load_reads_in_the_data():
    for path in (ROOT / "data").rglob("*.yaml"):
        text = path.read_text("utf-8")
        assert schema.load_yaml(text, str(path)) == yaml.safe_load(text), path


@pytest.mark.slow
def test_the_scenarios_notebook_runs_with_a_mapping_override(tmp_path):
    import papermill

    over = {"tsa.exit_probability": {"value": 0.4, "low": 0.2, "high": 0.6}}
    out = tmp_path / "08.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks/08_scenarios.ipynb"), str(out), kernel_name="python3",
                               parameters={"lang": "en", "overrides": over, "draws": 20},
                               cwd=str(ROOT / "notebooks"), progress_bar=False)
    text = out.read_text("utf-8")
    assert "40.0%" in text or "40.0 %" in text  # the override line shows the value, not the mapping


def test_a_key_twice_in_a_locale_file_is_an_error(tmp_path, monkeypatch):
    from model.report import i18n
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "x.yaml").write_text("a:\n  b: one\n  b: two\n", "utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.texts.cache_clear()
    try:
        with pytest.raises(DataError, match="line 3 repeats the key of line 2"):
            i18n.texts("en")
    finally:
        monkeypatch.undo()
        i18n.texts.cache_clear()


def test_a_parsed_file_is_remembered_by_its_text_and_never_goes_stale(tmp_path, monkeypatch):
    from model import cache
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    f = tmp_path / "x.yaml"
    f.write_text("a: {value: 1.5, unit: m}\nb: [1, 2]\n", "utf-8")
    first = schema.read_yaml(f, "x.yaml")
    stored = list((tmp_path / "cache" / "yaml").glob("x.yaml-*.json"))
    assert len(stored) == 1 and json.loads(cache.fetch(stored[0])) == first
    assert schema.read_yaml(f, "x.yaml") == first == {"a": {"value": 1.5, "unit": "m"}, "b": [1, 2]}
    f.write_text("a: {value: 2, unit: m}\n", "utf-8")  # a new text: parsed again, the old entry goes
    assert schema.read_yaml(f, "x.yaml") == {"a": {"value": 2, "unit": "m"}}
    assert len(list((tmp_path / "cache" / "yaml").glob("x.yaml-*.json"))) == 1
    # what JSON cannot give back exactly is parsed every time; what is refused is never remembered
    f.write_text("a: 2020-01-01\n1: x\n", "utf-8")
    assert schema.read_yaml(f, "x.yaml") == {"a": __import__("datetime").date(2020, 1, 1), 1: "x"}
    f.write_text("a: 1\na: 2\n", "utf-8")
    with pytest.raises(DataError):
        schema.read_yaml(f, "x.yaml")
    with pytest.raises(DataError):  # and again: the refusal was not cached as a success
        schema.read_yaml(f, "x.yaml")
    assert len(list((tmp_path / "cache" / "yaml").glob("x.yaml-*.json"))) == 1
