"""Notebook -> PDF export: Kazakh text, numbered captions, embedded fonts, no code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from model.report import pdf as pdf_module
from model.report.display import pipe_table
from model.report.pdf import notebook_to_pdf

slow = pytest.mark.slow  # executes a notebook or builds a PDF
REPO = Path(__file__).resolve().parents[1]
KK_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
LABELS_KK = {"figure": "Сурет", "table": "Кесте", "page": "Бет", "language": "Қазақ тілі"}
FIG_CAPTION = "Бағдарлама шығыстары, 2024–2026 жж."
META = dict(title="Әлеуметтік бағдарлама болжамы", subtitle="Базалық сценарий", date="2025 ж.", lang="kk")

PARAMS_CODE = """\
import sys
from IPython.display import Markdown
print(sys.prefix)  # lets the test check which Python the kernel runs
Markdown("PARAMS_MARKER")
"""
REPORT_CODE = f"""\
import sys
import matplotlib.pyplot as plt
import pandas as pd
from model.report import show_figure, show_table, show_text

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot([2024, 2025, 2026], [40.1, 43.0, 46.4], marker="o")
ax.set_ylabel("млрд ₸")
show_figure(fig, "{FIG_CAPTION}", "kk")
df = pd.DataFrame({{"Аудан": ["Тараз қ.", "Қордай ауданы"], "Шығыс": ["46,4 млрд ₸", "3,1 млрд ₸"], "Алушылар": [12500, 830]}})
show_table(df, "Аудандар бойынша шығыстар")
show_text("Жиыны **49,5 млрд ₸** құрайды.")
print("STDOUT_NOISE")
print("STDERR_NOISE", file=sys.stderr)
"""


def _tool(name):
    if shutil.which(name) is None:
        pytest.skip(f"{name} not installed (Debian package poppler-utils)")
    return name


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(PARAMS_CODE)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Кіріспе\n\nҚазақ әріптері: {KK_LETTERS}."),
        params,
        nbformat.v4.new_code_cell(REPORT_CODE),
    ]
    with pytest.MonkeyPatch.context() as mp:
        # The kernel must import `model` from this checkout.
        mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
        # "python3" is ipykernel's spec; jupyter_client starts it with sys.executable.
        NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp)}}).execute()
    ipynb = tmp / "report.ipynb"
    nbformat.write(nb, ipynb)
    out = notebook_to_pdf(ipynb, tmp / "out" / "report.pdf", labels=LABELS_KK, **META)
    return nb, out


@pytest.fixture(scope="module")
def pdf_text(exported):
    return subprocess.run([_tool("pdftotext"), str(exported[1]), "-"], capture_output=True, text=True, check=True).stdout


@slow
def test_kernel_is_this_venv(exported):
    nb, _ = exported
    assert nb.cells[1].outputs[0].text.strip() == sys.prefix


@slow
def test_pdf_written(exported):
    _, pdf = exported
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert [p.name for p in pdf.parent.iterdir()] == ["report.pdf"]  # no temp file left


@slow
def test_text_content(pdf_text):
    for letter in KK_LETTERS:
        assert letter in pdf_text, letter
    assert "46,4 млрд ₸" in pdf_text
    assert "Сурет 1" in pdf_text and "Кесте 1" in pdf_text
    assert pdf_text.count(FIG_CAPTION) == 1  # JupyterLab's caption copy is dropped
    assert "Бет 2" in pdf_text  # footer, from page 2
    assert "49,5 млрд ₸" in pdf_text  # show_text


@slow
def test_code_and_plumbing_hidden(pdf_text):
    for hidden in ("show_figure(", "import ", "STDOUT_NOISE", "STDERR_NOISE", "PARAMS_MARKER", sys.prefix):
        assert hidden not in pdf_text, hidden


@slow
def test_fonts_embedded_and_image_present(exported):
    _, pdf = exported
    lines = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = lines.splitlines()[2:]  # after the two header lines
    assert fonts
    for line in fonts:
        assert line.split()[-5] == "yes", line  # columns end: emb sub uni object-id gen
    images = subprocess.run([_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True)
    assert len(images.stdout.splitlines()) >= 3  # header, rule, at least one image


@slow
def test_failed_export_leaves_no_file(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("![логотип](missing-logo.png)")]
    ipynb = tmp_path / "broken.ipynb"
    nbformat.write(nb, ipynb)
    with pytest.raises(RuntimeError, match="broken.ipynb"):
        notebook_to_pdf(ipynb, tmp_path / "broken.pdf", labels=LABELS_KK, **META)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ipynb"]


@slow
def test_failure_after_compile_keeps_old_pdf_and_no_temp(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Мәтін")]
    ipynb = tmp_path / "ok.ipynb"
    nbformat.write(nb, ipynb)
    target = tmp_path / "ok.pdf"
    target.write_bytes(b"OLD")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(pdf_module.os, "replace", failing_replace)
    with pytest.raises(RuntimeError, match="ok.ipynb"):
        notebook_to_pdf(ipynb, target, labels=LABELS_KK, **META)
    assert target.read_bytes() == b"OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.ipynb", "ok.pdf"]


@slow
def test_missing_label_is_an_error(tmp_path):
    nb = nbformat.v4.new_notebook()
    ipynb = tmp_path / "x.ipynb"
    nbformat.write(nb, ipynb)
    with pytest.raises(RuntimeError, match="x.ipynb.*page"):
        notebook_to_pdf(ipynb, tmp_path / "x.pdf", labels={"figure": "Figure", "table": "Table", "language": "English"}, **META)


def test_pipe_table_alignment_and_escaping():
    df = pd.DataFrame({"Аудан": ["a|b", "Қордай"], "Сома": ["46,4 млрд ₸", 3.1]})
    lines = pipe_table(df).splitlines()
    assert lines[0] == "| Аудан | Сома |"
    assert pipe_table(df, index=True).splitlines()[0] == "|  | Аудан | Сома |"  # unnamed index
    assert lines[1].startswith("|:") and lines[1].endswith(":|")  # text left, numbers right
    assert lines[2] == "| a\\|b | 46,4\u00a0млрд\u00a0₸ |"  # numbers keep their unit


@slow
def test_poppler_reads_the_pdf_without_a_complaint(exported):
    """Every poppler tool reads the PDF without a message on stderr: no structural fault, and
    not Typst's valid /Suspects false either, which poppler <= 25.11 reports as a syntax error
    ("Suspects object is wrong type (boolean)"); see pdf.without_default_suspects."""
    _, pdf = exported
    for tool, after in (("pdfinfo", []), ("pdftotext", ["-"]), ("pdffonts", [])):
        r = subprocess.run([_tool(tool), str(pdf), *after], capture_output=True, text=True)
        assert r.returncode == 0 and r.stderr == "", (tool, r.stderr)
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info  # still a tagged PDF: only the default key went


def test_default_suspects_blanked_in_place_and_nothing_else():
    pdf = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>/Lang(kk)>>\nendobj\nxref"
    quiet = pdf_module.without_default_suspects(pdf)
    assert len(quiet) == len(pdf) and b"/Suspects" not in quiet  # the same size: byte offsets stay right
    assert quiet.replace(b" ", b"") == pdf.replace(b"/Suspects false", b"").replace(b" ", b"")
    for other in (pdf.replace(b"false", b"true"), pdf + pdf, b"%PDF-1.7 no catalog here"):
        assert pdf_module.without_default_suspects(other) == other  # a true value, or twice: left as it is
