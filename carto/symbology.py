"""Cartographic style: one table of colours, widths and dash patterns shared by every renderer.

Mode is carried by colour *and* width, status by the dash pattern, so the map
still reads when printed in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass

SEA_COLOUR = "#d4e6f1"
LAND_COLOUR = "#f5f2eb"
BORDER_COLOUR = "#a39e93"
COUNTRY_LABEL_COLOUR = "#8a857b"
TEXT_COLOUR = "#1d2433"
HALO_COLOUR = "#ffffff"
FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"


@dataclass(frozen=True)
class LineStyle:
    """How a leg of one mode is drawn: colour, width in px, and a casing for contrast."""

    label: str
    colour: str
    width: float
    casing: str | None = None


# Mode colours chosen for colour-vision deficiency: a search over the Okabe-Ito and
# Paul Tol palettes, darker variants and a coarse sRGB grid, maximising the smallest
# CAM02-UCS distance between modes under normal vision and simulated deuteranopia,
# protanopia and tritanopia (colorspacious, severity 100). Measured minimum: 28.6
# (pipeline/fibre for deutans, ferry/fibre for protans); at least 28.9 from the land
# and sea colours. Road and ferry share a width, so they also differ in lightness
# (J' 71 against 26). Checked by tests/test_palette.py.
MODE_STYLES: dict[str, LineStyle] = {
    "rail": LineStyle("Rail", "#8f240c", 4.0, casing="#ffffff"),
    "road": LineStyle("Road", "#ee8800", 3.0, casing="#ffffff"),
    "ferry": LineStyle("Ferry / sea", "#003f62", 3.0),
    "pipeline": LineStyle("Pipeline", "#449999", 5.5),
    "fibre": LineStyle("Fibre optic", "#9922ff", 2.0),
    "air": LineStyle("Air", "#000000", 1.5),
}


@dataclass(frozen=True)
class StatusStyle:
    """Dash pattern (SVG ``stroke-dasharray`` in px, ``None`` for solid) and opacity for a status."""

    label: str
    dash: str | None
    opacity: float


STATUS_STYLES: dict[str, StatusStyle] = {
    "operating": StatusStyle("Operating", None, 0.95),
    "construction": StatusStyle("Under construction", "10 6", 0.95),
    "proposed": StatusStyle("Proposed", "2 7", 0.95),
    "shelved": StatusStyle("Shelved", "8 4 2 4", 0.5),
    "cancelled": StatusStyle("Cancelled", "1 9", 0.4),
}


@dataclass(frozen=True)
class MarkerStyle:
    """A point symbol: shape, fill colour and size in px; ``rank`` orders labels (1 = most important)."""

    label: str
    shape: str  # circle | square | diamond | triangle | ring | none
    fill: str
    size: float
    rank: int


KIND_STYLES: dict[str, MarkerStyle] = {
    "city": MarkerStyle("City", "circle", "#1d2433", 7, 2),
    "port": MarkerStyle("Port", "square", MODE_STYLES["ferry"].colour, 9, 1),
    "airport": MarkerStyle("Airport", "triangle", MODE_STYLES["air"].colour, 9, 3),
    "terminal": MarkerStyle("Terminal", "square", MODE_STYLES["pipeline"].colour, 8, 2),
    "field": MarkerStyle("Gas / oil field", "diamond", MODE_STYLES["pipeline"].colour, 11, 1),
    "facility": MarkerStyle("Facility", "diamond", "#c05a00", 11, 1),
    "station": MarkerStyle("Station", "circle", "#6b6b6b", 5, 4),
    "border-crossing": MarkerStyle("Border crossing", "ring", "#6b6b6b", 7, 4),
    "region": MarkerStyle("Region", "none", "#5b5346", 0, 3),
    "sea": MarkerStyle("Sea", "none", "#2c5d87", 0, 3),
    "waypoint": MarkerStyle("Routing point", "none", "#000000", 0, 9),
    "corridor": MarkerStyle("Corridor", "none", "#000000", 0, 2),
    "format": MarkerStyle("Cooperation format", "none", "#8a5a9e", 0, 5),
    # a place a read text names, located by the gazetteer and not reviewed: its own, hollow symbol
    "auto-located": MarkerStyle("Auto-located, unreviewed", "ring", "#b0006e", 10, 4),
}

CAPITAL_STYLE = MarkerStyle("Capital", "capital", "#1d2433", 10, 1)

FORMAT_STYLE = LineStyle("Cooperation format", "#8a5a9e", 1.5)
FORMAT_DASH = "1 5"

#: How approximate locations are drawn: a dashed halo of this radius (px) around the symbol.
APPROXIMATE_HALO_PX = 14
REGION_HALO_PX = 26
HIGHLIGHT_COLOUR = "#ffcc00"
DIMMED_OPACITY = 0.22


def leg_style(mode: str, status: str) -> dict:
    """Leaflet path options for a leg of ``mode`` with ``status``."""
    line = MODE_STYLES[mode]
    status_style = STATUS_STYLES[status]
    style = {
        "color": line.colour,
        "weight": line.width,
        "opacity": status_style.opacity,
        "lineCap": "round" if status_style.dash else "butt",
    }
    if status_style.dash:
        style["dashArray"] = status_style.dash
    return style


def kind_style(kind: str) -> MarkerStyle:
    """Marker style for a kind; unknown kinds (from user layers) get a neutral dot."""
    return KIND_STYLES.get(kind, MarkerStyle(kind.replace("-", " ").capitalize(), "circle", "#6b6b6b", 6, 4))


#: Kinds whose labels are drawn only when they are focused or quoted.
QUIET_KINDS = {"station", "border-crossing", "waypoint"}


def point_style(row) -> MarkerStyle:
    """The symbol drawn for a point entity: capitals get their own."""
    return CAPITAL_STYLE if getattr(row, "capital", False) else kind_style(row.kind)


def halo_radius_px(kind: str, precision: str) -> float | None:
    """Radius of the dashed halo that marks an approximate location, or ``None`` when there is none."""
    if precision not in ("approximate", "region-level") or kind in ("waypoint", "sea", "region"):
        return None
    if kind in QUIET_KINDS:
        return kind_style(kind).size / 2 + 4
    return REGION_HALO_PX if precision == "region-level" else APPROXIMATE_HALO_PX
