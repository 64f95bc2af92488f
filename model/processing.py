"""Load of the region's processing plants.

Plants process a share of baseline agricultural output (T0 = share0 * Y0) at a load u0, so
capacity is T0 / u0. Added agricultural output sent to plants raises throughput: the rise is
reported relative to T0 (%) and in percentage points of capacity (the article's "+30 %" does
not say which).
"""
from __future__ import annotations

import numpy as np


def to_plants(agri_added, processing_share):
    """Added agricultural output sold to processing plants, bn KZT, (n, D, T)."""
    return agri_added * np.asarray(processing_share)[..., None]


def baseline_throughput(processed_share, baseline_output_bn):
    """What the plants process in the base year, bn KZT: T0 = share0 * Y0."""
    return np.asarray(processed_share) * np.asarray(baseline_output_bn)


def load_rise(to_plants_total, baseline_output_bn, processed_share, baseline_load):
    """(relative rise %, rise in percentage points, new load share) by year."""
    throughput0 = baseline_throughput(processed_share, baseline_output_bn)
    relative = 100.0 * to_plants_total / throughput0
    points = relative * np.asarray(baseline_load)
    return relative, points, np.asarray(baseline_load) * (1 + relative / 100.0)


# The article's "+30 %" read as percentage points: the two numbers notebook 05 sets beside the
# relative reading (the inverse of load_rise's points = relative * u0).

def load_after_points(baseline_load, points):
    """The load, in % of capacity, after a rise of ``points`` percentage points from ``baseline_load``
    (a share): 0.6 and 30 points give 90 %."""
    return 100 * baseline_load + points


def relative_rise_for_points(points, baseline_load):
    """The relative rise in throughput, %, that a rise of ``points`` percentage points of capacity
    means at ``baseline_load`` (a share): 30 points at 0.6 is a rise of 50 %."""
    return points / baseline_load
