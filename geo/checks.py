"""Checks of geometries against the basemap: coast, land, sea and countries crossed."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, substring

from geo.measure import geodesic_distance_km, geodesic_length_km


def coast_distance_km(lon: float, lat: float, land: BaseGeometry) -> float:
    """Distance in km from a point to the nearest coastline or land border of ``land``."""
    point = Point(lon, lat)
    nearest = nearest_points(land.boundary, point)[0]
    return geodesic_distance_km(lon, lat, nearest.x, nearest.y)


def country_at(lon: float, lat: float, countries: gpd.GeoDataFrame) -> str | None:
    """ISO3 code of the country containing the point, or ``None`` at sea."""
    hits = countries.sindex.query(Point(lon, lat), predicate="intersects")
    codes = [countries.iloc[i]["iso3"] for i in hits]
    return next((code for code in codes if isinstance(code, str)), None)


def trim_line_ends(line: LineString, trim_km: float) -> LineString | None:
    """The line without its first and last ``trim_km`` kilometres; ``None`` if nothing is left."""
    if trim_km <= 0:
        return line
    total = geodesic_length_km(line)
    if total <= 2 * trim_km:
        return None
    fraction = trim_km / total
    return substring(line, fraction, 1 - fraction, normalized=True)


def length_outside_km(line: LineString, area: BaseGeometry, *, trim_ends_km: float = 0.0) -> float:
    """Kilometres of ``line`` (less ``trim_ends_km`` at each end) lying outside ``area``."""
    trimmed = trim_line_ends(line, trim_ends_km)
    if trimmed is None:
        return 0.0
    return geodesic_length_km(trimmed.difference(area))


def length_inside_km(line: LineString, area: BaseGeometry, *, trim_ends_km: float = 0.0) -> float:
    """Kilometres of ``line`` (less ``trim_ends_km`` at each end) lying inside ``area``."""
    trimmed = trim_line_ends(line, trim_ends_km)
    if trimmed is None:
        return 0.0
    return geodesic_length_km(trimmed.intersection(area))


def inland_crossings_km(line: LineString, land: BaseGeometry, *, shore_km: float, gap_km: float = 1.0) -> float:
    """Kilometres of land a sea ``line`` crosses away from its ends.

    A stretch of land that starts at either end of the line is the leg's way
    to or from the shore (a port, town or terminal ashore) and is allowed up to
    ``shore_km``; every other stretch of land counts in full. Stretches of land
    separated by less than ``gap_km`` of water (lagoons, harbour basins) count
    as one stretch.
    """
    inside = line.intersection(land)
    pieces = [p for p in getattr(inside, "geoms", [inside]) if not p.is_empty and p.geom_type == "LineString"]
    if not pieces:
        return 0.0
    total_km = geodesic_length_km(line)
    # (start, end) of each piece as a fraction of the line, in order along it
    spans = sorted(
        (line.project(Point(p.coords[0]), normalized=True), line.project(Point(p.coords[-1]), normalized=True))
        for p in pieces
    )
    spans = [(min(a, b), max(a, b)) for a, b in spans]
    merged: list[list[float]] = []
    for start, end in spans:
        if merged and (start - merged[-1][1]) * total_km < gap_km:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    crossed = 0.0
    for start, end in merged:
        length = (end - start) * total_km
        at_end = start <= 1e-9 or end >= 1 - 1e-9
        crossed += max(0.0, length - shore_km) if at_end else length
    return crossed


def countries_along(
    line: LineString,
    countries: gpd.GeoDataFrame,
    *,
    step_km: float = 1.0,
    min_run_km: float = 3.0,
) -> list[str]:
    """Countries a line passes through, in order, sampled every ``step_km``.

    Stretches shorter than ``min_run_km`` are ignored: they are border nodes
    that sit a few hundred metres across a line on the 1:10m basemap.
    """
    total_km = geodesic_length_km(line)
    count = max(2, math.ceil(total_km / step_km) + 1)
    points = shapely.line_interpolate_point(line, np.linspace(0.0, 1.0, count), normalized=True)
    point_index, country_index = countries.sindex.query(points, predicate="intersects")
    codes: list[str | None] = [None] * count
    iso3 = countries["iso3"].to_numpy()
    for p, c in zip(point_index, country_index):
        if isinstance(iso3[c], str):
            codes[p] = iso3[c]
    spacing_km = total_km / (count - 1) if count > 1 else 0.0
    runs: list[list] = []  # [code, number of samples]
    for code in codes:
        if runs and runs[-1][0] == code:
            runs[-1][1] += 1
        else:
            runs.append([code, 1])
    crossed: list[str] = []
    for code, samples in runs:
        if code is None or samples * spacing_km < min_run_km:
            continue
        if not crossed or crossed[-1] != code:
            crossed.append(code)
    return crossed
