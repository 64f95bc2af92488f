"""Wall time of ``make all`` in a fresh clone of this repository: set-up (.venv from the lock)
included, then every notebook for akimat in kk, ru, en with PDFs.

    .venv/bin/python benchmarks/bench_fresh_clone.py [--keep]

Clones the committed HEAD into a temporary folder (uncommitted changes are not in it), runs
``make all`` there and writes build/bench/fresh_clone.json. The package caches of uv and pip on
this machine are used, as on any machine that has installed Python packages before; a machine
that has never downloaded them adds the download time.
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import stamp  # benchmarks/machine.py: the script's folder is on sys.path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fresh-clone-"))
    clone = tmp / "repo"
    try:
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        head = subprocess.run(["git", "-C", str(clone), "rev-parse", "--short", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.strip()
        t = time.perf_counter()
        run = subprocess.run(["make", "all"], cwd=clone, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if run.returncode != 0:
            print(run.stdout[-2000:], run.stderr[-2000:], sep="\n", file=sys.stderr)
            print(f"make all failed (exit {run.returncode}) in {clone}", file=sys.stderr)
            return 1
        record = {"commit": head, "make_all_s": round(wall, 1), "measured": stamp()}
        out = ROOT / "build" / "bench" / "fresh_clone.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"make all in a fresh clone of {head} (set-up included): {wall:.0f} s; written {out}")
        return 0
    finally:
        if args.keep:
            print(f"clone kept in {clone}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
