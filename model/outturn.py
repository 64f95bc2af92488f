"""What was reported after the announcement (data/programmes/zhambyl_2019/outturn.yaml): the facts, checked, and the
lending schedule they imply for the scenario that follows what really happened (``as_delivered``).

The programme's own figures are self-reported and not counterfactual: the outturn table shows
them beside the projection (model/compare.py); here they only set when the money was lent.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import cache
from .errors import DataError
from .parameters import read_yaml
from .paths import as_pack, rel


@dataclass(frozen=True)
class Outturn:
    key: str
    value: float
    unit: str
    year: int
    quote: str
    source: str
    confidence: str
    compare: str
    nominal: bool = False


OUTTURN_MEASURES = ("money_spent", "projects", "hired", "entrepreneurs", "cooperatives", "tsa_rural_people",
                    "output_growth", "jobs_direct", "none")


@cache.memo
def load_outturn(path: Path | None = None) -> dict[str, Outturn]:
    """The reported figures of the programme's outturn.yaml, checked: value, unit, year, quote,
    source, confidence H/M/L and a known ``compare`` measure."""
    path = path or as_pack(None) / "outturn.yaml"
    doc = read_yaml(path)
    out = {}
    for key, e in (doc.get("facts") or {}).items():
        where = f"facts.{key}"
        if not isinstance(e, dict):
            raise DataError(rel(path), where, e, "a mapping with value, unit, year, quote, source, confidence")
        v = e.get("value")
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise DataError(rel(path), f"{where}.value", v, "a number")
        for need in ("unit", "year", "quote", "source"):
            if not e.get(need):
                raise DataError(rel(path), f"{where}.{need}", e.get(need), f"a {need}")
        if e.get("confidence") not in ("H", "M", "L"):
            raise DataError(rel(path), f"{where}.confidence", e.get("confidence"), "one of H, M, L")
        if e.get("compare") not in OUTTURN_MEASURES:
            raise DataError(rel(path), f"{where}.compare", e.get("compare"), f"one of {', '.join(OUTTURN_MEASURES)}")
        out[key] = Outturn(key, float(v), str(e["unit"]), int(e["year"]), str(e["quote"]), str(e["source"]),
                           e["confidence"], e["compare"], bool(e.get("nominal", False)))
    return out


@dataclass(frozen=True)
class Stage:
    """One reported stage of lending: the launch years it covers and the facts it is read from."""

    years: tuple[int, ...]
    borrowers: str  # key of a cumulative borrower count in facts
    lent: str | None  # key of a cumulative amount lent (nominal), or None when not published
    reason: str


@cache.memo
def load_schedule(path: Path | None = None) -> tuple[Stage, ...]:
    """The ``schedule`` of the programme's outturn.yaml: reported stages in order, each naming its facts."""
    path = path or as_pack(None) / "outturn.yaml"
    facts = load_outturn(path)
    doc = read_yaml(path)
    raw = doc.get("schedule")
    file = rel(path)
    if not isinstance(raw, list) or not raw:
        raise DataError(file, "schedule", raw, "a list of stages (years, borrowers, lent, reason)")
    out = []
    last = None
    for i, e in enumerate(raw):
        where = f"schedule[{i}]"
        if not isinstance(e, dict) or set(e) - {"years", "borrowers", "lent", "reason"}:
            raise DataError(file, where, e, "a mapping of years, borrowers, lent (optional), reason")
        years = e.get("years")
        if (not isinstance(years, list) or not years or not all(isinstance(y, int) and not isinstance(y, bool)
                                                                  for y in years)
                or years != list(range(years[0], years[0] + len(years))) or (last is not None and years[0] != last + 1)):
            raise DataError(file, f"{where}.years", years, "consecutive whole years, following the stage before")
        last = years[-1]
        for k in ("borrowers", "lent"):
            key = e.get(k)
            if key is None and k == "lent":
                continue
            if key not in facts:
                raise DataError(file, f"{where}.{k}", key, "the key of a fact in this file")
        if not e.get("reason"):
            raise DataError(file, f"{where}.reason", e.get("reason"), "a reason for reading the stage this way")
        out.append(Stage(tuple(years), e["borrowers"], e.get("lent"), str(e["reason"])))
    return tuple(out)
