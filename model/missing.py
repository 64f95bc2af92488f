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

from .errors import DataError
from .parameters import MISSING, Param

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


__all__ = ["STAND_INS", "declared", "not_run", "record"]
