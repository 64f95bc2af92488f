"""A scenario's costly results computed once and read by every language's notebooks.

The Monte Carlo simulation, the tornado and Sobol indices, the PRIM boxes of scenario discovery and
the decision record (``decide.decide``: best estimates, restated targets, allocation, tranche rule)
are the same numbers in kk, ru and en. ``python -m model run`` computes
them once per scenario, in a process of its own while the notebooks that do not read them run
(a kernel that asks for them earlier waits: :func:`wait_while_pending`), into
``<out>/<scenario>/computed.npz`` (beside
results.json; :func:`prepare` writes it into the run's staging folder, so it is published with the
run or not at all), and its kernels find that file through the environment
(:data:`ENV`). A notebook asks :func:`computed` for them: a file listed there whose key matches is
read, otherwise each part is computed when first used, with the same seed, so a notebook run
alone in JupyterLab shows the same numbers as the run's PDFs. Within one kernel a result is
kept in memory, so the notebooks a kept kernel runs one after another compute it once at most.

The key is a digest of everything the numbers depend on: every data file and model source
(``cache.inputs_digest``), the scenario's name and every parameter (value, range, evidence;
overrides included), the draws, the seed and the Sobol base sample. A file with another key is
never read: a stale file costs a recomputation, never a wrong number.

The file is a zip archive (stored, fixed timestamps, so the same inputs give the same bytes) of
one JSON member (the key, tables and boxes, floats written by ``repr`` and so read back exactly)
and ``.npy`` arrays read with ``allow_pickle=False``: no pickle, nothing executable.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from contextlib import contextmanager
from pathlib import Path

from .paths import using

FILE = "computed.npz"  # under the scenario's output folder
PENDING = ".pending"  # beside an offered file the run is still computing: its process id, while it computes
ENV = "ZHAMBYL_COMPUTED"  # os.pathsep-separated results files a run offers its kernels
VERSION = 2  # of the file's layout (2: the decision record)
SOBOL_OUTPUTS = ("jobs", "tsa_recipients_change")  # the targets whose Sobol indices the notebooks show (07, 04)
_JSON = "computed.json"
_DATE = (1980, 1, 1, 0, 0, 0)  # every zip member's timestamp: the same bytes for the same numbers
_MEMORY: dict[str, "Computed"] = {}  # key -> results, in this process (a kept kernel keeps it)
_KEPT = 4  # at most this many in memory (a run's kernel sees one scenario at a time)


def tornado_target() -> str:
    """The target whose one-at-a-time swings the notebooks show: the jobs, or for an announcement
    that names no jobs, its first announced target (model/targets.py)."""
    from .targets import announced

    keys = [t.key for t in announced()]
    return "jobs" if "jobs" in keys or not keys else keys[0]


def sobol_outputs() -> list[str]:
    """``SOBOL_OUTPUTS`` the pack's announcement names (all its targets when it names none of them)."""
    from .targets import announced

    keys = [t.key for t in announced()]
    return [k for k in SOBOL_OUTPUTS if k in keys] or keys


def key(scenario, draws: int, seed: int) -> str:
    """Digest of every input of the results (see the module docstring)."""
    import hashlib

    from .cache import inputs_digest
    from .sobol_size import sobol_size

    params = [[path, p.value, p.low, p.high, p.unit, None if p.evidence is None else list(p.evidence)]
              for path, p in scenario.params.items()]
    pack = scenario.pack  # its programme (with its priors) and region: two packs never share a file
    doc = {"version": VERSION, "inputs": inputs_digest(pack), "scenario": scenario.name,
           "pack": [pack.programme, pack.region, list(pack.priors)], "params": params,
           "draws": int(draws), "seed": int(seed), "sobol_n": sobol_size(draws), "outputs": list(SOBOL_OUTPUTS)}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=float).encode()).hexdigest()


class Computed:
    """One scenario's results for ``draws`` and ``seed``: ``simulation``, ``tornado``, ``sobol``,
    ``boxes``, ``decision``. Each is read from the file it was loaded from, or computed when first
    asked for."""

    def __init__(self, scenario, draws: int, seed: int, parts: dict | None = None):
        self.scenario, self.draws, self.seed = scenario, int(draws), int(seed)
        self.key = key(scenario, draws, seed)
        self._parts = dict(parts or {})

    @property
    def simulation(self):
        """``uncertainty.simulate(scenario, draws, seed)``."""
        if "simulation" not in self._parts:
            from .uncertainty import simulate

            self._parts["simulation"] = simulate(self.scenario, self.draws, self.seed)
        return self._parts["simulation"]

    @property
    def tornado(self):
        """``sensitivity.tornado(scenario, tornado_target())``: one at a time, widest swing first."""
        if "tornado" not in self._parts:
            from .sensitivity import tornado

            with using(self.scenario.pack):
                self._parts["tornado"] = tornado(self.scenario, tornado_target())
        return self._parts["tornado"]

    @property
    def sobol(self):
        """``sensitivity.sobol`` of the targets of ``SOBOL_OUTPUTS``, base sample ``sobol_size(draws)``."""
        if "sobol" not in self._parts:
            from .sensitivity import sobol, sobol_size

            with using(self.scenario.pack):
                self._parts["sobol"] = sobol(self.scenario, sobol_outputs(), n=sobol_size(self.draws), seed=self.seed)
        return self._parts["sobol"]

    @property
    def boxes(self):
        """``discovery.discover(simulation)``: what must hold for each target."""
        if "boxes" not in self._parts:
            from .discovery import discover

            self._parts["boxes"] = list(discover(self.simulation))
        return self._parts["boxes"]

    @property
    def decision(self) -> dict | None:
        """``decide.decide`` for this scenario (its overrides applied to the delivery path too), with
        these draws of the prior (at least ``decide.MIN_DRAWS``) and this seed: the record
        ``python -m model decide --json`` prints. None for a programme without its own reported
        lending (``packs.own("outturn.yaml")``): it has no delivery path to decide on."""
        from . import packs

        if "decision" not in self._parts and not packs.own("outturn.yaml", self.scenario.pack):
            self._parts["decision"] = None
        if "decision" not in self._parts:
            from .decide import MIN_DRAWS, decide

            overrides = {k: p.value for k, p in self.scenario.params.items() if p.source == "override"}
            self._parts["decision"] = decide(self.scenario.name, max(self.draws, MIN_DRAWS), self.seed,
                                             overrides=overrides)
        return self._parts["decision"]

    def complete(self) -> "Computed":
        """Every part computed (or read)."""
        for name in ("simulation", "tornado", "sobol", "boxes", "decision"):
            getattr(self, name)
        return self


# --- the file --------------------------------------------------------------------------------


def to_bytes(c: Computed) -> bytes:
    """The whole of ``c`` as the file's bytes (computing what is not yet computed)."""
    import numpy as np

    c.complete()
    sim = c.simulation
    arrays: dict[str, np.ndarray] = {}
    groups = {}
    for group, d in (("inputs", sim.inputs), ("totals", sim.totals), ("series", sim.series)):
        groups[group] = list(d)
        for i, a in enumerate(d.values()):
            arrays[f"{group}/{i}"] = a
    evaluation = {}
    for k, e in sim.evaluation.items():
        evaluation[k] = {"target": e["target"], "fields": [f for f in e if f != "target"]}
        for f in evaluation[k]["fields"]:
            arrays[f"evaluation/{k}/{f}"] = e[f]
    arrays["years"] = np.asarray(sim.years)
    sob = c.sobol
    doc = {
        "version": VERSION, "key": c.key, "scenario": c.scenario.name, "draws": c.draws, "seed": c.seed,
        "groups": groups, "evaluation": evaluation, "arrays": list(arrays),
        "tornado": _frame_doc(c.tornado),
        "sobol": {"n": sob.n, "runs": sob.runs, "table": _frame_doc(sob.table)},
        "boxes": [_box_doc(b) for b in c.boxes],
        "decision": c.decision,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo(_JSON, _DATE), json.dumps(doc, ensure_ascii=False, indent=1, default=_plain))
        for i, (name, a) in enumerate(arrays.items()):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(a), allow_pickle=False)
            z.writestr(zipfile.ZipInfo(f"{i}.npy", _DATE), member.getvalue())
    return buf.getvalue()


def from_bytes(data: bytes, scenario, draws: int, seed: int) -> Computed | None:
    """The results in ``data`` if they are this scenario's, draws' and seed's (by key), else None."""
    import numpy as np
    import pandas as pd

    from .sensitivity import SobolIndices
    from .uncertainty import Simulation, uncertainties

    want = key(scenario, draws, seed)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        doc = json.loads(z.read(_JSON))
        if doc.get("version") != VERSION or doc.get("key") != want:
            return None
        arrays = {name: np.lib.format.read_array(io.BytesIO(z.read(f"{i}.npy")), allow_pickle=False)
                  for i, name in enumerate(doc["arrays"])}
    kept = {group: {name: arrays[f"{group}/{i}"] for i, name in enumerate(names)}
            for group, names in doc["groups"].items()}
    evaluation = {k: {"target": e["target"], **{f: arrays[f"evaluation/{k}/{f}"] for f in e["fields"]}}
                  for k, e in doc["evaluation"].items()}
    sim = Simulation(scenario=scenario, uncertainties=uncertainties(scenario), inputs=kept["inputs"],
                     totals=kept["totals"], series=kept["series"], evaluation=evaluation, years=arrays["years"])
    sob = SobolIndices(table=_frame(doc["sobol"]["table"], pd), n=doc["sobol"]["n"], runs=doc["sobol"]["runs"])
    boxes = [_box(b) for b in doc["boxes"]]
    return Computed(scenario, draws, seed, {"simulation": sim, "tornado": _frame(doc["tornado"], pd),
                                            "sobol": sob, "boxes": boxes, "decision": doc["decision"]})


def read(path: Path, scenario, draws: int, seed: int) -> Computed | None:
    """The results in the file at ``path`` if it exists, reads, and has this key; else None."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    try:
        return from_bytes(data, scenario, draws, seed)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):  # damaged or another layout: recompute
        return None


def write(path: Path, c: Computed) -> None:
    """``c`` to ``path``, complete or not at all (``model.atomic``)."""
    from .atomic import write_atomic

    write_atomic(Path(path), to_bytes(c))


def _plain(x):
    """A numpy scalar as the Python number it holds (json writes floats by repr: read back exactly)."""
    if hasattr(x, "item"):
        return x.item()
    raise TypeError(f"{FILE}: cannot store {type(x).__name__}")


def _frame_doc(df) -> dict:
    return {"columns": list(df.columns), "data": {col: df[col].tolist() for col in df.columns}}


def _frame(doc: dict, pd):
    return pd.DataFrame({col: doc["data"][col] for col in doc["columns"]}, columns=doc["columns"])


def _box_doc(b) -> dict:
    from dataclasses import asdict

    d = asdict(b)
    d["limits"] = [[path, list(lim)] for path, lim in b.limits.items()]
    return d


def _box(d: dict):
    from .discovery import Box

    return Box(**{**d, "limits": {path: tuple(lim) for path, lim in d["limits"]}})


# --- for notebooks and the runner ----------------------------------------------------------


def computed(scenario, draws: int, seed: int) -> Computed:
    """The results the notebooks show, for this scenario (with its overrides), draws and seed:
    from memory, else from a file the run offers (:data:`ENV`) with the same key, else a
    :class:`Computed` that computes each part on first use (same seed: the same numbers)."""
    k = key(scenario, draws, seed)
    if k in _MEMORY:
        return _MEMORY[k]
    found = None
    for path in filter(None, os.environ.get(ENV, "").split(os.pathsep)):
        wait_while_pending(Path(path))
        found = read(Path(path), scenario, draws, seed)
        if found is not None:
            break
    c = found or Computed(scenario, draws, seed)
    while len(_MEMORY) >= _KEPT:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[k] = c
    return c


def mark_pending(path: Path) -> None:
    """Say that this process is computing the file at ``path``: kernels offered it wait for it."""
    (Path(path).parent / (Path(path).name + PENDING)).write_text(str(os.getpid()))


def clear_pending(path: Path) -> None:
    (Path(path).parent / (Path(path).name + PENDING)).unlink(missing_ok=True)


def wait_while_pending(path: Path, poll: float = 0.1) -> None:
    """Wait until the file at ``path`` exists while the process its marker names is computing it
    (a run computes its results while its first notebooks, which do not read them, execute); a
    marker removed, unreadable or naming a process that is gone ends the wait."""
    import time

    marker = Path(path).parent / (Path(path).name + PENDING)
    while not Path(path).exists():
        try:
            pid = int(marker.read_text())
            os.kill(pid, 0)  # signal 0: only whether the process exists
        except (OSError, ValueError):
            return
        time.sleep(poll)


def simulation(scenario, draws: int, seed: int):
    """``uncertainty.simulate(scenario, draws, seed)``, computed once (:func:`computed`)."""
    return computed(scenario, draws, seed).simulation


def prepare(scenario, folder: Path, staged: Path, draws: int, seed: int) -> Path:
    """Every part computed for a run, ready for its notebooks, as ``<staged>/computed.npz``: the
    run's staging folder (``model.publish``), so the file is published with the run's other
    outputs, or removed with them when the run fails or is interrupted. The published
    ``<folder>/computed.npz`` of an earlier run is reused (linked, else copied) when it holds these
    results (the same key); otherwise they are computed. Returns the staged path."""
    import shutil

    final, target = Path(folder) / FILE, Path(staged) / FILE
    if read(final, scenario, draws, seed) is not None:
        try:
            os.link(final, target)
        except OSError:
            shutil.copy2(final, target)
    else:
        write(target, Computed(scenario, draws, seed))
    return target


@contextmanager
def offered(paths):
    """Within the block, processes started from this one (the run's workers and their kernels)
    find ``paths`` through :data:`ENV`; afterwards the environment is as it was."""
    before = os.environ.get(ENV)
    os.environ[ENV] = os.pathsep.join(str(p) for p in paths)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before
