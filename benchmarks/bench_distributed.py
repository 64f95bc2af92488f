"""Benchmark: a national-shaped Monte Carlo on dask.distributed against one process.

    .venv/bin/python benchmarks/bench_distributed.py [--regions 17] [--draws 10000] [--workers 2] [--seed 2019]

17 copies of the region packs x 10,000 draws (``uncertainty.target_draws`` of each: the targets in the target
year, TSA household by household), run once in this process and once as tasks on a LocalCluster of
2 worker processes (model/distributed.py; 17 regions on 2 workers: one task a region). Targets:
ratio (one process / cluster, wall) >= 1.6 on 2 cores; peak memory per worker <= 2 GB. The two
results are checked equal.

The regions are copies of the region packs whose plan runs households (data/regions/*, those whose
about.yaml names a ``history``), written with a copy of the data tree under
build/bench/national/data/ (never data/), each with a title that says it is a benchmark's copy: they
are no region's figures. Each runs the default programme's plan (``akimat``) as its own task group.

A fair comparison: both sides do the same work. Both start warm (every scenario loaded and 100 of
each region's draws run, untimed; the workers' warm-up is timed apart, with the cluster's start).
Neither shares anything between the copies: the in-process cache (model/cache.py) is keyed by the
pack, so one process makes each region's 8 populations' counterfactuals and queues again for each
region, as a worker's task does (identical copies read through a cache keyed by content would
have given one process a free ride; there is none).

Beside them, the same regions on 2 plain processes (no dask, 9 and 8 regions as the tasks fall):
what the machine gives two processes at that moment, the ceiling of the ratio whatever schedules
the work (two processes contend for the cores' caches and memory, and other work on the machine
takes its share). The three run in turns (``--turns``, 3) with the cluster kept up, each turn's
ratio taken under about the same load, and the median of the turns' ratios is reported: the other
work on a shared machine comes and goes, and one process timed in a busy minute against a cluster
in a quiet one (or the reverse) said 2.23 or 0.49 of the same code. The load average before and
after each turn is printed and kept.

Prints the figures and writes build/bench/distributed.json. Timing lives here, never in the tests.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import yaml

# this checkout's model, not the one an editable install points at (a script's folder, benchmarks/,
# is first on sys.path, not the checkout): the workers are spawned with this sys.path too
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from model import distributed as dist  # noqa: E402
from model import packs  # noqa: E402
from model.paths import BUILD, DATA, Pack, names  # noqa: E402
from model.uncertainty import target_draws  # noqa: E402
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)

HERE = BUILD / "bench" / "national" / "data"  # a data tree: data/ copied, plus the regions' copies


def regions(count: int) -> list:
    """``count`` copies of the region packs that exist, round robin, as sources of the default
    programme's plan: a copy of data/ under build/bench/national/data/ with regions
    ``bench_copy_01``... beside the real ones (never in data/, never shown as a region's figures)."""
    if HERE.exists():
        shutil.rmtree(HERE)
    shutil.copytree(DATA, HERE)
    # only the regions whose plan can run households: one without a ``history`` (no programme whose
    # pilot and lending its TSA caseloads hold) has no microsimulation to run
    real = [r for r in names("regions", HERE) if packs.about("regions", r, HERE).history is not None]
    out = []
    for i in range(count):
        name = f"bench_copy_{i + 1:02d}"
        original = real[i % len(real)]
        shutil.copytree(HERE / "regions" / original, HERE / "regions" / name)
        words = f"benchmark copy {i + 1} of {original}, not a region's figures"
        about = {"title": {lang: words for lang in ("kk", "ru", "en")},
                 "history": packs.about("regions", original, HERE).history}
        (HERE / "regions" / name / "about.yaml").write_text(yaml.safe_dump(about, allow_unicode=True), "utf-8")
        out.append(dist.Source.of("akimat", pack=Pack("zhambyl_2019", name, HERE)))
    return out


def _plain(names: list, draws: int, seed: int, ready, out) -> None:
    """One of the plain processes: its regions warmed as this process's, then run when all are ready."""
    sources = [dist.Source.of("akimat", pack=Pack("zhambyl_2019", n, HERE)) for n in names]
    scenarios = [s.load() for s in sources]
    for source, sc in zip(sources, scenarios):
        with source.inside():
            target_draws(sc, 100, seed)
    ready.wait()
    t = time.perf_counter()
    for source, sc in zip(sources, scenarios):
        with source.inside():
            target_draws(sc, draws, seed)
    out.put(time.perf_counter() - t)


def plain_processes(sources: list, workers: int, draws: int, seed: int) -> float:
    """Wall of ``workers`` plain processes (no dask), each running whole regions in turn (9 and 8 of
    17, as dask's tasks fall): what this machine gives two processes now, whatever schedules them,
    the ceiling of the cluster's ratio (contention for the cores' caches and memory, and the load of
    whatever else runs). A reference measured beside the cluster, not a way to run the model."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    ready, out = ctx.Barrier(workers + 1), ctx.Queue()
    names = [s.region for s in sources]
    procs = [ctx.Process(target=_plain, args=(names[i::workers], draws, seed, ready, out)) for i in range(workers)]
    for p in procs:
        p.start()
    ready.wait()
    t = time.perf_counter()
    for _ in procs:
        out.get()
    wall = time.perf_counter() - t
    for p in procs:
        p.join()
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--regions", type=int, default=17)
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--turns", type=int, default=3, help="turns of one process, plain processes and cluster"
                    " (the median of the turns' ratios is reported)")
    args = ap.parse_args()
    sources = regions(args.regions)
    scenarios = [s.load() for s in sources]
    for source, sc in zip(sources, scenarios):  # warm: populations on disk and in this process
        with source.inside():
            target_draws(sc, 100, args.seed)

    def single() -> tuple[float, list]:
        t = time.perf_counter()
        out = []
        for source, sc in zip(sources, scenarios):
            with source.inside():
                out.append(target_draws(sc, args.draws, args.seed))
        return time.perf_counter() - t, out

    turns = []  # each turn: one process, plain processes and the cluster in a row, under about the same load
    t = time.perf_counter()
    with dist.connect(dist.LOCAL, workers=args.workers) as client:
        start_s = time.perf_counter() - t
        # warm each worker as this process was warmed: every source loaded and 100 of its draws run
        t = time.perf_counter()
        client.run(lambda: [dist.chunk_draws(s, args.seed, 0, 100) for s in sources] and None)
        warm_s = time.perf_counter() - t
        for _ in range(args.turns):
            turn = {"load_before": os.getloadavg()[0]}
            turn["single_s"], one = single()
            turn["plain_s"] = plain_processes(sources, args.workers, args.draws, args.seed)
            t = time.perf_counter()
            many = dist.target_draws(client, sources, args.draws, args.seed)
            turn["cluster_s"] = time.perf_counter() - t
            turn["load_after"] = os.getloadavg()[0]
            # NaN where a figure is undefined in a draw: equal when both are NaN
            turn["identical"] = all(
                np.array_equal(a.evaluation[k][f], b.evaluation[k][f], equal_nan=f == "projected") and
                all(np.array_equal(a.inputs[p], b.inputs[p]) for p in a.inputs)
                for a, b in zip(one, many) for k in a.evaluation for f in ("projected", "met"))
            turns.append(turn)
            print(f"  turn {len(turns)}: one process {turn['single_s']:.1f} s, {args.workers} plain processes"
                  f" {turn['plain_s']:.1f} s, cluster {turn['cluster_s']:.1f} s: ratio"
                  f" {turn['single_s'] / turn['cluster_s']:.2f} (ceiling {turn['single_s'] / turn['plain_s']:.2f});"
                  f" load average (1 min) {turn['load_before']:.2f} before, {turn['load_after']:.2f} after", flush=True)
            del one, many
        peaks = dist.worker_peak_memory(client)
    single_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    # each turn's cluster against the one process just before it, under about the same load
    ratios = [x["single_s"] / x["cluster_s"] for x in turns]
    ceilings = [x["single_s"] / x["plain_s"] for x in turns]
    ratio, ceiling = statistics.median(ratios), statistics.median(ceilings)
    single_s = statistics.median(x["single_s"] for x in turns)
    cluster_s = statistics.median(x["cluster_s"] for x in turns)
    plain_s = statistics.median(x["plain_s"] for x in turns)
    same = all(x["identical"] for x in turns)
    worst = max(peaks.values())
    size = dist.task_size(args.draws, len(sources), args.workers)  # what dist.target_draws chose
    results = {"regions": args.regions, "draws": args.draws, "workers": args.workers, "chunk": size,
               "turns": len(turns), "single_process_s": single_s, "cluster_s": cluster_s, "cluster_start_s": start_s,
               "worker_warm_s": warm_s, "ratio": ratio, "ratio_each_turn": [round(x, 2) for x in ratios],
               "plain_processes_s": plain_s, "ceiling_ratio": ceiling, "ceiling_each_turn": [round(x, 2) for x in ceilings],
               "each_turn": turns, "identical": bool(same),
               "peak_memory_per_worker_bytes": sorted(peaks.values()), "single_process_peak_bytes": single_rss,
               "measured": stamp()}
    print(f"{args.regions} copies of the region packs x {args.draws:,} draws (build/bench/national/, no region's figures),"
          f" tasks of {size:,} draws; medians of {len(turns)} turns")
    print(f"  one process: {single_s:.1f} s; LocalCluster of {args.workers} workers: {cluster_s:.1f} s"
          f" (+ start {start_s:.1f} s, warm-up {warm_s:.1f} s, once, not counted)")
    print(f"  ratio {ratio:.2f} (median of the turns' {', '.join(f'{x:.2f}' for x in ratios)};"
          f" target >= 1.6: {'met' if ratio >= 1.6 else 'MISSED'})")
    print(f"  {args.workers} plain processes (no dask) on the same regions: {plain_s:.1f} s, ratio {ceiling:.2f}"
          f" (turns {', '.join(f'{x:.2f}' for x in ceilings)}): this machine's ceiling then")
    print(f"  peak memory per worker {', '.join(f'{p / 2**30:.2f}' for p in sorted(peaks.values()))} GB"
          f" (target <= 2 GB: {'met' if worst <= 2 * 2**30 else 'MISSED'}); one process {single_rss / 2**30:.2f} GB")
    print(f"  results identical to one process: {'yes' if same else 'NO'} (every turn)")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min); {os.cpu_count()} cores")
    out = BUILD / "bench" / "distributed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
