"""The editor's words for an economist: refusals, typed values, slider readouts, the chance note and
which targets an assumption moves, in the page's language (``editor.plain.*`` locale keys).

A :class:`~model.errors.DataError` names a file, a key, a value and what was expected, in the
loader's English. :func:`error_line` turns it into one line in kk, ru or en that names the
assumption (``tables.param_label``), the value as typed and what is allowed, read from the error's
kind (:func:`error_kind`, which reads how the loader's ``expected`` text begins: a change of that
wording falls back to the raw message, never to a wrong one) and, for a bound, from the loader's own
rule (``schema.bounds``). An error of an unknown kind keeps its raw message after the label.
Numbers are formatted by :mod:`model.report.tables` and :mod:`model.report.i18n` only.
"""
from __future__ import annotations

import re

from .. import schema
from ..errors import DataError
from ..scenario import base_params
from . import i18n, tables
from .i18n import t

P = "editor.plain"
YEARS = ("base_year", "start_year", "target_year", "horizon_end")
_BOUND = re.compile(r"^an? (share|probability) between 0 and 1|^a (non-negative )?(whole )?number (of at most|from) ")
_LAUNCH = re.compile(r"^at most (\d+) launch years")
# the save form's refusals of a name (model/editor.py save_scenario): how ``expected`` begins -> kind
_NAME_KINDS = (("a plain file name", "name"), ("a name other than its base", "name_base"),
               ("a new scenario name", "name_taken"), ("overwriting confirmed on the file", "changed"),
               ("overwriting confirmed again", "dependents"))


def error_kind(e: DataError) -> str:
    """What an error refuses, as a locale key under ``editor.plain.allowed``: number, whole, list,
    list_length, sum_to_one, range, years_order, horizon, households, name, name_base, name_taken,
    title, changed, dependents, folder; ``unknown`` for anything else."""
    x, key = e.expected, e.key
    if x in ("a number", "a whole number") or x.startswith(("a number (", "a finite number")):
        return "whole" if x == "a whole number" else "number"
    if x.startswith("numbers separated by"):
        return "list"
    if x.startswith("a non-empty list of at most") or _LAUNCH.match(x):
        return "list_length"
    if x == "shares that sum to 1":
        return "sum_to_one"
    if x.startswith("years in order"):
        return "years_order"
    if x.startswith("at most 50 years after start_year"):
        return "horizon"
    if x == "a share from 0 to 1" or _BOUND.match(x):
        return "range"
    if key.split(".")[0] in ("population", "caseload_2019", "public"):  # model.scenario.check_households
        return "households"
    if key == "name":
        kind = next((k for prefix, k in _NAME_KINDS if x.startswith(prefix)), None)
        if kind:
            return kind
    if key.startswith("title"):
        return "title"
    if x.startswith("a folder the editor can write to"):
        return "folder"
    return "unknown"


def label(path: str, lang: str) -> str:
    try:
        return tables.param_label(path, lang)
    except KeyError:  # a key that is no parameter (a group of shares): its path is still a name
        return path


def _unit(path: str) -> str:
    p = base_params().get(path)
    return p.unit if p is not None else ""


def typed_text(value, path: str, lang: str) -> str:
    """A value as the user gave it: a typed text as typed, a slider's number as the tables show it."""
    if isinstance(value, str):
        return " ".join(value.split())
    try:
        return tables.param_value(value, _unit(path), lang)
    except (TypeError, ValueError):
        return str(value)


def allowed_text(e: DataError, path: str, lang: str, kind: str | None = None) -> str:
    """What is allowed, in the page's language (one sentence)."""
    kind = kind or error_kind(e)
    a = f"{P}.allowed.{kind}"
    if kind == "range":
        unit = _unit(path)
        b = schema.bounds(path, unit)
        low, high = (readout_text(x, unit, lang, x or None) for x in (b.lowest, b.highest))  # 0,001 not 0,0
        return t(f"{a}_whole" if b.whole else a, lang, low=low, high=high)
    if kind == "sum_to_one":
        total = e.value if not isinstance(e.value, list) else sum(e.value)
        return t(a, lang, total=tables.cell(total, "share", lang, 1))
    if kind == "list_length":
        m = _LAUNCH.match(e.expected)
        return t(a, lang, count=i18n.number(int(m.group(1)) if m else schema.MAX_LIST, lang))
    if kind in ("years_order", "horizon"):
        return t(a, lang, **{y: label(f"programme.{y}", lang) for y in YEARS})
    if kind == "households":
        p = base_params().get(path)
        return t(a, lang, prior=tables.param_value(p.value, p.unit, lang) if p is not None else i18n.DASH)
    if kind in ("name_taken", "changed", "name_base"):
        return t(a, lang, name=e.value)
    if kind == "dependents":
        others = e.expected.split(": ", 1)[1].split(" is based on")[0].split(" are based on")[0]
        many = "," in others
        return t(f"{a}_{'many' if many else 'one'}", lang, others=others, name=e.value)
    if kind == "title":
        wanted = e.key.split(".")[-1]
        return t(a, lang, language=t(f"{P}.languages.{wanted}", lang) if wanted in i18n.LANGS else wanted)
    if kind == "unknown":
        return str(e)
    return t(a, lang)


def error_line(e: DataError, lang: str, path: str | None = None, typed=None) -> str:
    """One line for a refused edit: the assumption, the value as typed, what is allowed.
    ``path``: the control edited (a group's key such as ``directions.*.budget_share`` names no
    parameter); ``typed``: what the control sent (default: the error's value)."""
    if e.key in base_params() or not path:  # the assumption refused, even when another control was moved
        path, typed = e.key, (typed if e.key == path else None)
    kind = error_kind(e)
    if kind in ("name", "name_base", "name_taken", "title", "changed", "dependents", "folder"):
        return allowed_text(e, path, lang, kind)
    value = typed_text(e.value if typed is None else typed, path, lang)
    return t(f"{P}.line", lang, label=label(path, lang), value=value, allowed=allowed_text(e, path, lang, kind))


# --- typed boxes and readouts --------------------------------------------------------------------


def _plain_digits(x: float) -> int:
    """The fewest decimals (at most 6) that write x exactly: 0.068 -> 3, 2 -> 0."""
    return next((d for d in range(7) if round(x, d) == x), 6)


def number_text(x: float, lang: str) -> str:
    """A number for a typed box, as the language writes it and as :func:`model.editor.parse_number`
    reads it back: 0,068 / 10 000,5 (kk, ru), 0.068 / 10000.5 (en: no thousands comma, which a list
    would read as a separator). Below 10 000 no thousands space: 2019 is a year, not 2 019."""
    text = i18n.number(x, lang, _plain_digits(float(x)))
    if lang == "en":
        return text.replace(",", "")
    return text.replace("\u202f", "") if abs(x) < 10_000 else text


def list_text(values, lang: str) -> str:
    """A list for its text box: "0,5; 0,5" (kk, ru: a comma is the decimal comma) / "0.5, 0.5" (en)."""
    return ("; " if lang != "en" else ", ").join(number_text(float(x), lang) for x in values)


def readout_text(value, unit: str, lang: str, step: float | None = None) -> str:
    """A slider's value as the tables show it (``tables.param_value``: 45,0 % / 45.0%), with the
    digits one step of the slider needs when it is finer than the table's."""
    fmt, digits = tables.param_format(unit)
    if step and isinstance(fmt, str) and fmt not in ("money_k",):
        need = max(0, _plain_digits(float(step) * (100 if fmt == "share" else 1)))
        digits = max(tables.DEFAULT_DIGITS[fmt] if digits is None else digits, need)
        return tables.cell(value, fmt, lang, digits)
    return tables.param_value(value, unit, lang)


# --- the chance column and the effects ---------------------------------------------------------


def chance_note(lang: str, year: int) -> str:
    return t(f"{P}.chance.note", lang, year=year)


def effect_text(moved: tuple[str, ...] | None, household: bool, lang: str) -> str:
    """Which targets a control moves (``model.editor.effects``), or that it moves none, or why it
    was not measured (``household``: measured only with the other households' assumptions)."""
    if moved is None:
        return t(f"{P}.effects.{'households' if household else 'unmeasured'}", lang)
    if not moved:
        return t(f"{P}.effects.none", lang)
    return t(f"{P}.effects.moves", lang, targets=", ".join(t(f"{P}.targets.{k}", lang) for k in moved))
