"""Notebooks 03 (jobs) and 06 (costs and returns) in any pack: each holds the projection to the
figures its programme announced and to no other. The 2019 article gives 90,000 jobs and 68,000
entrepreneurs (target lines, verdicts, the 90,000 read both ways, the chance of each, 0.52 m KZT a
job); Auyl Amanaty in Zhambyl gives money and borrowers only (none of them, and one sentence saying
so); Auyl Amanaty in Turkestan gives 3,413 jobs of 2023 money (the jobs compared, the entrepreneurs
not, its cost a job in 2019 prices). Each section is run as the notebook runs it, its texts and
captions read back, and the target lines it draws recorded."""
import contextlib
import io

import pandas as pd
import pytest
from conftest import shown_text, the_2019_targets

import model
from model import compare, packs, pages, results_file, runner, targets
from model.paths import ROOT, using
from model.report import appraisal_report, charts, display, i18n, jobs_report, tables
from model.report.i18n import t

AUYL = "auyl_amanaty_plan"
PAGES = ("03_jobs", "06_appraisal")
YEARS = (2020, 2029)


def test_the_pages_are_shown_for_every_pack():
    for prog, region in (("zhambyl_2019", "zhambyl"), ("auyl_amanaty_2023", "zhambyl"),
                         ("auyl_amanaty_2023_turkestan", "turkestan")):
        for page in PAGES:
            assert pages.missing(page, packs.resolve(prog, region)) is None, (prog, page)


@pytest.fixture
def shown(monkeypatch):
    """What the sections show, in order (texts, table captions with their tables, figure
    captions), and the value of every target line they draw."""
    out = {"text": [], "lines": []}

    def capture(obj, raw=False, metadata=None, **kw):
        out["text"].append(obj["text/plain"] if "image/png" in obj else obj["text/markdown"])

    line = charts.target_line
    monkeypatch.setattr(display, "display", capture)
    monkeypatch.setattr(charts, "target_line", lambda ax, value, label: (out["lines"].append(value), line(ax, value, label)))
    return out


def text(out) -> str:
    """Everything shown, one output a line, the no-break spaces that hold a number to its unit as spaces."""
    return "\n".join(out["text"]).replace("\u00a0", " ").replace("\u202f", " ")


def projected(programme: str, region: str, scenario: str):
    p = packs.resolve(programme, region)
    with using(p):
        return p, model.project(model.load_scenario(scenario))


@pytest.fixture(scope="module")
def plan():
    return projected("zhambyl_2019", "zhambyl", "akimat")


@pytest.fixture(scope="module")
def auyl():
    return projected("auyl_amanaty_2023", "zhambyl", AUYL)


@pytest.fixture(scope="module")
def turkestan():
    return projected("auyl_amanaty_2023_turkestan", "turkestan", "auyl_amanaty_turkestan_plan")


def jobs_sections(pack, p, lang="en"):
    with using(pack):
        jobs_report.intro(p.scenario, p, lang)
        for section in (jobs_report.direct, jobs_report.accounting, jobs_report.entrepreneurs):
            section(p.scenario, p, lang, *YEARS)


# --- notebook 03 ---------------------------------------------------------------------------------

def test_the_2019_plan_is_held_to_its_90000_jobs_and_68000_entrepreneurs(plan, shown):
    jobs_sections(*plan)
    said = text(shown)
    assert shown["lines"] == [90_000, 68_000]  # the target line on each panel
    assert "against the target of > 90,000 jobs in the akimat's plan" in said
    assert "whether its 90,000 jobs include the 68,000 new entrepreneurs" in said
    assert "as the pilot reported its 589 jobs" in said
    assert "The plan's 90,000 jobs under both readings" in said and "Reading of the 90,000" in said
    assert "against the target of > 68,000 people in the akimat's plan" in said
    assert "no figure" not in said


def test_auyl_amanaty_announces_no_jobs_and_none_are_compared(auyl, shown):
    """Its announcement gives money and borrowers only: no target line, verdict or reading."""
    jobs_sections(*auyl)
    said = text(shown)
    assert shown["lines"] == []
    assert "90,000" not in said and "68,000" not in said and "akimat's plan" not in said
    assert "announcement gives no figure for jobs or for people brought into entrepreneurship" in said  # the intro
    assert "the programme's announcement gives no figure for jobs to hold them against" in said
    assert "no announced figure to read with or without the owners" in said and "under both readings" not in said
    assert "the programme's announcement gives no figure for them" in said  # the entrepreneurs
    assert "(the programme's announcement gives no figure for either)" in said  # the chart's caption


def test_turkestan_is_held_to_its_3413_jobs_and_not_to_entrepreneurs(turkestan, shown):
    jobs_sections(*turkestan)
    said = text(shown)
    assert shown["lines"] == [3_413]  # the jobs panel; the entrepreneurs' panel has no line
    assert "against the target of 3,413 jobs in the akimat's plan" in said
    assert "whether its 3,413 jobs include the owners who run the projects" in said
    assert "The plan's 3,413 jobs under both readings" in said
    assert "the programme's announcement gives no figure for them" in said  # the entrepreneurs
    assert "90,000" not in said and "68,000" not in said


def test_the_chance_is_stated_for_the_figures_announced_only():
    prob = pd.DataFrame({"target": [3_413.0, 68_000.0], "probability": [0.4, 0.0]}, index=["jobs", "entrepreneurs"])
    assert jobs_report._chances_text(prob, ["jobs"], "en") == "The chance of reaching the 3,413 jobs of the akimat's plan is 40%."
    assert jobs_report._chances_text(prob, ["entrepreneurs"], "en") == (
        "The chance of bringing the 68,000 people of the akimat's plan into entrepreneurship is 0%.")
    assert "3,413 jobs" in jobs_report._chances_text(prob, ["jobs", "entrepreneurs"], "en")
    assert "no target whose chance could be stated" in jobs_report._chances_text(prob, [], "en")


def test_auyl_amanatys_monte_carlo_states_the_spread_of_jobs_and_no_chance(auyl, shown):
    pack, p = auyl
    with using(pack):
        jobs_report.chances(p.scenario, p, "en", *YEARS, draws=20, seed=2019)
        sim = results_file.simulation(p.scenario, 20, 2019)
    said = text(shown)
    year = p.summary["target_year"]
    low = i18n.number(sim.fan("jobs_direct").at[year, "p5"], "en")
    assert f"direct jobs in {year} lie between {low} and" in said  # the spread of the direct jobs, no target's
    assert "no target whose chance could be stated" in said and "Chance of reaching the target" not in said
    assert shown["lines"] == []
    table = next(o for o in shown["text"] if o.startswith("**Chance of meeting the targets"))
    rows = [ln.split("|")[1].strip() for ln in table.splitlines() if ln.startswith("| ")][1:]  # below the header
    assert rows == [tables.target_label("projects", "en")]  # the borrowers announced; no jobs, no entrepreneurs


# --- notebook 06 ---------------------------------------------------------------------------------

def test_the_announced_cost_per_job_in_2019_prices(plan, auyl, turkestan):
    with using(plan[0]):  # 46.4 bn / 90,000 = 0.516 m KZT
        assert compare.announced_cost_per_job() == pytest.approx(46_400 / 90_000, rel=1e-12)
    with using(turkestan[0]):  # 19.7 bn of 2023 is 12.9 bn of 2019; / 3,413
        cost = next(t for t in targets.TARGETS if t.key == "total_cost_bn_kzt")
        assert compare.announced_cost_per_job() == pytest.approx(targets.target_value(cost) * 1000 / 3_413, rel=1e-12)
        assert compare.announced_cost_per_job() == pytest.approx(3.79, abs=0.005)
        assert compare.cost_per_job_benchmarks(turkestan[1]).set_index("key").at["article", "derived"]
    with using(auyl[0]):  # money and borrowers: no jobs, no cost per job, no row
        assert compare.announced_cost_per_job() is None
        assert "article" not in set(compare.cost_per_job_benchmarks(auyl[1])["key"])


def appraisal_sections(pack, p, lang="en"):
    with using(pack):
        appraisal_report.cost_per_job(p.scenario, p, lang)
        appraisal_report.returns(p.scenario, p, lang, p.scenario.name, {})
        appraisal_report.implied(p.scenario, p, lang, {})


def test_auyl_amanatys_cost_per_job_beside_the_2019_programmes_pilot_only(auyl, shown):
    appraisal_sections(*auyl)
    said = text(shown)
    assert "announcement gives no figure for jobs, so it implies no cost per job" in said
    assert "The first stage of the pilot of the 2019 programme, on which this programme builds, paid" in said
    assert "The pilot's figures are derived" in said
    assert "The akimat's plan (derived)" not in said and "in the article" not in said  # no row, no caption word
    assert "What the plan's own figures imply" not in said  # no output announced: no output per tenge
    assert "(see below)." not in said


def test_turkestans_cost_per_job_in_2019_prices_beside_the_announced_money(turkestan, shown):
    appraisal_sections(*turkestan)
    said = text(shown)
    assert "The akimat's plan implies KZT 3.79 m per job in 2019 prices (KZT 5.77 m in the prices of 2023, as announced)" in said
    assert "The plan: KZT 19.7 bn of 2023 (KZT 12.9 bn in 2019 prices) ÷ 3,413 jobs announced" in said


def test_the_2019_plans_cost_per_job_and_output_per_tenge(plan, shown):
    appraisal_sections(*plan)
    said = text(shown)
    assert "The akimat's plan implies KZT 0.52 m per job. The pilot's first stage paid" in said
    assert "The plan: KZT 46.4 bn ÷ 90,000 jobs announced" in said
    assert "## What the plan's own figures imply" in said and "The article promises KZT 132.2 bn" in said


def test_the_budgets_flows_over_the_horizon_are_their_yearly_sums(plan):
    # the fiscal cost is the summary's (grants, subsidy, defaults, administration); the TSA payments
    # saved are the summary's over the horizon; each total the sum of its column of the yearly flows
    p = plan[1]
    total, flows = compare.fiscal_flow_totals(p), compare.fiscal_flows(p)
    assert total["fiscal_cost"] == pytest.approx(p.summary["fiscal_cost_bn_kzt"], rel=1e-12)
    assert total["tsa_saved"] == pytest.approx(p.summary["tsa_saved_bn_kzt_total"], rel=1e-12)
    assert total["taxes"] == pytest.approx(sum(flows["taxes"]), rel=1e-12) and total["taxes"] > 0


# --- the notebooks themselves, run by the runner -------------------------------------------------

@pytest.mark.slow
def test_03_and_06_run_for_auyl_amanaty_in_every_language_without_the_2019_figures(tmp_path, auyl):
    out, err = tmp_path / "out", io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        rc = runner.run_suite(scenarios=[AUYL], langs=list(i18n.LANGS), out=out, fast=True, pdf=False, jobs=1,
                              notebooks=[ROOT / "notebooks" / f"{page}.ipynb" for page in PAGES])
    assert rc == 0 and "left out" not in err.getvalue(), err.getvalue()
    p = auyl[1]
    for lang in i18n.LANGS:
        folder = runner.scenario_dir(out, AUYL, runner.DRAWS_FAST, pack=auyl[0]) / lang
        jobs, costs = (shown_text(folder / f"{page}.ipynb") for page in PAGES)
        for said in (jobs, costs):
            assert "Error" not in said and "Traceback" not in said and "nan" not in said.lower().split()
            for figure in the_2019_targets(lang):
                assert figure not in said, (lang, figure)
        assert i18n.number(p.summary["jobs_direct"], lang) in jobs
        for key in ("accounting_unannounced", "mc_unannounced"):
            assert t(f"03_jobs.{key}", lang) in jobs, (lang, key)
        for key in ("cost_unannounced", "cost_derived_pilot", "cost_caption_unannounced"):
            assert t(f"06_appraisal.{key}", lang) in costs, (lang, key)
        assert t("06_appraisal.h_implied", lang) not in costs and t("brief.cost_per_job.article", lang) not in costs
