"""Servers clean up after themselves (issue 19.6): `make lab` and `make app` cull idle kernels
after one declared timeout (jupyter/culling.py), JupyterLab shuts a notebook's kernel when its tab
closes. The live tests start the real servers with the project's config (the timeout shortened on
the command line, everything else as declared) and watch an unconnected kernel go: a page that
was closed, or a browser that went away without a word."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from model.paths import ROOT

JUPYTER = ROOT / "jupyter"
BIN = Path(sys.executable).parent
slow = pytest.mark.slow


def _load(name: str):
    return PyFileConfigLoader(name, path=str(JUPYTER)).load_config()


@pytest.mark.parametrize("config", ["jupyter_server_config.py", "voila.py"])
def test_lab_and_app_cull_idle_kernels_after_the_declared_timeout(config):
    import runpy

    declared = runpy.run_path(str(JUPYTER / "culling.py"))
    c = _load(config).MappingKernelManager
    assert c.cull_idle_timeout == declared["IDLE_SECONDS"] > 0
    assert c.cull_interval == declared["CULL_INTERVAL"] > 0
    assert c.cull_connected is False and c.cull_busy is False  # an open page keeps its kernel


def test_closing_a_notebook_in_jupyterlab_shuts_its_kernel():
    settings_dir = Path(_load("jupyter_server_config.py").LabApp.app_settings_dir)
    overrides = json.loads((settings_dir / "overrides.json").read_text("utf-8"))
    plugin, key = "@jupyterlab/notebook-extension:tracker", "kernelShutdown"
    assert overrides[plugin][key] is True
    schema = BIN.parent / "share" / "jupyter" / "lab" / "schemas" / "@jupyterlab" / "notebook-extension" / "tracker.json"
    if not schema.exists():
        pytest.skip("JupyterLab's schemas are not installed here")
    assert key in json.loads(schema.read_text("utf-8"))["properties"], "JupyterLab no longer has this setting"


@pytest.mark.parametrize("plugin,key,value", [
    ("@jupyterlab/docmanager-extension:plugin", "autosave", False),  # parameters reach a notebook only by Ctrl+S
    ("@jupyterlab/apputils-extension:notification", "fetchNews", "false"),  # no news pop-up
    ("@jupyterlab/apputils-extension:notification", "checkForUpdates", False),
])
def test_jupyterlab_saves_only_when_asked_and_shows_no_news(plugin, key, value):
    settings_dir = Path(_load("jupyter_server_config.py").LabApp.app_settings_dir)
    overrides = json.loads((settings_dir / "overrides.json").read_text("utf-8"))
    assert overrides[plugin][key] == value
    package, name = plugin.split(":")
    schema = BIN.parent / "share" / "jupyter" / "lab" / "schemas" / Path(package) / f"{name}.json"
    if not schema.exists():
        pytest.skip("JupyterLab's schemas are not installed here")
    assert key in json.loads(schema.read_text("utf-8"))["properties"], f"JupyterLab no longer has {plugin} {key}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernels_of(pid: int) -> list[int]:
    """Kernel processes (ipykernel_launcher) among a process's descendants."""
    procs = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_bytes().rsplit(b")", 1)[1].split()[1])
                cmd = (d / "cmdline").read_bytes()
            except (OSError, IndexError):
                continue
            procs[int(d.name)] = (ppid, cmd)
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for p, (ppid, cmd) in procs.items():
            if ppid == parent:
                todo.append(p)
                if b"ipykernel" in cmd:
                    out.append(p)
    return out


@pytest.fixture
def env(tmp_path):
    e = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "user"), "JUPYTER_CONFIG_PATH": str(JUPYTER),
         "JUPYTER_DATA_DIR": str(tmp_path / "data"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
         "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return e


def _wait(url: str, proc, log: Path, seconds: float = 180) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                return r.read()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer: {log.read_text(errors='replace')[-3000:]}")


SHORT = ["--MappingKernelManager.cull_idle_timeout=3", "--MappingKernelManager.cull_interval=1"]


@slow
@pytest.mark.parametrize("app", ["lab", "app"])
def test_an_unconnected_idle_kernel_is_shut_down(app, env, tmp_path):
    if shutil.which("voila", path=str(BIN)) is None and app == "app":
        pytest.skip("voila is not installed")
    port, token = _free_port(), "t0k3n"
    log = tmp_path / "server.log"
    if app == "lab":  # the server JupyterLab runs in, with the same config
        cmd = [str(BIN / "jupyter"), "server", "--no-browser", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}", *SHORT]
    else:
        cmd = [str(BIN / "voila"), str(ROOT / "notebooks" / "editor.ipynb"), "--no-browser", "--Voila.ip=127.0.0.1",
               f"--Voila.port={port}", f"--Voila.token={token}", *SHORT]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        if app == "lab":
            _wait(f"{base}/api/status?token={token}", proc, log)
            req = urllib.request.Request(f"{base}/api/kernels?token={token}", data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
            kernel = json.loads(urllib.request.urlopen(req, timeout=60).read())["id"]
        else:  # a page view starts a kernel and renders with it; no browser then connects: a closed tab
            _wait(f"{base}/?token={token}", proc, log, seconds=300)
            kernel = None
        deadline = time.monotonic() + 60
        while not _kernels_of(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        started = _kernels_of(proc.pid)
        assert started, "no kernel was started"
        deadline = time.monotonic() + 60
        while _kernels_of(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _kernels_of(proc.pid), f"an idle, unconnected kernel was not culled: {log.read_text()[-2000:]}"
        if kernel:
            with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=60) as r:
                assert kernel not in [k["id"] for k in json.loads(r.read())]
        assert "culling" in log.read_text(errors="replace").lower(), "gone, but not by the culler"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
