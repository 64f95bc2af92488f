"""Build a scenario from its file: resolve its base, apply its overrides, then derive or calibrate.

``model.scenario`` only resolves and validates overrides; the scenarios whose rates are derived
from the pilot (``derive_from: pilot``, :mod:`model.evidence`) or fitted to the article
(``calibrate:``, :mod:`model.calibration`) are built here, so neither of those imports back.

A calibration takes about a second, so its result (the fitted values and the report) is kept
(model/cache.py) in process while no data file changes, and on disk under ``build/cache/`` keyed by
a hash of every data file and of the model's own source, so a cold ``python -m model project``
skips the fit when nothing changed.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from . import cache
from .errors import DataError
from .parameters import read_yaml
from .paths import DATA, DEFAULT_PROGRAMME, DEFAULT_REGION, SCENARIOS, Pack, pack, put_in_force, rel, using
from .scenario import (SCENARIO_KEYS, Scenario, apply_overrides, base_params, check_name, list_scenarios,
                       scenario_files, scenario_names, scenario_title, validate, written_for)

def _resolve(name: str, chain: tuple[str, ...], directory: Path, anywhere: bool = False) -> Scenario:
    path = directory / f"{name}.yaml"
    file = rel(path)
    doc = read_yaml(path)
    unknown = set(doc) - SCENARIO_KEYS
    if unknown:
        k = sorted(unknown)[0]
        raise DataError(file, k, doc[k], f"only the keys {sorted(SCENARIO_KEYS)}")
    title = scenario_title(file, doc.get("title"), name)
    for key, in_force in (("programme", pack().programme), ("region", pack().region)):
        if doc.get(key) not in (None, in_force) and not anywhere:  # written for another pack: not applied here
            raise DataError(file, key, doc.get(key),
                            f"the {key} in force, {in_force} (run it with --{key} {doc.get(key)})")
    base = doc.get("base")
    notes: tuple[str, ...] = ()
    calibration = None
    if base is None:
        params = base_params()
    else:
        check_name(base, file, "base")
        if base in chain or base == name:
            raise DataError(file, "base", base, f"no cycle of bases ({' -> '.join(chain + (name, base))})")
        if not os.path.lexists(directory / f"{base}.yaml"):
            raise DataError(file, "base", base, f"an existing scenario ({', '.join(scenario_names(directory))})")
        parent = _resolve(base, chain + (name,), directory, anywhere)
        params, notes, calibration = parent.params, parent.notes, parent.calibration
    params = apply_overrides(params, doc.get("overrides") or {}, file, f"scenario {name}")
    # a child keeps its base's calibration report: its rates are the base's fitted ones
    scenario = Scenario(name=name, title=title, params=params, file=file, notes=notes, calibration=calibration,
                        pack=pack())
    derive = doc.get("derive_from")
    if derive is not None:
        if derive != "pilot":
            raise DataError(file, "derive_from", derive, "pilot (the only evidence set in data/)")
        from .evidence import derive_from_pilot
        scenario = derive_from_pilot(scenario)
        validate(scenario.params, file)
    schedule = doc.get("schedule_from")
    if schedule is not None:
        if schedule != "outturn":
            raise DataError(file, "schedule_from", schedule,
                            f"outturn (the reported lending in {rel(pack() / 'outturn.yaml')})")
        from .delivered import as_delivered
        scenario = as_delivered(scenario)
        validate(scenario.params, file)
    spec = doc.get("calibrate")
    if spec is not None:
        scenario = _calibrated(scenario, spec, file)
    return scenario


def _calibrated(scenario: Scenario, spec, file: str) -> Scenario:
    """``calibration.calibrate``, or its cached result when no data file and no model source changed."""
    from . import calibration

    key = cache.key(cache.inputs_digest(), str(scenario.pack), scenario.name, spec,
                    sorted((k, repr(p)) for k, p in scenario.params.items()))
    # one file per scenario of each pack (programme, region and data tree): the stale ones replaced are
    # this pack's, never another's (17 regions' akimat each removed the others' fit: fitted again each run)
    p = scenario.pack
    name = f"calibration-{scenario.name}-{cache.key(p.programme, p.region, str(p.root))[:8]}-"
    path = cache.CACHE_DIR / f"{name}{key}.json"
    body = cache.fetch(path)
    if body is not None:
        try:
            hit = json.loads(body)
            return calibration.apply_fit(scenario, hit["fitted"], calibration.CalibrationReport(
                rows=tuple(hit["rows"]), achieved=hit["achieved"], seconds=hit["seconds"]), file)
        except (ValueError, KeyError, TypeError):
            pass  # intact but of another shape (an older version): fit again
    out = calibration.calibrate(scenario, spec, file)
    fitted = {row["path"]: row["calibrated"] for row in out.calibration.rows}
    cache.store(path, json.dumps({"fitted": fitted, "rows": list(out.calibration.rows),
                                  "achieved": out.calibration.achieved,
                                  "seconds": out.calibration.seconds}).encode("utf-8"),
                stale=name)
    return out


def pack_for(scenario: str | None, programme: str = "", region: str = "") -> Pack:
    """The pack ``scenario`` runs in, checked (not put in force): the programme and region named
    (a name left empty is the default's: model/paths.py), or, when neither is named, the pack the
    scenario's file is written for (its ``programme:``/``region:``, itself or through its base), else
    the default pack. It never depends on the pack in force, so a kernel that ran another pack's
    notebook before gets the same answer as a new one. An unknown name is a DataError naming it."""
    from . import packs

    root = DATA
    if programme or region:
        return packs.resolve(programme or DEFAULT_PROGRAMME, region or DEFAULT_REGION, root)
    default = packs.resolve(DEFAULT_PROGRAMME, DEFAULT_REGION, root)
    if scenario:
        check_name(scenario)
        with using(default):
            elsewhere = written_for(SCENARIOS / f"{scenario}.yaml")
        if elsewhere:
            return packs.resolve(*elsewhere, root)
    return default


def use_pack(scenario: str | None, programme: str = "", region: str = "", *, page: str | None = None) -> Pack:
    """Put in force the pack ``scenario`` runs in (:func:`pack_for`) and return it: the first call of
    every notebook, with its ``scenario``, ``programme`` and ``region`` parameters, so that whatever
    pack an earlier notebook in the same kernel used, this one reads its own. ``page``: the notebook's
    name; a pack it cannot be shown for (model/pages.py: figures its announcement does not give, a
    pilot or reported lending it does not have of its own) is a DataError saying so, before anything
    of the page is computed."""
    p = put_in_force(pack_for(scenario, programme, region))
    if page is not None:
        from .pages import require

        require(page, p)
    return p


def load_scenario(name: str | None, overrides: dict | None = None, *, file: str = "overrides",
                  directory: Path = SCENARIOS, anywhere: bool = False) -> Scenario:
    """Resolve a scenario by name, then apply run-time overrides (dotted path -> value). None is the
    pack's own: the scenario its programme names as its plan, else its parameters as they are.
    ``anywhere``: a file written for another pack (``programme:``/``region:``) is applied to the pack
    in force all the same (``compare.evidence_scenario``: the pilot's rates on another programme's money).

    >>> load_scenario("funding_cut_25").value("programme.budget_scale")
    0.75
    """
    if name is None:
        from . import packs

        name = packs.default_scenario()
        if name is None:
            scenario = _bare_cached(pack())
            return replace(scenario, params=apply_overrides(scenario.params, overrides, file, "override")) \
                if overrides else scenario
    check_name(name)
    if not os.path.lexists(directory / f"{name}.yaml"):
        mine = [n for n in scenario_names(directory) if not written_for(directory / f"{n}.yaml")]
        raise DataError("--scenario", "scenario", name,
                        f"one of the scenarios in {rel(directory)} for {pack()}: {', '.join(mine)}")
    scenario = _resolve_cached(name, directory, bool(anywhere))
    if overrides:
        params = apply_overrides(scenario.params, overrides, file, "override")
        scenario = replace(scenario, params=params)
    return scenario


@cache.memo
def _bare_cached(p) -> Scenario:
    """A pack's parameters as its files state them, named ``base``: no scenario file applies."""
    from . import packs

    params = base_params()
    validate(params, rel(p / "programme.yaml"))
    return Scenario(name=packs.BARE, title=packs.title(p), params=params, file=rel(p / "programme.yaml"), pack=p)


@cache.memo
def _resolve_cached(name: str, directory: Path, anywhere: bool = False) -> Scenario:
    """Reuse a resolution while no data or scenario file changed (notebooks load the same scenarios)."""
    return _resolve(name, (), directory, anywhere)


def check_scenarios(directory: Path = SCENARIOS) -> dict[str, DataError | None]:
    """Load every scenario file of the pack in force in full: name -> None when it loads, else the
    error it raises (a file written for another pack is not loaded here: ``scenario.written_for``)."""
    out: dict[str, DataError | None] = {}
    for path in scenario_files(directory):
        if written_for(path):
            continue
        try:
            check_name(path.stem, rel(path), "(file name)")
            load_scenario(path.stem, directory=directory)
            out[path.stem] = None
        except DataError as e:
            out[path.stem] = e
    return out


def loadable_scenarios(directory: Path = SCENARIOS) -> dict[str, dict[str, str]]:
    """``list_scenarios`` without the scenarios that fail to load in full (a broken file breaks no other)."""
    problems = check_scenarios(directory)
    return {k: v for k, v in list_scenarios(directory).items() if problems.get(k) is None}
