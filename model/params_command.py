"""``python -m model params [WORD]``: every parameter a scenario reads, with what it means.

One entry per dotted path (what ``--set``, a notebook's ``overrides`` and a scenario file take):
its label in the chosen language, unit, value in the scenario, plausible range (the evidence's:
a calibrated rate keeps its prior's range and shows its prior), whether Monte Carlo draws it, and
its source (with the reason given for an assumption). WORD keeps the entries whose path or label
contains it (any case, any language's label).
"""
from __future__ import annotations

import json
import sys
import textwrap

from .errors import DataError
from .parameters import MISSING
from .scenario import Scenario

WIDTH = 100  # the text listing wraps reasons at this many columns


def add_parser(sub) -> None:
    p = sub.add_parser("params", help="list every parameter: path, label, unit, value, range, source",
                       description="List every parameter of a scenario by its dotted path (what --set takes): "
                                   "label, unit, value, plausible range, whether Monte Carlo draws it, source.")
    p.add_argument("word", nargs="?", default="", metavar="WORD",
                   help="only the parameters whose path or label contains WORD, any case (default: all)")
    p.add_argument("--scenario", default=None,
                   help="the scenario whose values are shown; default: the programme's plan (akimat for zhambyl_2019)")
    p.add_argument("--lang", default="en", choices=("kk", "ru", "en"), help="language of the labels")
    p.add_argument("--json", action="store_true", help="print one JSON array")


def entries(scenario: Scenario, lang: str = "en", word: str = "") -> list[dict]:
    """One plain record per parameter of ``scenario`` whose path or label (in any language)
    contains ``word`` (case-insensitive; "" keeps all), in the scenario's order."""
    from .report.tables import param_label
    from .schema import LANGS
    from .uncertainty import evidence, is_drawn

    needle = word.strip().casefold()
    out = []
    for path, p in scenario.params.items():
        labels = {lg: param_label(path, lg) for lg in LANGS}
        if needle and not any(needle in s.casefold() for s in (path, *labels.values())):
            continue
        ev = None if isinstance(p.value, list) else evidence(scenario, path)
        calibrated = p.source.startswith("calibrated")
        out.append({
            "path": path,
            "label": labels[lang],
            "unit": p.unit,
            "value": None if p.source == MISSING else p.value,  # declared missing: no value (model/missing.py)
            "low": ev[0] if ev else None,
            "high": ev[2] if ev else None,
            "prior": ev[1] if ev and calibrated else None,
            "drawn": is_drawn(scenario, path),
            "source": p.source,
            "reason": p.reason,
        })
    return out


def number(x) -> str:
    """A value as ``--set`` would take it back: plain digits, at most 4 significant ones for a fraction."""
    if x is None:
        return "missing"
    if isinstance(x, list):
        return "[" + ", ".join(number(v) for v in x) + "]"
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:.0f}"


def print_entries(rows: list[dict], scenario: Scenario) -> None:
    print(f"{len(rows)} parameter{'s' * (len(rows) != 1)} of scenario {scenario.name}; change one with "
          f"--set PATH=VALUE (project, uncertainty, run) or in a scenario file's overrides")
    for r in rows:
        span = f"range {number(r['low'])} to {number(r['high'])}" if r["low"] is not None else "no range"
        notes = [span]
        if r["prior"] is not None:
            notes.append(f"calibrated from {number(r['prior'])}")
        if r["drawn"]:
            notes.append("drawn in Monte Carlo")
        print(f"\n{r['path']} = {number(r['value'])}  ({r['unit']}; {'; '.join(notes)})")
        print(f"    {r['label']}")
        source = f"source: {r['source']}" + (f": {r['reason']}" if r["reason"] else "")
        print(textwrap.fill(source, WIDTH, initial_indent="    ", subsequent_indent="      "))


def main(args) -> int:
    from .build import load_scenario

    scenario = load_scenario(args.scenario, file="--scenario")
    rows = entries(scenario, args.lang, args.word)
    if not rows:
        raise DataError("params", "WORD", args.word, "a word in a parameter's path or label "
                        "(`python -m model params` lists them all)")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print_entries(rows, scenario)
    sys.stdout.flush()
    return 0
