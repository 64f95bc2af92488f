"""The notebook runner (``python -m model run``): every notebook, every scenario, PDFs, failures.

The slow tests execute the real ``notebooks/*.ipynb`` (``--fast``: 100 draws). The failure
cases use small notebooks written into tmp directories.
"""
import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import model
from model import rundir, runner
from model.paths import NOTEBOOKS, ROOT
from model.report import i18n

slow = pytest.mark.slow
REAL = sorted(NOTEBOOKS.glob("*.ipynb"))
SCENARIOS = list(model.list_scenarios())
OTHERS = [s for s in SCENARIOS if s != "akimat"]
KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile("[А-Яа-яЁё]")
OVERRIDE = {"programme.budget_scale": 0.8}

# Latin-letter words allowed in kk/ru PDFs: what Kazakh and Russian texts also write in Latin
# letters. Everything else (an English word, an untranslated key) fails the test.
LATIN_ALLOWED = {"primeminister", "kz"}  # a source's web address (primeminister.kz), cited as written
ROMAN = re.compile(r"^[IVX]+$")  # "2019 ж. I жартыжылдығы": half-years and quarters


def _run(**kw):
    """run_suite with stdout/stderr captured: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = runner.run_suite(**kw)
    return rc, out.getvalue(), err.getvalue()


def errors(stderr: str) -> str:
    """The runner's failure messages, without the progress bar."""
    return "\n".join(ln for ln in stderr.splitlines() if ln.startswith(("error:", "  executed", "warning:")))


def _tool(name):
    if shutil.which(name) is None:
        pytest.skip(f"{name} is missing (Debian package poppler-utils; CI installs it)")
    return name


def pdf_text(pdf: Path) -> str:
    """pdftotext output with every kind of space (NBSP, narrow NBSP, line breaks) as one space."""
    text = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(re.sub(r"[\u00a0\u202f\u2009]", " ", text).split())


def flat(s: str) -> str:
    return " ".join(re.sub(r"[\u00a0\u202f\u2009]", " ", s).split())


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, emb) per pdffonts row; read from the right: names may be wider than their column."""
    lines = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    assert lines[0].split()[-5:] == ["emb", "sub", "uni", "object", "ID"], lines[0]
    return [(row.split()[0], row.split()[-5]) for row in lines[2:] if row.strip()]


def executed_ok(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    return bool(code) and all(c.execution_count for c in code) and not any(
        o.output_type == "error" for c in code for o in c.outputs)


def test_notebooks_exist():
    assert REAL, f"no notebooks in {NOTEBOOKS}: the suite has nothing to run"
    assert any(p.stem == runner.BRIEF for p in REAL), "notebooks/brief.ipynb is missing"


# --------------------------------------------------------------------------- the real suite

def fast_dir(out: Path, scenario: str) -> Path:
    return runner.scenario_dir(out, scenario, runner.DRAWS_FAST)


@slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_notebook_runs(scenario, akimat_suite, other_scenarios):
    run = akimat_suite if scenario == "akimat" else other_scenarios
    failed = [ln for ln in run["stderr"].splitlines() if ln.startswith("error:") and f"scenario {scenario}," in ln]
    assert not failed, "\n".join(failed)
    assert run["rc"] == 0, errors(run["stderr"])
    langs = i18n.LANGS if scenario == "akimat" else ("kk",)
    for lang in langs:
        for nb in REAL:
            done = fast_dir(run["out"], scenario) / lang / f"{nb.stem}.ipynb"
            assert done.exists(), f"{done} missing"
            assert executed_ok(done), f"{done} has unexecuted cells or errors"
            params = nbformat.read(done, as_version=4).metadata.papermill.parameters
            assert params == {"scenario": scenario, "programme": "", "region": "", "lang": lang, "overrides": {}, "seed": runner.SEED,
                              "draws": runner.DRAWS_FAST}
    results = json.loads((fast_dir(run["out"], scenario) / "results.json").read_text(encoding="utf-8"))
    assert results["scenario"] == scenario and results["failed"] == []
    assert results["summary"] == json.loads(runner.dump_json(model.project(model.load_scenario(scenario)).as_dict()))["summary"]


def outputs(path: Path) -> list:
    """Every output of an executed notebook, as (cell, type, data or text), and the In [n] numbers."""
    nb = nbformat.read(path, as_version=4)
    return [(i, c.execution_count, o.output_type, o.get("data") or o.get("text"))
            for i, c in enumerate(nb.cells) if c.cell_type == "code" for o in c.outputs] + [
        [c.execution_count for c in nb.cells if c.cell_type == "code"]]


@slow
def test_kept_kernels_match_fresh_kernels(akimat_suite, fresh_kernels):
    """The default (one kept kernel per worker, reset between notebooks, the scenario's results
    computed once and read from computed.npz) changes no output: texts, tables and PNG bytes
    equal those of a new kernel per notebook computing its own results, as a notebook run alone does."""
    assert akimat_suite["rc"] == 0 and fresh_kernels["rc"] == 0, errors(fresh_kernels["stderr"])
    assert (akimat_suite["root"] / "computed.npz").is_file()
    assert not (fresh_kernels["root"] / "computed.npz").exists()
    for nb in REAL:
        kept = akimat_suite["root"] / "kk" / f"{nb.stem}.ipynb"
        fresh = fresh_kernels["root"] / "kk" / f"{nb.stem}.ipynb"
        assert outputs(kept) == outputs(fresh), f"{nb.stem}: a kept kernel changed the outputs"


@slow
def test_suite_outputs_and_stdout(akimat_suite):
    assert akimat_suite["rc"] == 0, errors(akimat_suite["stderr"])
    out = akimat_suite["root"]
    assert out.name == "akimat+fast" and not (akimat_suite["out"] / "akimat").exists(), "--fast keeps apart"
    assert akimat_suite["results"]["run"]["folder"] == "akimat+fast"
    assert not [p for p in akimat_suite["out"].iterdir() if p.name.startswith(".")], "staging left behind"
    expected = [out / lang / f"{nb.stem}.{ext}" for lang in i18n.LANGS for nb in REAL for ext in ("ipynb", "pdf")]
    missing = [str(p) for p in expected if not p.exists()]
    assert not missing, missing
    assert not [p for p in out.rglob(".*")], "temporary files left behind"
    listed = [Path(line) for line in akimat_suite["stdout"].splitlines()]
    assert sorted(map(str, listed)) == sorted(str(p) for p in expected if p.suffix == ".pdf")
    assert [p.name for p in listed[:3]] == ["brief.pdf"] * 3, "the briefs are listed first"
    files = akimat_suite["results"]["files"]
    assert sorted(files) == sorted(p.relative_to(out).as_posix() for p in expected)


def headline(results: dict, lang: str) -> dict[str, str]:
    """The brief's headline figures, formatted by i18n from results.json (never typed in)."""
    s = results["summary"]
    return {
        "budget_bn_kzt": i18n.money_bn(s["budget_bn_kzt"], lang),
        "jobs_direct": i18n.number(s["jobs_direct"], lang),
        "output_added_bn_kzt": i18n.money_bn(s["output_added_bn_kzt"], lang),
        "fiscal_cost_bn_kzt": i18n.money_bn(s["fiscal_cost_bn_kzt"], lang),
        "tsa_people_out": i18n.number(s["tsa_people_out"], lang),
    }


@slow
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_brief_pdf(lang, akimat_suite):
    assert akimat_suite["rc"] == 0, errors(akimat_suite["stderr"])
    brief = akimat_suite["root"] / lang / "brief.pdf"
    text = pdf_text(brief)
    if lang == "kk":
        assert KK_LETTERS & set(text), "no Kazakh letters in the kk brief"
    if lang in ("kk", "ru"):
        assert len(CYRILLIC.findall(text)) > 200
    for key, figure in headline(akimat_suite["results"], lang).items():
        assert flat(figure) in text, f"{key} = {figure!r} not in {brief}"
    assert flat(i18n.t("brief.title", lang)) in text
    assert flat(model.list_scenarios()["akimat"][lang]) in text


@slow
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_pdf_fonts_embedded(lang, akimat_suite):
    for pdf in sorted((akimat_suite["root"] / lang).glob("*.pdf")):
        rows = fonts(pdf)
        assert rows, f"{pdf}: no fonts"
        assert all(emb == "yes" for _, emb in rows), f"{pdf}: not embedded: {[n for n, emb in rows if emb != 'yes']}"


@slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_left(lang, akimat_suite):
    found = {}
    for pdf in sorted((akimat_suite["root"] / lang).glob("*.pdf")):
        words = {w for w in re.findall(r"[A-Za-z]+", pdf_text(pdf)) if w not in LATIN_ALLOWED and not ROMAN.match(w)}
        if words:
            found[pdf.name] = sorted(words)
    assert not found, f"Latin-letter words in the {lang} PDFs: {found}"


@slow
def test_override_changes_figures(akimat_suite, tmp_path):
    brief = NOTEBOOKS / "brief.ipynb"
    assert brief.exists(), "notebooks/brief.ipynb is missing"
    rc, stdout, stderr = _run(scenarios=["akimat"], langs=["kk"], overrides=OVERRIDE, out=tmp_path, fast=True,
                              pdf=True, notebooks=[brief])
    assert rc == 0, errors(stderr)
    folder = runner.scenario_dir(tmp_path, "akimat", runner.DRAWS_FAST, OVERRIDE)
    digest = rundir.overrides_digest(OVERRIDE)
    assert folder.name == f"akimat+fast+set-{digest}" and f"overrides digest {digest}" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name], "an override run wrote elsewhere"
    assert stdout.split() == [str(folder / "kk" / "brief.pdf")]
    cut = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert cut["run"]["folder"] == folder.name and cut["run"]["overrides_digest"] == digest
    base = akimat_suite["results"]
    assert cut["overrides"] == OVERRIDE and base["overrides"] == {}
    assert cut["summary"]["budget_bn_kzt"] == pytest.approx(0.8 * base["summary"]["budget_bn_kzt"])
    new, old = headline(cut, "kk"), headline(base, "kk")
    changed = [k for k in new if new[k] != old[k]]
    assert changed, "the override changed none of the headline figures"
    text = pdf_text(folder / "kk" / "brief.pdf")
    for k in changed:
        assert flat(new[k]) in text, f"{k}: {new[k]!r} not in the brief"
    assert "programme.budget_scale" in text, "the PDF subtitle names the override"


def test_results_json_is_deterministic(tmp_path):
    """Same inputs and seed -> the same bytes, from two separate processes (calibration included)."""
    code = ("import sys, model; from model import runner; "
            "p = model.project(model.load_scenario('akimat', {'programme.budget_scale': 0.8})); "
            "sys.stdout.buffer.write(runner.dump_json(runner.scenario_results(p, {'programme.budget_scale': 0.8}, "
            "seed=2019, draws=100, langs=['kk'], notebooks=['brief'], files=['kk/brief.pdf'], failed=[])))")
    a, b = (subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout for _ in range(2))
    assert a == b
    d = json.loads(a)
    assert d["summary"]["jobs_direct"] is not None and d["run"]["seed"] == 2019
    assert all(len(repr(v)) <= 20 for v in d["summary"].values() if isinstance(v, float)), "floats rounded"


# --------------------------------------------------------------------------- bad input and failures

@pytest.mark.parametrize("parameters, key", [
    ("scenario = 'akimat'\nprogramme = ''\nregion = ''\nlang = 'kk'\noverrides = {}\nseed = 2019\n", "draws"),
    ("scenario = 'akimat'\nlang = 'kk'\noverrides = {}\nseed = 2019\ndraws = 100\n", "programme"),  # takes no pack
    (None, "scenario"),  # no parameters cell at all
])
def test_undeclared_parameter_stops_everything(tmp_path, write_notebook, parameters, key):
    nbs = tmp_path / "nbs"
    write_notebook(nbs / "a_first.ipynb", "open('EXECUTED', 'w').close()")
    write_notebook(nbs / "b_old.ipynb", "open('EXECUTED', 'w').close()", parameters=parameters)
    with pytest.raises(model.DataError) as e:
        runner.run_suite(scenarios=["akimat"], langs=["kk"], out=tmp_path / "out", fast=True, pdf=False, notebooks=nbs)
    assert e.value.file.endswith("b_old.ipynb") and e.value.key == key
    assert "b_old.ipynb" in str(e.value) and key in str(e.value) and "parameters cell" in str(e.value)
    assert not (nbs / "EXECUTED").exists(), "a notebook ran before validation finished"
    assert not (tmp_path / "out").exists()


def test_missing_pdf_title_is_an_error(tmp_path, write_notebook):
    nb = write_notebook(tmp_path / "zz_untitled.ipynb", "open('EXECUTED', 'w').close()")
    with pytest.raises(model.DataError, match="zz_untitled.title"):
        runner.run_suite(scenarios=["akimat"], langs=["kk"], out=tmp_path / "out", fast=True, pdf=True, notebooks=[nb])
    assert not (tmp_path / "EXECUTED").exists() and not (tmp_path / "out").exists()


def test_empty_notebooks_directory(tmp_path):
    with pytest.raises(model.DataError, match="at least one notebook"):
        runner.run_suite(scenarios=["akimat"], langs=["kk"], out=tmp_path / "out", notebooks=tmp_path)


@slow
def test_failing_notebook(tmp_path, write_notebook):
    """One failing notebook: nothing is published, the earlier outputs stay byte for byte, the
    failed execution is kept apart in <folder>+failed/ and every error is one line."""
    nbs = tmp_path / "nbs"
    write_notebook(nbs / "good.ipynb", "import model", "x = model.load_scenario(scenario, overrides).name\nprint(x)")
    write_notebook(nbs / "bad.ipynb", "y = 1", "# the failing cell\nraise ValueError('boom: ' + lang)", "z = 2")
    out = tmp_path / "out"
    root = fast_dir(out, "akimat")
    for lang in ("kk", "ru"):  # an earlier, good run
        for stem in ("good", "bad"):
            write_notebook(root / lang / f"{stem}.ipynb", f"earlier = {stem!r}")
    (root / "results.json").write_text('{"files": ["kk/bad.ipynb"]}')
    before = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    rc, stdout, stderr = _run(scenarios=["akimat"], langs=["kk", "ru"], out=out, fast=True, pdf=False,
                              notebooks=nbs, jobs=2)
    assert rc == 1
    errors = [ln for ln in stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2, stderr
    for lang, line in zip(["kk", "ru"], errors):
        assert "bad.ipynb" in line and f"scenario akimat, lang {lang}" in line
        assert "cell 3 `# the failing cell`" in line and f"ValueError: boom: {lang}" in line
    assert "Traceback" not in stderr and "good.ipynb" not in "".join(errors)
    assert f"nothing published: {root}/ is as it was before this run" in stderr
    after = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before, "a failed run changed the earlier outputs"
    kept = out / "akimat+fast+failed"
    assert sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*") if p.is_file()) == [
        "kk/bad.failed.ipynb", "ru/bad.failed.ipynb"]
    for lang in ("kk", "ru"):
        failed = nbformat.read(kept / lang / "bad.failed.ipynb", as_version=4)
        assert any(o.output_type == "error" for c in failed.cells if c.cell_type == "code" for o in c.outputs)
        assert f"executed notebook kept as {kept / lang / 'bad.failed.ipynb'}" in stderr
    assert stdout == "", "a run that published nothing listed files"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "staging left behind"
    # the next good run publishes and removes the kept failure
    write_notebook(nbs / "bad.ipynb", "y = 1")
    rc, stdout, stderr = _run(scenarios=["akimat"], langs=["kk"], out=out, fast=True, pdf=False, notebooks=nbs)
    assert rc == 0, stderr
    assert not kept.exists()
    assert (root / "ru" / "bad.ipynb").read_bytes() == before["ru/bad.ipynb"], "a language not run was not kept"
    assert executed_ok(root / "kk" / "bad.ipynb")


def test_cell_number_skips_injected_parameters():
    from papermill.exceptions import PapermillExecutionError

    e = PapermillExecutionError(cell_index=4, exec_count=4, source="\n  p.wide('x')\n", ename="KeyError",
                                evalue="'x'\n\x1b[0;31mmore\x1b[0m", traceback=[])
    # input cells: 0 markdown, 1 parameters, 2, 3 ...; papermill inserted the injected cell at 2
    assert runner.describe_cell_error(e, param_cell=1) == "cell 4 `p.wide('x')`: KeyError: 'x' more"
    e.cell_index = 2
    assert runner.describe_cell_error(e, param_cell=1).startswith("the injected-parameters cell")


@pytest.mark.parametrize("args", [
    ["--scenario", "nope"],
    ["--scenario", "akimat", "--lang", "kk,de"],
    ["--scenario", "akimat,../x"],
    ["--set", "programme.no_such=1"],
])
def test_cli_bad_input_exits_2(args, tmp_path):
    r = subprocess.run([sys.executable, "-m", "model", "run", "--out", str(tmp_path / "out"), *args],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert not (tmp_path / "out").exists()


@slow
def test_reused_kernel_starts_clean(tmp_path, write_notebook):
    """reuse_kernels=True: one kernel per worker, but no variable or figure crosses notebooks."""
    nbs = tmp_path / "nbs"
    write_notebook(nbs / "a.ipynb", "import matplotlib.pyplot as plt\nleak = plt.figure()\nimport os\npid = os.getpid()",
                   "open(f'{scenario}-{lang}-a.pid', 'w').write(str(pid))")
    write_notebook(nbs / "b.ipynb", "import os, matplotlib.pyplot as plt\nassert 'leak' not in globals()\n"
                   "assert not plt.get_fignums()", "open(f'{scenario}-{lang}-b.pid', 'w').write(str(os.getpid()))")
    rc, stdout, stderr = _run(scenarios=["akimat"], langs=["kk", "ru"], out=tmp_path / "out", fast=True, pdf=False,
                              notebooks=nbs, jobs=1, reuse_kernels=True)
    assert rc == 0, errors(stderr)
    pids = {(nbs / f"akimat-{lang}-{x}.pid").read_text() for lang in ("kk", "ru") for x in "ab"}
    assert len(pids) == 1, "one worker, one kernel"
    b = nbformat.read(fast_dir(tmp_path / "out", "akimat") / "ru" / "b.ipynb", as_version=4)
    assert [c.execution_count for c in b.cells] == [1, 2, 3, 4], "numbering restarts in a kept kernel"
