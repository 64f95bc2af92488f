"""Scenarios: a named set of overrides on a base scenario (or on the base parameters).

This module resolves and validates overrides only; building a scenario from its file (bases,
derived and calibrated rates) is :mod:`model.build`. A scenario file (data/scenarios/NAME.yaml) has a ``title`` (kk, ru, en), a ``base`` (another
scenario or null), ``overrides`` by dotted path, and optionally ``calibrate`` (fit rates to the
article's figures) or ``derive_from: pilot`` (rates from the pilot's first stage). Overrides given
at run time (``--set``, papermill ``overrides``) apply last, on top of the resolved scenario.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .derived import derived_figures
from .errors import DataError
from .parameters import DIRECTIONS, Param, load_parameters, read_yaml
from .paths import SCENARIOS, rel

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
SCENARIO_KEYS = {"title", "description", "base", "overrides", "calibrate", "derive_from"}
LANGS = ("kk", "ru", "en")
SUM_TO_ONE = {
    "directions.*.budget_share": [f"directions.{d}.budget_share" for d in DIRECTIONS],
    "funding.*_share": ["funding.grant_share", "funding.microcredit_share",
                        "funding.bank_loan_share", "funding.own_funds_share"],
}


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: every parameter with its value and provenance."""

    name: str
    title: dict[str, str]
    params: dict[str, Param]
    file: str = ""
    calibration: object | None = None  # model.calibration.CalibrationReport, when calibrated
    notes: tuple[str, ...] = field(default_factory=tuple)

    def value(self, path: str):
        return self.params[path].value

    @property
    def values(self) -> dict[str, object]:
        return {k: p.value for k, p in self.params.items()}

    def with_values(self, values: dict[str, object], source: str) -> "Scenario":
        """A copy with some values replaced (no validation: callers validate)."""
        params = dict(self.params)
        for k, v in values.items():
            params[k] = _moved(params[k], v, source)
        return replace(self, params=params)


def _moved(p: Param, value, source: str, low=None, high=None, reason: str = "") -> Param:
    """A parameter given a new value: the range follows it unless it still holds the value.

    A calibrated value keeps the prior's distribution as its evidence (``Param.evidence``);
    any other new value (a scenario's, the pilot's, an override) is the new evidence.
    """
    evidence = None
    if source.startswith("calibrated") and low is None:
        evidence = p.distribution
    if low is None and p.ranged and not isinstance(value, list):
        if p.low <= value <= p.high or p.value == 0:
            low, high = p.low, p.high
        else:  # keep the relative uncertainty around the new value
            low, high = p.low * value / p.value, p.high * value / p.value
            if _is_share(p.unit):
                low, high = max(0.0, low), min(1.0, high)
            low, high = min(low, value), max(high, value)
    return Param(value=value, unit=p.unit, source=source, low=low, high=high,
                 reason=reason or p.reason, evidence=evidence)


def _is_share(unit: str) -> bool:
    return unit.startswith(("share", "probability"))


def _is_integer(unit: str) -> bool:
    return unit in ("year", "years")


def check_name(name: str, file: str = "--scenario", key: str = "scenario") -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DataError(file, key, name,
                        "a plain file name: lower-case letters, digits, _ or -, no path or extension")


def list_scenarios(directory: Path = SCENARIOS) -> dict[str, dict[str, str]]:
    """Scenario name -> title by language, for every file in data/scenarios."""
    out = {}
    for path in sorted(directory.glob("*.yaml")):
        doc = read_yaml(path)
        out[path.stem] = scenario_title(rel(path), doc.get("title"), path.stem)
    return out


def scenario_title(file: str, raw, name: str) -> dict[str, str]:
    if raw is None:
        return {lang: name for lang in LANGS}
    if not isinstance(raw, dict) or set(raw) != set(LANGS) or not all(isinstance(v, str) for v in raw.values()):
        raise DataError(file, "title", raw, f"a mapping with a text for each of {LANGS}")
    return dict(raw)


def parse_override_value(raw: str):
    """A --set VALUE as YAML (0.5, 2023, [0.25, 0.75]); anything unparsable stays a string."""
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw


def apply_overrides(params: dict[str, Param], overrides: dict, file: str, source: str) -> dict[str, Param]:
    """Apply {dotted.path: value or {value, low, high, reason}} and validate the result."""
    if not isinstance(overrides, dict):
        raise DataError(file, "overrides", overrides, "a mapping of dotted.path: value")
    out = dict(params)
    for key, raw in overrides.items():
        if key not in params:
            close = [k for k in params if k.split(".")[-1] == str(key).split(".")[-1]]
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise DataError(file, f"overrides.{key}", raw, f"a known parameter path{hint}")
        base = params[key]
        low = high = None
        reason = ""
        if isinstance(raw, dict):
            extra = set(raw) - {"value", "low", "high", "reason"}
            if extra or "value" not in raw:
                raise DataError(file, f"overrides.{key}", raw, "a value, or a mapping of value, low, high, reason")
            low, high, reason = raw.get("low"), raw.get("high"), str(raw.get("reason", ""))
            if (low is None) != (high is None):
                raise DataError(file, f"overrides.{key}", raw, "both low and high, or neither")
            raw = raw["value"]
        value = _typed(file, f"overrides.{key}", raw, base)
        for bound_name, b in (("low", low), ("high", high)):
            if b is not None:
                _typed(file, f"overrides.{key}.{bound_name}", b, base)
        out[key] = _moved(base, value, source, low, high, reason)
    validate(out, file)
    return out


def _typed(file: str, key: str, raw, base: Param):
    """Check an override has the base parameter's type; return it as such."""
    if isinstance(base.value, list):
        if not isinstance(raw, list) or not raw or not all(_is_number(x) for x in raw):
            raise DataError(file, key, raw, "a non-empty list of numbers")
        return [float(x) for x in raw]
    if not _is_number(raw):
        raise DataError(file, key, raw, f"a number ({base.unit})")
    if _is_integer(base.unit):
        if float(raw) != int(raw):
            raise DataError(file, key, raw, f"a whole number ({base.unit})")
        return int(raw)
    return float(raw)


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def validate(params: dict[str, Param], file: str) -> None:
    """Check economic sense: bounds by unit, shares summing to 1, ranges, years in order."""
    for key, p in params.items():
        vals = p.value if isinstance(p.value, list) else [p.value]
        for v in vals:
            if _is_share(p.unit) and not 0 <= v <= 1:
                raise DataError(file, key, p.value, f"a {p.unit.split()[0]} between 0 and 1")
            if v < 0:
                raise DataError(file, key, p.value, f"a non-negative amount ({p.unit})")
        if p.low is not None and not (p.low <= p.value <= p.high):
            raise DataError(file, key, {"low": p.low, "value": p.value, "high": p.high},
                            "a range with low <= value <= high")
    for group, keys in SUM_TO_ONE.items():
        total = sum(params[k].value for k in keys)
        if abs(total - 1) > 1e-6:
            raise DataError(file, group, round(total, 6), "shares that sum to 1")
    for key in ("timeline.launch_shares",):
        total = sum(params[key].value)
        if abs(total - 1) > 1e-6:
            raise DataError(file, key, params[key].value, "shares that sum to 1")
    y = {k: params[f"programme.{k}"].value for k in ("base_year", "start_year", "target_year", "horizon_end")}
    if not (y["base_year"] < y["start_year"] <= y["target_year"] <= y["horizon_end"]):
        raise DataError(file, "programme.*_year", y,
                        "years in order: base_year < start_year <= target_year <= horizon_end")
    if y["horizon_end"] - y["start_year"] > 50:
        raise DataError(file, "programme.horizon_end", y["horizon_end"], "at most 50 years after start_year")
    n_years = y["horizon_end"] - y["start_year"] + 1
    if len(params["timeline.launch_shares"].value) > n_years:
        raise DataError(file, "timeline.launch_shares", params["timeline.launch_shares"].value,
                        f"at most {n_years} launch years (start_year to horizon_end)")


def base_params() -> dict[str, Param]:
    """The base parameters plus the figures derived from the article (labelled derived)."""
    params = dict(load_parameters())
    params["baseline.agri_output_implied_bn_kzt"] = Param(
        value=derived_figures()["agri_output_implied"].value, unit="bn KZT", source="derived",
        reason="132.2 bn / 33 %: the baseline output the article's two output figures imply")
    return params
