"""Ship the world basemap levels and the country-name points the browser map draws.

Usage::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_basemap.py package

Copies Natural Earth 1:110m and 1:50m admin-0 countries (world-atlas TopoJSON,
unchanged) to ``static/basemap/`` and writes ``country-labels.json``: one name
per country at its pole of inaccessibility (or a fixed point that keeps clear
of the corridors), with the size of its largest polygon so the browser shows a
name only when the country is wide enough at the current zoom.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import geopandas as gpd
from shapely.ops import polylabel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.basemap import COUNTRY_LABEL_POINTS, WORLD_BASEMAP_DIR
from scripts.build_basemap import NUMERIC_TO_ALPHA3

#: Names written shorter on the map than in Natural Earth.
SHORT_NAMES = {"Russia": "Russia", "Dem. Rep. Congo": "DR Congo", "Bosnia and Herz.": "Bosnia"}


def country_labels(world: gpd.GeoDataFrame) -> list[dict]:
    """One record per named country: name, lon, lat, and its largest polygon's width and height in degrees."""
    records = []
    for row in world.itertuples(index=False):
        if row.geometry is None or row.geometry.is_empty or not isinstance(row.name, str):
            continue
        largest = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda g: g.area)
        iso3 = NUMERIC_TO_ALPHA3.get(str(row.id))
        if iso3 in COUNTRY_LABEL_POINTS:
            lon, lat = COUNTRY_LABEL_POINTS[iso3]
        else:
            point = polylabel(largest, tolerance=0.05)
            lon, lat = point.x, point.y
        lon_min, lat_min, lon_max, lat_max = largest.bounds
        records.append(
            {
                "name": SHORT_NAMES.get(row.name, row.name),
                "lon": round(lon, 3),
                "lat": round(lat, 3),
                "width_deg": round(lon_max - lon_min, 2),
                "height_deg": round(lat_max - lat_min, 2),
            }
        )
    return sorted(records, key=lambda r: -r["width_deg"] * r["height_deg"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked world-atlas package folder")
    args = parser.parse_args()
    WORLD_BASEMAP_DIR.mkdir(parents=True, exist_ok=True)
    for scale in ("110m", "50m"):
        shutil.copyfile(args.package / f"countries-{scale}.json", WORLD_BASEMAP_DIR / f"world-{scale}.topo.json")
    shutil.copyfile(args.package / "LICENSE", WORLD_BASEMAP_DIR / "LICENSE-world-atlas.txt")
    world = gpd.read_file(args.package / "countries-50m.json", layer="countries").set_crs(4326, allow_override=True)
    world["geometry"] = world.geometry.make_valid()
    labels = country_labels(world)
    (WORLD_BASEMAP_DIR / "country-labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"wrote world-110m, world-50m and {len(labels)} country labels to {WORLD_BASEMAP_DIR.name}/")


if __name__ == "__main__":
    main()
