"""Build corridor geometries from ordered nodes."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from shapely.geometry import LineString, MultiLineString

from geo.measure import WGS84

LonLat = tuple[float, float]

#: Spacing of the points inserted along great-circle (air) legs, in kilometres.
GREAT_CIRCLE_STEP_KM = 25.0


def route_line(nodes: Sequence[LonLat], *, great_circle: bool = False) -> LineString:
    """Line through ``nodes`` given as (lon, lat).

    Surface legs join nodes with straight segments in longitude/latitude, so the
    catalog's intermediate nodes decide where a route runs. Air legs
    (``great_circle=True``) follow the geodesic between consecutive nodes.
    """
    if len(nodes) < 2:
        raise ValueError("a route needs at least two nodes")
    if not great_circle:
        return LineString(nodes)
    points: list[LonLat] = [tuple(nodes[0])]
    for (lon1, lat1), (lon2, lat2) in pairwise(nodes):
        _, _, metres = WGS84.inv(lon1, lat1, lon2, lat2)
        count = int(metres / 1000.0 // GREAT_CIRCLE_STEP_KM)
        points.extend(WGS84.npts(lon1, lat1, lon2, lat2, count) if count else [])
        points.append((lon2, lat2))
    return LineString(points)


def merge_lines(lines: Sequence[LineString]) -> MultiLineString:
    """All legs of a corridor as one geometry, legs kept apart."""
    return MultiLineString([list(line.coords) for line in lines])
