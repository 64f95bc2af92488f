"""The runner, the notebooks and the commands in another pack than the default (model/paths.py):
each scenario runs in its pack, a kernel kept from another pack's notebook shows the new pack's
numbers, another pack writes its own folder while the default pack's folders are named as before,
a page written about what a pack lacks is left out, and bad input (an unknown pack, a figure a
notebook cell finds missing) is exit 2 with one line."""
import contextlib
import io
import json
import subprocess
import sys

import nbformat
import pytest

import model
from model import packs, pages, rundir, runner
from model.paths import ROOT, Pack, pack, using

slow = pytest.mark.slow

AUYL = "auyl_amanaty_plan"  # written for auyl_amanaty_2023 in zhambyl (data/scenarios/auyl_amanaty_plan.yaml)
# what a notebook shows, read back from its output: the pack in force and two figures of its projection
SHOW = ('p = model.project(model.load_scenario(scenario, overrides))\n'
        'print(json.dumps({"pack": str(model.paths.pack()), "budget": p.summary["budget_bn_kzt"],'
        ' "jobs": p.summary["jobs_direct"]}))')


def _run(**kw):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = runner.run_suite(**kw)
    return rc, out.getvalue(), err.getvalue()


def shown(path) -> dict:
    nb = nbformat.read(path, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def project_json(*args) -> dict:
    run = subprocess.run([sys.executable, "-m", "model", "project", *args, "--json"], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture
def pack_notebooks(tmp_path, write_notebook):
    """A notebook that starts as every suite notebook does (its pack in force through model.use_pack),
    then prints its projection's figures; and one named like notebook 03, which is written about
    the 2019 article's jobs."""
    nbs = tmp_path / "nbs"
    first = "import json\nimport model\nmodel.use_pack(scenario, programme, region{})"
    write_notebook(nbs / "figures.ipynb", first.format(""), SHOW)
    write_notebook(nbs / "03_jobs.ipynb", first.format(', page="03_jobs"'), SHOW)
    return nbs


def test_the_default_pack_keeps_its_folders_and_another_pack_has_its_own(tmp_path):
    default = packs.resolve("zhambyl_2019", "zhambyl")
    auyl = packs.resolve("auyl_amanaty_2023", "zhambyl")
    assert runner.scenario_dir(tmp_path, "akimat", runner.DRAWS, pack=default) == tmp_path / "akimat"
    assert runner.scenario_dir(tmp_path, "akimat", runner.DRAWS_FAST, pack=default) == tmp_path / "akimat+fast"
    assert runner.scenario_dir(tmp_path, AUYL, runner.DRAWS, pack=auyl) == tmp_path / f"{AUYL}+auyl_amanaty_2023@zhambyl"
    # the same scenario name in two packs: two folders ("@" is in no scenario name)
    toy = Pack("toy_2030", "zhambyl")
    assert runner.scenario_dir(tmp_path, "as_stated", runner.DRAWS_FAST, pack=toy).name == "as_stated+toy_2030@zhambyl+fast"
    assert rundir.pack_tags(None) == []


def test_the_pack_a_scenario_runs_in_never_depends_on_the_pack_in_force():
    with using(packs.resolve("auyl_amanaty_2023", "zhambyl")):
        assert model.pack_for("akimat") == packs.resolve("zhambyl_2019", "zhambyl")
        assert model.pack_for(AUYL) == packs.resolve("auyl_amanaty_2023", "zhambyl")
    assert model.pack_for("akimat", "auyl_amanaty_2023").programme == "auyl_amanaty_2023"  # named: that one
    assert model.pack_for(None, "", "zhambyl") == packs.resolve("zhambyl_2019", "zhambyl")
    with pytest.raises(model.DataError, match="--programme = 'nope'"):
        model.pack_for("akimat", "nope")


def test_a_page_about_what_a_pack_lacks_says_what_in_one_line():
    auyl = packs.resolve("auyl_amanaty_2023", "zhambyl")
    assert all(pages.missing(page) is None for page in pages.NEEDS)  # the 2019 programme has everything
    why = pages.missing(pages.BRIEF_2019, auyl)  # the 2019 brief's page one reads the programme's own pilot and lending
    assert "own pilot.yaml and outturn.yaml" in why and "auyl_amanaty_2023" in why
    assert "article.yaml: new_jobs, entrepreneurs" in pages.missing("03_jobs", auyl)
    assert pages.missing("brief", auyl) is None and pages.missing("editor", auyl) is None
    with using(pack()), pytest.raises(model.DataError,  # the pack in force again after the block
                                      match=r"notebooks/03_jobs.ipynb: pack = 'auyl_amanaty_2023 in zhambyl'"):
        model.use_pack(AUYL, page="03_jobs")
    assert pack() == packs.resolve("zhambyl_2019", "zhambyl")


@slow
def test_a_run_in_another_pack_shows_that_packs_projection(tmp_path, pack_notebooks):
    """(a) ``run --scenario auyl_amanaty_plan`` runs in its own pack: the notebook's figures are
    ``project --json`` for that pack; notebook 03 (the 2019 article's jobs) is left out with one line."""
    out = tmp_path / "out"
    rc, stdout, stderr = _run(scenarios=[AUYL], langs=["en"], out=out, fast=True, pdf=False, notebooks=pack_notebooks,
                              jobs=1)
    assert rc == 0, stderr
    root = out / f"{AUYL}+auyl_amanaty_2023@zhambyl+fast"
    got = shown(root / "en" / "figures.ipynb")
    want = project_json("--programme", "auyl_amanaty_2023", "--region", "zhambyl")["summary"]
    assert got["pack"] == "auyl_amanaty_2023 in zhambyl"
    assert got["budget"] == pytest.approx(want["budget_bn_kzt"], rel=1e-12)
    assert got["jobs"] == pytest.approx(want["jobs_direct"], rel=1e-12)
    assert not (root / "en" / "03_jobs.ipynb").exists()
    notes = [ln for ln in stderr.splitlines() if ln.startswith("note:")]
    assert len(notes) == 1 and "left out: 03_jobs" in notes[0] and "new_jobs" in notes[0], stderr
    results = json.loads((root / "results.json").read_text("utf-8"))
    assert results["summary"]["jobs_direct"] == pytest.approx(want["jobs_direct"], rel=1e-11)
    assert list(results["run"]["left_out"]) == ["03_jobs"] and results["run"]["notebooks"] == ["figures"]


@slow
def test_a_kept_kernel_switching_packs_shows_each_packs_numbers(tmp_path, pack_notebooks):
    """(b) one worker, one kept kernel: the 2019 plan, then Auyl Amanaty, then the 2019 programme
    again; each notebook shows its own pack's projection, never the one before it. (c) the default
    pack's folders and results.json are as they were: no pack tag, no ``left_out``."""
    out = tmp_path / "out"
    scenarios = ["akimat", AUYL, "funding_cut_25"]
    rc, stdout, stderr = _run(scenarios=scenarios, langs=["en"], out=out, fast=True, pdf=False,
                              notebooks=pack_notebooks, jobs=1)
    assert rc == 0, stderr
    folders = {"akimat": "akimat+fast", AUYL: f"{AUYL}+auyl_amanaty_2023@zhambyl+fast",
               "funding_cut_25": "funding_cut_25+fast"}
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(folders.values())
    for name, folder in folders.items():
        got = shown(out / folder / "en" / "figures.ipynb")
        want = project_json("--scenario", name)["summary"]
        assert got["budget"] == pytest.approx(want["budget_bn_kzt"], rel=1e-12), name
        assert got["jobs"] == pytest.approx(want["jobs_direct"], rel=1e-12), name
        results = json.loads((out / folder / "results.json").read_text("utf-8"))
        if name != AUYL:
            assert got["pack"] == "zhambyl_2019 in zhambyl"
            assert "left_out" not in results["run"] and (out / folder / "en" / "03_jobs.ipynb").exists()
    assert shown(out / folders["akimat"] / "en" / "figures.ipynb")["budget"] != \
        shown(out / folders[AUYL] / "en" / "figures.ipynb")["budget"]


def test_run_with_an_unknown_pack_is_exit_2_with_one_line_before_any_kernel(tmp_path):
    for args, named in ((["--programme", "nope"], "--programme = 'nope'"), (["--region", "atlantis"], "--region = 'atlantis'")):
        r = subprocess.run([sys.executable, "-m", "model", "run", *args, "--out", str(tmp_path / "out")],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1 and named in lines[0], r.stderr
        assert not (tmp_path / "out").exists()


@slow
def test_a_data_error_in_a_notebook_cell_is_exit_2_with_its_one_line(tmp_path, write_notebook):
    """A figure a region lacks is found by a notebook (model.DataError raised in a cell): the run
    ends with exit 2 and that error's line alone on stderr; nothing is published."""
    nbs = tmp_path / "nbs"
    write_notebook(nbs / "needs.ipynb", "import model",
                   'raise model.DataError("regions/somewhere/region.yaml", "output.agriculture_bn_kzt", None,'
                   ' "the region\'s agricultural output (a figure notebook 05 needs)")')
    out = tmp_path / "out"
    rc, stdout, stderr = _run(scenarios=["akimat"], langs=["en"], out=out, fast=True, pdf=False, notebooks=nbs, jobs=1)
    assert rc == 2
    lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("notebooks")]  # the progress bar
    assert lines == ["error: regions/somewhere/region.yaml: output.agriculture_bn_kzt = None: expected the "
                     "region's agricultural output (a figure notebook 05 needs)"], stderr
    assert not (out / "akimat+fast").exists()


def test_decide_and_microsim_take_the_pack():
    r = subprocess.run([sys.executable, "-m", "model", "decide", "--programme", "auyl_amanaty_2023"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr
    assert "programmes/auyl_amanaty_2023/outturn.yaml: outturn: expected the reported lending of auyl_amanaty_2023" in lines[0]
    micro = subprocess.run([sys.executable, "-m", "model", "microsim", "--programme", "auyl_amanaty_2023", "--json"],
                           capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert micro.returncode == 0, micro.stderr  # its plan, the checks held to the region's history (the 2019 pilot)
    d = json.loads(micro.stdout)
    assert d["scenario"] == AUYL and all(c["ok"] for c in d["checks"]), d["checks"]
    for command in ("decide", "microsim", "run"):
        help_text = subprocess.run([sys.executable, "-m", "model", command, "--help"], capture_output=True, text=True,
                                   cwd=ROOT, timeout=300).stdout
        assert "--programme" in help_text and "--region" in help_text, command


def test_the_editor_opens_the_pack_its_page_names():
    """``make app``: ``?programme=NAME&region=NAME`` in the page's address wins over the notebook's
    parameters; the editor then opens that pack's plan and compares against it."""
    from model.report import editor

    assert editor.page_pack("", "", query="programme=auyl_amanaty_2023&edit=abc") == ("auyl_amanaty_2023", "")
    assert editor.page_pack("zhambyl_2019", "zhambyl", query="") == ("zhambyl_2019", "zhambyl")
    with using(model.pack_for("akimat", *editor.page_pack("", "", query="programme=auyl_amanaty_2023"))):
        assert packs.default_scenario() == AUYL
        assert AUYL in model.list_scenarios() and "akimat" not in model.list_scenarios()
