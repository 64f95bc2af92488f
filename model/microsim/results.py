"""One scenario through the microsimulation: tables by year and district, the pilot check, JSON.

Numbers only; notebooks and the command line format them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from .. import cache
from . import assignment, context, outcomes, pop_scale, tsa_weight
from .inputs import household_inputs
from ..parameters import load_sources
from ..targets import year_index


@dataclass
class Microsim:
    scenario: str
    seed: int
    target_year: int
    values: dict = field(repr=False)
    arrays: dict = field(repr=False)  # the model's arrays (aggregate TSA estimate included)
    pop: object = field(repr=False)
    cf: object = field(repr=False)
    earners: object = field(repr=False)
    effects: object = field(repr=False)
    hh: object = field(repr=False)

    # ------------------------------------------------------------------ caseload by year
    @cached_property
    def caseload(self) -> pd.DataFrame:
        """By year from 2019: families and people on TSA without and with the programme, exits, saving."""
        w, m = self.pop.weight, self.pop.members
        fam_cf, ppl_cf = self.cf.on_tsa @ w, self.cf.on_tsa @ (w * m)
        df = pd.DataFrame({"year": self.cf.years, "families_without_programme": fam_cf,
                           "people_without_programme": ppl_cf})
        exits_f = np.zeros(len(df))
        exits_p = np.zeros(len(df))
        saved = np.zeros(len(df))
        i = np.searchsorted(self.cf.years, self.effects.years)
        exits_f[i] = self.effects.families_exit[0].sum(-1)
        exits_p[i] = self.effects.people_exit[0].sum(-1)
        saved[i] = self.effects.saved_bn_year()[0].sum(-1)
        df["families_exit"], df["people_exit"], df["saved_bn_kzt"] = exits_f, exits_p, saved
        df["families_with_programme"] = fam_cf - exits_f
        df["people_with_programme"] = ppl_cf - exits_p
        return df.set_index("year")

    def change(self, column: str, start: int, end: int) -> float:
        """A caseload column's relative change from ``start`` to ``end``, a fraction (-0.3: 30 % fewer)."""
        return self.caseload.at[end, column] / self.caseload.at[start, column] - 1

    def _i(self, year: int) -> int:
        return year_index(self.cf.years, year)

    def _t(self, year: int) -> int:
        return year_index(self.effects.years, year)

    # ------------------------------------------------------------------ districts
    def districts(self, year: int | None = None, total: bool = False) -> pd.DataFrame:
        """By district: households, people, TSA 2019, and in ``year`` the caseload without, exits, with;
        ``total``: a last row, district "total", the districts summed (the oblast)."""
        year = year or self.target_year
        p, i, t = self.pop, self._i(year), self._t(year)
        on2019 = self.cf.on_tsa[0].astype(float)
        without = self.cf.on_tsa[i].astype(float)
        df = pd.DataFrame({
            "district": p.district_keys,
            "households": p.district_totals(np.ones(p.households)),
            "people": p.district_totals(p.members.astype(float)),
            "tsa_families_baseline": p.district_totals(on2019),
            "tsa_people_baseline": p.district_totals(on2019 * p.members),
            "families_without_programme": p.district_totals(without),
            "tsa_families_exit": self.effects.families_exit[0, t],
            "tsa_people_exit": self.effects.people_exit[0, t],
            "saved_bn_kzt": self.effects.saved_bn_year()[0, t],
        })
        df["families_with_programme"] = df["families_without_programme"] - df["tsa_families_exit"]
        if total:
            df = pd.concat([df, pd.DataFrame([{"district": "total", **df.drop(columns="district").sum()}])],
                           ignore_index=True)
        return df

    # ------------------------------------------------------------------ participants
    def participants(self, year: int | None = None) -> dict:
        """Households holding a place in ``year``: how many, TSA families among them, income per head.

        TSA families: ``before`` in the year before the programme (the screening year, 2019: the
        pilot's before-and-after), ``without`` the programme in ``year``, ``after`` (with it) in
        ``year``. ``tsa_change`` is before and after, as the pilot measured it, so it holds what
        would have happened anyway (the 2020 rule, stricter checks: ``tsa_fall_anyway``, the share of
        that fall); ``tsa_change_programme`` is the programme's own effect, against the path without it.
        """
        year = year or self.target_year
        i = self._i(year)
        part = self.hh.participant[i]
        w = self.pop.weight * part
        pw = w * self.pop.members
        screening = self._i(max(int(self.values["programme.start_year"]) - 1, int(self.cf.years[0])))
        before = float(self.hh.on_tsa_without[screening] @ w)
        without = float(self.hh.on_tsa_without[i] @ w)
        after = float(self.hh.on_tsa_with[i] @ w)
        people = pw.sum()
        return {
            "households": float(w.sum()), "tsa_families_before": before, "tsa_families_without": without,
            "tsa_families_after": after, "tsa_change": (after / before - 1) if before else None,
            "tsa_change_programme": (after / without - 1) if without else None,
            "tsa_fall_anyway": (before - without) / (before - after) if before > after else None,
            "income_before": float(self.hh.income_without[i] @ pw / people) if people else None,
            "income_after": float(self.hh.income_with[i] @ pw / people) if people else None,
            "income_added_per_household": float((self.hh.income_with[i] - self.hh.income_without[i])
                                                @ pw / w.sum()) if people else None,
        }

    # ------------------------------------------------------------------ who leaves and why
    def who_leaves(self, by: str, year: int | None = None) -> pd.DataFrame:
        """TSA families without the programme and those leaving because of it, by ``by``:
        "members" (family size), "income" (income per head before, share of the line), "district"."""
        year = year or self.target_year
        i = self._i(year)
        p = self.pop
        if by == "members":
            key = np.minimum(p.members, 9)
        elif by == "income":
            ratio = self.cf.income[i] / self.cf.line[i]
            key = np.minimum((ratio * 4).astype(int), 3)  # quarters of the line: <25 %, 25-50 %, 50-75 %, 75-100 %
        elif by == "district":
            key = p.district
        else:
            raise ValueError(f"by = {by!r}: expected members, income or district")
        on = self.cf.on_tsa[i]
        leaves = self.hh.leaves[i]
        df = pd.DataFrame({"key": key, "on": on * p.weight, "leaves": leaves * p.weight,
                           "participant": (self.hh.participant[i] & on) * p.weight})
        g = df.groupby("key")[["on", "participant", "leaves"]].sum()
        g["share_leaving"] = np.where(g["on"] > 0, g["leaves"] / g["on"].where(g["on"] > 0, 1), 0.0)
        if by == "district":
            g.index = [p.district_keys[k] for k in g.index]
        return g

    # ------------------------------------------------------------------ poverty and deciles
    @cached_property
    def poverty(self) -> pd.DataFrame:
        """By year: people below the line and the poverty gap index, without and with the programme."""
        pw = self.pop.weight * self.pop.members
        rows = []
        for i, year in enumerate(self.cf.years):
            h0, g0 = outcomes.poverty(self.hh.income_without[i], self.cf.line[i], pw)
            h1, g1 = outcomes.poverty(self.hh.income_with[i], self.cf.line[i], pw)
            rows.append({"year": int(year), "headcount_without": h0, "headcount_with": h1,
                         "gap_without": g0, "gap_with": g1})
        return pd.DataFrame(rows).set_index("year")

    def deciles(self, year: int | None = None, participants_only: bool = False) -> pd.DataFrame:
        """Income per head at each decile boundary, without and with the programme (2019 KZT a month)."""
        i = self._i(year or self.target_year)
        pw = self.pop.weight * self.pop.members
        if participants_only:
            pw = pw * self.hh.participant[i]
        return pd.DataFrame({"decile": np.arange(1, 10),
                             "without": outcomes.deciles(self.hh.income_without[i], pw),
                             "with": outcomes.deciles(self.hh.income_with[i], pw)}).set_index("decile")

    # ------------------------------------------------------------------ the aggregate cross-check
    def aggregate(self) -> pd.DataFrame:
        """The aggregate estimate (model/tsa.py) beside the microsimulation, by programme year."""
        years = self.effects.years
        cl = self.caseload.loc[years]
        agg_f = self.arrays.get("tsa_families_out_aggregate", self.arrays["tsa_families_out"])[0]
        agg_p = self.arrays.get("tsa_people_out_aggregate", self.arrays["tsa_people_out"])[0]
        return pd.DataFrame({"year": years, "aggregate_families": agg_f, "aggregate_people": agg_p,
                             "microsim_families": cl["families_exit"].to_numpy(),
                             "microsim_people": cl["people_exit"].to_numpy(),
                             "caseload_without": cl["families_without_programme"].to_numpy()}).set_index("year")

    # ------------------------------------------------------------------ JSON
    def as_dict(self) -> dict:
        """The record ``python -m model microsim --json`` prints (issue 7, item 8)."""
        cl = self.caseload
        y = self.target_year
        d = self.districts(y)
        part = self.participants(y)
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "households": _r(self.pop.weight.sum()),
            "settlements": int(self.pop.settlements),
            "people": _r(self.pop.weight @ self.pop.members),
            "tsa_families_baseline": _r(cl.at[2019, "families_without_programme"]),
            "tsa_people_baseline": _r(cl.at[2019, "people_without_programme"]),
            "tsa_families_exit": _r(cl.at[y, "families_exit"]),
            "tsa_people_exit": _r(cl.at[y, "people_exit"]),
            "tsa_savings_bn_kzt": round(float(cl.at[y, "saved_bn_kzt"]), 4),
            "caseload": [{"year": int(yr), "families_without_programme": _r(row.families_without_programme),
                          "people_without_programme": _r(row.people_without_programme),
                          "families_with_programme": _r(row.families_with_programme),
                          "people_with_programme": _r(row.people_with_programme)}
                         for yr, row in cl.iterrows()],
            "districts": [{"name": row.district, "households": _r(row.households), "people": _r(row.people),
                           "tsa_families_baseline": _r(row.tsa_families_baseline),
                           "tsa_families_exit": _r(row.tsa_families_exit)} for row in d.itertuples()],
            "participants": {"households": _r(part["households"]),
                             "tsa_families_before": _r(part["tsa_families_before"]),
                             "tsa_families_without": _r(part["tsa_families_without"]),
                             "tsa_families_after": _r(part["tsa_families_after"])},
            "checks": self.checks,
        }

    @cached_property
    def checks(self) -> list[dict]:
        """results.checks for this run (the pilot and the programme as delivered on the same households).
        They hold the households to the region's published figures, which the region's history holds
        (its pilot, its lending: ``packs.history``), so they run in that pack whatever is projected."""
        from .. import packs
        from ..paths import using

        with using(packs.history()):  # the region of the pack in force
            return checks(self)


def _r(x) -> float:
    """Counts of weighted households and people, to one decimal (plain float, never NaN)."""
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"microsim: non-finite value {x}")
    return round(x, 1)


def run(scenario, seed=None, households=None, overrides=None, additional: bool = True,
        net_of_service: bool = True) -> Microsim:
    """One run (central values) of a scenario through the microsimulation.

    ``additional`` (default): the programme's places net of deadweight and displacement, the
    effect against what would have happened without it; False: every place (the pilot's view).
    ``net_of_service`` (default): owners' income net of their loan service (assignment.earners).
    """
    from ..core import compute
    from ..build import load_scenario
    from ..scenario import Scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides or {})
    if isinstance(scenario, Scenario) and overrides:
        sc = load_scenario(sc.name, overrides)
    values = sc.values
    r = compute(values, appraise=False)
    pop, cf, owner_pos, hired_pos = context(values, seed, households)
    e = assignment.scaled(assignment.earners(r, values, additional, net_of_service), pop_scale(pop))
    eff = outcomes.effects(pop, cf, e, owner_pos, hired_pos)
    hh = outcomes.households(pop, cf, e, owner_pos, hired_pos)
    return Microsim(scenario=sc.name, seed=pop.seed, target_year=int(sc.value("programme.target_year")),
                    values=values, arrays=r, pop=pop, cf=cf, earners=e, effects=eff, hh=hh)


PUBLIC_YEAR = 2021  # the year of the one published rural TSA count (data/regions/zhambyl/tsa.yaml public.*)
ACTUAL = "as_delivered"  # what the programme actually lent, year by year (the reported outturn)


def public_check(m: Microsim, actual: Microsim | None = None) -> dict:
    """The path without the programme against the published rural TSA count of 2021 (31.1 k people),
    like with like: the published count is what was left with the programme as it was really lent,
    so the path without it less the exits the programme as delivered caused by then, net of what
    would have happened anyway (``as_delivered``, deadweight, displacement and loan service counted:
    the microsimulation's own exits), in people; ``gap`` is the residual as a share of the count. The
    path's take-up from 2021 is fitted to exactly this (population.fit_take_up), so ``gap`` is the fit's
    residual.
    (Rural families are not published for 2021; the families' size is checked nationally in 2020.)"""
    inp = m.pop.input
    actual = actual if actual is not None else _actual(m)
    cl, acl = m.caseload, actual.caseload
    without = float(cl.at[PUBLIC_YEAR, "people_without_programme"])
    families = float(cl.at[PUBLIC_YEAR, "families_without_programme"])
    exits_p, exits_f = float(acl.at[PUBLIC_YEAR, "people_exit"]), float(acl.at[PUBLIC_YEAR, "families_exit"])
    rural = float(inp["public.recipients_2021_rural"])
    left = without - exits_p
    return {"year": PUBLIC_YEAR, "rural_published": rural, "total_published": float(inp["public.recipients_2021"]),
            "without_programme": without, "families_without_programme": families,
            "actual_families_exit": exits_f, "actual_people_exit": exits_p,
            "without_less_actual": left, "gap": left / rural - 1}


def figures(m: Microsim) -> dict:
    """The numbers notebook 04's texts quote, plain floats: counts of families and people (weighted),
    shares and falls as fractions (0.3 = 30 %), family sizes in members, money in bn KZT (``saved``)
    and KZT a month (lines, wage), all in 2019 prices; ``year`` is the target year."""
    cl = m.caseload
    y = m.target_year
    inp = m.pop.input  # the population's own inputs (the scenario's)
    f2019, f2020 = cl.at[2019, "families_without_programme"], cl.at[2020, "families_without_programme"]
    large = float((m.cf.on_tsa[0] & m.pop.large_family) @ m.pop.weight)
    large2020 = float((m.cf.on_tsa[1] & m.pop.large_family) @ m.pop.weight)
    fall_without = f2019 - cl.at[y, "families_without_programme"]  # the fall in families without the programme
    pub = public_check(m)
    tu, a, b, c = m.pop.take_up  # Population.take_up_by_year: the 2019 rate; a, b by family size from 2020; c from 2021
    v = lambda k: float(inp[k])
    return {
        "year": y, "families2019": f2019, "people2019": cl.at[2019, "people_without_programme"],
        "families2020": f2020, "fall_2020": 1 - f2020 / f2019, "large_share": large / f2019,
        "large_share_2020": large2020 / f2020,
        "national_fall": v("counterfactual.national_fall_2019_2020"),
        "national_people_fall": v("counterfactual.national_people_fall_2019_2020"),
        "people_fall_2020": 1 - cl.at[2020, "people_without_programme"] / cl.at[2019, "people_without_programme"],
        "size2019": cl.at[2019, "people_without_programme"] / f2019,
        "size2020": cl.at[2020, "people_without_programme"] / f2020,
        "national_size2019": v("public.national_people_2019") / v("public.national_families_2019"),
        "national_size2020": v("public.national_people_2020") / v("public.national_families_2020"),
        "take_up_2019": tu, "take_up_2020": min(tu, a), "take_up_2021": min(tu, a) * c,
        "take_up_per_member": float(np.expm1(b)), "allowance_mci": v("rules.large_family_allowance_mci"),
        "rho": tsa_weight(m.values, m.seed, None if m.pop.households == v("population.households") else m.pop.households),
        "pilot_on_tsa": v("assignment.pilot_participants_on_tsa"),
        "families_without": cl.at[y, "families_without_programme"], "people_without": cl.at[y, "people_without_programme"],
        "families_exit": cl.at[y, "families_exit"], "people_exit": cl.at[y, "people_exit"],
        "families_with": cl.at[y, "families_with_programme"], "people_with": cl.at[y, "people_with_programme"],
        "saved": cl.at[y, "saved_bn_kzt"], "saved_total": float(cl["saved_bn_kzt"].sum()),
        # the programme's exits against the fall that happens anyway (0 when nothing falls)
        "fall_without": fall_without, "effect_to_fall": cl.at[y, "families_exit"] / fall_without if fall_without else 0.0,
        "exit_share": cl.at[y, "families_exit"] / cl.at[y, "families_without_programme"],
        "line2019": m.cf.line[0], "line_year": m.cf.line[year_index(m.cf.years, y)],
        "threshold_share": v("rules.eligibility_threshold_share"),
        "subsistence2019": float(inp["rules.subsistence_minimum"][0]),
        "growth": v("counterfactual.real_income_growth"),
        "priority": v("assignment.large_family_priority"),
        "wage": float(np.mean(m.values["assignment.hired_wage"])),  # the mean over draws (one value in a single run)
        "rural_share": v("population.caseload_rural_share"),
        "total2021": v("public.recipients_2021"), "rural2021": v("public.recipients_2021_rural"),
        "model2021": pub["without_programme"], "actual_families2021": pub["actual_families_exit"],
        "actual_people2021": pub["actual_people_exit"], "left2021": pub["without_less_actual"], "gap2021": abs(pub["gap"]),
    }


def calibration(m: Microsim) -> pd.DataFrame:
    """The article's figures against the weighted synthetic population. Index: households,
    settlements, people, working_age, without_stable_income, tsa_families, tsa_people; columns:
    article, model (counts) and difference (model / article - 1, a fraction)."""
    art = load_sources().article
    got = m.pop.totals()
    rows = {"households": (art["households_screened"].value, m.pop.weight.sum()),
            "settlements": (art["settlements_screened"].value, m.pop.settlements),
            "people": (art["rural_population"].value, got["people"]),
            "working_age": (art["rural_working_age"].value, got["working_age"]),
            "without_stable_income": (art["without_stable_income"].value, got["without_stable_income"]),
            "tsa_families": (art["tsa_families"].value, got["tsa_families"]),
            "tsa_people": (art["tsa_people"].value, got["tsa_people"])}
    return pd.DataFrame({"article": [a for a, _ in rows.values()], "model": [b for _, b in rows.values()],
                         "difference": [b / a - 1 for a, b in rows.values()]}, index=list(rows))


def checks_held(checks: list[dict]) -> int:
    """How many of ``checks`` (``checks(m)``) hold."""
    return sum(c["ok"] for c in checks)


def _size(m: Microsim):
    """The ``households`` argument that gives ``m``'s population (None for the article's)."""
    return None if pop_scale(m.pop) == 1 else m.pop.households


def own_inputs(m: Microsim) -> dict:
    """The microsimulation's inputs of ``m``'s population that differ from the tree's, as overrides:
    the pilot and the programme as delivered are replayed on the same households."""
    base = dict(household_inputs())
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in m.pop.inputs if base.get(k) != v}


def _actual(m: Microsim) -> Microsim:
    """The programme as delivered on ``m``'s households: the region's history's lending (``packs.history``),
    whatever programme ``m`` projects (one with no reported lending of its own has none to replay)."""
    from .. import packs
    from ..paths import using

    if m.scenario == ACTUAL:
        return m
    with using(packs.history()):
        return run(ACTUAL, seed=m.seed, households=_size(m), overrides=own_inputs(m))


def _check(name: str, model: float, published: float, tolerance: float) -> dict:
    model, published = float(model), float(published)
    return {"name": name, "model": round(model, 4), "published": round(published, 4),
            "tolerance": round(float(tolerance), 4), "ok": bool(abs(model - published) <= tolerance)}


PILOT_EXITS_TOLERANCE = 0.15  # of the 1,058: self-reported (M); the model's participants are its place holders
PILOT_CHANGE_TOLERANCE = 0.10  # points of the -65 %
PUBLIC_TOLERANCE = 0.01  # of the 31.1 k: fitted (population.fit_take_up), reproduced within 1 %
FIT_TOLERANCE = 0.005  # a fitted figure: reproduced to half a point
SIZE_TOLERANCE = 0.2  # members per recipient family


def checks(m: Microsim, pilot: dict | None = None, actual: Microsim | None = None) -> list[dict]:
    """Every check of the microsimulation against a published figure, each with its tolerance (in the
    figure's own unit) and whether it holds: the 2019 -> 2020 national fall in families and in people
    and the recipients per family it leaves (the counterfactual), the rural count of 2021 (with the
    programme as delivered, like with like), the share of villages without TSA in 2021 (within the
    95 % sampling interval of 70 of 356), and the pilot's participants on TSA, its exits and its fall
    (the stage replayed, gross, income as the TSA assessment counts it)."""
    from .population import settlements_without_tsa
    inp = m.pop.input
    v = lambda k: float(inp[k])
    cl = m.caseload
    f19, f20 = cl.at[2019, "families_without_programme"], cl.at[2020, "families_without_programme"]
    p19, p20 = cl.at[2019, "people_without_programme"], cl.at[2020, "people_without_programme"]
    national_size = v("public.national_people_2020") / v("public.national_families_2020")
    pub = public_check(m, actual)
    zero = v("public.villages_without_tsa_2021") / v("public.villages_2021")
    zero_tol = 1.96 * np.sqrt(zero * (1 - zero) / v("public.villages_2021"))
    pilot = pilot if pilot is not None else pilot_check(m.seed, _size(m), tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                                                                 for k, v in own_inputs(m).items())))
    mo = pilot["model"]
    exits = mo["tsa_families_before"] - mo["tsa_families_after"]
    on_tsa = v("assignment.pilot_participants_on_tsa")
    return [
        _check("national_fall_families_2020", 1 - f20 / f19, v("counterfactual.national_fall_2019_2020"), FIT_TOLERANCE),
        _check("national_fall_people_2020", 1 - p20 / p19, v("counterfactual.national_people_fall_2019_2020"), FIT_TOLERANCE),
        _check("people_per_family_2020", p20 / f20, national_size, SIZE_TOLERANCE),
        _check("rural_people_2021", pub["without_less_actual"], pub["rural_published"], PUBLIC_TOLERANCE * pub["rural_published"]),
        _check("villages_without_tsa_2021", settlements_without_tsa(m.pop, m.cf.on_tsa[m._i(PUBLIC_YEAR)]), zero, zero_tol),
        _check("pilot_participants_on_tsa", mo["tsa_families_before"], on_tsa, FIT_TOLERANCE * 10 * on_tsa),
        _check("pilot_tsa_exits", exits, v("pilot_check.tsa_families_exited"),
               PILOT_EXITS_TOLERANCE * v("pilot_check.tsa_families_exited")),
        _check("pilot_tsa_change", mo["tsa_change"], v("pilot_check.tsa_change_among_participants"), PILOT_CHANGE_TOLERANCE),
    ]


@cache.memo
def pilot_check(seed=None, households=None, inputs: tuple = ()) -> dict:
    """The pilot's first stage through the microsimulation, beside what the pilot reported.

    ``pilot_evidence`` replayed at the first stage's money (9.2 bn, launched in 2020) and read in
    the year its outcomes were reported: participants' income per head before and after, and
    TSA families among participants (reported: 44 -> 73 thousand KZT a month, -65 %).

    Like with like: the reported fall counts families whose assessed income passed the line, and
    the TSA assessment does not deduct loan repayments, so ``model`` counts income before the loan
    service; ``net_of_service`` is the same run with income net of it, the suite's own measure of a
    lasting exit (its ``tsa_change`` is what the programme's exits become once the loans are paid).
    ``inputs``: ((path, value), ...) of the microsimulation's inputs that differ from the tree's.
    """
    from ..evidence import observed_year, pilot_stage, stage_overrides
    from ..build import load_scenario
    from . import counterfactual

    own = {k: list(v) if isinstance(v, tuple) else v for k, v in inputs}
    sc = load_scenario("pilot_evidence", {**stage_overrides(), **own})
    m = run(sc, seed=seed, households=households, additional=False, net_of_service=False)  # as reported: gross
    year = observed_year(sc)
    part = m.participants(year)
    net = run(sc, seed=seed, households=households, additional=False).participants(year)
    f = pilot_stage()
    before, after = counterfactual.to_constant_2019([f["income_before"], f["income_after"]],
                                                    [year - 1, year], sc.values)
    change = float(m.pop.input["pilot_check.tsa_change_among_participants"])
    tsa_before, tsa_after = pilot_tsa_families(load_sources().pilot["tsa_families_exited"].value, change)
    return {"year": year, "model": part, "net_of_service": net, "scenario": m,
            "pilot": {"income_before": float(before), "income_after": float(after),
                      "income_added": float(after) - float(before),
                      "income_before_nominal": f["income_before"], "income_after_nominal": f["income_after"],
                      "tsa_change": change, "tsa_families_before": tsa_before, "tsa_families_after": tsa_after,
                      "families_covered": float(m.pop.input["pilot_check.families_covered"])}}


def pilot_tsa_families(exited: float, change: float) -> tuple[float, float]:
    """The pilot's TSA families among its participants (before, after), from the families it reported
    leaving and its reported change (a fraction, -0.65): before = exits / 0.65, after = before less the
    exits (1,058 and -65 % give about 1,628 and 570)."""
    return exited / -change, exited * (1 / -change - 1)
