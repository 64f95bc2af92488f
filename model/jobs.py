"""Jobs, each person counted once: owner-operators still running a project plus hired jobs (FTE).

People brought into entrepreneurship (owners, cooperative members) are counted on every project
launched (the article's 68,000); as jobs they count only while their project still runs
(survival applies). Hired jobs are full-time equivalents per mature project (seasonal work as
its share of a year). Total direct jobs = owners running + hired. Gross -> net removes deadweight
and displacement; indirect jobs are a multiplier on net direct jobs.
"""
from __future__ import annotations

import numpy as np


def hired_jobs(hired_fte_per_project, mature_equivalents):
    """Hired full-time-equivalent jobs by year: h_d times mature-project equivalents, (n, D) x (n, D, T)."""
    return np.asarray(hired_fte_per_project)[..., None] * mature_equivalents


def jobs_against_target(hired, owners_running, owners_in_target):
    """The jobs the article's 90,000 is compared with: hired, plus the owners where the reading includes them."""
    return hired + np.asarray(owners_in_target)[..., None] * owners_running


def net_of(gross, deadweight, displacement):
    """Additional jobs: gross less those that would have existed anyway, less those taken from others."""
    return gross * (1 - np.asarray(deadweight)[..., None]) * (1 - np.asarray(displacement)[..., None])


def indirect_jobs(net_direct, indirect_per_job):
    """Jobs in suppliers and services: a multiplier on net direct jobs, by direction."""
    return net_direct * np.asarray(indirect_per_job)[..., None]


def entrepreneurs(per_project, projects):
    """People brought into entrepreneurship: e_d per project launched (cumulative or running)."""
    return np.asarray(per_project)[..., None] * projects
