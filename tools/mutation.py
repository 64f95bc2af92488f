"""Mutation testing of the economic modules with mutmut: how many deliberate errors (a + turned
into -, a 1 into 2, a < into <=) the tests catch. Not run in CI: it takes tens of minutes.

    python tools/mutation.py [--max-children 2] [--only model/money.py ...] [--readme] [--resume]

What it does, all under build/mutation/ (git-ignored, the repository is never touched):
1. copies the working tree's tracked files into build/mutation/tree (mutmut writes its
   mutants/ folder beside the code it mutates);
2. makes build/mutation/venv from requirements.lock plus mutmut (pinned below), with uv;
3. runs `mutmut run` there with the [tool.mutmut] settings of pyproject.toml (which modules,
   which tests), then reads `mutmut results --all true` and prints the share of mutants killed,
   module by module, writes it to build/mutation/score.json and (``--readme``) into the README
   between its ``mutation:begin`` and ``mutation:end`` markers, with the date, commit and machine.

The model's disk cache is off for the run (ZHAMBYL_CACHE_DIR=/dev/null/cache): its keys know the
code's text, not which mutant is switched on, so a population or calibration computed under one
mutant would be served to the next (and to the unmutated code). The in-process cache is cold in
each worker ([tool.mutmut] process_isolation = "forkserver"). Mutants that time out count as
killed (the tests noticed), as mutmut counts them; "no tests" mutants count as survivors.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
MUTMUT = "mutmut==3.8.1"
KILLED = {"killed", "timeout", "segfault"}  # the tests noticed the mutant


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    return [f for f in out.decode().split("\0") if f and (ROOT / f).is_file()]


def copy_tree(tree: Path) -> None:
    shutil.rmtree(tree, ignore_errors=True)
    for f in tracked_files():
        dest = tree / f
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, dest)


def make_venv(venv: Path) -> Path:
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "uv"], check=True)
    subprocess.run([str(venv / "bin" / "uv"), "pip", "install", "-q", "--python", str(py),
                    "-r", str(ROOT / "requirements.lock"), MUTMUT], check=True)
    return py


def results(tree: Path, venv: Path) -> dict[str, Counter]:
    """Counts of each mutant status by module, from `mutmut results --all true`."""
    out = subprocess.run([str(venv / "bin" / "mutmut"), "results", "--all", "true"], cwd=tree,
                         check=True, capture_output=True, text=True).stdout
    by_module: dict[str, Counter] = {}
    for line in out.splitlines():
        m = re.match(r"\s*(?P<name>[\w.]+)__mutmut_\d+:\s*(?P<status>[\w ]+?)\s*$", line)
        if not m:
            continue
        module = m["name"].split(".x")[0]  # model.processing.x_load_rise -> model.processing
        by_module.setdefault(module, Counter())[m["status"].strip()] += 1
    return by_module


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", nargs="*", help="modules to mutate (default: [tool.mutmut] only_mutate)")
    ap.add_argument("--readme", action="store_true", help="write the score into README.md (a full run only)")
    ap.add_argument("--report", action="store_true",
                    help="only read the last run's results (interrupted or not) and report them")
    ap.add_argument("--resume", action="store_true",
                    help="go on with the mutants of the last run (its copy of the code), checking those not yet checked")
    args = ap.parse_args(argv)
    tree, venv = WORK / "tree", WORK / "venv"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()  # the code the mutants are made from
    if (args.resume or args.report) and (tree / "mutants").is_dir():
        commit = json.loads((WORK / "commit.json").read_text())["commit"]
    else:
        copy_tree(tree)
        (WORK / "commit.json").write_text(json.dumps({"commit": commit}))
    if args.only and not (args.resume or args.report):
        cfg = tree / "pyproject.toml"
        text = cfg.read_text()
        listed = ", ".join(json.dumps(m) for m in args.only)
        text, n = re.subn(r"only_mutate = \[[^\]]*\]", f"only_mutate = [{listed}]", text, flags=re.S)
        assert n == 1, "pyproject.toml: [tool.mutmut] only_mutate not found"
        cfg.write_text(text)
    modules = tomllib.loads((tree / "pyproject.toml").read_text())["tool"]["mutmut"]["only_mutate"]
    if not args.report:
        make_venv(venv)
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
           "ZHAMBYL_CACHE_DIR": "/dev/null/cache"}
    if not args.report:
        with open(WORK / "run.log", "a" if args.resume else "w") as log:  # mutmut's spinner, out of the terminal
            subprocess.run([str(venv / "bin" / "mutmut"), "run", "--max-children", str(args.max_children)],
                           cwd=tree, env=env, check=False, stdout=log, stderr=subprocess.STDOUT)
    by_module = results(tree, venv)
    rows, total = {}, Counter()
    unchecked = sum(c.get("not checked", 0) for c in by_module.values())
    for module, counts in sorted(by_module.items()):
        counts.pop("not checked", None)  # an interrupted run: only what was checked is scored
        n = sum(counts.values())
        if not n:
            continue
        killed = sum(counts[s] for s in KILLED)
        rows[module] = {**counts, "mutants": n, "killed": killed, "share_killed": round(killed / n, 3)}
        total += counts
        print(f"{module:40s} {killed:5d} / {n:5d}  {killed / n:6.1%}  {dict(counts)}")
    n = sum(total.values())
    killed = sum(total[s] for s in KILLED)
    share = killed / n if n else float("nan")
    print(f"{'all of ' + ', '.join(modules):40s}\n{'':40s} {killed:5d} / {n:5d}  {share:6.1%}  (goal >= 90 %)"
          + (f"; {unchecked} mutants not checked yet (--resume goes on)" if unchecked else ""))
    (WORK / "score.json").write_text(json.dumps({"modules": modules, "by_module": rows, "killed": killed,
                                                 "mutants": n, "share_killed": share, "mutmut": MUTMUT,
                                                 "commit": commit, "not_checked": unchecked},
                                                indent=1) + "\n")
    if args.readme and not args.only:
        write_readme(rows, killed, n, commit, unchecked)
    return 0


def write_readme(rows: dict, killed: int, n: int, commit: str, unchecked: int = 0) -> None:
    """The score as a table between the README's markers."""
    import datetime
    import platform

    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["<!-- mutation:begin -->", "<!-- written by tools/mutation.py --readme: do not edit by hand -->", "",
             "| module | mutants killed | share |", "| --- | ---: | ---: |"]
    lines += [f"| `{m.replace('.', '/')}.py` | {r['killed']} of {r['mutants']} | {r['share_killed']:.0%} |"
              for m, r in rows.items()]
    lines += [f"| all | {killed} of {n} | **{killed / n:.1%}** (goal >= 90 %) |", ""]
    if unchecked:
        lines += [f"A partial run: {n} of the {n + unchecked} mutants checked, the rest not yet "
                  "(`--resume` goes on); the shares are of those checked.", ""]
    lines += [
              f"{MUTMUT}, commit {commit}, {when}, {os.cpu_count()} cores, Python {platform.python_version()}.",
              "<!-- mutation:end -->"]
    readme = ROOT / "README.md"
    text = readme.read_text("utf-8")
    start, end = text.index("<!-- mutation:begin -->"), text.index("<!-- mutation:end -->") + len("<!-- mutation:end -->")
    readme.write_text(text[:start] + "\n".join(lines) + text[end:], "utf-8")


if __name__ == "__main__":
    sys.exit(main())
