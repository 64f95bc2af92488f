"""The scenario editor on screen: ipywidgets in JupyterLab and Voilà, a static view under papermill.

``show(scenario, lang, overrides, draws, seed, first_year, last_year)`` is all the notebook
calls. Every number comes from the model (``build.load_scenario``,
``projection.project``, ``uncertainty.simulate``) and :mod:`model.editor`; every text from the locale
files (``editor.*``, and ``tables.*`` through :mod:`model.report.tables`).

Interactive or static: a kernel that a Jupyter server started (JupyterLab, Notebook, Voilà)
gets the widgets. A kernel started by papermill (``python -m model run``, CI) gets the static
view (targets, what differs from the base, key charts) through ``show_table`` and
``show_figure``, so the executed notebook and its PDF are the same on every run.
"""
from __future__ import annotations

import html
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import editor as logic
from .. import breakdown, results_file, uncertainty
from ..build import load_scenario
from ..projection import project
from ..scenario import list_scenarios
from ..errors import DataError
from ..paths import BUILD, SCENARIOS, rel
from . import editor_texts as plain, export, i18n, palette, tables
from .display import show_figure, show_table, show_text
from .i18n import t

K = "editor"
# The chance column needs the Monte Carlo over the household microsimulation (about 2 s per 100
# draws here): it is computed on a button, with at most this many draws, never on every change.
CHANCE_DRAWS = 200
# key charts: indicator -> (kind of number, chart key); each by year, edited against the base
KEY_CHARTS = (("jobs_direct", "count"), ("output_agri", "money_bn"), ("processing_load", "share"),
              ("tsa_people_out", "count"))
EDITED_COLOR = palette.DIRECTION_COLORS["small_business"]
DRAFT = BUILD / "editor" / "draft.json"  # the page's unsaved work (git-ignored, like all of build/)


def interactive() -> bool:
    """True in a kernel that a Jupyter server or Voilà started (it sets these variables); papermill does not."""
    return bool(os.environ.get("JPY_SESSION_NAME")) or any(k.startswith("VOILA_") for k in os.environ)


# --- texts -----------------------------------------------------------------------------------


def unit_text(unit: str, lang: str) -> str:
    """A data unit in words (``editor.units.<slug>``); an unknown unit as written in the data."""
    key = unit_key(unit)
    return t(key, lang) if key in i18n.texts(lang) else unit


def unit_key(unit: str) -> str:
    """The locale key of a data unit's words: "m KZT per project (2019 prices)" -> editor.units.m_kzt_per_project_2019_prices."""
    return f"{K}.units." + "_".join("".join(c if c.isalnum() else " " for c in unit.lower()).split())


def group_label(group: str, lang: str) -> str:
    return t(f"{K}.groups.{group}", lang) if group == logic.PROGRAMME else i18n.direction(group, lang)


def topic_label(topic: str, lang: str) -> str:
    key = f"{K}.topics.{topic}"
    return t(key, lang) if key in i18n.texts(lang) else t(f"{K}.topics.other", lang)


def value_text(value, unit: str, lang: str) -> str:
    return tables.param_value(value, unit, lang)


def basis_text(a: logic.Assumption, lang: str) -> str:
    """Source, and the reason or the article's words; a calibrated rate also keeps its prior's reason."""
    p = a.param
    parts = [tables.source_label(p, lang)]
    try:
        parts.append(tables.basis(a.path, p, lang))
        if a.calibrated:
            parts.append(tables.basis(a.path, replace(p, value=a.prior, source="assumption", confidence=""), lang))
    except KeyError:
        if p.reason:
            parts.append(p.reason)
    return ": ".join(parts[:2]) + ("" if len(parts) < 3 else f" ({parts[2]})")


def info_text(a: logic.Assumption, c: logic.Control, lang: str) -> str:
    """Prior, plausible range, unit (and the marks) shown beside a control, one line."""
    bits = []
    if a.calibrated:
        bits.append(t(f"{K}.info.prior", lang, value=value_text(a.prior, a.param.unit, lang)))
    if a.low is not None:
        bits.append(t(f"{K}.info.range", lang, low=value_text(a.low, a.param.unit, lang),
                      high=value_text(a.high, a.param.unit, lang)))
    bits.append(unit_text(a.param.unit, lang))
    if a.outside:
        bits.append(t(f"{K}.info.outside", lang))
    return " · ".join(bits)


# --- tables (plain DataFrames: the static view and the HTML in the widgets) ------------------


def targets_frame(edited, base, lang: str, chances: pd.DataFrame | None = None,
                  draws: int | None = None, base_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Target | In the article | Projected (edited) | Base scenario | Met | Chance, from
    ``tables.targets_table`` of both projections (``base_table``: the base's, already made);
    index = target keys."""
    year = edited.summary["target_year"]
    mine = tables.targets_table(edited, lang)
    theirs = tables.targets_table(base, lang) if base_table is None else base_table
    col = {k: tables.t(f"tables.col.{k}", lang, year=year) for k in ("target", "announced", "projected", "met")}
    out = pd.DataFrame({
        t(f"{K}.cols.target", lang): mine[col["target"]].values,
        t(f"{K}.cols.announced", lang): mine[col["announced"]].values,
        t(f"{K}.cols.projected", lang, year=year): mine[col["projected"]].values,
        t(f"{K}.cols.base", lang): theirs[col["projected"]].values,
        t(f"{K}.cols.met", lang, year=year): mine[col["met"]].values,
    }, index=list(edited.targets["key"]))
    header = t(f"{K}.cols.chance", lang, draws=i18n.number(draws or 0, lang))
    if chances is not None:
        prob = chances.set_index("key")["probability"]
        out[header] = [tables.cell(prob.get(k), "share", lang, 0) for k in out.index]
    return out


def changes_frame(edited, base_scenario, lang: str) -> pd.DataFrame:
    """What differs from the base scenario (``tables.changes_table`` against the base's values)."""
    return tables.changes_table(edited.scenario, lang, base=base_scenario.params)


def _html_table(frame: pd.DataFrame, css: str, keys: list | None = None) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        key = f' data-key="{html.escape(str(keys[i]))}"' if keys else ""
        cells = "".join(f'<td class="c{j}">{html.escape(str(v))}</td>' for j, v in enumerate(row))
        rows.append(f"<tr{key}>{cells}</tr>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


# --- charts -----------------------------------------------------------------------------------


class KeyCharts:
    """Jobs, output, processing load and TSA by year: the edit (solid) against the base (dashed).

    A matplotlib figure for the static view and its PDF (``update`` then ``show_figure(fig)``).
    """

    def __init__(self, lang: str, years):
        import matplotlib.pyplot as plt

        from . import charts  # matplotlib only for the static view: the widgets draw SVG

        self.charts = charts
        charts.apply_style()
        self.lang, self.years = lang, np.asarray(list(years))
        self.fig, axes = plt.subplots(2, 2, figsize=(7.0, 4.6), layout="constrained")
        self.axes = axes.ravel()

    def update(self, edited, base) -> None:
        lang = self.lang
        for ax, (indicator, kind) in zip(self.axes, KEY_CHARTS):
            ax.plot(self.years, key_values(base, indicator, kind, self.years), color=palette.NEUTRAL, linestyle="--",
                    linewidth=1.3, label=t(f"{K}.charts.base", lang))
            ax.plot(self.years, key_values(edited, indicator, kind, self.years), color=EDITED_COLOR, linewidth=2,
                    label=t(f"{K}.charts.edited", lang))
            ax.set_title(t(f"{K}.charts.{indicator}", lang), fontsize=9)
            ax.set_ylim(bottom=0)
            self.charts.thousands_axis(ax, lang)
            ax.tick_params(labelsize=palette.SMALL)
        handles, labels = self.axes[0].get_legend_handles_labels()
        self.fig.legend(handles[::-1], labels[::-1], loc="outside lower center", ncols=2, fontsize=palette.SMALL)


def key_values(projection, indicator: str, kind: str, years) -> np.ndarray:
    """One key chart's values by year (a share in %)."""
    v = pd.Series(breakdown.total_by_year(projection, indicator), index=projection.years)
    v = v.reindex(list(years)).to_numpy(dtype=float)
    return 100 * v if kind == "share" else v


def svg_charts(edited, base, lang: str, years, width: int = 720, height: int = 440) -> str:
    """The same four key charts as inline SVG for the widgets: a redraw costs about a millisecond,
    a matplotlib PNG a hundred or more (the speed target is 200 ms from a change to the redraw)."""
    return svg_lines([(t(f"{K}.charts.base", lang), base, BASE_STYLE),
                      (t(f"{K}.charts.edited", lang), edited, EDITED_STYLE)], lang, years, width, height)


BASE_STYLE = f'stroke="{palette.NEUTRAL}" stroke-dasharray="5,3" stroke-width="1.4"'
EDITED_STYLE = f'stroke="{EDITED_COLOR}" stroke-width="2.2"'
# the compared scenarios, in the order picked (the reference, akimat, is drawn dashed as BASE_STYLE)
COMPARE_STYLES = tuple(f'stroke="{palette.DIRECTION_COLORS[d]}" stroke-width="2.2"'
                       for d in ("small_business", "livestock", "household_plots"))


def svg_lines(series: list, lang: str, years, width: int = 720, height: int = 440) -> str:
    """The four key charts by year as inline SVG, one line per ``(label, projection, svg style)``
    (drawn in that order, the last on top), with a legend row."""
    from matplotlib.ticker import MaxNLocator

    years = list(years)
    pw, ph = width / 2, (height - 24) / 2  # panel size; a legend row at the bottom
    left, right, top, bottom = 58, 10, 22, 22
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'style="max-width: {width}px" '
           f'font-family="DejaVu Sans, Verdana, sans-serif" font-size="10">']
    for n, (indicator, kind) in enumerate(KEY_CHARTS):
        ox, oy = (n % 2) * pw, (n // 2) * ph
        lines = [key_values(p, indicator, kind, years) for _, p, _ in series]
        hi = float(np.nanmax([np.nanmax(v) for v in lines] + [0]))
        ticks = [v for v in MaxNLocator(5).tick_values(0, hi or 1) if v >= 0]
        y_top = max(ticks[-1], hi) or 1
        x0, x1, y0, y1 = ox + left, ox + pw - right, oy + ph - bottom, oy + top
        sx = lambda yr: x0 + (x1 - x0) * (yr - years[0]) / max(1, years[-1] - years[0])  # noqa: E731
        sy = lambda v: y0 - (y0 - y1) * v / y_top  # noqa: E731
        out.append(f'<text x="{ox + pw / 2:.1f}" y="{oy + 13:.1f}" text-anchor="middle" font-weight="bold">'
                   f'{html.escape(t(f"{K}.charts.{indicator}", lang))}</text>')
        for v in ticks:
            if v > y_top:
                continue
            out.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{sy(v):.1f}" y2="{sy(v):.1f}" stroke="#ddd"/>'
                       f'<text x="{x0 - 4:.1f}" y="{sy(v) + 3:.1f}" text-anchor="end">{html.escape(i18n.number(v, lang))}</text>')
        for yr in years[::2]:
            out.append(f'<text x="{sx(yr):.1f}" y="{y0 + 13:.1f}" text-anchor="middle">{yr}</text>')
        for values, (_, _, style) in zip(lines, series):
            pts = " ".join(f"{sx(yr):.1f},{sy(v):.1f}" for yr, v in zip(years, values) if np.isfinite(v))
            out.append(f'<polyline fill="none" {style} points="{pts}"/>')
    ly, slot = height - 8, width / len(series)
    for i, (label, _, style) in enumerate(reversed(series)):  # the line on top first
        x = i * slot + 10
        out.append(f'<line x1="{x:.1f}" x2="{x + 30:.1f}" y1="{ly - 4}" y2="{ly - 4}" {style}/>'
                   f'<text x="{x + 36:.1f}" y="{ly}">{html.escape(_clip(label, int(slot / 6.2) - 6))}</text>')
    out.append("</svg>")
    return "".join(out)


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:max(1, chars - 1)].rstrip() + "…"


# --- compare ----------------------------------------------------------------------------------

REFERENCE = "akimat"  # the 2019 plan: the reference line of every comparison (Editor.reference: the pack's own)
COMPARE_MAX = 3
EDIT = "(edit)"  # the edit on screen among the compared scenarios (never a scenario's name)


def compare_frame(items: list, lang: str) -> pd.DataFrame:
    """Target | In the article | one column per ``(label, projection)``: the projected value in the
    target year with whether it meets the target (as the targets tables show both); index = target keys."""
    first = items[0][1]
    year = first.summary["target_year"]
    col = {k: tables.t(f"tables.col.{k}", lang, year=year) for k in ("target", "announced", "projected", "met")}
    ref = tables.targets_table(first, lang)
    out = pd.DataFrame({t(f"{K}.cols.target", lang): ref[col["target"]].values,
                        t(f"{K}.cols.announced", lang): ref[col["announced"]].values},
                       index=list(first.targets["key"]))
    for label, projection in items:
        tab = tables.targets_table(projection, lang)
        out[label] = [t(f"{K}.compare.cell", lang, value=v, met=m)
                      for v, m in zip(tab[col["projected"]], tab[col["met"]])]
    return out


# --- the static view (papermill, PDF) -------------------------------------------------------


def show_static(scenario: str, lang: str, overrides: dict, draws: int, seed: int, first_year: int,
                last_year: int) -> None:
    """What the editor shows, without widgets: the base scenario with the run's overrides as the edit."""
    base_sc = load_scenario(scenario)
    edited_sc = load_scenario(scenario, overrides)
    edited, base = project(edited_sc), project(base_sc)
    title = base_sc.title[lang]
    show_text(t(f"{K}.static_intro", lang, scenario=title))
    sim = results_file.simulation(edited_sc, draws, seed)  # computed once for every language
    frame = targets_frame(edited, base, lang, sim.target_probabilities(), draws)
    show_table(frame, t(f"{K}.targets_caption", lang, scenario=title, year=edited.summary["target_year"]))
    changes = changes_frame(edited, base_sc, lang)
    if len(changes):
        show_table(changes, t(f"{K}.changes_caption", lang, scenario=title))
    else:
        show_text(t(f"{K}.no_changes", lang, scenario=title))
    kc = KeyCharts(lang, range(first_year, last_year + 1))
    kc.update(edited, base)
    show_figure(kc.fig, t(f"{K}.charts_caption", lang, scenario=title), lang)


def page_query() -> str:
    """The query string of the page's address under Voilà (``make app``), '' elsewhere."""
    return os.environ.get("QUERY_STRING", "") if any(k.startswith("VOILA_") for k in os.environ) else ""


def page_pack(programme: str, region: str, query: str | None = None) -> tuple[str, str]:
    """The pack the editor opens: ``?programme=NAME&region=NAME`` in the page's address (``make app``;
    ``query``: the page's query string) wins over the notebook's parameters ``programme``, ``region``."""
    from urllib.parse import parse_qs

    asked = parse_qs(page_query() if query is None else query)
    return (asked.get("programme", [programme])[-1], asked.get("region", [region])[-1])


def show(scenario: str = "akimat", lang: str = "kk", overrides: dict | None = None, draws: int = 1000,
         seed: int = 2019, first_year: int = 2020, last_year: int = 2029, directory: Path = SCENARIOS,
         draft: Path | None = DRAFT):
    """The editor: widgets when a person looks at it, the static view under papermill. Returns the
    Editor (or None for the static view). The page's work is kept in ``draft`` (a reload restores it)."""
    from .. import packs
    from ..paths import DEFAULT_PROGRAMME, DEFAULT_REGION, pack
    from ..scenario import written_for

    if os.path.lexists(Path(directory) / f"{scenario}.yaml") and written_for(Path(directory) / f"{scenario}.yaml"):
        scenario = packs.default_scenario() or scenario  # the pack in force (page_pack) opens on its own plan
    if not interactive():
        show_static(scenario, lang, dict(overrides or {}), draws, seed, first_year, last_year)
        return None
    from IPython.display import Javascript, display

    p = pack()
    if draft is not None and (p.programme, p.region) != (DEFAULT_PROGRAMME, DEFAULT_REGION):
        draft = draft.with_name(f"{draft.stem}+{p.programme}@{p.region}{draft.suffix}")  # one draft per pack
    app = Editor(scenario, lang, overrides, draws, seed, first_year, last_year, directory=directory, draft=draft,
                 query=page_query())
    display(app.widget)
    display(Javascript(ASK_BEFORE_LEAVING))
    return app


# The browser asks before the page is left (closed, reloaded, navigated away) while the editor shows
# edits no file holds: the kernel marks its widget ``zh-dirty`` (``Editor._mark_dirty``); the draft
# file keeps the work in any case. On the page without code (Voilà, not JupyterLab, whose address is
# its own) the address follows the edit: ``?edit=`` the hidden ``zh-link`` text, other parameters
# kept, so a reload or a link sent to a colleague opens the same edit (Voilà gives the kernel the
# query string; ``show`` reads it).
ASK_BEFORE_LEAVING = """
if (!window.zhAskBeforeLeaving) {
  window.zhAskBeforeLeaving = true;
  window.addEventListener("beforeunload", (event) => {
    if (document.querySelector(".zh-editor.zh-dirty")) { event.preventDefault(); event.returnValue = ""; }
  });
  if (!window.location.pathname.includes("/lab")) {
    const follow = () => {
      const link = document.querySelector(".zh-editor .zh-link");
      if (!link) return;
      const params = new URLSearchParams(window.location.search);
      if (params.get("edit") === link.textContent) return;
      params.set("edit", link.textContent);
      window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    };
    new MutationObserver(follow).observe(document.body, {subtree: true, childList: true, characterData: true});
  }
}
"""


# --- the widgets ------------------------------------------------------------------------------

CSS = """<style>
.zh-editor .widget-html-content {line-height: 1.35;}
.zh-editor table {border-collapse: collapse; font-size: 12px; margin: 4px 0; width: 100%;}
.zh-editor th, .zh-editor td {border-bottom: 1px solid #ddd; padding: 3px 5px; text-align: right; vertical-align: top;}
.zh-editor th {font-weight: bold; background: #f4f4f4;}
.zh-editor th:first-child, .zh-editor td:first-child {text-align: left;}
.zh-editor .zh-info {color: #555; font-size: 11px; line-height: 1.3;}
.zh-editor .zh-error {color: #B00020; font-size: 12px; font-weight: bold;}
.zh-editor .zh-ok {color: #006400; font-size: 12px;}
.zh-editor .zh-cal {color: #8A4B00; font-weight: bold;}
.zh-editor a.zh-download {color: #0645AD; text-decoration: underline; cursor: pointer;}
.zh-editor .zh-slider .widget-readout {display: none;} /* shown as the tables show it: .zh-readout */
.zh-editor .zh-readout {font-size: 12px; white-space: nowrap;}
.zh-editor .zh-no-effect {opacity: 0.55;}
.zh-editor .zh-effect {color: #1F4E79; font-size: 11px;}
.zh-editor table.zh-stale td.c5, .zh-editor table.zh-stale th:nth-child(6) {color: #999;}
.zh-editor .zh-save-form input {min-width: 0;}
</style>"""


class _Lazy(dict):
    """The controls (or message lines) by path, made when first asked for: ``[path]`` fills the
    section that holds it; ``get`` and iteration see only what is made."""

    def __init__(self, fill):
        super().__init__()
        self._fill = fill

    def __missing__(self, path: str):
        self._fill(path)
        if not dict.__contains__(self, path):
            raise KeyError(path)
        return dict.__getitem__(self, path)


class Editor:
    """The editor's state and widgets. ``set_value(path, value)`` is what every control calls
    (and what the benchmark and tests call without a browser)."""

    def __init__(self, scenario: str = "akimat", lang: str = "kk", overrides: dict | None = None,
                 draws: int = 1000, seed: int = 2019, first_year: int = 2020, last_year: int = 2029,
                 directory: Path = SCENARIOS, draft: Path | None = None, query: str | None = None):
        import ipywidgets as w

        self.w = w
        self.lang, self.draws, self.seed = lang, draws, seed
        self.years = range(first_year, last_year + 1)
        self.directory = Path(directory)
        # the reference of every comparison: the plan of the programme in force (akimat for zhambyl_2019)
        from .. import packs
        self.reference = packs.default_scenario() or scenario
        self.widget = w.VBox(layout=w.Layout(width="100%"))
        self.widget.add_class("zh-editor")
        self.error: DataError | None = None
        self._base_table = (None, None)
        self._quiet = False  # True while the editor moves a control itself (a rebalanced share)
        self._typed = None  # what the last control sent, as typed: a refusal quotes it
        self._failed_at: str | None = None  # the control a refusal is shown beside
        self._chance = None  # the chance column as computed: base, overrides, table, draws
        self._effects_by_base: dict = {}
        self.history = logic.History()  # the edit states before each change, for undo
        self.fields = {"name": "", "titles": dict.fromkeys(i18n.LANGS, "")}  # the save form, kept across rebuilds
        self.compared: list[str] = []  # scenarios picked for the comparison (EDIT: the edit itself)
        self.notice = ""  # one line above the controls: a draft restored, or why it was not
        self.draft = Path(draft) if draft else None
        link = self._restore_link(query) if query else None
        restored = self._restore_draft(scenario, overrides, link) if self.draft else None
        if link is None and restored is None:
            self._open(scenario, overrides)
        self._build()
        self.refresh()

    # state ----------------------------------------------------------------------------------

    def _open(self, name: str, overrides: dict | None = None, keep_fields: bool = False) -> None:
        """Open scenario ``name``: one the editor saved (a base and plain overrides, ``logic.reopen``)
        comes back as its base with its overrides as the edits, so it can be changed and saved
        again under its own name; any other is the base itself, with no edit."""
        again = logic.reopen(name, self.directory)
        load_scenario(again.base if again else name, directory=self.directory)  # refused before anything changes
        self.opened = name
        self._load_base(again.base if again else name)
        self.edits = {**(again.overrides if again else {}), **dict(overrides or {})}
        if again:  # saved again under its own name by default
            self.fields = {"name": name, "titles": dict(again.titles)}
        elif not keep_fields:  # a name typed for another scenario would overwrite that one
            self.fields = {"name": "", "titles": dict.fromkeys(i18n.LANGS, "")}
        self.history = logic.History()
        self._clean = self.overrides  # what the opened file holds: the edits are unsaved when they differ

    def _restore_draft(self, scenario: str, overrides: dict | None, link: dict | None = None):
        """The page's last work from the draft file (the base, the edits, the save form, the language
        and the comparison); None, and a notice saying why, when there is none or it no longer applies.
        With ``link`` (the edit a link opened), only a draft of that very edit lends its save form and
        comparison (a reload of the page: its address and its draft agree)."""
        try:
            doc = logic.read_draft(self.draft, self.directory)
        except DataError as e:
            if link is None:
                self.notice = t(f"{K}.draft.unusable", self.lang, error=str(e))
            return None
        if link is not None:
            same = doc is not None and all(doc.get(k) == link.get(k) for k in ("opened", "base", "edits"))
            if not same:
                return None
        elif doc is None or doc.get("opened", doc["base"]) != scenario or overrides:
            return None  # a draft of another scenario, or edits given by the caller: those are opened
        self._apply_state(doc)
        self._clean = dict(doc.get("clean") or {}) if isinstance(doc.get("clean"), dict) else {}
        fields = doc.get("fields") or {}
        titles = fields.get("titles") if isinstance(fields.get("titles"), dict) else {}
        self.fields = {"name": str(fields.get("name", "")),
                       "titles": {x: str(titles.get(x, "")) for x in i18n.LANGS}}
        self.compared = [c for c in doc.get("compare") or [] if isinstance(c, str)][:COMPARE_MAX]
        self.notice = t(f"{K}.draft.restored", self.lang, time=str(doc.get("saved_at", "")))
        return doc

    def _apply_state(self, doc: dict) -> None:
        """The opened scenario, the base, the edits and the language of a checked draft or link."""
        opened = doc.get("opened") if isinstance(doc.get("opened"), str) else doc["base"]
        if not (self.directory / f"{opened}.yaml").is_file():
            opened = doc["base"]
        self.opened = opened
        self._load_base(doc["base"])
        self.edits = dict(doc["edits"])
        if doc.get("lang") in i18n.LANGS:
            self.lang = doc["lang"]

    def _restore_link(self, query: str):
        """The edit a link to the page carries (``?edit=``, ``logic.edit_from_query``): it wins over
        the draft, as what the reader asked for; None, and a notice saying why, when it does not apply."""
        try:
            doc = logic.edit_from_query(query, self.directory)
        except DataError as e:
            self.notice = t(f"{K}.link.unusable", self.lang, error=str(e))
            return None
        if doc is None:
            return None
        self._apply_state(doc)
        again = logic.reopen(self.opened, self.directory) if self.opened != self.base_name else None
        self._clean = dict(again.overrides) if again and again.base == self.base_name else {}
        if again:
            self.fields = {"name": self.opened, "titles": dict(again.titles)}
        self.notice = t(f"{K}.link.opened", self.lang)
        return doc

    def link_query(self) -> str:
        """The query value of a link to this edit (the page's address keeps it: reload or share it)."""
        return logic.edit_query({"opened": self.opened, "base": self.base_name, "edits": self.overrides,
                                 "lang": self.lang})

    def _keep_work(self) -> None:
        """After every applied change: the page's address (``link``) and the draft file follow it."""
        self.link.value = html.escape(self.link_query())
        if self.draft is None:
            return
        from datetime import datetime

        try:
            logic.write_draft(self.draft, {
                "opened": self.opened, "base": self.base_name, "edits": self.overrides, "clean": self._clean,
                "lang": self.lang, "fields": self.fields, "compare": self.compared,
                "saved_at": datetime.now().strftime("%H:%M")})
        except OSError:
            pass  # a full or read-only disk loses the draft, never the page: the edits are still on screen

    @property
    def dirty(self) -> bool:
        """Edits on screen that no saved file holds (leaving the page asks first)."""
        return self.overrides != self._clean

    def _load_base(self, name: str) -> None:
        self.base_name = name
        self.base = load_scenario(name, directory=self.directory)
        self.base_projection = project(self.base)
        self.effects = self._effects_of(name)
        self.assumptions = logic.assumptions(self.base)
        self.controls = {a.path: logic.control(a) for a in self.assumptions}
        self.current = self.base_projection

    @property
    def overrides(self) -> dict:
        """The edits that differ from the base (half a slider step counts as no change)."""
        tol = {p: c.step / 2 for p, c in self.controls.items() if c.step}
        out = logic.overrides_against(self.base, self.edits, tol)
        for path in list(out):  # a group of shares is changed whole, or its sum would move
            for k in logic.share_group(path):
                out.setdefault(k, self.edits.get(k, self.base.value(k)))
        return out

    def set_value(self, path: str, value) -> bool:
        """Apply one edit; on bad input the message goes beside the control, nothing else changes.
        A share of a group that sums to 1 (the money by direction, the funding sources) moves the
        others of its group in proportion (``logic.rebalance``), and their controls with it."""
        if self._quiet:  # a control the editor moved itself: the edit is already applied
            return True
        c = self.controls[path]
        self._typed = value
        try:
            if c.kind == "list":
                value = logic.parse_list(value, "editor", path) if isinstance(value, str) else list(value)
            elif isinstance(value, str):  # a number box: "0,5" as well as "0.5"
                value = c.snap(logic.parse_number(value, "editor", path, c.integer))
            else:
                value = c.snap(float(value))
            group = logic.share_group(path)
            if group and c.kind != "list" and all(k in self.controls for k in group):
                changed = logic.rebalance({k: self.edits.get(k, self.base.value(k)) for k in group}, path, value)
            else:
                changed = {path: value}
        except DataError as e:
            return self._fail(e, path)
        self.history.push(self.edits)
        self.edits.update(changed)
        self._show_values({k: v for k, v in changed.items() if k != path})
        return self.refresh(path)

    def scale_to_one(self, path: str) -> bool:
        """The shares typed in ``path``'s box scaled to sum to 1 (each keeps its proportion), applied."""
        try:
            values = logic.scaled_to_one(logic.parse_list(self.inputs[path].value, "editor", path), path)
        except DataError as e:
            return self._fail(e, path)
        self._show_values({path: values})
        return self.set_value(path, values)

    def undo(self) -> bool:
        """Back to the edits before the last change (up to ``History.limit`` changes)."""
        before = self.history.pop()
        if before is None:
            return False
        self.edits = before
        self._show_values({p: self.edits.get(p, self.base.value(p)) for p in self.controls})
        return self.refresh()

    def _show_values(self, values: dict) -> None:
        """Move the controls of ``values`` to them without applying them again (their sliders widened
        when a value falls outside)."""
        self._quiet = True
        try:
            for k, v in values.items():
                box = self.inputs.get(k)
                if box is None:
                    continue
                if not isinstance(box, self.w.Text):  # a slider is widened to hold the value
                    box.min, box.max = min(box.min, v), max(box.max, v)
                box.value = self._box_value(k, v)
        finally:
            self._quiet = False

    def refresh(self, changed: str | None = None) -> bool:
        """Project the edits; show the result, or keep the last valid projection and show why not."""
        try:
            overrides = self.overrides
            if overrides:
                projection = project(load_scenario(self.base_name, overrides, file="editor", directory=self.directory))
            else:  # nothing differs: the base's own projection (made when it was loaded)
                projection = self.base_projection
        except DataError as e:
            return self._fail(e, changed)
        self.error = None
        self.current = projection
        for msg in self.messages.values():
            msg.value = ""
        self.status.value = ""
        self._draw()
        self._mark_dirty()
        self._keep_work()
        return True

    def _mark_dirty(self) -> None:
        (self.widget.add_class if self.dirty else self.widget.remove_class)("zh-dirty")

    def _fail(self, e: DataError, path: str | None) -> bool:
        self.error, self._failed_at = e, path
        line = html.escape(plain.error_line(e, self.lang, path, self._typed if path else None))
        for p, msg in self.messages.items():
            msg.value = f'<span class="zh-error">{line}</span>' if p == path else ""
        self.status.value = (f'<span class="zh-error">{line}</span><br>'
                             f'<span class="zh-info">{html.escape(t(f"{K}.msg.kept", self.lang))}</span>')
        return False

    def chances(self, draws: int) -> pd.DataFrame:
        return uncertainty.simulate(self.current.scenario, draws=draws, seed=self.seed).target_probabilities()

    # drawing ----------------------------------------------------------------------------------

    def _draw(self, draws: int | None = None) -> None:
        """Redraw table, changes and charts; with ``draws`` the chance column too (the button)."""
        lang = self.lang
        chances, draws, stale = self._chance_column(draws)
        if self._base_table[0] != (self.base_name, lang):  # the base's column changes only with base or language
            self._base_table = ((self.base_name, lang), tables.targets_table(self.base_projection, lang))
        frame = targets_frame(self.current, self.base_projection, lang, chances, draws, self._base_table[1])
        if stale:
            frame = frame.rename(columns={frame.columns[-1]: f"{frame.columns[-1]} {t(f'{plain.P}.chance.stale', lang)}"})
        self.targets.value = _html_table(frame, "zh-targets zh-stale" if stale else "zh-targets", keys=list(frame.index))
        self._show_chance_state(stale)
        changes = changes_frame(self.current, self.base, lang)
        self.changes.value = (_html_table(changes, "zh-changes") if len(changes)
                              else f'<span class="zh-info">{html.escape(t(f"{K}.no_changes_live", lang))}</span>')
        self.chart.value = svg_charts(self.current, self.base_projection, lang, self.years)
        if EDIT in self.compared:  # the saved scenarios' columns do not move with the edit
            self._draw_compare()

    # compare ----------------------------------------------------------------------------------

    def compare_items(self) -> list:
        """``(label, projection)`` of the reference (akimat) and each scenario picked, in the order
        picked; EDIT stands for the edit on screen."""
        names = list_scenarios(self.directory)
        label = lambda n: f"{names[n][self.lang]} ({n})" if n in names else n  # noqa: E731
        items = [(label(self.reference), project(load_scenario(self.reference, directory=self.directory)))]
        for name in self.compared:
            if name == EDIT:
                items.append((t(f"{K}.compare.edit", self.lang), self.current))
            elif name != self.reference:
                items.append((label(name), project(load_scenario(name, directory=self.directory))))
        return items

    def set_compared(self, names) -> bool:
        """Pick the scenarios to compare (at most COMPARE_MAX, the reference aside); redraw."""
        names = [n for n in dict.fromkeys(names) if n != self.reference]
        if len(names) > COMPARE_MAX:
            self.compare_msg.value = (f'<span class="zh-error">'
                                      f'{html.escape(t(f"{K}.compare.too_many", self.lang, most=COMPARE_MAX))}</span>')
            return False
        self.compared = names
        self._draw_compare()
        self._keep_work()
        return True

    def _draw_compare(self) -> None:
        lang = self.lang
        self.compare_msg.value = ""
        if not self.compared:
            self.compare_table.value = self.compare_chart.value = ""
            return
        try:
            items = self.compare_items()
        except DataError as e:
            self.compare_msg.value = f'<span class="zh-error">{html.escape(str(e))}</span>'
            return
        frame = compare_frame(items, lang)
        self.compare_table.value = _html_table(frame, "zh-compare", keys=list(frame.index))
        styles = (BASE_STYLE,) + COMPARE_STYLES
        self.compare_chart.value = svg_lines([(label, p, styles[i]) for i, (label, p) in enumerate(items)],
                                             lang, self.years)

    def _compare_box(self) -> list:
        w, lang = self.w, self.lang
        names = list_scenarios(self.directory)
        options = [(t(f"{K}.compare.edit", lang), EDIT)] + [
            (f"{titles[lang]} ({n})", n) for n, titles in names.items() if n != self.reference]
        self.compare_pick = w.SelectMultiple(options=options, value=tuple(c for c in self.compared
                                                                          if c in dict(options).values()),
                                             rows=min(8, len(options)), layout=w.Layout(width="100%"))
        self.compare_pick.add_class("zh-compare-pick")
        self.compare_pick.observe(lambda ch: self.set_compared(ch["new"]), names="value")
        self.compare_msg, self.compare_table = w.HTML(), w.HTML()
        self.compare_table.add_class("zh-compare-box")
        self.compare_chart = w.HTML(layout=w.Layout(overflow="auto"))
        note = t(f"{K}.compare.help", lang, most=COMPARE_MAX,
                 reference=f"{names[self.reference][lang]} ({self.reference})" if self.reference in names else self.reference)
        return [w.HTML(f"<h3>{html.escape(t(f'{K}.compare.heading', lang))}</h3>"),
                w.HTML(f'<span class="zh-info">{html.escape(note)}</span>'), self.compare_pick,
                self.compare_msg, self.compare_table, self.compare_chart]

    def _build(self) -> None:
        w, lang = self.w, self.lang
        self.lang_pick = w.ToggleButtons(options=list(i18n.LANGS), value=lang, style={"button_width": "48px"},
                                         description=t(f"{K}.ui.language", lang))
        self.lang_pick.observe(lambda ch: self._switch_lang(ch["new"]), names="value")
        names = list_scenarios(self.directory)
        self.base_pick = w.Dropdown(options=[(f"{titles[lang]} ({n})", n) for n, titles in names.items()],
                                    value=self.opened, description=t(f"{K}.ui.open", lang),
                                    layout=w.Layout(width="520px"), style={"description_width": "initial"})
        self.base_pick.observe(lambda ch: self._switch_base(ch["new"]), names="value")
        reset = w.Button(description=t(f"{K}.ui.reset", lang), icon="refresh", layout=w.Layout(width="auto"))
        reset.on_click(lambda _: self.reset())
        reset.add_class("zh-reset")
        undo = w.Button(description=t(f"{K}.ui.undo", lang), icon="undo", layout=w.Layout(width="auto"))
        undo.on_click(lambda _: self.undo())
        undo.add_class("zh-undo")
        top = w.HBox([self.lang_pick, self.base_pick, undo, reset], layout=w.Layout(flex_flow="row wrap"))
        self.notice_box = w.HTML(self._notice_html())
        self.notice_box.add_class("zh-notice")
        self.link = w.HTML(html.escape(self.link_query()), layout=w.Layout(display="none"))
        self.link.add_class("zh-link")  # the page's address follows it (ASK_BEFORE_LEAVING's script)

        # A section's rows are made when it is first opened (or a control of it is asked for): about
        # 2,000 widgets at once would cost the page's first paint seconds, in the kernel and the browser.
        self.messages, self.inputs = _Lazy(self._fill_section_of), _Lazy(self._fill_section_of)
        self._groups = list(dict.fromkeys(a.group for a in self.assumptions))
        self.accordion = w.Accordion(children=[w.VBox() for _ in self._groups],
                                     titles=tuple(group_label(g, lang) for g in self._groups),
                                     layout=w.Layout(width="100%"))
        self.accordion.add_class("zh-assumptions")
        self._filled: set[str] = set()
        self.accordion.observe(lambda ch: ch["new"] is not None and self._fill_section(self._groups[ch["new"]]),
                               names="selected_index")

        self.targets, self.changes, self.status = w.HTML(), w.HTML(), w.HTML()
        for box, name in ((self.targets, "targets"), (self.changes, "changes"), (self.status, "status")):
            box.add_class(f"zh-{name}-box")
        self.chart = w.HTML(layout=w.Layout(overflow="auto"))
        chance_draws = min(self.draws, CHANCE_DRAWS)
        more = w.Button(description=t(f"{K}.ui.chances", lang, draws=i18n.number(chance_draws, lang)),
                        layout=w.Layout(width="auto"), icon="calculator")
        more.add_class("zh-chances")
        self._chance_button, self._chance_label = more, more.description
        more.on_click(lambda _: self.error is None and self._draw(chance_draws))
        head = lambda key: w.HTML(f"<h3>{html.escape(t(f'{K}.ui.{key}', lang))}</h3>")  # noqa: E731
        results = w.VBox([head("targets"), self.status, self.targets, *self._chance_row(more), head("charts"), self.chart,
                          head("changes"), self.changes, *self._compare_box(), *self._export_box(),
                          *self._save_box()])
        self.widget.children = [w.HTML(CSS), w.HTML(f"<h2>{html.escape(t(f'{K}.title', lang))}</h2>"), top,
                                self.notice_box, self.link,
                                w.HTML(f'<span class="zh-info">{html.escape(t(f"{K}.ui.help", lang))} '
                                       f'{html.escape(t(f"{plain.P}.help", lang))}</span>'),
                                w.HBox([w.VBox([self.accordion], layout=w.Layout(width="43%", min_width="420px")),
                                        w.VBox([results], layout=w.Layout(width="57%", min_width="480px",
                                                                          padding="0 0 0 14px", overflow="auto"))],
                                       layout=w.Layout(width="100%", flex_flow="row wrap"))]
        self._draw_compare()  # in the page's language

    def _fill_section(self, group: str) -> None:
        """Make the rows of one section of the accordion (once per build)."""
        if group in self._filled:
            return
        self._filled.add(group)
        w, rows, topic = self.w, [], None
        for a in (a for a in self.assumptions if a.group == group):
            if a.topic != topic:
                topic = a.topic
                rows.append(w.HTML(f"<b>{html.escape(topic_label(topic, self.lang))}</b>"))
            rows.append(self._row(a))
        self.accordion.children[self._groups.index(group)].children = rows
        if self.error is not None and self._failed_at in self.messages:  # a refusal shown at a control of this section
            self._fail(self.error, self._failed_at)

    def _fill_section_of(self, path: str) -> None:
        group = next((a.group for a in self.assumptions if a.path == path), None)
        if group is not None:
            self._fill_section(group)

    def _row(self, a: logic.Assumption):
        w, lang = self.w, self.lang
        c = self.controls[a.path]
        value = self.edits.get(a.path, a.value)
        mark = f' <span class="zh-cal">{html.escape(t(f"{K}.info.calibrated", lang))}</span>' if a.calibrated else ""
        name = w.HTML(f"{html.escape(plain.label(a.path, lang))}{mark}", layout=w.Layout(width="220px"))
        common = dict(layout=w.Layout(width="260px"), continuous_update=False)
        if c.kind == "slider" and c.integer:
            box = w.IntSlider(value=int(value), min=c.min, max=c.max, step=1, **common)
        elif c.kind == "slider":
            box = w.FloatSlider(value=float(value), min=c.min, max=c.max, step=c.step,
                                readout_format=f".{c.decimals}f", **common)
        else:  # lists and numbers are typed as text: a decimal comma is read as the page writes it
            box = w.Text(value=self._box_value(a.path, value), **common)
        box.add_class("zh-" + a.path.replace(".", "--"))
        box.observe(lambda ch, path=a.path: self.set_value(path, ch["new"]), names="value")
        self.inputs[a.path] = box
        effect = self._effect_html(a)
        info = w.HTML(f'<div class="zh-info">{html.escape(info_text(a, c, lang))}<br>'
                      f'{html.escape(basis_text(a, lang))}</div>{effect}', layout=w.Layout(width="100%"))
        msg = w.HTML(layout=w.Layout(width="100%"))
        msg.add_class("zh-msg-" + a.path.replace(".", "--"))
        self.messages[a.path] = msg
        parts = [name, box, *self._readout(a, c, box)]
        if a.path in logic.LIST_SUM_TO_ONE:  # typed shares: what is left to allocate is shared out on a click
            scale = w.Button(description=t(f"{K}.ui.scale_to_one", lang), layout=w.Layout(width="auto"))
            scale.add_class("zh-scale-" + a.path.replace(".", "--"))
            scale.on_click(lambda _, path=a.path: self.scale_to_one(path))
            parts.append(scale)
        row = w.HBox(parts, layout=w.Layout(align_items="center", flex_flow="row wrap"))
        out = w.VBox([row, info, msg], layout=w.Layout(border_bottom="1px solid #eee", padding="2px 0"))
        if self.effects.get(a.path) == ():
            out.add_class("zh-no-effect")
        return out

    def _save_box(self) -> list:
        w, lang = self.w, self.lang
        wide = w.Layout(width="100%", max_width="640px")  # a label above each box: no language squeezes it
        self.save_name = w.Text(value=self.fields["name"], placeholder="my_scenario", layout=wide)
        self.save_name.add_class("zh-save-name")
        self.save_titles = {x: w.Text(value=self.fields["titles"].get(x, ""), layout=wide) for x in i18n.LANGS}
        for x, box in self.save_titles.items():
            box.add_class(f"zh-save-title-{x}")
            box.observe(lambda ch, x=x: self._field_changed(("titles", x), ch["new"]), names="value")
        self.overwrite = w.Checkbox(value=False, description=t(f"{K}.ui.overwrite", lang), indent=False)
        self.overwrite.add_class("zh-save-overwrite")
        # what an overwrite was confirmed on: the file's bytes when the box was ticked, and the
        # scenarios based on it once the user was told about them
        self._replaces, self._confirmed = None, ()
        self.overwrite.observe(lambda ch: self._overwrite_ticked(ch["new"]), names="value")
        self.save_name.observe(lambda ch: self._name_changed(), names="value")
        self.save_name.observe(lambda ch: self._field_changed(("name",), ch["new"]), names="value")
        button = w.Button(description=t(f"{K}.ui.save", lang), icon="save", button_style="primary")
        button.add_class("zh-save")
        self.save_msg = w.HTML()
        button.on_click(lambda _: self.save())
        return [w.HTML(f"<h3>{html.escape(t(f'{K}.ui.save_heading', lang))}</h3>"), self._save_form(),
                self.overwrite, button, self.save_msg]

    # actions ----------------------------------------------------------------------------------

    def _overwrite_ticked(self, ticked: bool) -> None:
        self._replaces, self._confirmed = None, ()
        if ticked:
            try:
                self._replaces = logic.read_scenario_file(self.save_name.value.strip(), self.directory)
            except DataError:
                self._replaces = None  # save() names the problem

    def _field_changed(self, where: tuple, value: str) -> None:
        """Keep the save form's text (a language switch rebuilds the form; the draft keeps it too)."""
        if where == ("name",):
            self.fields["name"] = value
        else:
            self.fields["titles"][where[1]] = value
        self._keep_work()

    def _notice_html(self) -> str:
        lines = [self.notice] if self.notice else []
        if self.opened != self.base_name:
            names = list_scenarios(self.directory)
            title = lambda n: names.get(n, {}).get(self.lang, n)  # noqa: E731
            lines.append(t(f"{K}.opened", self.lang, scenario=title(self.opened), name=self.opened,
                           base=title(self.base_name)))
        return "<br>".join(f'<span class="zh-info">{html.escape(x)}</span>' for x in lines)

    def _name_changed(self) -> None:
        self.overwrite.value = False
        self._replaces, self._confirmed = None, ()

    def save(self, name: str | None = None, titles: dict | None = None, overwrite: bool | None = None):
        """Save the edits as a scenario file; the message says where, and that the page now edits it."""
        lang = self.lang
        name = self.save_name.value.strip() if name is None else name
        titles = {x: box.value for x, box in self.save_titles.items()} if titles is None else titles
        try:
            titles = logic.complete_titles(titles, lang)  # the page's language required, the others copied
        except DataError as e:
            self.save_msg.value = f'<span class="zh-error">{html.escape(plain.error_line(e, lang))}</span>'
            return None
        overwrite = self.overwrite.value if overwrite is None else overwrite
        if self.error is not None:
            self.save_msg.value = f'<span class="zh-error">{html.escape(t(f"{K}.msg.fix_first", lang))}</span>'
            return None
        replaces = self._replaces
        if overwrite and replaces is None:  # ticked in code (tests), not in the page: confirmed on the file as it is now
            try:
                replaces = logic.read_scenario_file(name, self.directory)
            except DataError:
                replaces = None
        try:
            path = logic.save_scenario(name, titles, self.base_name, self.overrides, overwrite=overwrite,
                                       replaces=replaces, dependents_confirmed=self._confirmed,
                                       directory=self.directory)
        except DataError as e:
            if overwrite and e.expected.startswith("overwriting confirmed again"):
                self._confirmed = tuple(logic.dependents(name, self.directory))  # the next Save confirms them
            self.save_msg.value = f'<span class="zh-error">{html.escape(plain.error_line(e, lang))}</span>'
            return None
        self.overwrite.value = False
        for x, box in self.save_titles.items():  # the titles as saved (the empty ones were copied)
            box.value = titles[x]
        # the page now edits the file just saved: the next save under its name overwrites it
        self.opened, self._clean = name, self.overrides
        self.save_msg.value = '<span class="zh-ok">' + html.escape(
            t(f"{K}.msg.saved_open", lang, file=f"data/scenarios/{path.name}", name=name)) + "</span>"
        self._show_opened(list_scenarios(self.directory))
        self.notice_box.value = self._notice_html()
        self._draw_compare()  # the file saved may be one of those compared
        self._mark_dirty()
        self._keep_work()
        return path

    def _show_opened(self, names: dict | None = None) -> None:
        """Point the scenario list at the opened scenario (with ``names``: the list anew) without
        opening it again."""
        self.base_pick.unobserve_all("value")
        if names is not None:
            self.base_pick.options = [(f"{titles[self.lang]} ({n})", n) for n, titles in names.items()]
        self.base_pick.value = self.opened
        self.base_pick.observe(lambda ch: self._switch_base(ch["new"]), names="value")

    def reset(self) -> None:
        """Back to the opened scenario as its file holds it (undo brings the edits back)."""
        self.history.push(self.edits)
        history = self.history
        self._open(self.opened, keep_fields=True)
        self.history = history
        self.error = None
        self._build()
        self.refresh()

    def _switch_lang(self, lang: str) -> None:
        """Everything on the page is kept: edits, the save form, the comparison, the chances shown."""
        self.lang = lang
        self._build()
        if self.error is None:
            self.refresh()
        else:
            self._draw()

    def _switch_base(self, name: str) -> None:
        try:
            self._open(name)
        except DataError as e:  # a scenario file that does not load: named, the page stays as it was
            self._show_opened()
            self.status.value = f'<span class="zh-error">{html.escape(str(e))}</span>'
            return
        self.notice = ""
        self.error = None
        self._build()
        self.refresh()

    # export: the tables as CSV and XLSX, the brief PDF of the edit ---------------------------------

    build_dir = BUILD  # exports go to <build_dir>/editor/<folder>/, the PDF's run to <build_dir>/<run folder>/

    def _export_box(self) -> list:
        """Export: "PDF (brief)", "CSV", "XLSX"; a progress bar and a line for the PDF's run; the links."""
        w, lang = self.w, self.lang
        if not hasattr(self, "_brief"):  # kept across rebuilds (a language switch): a run may be going on
            self._brief, self._brief_state = None, None
        buttons = []
        for kind, icon, act in (("pdf", "file-pdf-o", self.export_pdf), ("csv", "table", self.export_csv),
                                ("xlsx", "file-excel-o", self.export_xlsx)):
            b = w.Button(description=t(f"{K}.export.{kind}", lang), icon=icon, layout=w.Layout(width="auto"))
            b.add_class(f"zh-export-{kind}")
            b.on_click(lambda _, act=act: act())
            buttons.append(b)
        self.export_progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="260px", display="none"))
        self.export_progress.add_class("zh-export-progress")
        self.pdf_msg, self.export_msg, self.export_links = w.HTML(), w.HTML(), w.HTML()
        for box, name in ((self.pdf_msg, "pdf-msg"), (self.export_msg, "msg"), (self.export_links, "links")):
            box.add_class(f"zh-export-{name}")
        self._show_brief()
        return [w.HTML(f"<h3>{html.escape(t(f'{K}.export.heading', lang))}</h3>"),
                w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")), self.export_progress, self.pdf_msg,
                self.export_msg, self.export_links]

    def export_tables(self, kinds=("csv", "xlsx")) -> dict | None:
        """The targets and changes tables as on the page (in its language) written under
        ``build/editor/<folder>/`` and offered as download links; {path: bytes}, None while the edit is invalid.
        The targets table is exported without the chance column (it is computed on a button and
        would go stale with the next edit)."""
        lang = self.lang
        if self.error is not None:
            self.export_msg.value = f'<span class="zh-error">{html.escape(t(f"{K}.export.fix_first", lang))}</span>'
            return None
        targets = targets_frame(self.current, self.base_projection, lang, base_table=self._base_table[1])
        frames = {"targets": (t(f"{K}.export.sheet_targets", lang), targets),
                  "changes": (t(f"{K}.export.sheet_changes", lang), changes_frame(self.current, self.base, lang))}
        out = export.folder(self.base_name, self.overrides, Path(self.build_dir) / "editor")
        files = export.write_tables(out, out.name, frames, lang, kinds)
        links = " · ".join(_download_link(name, data) for name, data in files.items())
        self.export_msg.value = ""
        self.export_links.value = (f'{html.escape(t(f"{K}.export.files", lang))} {links}<br><span class="zh-info">'
                                   f'{html.escape(t(f"{K}.export.on_disk", lang, folder=rel(out)))}</span>')
        return {out / name: data for name, data in files.items()}

    def export_csv(self):
        return self.export_tables(("csv",))

    def export_xlsx(self):
        return self.export_tables(("xlsx",))

    def export_pdf(self) -> bool:
        """Start the brief PDF of the edit in the page's language (export.BriefRun); False if refused:
        one is already running, or the edit is invalid."""
        lang = self.lang
        if self._brief is not None and self._brief.running:  # one run at a time: a second click only says so
            self.export_msg.value = f'<span class="zh-info">{html.escape(t(f"{K}.export.busy", lang))}</span>'
            return False
        if self.error is not None:
            self.export_msg.value = f'<span class="zh-error">{html.escape(t(f"{K}.export.fix_first", lang))}</span>'
            return False
        overrides = self.overrides
        folder = export.folder(self.base_name, overrides, Path(self.build_dir) / "editor")
        self.export_msg.value = ""
        self._brief_state = ("started", {"language": lang, "draws": i18n.number(export.BRIEF_DRAWS, lang)})
        self._brief = export.BriefRun(self.base_name, overrides, lang, out=Path(self.build_dir),
                                      draws=export.BRIEF_DRAWS, log=folder / f"brief_{lang}.log",
                                      on_step=lambda step, done, total: self._brief_step(lang, step, done, total),
                                      on_end=lambda pdf, reason: self._brief_end(lang, pdf, reason))
        self._show_brief()
        self._brief.start()
        return True

    def _brief_step(self, lang: str, step: str, done: int, total: int) -> None:
        self._brief_state = ("running", {"language": lang, "step": step, "done": done, "total": total})
        self._show_brief()

    def _brief_end(self, lang: str, pdf, reason: str) -> None:
        self.export_msg.value = ""  # "already being made" no longer holds
        if pdf is not None:
            self._brief_state = ("done", {"language": lang, "pdf": Path(pdf)})
        else:
            self._brief_state = ("failed", {"language": lang, "reason": reason})
        self._show_brief()

    def _show_brief(self) -> None:
        """The PDF's run as the page shows it, in the page's language: a bar and one line."""
        bar, line, lang = self.export_progress, self.pdf_msg, self.lang
        if self._brief_state is None:
            return
        kind, f = self._brief_state
        bar.layout.display = "none" if kind == "failed" else None
        if kind == "started":
            bar.max, bar.value, bar.bar_style = 1, 0, ""
            line.value = f'<span class="zh-info">{html.escape(t(f"{K}.export.started", lang, **f))}</span>'
        elif kind == "running":
            bar.max, bar.value = f["total"], f["done"]
            step = t(f"{K}.export.steps.{f['step']}", lang)
            text = t(f"{K}.export.running", lang, language=f["language"], step=step, done=f["done"] + 1
                     if f["done"] < f["total"] else f["total"], total=f["total"])
            line.value = f'<span class="zh-info">{html.escape(text)}</span>'
        elif kind == "done":
            bar.value, bar.bar_style = bar.max, "success"
            pdf = f["pdf"]
            name = f"{pdf.parent.parent.name}_brief_{f['language']}.pdf"
            line.value = (f'<span class="zh-ok">{html.escape(t(f"{K}.export.done", lang, language=f["language"]))}'
                          f'</span> {_download_link(name, pdf.read_bytes())}<br>'
                          f'<span class="zh-info">{html.escape(rel(pdf))}</span>')
        else:
            reason = t(f"{K}.export.failed", lang, language=f["language"], reason=f["reason"])
            line.value = f'<span class="zh-error">{html.escape(reason)}</span>'


    # issue 21, items 5-7: values as the page writes them, the chance column, the effects -----------

    def _box_value(self, path: str, value):
        """What a control holds for ``value``: a slider the number, a text box the language's text."""
        kind = self.controls[path].kind
        if kind == "list":
            return plain.list_text(value, self.lang)
        return plain.number_text(value, self.lang) if kind == "number" else value

    def _readout(self, a: logic.Assumption, c: logic.Control, box) -> list:
        """A slider's value as the tables show it (45,0 %), kept beside it as it moves."""
        if c.kind != "slider":
            return []
        box.add_class("zh-slider")
        show = lambda v: plain.readout_text(v, a.param.unit, self.lang, c.step)  # noqa: E731
        readout = self.w.HTML(show(box.value))
        readout.add_class("zh-readout")
        readout.add_class("zh-readout-" + a.path.replace(".", "--"))
        box.observe(lambda ch: setattr(readout, "value", show(ch["new"])), names="value")
        return [readout]

    def _effects_of(self, name: str) -> dict:
        """Which targets each assumption of base ``name`` moves (``logic.effects``: about 0.1 s once the
        base is projected, 0.3 s cold), kept per base; {} when it cannot be computed (no marks then)."""
        if name not in self._effects_by_base:
            try:
                self._effects_by_base[name] = (logic.effects(self.base), logic.measured_together(self.base))
            except (DataError, ValueError, KeyError):
                self._effects_by_base[name] = ({}, set())
        self._households = self._effects_by_base[name][1]
        return self._effects_by_base[name][0]

    def _effect_html(self, a: logic.Assumption) -> str:
        if not self.effects:
            return ""
        moved = self.effects.get(a.path)
        css = "zh-effect zh-moves-none" if moved == () else "zh-effect"
        text = plain.effect_text(moved, a.path in self._households, self.lang)
        return f'<div class="{css}">{html.escape(text)}</div>'

    def _chance_column(self, draws: int | None):
        """(chances, draws, stale): computed now when ``draws`` is given; else the column computed
        earlier on this base, stale when the edits have changed since."""
        if draws:
            self._chance = {"base": self.base_name, "overrides": self.overrides, "draws": draws,
                            "table": self.chances(draws)}
            return self._chance["table"], draws, False
        kept = self._chance
        if kept is None or kept["base"] != self.base_name:
            return None, None, False
        return kept["table"], kept["draws"], kept["overrides"] != self.overrides

    def _chance_row(self, button) -> list:
        """The chance button, a line that says when the column is stale, and what "chance" and
        "met" mean."""
        w = self.w
        self._chance_stale = w.HTML()
        self._chance_stale.add_class("zh-chance-stale")
        year = self.base_projection.summary.get("target_year", "")
        note = w.HTML(f'<span class="zh-info">{html.escape(plain.chance_note(self.lang, year))}</span>')
        note.add_class("zh-chance-note")
        return [w.HBox([button, self._chance_stale], layout=w.Layout(align_items="center", flex_flow="row wrap")),
                note]

    def _show_chance_state(self, stale: bool) -> None:
        button = getattr(self, "_chance_button", None)
        if button is None:
            return
        draws = min(self.draws, CHANCE_DRAWS)
        button.description = (t(f"{plain.P}.chance.refresh", self.lang, draws=i18n.number(draws, self.lang))
                              if stale else self._chance_label)
        button.button_style = "warning" if stale else ""
        self._chance_stale.value = (f'<span class="zh-info">{html.escape(t(f"{plain.P}.chance.stale_note", self.lang))}</span>'
                                    if stale else "")

    def _save_form(self):
        """The name and the titles, each under its label at the full width of the column: the page's
        language's title is required, a button fills the empty others from it."""
        w, lang = self.w, self.lang
        label = lambda text: w.HTML(f'<span class="zh-info">{html.escape(text)}</span>')  # noqa: E731
        rows = [label(t(f"{plain.P}.save.name", lang)), self.save_name]
        for x in sorted(self.save_titles, key=lambda x: x != lang):  # the page's language first
            mark = t(f"{plain.P}.save.{'required' if x == lang else 'optional'}", lang)
            rows += [label(f"{t(f'{K}.ui.title_in', lang, language=x).rstrip(': ')} {mark}:"), self.save_titles[x]]
            if x == lang:
                fill = w.Button(description=t(f"{plain.P}.save.fill", lang), icon="copy",
                                layout=w.Layout(width="auto", max_width="100%"))
                fill.add_class("zh-save-fill")
                fill.on_click(lambda _: self.fill_titles())
                rows.append(fill)
        box = w.VBox(rows, layout=w.Layout(width="100%", max_width="640px"))
        box.add_class("zh-save-form")
        self.overwrite.layout = w.Layout(width="100%", max_width="640px")  # its label whole in every language
        return box

    def fill_titles(self) -> None:
        """Copy the page's language's title into the empty title boxes of the other languages."""
        own = self.save_titles[self.lang].value.strip()
        if own:
            for box in self.save_titles.values():
                if not box.value.strip():
                    box.value = own

def _download_link(name: str, data: bytes) -> str:
    """A link that downloads ``data`` as ``name`` (a data: URI: no server route needed, in Lab or Voilà)."""
    return (f'<a class="zh-download" download="{html.escape(name)}" data-name="{html.escape(name)}" '
            f'href="{export.data_uri(data, name.rsplit(".", 1)[-1])}">{html.escape(name)}</a>')
