"""Where things live. Every path the package reads or writes starts here.

The data are packs: a programme (``data/programmes/NAME/``: its money, directions, loan terms,
schedule, announced targets and their quotes, its own evidence) run in a region
(``data/regions/NAME/``: population, districts, TSA caseload and rules, output, prices, public
facts), with what every pack shares in ``data/`` itself. A :class:`Pack` turns a file's name into
its path, so a loader reads ``pack / "tsa.yaml"`` wherever the pack keeps it.

One pack is in force in a process (:func:`pack`, set by :func:`use` from ``--programme`` /
``--region`` or a notebook's parameters); a loader called without one reads that, and the
in-process cache (model/cache.py) keys every result by it, so two packs never mix.
"""
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ZHAMBYL_DATA_DIR reads another data tree laid out as data/ (a test's programme added from files
# only, a benchmark's generated regions under build/): never a mixture, the whole tree moves
DATA = Path(os.environ["ZHAMBYL_DATA_DIR"]).resolve() if os.environ.get("ZHAMBYL_DATA_DIR") else ROOT / "data"
SCENARIOS = DATA / "scenarios"
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"

DEFAULT_PROGRAMME = "zhambyl_2019"
DEFAULT_REGION = "zhambyl"
# which folder holds each file of a pack (any other name is shared, in data/ itself)
IN_PROGRAMME = ("programme.yaml", "article.yaml", "directions.csv", "directions.yaml", "correlations.yaml",
                "pilot.yaml", "outturn.yaml")
IN_REGION = ("region.yaml", "tsa.yaml", "external.yaml", "districts.csv")
ABOUT = "about.yaml"  # in each programme's and region's folder: its title
_NAME = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")


def rel(path: Path) -> str:
    """A path as the user sees it in messages: relative to the repository when inside it."""
    p = Path(path)
    try:  # the folder resolved, not the file: a symlink that loops or leads nowhere is named as it is
        return str((p.parent.resolve() / p.name).relative_to(ROOT))
    except (ValueError, OSError, RuntimeError):
        return str(path)


@dataclass(frozen=True)
class Pack:
    """A programme in a region: ``pack / "tsa.yaml"`` is that file's path in this pack."""

    programme: str = DEFAULT_PROGRAMME
    region: str = DEFAULT_REGION
    root: Path = DATA  # the data folder (a test's copy, a benchmark's generated tree)
    # the programmes this one builds on (its about.yaml's ``prior``, then theirs: model/packs.py):
    # a programme file it does not have is read from the first of them that has it
    priors: tuple[str, ...] = ()

    @property
    def programme_dir(self) -> Path:
        return self.root / "programmes" / self.programme

    @property
    def region_dir(self) -> Path:
        return self.root / "regions" / self.region

    def __truediv__(self, name: str) -> Path:
        if name in IN_PROGRAMME:
            own = self.programme_dir / name
            if not own.exists():
                for programme in self.priors:
                    inherited = self.root / "programmes" / programme / name
                    if inherited.exists():
                        return inherited
            return own  # its own, or the path a missing file is named by
        if name in IN_REGION:
            return self.region_dir / name
        return self.root / name

    def __str__(self) -> str:
        return f"{self.programme} in {self.region}"


_in_force = [Pack()]


def pack() -> Pack:
    """The pack in force in this process."""
    return _in_force[0]


def as_pack(data) -> Pack:
    """A loader's ``data`` argument as a pack: None is the pack in force; a folder is a data tree
    laid out as data/ (a test's copy), read for the programme and region in force."""
    if data is None:
        return pack()
    if isinstance(data, Pack):
        return data
    return Pack(pack().programme, pack().region, Path(data), pack().priors)


def names(kind: str, root: Path = DATA) -> list[str]:
    """The programmes (``kind="programmes"``) or regions in a data tree: its folders with an about.yaml."""
    folder = root / kind
    return sorted(p.name for p in folder.iterdir() if _NAME.fullmatch(p.name) and (p / ABOUT).is_file()) \
        if folder.is_dir() else []


def check_pack(programme: str, region: str, root: Path = DATA) -> Pack:
    """The pack of these names, or a DataError naming the one that does not exist and the choices."""
    from .errors import DataError

    for kind, flag, name in (("programmes", "--programme", programme), ("regions", "--region", region)):
        known = names(kind, root)
        if not isinstance(name, str) or name not in known:
            raise DataError(rel(root / kind), flag, name,
                            f"one of {', '.join(known) or '(none)'} (the folders of {rel(root / kind)} with an {ABOUT})")
    return Pack(programme, region, root)


def put_in_force(p: Pack) -> Pack:
    """Put a pack in force for this process (``model.packs.use`` checks the names and fills its priors)."""
    _in_force[0] = p
    return p


class using:
    """``with using(pack):`` that pack in force for the block, the previous one after it, whatever
    happens (a region's history read while another programme is in force: model/microsim)."""

    def __init__(self, p: Pack):
        self.pack, self.before = p, None

    def __enter__(self) -> Pack:
        self.before, _in_force[0] = _in_force[0], self.pack
        return self.pack

    def __exit__(self, *exc) -> None:
        _in_force[0] = self.before
