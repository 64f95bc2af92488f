"""One chart style for every notebook and PDF (fonts with Kazakh letters, direction colours, the
language's number format on axes) and the ``draw_*`` functions: each takes a matplotlib axis and
draws one chart from model results; titles and captions stay with the caller."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg") if not matplotlib.get_backend().lower().startswith(("module://", "qt", "tk", "macosx")) else None
import textwrap  # noqa: E402
from typing import Iterable  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator, ScalarFormatter  # noqa: E402

from ..compare import EVIDENCE, OUTCOMES, PLAN, UNLIKELY, range_against_prior, stretch_rows  # noqa: E402
from ..parameters import DIRECTIONS  # noqa: E402
from . import i18n, tables  # noqa: E402
from .brief import indicator_label, input_label, scenario_label, share_text, target_short  # noqa: E402
from .i18n import number, t  # noqa: E402
from .palette import DIRECTION_COLORS, NEUTRAL, SMALL, TARGET_COLOR  # noqa: E402,F401  (one palette)

STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib and covers ә ғ қ ң ө ұ ү һ і
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "figure.figsize": (7.0, 3.6),
}


def apply_style() -> None:
    plt.rcParams.update(STYLE)


def figure(width: float = 7.0, height: float = 3.6, ncols: int = 1):
    """A styled figure with ``ncols`` axes side by side."""
    apply_style()
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained")
    return fig, axes


def thousands_axis(ax, lang: str, axis: str = "y", digits: int = 0) -> None:
    """Tick labels with the language's separators (31 000 / 31,000)."""
    fmt = FuncFormatter(lambda v, _: number(v, lang, digits))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def localise_ticks(fig, lang: str) -> None:
    """Every axis still on matplotlib's default number format gets the language's: a decimal comma
    in kk and ru, a true minus, the thousands separator; as many decimals as the ticks need."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is not ScalarFormatter:
                continue  # set on purpose: thousands_axis, years, category names, a log scale
            locs = axis.get_majorticklocs()
            if axis is ax.xaxis and _years(locs):  # a time axis: 2024, never "2,024" or "2 024"
                axis.set_major_formatter(FuncFormatter(lambda v, _: str(int(round(v)))))
                continue
            digits = next((d for d in range(4) if np.allclose(np.round(locs, d), locs, rtol=0, atol=1e-9)), 3)
            axis.set_major_formatter(FuncFormatter(lambda v, _, d=digits: number(v, lang, d)))


def _years(locs) -> bool:
    """Whether tick positions are calendar years (whole numbers of this era): every time axis of the suite."""
    locs = np.asarray(locs, dtype=float)
    return locs.size > 0 and bool(np.all(np.round(locs) == locs) and np.all((locs >= 1990) & (locs <= 2100)))


def bars_axis(ax, categories: str = "y") -> None:
    """A bar chart's rule: grid lines run across the values only, never along the categories
    (``categories``: the axis that carries them, "y" for horizontal bars)."""
    ax.grid(axis=categories, visible=False)


def target_line(ax, value: float, label: str) -> None:
    """The line a figure is read against (a target, the reference scenario, the poverty line)."""
    ax.axhline(value, color=TARGET_COLOR, linestyle="--", linewidth=1.2, label=label)


def fan(ax, fan_df, color: str, label: str, median_label: str | None) -> None:
    """A fan chart from Simulation.fan(): 5-95 % and 25-75 % bands and (with a label) the median."""
    x = fan_df.index
    ax.fill_between(x, fan_df["p5"], fan_df["p95"], color=color, alpha=0.18, linewidth=0, label=label)
    ax.fill_between(x, fan_df["p25"], fan_df["p75"], color=color, alpha=0.35, linewidth=0)
    if median_label is not None:
        ax.plot(x, fan_df["p50"], color=color, linewidth=2, label=median_label)


# --- charts ---------------------------------------------------------------------------------
# Each takes a matplotlib axis and draws one chart; titles and captions stay with the caller.


def _wrap(label: str, width: int = 30) -> str:
    """Long axis labels on two or three lines, so the plot keeps its width in every language."""
    return textwrap.fill(label, width)


def _year_ticks(ax, years) -> None:
    """Every year as a tick, slanted only when there are many."""
    years = [int(y) for y in years]
    ax.set_xticks(years, [str(y) for y in years])
    if len(years) > 8:
        ax.tick_params(axis="x", labelrotation=45)


def draw_fan(ax, fan_df: pd.DataFrame, lang: str, *, color: str, target: float | None = None,
             other: pd.Series | None = None, other_label: str = "", years: tuple[int, int] | None = None,
             digits: int = 0, legend: bool = True, ylabel: str = "", central: pd.Series | None = None,
             central_label: str = "") -> None:
    """A Monte Carlo fan, the target line and another scenario's path (solid black, so it reads
    in grey print). With ``central`` the line is that projection (the figure the tables report)
    instead of the draws' median."""
    if years is not None:
        fan_df = fan_df.loc[years[0]:years[1]]
        other = None if other is None else other.loc[years[0]:years[1]]
        central = None if central is None else central.loc[years[0]:years[1]]
    fan(ax, fan_df, color, t("brief.chart.band", lang), None if central is not None else t("brief.chart.median", lang))
    if central is not None:
        ax.plot(central.index, central.values, color=color, linewidth=2.2, label=central_label)
    if target is not None:
        target_line(ax, target, t("brief.chart.target", lang))
    if other is not None:
        ax.plot(other.index, other.values, color="black", linestyle="-", linewidth=1.8, marker="o", markersize=3,
                label=other_label)
    thousands_axis(ax, lang, digits=digits)
    _year_ticks(ax, fan_df.index)
    ax.set_ylim(bottom=0)
    if ylabel:
        ax.set_ylabel(ylabel)
    if legend:
        ax.legend(fontsize=SMALL, loc="best")


def shared_legend(fig, axes, ncols: int = 4) -> None:
    """One legend under the figure for all its axes (each label once)."""
    seen = {}
    for ax in axes:
        for h, label in zip(*ax.get_legend_handles_labels()):
            seen.setdefault(label, h)
    fig.legend(list(seen.values()), list(seen), loc="outside lower center", ncols=ncols, fontsize=SMALL)


def draw_probabilities(ax, probabilities: pd.DataFrame, lang: str, keys: Iterable[str] | None = None,
                       ylabels: bool = True) -> None:
    """Horizontal bars: the probability of reaching each target, with the 50 % line."""
    frame = probabilities.set_index("key")
    keys = list(frame.index if keys is None else keys)[::-1]
    p = 100 * frame.loc[keys, "probability"].to_numpy()
    colors = [TARGET_COLOR if x < 100 * UNLIKELY else DIRECTION_COLORS["small_business"] for x in p]
    ax.barh([target_short(k, lang) for k in keys], p, color=colors)
    ax.tick_params(axis="y", labelsize=SMALL)
    for y, x in enumerate(p):
        ax.text(min(x + 1.5, 100), y, tables.cell(x, "pct", lang, 0), va="center", fontsize=SMALL)
    ax.axvline(100 * UNLIKELY, color=NEUTRAL, linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(t("brief.chart.probability_axis", lang))
    bars_axis(ax, "y")
    if not ylabels:
        ax.tick_params(axis="y", labelleft=False)


def draw_tornado(ax, tornado: pd.DataFrame, lang: str, top: int = 10, digits: int = 0, xlabel: str = "") -> None:
    """One-at-a-time swings around the central result, widest at the top; ``xlabel`` names the result."""
    df = tornado.head(top).iloc[::-1]
    base = float(df["base"].iloc[0]) if len(df) else 0.0
    labels = [_wrap(input_label(p, lang), 40) for p in df["path"]]
    y = np.arange(len(df))
    ax.barh(y, df["low"] - base, left=base, color=DIRECTION_COLORS["small_business"],
            label=t("brief.chart.at_low", lang))
    ax.barh(y, df["high"] - base, left=base, color=DIRECTION_COLORS["livestock"],
            label=t("brief.chart.at_high", lang))
    ax.axvline(base, color=NEUTRAL, linewidth=1)
    ax.set_yticks(y, labels, fontsize=SMALL)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    thousands_axis(ax, lang, axis="x", digits=digits)
    bars_axis(ax, "y")
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.legend(fontsize=SMALL, loc="lower right")


def draw_sobol(ax, sobol: pd.DataFrame, lang: str, top: int = 10) -> None:
    """First-order and total Sobol indices (``SobolIndices.of(output)``) of the most influential
    inputs, in % of the variance, with their 95 % intervals as whiskers."""
    df = sobol.head(top).iloc[::-1]
    y = np.arange(len(df))
    h = 0.4
    for col, dy, color, label in (("total", h / 2, DIRECTION_COLORS["small_business"], "sobol_total"),
                                  ("first", -h / 2, DIRECTION_COLORS["household_plots"], "sobol_first")):
        x = 100 * df[col].clip(lower=0).to_numpy()
        err = 100 * np.abs(np.vstack([df[col] - df[f"{col}_lo"], df[f"{col}_hi"] - df[col]]).clip(min=0))
        ax.barh(y + dy, x, height=h, color=color, xerr=err, error_kw={"elinewidth": 0.8, "capsize": 2},
                label=t(f"brief.chart.{label}", lang))
    ax.set_yticks(y, [_wrap(input_label(p, lang), 40) for p in df["path"]], fontsize=SMALL)
    ax.set_xlim(0, max(5.0, 100 * float(df[["total_hi", "first_hi"]].max().max()) * 1.1))
    thousands_axis(ax, lang, axis="x", digits=0)
    ax.set_xlabel(t("brief.chart.sobol_axis", lang))
    bars_axis(ax, "y")
    ax.legend(fontsize=SMALL, loc="lower right")


def draw_stretch(ax, calibration, lang: str, top: int = 10) -> None:
    """How far the plan moved each per-project rate from its prior: calibrated / prior on a log
    axis, with the prior's plausible range as a grey band; red where the value left the range."""
    rows = stretch_rows(calibration, top)[::-1]
    bands = [range_against_prior(r) for r in rows]  # the plausible range as multiples of the prior
    y = np.arange(len(rows))
    for i, (r, (low, high)) in enumerate(zip(rows, bands)):
        if r["low"] is not None and r["high"] is not None:
            ax.plot([low, high], [i, i], color="#cccccc", linewidth=7,
                    solid_capstyle="butt", label=t("brief.chart.plausible", lang) if i == 0 else None)
    colors = [TARGET_COLOR if r["outside_range"] else DIRECTION_COLORS["small_business"] for r in rows]
    ratios = [r["ratio"] for r in rows]
    ax.scatter(ratios, y, color=colors, zorder=3, s=28, label=t("brief.chart.calibrated", lang))
    for i, x in enumerate(ratios):
        ax.text(x * 1.12, i, "×" + i18n.number(x, lang, 1), va="center", fontsize=SMALL)
    ax.axvline(1, color=NEUTRAL, linewidth=0.8)
    ax.set_xscale("log")
    lo = min([0.5] + [low for r, (low, _) in zip(rows, bands) if r["low"]] + ratios) * 0.8
    hi = max([2.0] + [high for r, (_, high) in zip(rows, bands) if r["high"]] + ratios) * 1.6
    ax.set_xlim(lo, hi)
    ax.set_xticks([x for x in (0.25, 0.5, 1, 2, 5, 10, 20, 50) if lo <= x <= hi])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: "×" + i18n.number(v, lang, 1 if v < 1 else 0)))
    ax.set_yticks(y, [_wrap(tables.param_label(r["path"], lang), 48) for r in rows], fontsize=SMALL)
    ax.set_xlabel(t("brief.chart.stretch_axis", lang))
    bars_axis(ax, "y")
    ax.legend(fontsize=SMALL, loc="lower right")


def draw_relative(ax, relative: pd.DataFrame, lang: str, base: str = PLAN,
                  keys: Iterable[str] = OUTCOMES) -> None:
    """Grouped bars: each scenario's headline results in % of the plan (100 % line)."""
    keys = list(keys)
    names = [n for n in relative.columns if n != base]
    width = 0.8 / max(1, len(names))
    x = np.arange(len(keys))
    palette = [DIRECTION_COLORS[d] for d in ("small_business", "livestock", "household_plots",
                                                    "outside_land", "cooperatives")]
    for j, n in enumerate(names):
        vals = relative.loc[keys, n].to_numpy(dtype=float)
        ax.bar(x + (j - (len(names) - 1) / 2) * width, vals, width, label=scenario_label(n, lang),
               color=palette[j % len(palette)])
    target_line(ax, 100, scenario_label(base, lang))
    ax.set_xticks(x, [_wrap(indicator_label(k, lang), 13) for k in keys], fontsize=SMALL)
    ax.set_ylabel(t("brief.chart.percent_of_plan", lang))
    bars_axis(ax, "x")
    ax.legend(fontsize=SMALL, ncols=2, loc="upper right")
    ax.set_ylim(min(0, float(np.nanmin(relative.loc[keys, names].to_numpy(dtype=float))) * 1.1), 125)


def draw_plan_vs_evidence(ax, frame: pd.DataFrame, lang: str, ylabels: bool = True) -> None:
    """Horizontal bars: each result at the pilot's rates in % of the plan's figure (plan = 100 %)."""
    df = frame.iloc[::-1]
    p = 100 * df["share"].to_numpy(dtype=float)
    labels = [target_short(k, lang) for k in df["key"]]
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", labelsize=SMALL)
    ax.barh(labels, [100] * len(df), color="#e6e6e6", edgecolor="#bbbbbb", linewidth=0.6,
            label=scenario_label(PLAN, lang))
    ax.barh(labels, p, color=NEUTRAL, label=scenario_label(EVIDENCE, lang))
    for y, x in enumerate(p):
        ax.text(x + 1.5, y, share_text(x / 100, lang), va="center", fontsize=SMALL)
    ax.set_xlim(0, 105)
    ax.set_xlabel(t("brief.chart.percent_of_plan", lang))
    bars_axis(ax, "y")
    ax.legend(fontsize=SMALL, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2)
    if not ylabels:
        ax.tick_params(axis="y", labelleft=False)


def draw_fiscal_flows(ax, flows: pd.DataFrame, lang: str) -> None:
    """Bars: the budget's cost (down) against TSA savings and taxes (up); line: cumulative net."""
    x = flows.index.to_numpy()
    ax.bar(x, -flows["fiscal_cost"], color=TARGET_COLOR, label=t("brief.chart.fiscal_cost", lang))
    ax.bar(x, flows["tsa_saved"], color=DIRECTION_COLORS["outside_land"], label=t("brief.chart.tsa_saved", lang))
    ax.bar(x, flows["taxes"], bottom=flows["tsa_saved"], color=DIRECTION_COLORS["livestock"],
           label=t("brief.chart.taxes", lang))
    ax.plot(x, flows["cumulative"], color="black", marker="o", markersize=3, linewidth=1.5,
            label=t("brief.chart.cumulative", lang))
    ax.axhline(0, color=NEUTRAL, linewidth=0.8)
    _year_ticks(ax, x)
    ax.set_ylabel(t("brief.chart.bn_kzt", lang))
    thousands_axis(ax, lang, digits=0)
    ax.legend(fontsize=SMALL, ncols=2, loc="upper left")


def draw_cost_per_job(ax, benchmarks: pd.DataFrame, lang: str) -> None:
    """Horizontal bars of cost per job, m KZT; derived figures hatched."""
    df = benchmarks.iloc[::-1]
    labels = [_wrap(t(f"brief.cost_per_job.{k}", lang), 36) for k in df["key"]]
    colors = [NEUTRAL if k.startswith("pilot") else DIRECTION_COLORS["small_business"]
              for k in df["key"]]
    bars = ax.barh(labels, df["value"], color=colors)
    for b, derived in zip(bars, df["derived"]):
        if derived:
            b.set_hatch("//")
            b.set_edgecolor("white")
    top = float(df["value"].max())
    for y, v in enumerate(df["value"]):
        ax.text(v + top * 0.01, y, tables.cell(v, "money_m", lang), va="center", fontsize=SMALL)
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel(t("brief.chart.m_kzt_per_job", lang))
    bars_axis(ax, "y")


def draw_caseload(ax, plan: pd.DataFrame, evidence: pd.DataFrame, lang: str, *, plan_label: str,
                  evidence_label: str, years: tuple[int, int] | None = None, ylabel: str = "") -> None:
    """People on TSA by year (microsimulation caseload tables): without the programme (grey,
    dashed), with it under the plan (blue) and at the pilot's rates (black)."""
    sel = slice(None) if years is None else slice(years[0] - 1, years[1])
    a, b = plan.loc[sel], evidence.loc[sel]
    ax.plot(a.index, a["people_without_programme"], color=NEUTRAL, linestyle="--", linewidth=1.6,
            label=t("brief.chart.without_programme", lang))
    ax.plot(a.index, a["people_with_programme"], color=DIRECTION_COLORS["small_business"], linewidth=2.2,
            label=plan_label)
    ax.plot(b.index, b["people_with_programme"], color="black", linewidth=1.8, marker="o", markersize=3,
            label=evidence_label)
    thousands_axis(ax, lang)
    _year_ticks(ax, a.index)
    ax.set_ylim(bottom=0)
    if ylabel:
        ax.set_ylabel(ylabel)
