"""The line palette stays readable for colour-blind readers and in greyscale.

Distances are Euclidean in CAM02-UCS, after simulating deuteranopia, protanopia and
tritanopia with colorspacious (``sRGB1+CVD``, severity 100).

Between mode colours: measured 28.6 (normal 33.3, deutan 28.6, protan 28.6, tritan 32.5),
threshold ``MIN_MODE_DISTANCE`` = 25. The previous palette measured 3.2 (ferry and fibre
for deutans) and fails.

From the land and sea colours: measured 28.9 (pipeline, protan), threshold
``MIN_BACKGROUND_DISTANCE`` = 15.

Modes drawn at the same width must differ in lightness (J') by ``MIN_LIGHTNESS_STEP`` = 15
(road 71 against ferry 26), and every status but operating has its own dash pattern, so
both still read when the map is printed in greyscale.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pytest
from colorspacious import cspace_convert

from carto.symbology import LAND_COLOUR, MODE_STYLES, SEA_COLOUR, STATUS_STYLES

MIN_MODE_DISTANCE = 25.0
MIN_BACKGROUND_DISTANCE = 15.0
MIN_LIGHTNESS_STEP = 15.0

VISIONS = {"normal": None, "deutan": "deuteranomaly", "protan": "protanomaly", "tritan": "tritanomaly"}


def _rgb(colour: str) -> np.ndarray:
    value = colour.lstrip("#")
    assert len(value) == 6, colour
    return np.array([int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def _ucs(colour: str, cvd_type: str | None) -> np.ndarray:
    """The colour in CAM02-UCS as a reader with this vision sees it."""
    rgb = _rgb(colour)
    if cvd_type is not None:
        cvd = {"name": "sRGB1+CVD", "cvd_type": cvd_type, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def _distance(a: str, b: str, cvd_type: str | None) -> float:
    return float(np.linalg.norm(_ucs(a, cvd_type) - _ucs(b, cvd_type)))


@pytest.mark.parametrize("vision", list(VISIONS))
def test_mode_colours_stay_apart(vision):
    cvd_type = VISIONS[vision]
    distances = {
        (a, b): _distance(MODE_STYLES[a].colour, MODE_STYLES[b].colour, cvd_type)
        for a, b in itertools.combinations(MODE_STYLES, 2)
    }
    (a, b), closest = min(distances.items(), key=lambda item: item[1])
    assert closest >= MIN_MODE_DISTANCE, f"{vision}: {a} and {b} only {closest:.1f} apart in CAM02-UCS"


@pytest.mark.parametrize("vision", list(VISIONS))
@pytest.mark.parametrize("background", [LAND_COLOUR, SEA_COLOUR], ids=["land", "sea"])
def test_mode_colours_read_on_the_background(vision, background):
    cvd_type = VISIONS[vision]
    for mode, style in MODE_STYLES.items():
        distance = _distance(style.colour, background, cvd_type)
        assert distance >= MIN_BACKGROUND_DISTANCE, f"{vision}: {mode} only {distance:.1f} from {background}"


def test_modes_of_equal_width_differ_in_lightness():
    by_width = defaultdict(list)
    for mode, style in MODE_STYLES.items():
        by_width[style.width].append(mode)
    for modes in by_width.values():
        for a, b in itertools.combinations(modes, 2):
            step = abs(_ucs(MODE_STYLES[a].colour, None)[0] - _ucs(MODE_STYLES[b].colour, None)[0])
            assert step >= MIN_LIGHTNESS_STEP, f"{a} and {b} share a width and differ by only {step:.1f} in J'"


def test_every_status_but_operating_has_its_own_dash():
    assert STATUS_STYLES["operating"].dash is None
    dashes = {status: style.dash for status, style in STATUS_STYLES.items() if status != "operating"}
    assert all(dash and dash.strip() for dash in dashes.values()), dashes
    assert len(set(dashes.values())) == len(dashes), dashes


def test_the_previous_palette_would_fail():
    """The check has teeth: the colours used before this palette collapse for deutans."""
    old = {"ferry": "#1f5fa8", "fibre": "#7b3fa0", "rail": "#9e1b32", "pipeline": "#2e7d32"}
    assert _distance(old["ferry"], old["fibre"], VISIONS["deutan"]) < MIN_MODE_DISTANCE
    assert _distance(old["rail"], old["pipeline"], VISIONS["deutan"]) < MIN_MODE_DISTANCE
