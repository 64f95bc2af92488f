"""The loader's rules, in one place: what a unit means, the bounds of every parameter, and how
data files are read (UTF-8, YAML without duplicate keys, aliases or deep nesting, numbers the YAML 1.2
way: ``1e5`` is a number, ``1:30`` and ``010`` are not 90 and 8).

Bounds keep every result finite: a parameter that divides something (cost per project, the
budget, TSA families and people, the loan term, the processed share of output, the baseline
output) has a strictly positive floor, and every parameter has a ceiling far beyond anything
plausible, so that even all parameters at their ceilings give finite numbers (no NaN or Infinity
reaches a table or ``--json``). The budget is strictly positive too: ``core.compute`` handles a
zero budget (no programme: every effect zero, a test), but a scenario must spend something,
since the reports divide by the money spent (cost per job, output per tenge).
"""
from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import json
import math
import numbers
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from . import cache
from .errors import DataError, excerpt
from .prices import BASE_YEAR as PRICE_BASE_YEAR

LANGS = ("kk", "ru", "en")  # report languages, in the order the reports list them


# --- units ---------------------------------------------------------------------------------


def is_share(unit: str) -> bool:
    """A share or a probability: a number between 0 and 1, shown as %."""
    return unit.startswith(("share", "probability"))


def is_whole_years(unit: str) -> bool:
    """A calendar year or a number of years: a whole number."""
    return unit in ("year", "years")


# --- bounds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """lowest <= x <= highest, a whole number where ``whole``; ``why`` says what the bound protects."""

    lowest: float
    highest: float
    why: str = ""
    whole: bool = False

    def admits(self, x) -> bool:
        return self.lowest <= x <= self.highest and (not self.whole or x == int(x))

    def expected(self, unit: str) -> str:
        kind = "whole number" if self.whole else "number"
        if is_share(unit) and (self.lowest, self.highest) == (0, 1):
            text = f"a {unit.split()[0]} between 0 and 1"
        elif self.lowest == 0:
            text = f"a non-negative {kind} of at most {_plain(self.highest)} ({unit})"
        else:
            text = f"a {kind} from {_plain(self.lowest)} to {_plain(self.highest)} ({unit})"
        return f"{text}: {self.why}" if self.why else text


def _plain(x: float) -> str:
    if x != int(x):
        return f"{x:g}"
    return f"{int(x):,}" if x >= 10_000 else str(int(x))  # 2,100 would read as a number, not a year


SHARE = Bounds(0, 1)
# by dotted path (``*`` = any direction): the parameters whose bounds their unit does not tell
BY_PATH = {
    # prices (model/prices.py) and the households (model/microsim) start in the price base year: a
    # programme starts after it, or its screening year and first loan year have no prices
    "programme.start_year": Bounds(PRICE_BASE_YEAR + 1, 2100, f"prices and households start in {PRICE_BASE_YEAR}",
                                   whole=True),
    "programme.budget_bn_kzt": Bounds(0.001, 1e5, "the money is divided into projects; 1e5 bn is above the country's GDP"),
    "programme.budget_scale": Bounds(1e-6, 100, "a scenario spends something (no money: no cost per job)"),
    "directions.*.cost_per_project_m_kzt": Bounds(0.001, 1e5, "it divides the money into projects"),
    "tsa.families": Bounds(1, 1e8, "exits are shares of the TSA families"),
    "tsa.people": Bounds(1, 1e9, "people leaving TSA are counted per family"),
    "directions.*.loan_term_years": Bounds(1, 50, "repayments are spread over the term", whole=True),
    "processing.processed_share_of_output": Bounds(0.001, 1, "it divides the rise in plant load"),
    "baseline.*_bn_kzt": Bounds(1, 1e6, "it divides the rise in output"),
    "directions.*.years_to_full_effect": Bounds(0.5, 50, "the ramp-up divides by it"),
    "evidence.observed_after_years": Bounds(0, 50, whole=True),
    "directions.*.capacity_projects_per_year": Bounds(1, 1e7, "the money a year divided by it is lent later"),
    "timeline.cost_index": Bounds(0.01, 100, "it divides each year's money into projects"),
    "delivery.*": Bounds(0, 1, "a switch: 0 or 1", whole=True),
    # the household microsimulation (data/regions/zhambyl/tsa.yaml)
    "population.households": Bounds(1000, 1e6, "the synthetic households are drawn to this number", whole=True),
    "population.settlements": Bounds(1, 1e5, "every settlement has households", whole=True),
    "population.large_family_children": Bounds(2, 20, "the other families have from 0 to one child fewer", whole=True),
    "population.*_sigma": Bounds(0, 3, "a lognormal spread; above 3 one household would hold most of the total"),
    "assignment.owner_income_sigma": Bounds(0, 3, "a lognormal spread; above 3 one project would earn most of the total"),
    "population.earnings_without_stable_income": Bounds(0, 1, "at most what a member with stable income earns"),
    "rules.assessment_months": Bounds(1, 12, "an assessment assigns the benefit for part of a year", whole=True),
    "rules.*_mci": Bounds(0, 100),
    "rules.real_value_after": Bounds(0.1, 10, "it multiplies the eligibility line"),
    "rules.eligibility_threshold_share": Bounds(0.05, 1, "a share of the subsistence minimum: a line of 0 leaves nobody eligible to fit"),
    "rules.subsistence_minimum": Bounds(100, 1e7, "the eligibility line is a share of it, and incomes are drawn around it"),
    "public.villages_2021": Bounds(1, 1e5, "it divides the villages without TSA", whole=True),
    "public.villages_without_tsa_2021": Bounds(0, 1e5, whole=True),
    "pilot_check.tsa_change_among_participants": Bounds(-1, 1, "a change as a share of the families before"),
}
# by unit (the longest matching prefix): every other parameter
BY_UNIT = {
    "share": SHARE,
    "probability": SHARE,
    "year": Bounds(1990, 2100, whole=True),
    "years": Bounds(0, 50, whole=True),
    "per year": Bounds(0, 1, "at most 100 % a year"),
    "multiple of": Bounds(0, 100),
    "bn KZT": Bounds(0, 1e6),
    "m KZT": Bounds(0, 1e5),
    "KZT": Bounds(0, 1e8),
    "jobs per": Bounds(0, 1e4),
    "hired full-time-equivalent jobs per": Bounds(0, 1e4),
    "switch": Bounds(0, 1),
    "indirect jobs per": Bounds(0, 100),
    "people per": Bounds(0, 1e4),
    "people": Bounds(0, 1e9),
    "working-age people": Bounds(0, 1e9),
    "families": Bounds(0, 1e8),
    "households": Bounds(0, 1e8),
    "settlements": Bounds(0, 1e5),
    "standard deviation": Bounds(0, 3, "a lognormal spread"),
    "relative chance": Bounds(0.01, 100, "a relative chance: the queue divides by it"),
    "income of": Bounds(0, 3, "relative to a member with stable income"),
}
ANY = Bounds(0, 1e12)  # a unit this table does not know yet (tests require every parameter to have a rule)
MAX_LIST = 50  # values by year: at most the 50-year horizon


def bounds(path: str, unit: str) -> Bounds:
    """The bounds of one parameter: by its path if listed, else by its unit."""
    for pattern, b in BY_PATH.items():
        if fnmatch.fnmatchcase(path, pattern):
            return b
    prefixes = [u for u in BY_UNIT if unit.startswith(u) and not unit[len(u):len(u) + 1].isalnum()]
    return BY_UNIT[max(prefixes, key=len)] if prefixes else ANY


def has_rule(path: str, unit: str) -> bool:
    return bounds(path, unit) is not ANY


# --- the unit each parameter must have ---------------------------------------------------------
# What the model's arithmetic assumes of each parameter, declared here and not read from the data:
# a data file that states another unit (``percent`` for a probability, ``m KZT`` for a budget in
# bn) is refused, since the model would read its number in the declared unit. By dotted path
# (``*`` = any part, the first matching pattern wins); the file's unit must begin with the declared
# one (a word boundary after it), the rest of it describes (``share of programme money``).
UNIT_OF = (
    ("districts.*", "people"),
    ("share_concentration.*", "Dirichlet concentration"),
    ("rank_correlations.*", "Spearman rank correlation"),
    ("*_bn_kzt", "bn KZT"),
    ("*_m_kzt", "m KZT"),
    ("*_m_kzt_per_year", "m KZT"),
    ("*.minimum_wage_kzt_month", "KZT per month"),
    ("*.benefit_kzt_per_person_month", "KZT per person per month"),
    ("assignment.hired_wage", "KZT per full-time job per month"),
    ("rules.subsistence_minimum", "KZT per person per month"),
    ("rules.monthly_calculation_index", "KZT"),
    ("rules.*_mci", "MCI per child"),
    ("rules.assessment_months", "months per assessment"),
    ("rules.real_value_after", "subsistence minimum and MCI after 2020 as a multiple"),
    ("directions.*.capacity_projects_per_year", "projects launched a year"),
    ("*_year", "year"),
    ("rules.child_payment_from", "year"),
    ("programme.horizon_end", "year"),
    ("*_years", "years"),
    ("directions.*.years_to_full_effect", "years after launch"),
    ("delivery.*", "switch"),
    ("jobs.owners_in_target", "switch"),
    ("tsa.exit_probability", "probability"),
    ("appraisal.discount_rate", "per year"),
    ("funding.market_rate", "per year"),
    ("funding.microcredit_rate", "per year"),
    ("funding.*_rate", "share"),
    ("net_effect.*", "share"),
    ("baseline.agri_output_2020_real_growth", "share"),
    ("counterfactual.allowance_counted_in_income", "share"),
    ("assignment.pilot_participants_on_tsa", "families"),
    ("funding.default_per_burden", "share"),
    ("prices.cpi_inflation", "per year"),
    ("counterfactual.real_income_growth", "per year"),
    ("counterfactual.national_*fall_2019_2020", "share"),
    ("directions.*.failure_rate", "share of projects closing per year"),
    ("timeline.cost_index", "multiple of cost per project"),
    ("programme.budget_scale", "multiple of the announced budget"),
    ("*share*", "share"),
    ("*.load", "share"),
    ("processing.baseline_load", "share of capacity"),
    ("directions.*.entrepreneurs_per_project", "people per project"),
    ("directions.*.hired_fte_per_project", "hired full-time-equivalent jobs per mature project"),
    ("directions.*.indirect_jobs_per_job", "indirect jobs per net direct job"),
    ("*families*", "families"),
    ("*.people", "people"),
    ("*people_*", "people"),
    ("*.recipients_2021*", "people"),
    ("baseline.without_stable_income", "people"),
    ("*.without_stable_income", "working-age people"),
    ("population.working_age", "people"),
    ("population.households", "households"),
    ("population.settlements", "settlements"),
    ("public.villages*", "villages"),
    ("population.large_family_children", "children under 18"),
    ("*_sigma", "standard deviation of log"),
    ("population.earnings_without_stable_income", "income of a working-age member"),
    ("population.pension_relative", "income of an older member"),
    ("assignment.large_family_priority", "relative chance"),
    ("pilot_check.tsa_change_among_participants", "change in TSA families"),
    ("population.take_up_2019", "share"),
)


# The published figures (article.yaml, external.yaml, pilot.yaml) by file and key: the model
# compares them with its results and calibrates to them in these units, so a figure restated in
# another (``m KZT`` for the programme's 46.4 bn) is refused like a parameter.
FIGURE_UNIT = {
    "article": {"programme_cost": "bn KZT", "projects": "projects", "directions": "directions",
                "new_jobs": "jobs", "entrepreneurs": "people", "tsa_recipients_fall": "people",
                "output_added": "bn KZT", "output_rise": "%", "processing_load_rise": "%",
                "rural_share": "%", "rural_population": "people", "rural_working_age": "people",
                "without_stable_income": "people", "tsa_families": "families", "tsa_people": "people",
                "settlements_screened": "settlements", "households_screened": "households"},
    "external": {"agri_output_2020": "bn KZT", "agri_output_2020_real_growth": "share",
                 "population_2020": "people", "tsa_threshold_2019": "KZT per person per month",
                 "subsistence_minimum_2019": "KZT per person per month",
                 "tsa_national_2020_people": "people", "tsa_national_2020_spend": "bn KZT",
                 "tsa_mean_benefit_pre_reform": "KZT per person per month",
                 "processing_meat_load_2020": "share of capacity",
                 "processing_dairy_load_2020": "share of capacity", "microcredit_rate": "per year",
                 "microcredit_repayment": "share", "jobs_per_microcredit": "extra jobs per loan",
                 "pm_output_target": "%", "minimum_wage_2019": "KZT per month",
                 "kzt_per_usd_2019": "KZT per USD"},
    "pilot": {"lent": "bn KZT", "residents": "borrowers", "cooperatives": "cooperatives",
              "livestock_lent": "bn KZT", "livestock_borrowers": "borrowers", "livestock_head": "head",
              "outside_land_ha": "ha", "cooperatives_lent": "bn KZT", "small_business_lent": "bn KZT",
              "small_business_projects": "projects", "new_jobs": "jobs",
              "new_sole_proprietors": "people", "tsa_families_exited": "families",
              "tsa_fall_share": "share", "income_before": "KZT per month",
              "income_after": "KZT per month"},
}


def check_figure_unit(file: str, doc: str, key: str, where: str, unit: str) -> None:
    """Refuse a published figure whose file states another unit than FIGURE_UNIT declares."""
    want = FIGURE_UNIT.get(doc, {}).get(key)
    if want is None:
        raise DataError(file, f"{where}.unit", unit, "a figure the model declares a unit for "
                        "(model/schema.py FIGURE_UNIT): check the key's spelling")
    if not (unit.startswith(want) and not unit[len(want):len(want) + 1].isalnum()):
        raise DataError(file, f"{where}.unit", unit, f"{want!r}, the unit the model reads {doc}.{key} in")


def declared_unit(path: str) -> str | None:
    """The unit the model reads ``path`` in (the first matching pattern of UNIT_OF), or None."""
    return next((u for pattern, u in UNIT_OF if fnmatch.fnmatchcase(path, pattern)), None)


def check_unit(file: str, key: str, path: str, unit: str) -> None:
    """Refuse a parameter whose file states another unit than the one the model reads it in."""
    want = declared_unit(path)
    if want is None:
        raise DataError(file, f"{key}.unit", unit, "a parameter the model declares a unit for "
                        "(model/schema.py UNIT_OF): check the key's spelling")
    if not (unit.startswith(want) and not unit[len(want):len(want) + 1].isalnum()):
        raise DataError(file, f"{key}.unit", unit, f"{want!r}, the unit the model reads {path} in")


def is_number(x) -> bool:
    """A real number (not a bool; numpy's count); an int of any size counts, a float must be finite."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        return False
    return isinstance(x, numbers.Integral) or math.isfinite(x)


def check_number(file: str, key: str, raw, path: str, unit: str):
    """One value checked against its parameter's bounds -> int (whole units) or float."""
    b = bounds(path, unit)
    if not is_number(raw):
        raise DataError(file, key, raw, f"a number ({unit})" if not isinstance(raw, float)
                        else f"a finite number ({unit})")
    if not b.admits(raw):  # compared before any float(): an int beyond 1e308 would overflow
        raise DataError(file, key, raw, b.expected(unit))
    return int(raw) if b.whole else float(raw)


def check_list(file: str, key: str, raw, path: str, unit: str) -> list[float]:
    if not isinstance(raw, (list, tuple)) or not raw or len(raw) > MAX_LIST:
        raise DataError(file, key, raw, f"a non-empty list of at most {MAX_LIST} numbers ({unit})")
    return [check_number(file, key, x, path, unit) for x in raw]


MAX_SEED = 2**32 - 1  # numpy's generators take any non-negative seed; 32 bits is what every command here needs


def check_seed(seed, file: str = "--seed", key: str = "seed") -> int:
    """A random seed: a whole number from 0 to MAX_SEED, else a DataError naming it."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed <= MAX_SEED:
        raise DataError(file, key, seed, f"a whole number from 0 to {MAX_SEED:,}")
    return int(seed)


# --- reading files -------------------------------------------------------------------------

MAX_BYTES = 1_000_000  # a data or scenario file is a few kB
MAX_DEPTH = 10  # nesting of YAML collections; the data files use at most 5


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def regular_file_problem(path: Path) -> tuple[str, str] | None:
    """Why ``path`` is not a data file, as (what it is, what was expected); None for a regular file.

    Only regular files are data: a symlink is followed only to a regular file in the repository
    or in the folder above the link's (``data/`` for a scenario), never one that leads nowhere,
    loops or leaves; FIFOs, devices, sockets and directories are never opened (a FIFO would
    block, a device never end).
    """
    from .paths import ROOT

    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return str(path), "an existing file"
    except OSError as e:
        return e.strerror or str(e), "a readable file"
    if stat.S_ISLNK(st.st_mode):
        link = os.readlink(path)
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return f"a symlink to {link}", "a regular file (this symlink leads nowhere or loops)"
        homes = [ROOT, path.absolute().parent.parent]
        if not any(target.is_relative_to(h.resolve()) for h in homes):
            return f"a symlink to {target}", "a regular file inside the repository (this symlink leads out of it)"
        try:
            st = os.stat(path)
        except OSError as e:
            return f"a symlink to {link}", f"a readable regular file ({e.strerror})"
    if not stat.S_ISREG(st.st_mode):
        return _kind(st.st_mode), "a regular file"
    return None


def read_text(path: Path, file: str) -> str:
    """A data file's text: a regular file (:func:`regular_file_problem`), at most MAX_BYTES, UTF-8
    (a byte-order mark is fine); anything else is a DataError naming the file."""
    problem = regular_file_problem(path)
    if problem is not None:
        raise DataError(file, "(file)", *problem)
    try:
        # O_NONBLOCK: should the file have become a FIFO since the check, opening it does not block
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise DataError(file, "(file)", _kind(st.st_mode), "a regular file")
            if st.st_size > MAX_BYTES:
                raise DataError(file, "(file)", f"{st.st_size:,} bytes", f"a file of at most {MAX_BYTES:,} bytes")
            chunks, size = [], 0
            while size <= MAX_BYTES:  # never more than the limit, whatever the size said
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            data = b"".join(chunks)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise DataError(file, "(file)", str(path), "an existing file") from None
    except OSError as e:
        raise DataError(file, "(file)", e.strerror, "a readable file") from None
    if len(data) > MAX_BYTES:
        raise DataError(file, "(file)", f"more than {MAX_BYTES:,} bytes", f"a file of at most {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(file, f"line {line}", f"byte 0x{data[e.start]:02x}",
                        "UTF-8 text (save the file as UTF-8)") from None


def csv_reader(path: Path, file: str) -> csv.DictReader:
    """Rows of a CSV data file as mappings, read by ``read_text`` (UTF-8, a byte-order mark is fine)."""
    return csv.DictReader(io.StringIO(read_text(path, file), newline=""))


class _Refused(yaml.YAMLError):
    def __init__(self, mark, key: str, value, expected: str):
        self.mark, self.key, self.value, self.expected = mark, key, value, expected


def _where(mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "(file)"


_FLOAT_1_2 = re.compile(r"""^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
_FLOAT, _INT = "tag:yaml.org,2002:float", "tag:yaml.org,2002:int"
_INT_1_2 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")  # no 1:30 = 90, no 010 = 8


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, aliases and deep nesting, and reads ``1e5`` as a number."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):  # no expansion at all: an alias bomb stops at its first *
            event = self.peek_event()
            raise _Refused(event.start_mark, _where(event.start_mark), f"*{event.anchor}",
                           "no aliases (*name): write each value out")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Refused(mark, _where(mark), "deeper nesting", f"at most {MAX_DEPTH} levels of nesting")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = self.construct_object(key_node)
                if key in seen:
                    value = value_node.value if isinstance(value_node, yaml.ScalarNode) else f"({value_node.id})"
                    raise _Refused(key_node.start_mark, str(key), value,
                                   f"each key once (line {key_node.start_mark.line + 1} repeats the key "
                                   f"of line {seen[key]})")
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node):
        text = self.construct_scalar(node)
        if len(text) > 30:  # int() refuses 4,300 digits; no parameter needs more than 12
            raise _Refused(node.start_mark, _where(node.start_mark), f"a whole number of {len(text)} digits",
                           "a number of at most 30 digits")
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, {_FLOAT: _FLOAT_1_2, _INT: _INT_1_2}.get(tag, rx)) for tag, rx in resolvers]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _first in "-+0123456789.":  # 1e5, 2E-3: YAML 1.2 floats, which YAML 1.1 reads as text
    if not any(tag == _FLOAT for tag, _ in _Loader.yaml_implicit_resolvers.setdefault(_first, [])):
        _Loader.yaml_implicit_resolvers[_first].append((_FLOAT, _FLOAT_1_2))
_Loader.add_constructor(_INT, _Loader.construct_yaml_int)


def _hint(problem: str) -> str:
    return " (indent with spaces, not tabs)" if "\\t" in problem or "\t" in problem else ""


def load_yaml(text: str, file: str, key: str | None = None):
    """Parse YAML text with the loader's rules; every refusal is a DataError with line and column.

    ``key`` names the value for text that is one value (a ``--set`` VALUE), not a file.
    """
    try:
        loader = _Loader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except _Refused as e:
        where = e.key if key is None else f"{key} ({_where(e.mark)})"
        raise DataError(file, where, e.value, e.expected) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        raise DataError(file, key or _where(mark), problem, "valid YAML" + _hint(problem)) from None
    except yaml.YAMLError as e:
        raise DataError(file, key or "(file)", str(e).splitlines()[0], "valid YAML") from None
    except (ValueError, OverflowError, RecursionError) as e:  # a constructor's own refusal (dates, numbers)
        raise DataError(file, key or "(file)", excerpt(str(e)), "valid YAML values") from None


def read_yaml(path: Path, file: str) -> dict:
    """A YAML file that must hold a mapping (an empty file is an empty mapping)."""
    doc = _parsed(read_text(path, file), file)
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise DataError(file, "(top level)", type(doc).__name__, "a mapping of keys")
    return doc


_RULES = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # the loader's rules are this file


def _parsed(text: str, file: str):
    """``load_yaml(text, file)``, remembered under build/cache/yaml/ by a hash of the text and of the
    loader's rules: the loader is PyYAML's pure-Python one (its checks need it), which takes about a
    tenth of a second a start for data/. A document JSON cannot give back exactly (dates, number
    keys, NaN) is parsed every time; a refused one is never remembered."""
    key = hashlib.sha256(f"{_RULES}\n{text}".encode("utf-8")).hexdigest()[:32]
    name = file.replace("/", "_").replace("\\", "_")
    path = cache.CACHE_DIR / "yaml" / f"{name}-{key}.json"
    body = cache.fetch(path)
    if body is not None:
        try:
            return json.loads(body)
        except ValueError:
            pass
    doc = load_yaml(text, file)
    try:
        blob = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return doc
    if json.loads(blob) == doc:
        cache.store(path, blob.encode("utf-8"), stale=f"{name}-")
    return doc
