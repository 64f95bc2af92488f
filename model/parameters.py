"""Load the one parameter tree with its provenance, one record type (``Param``) for all: a pack's
programme.yaml and directions.csv (the programme's), region.yaml and tsa.yaml (the region's; tsa.yaml
holds the household microsimulation's inputs). model/paths.py says where a pack keeps each file.

A parameter is a value (or values by year) plus metadata: unit, source, optional (low, high)
range and reason, and the reader's words for it in kk, ru and en: ``label`` (its name) and, for
an assumption or a derived value, ``description`` (why the value is what it is). The labels of
the per-direction parameters are in the programme's directions.yaml, one for every direction.
The flat dotted-path form (``directions.livestock.jobs_per_project``,
``population.income_sigma``) is what scenarios, the command line, the editor, papermill
overrides and the Monte Carlo use.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import cache
from . import schema
from .errors import DataError
from .paths import Pack, as_pack, rel

DIRECTIONS = ("household_plots", "livestock", "outside_land", "cooperatives", "small_business")
SOURCE_KINDS = ("article", "external", "assumption", "derived", "pilot", "calibrated")
_LEAF_KEYS = {"value", "years", "low", "high", "unit", "source", "reason", "confidence", "label", "description"}
# a figure a region's public sources do not give: ``missing`` says where it was looked for; it has a
# unit and a label but no value, and what needs it is not run (model/missing.py)
MISSING = "missing"
_MISSING_KEYS = {MISSING, "unit", "label", "description"}
FIGURE_KINDS = ("article", "external", "pilot")  # a source ``kind.key`` whose value must equal that figure
TREE_YAML = ("programme.yaml", "region.yaml", "tsa.yaml")  # the tree's YAML files (with directions.csv), in this order


@dataclass(frozen=True)
class Param:
    """One parameter: its central value and where it comes from."""

    value: float | int | list
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    reason: str = ""
    # (low, mode, high) the evidence supports; None: (low, value, high). A calibrated value moves
    # ``value`` but keeps its prior here, so Monte Carlo asks what the evidence says, not the fit.
    evidence: tuple[float, float, float] | None = None
    years: tuple[int, ...] = ()  # a value given by year: ``value`` is a list, one per year (rising)
    confidence: str = ""  # H, M or L for a public source
    # the reader's words, {lang: text} in every language of schema.LANGS; not part of equality,
    # hash or repr: a parameter's words never change a figure (nor a cache key)
    label: dict = field(default_factory=dict, compare=False, repr=False)
    description: dict = field(default_factory=dict, compare=False, repr=False)
    where: str = field(default="", compare=False, repr=False)  # a missing figure's file (model/missing.py)

    def by_year(self, year: int) -> float:
        """A value given by year: that year's, the last one's for later years, the first's before."""
        if not self.years:
            return float(self.value)
        i = max(k for k, y in enumerate(self.years) if y <= year) if year >= self.years[0] else 0
        return float(self.value[i])

    @property
    def ranged(self) -> bool:
        return self.low is not None and self.high is not None and self.low < self.high

    @property
    def distribution(self) -> tuple[float, float, float] | None:
        """(low, mode, high) to draw from, or None for a parameter without a range."""
        if self.evidence is not None:
            return self.evidence
        return (self.low, self.value, self.high) if self.ranged and not isinstance(self.value, list) else None


@dataclass(frozen=True)
class Figure:
    """A figure quoted from the announcement or a public source (a pack's article.yaml, external.yaml, pilot.yaml)."""

    key: str
    value: float
    unit: str
    year: int
    quote: str = ""
    source: str = ""
    confidence: str = ""
    bound: str = ""


@cache.memo
def household_paths(data_dir: Path | Pack | None = None) -> tuple[str, ...]:
    """The paths of the region's tsa.yaml: what the household microsimulation reads from the tree."""
    path = as_pack(data_dir) / "tsa.yaml"
    return tuple(_flatten(rel(path), read_yaml(path))) if households_kept(as_pack(data_dir)) else ()


def households_kept(data: Pack) -> bool:
    """Whether the region keeps the household microsimulation's inputs (tsa.yaml). A region that names
    no ``history`` in its about.yaml (no programme ran there to fit its households on) may go without
    them; one that names a history must have them."""
    if (data / "tsa.yaml").exists():
        return True
    about = data.region_dir / "about.yaml"
    if read_yaml(about).get("history") is not None:
        read_yaml(data / "tsa.yaml")  # the region's households are needed: the missing file is named
    return False


@dataclass(frozen=True)
class Sources:
    article: dict[str, Figure] = field(default_factory=dict)  # the programme's own announcement
    external: dict[str, Figure] = field(default_factory=dict)
    pilot: dict[str, Figure] = field(default_factory=dict)
    # the announcements of the programmes it builds on (model/packs.py priors): what a parameter may
    # still cite (the 2019 article's count of the region's TSA families), never a target of this one
    prior_article: dict[str, Figure] = field(default_factory=dict)

    def figure(self, ref: str) -> Figure:
        """``article.projects`` -> the Figure (an announcement's figure: its own, else its priors')."""
        kind, _, key = ref.partition(".")
        if kind == "article" and key not in self.article:
            return self.prior_article[key]
        return getattr(self, kind)[key]


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping by the loader's rules (model/schema.py); any problem names the file."""
    return schema.read_yaml(path, rel(path))


def _figures(path: Path, section: str) -> dict[str, Figure]:
    doc = read_yaml(path)
    out = {}
    for key, entry in (doc.get(section) or {}).items():
        where = f"{section}.{key}"
        if not isinstance(entry, dict) or "value" not in entry:
            raise DataError(rel(path), where, entry, "a mapping with value, unit and source")
        for need in ("unit", "year"):
            if need not in entry:
                raise DataError(rel(path), f"{where}.{need}", None, f"a {need} for every figure")
        schema.check_figure_unit(rel(path), path.stem, key, where, str(entry["unit"]))
        if not schema.is_number(entry["value"]) or abs(entry["value"]) > 1e15:
            raise DataError(rel(path), f"{where}.value", entry["value"], "a finite number")
        out[key] = Figure(key=key, value=entry["value"], unit=str(entry["unit"]), year=int(entry["year"]),
                          quote=entry.get("quote", ""), source=entry.get("source", ""),
                          confidence=entry.get("confidence", ""), bound=entry.get("bound", ""))
    return out


@cache.memo
def load_sources(data_dir: Path | Pack | None = None) -> Sources:
    """The figures a parameter may cite: the programme's announcement (article.yaml) and its pilot
    (pilot.yaml), the region's public facts (external.yaml)."""
    data = as_pack(data_dir)
    prior: dict[str, Figure] = {}
    for name in reversed(data.priors):  # the nearest prior's figure wins
        prior.update(_figures(data.root / "programmes" / name / "article.yaml", "figures"))
    return Sources(article=_figures(data.programme_dir / "article.yaml", "figures"),
                   external=_figures(data / "external.yaml", "facts"),
                   pilot=_figures(data / "pilot.yaml", "facts"), prior_article=prior)


def parse_param(file: str, key: str, entry, path: str | None = None) -> Param:
    """A YAML/CSV leaf -> Param, checking that it carries a unit and a source; ``path``: the dotted
    path its unit and bounds are declared under (model/schema.py), default the key.

    Sources: ``article.<key>``, ``external.<key>``, ``pilot.<key>`` (the value must equal that
    figure, checked by ``load_parameters``); ``assumption`` or ``derived`` with a reason (an
    assumption's range is its plausible range); ``calibrated``; or a public source's name with a
    confidence H, M or L (../shared/seed/EXTERNAL_FACTS.md)."""
    path = path or key
    if not isinstance(entry, dict):
        raise DataError(file, key, entry, "a mapping with value, unit, source")
    if MISSING in entry:
        return _missing(file, key, entry, path)
    unknown = set(entry) - _LEAF_KEYS
    if unknown:
        raise DataError(file, f"{key}.{sorted(unknown)[0]}", entry[sorted(unknown)[0]],
                        f"only the fields {sorted(_LEAF_KEYS)}")
    for need in ("value", "unit", "source"):
        if entry.get(need) in (None, ""):
            raise DataError(file, f"{key}.{need}", entry.get(need), f"a {need} for every parameter")
    unit = str(entry["unit"])
    schema.check_unit(file, key, path, unit)
    value, years = entry["value"], entry.get("years")
    if isinstance(value, list):
        value = schema.check_list(file, f"{key}.value", value, path, unit)
    else:
        value = schema.check_number(file, f"{key}.value", value, path, unit)
    if years is not None:
        if (not isinstance(value, list) or not isinstance(years, list) or len(value) != len(years)
                or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)
                or years != sorted(set(years))):
            raise DataError(file, f"{key}.years", years, "whole years, rising, one per value in `value`")
    source = str(entry["source"])
    kind = source.split(".")[0]
    if source in ("assumption", "derived") and len(str(entry.get("reason", ""))) < 15:
        raise DataError(file, f"{key}.reason", entry.get("reason"),
                        "a reason for every assumption" if source == "assumption" else "the arithmetic of a derived value")
    if kind not in SOURCE_KINDS and entry.get("confidence") not in ("H", "M", "L"):
        raise DataError(file, f"{key}.confidence", entry.get("confidence"),
                        f"H, M or L for a public source (or a source of the kinds {', '.join(SOURCE_KINDS)})")
    if kind in FIGURE_KINDS and "." not in source:
        raise DataError(file, f"{key}.source", source, f"{kind}.<key>, a figure of the pack's {kind}.yaml")
    low, high = entry.get("low"), entry.get("high")
    if low is not None:
        low = schema.check_number(file, f"{key}.low", low, path, unit)
    if high is not None:
        high = schema.check_number(file, f"{key}.high", high, path, unit)
    if (low is None) != (high is None):
        raise DataError(file, key, entry, "both low and high, or neither")
    if low is not None and (isinstance(value, list) or not (low <= value <= high)):
        raise DataError(file, key, {"low": low, "value": value, "high": high}, "low <= value <= high (one value)")
    words = {k: _in_languages(file, f"{key}.{k}", entry[k]) for k in ("label", "description") if k in entry}
    return Param(value=value, unit=unit, source=source, low=low, high=high,
                 reason=str(entry.get("reason", "")), years=tuple(years or ()),
                 confidence=str(entry.get("confidence", "")), **words)


def _missing(file: str, key: str, entry: dict, path: str) -> Param:
    """A figure declared missing: no value (NaN inside the model, so that what it feeds comes out
    undefined and is reported as not run), a unit, a label and where it was looked for."""
    odd = sorted(set(entry) - _MISSING_KEYS)
    if odd:
        raise DataError(file, f"{key}.{odd[0]}", entry[odd[0]],
                        f"no {odd[0]} for a figure declared missing (only {', '.join(sorted(_MISSING_KEYS))})")
    if len(str(entry[MISSING] or "").strip()) < 15:
        raise DataError(file, f"{key}.{MISSING}", entry[MISSING], "where the figure was looked for and not found")
    if entry.get("unit") in (None, ""):
        raise DataError(file, f"{key}.unit", entry.get("unit"), "a unit for every parameter")
    unit = str(entry["unit"])
    schema.check_unit(file, key, path, unit)
    words = {k: _in_languages(file, f"{key}.{k}", entry[k]) for k in ("label", "description") if k in entry}
    return Param(value=float("nan"), unit=unit, source=MISSING, reason=str(entry[MISSING]).strip(), where=file, **words)


def _in_languages(file: str, key: str, entry) -> dict[str, str]:
    """``{kk: …, ru: …, en: …}``: a text in each report language, nothing else."""
    if (not isinstance(entry, dict) or set(entry) != set(schema.LANGS)
            or not all(isinstance(v, str) and v.strip() for v in entry.values())):
        raise DataError(file, key, entry, f"a text in each of {', '.join(schema.LANGS)}")
    return {lang: entry[lang] for lang in schema.LANGS}


def _direction_words(path: Path, names: set[str]) -> dict[str, dict[str, dict[str, str]]]:
    """The programme's directions.yaml: each per-direction parameter's label and description, by name."""
    file = rel(path)
    doc = read_yaml(path)
    odd = sorted(set(doc) ^ names)  # a name the CSV lacks, or a CSV parameter without words
    if odd:
        raise DataError(file, odd[0], doc.get(odd[0]), f"the parameters of directions.csv, each once ({', '.join(sorted(names))})")
    out = {}
    for name, entry in doc.items():
        if not isinstance(entry, dict) or set(entry) - {"label", "description"} or "label" not in entry:
            raise DataError(file, name, entry, "a mapping with label and description")
        out[name] = {k: _in_languages(file, f"{name}.{k}", v) for k, v in entry.items()}
    return out


def _flatten(file: str, tree: dict, prefix: str = "") -> dict[str, Param]:
    out: dict[str, Param] = {}
    for k, v in tree.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and "value" not in v and MISSING not in v:
            out.update(_flatten(file, v, path + "."))
        else:
            out[path] = parse_param(file, path, v)
    return out


def _csv_float(file: str, key: str, raw: str):
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        raise DataError(file, key, raw, "a number") from None


CSV_COLUMNS = ("direction", "parameter", "value", "unit", "source")  # and optionally low, high, reason


def _directions(path: Path) -> dict[str, Param]:
    file = rel(path)
    reader = schema.csv_reader(path, file)
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError(file, "(header)", reader.fieldnames, f"the columns {', '.join(CSV_COLUMNS)}"
                        f" (missing: {', '.join(missing)})")
    out = {}
    for row in reader:
        line = f"line {reader.line_num}"
        if None in row:  # more fields than the header: usually a text with an unquoted comma
            raise DataError(file, line, row[None], f"{len(reader.fieldnames)} fields (quote a text that has commas)")
        row = {k: (v or "").strip() for k, v in row.items()}  # a short row leaves None
        d, p = row["direction"], row["parameter"]
        if d not in DIRECTIONS:
            raise DataError(file, f"{line}: direction", d, f"one of {DIRECTIONS}")
        key = f"directions.{d}.{p}"
        if key in out:
            raise DataError(file, f"{line}: {d},{p}", row["value"], "one row per direction and parameter")
        entry = {k: row[k] for k in ("unit", "source", "reason") if row.get(k)}
        for k in ("value", "low", "high"):
            num = _csv_float(file, f"{key}.{k}", row.get(k, ""))
            if num is not None:
                entry[k] = num
        out[key] = parse_param(file, key, entry)
    if not out:
        raise DataError(file, "(rows)", None, "one row per direction and parameter")
    return out


@cache.memo
def load_parameters(data_dir: Path | Pack | None = None) -> dict[str, Param]:
    """The whole tree by dotted path, provenance checked (sourced values must equal their figure):
    the programme's programme.yaml and directions.csv, the region's region.yaml and tsa.yaml. A
    programme with priors (model/packs.py) takes their programme.yaml and replaces what its own restates."""
    data_dir = as_pack(data_dir)
    params: dict[str, Param] = {}
    origin: dict[str, str] = {}
    for name in TREE_YAML:
        if name == "tsa.yaml" and not households_kept(data_dir):
            continue
        files = [data_dir / name]
        if name == "programme.yaml":  # a programme restates only what differs from its priors (oldest first)
            files = [data_dir.root / "programmes" / prior / name for prior in reversed(data_dir.priors)] + files
        inherited: set[str] = set()
        for path in dict.fromkeys(files):
            file = rel(path)
            own = _flatten(file, read_yaml(path))
            for key, p in own.items():
                if key in params and key not in inherited:
                    raise DataError(file, key, p.value, f"one definition of each parameter (also in {origin[key]})")
                params[key], origin[key] = p, file
            inherited = set(own) | inherited if path != files[-1] else set()
    per_direction = _directions(data_dir / "directions.csv")
    words = _direction_words(data_dir / "directions.yaml", {k.split(".")[2] for k in per_direction})
    for key, p in per_direction.items():
        params[key], origin[key] = replace(p, **words[key.split(".")[2]]), rel(data_dir / "directions.csv")
    sources = load_sources(data_dir)
    for key, p in params.items():
        kind = p.source.split(".")[0]
        if kind in FIGURE_KINDS:
            try:
                fig = sources.figure(p.source)
            except KeyError:
                raise DataError(origin[key], f"{key}.source", p.source,
                                f"a figure that exists in {rel(data_dir / f'{kind}.yaml')}") from None
            if fig.value != p.value:
                raise DataError(origin[key], f"{key}.value", p.value, f"{fig.value}, the value of {p.source}")
    for key, p in params.items():  # the reader's words: every parameter is named, every assumption explained
        if not p.label:
            raise DataError(origin[key], f"{key}.label", None, f"a label in each of {', '.join(schema.LANGS)}")
        if p.source in ("assumption", "derived") and not p.description:
            raise DataError(origin[key], f"{key}.description", None,
                            f"a description in each of {', '.join(schema.LANGS)} for every assumption")
    # every direction has every per-direction parameter
    names = {k.split(".")[2] for k in params if k.startswith("directions.")}
    for d in DIRECTIONS:
        for n in sorted(names):
            if f"directions.{d}.{n}" not in params:
                raise DataError(rel(data_dir / "directions.csv"), f"directions.{d}.{n}", None,
                                "a row for every direction and parameter")
    return params

