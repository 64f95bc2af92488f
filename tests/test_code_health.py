"""Code health: provenance of every figure, environment files in step, notebooks clean, locales complete."""
import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from model import DataError
from model.parameters import SOURCE_KINDS, load_parameters, load_sources

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "seed" / "000_9fa147f789136e31.txt"


def test_every_parameter_has_unit_source_and_reason():
    params = load_parameters()
    assert len(params) > 60
    for key, p in params.items():
        assert p.unit, key
        # a kind of source, or a public source named in full with its confidence (data/regions/zhambyl/tsa.yaml)
        assert p.source.split(".")[0] in SOURCE_KINDS or p.confidence in ("H", "M", "L"), key
        if p.source in ("assumption", "derived"):
            assert len(p.reason) > 15, f"{key}: an assumption needs a reason"
        if p.low is not None:
            assert p.low <= p.value <= p.high, key


def test_every_figure_has_unit_and_source():
    s = load_sources()
    for fig in s.article.values():
        assert fig.unit and fig.quote, fig.key
    for fig in [*s.external.values(), *s.pilot.values()]:
        assert fig.unit and fig.source and fig.confidence in ("H", "M", "L"), fig.key


@pytest.mark.skipif(not ARTICLE.exists(), reason="shared/seed is not beside the repository")
def test_every_article_quote_is_in_the_article():
    text = ARTICLE.read_text(encoding="utf-8")
    for fig in load_sources().article.values():
        assert fig.quote.strip("()") in text, fig.key


def test_tsa_benefit_assumption_matches_its_stated_derivation():
    ext = load_sources().external
    nominal_2020 = ext["tsa_national_2020_spend"].value * 1e9 / ext["tsa_national_2020_people"].value / 12
    assert nominal_2020 == pytest.approx(6703, abs=1)  # 75.3 bn / 936.2 k / 12, in 2020 prices
    params = load_parameters()
    real_2019 = nominal_2020 / (1 + params["prices.cpi_inflation"].value[0])  # 2020 CPI 6.8 %
    assert params["tsa.benefit_kzt_per_person_month"].value == pytest.approx(real_2019, rel=0.01)


@pytest.mark.parametrize("edit,key,expected", [
    (("unit: bn KZT (2019 prices)\n    source: article.programme_cost", "source: article.programme_cost"),
     "programme.budget_bn_kzt.unit", "a unit"),
    (("reason: \"Real economic discount rate: 9 % as in the Asian Development Bank's Guidelines for the Economic "
      "Analysis of Projects (2017); 6 % and 12 % as sensitivity.\"", 'reason: ""'),
     "appraisal.discount_rate.reason", "a reason"),
    (("value: 46.4\n", "value: 44\n"), "programme.budget_bn_kzt.value", "46.4, the value of article.programme_cost"),
    # an unknown kind of source reads as a public source, which needs its confidence
    (("source: article.programme_cost", "source: gossip"), "programme.budget_bn_kzt.confidence", "H, M or L"),
])
def test_loader_rejects_a_parameter_without_provenance(data_copy, edit, key, expected):
    path = data_copy / "programme.yaml"
    text = path.read_text("utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), "utf-8")
    with pytest.raises(DataError) as err:
        load_parameters(data_copy)
    assert err.value.key == key and expected in err.value.expected


def test_loader_rejects_a_direction_row_without_unit(data_copy):
    path = data_copy / "directions.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[1] = lines[1].replace("share of programme money", "")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(DataError, match="directions.household_plots.budget_share.unit"):
        load_parameters(data_copy)


def _pins(text: str, sep: str) -> dict[str, str]:
    return {m[0].lower(): m[1] for m in re.findall(rf"^\s*-?\s*([A-Za-z0-9_.-]+){sep}([0-9][^\s#]*)", text, re.M)}


CONDA_NAMES = {"dask-core": "dask"}  # conda-forge name -> pip name, where they differ


def test_environment_yml_and_lock_are_in_step():
    lock = _pins((ROOT / "requirements.lock").read_text(), "==")
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            conda.update({k.lower(): v for k, v in (d.split("==") for d in dep["pip"])})
        elif "=" in dep:
            name, version = dep.split("=", 1)
            conda[CONDA_NAMES.get(name.lower(), name.lower())] = version
    direct = [line.strip().lower() for line in (ROOT / "requirements.in").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    assert conda.pop("python").startswith("3.11")
    assert set(conda) == set(direct), "environment.yml and requirements.in name different packages"
    for name in direct:
        assert conda[name] == lock[name], f"{name}: environment.yml {conda[name]} vs requirements.lock {lock[name]}"


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 9


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean_and_thin(path):
    nb = json.loads(path.read_text("utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for c in code:
        assert not c.get("outputs") and not c.get("execution_count"), "committed with outputs"
    first = code[0]
    assert "parameters" in first.get("metadata", {}).get("tags", [])
    declared = re.findall(r"^(\w+): (str|int|float|dict|bool) = ", "".join(first["source"]), re.M)
    assert {n for n, _ in declared} == {"scenario", "programme", "region", "lang", "overrides", "draws", "seed",
                                       "first_year", "last_year"}
    # the pack in force first, through the one function (a kept kernel may have run another pack's notebook)
    calls = re.findall(r"^model\.use_pack\(scenario, (.*?page=\"\w+\")\)", "".join(code[1]["source"]), re.M)
    assert len(calls) == 1 and calls[0].endswith(f'page="{path.stem}"'), "model.use_pack(scenario, programme, region, page=...)"
    assert "".join(code[1]["source"]).index("model.use_pack(") < min(
        (i for i in ("".join(code[1]["source"]).find(w) for w in ("load_scenario", "project(", ".show(")) if i >= 0),
        default=10 ** 9)
    for c in code:
        src = "".join(c["source"])
        assert not re.search(r"^\s*(def|class) ", src, re.M), "functions belong in model/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_in_step_with_its_py_percent_twin(path):
    import jupytext
    twin = path.with_suffix(".py")
    assert twin.exists(), f"{twin.name} missing"
    a = [c.source.strip() for c in jupytext.read(path).cells]
    b = [c.source.strip() for c in jupytext.read(twin).cells]
    assert a == b, f"{path.name} and {twin.name} differ: run jupytext --sync"


def test_locales_have_every_key_in_every_language():
    from model.report import i18n
    keys = {lang: set(i18n.texts(lang)) for lang in i18n.LANGS}
    for lang in i18n.LANGS:
        missing = keys["en"] - keys[lang]
        extra = keys[lang] - keys["en"]
        assert not missing and not extra, f"{lang}: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
        assert all(v.strip() for v in i18n.texts(lang).values()), f"{lang}: empty text"


def test_generated_files_are_not_tracked():
    import subprocess
    tracked = subprocess.run(["git", "ls-files", "build", ".venv"], capture_output=True, text=True, cwd=ROOT).stdout
    assert tracked == ""


def test_docstring_examples_run():
    import doctest
    import importlib
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in sorted((ROOT / "model").rglob("*.py"))
               if ">>> " in p.read_text("utf-8")]
    assert modules, "no docstring examples found"
    for name in modules:
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert result.attempted and not result.failed, f"{name}: {result.failed} of {result.attempted} examples fail"


# a path named in code, comments or the README (a file under tests, model, data, notebooks or benchmarks)
NAMED_PATH = re.compile(r"(?<![\w/.])((?:tests|model|data|notebooks|benchmarks)/[\w./-]*\w)")


def test_every_file_a_comment_names_exists():
    texts = [*(ROOT / "model").rglob("*.py"), *(ROOT / "notebooks").glob("*.py"), *(ROOT / "tests").glob("*.py"),
             ROOT / "README.md"]
    missing = set()
    for path in texts:
        for m in NAMED_PATH.finditer(path.read_text("utf-8")):
            named = m.group(1)
            if any(c in named for c in "{*<") or "NAME" in named or named.startswith("data/scenarios/"):
                continue  # a pattern, not a file
            if not (ROOT / named).exists() and not (ROOT / (named.rsplit(".", 1)[0] + ".py")).exists():
                missing.add(f"{path.relative_to(ROOT)} names {named}")
    assert not missing, sorted(missing)


# --- every notebook: a parameters cell, then calls ------------------------------------------------

THIN = sorted((ROOT / "notebooks").glob("*.py"))  # every notebook, the brief and the editor too
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)
LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def arithmetic_and_loops(source: str) -> list[str]:
    """Lines of a notebook's code that compute: arithmetic on values (string concatenation and
    negative literals aside), augmented assignment, loops and comprehensions."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ARITHMETIC):
            strings = [isinstance(x, (ast.JoinedStr,)) or (isinstance(x, ast.Constant) and isinstance(x.value, str))
                       for x in (node.left, node.right)]
            if not any(strings):
                found.append(f"line {node.lineno}: arithmetic")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
            found.append(f"line {node.lineno}: arithmetic (negation)")
        elif isinstance(node, ast.AugAssign):
            found.append(f"line {node.lineno}: augmented assignment")
        elif isinstance(node, LOOPS):
            found.append(f"line {node.lineno}: {type(node).__name__}")
    return found


def test_the_arithmetic_rule_catches_arithmetic_and_loops():
    assert arithmetic_and_loops("x = a / b") and arithmetic_and_loops("y = [d for d in ds]")
    assert arithmetic_and_loops("for d in ds:\n    pass") and arithmetic_and_loops("z = -p.summary['x']")
    assert not arithmetic_and_loops("show_text('## ' + t('x', lang))\nf(a, b=-1)")


@pytest.mark.parametrize("path", THIN, ids=lambda p: p.stem)
def test_notebooks_hold_no_arithmetic_or_loops(path):
    code = "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("# %%"))
    found = arithmetic_and_loops(code)
    assert not found, f"{path.name}: {found[:6]} — computations belong in model/, charts in model/report/charts.py"
