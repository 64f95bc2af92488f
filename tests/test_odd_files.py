"""Only regular files are data (issue 19.4): dangling symlinks, symlink loops, symlinks out of the
repository, FIFOs, devices, directories and editor lock/backup files in data/scenarios/ are
skipped or refused with one line, never read (a FIFO would block, /dev/zero never end), and never
stop the other scenarios. Each case checks the other files are untouched, byte for byte."""
import os
import re
import subprocess
import sys

import pytest

from model import DataError, schema
from model.build import check_scenarios, load_scenario
from model.cli import list_command
from model.scenario import written_for
from model.paths import ROOT


def odd(kind: str, path, tmp_path):
    if kind == "dangling_symlink":
        path.symlink_to(tmp_path / "nowhere.yaml")
    elif kind == "symlink_loop":
        path.symlink_to(path)
    elif kind == "symlink_out_of_repository":
        outside = tmp_path / "elsewhere" / "secret.yaml"
        outside.parent.mkdir()
        outside.write_text("title: {kk: a, ru: a, en: a}\nbase: akimat\n")
        path.symlink_to(outside)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    else:
        raise ValueError(kind)


KINDS = ["dangling_symlink", "symlink_loop", "symlink_out_of_repository", "fifo", "device", "directory"]


@pytest.mark.parametrize("kind", KINDS)
def test_odd_scenario_file_is_broken_with_one_line_and_the_others_load(kind, data_copy, tmp_path, capsys):
    scenarios = data_copy / "scenarios"
    before = {p.name: p.read_bytes() for p in scenarios.iterdir()}
    odd(kind, scenarios / "odd.yaml", tmp_path)
    problems = check_scenarios(scenarios)  # would hang on the FIFO, fill memory on /dev/zero
    assert isinstance(problems["odd"], DataError)
    message = str(problems["odd"])
    assert message.startswith("data/scenarios/odd.yaml: (file)") or "odd.yaml: (file)" in message, message
    assert "regular file" in message and "\n" not in message
    assert all(problems[name[:-5]] is None for name in before
               if name.endswith(".yaml") and not written_for(scenarios / name)), problems
    with pytest.raises(DataError, match="regular file"):
        load_scenario("odd", directory=scenarios)
    assert list_command(scenarios) == 2
    out, err = capsys.readouterr()
    assert re.search(r"^  odd +BROKEN: ", out, re.M) and "akimat" in out, out
    assert err.strip().splitlines() == ["error: 1 scenario(s) fail to load: odd"]
    assert {p.name: p.read_bytes() for p in scenarios.iterdir() if p.name != "odd.yaml"} == before


def test_a_symlink_inside_the_data_is_followed(data_copy):
    scenarios = data_copy / "scenarios"
    (scenarios / "same.yaml").symlink_to(scenarios / "delayed.yaml")
    assert check_scenarios(scenarios)["same"] is None


def test_editor_lock_and_backup_files_are_skipped(data_copy, tmp_path):
    scenarios = data_copy / "scenarios"
    (scenarios / ".#akimat.yaml").symlink_to("user@host.1234:1700000000")  # Emacs's lock: a dangling link
    (scenarios / ".akimat.yaml.swp").write_bytes(b"\x00vim swap")
    (scenarios / "akimat.yaml~").write_text("stale backup: [")
    problems = check_scenarios(scenarios)
    assert all(v is None for v in problems.values()) and ".#akimat" not in problems, problems
    assert list_command(scenarios) == 0


@pytest.mark.parametrize("kind", ["fifo", "device", "dangling_symlink"])
def test_odd_data_file_is_one_line(kind, tmp_path):
    path = tmp_path / "data" / "plausibility.yaml"
    path.parent.mkdir()
    odd(kind, path, tmp_path)
    with pytest.raises(DataError) as e:
        schema.read_text(path, "data/plausibility.yaml")
    assert str(e.value).startswith("data/plausibility.yaml: (file) = ") and "regular file" in str(e.value)


def test_scenarios_command_with_a_fifo_is_one_line_not_a_hang(tmp_path):
    """The whole command in a process of its own, on the repository's own data/scenarios/: a FIFO
    there once hung every command. The FIFO is removed afterwards whatever happens."""
    fifo = ROOT / "data" / "scenarios" / f"zz_fifo_test_{os.getpid()}.yaml"
    os.mkfifo(fifo)
    try:
        r = subprocess.run([sys.executable, "-m", "model", "scenarios"], capture_output=True, text=True,
                           cwd=ROOT, timeout=120)
        p = subprocess.run([sys.executable, "-m", "model", "project", "--scenario", "delayed", "--json"],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    finally:
        fifo.unlink()
    assert r.returncode == 2 and "Traceback" not in r.stderr
    broken = [ln for ln in r.stdout.splitlines() if "BROKEN" in ln]
    assert len(broken) == 1 and fifo.stem in broken[0] and "a FIFO (named pipe)" in broken[0], r.stdout
    assert p.returncode == 0, p.stderr  # the other scenarios still run
