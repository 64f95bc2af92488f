"""Bounds past which an appraisal result reads as a sign of its assumptions (data/plausibility.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import cache
from .errors import DataError
from .parameters import read_yaml
from .paths import as_pack, rel


@dataclass(frozen=True)
class Bound:
    key: str
    value: float
    unit: str
    reason: str


@cache.memo
def plausibility_bounds(path: Path | None = None) -> dict[str, Bound]:
    """Bounds past which an appraisal result is implausible (data/plausibility.yaml, shared by every pack)."""
    path = path or as_pack(None) / "plausibility.yaml"
    doc = read_yaml(path)
    out = {}
    for key in ("economic_irr_max", "economic_bcr_max", "payback_years_min"):
        e = (doc.get("bounds") or {}).get(key)
        where = f"bounds.{key}"
        if not isinstance(e, dict):
            raise DataError(rel(path), where, e, "a mapping with value, unit, source and reason")
        v = e.get("value")
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
            raise DataError(rel(path), f"{where}.value", v, "a positive number")
        if e.get("source") != "assumption" or len(str(e.get("reason", ""))) < 15 or not e.get("unit"):
            raise DataError(rel(path), where, e, "unit, source: assumption and a reason")
        out[key] = Bound(key, float(v), str(e["unit"]), str(e["reason"]))
    return out


# appraisal key -> the bound it is held against, and whether the bound is a ceiling
LIMITS = {"economic_irr": ("economic_irr_max", True), "economic_bcr": ("economic_bcr_max", True),
          "payback_years": ("payback_years_min", False)}


def check(key: str, value) -> dict:
    """``{"value", "plausible", "bound"}`` for an appraisal result; ``bound`` names the limit it
    breaks ({"key", "value", "unit"}), or is None when it breaks none."""
    bad = implausible(key, value)
    limit = LIMITS.get(key.removesuffix("_no_shadow_wage"))
    bound = None
    if bad and limit:
        b = plausibility_bounds()[limit[0]]
        bound = {"key": b.key, "value": b.value, "unit": b.unit}
    return {"value": value, "plausible": not bad, "bound": bound}


def implausible(key: str, value) -> bool:
    """True when an appraisal result lies past its declared bound (data/plausibility.yaml)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    limit = LIMITS.get(key.removesuffix("_no_shadow_wage"))
    if limit is None:
        return False
    b = plausibility_bounds()[limit[0]].value
    return value > b if limit[1] else value < b
