"""The microsimulation's inputs with their provenance: data/tsa.yaml and data/districts.csv.

Every input carries a unit and a source: a figure of the article, the pilot or external.yaml
(its value must equal that figure), a public source with a confidence (H/M/L), ``derived``
with the arithmetic in its reason, or ``assumption`` with a reason and a plausible range.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import cache
from .. import schema
from ..errors import DataError
from ..parameters import load_sources, read_yaml
from ..paths import DATA, rel

_FIELDS = {"value", "years", "unit", "source", "confidence", "reason", "low", "high"}
_FIGURE_KINDS = ("article", "pilot", "external")


@dataclass(frozen=True)
class Input:
    value: float | list
    unit: str
    source: str
    confidence: str = ""
    reason: str = ""
    low: float | None = None
    high: float | None = None
    years: tuple[int, ...] = ()

    def by_year(self, year: int) -> float:
        """A value given by year: that year's, the last one for later years."""
        if not self.years:
            return float(self.value)
        i = max(k for k, y in enumerate(self.years) if y <= year) if year >= self.years[0] else 0
        return float(self.value[i])


@dataclass(frozen=True)
class District:
    key: str
    population: float
    input: Input


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_input(file: str, key: str, entry, path: str | None = None) -> Input:
    """One leaf -> Input, or a DataError naming the file, the key and what was expected; ``path``:
    the dotted path its unit is declared under (model/schema.py UNIT_OF), default the key."""
    if not isinstance(entry, dict):
        raise DataError(file, key, entry, "a mapping with value, unit and source")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise DataError(file, f"{key}.{unknown[0]}", entry[unknown[0]], f"only the fields {sorted(_FIELDS)}")
    for need in ("value", "unit", "source"):
        if entry.get(need) in (None, ""):
            raise DataError(file, f"{key}.{need}", entry.get(need), f"a {need} for every input")
    schema.check_unit(file, key, path or key, str(entry["unit"]))
    value, years = entry["value"], entry.get("years")
    if years is not None:
        if (not isinstance(value, list) or not isinstance(years, list) or len(value) != len(years)
                or not all(map(_is_number, value)) or years != sorted(set(years))):
            raise DataError(file, f"{key}.value", value, "a list of numbers, one per year in `years` (years rising)")
    elif not _is_number(value):
        raise DataError(file, f"{key}.value", value, "a number")
    source = str(entry["source"])
    kind = source.split(".")[0]
    low, high = entry.get("low"), entry.get("high")
    if (low is None) != (high is None) or any(x is not None and not _is_number(x) for x in (low, high)):
        raise DataError(file, key, {"low": low, "high": high}, "both low and high as numbers, or neither")
    if low is not None and not (low <= value <= high):
        raise DataError(file, key, {"low": low, "value": value, "high": high}, "low <= value <= high")
    if kind in _FIGURE_KINDS and "." in source:
        fig = getattr(load_sources(), kind).get(source.partition(".")[2])
        if fig is None:
            raise DataError(file, f"{key}.source", source, f"a figure that exists in data/{kind}.yaml")
        if fig.value != value:
            raise DataError(file, f"{key}.value", value, f"{fig.value}, the value of {source}")
    elif source == "assumption":
        if len(str(entry.get("reason", ""))) < 15:
            raise DataError(file, f"{key}.reason", entry.get("reason"), "a reason for every assumption")
        if low is None:
            raise DataError(file, f"{key}.low", None, "a plausible range (low, high) for every assumption")
    elif source == "derived":
        if len(str(entry.get("reason", ""))) < 15:
            raise DataError(file, f"{key}.reason", entry.get("reason"), "the arithmetic of a derived input")
    elif entry.get("confidence") not in ("H", "M", "L"):
        raise DataError(file, f"{key}.confidence", entry.get("confidence"),
                        "H, M or L for a public source (or source: article./pilot./external.<key>, derived, assumption)")
    return Input(value=value, unit=str(entry["unit"]), source=source, confidence=str(entry.get("confidence", "")),
                 reason=str(entry.get("reason", "")), low=low, high=high, years=tuple(years or ()))


@cache.memo
def load_inputs(data_dir: Path = DATA) -> dict[str, Input]:
    """data/tsa.yaml by dotted path (``rules.eligibility_threshold_share``)."""
    path = data_dir / "tsa.yaml"
    file = rel(path)
    out = {}
    for section, leaves in read_yaml(path).items():
        if not isinstance(leaves, dict):
            raise DataError(file, section, leaves, "a section of inputs")
        for key, entry in leaves.items():
            out[f"{section}.{key}"] = check_input(file, f"{section}.{key}", entry)
    return out


@cache.memo
def load_districts(data_dir: Path = DATA) -> tuple[District, ...]:
    """data/districts.csv: the oblast's rural districts and their populations (for proportions)."""
    path = data_dir / "districts.csv"
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
        inp = check_input(file, key, entry, path=f"districts.{key}")
        if inp.value <= 0:
            raise DataError(file, f"{key}.population", inp.value, "a positive number of people")
        out.append(District(key=key, population=float(inp.value), input=inp))
    if not out or len({d.key for d in out}) != len(out):
        raise DataError(file, "district", [d.key for d in out], "one row per district, each named once")
    return tuple(out)


def value(path: str) -> float:
    return float(load_inputs()[path].value)
