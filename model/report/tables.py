"""Small table builders that report notebooks share: localized headers, formatted cells.

Every ``*_table`` function returns a plain ``pandas.DataFrame`` of strings, ready for
``show_table(df, caption)``: headers come from the locale files (``tables.*`` keys in
``locales/<lang>/tables.yaml`` and ``common.*``), numbers are formatted by
:mod:`model.report.i18n`, and a missing value shows as an em dash. Nothing here
computes the model: the functions only read a :class:`~model.Projection`, a
:class:`~model.Scenario`, a Monte Carlo :class:`~model.uncertainty.Simulation` or
the article's figures, so the same inputs always give the same table. Tables are at
most seven columns wide, so that they fit an A4 page.

Cell formats (``fmt``) are either a name from :data:`FORMATS` or any callable
``fmt(x, lang) -> str``:

======== ============================== ==============
name     kk / ru                        en
======== ============================== ==============
number   31 000                         31,000
money_bn 46,4 млрд ₸                    KZT 46.4 bn
money_m  1,50 млн ₸                     KZT 1.50 m
money_k  6 700 ₸                        KZT 6,700
pct      33,0 % (x already in percent)  33.0%
share    40,0 % (x a share, 0.4)        40.0%
======== ============================== ==============
"""
from __future__ import annotations

from typing import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from .. import compare
from ..parameters import DIRECTIONS, Param, load_parameters, load_sources
from ..schema import is_share
from . import i18n
from .i18n import t, texts

__all__ = [
    "FORMATS", "cell", "signed", "count", "target_label", "figure_label", "figure_value", "param_label", "param_format",
    "param_value", "source_kind", "source_label", "basis", "article_table", "targets_table",
    "years_table", "by_direction_table", "directions_table", "provenance_table", "calibration_table",
    "changes_table", "funding_table", "fan_table", "probabilities_table", "stretch",
]

DASH = i18n.DASH
Format = str | Callable[[float, str], str]


def _share(x: float, lang: str, digits: int = 1) -> str:
    return i18n.pct(100 * x, lang, digits)


FORMATS: dict[str, Callable] = {
    "number": i18n.number, "money_bn": i18n.money_bn, "money_m": i18n.money_m,
    "money_k": i18n.money_k, "pct": i18n.pct, "share": _share,
}
DEFAULT_DIGITS = {"number": 0, "money_bn": 1, "money_m": 2, "money_k": 0, "pct": 1, "share": 1}


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # lists and other containers are values, not missing
        return False


def cell(x, fmt: Format = "number", lang: str = "en", digits: int | None = None) -> str:
    """One formatted cell: ``cell(46.4, "money_bn", "kk")`` -> "46,4 млрд ₸"; None or NaN -> "—".

    A value that rounds to zero is shown as 0 (never "-0").
    """
    if _missing(x):
        return DASH
    if callable(fmt):
        return fmt(x, lang)
    if fmt not in FORMATS:
        raise ValueError(f"fmt = {fmt!r}: expected one of {sorted(FORMATS)} or a callable (x, lang) -> str")
    d = DEFAULT_DIGITS[fmt] if digits is None else digits
    scale = 100 if fmt == "share" else 1
    x = float(x)
    if round(x * scale, d) == 0:
        x = 0.0
    if fmt == "money_k":
        return FORMATS[fmt](x, lang)
    return FORMATS[fmt](x, lang, d)


def _plural_form(x: float, lang: str, forms: list[str]) -> str:
    """The word form after the number x: kk one form; en one/other; ru one/few/many."""
    if len(forms) == 1:
        return forms[0]
    whole = float(x).is_integer()
    n = abs(int(x)) if whole else None
    if lang == "ru":
        if n is None:
            return forms[1]  # 2,5 человека: a fraction takes the genitive singular
        if n % 10 == 1 and n % 100 != 11:
            return forms[0]
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return forms[1]
        return forms[2]
    return forms[0] if n == 1 else forms[-1]


def count(x: float, unit: str, lang: str, digits: int = 0) -> str:
    """A number with its unit word: "679 000 адам", "162 354 человека", "32,000 families".

    ``unit`` is a key of ``tables.units`` (people, families, projects, jobs, settlements,
    households, directions). Word forms are separated by "|" in the locale files.
    """
    if _missing(x):
        return DASH
    shown = round(float(x), digits)
    if shown == 0:
        shown = 0.0
    forms = t(f"tables.units.{unit}", lang).split("|")
    return f"{i18n.number(shown, lang, digits)}\u00a0{_plural_form(shown, lang, forms)}"


# --- labels -------------------------------------------------------------------


def target_label(key: str, lang: str) -> str:
    """Reader's name of a target key of ``Projection.targets`` (``jobs`` -> "New jobs ...")."""
    return t(f"tables.targets.{key}", lang)


def figure_label(key: str, lang: str) -> str:
    """Reader's name of an article figure (data/programmes/zhambyl_2019/article.yaml key)."""
    return t(f"tables.figures.{key}", lang)


_BOUND = {"more than": ">", "at least": "≥", "less than": "<"}  # "up to" is worded (tables.up_to)


def _base_unit(unit: str) -> str:
    """'people (direction only; ...)' -> 'people'; '% (relative ...)' -> '%'."""
    return unit.split(" (")[0].strip()


def value_by_unit(x: float, unit: str, lang: str) -> str:
    """A figure in its unit's format: money in bn, a percent, or a count with its word."""
    unit = _base_unit(unit)
    if unit == "bn KZT":
        return cell(x, "money_bn", lang)
    if unit == "%":
        return cell(x, "pct", lang, 0 if float(x).is_integer() else 1)
    return count(x, unit, lang)


def figure_value(fig, lang: str) -> str:
    """An article figure as the article states it: "> 31 000 жоба", "46,4 млрд ₸", "33 %-ға дейін".

    A bound of "less than 0" (the article's "TSA recipients will fall") reads as a fall.
    """
    bound = _BOUND.get(fig.bound, "")
    if fig.bound == "less than" and fig.value == 0:
        return t("tables.decrease", lang)
    text = value_by_unit(fig.value, fig.unit, lang)
    if fig.bound == "up to":  # the article's words, not a sign: "33 пайызға дейін"
        return t("tables.up_to", lang, value=text)
    return f"{bound}\u00a0{text}" if bound else text


def param_label(path: str, lang: str, with_direction: bool = True) -> str:
    """Reader's name of a parameter: ``tsa.reach_share`` -> "Share of new earners ...".

    A per-direction parameter (``directions.livestock.jobs_per_project``) gets the
    direction in brackets unless ``with_direction`` is False.
    """
    p = load_parameters().get(path)
    if p is None:  # a figure derived from the article, listed with the parameters
        return t(f"tables.derived_param.{path}.label", lang)
    parts = path.split(".")
    if parts[0] == "directions" and with_direction:
        return f"{p.label[lang]} ({i18n.direction(parts[1], lang)})"
    return p.label[lang]


def param_format(unit: str) -> tuple[Format, int | None]:
    """(format, digits) a parameter of this unit is shown with (the editor's readouts use it too)."""
    if is_share(unit) or unit.startswith("per year"):  # rates a year are shown as % too
        return "share", 1
    if _base_unit(unit) == "bn KZT":
        return "money_bn", 1
    if unit.startswith("m KZT"):
        return "money_m", 2
    if unit.startswith("KZT"):
        return "money_k", None
    if unit == "year":
        return (lambda x, lang: str(int(x))), None
    if unit in ("people", "families", "years") or unit.startswith("projects"):  # counts: whole
        return "number", 0
    if unit == "years after launch":  # a maturity may take a year and a half
        return "number", 1
    return "number", 2


def param_value(value, unit: str, lang: str) -> str:
    """A parameter value formatted for its unit: shares and rates as %, money with ₸, lists joined."""
    fmt, digits = param_format(unit)
    if isinstance(value, (list, tuple)):
        return " / ".join(cell(v, fmt, lang, digits) for v in value)
    return cell(value, fmt, lang, digits)


def source_kind(param: Param) -> str:
    """article, external, assumption, derived, calibrated, pilot, outturn, scenario or override."""
    s = param.source
    if s.startswith("calibrated"):
        return "calibrated"
    if s.startswith("derived from the pilot"):
        return "pilot"
    if s.startswith("derived from the outturn"):
        return "outturn"
    if s.startswith("scenario "):
        return "scenario"
    if param.confidence:  # a public source named in full (data/regions/zhambyl/tsa.yaml)
        return "external"
    return s.split(".")[0]


def source_label(param: Param, lang: str) -> str:
    """Where a value comes from, in words: "Article", "Assumption", "Calibrated to the article"..."""
    return t(f"tables.sources.{source_kind(param)}", lang)


def basis(path: str, param: Param, lang: str) -> str:
    """Why the value is what it is: the article's Kazakh words, the public source, or the
    reason for an assumption (the parameter's ``description`` in data/; per-direction parameters
    share one, data/programmes/zhambyl_2019/directions.yaml)."""
    kind = source_kind(param)
    if param.confidence:  # a public source named in full (data/regions/zhambyl/tsa.yaml): the reader's words if written
        return param.description.get(lang, param.source)
    if kind == "article":
        return f"«{load_sources().figure(param.source).quote}»"
    if kind == "external":
        return t(f"tables.external.{param.source.split('.', 1)[1]}", lang)
    if kind in ("calibrated", "pilot", "outturn", "scenario", "override"):
        return t(f"tables.basis.{kind}", lang)
    if param.description:  # carried by every value a scenario, the editor or --set gives it
        return param.description[lang]
    return t(f"tables.derived_param.{path}.description", lang)


def _col(key: str, lang: str, **fields) -> str:
    return t(f"tables.col.{key}", lang, **fields)


def _direction_name(d: str, lang: str) -> str:
    return t("common.total", lang) if d == "total" else i18n.direction(d, lang)


# --- tables -------------------------------------------------------------------


def article_table(keys: Iterable[str], lang: str) -> pd.DataFrame:
    """The article's figures with their Kazakh words: Figure | Value | Article's words.

    ``keys`` are data/programmes/zhambyl_2019/article.yaml keys, shown in the order given.
    """
    art = load_sources().article
    rows = [{_col("figure", lang): figure_label(k, lang), _col("value", lang): figure_value(art[k], lang),
             _col("quote", lang): f"«{art[k].quote}»"} for k in keys]
    return pd.DataFrame(rows)


def targets_table(projection, lang: str) -> pd.DataFrame:
    """The article's targets against this projection, from ``projection.targets``.

    Columns: Target | In the article | Projected, <target year> | Met in <year> |
    First year met | Gap to target. The gap is (projected / target - 1) in %, blank where
    the target is zero (the fall in TSA recipients).
    """
    year = projection.summary["target_year"]
    art = load_sources().article
    from ..targets import TARGETS  # the article figure behind each target key
    figure_of = {tg.key: tg.figure for tg in TARGETS}
    rows = []
    for r in projection.targets.itertuples(index=False):
        gap = None if _missing(r.gap_pct) else r.gap_pct
        rows.append({
            _col("target", lang): target_label(r.key, lang),
            _col("announced", lang): figure_value(art[figure_of[r.key]], lang),
            _col("projected", lang, year=year): value_by_unit(r.projected, r.unit, lang),
            _col("met", lang, year=year): i18n.yes_no(bool(r.met), lang),
            _col("year_met", lang): DASH if _missing(r.year) else str(int(r.year)),
            _col("gap", lang): DASH if gap is None else signed(gap, "pct", lang, 1),
        })
    return pd.DataFrame(rows)


def signed(x: float, fmt: Format, lang: str, digits: int | None = None) -> str:
    """A cell with an explicit sign for a rise: "+4,7 %", "−4,7 %", "0,0 %"."""
    text = cell(x, fmt, lang, digits)
    if text == DASH or text.startswith(("-", i18n.MINUS)) or not any(c.isdigit() and c != "0" for c in text):
        return text  # missing, negative, or shown as zero
    return "+" + text


def _fmt_for(fmt, header):
    return fmt[header] if isinstance(fmt, Mapping) else fmt


def _digits_for(digits, header):
    return digits.get(header) if isinstance(digits, Mapping) else digits


def years_table(columns: Mapping[str, pd.Series], lang: str, fmt: Format | Mapping[str, Format] = "number",
                digits: int | Mapping[str, int] | None = None, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Series indexed by year side by side: Year | <header 1> | <header 2> | ...

    ``columns`` maps a (localized) header to a Series indexed by year; ``fmt`` and
    ``digits`` are one format for all columns or a mapping header -> format. ``years``
    keeps only those years (those outside the series are left out).
    """
    frame = pd.DataFrame(dict(columns))
    if years is not None:
        frame = frame.loc[[y for y in years if y in frame.index]]
    out = pd.DataFrame({t("common.year", lang): [str(int(y)) for y in frame.index]})
    for h in frame.columns:
        out[h] = [cell(v, _fmt_for(fmt, h), lang, _digits_for(digits, h)) for v in frame[h]]
    return out


def by_direction_table(projection, indicator: str, years: Iterable[int], lang: str,
                       fmt: Format = "number", digits: int | None = None, total: bool = True) -> pd.DataFrame:
    """One indicator by year and direction: Year | five directions | Total (seven columns).

    ``indicator`` is one of the by-direction indicators of ``Projection.wide``
    (jobs_direct, spend, output_agri, ...).
    """
    wide = projection.wide(indicator)
    cols = [*DIRECTIONS, "total"] if total else list(DIRECTIONS)
    return years_table({_direction_name(d, lang): wide[d] for d in cols}, lang, fmt, digits, years)


def jobs_readings_table(rows: Iterable[Mapping], lang: str) -> pd.DataFrame:
    """The announced jobs (the 2019 article's 90,000) under both readings: Reading of the 90,000 |
    Jobs compared | Target | Share | Met.

    ``rows`` from :func:`model.targets.jobs_readings`; the scenario's own reading is marked.
    """
    out = []
    for r in rows:
        name = t(f"tables.jobs_reading.{r['reading']}", lang) + (" ✓" if r["active"] else "")
        out.append({_col("reading", lang, target=cell(r["target"], "number", lang)): name,
                    _col("jobs_compared", lang): cell(r["compared"], "number", lang),
                    _col("target", lang): cell(r["target"], "number", lang),
                    _col("share_of_target", lang): i18n.pct(100 * r["share"], lang, 0),
                    _col("met_plain", lang): i18n.yes_no(r["met"], lang)})
    return pd.DataFrame(out)


def directions_table(columns: Mapping[str, pd.Series], lang: str, fmt: Format | Mapping[str, Format] = "number",
                     digits: int | Mapping[str, int] | None = None) -> pd.DataFrame:
    """Series indexed by direction side by side: Direction | <header 1> | ...

    Each Series is indexed by direction keys (the five directions, optionally "total",
    e.g. ``projection.wide("jobs_direct").loc[2022]``); rows follow the order of the
    first Series, direction names are localized ("total" -> common.total).
    """
    frame = pd.DataFrame(dict(columns))
    order = [d for d in [*DIRECTIONS, "total"] if d in frame.index]
    frame = frame.loc[order]
    out = pd.DataFrame({_col("direction", lang): [_direction_name(d, lang) for d in frame.index]})
    for h in frame.columns:
        out[h] = [cell(v, _fmt_for(fmt, h), lang, _digits_for(digits, h)) for v in frame[h]]
    return out


def _range(p: Param, lang: str) -> str:
    if not p.ranged:
        return DASH
    return f"{param_value(p.low, p.unit, lang)} – {param_value(p.high, p.unit, lang)}"


def provenance_table(scenario, paths: Iterable[str], lang: str, with_basis: bool = True) -> pd.DataFrame:
    """Parameters with where they come from: Parameter | Value | Plausible range | Source | Basis.

    ``paths`` are dotted parameter paths of ``scenario.params``; the basis column (the
    article's words, the public source or the reason for an assumption) can be left out.
    """
    rows = []
    for path in paths:
        p = scenario.params[path]
        row = {_col("parameter", lang): param_label(path, lang),
               _col("value", lang): param_value(p.value, p.unit, lang),
               _col("range", lang): _range(p, lang), _col("source", lang): source_label(p, lang)}
        if with_basis:
            row[_col("basis", lang)] = basis(path, p, lang)
        rows.append(row)
    return pd.DataFrame(rows)


from ..compare import stretch  # noqa: E402  (how far a calibrated value moved from its prior, either way)


def calibration_table(scenario, lang: str) -> pd.DataFrame:
    """Each fitted parameter of a calibrated scenario, most stretched first.

    Columns: Parameter | Direction | Prior | Plausible range | Calibrated | Ratio to prior |
    Outside range. Rows are sorted by :func:`stretch` of the ratio (x8 and x0.125 rank
    alike), then by path. Raises ValueError for a scenario without calibration.
    """
    if scenario.calibration is None:
        raise ValueError(f"scenario {scenario.name!r} is not calibrated (scenario.calibration is None)")
    rows = sorted(scenario.calibration.rows, key=lambda r: (-stretch(r["ratio"]), r["path"]))
    out = []
    for r in rows:
        path = r["path"]
        unit = scenario.params[path].unit
        parts = path.split(".")
        prior = Param(value=r["prior"], unit=unit, source="assumption", low=r["low"], high=r["high"])
        out.append({
            _col("parameter", lang): param_label(path, lang, with_direction=False),
            _col("direction", lang): i18n.direction(parts[1], lang) if parts[0] == "directions" else DASH,
            _col("prior", lang): param_value(r["prior"], unit, lang),
            _col("range", lang): _range(prior, lang),
            _col("calibrated", lang): param_value(r["calibrated"], unit, lang),
            _col("ratio", lang): "×" + i18n.number(r["ratio"], lang, 2),
            _col("outside", lang): t("tables.outside" if r["outside_range"] else "tables.inside", lang),
        })
    return pd.DataFrame(out)


def changes_table(scenario, lang: str, base: Mapping[str, Param] | None = None) -> pd.DataFrame:
    """Parameters whose value differs from the base assumptions, most stretched first.

    Columns: Parameter | Base assumption | Plausible range | This scenario | Ratio to base |
    Outside range | Source. ``base`` defaults to the base parameters (the pack in force,
    data/programmes/zhambyl_2019/directions.csv and the derived figures). Works for every scenario: calibrated
    rates, rates derived from the pilot, scenario settings and run-time overrides.
    """
    rows = []
    for r in compare.scenario_changes(scenario, base):  # most stretched first
        p, b, ratio = r["param"], r["base"], r["ratio"]
        rows.append({
            _col("parameter", lang): param_label(r["path"], lang),
            _col("base", lang): param_value(b.value, b.unit, lang),
            _col("range", lang): _range(b, lang),
            _col("scenario_value", lang): param_value(p.value, p.unit, lang),
            _col("ratio_base", lang): DASH if ratio is None else "×" + i18n.number(ratio, lang, 2),
            _col("outside", lang): t("tables.outside" if r["outside"] else "tables.inside", lang) if r["ranged"]
            else DASH,
            _col("source", lang): source_label(p, lang),
        })
    columns = [_col(k, lang)
               for k in ("parameter", "base", "range", "scenario_value", "ratio_base", "outside", "source")]
    return pd.DataFrame(rows, columns=columns)


def fiscal_flows_table(flows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The state budget's flows by year (``compare.fiscal_flows``), one labelled row each."""
    return years_table({t(f"brief.chart.{k}", lang): flows[k] for k in
                        ("fiscal_cost", "tsa_saved", "taxes", "net", "cumulative")}, lang, fmt="number", digits=2)


def funding_table(projection, lang: str) -> pd.DataFrame:
    """The funding mix: Source of money | Share | Amount | Cost to the state budget | How the state pays.

    Shares are of the programme money; administration comes on top, so the total amount
    is the programme money plus administration. See :func:`model.compare.funding_parts`.
    """
    parts = compare.funding_parts(projection)
    v = projection.scenario.value
    notes = {
        "grant": t("tables.funding_note.grant", lang),
        "microcredit": t("tables.funding_note.microcredit", lang,
                         grant_element=cell(parts.at["microcredit", "grant_element"], "share", lang),
                         default=cell(projection.summary["default_rate_mean"], "share", lang, 1),
                         rate=cell(v("funding.microcredit_rate"), "share", lang),
                         market=cell(v("funding.market_rate"), "share", lang)),
        "bank_loan": t("tables.funding_note.bank_loan", lang),
        "own_funds": t("tables.funding_note.own_funds", lang),
        "admin": t("tables.funding_note.admin", lang),
        "total": t("tables.funding_note.total", lang,
                   share=cell(parts.at["total", "fiscal_share"], "share", lang)),
    }
    rows = []
    for k in parts.index:
        rows.append({
            _col("funding_source", lang): t(f"tables.funding.{k}", lang),
            _col("share", lang): cell(parts.at[k, "share"], "share", lang, 0),
            _col("amount", lang): cell(parts.at[k, "amount"], "money_bn", lang),
            _col("fiscal", lang): cell(parts.at[k, "fiscal"], "money_bn", lang),
            _col("how_state_pays", lang): notes[k],
        })
    return pd.DataFrame(rows)


def fan_table(fan: pd.DataFrame, lang: str, fmt: Format = "number", digits: int | None = None,
              years: Iterable[int] | None = None) -> pd.DataFrame:
    """A fan (``Simulation.fan``: index year, columns p5 p25 p50 p75 p95) as
    Year | 5 % | 25 % | Median | 75 % | 95 %."""
    headers = {q: _col(q, lang) for q in fan.columns}
    return years_table({headers[q]: fan[q] for q in fan.columns}, lang, fmt, digits, years)


def probabilities_table(probabilities: pd.DataFrame, lang: str, keys: Iterable[str] | None = None,
                        year: int | None = None) -> pd.DataFrame:
    """``Simulation.target_probabilities()`` for readers: Target | In the article |
    Probability | 5 % | Median | 95 %. ``keys`` keeps (and orders) some targets; ``year``
    (the target year) goes into the probability header."""
    art = load_sources().article
    from ..targets import TARGETS
    target_of = {tg.key: tg for tg in TARGETS}
    frame = probabilities.set_index("key")
    keys = list(frame.index) if keys is None else list(keys)
    rows = []
    for k in keys:
        r = frame.loc[k]
        unit = target_of[k].unit
        prob_header = _col("probability_in", lang, year=year) if year is not None else _col("probability", lang)
        rows.append({
            _col("target", lang): target_label(k, lang),
            _col("announced", lang): figure_value(art[target_of[k].figure], lang),
            prob_header: cell(r["probability"], "share", lang, 0),
            _col("p5", lang): value_by_unit(r["p5"], unit, lang),
            _col("p50", lang): value_by_unit(r["p50"], unit, lang),
            _col("p95", lang): value_by_unit(r["p95"], unit, lang),
        })
    return pd.DataFrame(rows)
