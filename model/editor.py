"""The scenario editor's logic, without widgets: what can be edited, what differs, how it is saved.

notebooks/editor.ipynb (through model/report/editor.py) shows every assumption of a base
scenario beside a control; this module says what each assumption is (value, calibrated or
not, prior, plausible range, unit, source), which controls it gets (a slider bounded by the
plausible range, widened to include a calibrated value outside it), which edits differ from
the base, and writes an edit as a scenario file that the same loader reads back.
"""
from __future__ import annotations

import base64
import contextlib
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import schema
from .atomic import dir_lock, temp_path, write_atomic
from .build import load_scenario
from .errors import DataError
from .parameters import DIRECTIONS, Param, household_paths, read_yaml
from .paths import SCENARIOS, rel
from .scenario import LANGS, LIST_SUM_TO_ONE, SUM_TO_ONE, Scenario, base_params, check_name, scenario_names
from .tsa import CROSS_CHECK_ONLY
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
    households = set(household_paths())
    out = []
    for path, p in scenario.params.items():
        if p.source == "derived" or path in CROSS_CHECK_ONLY:  # computed, or moving no figure shown: not offered
            continue
        if path in households and not base[path].ranged:  # the households' published figures and rules: facts
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


def share_group(path: str) -> tuple[str, ...]:
    """The shares ``path`` must sum to 1 with (scenario.SUM_TO_ONE: the money by direction, the
    funding sources), itself included; () for a parameter outside such a group."""
    return next((tuple(keys) for keys in SUM_TO_ONE.values() if path in keys), ())


def rebalance(values: dict, path: str, new: float) -> dict[str, float]:
    """The shares of ``path``'s group after ``path`` is set to ``new``: the others keep their
    proportions among themselves and together take ``1 - new``, so the group still sums to 1
    (when they are all 0 they share it equally). Raises DataError for a share outside 0-1."""
    group = share_group(path)
    if not group:
        raise ValueError(f"{path} belongs to no group of shares")
    new = float(new)
    if not 0.0 <= new <= 1.0 or math.isnan(new):
        raise DataError("editor", path, new, "a share from 0 to 1")
    others = [k for k in group if k != path]
    rest = sum(float(values[k]) for k in others)
    out = {path: new}
    for k in others:
        out[k] = (float(values[k]) / rest if rest > 0 else 1.0 / len(others)) * (1.0 - new)
    return out


def scaled_to_one(values: list, path: str) -> list[float]:
    """A list of shares (``LIST_SUM_TO_ONE``) scaled so that it sums to 1, each keeping its
    proportion: what "left to allocate" is shared out by. Refuses negatives and an all-zero list."""
    if path not in LIST_SUM_TO_ONE:
        raise ValueError(f"{path} is not a list of shares")
    values = [float(x) for x in values]
    total = sum(values)
    if any(x < 0 or math.isnan(x) for x in values) or not total > 0:
        raise DataError("editor", path, values, "shares of 0 or more, not all 0")
    out = [round(x / total, 4) for x in values]  # as typed back: four decimals, the rounding put on the largest
    big = max(range(len(out)), key=out.__getitem__)
    out[big] = round(out[big] + 1.0 - sum(out), 10)
    return out


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


SPACES = " \u00a0\u202f\u2009"  # a space, no-break, narrow no-break, thin: thousands as kk and ru write them


def parse_number(text, file: str, key: str, integer: bool = False) -> float:
    """A number typed into a box: "0,5" and "0.5" are 0.5 (a decimal comma or point), "1 000,5" is
    1000.5 (spaces group thousands); "1,000.5" (a comma AND a point) is refused as ambiguous.
    ``integer``: a whole number is required (a fraction is refused, never rounded away)."""
    s = str(text).strip().replace("\u2212", "-")
    for ch in SPACES:
        s = s.replace(ch, "")
    s = s.replace(",", ".")
    try:
        if s.count(".") > 1:
            raise ValueError
        x = float(s)
    except ValueError:
        raise DataError(file, key, text, "a whole number" if integer else "a number") from None
    if not math.isfinite(x) or (integer and x != int(x)):
        raise DataError(file, key, text, "a whole number" if integer else "a number")
    return int(x) if integer else x


LIST_EXPECTED = "numbers separated by commas (or by semicolons, with decimal commas)"
_LIST_SEPARATOR = re.compile(r";|,(?=\s)")  # a semicolon, or a comma followed by a space


def list_items(text: str) -> list[str]:
    """The values of a typed list as text: a semicolon or a comma followed by a space separates
    ("0,5; 0,5", "0.5, 0.5"); a comma between digits is a decimal comma ("0,5"), except in an item
    that also holds a point, where it separates as in "0.5,0.5"."""
    out = []
    for item in _LIST_SEPARATOR.split(str(text)):
        out.extend(item.split(",") if "." in item and "," in item else [item])
    return [x for x in out if x.strip()]


def parse_list(text: str, file: str, key: str) -> list[float]:
    """"0.25, 0.25; 0.5" or "0,25; 0,25; 0,5" -> [0.25, 0.25, 0.5] (:func:`list_items`)."""
    try:
        values = [parse_number(x, file, key) for x in list_items(text)]
    except DataError:
        raise DataError(file, key, text, LIST_EXPECTED) from None
    if not values:
        raise DataError(file, key, text, LIST_EXPECTED)
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


class _Dumper(yaml.SafeDumper):
    """Writes a text plain only where the loader (YAML 1.2 numbers, model/schema.py) reads it back as
    the same text: "1e5", "null", "yes" or "2019-01-01" as a title or a name are quoted."""


def _represent_text(dumper, text: str):
    try:
        plain = schema.load_yaml(text, SAVE) == text
    except DataError:
        plain = False
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=None if plain else '"')


_Dumper.add_representer(str, _represent_text)


def scenario_yaml(base: str, titles: dict[str, str], overrides: dict) -> str:
    """The text of a scenario file: a comment, the titles, the base and only the overrides."""
    doc = {"title": {lang: titles[lang] for lang in LANGS}, "base": base, "overrides": dict(overrides)}
    head = f"# Saved by the scenario editor (notebooks/editor.ipynb): changes against the scenario {base}.\n"
    return head + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None,
                            width=100)


def _reads_back(text: str, base: str, titles: dict, overrides: dict) -> None:
    """The loader must read the text as the editor means it (names, titles, numbers), or nothing is written."""
    doc = schema.load_yaml(text, SAVE)
    want = {"title": titles, "base": base, "overrides": dict(overrides)}
    for key in want:
        got = doc.get(key) if isinstance(doc, dict) else None
        if got != want[key] or _types(got) != _types(want[key]):
            raise DataError(SAVE, key, got, f"text the loader reads back as written ({want[key]!r})")


def _types(x):
    if isinstance(x, dict):
        return {k: _types(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_types(v) for v in x]
    return type(x).__name__


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


def complete_titles(titles: dict, lang: str) -> dict[str, str]:
    """The titles a scenario file gets from the save form: the page's language (``lang``) is
    required; an empty title in another language is filled from it (the form's "fill the other
    titles" does the same on request, so they can be edited before saving)."""
    own = " ".join(str((titles or {}).get(lang) or "").split())
    if not own:
        raise DataError(SAVE, f"title.{lang}", (titles or {}).get(lang), "a title in this language")
    return {x: " ".join(str(titles.get(x) or "").split()) or own for x in LANGS}


def dependents(name: str, directory: Path = SCENARIOS) -> list[str]:
    """The scenarios based on ``name``, directly or through others (a file that does not read is skipped)."""
    bases = {}
    for other in scenario_names(directory):
        try:
            bases[other] = read_yaml(directory / f"{other}.yaml").get("base")
        except DataError:
            continue
    found, todo = set(), [name]
    while todo:
        parent = todo.pop()
        for child, base in bases.items():
            if base == parent and child not in found and child != name:
                found.add(child)
                todo.append(child)
    return sorted(found)


def read_scenario_file(name: str, directory: Path = SCENARIOS) -> bytes | None:
    """The bytes of ``<name>.yaml`` as they are now (None if there is none): what the editor shows
    the user before an overwrite is confirmed, and hands back to :func:`save_scenario` as ``replaces``."""
    check_name(name, SAVE, "name")
    path = Path(directory) / f"{name}.yaml"
    if not os.path.lexists(path):
        return None
    return _read_bytes(path)


def _read_bytes(path: Path) -> bytes:
    problem = schema.regular_file_problem(path)
    if problem is not None:
        raise DataError(rel(path), "(file)", *problem)
    try:
        return path.read_bytes()
    except OSError as e:
        raise DataError(rel(path), "(file)", e.strerror, "a readable file") from None


def _cannot_write(path: Path, e: OSError) -> DataError:
    return DataError(rel(path), "(file)", e.strerror or str(e), f"a folder the editor can write to ({rel(path.parent)})")


def save_scenario(name: str, titles: dict[str, str], base: str, overrides: dict, *, overwrite: bool = False,
                  replaces: bytes | None = None, dependents_confirmed=(), directory: Path = SCENARIOS) -> Path:
    """Write ``<directory>/<name>.yaml`` with only the overrides against ``base``; return its path.

    Checked before anything is written: a plain file name other than the base's, a title in each
    language, the overrides applied to the base by the loader, and a text the loader reads back
    exactly as meant (titles, names and numbers). Then, with the folder locked against other saves
    (:func:`model.atomic.dir_lock`):

    - a new name is created exclusively (the complete file hard-linked into place, which fails if
      the name exists): of two saves of one new name, one is told the name is taken;
    - an existing file is replaced only with ``overwrite`` and ``replaces``, the bytes the user
      saw (:func:`read_scenario_file`), and only if the file still holds them; when other scenarios
      are based on it, only once ``dependents_confirmed`` names them all (the DataError asking lists
      them);
    - the file is loaded back by the same loader; if that fails, the previous state is restored
      only while the file is still the one written here, never someone else's.

    A folder that cannot be written (read-only, full) is a one-line DataError and leaves no
    temporary file.
    """
    check_name(name, SAVE, "name")
    check_name(base, SAVE, "base")
    if name == base:
        raise DataError(SAVE, "name", name, f"a name other than its base scenario ({base})")
    titles = check_titles(titles)
    directory = Path(directory)
    path = directory / f"{name}.yaml"
    load_scenario(base, dict(overrides), file=SAVE, directory=directory)  # the edit itself is valid
    text = scenario_yaml(base, titles, overrides)
    _reads_back(text, base, titles, overrides)
    data = text.encode("utf-8")
    with _folder_locked(path):
        old = None
        if os.path.lexists(path):
            if not overwrite:
                raise DataError(rel(path), "name", name, "a new scenario name, or overwriting confirmed")
            old = _read_bytes(path)
            if replaces is None or old != replaces:
                raise DataError(rel(path), "name", name, "overwriting confirmed on the file as it is now "
                                "(it changed since it was read, or was not read: read it again)")
            others = dependents(name, directory)
            if others and set(dependents_confirmed or ()) != set(others):
                raise DataError(rel(path), "name", name, f"overwriting confirmed again: {', '.join(others)} "
                                f"{'is' if len(others) == 1 else 'are'} based on {name} and would change too")
        _put(path, data, exists=old is not None)
        try:
            loaded = load_scenario(name, directory=directory)
            for key, v in overrides.items():
                if loaded.value(key) != v:
                    raise DataError(rel(path), f"overrides.{key}", loaded.value(key), f"{v!r} as edited")
        except Exception:
            _undo(path, data, old)
            raise
    return path


@contextlib.contextmanager
def _folder_locked(path: Path):
    """The scenario folder locked against other saves; a folder that cannot be opened is one line."""
    lock = dir_lock(path.parent)
    try:
        lock.__enter__()
    except OSError as e:
        raise _cannot_write(path, e) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def _put(path: Path, data: bytes, *, exists: bool) -> None:
    """The complete file at ``path``: replacing it (``exists``) or created exclusively."""
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if exists:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the name was taken meanwhile: never replaces another's file
    except FileExistsError:
        raise DataError(rel(path), "name", path.stem, "a new scenario name (it was saved meanwhile)") from None
    except OSError as e:
        raise _cannot_write(path, e) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # a read-only folder: it was never created
            pass


def _undo(path: Path, mine: bytes, old: bytes | None) -> None:
    """Put back the previous state, only while ``path`` still holds what this save wrote."""
    try:
        if path.read_bytes() != mine:
            return
        if old is None:
            path.unlink()
        else:
            write_atomic(path, old)
    except OSError:
        pass


# --- reopen a saved scenario, keep a draft ----------------------------------------------------

EDITABLE_KEYS = {"title", "base", "overrides"}  # the shape save_scenario writes


@dataclass(frozen=True)
class Reopened:
    """A saved scenario as the editor reopens it: its base, its overrides as edits, its titles."""

    name: str
    base: str
    overrides: dict
    titles: dict


def reopen(name: str, directory: Path = SCENARIOS) -> Reopened | None:
    """``<name>.yaml`` as base + edits when it has the shape the editor saves (a title, a base and
    plain values as overrides), so that it can be edited and saved again under its own name; None
    for any other scenario (a root scenario, one derived from the pilot or the outturn, calibrated,
    or with overrides that carry their own range): the editor then uses it as the base itself."""
    check_name(name, "--scenario", "scenario")
    path = Path(directory) / f"{name}.yaml"
    doc = read_yaml(path)
    if not isinstance(doc, dict) or set(doc) - EDITABLE_KEYS or not isinstance(doc.get("base"), str):
        return None
    overrides = doc.get("overrides") or {}
    if not isinstance(overrides, dict) or any(isinstance(v, dict) for v in overrides.values()):
        return None
    load_scenario(name, directory=directory)  # it loads in full, or the error is the file's own
    return Reopened(name, doc["base"], dict(overrides), {x: str(doc["title"][x]) for x in LANGS})


DRAFT_VERSION = 1


def write_draft(path: Path, state: dict) -> None:
    """Keep the page's work (base, edits, the save form's fields, language) in ``path``, atomically:
    a reload or a crashed kernel restores it; an interrupted write leaves the previous draft."""
    body = json.dumps({"version": DRAFT_VERSION, **state}, ensure_ascii=False, sort_keys=True, indent=1)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomic(Path(path), body.encode("utf-8"))


def read_draft(path: Path, directory: Path = SCENARIOS) -> dict | None:
    """The draft in ``path`` if it is one this version wrote and its edits still load against its
    base scenario; None if there is none. A draft that no longer applies (its base removed, data
    changed so an edit is refused, a damaged file) raises the DataError that says why."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise DataError(rel(path), "(file)", type(e).__name__, "a draft the editor wrote (JSON)") from None
    return _checked_state(doc, rel(path), directory)


def _checked_state(doc, where: str, directory: Path) -> dict:
    """A draft's or a link's state: of this version, with a base and edits that still load."""
    if not isinstance(doc, dict) or doc.get("version") != DRAFT_VERSION:
        raise DataError(where, "version", doc.get("version") if isinstance(doc, dict) else doc,
                        f"the editor's work of version {DRAFT_VERSION}")
    edits = doc.get("edits")
    if not isinstance(doc.get("base"), str) or not isinstance(edits, dict):
        raise DataError(where, "base", doc.get("base"), "a base scenario name and a mapping of edits")
    load_scenario(doc["base"], edits, file=where, directory=directory)
    return doc


LINK_KEY = "edit"  # the page's address carries the edit as ?edit=<base64url of JSON>
LINK = "the page's address"  # the "file" a message about a link names


def edit_query(state: dict) -> str:
    """The edit as a URL query value (opened scenario, base, edits, language): a link to the page
    with ``?edit=`` this value opens the same edit on any machine."""
    keep = {k: state[k] for k in ("opened", "base", "edits", "lang") if k in state}
    body = json.dumps({"version": DRAFT_VERSION, **keep}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(body.encode("utf-8")).decode("ascii").rstrip("=")


def edit_from_query(query: str, directory: Path = SCENARIOS) -> dict | None:
    """The edit a page's query string carries (``edit=…``), checked as a draft is; None without one.
    A damaged or outdated link raises the DataError that says why."""
    from urllib.parse import parse_qs

    values = parse_qs(query or "").get(LINK_KEY)
    if not values:
        return None
    text = values[-1]
    try:
        doc = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise DataError(LINK, LINK_KEY, text[:40], "a link the editor made (base64 of JSON)") from None
    return _checked_state(doc, LINK, directory)


class History:
    """The last edits, for undo: each entry is the whole edit state before a change (small dicts)."""

    def __init__(self, limit: int = 50):
        self.limit, self._states = limit, []

    def push(self, edits: dict) -> None:
        self._states.append(dict(edits))
        del self._states[:-self.limit]

    def pop(self) -> dict | None:
        return self._states.pop() if self._states else None


# --- which targets an assumption moves ----------------------------------------------------------

NO_EFFECT = 0.005  # a swing below 0.5 % of the target (or of its projection) over the plausible range


def effects(scenario: Scenario, threshold: float = NO_EFFECT) -> dict[str, tuple[str, ...]]:
    """Assumption path -> the targets it moves, widest relative swing first, from the one-at-a-time
    swings over the plausible range (``sensitivity.swings``, the tornado of notebook 07 for every
    target). A target is moved when the swing between the range's two ends is at least
    ``threshold`` times the larger of |target| and |projection| (a target of 0, "fewer TSA
    recipients", is measured against its projection). An empty tuple: the assumption moves no
    target. A path missing from the result was not measured one at a time (no plausible range,
    or the households' assumptions, which the Sobol indices cover together)."""
    from .projection import project
    from .sensitivity import swings

    targets = project(scenario).targets.set_index("key")
    relative: dict[str, dict[str, float]] = {}  # path -> target -> swing / scale
    for key, frame in swings(scenario).items():
        scale = max(abs(float(targets.at[key, "target"])), abs(float(frame["base"].iloc[0])))
        for path, swing in zip(frame["path"], frame["swing"]):
            relative.setdefault(path, {})[key] = float(swing) / scale if scale > 0 else 0.0
    return {path: tuple(k for k, r in sorted(by.items(), key=lambda kv: -kv[1]) if r >= threshold)
            for path, by in relative.items()}


def measured_together(scenario: Scenario) -> set[str]:
    """The households' assumptions: drawn by the Monte Carlo but left out of the one-at-a-time
    swings (a population per end costs seconds); the Sobol indices measure them together."""
    from .uncertainty import uncertainties

    return set(uncertainties(scenario).household)
