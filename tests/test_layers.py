"""Imports point one way: the layers of ../shared/DESIGN.md, declared here once, and no module
importing from a layer above its own, at module level or inside a function (where the circles
used to hide). The check reads the source (ast), so it sees every import statement.

Why a small AST walk and not import-linter: a layer here is a set of modules, not a package and
its descendants (``model.microsim.rules`` is a base rule, the ``model.microsim`` package runs
scenarios), which a layers contract cannot say without splitting the package.
"""
import ast
from pathlib import Path

import pytest

from model.paths import ROOT

# lowest first; a module may import from its own layer and those below it
LAYERS = [
    ("base", {"errors", "paths", "atomic", "rundir", "sobol_size", "cache", "delivery", "jobs", "timeline",
              "tsa", "processing", "microsim.rules", "publish"}),
    ("data", {"schema", "parameters", "packs", "pages", "prices", "derived", "outturn", "plausibility", "targets",
              "microsim.inputs"}),
    ("economics: the model's arithmetic on values it is given",
     {"money", "output", "appraisal", "repayment", "core", "microsim.assignment", "microsim.counterfactual",
      "microsim.outcomes", "microsim.population"}),
    ("scenarios: built, calibrated, projected", {"scenario", "evidence", "calibration", "delivered", "build", "missing",
                                                 "microsim", "microsim.results", "projection"}),
    ("analysis over draws and scenarios", {"uncertainty", "sensitivity", "discovery", "compare", "breakdown",
                                           "decide", "results_file", "editor", "distributed"}),
    ("report: labels and formats", {"report", "report.*"}),
    ("commands and the package's public API", {"", "runner", "uncertainty_report", "decide_command",
                                               "params_command", "microsim.command", "editor_pdf"}),
    ("the command line", {"cli", "__main__"}),
]


def module_name(path: Path) -> str:
    """model/microsim/rules.py -> 'microsim.rules'; model/__init__.py -> '' (the package)."""
    parts = list(path.relative_to(ROOT / "model").with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(name: str) -> int:
    for i, (_, members) in enumerate(LAYERS):
        if name in members or any(m.endswith(".*") and name.startswith(m[:-1]) for m in members):
            return i
    raise KeyError(name)


def _exists(name: str) -> bool:
    base = ROOT / "model" / Path(*name.split(".")) if name else ROOT / "model"
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports(source: str, name: str, is_package: bool) -> set[str]:
    """Every module of the package that ``source`` imports, anywhere in it (dotted, '' = the package)."""
    package = name.split(".") if is_package else name.split(".")[:-1]
    package = [p for p in package if p]
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {a.name.removeprefix("model").lstrip(".") for a in node.names
                    if a.name == "model" or a.name.startswith("model.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
            elif node.module == "model" or (node.module or "").startswith("model."):
                base = []
            else:
                continue
            mod = ".".join(base + (node.module.removeprefix("model").lstrip(".").split(".")
                                   if node.module and not node.level else
                                   (node.module.split(".") if node.module else [])))
            mod = mod.strip(".")
            for a in node.names:  # `from . import x`: the module x where there is one, else the package
                sub = f"{mod}.{a.name}".strip(".")
                out.add(sub if _exists(sub) else mod)
    return out


def upward_imports() -> list[str]:
    bad = []
    for path in sorted((ROOT / "model").rglob("*.py")):
        name = module_name(path)
        here = layer_of(name)
        for target in imports(path.read_text("utf-8"), name, path.name == "__init__.py"):
            if target != name and layer_of(target) > here:
                bad.append(f"{name or 'model'} ({LAYERS[here][0].split(':')[0]}) imports {target or 'model'} "
                           f"({LAYERS[layer_of(target)][0].split(':')[0]})")
    return bad


def test_every_module_has_a_layer():
    missing = []
    for path in (ROOT / "model").rglob("*.py"):
        try:
            layer_of(module_name(path))
        except KeyError:
            missing.append(module_name(path))
    assert not missing, f"modules without a layer in tests/test_layers.py: {missing}"


def test_no_import_points_up():
    assert upward_imports() == []


@pytest.mark.parametrize("source,name,expected", [
    ("def f():\n    from ..build import load_scenario\n", "microsim.population", {"build"}),  # inside a function
    ("from . import rules, population\n", "microsim", {"microsim.rules", "microsim.population"}),
    ("from . import list_scenarios\n", "runner", {""}),  # a name of the package, not a module
    ("import model\nfrom model.report import charts\n", "report.jobs_report", {"", "report.charts"}),
    ("from .i18n import t\n", "report", {"report.i18n"}),
])
def test_the_import_reader_sees_every_kind_of_import(source, name, expected):
    assert imports(source, name, is_package=name in ("microsim", "report")) == expected


def test_an_upward_import_inside_a_function_is_caught():
    # the circle this contract broke: the core importing the microsimulation to compute TSA
    found = imports("def compute():\n    from .microsim import tsa_outcome\n", "core", False)
    assert found == {"microsim"} and layer_of("microsim") > layer_of("core")
