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


MODE_STYLES: dict[str, LineStyle] = {
    "rail": LineStyle("Rail", "#9e1b32", 4.0, casing="#ffffff"),
    "road": LineStyle("Road", "#d9822b", 3.0, casing="#ffffff"),
    "ferry": LineStyle("Ferry / sea", "#1f5fa8", 3.0),
    "pipeline": LineStyle("Pipeline", "#2e7d32", 5.5),
    "fibre": LineStyle("Fibre optic", "#7b3fa0", 2.0),
    "air": LineStyle("Air", "#4a4a4a", 1.5),
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
    "shelved": StatusStyle("Shelved", "2 7", 0.5),
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
    "port": MarkerStyle("Port", "square", "#1f5fa8", 9, 1),
    "airport": MarkerStyle("Airport", "triangle", "#4a4a4a", 9, 3),
    "terminal": MarkerStyle("Terminal", "square", "#2e7d32", 8, 2),
    "field": MarkerStyle("Gas / oil field", "diamond", "#2e7d32", 11, 1),
    "facility": MarkerStyle("Facility", "diamond", "#c05a00", 11, 1),
    "station": MarkerStyle("Station", "circle", "#6b6b6b", 5, 4),
    "border-crossing": MarkerStyle("Border crossing", "ring", "#6b6b6b", 7, 4),
    "region": MarkerStyle("Region", "none", "#5b5346", 0, 3),
    "sea": MarkerStyle("Sea", "none", "#2c5d87", 0, 3),
    "waypoint": MarkerStyle("Routing point", "none", "#000000", 0, 9),
    "corridor": MarkerStyle("Corridor", "none", "#000000", 0, 2),
    "format": MarkerStyle("Cooperation format", "none", "#8a5a9e", 0, 5),
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
