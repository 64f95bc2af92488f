"""Each scenario's costly results computed once (model/results_file.py): the file gives back
exactly what computing gives, is read only for its own inputs, and is never a pickle."""
import io
import json
import zipfile

import numpy as np
import pytest

import model
from model import decide, discovery, results_file, sensitivity, uncertainty

DRAWS, SEED = 60, 7


@pytest.fixture(scope="module")
def akimat():
    return model.load_scenario("akimat")


@pytest.fixture(scope="module")
def data(akimat):
    return results_file.to_bytes(results_file.Computed(akimat, DRAWS, SEED))


def test_the_file_gives_back_what_computing_gives(akimat, data):
    c = results_file.from_bytes(data, akimat, DRAWS, SEED)
    sim = uncertainty.simulate(akimat, DRAWS, SEED)
    for got, want in ((c.simulation.inputs, sim.inputs), (c.simulation.totals, sim.totals),
                      (c.simulation.series, sim.series)):
        assert list(got) == list(want)  # the same order: tables and PRIM read them in order
        for k in want:
            assert got[k].dtype == want[k].dtype and np.array_equal(got[k], want[k], equal_nan=True), k
    assert list(c.simulation.evaluation) == list(sim.evaluation)
    for k, e in sim.evaluation.items():
        assert c.simulation.evaluation[k]["target"] == e["target"]
        for f in e:
            if f != "target":
                assert np.array_equal(c.simulation.evaluation[k][f], e[f], equal_nan=True), (k, f)
    assert c.simulation.target_probabilities().equals(sim.target_probabilities())
    assert c.simulation.fan("jobs").equals(sim.fan("jobs"))
    assert c.tornado.equals(sensitivity.tornado(akimat, "jobs"))
    sob = sensitivity.sobol(akimat, list(results_file.SOBOL_OUTPUTS), n=sensitivity.sobol_size(DRAWS), seed=SEED)
    assert c.sobol.table.equals(sob.table) and (c.sobol.n, c.sobol.runs) == (sob.n, sob.runs)
    assert c.boxes == list(discovery.discover(sim))
    assert c.decision == json.loads(json.dumps(decide.decide("akimat", max(DRAWS, decide.MIN_DRAWS), SEED)))  # as decide --json prints it


def test_same_inputs_same_bytes_and_no_pickle(akimat, data):
    again = results_file.to_bytes(results_file.from_bytes(data, akimat, DRAWS, SEED))
    assert again == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".npy"):
                np.lib.format.read_array(io.BytesIO(z.read(name)), allow_pickle=False)  # raises on a pickle


def test_read_only_for_its_own_inputs(akimat, data, tmp_path):
    assert results_file.from_bytes(data, akimat, DRAWS, SEED + 1) is None
    assert results_file.from_bytes(data, akimat, DRAWS + 1, SEED) is None
    other = model.load_scenario("akimat", {"tsa.exit_probability": 0.6})
    assert results_file.from_bytes(data, other, DRAWS, SEED) is None
    ranged = model.load_scenario("akimat", {"tsa.reach_share": {"value": 0.4, "low": 0.3, "high": 0.5}})
    assert results_file.key(ranged, DRAWS, SEED) != results_file.key(akimat, DRAWS, SEED)  # a range is an input too
    path = tmp_path / "computed.npz"
    path.write_bytes(data[: len(data) // 2])  # damaged: recomputed, never an error
    assert results_file.read(path, akimat, DRAWS, SEED) is None
    assert results_file.read(tmp_path / "missing.npz", akimat, DRAWS, SEED) is None


def test_notebooks_read_the_offered_file_and_compute_without_it(akimat, data, tmp_path, monkeypatch):
    path = tmp_path / "computed.npz"
    path.write_bytes(data)
    monkeypatch.setattr(results_file, "_MEMORY", {})
    with results_file.offered([tmp_path / "another.npz", path]):
        c = results_file.computed(akimat, DRAWS, SEED)
    assert set(c._parts) == {"simulation", "tornado", "sobol", "boxes", "decision"}  # all read, nothing computed
    assert results_file.computed(akimat, DRAWS, SEED) is c  # kept in memory for the next notebook
    monkeypatch.setattr(results_file, "_MEMORY", {})
    alone = results_file.computed(akimat, DRAWS, SEED)  # no file offered: computed on demand, part by part
    assert alone._parts == {}
    assert alone.simulation.target_probabilities().equals(c.simulation.target_probabilities())
    assert set(alone._parts) == {"simulation"}


def test_prepare_writes_into_the_staging_folder_and_reuses_a_published_file(akimat, data, tmp_path, monkeypatch):
    import os

    monkeypatch.delenv(results_file.ENV, raising=False)
    folder, staged = tmp_path / "akimat", tmp_path / ".akimat.staging"
    folder.mkdir(), staged.mkdir()
    final = folder / results_file.FILE
    path = results_file.prepare(akimat, folder, staged, DRAWS, SEED)
    assert path == staged / results_file.FILE and path.read_bytes() == data
    assert sorted(folder.iterdir()) == []  # nothing published before the run goes through
    os.replace(path, final)  # what model.publish does with the whole staging folder

    def never(*a, **k):
        raise AssertionError("computed again although the published file holds these results")

    monkeypatch.setattr(results_file, "write", never)
    again = results_file.prepare(akimat, folder, staged, DRAWS, SEED)  # the same key: reused
    assert again.read_bytes() == data and final.read_bytes() == data
    with results_file.offered([final]):
        assert os.environ[results_file.ENV] == str(final)
    assert results_file.ENV not in os.environ
