"""Benchmark: ``python -m model decide`` at 100,000 draws, wall time and peak memory of the whole process.

Target (issue "One best estimate, updated by the pilot"): <= 30 s wall, <= 2 GB peak, on a 2-core machine.
Run: .venv/bin/python benchmarks/bench_decide.py [--repeat N]; writes build/bench/decide.json for
benchmarks/speed_table.py.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)


def once(draws: int) -> tuple[float, float]:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-m", "model", "decide", "--draws", str(draws), "--seed", "1", "--json"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024 ** 2  # KB -> GB
    return wall, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--draws", type=int, default=100_000)
    args = ap.parse_args()
    runs = [once(args.draws) for _ in range(args.repeat)]
    walls = [w for w, _ in runs]
    print(f"decide --draws {args.draws:,}: wall median {statistics.median(walls):.1f} s (min {min(walls):.1f}, max "
          f"{max(walls):.1f}; {args.repeat} runs), peak memory {max(p for _, p in runs):.2f} GB (target <= 30 s, <= 2 GB);"
          f" load average {os.getloadavg()[0]:.1f}")
    out = ROOT / "build" / "bench" / "decide.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"measured": stamp(), "draws": args.draws, "runs": args.repeat,
                               "median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls),
                               "peak_memory_gb": max(p for _, p in runs)}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
