"""Notebooks 05 (output and processing) and 07 (uncertainty) for a programme whose announcement gives
the money and the borrowers only (Auyl Amanaty in Zhambyl): they run, show that programme's own
projection and its spread over the draws, say in one sentence that the announcement gives no output,
jobs or TSA figure, and never show the 2019 article's figures as its targets (model/pages.py,
model/report/output_report.py, model/report/uncertainty_page.py)."""
import contextlib
import io

import pytest

import model
from model import pages, runner
from model.paths import ROOT, Pack, using
from model.report import i18n
from model.report.i18n import t

from conftest import shown_text, the_2019_targets

AUYL = "auyl_amanaty_plan"
PAGES = ("05_output_processing", "07_uncertainty")
LANGS = ("kk", "ru", "en")


def test_the_pages_are_no_longer_left_out_for_auyl_amanaty():
    auyl = Pack("auyl_amanaty_2023", "zhambyl")
    for page in PAGES:
        assert pages.missing(page, auyl) is None, page
        assert pages.missing(page) is None, page  # the 2019 programme as before


@pytest.mark.slow
def test_05_and_07_run_for_auyl_amanaty_with_its_own_projection_and_no_2019_targets(tmp_path):
    out = tmp_path / "out"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        rc = runner.run_suite(scenarios=[AUYL], langs=list(LANGS), out=out, fast=True, pdf=False, jobs=1,
                              notebooks=[ROOT / "notebooks" / f"{page}.ipynb" for page in PAGES])
    assert rc == 0, err.getvalue()
    assert "left out" not in err.getvalue()
    with using(model.pack_for(AUYL)):
        sc = model.load_scenario(AUYL)
        p = model.project(sc)
        s = p.summary
        year = s["target_year"]
        for lang in LANGS:
            folder = out / f"{AUYL}+auyl_amanaty_2023@zhambyl+fast" / lang
            output, uncertainty = (shown_text(folder / f"{page}.ipynb") for page in PAGES)
            for text in (output, uncertainty):
                assert "Error" not in text and "nan" not in text.lower().split() and "None" not in text
                for figure in the_2019_targets(lang):
                    assert figure not in text, (lang, figure)
            # 05: its own output and plant load, each without a target, and the sentences saying why
            assert i18n.money_bn(s["output_added_bn_kzt"], lang) in output
            assert i18n.pct(s["output_rise_pct_public"], lang) in output
            assert i18n.pct(p.series("processing_rise_pct").loc[year], lang) in output
            for key in ("no_output", "no_rise", "no_load", "no_chance"):
                assert t(f"05_output_processing.own.{key}", lang) in output, (lang, key)
            assert t("05_output_processing.verdict_met", lang) not in output
            # 07: the spread of what it does, no chance of a figure it did not announce
            assert t("07_uncertainty.own.no_probabilities", lang) in uncertainty
            assert t("07_uncertainty.own.no_discovery", lang) in uncertainty
            assert i18n.number(p.series("tsa_people_out").loc[year], lang) in uncertainty
            assert t("07_uncertainty.h_fans", lang) in uncertainty
