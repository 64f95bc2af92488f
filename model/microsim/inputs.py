"""The microsimulation's inputs: its part of the one parameter tree (data/regions/zhambyl/tsa.yaml, read by
model/parameters.py with every other parameter) and the districts (data/regions/zhambyl/districts.csv).

A run reads them from the values it is given (a scenario's, or a Monte Carlo draw's), never from
the file directly, so ``--set population.income_sigma=0.7``, a scenario's overrides, the editor and
the Monte Carlo all reach them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import cache
from .. import schema
from ..errors import DataError
from ..parameters import Param, household_paths, load_parameters, parse_param
from ..paths import Pack, as_pack, rel


@dataclass(frozen=True)
class District:
    key: str
    population: float
    param: Param


def household_inputs(values=None) -> tuple[tuple[str, object], ...]:
    """The microsimulation's inputs as ((path, value), ...) in the tree's order: from ``values``
    where given (scalars, or tuples for values by year), else the tree's. Hashable: it keys the
    populations and contexts built from them."""
    base = load_parameters()
    values = values or {}
    out = []
    for path in household_paths():
        v = values.get(path, base[path].value)
        out.append((path, tuple(float(x) for x in v) if isinstance(v, (list, tuple)) else float(v)))
    return tuple(out)


@cache.memo
def load_districts(data_dir: Path | Pack | None = None) -> tuple[District, ...]:
    """The region's districts.csv: its rural districts and their populations (for proportions)."""
    path = as_pack(data_dir) / "districts.csv"
    file = rel(path)
    rows = list(schema.csv_reader(path, file))  # UTF-8 (a byte-order mark is fine), else one DataError
    out = []
    for row in rows:
        key = row.get("district") or ""
        entry = {k: row[k] for k in ("unit", "source", "confidence", "reason") if row.get(k)}
        for k in ("population", "low", "high"):
            if row.get(k):
                try:
                    entry["value" if k == "population" else k] = float(row[k])
                except ValueError:
                    raise DataError(file, f"{key}.{k}", row[k], "a number") from None
        p = parse_param(file, key, entry, path=f"districts.{key}")
        if p.value <= 0:
            raise DataError(file, f"{key}.population", p.value, "a positive number of people")
        out.append(District(key=key, population=float(p.value), param=p))
    if not out or len({d.key for d in out}) != len(out):
        raise DataError(file, "district", [d.key for d in out], "one row per district, each named once")
    return tuple(out)
