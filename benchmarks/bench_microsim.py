"""Benchmark: the TSA microsimulation, 138,347 households x 1,000 draws, against a bare numpy pass.

    .venv/bin/python benchmarks/bench_microsim.py [--draws N] [--scenario NAME] [--repeat R]

The floor is the least any household-level evaluation of the rule must do over arrays of the
same size, in the same run and the same chunks: for every programme year, add each draw's income
to each household's and compare with the line (draws x households x years, one add, one compare,
one count). The ratio microsim / floor should be <= 3; peak memory (tracemalloc, numpy's
allocations) <= 2 GB. Writes build/bench/microsim.json. Timing lives here, never in the tests.
"""
import argparse
import json
import statistics
import time
import tracemalloc

import numpy as np

import model
from model.core import compute
from model.microsim import assignment, context, input_sets, outcomes, pop_scale, tsa_outcome
from model.parameters import household_paths
from model.paths import BUILD
from model.uncertainty import draw
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)


def bare_pass(income, line, e, chunk_elements):
    """The floor: (draws x households) add, compare and count, per programme year."""
    n, H = e.owners.shape[0], income.shape[0]
    step = max(1, chunk_elements // H)
    total = 0
    for t in range(e.owners.shape[1]):
        for start in range(0, n, step):
            rows = slice(start, min(n, start + step))
            total += np.count_nonzero(income[None, :] + e.wage[rows, None] < line[t])
    return total


def timed(fn, repeat):
    times, peak = [], 0
    for _ in range(repeat):
        tracemalloc.start()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--scenario", default="akimat")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sc = model.load_scenario(args.scenario)
    values = draw(sc, args.draws, seed=2019)
    r = compute(values, appraise=False)
    # the Monte Carlo's path: each draw on the population of its households' assumptions (8 of them);
    # their populations and counterfactuals are built once per process (timed apart, as setup)
    t0 = time.perf_counter()
    tsa_outcome(r, values)
    setup = time.perf_counter() - t0
    populations = len(input_sets(values)[0])
    # the floor over one population's incomes and line (the same arrays' size)
    central = {**values, **{p: sc.value(p) for p in household_paths()}}
    pop, cf, owner_pos, hired_pos = context(central)
    e = assignment.scaled(assignment.earners(r, central), pop_scale(pop))
    line = cf.line[np.searchsorted(cf.years, e.years)]

    micro_s, micro_peak = timed(lambda: tsa_outcome(r, values), args.repeat)
    floor_s, floor_peak = timed(lambda: bare_pass(cf.income[0], line, e, outcomes.CHUNK_ELEMENTS), args.repeat)
    res = {"scenario": args.scenario, "households": pop.households, "draws": args.draws,
           "years": int(len(e.years)), "populations": populations, "populations_and_counterfactuals_s": setup,
           "microsim_s": micro_s, "floor_s": floor_s, "ratio": micro_s / floor_s,
           "peak_memory_mb": micro_peak / 2**20, "floor_peak_memory_mb": floor_peak / 2**20, "measured": stamp()}
    print(f"microsim {args.scenario}: {pop.households:,} households x {args.draws:,} draws x {len(e.years)} years")
    print(f"  {populations} populations and their counterfactuals (once per process): {setup:.2f} s")
    print(f"  microsim {micro_s:.2f} s, bare numpy pass {floor_s:.2f} s: ratio {micro_s / floor_s:.2f} (target <= 3)")
    print(f"  peak memory {micro_peak / 2**20:,.0f} MB (target <= 2,048 MB); the bare pass {floor_peak / 2**20:,.0f} MB")
    out = BUILD / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "microsim.json").write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
