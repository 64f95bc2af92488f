"""Wall time of the notebook suite (akimat x kk, ru, en, with PDFs) against a floor.

    .venv/bin/python benchmarks/bench_suite.py [--jobs N] [--fast] [--repeat N]

Suite: ``run_suite(["akimat"], ["kk", "ru", "en"], pdf=True)`` exactly as ``python -m model run``
does it (default draws; one kept kernel per worker), writing to build/bench/suite/; then the
same with ``reuse_kernels=False`` (a new kernel per notebook) to build/bench/suite-fresh/.

Floor, measured in the same run: the same number of notebooks, the same worker pool and
parallelism, but each notebook is bare (the parameters cell only): papermill starts a kernel,
injects the parameters, and the same ``notebook_to_pdf`` exports the (empty) result. That is
what any suite of this shape costs before a notebook does any work.

``--repeat N`` times the floor and the suite in turns N times (a busy machine slows both alike)
and reports the median of the turns' ratios (each suite run against the floor just before it)
with their range; each suite run starts without
computed.npz, as the first run after a change does. Prints the times and their ratio (target
<= 1.3) and writes build/bench/suite.json, with
per-notebook kernel times read from papermill's metadata (fresh-kernel run) and the cost of
one scenario calibration (paid by every notebook with fresh kernels, once per worker with
kept kernels).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without install

import model  # noqa: E402
from model import runner  # noqa: E402
from model.paths import BUILD, NOTEBOOKS  # noqa: E402
from model.report import i18n  # noqa: E402
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)

TARGET = 1.3
SCENARIO = "akimat"
PARAMETERS = """\
scenario: str = "akimat"  # scenario name in data/scenarios
lang: str = "kk"  # report language: kk, ru or en
overrides: dict = {}  # {"dotted.path": value} applied on top of the scenario
draws: int = 1000  # Monte Carlo draws (the runner's --fast uses fewer)
seed: int = 2019  # random seed: same seed, same numbers
first_year: int = 2020  # first year shown in tables and charts
last_year: int = 2029  # last year shown in tables and charts
"""


def kernel_seconds(folder: Path) -> dict[str, float]:
    """papermill's recorded duration (kernel start to last cell) per executed notebook."""
    out = {}
    for p in sorted(folder.rglob("*.ipynb")):
        meta = nbformat.read(p, as_version=4).metadata.get("papermill", {})
        if meta.get("duration") is not None:
            out[p.relative_to(folder).as_posix()] = round(float(meta["duration"]), 3)
    return out


def floor_jobs(stems: list[str], langs: list[str], draws: int, tmp: Path, out: Path) -> list[runner.Job]:
    bare = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(PARAMETERS)
    cell.metadata["tags"] = ["parameters"]
    bare.cells = [cell]
    titles = model.list_scenarios()
    jobs = []
    for lang in langs:
        (out / lang).mkdir(parents=True, exist_ok=True)  # run_jobs writes into existing folders (the runner stages its own)
        for stem in stems:
            path = tmp / f"{stem}.ipynb"
            nbformat.write(bare, path)
            params = {"scenario": SCENARIO, "lang": lang, "overrides": {}, "seed": runner.SEED, "draws": draws}
            meta = runner.pdf_meta(stem, SCENARIO, lang, {}, titles, runner.today())
            jobs.append(runner.Job(str(path), stem, SCENARIO, lang, params, str(out / lang), 0, meta))
    return jobs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    ap.add_argument("--fast", action="store_true", help="100 draws instead of 1000")
    ap.add_argument("--repeat", type=int, default=1, help="turns of floor and suite (medians reported)")
    args = ap.parse_args()
    langs = list(i18n.LANGS)
    stems = [p.stem for p in runner.find_notebooks(NOTEBOOKS)]
    n = len(stems) * len(langs)
    workers = min(args.jobs or os.cpu_count() or 1, n)
    draws = runner.DRAWS_FAST if args.fast else runner.DRAWS
    bench = BUILD / "bench"

    # One calibration in a fresh process: what each kernel pays again on load_scenario.
    t = time.perf_counter()
    model.load_scenario(SCENARIO)
    calibration = time.perf_counter() - t

    def timed_suite(out: Path, reuse: bool) -> float:
        # the first run after a change computes the scenario's results: no computed.npz of a previous turn
        (runner.scenario_dir(out, SCENARIO, draws) / "computed.npz").unlink(missing_ok=True)
        t = time.perf_counter()
        rc = runner.run_suite([SCENARIO], langs, out=out, jobs=workers, fast=args.fast, pdf=True, reuse_kernels=reuse)
        if rc != 0:
            raise SystemExit(f"the suite failed (exit {rc}): no benchmark")
        return time.perf_counter() - t

    def timed_floor() -> float:
        with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
            jobs = floor_jobs(stems, langs, draws, Path(tmp), floor_out / SCENARIO)
            t = time.perf_counter()
            results = runner.run_jobs(jobs, workers, desc="floor")
            took = time.perf_counter() - t
        bad = [r for r in results if not r.ok]
        if bad:
            raise SystemExit(f"floor failed: {bad[0].job.name}: {bad[0].error}")
        return took

    print(f"suite: {len(stems)} notebooks x {len(langs)} languages = {n}, {workers} workers, {draws} draws",
          file=sys.stderr)
    floor_out = bench / "floor"
    suite_out, fresh_out = bench / "suite", bench / "suite-fresh"
    floors, suites = [], []
    for _ in range(max(1, args.repeat)):
        floors.append(timed_floor())
        suites.append(timed_suite(suite_out, reuse=True))  # the default: python -m model run
    floor, suite = statistics.median(floors), statistics.median(suites)
    turns = [s_ / f_ for s_, f_ in zip(suites, floors)]
    ratio = statistics.median(turns)  # each turn's suite against the floor just before it, under the same load
    fresh = timed_suite(fresh_out, reuse=False)  # a new kernel per notebook, once

    suite_k = kernel_seconds(runner.scenario_dir(fresh_out, SCENARIO, draws))  # per notebook, kernel start included
    floor_k = kernel_seconds(floor_out / SCENARIO)
    per_stem = {s: round(statistics.mean(v for k, v in suite_k.items() if k.endswith(f"/{s}.ipynb")), 3)
                for s in stems}
    record = {
        "scenario": SCENARIO,
        "languages": langs,
        "notebooks": len(stems),
        "executions": n,
        "workers": workers,
        "cpu_count": os.cpu_count(),
        "draws": draws,
        "suite_seconds": round(suite, 2),
        "floor_seconds": round(floor, 2),
        "ratio": round(ratio, 2),
        "turns": len(suites),
        "suite_seconds_all": [round(x, 2) for x in suites],
        "floor_seconds_all": [round(x, 2) for x in floors],
        "ratio_each_turn": [round(x, 2) for x in turns],
        "suite_fresh_kernels_seconds": round(fresh, 2),
        "ratio_fresh_kernels": round(fresh / floor, 2),
        "target_ratio": TARGET,
        "kernel_seconds_mean": {"suite": round(statistics.mean(suite_k.values()), 3),
                                "floor": round(statistics.mean(floor_k.values()), 3)},
        "kernel_seconds_by_notebook": per_stem,
        "calibration_seconds_per_kernel": round(calibration, 3),
        # with a new kernel per notebook, each pays at least one calibration:
        "calibration_share_of_fresh_suite": round(calibration * n / (fresh * workers), 3),
        "measured": stamp(),
    }
    bench.mkdir(parents=True, exist_ok=True)
    runner.write_atomic(bench / "suite.json", (json.dumps(record, indent=2) + "\n").encode())
    print(f"suite {suite:.1f} s, floor {floor:.1f} s (medians of {len(suites)} turns), ratio {ratio:.2f} (median of the turns'"
          f" ratios, {min(turns):.2f}-{max(turns):.2f}; target <= {TARGET}); load average"
          f" {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"suite with a new kernel per notebook (reuse_kernels=False) {fresh:.1f} s, ratio {fresh / floor:.2f}")
    print(f"mean per notebook, new kernel each: suite {record['kernel_seconds_mean']['suite']:.2f} s, floor "
          f"{record['kernel_seconds_mean']['floor']:.2f} s; calibration {calibration:.2f} s in every kernel")
    for stem, s in sorted(per_stem.items(), key=lambda x: -x[1]):
        print(f"  {stem:<28}{s:6.2f} s")
    print(f"written {bench / 'suite.json'}")
    if ratio > TARGET:
        print(f"over the target ratio {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
