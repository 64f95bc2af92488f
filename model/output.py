"""Added output (constant 2019 prices), its agricultural part and the rise against baseline."""
from __future__ import annotations

import numpy as np

from .prices import to_constant_2019


def added_output(output_m_kzt_per_year, mature_equivalents):
    """bn KZT a year: y_d (m KZT per mature project) times mature equivalents / 1000."""
    return np.asarray(output_m_kzt_per_year)[..., None] * mature_equivalents / 1000.0


def agricultural(added, agri_share):
    return added * np.asarray(agri_share)[..., None]


def rise_pct(added_total, baseline_bn):
    """Added output as a percentage of baseline output (both bn KZT)."""
    return 100.0 * added_total / np.asarray(baseline_bn)


def public_baseline_2019(values) -> np.ndarray:
    """The region's 2019 agricultural output in 2019 prices, from the public 2020 figure (derived).

    381.9 bn KZT in current 2020 prices, deflated to 2019 prices, then less its 5.1 % real growth.
    Returns (n,) for draws of the growth (or (1,)).
    """
    nominal = np.atleast_1d(np.asarray(values["baseline.agri_output_2020_nominal_bn_kzt"], dtype=float))
    growth = np.atleast_1d(np.asarray(values["baseline.agri_output_2020_real_growth"], dtype=float))
    return to_constant_2019(nominal, [2020], values) / (1 + growth)
