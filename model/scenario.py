"""Scenarios: a named set of overrides on a base scenario (or on the base parameters).

This module resolves and validates overrides only; building a scenario from its file (bases,
derived and calibrated rates) is :mod:`model.build`. A scenario file (data/scenarios/NAME.yaml) has a ``title`` (kk, ru, en), a ``base`` (another
scenario or null), ``overrides`` by dotted path, and optionally ``calibrate`` (fit rates to the
article's figures), ``derive_from: pilot`` (rates from the pilot's first stage) or ``schedule_from:
outturn`` (the launch schedule of what was reported, model/delivered.py), and ``programme`` /
``region`` when it is written for one pack only (model/paths.py; without them it applies to the
pack in force). Overrides given at run time (``--set``, papermill ``overrides``) apply last, on
top of the resolved scenario.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import schema
from .derived import derived_figures
from .errors import DataError
from .parameters import DIRECTIONS, MISSING, Param, load_parameters, read_yaml
from .paths import SCENARIOS, Pack, rel
from .schema import LANGS

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # a file name on any system, short enough for messages
SCENARIO_KEYS = {"title", "description", "base", "overrides", "calibrate", "derive_from", "schedule_from",
                 "programme", "region"}
SUM_TO_ONE = {
    "directions.*.budget_share": [f"directions.{d}.budget_share" for d in DIRECTIONS],
    "funding.*_share": ["funding.grant_share", "funding.microcredit_share",
                        "funding.bank_loan_share", "funding.own_funds_share"],
}
LIST_SUM_TO_ONE = ("timeline.launch_shares",)  # lists whose items are shares of one whole


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: every parameter with its value and provenance."""

    name: str
    title: dict[str, str]
    params: dict[str, Param]
    file: str = ""
    calibration: object | None = None  # model.calibration.CalibrationReport, when calibrated
    notes: tuple[str, ...] = field(default_factory=tuple)
    pack: Pack = Pack()  # the programme and region whose data it was built from (model/paths.py)

    def value(self, path: str):
        return self.params[path].value

    def check_pack(self) -> None:
        """A scenario is projected only with its own pack in force: the targets, the households and
        the outturn read from it must be the ones its parameters came from."""
        from .paths import pack

        if self.pack != pack():
            raise DataError("--programme", "programme", str(pack()),
                            f"the pack scenario {self.name} was built from, {self.pack} (put it in force first)")

    @property
    def values(self) -> dict[str, object]:
        return {k: p.value for k, p in self.params.items()}

    def with_values(self, values: dict[str, object], source: str) -> "Scenario":
        """A copy with some values replaced (no validation: callers validate)."""
        params = dict(self.params)
        for k, v in values.items():
            params[k] = _moved(params[k], v, source, path=k)
        return replace(self, params=params)


def _moved(p: Param, value, source: str, low=None, high=None, reason: str = "", path: str = "") -> Param:
    """A parameter given a new value: the range follows it unless it still holds the value.

    A moved range keeps its relative width (whole years: its offsets) and stays within the bounds.

    A calibrated value keeps the prior's distribution as its evidence (``Param.evidence``);
    any other new value (a scenario's, the pilot's, an override) is the new evidence.
    """
    evidence = None
    if source.startswith("calibrated") and low is None:
        evidence = p.distribution
    if low is None and p.ranged and not isinstance(value, list):
        if p.low <= value <= p.high or p.value == 0:
            low, high = p.low, p.high
        else:
            b = schema.bounds(path, p.unit)
            if b.whole:
                low, high = p.low + value - p.value, p.high + value - p.value
            else:  # keep the relative uncertainty around the new value
                low, high = p.low * value / p.value, p.high * value / p.value
            low, high = min(max(b.lowest, low), value), max(min(b.highest, high), value)
    return Param(value=value, unit=p.unit, source=source, low=low, high=high,
                 reason=reason or p.reason, evidence=evidence, label=p.label, description=p.description)


def check_name(name: str, file: str = "--scenario", key: str = "scenario") -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DataError(file, key, name, "a plain file name of at most 64 characters: lower-case letters, "
                        "digits, _ or -, no path or extension")


def scenario_files(directory: Path = SCENARIOS) -> list[Path]:
    """Every ``*.yaml`` entry of the scenario folder but hidden ones (an editor's lock ``.#x.yaml``,
    swap or backup files): whatever kind of file it is, never opened here."""
    return sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("."))


def scenario_names(directory: Path = SCENARIOS) -> list[str]:
    """Every scenario file's name, whether or not the file loads."""
    return [p.stem for p in scenario_files(directory) if _NAME.fullmatch(p.stem)]


def written_for(path: Path, _seen: tuple = ()) -> tuple[str, str] | None:
    """(programme, region) a scenario file is written for, itself or through its base, when that is
    not the pack in force (it applies to that pack only: listed apart, never loaded here); None
    otherwise, or when a file does not read (its full load then says why)."""
    from .paths import pack

    try:
        doc = read_yaml(path)
    except DataError:
        return None
    now = pack()
    want = (doc.get("programme") or now.programme, doc.get("region") or now.region)
    if want != (now.programme, now.region):
        return want if all(isinstance(x, str) for x in want) else None
    base = doc.get("base")
    if isinstance(base, str) and _NAME.fullmatch(base) and base not in _seen:
        return written_for(path.parent / f"{base}.yaml", (*_seen, path.stem))
    return None


def list_scenarios(directory: Path = SCENARIOS) -> dict[str, dict[str, str]]:
    """Scenario name -> title by language, for every file in data/scenarios whose title reads and
    that applies to the pack in force (``written_for``).

    A broken file is left out, so that it never breaks the others (``model.build.check_scenarios``
    loads each in full and says why one fails).
    """
    out = {}
    for name in scenario_names(directory):
        path = directory / f"{name}.yaml"
        if written_for(path):
            continue
        try:
            out[name] = scenario_title(rel(path), read_yaml(path).get("title"), name)
        except DataError:
            continue
    return out


def scenario_title(file: str, raw, name: str) -> dict[str, str]:
    if raw is None:
        return {lang: name for lang in LANGS}
    if not isinstance(raw, dict) or set(raw) != set(LANGS) or not all(isinstance(v, str) for v in raw.values()):
        raise DataError(file, "title", raw, f"a mapping with a text for each of {LANGS}")
    return dict(raw)


SET_EXAMPLE = "e.g. --set programme.budget_scale=0.75 (`python -m model params` lists the paths)"


def parse_sets(items: list[str]) -> dict[str, object]:
    """``["a.b=1", ...]`` -> {"a.b": 1}; VALUE is read as YAML (numbers, lists)."""
    out = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep:
            raise DataError("--set", item, raw, f"dotted.path=VALUE, with '=' and a value; {SET_EXAMPLE}", shown=False)
        if not key.strip():
            raise DataError("--set", item, raw, f"a parameter path before '='; {SET_EXAMPLE}", shown=False)
        out[key.strip()] = parse_override_value(raw, key.strip())
    return out


def parse_override_value(raw: str, key: str = "VALUE", file: str = "--set"):
    """A --set VALUE as YAML (0.5, 1e5, [0.25, 0.75], {value: 0.4, low: 0.2, high: 0.6}).

    Text that is not YAML stays a string (the parameter's type check then names it); aliases,
    duplicate keys and deep nesting are refused by the loader's rules (model/schema.py).
    """
    try:
        return schema.load_yaml(raw, file, key)
    except DataError as e:
        if e.expected.startswith("valid YAML"):
            return raw
        raise


def closest_path(key: str, paths) -> str | None:
    """The known path spelt most like ``key`` (``directions.livestok.x`` -> ``directions.livestock.x``);
    its last part must be alike too, so a shared prefix alone suggests nothing."""
    if len(key) > 200:
        return None
    last = key.rsplit(".", 1)[-1]
    scored = [(difflib.SequenceMatcher(None, key, p).ratio(), p) for p in paths
              if difflib.SequenceMatcher(None, last, p.rsplit(".", 1)[-1]).ratio() >= 0.75]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= 0.6 else None


def _unknown_path(file: str, key, raw, params) -> DataError:
    close = closest_path(str(key), params)
    hint = f" (did you mean {close}?)" if close else ""
    return DataError(file, str(key), raw, f"a known parameter path{hint}")


def apply_overrides(params: dict[str, Param], overrides: dict, file: str, source: str) -> dict[str, Param]:
    """Apply {dotted.path: value or {value, low, high, reason}} and validate the result.

    Messages name the parameter by its dotted path alone, whether the override comes from
    ``--set``, papermill ``overrides`` or a scenario file's ``overrides`` (``file`` tells which).
    """
    if not isinstance(overrides, dict):
        raise DataError(file, "overrides", overrides, "a mapping of dotted.path: value")
    out = dict(params)
    for key, raw in overrides.items():
        if not isinstance(key, str) or key not in params:
            raise _unknown_path(file, key, raw, params)
        base = params[key]
        low = high = None
        reason = ""
        if isinstance(raw, dict):
            extra = set(raw) - {"value", "low", "high", "reason"}
            if extra or "value" not in raw:
                raise DataError(file, key, raw, "a value, or a mapping of value, low, high, reason")
            low, high, reason = raw.get("low"), raw.get("high"), raw.get("reason", "")
            if (low is None) != (high is None):
                raise DataError(file, key, raw, "both low and high, or neither")
            if not isinstance(reason, str):
                raise DataError(file, f"{key}.reason", reason, "a text")
            raw = raw["value"]
        value = _typed(file, key, raw, key, base)
        if low is not None:
            low, high = (_typed(file, f"{key}.{name}", b, key, base) for name, b in (("low", low), ("high", high)))
        out[key] = _moved(base, value, source, low, high, reason, key)
    validate(out, file)
    return out


def _typed(file: str, key: str, raw, path: str, base: Param):
    """Check an override has the base parameter's type and lies within its bounds; return it as such."""
    if isinstance(base.value, list):
        return schema.check_list(file, key, raw, path, base.unit)
    return schema.check_number(file, key, raw, path, base.unit)


def validate(params: dict[str, Param], file: str) -> None:
    """Check economic sense: bounds by unit, shares summing to 1, ranges, years in order."""
    for key, p in params.items():
        if p.source == MISSING:  # no value to check: what needs it is not run (model/missing.py)
            continue
        b = schema.bounds(key, p.unit)
        for v in (p.value if isinstance(p.value, list) else [p.value]):
            if not (schema.is_number(v) and b.admits(v)):
                raise DataError(file, key, p.value, b.expected(p.unit))
        for name, v in (("low", p.low), ("high", p.high)):
            if v is not None and not (schema.is_number(v) and b.admits(v)):
                raise DataError(file, f"{key}.{name}", v, b.expected(p.unit))
        if p.low is not None and not (p.low <= p.value <= p.high):
            raise DataError(file, key, {"low": p.low, "value": p.value, "high": p.high},
                            "a range with low <= value <= high")
    for group, keys in SUM_TO_ONE.items():
        total = sum(params[k].value for k in keys)
        if abs(total - 1) > 1e-6:
            raise DataError(file, group, round(total, 6), "shares that sum to 1")
    for key in LIST_SUM_TO_ONE:
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
    if "population.households" in params:  # a region that keeps households (model/parameters.py)
        check_households(params, file)


def check_households(params: dict[str, Param], file: str) -> None:
    """The household microsimulation's inputs that must agree with each other for a population to
    be drawn (model/microsim/population.py): members per household, children, the 2019 caseload."""
    v = {k: float(p.value) for k, p in params.items() if not isinstance(p.value, list)}
    H = v["population.households"]
    rules = [
        ("population.settlements", v["population.settlements"] <= H, f"at most one settlement a household ({H:,.0f})"),
        ("population.working_age", H <= v["population.working_age"] <= 5 * H,
         f"1 to 5 working-age people a household ({H:,.0f} to {5 * H:,.0f})"),
        ("population.people", v["population.working_age"] <= v["population.people"] <= 15 * H,
         f"at least the working-age people ({v['population.working_age']:,.0f}) and at most 15 a household"),
        ("population.without_stable_income", 0 < v["population.without_stable_income"] < v["population.working_age"],
         f"more than 0 and fewer than the working-age people ({v['population.working_age']:,.0f})"),
    ]
    for key, ok, expected in rules:
        if not ok:
            raise DataError(file, key, params[key].value, expected)
    large, n = v["population.large_families_share"], v["population.large_family_children"]
    children = (v["population.people"] - v["population.working_age"]) * v["population.children_share_of_dependants"] / H
    small = (children - large * (n + 0.6)) / (1 - large) if large < 1 else -1.0
    if not 0 <= small <= n - 1:
        raise DataError(file, "population.large_families_share", large,
                        f"a share of large families ({n:.0f}+ children) that the {children:.2f} children a household "
                        f"leave room for (the other families' mean from 0 to {n - 1:.0f} children; it is {small:.2f})")
    rural = v["caseload_2019.families"] * v["population.caseload_rural_share"]
    if not 0 < rural <= 0.5 * H * v["population.take_up_2019"]:
        raise DataError(file, "caseload_2019.families", v["caseload_2019.families"],
                        f"TSA families whose rural part (x population.caseload_rural_share) is above 0 and at most"
                        f" half the households that would take TSA up ({0.5 * H * v['population.take_up_2019']:,.0f})")
    if not v["caseload_2019.families"] <= v["caseload_2019.people"] <= 15 * v["caseload_2019.families"]:
        raise DataError(file, "caseload_2019.people", v["caseload_2019.people"],
                        "1 to 15 people a TSA family (caseload_2019.families)")
    if v["public.villages_without_tsa_2021"] > v["public.villages_2021"]:
        raise DataError(file, "public.villages_without_tsa_2021", v["public.villages_without_tsa_2021"],
                        f"at most the villages counted ({v['public.villages_2021']:,.0f})")


def base_params() -> dict[str, Param]:
    """The base parameters of the pack in force plus the baseline output the announcement implies
    (labelled derived). An announcement that implies none has no such parameter: the rise is read
    against the region's public output, which the model derives in every draw and override
    (model/core.py), so a change of its growth or its nominal figure moves the rise."""
    params = dict(load_parameters())
    implied = derived_figures().get("agri_output_implied")
    if implied is not None:
        params["baseline.agri_output_implied_bn_kzt"] = Param(
            value=implied.value, unit="bn KZT (2019 prices)", source="derived",
            reason="132.2 bn / 33 %: the baseline output the article's two output figures imply")
    return params
