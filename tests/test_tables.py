"""model/report/tables.py: localized, formatted tables that the report notebooks share."""
import math

import pandas as pd
import pytest
import yaml

import model
from model import DIRECTIONS, compare, uncertainty
from model.parameters import load_sources
from model.report import i18n, tables
from model.report.i18n import LANGS, LOCALES, _flatten, t
from model.targets import TARGET_KEYS

MAX_COLUMNS = 7  # an A4 page


@pytest.fixture(scope="module")
def akimat():
    sc = model.load_scenario("akimat")
    return sc, model.project(sc)


@pytest.fixture(scope="module")
def pilot():
    sc = model.load_scenario("pilot_evidence")
    return sc, model.project(sc)


# --- cells --------------------------------------------------------------------


def test_cell_formats_by_language():
    assert tables.cell(46.4, "money_bn", "kk") == "46,4\u00a0млрд\u00a0₸"
    assert tables.cell(46.4, "money_bn", "en") == "KZT\u00a046.4\u00a0bn"
    assert tables.cell(31000, "number", "en") == "31,000"
    assert tables.cell(31000, "number", "ru") == "31\u202f000"
    # a share of 0.4 is 40 %; digits can be set
    assert tables.cell(0.4, "share", "en") == "40.0%"
    assert tables.cell(0.4, "share", "en", 0) == "40%"
    assert tables.cell(6700, "money_k", "en") == "KZT\u00a06,700"


def test_cell_missing_and_negative_zero():
    for missing in (None, float("nan"), pd.NA):
        assert tables.cell(missing, "number", "en") == tables.DASH
    # -0.0004 rounds to zero and must not show as "-0"
    assert tables.cell(-0.0004, "number", "en") == "0"
    assert tables.cell(-0.0004, "pct", "en") == "0.0%"


def test_cell_accepts_a_callable_and_rejects_unknown_names():
    assert tables.cell(3, lambda x, lang: f"<{x}:{lang}>", "kk") == "<3:kk>"
    with pytest.raises(ValueError, match="fmt"):
        tables.cell(1, "percent", "en")


def test_signed_shows_plus_for_rises_only():
    assert tables.signed(0.5, "pct", "kk") == "+0,5\u00a0%"
    assert tables.signed(-4.7, "pct", "en") == "\u22124.7%"  # a true minus, never a hyphen
    assert tables.signed(0.00001, "pct", "en") == "0.0%"
    assert tables.signed(None, "pct", "en") == tables.DASH


@pytest.mark.parametrize("x, lang, digits, expected", [
    (-3, "en", 0, "\u22123"), (-1234.5, "kk", 1, "\u22121\u202f234,5"), (-1234.5, "en", 1, "\u22121,234.5"),
    (-0.04, "ru", 1, "0,0"), (-0.0, "en", 1, "0.0"), (-0.4, "en", 0, "0"), (0.04, "en", 1, "0.0"),
])
def test_numbers_carry_a_true_minus_and_never_minus_zero(x, lang, digits, expected):
    assert i18n.number(x, lang, digits) == expected


@pytest.mark.parametrize("x, expected", [
    (1, "1\u00a0человек"), (2, "2\u00a0человека"), (5, "5\u00a0человек"), (11, "11\u00a0человек"),
    (12, "12\u00a0человек"), (21, "21\u00a0человек"), (24, "24\u00a0человека"),
    (162354, "162\u202f354\u00a0человека"), (679000, "679\u202f000\u00a0человек"),
])
def test_count_russian_plurals(x, expected):
    assert tables.count(x, "people", "ru") == expected


def test_count_other_languages():
    assert tables.count(1, "projects", "en") == "1\u00a0project"
    assert tables.count(31000, "projects", "en") == "31,000\u00a0projects"
    assert tables.count(32000, "families", "kk") == "32\u202f000\u00a0отбасы"
    assert tables.count(2.5, "people", "ru", 1) == "2,5\u00a0человека"  # a fraction: genitive singular


# --- labels cover every key in every language ------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_target_figure_and_parameter_has_a_label(lang, akimat):
    sc, _ = akimat
    for key in TARGET_KEYS:
        assert tables.target_label(key, lang)
    src = load_sources()
    for key in src.article:
        assert tables.figure_label(key, lang)
    for key in src.external:
        assert t(f"tables.external.{key}", lang)
    for path, p in sc.params.items():
        assert tables.param_label(path, lang)
        assert tables.basis(path, p, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_parameter_has_a_basis_in_every_scenario(lang):
    for name in model.list_scenarios():
        sc = model.load_scenario(name)
        for path, p in sc.params.items():
            assert tables.basis(path, p, lang), (name, path)


def test_tables_locale_has_the_same_keys_in_every_language():
    keys = {}
    for lang in LANGS:
        with open(LOCALES / lang / "tables.yaml", encoding="utf-8") as f:
            keys[lang] = set(_flatten(yaml.safe_load(f)))
    assert keys["kk"] == keys["en"] == keys["ru"]


def test_figure_value_uses_the_article_bound():
    art = load_sources().article
    assert tables.figure_value(art["projects"], "en") == ">\u00a031,000\u00a0projects"
    assert tables.figure_value(art["output_added"], "en") == "≥\u00a0KZT\u00a0132.2\u00a0bn"
    assert tables.figure_value(art["output_rise"], "en") == "up to 33%"
    assert tables.figure_value(art["rural_share"], "kk") == "60,4\u00a0%"
    # "will fall", not "< 0"
    assert tables.figure_value(art["tsa_recipients_fall"], "en") == t("tables.decrease", "en")


def test_source_kind_reads_every_provenance():
    assert tables.source_kind(model.parameters.Param(1, "x", "article.projects")) == "article"
    assert tables.source_kind(model.parameters.Param(1, "x", "calibrated (akimat)")) == "calibrated"
    assert tables.source_kind(model.parameters.Param(1, "x", "derived from the pilot (data/programmes/zhambyl_2019/pilot.yaml)")) == "pilot"
    assert tables.source_kind(model.parameters.Param(1, "x", "scenario delayed")) == "scenario"
    assert tables.source_kind(model.parameters.Param(1, "x", "override")) == "override"
    assert tables.source_kind(model.parameters.Param(1, "x", "derived")) == "derived"


# --- tables -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_targets_table_comes_from_projection_targets(lang, pilot):
    _, p = pilot
    df = tables.targets_table(p, lang)
    assert len(df) == len(p.targets) and df.shape[1] <= MAX_COLUMNS
    year = p.summary["target_year"]
    assert str(year) in df.columns[2] and str(year) in df.columns[3]
    met = df.iloc[:, 3].tolist()
    assert met == [i18n.yes_no(m, lang) for m in p.targets["met"]]
    # the jobs row shows the projected number with its unit word, and "never met" as a dash
    row = df[df.iloc[:, 0] == tables.target_label("jobs", lang)].iloc[0]
    assert row.iloc[2].startswith(i18n.number(p.summary["jobs_direct"], lang))
    assert row.iloc[4] == tables.DASH


def test_targets_table_year_met_and_gap(akimat):
    _, p = akimat
    df = tables.targets_table(p, "en").set_index("Target")
    assert df.loc[tables.target_label("projects", "en"), "First year met"] == "2021"
    # the TSA target is a fall with no number: no gap in %
    assert df.loc[tables.target_label("tsa_recipients_change", "en"), "Gap to target"] == tables.DASH


def test_by_direction_table_has_years_directions_and_total(akimat):
    _, p = akimat
    df = tables.by_direction_table(p, "jobs_direct", range(2021, 2024), "en")
    assert list(df.columns) == ["Year", *[i18n.direction(d, "en") for d in DIRECTIONS], "Total"]
    assert df["Year"].tolist() == ["2021", "2022", "2023"]
    assert df.loc[1, "Total"] == i18n.number(p.summary["jobs_direct"], "en")  # 90,000 in 2022
    # years outside the horizon are left out, not invented
    assert len(tables.by_direction_table(p, "spend", range(2015, 2100), "en")) == len(p.years)


def test_directions_table_orders_rows_and_formats_per_column(akimat):
    _, p = akimat
    money = p.wide("spend").sum()
    df = tables.directions_table({"Money": money, "Share": money / money["total"]}, "en",
                                 fmt={"Money": "money_bn", "Share": "share"}, digits={"Share": 0})
    assert df.iloc[:, 0].tolist() == [*[i18n.direction(d, "en") for d in DIRECTIONS], "Total"]
    assert df["Money"].iloc[-1] == "KZT\u00a046.4\u00a0bn" and df["Share"].iloc[-1] == "100%"


def test_years_table_aligns_series(akimat):
    _, p = akimat
    df = tables.years_table({"A": p.series("spend"), "B": p.series("fiscal_cost")}, "en", fmt="money_bn",
                            years=[2020, 2022])
    assert df.values.tolist() == [["2020", "KZT\u00a023.2\u00a0bn", i18n.money_bn(p.series("fiscal_cost")[2020], "en")],
                                  ["2022", "KZT\u00a00.0\u00a0bn", "KZT\u00a00.0\u00a0bn"]]


@pytest.mark.parametrize("lang", LANGS)
def test_provenance_table_shows_value_range_source_and_basis(lang, akimat):
    sc, _ = akimat
    paths = ["tsa.people", "tsa.reach_share", "funding.microcredit_rate", "baseline.agri_output_implied_bn_kzt",
             "directions.livestock.hired_fte_per_project", "timeline.launch_shares", "programme.target_year"]
    df = tables.provenance_table(sc, paths, lang)
    assert df.shape == (len(paths), 5)
    assert df.iloc[0, 4] == f"«{load_sources().article['tsa_people'].quote}»"  # the article's words
    assert df.iloc[1, 1] == tables.cell(0.4, "share", lang) and df.iloc[1, 3] == t("tables.sources.assumption", lang)
    assert df.iloc[3, 3] == t("tables.sources.derived", lang)
    assert df.iloc[4, 3] == t("tables.sources.calibrated", lang)
    assert df.iloc[6, 1] == "2022"
    assert tables.provenance_table(sc, paths, lang, with_basis=False).shape[1] == 4


def test_calibration_table_is_sorted_by_stretch(akimat, pilot):
    sc, _ = akimat
    df = tables.calibration_table(sc, "en")
    assert len(df) == len(sc.calibration.rows) and df.shape[1] <= MAX_COLUMNS
    ratios = [float(r.lstrip("×")) for r in df["Ratio to prior"]]
    stretches = [tables.stretch(r) for r in ratios]
    assert stretches == sorted(stretches, reverse=True)
    outside = sum(r["outside_range"] for r in sc.calibration.rows)
    assert (df["Outside range"] == "yes").sum() == outside
    with pytest.raises(ValueError, match="not calibrated"):
        tables.calibration_table(pilot[0], "en")


def test_stretch_is_symmetric():
    assert tables.stretch(2.0) == tables.stretch(0.5) == 2.0
    assert tables.stretch(1.0) == 1.0
    assert math.isinf(tables.stretch(0.0))


def test_changes_table_lists_what_differs_from_the_base():
    delayed = model.load_scenario("delayed")
    df = tables.changes_table(delayed, "en")
    assert df.shape[1] == MAX_COLUMNS
    sources = set(df["Source"])
    assert sources == {t("tables.sources.calibrated", "en"), t("tables.sources.scenario", "en")}
    launch = df[df["Parameter"] == tables.param_label("timeline.launch_shares", "en")].iloc[0]
    assert launch["Ratio to base"] == tables.DASH  # a schedule has no ratio
    pilot_df = tables.changes_table(model.load_scenario("pilot_evidence"), "en")
    assert t("tables.sources.pilot", "en") in set(pilot_df["Source"])
    # a scenario equal to the base has nothing to list
    assert tables.changes_table(delayed, "en", base=delayed.params).empty


def test_funding_parts_add_up_to_the_fiscal_cost(akimat):
    sc, p = akimat
    parts = compare.funding_parts(p)
    spend = p.summary["budget_bn_kzt"]
    sources = ["grant", "microcredit", "bank_loan", "own_funds"]
    assert parts.loc[sources, "amount"].sum() == pytest.approx(spend)
    assert parts.at["total", "fiscal"] == pytest.approx(p.summary["fiscal_cost_bn_kzt"])
    # bank loans and own funds cost the state nothing; grants all of it
    assert parts.at["bank_loan", "fiscal"] == 0 and parts.at["own_funds", "fiscal"] == 0
    assert parts.at["grant", "fiscal"] == pytest.approx(parts.at["grant", "amount"])
    df = tables.funding_table(p, "kk")
    assert df.shape == (6, 5)


@pytest.mark.parametrize("lang", LANGS)
def test_fan_and_probability_tables(lang, akimat):
    sc, p = akimat
    sim = uncertainty.simulate(sc, draws=50, seed=1)
    fan = tables.fan_table(sim.fan("jobs_direct"), lang, years=range(2020, 2023))
    assert fan.shape == (3, 6)
    prob = tables.probabilities_table(sim.target_probabilities(), lang, keys=["jobs", "entrepreneurs"], year=2022)
    assert prob.shape == (2, 6) and "2022" in prob.columns[2]
    assert prob.iloc[0, 0] == tables.target_label("jobs", lang)


@pytest.mark.parametrize("lang, expected", [("kk", "05.12.2026"), ("ru", "05.12.2026"), ("en", "5 December 2026")])
def test_a_documents_date_is_written_as_the_language_writes_it(lang, expected):
    assert i18n.date("2026-12-05", lang) == expected
