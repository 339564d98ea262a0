"""Build the shipped regional basemap from Natural Earth (world-atlas TopoJSON).

Usage::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_basemap.py package/countries-10m.json

Writes ``geo/data/countries-region.geojson``: Natural Earth 1:10m admin-0
countries clipped to the Corridor Atlas region, made valid, with ISO 3166-1
alpha-3 codes, coordinates rounded to 4 decimals (about 10 m); and
``static/basemap/countries-display.geojson``, the simplified copy the browser draws.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.basemap import (
    BASEMAP_PATH,
    DISPLAY_BASEMAP_PATH,
    REGION_BOUNDS,
    display_basemap_json,
    load_countries,
)

# ISO 3166-1 numeric -> alpha-3 for every country the region touches.
NUMERIC_TO_ALPHA3 = {
    "004": "AFG",
    "031": "AZE",
    "051": "ARM",
    "100": "BGR",
    "112": "BLR",
    "156": "CHN",
    "196": "CYP",
    "233": "EST",
    "268": "GEO",
    "275": "PSE",
    "300": "GRC",
    "356": "IND",
    "364": "IRN",
    "368": "IRQ",
    "376": "ISR",
    "398": "KAZ",
    "400": "JOR",
    "417": "KGZ",
    "422": "LBN",
    "428": "LVA",
    "434": "LBY",
    "440": "LTU",
    "498": "MDA",
    "586": "PAK",
    "616": "POL",
    "642": "ROU",
    "643": "RUS",
    "682": "SAU",
    "760": "SYR",
    "762": "TJK",
    "792": "TUR",
    "795": "TKM",
    "804": "UKR",
    "860": "UZB",
    "496": "MNG",
    "818": "EGY",
    "414": "KWT",
    "524": "NPL",
    "246": "FIN",
    "634": "QAT",
    "048": "BHR",
    "512": "OMN",
    "784": "ARE",
    "008": "ALB",
    "040": "AUT",
    "050": "BGD",
    "064": "BTN",
    "070": "BIH",
    "191": "HRV",
    "203": "CZE",
    "208": "DNK",
    "276": "DEU",
    "348": "HUN",
    "380": "ITA",
    "807": "MKD",
    "470": "MLT",
    "499": "MNE",
    "104": "MMR",
    "688": "SRB",
    "703": "SVK",
    "705": "SVN",
    "752": "SWE",
    "248": "ALA",
}
# Natural Earth fragments without an ISO numeric code.
NAMED_FRAGMENTS = {"Baikonur": "KAZ"}


def build_basemap(topojson_path: Path) -> gpd.GeoDataFrame:
    """Return the region's countries as a GeoDataFrame in EPSG:4326."""
    world = gpd.read_file(topojson_path, layer="countries")
    world = world.set_crs(4326, allow_override=True)
    world["geometry"] = world.geometry.make_valid()
    region = world.clip(box(*REGION_BOUNDS))
    region["iso3"] = [
        NUMERIC_TO_ALPHA3.get(str(code)) or NAMED_FRAGMENTS.get(name)
        for code, name in zip(region["id"], region["name"])
    ]
    names = {
        iso3: name
        for iso3, name, code in zip(region["iso3"], region["name"], region["id"])
        if isinstance(iso3, str) and isinstance(code, str)
    }
    region["key"] = region["iso3"].fillna(region["name"])
    region = region.dissolve(by="key", as_index=False)
    region["name"] = [
        names.get(iso3, name) if isinstance(iso3, str) else name for iso3, name in zip(region["iso3"], region["name"])
    ]
    region["geometry"] = shapely.set_precision(region.geometry.values, 1e-4)
    region["geometry"] = region.geometry.make_valid()
    region = region[~region.geometry.is_empty]
    return region[["iso3", "name", "geometry"]].sort_values("name").reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-10m.json")
    args = parser.parse_args()
    region = build_basemap(args.topojson)
    data = json.loads(region.to_json(drop_id=True))
    BASEMAP_PATH.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {BASEMAP_PATH.name}: {len(region)} countries")
    DISPLAY_BASEMAP_PATH.parent.mkdir(parents=True, exist_ok=True)
    DISPLAY_BASEMAP_PATH.write_text(display_basemap_json(load_countries()), encoding="utf-8")
    print(f"wrote {DISPLAY_BASEMAP_PATH.name}")


if __name__ == "__main__":
    main()
