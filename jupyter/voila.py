# `make app` (Voila, through JUPYTER_CONFIG_PATH=jupyter): idle kernels culled as in JupyterLab.
load_subconfig("culling.py")  # noqa: F821 (defined by traitlets when it loads this file)
