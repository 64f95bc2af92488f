"""Direct jobs, people brought into entrepreneurship, gross -> net, and indirect jobs."""
from __future__ import annotations

import numpy as np


def direct_jobs(jobs_per_project, mature_equivalents):
    """Gross direct jobs by year: j_d times mature-project equivalents, (n, D) x (n, D, T)."""
    return np.asarray(jobs_per_project)[..., None] * mature_equivalents


def net_of(gross, deadweight, displacement):
    """Additional jobs: gross less those that would have existed anyway, less those taken from others."""
    return gross * (1 - np.asarray(deadweight)[..., None]) * (1 - np.asarray(displacement)[..., None])


def indirect_jobs(net_direct, indirect_per_job):
    """Jobs in suppliers and services: a multiplier on net direct jobs, by direction."""
    return net_direct * np.asarray(indirect_per_job)[..., None]


def entrepreneurs(per_project, projects):
    """People brought into entrepreneurship: e_d per project launched (cumulative or running)."""
    return np.asarray(per_project)[..., None] * projects
