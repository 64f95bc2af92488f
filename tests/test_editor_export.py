"""The editor's export: the tables as CSV and XLSX read back cell for cell (Kazakh text included),
the folder an export goes to, the buttons' refusals, and the brief PDF of an edit made by the runner."""
import base64
import io
import re
import shutil
import subprocess

import pandas as pd
import pytest

import model
from model import rundir, runner
from model.paths import SCENARIOS
from model.report import export, i18n

openpyxl = pytest.importorskip("openpyxl")

KK = pd.DataFrame({"Мақсат": ["Жаңа жұмыс орындары", "Ауыл шаруашылығы өнімі; «өсім»"],
                   "Болжам, 2021": ["83 412", "45,0 %"], "Саны": [3, 0.25]})


def jobs_path(scenario) -> str:
    for name in ("hired_fte_per_project", "jobs_per_project"):
        if f"directions.livestock.{name}" in scenario.params:
            return f"directions.livestock.{name}"
    raise AssertionError("no livestock jobs-per-project parameter")


def test_csv_reads_back_as_the_frame_in_each_language():
    for lang, sep in (("kk", ";"), ("ru", ";"), ("en", ",")):
        data = export.csv_bytes(KK, lang)
        assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
        back = pd.read_csv(io.BytesIO(data), sep=sep, encoding="utf-8-sig", dtype=str)
        assert list(back.columns) == list(KK.columns)
        assert back.values.tolist() == KK.astype(str).values.tolist(), lang
    # the separator inside a cell is quoted, not a new column
    assert '"Ауыл шаруашылығы өнімі; «өсім»"' in export.csv_bytes(KK, "kk").decode("utf-8-sig")


def test_xlsx_has_the_frames_cells_a_bold_header_and_sized_columns():
    other = pd.DataFrame({"Parameter": ["Deadweight"], "Base": ["0,20"], "Edited": ["0,30"]})
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"Мақсаттар": KK, "What differs: a/b [x]": other})))
    assert book.sheetnames == ["Мақсаттар", "What differs a b x"]
    ws = book["Мақсаттар"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == list(KK.columns)
    assert rows[1:] == KK.values.tolist()  # text stays text ("83 412"), numbers stay numbers
    assert all(c.font.bold for c in ws[1]) and not ws["A2"].font.bold
    assert ws.freeze_panes == "A2"
    longest = max(len(v) for v in KK["Мақсат"])
    assert ws.column_dimensions["A"].width == longest + 2
    assert ws.column_dimensions["B"].width == len("Болжам, 2021") + 2


def test_sheet_names_are_ones_excel_accepts():
    assert export.sheet_name("What differs from the base scenario: [x]") == "What differs from the base scen"
    assert len(export.sheet_name("a" * 40)) == 31 and export.sheet_name("/") == "Sheet"


def test_export_folder_is_the_base_or_the_edit_by_its_digest(tmp_path):
    assert export.folder("akimat", {}, tmp_path) == tmp_path / "akimat"
    edit = {"net_effect.deadweight": 0.3}
    got = export.folder("akimat", edit, tmp_path)
    assert got.name == f"akimat+set-{rundir.overrides_digest(edit)}"
    # the same digest as the runner's own folder for the edit's PDF
    assert runner.scenario_dir(tmp_path, "akimat", runner.DRAWS, edit).name == got.name
    assert export.folder("akimat", {"net_effect.deadweight": 0.31}, tmp_path) != got


def test_brief_draws_are_the_runners_quick_run():
    assert export.BRIEF_DRAWS == runner.DRAWS_FAST


def test_data_uri_decodes_to_the_bytes():
    uri = export.data_uri(b"\x00PK\xff", "xlsx")
    head, body = uri.split(",", 1)
    assert head == f"data:{export.MIME['xlsx']};base64" and base64.b64decode(body) == b"\x00PK\xff"


def test_first_error_line_of_a_failed_run():
    from model.editor_pdf import first_error

    log = "notebooks: 100%\nerror: notebooks/brief.ipynb (scenario akimat, lang kk): cell 3: ValueError: x\ndone: 1\n"
    assert first_error(log, 1) == "notebooks/brief.ipynb (scenario akimat, lang kk): cell 3: ValueError: x"
    assert first_error("", 2) == "the runner ended with code 2"


# --- the buttons, without a browser ------------------------------------------------------------


@pytest.fixture
def app(tmp_path):
    pytest.importorskip("ipywidgets")
    from model.report import editor as ui

    d = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, d)
    a = ui.Editor("akimat", "kk", directory=d)
    a.build_dir = tmp_path / "build"
    return a


def _links(html_text: str) -> dict[str, bytes]:
    return {name: base64.b64decode(body) for name, body in
            re.findall(r'download="([^"]+)"[^>]*href="data:[^;]+;base64,([^"]+)"', html_text)}


def test_csv_and_xlsx_buttons_write_and_offer_the_pages_tables(app, tmp_path):
    from model.report import editor as ui

    path = jobs_path(app.base)
    assert app.set_value(path, 0.3)
    files = app.export_tables()
    folder = export.folder("akimat", app.overrides, tmp_path / "build" / "editor")
    assert sorted(files) == sorted(folder / n for n in (f"{folder.name}_targets_kk.csv", f"{folder.name}_changes_kk.csv",
                                                        f"{folder.name}_kk.xlsx"))
    for p, data in files.items():
        assert p.read_bytes() == data
    assert _links(app.export_links.value) == {p.name: d for p, d in files.items()}
    targets = ui.targets_frame(app.current, app.base_projection, "kk")
    back = pd.read_csv(folder / f"{folder.name}_targets_kk.csv", sep=";", encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert back.values.tolist() == targets.astype(str).values.tolist()
    assert list(back.columns) == list(targets.columns) and "Мақсат" in back.columns
    book = openpyxl.load_workbook(folder / f"{folder.name}_kk.xlsx")
    assert book.sheetnames == ["Мақсаттар", "Өзгерістер"]
    changes = ui.changes_frame(app.current, app.base, "kk")
    rows = list(book["Өзгерістер"].iter_rows(values_only=True))
    assert [list(r) for r in rows] == [list(changes.columns), *changes.values.tolist()]
    assert len(rows) > 1, "the edit is listed"
    # the edited figure is in the export: the jobs row differs from the base's column
    jobs = back.set_index(back.columns[0]).loc[targets.loc["jobs"].iloc[0]]
    assert jobs.iloc[1] != jobs.iloc[2]
    # CSV alone: the two tables, no workbook
    only = app.export_csv()
    assert sorted(p.suffix for p in only) == [".csv", ".csv"]


def test_export_refused_while_the_edit_is_invalid(app):
    assert not app.set_value("timeline.launch_shares", "0.5, 0.6")
    assert app.export_tables() is None and not app.export_pdf()
    assert "zh-error" in app.export_msg.value and not app.export_links.value
    assert app._brief is None, "no run started"


def test_a_second_pdf_click_while_one_runs_starts_nothing(app, monkeypatch):
    started = []

    class Held(export.BriefRun):
        running = True

        def start(self):
            started.append(self.args)
            return self

    monkeypatch.setattr(export, "BriefRun", Held)
    assert app.export_pdf()
    assert not app.export_pdf()
    assert len(started) == 1 and app.export_msg.value and "zh-info" in app.export_msg.value
    # the progress the runner reports is shown, in the page's language
    app._brief_step("kk", "notebooks", 1, 3)
    assert app.export_progress.value == 1 and app.export_progress.max == 3
    assert "2" in app.pdf_msg.value and "анықтама" in app.pdf_msg.value.lower()
    app._brief_end("kk", None, "cell 3: ValueError: x")
    assert "zh-error" in app.pdf_msg.value and "cell 3: ValueError: x" in app.pdf_msg.value
    assert app.export_msg.value == "", "the busy note goes when the run ends"


def test_a_run_that_cannot_start_ends_with_one_line(tmp_path):
    """The real child process: an unknown scenario is the loader's one-line message, nothing written."""
    ends = []
    run = export.BriefRun("no_such_scenario", {}, "kk", out=tmp_path / "out", log=tmp_path / "log.txt",
                          on_end=lambda pdf, reason: ends.append((pdf, reason))).start()
    assert run.wait(600)
    (pdf, reason), = ends
    assert pdf is None and "no_such_scenario" in reason and "\n" not in reason and "Traceback" not in reason
    assert not (tmp_path / "out").exists()


# --- the brief PDF of an edit, made by the runner -------------------------------------------------


def _pdftotext(pdf) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    text = subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.slow
def test_pdf_of_the_edit_is_the_runners_brief_with_the_edited_figure(app, tmp_path):
    """The button's whole path: a process of its own, progress as the runner reports, the PDF in the
    edit's own run folder, and the edited jobs figure in its text."""
    path = jobs_path(app.base)
    assert app.set_value(path, 0.3)
    edited = model.project(model.load_scenario("akimat", app.overrides)).summary["jobs_direct"]
    base = model.project(model.load_scenario("akimat")).summary["jobs_direct"]
    assert round(edited) != round(base)
    steps = []
    on_step = app._brief_step
    app._brief_step = lambda *a: (steps.append(a[1:]), on_step(*a))
    assert app.export_pdf()
    assert app._brief.wait(1800), "the brief's run did not end"
    kind, fields = app._brief_state
    assert kind == "done", fields
    pdf = fields["pdf"]
    assert pdf == runner.scenario_dir(tmp_path / "build", "akimat", runner.DRAWS_FAST, app.overrides) / "kk" / "brief.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [s for s, _, _ in steps] == ["computing", "notebooks", "publishing", "published"]
    assert steps[-1][1] == steps[-1][2] and app.export_progress.value == app.export_progress.max
    assert _links(app.pdf_msg.value) == {f"{pdf.parent.parent.name}_brief_kk.pdf": pdf.read_bytes()}
    text = _pdftotext(pdf)
    shown = i18n.number(round(edited), "kk")
    assert " ".join(shown.replace("\u202f", " ").replace("\u00a0", " ").split()) in text, shown
