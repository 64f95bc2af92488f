"""The report layer only labels and formats: every number it shows comes from model/ (issue "One
parameter tree, one cache, imports that point one way", item 5).

The check reads model/report/*.py with ``ast`` and lists every computation on values: a division
(or //, %, **, @), a sum, difference or product of two operands neither of which is a number
written in the code (``100 * share``, ``x - 0.2`` and ``last_year + 1`` are formatting and layout,
``a / b`` and ``a - b`` are economics), an augmented assignment (``total += x``) and a reduction
(``.sum()``, ``.mean()``, ``sum(...)``, ...). Text is not arithmetic: joining strings, lists or
paths is left alone. What remains must be in ``LAYOUT`` (chart geometry and number formatting,
each with its reason) or in ``NOT_YET_MOVED`` (economics still computed in a report module, to
move to model/ like the rest; the list may only shrink).
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "model" / "report"

ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)
ALWAYS = (ast.Div, ast.Pow, ast.MatMult)  # a ratio is economics whatever its operands (n % 10 is not)
REDUCTIONS = {"sum", "mean", "median", "prod", "cumsum", "cumprod", "diff", "pct_change", "std", "var",
              "average", "nansum", "nanmean"}
# calls that return text: the locale's t, the formatters of i18n and tables, str methods
TEXT_CALLS = {"t", "_h", "_col", "count", "cell", "number", "pct", "money_bn", "money_m", "money_k", "direction",
              "yes_no", "param_label", "param_value", "district_name", "_unit_suffix", "bullets", "str", "join",
              "lower", "upper", "strip", "format", "escape", "fill"}

# (module, function, expression): layout and formatting, not economics. Each says why.
LAYOUT = {
    # stacked bars: each part starts where the previous one ended (the parts come from model/)
    ("money_report", "directions", "left += shares[d].to_numpy()"): "stacked bar: where the next share starts",
    ("money_report", "timeline", "bottom += spend_w[d].to_numpy()"): "stacked bar: where the next direction starts",
    ("money_report", "funding", "bottom += values"): "stacked bar: where the next funding part starts",
    # paths, not numbers
    ("i18n", "texts", "LOCALES / lang"): "a path",
    ("pdf", "notebook_to_pdf", "build / name"): "a path",
    # number formatting
    ("tables", "cell", "x * scale"): "a share shown as a percent (scale 100) for the zero test",
    ("brief", "_compact", "100 * x - round(100 * x)"): "whether a percent shows a decimal",
    ("brief", "column_chunks", "i + step"): "slicing columns into chunks of a page's width",
    ("brief", "discount_rate_view", "r.rate - central"): "which row is the central rate (an equality test)",
    ("charts", "draw_plan_vs_evidence", "x / 100"): "the bar's percent back to a share for its label",
    # chart and page geometry
    ("charts", "draw_sobol", "h / 2"): "bar height: half above, half below the tick",
    ("charts", "draw_sobol", "-h / 2"): "bar height: half above, half below the tick",
    ("charts", "draw_sobol", "y + dy"): "a bar's position beside its tick",
    ("charts", "draw_sobol", "df[col] - df[f'{col}_lo']"): "whiskers: matplotlib takes distances from the bar's end",
    ("charts", "draw_sobol", "df[f'{col}_hi'] - df[col]"): "whiskers: matplotlib takes distances from the bar's end",
    ("charts", "draw_tornado", "df['low'] - base"): "a bar drawn from the central value: matplotlib takes its width",
    ("charts", "draw_tornado", "df['high'] - base"): "a bar drawn from the central value: matplotlib takes its width",
    ("charts", "draw_relative", "j % len(palette)"): "cycling the palette",
    ("charts", "draw_relative", "0.8 / max(1, len(names))"): "bar width: the group's width shared by its bars",
    ("charts", "draw_relative", "x + (j - (len(names) - 1) / 2) * width"): "a bar's offset in its group",
    ("charts", "draw_relative", "(j - (len(names) - 1) / 2) * width"): "a bar's offset in its group",
    ("charts", "draw_relative", "j - (len(names) - 1) / 2"): "a bar's offset in its group",
    ("charts", "draw_relative", "(len(names) - 1) / 2"): "a bar's offset in its group",
    ("charts", "draw_cost_per_job", "v + top * 0.01"): "a label just right of its bar",
    ("jobs_report", "net", "tops + heights"): "waterfall: the top of each step",
    ("jobs_report", "net", "tops - heights"): "waterfall: the bottom of each step",
}
for _k in [("editor", "svg_lines", e) for e in (
        "width / 2", "(height - 24) / 2", "n % 2 * pw", "n // 2 * ph", "ox + left", "ox + pw - right",
        "ox + pw", "oy + ph - bottom", "oy + ph", "oy + top", "x0 + (x1 - x0) * (yr - years[0]) / max(1, years[-1] - years[0])",
        "(x1 - x0) * (yr - years[0]) / max(1, years[-1] - years[0])", "(x1 - x0) * (yr - years[0])", "x1 - x0",
        "yr - years[0]", "years[-1] - years[0]", "y0 - (y0 - y1) * v / y_top", "(y0 - y1) * v / y_top",
        "(y0 - y1) * v", "y0 - y1", "ox + pw / 2", "pw / 2", "width / len(series)", "i * slot", "slot / 6.2")]:
    LAYOUT[_k] = "the editor's SVG panels: pixel positions"
LAYOUT[("editor", "overrides", "c.step / 2")] = "a slider's tolerance: half a step"
LAYOUT[("editor_texts", "allowed_text", "sum(e.value)")] = "the typed shares' total, quoted back in the refusal"
LAYOUT[("editor_texts", "readout_text", "float(step) * (100 if fmt == 'share' else 1)")] = (
    "a slider's step in the table's unit (percent), for the digits the readout needs")
for _k in (("editor", "export_tables", "out / name"), ("export", "write_tables", "out / name"),
           ("export", "folder", "Path(root) / rundir.folder_name(base, tags)")):
    LAYOUT[_k] = "a file's path joined (pathlib's /)"

# (module, function): economics still computed in a report module, to move to model/ (issue item 5).
# Empty since notebooks 01, 03, 09, the brief, the stretch chart and the editor's charts read theirs
# from model/ (derived, targets, breakdown, compare, decide) as notebooks 02, 04 and 05 do; never add one.
NOT_YET_MOVED: dict[tuple[str, str], str] = {}


# --------------------------------------------------------------------------- the reader

def _is_number(node) -> bool:
    """A number written in the code: 100, 0.2, -1."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool)


def _is_text(node) -> bool:
    """A string, a list or a path being built: a literal, an f-string, a call that returns text, or a
    concatenation of these."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return True
    if isinstance(node, (ast.JoinedStr, ast.List, ast.ListComp, ast.Tuple)):
        return True
    if isinstance(node, ast.Call):
        f = node.func
        return (f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None) in TEXT_CALLS
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.Subscript):  # text[:1], a slice of a string
        return isinstance(node.slice, ast.Slice) and _is_text(node.value)
    return False


def _reduction(node) -> bool:
    f = node.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
    return name in REDUCTIONS


def computations(source: str) -> list[tuple[str, str, int]]:
    """(function, expression, line) of every computation on values in ``source`` (see the module's
    docstring); ``<module>`` for code outside any function."""
    tree = ast.parse(source)
    owner = {}
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                owner[node] = fn.name  # walked outer first: the innermost function wins
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ARITHMETIC):
            if _is_text(node.left) or _is_text(node.right):
                continue
            if isinstance(node.op, ast.Mod) and _is_text(node.left):
                continue
            if not isinstance(node.op, ALWAYS) and (_is_number(node.left) or _is_number(node.right)):
                continue
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ARITHMETIC):
            if _is_text(node.value):
                continue
        elif not (isinstance(node, ast.Call) and _reduction(node)):
            continue
        found.append((owner.get(node, "<module>"), ast.unparse(node), node.lineno))
    return found


def report_computations(folder: Path = REPORT) -> dict[tuple[str, str, str], int]:
    """Every computation in the report modules: (module, function, expression) -> line."""
    out = {}
    for path in sorted(folder.glob("*.py")):
        for fn, expr, line in computations(path.read_text("utf-8")):
            out.setdefault((path.stem, fn, expr), line)
    return out


# --------------------------------------------------------------------------- the rule

def test_the_reader_finds_arithmetic_and_reductions():
    for code in ("x = a / b", "x = a - b", "x = a + b.c", "x = a * b", "x = s.sum()", "x = sum(v)",
                 "x = np.mean(v)", "x += y", "x = t['a'].loc[:2022].sum()", "x = 100 * a / b", "x = 1 / b",
                 "x = claim / u0", "x = f(a) - g(b)"):
        assert computations(code), code


def test_the_reader_leaves_text_paths_and_literal_layout_alone():
    for code in ("s = '## ' + t('x', lang)", "s = f'{a}' + b", "s = [a] + [b] * 3", "p = Path(x) / 'locales'",
                 "y = 100 * share", "x = x - 0.2", "n = last_year + 1", "y = top * 1.12", "z = i18n.number(v) + ' m'",
                 "s = text[:1].lower() + text[1:]", "s = cell(a, 'number') + ' / ' + count(b, 'people', lang)",
                 "s = t('a', lang) + (' ✓' if ok else '')"):
        assert not computations(code), code


def test_the_report_modules_only_label_and_format():
    """Fails on a computation of economics in model/report: move it to model/ (compare, breakdown,
    microsim.results, ...) as a named function and only format its result here."""
    pending = {k[:2] for k in NOT_YET_MOVED}
    bad = [f"model/report/{m}.py:{line} {fn}: {expr}" for (m, fn, expr), line in report_computations().items()
           if (m, fn, expr) not in LAYOUT and (m, fn) not in pending]
    assert not bad, "arithmetic in the report layer (move it to model/):\n" + "\n".join(bad)


def test_no_economics_is_pending_in_the_report_layer():
    """Every report module's numbers now come from model/: the pending list stays empty."""
    assert not NOT_YET_MOVED, NOT_YET_MOVED


def test_the_allow_lists_name_only_what_is_there():
    """An entry whose computation has gone (moved or changed) is removed, so the lists only shrink."""
    found = report_computations()
    stale = [k for k in LAYOUT if k not in found]
    assert not stale, f"LAYOUT entries no longer in the code: {stale}"
    functions = {k[:2] for k in found}
    moved = [k for k in NOT_YET_MOVED if k not in functions]
    assert not moved, f"NOT_YET_MOVED entries whose function no longer computes: remove them: {moved}"


@pytest.mark.parametrize("module", ["money_report", "output_report", "social_assistance"])
def test_notebooks_02_04_05_report_modules_compute_nothing(module):
    """The three report modules moved to model/ (issue item 5, first part): nothing pending there."""
    assert not [k for k in NOT_YET_MOVED if k[0] == module]
    left = [k for k in report_computations() if k[0] == module and k not in LAYOUT]
    assert not left, left


def _calls(path: Path, names: set[str]) -> list[str]:
    """``name(...)`` / ``x.name(...)`` calls of ``names`` in a module, as code."""
    tree = ast.parse(path.read_text("utf-8"))
    return [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr in names]


def test_each_chart_rule_is_written_once_in_charts():
    """Grid lines, target and reference lines, tick formatting: charts.py alone sets them (``bars_axis``,
    ``target_line``, ``thousands_axis``), so one edit changes every chart of every notebook and PDF."""
    rules = {"grid", "axhline", "set_major_formatter"}
    elsewhere = {p.name: found for p in sorted(REPORT.glob("*.py"))
                 if p.name != "charts.py" and (found := _calls(p, rules))}
    assert not elsewhere, elsewhere
    assert _calls(REPORT / "charts.py", {"grid"}) == ["ax.grid(axis=categories, visible=False)"]


def test_no_chart_text_is_set_below_the_smallest_size():
    """Nothing in a PDF below 8 pt: a chart's text is ``charts.SMALL`` (9 pt on a 7-inch figure,
    8.4 pt at the text width) or larger, and every figure is 7 inches wide."""
    from model.report import charts

    small = []
    for path in sorted(REPORT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in ("fontsize", "labelsize", "size") \
                    and _is_number(node.value) and ast.literal_eval(node.value) < charts.SMALL:
                small.append(f"{path.name}:{node.value.lineno} {node.arg}={ast.unparse(node.value)}")
    assert not small, small
    assert charts.SMALL * 16.6 / 2.54 / 7.0 >= 8 and charts.STYLE["font.size"] >= charts.SMALL
    wide = [f"{path.name}:{node.lineno}" for path in [*REPORT.glob("*.py"), *(ROOT / "notebooks").glob("*.py")]
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "figure"
            and node.args and _is_number(node.args[0]) and ast.literal_eval(node.args[0]) > 7.0]
    assert not wide, f"figures wider than 7 inches shrink their text below 8 pt: {wide}"
