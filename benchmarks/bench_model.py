"""Benchmark: one projection of `akimat`, its calibration, Monte Carlo and Sobol indices.

    .venv/bin/python benchmarks/bench_model.py [--repeat N] [--draws N] [--loop N] [--reps N] [--skip-cli]

Targets: projection <= 10 ms, calibration <= 2 s; ``python -m model project --scenario akimat --json``
in a new process <= 1 s wall (build/cache filled, as after any run; the first run after a change of
data or model fills it and is printed beside); Monte Carlo: 100,000 draws of the whole chain
(draw, compute with the appraisal, reduce to totals and targets) in one vectorised call against
the same chain run draw by draw, same run: ratio >= 200 per draw, peak memory <= 2 GB. The ratio
is of the chain without the household microsimulation (TSA from the aggregate estimate on both
sides), which has its own benchmark against a bare numpy pass (bench_microsim.py); Monte Carlo
with it, as the suite runs it, and model.project a draw are printed beside. Both sides of the ratio
do the same work on the same drawn inputs (compute with the appraisal, reduce to totals and
targets; the drawing itself, the same for both, is left out of both) and are timed in turns,
``--reps`` times each in the same run, so a busy machine slows both alike: the ratio is the median
draw-by-draw time over the median vectorised time, printed with the range of the ratios of each
turn. Sobol indices of every target with bootstrap intervals (n = 4,096, TSA from the
microsimulation) <= 30 s. ``python -m model uncertainty`` in a new process: --draws 1,000 <= 10 s
and --draws 100,000 <= 30 s wall, peak memory <= 2 GB.

Prints the figures and writes build/bench/model.json. Timing lives here, never in the tests.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

import model
from model import calibration, sensitivity, uncertainty
from model.parameters import read_yaml
from model.scenario import Scenario, apply_overrides, base_params
from model.paths import BUILD, SCENARIOS
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)


def timed(fn, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": repeat}


def loop_per_draw(sc, inputs: dict, picks) -> float:
    """Seconds a draw when each picked draw goes through the chain on its own (its drawn values
    -> core.compute with the appraisal -> totals and targets; TSA aggregate), one call a draw."""
    base = sc.values
    t = time.perf_counter()
    for i in picks:
        uncertainty.reduce_run(sc, {**base, **{k: v[i:i + 1] for k, v in inputs.items()}}, households=False)
    return (time.perf_counter() - t) / len(picks)


def vectorised_per_draw(sc, inputs: dict, n: int) -> float:
    """Seconds a draw when all n draws go through the same chain in vectorised calls of
    ``uncertainty.CHUNK`` draws (as ``simulate`` makes them), on the same drawn values."""
    base = sc.values
    t = time.perf_counter()
    for i in range(0, n, uncertainty.CHUNK):
        uncertainty.reduce_run(sc, {**base, **{k: v[i:i + uncertainty.CHUNK] for k, v in inputs.items()}},
                               households=False)
    return (time.perf_counter() - t) / n


def uncertainty_command(draws: int) -> dict:
    """Wall seconds and peak memory (max RSS) of ``python -m model uncertainty --draws N --json``
    in a new process."""
    cmd = [sys.executable, "-m", "model", "uncertainty", "--scenario", "akimat", "--draws", str(draws),
           "--seed", "1", "--json"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode(errors='replace')[-500:]}")
    return {"draws": draws, "wall_s": wall, "max_rss_bytes": usage.ru_maxrss * 1024}


def project_per_draw(sc, sim, n: int) -> float:
    """Seconds a draw for model.project of each draw (its TSA from the household microsimulation)."""
    t = time.perf_counter()
    for i in range(n):
        model.project(sc.with_values({k: float(v[i]) for k, v in sim.inputs.items()}, "draw"))
    return (time.perf_counter() - t) / n


def cold_start(repeat: int) -> dict:
    """Wall seconds of ``python -m model project --scenario akimat --json`` in a new process: the
    median over ``repeat`` runs with build/cache filled, and one run of a copy of the project whose
    build/cache is empty (the first run after a change of data or model)."""
    cmd = [sys.executable, "-m", "model", "project", "--scenario", "akimat", "--json"]
    root = Path(model.__file__).resolve().parent.parent

    def wall(cwd) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, check=True, env={**os.environ, "PYTHONPATH": str(cwd)})
        return time.perf_counter() - t

    wall(root)  # fills build/cache if a change emptied it
    warm = [wall(root) for _ in range(repeat)]
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("model", "data"):
            shutil.copytree(root / part, Path(tmp) / part)
        empty = wall(tmp)
    return {"median_s": statistics.median(warm), "min_s": min(warm), "runs": repeat, "empty_cache_s": empty}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--loop", type=int, default=300, help="draws projected one by one for the ratio")
    ap.add_argument("--reps", type=int, default=5, help="turns of each side of the Monte Carlo ratio")
    ap.add_argument("--skip-cli", action="store_true", help="leave out the uncertainty command's timings")
    args = ap.parse_args()
    sc = model.load_scenario("akimat")
    doc = read_yaml(SCENARIOS / "akimat.yaml")
    spec = doc["calibrate"]
    # the scenario as its file builds it before the fit: the base parameters with its own overrides
    uncalibrated = Scenario(name="akimat", title=sc.title, params=apply_overrides(
        base_params(), doc.get("overrides") or {}, "data/scenarios/akimat.yaml", "scenario akimat"))
    model.project(sc)  # warm imports
    uncertainty.simulate(sc, 1000, 1)
    uncertainty.simulate(sc, 1000, 1, households=False)
    results = {
        "projection_akimat": timed(lambda: model.project(sc), args.repeat * 10),
        # the fit itself, not its cache under build/cache (which a cold start reads instead)
        "calibration_akimat": timed(lambda: calibration.calibrate(uncalibrated, spec), max(3, args.repeat // 4)),
        "monte_carlo_1000_draws": timed(lambda: uncertainty.simulate(sc, 1000, 2019), args.repeat),
        "monte_carlo_1000_draws_tsa_aggregate": timed(lambda: uncertainty.simulate(sc, 1000, 2019, households=False),
                                                      args.repeat),
    }
    results["project_json_new_process"] = cold_start(max(5, args.repeat // 2))
    targets = {"projection_akimat": 0.010, "calibration_akimat": 2.0, "project_json_new_process": 1.0}
    for name, r in results.items():
        goal = targets.get(name)
        verdict = "" if goal is None else (f"  target <= {goal * 1000:g} ms: " + ("met" if r["median_s"] <= goal else "MISSED"))
        print(f"{name:<26} median {r['median_s'] * 1000:9.2f} ms   min {r['min_s'] * 1000:9.2f} ms"
              f"   ({r['runs']} runs){verdict}")
    print(f"  project --json with build/cache empty (the first run after a change): "
          f"{results['project_json_new_process']['empty_cache_s']:.2f} s")

    # Monte Carlo: vectorised against draw by draw, the same chain on the same drawn inputs, timed
    # in turns (the timed calls without tracemalloc, which slows every allocation; memory apart)
    t = time.perf_counter()
    sim = uncertainty.simulate(sc, args.draws, 2019, households=False)
    simulate_s = time.perf_counter() - t
    inputs = sim.inputs
    picks = [int(i) for i in np.linspace(0, args.draws - 1, min(args.loop, args.draws))]  # across the sample
    vecs, loops = [], []
    for _ in range(max(1, args.reps)):
        vecs.append(vectorised_per_draw(sc, inputs, args.draws))
        loops.append(loop_per_draw(sc, inputs, picks))
    vec, loop = statistics.median(vecs), statistics.median(loops)
    turns = [lp / v for lp, v in zip(loops, vecs)]
    proj = project_per_draw(sc, sim, max(5, args.loop // 30))
    del sim
    tracemalloc.start()
    uncertainty.simulate(sc, args.draws, 2019, households=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    ratio = loop / vec
    results["monte_carlo_vectorised"] = {"draws": args.draws, "per_draw_s": vec, "loop_per_draw_s": loop,
                                         "ratio": ratio, "reps": len(vecs), "per_draw_s_all": vecs,
                                         "loop_per_draw_s_all": loops, "ratio_each_turn": turns,
                                         "simulate_s": simulate_s, "project_per_draw_s": proj,
                                         "peak_traced_bytes": peak, "max_rss_bytes": rss}
    print(f"Monte Carlo without the microsimulation, {args.draws:,} draws, the same chain on the same draws,"
          f" {len(vecs)} turns each: vectorised {vec * 1e6:.1f} us a draw (median; {min(vecs) * 1e6:.1f}-"
          f"{max(vecs) * 1e6:.1f}), draw by draw ({len(picks)} draws) {loop * 1e3:.2f} ms a draw (median; "
          f"{min(loops) * 1e3:.2f}-{max(loops) * 1e3:.2f}); ratio {ratio:,.0f}, turns {min(turns):,.0f}-{max(turns):,.0f}"
          f" (target >= 200: {'met' if ratio >= 200 else 'MISSED'})")
    print(f"  simulate() of the same {args.draws:,} draws, drawing included: {simulate_s:.2f} s")
    print(f"  model.project a draw (TSA household by household): {proj * 1e3:.1f} ms")
    print(f"  peak memory of the call {peak / 2**30:.2f} GB traced, process {rss / 2**30:.2f} GB"
          f" (target <= 2 GB: {'met' if max(peak, rss) <= 2 * 2**30 else 'MISSED'})")

    t = time.perf_counter()
    sob = sensitivity.sobol(sc, n=sensitivity.SOBOL_N, seed=2019)
    sobol_s = time.perf_counter() - t
    outputs = int(sob.table["output"].nunique())
    bad = len(sensitivity.consistent(sob))
    results["sobol_all_targets"] = {"seconds": sobol_s, "n": sob.n, "runs": sob.runs, "outputs": outputs,
                                    "total_below_first": bad}
    print(f"Sobol with intervals, {outputs} targets, n = {sob.n:,} ({sob.runs:,} runs): {sobol_s:.1f} s"
          f" (target <= 30 s: {'met' if sobol_s <= 30 else 'MISSED'}); inputs with total < first beyond"
          f" the intervals: {bad}")
    if not args.skip_cli:
        for draws, goal in ((1000, 10.0), (100_000, 30.0)):
            r = uncertainty_command(draws)
            results[f"uncertainty_command_{draws}_draws"] = r
            print(f"python -m model uncertainty --draws {draws:,} in a new process: {r['wall_s']:.1f} s wall"
                  f" (target <= {goal:g} s: {'met' if r['wall_s'] <= goal else 'MISSED'}), peak"
                  f" {r['max_rss_bytes'] / 2**30:.2f} GB (target <= 2 GB: {'met' if r['max_rss_bytes'] <= 2 * 2**30 else 'MISSED'})")
    results["measured"] = stamp()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min); {os.cpu_count()} cores")
    out = BUILD / "bench" / "model.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
