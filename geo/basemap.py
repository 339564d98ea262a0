"""The shipped offline basemap: Natural Earth countries clipped to the region."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

DATA_DIR = Path(__file__).resolve().parent / "data"
BASEMAP_PATH = DATA_DIR / "countries-region.geojson"

#: The region the basemap covers, as (lon_min, lat_min, lon_max, lat_max) in degrees.
REGION_BOUNDS = (14.0, 24.0, 96.0, 62.0)


def load_countries(path: Path = BASEMAP_PATH) -> gpd.GeoDataFrame:
    """Read the regional countries layer (columns ``iso3``, ``name``) in EPSG:4326."""
    countries = gpd.read_file(path)
    if countries.crs is None:
        countries = countries.set_crs(4326)
    countries["geometry"] = [polygons_only(g) for g in countries.geometry.make_valid()]
    return countries[~countries.geometry.is_empty].reset_index(drop=True)


def polygons_only(geometry: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a geometry (``make_valid`` can leave stray lines in a collection)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def land_geometry(countries: gpd.GeoDataFrame) -> BaseGeometry:
    """Union of all country polygons: everything that is land on the basemap."""
    land = shapely.union_all(countries.geometry.values)
    shapely.prepare(land)
    return land


def simplify_for_display(countries: gpd.GeoDataFrame, *, tolerance_deg: float = 0.02) -> gpd.GeoDataFrame:
    """Return a lighter copy for drawing; ``tolerance_deg`` is in degrees."""
    simplified = countries.copy()
    simplified["geometry"] = [
        polygons_only(g) for g in simplified.geometry.simplify(tolerance_deg, preserve_topology=True).make_valid()
    ]
    return simplified
