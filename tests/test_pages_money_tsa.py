"""Notebooks 02 (money and projects) and 04 (targeted social assistance) for a programme that builds
on another (Auyl Amanaty, ``prior: zhambyl_2019``): they run, show the programme's own projection,
and say in one sentence what they leave out: the lending reported (no outturn.yaml of its own), the
pilot check (no pilot.yaml of its own), the figures its announcement does not give (the rural
population, a TSA figure). The 2019 article's and outturn's figures never appear under its title."""
import contextlib
import io

import nbformat
import pytest

import model
from model import microsim, packs, pages, runner
from model.microsim.results import figures
from model.outturn import load_outturn
from model.paths import ROOT, Pack, using
from model.report import i18n
from model.report.i18n import t
from model.report.tables import count

AUYL = "auyl_amanaty_plan"
PACK = Pack("auyl_amanaty_2023", "zhambyl")
PRIOR = Pack("zhambyl_2019", "zhambyl")
PAGES = ("02_money_projects", "04_social_assistance")
LANGS = ["kk", "ru", "en"]


def text(path) -> str:
    """What an executed notebook shows: its streams, markdown and plain-text outputs."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            parts.append(o.get("text", ""))
            parts += [o.get("data", {}).get(kind, "") for kind in ("text/markdown", "text/plain")]
    return "\n".join(parts)


def test_the_pages_are_shown_for_auyl_amanaty():
    for page in PAGES:
        assert pages.missing(page, PACK) is None
        assert pages.missing(page, packs.resolve(PACK.programme, PACK.region)) is None
        assert pages.missing(page, PRIOR) is None


@pytest.mark.slow
def test_the_pages_run_for_auyl_amanaty_with_its_own_figures_only(tmp_path):
    out = tmp_path / "out"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        rc = runner.run_suite(scenarios=[AUYL], langs=LANGS, out=out, fast=True, pdf=False, jobs=1,
                              notebooks=[ROOT / "notebooks" / f"{p}.ipynb" for p in PAGES])
    assert rc == 0, err.getvalue()
    assert "left out" not in err.getvalue()
    root = out / f"{AUYL}+auyl_amanaty_2023@zhambyl+fast"

    with using(packs.resolve(PACK.programme, PACK.region)):
        sc = model.load_scenario(AUYL)
        p = model.project(sc)
        f = figures(microsim.run(sc))
    with using(packs.resolve(PRIOR.programme, PRIOR.region)):
        article = model.parameters.load_sources().article
        outturn = load_outturn()

    for lang in LANGS:
        money = text(root / lang / "02_money_projects.ipynb")
        tsa = text(root / lang / "04_social_assistance.ipynb")
        both = money + tsa
        # the programme's own projection
        assert i18n.money_bn(p.summary["budget_bn_kzt"], lang) in money, lang
        assert count(p.summary["projects"], "projects", lang) in money, lang
        assert count(f["families_exit"], "families", lang) in tsa, lang
        assert count(f["people_exit"], "people", lang) in tsa, lang
        assert count(f["families_without"], "families", lang) in tsa, lang
        # the sentences that say what is left out, and nothing of what they replace
        for key in ("02_money_projects.delivery_none_reported", "04_social_assistance.pilot_none",
                    "04_social_assistance.calibration_not_announced",
                    "04_social_assistance.mc_households_not_announced"):
            assert t(key, lang) in both, (lang, key)
        for key in ("02_money_projects.delivery_cols.reported_lent", "02_money_projects.delivery_cols.reported_borrowers",
                    "04_social_assistance.pilot_caption", "04_social_assistance.calibration_caption",
                    "04_social_assistance.cols.pilot"):
            assert t(key, lang).split("{")[0].strip(" ,") not in both, (lang, key)
        # neither the 2019 article's targets nor the 2019 outturn's reported lending
        for k in ("new_jobs", "entrepreneurs"):
            assert i18n.number(article[k].value, lang) not in both, (lang, k)
        assert i18n.number(article["output_added"].value, lang, 1) not in both, lang
        for k in ("borrowers_first_stage", "borrowers_2022", "borrowers_2023"):
            assert i18n.number(outturn[k].value, lang) not in money, (lang, k)
