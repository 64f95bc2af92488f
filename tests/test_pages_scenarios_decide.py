"""Notebooks 08 (scenarios) and 09 (decisions) for a programme whose announcement gives the money and
the borrowers only and whose evidence is another programme's pilot (Auyl Amanaty in Zhambyl: about.yaml
``prior: zhambyl_2019``, no pilot.yaml or outturn.yaml of its own): they run, show its own projection,
its plan against the 2019 programme's pilot named as such, and what can be decided on its plan's
schedule (decide.on_plan), and say in one sentence what needs its own reported lending; the 2019
article's figures and the 2019 programme's reported lending never appear under its title
(model/pages.py, model/report/scenarios_report.py, model/report/decide_report.py, model/decide.py)."""
import contextlib
import io
import re

import pytest

import model
from model import compare, decide, evidence, packs, pages, runner
from model.outturn import load_outturn
from model.parameters import load_sources
from model.paths import ROOT, Pack, using
from model.report import i18n, tables
from model.report.i18n import t

from conftest import shown_text, the_2019_targets

AUYL = "auyl_amanaty_plan"
PAGES = ("08_scenarios", "09_decide")
LANGS = ("kk", "ru", "en")


def test_08_and_09_are_no_longer_left_out_for_auyl_amanaty():
    auyl = Pack("auyl_amanaty_2023", "zhambyl")
    for page in PAGES:
        assert pages.missing(page, auyl) is None, page
        assert pages.missing(page) is None, page  # the 2019 programme as before


def test_decide_still_needs_the_programmes_own_lending():
    """``python -m model decide`` (the delivery path) refuses a programme without its own outturn, in
    one line; what it can say on the plan's schedule is ``decide.on_plan``."""
    with using(model.pack_for(AUYL)):
        with pytest.raises(model.DataError, match="outturn"):
            decide.decide(AUYL, 100, 2019)


def the_2019_article(lang: str) -> list[str]:
    """The 2019 article's figures as the pages write them; its rise and plant-load figures in its own
    terms ("up to 33 %"), since a bare 33 % or 30 % is also a share the pages compute (33 % of the plan)."""
    with using(packs.resolve("zhambyl_2019", "zhambyl")):
        art = load_sources().article
        bare = {i18n.pct(art[k].value, lang, 0) for k in ("output_rise", "processing_load_rise")}
        return [f for f in the_2019_targets(lang) if f not in bare] + [
            tables.figure_value(art[k], lang) for k in ("output_rise", "processing_load_rise")]


def the_2019_lending(lang: str) -> list[str]:
    """The 2019 programme's reported lending (its outturn's money and borrowers by year), as the pages would write it."""
    with using(packs.resolve("zhambyl_2019", "zhambyl")):
        facts = load_outturn()
        return [*(i18n.money_bn(f.value, lang) for f in facts.values() if f.unit == "bn KZT"),
                *(i18n.number(f.value, lang) for k, f in facts.items() if k.startswith("borrowers_20"))]


def plain(text: str) -> str:
    """Quotes inside quotes as the texts write them (the pages show «„Ауыл аманаты“ ...» for ««Ауыл аманаты» ...»)."""
    return text.replace("„", "«").replace("“", "»")


def shows(figure: str, text: str) -> bool:
    """Whether ``text`` shows ``figure`` as a number of its own (30 % is not shown by 130 %)."""
    return re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d])", text) is not None


@pytest.mark.slow
def test_08_and_09_run_for_auyl_amanaty_with_its_own_figures(tmp_path):
    out = tmp_path / "out"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        rc = runner.run_suite(scenarios=[AUYL], langs=list(LANGS), out=out, fast=True, pdf=False, jobs=1,
                              notebooks=[ROOT / "notebooks" / f"{page}.ipynb" for page in PAGES])
    assert rc == 0, err.getvalue()
    assert "left out" not in err.getvalue()
    with using(model.pack_for(AUYL)):
        p = model.project(model.load_scenario(AUYL))
        s = p.summary
        programme = packs.about("programmes", "auyl_amanaty_2023").title
        for lang in LANGS:
            folder = out / f"{AUYL}+auyl_amanaty_2023@zhambyl+fast" / lang
            scenarios, decisions = (plain(shown_text(folder / f"{page}.ipynb")) for page in PAGES)
            for text in (scenarios, decisions):
                assert "Error" not in text and "nan" not in text.lower().split() and "None" not in text
                for figure in the_2019_article(lang) + the_2019_lending(lang):
                    assert not shows(figure, text), (lang, figure)
                assert programme[lang] in text
            # 08: one scenario said in a sentence, its plan against the 2019 programme's pilot, no stage check
            assert plain(t("08_scenarios.own.one_scenario", lang, programme=programme[lang],
                           scenario=model.load_scenario(AUYL).title[lang])) in scenarios
            assert i18n.number(s["jobs_direct"], lang) in scenarios
            assert tables.cell(s["budget_bn_kzt"], "money_bn", lang) in scenarios
            assert t("08_scenarios.own.no_stage", lang, programme=programme[lang]) in scenarios
            assert t("08_scenarios.own.evidence_label", lang, pilot_year=2020) in scenarios
            # why the plan and the pilot's rates differ: the pilot's split of the money (its own figures)
            first = evidence.pilot_stage()
            assert t("08_scenarios.own.why_split", lang, decide_title=t("09_decide.title", lang),
                     livestock=tables.cell(compare.evidence_scenario({}).value("directions.livestock.budget_share"),
                                           "share", lang, 0),
                     plan_livestock=tables.cell(p.scenario.value("directions.livestock.budget_share"), "share", lang, 0),
                     livestock_borrowers=i18n.number(first["livestock_borrowers"], lang),
                     borrowers=i18n.number(first["residents"], lang)) in scenarios
            # 09: on the plan's schedule, the whole money split, no delivered path and no tranche rule
            assert t("09_decide.own.no_delivered", lang, programme=programme[lang]) in decisions
            assert t("09_decide.own.no_tranche", lang, programme=programme[lang]) in decisions
            assert i18n.number(s["jobs_direct"], lang) in decisions  # the plan's own figure beside the estimate
            assert i18n.money_bn(s["budget_bn_kzt"], lang) in decisions  # the money split across directions
            assert t("09_decide.own.capacity_shown", lang) in decisions
