# `make app` (Voila, through JUPYTER_CONFIG_PATH=jupyter): idle kernels culled as in JupyterLab.
import os
import runpy

c = get_config()  # noqa: F821 (defined by Jupyter when it loads this file)
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "culling.py"))["configure"](c)
