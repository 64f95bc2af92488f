"""Benchmark: a national-shaped Monte Carlo on dask.distributed against one process.

    .venv/bin/python benchmarks/bench_distributed.py [--regions 17] [--draws 10000] [--workers 2] [--seed 2019]

17 stand-in regions x 10,000 draws (``uncertainty.target_draws`` of each: the targets in the target
year, TSA household by household), run once in this process and once as chunks of draws on a
LocalCluster of 2 worker processes (model/distributed.py). Targets: ratio (one process / cluster,
wall) >= 1.6 on 2 cores; peak memory per worker <= 2 GB. The two results are checked equal.

The stand-in regions are scenario files written here under build/bench/regions/ (never data/): each
is akimat with its own budget scale, so each is its own task group with its own numbers; they are
no region's figures. When region packs exist, ``regions()`` returns their sources instead: nothing
else changes. Both sides start warm (scenarios loaded and the populations on disk: each worker
loads them once, timed apart as the cluster's start).

Prints the figures and writes build/bench/distributed.json. Timing lives here, never in the tests.
"""
import argparse
import json
import os
import resource
import shutil
import time

import numpy as np

from model import distributed as dist
from model.paths import BUILD, SCENARIOS
from model.uncertainty import target_draws
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)

HERE = BUILD / "bench" / "regions"


def regions(count: int) -> list:
    """``count`` stand-in regions as sources: the scenario files copied under build/bench/regions/
    with one file per region (akimat at its own budget scale). The one function to replace by the
    region packs (data/regions/<name>/) once they exist."""
    if HERE.exists():
        shutil.rmtree(HERE)
    HERE.mkdir(parents=True)
    for f in SCENARIOS.glob("*.yaml"):
        shutil.copy(f, HERE / f.name)
    out = []
    for i in range(count):
        name = f"bench_region_{i + 1:02d}"
        (HERE / f"{name}.yaml").write_text(
            f"# benchmark stand-in, not a region's figures\nbase: akimat\n"
            f"overrides:\n  programme.budget_scale: {0.6 + 0.05 * i:.2f}\n", encoding="utf-8")
        out.append(dist.Source.of(name, directory=HERE))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--regions", type=int, default=17)
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2019)
    args = ap.parse_args()
    sources = regions(args.regions)
    scenarios = [s.load() for s in sources]
    target_draws(scenarios[0], 100, args.seed)  # warm: populations on disk and in this process

    t = time.perf_counter()
    one = [target_draws(sc, args.draws, args.seed) for sc in scenarios]
    single_s = time.perf_counter() - t
    single_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    t = time.perf_counter()
    with dist.connect(dist.LOCAL, workers=args.workers) as client:
        start_s = time.perf_counter() - t
        # warm each worker as this process was warmed: one small task per worker, the cluster's start
        t = time.perf_counter()
        client.run(lambda: dist.chunk_draws(sources[0], args.seed, 0, 100) and None)
        warm_s = time.perf_counter() - t
        t = time.perf_counter()
        many = dist.target_draws(client, sources, args.draws, args.seed)
        cluster_s = time.perf_counter() - t
        peaks = dist.worker_peak_memory(client)

    same = all(np.array_equal(a.evaluation[k][f], b.evaluation[k][f]) and
               all(np.array_equal(a.inputs[p], b.inputs[p]) for p in a.inputs)
               for a, b in zip(one, many) for k in a.evaluation for f in ("projected", "met"))
    ratio = single_s / cluster_s
    worst = max(peaks.values())
    results = {"regions": args.regions, "draws": args.draws, "workers": args.workers, "chunk": dist.CHUNK,
               "single_process_s": single_s, "cluster_s": cluster_s, "cluster_start_s": start_s,
               "worker_warm_s": warm_s, "ratio": ratio, "identical": bool(same),
               "peak_memory_per_worker_bytes": sorted(peaks.values()), "single_process_peak_bytes": single_rss,
               "measured": stamp()}
    print(f"{args.regions} stand-in regions x {args.draws:,} draws (build/bench/regions/, not region figures),"
          f" chunks of {dist.CHUNK:,} draws")
    print(f"  one process: {single_s:.1f} s; LocalCluster of {args.workers} workers: {cluster_s:.1f} s"
          f" (+ start {start_s:.1f} s, warm-up {warm_s:.1f} s, not counted)")
    print(f"  ratio {ratio:.2f} (target >= 1.6: {'met' if ratio >= 1.6 else 'MISSED'});"
          f" with start and warm-up {single_s / (cluster_s + start_s + warm_s):.2f}")
    print(f"  peak memory per worker {', '.join(f'{p / 2**30:.2f}' for p in sorted(peaks.values()))} GB"
          f" (target <= 2 GB: {'met' if worst <= 2 * 2**30 else 'MISSED'}); one process {single_rss / 2**30:.2f} GB")
    print(f"  results identical to one process: {'yes' if same else 'NO'}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min); {os.cpu_count()} cores")
    out = BUILD / "bench" / "distributed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
