"""Analysts' own layers: GeoJSON or GeoPackage files loaded beside the catalog.

Checks run column by column over the whole layer, so a layer of thousands of
lines validates in about the time it takes to read it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from corridors.catalog import Catalog, check_quote
from corridors.errors import CatalogError, Problem
from corridors.frames import ENTITY_COLUMNS
from corridors.schema import MODES, PLACE_KINDS, STATUSES, Quote
from geo.measure import WGS84

LAYER_SUFFIXES = (".geojson", ".json", ".gpkg")
LAYER_KINDS = set(PLACE_KINDS) | {"corridor", "format"}
LINE_TYPES = {"LineString", "MultiLineString"}
ALLOWED_TYPES = LINE_TYPES | {"Point", "Polygon", "MultiPolygon"}
LIST_COLUMNS = ("countries", "aliases", "quotes", "sources")


def layer_dirs_from_env(value: str | None) -> list[Path]:
    """Folders named by ``CORRIDOR_ATLAS_LAYERS`` (separated like ``PATH``)."""
    if not value:
        return []
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


def find_layer_files(directories: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Layer files in each folder (not recursive), and problems with missing folders."""
    files, problems = [], []
    for directory in directories:
        if not directory.is_dir():
            problems.append(Problem(str(directory), "-", "-", "layer folder does not exist"))
            continue
        files.extend(sorted(p for p in directory.iterdir() if p.suffix.lower() in LAYER_SUFFIXES))
    return files, problems


def load_user_layers(directories: Sequence[Path], catalog: Catalog) -> gpd.GeoDataFrame:
    """Read and validate every layer file; one row per feature, shaped like the catalog's frame.

    Raises
    ------
    CatalogError
        Listing every problem, each naming the file, the feature id and the field.
    """
    files, problems = find_layer_files(directories)
    frames = []
    seen: dict[str, str] = {entity_id: f"catalog {origin}" for entity_id, origin in catalog.origins.items()}
    for path in files:
        frame, file_problems = read_layer(path, catalog, seen)
        problems.extend(file_problems)
        if frame is not None:
            frames.append(frame)
    if problems:
        raise CatalogError(problems)
    if not frames:
        return gpd.GeoDataFrame(columns=ENTITY_COLUMNS, geometry="geometry", crs=4326)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=4326)


def read_layer(path: Path, catalog: Catalog, seen: dict[str, str]) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read one layer file; ``seen`` maps ids already taken to where they came from."""
    name = str(path)
    try:
        raw = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, OSError) as error:
        return None, [Problem(name, "-", "-", f"cannot be read as GeoJSON or GeoPackage: {_first_line(error)}")]
    missing = [column for column in ("id", "name", "kind") if column not in raw.columns]
    if missing:
        return None, [
            Problem(name, "-", column, "required property is missing from every feature") for column in missing
        ]
    if raw.crs is not None and not raw.crs.equals("EPSG:4326"):
        raw = raw.to_crs(4326)

    problems: list[Problem] = []
    ids = raw["id"].map(lambda value: str(value).strip() if _present(value) else "")
    labels = [value or f"feature {index + 1}" for index, value in enumerate(ids)]

    def flag(mask: Iterable[bool], field: str, message) -> None:
        for index in np.flatnonzero(np.asarray(list(mask), dtype=bool)):
            text = message(index) if callable(message) else message
            problems.append(Problem(name, labels[index], field, text))

    flag(ids == "", "id", "required property is empty")
    flag(ids.duplicated(keep="first") & (ids != ""), "id", "duplicate id within this file")
    flag([i in seen for i in ids], "id", lambda i: f"id clashes with {seen[ids[i]]}")
    names = raw["name"].map(lambda value: str(value).strip() if _present(value) else "")
    flag(names == "", "name", "required property is empty")
    kinds = raw["kind"].astype("string").fillna("")
    flag(
        ~kinds.isin(sorted(LAYER_KINDS)),
        "kind",
        lambda i: f"{kinds[i]!r} is not one of: {', '.join(sorted(LAYER_KINDS))}",
    )
    for column, allowed in (("mode", MODES), ("status", STATUSES)):
        if column in raw.columns:
            values = raw[column].astype("string")
            flag(
                values.notna() & ~values.isin(allowed),
                column,
                lambda i, v=values, a=allowed: f"{v[i]!r} is not one of: {', '.join(a)}",
            )

    geometry = raw.geometry
    types = geometry.geom_type.fillna("none").to_numpy()
    flag(geometry.isna() | geometry.is_empty, "geometry", "missing or empty geometry")
    flag([t != "none" and t not in ALLOWED_TYPES for t in types], "geometry", lambda i: f"{types[i]} is not supported")
    present = ~(geometry.isna() | geometry.is_empty)
    flag(
        present & ~geometry.is_valid,
        "geometry",
        lambda i: f"invalid geometry: {shapely.is_valid_reason(geometry.iloc[i])}",
    )
    bounds = geometry.bounds.fillna(0.0)
    out_of_range = (bounds["minx"] < -180) | (bounds["maxx"] > 180) | (bounds["miny"] < -90) | (bounds["maxy"] > 90)
    flag(out_of_range, "geometry", "coordinates outside longitude/latitude range (a projected file without a CRS?)")

    columns = {
        column: raw[column].map(_parse_list) if column in raw.columns else [[] for _ in range(len(raw))]
        for column in LIST_COLUMNS
    }
    for index, quotes in enumerate(columns["quotes"]):
        for q_index, quote in enumerate(quotes):
            try:
                model = Quote.model_validate(quote)
            except ValueError as error:
                problems.append(Problem(name, labels[index], f"quotes.{q_index}", _first_line(error)))
                continue
            problems.extend(check_quote(catalog, model, name, labels[index], f"quotes.{q_index}"))

    for entity_id in ids:
        if entity_id and entity_id not in seen:
            seen[entity_id] = name
    if problems:
        return None, problems

    modes = raw["mode"] if "mode" in raw.columns else pd.Series([None] * len(raw))
    frame = gpd.GeoDataFrame(
        {
            "id": ids,
            "name": names,
            "label": names,
            "kind": kinds,
            "capital": False,
            "modes": [[m] if _present(m) else [] for m in modes],
            "status": raw["status"].where(raw["status"].notna(), None) if "status" in raw.columns else None,
            "status_as_of": None,
            "claimed_status": [[] for _ in range(len(raw))],
            "countries": columns["countries"],
            "aliases": columns["aliases"],
            "precision": raw["precision"] if "precision" in raw.columns else "exact",
            "length_km": _lengths_km(geometry, types),
            "quotes": columns["quotes"],
            "sources": columns["sources"],
            "notes": None,
            "origin": name,
        },
        geometry=geometry.values,
        crs=4326,
    )
    return frame[ENTITY_COLUMNS], []


def _lengths_km(geometry: gpd.GeoSeries, types: np.ndarray) -> list[float | None]:
    return [
        round(WGS84.geometry_length(g) / 1000.0, 1) if t in LINE_TYPES else None for g, t in zip(geometry.values, types)
    ]


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and str(value).strip() != ""


def _parse_list(value: object) -> list:
    """A list property as read by GDAL: a list, a JSON string, or nothing."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return [value]
        return parsed if isinstance(parsed, list) else [parsed]
    if _present(value):
        return [value]
    return []


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
