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
    assert again.compared == ["delayed"] and "Восстановлена" in again.notice_box.value
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
