"""Load the base parameters with their provenance (data/parameters.yaml, data/directions.csv).

A parameter is a value plus metadata: unit, source, optional (low, high) range and reason.
The flat dotted-path form (``directions.livestock.jobs_per_project``) is what scenarios,
the command line and papermill overrides use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from . import schema
from .errors import DataError
from .paths import DATA, rel

DIRECTIONS = ("household_plots", "livestock", "outside_land", "cooperatives", "small_business")
SOURCE_KINDS = ("article", "external", "assumption", "derived", "pilot", "calibrated")
_LEAF_KEYS = {"value", "low", "high", "unit", "source", "reason"}


@dataclass(frozen=True)
class Param:
    """One parameter: its central value and where it comes from."""

    value: float | int | list
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    reason: str = ""
    # (low, mode, high) the evidence supports; None: (low, value, high). A calibrated value moves
    # ``value`` but keeps its prior here, so Monte Carlo asks what the evidence says, not the fit.
    evidence: tuple[float, float, float] | None = None

    @property
    def ranged(self) -> bool:
        return self.low is not None and self.high is not None and self.low < self.high

    @property
    def distribution(self) -> tuple[float, float, float] | None:
        """(low, mode, high) to draw from, or None for a parameter without a range."""
        if self.evidence is not None:
            return self.evidence
        return (self.low, self.value, self.high) if self.ranged and not isinstance(self.value, list) else None


@dataclass(frozen=True)
class Figure:
    """A figure quoted from the article or a public source (data/article.yaml, external.yaml, pilot.yaml)."""

    key: str
    value: float
    unit: str
    year: int
    quote: str = ""
    source: str = ""
    confidence: str = ""
    bound: str = ""


@dataclass(frozen=True)
class Sources:
    article: dict[str, Figure] = field(default_factory=dict)
    external: dict[str, Figure] = field(default_factory=dict)
    pilot: dict[str, Figure] = field(default_factory=dict)

    def figure(self, ref: str) -> Figure:
        """``article.projects`` -> the Figure."""
        kind, _, key = ref.partition(".")
        return getattr(self, kind)[key]


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping by the loader's rules (model/schema.py); any problem names the file."""
    return schema.read_yaml(path, rel(path))


def _figures(path: Path, section: str) -> dict[str, Figure]:
    doc = read_yaml(path)
    out = {}
    for key, entry in (doc.get(section) or {}).items():
        where = f"{section}.{key}"
        if not isinstance(entry, dict) or "value" not in entry:
            raise DataError(rel(path), where, entry, "a mapping with value, unit and source")
        for need in ("unit", "year"):
            if need not in entry:
                raise DataError(rel(path), f"{where}.{need}", None, f"a {need} for every figure")
        schema.check_figure_unit(rel(path), path.stem, key, where, str(entry["unit"]))
        if not schema.is_number(entry["value"]) or abs(entry["value"]) > 1e15:
            raise DataError(rel(path), f"{where}.value", entry["value"], "a finite number")
        out[key] = Figure(key=key, value=entry["value"], unit=str(entry["unit"]), year=int(entry["year"]),
                          quote=entry.get("quote", ""), source=entry.get("source", ""),
                          confidence=entry.get("confidence", ""), bound=entry.get("bound", ""))
    return out


@cache.memo
def load_sources(data_dir: Path = DATA) -> Sources:
    return Sources(article=_figures(data_dir / "article.yaml", "figures"),
                   external=_figures(data_dir / "external.yaml", "facts"),
                   pilot=_figures(data_dir / "pilot.yaml", "facts"))


def parse_param(file: str, key: str, entry) -> Param:
    """A YAML/CSV leaf -> Param, checking that it carries a unit and a source."""
    if not isinstance(entry, dict):
        raise DataError(file, key, entry, "a mapping with value, unit, source")
    unknown = set(entry) - _LEAF_KEYS
    if unknown:
        raise DataError(file, f"{key}.{sorted(unknown)[0]}", entry[sorted(unknown)[0]],
                        f"only the fields {sorted(_LEAF_KEYS)}")
    for need in ("value", "unit", "source"):
        if entry.get(need) in (None, ""):
            raise DataError(file, f"{key}.{need}", entry.get(need), f"a {need} for every parameter")
    unit = str(entry["unit"])
    schema.check_unit(file, key, key, unit)
    value = entry["value"]
    if isinstance(value, list):
        value = schema.check_list(file, f"{key}.value", value, key, unit)
    else:
        value = schema.check_number(file, f"{key}.value", value, key, unit)
    source = str(entry["source"])
    if source.split(".")[0] not in SOURCE_KINDS:
        raise DataError(file, f"{key}.source", source, f"one of {SOURCE_KINDS} (article.<key>, external.<key>)")
    if source == "assumption" and not entry.get("reason"):
        raise DataError(file, f"{key}.reason", None, "a reason for every assumption")
    low, high = entry.get("low"), entry.get("high")
    if low is not None:
        low = schema.check_number(file, f"{key}.low", low, key, unit)
    if high is not None:
        high = schema.check_number(file, f"{key}.high", high, key, unit)
    if (low is None) != (high is None):
        raise DataError(file, key, entry, "both low and high, or neither")
    if low is not None and not (low <= value <= high):
        raise DataError(file, key, {"low": low, "value": value, "high": high}, "low <= value <= high")
    return Param(value=value, unit=unit, source=source, low=low, high=high,
                 reason=str(entry.get("reason", "")))


def _flatten(file: str, tree: dict, prefix: str = "") -> dict[str, Param]:
    out: dict[str, Param] = {}
    for k, v in tree.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and "value" not in v:
            out.update(_flatten(file, v, path + "."))
        else:
            out[path] = parse_param(file, path, v)
    return out


def _csv_float(file: str, key: str, raw: str):
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        raise DataError(file, key, raw, "a number") from None


CSV_COLUMNS = ("direction", "parameter", "value", "unit", "source")  # and optionally low, high, reason


def _directions(path: Path) -> dict[str, Param]:
    file = rel(path)
    reader = schema.csv_reader(path, file)
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError(file, "(header)", reader.fieldnames, f"the columns {', '.join(CSV_COLUMNS)}"
                        f" (missing: {', '.join(missing)})")
    out = {}
    for row in reader:
        line = f"line {reader.line_num}"
        if None in row:  # more fields than the header: usually a text with an unquoted comma
            raise DataError(file, line, row[None], f"{len(reader.fieldnames)} fields (quote a text that has commas)")
        row = {k: (v or "").strip() for k, v in row.items()}  # a short row leaves None
        d, p = row["direction"], row["parameter"]
        if d not in DIRECTIONS:
            raise DataError(file, f"{line}: direction", d, f"one of {DIRECTIONS}")
        key = f"directions.{d}.{p}"
        if key in out:
            raise DataError(file, f"{line}: {d},{p}", row["value"], "one row per direction and parameter")
        entry = {k: row[k] for k in ("unit", "source", "reason") if row.get(k)}
        for k in ("value", "low", "high"):
            num = _csv_float(file, f"{key}.{k}", row.get(k, ""))
            if num is not None:
                entry[k] = num
        out[key] = parse_param(file, key, entry)
    if not out:
        raise DataError(file, "(rows)", None, "one row per direction and parameter")
    return out


@cache.memo
def load_parameters(data_dir: Path = DATA) -> dict[str, Param]:
    """All base parameters by dotted path, provenance checked (sourced values must equal their figure)."""
    params = _flatten(rel(data_dir / "parameters.yaml"), read_yaml(data_dir / "parameters.yaml"))
    params.update(_directions(data_dir / "directions.csv"))
    sources = load_sources(data_dir)
    for key, p in params.items():
        if p.source.startswith(("article.", "external.")):
            try:
                fig = sources.figure(p.source)
            except KeyError:
                raise DataError(rel(data_dir / "parameters.yaml"), f"{key}.source", p.source,
                                "a figure that exists in article.yaml or external.yaml") from None
            if fig.value != p.value:
                raise DataError(rel(data_dir / "parameters.yaml"), f"{key}.value", p.value,
                                f"{fig.value}, the value of {p.source}")
    # every direction has every per-direction parameter
    names = {k.split(".")[2] for k in params if k.startswith("directions.")}
    for d in DIRECTIONS:
        for n in sorted(names):
            if f"directions.{d}.{n}" not in params:
                raise DataError(rel(data_dir / "directions.csv"), f"directions.{d}.{n}", None,
                                "a row for every direction and parameter")
    return params

