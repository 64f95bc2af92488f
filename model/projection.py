"""A scenario's projection: tidy table year x direction x indicator, summary and targets."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from typing import TYPE_CHECKING

import numpy as np

from . import missing, packs, plausibility, targets
from .core import compute
from .parameters import DIRECTIONS
from .scenario import Scenario

if TYPE_CHECKING:  # pandas is imported when a table is asked for: `project --json` needs none
    import pandas as pd

# indicator -> unit, for arrays by direction (n, D, T)
BY_DIRECTION = {
    "spend": "bn KZT", "planned": "projects", "launched": "projects", "projects": "projects", "running": "projects",
    "relent": "bn KZT", "default_cost": "bn KZT", "loan_service": "KZT a month",
    "owners_running": "jobs", "hired": "jobs", "jobs_direct": "jobs", "jobs_target_basis": "jobs",
    "jobs_direct_net": "jobs", "jobs_indirect": "jobs", "jobs_net_total": "jobs",
    "entrepreneurs": "people",
    "output": "bn KZT", "output_agri": "bn KZT", "to_plants": "bn KZT",
}
# indicator -> unit, for totals by year (n, T)
TOTALS = {
    "output_rise_pct": "%", "output_rise_pct_public": "%",
    "processing_rise_pct": "%", "processing_rise_pp": "pp", "processing_load": "share",
    "tsa_families_out": "families", "tsa_people_out": "people", "tsa_saved_bn": "bn KZT",
    "tsa_families_out_aggregate": "families", "tsa_people_out_aggregate": "people", "tsa_saved_bn_aggregate": "bn KZT",
    "total_cost": "bn KZT", "fiscal_cost": "bn KZT", "value_added_net": "bn KZT", "taxes": "bn KZT",
    "labour_cost": "bn KZT", "economic_net": "bn KZT", "economic_net_no_shadow_wage": "bn KZT", "fiscal_net": "bn KZT",
}
# the appraisal results that go into ``as_dict()["appraisal"]``, each with its plausibility flag
APPRAISAL_KEYS = ("economic_npv_bn_kzt", "economic_bcr", "economic_irr", "payback_years", "fiscal_npv_bn_kzt",
                  "fiscal_bcr", "economic_npv_no_shadow_wage_bn_kzt", "economic_bcr_no_shadow_wage",
                  "economic_irr_no_shadow_wage")


@dataclass
class Projection:
    scenario: Scenario
    arrays: dict = field(repr=False)
    summary: dict = field(repr=False)
    target_rows: list = field(repr=False)
    # what could not be run: the region's missing figures and the results they feed, the households
    # (model/missing.py); None when everything ran (the JSON then has no such key)
    not_run: dict | None = field(default=None, repr=False)

    @cached_property
    def table(self) -> pd.DataFrame:
        """Tidy: year, direction (five and "total"), indicator, value, unit."""
        return tidy(self.arrays)

    @cached_property
    def targets(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.target_rows)

    @property
    def years(self) -> np.ndarray:
        return self.arrays["years"]

    def as_dict(self) -> dict:
        """Plain JSON-ready record: scenario, targets, summary, calibration (for results.json and --json)."""
        sc = self.scenario
        s = self.summary
        out = {"scenario": sc.name, "title": sc.title, "targets": self.target_rows, "summary": s,
               "jobs": {"owners_running": s["owners_running"], "hired": s["hired"], "total": s["jobs_direct"],
                        "net": s["jobs_direct_net"], "reading": s["jobs_reading"], "year": s["target_year"]}}
        out["delivery"] = delivery_record(self.arrays, sc)
        out["repayment"] = repayment_record(self.arrays)
        out["appraisal"] = {k: plausibility.check(k, s[k]) for k in APPRAISAL_KEYS}
        if sc.calibration is not None:
            out["calibration"] = list(sc.calibration.rows)
        if sc.notes:
            out["notes"] = list(sc.notes)
        changed = {k: p.value for k, p in sc.params.items() if p.source == "override"}
        if changed:
            out["overrides"] = changed
        if self.not_run is not None:
            out["not_run"] = self.not_run
        return out

    def series(self, indicator: str, direction: str = "total") -> pd.Series:
        """One indicator by year."""
        t = self.table
        sel = t[(t.indicator == indicator) & (t.direction == direction)]
        return sel.set_index("year")["value"]

    def wide(self, indicator: str) -> pd.DataFrame:
        """One indicator: years x directions (plus total)."""
        t = self.table[self.table.indicator == indicator]
        return t.pivot(index="year", columns="direction", values="value")[[*DIRECTIONS, "total"]]


def tidy(r: dict) -> pd.DataFrame:
    """Arrays of a single run -> long table: year, direction, indicator, value, unit."""
    import pandas as pd

    years = r["years"]
    frames = []
    for name, unit in BY_DIRECTION.items():
        a = r[name][0]
        block = np.vstack([a, a.sum(0, keepdims=True)])
        for d, row in zip([*DIRECTIONS, "total"], block):
            frames.append(pd.DataFrame({"year": years, "direction": d, "indicator": name, "value": row, "unit": unit}))
    for name, unit in TOTALS.items():
        frames.append(pd.DataFrame({"year": years, "direction": "total", "indicator": name,
                                    "value": r[name][0], "unit": unit}))
    return pd.concat(frames, ignore_index=True)


def delivery_record(r: dict, scenario: Scenario) -> dict:
    """Projects planned, launched and the capacity by year (totals and by direction), money lent.

    ``beyond_capacity``: the schedule asks some direction for more projects in some year than it
    can launch; ``capacity_binds``: whether such launches were moved later (else only flagged).
    """
    years = []
    for t, year in enumerate(r["years"]):
        years.append({
            "year": int(year), "planned": float(r["planned"][0, :, t].sum()),
            "launched": float(r["launched"][0, :, t].sum()), "capacity": float(r["capacity"][0].sum()),
            "spent_bn_kzt": float(r["spend"][0, :, t].sum()), "relent_bn_kzt": float(r["relent"][0, :, t].sum()),
            "by_direction": {d: {"planned": float(r["planned"][0, i, t]), "launched": float(r["launched"][0, i, t]),
                                 "capacity": float(r["capacity"][0, i])} for i, d in enumerate(DIRECTIONS)}})
    launched = r["launched"][0].sum(0)
    last = int(r["years"][np.flatnonzero(launched > 1e-9)[-1]]) if (launched > 1e-9).any() else None
    return {"beyond_capacity": bool(r["beyond_capacity"][0]),
            "capacity_binds": bool(scenario.value("delivery.capacity_binds") >= 0.5),
            "revolving": bool(scenario.value("delivery.revolving") >= 0.5),
            "last_launch_year": last, "unlent_bn_kzt": float(r["unlent"][0].sum()), "years": years}


def repayment_record(r: dict) -> dict:
    """By direction: monthly loan service and income gain of one project (KZT, 2019 prices), what the
    owner keeps net of the service, the burden (service / gain) and the default rate it implies."""
    out = {}
    for i, d in enumerate(DIRECTIONS):
        service, gain = float(r["loan_service_month"][0, i]), float(r["income_gain_month"][0, i])
        out[d] = {"monthly_service_kzt": service, "monthly_income_gain_kzt": gain,
                  "monthly_net_kzt": gain - service, "burden": float(r["burden"][0, i]),
                  "default_rate": float(r["default_rate"][0, i])}
    return out


def jobs_reading(scenario: Scenario) -> str:
    """How the article's 90,000 jobs are read: "including" the owners (default) or "in_addition" to them."""
    return "including" if scenario.value("jobs.owners_in_target") >= 0.5 else "in_addition"


def summarise(r: dict, scenario: Scenario) -> dict:
    """Key figures of a single run, plain floats (for results.json and the notebooks' text)."""
    ty = scenario.value("programme.target_year")
    i = targets.year_index(r["years"], ty)
    jobs_direct = float(r["jobs_direct"][0, :, i].sum())
    hired = float(r["hired"][0, :, i].sum())
    jobs_net = float(r["jobs_net_total"][0, :, i].sum())
    total_cost = float(r["total_cost"][0].sum())
    fiscal_cost = float(r["fiscal_cost"][0].sum())
    # cost per job: the money lent by the target year against the jobs of that year (a schedule that
    # lends later is not charged for money its jobs have not yet received)
    cost_by = float(r["total_cost"][0, : i + 1].sum())
    fiscal_by = float(r["fiscal_cost"][0, : i + 1].sum())
    s = {
        "target_year": ty,
        "budget_bn_kzt": total_cost,
        "fiscal_cost_bn_kzt": fiscal_cost,
        "projects": float(r["projects"][0, :, -1].sum()),
        "owners_running": float(r["owners_running"][0, :, i].sum()),
        "hired": hired,
        "jobs_direct": jobs_direct,
        "jobs_target_basis": float(r["jobs_target_basis"][0, :, i].sum()),
        "jobs_reading": jobs_reading(scenario),
        "jobs_direct_net": float(r["jobs_direct_net"][0, :, i].sum()),
        # gross -> net: the jobs that would have appeared anyway, then those taken from other producers
        "jobs_deadweight": jobs_direct * float(scenario.value("net_effect.deadweight")),
        "jobs_displaced": jobs_direct * (1 - float(scenario.value("net_effect.deadweight")))
        * float(scenario.value("net_effect.displacement")),
        "jobs_indirect": float(r["jobs_indirect"][0, :, i].sum()),
        "jobs_net_total": jobs_net,
        "job_years_net": float(r["jobs_net_total"][0].sum()),
        "entrepreneurs": float(r["entrepreneurs"][0, :, i].sum()),
        "output_added_bn_kzt": float(r["output_agri"][0, :, i].sum()),
        "output_rise_pct": float(r["output_rise_pct"][0, i]),
        "output_rise_pct_public": float(r["output_rise_pct_public"][0, i]),
        "baseline_public_bn_kzt": float(r["baseline_public_bn"][0, 0]),
        "processing_rise_pct": float(r["processing_rise_pct"][0, i]),
        "processing_rise_pp": float(r["processing_rise_pp"][0, i]),
        "tsa_families_out": float(r["tsa_families_out"][0, i]),
        "tsa_people_out": float(r["tsa_people_out"][0, i]),
        # one TSA answer, the microsimulation's; the aggregate cross-check stays in the series (notebooks 04, 07)
        "tsa_saved_bn_kzt_total": float(r["tsa_saved_bn"][0].sum()),
        "spent_by_target_year_bn_kzt": cost_by,
        "fiscal_by_target_year_bn_kzt": fiscal_by,
        "cost_per_job_m_kzt": cost_by * 1000 / jobs_direct if jobs_direct else float("nan"),
        "cost_per_hired_job_m_kzt": cost_by * 1000 / hired if hired else float("nan"),
        "cost_per_net_job_m_kzt": cost_by * 1000 / jobs_net if jobs_net else float("nan"),
        "fiscal_cost_per_net_job_m_kzt": fiscal_by * 1000 / jobs_net if jobs_net else float("nan"),
        "discount_rate": scenario.value("appraisal.discount_rate"),
        "economic_npv_bn_kzt": float(r["economic_npv"][0]),
        "economic_bcr": float(r["economic_bcr"][0]),
        "economic_irr": float(r["economic_irr"][0]),
        "payback_years": float(r["payback_years"][0]),
        "fiscal_npv_bn_kzt": float(r["fiscal_npv"][0]),
        "fiscal_bcr": float(r["fiscal_bcr"][0]),
        "labour_cost_bn_kzt_total": float(r["labour_cost"][0].sum()),
        "economic_npv_no_shadow_wage_bn_kzt": float(r["economic_npv_no_shadow_wage"][0]),
        "economic_bcr_no_shadow_wage": float(r["economic_bcr_no_shadow_wage"][0]),
        "economic_irr_no_shadow_wage": float(r["economic_irr_no_shadow_wage"][0]),
        "beyond_capacity": bool(r["beyond_capacity"][0]),
        "unlent_bn_kzt": float(r["unlent"][0].sum()),
        "relent_bn_kzt": float(r["relent"][0].sum()),
        "default_cost_bn_kzt": float(r["default_cost"][0].sum()),
        # the money-weighted default rate of the microcredit lent
        "default_rate_mean": float((r["default_rate"][0] * r["spend"][0].sum(-1)).sum() / total_cost) if total_cost
        else float("nan"),
    }
    return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in s.items()}


def project(scenario: Scenario) -> Projection:
    """Project a scenario: every indicator by year and direction, the summary and the targets."""
    from .microsim import tsa_outcome  # the suite's TSA answer, household by household

    scenario.check_pack()
    households = packs.no_households()
    r = compute(scenario.values, tsa_outcome=tsa_outcome if households is None else None)
    lacking = missing.declared(scenario.params)
    not_run = None
    if lacking or households is not None:
        figures = missing.not_run(scenario.values, lacking,
                                  lambda values: summarise(compute(values, tsa_outcome=None), scenario))
        not_run = missing.record(lacking, figures, households)
    return Projection(scenario=scenario, arrays=r, summary=summarise(r, scenario),
                      target_rows=targets.table(r, scenario.value("programme.target_year")), not_run=not_run)
