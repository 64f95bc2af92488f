"""What each notebook is written about, and whether the pack in force has it.

The notebooks were written about the 2019 programme: its announcement's figures (the article's
90,000 jobs, 132.2 bn of output, the region's baseline as the article states it), its pilot and its
reported lending. A programme that announced other figures, or that has no pilot or reported lending
of its own (it builds on another's: ``about.yaml`` ``prior``), cannot fill those pages without
showing another programme's figures under its title. Such a page is not run for that pack: the
runner leaves it out before any kernel starts and says why in one line (model/runner.py), and the
notebook run alone stops at its first line with the same reason (``model.use_pack(..., page=)``).

A page needs ``figures`` of the pack's announcement (its ``article.yaml``; the targets are read from
them) and ``own`` files of its programme (not inherited through ``prior``). The brief and the
editor are written for any pack: they need nothing here.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import packs
from .errors import DataError
from .parameters import load_sources
from .paths import Pack, pack, rel


@dataclass(frozen=True)
class Needs:
    figures: tuple[str, ...] = ()  # figures of the pack's announcement (article.yaml) the page is written about
    own: tuple[str, ...] = ()  # files of the programme's own (pilot.yaml, outturn.yaml), not its prior's


NEEDS = {
    "01_baseline_targets": Needs(),  # the region's baseline from its files where the announcement does not state it
    "02_money_projects": Needs(),  # the lending reported only where the programme has its own (money_report)
    "03_jobs": Needs(),  # the announced jobs and entrepreneurs where the announcement gives them (jobs_report)
    "04_social_assistance": Needs(),  # its pilot check only where the programme has its own (social_assistance)
    "05_output_processing": Needs(),  # compares with the output, rise and load figures where announced
    "06_appraisal": Needs(),  # the announced cost per job and output per tenge where given (appraisal_report)
    "07_uncertainty": Needs(),  # chances of the jobs, output and TSA figures where announced, else their spread
    "08_scenarios": Needs(),  # the pack's scenarios; its plan at the pilot's rates; the first stage replayed where it has its own pilot
    "09_decide": Needs(),  # on its delivery path where it reported lending, else on its plan's schedule (decide.on_plan)
}


# the 2019 brief's page one, section 3 and risks (model/report/brief.py ``full``): another pack's brief leaves them out
BRIEF_2019 = "brief:2019"
NEEDS[BRIEF_2019] = Needs(figures=("new_jobs", "entrepreneurs", "output_added", "output_rise", "processing_load_rise",
                                   "tsa_recipients_fall"), own=("pilot.yaml", "outturn.yaml"))


def missing(page: str, p: Pack | None = None) -> str | None:
    """Why the pack ``p`` (the pack in force) cannot show notebook ``page``, in one line; None when it can."""
    p = p or pack()
    needs = NEEDS.get(page, Needs())
    absent = [name for name in needs.own if not packs.own(name, p)]
    if absent:
        return (f"{page} is written about the programme's own {' and '.join(absent)}; {p.programme} has none "
                f"({rel(p.programme_dir)}; its prior's are another programme's)")
    if not needs.figures:  # nothing announced to read: the pack's files are not opened
        return None
    article = load_sources(p).article
    lacking = [f for f in needs.figures if f not in article]
    if lacking:
        return (f"{page} is written about announced figures {p.programme}'s announcement does not give "
                f"({rel(p.programme_dir / 'article.yaml')}: {', '.join(lacking)})")
    return None


def require(page: str, p: Pack | None = None) -> None:
    """A DataError naming what the pack lacks for ``page`` (see :func:`missing`); nothing if it has it all."""
    why = missing(page, p)
    if why is not None:
        p = p or pack()
        raise DataError(f"notebooks/{page}.ipynb", "pack", str(p), f"a pack it can be shown for: {why}")
