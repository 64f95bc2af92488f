"""Figures a region's public sources do not give, and the results that are not run for want of them.

A region may declare a figure ``missing`` (model/parameters.py: where it was looked for, no value):
nothing is made up for it. Inside the model it is NaN, so every result it feeds comes out
undefined; which results those are is not declared by hand but found by running the projection
twice more with the missing figures set to two different stand-in values: a result that is
undefined with NaN and defined with the stand-ins needs a missing figure (it is reported as not
run); a result that is defined with NaN but moves with the stand-ins would be a figure silently
using a value nobody has, and stops the projection (a bug in the model, never shown).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from . import packs
from .errors import DataError
from .parameters import MISSING, Param
from .paths import ABOUT, pack, rel

STAND_INS = (0.25, 0.5)  # two values every missing figure's bounds admit (a share, a positive amount)


def declared(params: Mapping[str, Param]) -> dict[str, Param]:
    """The parameters declared missing, by dotted path."""
    return {k: p for k, p in params.items() if p.source == MISSING}


def _undefined(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def not_run(values: Mapping[str, object], lacking: Mapping[str, Param],
            summary_of: Callable[[Mapping[str, object]], dict]) -> list[str]:
    """The keys of ``summary_of(values)`` that need a figure of ``lacking`` (sorted); ``values`` hold
    NaN for each of them. Raises if a defined result depends on a missing figure."""
    if not lacking:
        return []
    with_nan = summary_of(values)
    filled = [summary_of({**values, **{k: stand_in for k in lacking}}) for stand_in in STAND_INS]
    needs = []
    for key, v in with_nan.items():
        if _undefined(v):
            if not all(_undefined(f[key]) for f in filled):
                needs.append(key)
        elif any(f[key] != v for f in filled):
            raise DataError("model/missing.py", key, v,
                            f"a result that needs none of the missing figures ({', '.join(sorted(lacking))}); "
                            "it moved with their stand-in values: a bug in the model")
    return sorted(needs)


def record(lacking: Mapping[str, Param], figures: list[str], households: str | None) -> dict:
    """What a projection could not run, for its JSON: each missing figure with its file, unit and
    where it was looked for; the summary's figures left out; why the households were not run."""
    out = {"missing": [{"parameter": k, "file": p.where, "unit": p.unit, "looked_for": p.reason}
                       for k, p in sorted(lacking.items())],
           "figures": figures}
    if households:
        out["households"] = households
    return out


def require(params: Mapping[str, Param], what: str) -> None:
    """Refuse, in one line (a DataError), to run ``what`` in the pack in force when it lacks a figure
    or its households: the notebooks' pages show every figure, the households among them, so they
    run only where nothing is missing (``project`` answers without them, saying what it left out)."""
    lacking = declared(params)
    if lacking:
        key, p = min(lacking.items(), key=lambda kv: (not kv[1].where, kv[0]))  # a figure of a file first
        raise DataError(p.where, key, None, f"a value: {what} need it, and it is declared missing ({p.reason}); "
                        "`python -m model project` runs without it", shown=False)
    why = packs.no_households()
    if why:
        region = pack()
        raise DataError(rel(region.region_dir / ABOUT), "history", None,
                        f"a programme the households are fitted on: {what} show them ({why})", shown=False)


__all__ = ["STAND_INS", "declared", "not_run", "record", "require"]
