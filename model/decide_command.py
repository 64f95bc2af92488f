"""``python -m model decide``: the best estimate of each target, updated by the pilot, and what follows
for the akimat's decisions (model/decide.py). Bad input exits 2 with one line."""
from __future__ import annotations

import json

from .decide import ESS_MIN, MAX_DRAWS, OBJECTIVES, decide
from .uncertainty_report import check_count


def add_parser(sub) -> None:
    p = sub.add_parser("decide", help="best estimates updated by the pilot, restated targets, allocation, tranche rule",
                       description="Weigh the Monte Carlo draws by the pilot's first stage and project the posterior on "
                                   "the delivery path (as_delivered): one best estimate per target with its 10-90 % "
                                   "interval, the figure reached in 8 draws of 10, where the money does most, and the "
                                   "jobs per bn KZT the next tranche should show. "
                                   "E.g. python -m model decide --objective tsa --json")
    p.add_argument("--scenario", default=None, metavar="NAME",
                   help="the plan set beside the estimate; see `python -m model scenarios` (default: the programme's "
                        "plan, akimat for zhambyl_2019)")
    p.add_argument("--draws", default="20000", metavar="N", help=f"prior draws, 100 to {MAX_DRAWS:,}; drawn again with twice as many "
                   f"while the effective sample size is below {ESS_MIN} (default: %(default)s)")
    p.add_argument("--seed", default="2019", metavar="S", help="random seed, a whole number >= 0 (default: %(default)s)")
    p.add_argument("--objective", default="jobs", metavar="WHAT", help=f"what the allocation maximises: {', '.join(OBJECTIVES)} "
                   "(default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def main(args) -> int:
    from .errors import DataError

    draws = check_count(args.draws, "--draws", 100, MAX_DRAWS)
    seed = check_count(args.seed, "--seed", 0)
    if args.objective not in OBJECTIVES:
        raise DataError("--objective", "objective", args.objective, f"one of {', '.join(OBJECTIVES)}")
    d = decide(args.scenario, draws, seed, args.objective)
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print_decision(d)
    return 0


def _n(x, digits: int = 0) -> str:
    return "-" if x is None else format(x, f",.{digits}f")


def print_decision(d: dict) -> None:
    print(f"Best estimates for {d['scenario']} on the delivery path ({d['path']}), read in {d['decision_year']}:"
          f" {d['draws']:,} draws weighted by the pilot's first stage, effective sample size {d['effective_sample_size']:,.0f}"
          + ("" if d["ess_ok"] else f" (below {ESS_MIN}: read the intervals as rough)"))
    print(f"  {'target':<26}{'announced':>11}{'plan':>11}{'pilot':>11}{'best':>11}{'10-90 %':>22}{'8 in 10':>11}"
          f"{'money needed':>15}")
    for t in d["targets"]:
        digits = 1 if t["unit"] in ("bn KZT", "%") else 0
        money = "out of reach" if t["money_needed_bn_kzt"] is None and t["rule"] == ">=" and t["unit"] != "%" else (
            f"{t['money_needed_bn_kzt']:,.0f} bn" if t["money_needed_bn_kzt"] is not None else "-")
        print(f"  {t['key']:<26}{_n(t['announced'], digits):>11}{_n(t['plan'], digits):>11}{_n(t['pilot'], digits):>11}"
              f"{_n(t['best'], digits):>11}{_n(t['p10'], digits) + ' to ' + _n(t['p90'], digits):>22}"
              f"{_n(t['restated'], digits):>11}{money:>15}")
    a = d["allocation"]
    print(f"Allocation of the {a['money_bn_kzt']:.1f} bn KZT not reported lent by {a['after_year']} (objective: {a['objective']}):")
    for k in a["shares_now"]:
        print(f"  {k:<18} now {100 * a['shares_now'][k]:5.1f} %  best {100 * a['shares_best'][k]:5.1f} %")
    g = a["gain"]
    print(f"  gain {g['p50']:,.0f} (10-90 %: {g['p10']:,.0f} to {g['p90']:,.0f}); better than today's split in"
          f" {100 * a['p_better']:.0f} % of the draws")
    t = d["tranche"]
    print(f"Tranche rule: {t['measured_after_years']} year after lending, at least {t['hired_jobs_per_bn']:,.0f} hired jobs"
          f" and {t['owners_per_bn']:,.0f} owners running per bn KZT lent")
