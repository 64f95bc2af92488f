"""The uncertainty answer for one scenario as one plain record (``python -m model uncertainty``):
the chance of each target, Sobol indices with intervals, and the boxes of scenario discovery."""
from __future__ import annotations

from .errors import DataError
from .scenario import Scenario

MAX_DRAWS = 500_000  # about 3 kB a draw is kept (inputs and yearly totals): 1.5 GB at most
MAX_WORKERS = 64  # --workers of a local cluster: past the cores, more only costs memory
MAX_SOBOL_N = 65_536  # 2 GB of model inputs and outputs at most (n (inputs + 2) points)


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


def report(scenario: Scenario, draws: int, seed: int, sobol_n: int | None = None, progress=None,
           client=None, source=None) -> dict:
    """scenario, draws, seed, targets, p_all_met, sobol, discovery: plain numbers (None for undefined).

    ``sobol_n``: the Sobol base sample (default ``sensitivity.sobol_size(draws)``); ``progress``:
    a tqdm-like bar, advanced by each chunk of draws and of Sobol runs (total: :func:`runs`).
    ``client``: a dask Client that runs the Monte Carlo and the Sobol design as tasks, each
    worker loading ``source`` (a ``distributed.Source`` of ``scenario``): the same record.
    """
    # imported here: pandas and scipy are not needed to list the command in `python -m model --help`
    from . import discovery, sensitivity
    from .uncertainty import finite_or_none, target_draws

    sobol_n = sensitivity.sobol_size(draws) if sobol_n is None else sobol_n
    step = progress.update if progress is not None else None
    stage = progress.set_postfix_str if progress is not None else (lambda text: None)
    stage("Monte Carlo")
    if client is None:
        sim = target_draws(scenario, draws, seed, progress=step)  # the targets in the target year: what is reported
        evaluate = None
    else:
        from . import distributed

        sim = distributed.target_draws(client, [source], draws, seed, progress=step)[0]
        evaluate = distributed.points_evaluator(client, source)
    probs = sim.target_probabilities()
    targets = [{"key": r.key, "target": finite_or_none(r.target), "p_met": finite_or_none(r.probability),
                "p10": finite_or_none(r.p10), "p50": finite_or_none(r.p50), "p90": finite_or_none(r.p90)}
               for r in probs.itertuples(index=False)]
    stage("Sobol indices")
    sob = sensitivity.sobol(scenario, n=sobol_n, seed=seed, progress=step, evaluate=evaluate)
    sobol = {}
    for r in sob.table.itertuples(index=False):
        sobol.setdefault(r.output, {})[r.path] = {
            "first": finite_or_none(r.first), "total": finite_or_none(r.total),
            "first_ci": [finite_or_none(r.first_lo), finite_or_none(r.first_hi)],
            "total_ci": [finite_or_none(r.total_lo), finite_or_none(r.total_hi)]}
    stage("what must hold (PRIM)")
    boxes = [{"target": b.target, "status": b.status, "p_met": finite_or_none(b.p_met),
              "coverage": None if b.coverage is None else finite_or_none(b.coverage),
              "density": None if b.density is None else finite_or_none(b.density),
              "limits": discovery.limits_for_json(b, sim)}
             for b in discovery.discover(sim)]
    return {"scenario": scenario.name, "draws": int(draws), "seed": int(seed), "targets": targets,
            "p_all_met": sim.joint_probability(), "sobol": sobol, "sobol_base_sample": sob.n,
            "sobol_runs": sob.runs, "discovery": boxes}


def runs(scenario: Scenario, draws: int, sobol_n: int) -> int:
    """Model runs :func:`report` makes: the draws, then n (Sobol inputs + 2)."""
    from .uncertainty import uncertainties

    return draws + sobol_n * (len(uncertainties(scenario).groups) + 2)


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
    from .sobol_size import SOBOL_MIN, SOBOL_N

    p = sub.add_parser("uncertainty", help="chance of each target, Sobol indices and what must hold, from the evidence",
                       description="Draw every uncertain parameter from its evidence: the chance of each target "
                                   "(Monte Carlo, TSA household by household in every draw), Sobol indices with 95\u00a0% "
                                   "intervals, and what must hold for each target (PRIM). A progress bar on stderr "
                                   "when it is a terminal.")
    p.add_argument("--scenario", default=None, metavar="NAME",
                   help="see `python -m model scenarios`; default: the programme's plan (akimat for zhambyl_2019)")
    p.add_argument("--draws", default="10000", metavar="N", help=f"Monte Carlo draws, 1 to {MAX_DRAWS:,}")
    p.add_argument("--sobol-n", default=None, metavar="N",
                   help=f"Sobol base sample, n (inputs + 2) model runs; a power of two from {SOBOL_MIN:,} "
                        f"(default: the power of two at or above --draws, from {SOBOL_MIN:,} to {SOBOL_N:,})")
    p.add_argument("--seed", default="2019", metavar="S", help="random seed, a whole number >= 0")
    p.add_argument("--set", action="append", default=[], metavar="dotted.path=VALUE",
                   help="change one parameter, VALUE read as YAML; repeatable")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--scheduler", default=None, metavar="local|tcp://HOST:PORT",
                   help="run the draws and the Sobol design as tasks on dask.distributed: `local` starts "
                        "--workers processes on this machine, an address joins a running scheduler; the "
                        "same JSON as without it (docs/distributed.md) (default: one process, no dask)")
    p.add_argument("--workers", default="2", metavar="N", help="worker processes of --scheduler local")


def main(args) -> int:
    import contextlib
    import json

    from .build import load_scenario
    from .scenario import parse_sets

    import sys

    from tqdm import tqdm

    from .sobol_size import SOBOL_MIN, sobol_size

    draws = check_count(args.draws, "--draws", 1, MAX_DRAWS)
    seed = check_count(args.seed, "--seed", 0)
    if args.sobol_n is None:
        sobol_n = sobol_size(draws)
    else:
        sobol_n = check_count(args.sobol_n, "--sobol-n", SOBOL_MIN, MAX_SOBOL_N)
        if sobol_n & (sobol_n - 1):
            raise DataError("--sobol-n", "sobol-n", args.sobol_n, f"a power of two from {SOBOL_MIN:,} to {MAX_SOBOL_N:,}")
    workers = check_count(args.workers, "--workers", 1, MAX_WORKERS)
    overrides = parse_sets(args.set)
    scenario = load_scenario(args.scenario, overrides, file="--set")
    with contextlib.ExitStack() as stack:
        client = source = None
        if args.scheduler is not None:
            from . import distributed

            client = stack.enter_context(distributed.connect(args.scheduler, workers))
            source = distributed.Source.of(args.scenario, overrides, file="--set")
        # disable=None: a bar only on a terminal, so a redirected stderr holds only messages
        with tqdm(total=runs(scenario, draws, sobol_n), desc="uncertainty", unit=" runs", unit_scale=True,
                  file=sys.stderr, dynamic_ncols=True, disable=None) as bar:
            d = report(scenario, draws, seed, sobol_n, progress=bar, client=client, source=source)
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print_report(d)
    return 0
