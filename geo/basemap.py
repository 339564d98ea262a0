"""The shipped offline basemap: Natural Earth countries clipped to the region."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

DATA_DIR = Path(__file__).resolve().parent / "data"
BASEMAP_PATH = DATA_DIR / "countries-region.geojson"

#: The region the basemap covers, as (lon_min, lat_min, lon_max, lat_max) in degrees.
REGION_BOUNDS = (24.0, 30.0, 84.0, 58.0)


def load_countries(path: Path = BASEMAP_PATH) -> gpd.GeoDataFrame:
    """Read the regional countries layer (columns ``iso3``, ``name``) in EPSG:4326."""
    countries = gpd.read_file(path)
    if countries.crs is None:
        countries = countries.set_crs(4326)
    countries["geometry"] = countries.geometry.make_valid()
    return countries


def land_geometry(countries: gpd.GeoDataFrame) -> BaseGeometry:
    """Union of all country polygons: everything that is land on the basemap."""
    land = shapely.union_all(countries.geometry.values)
    shapely.prepare(land)
    return land


def simplify_for_display(countries: gpd.GeoDataFrame, *, tolerance_deg: float = 0.02) -> gpd.GeoDataFrame:
    """Return a lighter copy for drawing; ``tolerance_deg`` is in degrees."""
    simplified = countries.copy()
    simplified["geometry"] = simplified.geometry.simplify(tolerance_deg, preserve_topology=True)
    return simplified
