"""The scenario editor's logic, without widgets: what can be edited, what differs, how it is saved.

notebooks/editor.ipynb (through model/report/editor.py) shows every assumption of a base
scenario beside a control; this module says what each assumption is (value, calibrated or
not, prior, plausible range, unit, source), which controls it gets (a slider bounded by the
plausible range, widened to include a calibrated value outside it), which edits differ from
the base, and writes an edit as a scenario file that the same loader reads back.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError
from .parameters import DIRECTIONS, Param
from .paths import SCENARIOS, rel
from .build import load_scenario
from .scenario import LANGS, Scenario, base_params, check_name
from .schema import is_share, is_whole_years

PROGRAMME = "programme_wide"  # the group of every assumption that is not per direction
# topic of each per-direction parameter (by its last path segment); a new one falls in "other"
DIRECTION_TOPICS = {
    "budget_share": "money", "cost_per_project_m_kzt": "money",
    "jobs_per_project": "jobs", "hired_fte_per_project": "jobs", "entrepreneurs_per_project": "jobs",
    "indirect_jobs_per_job": "jobs",
    "output_m_kzt_per_year": "output", "agri_share": "output", "processing_share": "output",
    "failure_rate": "survival",
}
TOPIC_ORDER = ("money", "jobs", "output", "survival", "other")


@dataclass(frozen=True)
class Assumption:
    """One editable assumption as the editor shows it."""

    path: str
    group: str  # a direction, or PROGRAMME
    topic: str  # per direction: money, jobs, output, survival, other; else the path's first segment
    param: Param  # as in the scenario (value, unit, source)
    prior: float | list | None  # the value the data assume before any calibration or scenario
    low: float | None  # plausible range of the data (the evidence), not moved by calibration
    high: float | None
    calibrated: bool

    @property
    def value(self):
        return self.param.value

    @property
    def outside(self) -> bool:
        """A scalar value outside its plausible range (a calibrated rate the plan had to stretch)."""
        return (self.low is not None and not isinstance(self.value, list)
                and not (self.low <= self.value <= self.high))


def _prior(path: str, p: Param, base: dict[str, Param]) -> tuple:
    """(prior, low, high): the evidence triple when the data give one, else the base parameter."""
    ev = getattr(p, "evidence", None)
    if ev is not None:
        low, mode, high = ev
        return mode, low, high
    b = base.get(path, p)
    return b.value, (b.low if b.ranged else None), (b.high if b.ranged else None)


def assumptions(scenario: Scenario) -> list[Assumption]:
    """Every numeric assumption of the scenario, programme-wide topics first, then by direction."""
    base = base_params()
    out = []
    for path, p in scenario.params.items():
        if p.source == "derived":  # computed from other figures: not an input to edit
            continue
        parts = path.split(".")
        if parts[0] == "directions":
            group, topic = parts[1], DIRECTION_TOPICS.get(parts[2], "other")
        else:
            group, topic = PROGRAMME, parts[0]
        prior, low, high = _prior(path, p, base)
        out.append(Assumption(path=path, group=group, topic=topic, param=p, prior=prior, low=low, high=high,
                              calibrated=p.source.startswith("calibrated")))
    groups = [PROGRAMME, *DIRECTIONS]
    programme_topics = list(dict.fromkeys(a.topic for a in out if a.group == PROGRAMME))  # as in the data
    order = lambda a: (programme_topics if a.group == PROGRAMME else TOPIC_ORDER).index(a.topic)  # noqa: E731
    return sorted(out, key=lambda a: (groups.index(a.group), order(a)))


# --- controls ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """The widget an assumption gets: ``slider`` (int or float), ``number`` or ``list``."""

    kind: str
    integer: bool = False
    min: float | None = None
    max: float | None = None
    step: float | None = None
    decimals: int = 0
    widened: bool = False  # the slider reaches beyond the plausible range to hold the value

    def snap(self, x: float):
        """A control's raw value on its grid (sliders send binary fractions: 5.800000000000001)."""
        if self.integer:
            return int(round(x))
        if self.step:
            return round(round(x / self.step) * self.step, self.decimals)
        return float(x)


def _nice_step(span: float) -> float:
    """About a hundredth of the span, rounded to 1, 2 or 5 x 10^k."""
    raw = span / 100
    k = math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * 10**k >= raw:
            return m * 10.0**k
    return 10.0 ** (k + 1)


def control(a: Assumption) -> Control:
    """A slider bounded by the plausible range (widened to include the value), else a number box."""
    integer = is_whole_years(a.param.unit)
    if isinstance(a.value, list):
        return Control("list")
    if a.low is None or a.high is None or not a.low < a.high:
        lo, hi = (0.0, 1.0) if is_share(a.param.unit) else (0.0, None)
        return Control("number", integer=integer, min=lo, max=hi)
    lo, hi = min(a.low, a.value), max(a.high, a.value)
    if integer:
        return Control("slider", integer=True, min=int(lo), max=int(hi), step=1, widened=a.outside)
    step = _nice_step(hi - lo)
    decimals = max(0, -math.floor(math.log10(step)))
    lo, hi = math.floor(round(lo / step, 9)) * step, math.ceil(round(hi / step, 9)) * step
    return Control("slider", min=round(lo, decimals), max=round(hi, decimals), step=step, decimals=decimals,
                   widened=a.outside)


def parse_list(text: str, file: str, key: str) -> list[float]:
    """"0.25, 0.25; 0.5" -> [0.25, 0.25, 0.5]: a list typed into a text box (commas or semicolons)."""
    try:
        values = [float(x) for x in str(text).replace(";", ",").split(",") if x.strip()]
    except ValueError:
        raise DataError(file, key, text, "numbers separated by commas") from None
    if not values:
        raise DataError(file, key, text, "numbers separated by commas")
    return values


# --- overrides against the base ---------------------------------------------------------------


def overrides_against(base: Scenario, values: dict, tolerance: dict | None = None) -> dict:
    """The edited values that differ from the base scenario's (within a tolerance per path), in the
    base's order; an edit equal to the base is not an override."""
    tolerance = tolerance or {}
    out = {}
    for path in base.params:
        if path not in values:
            continue
        v, b = values[path], base.value(path)
        if isinstance(v, list) or isinstance(b, list):
            same = isinstance(v, list) and isinstance(b, list) and len(v) == len(b) and all(
                math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12) for x, y in zip(v, b))
        else:
            same = abs(v - b) <= tolerance.get(path, 0.0) or math.isclose(v, b, rel_tol=1e-12, abs_tol=1e-12)
        if not same:
            out[path] = v
    unknown = sorted(set(values) - set(base.params))
    if unknown:
        raise DataError("editor", f"overrides.{unknown[0]}", values[unknown[0]], "a known parameter path")
    return out


# --- save as a scenario -----------------------------------------------------------------------

SAVE = "save as"  # the "file" a message names before anything is written


def scenario_yaml(base: str, titles: dict[str, str], overrides: dict) -> str:
    """The text of a scenario file: a comment, the titles, the base and only the overrides."""
    doc = {"title": {lang: titles[lang] for lang in LANGS}, "base": base, "overrides": dict(overrides)}
    head = f"# Saved by the scenario editor (notebooks/editor.ipynb): changes against the scenario {base}.\n"
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def check_titles(titles) -> dict[str, str]:
    if not isinstance(titles, dict):
        raise DataError(SAVE, "title", titles, f"a title for each of {LANGS}")
    out = {}
    for lang in LANGS:
        text = " ".join(str(titles.get(lang) or "").split())
        if not text:
            raise DataError(SAVE, f"title.{lang}", titles.get(lang), "a title in this language")
        out[lang] = text
    return out


def save_scenario(name: str, titles: dict[str, str], base: str, overrides: dict, *, overwrite: bool = False,
                  directory: Path = SCENARIOS) -> Path:
    """Write ``<directory>/<name>.yaml`` with only the overrides against ``base``; return its path.

    Checked before anything is written: a plain file name other than the base's, a title in each
    language, no existing file unless ``overwrite``, and the overrides applied to the base by the
    loader. The file is written under a temporary name and renamed, then loaded back by the
    same loader as every scenario; if that fails the previous state is restored and the
    DataError raised.
    """
    check_name(name, SAVE, "name")
    check_name(base, SAVE, "base")
    if name == base:
        raise DataError(SAVE, "name", name, f"a name other than its base scenario ({base})")
    titles = check_titles(titles)
    path = Path(directory) / f"{name}.yaml"
    if path.exists() and not overwrite:
        raise DataError(rel(path), "name", name, "a new scenario name, or overwriting confirmed")
    load_scenario(base, dict(overrides), file=SAVE, directory=directory)  # the edit itself is valid
    old = path.read_bytes() if path.exists() else None
    tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
    tmp.write_text(scenario_yaml(base, titles, overrides), encoding="utf-8")
    os.replace(tmp, path)
    try:
        loaded = load_scenario(name, directory=directory)
        for key, v in overrides.items():
            if loaded.value(key) != v:
                raise DataError(rel(path), f"overrides.{key}", loaded.value(key), f"{v!r} as edited")
    except Exception:
        if old is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(old)
        raise
    return path
