"""Geodesic measurement on the WGS84 ellipsoid."""

from __future__ import annotations

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
