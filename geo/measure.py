"""Geodesic measurement on the WGS84 ellipsoid."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

WGS84 = Geod(ellps="WGS84")


def geodesic_length_km(geometry: BaseGeometry) -> float:
    """Length of a (multi)line in kilometres along the ellipsoid; coordinates are (lon, lat)."""
    if geometry is None or geometry.is_empty:
        return 0.0
    return WGS84.geometry_length(geometry) / 1000.0


def geodesic_distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance between two points in kilometres along the ellipsoid."""
    _, _, metres = WGS84.inv(lon1, lat1, lon2, lat2)
    return metres / 1000.0


def geodesic_lengths_km(geometries: Sequence[BaseGeometry | None]) -> np.ndarray:
    """Lengths in kilometres of many (multi)lines at once, as :func:`geodesic_length_km` gives one by one."""
    geometries = np.asarray(geometries, dtype=object)
    parts, owners = shapely.get_parts(geometries, return_index=True)
    coords, part_of = shapely.get_coordinates(parts, return_index=True)
    segment = part_of[1:] == part_of[:-1]
    start, end = coords[:-1][segment], coords[1:][segment]
    _, _, metres = WGS84.inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])
    per_part = np.bincount(part_of[1:][segment], weights=np.asarray(metres), minlength=len(parts))
    return np.bincount(owners, weights=per_part, minlength=len(geometries)) / 1000.0
