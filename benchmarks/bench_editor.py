"""Benchmark: the scenario editor (targets: a change redrawn <= 200 ms median, three scenarios
compared <= 500 ms, the page's first paint <= 5 s from `make app` start).

    .venv/bin/python benchmarks/bench_editor.py [--changes N] [--no-page]

1. Moves the livestock hired-jobs slider through N values (as the widget sends them) and times
   ``Editor.set_value``: validation and projection by the model, the targets table, the list of
   changes, the four key charts and the comparison (when one is shown) redrawn.
2. Times ``Editor.set_compared`` for two and three scenarios (the edit among them) against the
   plan: each projected, the table and the charts drawn.
3. Starts the Voilà page as `make app` does (same command, same environment, a fresh port and
   token) and times, in Debian's chromium driven by playwright, from the server's start to the
   targets table on screen (skipped without chromium or with --no-page).

Prints medians and maxima and writes build/bench/editor.json. Timing lives here, never in the tests.
"""
import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from model.paths import BUILD, ROOT
from model.report.editor import EDIT, Editor
from machine import stamp  # noqa: E402  (benchmarks/machine.py: the script's folder is on sys.path)

CHROMIUM = "/usr/bin/chromium"


def _timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def change_to_redraw(app: Editor, changes: int) -> list[float]:
    path = next(f"directions.livestock.{n}" for n in ("hired_fte_per_project", "jobs_per_project")
                if f"directions.livestock.{n}" in app.base.params)
    c = app.controls[path]
    values = [c.min + (c.max - c.min) * i / max(1, changes - 1) for i in range(changes)]
    times = []
    for v in values:
        t = time.perf_counter()
        if not app.set_value(path, v):
            raise AssertionError(app.error)
        times.append(time.perf_counter() - t)
    return times


def compare(app: Editor, runs: int) -> dict:
    sets = {"two": ["funding_cut_25", EDIT], "three": ["funding_cut_25", EDIT, "delayed"]}
    out = {}
    for name, picks in sets.items():
        def once():
            app.set_compared([])
            assert app.set_compared(picks), app.compare_msg.value
        out[name] = _timed(once, runs)
    app.set_compared([])
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_paint() -> float | None:
    """Seconds from `make app`'s command starting to the targets table shown in chromium."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    venv = Path(sys.executable).parent
    port, token = _free_port(), secrets.token_hex(8)
    env = {**os.environ, "PATH": f"{venv}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_CONFIG_PATH": str(ROOT / "jupyter")}
    draft = BUILD / "editor" / "draft.json"
    kept = draft.read_bytes() if draft.exists() else None
    start = time.perf_counter()
    server = subprocess.Popen([str(venv / "voila"), "notebooks/editor.ipynb", "--no-browser", "--Voila.ip=127.0.0.1",
                               f"--Voila.port={port}", f"--Voila.token={token}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
            page = browser.new_page()
            while True:  # the page is asked for as soon as the port listens
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if time.perf_counter() - start > 300:
                    raise RuntimeError("voila did not listen in 300 s")
                time.sleep(0.05)
            page.goto(f"http://127.0.0.1:{port}/?token={token}", timeout=300_000, wait_until="commit")
            page.locator(".zh-targets").wait_for(timeout=300_000)
            seconds = time.perf_counter() - start
            browser.close()
        return seconds
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        if kept is not None:  # the page wrote its own draft: the user's is put back
            draft.write_bytes(kept)


def _ms(xs) -> str:
    return f"median {1000 * statistics.median(xs):.0f} ms, max {1000 * max(xs):.0f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=50)
    ap.add_argument("--no-page", action="store_true", help="skip the first paint in chromium")
    args = ap.parse_args()
    app = Editor("akimat", "kk")  # no draft: the benchmark never touches the user's work
    changes = change_to_redraw(app, args.changes)
    compared = compare(app, 10)
    app.set_compared(["funding_cut_25", EDIT, "delayed"])
    with_compare = change_to_redraw(app, max(10, args.changes // 5))
    paint = None if args.no_page else first_paint()
    result = {"change_to_redraw": {"median_s": statistics.median(changes), "max_s": max(changes), "runs": len(changes)},
              "change_with_three_compared": {"median_s": statistics.median(with_compare), "max_s": max(with_compare),
                                             "runs": len(with_compare)},
              "compare": {k: {"median_s": statistics.median(v), "max_s": max(v), "runs": len(v)} for k, v in compared.items()},
              "first_paint_s": paint, "target_s": 0.200, "compare_target_s": 0.5, "first_paint_target_s": 5.0,
              "measured": stamp()}
    print(f"editor: change -> table and charts redrawn: {_ms(changes)} over {len(changes)} changes (target <= 200 ms)")
    print(f"editor: change with three scenarios compared: {_ms(with_compare)}")
    for k, v in compared.items():
        print(f"editor: compare {k} scenarios against the plan: {_ms(v)} (target <= 500 ms)")
    print("editor: first paint from `make app` start: " + ("skipped (no chromium)" if paint is None else
                                                          f"{paint:.1f} s (target <= 5 s)"))
    out = BUILD / "bench" / "editor.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
