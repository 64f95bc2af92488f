"""Benchmark: the scenario editor, from a changed value to the updated table and charts (target: <= 200 ms).

    .venv/bin/python benchmarks/bench_editor.py [--changes N]

Moves the livestock hired-jobs slider through N values (as the widget sends them) and times
``Editor.set_value``: validation and projection by the model, the targets table with the live
chance column, the list of changes and the four key charts redrawn. Prints the median and the
maximum and writes build/bench/editor.json. Timing lives here, never in the tests.
"""
import argparse
import json
import statistics
import time

from model.paths import BUILD
from model.report.editor import Editor
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=50)
    args = ap.parse_args()
    app = Editor("akimat", "kk")
    path = next(f"directions.livestock.{n}" for n in ("hired_fte_per_project", "jobs_per_project")
                if f"directions.livestock.{n}" in app.base.params)
    c = app.controls[path]
    values = [c.min + (c.max - c.min) * i / max(1, args.changes - 1) for i in range(args.changes)]
    times = []
    for v in values:
        t = time.perf_counter()
        assert app.set_value(path, v), app.error
        times.append(time.perf_counter() - t)
    result = {"change_to_redraw": {"median_s": statistics.median(times), "max_s": max(times), "runs": len(times)},
              "target_s": 0.200, "measured": stamp()}
    print(f"editor: change -> table and charts redrawn: median {1000 * statistics.median(times):.1f} ms, "
          f"max {1000 * max(times):.1f} ms over {len(times)} changes (target <= 200 ms)")
    out = BUILD / "bench" / "editor.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
