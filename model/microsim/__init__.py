"""Targeted social assistance (TSA), household by household: the suite's TSA answer.

    population.py      138,347 synthetic rural households in 376 settlements, calibrated weights
    rules.py           the TSA rule as the law states it
    counterfactual.py  the caseload without the programme, by year
    assignment.py      the programme's places (owners running, hired jobs) to households
    outcomes.py        exits, payments saved, poverty and deciles, by draw, year and district
    results.py         one scenario's tables and its JSON record

``tsa_outcome(r, values)`` turns the model's arrays (one run or many draws) into the three TSA
series the rest of the suite reads; ``run(scenario)`` gives the full detail of one run.
"""
from __future__ import annotations


import numpy as np

from .. import cache
from . import assignment, counterfactual, outcomes
from . import population as _population
from .inputs import household_inputs
from .population import DEFAULT_SEED, Population
from ..parameters import household_paths, load_parameters
from ..targets import year_index


def _price_key(values) -> tuple:
    """The price index the counterfactual is deflated with (one for all draws: the mean if drawn)."""
    if not values or "prices.cpi_inflation" not in values:
        return ()
    cpi = np.asarray(values["prices.cpi_inflation"], dtype=float)
    return tuple(float(x) for x in np.atleast_1d(cpi.mean(axis=0) if cpi.ndim > 1 else cpi))


@cache.memo
def pilot_places() -> tuple[int, int, float, float]:
    """The pilot's first stage replayed (``pilot_evidence`` at its money, gross places, as the pilot
    counted participants): (start year, observed year, owners' places, hired places) on the
    article's population, read in the year its outcomes were reported."""
    from .. import packs
    from ..build import load_scenario
    from ..core import compute
    from ..evidence import observed_year, stage_overrides
    from ..paths import using

    with using(packs.history()):
        sc = load_scenario("pilot_evidence", stage_overrides())
        r = compute(sc.values, appraise=False)
        e = assignment.earners(r, sc.values, additional=False, net_of_service=False)
        year = observed_year(sc)
    t = year_index(e.years, year)
    return int(sc.value("programme.start_year")), year, float(e.owners[0, t]), float(e.hired[0, t])


def targeting(pop, cf, start_year: int) -> tuple[np.ndarray, np.ndarray, float]:
    """(owner queue, hired queue, rho): the rate at which a TSA family gets a place, fitted so that
    the pilot's stage replayed has the pilot's 1,628 TSA families among its participants, and the
    queues it gives with the caseload of ``start_year``."""
    p_start, _, owners, hired = pilot_places()
    k = pop_scale(pop)
    rho = assignment.fit_tsa_weight(pop, cf.on_tsa[year_index(cf.years, p_start)],
                                    cf.on_tsa[year_index(cf.years, p_start - 1)], owners * k, hired * k,
                                    pop.input["assignment.pilot_participants_on_tsa"] * k)
    owner_pos, hired_pos = assignment.queues(pop, cf.on_tsa[year_index(cf.years, start_year)], rho)
    return owner_pos, hired_pos, rho


def actual_people_exit(pop, year: int) -> float:
    """People the programme as delivered (``as_delivered``: the money lent as reported) took off TSA
    in ``year`` on this population, net (the microsimulation's own exits): what separates the
    published caseload of that year from the path without the programme."""
    from .. import packs
    from ..build import load_scenario
    from ..paths import using
    from ..core import compute
    from .results import ACTUAL

    with using(packs.history()):
        sc = load_scenario(ACTUAL)
    values = sc.values
    start = int(values["programme.start_year"])
    cf = counterfactual.path(pop, np.arange(start - 1, year + 1), {"prices.cpi_inflation": list(_price_key(values))})
    owner_pos, hired_pos, _ = targeting(pop, cf, start)
    e = assignment.scaled(assignment.earners(compute(values, appraise=False), values), pop_scale(pop))
    t = year_index(e.years, year)
    one = assignment.Earners(years=e.years[t:t + 1], owners=e.owners[:, t:t + 1], hired=e.hired[:, t:t + 1],
                             owner_income=e.owner_income[:, t:t + 1], wage=e.wage)
    return float(outcomes.effects(pop, cf, one, owner_pos, hired_pos).people_exit[0].sum())


def population(seed: int | None = None, households: int | None = None, inputs: tuple | None = None) -> Population:
    """The synthetic rural households, their 2021 take-up fitted with the programme as delivered
    (``actual_people_exit``): the population every TSA figure of the suite is computed on.
    ``inputs``: the microsimulation's inputs (``inputs.household_inputs``), default the tree's."""
    return _population.population(seed, households, actual_people_exit, inputs)


@cache.memo
def _context(seed, households, first_year: int, last_year: int, start_year: int, price_key: tuple,
             inputs: tuple | None = None):
    pop = population(seed, households, inputs)
    values = {"prices.cpi_inflation": list(price_key)} if price_key else {}
    cf = counterfactual.path(pop, np.arange(first_year, last_year + 1), values)
    owner_pos, hired_pos, rho = targeting(pop, cf, start_year)
    return pop, cf, owner_pos, hired_pos, outcomes.candidates(pop, cf, owner_pos, hired_pos), rho


def tsa_weight(values, seed=None, households=None) -> float:
    """How many times as likely a TSA family is to get a place as another (fitted to the pilot)."""
    return _full_context(values, seed, households)[5]


def context(values, seed=None, households=None):
    """(population, counterfactual path from 2019, owner queue, hired queue) for these values."""
    return _full_context(values, seed, households)[:4]


def _full_context(values, seed=None, households=None, inputs=None):
    years = np.arange(int(values["programme.start_year"]), int(values["programme.horizon_end"]) + 1)
    if inputs is None:
        sets, which = input_sets(values)
        if which is not None and len(sets) > 1:
            raise ValueError("these values draw the households' assumptions: one population per set of them "
                             "(input_sets); pass the set's values")
        inputs = sets[0]
    return _context(seed, households, 2019, int(years[-1]), int(years[0]), _price_key(values), inputs)


def pop_scale(pop: Population) -> float:
    """The population's size relative to the article's 138,347 households (1 for the full one)."""
    return pop.households / pop.input["population.households"]


def drawn_inputs(values) -> tuple[list[str], np.ndarray | None]:
    """The microsimulation's inputs that ``values`` gives draw by draw ((n,) arrays, as the Monte
    Carlo and the Sobol points do) and their (n, k) columns; ([], None) when every one is a scalar."""
    base = load_parameters()
    paths = [p for p in household_paths()
             if p in values and not isinstance(base[p].value, list) and np.ndim(values[p]) == 1]
    if not paths:
        return [], None
    return paths, np.column_stack([np.asarray(values[p], dtype=float) for p in paths])


def input_sets(values) -> tuple[list[tuple], np.ndarray | None]:
    """The distinct sets of the microsimulation's inputs among the draws of ``values`` (each one
    population, with its own fitted counterfactual and targeting) and each draw's index into them;
    one set and None when they are scalars."""
    paths, cols = drawn_inputs(values)
    if cols is None:
        return [household_inputs(values)], None
    distinct, inverse = np.unique(cols, axis=0, return_inverse=True)
    return ([household_inputs({**values, **dict(zip(paths, row))}) for row in distinct], inverse.ravel())


def tsa_outcome(r: dict, values, seed=None, households=None) -> dict[str, np.ndarray]:
    """The microsimulation's TSA series for the model's arrays: families and people leaving TSA
    because of the programme and payments saved (bn KZT a year), each (n, T) like ``r``."""
    return _tsa_series(assignment.earners(r, values), values, seed, households)


def _tsa_series(e: assignment.Earners, values, seed=None, households=None) -> dict[str, np.ndarray]:
    """The three TSA series, (n, T), for earners counted on the article's population: each draw on
    the population of its own microsimulation inputs (``input_sets``)."""
    sets, which = input_sets(values)
    out = None
    for m, inputs in enumerate(sets):
        rows = slice(None) if which is None else np.flatnonzero(which == m)
        pop, cf, owner_pos, hired_pos, cands, _ = _full_context(values, seed, households, inputs)
        part = e if which is None else _rows(e, rows)
        eff = outcomes.effects(pop, cf, assignment.scaled(part, pop_scale(pop)), owner_pos, hired_pos, cands=cands)
        got = {"tsa_families_out": eff.families_exit.sum(-1), "tsa_people_out": eff.people_exit.sum(-1),
               "tsa_saved_bn": eff.saved_bn_year().sum(-1)}
        if which is None:
            return got
        out = out or {k: np.zeros((e.draws, v.shape[1])) for k, v in got.items()}
        for k, v in got.items():
            out[k][rows] = v
    return out


def _rows(e: assignment.Earners, rows: np.ndarray) -> assignment.Earners:
    wage = np.asarray(e.wage)
    return assignment.Earners(years=e.years, owners=e.owners[rows], hired=e.hired[rows],
                              owner_income=e.owner_income[rows], wage=wage[rows] if wage.ndim else wage)


def places(r: dict, values, year: int) -> np.ndarray:
    """(n, 4) all the microsimulation reads of each draw in one year: owners' places, hired
    places, an owner's income, the wage (``assignment.earners``, the article's population)."""
    e = assignment.earners(r, values)
    t = year_index(e.years, year)
    return np.column_stack([e.owners[:, t], e.hired[:, t], e.owner_income[:, t], e.wage])


def tsa_at_places(rows: np.ndarray, values, year: int, seed=None, households=None) -> dict[str, np.ndarray]:
    """``tsa_outcome`` in one year for (n, 4) rows of ``places``: each (n,)."""
    rows = np.asarray(rows, dtype=float).reshape(-1, 4)
    e = assignment.Earners(years=np.array([year]), owners=rows[:, :1], hired=rows[:, 1:2],
                           owner_income=rows[:, 2:3], wage=rows[:, 3].copy())
    return {k: v[:, 0] for k, v in _tsa_series(e, values, seed, households).items()}


def run(scenario, seed=None, households=None, overrides=None):
    """The full microsimulation of one scenario (a Scenario or a name): see results.Microsim."""
    from .results import run as _run
    return _run(scenario, seed=seed, households=households, overrides=overrides)


__all__ = ["DEFAULT_SEED", "Population", "population", "run", "tsa_outcome"]
