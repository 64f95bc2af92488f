"""The uncertainty answer for one scenario as one plain record (``python -m model uncertainty``):
the chance of each target, Sobol indices with intervals, and the boxes of scenario discovery."""
from __future__ import annotations

from .errors import DataError
from .scenario import Scenario

MAX_DRAWS = 500_000  # about 3 kB a draw is kept (inputs and yearly totals): 1.5 GB at most


def check_count(raw, option: str, low: int, high: int | None = None) -> int:
    """A command-line count (``--draws``, ``--seed``) as an int, or a DataError naming it."""
    what = f"a whole number from {low:,}" + (f" to {high:,}" if high is not None else " up")
    try:
        value = int(str(raw).strip().replace("_", ""), 10)
    except ValueError:
        raise DataError(option, option.lstrip("-"), raw, what) from None
    if value < low or (high is not None and value > high):
        raise DataError(option, option.lstrip("-"), raw, what)
    return value


def report(scenario: Scenario, draws: int, seed: int, sobol_n: int | None = None) -> dict:
    """scenario, draws, seed, targets, p_all_met, sobol, discovery: plain numbers (None for undefined)."""
    # imported here: pandas and scipy are not needed to list the command in `python -m model --help`
    from . import discovery, sensitivity
    from .uncertainty import finite_or_none, simulate

    sobol_n = sensitivity.SOBOL_N if sobol_n is None else sobol_n
    sim = simulate(scenario, draws, seed)
    probs = sim.target_probabilities()
    targets = [{"key": r.key, "target": finite_or_none(r.target), "p_met": finite_or_none(r.probability),
                "p10": finite_or_none(r.p10), "p50": finite_or_none(r.p50), "p90": finite_or_none(r.p90)}
               for r in probs.itertuples(index=False)]
    sob = sensitivity.sobol(scenario, n=sobol_n, seed=seed)
    sobol = {}
    for r in sob.table.itertuples(index=False):
        sobol.setdefault(r.output, {})[r.path] = {
            "first": finite_or_none(r.first), "total": finite_or_none(r.total),
            "first_ci": [finite_or_none(r.first_lo), finite_or_none(r.first_hi)],
            "total_ci": [finite_or_none(r.total_lo), finite_or_none(r.total_hi)]}
    boxes = [{"target": b.target, "status": b.status, "p_met": finite_or_none(b.p_met),
              "coverage": None if b.coverage is None else finite_or_none(b.coverage),
              "density": None if b.density is None else finite_or_none(b.density),
              "limits": discovery.limits_for_json(b, sim)}
             for b in discovery.discover(sim)]
    return {"scenario": scenario.name, "draws": int(draws), "seed": int(seed), "targets": targets,
            "p_all_met": sim.joint_probability(), "sobol": sobol, "sobol_base_sample": sob.n,
            "sobol_runs": sob.runs, "discovery": boxes}


def print_report(d: dict, top: int = 3) -> None:
    """The record as a short text for the terminal."""
    print(f"Scenario: {d['scenario']}; {d['draws']:,} draws from the evidence, seed {d['seed']}")
    print(f"  {'target':<26}{'target value':>14}{'P(met)':>9}{'p10':>14}{'p50':>14}{'p90':>14}")
    for t in d["targets"]:
        print(f"  {t['key']:<26}{t['target']:>14,.1f}{100 * t['p_met']:>8.1f}%"
              f"{t['p10']:>14,.1f}{t['p50']:>14,.1f}{t['p90']:>14,.1f}")
    print(f"  all targets together: {100 * d['p_all_met']:.1f} %")
    print(f"Sobol indices (base sample {d['sobol_base_sample']:,}, {d['sobol_runs']:,} runs; 95 % intervals):")
    for output, rows in d["sobol"].items():
        best = sorted(rows.items(), key=lambda kv: -kv[1]["total"])[:top]
        text = "; ".join(f"{p} total {r['total']:.2f} [{r['total_ci'][0]:.2f}, {r['total_ci'][1]:.2f}]"
                         f" first {r['first']:.2f}" for p, r in best)
        print(f"  {output}: {text}")
    print("What must hold (PRIM):")
    for b in d["discovery"]:
        if b["status"] == "always":
            print(f"  {b['target']}: met in {100 * b['p_met']:.0f} % of the draws, whatever the assumptions")
        elif b["status"] == "never":
            print(f"  {b['target']}: met in {100 * b['p_met']:.2f} % of the draws; no range of the assumptions makes it likely")
        else:
            cond = " and ".join(f"{p} in [{lo:.3g}, {hi:.3g}]" for p, (lo, hi) in b["limits"].items())
            print(f"  {b['target']}: met in {100 * b['density']:.0f} % of the draws with {cond}"
                  f" ({100 * b['coverage']:.0f} % of the draws that meet it)")


def add_parser(sub) -> None:
    """``python -m model uncertainty --scenario NAME --draws N --seed S [--set path=VALUE] [--json]``."""
    p = sub.add_parser("uncertainty", help="chance of each target, Sobol indices and what must hold, from the evidence")
    p.add_argument("--scenario", default="akimat")
    p.add_argument("--draws", default="10000", help=f"Monte Carlo draws (1 to {MAX_DRAWS:,})")
    p.add_argument("--seed", default="2019", help="random seed (a whole number >= 0)")
    p.add_argument("--set", action="append", default=[], metavar="dotted.path=VALUE")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def main(args) -> int:
    import json

    from .build import load_scenario
    from .cli import parse_sets

    draws = check_count(args.draws, "--draws", 1, MAX_DRAWS)
    seed = check_count(args.seed, "--seed", 0)
    d = report(load_scenario(args.scenario, parse_sets(args.set), file="--set"), draws, seed)
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print_report(d)
    return 0
