"""Added output (constant 2019 prices), its agricultural part and the rise against baseline."""
from __future__ import annotations

import numpy as np


def added_output(output_m_kzt_per_year, mature_equivalents):
    """bn KZT a year: y_d (m KZT per mature project) times mature equivalents / 1000."""
    return np.asarray(output_m_kzt_per_year)[..., None] * mature_equivalents / 1000.0


def agricultural(added, agri_share):
    return added * np.asarray(agri_share)[..., None]


def rise_pct(added_total, baseline_bn):
    """Added output as a percentage of baseline output (both bn KZT)."""
    return 100.0 * added_total / np.asarray(baseline_bn)
