# The project's Jupyter server settings (make lab, make app, tests/test_editor_browser.py), loaded
# through JUPYTER_CONFIG_PATH=jupyter: on 127.0.0.1 only, with a token, and notebooks in
# notebooks/ saved without outputs, so saving never dirties the repository.
import inspect
import json
import os
import re
import runpy
import shutil

NOTEBOOKS_DIR = "notebooks/"
# what a run or a frontend adds and the committed notebooks do not hold
CELL_NOISE = ("execution", "collapsed", "scrolled", "ExecuteTime")
NOTEBOOK_NOISE = ("widgets", "language_info", "papermill", "toc", "varInspector")


def clean_notebook(nb: dict, on_disk: dict | None = None) -> dict:
    """Outputs, execution counts and run-time metadata out; the notebook's metadata as committed."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in CELL_NOISE:
            cell.get("metadata", {}).pop(key, None)
    meta = nb.setdefault("metadata", {})
    for key in NOTEBOOK_NOISE:
        meta.pop(key, None)
    if on_disk is not None:  # keep the committed kernelspec and pairing exactly as they are
        meta.clear()
        meta.update(on_disk.get("metadata", {}))
    return nb


# jupytext stamps its version into a twin's header when JupyterLab saves; the committed twins have none
_STAMP = re.compile(r"^# +(format_version|jupytext_version): .*\n", re.M)


def clean_twin(text: str, on_disk: str | None) -> str:
    """A py:percent twin without the version stamps its committed version does not have."""
    if on_disk is not None and not _STAMP.search(on_disk):
        return _STAMP.sub("", text)
    return text


def _on_disk(contents_manager, path: str):
    try:
        full = contents_manager._get_os_path(path)
        if os.path.exists(full):
            with open(full, encoding="utf-8") as f:
                return f.read()
    except (OSError, ValueError, AttributeError):
        pass
    return None


def pre_save_hook(model, path, contents_manager, **kwargs):
    """ContentsManager.pre_save_hook: clean a notebook (or its twin) saved under notebooks/."""
    if not path.lstrip("/").startswith(NOTEBOOKS_DIR):
        return
    if model.get("type") == "notebook":
        text = _on_disk(contents_manager, path)
        try:
            on_disk = json.loads(text) if text else None
        except ValueError:
            on_disk = None
        clean_notebook(model["content"], on_disk)
    elif model.get("type") == "file" and path.endswith(".py") and isinstance(model.get("content"), str):
        model["content"] = clean_twin(model["content"], _on_disk(contents_manager, path))


def twins_hidden(base):
    """``base`` (a Jupyter contents manager class) whose folder listings leave out a notebook's
    py:percent twin (``x.py`` beside ``x.ipynb``): the file browser shows each notebook once. The
    twin stays a file: jupytext still writes it, a direct path still opens it, and a .py file
    without a notebook beside it (model/, tests/) is listed as before."""

    def without_twins(model):
        if model.get("type") == "directory" and isinstance(model.get("content"), list):
            names = {m["name"] for m in model["content"]}
            model["content"] = [m for m in model["content"]
                                if not (m["name"].endswith(".py") and m["name"][:-3] + ".ipynb" in names)]
        return model

    # the signature is the server's own (require_hash included): jupytext reads it to choose how to call
    if inspect.iscoroutinefunction(base.get):  # the server's default, AsyncLargeFileManager
        class TwinsHidden(base):
            async def get(self, path, content=True, type=None, format=None, require_hash=False):
                return without_twins(await super().get(path, content=content, type=type, format=format,
                                                       require_hash=require_hash))
    else:
        class TwinsHidden(base):
            def get(self, path, content=True, type=None, format=None, require_hash=False):
                return without_twins(super().get(path, content=content, type=type, format=format,
                                                 require_hash=require_hash))

    TwinsHidden.__name__ = f"TwinsHidden{base.__name__}"
    return TwinsHidden


c = get_config()  # noqa: F821 (defined by Jupyter when it loads this file)
# idle kernels shut down: the timeout is declared in culling.py, shared with voila.py (make app)
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "culling.py"))["configure"](c)
# JupyterLab defaults for this install (lab-settings/overrides.json): closing a notebook shuts its
# kernel; no autosave (a changed parameters cell reaches a committed notebook only by Ctrl+S);
# no news pop-up
c.LabApp.app_settings_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lab-settings")
c.ContentsManager.pre_save_hook = pre_save_hook
# jupytext builds its own manager on top of this one (build_jupytext_contents_manager_class)
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager  # noqa: E402

c.ServerApp.contents_manager_class = twins_hidden(AsyncLargeFileManager)
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.allow_root = True  # CI and containers run as root
# a terminal opened here keeps the project's environment first on PATH, after the user's ~/.bashrc
if shutil.which("bash"):
    c.ServerApp.terminado_settings = {
        "shell_command": ["bash", "--rcfile", os.path.join(os.path.dirname(os.path.abspath(__file__)), "terminal_rc.sh"),
                          "-i"]}
