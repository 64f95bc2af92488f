"""Notebook 01 (baseline and targets) for a programme whose announcement gives the money and the
borrowers only (Auyl Amanaty in Zhambyl): it runs, shows the region's baseline from the region's own
files (each figure with its source and year, never as that programme's announcement), the
programme's own announced figures (money of 2023 and in 2019 prices, about 5,000 borrowers) and only
those as targets against its projection, says in one sentence that its announcement gives nothing
to derive figures from, and never shows the 2019 article's targets (model/pages.py,
model/report/baseline_report.py)."""
import contextlib
import io

import pytest

import model
from model import pages, runner
from model.parameters import load_parameters, load_sources
from model.paths import ROOT, Pack, using
from model.report import baseline_report, i18n, tables
from model.report.i18n import t
from conftest import shown_text, the_2019_targets

AUYL = "auyl_amanaty_plan"
PAGE = "01_baseline_targets"
LANGS = ("kk", "ru", "en")


def test_the_page_is_no_longer_left_out_for_auyl_amanaty():
    assert pages.missing(PAGE, Pack("auyl_amanaty_2023", "zhambyl")) is None
    assert pages.missing(PAGE) is None  # the 2019 programme as before


def test_the_2019_programme_still_reads_its_baseline_in_the_articles_words():
    assert baseline_report.states_baseline()
    with using(model.pack_for(AUYL)):
        assert not baseline_report.states_baseline()


@pytest.mark.slow
def test_01_runs_for_auyl_amanaty_with_the_regions_baseline_and_its_own_targets(tmp_path):
    out = tmp_path / "out"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        rc = runner.run_suite(scenarios=[AUYL], langs=list(LANGS), out=out, fast=True, pdf=False, jobs=1,
                              notebooks=[ROOT / "notebooks" / f"{PAGE}.ipynb"])
    assert rc == 0, err.getvalue()
    assert "left out" not in err.getvalue()
    with using(model.pack_for(AUYL)):
        params, src = load_parameters(), load_sources()
        art = src.article
        assert set(art) == {"programme_cost", "projects"}
        p = model.project(model.load_scenario(AUYL))
        for lang in LANGS:
            text = shown_text(out / f"{AUYL}+auyl_amanaty_2023@zhambyl+fast" / lang / f"{PAGE}.ipynb")
            assert "Error" not in text and "nan" not in text.lower().split() and "None" not in text
            for figure in the_2019_targets(lang):
                assert figure not in text, (lang, figure)
            # the region's figures, from its files, each with its source and year
            for path, unit in (("population.people", "people"), ("population.working_age", "people"),
                               ("tsa.families", "families"), ("tsa.people", "people"),
                               ("population.households", "households")):
                assert tables.count(params[path].value, unit, lang) in text, (lang, path)
                assert params[path].label[lang] in text, (lang, path)
            assert tables.count(src.external["population_2020"].value, "people", lang) in text
            assert t(f"{PAGE}.own.source_prior", lang) in text
            assert t(f"{PAGE}.baseline_caption", lang) not in text  # not "the akimat's plan states it"
            # its own announcement: the money of 2023 and in 2019 prices, about 5,000 borrowers
            assert i18n.money_bn(art["programme_cost"].value, lang) in text
            assert i18n.money_bn(p.targets.set_index("key").at["total_cost_bn_kzt", "target"], lang) in text
            assert t(f"{PAGE}.own.borrowers_about", lang, n=i18n.number(art["projects"].value, lang)) in text
            assert art["projects"].quote in text
            # nothing derived from words it does not have; its targets only
            assert t(f"{PAGE}.own.no_derived", lang) in text
            assert t(f"{PAGE}.own.no_jobs_output_tsa", lang) in text
            assert t(f"{PAGE}.targets_note", lang, year=p.summary["target_year"],
                     tsa_report=t("04_social_assistance.title", lang)) not in text
            for key in ("jobs", "entrepreneurs", "output_added_bn_kzt", "tsa_recipients_change"):
                assert tables.target_label(key, lang) not in text, (lang, key)
            assert tables.target_label("projects", lang) in text
