"""The brief PDF of an edited scenario, for the scenario editor's "PDF (brief)" button.

``brief_pdf(scenario, overrides, lang)`` runs the runner (:func:`model.runner.run_suite`) for
the brief notebook alone, one language, with the edit as overrides: the PDF goes to the run's own
folder (``runner.scenario_dir``: ``build/<scenario>+fast+set-<digest>/<lang>/brief.pdf``),
published all or nothing like any run, never over the unedited scenario's outputs.

The page starts it as ``python -m model.editor_pdf --scenario NAME --lang LANG --overrides JSON``
(model/report/export.py, ``BriefRun``): a process of its own keeps the page responsive and the
runner's output off the page. Its stdout carries one JSON object per line: ``{"step", "done",
"total"}`` as the runner reports, then ``{"pdf": path}`` or ``{"error": one line}``; the runner's
own log goes to stderr.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from pathlib import Path

from . import runner
from .errors import DataError
from .paths import BUILD, NOTEBOOKS

# A quick run, as --fast: the brief's figures are the projection's whatever the draws; only its
# chances come from the Monte Carlo, and 100 draws make it in a minute or two instead of ten.
DRAWS = runner.DRAWS_FAST


def pdf_path(scenario: str, overrides: dict, lang: str, out: Path = BUILD, draws: int = DRAWS) -> Path:
    """Where the run publishes the brief of this edit."""
    return runner.scenario_dir(Path(out), scenario, draws, overrides) / lang / f"{runner.BRIEF}.pdf"


def brief_pdf(scenario: str, overrides: dict, lang: str, out: Path = BUILD, draws: int = DRAWS,
              progress=None, log=None) -> Path:
    """Run the brief for the edit; return the published PDF's path. A bad edit or setting raises
    DataError (before anything runs); a failed run raises RuntimeError with the runner's first
    error line. ``progress(step, done, total)``: see ``runner.run_suite``; ``log``: a text stream
    for the runner's own messages (default: discarded)."""
    captured = io.StringIO()
    sink = captured if log is None else _Tee(captured, log)
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        rc = runner.run_suite([scenario], [lang], dict(overrides), out=Path(out), draws=draws,
                              notebooks=[NOTEBOOKS / f"{runner.BRIEF}.ipynb"], progress=progress)
    pdf = pdf_path(scenario, overrides, lang, out, draws)
    if rc != 0 or not pdf.is_file():
        raise RuntimeError(first_error(captured.getvalue(), rc))
    return pdf


def first_error(text: str, rc: int) -> str:
    """The runner's first ``error:`` line without its prefix (else its last line, else the code)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("error:"):
            return line.removeprefix("error:").strip()
    return lines[-1] if lines else f"the runner ended with code {rc}"


class _Tee(io.TextIOBase):
    def __init__(self, *streams):
        self.streams = streams

    def write(self, s: str) -> int:
        for st in self.streams:
            st.write(s)
        return len(s)

    def flush(self) -> None:
        for st in self.streams:
            st.flush()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m model.editor_pdf", description=__doc__.split("\n\n")[0])
    p.add_argument("--scenario", required=True)
    p.add_argument("--lang", required=True)
    p.add_argument("--overrides", default="{}", help="the edit: a JSON object {dotted.path: value}")
    p.add_argument("--out", default=str(BUILD))
    p.add_argument("--draws", type=int, default=DRAWS)
    args = p.parse_args(argv)
    out = sys.stdout

    def say(**msg) -> None:
        out.write(json.dumps(msg, ensure_ascii=False) + "\n")
        out.flush()

    try:
        overrides = json.loads(args.overrides)
        if not isinstance(overrides, dict):
            raise DataError("editor", "overrides", args.overrides, "a JSON object {dotted.path: value}")
        pdf = brief_pdf(args.scenario, overrides, args.lang, Path(args.out), args.draws,
                        progress=lambda step, done, total: say(step=step, done=done, total=total), log=sys.stderr)
    except (DataError, RuntimeError, ValueError) as e:
        say(error=" ".join(str(e).split()))
        return 1
    say(pdf=str(pdf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
