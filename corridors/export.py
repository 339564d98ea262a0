"""Export entities as GeoJSON features or CSV rows."""

from __future__ import annotations

import csv
import io
import json
import math

import geopandas as gpd
import shapely

from corridors.frames import ENTITY_COLUMNS

#: Properties written for every feature, in order: every column of the entity frame but the geometry.
EXPORT_PROPERTIES = [column for column in ENTITY_COLUMNS if column != "geometry"] + ["status_history"]


def to_feature_collection(frame: gpd.GeoDataFrame) -> dict:
    """A GeoJSON FeatureCollection with one Feature per row, ``id`` also in properties."""
    features = []
    for row in frame.itertuples(index=False):
        properties = {key: _clean(getattr(row, key, None)) for key in EXPORT_PROPERTIES}
        geometry = row.geometry
        features.append(
            {
                "type": "Feature",
                "id": row.id,
                "properties": properties,
                "geometry": None if geometry is None else json.loads(shapely.to_geojson(geometry)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def to_geojson_text(frame: gpd.GeoDataFrame) -> str:
    """GeoJSON text of :func:`to_feature_collection`."""
    return json.dumps(to_feature_collection(frame), ensure_ascii=False, indent=1) + "\n"


def to_csv_text(frame: gpd.GeoDataFrame) -> str:
    """CSV: one row per entity; lists joined with ``;``, quotes and sources as JSON, geometry as WKT."""
    buffer = io.StringIO()
    columns = [
        "id",
        "name",
        "kind",
        "modes",
        "status",
        "status_as_of",
        "countries",
        "aliases",
        "precision",
        "length_km",
        "lat",
        "lon",
        "quote_count",
        "quotes",
        "sources",
        "status_history",
        "origin",
        "wkt",
    ]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in frame.itertuples(index=False):
        point = row.geometry if row.geometry is not None and row.geometry.geom_type == "Point" else None
        _write_safe_row(
            writer,
            {
                "id": row.id,
                "name": row.name,
                "kind": row.kind,
                "modes": ";".join(row.modes or []),
                "status": _clean(row.status) or "",
                "status_as_of": _clean(row.status_as_of) or "",
                "countries": ";".join(row.countries or []),
                "aliases": ";".join(row.aliases or []),
                "precision": row.precision,
                "length_km": "" if _clean(row.length_km) is None else row.length_km,
                "lat": round(point.y, 5) if point else "",
                "lon": round(point.x, 5) if point else "",
                "quote_count": len(row.quotes or []),
                "quotes": json.dumps(row.quotes or [], ensure_ascii=False),
                "sources": json.dumps(row.sources or [], ensure_ascii=False),
                "status_history": json.dumps(_clean(getattr(row, "status_history", None)) or [], ensure_ascii=False),
                "origin": row.origin,
                "wkt": shapely.to_wkt(row.geometry, rounding_precision=5) if row.geometry is not None else "",
            },
        )
    return buffer.getvalue()


#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'``; other values as they are.

    Line breaks in text become LF, which the CSV writer quotes (a bare CR would end the row for a reader).
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _write_safe_row(writer: csv.DictWriter, row: dict) -> None:
    writer.writerow({key: neutralise_formula(value) for key, value in row.items()})


def _clean(value):
    """JSON-safe value: NaN becomes None, numpy scalars become Python ones."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return value.item()
    return value
