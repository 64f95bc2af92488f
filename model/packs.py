"""Programmes and regions as data: what exists, what each is called, and a pack's own scenario.

A programme is a folder of ``data/programmes/`` and a region one of ``data/regions/`` (model/paths.py
says which files each holds); each has an ``about.yaml`` with its ``title`` in kk, ru and en, and a
programme may name the ``scenario`` that stands for its plan (``zhambyl_2019``: ``akimat``). Adding
a programme or a region is adding a folder: no code names one, but the defaults in model/paths.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import DataError
from .parameters import read_yaml
from .paths import ABOUT, DATA, Pack, check_pack, names, pack, put_in_force, rel
from .schema import LANGS

BARE = "base"  # the name of a pack's parameters as they are, when its programme names no scenario


@dataclass(frozen=True)
class About:
    name: str
    title: dict[str, str]
    scenario: str | None = None  # a programme's plan, as a scenario of data/scenarios
    prior: str | None = None  # a programme's: the programme whose files and parameters it builds on
    history: str | None = None  # a region's: the programme whose pilot and lending its published caseloads hold


def about(kind: str, name: str, root=DATA) -> About:
    """``kind`` "programmes" or "regions": the folder's about.yaml, checked."""
    path = root / kind / name / ABOUT
    file = rel(path)
    doc = read_yaml(path)
    allowed = {"title", "scenario", "prior"} if kind == "programmes" else {"title", "history"}
    odd = sorted(set(doc) - allowed)
    if odd:
        raise DataError(file, odd[0], doc[odd[0]], f"only the keys {', '.join(sorted(allowed))}")
    title = doc.get("title")
    if not isinstance(title, dict) or set(title) != set(LANGS) or not all(isinstance(v, str) and v.strip()
                                                                           for v in title.values()):
        raise DataError(file, "title", title, f"a text for each of {', '.join(LANGS)}")
    scenario, history, prior = doc.get("scenario"), doc.get("history"), doc.get("prior")
    if prior is not None and (prior == name or prior not in names("programmes", root)):
        raise DataError(file, "prior", prior, f"another of the programmes ({', '.join(names('programmes', root))})")
    if scenario is not None and not isinstance(scenario, str):
        raise DataError(file, "scenario", scenario, "the name of a scenario in data/scenarios")
    if history is not None and history not in names("programmes", root):
        raise DataError(file, "history", history, f"one of the programmes ({', '.join(names('programmes', root))})")
    return About(name=name, title=dict(title), scenario=scenario, history=history, prior=prior)


def resolve(programme: str, region: str, root=DATA) -> Pack:
    """The pack of these names, checked, with its programme's priors (a chain without a cycle)."""
    check_pack(programme, region, root)
    chain: list[str] = []
    prior = about("programmes", programme, root).prior
    while prior is not None:
        if prior == programme or prior in chain:
            raise DataError(rel(root / "programmes" / programme / ABOUT), "prior", prior,
                            f"no cycle of priors ({' -> '.join([programme, *chain, prior])})")
        chain.append(prior)
        prior = about("programmes", prior, root).prior
    return Pack(programme, region, root, tuple(chain))


def use(programme: str | None = None, region: str | None = None) -> Pack:
    """Put a pack in force (a name left None stays as it is) and return it; a name that does not
    exist is a DataError and changes nothing."""
    now = pack()
    return put_in_force(resolve(programme or now.programme, region or now.region, now.root))


def catalogue(root=DATA) -> dict[str, dict[str, About]]:
    """{"programmes": {name: About}, "regions": {name: About}}: every folder with an about.yaml."""
    return {kind: {n: about(kind, n, root) for n in names(kind, root)} for kind in ("programmes", "regions")}


def default_scenario(p: Pack | None = None) -> str | None:
    """The scenario a command runs when none is named: the programme's plan, or None (its bare parameters)."""
    p = p or pack()
    return about("programmes", p.programme, p.root).scenario


def history(p: Pack | None = None) -> Pack:
    """The pack of the programme that ran in this region before: its pilot measured who gets a place
    and its reported lending is in the region's published TSA caseloads, so the households are fitted
    with it, whatever programme is projected. A region that names none cannot run the households."""
    p = p or pack()
    h = about("regions", p.region, p.root).history
    if h is None:
        raise DataError(rel(p.region_dir / ABOUT), "history", None,
                        "the programme whose pilot and reported lending the region's published TSA caseloads hold "
                        "(the household microsimulation is fitted on them)")
    return resolve(h, p.region, p.root)


def no_households(p: Pack | None = None) -> str | None:
    """Why the region's households are not run, or None when they are. A region that names no
    ``history`` has nothing to fit them on (and may keep no tsa.yaml): its TSA figures are the
    aggregate model's (model/tsa.py: earners falling on the caseload), said so beside them."""
    p = p or pack()
    if about("regions", p.region, p.root).history is not None:
        return None
    return (f"{rel(p.region_dir / ABOUT)} names no history (no programme ran in the region to fit its households "
            "on): the TSA figures are the aggregate model's, not household by household")


def own(name: str, p: Pack | None = None) -> bool:
    """Whether the programme of ``p`` (the pack in force) has the file ``name`` of its own, not through
    its prior: its pilot (``pilot.yaml``) and its reported lending (``outturn.yaml``) describe the
    programme that ran, and a page written about them is left out for a programme that only
    inherits them (model/report: the note says why)."""
    p = p or pack()
    return (p.programme_dir / name).is_file()


def title(p: Pack | None = None) -> dict[str, str]:
    """"<programme> — <region>" in each language."""
    p = p or pack()
    prog, reg = about("programmes", p.programme, p.root), about("regions", p.region, p.root)
    return {lang: f"{prog.title[lang]} — {reg.title[lang]}" for lang in LANGS}
