"""Where things live. Every path the package reads or writes starts here."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCENARIOS = DATA / "scenarios"
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"


def rel(path: Path) -> str:
    """A path as the user sees it in messages: relative to the repository when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
