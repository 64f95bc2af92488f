"""Helpers that report notebooks call to show figures, tables and text.

Display convention (what :mod:`model.report.pdf` relies on)
-----------------------------------------------------------
Every output made here carries ``metadata["report"] = {"kind": ..., ...}``:

* ``show_figure`` emits two display_data outputs:
  1. ``image/png`` with ``metadata["report"] = {"kind": "figure", "caption": ...}``;
  2. ``text/markdown`` ``*caption*`` with ``{"kind": "caption"}``.
  JupyterLab shows the image and then the caption; the PDF exporter turns (1)
  into a numbered figure ("Сурет 1: ...") and drops (2), so the caption is not
  printed twice.
* ``show_table`` emits one ``text/markdown`` output: a bold caption line, a
  blank line, then a pipe table, with ``{"kind": "table", "caption": ...}``.
  The exporter keeps the pipe table and gives the caption to pandoc, which
  yields a numbered table ("Кесте 1: ...").
* ``show_text`` emits plain ``text/markdown`` (kind "text"); it is copied as is.

Plain ``print`` output (streams) is NOT part of the PDF: use ``show_text``.
"""

from __future__ import annotations

import base64
import io
import numbers
import re

import pandas as pd
from IPython.display import display

REPORT_KEY = "report"  # output-metadata key shared with model.report.pdf


def _one_line(text: str) -> str:
    """Captions must be a single line (pandoc and the pipe table need that). Only ordinary
    whitespace is collapsed: the no-break spaces that hold a number to its unit stay."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", str(text)).strip()


def show_figure(fig, caption: str, lang: str) -> None:
    """Show a matplotlib figure as a PNG with a caption, then close it; numbers on its axes in
    ``lang``'s format (charts.localise_ticks)."""
    import matplotlib.pyplot as plt

    from .charts import localise_ticks  # matplotlib only where a figure is shown

    localise_ticks(fig, lang)
    caption = _one_line(caption)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", facecolor="white")
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    display(
        {"image/png": png, "text/plain": f"<Figure: {caption}>"},
        raw=True,
        metadata={REPORT_KEY: {"kind": "figure", "caption": caption}},
    )
    display(
        {"text/markdown": f"*{_escape(caption)}*", "text/plain": caption},
        raw=True,
        metadata={REPORT_KEY: {"kind": "caption"}},
    )
    # Closing stops the inline backend from showing the figure a second time.
    plt.close(fig)


def show_table(df, caption: str, index: bool = False) -> None:
    """Show a DataFrame as a captioned markdown pipe table."""
    caption = _one_line(caption)
    table = pipe_table(df, index=index)
    display(
        {"text/markdown": f"**{_escape(caption)}**\n\n{table}", "text/plain": f"{caption}\n{df}"},
        raw=True,
        metadata={REPORT_KEY: {"kind": "table", "caption": caption}},
    )


def show_text(md: str, *more: str, sep: str = " ") -> None:
    """Show markdown computed at run time (narrative, key numbers); several texts are one
    paragraph joined by ``sep`` (a notebook then assembles no strings itself)."""
    md = sep.join((md, *more))
    display({"text/markdown": md, "text/plain": md}, raw=True, metadata={REPORT_KEY: {"kind": "text"}})


def _data_error_line(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: a DataError is its one line, not a traceback wall.
    The cell still fails (papermill and the runner see the error and its message)."""
    stb = [f"\x1b[0;31m{etype.__name__}\x1b[0m: {value}"]
    shell._showtraceback(etype, value, stb)  # what showtraceback does, with our one line
    return stb


def install_error_display() -> None:
    """In an IPython kernel, show every model.DataError as its one line (``import model`` calls it)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        from ..errors import DataError

        shell.set_custom_exc((DataError,), _data_error_line)


# --- small pipe-table formatter (no `tabulate` dependency) -------------------

# Characters that pandoc or JupyterLab could read as markup inside a cell
# (emphasis, math, links, citations, raw HTML, the cell separator itself).
_MD_SPECIAL = set("\\`*_$|<>[]@")


def _escape(text: str) -> str:
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


def _cell(value) -> str:
    if not isinstance(value, str) and pd.isna(value):  # None, NaN, NA, NaT
        return ""
    return _escape(_one_line(value))


def _is_numeric(value) -> bool:
    """Numbers and already-formatted numbers ("46,4 млрд ₸", "-3%") align right."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return True
    text = str(value).strip()
    if text in ("—", "-", ""):  # a missing value does not make a column text
        return True
    text = text.lstrip("+-−–")
    # "KZT 7.0 bn" (en money) is a number too; a long phrase starting with a digit is text
    text = text.removeprefix("KZT ").removeprefix("KZT\u00a0")
    return bool(text) and text[0].isdigit() and len(text) <= 24


def pipe_table(df, index: bool = False) -> str:
    """Format a DataFrame as a pandoc/GFM pipe table string."""
    if index:
        # An unnamed index gets an empty header, not pandas' "index".
        df = df.rename_axis(df.index.name or "").reset_index()
    headers = [_cell(c) for c in df.columns]
    rows = [[_cell(v) for v in row] for row in df.itertuples(index=False, name=None)]
    seps = []
    for j in range(len(headers)):
        values = [v for v in df.iloc[:, j] if _cell(v) != ""]
        if values and all(_is_numeric(v) for v in values):
            seps.append("---:")
            # Keep "1 234,5" and "46,4 млрд ₸" on one line in narrow columns.
            for r in rows:
                r[j] = r[j].replace(" ", "\u00a0")
        else:
            seps.append(":---")
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(seps) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
