"""Benchmark: one projection of `akimat` and its calibration (targets: <= 10 ms, <= 2 s).

    .venv/bin/python benchmarks/bench_model.py [--repeat N]

Prints the median and minimum over N runs and writes build/bench/model.json.
Timing lives here, never in the tests.
"""
import argparse
import json
import statistics
import time

import model
from model.paths import BUILD, SCENARIOS
from model.scenario import _resolve
from model.uncertainty import simulate


def timed(fn, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": repeat}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    sc = model.load_scenario("akimat")
    model.project(sc)  # warm imports
    results = {
        "projection_akimat": timed(lambda: model.project(sc), args.repeat * 10),
        "calibration_akimat": timed(lambda: _resolve("akimat", (), SCENARIOS), max(3, args.repeat // 4)),
        "monte_carlo_1000_draws": timed(lambda: simulate(sc, 1000, 2019), args.repeat),
    }
    targets = {"projection_akimat": 0.010, "calibration_akimat": 2.0}
    for name, r in results.items():
        goal = targets.get(name)
        verdict = "" if goal is None else (f"  target <= {goal * 1000:g} ms: " + ("met" if r["median_s"] <= goal else "MISSED"))
        print(f"{name:<26} median {r['median_s'] * 1000:9.2f} ms   min {r['min_s'] * 1000:9.2f} ms"
              f"   ({r['runs']} runs){verdict}")
    out = BUILD / "bench" / "model.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
