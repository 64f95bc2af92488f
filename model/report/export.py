"""The scenario editor's export: its two tables as CSV and XLSX, the brief PDF of an edit, and where they go.

The tables are the frames the page shows (``editor.targets_frame``, ``editor.changes_frame``), in the
page's language, cell for cell. Files are written under ``build/editor/<folder>/`` (:func:`folder`)
and offered on the page as ``data:`` links (:func:`data_uri`): ipywidgets has no download widget,
and a link built on the click works alike in JupyterLab and Voilà.

CSV: one file per table, UTF-8 with a byte-order mark (without it Excel reads Cyrillic as
Windows-1251 mojibake), separated by ";" in kk and ru (Excel there expects ";": the comma is the
decimal mark) and by "," in en. Two plain files rather than a zip: each opens with a double
click, in Excel or LibreOffice, without unpacking.

The brief PDF is made by the runner (``model.runner.run_suite``) in a process of its own,
``python -m model.editor_pdf`` (:class:`BriefRun`): the page stays responsive, the runner's output
stays out of the page, and the widgets (layer "report") never import the runner (layer
"commands"). The child reports the runner's progress as one JSON object per line on its stdout.
"""
from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd

from .. import rundir
from ..atomic import write_atomic
from ..paths import BUILD, ROOT

EXPORT = BUILD / "editor"
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf"}
SEMICOLON_LANGS = ("kk", "ru")  # Excel's list separator where the decimal mark is a comma
# Monte Carlo draws of the brief made from the page: the runner's --fast (model.runner.DRAWS_FAST,
# which a test keeps equal): its chances in a minute or two rather than ten; its other figures do not
# depend on the draws.
BRIEF_DRAWS = 100
MAX_WIDTH = 60  # characters: a longer cell wraps in Excel rather than widening its column off the screen
BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})  # not allowed in an Excel sheet name


def folder(base: str, overrides: dict, root: Path = EXPORT) -> Path:
    """``<root>/<base>`` for the base scenario unedited, ``<root>/<base>+set-<digest>`` for an edit:
    the digest the runner names the edit's own output folder with (:mod:`model.rundir`)."""
    tags = [f"set-{rundir.overrides_digest(overrides)}"] if overrides else []
    return Path(root) / rundir.folder_name(base, tags)


def csv_separator(lang: str) -> str:
    return ";" if lang in SEMICOLON_LANGS else ","


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """The frame's header and cells as CSV (UTF-8 with BOM, the language's separator), without its index."""
    return frame.to_csv(index=False, sep=csv_separator(lang), lineterminator="\r\n").encode("utf-8-sig")


def sheet_name(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return " ".join(text.translate(BAD_SHEET_CHARS).split())[:31] or "Sheet"


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame (name -> frame), in order: header row bold and frozen, each column as
    wide as its longest text (at most MAX_WIDTH), cells as the frame holds them, no index."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        ws = book.create_sheet(sheet_name(name))
        ws.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        for j, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column))] + [len(str(v)) for v in frame.iloc[:, j - 1]])
            ws.column_dimensions[get_column_letter(j)].width = min(longest + 2, MAX_WIDTH)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _cell(v):
    """A frame's value as an Excel cell: numbers stay numbers, a missing value an empty cell, the rest text."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
    return v if isinstance(v, (int, float, str)) else str(v)


def data_uri(data: bytes, kind: str) -> str:
    """A ``data:`` URI for a download link (kind: csv, xlsx, pdf)."""
    return f"data:{MIME[kind]};base64,{base64.b64encode(data).decode('ascii')}"


def write_tables(out: Path, stem: str, tables: dict[str, pd.DataFrame], lang: str, kinds=("csv", "xlsx")) -> dict:
    """Write ``<stem>_<table>_<lang>.csv`` for each table and ``<stem>_<lang>.xlsx`` with them all
    (``tables``: file key -> (sheet name, frame)) into ``out``; return {file name: bytes}, written order."""
    files = {}
    if "csv" in kinds:
        for key, (_, frame) in tables.items():
            files[f"{stem}_{key}_{lang}.csv"] = csv_bytes(frame, lang)
    if "xlsx" in kinds:
        files[f"{stem}_{lang}.xlsx"] = xlsx_bytes({name: frame for name, frame in tables.values()})
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(out / name, data)
    return files


# --- the brief PDF, by the runner in a process of its own ----------------------------------------


class BriefRun:
    """``python -m model.editor_pdf`` for one edit and language, read in a thread.

    ``on_step(step, done, total)`` is called as the runner reports (model.runner.STEPS);
    ``on_end(pdf, reason)`` once: the PDF's path, or None and a one-line reason. Both are called
    from the reading thread. The child's stderr (the runner's log) goes to ``log``.
    """

    def __init__(self, scenario: str, overrides: dict, lang: str, *, out: Path = BUILD, draws: int | None = None,
                 log: Path | None = None, on_step=None, on_end=None):
        self.args = ["--scenario", scenario, "--lang", lang, "--overrides", json.dumps(overrides), "--out", str(out)]
        if draws is not None:
            self.args += ["--draws", str(draws)]
        self.log = Path(log) if log else None
        self.on_step, self.on_end = on_step, on_end
        self.pdf: Path | None = None
        self.reason = ""
        self.proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> BriefRun:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
        for k in [k for k in env if k.startswith("VOILA_") or k == "JPY_SESSION_NAME"]:
            env.pop(k)  # the runner's kernels are a batch run's, not the page's (editor.interactive)
        err = subprocess.DEVNULL
        if self.log is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            err = open(self.log, "w", encoding="utf-8")  # noqa: SIM115 - closed when the child ends
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "model.editor_pdf", *self.args], cwd=ROOT, env=env,
                                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, text=True,
                                         encoding="utf-8")
        finally:
            if err is not subprocess.DEVNULL:
                err.close()
        self._thread = threading.Thread(target=self._read, name="brief-pdf", daemon=True)
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """True once the run has ended (and on_end was called)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _read(self) -> None:
        pdf, reason = None, ""
        try:
            for line in self.proc.stdout:
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue  # not ours: a library's stray print
                if "step" in msg and self.on_step is not None:
                    self.on_step(msg["step"], int(msg["done"]), int(msg["total"]))
                elif "pdf" in msg:
                    pdf = Path(msg["pdf"])
                elif "error" in msg:
                    reason = str(msg["error"])
            rc = self.proc.wait()
            if pdf is None and not reason:
                reason = f"the PDF process ended with code {rc} without a message"
                if self.log is not None:
                    reason += f" (log: {self.log})"
        except Exception as e:  # noqa: BLE001 - the page must hear of it, not the kernel's log
            pdf, reason = None, f"{type(e).__name__}: {e}"
        self.pdf, self.reason = pdf, reason
        if self.on_end is not None:
            self.on_end(pdf, reason)
