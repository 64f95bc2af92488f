"""The scenario editor in a real browser: JupyterLab and the Voilà page, driven by chromium.

Both servers run on 127.0.0.1 with a token, on a throwaway copy of the package, the data, the
notebooks and the Jupyter settings (news notification off), so nothing here touches the
repository. Debian's chromium is driven by the pip ``playwright`` package (never
``playwright install``). Screenshots go to build/editor_browser/. Every server started is
stopped by its PID.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

import model
from model.paths import BUILD, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # slow: not in test-fast (the other Pythons)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = BUILD / "editor_browser"
BIN = Path(sys.executable).parent
TIMEOUT = 240_000  # ms: a kernel start and the first calibration on a busy 2-core machine
NAME = "fewer_hired_livestock"

if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is missing (apt-get install chromium; .ci/run does it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s: {log.read_text()[-2000:]}")


def _wait_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    """The server listens (Voilà executes the notebook on every page request: no GET to poll with)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}: {log.read_text()[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s: {log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop one server by its PID (SIGTERM: it shuts its kernels down), SIGKILL if it hangs."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A copy of the repository's package, data, notebooks and Jupyter config, with its own settings."""
    base = tmp_path_factory.mktemp("editor")
    root = base / "repo"
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for d in ("model", "data", "notebooks", "jupyter"):
        shutil.copytree(ROOT / d, root / d, ignore=ignore)
    settings = base / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {**os.environ,
           "PYTHONPATH": str(root),  # the kernel imports the copy's model (paths point into the copy)
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_CONFIG_DIR": str(base / "jupyter-user"),  # no personal config
           "JUPYTER_CONFIG_PATH": str(root / "jupyter"),
           "JUPYTER_DATA_DIR": str(base / "jupyter-data"),
           "JUPYTER_RUNTIME_DIR": str(base / "jupyter-runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(base / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(base / "lab-workspaces")}
    for k in [k for k in env if k.startswith("VOILA_") or k == "JPY_SESSION_NAME"]:
        env.pop(k)
    return {"root": root, "base": base, "env": env, "token": secrets.token_hex(16)}


@pytest.fixture(scope="module")
def servers(sandbox):
    token, env, root, base = sandbox["token"], sandbox["env"], sandbox["root"], sandbox["base"]
    lab_port, voila_port = _free_port(), _free_port()
    procs = []
    try:
        lab_log = base / "lab.log"
        lab = subprocess.Popen(
            [str(BIN / "jupyter"), "lab", "--no-browser", f"--ServerApp.root_dir={root}",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={lab_port}", f"--IdentityProvider.token={token}",
             "--LabApp.expose_app_in_browser=True"],
            cwd=root, env=env, stdout=open(lab_log, "w"), stderr=subprocess.STDOUT)
        procs.append(lab)
        voila_log = base / "voila.log"
        voila = subprocess.Popen(
            [str(BIN / "voila"), str(root / "notebooks" / "editor.ipynb"), "--no-browser", "--Voila.ip=127.0.0.1",
             f"--Voila.port={voila_port}", f"--Voila.token={token}"],
            cwd=root, env=env, stdout=open(voila_log, "w"), stderr=subprocess.STDOUT)
        procs.append(voila)
        lab_url, voila_url = f"http://127.0.0.1:{lab_port}", f"http://127.0.0.1:{voila_port}"
        _wait_http(f"{lab_url}/api/status?token={token}", lab, lab_log)
        yield {"lab": lab_url, "voila": voila_url, "voila_proc": voila, "voila_log": voila_log, "token": token,
               "voila_port": voila_port}
    finally:
        for p in procs:
            _stop(p)


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, request):
    """A page; on a failure its screenshot is kept as build/editor_browser/<test>_failed.png."""
    pg = browser.new_page(viewport={"width": 1500, "height": 1000})
    pg.set_default_timeout(TIMEOUT)
    yield pg
    if getattr(request.node, "rep_failed", False):
        pg.screenshot(path=str(SHOTS / f"{request.node.name}_failed.png"))
    pg.close()


@pytest.fixture(autouse=True)
def no_draft(sandbox):
    """Each test starts without the unsaved work an earlier test left (the editor restores it)."""
    (sandbox["root"] / "build" / "editor" / "draft.json").unlink(missing_ok=True)


def digits(text: str) -> int:
    """A whole number as the page shows it: '83 412 жұмыс орны' / '83,412 jobs' -> 83412."""
    return int(re.sub(r"\D", "", re.match(r"[\d\s\u202f\u00a0,]+", text.strip()).group()))


def number(text: str) -> float:
    """A slider readout in any language: '5,75' / '5.75' -> 5.75."""
    return float(text.strip().replace("\u202f", "").replace(" ", "").replace(",", "."))


def jobs_path() -> str:
    params = model.load_scenario("akimat").params
    for name in ("hired_fte_per_project", "jobs_per_project"):
        if f"directions.livestock.{name}" in params:
            return f"directions.livestock.{name}"
    raise AssertionError("no livestock jobs-per-project parameter")


def css(path: str) -> str:
    return ".zh-" + path.replace(".", "--")


KERNEL_STATUS = "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status"


def wait_idle(page) -> None:
    """The notebook's kernel is connected and idle (nothing queued)."""
    page.wait_for_function(f"() => ({KERNEL_STATUS})() === 'idle'", timeout=TIMEOUT)


def jobs_cells(page) -> tuple[int, int]:
    row = page.locator('.zh-targets tr[data-key="jobs"]')
    return digits(row.locator("td.c2").inner_text()), digits(row.locator("td.c3").inner_text())


def test_editor_in_jupyterlab(servers, page, sandbox):
    root, token = sandbox["root"], servers["token"]
    committed = {p.name: p.read_bytes() for p in (root / "notebooks").glob("editor.*")}
    page.goto(f"{servers['lab']}/lab/tree/notebooks/editor.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook")
    # the file browser, open on notebooks/, lists each notebook once: no py:percent twin beside it
    page.wait_for_function("() => [...document.querySelectorAll('.jp-DirListing-itemText')]"
                           ".some(e => e.innerText.trim() === 'editor.ipynb')")
    listed = [x.strip() for x in page.locator(".jp-DirListing-itemText").all_inner_texts()]
    assert "brief.ipynb" in listed and not [n for n in listed if n.endswith(".py")], listed
    wait_idle(page)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(".zh-targets")
    wait_idle(page)
    page.screenshot(path=str(SHOTS / "lab_opened.png"))

    # move the livestock hired-jobs slider one step: the jobs target moves by what the model gives
    path = jobs_path()
    base_jobs = model.project(model.load_scenario("akimat")).summary["jobs_direct"]
    shown_before, shown_base = jobs_cells(page)
    assert shown_before == shown_base == round(base_jobs)
    page.locator(".zh-assumptions .jupyter-widget-Collapse-header").nth(2).click()  # the livestock section
    slider = page.locator(css(path))
    slider.scroll_into_view_if_needed()
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("([sel, old]) => { const c = document.querySelector(sel); return c && c.innerText.replace(/\\D/g, '') !== old; }",
                           arg=['.zh-targets tr[data-key="jobs"] td.c2', str(shown_before)])
    wait_idle(page)
    value = number(slider.locator(".widget-readout").inner_text())
    assert value < model.load_scenario("akimat").value(path)
    expected = model.project(model.load_scenario("akimat", {path: value})).summary["jobs_direct"]
    shown_after, shown_base_after = jobs_cells(page)
    assert shown_base_after == shown_base
    assert abs((shown_after - shown_before) - (expected - base_jobs)) <= 1, (shown_after, expected)
    page.screenshot(path=str(SHOTS / "lab_slider_moved.png"))

    # one budget share up a step: the other directions' shares move down in proportion, on screen
    # (each direction's section opened once first: a section's controls are made when first opened)
    headers = page.locator(".zh-assumptions .jupyter-widget-Collapse-header")
    for i in (1, 3, 4, 5, 2):
        headers.nth(i).click()
        page.locator(css(f"directions.{model.parameters.DIRECTIONS[i - 1]}.budget_share")).wait_for(state="attached")
    share, other = "directions.livestock.budget_share", "directions.household_plots.budget_share"
    share_slider = page.locator(css(share))
    share_slider.scroll_into_view_if_needed()
    other_readout = page.locator(css(other) + " .widget-readout")
    other_text = other_readout.inner_text().strip()
    other_before = number(other_text)
    share_slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([sel, old]) => { const e = document.querySelector(sel); return e && e.innerText.trim() !== old; }",
                           arg=[css(other) + " .widget-readout", other_text])
    wait_idle(page)
    shares = [number(page.locator(css(f"directions.{d}.budget_share") + " .widget-readout").inner_text())
              for d in model.parameters.DIRECTIONS]
    assert number(other_readout.inner_text()) < other_before and abs(sum(shares) - 1) <= 0.03, shares
    assert not page.locator(".zh-error").count(), "a share moved is no error: the others make room"
    page.screenshot(path=str(SHOTS / "lab_shares_rebalanced.png"))
    page.keyboard.press("ArrowLeft")  # back: every share as it was
    page.wait_for_function("([sel, old]) => { const e = document.querySelector(sel); return e && e.innerText.trim() === old; }",
                           arg=[css(other) + " .widget-readout", other_text])
    wait_idle(page)
    assert jobs_cells(page) == (shown_after, shown_base)

    # an invalid edit: launch shares that do not sum to 1; the last valid projection stays
    page.locator(".zh-assumptions .jupyter-widget-Collapse-header").nth(0).click()  # the whole programme
    launch = page.locator(css("timeline.launch_shares") + " input")
    launch.scroll_into_view_if_needed()
    launch.fill("0.5, 0.6")
    launch.press("Enter")
    message = page.locator(".zh-msg-timeline--launch_shares .zh-error")
    message.wait_for()
    wait_idle(page)
    text = message.inner_text()
    # in the page's language (kk here), naming the assumption and what is allowed (issue 21.5)
    assert "\n" not in text.strip() and "110,0" in text and "Traceback" not in text
    assert jobs_cells(page) == (shown_after, shown_base), "the last valid projection stays on screen"
    page.screenshot(path=str(SHOTS / "lab_invalid.png"))
    launch.fill("0.5, 0.5")  # back: valid again, the message goes
    launch.press("Enter")
    message.wait_for(state="detached")
    wait_idle(page)

    # save as a scenario: the file holds only the override and validates
    page.locator(".zh-save-name input").fill(NAME)
    titles = {"kk": "Малда жалдамалы жұмыс аз", "ru": "Меньше наёмных мест в животноводстве",
              "en": "Fewer hired jobs in livestock"}
    for lang, title in titles.items():
        page.locator(f".zh-save-title-{lang} input").fill(title)
    page.locator(".zh-save").click()
    page.wait_for_selector(".zh-ok")
    wait_idle(page)
    page.locator(".zh-chances").click()  # the chance column, computed on the button
    page.wait_for_function("() => document.querySelectorAll('.zh-targets th').length === 6")
    wait_idle(page)
    page.screenshot(path=str(SHOTS / "lab_saved.png"))
    saved = root / "data" / "scenarios" / f"{NAME}.yaml"
    doc = yaml.safe_load(saved.read_text("utf-8"))
    assert doc == {"title": titles, "base": "akimat", "overrides": {path: value}}
    loaded = model.load_scenario(NAME, directory=saved.parent)
    assert model.project(loaded).summary["jobs_direct"] == pytest.approx(expected)
    run = subprocess.run([sys.executable, "-m", "model", "project", "--scenario", NAME, "--json"], cwd=root,
                         env=sandbox["env"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["summary"]["jobs_direct"] == pytest.approx(expected)

    # saving the notebook (Ctrl+S) leaves it as committed: no outputs, no new metadata
    page.locator(".jp-Notebook").click()
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')")
    time.sleep(1)
    assert {p.name: p.read_bytes() for p in (root / "notebooks").glob("editor.*")} == committed


def test_editor_page_without_code(servers, page):
    _wait_port(servers["voila_port"], servers["voila_proc"], servers["voila_log"])
    # Voilà answers once the notebook has run in a new kernel: minutes on a busy machine
    page.goto(f"{servers['voila']}/?token={servers['token']}", timeout=2 * TIMEOUT, wait_until="commit")
    table = page.locator(".zh-targets")
    table.wait_for(timeout=2 * TIMEOUT)
    rows = table.locator("tbody tr")
    assert rows.count() == len(model.project(model.load_scenario("akimat")).targets)
    assert digits(page.locator('.zh-targets tr[data-key="jobs"] td.c2').inner_text()) == round(
        model.project(model.load_scenario("akimat")).summary["jobs_direct"])
    assert page.locator(".jp-InputArea, .jp-CodeCell .jp-Editor").count() == 0, "no code on the page"
    page.screenshot(path=str(SHOTS / "voila_page.png"), full_page=True)


def open_voila(servers, page) -> None:
    _wait_port(servers["voila_port"], servers["voila_proc"], servers["voila_log"])
    page.goto(f"{servers['voila']}/?token={servers['token']}", timeout=2 * TIMEOUT, wait_until="commit")
    page.locator(".zh-targets").wait_for(timeout=2 * TIMEOUT)


def cell_digits(page, table: str, key: str, column: int) -> int:
    return digits(page.locator(f'.{table} tr[data-key="{key}"] td.c{column}').inner_text())


def wait_digits(page, selector: str, number: int, changed: bool = False) -> None:
    """Until the cell's digits are ``number`` (or, with ``changed``, are no longer it)."""
    page.wait_for_function("([sel, n, changed]) => { const e = document.querySelector(sel);"
                           " return e && (e.innerText.replace(/\\D/g, '') === n) !== changed; }",
                           arg=[selector, str(number), changed])


def test_compare_undo_language_and_reload_keep_the_work(servers, page, sandbox):
    """Item 2 and 4 of issue 21 on the page without code: a scenario compared beside the edit and the
    plan; undo; a language switch and a reload keep the edit, the save form and the comparison; the
    browser asks before a page with unsaved edits is left."""
    open_voila(servers, page)
    path = jobs_path()
    plan = model.project(model.load_scenario("akimat")).summary["jobs_direct"]
    cut = model.project(model.load_scenario("funding_cut_25")).summary["jobs_direct"]
    jobs_cell = '.zh-targets tr[data-key="jobs"] td.c2'
    page.locator(".zh-assumptions .jupyter-widget-Collapse-header").nth(2).click()  # livestock
    handle = page.locator(css(path)).locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press("ArrowLeft")
    wait_digits(page, jobs_cell, round(plan), changed=True)
    one_step = cell_digits(page, "zh-targets", "jobs", 2)
    value = number(page.locator(css(path) + " .widget-readout").inner_text())
    assert one_step == round(model.project(model.load_scenario("akimat", {path: value})).summary["jobs_direct"])
    # a second step, then undo: back to one step
    handle.focus()
    page.keyboard.press("ArrowLeft")
    wait_digits(page, jobs_cell, one_step, changed=True)
    page.locator(".zh-undo").click()
    wait_digits(page, jobs_cell, one_step)

    # compare: the edit and funding_cut_25 beside the plan, table and charts
    pick = page.locator(".zh-compare-pick select")
    pick.scroll_into_view_if_needed()
    texts = pick.locator("option").all_inner_texts()
    chosen = [0, next(i for i, x in enumerate(texts) if x.strip().endswith("(funding_cut_25)"))]
    pick.select_option(index=chosen)
    page.locator(".zh-compare").wait_for()
    assert [cell_digits(page, "zh-compare", "jobs", c) for c in (2, 3, 4)] == [round(plan), one_step, round(cut)]
    assert page.locator(".zh-compare-box").count() == 1
    page.locator(".zh-compare").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "compare.png"), full_page=True)

    # the save form and a language switch: nothing is lost
    page.locator(".zh-save-name input").fill("kept_work")
    page.locator(".zh-save-name input").press("Enter")
    page.locator(".widget-toggle-button", has_text="ru").click()
    page.wait_for_function("() => document.querySelector('.zh-targets th')?.innerText.includes('Цель')"
                           " || document.querySelector('.zh-targets th')?.innerText.includes('Показатель')")
    assert cell_digits(page, "zh-targets", "jobs", 2) == one_step
    assert page.locator(".zh-save-name input").input_value() == "kept_work"
    assert [cell_digits(page, "zh-compare", "jobs", c) for c in (2, 3, 4)] == [round(plan), one_step, round(cut)]

    # a reload: the browser asks first (unsaved edits); the draft brings everything back
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.accept()))
    page.reload(timeout=2 * TIMEOUT, wait_until="commit")
    page.locator(".zh-targets").wait_for(timeout=2 * TIMEOUT)
    assert asked == ["beforeunload"]
    assert cell_digits(page, "zh-targets", "jobs", 2) == one_step
    assert page.locator(".zh-save-name input").input_value() == "kept_work"
    assert "Восстановлены" in page.locator(".zh-notice").inner_text()
    assert [cell_digits(page, "zh-compare", "jobs", c) for c in (2, 3, 4)] == [round(plan), one_step, round(cut)]
    page.screenshot(path=str(SHOTS / "reload_restored.png"), full_page=True)

    # the page's address carries the edit: opened elsewhere (no draft there), the same edit is on screen
    assert "edit=" in page.url, page.url
    (sandbox["root"] / "build" / "editor" / "draft.json").unlink()
    other = page.context.browser.new_page(viewport={"width": 1500, "height": 1000})
    try:
        other.set_default_timeout(TIMEOUT)
        other.goto(page.url, timeout=2 * TIMEOUT, wait_until="commit")
        other.locator(".zh-targets").wait_for(timeout=2 * TIMEOUT)
        assert cell_digits(other, "zh-targets", "jobs", 2) == one_step
        assert "Открыто по ссылке" in other.locator(".zh-notice").inner_text()
        other.screenshot(path=str(SHOTS / "link_opened.png"))
    finally:
        other.close()



# --- export from the page (issue 21, item 3) -------------------------------------------------------

PDF_TIMEOUT = 1_800_000  # ms: the brief's quick run (100 draws, one notebook, its PDF) on a busy 2-core machine


def _downloads(page, box: str) -> dict[str, bytes]:
    """The data: links of a box on the page, decoded: {file name: bytes}."""
    import base64

    links = page.locator(f"{box} a.zh-download")
    out = {}
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        head, body = href.split(",", 1)
        assert head.startswith("data:") and head.endswith(";base64"), head
        out[links.nth(i).get_attribute("download")] = base64.b64decode(body)
    return out


def test_export_from_the_page(servers, page, sandbox):
    """On the Voilà page: an edit, then CSV and XLSX (the page's tables, decoded from their links and
    downloaded), then the brief PDF of the edit (progress shown, one run however many clicks)."""
    import io

    import openpyxl
    import pandas as pd

    from model import runner

    root = sandbox["root"]
    _wait_port(servers["voila_port"], servers["voila_proc"], servers["voila_log"])
    page.goto(f"{servers['voila']}/?token={servers['token']}", timeout=2 * TIMEOUT, wait_until="commit")
    page.locator(".zh-targets").wait_for(timeout=2 * TIMEOUT)

    # an edit: the livestock hired-jobs slider one step down
    path = jobs_path()
    before = page.locator('.zh-targets tr[data-key="jobs"] td.c2').inner_text()
    page.locator(".zh-assumptions .jupyter-widget-Collapse-header").nth(2).click()
    slider = page.locator(css(path))
    slider.scroll_into_view_if_needed()
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("([sel, old]) => { const c = document.querySelector(sel); return c && c.innerText !== old; }",
                           arg=['.zh-targets tr[data-key="jobs"] td.c2', before])
    value = number(slider.locator(".widget-readout").inner_text())
    edit = {path: value}
    expected = round(model.project(model.load_scenario("akimat", edit)).summary["jobs_direct"])
    shown = page.locator('.zh-targets tr[data-key="jobs"] td.c2').inner_text()
    assert digits(shown) == expected

    # CSV: two files, the page's targets and changes in Kazakh, ";"-separated UTF-8 with BOM
    page.locator(".zh-export-csv").click()
    page.wait_for_function("() => document.querySelectorAll('.zh-export-links a.zh-download').length === 2")
    csvs = _downloads(page, ".zh-export-links")
    targets_name = next(n for n in csvs if "_targets_kk.csv" in n)
    assert all(d.startswith(b"\xef\xbb\xbf") for d in csvs.values())
    targets = pd.read_csv(io.BytesIO(csvs[targets_name]), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert targets.columns[0] == "Мақсат"
    page_rows = [[c.strip() for c in r] for r in
                 page.locator(".zh-targets tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText))")]
    assert targets.values.tolist() == page_rows, "the CSV holds the table as the page shows it"
    changes = pd.read_csv(io.BytesIO(next(d for n, d in csvs.items() if "_changes_kk" in n)), sep=";",
                          encoding="utf-8-sig", dtype=str)
    assert len(changes) == 1, changes
    with page.expect_download() as dl:  # the link downloads the same bytes
        page.locator(".zh-export-links a.zh-download").first.click()
    first = page.locator(".zh-export-links a.zh-download").first.get_attribute("download")
    assert dl.value.suggested_filename == first and Path(dl.value.path()).read_bytes() == csvs[first]
    on_disk = root / "build" / "editor" / targets_name.removesuffix("_targets_kk.csv")
    assert (on_disk / targets_name).read_bytes() == csvs[targets_name]
    page.locator(".zh-export-links").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "export_csv.png"))

    # XLSX: one workbook, a sheet per table, the same cells
    page.locator(".zh-export-xlsx").click()
    page.wait_for_function("() => [...document.querySelectorAll('.zh-export-links a.zh-download')]"
                           ".some(a => a.download.endsWith('.xlsx'))")
    (name, data), = _downloads(page, ".zh-export-links").items()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Мақсаттар", "Өзгерістер"]
    sheet = [list(r) for r in book["Мақсаттар"].iter_rows(values_only=True)]
    assert sheet[0] == list(targets.columns) and sheet[1:] == page_rows
    assert book["Мақсаттар"]["A1"].font.bold

    # PDF: the brief of the edit in Kazakh, by the runner into the edit's own folder
    page.locator(".zh-export-pdf").click()
    page.locator(".zh-export-pdf-msg .zh-info").wait_for()
    started = page.locator(".zh-export-pdf-msg").inner_text()
    page.locator(".zh-export-pdf").click()  # a second click while it runs starts nothing
    page.locator(".zh-export-msg .zh-info").wait_for()
    # the runner's first step is shown (or, on a fast machine, already the end)
    page.wait_for_function("(old) => document.querySelector('.zh-export-pdf-msg').innerText !== old", arg=started)
    page.locator(".zh-export-progress").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "export_pdf_running.png"))
    done = page.locator(".zh-export-pdf-msg .zh-ok")
    failed = page.locator(".zh-export-pdf-msg .zh-error")
    page.wait_for_function("() => document.querySelector('.zh-export-pdf-msg .zh-ok, .zh-export-pdf-msg .zh-error')",
                           timeout=PDF_TIMEOUT)
    assert not failed.count(), failed.inner_text()
    assert done.count() == 1 and not page.locator(".zh-export-msg .zh-info").count(), "the busy note goes"
    (pdf_name, pdf_bytes), = _downloads(page, ".zh-export-pdf-msg").items()
    assert pdf_bytes.startswith(b"%PDF") and pdf_name.endswith("_brief_kk.pdf")
    pdf = runner.scenario_dir(root / "build", "akimat", runner.DRAWS_FAST, edit) / "kk" / "brief.pdf"
    assert pdf.read_bytes() == pdf_bytes
    runs = [p for p in (root / "build").iterdir() if p.name.startswith("akimat+")]
    assert runs == [pdf.parent.parent], "one run, however many clicks"
    page.locator(".zh-export-pdf-msg").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "export_pdf_done.png"))
    page.screenshot(path=str(SHOTS / "voila_page.png"), full_page=True)


# --- issue 21, items 5-7, on the Voilà page in Kazakh ------------------------------------------------


def open_page(servers, page):
    _wait_port(servers["voila_port"], servers["voila_proc"], servers["voila_log"])
    page.goto(f"{servers['voila']}/?token={servers['token']}", timeout=2 * TIMEOUT, wait_until="commit")
    page.locator(".zh-targets").wait_for(timeout=2 * TIMEOUT)


def section(page, n: int) -> None:
    """Open one section of the assumptions (0: the whole programme, 1 + k: the k-th direction)."""
    page.locator(".zh-assumptions .jupyter-widget-Collapse-header").nth(n).click()


def type_into(page, path: str, text: str) -> None:
    box = page.locator(css(path) + " input")
    box.scroll_into_view_if_needed()
    box.fill(text)
    box.press("Enter")


def test_local_kazakh_page_reads_a_decimal_comma_and_refuses_in_kazakh(servers, page):
    import model.editor
    from model.report import editor_texts as plain
    from model.report import tables

    open_page(servers, page)
    page.screenshot(path=str(SHOTS / "local_page_kk.png"), full_page=True)
    assert "0,5" in page.locator(".zh-editor").inner_text(), "the help line names the decimal comma"
    section(page, 0)
    launch = "timeline.launch_shares"
    assert page.locator(css(launch) + " input").input_value() == "0,5; 0,5", "a list as kk writes it"
    type_into(page, launch, "0,5; 0,6")
    message = page.locator(".zh-msg-timeline--launch_shares .zh-error")
    message.wait_for()
    text = message.inner_text().strip()
    label = tables.param_label(launch, "kk")
    assert "\n" not in text and label in text and "«0,5; 0,6»" in text and "110,0" in text, text
    assert "expected" not in text and "sum to" not in text
    page.screenshot(path=str(SHOTS / "local_refused_kk.png"))
    # "0,6; 0,4" and a budget of "50,5" are read as 0.6, 0.4 and 50.5: the jobs are the model's
    type_into(page, launch, "0,6; 0,4")
    message.wait_for(state="detached")
    budget = "programme.budget_bn_kzt"
    type_into(page, budget, "50,5")
    expected = model.project(model.load_scenario("akimat", {launch: [0.6, 0.4], budget: 50.5})).summary["jobs_direct"]
    # the page redraws after each edit in turn: wait for the model's figure (read as 505 it never comes)
    page.wait_for_function("([sel, want]) => document.querySelector(sel)?.innerText.replace(/\\D/g, '') === want",
                           arg=['.zh-targets tr[data-key="jobs"] td.c2', str(round(expected))])
    assert digits(page.locator('.zh-targets tr[data-key="jobs"] td.c2').inner_text()) == round(expected)
    assert not page.locator(".zh-error").count()
    # a letter in a number box: the assumption, the value as typed, "a number" in Kazakh
    type_into(page, budget, "50,5x")
    msg = page.locator(".zh-msg-programme--budget_bn_kzt .zh-error")
    msg.wait_for()
    line = msg.inner_text()
    assert tables.param_label(budget, "kk") in line and "«50,5x»" in line and "Сан енгізіңіз" in line, line
    page.screenshot(path=str(SHOTS / "local_letter_kk.png"))
    type_into(page, budget, "50,5")
    msg.wait_for(state="detached")
    # a share's slider reads as the tables show it: 45,0 % style
    section(page, 2)
    share = "directions.livestock.budget_share"
    readout = page.locator(".zh-readout-" + share.replace(".", "--"))
    readout.scroll_into_view_if_needed()
    a = next(a for a in model.editor.assumptions(model.load_scenario("akimat")) if a.path == share)
    want = plain.readout_text(a.value, a.param.unit, "kk", model.editor.control(a).step)
    assert readout.inner_text().strip() == want.strip() and "," in want and want.endswith("\u00a0%"), want
    page.screenshot(path=str(SHOTS / "local_readout_kk.png"))


def test_local_chance_column_is_stale_after_an_edit_and_refreshed(servers, page):
    open_page(servers, page)
    page.locator(".zh-chances").click()
    page.wait_for_function("() => document.querySelectorAll('.zh-targets th').length === 6")
    note = page.locator(".zh-chance-note")
    assert "Монте-Карло" in note.inner_text() and "Орындалады ма" in note.inner_text()
    assert not page.locator("table.zh-stale").count()
    section(page, 0)
    type_into(page, "programme.budget_bn_kzt", "40")
    page.locator("table.zh-stale").wait_for()
    header = page.locator(".zh-targets th").nth(5).inner_text()
    assert "соңғы өзгеріске дейін" in header, header
    assert "қайта есептеу" in page.locator(".zh-chances").inner_text()
    page.locator(".zh-targets").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "local_chance_stale.png"))
    page.locator(".zh-chances").click()  # one click: computed again for the edit on screen
    page.locator("table.zh-stale").wait_for(state="detached")
    assert "соңғы өзгеріске дейін" not in page.locator(".zh-targets").inner_text()
    page.screenshot(path=str(SHOTS / "local_chance_refreshed.png"))


def test_local_controls_say_which_targets_they_move_and_the_save_form_fits(servers, page):
    open_page(servers, page)
    section(page, 2)  # livestock: its indirect jobs per job move no target (the targets count direct jobs)
    none = page.locator(".zh-no-effect .zh-moves-none:visible")
    none.first.wait_for()
    assert none.count() >= 1 and "Бірде-бір мақсатқа әсер етпейді" in none.first.inner_text()
    moves = page.locator(".zh-effect:not(.zh-moves-none)")
    assert any("Әсер ететін мақсаттар" in x for x in moves.all_inner_texts())
    none.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "local_no_effect_kk.png"))
    # the save form: boxes wide enough and never past the page; one title, the others filled from it
    name = page.locator(".zh-save-name input")
    name.scroll_into_view_if_needed()
    width = page.viewport_size["width"]
    for box in [name] + [page.locator(f".zh-save-title-{x} input") for x in ("kk", "ru", "en")]:
        b = box.bounding_box()
        assert b["width"] >= 300 and b["x"] + b["width"] <= width, b
    page.locator(".zh-save-title-kk input").fill("Бір атау")
    page.locator(".zh-save-title-kk input").press("Tab")
    page.locator(".zh-save-fill").click()
    page.wait_for_function("() => document.querySelector('.zh-save-title-en input').value === 'Бір атау'")
    assert page.locator(".zh-save-title-ru input").input_value() == "Бір атау"
    page.locator(".zh-save-form").scroll_into_view_if_needed()
    label = page.locator(".zh-save-overwrite label.widget-label-basic")
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth"), "the overwrite label is shown whole"
    page.screenshot(path=str(SHOTS / "local_save_form_kk.png"))
    page.set_viewport_size({"width": 700, "height": 1000})  # a narrow window: still inside the page
    page.locator(".zh-save-form").scroll_into_view_if_needed()
    for x in ("kk", "ru", "en"):
        b = page.locator(f".zh-save-title-{x} input").bounding_box()
        assert b["x"] + b["width"] <= 700, b
    page.screenshot(path=str(SHOTS / "local_save_form_narrow_kk.png"))

