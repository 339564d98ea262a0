"""The map's data as the browser draws it: compact, content-addressed JSON files fetched once.

The browser map (``static/map/atlas-map.js``) filters, focuses and labels in
the page, so Python ships every entity and leg once, with the attributes the
filters need, and afterwards sends only the view state. Attributes at their
default (empty lists, ``false``, ``null``) are left out of the JSON.

Leg lines go in binary files (see :func:`encode_level`): quantised, delta-coded
32-bit integers that numpy writes and the browser reads without parsing. A
large layer is stored at a few levels of detail, each simplified to one pixel
at its zoom and quantised to a tenth of that; the browser fetches the level
that fits its zoom.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import struct
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from carto.footnotes import Footnote, quote_numbers_by_entity
from carto.symbology import (
    APPROXIMATE_HALO_PX,
    CAPITAL_STYLE,
    DIMMED_OPACITY,
    FORMAT_DASH,
    FORMAT_STYLE,
    HIGHLIGHT_COLOUR,
    KIND_STYLES,
    MODE_STYLES,
    QUIET_KINDS,
    STATUS_STYLES,
    halo_radius_px,
    kind_style,
    leg_style,
    point_style,
)

#: Coordinates at full detail are stored as integers of this many degrees (about 1 m).
COORDINATE_UNIT_DEG = 1e-5
#: Zoom levels of detail: level ``z`` is drawn up to zoom ``z`` (the last one, at full detail, beyond).
DETAIL_LEVELS = (5, 8, 11)
#: Lines with fewer vertices in all than this are stored once, at full detail.
SINGLE_LEVEL_MAX_VERTICES = 20_000
#: The format version of the files written here; the browser refuses others.
PAYLOAD_VERSION = 1
#: First bytes of a level file, then: uint32 lines, parts, values; float64 unit (little-endian).
LEVEL_MAGIC = b"CAL1"
_LEVEL_HEADER = struct.Struct("<4sIIId")


def tolerance_deg(zoom: float, *, pixels: float = 1.0) -> float:
    """Degrees of longitude that ``pixels`` span at ``zoom`` (Leaflet's 256-px tiles)."""
    return pixels * 360.0 / (256.0 * 2.0**zoom)


def level_unit_deg(zoom: float) -> float:
    """The coordinate unit of a level of detail: a power of ten at most a tenth of its tolerance."""
    return max(10.0 ** math.floor(math.log10(tolerance_deg(zoom) / 10.0)), COORDINATE_UNIT_DEG)


def encode_lines(geometries: Sequence, unit: float = COORDINATE_UNIT_DEG) -> list[list[list[int]]]:
    """Each (multi)line as a list of parts, each part ``[x0, y0, dx1, dy1, …]`` in ``unit`` degrees (lon first)."""
    encoded: list[list[list[int]]] = []
    for geometry in geometries:
        parts = []
        for part in getattr(geometry, "geoms", [geometry]):
            if part is None or part.is_empty:
                continue
            coords = np.rint(shapely.get_coordinates(part) / unit).astype(np.int64)
            deltas = np.diff(coords, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
            parts.append(deltas.ravel().tolist())
        encoded.append(parts)
    return encoded


def decode_line(parts: Iterable[Sequence[int]], unit: float = COORDINATE_UNIT_DEG) -> list[list[tuple[float, float]]]:
    """The inverse of one :func:`encode_lines` entry: lists of (lon, lat)."""
    decoded = []
    for flat in parts:
        values = np.cumsum(np.asarray(flat, dtype=np.int64).reshape(-1, 2), axis=0) * unit
        decoded.append([(float(x), float(y)) for x, y in values])
    return decoded


def encode_level(geometries, unit: float) -> bytes:
    """(Multi)lines as one binary file: header, then uint32 ``line_part_start[lines + 1]``,
    uint32 ``part_value_start[parts + 1]`` and int32 ``values``: per part, x/y (lon/lat) in
    ``unit`` degrees, the first vertex absolute and the others as differences from the previous one.
    """
    geometries = np.asarray(geometries, dtype=object)
    parts, line_of = shapely.get_parts(geometries, return_index=True)
    coords, part_of = shapely.get_coordinates(parts, return_index=True)
    quantised = np.rint(coords / unit).astype(np.int64)
    values = quantised.copy()
    values[1:] -= quantised[:-1]
    starts = np.ones(len(quantised), dtype=bool)
    starts[1:] = part_of[1:] != part_of[:-1]
    values[starts] = quantised[starts]
    if np.abs(values).max(initial=0) >= 2**31:
        raise ValueError("coordinates out of range for the level format")
    line_part_start = np.searchsorted(line_of, np.arange(len(geometries) + 1)).astype("<u4")
    part_value_start = (2 * np.searchsorted(part_of, np.arange(len(parts) + 1))).astype("<u4")
    header = _LEVEL_HEADER.pack(LEVEL_MAGIC, len(geometries), len(parts), values.size, unit)
    return header + line_part_start.tobytes() + part_value_start.tobytes() + values.astype("<i4").tobytes()


def decode_level(data: bytes) -> tuple[float, list[list[list[tuple[float, float]]]]]:
    """The inverse of :func:`encode_level`: the unit and, per line, its parts as (lon, lat) lists."""
    magic, lines, parts, count, unit = _LEVEL_HEADER.unpack_from(data)
    if magic != LEVEL_MAGIC:
        raise ValueError("not a level file")
    offset = _LEVEL_HEADER.size
    line_part_start = np.frombuffer(data, "<u4", lines + 1, offset)
    offset += 4 * (lines + 1)
    part_value_start = np.frombuffer(data, "<u4", parts + 1, offset)
    offset += 4 * (parts + 1)
    values = np.frombuffer(data, "<i4", count, offset).astype(np.int64)
    decoded = []
    for line in range(lines):
        line_parts = []
        for part in range(line_part_start[line], line_part_start[line + 1]):
            flat = values[part_value_start[part] : part_value_start[part + 1]].reshape(-1, 2)
            line_parts.append([(float(x), float(y)) for x, y in np.cumsum(flat, axis=0) * unit])
        decoded.append(line_parts)
    return unit, decoded


def simplified_levels(geometries: gpd.GeoSeries) -> dict[str, bytes]:
    """Binary level files (:func:`encode_level`) keyed by the highest zoom each is drawn at (``"max"`` = full)."""
    values = geometries.values
    vertices = int(shapely.get_num_coordinates(values).sum())
    levels: dict[str, bytes] = {}
    if vertices >= SINGLE_LEVEL_MAX_VERTICES:
        for zoom in DETAIL_LEVELS:
            simplified = shapely.simplify(values, tolerance_deg(zoom), preserve_topology=False)
            levels[str(zoom)] = encode_level(simplified, level_unit_deg(zoom))
    levels["max"] = encode_level(values, COORDINATE_UNIT_DEG)
    return levels


def _clean(value):
    """JSON-safe: NaN and missing values become ``None``; numpy scalars become Python ones."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _strings(values) -> list[str]:
    if values is None or (isinstance(values, float) and math.isnan(values)):
        return []
    return [str(v) for v in values]


def _compact(record: dict) -> dict:
    """The record without attributes at their default (empty, ``False`` or ``None``)."""
    return {key: value for key, value in record.items() if value not in (None, False, [], "")}


def entity_records(entities: gpd.GeoDataFrame, footnotes: Sequence[Footnote], line_ids: set[str]) -> list[dict]:
    """One record per entity with what the browser filters, draws and labels.

    An optional ``status_steps`` column (``[[first day, status], …]``) becomes ``history``, for the "as of" filter.

    Lines drawn as legs (``line_ids``) get their extent from their legs in the browser; other
    non-point entities carry a ``bbox`` (lon_min, lat_min, lon_max, lat_max) to focus on.
    """
    numbers = quote_numbers_by_entity(footnotes)
    records = []
    for row in entities.itertuples(index=False):
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            continue
        is_point = geometry.geom_type == "Point"
        style = point_style(row) if is_point else kind_style(row.kind)
        precision = _clean(row.precision) or "exact"
        label = _clean(getattr(row, "label", None))
        record = {
            "id": str(row.id),
            "name": str(row.name),
            "label": str(label) if label and label != row.name else None,
            "kind": str(row.kind),
            "capital": bool(_clean(getattr(row, "capital", False)) or False),
            "status": _clean(row.status),
            "countries": _strings(row.countries),
            "aliases": _strings(row.aliases),
            "refs": numbers.get(row.id, []),
            "history": getattr(row, "status_steps", None) or None,
            "rank": int(style.rank),
            "quiet": row.kind in QUIET_KINDS,
            "point": is_point,
        }
        if is_point:
            record.update(
                lon=round(geometry.x, 5),
                lat=round(geometry.y, 5),
                shape=style.shape,
                fill=style.fill,
                size=style.size,
                halo=halo_radius_px(row.kind, precision),
                tip=f"{row.name} — {style.label.lower()}"
                + ("" if precision == "exact" else f" ({precision} location)"),
            )
        elif row.kind == "format":
            record["format_line"] = encode_lines([geometry])[0]
            record["tip"] = str(row.name)
        elif row.id not in line_ids:
            record["bbox"] = [round(v, 4) for v in geometry.bounds]
        records.append(_compact(record))
    return records


def leg_records(legs: gpd.GeoDataFrame) -> list[dict]:
    """One record per leg: its corridor, mode, status (and ``history`` from ``status_steps``), branch, length, places."""
    records = []
    for row in legs.itertuples(index=False):
        length = row.length_km if isinstance(row.length_km, (int, float)) and row.length_km == row.length_km else None
        record = {
            "corridor": str(row.corridor_id),
            "mode": row.mode if row.mode in MODE_STYLES else "road",
            "status": row.status if row.status in STATUS_STYLES else "operating",
            "branch": None if row.branch == "user layer" else str(row.branch),
            "km": None if length is None else round(float(length)),
            "path": _strings(row.path),
            "user": not bool(row.path),
            "history": getattr(row, "status_steps", None) or None,
        }
        records.append(_compact(record))
    return records


def map_styles() -> dict:
    """The style tables the browser draws with (the same ones the static renderer uses)."""
    return {
        "modes": {
            mode: {"label": s.label, "colour": s.colour, "width": s.width, "casing": s.casing}
            for mode, s in MODE_STYLES.items()
        },
        "legs": {f"{mode}/{status}": leg_style(mode, status) for mode in MODE_STYLES for status in STATUS_STYLES},
        "kinds": {
            kind: {"label": s.label, "shape": s.shape, "fill": s.fill, "size": s.size}
            for kind, s in KIND_STYLES.items()
        },
        "capital": {
            "label": CAPITAL_STYLE.label,
            "shape": CAPITAL_STYLE.shape,
            "fill": CAPITAL_STYLE.fill,
            "size": CAPITAL_STYLE.size,
        },
        "format": {"colour": FORMAT_STYLE.colour, "width": FORMAT_STYLE.width, "dash": FORMAT_DASH},
        "highlight": HIGHLIGHT_COLOUR,
        "dimmed": DIMMED_OPACITY,
        "approximate_halo_px": APPROXIMATE_HALO_PX,
    }


def note_records(footnotes: Sequence[Footnote], source_titles: dict[str, str]) -> list[dict]:
    """The numbered quotes, with the entities they mention and where in which source they stand."""
    return [
        {
            "n": note.number,
            "text": " ".join(note.text.split()),
            "ids": list(note.entity_ids),
            "names": list(note.entity_names),
            "source": source_titles.get(note.source, note.source),
            "start": note.start,
            "end": note.end,
        }
        for note in footnotes
    ]


def map_payloads(
    entities: gpd.GeoDataFrame,
    legs: gpd.GeoDataFrame,
    footnotes: Sequence[Footnote],
    source_titles: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The files of one dataset: ``"main"`` (entities, legs, quote notes) and one per level of detail.

    The main file names the level files by the keys of the returned mapping;
    :func:`write_payloads` replaces those keys by content-addressed file names.
    """
    levels = simplified_levels(legs.geometry)
    main = {
        "version": PAYLOAD_VERSION,
        "entities": entity_records(entities, footnotes, set(legs["corridor_id"]) if not legs.empty else set()),
        "legs": leg_records(legs),
        "notes": note_records(footnotes, source_titles or {}),
        "levels": {zoom: f"level-{zoom}" for zoom in levels},
    }
    files = {f"level-{zoom}": data for zoom, data in levels.items()}
    files["main"] = _json_bytes(main)
    return files


def _json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def content_name(prefix: str, data: bytes, suffix: str = ".json") -> str:
    """A file name that changes whenever the content does."""
    return f"{prefix}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"


def write_content_file(directory: Path, prefix: str, data: bytes, suffix: str = ".json") -> str:
    """Write ``data`` under its content-addressed name (atomically, once) and return the name."""
    name = content_name(prefix, data, suffix)
    target = directory / name
    if not target.exists():
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    return name


def write_payloads(directory: Path, files: dict[str, bytes]) -> str:
    """Write a dataset's files (see :func:`map_payloads`); returns the main file's name."""
    names = {key: write_content_file(directory, key, data, ".bin") for key, data in files.items() if key != "main"}
    main = json.loads(files["main"])
    main["levels"] = {zoom: names[key] for zoom, key in main["levels"].items()}
    return write_content_file(directory, "data", _json_bytes(main))
