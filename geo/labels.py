"""Label placement: put each label beside its symbol where it overlaps nothing, or leave it out.

Positions are worked out in screen pixels for one zoom level (Web Mercator,
256-px tiles, as Leaflet draws it), most important labels first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Average glyph width as a fraction of the font size (DejaVu Sans, mixed case).
GLYPH_WIDTH_EM = 0.64
LABEL_PADDING_PX = 3.0
#: Labels keep this much space between each other and other symbols, in px.
LABEL_MARGIN_PX = 2.0


@dataclass(frozen=True)
class Box:
    """An axis-aligned screen rectangle in px; y grows downwards."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        """True if the boxes overlap or come closer than ``margin``."""
        return not (
            self.right + margin <= other.left
            or other.right + margin <= self.left
            or self.bottom + margin <= other.top
            or other.bottom + margin <= self.top
        )

    def inside(self, other: Box) -> bool:
        """True if this box lies wholly within ``other``."""
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


@dataclass(frozen=True)
class LabelRequest:
    """A label wanted at a point: ``rank`` 1 is placed first; ``symbol_px`` is the symbol's radius."""

    key: str
    text: str
    lon: float
    lat: float
    rank: int
    symbol_px: float = 4.0
    font_px: float = 12.0
    #: Other points the label may stand by (a line's label can go anywhere along it).
    alternatives: tuple[tuple[float, float], ...] = ()
    #: A shorter text (e.g. just the quote numbers) tried when ``text`` finds no room.
    fallback_text: str | None = None


@dataclass(frozen=True)
class PlacedLabel:
    """Where a label goes: offset of its box's top-left corner from the point, in px."""

    key: str
    text: str
    lon: float
    lat: float
    dx: float
    dy: float
    width: float
    height: float
    position: str
    #: True when the label stands away from its point and needs a leader line.
    leader: bool = False


def lonlat_to_pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at ``zoom`` (Leaflet's 256-px tiles)."""
    scale = 256.0 * 2.0**zoom
    x = (lon + 180.0) / 360.0 * scale
    lat = max(min(lat, 85.0511), -85.0511)
    y = (1.0 - math.log(math.tan(math.radians(lat)) + 1.0 / math.cos(math.radians(lat))) / math.pi) / 2.0 * scale
    return x, y


def text_box_size(text: str, font_px: float) -> tuple[float, float]:
    """Estimated width and height in px of a one-line label."""
    return len(text) * font_px * GLYPH_WIDTH_EM + 2 * LABEL_PADDING_PX, font_px * 1.25 + LABEL_PADDING_PX


#: Extra distances (px) tried beyond the symbol, nearest first; beyond 0 a leader line is drawn.
LEADER_STEPS_PX = (0.0, 14.0, 30.0, 50.0, 75.0)


def candidate_offsets(width: float, height: float, gap: float) -> list[tuple[str, float, float]]:
    """Box top-left offsets around a point, in order of preference (right of the point first)."""
    diagonal = gap * 0.75
    return [
        ("E", gap, -height / 2),
        ("W", -gap - width, -height / 2),
        ("NE", diagonal, -diagonal - height),
        ("SE", diagonal, diagonal),
        ("N", -width / 2, -gap - height),
        ("S", -width / 2, gap),
        ("NW", -diagonal - width, -diagonal - height),
        ("SW", -diagonal - width, diagonal),
    ]


def place_labels(
    requests: Sequence[LabelRequest],
    *,
    zoom: float,
    obstacles: Iterable[tuple[float, float, float]] = (),
    frame: tuple[float, float, float, float] | None = None,
    reserved_px: Sequence[tuple[float, float, float, float]] = (),
    fixed_labels: Iterable[tuple[float, float, float, float]] = (),
) -> list[PlacedLabel]:
    """Place labels greedily by rank; a label with no free position is left out.

    Parameters
    ----------
    requests
        Labels wanted, each at its point.
    zoom
        Leaflet zoom level the placement is for.
    obstacles
        Other symbols as ``(lon, lat, radius_px)`` that labels must not cover.
    frame
        Visible area as ``(lon_min, lat_min, lon_max, lat_max)``; labels must fit inside it.
    reserved_px
        Boxes ``(left, top, right, bottom)`` in px from the frame's top-left corner that
        labels must keep clear of (legend, controls); needs ``frame``.
    fixed_labels
        Labels already drawn as ``(lon, lat, width_px, height_px)`` boxes centred on their point.
    """
    taken: list[Box] = []
    for request in requests:
        x, y = lonlat_to_pixels(request.lon, request.lat, zoom)
        r = request.symbol_px
        taken.append(Box(x - r, y - r, x + r, y + r))
    for lon, lat, radius in obstacles:
        x, y = lonlat_to_pixels(lon, lat, zoom)
        taken.append(Box(x - radius, y - radius, x + radius, y + radius))
    for lon, lat, width, height in fixed_labels:
        x, y = lonlat_to_pixels(lon, lat, zoom)
        taken.append(Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2))
    frame_box = None
    if frame is not None:
        left, bottom = lonlat_to_pixels(frame[0], frame[1], zoom)
        right, top = lonlat_to_pixels(frame[2], frame[3], zoom)
        frame_box = Box(left, top, right, bottom)
        taken.extend(Box(left + x0, top + y0, left + x1, top + y1) for x0, y0, x1, y1 in reserved_px)

    placed: list[PlacedLabel] = []
    order = sorted(range(len(requests)), key=lambda i: (requests[i].rank, -len(requests[i].text), requests[i].key))
    for index in order:
        request = requests[index]
        label = None
        for text in (request.text, request.fallback_text):
            if text:
                width, height = text_box_size(text, request.font_px)
                label = _first_free_position(request, text, width, height, zoom, taken, frame_box)
                if label is not None:
                    break
        if label is not None:
            box, placed_label = label
            taken.append(box)
            placed.append(placed_label)
    return placed


def _first_free_position(
    request: LabelRequest, text: str, width: float, height: float, zoom: float, taken: list[Box], frame_box: Box | None
) -> tuple[Box, PlacedLabel] | None:
    anchors = [(request.lon, request.lat), *request.alternatives]
    for step in LEADER_STEPS_PX:
        for lon, lat in anchors:
            x, y = lonlat_to_pixels(lon, lat, zoom)
            own = Box(x - request.symbol_px, y - request.symbol_px, x + request.symbol_px, y + request.symbol_px)
            for position, dx, dy in candidate_offsets(width, height, request.symbol_px + 3.0 + step):
                box = Box(x + dx, y + dy, x + dx + width, y + dy + height)
                if frame_box is not None and not box.inside(frame_box):
                    continue
                if any(box.overlaps(other, LABEL_MARGIN_PX) for other in taken if other != own):
                    continue
                if step and _leader_crosses(x, y, box, taken, own):
                    continue
                label = PlacedLabel(request.key, text, lon, lat, dx, dy, width, height, position, leader=step > 0)
                return box, label
    return None


def _leader_crosses(x: float, y: float, box: Box, taken: list[Box], own: Box) -> bool:
    """True if the straight leader from the point to the box's centre runs through another label."""
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    for t in (0.35, 0.55, 0.75):
        px, py = x + (cx - x) * t, y + (cy - y) * t
        probe = Box(px, py, px, py)
        if any(probe.overlaps(other) for other in taken if other != own and other.right - other.left > 14):
            return True
    return False
