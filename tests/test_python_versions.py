"""Python 3.11-3.13 (issue 8.11): the package allows them, the Makefile picks one and rebuilds a
.venv made for another. The interpreters here are stand-ins (shell scripts on a private PATH)."""
import os
import shutil
import subprocess
import sys
import tomllib

import pytest

from model.paths import ROOT

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="make is missing")


def test_requires_python_is_3_11_to_3_13():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["requires-python"] == ">=3.11,<3.14"
    assert (3, 11) <= sys.version_info[:2] <= (3, 13)


def stand_in(path, real: bool):
    """An interpreter that runs this Python, or one that cannot start (like a pyenv shim)."""
    path.write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n' if real else "#!/bin/sh\nexit 127\n")
    path.chmod(0o755)
    return path


def private_bin(tmp_path):
    """A PATH directory with the tools the Makefile's recipes use, and no Python."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in ("sh", "echo", "rm", "test"):
        os.symlink(shutil.which(tool), bin_ / tool)
    return bin_


def make(*args, path: str, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "MAKEFLAGS", "MAKELEVEL")}
    env["PATH"] = path
    env["PYENV_ROOT"] = str(ROOT / "build" / "no-pyenv")  # this machine's pyenv stays out (a test passes its own)
    return subprocess.run([MAKE, "-s", "--no-print-directory", "-C", str(cwd), *args], env=env,
                          capture_output=True, text=True, timeout=60)


@needs_make
def test_makefile_picks_the_newest_python_that_runs(tmp_path):
    bin_ = private_bin(tmp_path)
    stand_in(bin_ / "python3.13", real=False)
    stand_in(bin_ / "python3.12", real=True)
    stand_in(bin_ / "python3.11", real=True)
    r = make("python", path=str(bin_))
    assert r.returncode == 0 and r.stdout.strip() == "python3.12", r.stderr
    (bin_ / "python3.12").unlink()
    assert make("python", path=str(bin_)).stdout.strip() == "python3.11"


@needs_make
def test_makefile_says_clearly_when_there_is_no_python(tmp_path):
    bin_ = private_bin(tmp_path)
    stand_in(bin_ / "python3.13", real=False)
    r = make("python", path=str(bin_))
    assert r.returncode != 0
    assert "no Python 3.11, 3.12 or 3.13 found" in r.stderr and "PYTHON=" in r.stderr, r.stderr


def pyenv_root(tmp_path, version: str):
    """A pyenv tree with one installed interpreter of ``version`` (a stand-in that runs)."""
    root = tmp_path / "pyenv"
    bin_ = root / "versions" / f"{version}.0" / "bin"
    bin_.mkdir(parents=True)
    return root, stand_in(bin_ / f"python{version}", real=True)


@needs_make
def test_a_pyenv_shim_that_does_not_run_falls_back_to_pyenvs_own_interpreter(tmp_path):
    bin_ = private_bin(tmp_path)
    stand_in(bin_ / "python3.13", real=False)  # the shim: pyenv has 3.13 but has not selected it
    stand_in(bin_ / "python3.11", real=True)
    root, own = pyenv_root(tmp_path, "3.13")
    r = make(f"PYENV_ROOT={root}", "python", path=str(bin_))
    assert r.returncode == 0 and r.stdout.strip() == str(own), r.stdout + r.stderr
    r = make(f"PYENV_ROOT={root}", "PYTHON=python3.13", "python", path=str(bin_))
    assert r.returncode == 0 and r.stdout.strip() == str(own), r.stdout + r.stderr
    assert "python3.13 does not run here" in r.stderr and "pyenv" in r.stderr


@needs_make
def test_a_python_that_does_not_run_is_named_as_such_with_one_that_does(tmp_path):
    bin_ = private_bin(tmp_path)
    stand_in(bin_ / "python3.12", real=False)
    stand_in(bin_ / "python3.11", real=True)
    r = make("PYTHON=python3.12", "python", path=str(bin_))
    assert r.returncode != 0
    assert "PYTHON=python3.12 does not run" in r.stderr and "is not Python" not in r.stderr, r.stderr
    assert "that run here: python3.11" in r.stderr, r.stderr


@needs_make
def test_stale_venv_is_removed_a_good_one_kept(tmp_path):
    bin_ = private_bin(tmp_path)
    stand_in(bin_ / "python3.11", real=True)
    stale = tmp_path / "stale"
    (stale / "bin").mkdir(parents=True)
    stand_in(stale / "bin" / "python", real=False)  # its interpreter is gone
    r = make(f"VENV={stale}", "venv-check", path=str(bin_))
    assert r.returncode == 0, r.stderr
    assert not stale.exists() and "built for another Python" in r.stdout and "rebuilding" in r.stdout
    good = tmp_path / "good"
    (good / "bin").mkdir(parents=True)
    stand_in(good / "bin" / "python", real=True)
    r = make(f"VENV={good}", "venv-check", path=str(bin_))
    assert r.returncode == 0 and good.exists() and r.stdout == "", r.stdout + r.stderr
