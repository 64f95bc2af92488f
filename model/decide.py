"""One best estimate per target, updated by the pilot, and what it means for the akimat's decisions.

1. **Prior.** The Monte Carlo draws of a scenario (``uncertainty``: every rate from its evidence
   range) are the prior.
2. **Evidence.** Each draw replays the pilot's first stage: its money (8.6 bn KZT in 2019 prices)
   split as published, launched in 2020 and read a year later, as the pilot reported it. The
   draw is weighted by how well it reproduces what was reported, within the measurement error
   declared for each figure (data/programmes/zhambyl_2019/pilot.yaml ``measurement``): the cost per project where money and
   borrowers are both published (livestock, cooperatives, small business), new hired jobs, new sole
   proprietors and the participants' income gain. The likelihood is normal on the log scale. TSA
   exits are not used: the reported fall is a before-and-after dominated by the 2020 rule change
   (notebook 04), not the programme's effect.
3. **Posterior.** Importance weights, their effective sample size (ESS = (sum w)^2 / sum w^2), and a
   systematic resample of ``POSTERIOR_SAMPLE`` draws. When the ESS is below ``ESS_MIN`` the prior is
   drawn again with twice the draws (at most ``MAX_DRAWS``); a small ESS is reported, never hidden.
4. **Best estimate.** The posterior rates on the delivery path (``as_delivered``: the money as
   reported, then the rest at the reported pace), read in the decision year (the year after the
   last money is lent): median with its 10-90 % interval. The plan's fitted figure and the pilot's
   point (the pilot's rates on the same path) stand beside it as what they are.
5. **Restated targets.** The figure reached in 8 draws of 10 (the posterior's 20th percentile) for
   the same money; and the money that reaches the announced figure with the same confidence, or
   None when that exceeds what the lenders can lend by the decision year (their capacity).
6. **Where the money does most.** By direction, per bn KZT lent: hired jobs, owners running,
   families leaving TSA (the programme's exits shared by each direction's earners), added farm
   output and the budget's cost. The money not yet reported lent is allocated by a linear programme
   (``scipy.optimize.linprog``) that maximises the objective's posterior mean within each
   direction's capacity and its declared share range; the gain over the reported split by draw.
7. **Tranche rule.** The hired jobs and the owners per bn lent, a year after lending, that 8 draws
   of 10 reach: what the monitoring of the next tranche should find before the one after is released.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import cache
from . import evidence as evidence_mod
from . import prices, targets, uncertainty
from .build import load_scenario
from .core import compute
from .microsim import tsa_outcome
from .errors import DataError
from .parameters import DIRECTIONS, load_sources, read_yaml
from .paths import as_pack, rel
from .scenario import SUM_TO_ONE, Scenario

DELIVERED = "as_delivered"
EVIDENCE = "pilot_evidence"
ESS_MIN = 500  # below it the prior is drawn again with twice the draws
MIN_DRAWS = 100  # fewer prior draws cannot weigh the pilot's evidence
MAX_DRAWS = 400_000
POSTERIOR_SAMPLE = 2000  # draws resampled from the posterior for the forward projection
CHUNK = 25_000  # prior draws replayed at a time (memory stays bounded at any number of draws)
CONFIDENCE = 0.8  # a restated target is reached in 8 draws of 10
OBJECTIVES = ("jobs", "tsa", "output")
TARGET_KEYS = ("projects", "jobs", "entrepreneurs", "output_added_bn_kzt", "output_rise_pct",
               "processing_load_rise_pct", "tsa_recipients_change")


@dataclass(frozen=True)
class Measurement:
    key: str
    figures: tuple[str, ...]
    error_log: float
    reason: str


@cache.memo
def load_measurement(path: Path | None = None) -> dict[str, Measurement]:
    """The declared measurement error of each reported first-stage figure (the programme's pilot.yaml)."""
    path = path or as_pack(None) / "pilot.yaml"
    doc = read_yaml(path)
    file = rel(path)
    facts = load_sources().pilot
    out = {}
    raw = doc.get("measurement")
    if not isinstance(raw, dict) or not raw:
        raise DataError(file, "measurement", raw, "a mapping of reported figures to their measurement error")
    for key, e in raw.items():
        where = f"measurement.{key}"
        if not isinstance(e, dict) or set(e) != {"figures", "error_log", "unit", "source", "reason"}:
            raise DataError(file, where, e, "figures, error_log, unit, source, reason")
        if not isinstance(e["figures"], list) or not all(f in facts for f in e["figures"]):
            raise DataError(file, f"{where}.figures", e["figures"], "keys of figures in facts")
        err = e["error_log"]
        if isinstance(err, bool) or not isinstance(err, (int, float)) or not 0 < err <= 3:
            raise DataError(file, f"{where}.error_log", err, "a standard deviation on the log scale, above 0, at most 3")
        if e["unit"] != "log-scale standard deviation" or e["source"] != "assumption" or len(str(e["reason"])) < 20:
            raise DataError(file, where, e, "unit: log-scale standard deviation, source: assumption and a reason")
        out[key] = Measurement(key, tuple(e["figures"]), float(err), str(e["reason"]))
    return out


# --- the evidence: the first stage, replayed by every draw -------------------------------------


def reported_stage(values) -> dict[str, float]:
    """What the first stage reported, in the model's terms and 2019 prices: cost per project (m KZT)
    where money and borrowers are both published, hired jobs, sole proprietors, income gain (KZT a month)."""
    f = evidence_mod.pilot_stage()
    start = int(values["programme.start_year"])
    lag = int(values["evidence.observed_after_years"])
    deflate = 1 / float(prices.price_index(values, [start])[0])
    before, after = prices.to_constant_2019([f["income_before"], f["income_after"]], [start, start + lag], values)
    return {"livestock_cost": f["livestock_lent"] * deflate * 1000 / f["livestock_borrowers"],
            "cooperatives_cost": f["cooperatives_lent"] * deflate * 1000 / f["cooperatives"],
            "small_business_cost": f["small_business_lent"] * deflate * 1000 / f["small_business_projects"],
            "new_jobs": f["new_jobs"], "new_sole_proprietors": f["new_sole_proprietors"],
            "income_gain": float(after - before)}


REPLAYED = ("livestock", "cooperatives", "small_business")  # directions whose money and borrowers are published


def stage_values(values: dict) -> dict:
    """``values`` (draws allowed) with the first stage's money and schedule: the money published by
    direction (livestock, cooperatives, small business: 7.4 of the 9.2 bn KZT, 2,476 of the 2,478
    borrowers; in 2019 prices), launched in the start year, nothing re-lent, no capacity limit (it
    happened). The other 1.77 bn is left out: its split between plots and land and its borrowers
    are not published (the residual count, 13, cannot be held against a plot's cost of 0.3-1 m KZT)."""
    f = evidence_mod.pilot_stage()
    money = {"livestock": f["livestock_lent"], "cooperatives": f["cooperatives_lent"],
             "small_business": f["small_business_lent"]}
    lent = sum(money.values())
    start = int(np.asarray(values["programme.start_year"]).flat[0])
    out = {**values, **evidence_mod.stage_overrides(values), "delivery.capacity_binds": 0,
           "programme.budget_bn_kzt": float(prices.to_constant_2019(lent, [start], values)[0])}
    out.update({f"directions.{d}.budget_share": money.get(d, 0.0) / lent for d in DIRECTIONS})
    return out


def stage_predictions(values: dict) -> dict[str, np.ndarray]:
    """What each draw says the first stage reported, (n,) each: the same quantities as ``reported_stage``."""
    from .microsim import assignment

    v = stage_values(values)
    r = compute(v, appraise=False)
    t = targets.year_index(r["years"], int(v["programme.start_year"]) + int(v["evidence.observed_after_years"]))
    n = r["hired"].shape[0]
    gross = assignment.earners(r, v, additional=False, net_of_service=False)
    cost = {d: np.broadcast_to(np.asarray(v[f"directions.{d}.cost_per_project_m_kzt"], dtype=float), (n,))
            for d in ("livestock", "cooperatives", "small_business")}
    return {"livestock_cost": cost["livestock"], "cooperatives_cost": cost["cooperatives"],
            "small_business_cost": cost["small_business"], "new_jobs": r["hired"][:, :, t].sum(1),
            "new_sole_proprietors": r["entrepreneurs"][:, :, t].sum(1), "income_gain": gross.owner_income[:, t],
            # for the tranche rule: per bn KZT lent, a year after lending
            "hired_per_bn": r["hired"][:, :, t].sum(1) / r["spend"][:, :, : t + 1].sum((1, 2)),
            "owners_per_bn": r["owners_running"][:, :, t].sum(1) / r["spend"][:, :, : t + 1].sum((1, 2))}


def log_likelihood(predicted: dict[str, np.ndarray], reported: dict[str, float],
                   errors: dict[str, float]) -> np.ndarray:
    """Sum over the figures of the normal log density of log(predicted / reported) with sd ``errors``
    (up to a constant); a draw that predicts nothing (<= 0) has no weight."""
    total = 0.0
    for key, sd in errors.items():
        p = np.asarray(predicted[key], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(p > 0, np.log(np.maximum(p, 1e-300) / reported[key]) / sd, np.inf)
        total = total - 0.5 * z ** 2
    return total


def importance_weights(log_w: np.ndarray) -> tuple[np.ndarray, float]:
    """Normalised weights and their effective sample size, (sum w)^2 / sum w^2."""
    log_w = np.asarray(log_w, dtype=float)
    if not np.isfinite(log_w).any():
        return np.full(log_w.shape, 1 / log_w.size), 0.0
    w = np.exp(log_w - log_w[np.isfinite(log_w)].max())
    w = np.where(np.isfinite(w), w, 0.0)
    w /= w.sum()
    return w, float(1 / np.sum(w ** 2))


def systematic_resample(weights: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``size`` draws, each kept in proportion to its weight (systematic resampling)."""
    positions = (rng.random() + np.arange(size)) / size
    index = np.searchsorted(np.cumsum(weights), positions, side="right")
    return np.minimum(index, len(weights) - 1)


@dataclass
class Posterior:
    draws: int  # prior draws weighted (after any redrawing)
    ess: float
    weights: np.ndarray
    prior: dict  # path -> (draws,)
    sample: dict  # path -> (POSTERIOR_SAMPLE,) resampled values
    stage: dict  # the first stage as the resampled draws read it
    redrawn: int  # how many times the prior was drawn again for a larger ESS


def posterior(scenario: Scenario, draws: int, seed: int, sample: int = POSTERIOR_SAMPLE) -> Posterior:
    """Weigh the scenario's Monte Carlo draws by the first stage and resample them."""
    reported = reported_stage(scenario.values)
    errors = {k: m.error_log for k, m in load_measurement().items()}
    n, redrawn = int(draws), 0
    while True:
        prior = uncertainty.draw(scenario, n, seed)
        drawn = {k: v for k, v in prior.items() if isinstance(v, np.ndarray) and v.shape == (n,)}
        parts = [stage_predictions({**prior, **{k: v[i:i + CHUNK] for k, v in drawn.items()}})
                 for i in range(0, n, CHUNK)]
        predicted = {k: np.concatenate([part[k] for part in parts]) for k in parts[0]}
        w, ess = importance_weights(log_likelihood(predicted, reported, errors))
        if ess >= ESS_MIN or 2 * n > MAX_DRAWS:
            break
        n, redrawn = 2 * n, redrawn + 1
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[2])
    idx = systematic_resample(w, sample, rng)
    return Posterior(draws=n, ess=ess, weights=w, prior=drawn, sample={k: v[idx] for k, v in drawn.items()},
                     stage={k: np.asarray(v)[idx] for k, v in predicted.items()}, redrawn=redrawn)


# --- the forward projection on the delivery path ---------------------------------------------


def delivered_values(post: Posterior, path: Scenario) -> dict:
    """The delivery path's values with the posterior's rates. What the reported lending fixes stays
    the path's: the money's split by direction and the cost per project (with them the path reproduces
    the reported borrowers of every year); every other drawn rate comes from the posterior."""
    fixed = set(SUM_TO_ONE["directions.*.budget_share"]) | {f"directions.{d}.cost_per_project_m_kzt" for d in DIRECTIONS}
    return {**path.values, **{k: v for k, v in post.sample.items() if k not in fixed}}


def forward(post: Posterior, path: Scenario) -> tuple[dict, dict]:
    """(values, arrays) of the posterior sample projected on the delivery path, TSA household by household."""
    values = delivered_values(post, path)
    return values, compute(values, tsa_outcome=tsa_outcome)


def decision_year(projection) -> int:
    """The year after the last money is lent on a path (effects of the last projects a year old)."""
    launched = projection.arrays["launched"][0].sum(0)
    last = int(projection.years[np.flatnonzero(launched > 1e-9)[-1]])
    return min(last + 1, int(projection.years[-1]))


def quantiles(a, qs=(0.1, 0.5, 0.9)) -> dict[str, float]:
    p10, p50, p90 = (float(x) for x in np.quantile(np.asarray(a, dtype=float), qs))
    return {"p10": p10, "p50": p50, "p90": p90}


def by_direction_per_bn(r: dict, t: int) -> dict[str, np.ndarray]:
    """(n, D) per bn KZT lent by direction (all years), read in year index t. TSA exits are shared
    among directions by their earners that year (owners running + hired), since the households'
    exits are not traced to a direction."""
    money = r["spend"].sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per = lambda a: np.where(money > 0, a / money, np.nan)  # noqa: E731
        earners = r["owners_running"][:, :, t] + r["hired"][:, :, t]
        share = np.where(earners.sum(1, keepdims=True) > 0, earners / earners.sum(1, keepdims=True), 0.0)
        return {"hired_jobs": per(r["hired"][:, :, t]), "owners_running": per(r["owners_running"][:, :, t]),
                "tsa_families": per(r["tsa_families_out"][:, t, None] * share),
                "output_bn_kzt": per(r["output_agri"][:, :, t]),
                "budget_cost_bn_kzt": per(r["fiscal_cost_by_direction"].sum(-1))}


def allocate(effect: np.ndarray, money: float, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Money by direction maximising ``effect`` (mean per bn) x money within [lower, upper], sum = money."""
    from scipy.optimize import linprog

    lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    res = linprog(-np.asarray(effect, dtype=float), A_eq=np.ones((1, len(effect))), b_eq=[money],
                  bounds=list(zip(lower, upper)), method="highs")
    if res.status != 0:
        raise DataError(rel(as_pack(None) / "directions.csv"), "capacity_projects_per_year", round(float(upper.sum()), 2),
                        f"capacity and share ranges that can take {money:.1f} bn KZT ({res.message})")
    return res.x


def remaining_money(path: Scenario) -> tuple[float, int]:
    """Money (bn KZT, 2019 prices) not reported lent by the last reported year, and that year."""
    from .delivered import first_stage_projects, reported_path
    rep = reported_path(path.values, first_stage_projects(path.values))
    budget = float(path.value("programme.budget_bn_kzt")) * float(path.value("programme.budget_scale"))
    return budget - sum(rep["money"]), int(rep["years"][-1])


def to_date(path: Scenario, central) -> dict:
    """What the programme had lent by the last reported year and what that bought: the money
    reported lent (bn KZT, 2019 prices; a stage whose money was not published at the money per
    borrower of the stage before), the borrowers reported (cumulative), the first stage's reported
    hired jobs and new sole proprietors, and the delivery path's own figures that year at the
    pilot's rates (``central``: the projection of ``path``): direct jobs, hired, TSA families out."""
    from .delivered import first_stage_projects, reported_path
    from .outturn import load_outturn, load_schedule

    rep = reported_path(path.values, first_stage_projects(path.values))  # as remaining_money counts it
    year = int(rep["years"][-1])
    facts = load_outturn()
    t = targets.year_index(central.arrays["years"], year)
    r = central.arrays
    return {"year": year, "lent_bn_kzt": float(sum(rep["money"])),
            "all_money_published": bool(all(rep["money_reported"])),
            "budget_bn_kzt": float(path.value("programme.budget_bn_kzt")) * float(path.value("programme.budget_scale")),
            "borrowers": float(facts[load_schedule()[-1].borrowers].value),
            "reported_hired_first_stage": float(facts["hired_jobs_first_stage"].value),
            "reported_sole_proprietors_first_stage": float(facts["sole_proprietors_first_stage"].value),
            "jobs_direct": float(r["jobs_direct"][0, :, t].sum()), "hired": float(r["hired"][0, :, t].sum()),
            "tsa_families_out": float(r["tsa_families_out"][0, t])}


def require_outturn() -> None:
    """A DataError unless the programme in force reported its own lending (its ``outturn.yaml``, not
    its prior's): the decision weighs the pilot's first stage and projects the money on the
    programme's delivery path (``as_delivered``), which only a programme with an outturn has."""
    from . import packs
    from .paths import pack, rel

    p = pack()
    if not packs.own("outturn.yaml", p):
        raise DataError(rel(p.programme_dir / "outturn.yaml"), "outturn", None,
                        f"the reported lending of {p.programme} (decide projects the money on the programme's "
                        f"delivery path, as_delivered, which needs it; none is published for it yet)", shown=False)


def decide(name: str | None = "akimat", draws: int = 20_000, seed: int = 2019, objective: str = "jobs",
           overrides: dict | None = None) -> dict:
    """Everything ``python -m model decide`` prints, as one record (see the module's docstring).
    ``overrides`` apply to the scenario and to the delivery path alike."""
    from .projection import project

    if objective not in OBJECTIVES:
        raise DataError("--objective", "objective", objective, f"one of {', '.join(OBJECTIVES)}")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise DataError("--draws", "draws", draws, f"a whole number from {MIN_DRAWS} to {MAX_DRAWS:,}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2 ** 63:
        raise DataError("--seed", "seed", seed, "a whole number from 0 to 2^63 - 1")
    require_outturn()
    scenario = load_scenario(name, overrides)
    path = load_scenario(DELIVERED, overrides)
    post = posterior(scenario, int(draws), int(seed))
    central = project(path)
    year = decision_year(central)
    values, r = forward(post, path)
    t = targets.year_index(r["years"], year)
    plan, pilot = project(scenario), central
    tgt_plan = {row["key"]: row for row in plan.target_rows}
    ev = targets.evaluate(r, year)
    ev_pilot = {row["key"]: row for row in targets.table(pilot.arrays, year)}
    art = load_sources().article
    money_lent = r["spend"][:, :, : t + 1].sum((1, 2))  # (n,) bn KZT by the decision year
    # the most the lenders can lend by the decision year: every direction at capacity every year
    capacity_money = sum(path.value(f"directions.{d}.capacity_projects_per_year")
                         * path.value(f"directions.{d}.cost_per_project_m_kzt") for d in DIRECTIONS) * (t + 1) / 1000
    rows = []
    for key in TARGET_KEYS:
        tg = next(x for x in targets.TARGETS if x.key == key)
        projected = np.asarray(ev[key]["projected"], dtype=float)
        announced = targets.target_value(tg)
        sign = -1.0 if tg.rule == "<" else 1.0
        reached = sign * projected  # a fall in TSA recipients counted as a positive number
        restated = float(np.quantile(reached, 1 - CONFIDENCE)) * sign
        needed = None
        if tg.rule == ">=" and tg.unit != "%":
            per_bn = np.quantile(reached / money_lent, 1 - CONFIDENCE)
            m = announced / per_bn if per_bn > 0 else math.inf
            needed = float(m) if m <= capacity_money else None
        rows.append({"key": key, "unit": tg.unit, "rule": tg.rule, "announced": announced,
                     "plan": float(tgt_plan[key]["projected"]), "plan_year": int(plan.summary["target_year"]),
                     "pilot": float(ev_pilot[key]["projected"]), "best": float(np.median(projected)),
                     "p10": float(np.quantile(projected, 0.1)), "p90": float(np.quantile(projected, 0.9)),
                     "p05": float(np.quantile(projected, 0.05)), "p95": float(np.quantile(projected, 0.95)),
                     "restated": restated, "money_needed_bn_kzt": needed})
    per_bn = by_direction_per_bn(r, t)
    directions = direction_rows(per_bn)
    # the allocation of the money not yet reported lent
    rest, last_reported = remaining_money(path)
    rest = max(rest, 0.0)  # a budget cut below what was already lent leaves nothing to allocate
    allocation = allocate_rest(path, values, per_bn, rest, last_reported, year, objective, len(money_lent))
    tranche = {"hired_jobs_per_bn": float(np.quantile(post.stage["hired_per_bn"], 1 - CONFIDENCE)),
               "owners_per_bn": float(np.quantile(post.stage["owners_per_bn"], 1 - CONFIDENCE)),
               "measured_after_years": int(path.value("evidence.observed_after_years"))}
    return {"scenario": scenario.name, "path": DELIVERED, "draws": post.draws, "draws_requested": int(draws), "seed": int(seed),
            "decision_year": year,
            "effective_sample_size": post.ess, "ess_ok": post.ess >= ESS_MIN, "redrawn": post.redrawn,
            "posterior_sample": len(money_lent),
            "stage_fit": {k: {"reported": v, **quantiles(post.stage[k])} for k, v in reported_stage(scenario.values).items()},
            "targets": rows, "directions": directions,
            "allocation": allocation,
            "tranche": tranche, "to_date": to_date(path, central),
            # by year on the delivery path: the posterior's 10-90 % and the pilot's rates
            "series": series_by_year(r, central)}


def direction_rows(per_bn: dict) -> list[dict]:
    """Per bn KZT lent by direction (``by_direction_per_bn``): the median and 10-90 % of each figure."""
    return [{"name": d, **{k: quantiles(a[:, i][np.isfinite(a[:, i])]) if np.isfinite(a[:, i]).any() else None
                           for k, a in per_bn.items()}} for i, d in enumerate(DIRECTIONS)]


def series_by_year(r: dict, central) -> dict:
    """Direct jobs and TSA families out by year: the posterior's 10-90 % and ``central``'s single run."""
    return {k: [{"year": int(y), **quantiles(a[:, i]), "pilot": float(b[0, i])} for i, y in enumerate(r["years"])]
            for k, a, b in (("jobs_direct", r["jobs_direct"].sum(1), central.arrays["jobs_direct"].sum(1)),
                            ("tsa_families_out", r["tsa_families_out"], central.arrays["tsa_families_out"]))}


def allocate_rest(path: Scenario, values: dict, per_bn: dict, rest: float, last_reported: int, year: int,
                  objective: str, n: int, capacity: bool = True) -> dict:
    """The split of ``rest`` bn KZT (lent after ``last_reported``, by the decision ``year``) that does most
    for ``objective`` within each direction's share range and (``capacity``) its lenders' capacity,
    against ``path``'s split."""
    key = {"jobs": None, "tsa": "tsa_families", "output": "output_bn_kzt"}[objective]
    effect_draws = per_bn["hired_jobs"] + per_bn["owners_running"] if key is None else per_bn[key]
    effect_draws = np.nan_to_num(effect_draws)
    now = np.array([path.value(f"directions.{d}.budget_share") for d in DIRECTIONS])
    years_left = max(1, year - last_reported - 1)
    cost = np.array([np.mean(np.broadcast_to(values[f"directions.{d}.cost_per_project_m_kzt"], (n,)))
                     for d in DIRECTIONS]) * float(np.mean(values["timeline.cost_index"][-1:]))
    cap = np.array([path.value(f"directions.{d}.capacity_projects_per_year") for d in DIRECTIONS]) * cost * years_left / 1000
    lo = np.array([path.params[f"directions.{d}.budget_share"].low or 0.0 for d in DIRECTIONS]) * rest
    hi = np.array([path.params[f"directions.{d}.budget_share"].high or 1.0 for d in DIRECTIONS]) * rest
    hi = np.minimum(hi, cap) if capacity else hi
    lo = np.minimum(lo, hi)
    best = allocate(effect_draws.mean(0), rest, lo, hi) if rest > 0 else now * 0.0
    gain = effect_draws @ best - effect_draws @ (now * rest)
    shares_best = best / rest if rest > 0 else now
    return {"objective": objective, "money_bn_kzt": rest, "after_year": last_reported,
            "shares_now": dict(zip(DIRECTIONS, now.tolist())),
            "shares_best": dict(zip(DIRECTIONS, shares_best.tolist())),
            "capacity_bn_kzt": dict(zip(DIRECTIONS, cap.tolist())),
            "gain": quantiles(gain), "p_better": float(np.mean(gain > 0)),
            # the directions the best split gives the most and the least more than today's
            "more_to": DIRECTIONS[int(np.argmax(shares_best - now))] if rest > 0 else None,
            "less_to": DIRECTIONS[int(np.argmin(shares_best - now))] if rest > 0 else None,
            **({} if capacity else {"capacity_binds": False})}


# --- a programme without its own reported lending ---------------------------------------------

# what a programme that announces no jobs, output or TSA figure is estimated on: key, unit, series (n, T)
OWN_ESTIMATES = (("jobs_direct", "jobs", lambda r: r["jobs_direct"].sum(1)),
                 ("hired", "jobs", lambda r: r["hired"].sum(1)),
                 ("entrepreneurs", "people", lambda r: r["entrepreneurs"].sum(1)),
                 ("output_added_bn_kzt", "bn KZT", lambda r: r["output_agri"].sum(1)),
                 ("tsa_people_out", "people", lambda r: r["tsa_people_out"]))


def on_plan(name: str | None = None, draws: int = 20_000, seed: int = 2019, objective: str = "jobs",
            overrides: dict | None = None) -> dict:
    """What ``decide`` can say for a programme that has not reported lending of its own (no delivery
    path): its rates weighed by the pilot its ``prior`` chain holds (the first stage replayed in the
    pilot's own year and prices), projected on the plan's own schedule and read the year after its
    last money is lent. The record has ``decide``'s keys less ``to_date`` and ``tranche`` (both read
    the programme's reported lending); ``path`` is the plan; ``targets`` holds the figures the
    announcement gives, ``estimates`` the others (``OWN_ESTIMATES``); the allocation splits the
    plan's whole money (``after_year``: the year before it starts)."""
    from .projection import project

    if objective not in OBJECTIVES:
        raise DataError("--objective", "objective", objective, f"one of {', '.join(OBJECTIVES)}")
    scenario = load_scenario(name, overrides)
    # the first stage weighed where it happened: the pilot's year (its money deflated from then)
    stage = load_scenario(scenario.name, {**dict(overrides or {}),
                                          "programme.start_year": evidence_mod.stage_year(scenario.values)})
    post = posterior(stage, max(int(draws), MIN_DRAWS), int(seed))
    central = project(scenario)
    year = decision_year(central)
    values, r = forward(post, scenario)
    t = targets.year_index(r["years"], year)
    art = load_sources().article
    rows = []
    for tg in targets.announced(art):
        if tg.key not in TARGET_KEYS:
            continue
        projected = np.asarray(tg.series(r)[:, t], dtype=float)
        sign = -1.0 if tg.rule == "<" else 1.0
        rows.append({"key": tg.key, "unit": tg.unit, "rule": tg.rule, "announced": targets.target_value(tg, art),
                     "plan": float(tg.series(central.arrays)[0, t]), "best": float(np.median(projected)),
                     **{k: float(np.quantile(projected, q)) for k, q in (("p10", 0.1), ("p90", 0.9))},
                     "restated": float(np.quantile(sign * projected, 1 - CONFIDENCE)) * sign})
    estimates = [{"key": key, "unit": unit, "plan": float(series(central.arrays)[0, t]),
                  "best": float(np.median(series(r)[:, t])), **quantiles(series(r)[:, t])}
                 for key, unit, series in OWN_ESTIMATES]
    per_bn = by_direction_per_bn(r, t)
    start = int(scenario.value("programme.start_year"))
    money = float(scenario.value("programme.budget_bn_kzt")) * float(scenario.value("programme.budget_scale"))
    n = r["spend"].shape[0]
    return {"scenario": scenario.name, "path": scenario.name, "draws": post.draws, "draws_requested": int(draws),
            "seed": int(seed), "decision_year": year, "stage_year": int(stage.value("programme.start_year")),
            "effective_sample_size": post.ess, "ess_ok": post.ess >= ESS_MIN, "redrawn": post.redrawn,
            "posterior_sample": n,
            "stage_fit": {k: {"reported": v, **quantiles(post.stage[k])} for k, v in reported_stage(stage.values).items()},
            "targets": rows, "estimates": estimates, "directions": direction_rows(per_bn),
            # a plan that lends beyond the lenders' capacity (delivery.capacity_binds 0) is split within the
            # share ranges alone: its capacity is shown, not imposed
            "allocation": allocate_rest(scenario, values, per_bn, money, start - 1, year, objective, n,
                                        capacity=bool(scenario.value("delivery.capacity_binds"))),
            # by year on the plan's schedule: the posterior's 10-90 % and the plan's fitted rates ("pilot": its run)
            "series": series_by_year(r, central)}


# --- read from the record (notebook 09 and the brief quote these) ------------------------------


def share_of_announced(row: dict) -> float | None:
    """A target of ``decide``'s record (one of ``record["targets"]``): its best estimate (the
    posterior median, ``best``) as a fraction of the announced figure; None when the figure is zero."""
    return row["best"] / row["announced"] if row["announced"] else None


def allocation_money(allocation: dict) -> dict[str, float]:
    """The best split of the money not yet reported lent (``record["allocation"]``), in bn KZT of
    2019 prices by direction: each direction's share of it (``shares_best``) times that money
    (``money_bn_kzt``); the parts add up to the money."""
    return {d: share * allocation["money_bn_kzt"] for d, share in allocation["shares_best"].items()}
