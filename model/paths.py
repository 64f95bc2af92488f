"""Where things live. Every path the package reads or writes starts here."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCENARIOS = DATA / "scenarios"
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"


def rel(path: Path) -> str:
    """A path as the user sees it in messages: relative to the repository when inside it."""
    p = Path(path)
    try:  # the folder resolved, not the file: a symlink that loops or leads nowhere is named as it is
        return str((p.parent.resolve() / p.name).relative_to(ROOT))
    except (ValueError, OSError, RuntimeError):
        return str(path)
