"""The charts' colours and smallest text size, apart from matplotlib: the editor's page draws its
SVG charts with them without importing pyplot (a quicker first paint); model/report/charts.py
uses the same names."""
from __future__ import annotations

from ..parameters import DIRECTIONS

# colour-blind safe (Okabe-Ito), one per direction, the same in every chart
DIRECTION_COLORS = dict(zip(DIRECTIONS, ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2")))
TARGET_COLOR = "#D55E00"
# the smallest text on a chart, in points on the 7-inch figure: 9 pt is at least 8 pt once the
# figure is scaled to the PDF's text width (16.6 cm), the smallest the brief allows
SMALL = 9
NEUTRAL = "#555555"
