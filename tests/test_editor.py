"""The scenario editor without a browser: assumptions and controls, overrides, save as scenario,
the widgets' state machine, the one-line DataError and the Jupyter pre-save hook."""
import runpy
import shutil

import pytest
import yaml

import model
from model import DataError, editor
from model.parameters import DIRECTIONS
from model.paths import ROOT, SCENARIOS

TITLES = {"kk": "Мал шаруашылығында жалдамалы жұмыс орындары аз", "ru": "Меньше наёмных мест в животноводстве",
          "en": "Fewer hired jobs in livestock"}


def jobs_path(scenario) -> str:
    """The livestock hired-jobs rate (renamed hired_fte_per_project by issue 6)."""
    for name in ("hired_fte_per_project", "jobs_per_project"):
        if f"directions.livestock.{name}" in scenario.params:
            return f"directions.livestock.{name}"
    raise AssertionError("no livestock jobs-per-project parameter")


@pytest.fixture(scope="module")
def akimat():
    return model.load_scenario("akimat")


@pytest.fixture
def scenarios(tmp_path):
    """A throwaway copy of data/scenarios (saving must never touch the real one)."""
    d = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, d)
    return d


def test_assumptions_show_calibrated_rates_with_their_prior(akimat):
    rows = {a.path: a for a in editor.assumptions(akimat)}
    path = jobs_path(akimat)
    a = rows[path]
    base = model.scenario.base_params()[path]
    assert a.calibrated and a.group == "livestock" and a.topic == "jobs"
    # the prior and the plausible range are the data's, not moved by the calibration
    assert a.prior == pytest.approx(base.value) and (a.low, a.high) == (base.low, base.high)
    assert a.value != pytest.approx(a.prior)
    # where the plan needs more than the plausible range allows, the slider is widened to hold it
    stretched = [a for a in rows.values() if a.outside]
    assert stretched and all(a.calibrated for a in stretched)
    for a in stretched:
        c = editor.control(a)
        assert c.kind == "slider" and c.widened and c.min <= min(a.low, a.value) and c.max >= max(a.high, a.value)
    # an assumption inside its range keeps a slider bounded by the range
    ranged = rows["programme.admin_cost_share"] if "programme.admin_cost_share" in rows else next(
        a for a in rows.values() if not a.calibrated and a.low is not None and not isinstance(a.value, list))
    ct = editor.control(ranged)
    assert not ranged.calibrated and (ct.min, ct.max) == (ranged.low, ranged.high) and not ct.widened
    # the aggregate TSA cross-check's two rates move no figure a reader sees: not offered
    assert not {"tsa.exit_probability", "tsa.reach_share"} & set(rows)
    # every direction and the programme-wide topics are there; derived figures are not inputs
    assert {a.group for a in rows.values()} == {editor.PROGRAMME, *model.DIRECTIONS}
    assert "baseline.agri_output_implied_bn_kzt" not in rows
    assert editor.control(rows["timeline.launch_shares"]).kind == "list"
    # within a direction: money and projects, jobs, output, survival
    livestock = [a.topic for a in editor.assumptions(akimat) if a.group == "livestock"]
    assert livestock == sorted(livestock, key=editor.TOPIC_ORDER.index) and livestock[0] == "money"


def test_slider_snaps_to_its_grid():
    c = editor.Control("slider", min=0.8, max=5.8, step=0.05, decimals=2)
    assert c.snap(5.800000000000001) == 5.8 and c.snap(4.949999) == 4.95
    assert editor.Control("slider", integer=True, min=2021, max=2023, step=1).snap(2022.0) == 2022


def test_overrides_against_the_base_keep_only_changes(akimat):
    path = jobs_path(akimat)
    values = {path: akimat.value(path), "net_effect.deadweight": 0.3,
              "timeline.launch_shares": list(akimat.value("timeline.launch_shares"))}
    assert editor.overrides_against(akimat, values) == {"net_effect.deadweight": 0.3}
    assert editor.overrides_against(akimat, {path: akimat.value(path) + 0.01}, {path: 0.025}) == {}
    with pytest.raises(DataError, match="no_such"):
        editor.overrides_against(akimat, {"tsa.no_such": 1})


def test_parse_list():
    assert editor.parse_list("0.25, 0.25; 0.5", "editor", "k") == [0.25, 0.25, 0.5]
    with pytest.raises(DataError, match="numbers separated by commas"):
        editor.parse_list("half, half", "editor", "k")


def test_save_writes_only_the_overrides_and_runs(akimat, scenarios):
    path = jobs_path(akimat)
    edits = {path: round(akimat.value(path) / 2, 2), "net_effect.deadweight": 0.3}
    saved = editor.save_scenario("fewer_hired", TITLES, "akimat", edits, directory=scenarios)
    assert saved == scenarios / "fewer_hired.yaml"
    doc = yaml.safe_load(saved.read_text("utf-8"))
    assert doc == {"title": TITLES, "base": "akimat", "overrides": edits}
    assert not list(scenarios.glob(".*")), "temporary file left behind"
    loaded = model.load_scenario("fewer_hired", directory=scenarios)
    assert model.list_scenarios(scenarios)["fewer_hired"] == TITLES
    # the saved scenario projects exactly what the editor showed: the base with the edits
    same = model.project(model.load_scenario("akimat", edits, directory=scenarios)).summary
    assert model.project(loaded).summary == same
    # half the hired jobs per mature livestock project: fewer jobs than the plan
    assert same["jobs_direct"] < model.project(akimat).summary["jobs_direct"]


@pytest.mark.parametrize("name", ["../evil", "a.yaml", "with space", "", "Big", "akimat/x"])
def test_save_refuses_a_name_that_is_not_a_plain_file_name(scenarios, name):
    before = sorted(p.name for p in scenarios.iterdir())
    with pytest.raises(DataError, match="plain file name"):
        editor.save_scenario(name, TITLES, "akimat", {"net_effect.deadweight": 0.3}, directory=scenarios)
    assert sorted(p.name for p in scenarios.iterdir()) == before


def test_save_never_overwrites_without_confirmation(scenarios):
    target = scenarios / "delayed.yaml"
    old = target.read_bytes()
    with pytest.raises(DataError, match="overwriting confirmed"):
        editor.save_scenario("delayed", TITLES, "akimat", {"net_effect.deadweight": 0.3}, directory=scenarios)
    assert target.read_bytes() == old
    with pytest.raises(DataError, match="overwriting confirmed on the file as it is now"):  # not read first
        editor.save_scenario("delayed", TITLES, "akimat", {"net_effect.deadweight": 0.3}, overwrite=True,
                             directory=scenarios)
    assert target.read_bytes() == old
    editor.save_scenario("delayed", TITLES, "akimat", {"net_effect.deadweight": 0.3}, overwrite=True,
                         replaces=editor.read_scenario_file("delayed", scenarios), directory=scenarios)
    assert yaml.safe_load(target.read_text("utf-8"))["overrides"] == {"net_effect.deadweight": 0.3}


@pytest.mark.parametrize("kwargs, match", [
    ({"overrides": {"tsa.exit_probability": 1.5}}, "between 0 and 1"),
    ({"overrides": {"directions.livestock.budget_share": 0.5}}, "sum to 1"),
    ({"titles": {**TITLES, "ru": "  "}}, "title.ru"),
    ({"name": "akimat"}, "other than its base"),
])
def test_save_refuses_invalid_input_and_writes_nothing(scenarios, kwargs, match):
    args = {"name": "bad_one", "titles": TITLES, "overrides": {"net_effect.deadweight": 0.3}, **kwargs}
    before = {p.name: p.read_bytes() for p in scenarios.iterdir()}
    with pytest.raises(DataError, match=match):
        editor.save_scenario(args["name"], args["titles"], "akimat", args["overrides"], directory=scenarios)
    assert {p.name: p.read_bytes() for p in scenarios.iterdir()} == before


# --- the widgets' state, driven as the controls drive it ----------------------------------------

@pytest.fixture
def app(scenarios):
    pytest.importorskip("ipywidgets")
    from model.report import editor as ui
    return ui.Editor("akimat", "en", directory=scenarios)


def test_editor_moves_the_targets_by_what_the_model_gives(app, akimat):
    path = jobs_path(akimat)
    before = app.current.summary["jobs_direct"]
    half = round(akimat.value(path) / 2, 2)
    assert app.set_value(path, half + 1e-15)  # what a slider sends: a binary fraction near the grid
    assert app.overrides == {path: half}
    expected = model.project(model.load_scenario("akimat", {path: half})).summary["jobs_direct"]
    assert app.current.summary["jobs_direct"] == pytest.approx(expected)
    assert expected < before
    assert 'data-key="jobs"' in app.targets.value and f"{expected:,.0f}" in app.targets.value
    assert "<svg" in app.chart.value and "Fewer" not in app.changes.value
    # the chance of each target is computed on the button (Monte Carlo), for the edit on screen
    assert "Chance" not in app.targets.value
    app._draw(20)
    assert "Chance (20 draws)" in app.targets.value


def test_editor_rejects_an_invalid_edit_and_keeps_the_last_projection(app, scenarios):
    assert app.set_value("net_effect.deadweight", 0.3)
    shown = app.current
    assert not app.set_value("timeline.launch_shares", "0.5, 0.6")
    assert app.current is shown, "the last valid projection stays"
    line = app.messages["timeline.launch_shares"].value
    assert "shares that sum to 1" in line and "\n" not in line and "Traceback" not in line
    assert all(not m.value for p, m in app.messages.items() if p != "timeline.launch_shares")
    # nothing is saved while an edit is invalid
    assert app.save("while_invalid", TITLES, False) is None
    assert not (scenarios / "while_invalid.yaml").exists()
    assert app.set_value("timeline.launch_shares", "0.6, 0.4")
    assert app.current.scenario.value("timeline.launch_shares") == [0.6, 0.4]


def test_a_budget_share_moves_the_others_in_proportion_and_their_controls(app, scenarios):
    group = [f"directions.{d}.budget_share" for d in DIRECTIONS]
    base = {k: app.base.value(k) for k in group}
    assert app.set_value("directions.livestock.budget_share", 0.45), app.status.value
    sc = app.current.scenario
    assert sc.value("directions.livestock.budget_share") == 0.45
    assert sum(sc.value(k) for k in group) == pytest.approx(1, abs=1e-9)
    rest = sum(v for k, v in base.items() if k != "directions.livestock.budget_share")
    for k in group:
        if k != "directions.livestock.budget_share":
            assert sc.value(k) == pytest.approx(base[k] / rest * 0.55)
            assert app.inputs[k].value == pytest.approx(sc.value(k)), "the control shows the new share"
    assert not any(m.value for m in app.messages.values())
    saved = app.save("shares_moved", TITLES, False)
    overrides = yaml.safe_load(saved.read_text("utf-8"))["overrides"]
    assert set(overrides) == set(group) and sum(overrides.values()) == pytest.approx(1, abs=1e-9)
    assert model.load_scenario("shares_moved", directory=scenarios).value("directions.livestock.budget_share") == 0.45
    # a move smaller than half a slider step on the others still keeps the group whole
    assert app.set_value("directions.livestock.budget_share", 0.46)
    assert sum(app.current.scenario.value(k) for k in group) == pytest.approx(1, abs=1e-9)


def test_editor_overwrite_is_confirmed_on_the_file_as_seen_and_again_for_its_dependents(app, scenarios):
    """Ticking "overwrite" remembers the file as it is; a change by someone else after that refuses
    the save; scenarios based on it are named and the next Save confirms them (issue 19.3)."""
    (scenarios / "child.yaml").write_text("title: {kk: c, ru: c, en: c}\nbase: delayed\noverrides: {}\n")
    assert app.set_value("net_effect.deadweight", 0.3)
    app.save_name.value = "delayed"
    for box, text in zip(app.save_titles.values(), TITLES.values()):
        box.value = text
    app.overwrite.value = True  # the user ticks the box: the file is read now
    (scenarios / "delayed.yaml").write_text((scenarios / "delayed.yaml").read_text("utf-8") + "# edited elsewhere\n")
    before = (scenarios / "delayed.yaml").read_bytes()
    assert app.save() is None and "changed since it was read" in app.save_msg.value
    assert (scenarios / "delayed.yaml").read_bytes() == before
    app.overwrite.value = False
    app.overwrite.value = True  # ticked again on the file as it is now
    assert app.save() is None and "child is based on delayed" in app.save_msg.value
    assert (scenarios / "delayed.yaml").read_bytes() == before
    assert app.save() == scenarios / "delayed.yaml", app.save_msg.value  # the second Save confirms
    assert model.load_scenario("child", directory=scenarios).value("net_effect.deadweight") == 0.3
    assert app.overwrite.value is False


def test_editor_reset_and_language_switch(app):
    app.set_value("net_effect.deadweight", 0.3)
    app.lang_pick.value = "kk"
    assert app.overrides == {"net_effect.deadweight": 0.3} and "Мақсат" in app.targets.value
    app.reset()
    assert app.overrides == {} and app.current.summary == app.base_projection.summary


def test_interactive_only_under_a_jupyter_server(monkeypatch):
    from model.report import editor as ui
    for k in [k for k in __import__("os").environ if k.startswith("VOILA_") or k == "JPY_SESSION_NAME"]:
        monkeypatch.delenv(k)
    assert not ui.interactive()
    monkeypatch.setenv("JPY_SESSION_NAME", "/repo/notebooks/editor.ipynb")
    assert ui.interactive()


# --- a DataError in a notebook is one line ----------------------------------------------------

def test_data_error_shows_as_one_line():
    from model.report.display import _data_error_line

    shown = []

    class Shell:
        def _showtraceback(self, etype, value, stb):
            shown.append(stb)

    err = DataError("data/scenarios/x.yaml", "overrides.tsa.exit_probability", 1.5, "a probability between 0 and 1")
    stb = _data_error_line(Shell(), DataError, err, None)
    assert shown == [stb] and len(stb) == 1 and "\n" not in stb[0]
    assert stb[0].endswith("DataError\x1b[0m: data/scenarios/x.yaml: overrides.tsa.exit_probability = 1.5: "
                           "expected a probability between 0 and 1")


# --- the Jupyter pre-save hook ----------------------------------------------------------------

@pytest.fixture(scope="module")
def server_config():
    class Config:
        def __getattr__(self, name):
            value = type(self)()
            object.__setattr__(self, name, value)
            return value
    return runpy.run_path(str(ROOT / "jupyter" / "jupyter_server_config.py"), init_globals={"get_config": Config})


def test_pre_save_hook_strips_outputs_and_keeps_committed_metadata(server_config, tmp_path):
    import json
    committed = json.loads((ROOT / "notebooks" / "editor.ipynb").read_text("utf-8"))
    nb = json.loads(json.dumps(committed))
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.2"}
    nb["metadata"]["widgets"] = {"state": {}}
    for cell in nb["cells"]:
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
        cell["execution_count"] = 7
        cell["metadata"]["execution"] = {"iopub.execute_input": "2026"}

    class Manager:
        def _get_os_path(self, path):
            return str(ROOT / path)

    model_ = {"type": "notebook", "content": nb}
    server_config["pre_save_hook"](model=model_, path="notebooks/editor.ipynb", contents_manager=Manager())
    assert nb == committed
    other = {"type": "notebook", "content": {"cells": [{"cell_type": "code", "outputs": [1], "metadata": {}}]}}
    server_config["pre_save_hook"](model=other, path="scratch/x.ipynb", contents_manager=Manager())
    assert other["content"]["cells"][0]["outputs"] == [1], "only notebooks/ is cleaned"
    twin = (ROOT / "notebooks" / "editor.py").read_text("utf-8")
    stamped = twin.replace("#       format_name: percent\n", "#       format_name: percent\n"
                           "#       format_version: '1.3'\n#       jupytext_version: 1.19.6\n")
    text = {"type": "file", "content": stamped}
    server_config["pre_save_hook"](model=text, path="notebooks/editor.py", contents_manager=Manager())
    assert text["content"] == twin


@pytest.mark.parametrize("base", ["LargeFileManager", "AsyncLargeFileManager"])
def test_the_file_browser_lists_each_notebook_once(server_config, base):
    """JupyterLab's listing of notebooks/ leaves out the py:percent twins (x.py beside x.ipynb),
    through the manager jupytext builds on the project's; model/'s .py files stay listed and a
    twin still opens by its path."""
    import asyncio

    from jupyter_server.services.contents import largefilemanager
    from jupytext import build_async_jupytext_contents_manager_class, build_sync_jupytext_contents_manager_class

    build = build_async_jupytext_contents_manager_class if base.startswith("Async") else build_sync_jupytext_contents_manager_class
    cls = build(server_config["twins_hidden"](getattr(largefilemanager, base)))
    manager = cls(root_dir=str(ROOT))

    def get(path, **kw):
        got = manager.get(path, **kw)
        return asyncio.run(got) if asyncio.iscoroutine(got) else got

    names = [m["name"] for m in get("notebooks", require_hash=False)["content"]]
    assert "brief.ipynb" in names and "editor.ipynb" in names and not [n for n in names if n.endswith(".py")], names
    assert "editor.py" in [m["name"] for m in get("model")["content"]]
    assert get("notebooks/brief.py", content=True, type="file")["content"].startswith("# ---")


def test_a_share_moved_rebalances_its_group_in_proportion():
    from model.editor import rebalance, share_group
    from model.scenario import SUM_TO_ONE

    sc = model.load_scenario("akimat")
    group = share_group("directions.livestock.budget_share")
    assert set(group) == set(SUM_TO_ONE["directions.*.budget_share"]) and share_group("net_effect.deadweight") == ()
    before = {k: sc.value(k) for k in group}
    after = rebalance(before, "directions.livestock.budget_share", 0.45)
    assert sum(after.values()) == pytest.approx(1, abs=1e-12) and after["directions.livestock.budget_share"] == 0.45
    others = [k for k in group if k != "directions.livestock.budget_share"]
    rest_before = sum(before[k] for k in others)
    for k in others:  # each keeps its share of the rest
        assert after[k] / (1 - 0.45) == pytest.approx(before[k] / rest_before)
    # all the money to one direction, then some back: the others share it equally
    to_one = rebalance(before, "directions.livestock.budget_share", 1.0)
    assert all(to_one[k] == 0 for k in others)
    back = rebalance(to_one, "directions.livestock.budget_share", 0.6)
    assert all(back[k] == pytest.approx(0.1) for k in others)
    with pytest.raises(DataError):
        rebalance(before, "directions.livestock.budget_share", 1.2)
    funding = rebalance({k: sc.value(k) for k in share_group("funding.grant_share")}, "funding.grant_share", 0.3)
    assert sum(funding.values()) == pytest.approx(1, abs=1e-12)


# --- reopen, compare, keep the work (issue 21, items 2 and 4) --------------------------------


def test_a_saved_scenario_reopens_with_its_changes_as_edits_and_saves_again_under_its_name(app, scenarios):
    from model.report import editor as ui
    app.base_pick.value = "funding_cut_25"  # base akimat, programme.budget_scale 0.75
    assert (app.opened, app.base_name) == ("funding_cut_25", "akimat")
    assert app.overrides == {"programme.budget_scale": 0.75} and not app.dirty
    plan = model.project(model.load_scenario("akimat")).summary["jobs_direct"]
    cut = model.project(model.load_scenario("funding_cut_25")).summary["jobs_direct"]
    assert app.current.summary["jobs_direct"] == pytest.approx(cut) and cut < plan
    row = ui.targets_frame(app.current, app.base_projection, "en").loc["jobs"]
    assert row.iloc[2] != row.iloc[3], "projected is the scenario, base is its base"
    assert app.save_name.value == "funding_cut_25" and app.save_titles["en"].value == "Funding cut by 25 %"
    assert "open for editing" in app.notice_box.value
    assert app.set_value("net_effect.deadweight", 0.3) and app.dirty
    app.overwrite.value = True
    assert app.save() == scenarios / "funding_cut_25.yaml", app.save_msg.value
    doc = yaml.safe_load((scenarios / "funding_cut_25.yaml").read_text("utf-8"))
    assert doc["base"] == "akimat"
    assert doc["overrides"] == {"programme.budget_scale": 0.75, "net_effect.deadweight": 0.3}
    assert not app.dirty and app.base_pick.value == "funding_cut_25"
    # a scenario the editor did not write (derived from the outturn) is a base itself, with no edit
    app.base_pick.value = "as_delivered"
    assert (app.opened, app.base_name, app.overrides) == ("as_delivered", "as_delivered", {})
    assert app.save_name.value == "", "the name of the scenario opened before is not offered for this one"
    assert editor.reopen("akimat", scenarios) is None and editor.reopen("as_delivered", scenarios) is None


def test_compare_shows_two_or_three_scenarios_against_the_plan(app):
    from model.report import editor as ui
    assert app.set_value("net_effect.deadweight", 0.3)
    assert app.set_compared(["funding_cut_25", ui.EDIT, "delayed"])
    table = app.compare_table.value
    for name in ("akimat", "funding_cut_25", "delayed"):
        jobs = model.project(model.load_scenario(name)).summary["jobs_direct"]
        assert f"{jobs:,.0f}" in table, name
    assert f"{app.current.summary['jobs_direct']:,.0f}" in table and "The edit on screen" in table
    frame = ui.compare_frame(app.compare_items(), "en")
    assert list(frame.columns[2:]) == [label for label, _ in app.compare_items()]
    assert len(frame.columns) == 2 + 4 and list(frame.index) == list(app.current.targets["key"])
    assert app.compare_chart.value.count("<polyline") == 4 * len(ui.KEY_CHARTS)
    assert 'stroke-dasharray="5,3"' in app.compare_chart.value, "the plan is the dashed reference"
    # the edit's column follows the edit
    assert app.set_value("net_effect.deadweight", 0.2)
    assert f"{app.current.summary['jobs_direct']:,.0f}" in app.compare_table.value
    # at most three besides the plan; the plan itself is the reference, never a fourth column
    assert not app.set_compared(["funding_cut_25", ui.EDIT, "delayed", "pilot_evidence"])
    assert "At most 3" in app.compare_msg.value and len(app.compared) == 3
    assert app.set_compared(["akimat", "delayed"]) and app.compared == ["delayed"]
    assert app.set_compared([]) and app.compare_table.value == ""


def test_a_language_switch_keeps_edits_the_save_form_the_comparison_and_the_chances(app, monkeypatch):
    from model.report import editor as ui
    assert app.set_value("net_effect.deadweight", 0.3)
    app.save_name.value = "my_work"
    for box, text in zip(app.save_titles.values(), TITLES.values()):
        box.value = text
    app.set_compared(["delayed"])
    app._draw(20)
    monkeypatch.setattr(ui.uncertainty, "simulate", lambda *a, **k: pytest.fail("chances computed again"))
    app.lang_pick.value = "ru"
    assert app.overrides == {"net_effect.deadweight": 0.3}
    assert app.save_name.value == "my_work" and [b.value for b in app.save_titles.values()] == list(TITLES.values())
    assert app.compared == ["delayed"] and "Сравнение" not in app.compare_table.value and app.compare_table.value
    assert "(20 " in app.targets.value, "the chances computed before are shown in the new language"


def test_undo_steps_back_through_the_changes(app):
    group = [f"directions.{d}.budget_share" for d in DIRECTIONS]
    before = {k: app.inputs[k].value for k in group}
    assert not app.undo(), "nothing to undo yet"
    assert app.set_value("net_effect.deadweight", 0.3)
    assert app.set_value("directions.livestock.budget_share", 0.45)
    assert app.undo()
    assert app.overrides == {"net_effect.deadweight": 0.3}
    assert {k: app.inputs[k].value for k in group} == pytest.approx(before), "the rebalanced shares move back"
    assert app.undo() and app.overrides == {} and app.inputs["net_effect.deadweight"].value == app.base.value(
        "net_effect.deadweight")
    app.set_value("net_effect.deadweight", 0.3)
    app.reset()
    assert app.overrides == {} and app.undo() and app.overrides == {"net_effect.deadweight": 0.3}


def test_the_work_is_kept_in_a_draft_that_a_new_page_restores(scenarios, tmp_path):
    pytest.importorskip("ipywidgets")
    from model.report import editor as ui
    draft = tmp_path / "draft" / "draft.json"
    first = ui.Editor("akimat", "en", directory=scenarios, draft=draft)
    assert not draft.exists() or not first.dirty
    first.set_value("net_effect.deadweight", 0.3)
    first.save_name.value = "kept"
    for x in ("kk", "ru", "en"):
        first.save_titles[x].value = "Kept"
    first.set_compared(["delayed"])
    first.lang_pick.value = "ru"
    assert "zh-dirty" in first.widget._dom_classes, "leaving the page asks first"
    again = ui.Editor("akimat", "en", directory=scenarios, draft=draft)  # a reload
    assert again.overrides == {"net_effect.deadweight": 0.3} and again.dirty
    assert (again.lang, again.save_name.value, again.save_titles["en"].value) == ("ru", "kept", "Kept")
    assert again.compared == ["delayed"] and "Восстановлены" in again.notice_box.value
    # saved: nothing left unsaved, and the page (and its draft) now edits the saved file
    assert again.save() is not None, again.save_msg.value
    assert "zh-dirty" not in again.widget._dom_classes
    assert ui.Editor("kept", "en", directory=scenarios, draft=draft).overrides == {"net_effect.deadweight": 0.3}
    # a draft of another scenario is not forced on it; a damaged one is named and the page opens clean
    other = ui.Editor("delayed", "en", directory=scenarios, draft=draft)
    assert other.overrides == editor.reopen("delayed", scenarios).overrides and not other.dirty
    draft.write_text("{not json", encoding="utf-8")
    clean = ui.Editor("akimat", "en", directory=scenarios, draft=draft)
    assert clean.overrides == {} and "could not be restored" in clean.notice_box.value and "draft.json" in clean.notice_box.value


def test_typed_shares_that_do_not_sum_to_one_are_scaled_on_a_click(app):
    app.inputs["timeline.launch_shares"].value = "0.5, 0.6"  # typed: refused, the message beside it
    assert app.error is not None and app.messages["timeline.launch_shares"].value
    assert app.scale_to_one("timeline.launch_shares"), app.status.value
    shares = app.current.scenario.value("timeline.launch_shares")
    assert shares == pytest.approx([0.5 / 1.1, 0.6 / 1.1], abs=1e-4) and sum(shares) == pytest.approx(1, abs=1e-12)
    assert editor.parse_list(app.inputs["timeline.launch_shares"].value, "t", "k") == shares, "the box shows them"
    assert editor.scaled_to_one([1, 1, 1], "timeline.launch_shares") == pytest.approx([1 / 3] * 3, abs=1e-4)
    with pytest.raises(DataError, match="not all 0"):
        editor.scaled_to_one([0, 0], "timeline.launch_shares")


@pytest.mark.parametrize("scenario", ["akimat", "pilot_evidence"])
def test_every_unit_beside_a_control_is_written_in_each_language(scenario):
    """No English unit string in a kk or ru page: every assumption's unit has its words in each locale."""
    from model.report import editor as ui, i18n
    for a in editor.assumptions(model.load_scenario(scenario)):
        for lang in i18n.LANGS:
            assert ui.unit_key(a.param.unit) in i18n.texts(lang), (a.path, lang, a.param.unit)

# --- issue 21, items 5-7: the page's language, an honest chance column, assumptions that matter ----

LANGS = ("kk", "ru", "en")


def test_a_decimal_comma_is_read_as_the_page_writes_it():
    assert editor.parse_number("0,5", "editor", "k") == 0.5 == editor.parse_number(" 0.5 ", "editor", "k")
    assert editor.parse_number("1 000,5", "editor", "k") == 1000.5
    assert editor.parse_number("1\u202f000,5", "editor", "k") == 1000.5  # as kk and ru tables write thousands
    assert editor.parse_number("\u22120,3", "editor", "k") == -0.3
    assert editor.parse_number("12", "editor", "k", integer=True) == 12
    for bad, integer in (("1,000.5", False), ("half", False), ("", False), ("inf", False), ("2,5", True)):
        with pytest.raises(DataError):
            editor.parse_number(bad, "editor", "k", integer)
    # a semicolon, or a comma followed by a space, separates; a comma between digits is decimal
    for text in ("0,25; 0,25; 0,5", "0.25, 0.25, 0.5", "0.25,0.25,0.5", "0,25, 0,25, 0,5", "0.25, 0.25; 0.5"):
        assert editor.parse_list(text, "editor", "k") == [0.25, 0.25, 0.5], text
    assert editor.parse_list("0,5", "editor", "k") == [0.5]


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_and_a_number_are_shown_as_typed_back(lang):
    from model.report import editor_texts as plain
    values = [0.068, 0.08, 0.15, 1000.5]
    text = plain.list_text(values, lang)
    assert ("; " in text and "0,068" in text) if lang != "en" else (", " in text and "0.068" in text)
    assert editor.parse_list(text, "editor", "k") == values
    assert editor.parse_number(plain.number_text(1000.5, lang), "editor", "k") == 1000.5
    assert plain.number_text(2019, lang) == "2019", "a year is not grouped in thousands"
    assert editor.parse_number(plain.number_text(123456.5, lang), "editor", "k") == 123456.5


def refusals(scenarios) -> dict:
    """Every kind of refusal the editor can show, made by the code that makes it: (error, control
    path, what was typed)."""
    out = {}

    def catch(name, path, typed, make):
        try:
            make()
        except DataError as e:
            out[name] = (e, path, typed)
        else:
            raise AssertionError(f"{name}: not refused")

    catch("letter", "net_effect.deadweight", "0,3x", lambda: editor.parse_number("0,3x", "editor", "net_effect.deadweight"))
    catch("fraction", "directions.livestock.loan_term_years", "2,5",
          lambda: editor.parse_number("2,5", "editor", "directions.livestock.loan_term_years", integer=True))
    catch("list_letter", "timeline.launch_shares", "a; b",
          lambda: editor.parse_list("a; b", "editor", "timeline.launch_shares"))
    for name, path, value in (
            ("count", "timeline.launch_shares", [0.1] * 8 + [0.05] * 4),
            ("sum", "timeline.launch_shares", [0.5, 0.6]),
            ("group_sum", "directions.livestock.budget_share", 0.9),
            ("negative", "programme.budget_bn_kzt", -5),
            ("share_range", "net_effect.deadweight", 1.5),
            ("whole_range", "directions.livestock.loan_term_years", 0),
            ("list_range", "prices.cpi_inflation", [0.1, -2]),
            ("years", "programme.start_year", 2031),
            ("households", "population.large_families_share", 0.9)):
        catch(name, path, value, lambda: model.load_scenario("akimat", {path: value}, file="editor"))
    catch("rebalanced", "directions.livestock.budget_share", 1.2,
          lambda: editor.rebalance({f"directions.{d}.budget_share": 0.2 for d in DIRECTIONS},
                                   "directions.livestock.budget_share", 1.2))
    catch("title", None, None, lambda: editor.complete_titles({"en": "x"}, "ru"))
    catch("name", None, None, lambda: editor.save_scenario("Bad Name", TITLES, "akimat", {}, directory=scenarios))
    catch("name_base", None, None, lambda: editor.save_scenario("akimat", TITLES, "akimat", {}, directory=scenarios))
    catch("name_taken", None, None, lambda: editor.save_scenario("delayed", TITLES, "akimat", {}, directory=scenarios))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_refusal_is_one_line_in_the_page_language_and_names_what_is_allowed(lang, scenarios):
    from model.report import editor_texts as plain
    from model.report import i18n, tables
    found = refusals(scenarios)
    for name, (e, path, typed) in found.items():
        kind = plain.error_kind(e)
        assert kind != "unknown", (name, e)
        line = plain.error_line(e, lang, path, typed)
        assert "\n" not in line and "expected" not in line and str(e) not in line, (name, line)
        assert lang == "en" or e.expected not in line, (name, line)  # kk, ru: none of the loader's English
        assert line.strip() and "{" not in line, (name, line)
        if path is not None:  # an edit: the assumption by its name, and the value as typed
            assert tables.param_label(path, lang) in line, (name, line)
            if isinstance(typed, str):
                assert typed in line, (name, line)
    # what is allowed, in the page's words: the bounds as the tables write them
    e, path, typed = found["share_range"]
    assert f"{tables.param_value(1, 'share', lang)}" in plain.error_line(e, lang, path, typed)
    e, path, typed = found["sum"]
    assert tables.cell(1.1, "share", lang, 1) in plain.error_line(e, lang, path, typed)
    e, path, typed = found["years"]
    assert all(tables.param_label(f"programme.{y}", lang) in plain.error_line(e, lang, path, typed) for y in plain.YEARS)
    # every template exists in every language
    keys = {k for k in i18n.texts("en") if k.startswith(plain.P)}
    assert keys and all(keys <= set(i18n.texts(x)) for x in LANGS)


def test_a_refusal_names_the_assumption_refused_not_the_control_moved_after_it(app):
    assert not app.set_value("timeline.launch_shares", "0.5, 0.6")
    assert not app.set_value("net_effect.deadweight", 0.3)  # the launch shares still do not sum to 1
    line = app.messages["net_effect.deadweight"].value
    assert "Share of projects launched each year" in line and "50.0% / 60.0%" in line  # as it stands


@pytest.fixture
def app_ru(scenarios):
    pytest.importorskip("ipywidgets")
    from model.report import editor as ui
    return ui.Editor("akimat", "ru", draws=20, directory=scenarios)


def test_the_russian_page_reads_a_decimal_comma_and_answers_in_russian(app_ru, akimat):
    from model.report import tables
    app = app_ru
    assert app.inputs["timeline.launch_shares"].value == "0,5; 0,5"  # a list as the page writes it
    assert app.set_value("net_effect.deadweight", "0,3")
    assert app.overrides == {"net_effect.deadweight": 0.3}
    assert app.set_value("timeline.launch_shares", "0,6; 0,4")
    assert app.current.scenario.value("timeline.launch_shares") == [0.6, 0.4]
    assert not app.set_value("timeline.launch_shares", "0,5; 0,6")
    line = app.messages["timeline.launch_shares"].value
    assert tables.param_label("timeline.launch_shares", "ru") in line and "«0,5; 0,6»" in line
    assert "110,0\u00a0%" in line and "sum to" not in line
    # a slider's readout as the tables show it: 45,0 % for a share
    path = "directions.livestock.budget_share"
    app.set_value("timeline.launch_shares", "0,5; 0,5")
    app.inputs[path].value = 0.45
    shown = [wd.value for wd in _widgets(app.widget) if "zh-readout-directions--livestock--budget_share" in wd._dom_classes]
    assert shown == [tables.param_value(0.45, "share", "ru")] == ["45,0\u00a0%"]


def _widgets(w):
    yield w
    for c in getattr(w, "children", ()):
        yield from _widgets(c)


@pytest.mark.parametrize("lang, expected", [("ru", "45,0\u00a0%"), ("kk", "45,0\u00a0%"), ("en", "45.0%")])
def test_readouts_as_the_tables_show_them(lang, expected):
    from model.report import editor_texts as plain
    assert plain.readout_text(0.45, "share", lang, 0.005) == expected
    assert plain.readout_text(0.4525, "share", lang, 0.0005) == ("45.25%" if lang == "en" else "45,25\u00a0%")
    assert plain.readout_text(2022, "year", lang, 1) == "2022"


def test_one_title_is_required_and_the_others_are_filled_from_it(app_ru, scenarios):
    assert editor.complete_titles({"ru": " Меньше  мест ", "en": ""}, "ru") == {
        "kk": "Меньше мест", "ru": "Меньше мест", "en": "Меньше мест"}
    assert editor.complete_titles({"ru": "А", "en": "B"}, "ru")["en"] == "B"
    with pytest.raises(DataError, match="title.ru"):
        editor.complete_titles({"kk": "x", "en": "y"}, "ru")
    app = app_ru
    assert app.set_value("net_effect.deadweight", "0,3")
    app.save_name.value = "one_title"
    assert app.save() is None and "название" in app.save_msg.value  # no title in the page's language
    app.save_titles["ru"].value = "Один заголовок"
    app.save_titles["en"].value = "One title"
    app.fill_titles()  # on request: only the empty ones are filled
    assert {x: b.value for x, b in app.save_titles.items()} == {"kk": "Один заголовок", "ru": "Один заголовок",
                                                              "en": "One title"}
    app.save_titles["kk"].value = ""
    saved = app.save()
    assert yaml.safe_load(saved.read_text("utf-8"))["title"] == {"kk": "Один заголовок", "ru": "Один заголовок",
                                                                 "en": "One title"}
    assert app.save_titles["kk"].value == "Один заголовок", "the boxes show the titles saved"


def test_the_chance_column_is_marked_stale_after_an_edit_and_refreshed_in_one_click(app_ru):
    app = app_ru
    assert "zh-stale" not in app.targets.value and "Вероятность" not in app.targets.value
    app._chance_button.click()  # computed for the edit on screen
    assert "Вероятность (20 вариантов)" in app.targets.value and "zh-stale" not in app.targets.value
    assert "до последнего изменения" not in app.targets.value and app._chance_button.button_style == ""
    assert app.set_value("net_effect.deadweight", 0.3)
    assert "zh-stale" in app.targets.value and "(до последнего изменения)" in app.targets.value
    assert app._chance_button.description.startswith("Пересчитать") and app._chance_button.button_style == "warning"
    app._chance_button.click()
    fresh = app.targets.value
    assert "zh-stale" not in fresh and "до последнего изменения" not in fresh
    assert app._chance["overrides"] == {"net_effect.deadweight": 0.3}
    # what the column means, beside it
    notes = [wd.value for wd in _widgets(app.widget) if "zh-chance-note" in wd._dom_classes]
    assert len(notes) == 1 and "Монте-Карло" in notes[0] and "Выполняется" in notes[0]


def test_effects_say_which_targets_an_assumption_moves(akimat):
    from model import sensitivity
    found = editor.effects(akimat)
    sw = sensitivity.swings(akimat)
    targets = model.project(akimat).targets.set_index("key")
    for key, frame in sw.items():
        scale = max(abs(targets.at[key, "target"]), abs(frame["base"].iloc[0]))
        for path, swing in zip(frame["path"], frame["swing"]):
            assert (key in found[path]) == (swing >= editor.NO_EFFECT * scale), (path, key)
    # the direct jobs target ignores the indirect jobs per job; the money by direction moves the jobs
    assert found["directions.livestock.indirect_jobs_per_job"] == ()
    assert "jobs" in found["directions.livestock.budget_share"]
    assert "programme.budget_bn_kzt" not in found  # no plausible range: not measured


def test_each_control_says_which_targets_it_moves(app):
    rows = {a.path: a for a in app.assumptions}
    for path in rows:  # every section made (a section's controls are made when it is first opened)
        app.inputs[path]
    boxes = [wd for wd in _widgets(app.widget) if "zh-no-effect" in getattr(wd, "_dom_classes", ())]
    none = [p for p, moved in app.effects.items() if moved == () and p in rows]
    assert none and len(boxes) == len(none)
    text = " ".join(wd.value for wd in _widgets(app.widget) if isinstance(getattr(wd, "value", None), str)
                    and "zh-effect" in wd.value)
    assert "Moves no target" in text and "Moves: " in text and "not measured" in text and "measured only with" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_editor_uses_the_terms_of_the_word_list(lang):
    """The concepts items 5-7 introduce are written as model/report/locales/terms.yaml says."""
    from model.report import i18n
    terms = yaml.safe_load((ROOT / "model" / "report" / "locales" / "terms.yaml").read_text("utf-8"))["concepts"]
    texts = i18n.texts(lang)
    assert terms["moves_no_target"][lang]["use"].lower() in texts["editor.plain.effects.none"].lower()
    assert terms["chance_of_target"][lang]["use"].lower() in texts["editor.plain.chance.note"].lower()
    assert terms["monte_carlo_draw"][lang]["use"].lower() in texts["editor.plain.chance.note"].lower()
    assert terms["plausible_range"][lang]["use"].lower() in texts["editor.plain.effects.none"].lower()


def test_a_link_carries_the_edit_and_opens_it_on_any_page(scenarios, tmp_path):
    pytest.importorskip("ipywidgets")
    from model.report import editor as ui
    first = ui.Editor("akimat", "en", directory=scenarios)
    first.base_pick.value = "funding_cut_25"
    assert first.set_value("net_effect.deadweight", 0.3)
    query = f"token=abc&{editor.LINK_KEY}={first.link.value}"
    assert first.link.value == first.link_query()
    # another page, another machine: no draft, only the link (and a draft of other work loses to it)
    draft = tmp_path / "draft.json"
    ui.Editor("akimat", "ru", directory=scenarios, draft=draft).set_value("net_effect.deadweight", 0.2)
    other = ui.Editor("akimat", "ru", directory=scenarios, draft=draft, query=query)
    assert (other.opened, other.base_name, other.lang) == ("funding_cut_25", "akimat", "en")
    assert other.overrides == {"programme.budget_scale": 0.75, "net_effect.deadweight": 0.3}
    assert other.dirty and "Opened from the link" in other.notice_box.value
    assert other.current.summary == first.current.summary
    # a damaged or outdated link is named in one line; the page opens as it would without it
    for bad in ("edit=%%%", "edit=" + editor.edit_query({"opened": "akimat", "base": "akimat",
                                                          "edits": {"no.such.path": 1}})):
        page = ui.Editor("akimat", "en", directory=scenarios, query=bad)
        assert page.overrides == {} and "could not be opened" in page.notice_box.value
    with pytest.raises(DataError, match="page's address"):
        editor.edit_from_query("edit=" + editor.edit_query({"base": "akimat", "edits": {"net_effect.deadweight": 7}}))
    assert editor.edit_from_query("token=abc") is None
