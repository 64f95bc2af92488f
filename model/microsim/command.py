"""``python -m model microsim --scenario NAME [--set PATH=VALUE ...] [--seed S] [--json]``: the household
microsimulation of TSA."""
from __future__ import annotations

import json


def add_parser(sub) -> None:
    p = sub.add_parser("microsim", help="targeted social assistance household by household (caseload, exits, districts)")
    p.add_argument("--scenario", default=None, metavar="NAME",
                   help="see `python -m model scenarios` (default: the programme's plan, akimat for zhambyl_2019)")
    p.add_argument("--set", action="append", default=[], metavar="dotted.path=VALUE",
                   help="override a parameter, e.g. --set population.income_sigma=0.7 (repeatable; `params` lists them)")
    p.add_argument("--seed", type=int, default=None, help="seed of the synthetic population (default 2019)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def main(args) -> int:
    from . import run
    from ..build import load_scenario
    from ..scenario import check_name, parse_sets
    from ..schema import check_seed

    if args.scenario is not None:
        check_name(args.scenario)
    if args.seed is not None:
        check_seed(args.seed)
    d = run(load_scenario(args.scenario, parse_sets(args.set), file="--set"), seed=args.seed).as_dict()
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    print(f"Scenario: {d['scenario']} (population seed {d['seed']}): {d['households']:,.0f} households,"
          f" {d['settlements']} settlements, {d['people']:,.0f} people")
    print(f"TSA in 2019: {d['tsa_families_baseline']:,.0f} families / {d['tsa_people_baseline']:,.0f} people")
    print(f"Leaving because of the programme in the target year: {d['tsa_families_exit']:,.0f} families /"
          f" {d['tsa_people_exit']:,.0f} people; TSA payments saved {d['tsa_savings_bn_kzt']:.2f} bn KZT (2019 prices)")
    print(f"  {'year':<6}{'families without':>18}{'with':>10}{'people without':>16}{'with':>10}")
    for row in d["caseload"]:
        print(f"  {row['year']:<6}{row['families_without_programme']:>18,.0f}{row['families_with_programme']:>10,.0f}"
              f"{row['people_without_programme']:>16,.0f}{row['people_with_programme']:>10,.0f}")
    print(f"  {'district':<12}{'households':>12}{'people':>10}{'TSA 2019':>10}{'leaving':>9}")
    for row in d["districts"]:
        print(f"  {row['name']:<12}{row['households']:>12,.0f}{row['people']:>10,.0f}"
              f"{row['tsa_families_baseline']:>10,.0f}{row['tsa_families_exit']:>9,.0f}")
    p = d["participants"]
    print(f"Participants: {p['households']:,.0f} households; TSA families among them {p['tsa_families_before']:,.0f}"
          f" before the programme, {p['tsa_families_without']:,.0f} without it in the target year,"
          f" {p['tsa_families_after']:,.0f} with it")
    return 0
