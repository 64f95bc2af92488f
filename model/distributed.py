"""The Monte Carlo on a dask.distributed cluster: chunks of draws of one or many scenarios as tasks.

A task is (a :class:`Source`: what to load, small and picklable; a range of draw indices). The
worker loads the scenario itself (data/ and build/cache/ on its own disk, each worker's copy kept
while no data file changes: ``cache.memo``), draws rows start..stop of the seed's stream itself
(``Uncertainties.stream(seed, start)``), evaluates them (``uncertainty.evaluate_points``) and
returns their inputs and targets; the client puts the chunks back in draw order (a task is a
source's draws whole when there are sources enough for every worker: ``task_size``). Every row is
computed on its own (the model, the copula and the microsimulation at a row's places read nothing
of the other rows), so the result is the single-process ``target_draws`` byte for byte, whatever
the chunks: tests/test_distributed.py checks it.

Scheduling, retries (``RETRIES``), a lost worker's tasks and moving the results are dask's: this
module only says what the tasks are and puts their results in order.

A source names its pack (programme, region and data tree, model/paths.py): the national shape,
programmes x regions x draws, is sources x chunks, one graph.
"""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from . import cache
from .errors import DataError
from .uncertainty import CHUNK, Simulation, _Filled, _flat, _nested, evaluate_points, uncertainties
from .core import years_of

LOCAL = "local"  # --scheduler local: a LocalCluster on this machine
WORKERS = 2  # worker processes of a local cluster (one thread each: the model is numpy, GIL-bound)
TIMEOUT = 10  # seconds to reach a scheduler before the address is refused
RETRIES = 2  # a task whose worker died or that raised is run again this many times (by dask)
SOURCES_KEPT = 64  # sources a worker keeps loaded (17 regions x a few programmes)
TASKS_PER_WORKER = 4  # a source is split only until each worker has this many tasks (dask evens them out)
MAX_TASK = 25_000  # draws a task takes at most: a task's memory bounded whatever the draws
EXPECTED = f"{LOCAL} or the address of a running dask scheduler (tcp://host:port) answering within {TIMEOUT} s"


@dataclass(frozen=True)
class Source:
    """What a worker loads: a programme in a region (the pack: names and the data tree, as the client
    had it in force), a scenario by name (None: the programme's plan), with overrides (dotted path
    -> value, kept as JSON text so that a source is hashable and a few bytes on the wire) and the
    folder of its file. A worker loads and evaluates it with its pack in force (``inside``)."""

    scenario: str | None
    overrides: tuple[tuple[str, str], ...] = ()
    directory: str | None = None  # default: the pack's data tree's scenarios/
    file: str = "overrides"  # named by an error in an override (the CLI: --set)
    programme: str = ""
    region: str = ""
    root: str = ""

    @classmethod
    def of(cls, scenario: str | None, overrides: dict | None = None, directory=None, file: str = "overrides",
           pack=None) -> "Source":
        """A source in ``pack`` (default: the pack in force here)."""
        from .paths import pack as in_force

        p = pack or in_force()
        return cls(scenario, tuple((k, json.dumps(v)) for k, v in (overrides or {}).items()),
                   None if directory is None else str(directory), file, p.programme, p.region, str(p.root))

    @property
    def pack(self):
        from pathlib import Path

        from .packs import resolve

        return resolve(self.programme, self.region, Path(self.root))

    @property
    def label(self) -> str:
        sets = "".join(f" {k}={v}" for k, v in self.overrides)
        return f"{self.programme}/{self.region}/{self.scenario or '(plan)'}{sets}"

    def inside(self):
        """``with source.inside():`` its pack in force for the block."""
        from .paths import using

        return using(self.pack)

    def load(self):
        from pathlib import Path

        from .build import load_scenario

        with self.inside():
            return load_scenario(self.scenario, {k: json.loads(v) for k, v in self.overrides}, file=self.file,
                                 directory=Path(self.root) / "scenarios" if self.directory is None
                                 else Path(self.directory))


@cache.memo(size=SOURCES_KEPT)
def _prepared(source):
    """The scenario and what is drawn for it, once per worker (while no data file changes); kept for
    every source of a national run, whose chunks a worker takes in any order."""
    scenario = source.load()
    return scenario, uncertainties(scenario)


def chunk_draws(source, seed: int, start: int, stop: int) -> tuple[dict, dict]:
    """One task, run on a worker: draws start..stop of ``seed`` for ``source``, evaluated.
    (inputs {path: (k,)}, evaluation {target: {target, projected, met}}) for those k draws."""
    with source.inside():  # the households, the targets and the tree read from the source's pack
        scenario, unc = _prepared(source)
        inputs = unc.draw(stop - start, unc.stream(seed, start))
        ev = evaluate_points(scenario, lambda i, j: {k: v[i:j] for k, v in inputs.items()}, stop - start,
                             chunk=CHUNK)
    return inputs, ev


def task_size(draws: int, sources: int, workers: int) -> int:
    """Draws a task takes when the caller names no chunk: a source's draws whole while the sources
    alone give each worker ``TASKS_PER_WORKER`` tasks (17 regions on 2 workers: one task a region),
    else split until they do, never below ``CHUNK`` nor above ``MAX_TASK``.

    A task pays once what a source costs whatever its draws: its households' 8 populations (their
    counterfactual and queues, about 1 s of a 1.5 s region of 10,000 draws) and the microsimulation
    once per population at its distinct places (0.2 s a task), as one process does once per source.
    A region cut in chunks of 4,096 paid the second twice more."""
    per_source = -(-TASKS_PER_WORKER * max(1, workers) // max(1, sources))
    return int(min(max(-(-draws // per_source), CHUNK), MAX_TASK, draws))


def chunks(n: int, size: int) -> list[tuple[int, int]]:
    """(start, stop) of each chunk of ``size`` draws among ``n``."""
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"chunk = {size}: expected a positive whole number of draws")
    return [(i, min(n, i + size)) for i in range(0, n, size)]


@contextmanager
def connect(scheduler: str = LOCAL, workers: int = WORKERS, option: str = "--scheduler"):
    """A dask Client: ``local`` starts a LocalCluster of ``workers`` processes (one thread each) for
    the time of the block; an address joins a running scheduler. A scheduler that cannot be reached
    within TIMEOUT seconds is a DataError naming ``option``."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler == LOCAL:
        # processes, not threads: the model holds the GIL; no dashboard (a port nobody reads).
        # glibc's own trim threshold, not dask's 64 kB: with it every array of a chunk went back to
        # the system when freed and was faulted in again, and a task ran 2.3 times slower than here.
        # No statistical profiler in the workers (a stack sampled every 10 ms for a dashboard nobody
        # reads here): it cost a task a tenth more CPU (17 regions x 10,000 draws: 31.0 -> 28.1 s).
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                              "distributed.worker.profile.enabled": False}), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=TIMEOUT)
    except (OSError, ValueError, TypeError) as e:  # refused, timed out, or not an address at all
        raise DataError(option, option.lstrip("-"), scheduler, EXPECTED) from e
    with client:
        yield client


def target_draws(client, sources, draws: int, seed: int, chunk: int | None = None, progress=None) -> list[Simulation]:
    """``uncertainty.target_draws`` of every source, the chunks of all of them as tasks of one
    graph on ``client``: one Simulation per source, in order, equal to the single-process one.
    ``chunk``: draws a task takes (default ``task_size``: a source whole when there are sources
    enough for every worker). ``progress(k)``, if given, is called as each chunk of k draws comes back."""
    from distributed import as_completed

    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws = {draws}: expected a positive whole number of draws")
    n, sources = int(draws), list(sources)
    scenarios = [s.load() for s in sources]  # here first: a bad source stops before any task runs
    workers = sorted(client.scheduler_info()["workers"])
    size = task_size(n, len(sources), len(workers)) if chunk is None else chunk
    parts = [(s, a, b) for s in range(len(sources)) for a, b in chunks(n, size)]
    # pure=False: a new run is computed again, never read from a finished one's results. A source's
    # chunks prefer one worker (dask's placement; another takes them if it is lost or idle): its
    # households (8 populations, about 110 MB) are loaded there once, not on every worker in turn
    futures = [client.submit(chunk_draws, sources[s], int(seed), a, b, retries=RETRIES, pure=False,
                             workers=[workers[s % len(workers)]], allow_other_workers=True)
               for s, a, b in parts]
    where = {f.key: p for f, p in zip(futures, parts)}  # a future back from as_completed -> its chunk
    inputs = [_Filled(n) for _ in sources]
    evaluation = [_Filled(n) for _ in sources]
    first: list = [None] * len(sources)
    try:
        for future in as_completed(futures):
            s, a, b = where[future.key]
            got, ev = future.result()  # a task that failed past its retries raises its error here
            inputs[s].put(a, got)
            evaluation[s].put(a, _flat(ev))
            if a == 0:
                first[s] = ev
            future.release()  # the cluster may drop it: the client holds it now
            if progress is not None:
                progress(b - a)
    except BaseException:  # a failed task, or Ctrl-C: the other tasks stop too
        client.cancel(futures)
        raise
    out = []
    for s, sc in enumerate(scenarios):
        with sources[s].inside():
            out.append(Simulation(scenario=sc, uncertainties=uncertainties(sc), inputs=inputs[s].arrays, totals={},
                                  series={}, evaluation=_nested(evaluation[s].arrays, first[s]),
                                  years=years_of(sc.values)))
    return out


def chunk_points(source, u: np.ndarray, rows: np.ndarray, keys: list[str]) -> np.ndarray:
    """One task of the Sobol design: the targets ``keys`` projected at the points ``u[rows]`` of
    the unit cube, (len(rows), len(keys))."""
    with source.inside():
        scenario, unc = _prepared(source)
        mine = u[rows]
        ev = evaluate_points(scenario, lambda i, j: unc.values(mine[i:j]), len(mine), keys=keys)
    return np.stack([ev[k]["projected"] for k in keys], axis=1)


def points_evaluator(client, source, tasks: int = 16):
    """``sensitivity.sobol``'s ``evaluate``: the design's rows as ``tasks`` tasks on ``client``, the
    projections put back in row order (equal to evaluating them in one process).

    The design is blocks A, B, AB_1..AB_G of n rows (``sensitivity.sobol_groups``). A task takes
    base rows i..j of every block, not consecutive rows: row i of AB_g shares its places with row i
    of A unless group g reaches a household, and ``evaluate_points`` runs the microsimulation once
    per distinct place, so a task sees the rows that repeat each other (consecutive rows would
    repeat its work in every task: three times slower on 2 workers)."""

    def evaluate(u: np.ndarray, keys: list[str], progress=None) -> np.ndarray:
        from distributed import as_completed

        u = np.asarray(u, dtype=float)
        with source.inside():
            blocks = len(_prepared(source)[1].groups) + 2
        n = len(u) // blocks
        assert n * blocks == len(u), "a Sobol design of n (inputs + 2) rows"
        parts = [np.add.outer(np.arange(blocks) * n, np.arange(a, b)).ravel()
                 for a, b in chunks(n, max(1, -(-n // tasks)))]
        # the design (tens of MB) goes to each worker once, by dask, not once per task in the graph
        [whole] = client.scatter([u], broadcast=True, hash=False)
        futures = client.map(chunk_points, [source] * len(parts), [whole] * len(parts), parts,
                             [list(keys)] * len(parts), retries=RETRIES, pure=False)
        where = {f.key: rows for f, rows in zip(futures, parts)}
        out = np.empty((len(u), len(keys)))
        try:
            for future in as_completed(futures):
                rows = where[future.key]
                out[rows] = future.result()
                future.release()
                if progress is not None:
                    progress(len(rows))
        except BaseException:
            client.cancel(futures)
            raise
        finally:
            whole.release()
        return out

    return evaluate


def worker_peak_memory(client) -> dict[str, int]:
    """Each worker's peak resident memory so far, bytes (Linux getrusage: kilobytes)."""

    def peak() -> int:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    return client.run(peak)
