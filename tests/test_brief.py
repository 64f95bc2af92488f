"""The meeting brief: model/compare.py numbers, model/report/brief.py words, the PDFs themselves."""
import math
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import yaml

import model
from model import DataError, compare, microsim, sensitivity, uncertainty
from model.parameters import load_parameters, load_sources
from model.report import brief, charts, i18n, tables

LANGS = i18n.LANGS
ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "seed" / "EXTERNAL_FACTS.md"
TERMS = yaml.safe_load((ROOT / "model" / "report" / "locales" / "terms.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def plan():
    return model.project(model.load_scenario("akimat"))


@pytest.fixture(scope="module")
def pilot():
    return model.project(model.load_scenario("pilot_evidence"))


@pytest.fixture(scope="module")
def sim():
    return uncertainty.simulate(model.load_scenario("akimat"), draws=200, seed=2019)


@pytest.fixture(scope="module")
def micro():
    return microsim.run("akimat"), microsim.run("pilot_evidence")


@pytest.fixture(scope="module")
def table():
    return compare.compare_scenarios(["akimat", "funding_cut_25", "pilot_evidence"])


@pytest.fixture(scope="module")
def verdict(plan, pilot, sim, micro):
    year = plan.summary["target_year"]
    return compare.verdict(plan, pilot, sim, compare.tsa_effect(micro[0].caseload, year),
                           compare.tsa_effect(micro[1].caseload, year))


# --- scenarios side by side ----------------------------------------------------------------


def test_compare_scenarios_reads_each_projection(table, plan):
    assert list(table.index) == list(compare.HEADLINE)
    for k in compare.HEADLINE:
        assert table.at[k, "akimat"] == pytest.approx(plan.summary[k])


def test_a_quarter_less_money_gives_a_quarter_fewer_projects(table):
    # same calibrated rates, money x 0.75: projects 31,000 x 0.75 = 23,250; cost per job unchanged
    rel = compare.relative_to(table)
    assert (rel["akimat"] == 100).all()
    assert rel.at["projects", "funding_cut_25"] == pytest.approx(75)
    assert rel.at["budget_bn_kzt", "funding_cut_25"] == pytest.approx(75)
    assert rel.at["cost_per_job_m_kzt", "funding_cut_25"] == pytest.approx(100)


def test_overrides_apply_to_every_scenario_compared():
    t = compare.compare_scenarios(["akimat", "pilot_evidence"], {"programme.budget_scale": 0.5})
    assert t.at["budget_bn_kzt", "akimat"] == pytest.approx(23.2)  # 46.4 x 0.5
    assert t.at["budget_bn_kzt", "pilot_evidence"] == pytest.approx(23.2)


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_table_fits_a4(table, lang):
    view = brief.comparison_table(table, lang, relative=compare.relative_to(table))
    assert view.shape == (len(compare.HEADLINE), 1 + table.shape[1])
    wide = pd.concat([view, view.iloc[:, 1:].add_suffix("_2"), view.iloc[:, 1:].add_suffix("_3")], axis=1)
    parts = brief.column_chunks(wide, 7)
    assert all(p.shape[1] <= 7 for p in parts)
    assert sum(p.shape[1] - 1 for p in parts) == wide.shape[1] - 1


def test_plan_vs_evidence(plan, pilot):
    f = compare.plan_vs_evidence(plan, pilot).set_index("key")
    assert list(f.index) == list(compare.RESULT_TARGETS)
    assert f.at["jobs", "share"] == pytest.approx(pilot.summary["jobs_target_basis"] / 90000, rel=1e-6)
    assert (f["share"] < 1).all()


# --- jobs and cost per job -----------------------------------------------------------------


def test_the_pilots_own_cost_per_job():
    # in 2019 prices (9.2 bn lent in 2020 / 1.068 = 8.614 bn): 8.614 bn / 589 hired jobs = 14.63 m KZT;
    # counting the 2,282 new sole proprietors: 8.614 bn / 2,871 = 3.00 m; as quoted (nominal) 9.2 bn / 589 = 15.62 m
    c = compare.pilot_cost_per_job()
    assert c["hired"] == pytest.approx(9200 / 1.068 / 589)
    assert c["with_owners"] == pytest.approx(9200 / 1.068 / (589 + 2282))
    assert c["hired_nominal"] == pytest.approx(9200 / 589)
    b = compare.cost_per_job_benchmarks(model.project(model.load_scenario("akimat"))).set_index("key")
    assert b.at["article", "value"] == pytest.approx(46400 / 90000)
    assert b.at["pilot_hired", "value"] == pytest.approx(14.63, abs=0.005)
    assert b.at["pilot_with_proprietors", "value"] == pytest.approx(3.000, abs=0.001)
    assert b.loc[["article", "pilot_hired", "pilot_with_proprietors"], "derived"].all()


def test_jobs_at_the_pilots_rates_under_both_readings(plan, pilot):
    j = compare.jobs_at_rates(plan, pilot)
    s = pilot.summary
    assert j["jobs_direct"] == pytest.approx(s["owners_running"] + s["hired"])
    assert j["share_in_addition"] == pytest.approx(s["hired"] / 90000)
    assert j["share_including"] == pytest.approx(s["jobs_direct"] / 90000)
    # the range the verdict states: a few per cent (hired alone) to about a sixth (owners counted)
    assert 0.02 < j["share_in_addition"] < j["share_including"] < 0.2
    half = model.project(model.load_scenario("akimat", {"programme.budget_scale": 0.5}))
    assert compare.jobs_at_rates(half, pilot)["jobs_direct"] == pytest.approx(j["jobs_direct"] / 2)


def test_the_plan_is_equal_to_more_than_figures_not_above_them(plan):
    status = {r["key"]: compare.target_status(r) for r in plan.target_rows}
    assert status["jobs"] == status["projects"] == status["entrepreneurs"] == "equal"  # "> 90,000" reached exactly
    assert status["output_added_bn_kzt"] == "met"  # "at least 132.2 bn": equality meets it


# --- appraisal -----------------------------------------------------------------------------


def test_implausible_results_are_flagged_not_reported_as_achievements(plan, pilot):
    side = compare.appraisal_side_by_side(plan, pilot).set_index("key")
    bounds = compare.plausibility_bounds()
    # the plan's IRR is > 50 % real even with its labour priced at the shadow wage (64 %; 205 % without)
    assert plan.summary["economic_irr"] > bounds["economic_irr_max"].value
    assert plan.summary["economic_irr_no_shadow_wage"] > 3 * plan.summary["economic_irr"]
    assert side.at["economic_irr", "plan_implausible"]
    assert not side.at["economic_irr", "evidence_implausible"]
    assert side.at["economic_npv_bn_kzt", "evidence"] < 0 < side.at["economic_npv_bn_kzt", "plan"]
    assert side.at["economic_bcr", "evidence"] < 1
    for lang in LANGS:
        view = brief.appraisal_view(compare.appraisal_side_by_side(plan, pilot), plan, pilot, lang)
        irr = view.iloc[[i for i, m in enumerate(view.iloc[:, 0]) if m == i18n.t("brief.appraisal.economic_irr", lang)][0]]
        flag = i18n.t("brief.implausible_cell", lang, value="").strip(" —")
        assert flag in irr.iloc[1] and flag not in irr.iloc[2]


def test_plausibility_bounds_reject_bad_input(tmp_path):
    p = tmp_path / "plausibility.yaml"
    p.write_text("bounds:\n  economic_irr_max: {value: -1, unit: share, source: assumption, reason: 'x'}\n", "utf-8")
    with pytest.raises(DataError, match="economic_irr_max.value"):
        compare.plausibility_bounds.__wrapped__(p)


def test_discount_rate_table_reruns_the_model(plan):
    t = compare.discount_rate_table("akimat")
    assert t["rate"].tolist() == pytest.approx([0.06, 0.09, 0.12])
    central = t.set_index("rate").loc[0.09]
    assert central["economic_npv_bn_kzt"] == pytest.approx(plan.summary["economic_npv_bn_kzt"])
    assert t["economic_npv_bn_kzt"].is_monotonic_decreasing
    assert t["economic_irr"].nunique() == 1


def test_fiscal_flows_add_up(plan):
    f = compare.fiscal_flows(plan)
    assert f["fiscal_cost"].sum() == pytest.approx(plan.summary["fiscal_cost_bn_kzt"])
    assert np.allclose(f["net"], f["tsa_saved"] + f["taxes"] - f["fiscal_cost"])
    year = compare.fiscal_break_even(plan)
    assert year is not None and f.at[year, "cumulative"] >= 0 and (f.loc[:year - 1, "cumulative"] < 0).all()


def test_output_per_tenge(plan, pilot):
    assert compare.output_per_tenge() == pytest.approx(132.2 / 46.4)
    assert compare.output_per_tenge(plan) == pytest.approx(132.2 / 46.4, rel=1e-6)
    assert compare.output_per_tenge(pilot) < 0.5


def test_the_first_stage_table_shows_the_published_figures():
    # the reproduction itself is tested once, in tests/test_projection.py; here: what the brief shows
    check = compare.stage_check().set_index("key")
    pilot = load_sources().pilot
    assert check.at["new_jobs", "reported"] == pilot["new_jobs"].value == 589
    assert check.at["projects", "reported"] == pilot["residents"].value + pilot["cooperatives"].value == 2489


# --- what happened --------------------------------------------------------------------------


def _numbers(text: str) -> list[float]:
    """Numbers a fact states: "33.9 k" -> 33,900; "2,478" -> 2,478; "103.2 %" -> 103.2."""
    out = []
    for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*(k\b)?", text):
        x = float(m.group(1).replace(",", ""))
        out.append(x * 1000 if m.group(2) else x)
    return out


@pytest.mark.skipif(not FACTS.exists(), reason="shared/seed is not beside the repository")
def test_every_outturn_figure_is_the_fact_it_quotes():
    facts = FACTS.read_text("utf-8")
    for o in compare.load_outturn().values():
        assert o.quote in facts, o.key
        assert any(math.isclose(o.value, x) for x in _numbers(o.quote)), (o.key, o.value, o.quote)


def test_outturn_is_set_beside_the_projection_of_the_same_year(plan, pilot, micro):
    f = compare.outturn(plan, pilot, micro[0].caseload, micro[1].caseload).set_index("key")
    # the first stage lent 9.2 bn of 2021 money, about 8.0 bn in 2019 prices; the plan had spent all 46.4 bn by then
    assert f.at["lent_first_stage", "reported"] == pytest.approx(9.2 / np.prod([1 + r for r in plan.scenario.value("prices.cpi_inflation")[:2]]))
    assert f.at["lent_first_stage", "plan"] == pytest.approx(46.4, rel=1e-6)
    assert f.at["hired_jobs_first_stage", "reported"] == 589
    assert f.at["hired_jobs_first_stage", "plan"] > 20 * 589
    # 31.1 k rural TSA recipients in 2021: between the plan's caseload with the programme and the one without it
    row = f.loc["tsa_rural_recipients_2021"]
    assert row["plan"] < row["reported"] < row["without"]
    # all new jobs the region reported in 2021 (33.9 k) are fewer than the programme's 90,000
    r = compare.region_jobs_ratio(plan)
    assert r["region_new_jobs"] == 33900 and r["ratio"] == pytest.approx(90000 / 33900)


def test_outturn_rejects_a_fact_without_confidence(tmp_path):
    p = tmp_path / "outturn.yaml"
    p.write_text("facts:\n  x: {value: 1, unit: jobs, year: 2021, quote: q, source: s, confidence: X, compare: hired}\n", "utf-8")
    with pytest.raises(DataError, match="facts.x.confidence"):
        compare.load_outturn.__wrapped__(p)


# --- page one ------------------------------------------------------------------------------


def test_the_verdicts_numbers_are_the_models(verdict, plan, pilot, sim, micro):
    j = compare.jobs_at_rates(plan, pilot)
    assert verdict["jobs"] == j
    probs = sim.target_probabilities().set_index("key")["probability"]
    assert verdict["chances"]["jobs"] == probs["jobs"]
    assert 0 <= verdict["all"] <= min(verdict["chances"].values())
    caseload = micro[0].caseload.loc[plan.summary["target_year"]]
    assert verdict["tsa_plan"]["without"] == caseload["people_without_programme"]
    assert verdict["tsa_plan"]["exit"] == caseload["people_exit"]
    assert verdict["fiscal"]["plan"] == plan.summary["fiscal_cost_bn_kzt"]
    assert verdict["fiscal"]["npv_evidence"] == pilot.summary["fiscal_npv_bn_kzt"]
    assert verdict["tranche"]["evidence"] == pytest.approx(pilot.summary["jobs_direct"] / 46.4)


@pytest.mark.parametrize("lang", LANGS)
def test_the_verdict_prints_those_numbers(verdict, lang):
    lines = brief.verdict_lines(verdict, lang)
    assert 2 <= len(lines) <= 3
    text = " ".join(lines)
    tp = verdict["tsa_plan"]
    for x in (brief.num(tp["without"], lang), brief.num(tp["exit"], lang), brief.bn(verdict["fiscal"]["plan"], lang),
              brief.bn(verdict["fiscal"]["npv_evidence"], lang), brief.times(verdict["region"]["ratio"], lang)):
        assert x in text, (lang, x)
    assert "{" not in text


@pytest.fixture(scope="module")
def decision():
    from model import results_file
    return results_file.computed(model.load_scenario("akimat"), 200, 2019).decision


@pytest.mark.parametrize("lang", LANGS)
def test_page_one_decides_with_decides_numbers(decision, verdict, lang):
    """The bottom line, the table of best estimates and the decisions print decide's numbers: the
    figure to announce, the money left and where it goes, the tranche rule."""
    rows = {r["key"]: r for r in decision["targets"]}
    a, tr = decision["allocation"], decision["tranche"]
    line = brief.bottom_line(decision, lang)
    for x in (brief.num(rows["jobs"]["restated"], lang), brief.num(rows["entrepreneurs"]["restated"], lang),
              brief.bn(a["money_bn_kzt"], lang), brief.bn(rows["jobs"]["money_needed_bn_kzt"], lang),
              i18n.direction(a["more_to"], lang).lower()):
        assert x in line, (lang, x)
    rule = brief.decision_lines(decision, verdict, lang)[0]
    assert brief.num(tr["hired_jobs_per_bn"], lang) in rule and brief.num(tr["owners_per_bn"], lang) in rule
    view = brief.decision_view(decision, lang)
    assert list(view.iloc[:, 0]) == [i18n.t(f"brief.decision_targets.{k}", lang) for k in brief.DECISION_TARGETS]
    jobs = view.iloc[0].tolist()
    assert jobs[1] == tables.cell(90_000, "number", lang)
    assert jobs[2].startswith(brief.num(rows["jobs"]["best"], lang)) and brief.num(rows["jobs"]["p10"], lang) in jobs[2]
    assert jobs[3] == brief.num(rows["jobs"]["restated"], lang)
    tsa = view.iloc[-1].tolist()  # a fall, shown as the people who leave: positive
    assert tsa[3] == brief.num(-rows["tsa_recipients_change"]["restated"], lang) and "−" not in tsa[2]
    text = " ".join(brief.decision_lines(decision, verdict, lang)) + brief.to_date_line(decision, lang)
    assert brief.bn(decision["to_date"]["lent_bn_kzt"], lang) in text and "{" not in text
    assert decision["to_date"]["lent_bn_kzt"] + a["money_bn_kzt"] == pytest.approx(46.4)  # lent + left = all


def test_a_budget_cut_below_what_was_lent_leaves_nothing_to_reallocate(verdict):
    # 80 % of the 46.4 bn is less than the 38.4 bn reported lent by 2024: nothing is left to split,
    # and page 1 says so instead of offering an allocation of a negative sum
    from model import decide
    d = decide.decide("akimat", 200, 2019, overrides={"programme.budget_scale": 0.8})
    a = d["allocation"]
    assert a["money_bn_kzt"] == 0 and a["more_to"] is None and a["gain"]["p50"] == 0
    for lang in LANGS:
        assert brief.bottom_line(d, lang).startswith(i18n.t("brief.bottom_line_all_lent", lang)[:20])
        lines = brief.decision_lines(d, verdict, lang)
        assert lines[1] == i18n.t("brief.decide.all_lent", lang, after=a["after_year"])


# --- words ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_more_than_targets_never_print_as_at_most(plan, pilot, sim, lang):
    view = brief.targets_view(plan, pilot, sim, lang)
    announced = view.iloc[:, 1].tolist()
    assert not any("≤" in a for a in announced)
    more_than = {k for k, f in load_sources().article.items() if f.bound == "more than"}
    figure_of = {t.key: t.figure for t in model.targets.TARGETS}
    for k in compare.RESULT_TARGETS:
        if figure_of[k] in more_than:
            assert brief.announced(k, lang).startswith(">"), k
    # "up to 33 %" in the article's words
    assert brief.announced("output_rise_pct", lang) == i18n.t("tables.up_to", lang, value=i18n.pct(33, lang, 0))


@pytest.mark.parametrize("lang", LANGS)
def test_every_risk_reads_in_every_language(plan, pilot, sim, lang):
    found = compare.risks(plan, sim, evidence=pilot)
    # the plan's schedule beyond the lenders' capacity first, then the pilot's gap, the stretch, productivity
    assert [k for k, _ in found][:4] == ["delivery", "pilot_gap", "stretch", "productivity"]
    for key, fields in found:
        text = brief.risk_text(key, fields, lang)
        assert text.startswith("**") and "{" not in text and "directions." not in text


def test_the_risks_carry_the_ratios_the_brief_quotes(plan, pilot, sim):
    found = dict(compare.risks(plan, sim, evidence=pilot))
    p = found["productivity"]
    # the article's 132.2 bn a year on 46.4 bn: 2.85 KZT of output a year per tenge, against 0.099 at the
    # pilot's rates: x28.7
    assert p["article"] == pytest.approx(132.2 / 46.4) and p["pilot"] == pytest.approx(0.0992, abs=1e-4)
    assert p["ratio"] == pytest.approx(p["article"] / p["pilot"]) == pytest.approx(28.71, abs=0.01)
    # the budget's cost, 13.6 bn of the 46.4 bn: 29.3 %
    f = found["fiscal"]
    assert f["share"] == pytest.approx(f["fiscal"] / 46.4) == pytest.approx(0.2931, abs=1e-4)


def _brief_texts(lang: str) -> dict[str, str]:
    """The locale's texts the brief draws on, and the parameters' own words in data/."""
    keep = ("brief.", "tables.", "common.", "directions.")
    words = {f"data:{path}.{kind}": getattr(p, kind)[lang] for path, p in load_parameters().items()
             for kind in ("label", "description") if getattr(p, kind)}
    assert len(words) > 150  # every parameter's label, every assumption's description
    return {**{k: v for k, v in i18n.texts(lang).items() if k.startswith(keep)}, **words}


@pytest.mark.parametrize("lang", LANGS)
def test_forbidden_calques_and_variants_are_absent(lang):
    """One term per concept everywhere: the brief, every notebook's texts, the editor's and the
    parameters' own words in data/."""
    avoid = [a for c in TERMS["concepts"].values() for a in c[lang]["avoid"]] + TERMS["grammar"][lang]
    texts = {**i18n.texts(lang), **_brief_texts(lang)}
    assert len(texts) > len(_brief_texts(lang))
    found = [f"{lang} {key}: «{a}»" for key, text in texts.items() for a in avoid if a in text]
    assert not found, found


@pytest.mark.parametrize("lang", LANGS)
def test_every_glossary_term_is_the_terminology_lists(lang):
    concepts = TERMS["concepts"]
    for key in brief.GLOSSARY:
        if key in concepts:
            assert concepts[key][lang]["use"].lower() in i18n.t(f"brief.glossary.{key}.term", lang).lower(), key
    # the term chosen for a concept is the one the brief's texts use
    texts = " ".join(i18n.texts(lang)[k] for k in i18n.texts(lang) if k.startswith("brief.")).lower()
    for key in ("tsa", "plan", "pilot_rates", "sole_proprietor"):
        assert concepts[key][lang]["use"].lower() in texts, key


def test_appendix_marks_calibrated_values_outside_their_range():
    sc = model.load_scenario("akimat")
    values, _ = brief.direction_appendix(sc, "en")
    row = values.set_index(values.columns[0]).filter(like="Hired jobs per", axis=0).iloc[0]
    fitted = sc.value("directions.household_plots.hired_fte_per_project")
    assert fitted > 0.5  # household plots' hired jobs: calibrated far above the prior range 0.05-0.50
    assert row["Household plots"].startswith(brief.OUTSIDE_MARK) and "(0.05–0.50)" in row["Household plots"]
    inside = sum(brief.OUTSIDE_MARK not in c for c in values.iloc[:, 1:].to_numpy().ravel())
    outside = sum(r["outside_range"] for r in sc.calibration.rows)
    assert values.iloc[:, 1:].size - inside == outside


@pytest.mark.parametrize("lang", LANGS)
def test_districts_table(micro, lang):
    d = compare.district_table(micro[0])
    assert d["households"].sum() == pytest.approx(micro[0].pop.households)
    assert (d["tsa_families_exit"] <= d["families_without_programme"]).all()
    view = brief.districts_view(d, compare.district_table(micro[1]), lang)
    assert len(view) == len(d) and view.shape[1] == 6


def _ticks_in_language(fig, lang: str) -> None:
    charts.localise_ticks(fig, lang)
    fig.canvas.draw()
    labels = [tick.get_text() for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for tick in axis.get_ticklabels()]
    assert not [x for x in labels if re.search(r"-\d", x)], (lang, labels)
    if lang != "en":
        assert not [x for x in labels if re.search(r"\d\.\d", x)], (lang, labels)


def test_charts_draw_without_warnings(plan, pilot, sim, micro):
    """Every chart of the brief draws cleanly, and its axes read in the language: a decimal comma
    in kk and ru, a true minus, never a hyphen (charts.localise_ticks, as show_figure applies it)."""
    sc = plan.scenario
    table = compare.compare_scenarios(["akimat", "pilot_evidence"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for lang in LANGS:
            fig, axes = charts.figure(7, 3, ncols=2)
            charts.draw_fan(axes[0], sim.fan("jobs_target_basis"), lang, color="C0", target=90000,
                            central=plan.series("jobs_target_basis"), central_label="plan",
                            other=pilot.series("jobs_target_basis"), other_label="x", legend=False)
            charts.draw_caseload(axes[1], micro[0].caseload, micro[1].caseload, lang, plan_label="a", evidence_label="b")
            charts.shared_legend(fig, axes)
            _ticks_in_language(fig, lang)
            for draw, arg in ((charts.draw_tornado, sensitivity.tornado(sc)), (charts.draw_stretch, sc.calibration),
                              (charts.draw_relative, compare.relative_to(table)),
                              (charts.draw_plan_vs_evidence, compare.plan_vs_evidence(plan, pilot)),
                              (charts.draw_fiscal_flows, compare.fiscal_flows(plan)),
                              (charts.draw_cost_per_job, compare.cost_per_job_benchmarks(plan)),
                              (charts.draw_probabilities, sim.target_probabilities())):
                fig, ax = charts.figure()
                draw(ax, arg, lang, **({"xlabel": "x"} if draw is charts.draw_tornado else {}))
                _ticks_in_language(fig, lang)
                assert ax.get_xlabel() or ax.get_ylabel(), (draw.__name__, "a chart's values need an axis title")
            matplotlib.pyplot.close("all")


def test_default_ticks_get_the_languages_decimal_comma_and_a_true_minus():
    fig, ax = charts.figure()
    ax.plot([0, 1, 2], [-0.5, 0.25, 1.5])
    charts.localise_ticks(fig, "kk")
    fig.canvas.draw()
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert "\u22120,50" in labels and "1,00" in labels and "0,00" in labels, labels
    assert {"0,00", "0,25", "0,50"} <= {x.get_text() for x in ax.get_xticklabels()}
    matplotlib.pyplot.close(fig)


def test_a_time_axis_shows_years_without_a_thousands_separator():
    """Year ticks read 2024 in every language, never "2,024" or "2 024" (the default number format
    gave them a thousands separator); a value axis keeps it."""
    from matplotlib.ticker import MaxNLocator

    for lang in LANGS:
        fig, ax = charts.figure()
        ax.plot([2020, 2024, 2029], [1500, 2500, 12000])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        charts.localise_ticks(fig, lang)
        fig.canvas.draw()
        years = [x.get_text() for x in ax.get_xticklabels() if x.get_text()]
        assert "2024" in years and all(re.fullmatch(r"\d{4}", y) for y in years), (lang, years)
        assert any(re.fullmatch(r"10\D000", v.get_text()) for v in ax.get_yticklabels()), lang
        matplotlib.pyplot.close(fig)


def test_kk_and_ru_axes_use_decimal_commas():
    fig, ax = charts.figure()
    ax.plot([0, 1], [0, 1.5])
    charts.thousands_axis(ax, "ru", digits=1)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any("," in x for x in labels) and not any("." in x for x in labels)
    matplotlib.pyplot.close("all")


# --- the PDFs ------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (Debian: apt-get install poppler-utils)")
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The brief in kk, ru and en (100 draws), built by the runner."""
    from model.runner import run_suite

    _tool("pdftotext")
    out = tmp_path_factory.mktemp("brief")
    assert run_suite(["akimat"], list(LANGS), out=out, fast=True, notebooks=[ROOT / "notebooks" / "brief.ipynb"]) == 0
    from model.runner import DRAWS_FAST, scenario_dir

    return {lang: scenario_dir(out, "akimat", DRAWS_FAST) / lang / "brief.pdf" for lang in LANGS}  # <scenario>+fast


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_opens_on_its_verdict_and_fits_six_pages(pdfs, lang):
    pages = _pages(pdfs[lang])
    assert len(pages) <= 6
    first = " ".join(pages[0].split())
    assert i18n.t("brief.bottom_line", lang).split("**")[1] in first  # opens on its bottom line
    assert " ".join(i18n.t("brief.h_decide", lang).strip("# ").split()) in first
    assert i18n.t("brief.decision_col.restated", lang) in first  # with the figures to announce


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_no_table_row_is_split_across_pages(pdfs, lang):
    # every district is a one-line row; each must appear whole on one page, with its numbers
    pages = _pages(pdfs[lang])
    for key in ("kordai", "moiynkum", "shu"):
        name = i18n.t(f"brief.districts.{key}", lang)
        hits = [p for p in pages if re.search(rf"^\s*{re.escape(name)}\s+\d", p, re.M)]
        assert len(hits) == 1, (lang, name)
    # a row that wraps keeps its lines on one page: no page starts with a row's continuation (a
    # line with cells but no first-column text) right after the page header
    for p in pages[1:]:
        body = [line for line in p.splitlines() if line.strip()]
        assert body and not re.match(r"^\s{20,}\S+\s+\S", body[0]), (lang, body[0])


_UNIT = r"(%|млрд|млн|₸|bn\b|m\b|жыл\b|г\.|yr\b)"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_no_number_is_separated_from_its_unit(pdfs, lang):
    text = subprocess.run([_tool("pdftotext"), str(pdfs[lang]), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    for a, b in zip(lines, lines[1:]):
        if re.search(r"\d$", a):
            assert not re.match(_UNIT, b), (lang, a[-30:], b[:30])
            assert not re.match(r"\d{3}\b", b), (lang, a[-30:], b[:30])  # "90 / 000"
        # "KZT 46.4 bn" split after KZT; a row label's unit ("Cost per project, m KZT") ends a cell
        if lang == "en" and re.search(r"(?<!, m )KZT$", a):
            assert not re.match(r"[\d−-]", b), (lang, a[-30:], b[:30])  # "KZT / 46.4 bn"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_kk_and_ru_briefs_have_no_latin_words(pdfs, lang):
    text = subprocess.run([_tool("pdftotext"), str(pdfs[lang]), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = {w for w in re.findall(r"[A-Za-z]+", text)
             if w not in TERMS["latin_allowed"] and not re.fullmatch(r"[IVX]+", w)}  # "I жартыжылдық": a half-year
    assert not words, (lang, sorted(words)[:20])


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_forbidden_calques_are_absent_from_the_pdf(pdfs, lang):
    text = " ".join(subprocess.run([_tool("pdftotext"), str(pdfs[lang]), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for a in [a for c in TERMS["concepts"].values() for a in c[lang]["avoid"]] + TERMS["grammar"][lang]:
        assert a not in text, (lang, a)
    assert "≤" not in text  # no "more than" or "up to" figure prints as "at most"


@pytest.mark.parametrize("lang", LANGS)
def test_what_must_hold_reads_a_discovery_box(lang):
    # the shape of model.discovery.Box: a box, a target met whatever the assumptions, one never met
    from types import SimpleNamespace as Box
    sc = model.load_scenario("akimat")
    boxes = [Box(target="jobs", status="box", p_met=0.3, coverage=0.8, density=0.92,
                 limits={"funding.default_rate": (0.0, 0.05), "tsa.exit_probability": (0.4, 0.9)},
                 sides={"funding.default_rate": "upper", "tsa.exit_probability": "both"}),
             Box(target="projects", status="always", p_met=0.97, coverage=None, density=None, limits={}, sides={}),
             Box(target="entrepreneurs", status="never", p_met=0.001, coverage=None, density=None, limits={}, sides={})]
    text = brief.must_hold_text(boxes, sc, lang)
    assert text.count("\n- ") == 3 and "{" not in text
    assert brief.share_text(0.92, lang) in text and brief.share_text(0.8, lang) in text
    assert brief.must_hold_text(None, sc, lang) == i18n.t("brief.hold_todo", lang) + " " + i18n.t("brief.hold_intro", lang)
