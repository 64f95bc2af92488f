"""Command line: ``python -m model project|params|scenarios|microsim|uncertainty|run``. Bad input exits 2 with one clear line."""
from __future__ import annotations

import argparse
import json
import os
import sys

from pathlib import Path

from .errors import DataError
from .build import check_scenarios, load_scenario
from .build import use_pack
from .paths import SCENARIOS
from .scenario import (SET_EXAMPLE, list_scenarios, parse_override_value, parse_sets,  # noqa: F401  (cli.parse_sets: tests)
                       scenario_files, written_for)


DESCRIPTION = """\
Project the Zhambyl programme, list its parameters and scenarios, run the notebooks.
Bad input stops with exit code 2 and one line naming the file or option, the key, the value
and what was expected.

examples:
  python -m model scenarios
  python -m model params budget              # the parameters whose path or label has "budget"
  python -m model project --scenario akimat --set programme.budget_scale=0.75
  python -m model run --scenario akimat --lang kk,ru,en
  python -m model run --scenario auyl_amanaty_plan     # in its own pack (auyl_amanaty_2023 in zhambyl)
"""


class HelpFormatter(argparse.HelpFormatter):
    """Descriptions wrapped by paragraph, indented lines (examples) kept as written; every
    option's default shown once."""

    def _fill_text(self, text, width, indent):
        import textwrap

        out = []
        for para in text.strip("\n").split("\n\n"):
            lines = para.splitlines()
            if any(line.startswith(" ") for line in lines[1:]):  # a heading and its indented examples
                out.append("\n".join(indent + line for line in lines))
            else:
                out.append(textwrap.fill(" ".join(para.split()), width, initial_indent=indent, subsequent_indent=indent))
        return "\n\n".join(out)

    def _get_help_string(self, action):
        text = action.help or ""
        if "%(default)" in text or "default:" in text or action.default in (None, False, [], argparse.SUPPRESS):
            return text
        if action.option_strings or action.nargs in ("?", "*"):
            return f"{text} (default: %(default)s)" if text else "(default: %(default)s)"
        return text


class Parser(argparse.ArgumentParser):
    """argparse with the help formatter above, for the command and every subcommand."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def _fmt(x, unit: str = "", spec: str | None = None) -> str:
    """A number for the terminal; None (no value: e.g. cost per job without jobs) -> "-"."""
    if x is None:
        return "-"
    if spec is None:
        spec = ",.1f" if unit in ("bn KZT", "%") else ",.0f"
    return format(x, spec)


def print_projection(d: dict) -> None:
    print(f"Scenario: {d['scenario']} - {d['title']['en']}")
    print(f"Targets, read in {d['summary']['target_year']}:")
    print(f"  {'target':<26}{'plan':>12}{'projected':>14}  {'unit':<9}{'met':<5}year")
    for t in d["targets"]:
        goal = {">=": "> ", "<": "< ", "~": "= "}[t["rule"]] + _fmt(t["target"], t["unit"])
        print(f"  {t['key']:<26}{goal:>12}{_fmt(t['projected'], t['unit']):>14}  {t['unit']:<9}"
              f"{'-' if t['met'] is None else 'yes' if t['met'] else 'no':<5}{t['year'] or '-'}")
    s = d["summary"]
    print("Key totals:")
    # net_total = net direct + indirect (indirect jobs are counted on net direct ones): less than
    # gross direct whenever deadweight and displacement take more than the indirect jobs add
    print(f"  jobs: direct {_fmt(s['jobs_direct'])} gross, {_fmt(s['jobs_direct_net'])} net of deadweight and"
          f" displacement; net direct plus indirect {_fmt(s['jobs_net_total'])}")
    print(f"  total cost {_fmt(s['budget_bn_kzt'], spec='.1f')} bn KZT, of which fiscal"
          f" {_fmt(s['fiscal_cost_bn_kzt'], spec='.1f')} bn; cost per job {_fmt(s['cost_per_job_m_kzt'], spec='.2f')} m KZT"
          f" (the money lent by {s['target_year']} over the jobs of that year)")
    print(f"  TSA: {_fmt(s['tsa_families_out'])} families / {_fmt(s['tsa_people_out'])} people leave;"
          f" {_fmt(s['tsa_saved_bn_kzt_total'], spec='.1f')} bn KZT saved over the horizon"
          + (" (the aggregate model: the region keeps no households)" if d.get("not_run", {}).get("households") else ""))
    irr = s["economic_irr"]
    flags = [f"{k.split('_')[1].upper()} implausible (beyond {a['bound']['value']:g}, data/plausibility.yaml)"
             for k, a in d["appraisal"].items() if not a["plausible"] and a["bound"] and "no_shadow" not in k]
    print(f"  economic NPV at {100 * s['discount_rate']:.0f} %, labour at its shadow wage:"
          f" {_fmt(s['economic_npv_bn_kzt'], spec=',.1f')} bn KZT;"
          f" BCR {_fmt(s['economic_bcr'], spec='.2f')}; IRR {'-' if irr is None else f'{100 * irr:.0f} %'}"
          + (f" - {'; '.join(flags)}" if flags else ""))
    free = s["economic_irr_no_shadow_wage"]
    print(f"  without the cost of labour (a sensitivity): NPV {_fmt(s['economic_npv_no_shadow_wage_bn_kzt'], spec=',.1f')}"
          f" bn KZT; IRR {'-' if free is None else f'{100 * free:.0f} %'}")
    dl = d["delivery"]
    peak = max(dl["years"], key=lambda y: y["planned"])
    print(f"  delivery: the schedule asks for up to {_fmt(peak['planned'])} projects a year ({peak['year']}) against the"
          f" lenders' capacity of {_fmt(peak['capacity'])}: "
          + (("beyond the lenders' capacity, " + ("moved to later years" if dl["capacity_binds"]
                                                  else "not moved (the plan as announced)"))
             if dl["beyond_capacity"] else "within capacity")
          + f"; last launches in {dl['last_launch_year'] or '-'}"
          + (f"; {_fmt(dl['unlent_bn_kzt'], spec='.1f')} bn KZT not lent by the horizon" if dl["unlent_bn_kzt"] > 0.05
             else ""))
    worst = max(d["repayment"].items(), key=lambda kv: kv[1]["burden"])
    print(f"  repayment: mean default {100 * (s['default_rate_mean'] or 0):.1f} % of microcredit; heaviest burden"
          f" {worst[0]}: loan service {_fmt(worst[1]['monthly_service_kzt'])} KZT a month against an income gain of"
          f" {_fmt(worst[1]['monthly_income_gain_kzt'])} ({worst[1]['burden']:.2f} times)")
    for row in d.get("calibration", []):
        print(f"  calibrated {row['path']}: prior {row['prior']:.3g} -> {row['calibrated']:.3g}"
              f" (x{row['ratio']:.2f}{', outside its range' if row['outside_range'] else ''})")
    gone = d.get("not_run")
    if gone:
        print("Not run (model/missing.py):")
        if gone["figures"]:
            print(f"  {', '.join(gone['figures'])}: need a figure the region lacks")
        for m in gone["missing"]:
            print(f"  {m['parameter']} ({m['file']}): missing; {m['looked_for']}")
        if gone.get("households"):
            print(f"  households: {gone['households']}")


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m model", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("project", help="project one scenario: the targets table and key totals",
                       description="Project one scenario: the article's targets against the projection, key totals.")
    p.add_argument("--scenario", default=None, metavar="NAME",
                   help="see `python -m model scenarios`; default: the programme's plan (akimat for zhambyl_2019)")
    add_pack_options(p)
    p.add_argument("--set", action="append", default=[], metavar="dotted.path=VALUE",
                   help=f"change one parameter for this projection, VALUE read as YAML; repeatable; {SET_EXAMPLE}")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    from . import params_command
    params_command.add_parser(sub)
    add_pack_options(sub.choices["params"])
    add_pack_options(sub.add_parser(
        "scenarios", help="list the programmes, regions and scenarios with their titles",
        description="List the programmes (data/programmes/), the regions (data/regions/) and the scenarios of "
                    "data/scenarios/ with their titles; a scenario that does not load for the programme and "
                    "region in force with its reason."))
    from .microsim import command as microsim_command
    microsim_command.add_parser(sub)
    add_pack_options(sub.choices["microsim"])
    from . import uncertainty_report
    uncertainty_report.add_parser(sub)
    add_pack_options(sub.choices["uncertainty"])
    from . import decide_command
    decide_command.add_parser(sub)
    add_pack_options(sub.choices["decide"])
    from .runner import DRAWS, DRAWS_FAST, FAST_SUFFIX

    r = sub.add_parser("run", help="execute every notebook per scenario and language, with PDFs",
                       description="Execute every notebook in notebooks/ for each scenario and language, "
                                   "export the PDFs and write <out>/<scenario>/results.json; ends with a summary.")
    r.add_argument("--scenario", default=None, metavar="NAME[,NAME...]",
                   help="scenarios to run, comma-separated, each in its pack: the one --programme/--region name, else the "
                        "one its file is written for, else the default (see `python -m model scenarios`; "
                        "default: the programme's plan, akimat for zhambyl_2019)")
    add_pack_options(r)
    r.add_argument("--lang", default="kk,ru,en", metavar="LANG[,LANG...]",
                   help="report languages, comma-separated, of kk, ru, en (default: %(default)s)")
    r.add_argument("--set", action="append", default=[], metavar="dotted.path=VALUE",
                   help="override one input for this run, VALUE read as YAML; repeatable (default: none)")
    r.add_argument("--out", default=None, metavar="DIR",
                   help="output root: DIR/<scenario>/<lang>/<notebook>.{ipynb,pdf} (default: build/ in the repository)")
    r.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="parallel worker processes (default: one per core)")
    r.add_argument("--fast", action="store_true",
                   help=f"{DRAWS_FAST:,} Monte Carlo draws instead of {DRAWS:,}; the outputs go to "
                        f"<out>/<scenario>{FAST_SUFFIX}/, apart from a full run's (default: off)")
    r.add_argument("--no-pdf", action="store_true", help="executed notebooks only, no PDFs (default: off)")
    r.add_argument("--fresh-kernels", action="store_true",
                   help="a new kernel for every notebook (slower; by default each worker resets and reuses one)")
    args = parser.parse_args(argv)
    try:
        if args.command == "run":  # each scenario in its pack (the runner's pack_for), checked before any kernel
            from .runner import run_suite
            scenarios = args.scenario.split(",") if args.scenario is not None else [plan_of(args.programme, args.region)]
            return run_suite(scenarios=scenarios, langs=args.lang.split(","),
                             overrides=parse_sets(args.set), out=args.out, jobs=args.jobs, fast=args.fast,
                             pdf=not args.no_pdf, reuse_kernels=not args.fresh_kernels,
                             programme=args.programme or "", region=args.region or "")
        if hasattr(args, "programme"):  # the pack named, else the one the scenario is written for, else the default
            use_pack(getattr(args, "scenario", None), args.programme or "", args.region or "")
        if args.command == "scenarios":
            rc = list_command()
            sys.stdout.flush()  # inside the try: a closed pipe is seen here, not at exit
            return rc
        if args.command == "microsim":
            return microsim_command.main(args)
        if args.command == "uncertainty":
            return uncertainty_report.main(args)
        if args.command == "decide":
            return decide_command.main(args)
        if args.command == "params":
            return params_command.main(args)
        if args.command == "project":
            from .projection import project
            d = project(load_scenario(args.scenario, parse_sets(args.set), file="--set")).as_dict()
            if args.json:  # strict JSON: a NaN or Infinity here is a bug upstream, never printed
                print(json.dumps(d, ensure_ascii=False, indent=2, allow_nan=False))
            else:
                print_projection(d)
            sys.stdout.flush()
            return 0
        raise AssertionError(f"no command {args.command}")  # argparse allows only the commands above
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `project | head`: the reader has gone, which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


def plan_of(programme: str | None, region: str | None) -> str:
    """The scenario that stands for the named programme's plan (its about.yaml ``scenario``), for a
    command that runs named scenarios only; a programme that names none is a DataError asking for one."""
    from . import packs
    from .build import pack_for

    p = pack_for(None, programme or "", region or "")
    plan = packs.default_scenario(p)
    if plan is None:
        raise DataError("--scenario", "scenario", None,
                        f"a scenario name: {p.programme} names no plan in its about.yaml", shown=False)
    return plan


def add_pack_options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``--programme`` and ``--region``: the pack a command reads (model/paths.py)."""
    from .paths import DEFAULT_PROGRAMME, DEFAULT_REGION

    p.add_argument("--programme", default=None, metavar="NAME",
                   help=f"a folder of data/programmes/ (see `python -m model scenarios`; default: {DEFAULT_PROGRAMME})")
    p.add_argument("--region", default=None, metavar="NAME",
                   help=f"a folder of data/regions/ (default: {DEFAULT_REGION})")
    return p


def list_command(directory: Path = SCENARIOS) -> int:
    """``scenarios``: the programmes and regions, then each scenario with its title for the pack in
    force; a broken one with its reason, and exit 2."""
    from . import packs
    from .paths import DATA, pack, rel

    now, found_all = pack(), packs.catalogue()
    for kind, in_force in (("programmes", now.programme), ("regions", now.region)):
        found = found_all[kind]
        print(f"{kind.capitalize()} ({rel(DATA / kind)}/):")
        width = max(map(len, found), default=0) + 2
        for name, a in found.items():
            print(f"  {name:<{width}}{a.title['en']}{'   [in force]' if name == in_force else ''}")
    print(f"Scenarios ({rel(directory)}/), for {now}:")
    problems = check_scenarios(directory)
    titles = list_scenarios(directory)
    elsewhere = {p.stem: pk for p in scenario_files(directory) if (pk := written_for(p))}  # each file read once here
    width = max(map(len, [*problems, *elsewhere]), default=0) + 2  # the longest name, then two spaces
    for name, error in problems.items():
        if error is None:
            print(f"  {name:<{width}}{titles[name]['en']}")
        else:
            print(f"  {name:<{width}}BROKEN: {error}")
    for name, (programme, region) in elsewhere.items():
        print(f"  {name:<{width}}(for {programme} in {region}: --programme {programme} --region {region})")
    broken = [name for name, error in problems.items() if error is not None]
    if broken:
        print(f"error: {len(broken)} scenario(s) fail to load: {', '.join(broken)}", file=sys.stderr)
        return 2
    return 0
