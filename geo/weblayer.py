"""The map's data as the browser draws it: compact, content-addressed JSON files fetched once.

The browser map (``static/map/atlas-map.js``) filters, focuses and labels in
the page, so Python ships every entity and leg once, with the attributes the
filters need, and afterwards sends only the view state. Line coordinates are
quantised to 1e-5° (about 1 m) and delta-encoded, and each line is stored at a
few levels of detail: the browser fetches the level that fits its zoom.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.render import (
    QUIET_KINDS,
    Footnote,
    halo_radius_px,
    point_style,
    quote_numbers_by_entity,
)
from geo.style import (
    APPROXIMATE_HALO_PX,
    CAPITAL_STYLE,
    DIMMED_OPACITY,
    FORMAT_DASH,
    FORMAT_STYLE,
    HIGHLIGHT_COLOUR,
    KIND_STYLES,
    MODE_STYLES,
    STATUS_STYLES,
    kind_style,
    leg_style,
)

#: Coordinates are stored as integers of this many degrees.
COORDINATE_UNIT_DEG = 1e-5
#: Zoom levels of detail: level ``z`` is drawn up to zoom ``z`` (the last one, at full detail, beyond).
DETAIL_LEVELS = (5, 8, 11)
#: Lines with fewer vertices in all than this are stored once, at full detail.
SINGLE_LEVEL_MAX_VERTICES = 20_000
#: The format version of the files written here; the browser refuses others.
PAYLOAD_VERSION = 1


def tolerance_deg(zoom: float, *, pixels: float = 0.5) -> float:
    """Degrees of longitude that ``pixels`` span at ``zoom`` (Leaflet's 256-px tiles)."""
    return pixels * 360.0 / (256.0 * 2.0**zoom)


def encode_lines(geometries: Sequence) -> list[list[list[int]]]:
    """Each (multi)line as a list of parts, each part ``[x0, y0, dx1, dy1, …]`` in 1e-5° (lon first)."""
    encoded: list[list[list[int]]] = []
    for geometry in geometries:
        parts = []
        for part in getattr(geometry, "geoms", [geometry]):
            if part is None or part.is_empty:
                continue
            coords = np.rint(shapely.get_coordinates(part) / COORDINATE_UNIT_DEG).astype(np.int64)
            deltas = np.diff(coords, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
            parts.append(deltas.ravel().tolist())
        encoded.append(parts)
    return encoded


def decode_line(parts: Iterable[Sequence[int]]) -> list[list[tuple[float, float]]]:
    """The inverse of one :func:`encode_lines` entry: lists of (lon, lat)."""
    decoded = []
    for flat in parts:
        values = np.cumsum(np.asarray(flat, dtype=np.int64).reshape(-1, 2), axis=0) * COORDINATE_UNIT_DEG
        decoded.append([(float(x), float(y)) for x, y in values])
    return decoded


def simplified_levels(geometries: gpd.GeoSeries) -> dict[str, list]:
    """Encoded lines per level of detail, keyed by the highest zoom each is drawn at (``"max"`` = full)."""
    values = geometries.values
    vertices = int(shapely.get_num_coordinates(values).sum())
    levels: dict[str, list] = {}
    if vertices >= SINGLE_LEVEL_MAX_VERTICES:
        for zoom in DETAIL_LEVELS:
            levels[str(zoom)] = encode_lines(shapely.simplify(values, tolerance_deg(zoom), preserve_topology=False))
    levels["max"] = encode_lines(values)
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


def entity_records(entities: gpd.GeoDataFrame, footnotes: Sequence[Footnote]) -> list[dict]:
    """One record per entity with what the browser filters, draws and labels."""
    numbers = quote_numbers_by_entity(footnotes)
    records = []
    for row in entities.itertuples(index=False):
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            continue
        is_point = geometry.geom_type == "Point"
        style = point_style(row) if is_point else kind_style(row.kind)
        precision = _clean(row.precision) or "exact"
        record = {
            "id": str(row.id),
            "name": str(row.name),
            "label": _clean(getattr(row, "label", None)) or str(row.name),
            "kind": str(row.kind),
            "capital": bool(_clean(getattr(row, "capital", False)) or False),
            "status": _clean(row.status),
            "countries": _strings(row.countries),
            "aliases": _strings(row.aliases),
            "precision": precision,
            "refs": numbers.get(row.id, []),
            "rank": int(style.rank if is_point else kind_style(row.kind).rank),
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
                tip=f"{row.name} — {style.label.lower()}" + ("" if precision == "exact" else f" ({precision} location)"),
            )
        else:
            lon_min, lat_min, lon_max, lat_max = geometry.bounds
            record["bbox"] = [round(lon_min, 4), round(lat_min, 4), round(lon_max, 4), round(lat_max, 4)]
            if row.kind == "format":
                record["format_line"] = encode_lines([geometry])[0]
                record["tip"] = str(row.name)
        records.append(record)
    return records


def leg_records(legs: gpd.GeoDataFrame) -> list[dict]:
    """One record per leg: its corridor, mode, status, the places it passes and its tooltip."""
    records = []
    for row in legs.itertuples(index=False):
        mode = row.mode if row.mode in MODE_STYLES else "road"
        status = row.status if row.status in STATUS_STYLES else "operating"
        length = row.length_km if isinstance(row.length_km, (int, float)) and row.length_km == row.length_km else None
        tip = f"{row.corridor_name} — {row.branch}: {MODE_STYLES[mode].label.lower()}, {STATUS_STYLES[status].label.lower()}"
        if length is not None:
            tip += f", {length:,.0f} km"
        lon_min, lat_min, lon_max, lat_max = row.geometry.bounds
        records.append(
            {
                "corridor": str(row.corridor_id),
                "mode": mode,
                "status": status,
                "path": _strings(row.path),
                "user": not bool(row.path),
                "tip": tip,
                "bbox": [round(lon_min, 4), round(lat_min, 4), round(lon_max, 4), round(lat_max, 4)],
            }
        )
    return records


def map_styles() -> dict:
    """The style tables the browser draws with (the same ones the static renderer uses)."""
    return {
        "modes": {
            mode: {"label": s.label, "colour": s.colour, "width": s.width, "casing": s.casing}
            for mode, s in MODE_STYLES.items()
        },
        "legs": {f"{mode}/{status}": leg_style(mode, status) for mode in MODE_STYLES for status in STATUS_STYLES},
        "kinds": {kind: {"label": s.label, "shape": s.shape, "fill": s.fill, "size": s.size} for kind, s in KIND_STYLES.items()},
        "capital": {"label": CAPITAL_STYLE.label, "shape": CAPITAL_STYLE.shape, "fill": CAPITAL_STYLE.fill, "size": CAPITAL_STYLE.size},
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
    levels = simplified_levels(legs.geometry) if not legs.empty else {"max": []}
    main = {
        "version": PAYLOAD_VERSION,
        "entities": entity_records(entities, footnotes),
        "legs": leg_records(legs),
        "notes": note_records(footnotes, source_titles or {}),
        "levels": {zoom: f"level-{zoom}" for zoom in levels},
    }
    files = {f"level-{zoom}": _json_bytes({"version": PAYLOAD_VERSION, "lines": lines}) for zoom, lines in levels.items()}
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
    names = {key: write_content_file(directory, key, data) for key, data in files.items() if key != "main"}
    main = json.loads(files["main"])
    main["levels"] = {zoom: names[key] for zoom, key in main["levels"].items()}
    return write_content_file(directory, "data", _json_bytes(main))
