"""The Monte Carlo on a dask LocalCluster (model/distributed.py): the same numbers as one process,
byte for byte, whatever the chunks; several scenarios as one graph; a lost worker's task run again
by dask; a bad source or address refused with one line. One cluster of 2 worker processes for the
module (starting one costs seconds)."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

from model import distributed as dist  # noqa: E402
from model.errors import DataError  # noqa: E402
from model.paths import ROOT  # noqa: E402
from model.uncertainty import target_draws  # noqa: E402

DRAWS, CHUNK, SEED = 2000, 500, 11


@pytest.fixture(scope="module")
def client():
    with dist.connect(dist.LOCAL, workers=2) as c:
        yield c


def assert_same(a, b):
    assert list(a.inputs) == list(b.inputs) and list(a.evaluation) == list(b.evaluation)
    for k in a.inputs:
        assert np.array_equal(a.inputs[k], b.inputs[k]), k
    for k, e in a.evaluation.items():
        assert list(e) == list(b.evaluation[k])
        assert e["target"] == b.evaluation[k]["target"]
        for f in ("projected", "met"):
            assert np.array_equal(e[f], b.evaluation[k][f]), (k, f)


def test_chunks_on_the_cluster_equal_one_process(client):
    sources = [dist.Source.of("akimat"), dist.Source.of("akimat", {"programme.budget_scale": 0.75}),
               dist.Source.of("pilot_evidence")]
    done = []
    sims = dist.target_draws(client, sources, DRAWS, SEED, chunk=CHUNK, progress=done.append)
    assert sum(done) == DRAWS * len(sources) and len(done) == len(sources) * DRAWS // CHUNK
    for source, sim in zip(sources, sims):
        assert_same(sim, target_draws(source.load(), DRAWS, SEED))
    # the budget cut is its own task group, not a copy of akimat's
    assert not np.array_equal(sims[0].evaluation["jobs"]["projected"], sims[1].evaluation["jobs"]["projected"])


def test_uneven_chunks_equal_one_process(client):
    [sim] = dist.target_draws(client, [dist.Source.of("akimat")], 999, SEED, chunk=333)
    assert_same(sim, target_draws(dist.Source.of("akimat").load(), 999, SEED))


def test_a_task_takes_a_source_whole_when_the_sources_fill_the_workers():
    # 17 regions on 2 workers: one task a region (what one process does for it, paid once);
    # one region: split so that each worker has tasks, within CHUNK..MAX_TASK draws
    assert dist.task_size(10_000, 17, 2) == 10_000
    assert dist.task_size(100_000, 1, 2) == 12_500
    assert dist.task_size(100_000, 17, 2) == dist.MAX_TASK
    assert dist.task_size(10_000, 3, 2) == dist.CHUNK
    assert dist.task_size(1000, 1, 2) == 1000 and dist.task_size(5, 1, 0) == 5


def test_an_unknown_scenario_is_named_before_any_task(client):
    with pytest.raises(DataError, match="no_such_region") as e:
        dist.target_draws(client, [dist.Source.of("akimat"), dist.Source.of("no_such_region")], 10, SEED)
    assert e.value.file == "--scenario"


def test_an_error_in_a_worker_reaches_the_client_whole(client):
    # the client loads the scenario with its own data; a worker that cannot load it raises there
    source = dist.Source.of("akimat", {"programme.budget_scale": "much"})
    with pytest.raises(DataError, match="budget_scale"):
        client.submit(dist.chunk_draws, source, SEED, 0, 10, retries=0, pure=False).result()


def _dies_once(marker, source, seed, start, stop):
    """A task whose worker process dies the first time it runs (the marker tells the retry apart)."""
    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return dist.chunk_draws(source, seed, start, stop)


def test_a_task_whose_worker_dies_is_run_again(client, tmp_path):
    source = dist.Source.of("akimat")
    marker = str(tmp_path / "died")
    got = client.submit(_dies_once, marker, source, SEED, 0, CHUNK, pure=False).result(timeout=120)
    assert os.path.exists(marker)  # it did die once
    client.wait_for_workers(2, timeout=60)  # the nanny starts a new worker: the next tests have two
    ref = target_draws(source.load(), CHUNK, SEED)
    assert np.array_equal(got[1]["jobs"]["projected"], ref.evaluation["jobs"]["projected"])


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "model", "uncertainty", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_cli_scheduler_local_prints_the_same_json():
    common = ["--scenario", "akimat", "--draws", "1000", "--seed", "5", "--json"]
    one = _cli(*common)
    many = _cli(*common, "--scheduler", "local", "--workers", "2")
    assert one.returncode == 0 and many.returncode == 0, many.stderr[-2000:]
    assert many.stdout == one.stdout
    assert json.loads(one.stdout)["draws"] == 1000


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "no-such-scheme://x"])
def test_cli_bad_address_is_one_line(address):
    r = _cli("--draws", "10", "--scheduler", address)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "--scheduler" in lines[0] and address in lines[0] and "expected local or" in lines[0]


def test_cli_bad_workers_is_one_line():
    r = _cli("--draws", "10", "--scheduler", "local", "--workers", "none")
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0
    assert "--workers" in r.stderr and "'none'" in r.stderr


def test_help_shows_the_defaults():
    out = _cli("--help").stdout
    assert "one process, no dask" in out and "(default: 2)" in " ".join(out.split())
