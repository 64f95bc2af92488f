"""One chart style for every notebook and PDF: fonts with Kazakh letters, direction colours."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg") if not matplotlib.get_backend().lower().startswith(("module://", "qt", "tk", "macosx")) else None
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ..parameters import DIRECTIONS  # noqa: E402
from .i18n import number  # noqa: E402

# colour-blind safe (Okabe-Ito), one per direction, the same in every chart
DIRECTION_COLORS = dict(zip(DIRECTIONS, ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2")))
TARGET_COLOR = "#D55E00"
NEUTRAL = "#555555"
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


def target_line(ax, value: float, label: str) -> None:
    ax.axhline(value, color=TARGET_COLOR, linestyle="--", linewidth=1.2, label=label)


def fan(ax, fan_df, color: str, label: str, median_label: str) -> None:
    """A fan chart from Simulation.fan(): 5-95 % and 25-75 % bands and the median."""
    x = fan_df.index
    ax.fill_between(x, fan_df["p5"], fan_df["p95"], color=color, alpha=0.18, linewidth=0, label=label)
    ax.fill_between(x, fan_df["p25"], fan_df["p75"], color=color, alpha=0.35, linewidth=0)
    ax.plot(x, fan_df["p50"], color=color, linewidth=2, label=median_label)
