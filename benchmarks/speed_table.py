"""Write the README's speed table from the benchmarks' last results (build/bench/*.json).

    .venv/bin/python benchmarks/speed_table.py [--check]

Replaces the lines between ``<!-- speed:begin -->`` and ``<!-- speed:end -->`` in README.md with
a table of every target and its measured figure, each with when and on what machine (load
average included) it was measured, so no measured number in the README is typed by hand. A
benchmark that has not been run yet is listed as "not measured". ``--check`` prints the table
without writing.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "build" / "bench"
README = ROOT / "README.md"
BEGIN, END = "<!-- speed:begin -->", "<!-- speed:end -->"


def load(name: str) -> dict | None:
    path = BENCH / f"{name}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def rows() -> tuple[list[tuple[str, str, str, str]], list[str]]:
    out, sources = [], []

    def where(name: str, d: dict | None) -> str:
        m = (d or {}).get("measured")
        if not m:
            return "not measured"
        label = f"[{len(sources) + 1}]"
        load_avg = " ".join(f"{x:.1f}" for x in m["load_average"])
        sources.append(f"{label} `benchmarks/bench_{name}.py`, {m['utc']} UTC: {m['cpu']}, {m['cores']} cores, "
                       f"load average {load_avg} (1, 5, 15 min), {m['system']}, Python {m['python']}")
        return label

    m = load("model")
    if m:
        w = where("model", m)
        cold = m["project_json_new_process"]
        out.append(("`project --json` in a new process (build/cache filled)", "<= 1 s",
                    f"{cold['median_s']:.2f} s median of {cold['runs']} ({cold['min_s']:.2f} s min); "
                    f"{cold['empty_cache_s']:.1f} s with build/cache empty: {verdict(cold['median_s'] <= 1)}", w))
        p = m["projection_akimat"]
        out.append(("one projection of `akimat`", "<= 10 ms",
                    f"{p['median_s'] * 1e3:.1f} ms median: {verdict(p['median_s'] <= 0.010)}", w))
        c = m["calibration_akimat"]
        out.append(("calibration of `akimat` (the fit)", "<= 2 s",
                    f"{c['median_s']:.2f} s median: {verdict(c['median_s'] <= 2)}", w))
        mc = m["monte_carlo_1000_draws"]
        out.append(("Monte Carlo, 1,000 draws, TSA household by household (as the notebooks)", "-",
                    f"{mc['median_s']:.2f} s median", w))
        v = m["monte_carlo_vectorised"]
        turns = v.get("ratio_each_turn") or [v["ratio"]]
        out.append((f"Monte Carlo ratio: {v['draws']:,} draws vectorised against draw by draw, same chain, same draws",
                    ">= 200, peak <= 2 GB",
                    f"{v['per_draw_s'] * 1e6:.1f} us vs {v['loop_per_draw_s'] * 1e3:.2f} ms a draw: ratio "
                    f"{v['ratio']:,.0f} (turns {min(turns):,.0f}-{max(turns):,.0f}), peak "
                    f"{max(v['peak_traced_bytes'], v['max_rss_bytes']) / 2**30:.2f} GB: {verdict(v['ratio'] >= 200)}", w))
        s = m["sobol_all_targets"]
        out.append((f"Sobol indices of every target with intervals, n = {s['n']:,} ({s['runs']:,} runs)", "<= 30 s",
                    f"{s['seconds']:.1f} s, {s['total_below_first']} total < first: {verdict(s['seconds'] <= 30)}", w))
        for draws, goal in ((1000, 10), (100_000, 30)):
            u = m.get(f"uncertainty_command_{draws}_draws")
            if u:
                out.append((f"`python -m model uncertainty --draws {draws:,}` in a new process", f"<= {goal} s, <= 2 GB",
                            f"{u['wall_s']:.1f} s, peak {u['max_rss_bytes'] / 2**30:.2f} GB: "
                            f"{verdict(u['wall_s'] <= goal and u['max_rss_bytes'] <= 2 * 2**30)}", w))
    else:
        out.append(("projection, calibration, Monte Carlo, Sobol, `uncertainty`", "", "not measured", ""))
    s = load("suite")
    if s:
        w = where("suite", s)
        ratio_target = 1.3
        out.append((f"whole suite, akimat x {', '.join(s['languages'])} with PDFs ({s['executions']} notebooks, "
                    f"{s['workers']} workers, {s['draws']:,} draws) against its floor", f"ratio <= {ratio_target}",
                    f"{s['suite_seconds']:.1f} s vs {s['floor_seconds']:.1f} s"
                    + (f" (medians of {s['turns']} turns; ratio = median of the turns' ratios, {min(s['ratio_each_turn']):.2f}-{max(s['ratio_each_turn']):.2f})"
                       if s.get("turns", 1) > 1 else "")
                    + f": ratio {s['ratio']:.2f}: "
                    f"{verdict(s['ratio'] <= ratio_target)}; a new kernel per notebook {s['suite_fresh_kernels_seconds']:.1f} s", w))
    mi = load("microsim")
    if mi:
        w = where("microsim", mi)
        out.append((f"TSA microsimulation, {mi['households']:,} households x {mi['draws']:,} draws, against a bare numpy pass",
                    "ratio <= 3, <= 2 GB", f"{mi['microsim_s']:.2f} s vs {mi['floor_s']:.2f} s: ratio {mi['ratio']:.2f}, "
                    f"peak {mi['peak_memory_mb']:,.0f} MB: {verdict(mi['ratio'] <= 3)}", w))
    e = load("editor")
    if e:
        w = where("editor", e)
        ch = e["change_to_redraw"]
        out.append(("scenario editor: a changed value to the redrawn table and charts", "<= 200 ms",
                    f"{ch['median_s'] * 1e3:.0f} ms median, {ch['max_s'] * 1e3:.0f} ms max: {verdict(ch['median_s'] <= 0.2)}", w))
        three = e.get("compare", {}).get("three")
        if three:
            both = e["change_with_three_compared"]
            out.append(("scenario editor: three scenarios compared against the plan (table and charts)", "<= 500 ms",
                        f"{three['median_s'] * 1e3:.0f} ms median, {three['max_s'] * 1e3:.0f} ms max; a change redrawn "
                        f"with them shown {both['median_s'] * 1e3:.0f} ms: {verdict(three['median_s'] <= 0.5)}", w))
        if e.get("first_paint_s") is not None:
            out.append(("scenario editor: first paint, from `make app` start to the targets on screen (chromium)", "<= 5 s",
                        f"{e['first_paint_s']:.1f} s: {verdict(e['first_paint_s'] <= 5)}", w))
    dc = load("decide")
    if dc:
        w = where("decide", dc)
        ok = dc["median_s"] <= 30 and dc["peak_memory_gb"] <= 2
        out.append((f"`python -m model decide --draws {dc['draws']:,}` in a new process", "<= 30 s, <= 2 GB",
                    f"{dc['median_s']:.1f} s median of {dc['runs']}, peak {dc['peak_memory_gb']:.2f} GB: {verdict(ok)}", w))
    di = load("distributed")
    if di:
        w = where("distributed", di)
        peak = max(di["peak_memory_per_worker_bytes"]) / 2**30
        ok = di["ratio"] >= 1.6 and peak <= 2 and di["identical"]
        out.append((f"dask LocalCluster of {di['workers']} workers against one process: {di['regions']} copies of the "
                    f"region packs x {di['draws']:,} draws", "ratio >= 1.6, <= 2 GB a worker, identical",
                    f"{di['single_process_s']:.1f} s vs {di['cluster_s']:.1f} s: ratio {di['ratio']:.2f}"
                    + (f" (median of {di['turns']} turns, {min(di['ratio_each_turn']):.2f}-{max(di['ratio_each_turn']):.2f})"
                       if di.get("turns", 1) > 1 else "")
                    + (f" (2 plain processes, no dask: {di['plain_processes_s']:.1f} s, ratio {di['ceiling_ratio']:.2f},"
                       f" the machine's ceiling then)" if "ceiling_ratio" in di else "")
                    + f"; peak {peak:.2f} GB a worker; identical: {'yes' if di['identical'] else 'NO'}: {verdict(ok)}", w))
    f = load("fresh_clone")
    if f:
        w = where("fresh_clone", f)
        out.append((f"`make all` in a fresh clone (set-up included; commit {f['commit']})", "-", f"{f['make_all_s']:.0f} s", w))
    return out, sources


def table() -> str:
    found, sources = rows()
    lines = [BEGIN, "<!-- written by benchmarks/speed_table.py from build/bench/*.json: do not edit by hand -->", "",
             "| what | target | measured | where |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in found]
    lines += [""] + [f"{s}  " for s in sources] + [END]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="print the table, write nothing")
    args = ap.parse_args()
    text = table()
    if args.check:
        print(text)
        return 0
    readme = README.read_text("utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        print(f"README.md has no {BEGIN} ... {END} block", file=sys.stderr)
        return 1
    README.write_text(pattern.sub(lambda _: text, readme), "utf-8")
    print(f"written the speed table of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
