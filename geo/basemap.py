"""The shipped offline basemap: Natural Earth countries clipped to the region."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

DATA_DIR = Path(__file__).resolve().parent / "data"
BASEMAP_PATH = DATA_DIR / "countries-region.geojson"

#: The basemap as the browser draws it: simplified, served by the app as a static file (see ``build_display_basemap``).
DISPLAY_BASEMAP_PATH = Path(__file__).resolve().parents[1] / "static" / "basemap" / "countries-display.geojson"
DISPLAY_BASEMAP_URL = "/app/static/basemap/countries-display.geojson"
#: Natural Earth for the whole world at 1:110m and 1:50m (TopoJSON) and the country-name points the browser map uses.
WORLD_BASEMAP_DIR = DISPLAY_BASEMAP_PATH.parent
#: Simplification of the drawn basemap, in degrees (about 1.5 km): finer than a pixel up to zoom 7.
DISPLAY_TOLERANCE_DEG = 0.015

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


def simplify_for_display(
    countries: gpd.GeoDataFrame, *, tolerance_deg: float = DISPLAY_TOLERANCE_DEG
) -> gpd.GeoDataFrame:
    """Return a lighter copy for drawing; ``tolerance_deg`` is in degrees."""
    simplified = countries.copy()
    simplified["geometry"] = [
        polygons_only(g) for g in simplified.geometry.simplify(tolerance_deg, preserve_topology=True).make_valid()
    ]
    return simplified


def display_basemap_json(countries: gpd.GeoDataFrame) -> str:
    """GeoJSON text of the drawn basemap (simplified, coordinates rounded to 1e-3°)."""
    simplified = simplify_for_display(countries)
    simplified["geometry"] = shapely.set_precision(simplified.geometry.values, 1e-3)
    simplified = simplified[~simplified.geometry.is_empty]
    return simplified[["iso3", "name", "geometry"]].to_json(drop_id=True, separators=(",", ":")) + "\n"


#: Country name positions (lon, lat) that keep clear of the corridors; others use the polygon's interior.
COUNTRY_LABEL_POINTS: dict[str, tuple[float, float]] = {
    "KAZ": (68.0, 50.2),
    "RUS": (45.0, 53.5),
    "TKM": (59.0, 39.6),
    "UZB": (63.2, 42.3),
    "IRN": (55.0, 33.6),
    "AFG": (66.0, 34.3),
    "TUR": (35.0, 38.7),
    "CHN": (81.0, 38.5),
    "KGZ": (75.5, 42.0),
    "TJK": (71.0, 38.9),
    "GEO": (43.5, 42.3),
    "AZE": (47.6, 40.6),
    "ARM": (45.0, 40.1),
    "UKR": (33.0, 49.0),
    "MNG": (82.0, 47.5),
}
