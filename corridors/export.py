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


#: CSV columns: every exported property, then a point's coordinates, the number of quotes and the geometry as WKT.
CSV_COLUMNS = [
    "id",
    "name",
    "kind",
    *(key for key in EXPORT_PROPERTIES if key not in ("id", "name", "kind")),
    "lat",
    "lon",
    "quote_count",
    "wkt",
]
#: Properties written as JSON in a CSV cell (lists of records); other lists are joined with ``;``.
CSV_JSON_PROPERTIES = {"quotes", "sources", "status_history"}


def to_csv_text(frame: gpd.GeoDataFrame) -> str:
    """CSV: one row per entity with every exported property (:data:`CSV_COLUMNS`); lists joined with ``;``,
    quotes, sources and status history as JSON, geometry as WKT."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in frame.itertuples(index=False):
        cells = {key: _csv_cell(key, _clean(getattr(row, key, None))) for key in EXPORT_PROPERTIES}
        point = row.geometry if row.geometry is not None and row.geometry.geom_type == "Point" else None
        cells["lat"] = round(point.y, 5) if point else ""
        cells["lon"] = round(point.x, 5) if point else ""
        cells["quote_count"] = len(row.quotes or [])
        cells["wkt"] = shapely.to_wkt(row.geometry, rounding_precision=5) if row.geometry is not None else ""
        _write_safe_row(writer, cells)
    return buffer.getvalue()


def _csv_cell(key: str, value) -> object:
    if key in CSV_JSON_PROPERTIES:
        return json.dumps(value or [], ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


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
