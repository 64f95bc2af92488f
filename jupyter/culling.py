# Idle kernels are shut down: jupyter_server_config.py (make lab) and voila.py (make app) both call
# configure(c), so both servers follow the one declared timeout.
#
# A kernel that no page is connected to (its tab or the Voila page closed, or the browser gone
# without saying so) and that has run nothing for IDLE_SECONDS is shut down; the server checks
# every CULL_INTERVAL seconds. A kernel with a page open is never culled, busy or not: an economist
# reading a result keeps it. Closing a notebook tab in JupyterLab shuts its kernel at once
# (lab-settings/overrides.json).
IDLE_SECONDS = 900
CULL_INTERVAL = 60


def configure(c) -> None:
    c.MappingKernelManager.cull_idle_timeout = IDLE_SECONDS
    c.MappingKernelManager.cull_interval = CULL_INTERVAL
    c.MappingKernelManager.cull_connected = False
    c.MappingKernelManager.cull_busy = False
