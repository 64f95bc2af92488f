"""Executed notebook -> PDF for the akimat, with the code hidden.

Route: nbconvert MarkdownExporter (inputs excluded, outputs normalised by
``_ReportPreprocessor``) -> pandoc markdown-to-Typst -> ``template.typ`` ->
the ``typst`` PyPI compiler. No TeX and no browser: nbconvert's LaTeX route
loses Cyrillic, and Typst ships fonts that cover Kazakh (see template.typ).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import nbformat
import pypandoc
import typst
from nbconvert import MarkdownExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from ..atomic import TYPST_PREFIX, write_atomic
from .display import REPORT_KEY, _escape

TEMPLATE = Path(__file__).with_name("template.typ")
REQUIRED_LABELS = ("figure", "table", "page", "language")

# Cells that papermill uses for parameters are plumbing, not report content.
_DROP_TAGS = {"parameters", "injected-parameters"}
_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
# One-line object reprs ("<Figure size 640x480 with 1 Axes>",
# "[<matplotlib.lines.Line2D at 0x7f...>]", "<IPython...HTML object>") are noise.
_NOISE_REPR = re.compile(r"^\[?<[^\n]*>\]?$")
# Pandoc input: no citations ("@" in text must stay text) and no YAML blocks
# (a notebook's "---" must stay a rule).
_PANDOC_FORMAT = "markdown-citations-yaml_metadata_block"


class _ReportPreprocessor(Preprocessor):
    """Reduce every output to one markdown (or plain-text) output, or drop it.

    Kept: images, markdown, plain text when nothing richer exists. Dropped:
    stream output (print, stderr), error tracebacks, HTML, widgets, and the
    caption outputs that ``show_figure`` adds for JupyterLab only.
    """

    def preprocess(self, nb, resources):
        resources.setdefault("outputs", {})
        nb.cells = [c for c in nb.cells if not _DROP_TAGS & set(c.metadata.get("tags", []))]
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                converted = (self._convert(o, f"out-{i}-{k}", resources) for k, o in enumerate(cell.outputs))
                cell.outputs = [o for o in converted if o is not None]
        return nb, resources

    def _convert(self, output, stem, resources):
        if output.output_type not in ("display_data", "execute_result"):
            return None
        data = output.get("data", {})
        report = output.get("metadata", {}).get(REPORT_KEY, {})
        kind = report.get("kind")
        caption = report.get("caption", "")
        if kind == "caption":
            return None
        mime = next((m for m in _IMAGE_TYPES if m in data), None)
        if mime:
            name = f"{stem}.{_IMAGE_TYPES[mime]}"
            raw = data[mime]
            resources["outputs"][name] = raw.encode() if mime == "image/svg+xml" else base64.b64decode(raw)
            # Alone in a paragraph with alt text, pandoc makes a numbered figure.
            return _markdown(f"![{_escape(caption)}]({name}){{width=100%}}")
        if kind == "table":
            md = data["text/markdown"]
            table = md[md.index("|"):] if md.startswith("|") else md[md.index("\n|") + 1 :]
            return _markdown(f"{table}\n\n: {_escape(caption)}")  # pandoc table caption
        if "text/markdown" in data:
            return _markdown(data["text/markdown"])
        text = data.get("text/plain", "").strip()
        if not text or _NOISE_REPR.match(text):
            return None
        return nbformat.v4.new_output("display_data", data={"text/plain": text})


def _markdown(md: str):
    return nbformat.v4.new_output("display_data", data={"text/markdown": md})


def notebook_to_markdown(nb) -> tuple[str, dict[str, bytes]]:
    """Markdown of an executed notebook without code, plus its image files."""
    exporter = MarkdownExporter(
        config=Config({"ExtractOutputPreprocessor": {"enabled": False}}),  # images: ours
        exclude_input=True,
    )
    exporter.register_preprocessor(_ReportPreprocessor(), enabled=True)
    body, resources = exporter.from_notebook_node(nb, resources={"output_files_dir": "files"})
    return body, resources.get("outputs", {})


def markdown_to_typst(markdown: str) -> str:
    """Pandoc markdown -> Typst markup.

    Pandoc runs in a session of its own: the Haskell runtime dies on SIGINT even when the
    caller ignores it, so a Ctrl-C meant for the command line would kill an export half-way
    (the runner decides what an interrupt stops). A huge --columns keeps pandoc from fixing
    relative column widths for long pipe-table lines; Typst's auto columns then size and wrap them.
    """
    args = [pypandoc.get_pandoc_path(), f"--from={_PANDOC_FORMAT}", "--to=typst", "--columns=100000"]
    p = subprocess.run(args, input=markdown.encode("utf-8"), capture_output=True, start_new_session=True)
    if p.returncode != 0:
        err = " ".join(p.stderr.decode("utf-8", errors="replace").split())[:300]
        raise RuntimeError(f"pandoc exited with {p.returncode}: {err}")
    return p.stdout.decode("utf-8")


# Typst tags its PDFs (accessibility) and marks them /MarkInfo << /Marked true /Suspects false >>.
# /Suspects false is valid PDF and the default, but poppler (up to 25.11; Debian 12 has 22.12)
# reports any /Suspects that is not true as being of the wrong type: every poppler tool (pdfinfo,
# pdftotext, pdffonts) then prints "Syntax Error: Suspects object is wrong type (boolean)" for
# every PDF of the suite. The default key is blanked with as many spaces, so every byte offset (the
# cross-reference table) stays right and the file stays the same size; nothing else changes.
_MARK_INFO = b"/MarkInfo<</Marked true/Suspects false>>"
_MARK_INFO_QUIET = b"/MarkInfo<</Marked true" + b" " * len(b"/Suspects false") + b">>"


def without_default_suspects(data: bytes) -> bytes:
    """``data`` with Typst's ``/Suspects false`` (the default) blanked, when it occurs once, in
    the document catalog's uncompressed /MarkInfo; otherwise ``data`` as it is."""
    return data.replace(_MARK_INFO, _MARK_INFO_QUIET) if data.count(_MARK_INFO) == 1 else data


def notebook_to_pdf(
    ipynb: Path,
    pdf: Path,
    *,
    title: str,
    subtitle: str,
    date: str,
    lang: str,
    labels: dict,
    source: str | Path | None = None,
) -> Path:
    """Render an executed notebook to ``pdf`` (code hidden) and return ``pdf``.

    ``labels`` are words in the report's language: at least ``figure``,
    ``table``, ``page`` and ``language``. The PDF is written atomically: on any
    error no new file is left at ``pdf`` and the error names the notebook
    (``source``, when ``ipynb`` is a temporary copy of it).
    """
    ipynb, pdf = Path(ipynb), Path(pdf)
    name = source or ipynb
    try:
        missing = [k for k in REQUIRED_LABELS if k not in labels]
        if missing:
            raise ValueError(f"labels lack {missing}")
        nb = nbformat.read(ipynb, as_version=4)
        markdown, files = notebook_to_markdown(nb)
        body = markdown_to_typst(markdown)
        # Pandoc starts figure captions with a line break, which Typst would
        # print as an extra space after "Сурет 1:".
        body = re.sub(r"caption: \[\s+", "caption: [", body)

        # Named for this process: a killed run's directory is removed by the next run (model.atomic).
        with tempfile.TemporaryDirectory(prefix=f"{TYPST_PREFIX}{os.getpid()}-") as build:
            # Typst only reads files under `root`: template, main and images
            # all live in this one build directory.
            build = Path(build)
            shutil.copy(TEMPLATE, build / "template.typ")
            for name, content in files.items():
                (build / name).parent.mkdir(parents=True, exist_ok=True)
                (build / name).write_bytes(content)
            meta = {"title": title, "subtitle": subtitle, "date": date, "lang": lang, "labels": labels}
            main = build / "main.typ"
            main.write_text(
                '#import "template.typ": *\n'
                # Metadata travels as JSON via sys.inputs: no Typst escaping needed.
                "#show: report.with(..json(bytes(sys.inputs.meta)))\n\n" + body,
                encoding="utf-8",
            )
            pdf_bytes, typst_warnings = typst.compile_with_warnings(
                str(main),
                root=str(build),
                font_paths=[],
                ignore_system_fonts=True,  # same fonts (Typst's own) on every machine
                sys_inputs={"meta": json.dumps(meta, ensure_ascii=False)},
            )
        for w in typst_warnings:
            warnings.warn(f"{name}: typst: {w}", stacklevel=2)

        write_atomic(pdf, without_default_suspects(pdf_bytes))  # an earlier PDF stays until the new one is complete
    except Exception as exc:
        raise RuntimeError(f"PDF export of notebook {name} failed: {exc}") from exc
    return pdf
