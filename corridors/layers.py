"""Analysts' own layers: GeoJSON or GeoPackage files loaded beside the catalog.

Checks run column by column over the whole layer, so a layer of thousands of
lines validates in about the time it takes to read it. Every property is
typed like the catalog's (:class:`LayerProperties`, pydantic), geometries are
read one by one so a broken one names its feature, every layer of a GeoPackage
is read (each named in messages), GeoJSON with a repeated key or a non-finite
number is refused, and points or line ends that lie in the wrong country (or at
sea) while their swapped coordinates would not are reported as swapped lat/lon.
"""

from __future__ import annotations

import json
import os
import stat
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.raw
import shapely
from pydantic import BaseModel, ConfigDict, ValidationError

from corridors.catalog import Catalog, check_quote, flatten_validation_error
from corridors.errors import CatalogError, Problem
from corridors.frames import ENTITY_COLUMNS
from corridors.schema import MODES, PLACE_KINDS, STATUSES, Iso3, NonEmpty, Precision, Quote, SourceRef
from geo.measure import geodesic_lengths_km

LAYER_SUFFIXES = (".geojson", ".json", ".gpkg")
LAYER_KINDS = set(PLACE_KINDS) | {"corridor", "format"}
LINE_TYPES = {"LineString", "MultiLineString"}
ALLOWED_TYPES = LINE_TYPES | {"Point", "Polygon", "MultiPolygon"}
LIST_COLUMNS = ("countries", "aliases", "quotes", "sources")
#: GeoJSON files larger than this are refused (GeoPackages are read by GDAL as they are).
MAX_GEOJSON_BYTES = 512 * 2**20
#: Kinds of point that may lie at sea without their coordinates looking swapped.
_SEA_KINDS = {"sea", "field", "waypoint", "port", "terminal"}


class LayerProperties(BaseModel):
    """The properties of one user-layer feature, typed like the catalog's fields.

    ``id``, ``name``, ``kind``, ``mode``, ``status`` and ``quotes`` are checked
    column by column in :func:`read_layer`; here they are only known keys.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    id: Any
    name: Any
    kind: Any
    mode: Any = None
    status: Any = None
    quotes: Any = None
    countries: list[Iso3] = []
    aliases: list[NonEmpty] = []
    sources: list[SourceRef] = []
    precision: Precision = "exact"
    label: NonEmpty | None = None
    notes: str | None = None


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
        for path in sorted(p for p in directory.iterdir() if p.suffix.lower() in LAYER_SUFFIXES):
            try:
                mode = os.stat(path).st_mode
            except OSError as error:
                problems.append(Problem(str(path), "-", "-", f"cannot be read: {error.strerror or error}"))
                continue
            if stat.S_ISREG(mode):
                files.append(path)
            else:
                kind = "a directory" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else "special"
                problems.append(Problem(str(path), "-", "-", f"is {kind}, not a regular file; not read"))
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
    if not problems and frames:
        problems.extend(check_swapped_coordinates(pd.concat(frames, ignore_index=True)))
    if problems:
        raise CatalogError(problems)
    if not frames:
        return gpd.GeoDataFrame(columns=ENTITY_COLUMNS, geometry="geometry", crs=4326)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=4326)


def read_layer(path: Path, catalog: Catalog, seen: dict[str, str]) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read one layer file, every layer of it; ``seen`` maps ids already taken to where they came from."""
    name = str(path)
    try:
        if path.suffix.lower() in (".geojson", ".json"):
            _check_json(path)
            layers = [path.stem]  # GeoJSON holds one layer
        else:
            layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, OSError) as error:
        return None, [Problem(name, "-", "-", f"cannot be read as GeoJSON or GeoPackage: {_first_line(error)}")]
    if not layers:
        return None, [Problem(name, "-", "-", "has no layers")]
    frames, problems = [], []
    for layer in layers:
        label = name if len(layers) == 1 else f"{name} (layer {layer})"
        frame, layer_problems = _read_one_layer(path, layer if len(layers) > 1 else None, label, catalog, seen)
        problems.extend(layer_problems)
        if frame is not None:
            frames.append(frame)
    if problems:
        return None, problems
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=4326), []


def _read_one_layer(
    path: Path, layer: str | None, name: str, catalog: Catalog, seen: dict[str, str]
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    try:
        raw, unreadable = _read_frame(path, layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, OSError) as error:
        return None, [Problem(name, "-", "-", f"cannot be read as GeoJSON or GeoPackage: {_first_line(error)}")]
    missing = [column for column in ("id", "name", "kind") if column not in raw.columns]
    if missing:
        return None, [
            Problem(name, "-", column, "required property is missing from every feature") for column in missing
        ]
    if raw.crs is not None and not raw.crs.equals("EPSG:4326"):
        raw = raw.to_crs(4326)

    ids = raw["id"].map(lambda value: str(value).strip() if _present(value) else "")
    names = raw["name"].map(lambda value: str(value).strip() if _present(value) else "")
    kinds = raw["kind"].astype("string").fillna("")
    types = raw.geometry.geom_type.fillna("none").to_numpy()
    flag = _Flagger(name, [value or f"feature {index + 1}" for index, value in enumerate(ids)])
    _check_identity(raw, ids, names, kinds, seen, flag)
    _check_geometries(raw.geometry, types, kinds, unreadable, flag)
    columns = {
        column: raw[column].map(_parse_list) if column in raw.columns else [[] for _ in range(len(raw))]
        for column in LIST_COLUMNS
    }
    flag.problems.extend(_check_properties(raw, columns, name, flag.labels))
    _check_layer_quotes(columns["quotes"], catalog, flag)

    for entity_id in ids:
        if entity_id and entity_id not in seen:
            seen[entity_id] = name
    if flag.problems:
        return None, flag.problems
    return _layer_frame(raw, ids, names, kinds, types, columns, name), []


class _Flagger:
    """Collects the problems of one layer file, naming each feature by its id (or its position)."""

    def __init__(self, name: str, labels: list[str]):
        self.name = name
        self.labels = labels
        self.problems: list[Problem] = []

    def __call__(self, mask: Iterable[bool], field: str, message) -> None:
        """A problem for every feature where ``mask`` holds; ``message`` is text or a function of the index."""
        for index in np.flatnonzero(np.asarray(list(mask), dtype=bool)):
            text = message(index) if callable(message) else message
            self.problems.append(Problem(self.name, self.labels[index], field, text))


def _check_identity(raw, ids, names, kinds, seen: dict[str, str], flag: _Flagger) -> None:
    flag(ids == "", "id", "required property is empty")
    flag(ids.duplicated(keep="first") & (ids != ""), "id", "duplicate id within this file")
    flag([i in seen for i in ids], "id", lambda i: f"id clashes with {seen[ids[i]]}")
    flag(names == "", "name", "required property is empty")
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


def _check_geometries(geometry: gpd.GeoSeries, types, kinds, unreadable: dict[int, str], flag: _Flagger) -> None:
    for index, message in unreadable.items():
        flag.problems.append(Problem(flag.name, flag.labels[index], "geometry", f"invalid geometry: {message}"))
    flag(
        [(g is None or g.is_empty) and i not in unreadable for i, g in enumerate(geometry.values)],
        "geometry",
        "missing or empty geometry",
    )
    flag(
        (kinds == "format").to_numpy() & np.array([t not in LINE_TYPES for t in types], dtype=bool),
        "kind",
        lambda i: f"'format' is only for lines (a format is drawn between its members), not a {types[i]}",
    )
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


def _check_layer_quotes(quotes_by_feature, catalog: Catalog, flag: _Flagger) -> None:
    for index, quotes in enumerate(quotes_by_feature):
        for q_index, quote in enumerate(quotes):
            try:
                model = Quote.model_validate(quote)
            except ValueError as error:
                flag.problems.append(Problem(flag.name, flag.labels[index], f"quotes.{q_index}", _first_line(error)))
                continue
            flag.problems.extend(check_quote(catalog, model, flag.name, flag.labels[index], f"quotes.{q_index}"))


def _layer_frame(raw, ids, names, kinds, types, columns: dict, name: str) -> gpd.GeoDataFrame:
    """A checked layer in the entity frame's shape (:data:`ENTITY_COLUMNS`)."""
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
            "length_km": _lengths_km(raw.geometry, types),
            "quotes": columns["quotes"],
            "sources": columns["sources"],
            "notes": None,
            "origin": name,
        },
        geometry=raw.geometry.values,
        crs=4326,
    )
    return frame[ENTITY_COLUMNS]


def _read_frame(path: Path, layer: str | None) -> tuple[gpd.GeoDataFrame, dict[int, str]]:
    """One layer's attributes and geometries; geometries GEOS refuses become ``None`` with their reason."""
    with warnings.catch_warnings():
        # an unclosed ring is reported below with its feature; GDAL's warning names neither
        warnings.filterwarnings("ignore", message="Non closed ring", category=RuntimeWarning)
        meta, _, wkb, fields = pyogrio.raw.read(path, layer=layer)
    frame = pd.DataFrame({column: values for column, values in zip(meta["fields"], fields, strict=True)})
    count = len(fields[0]) if fields else (0 if wkb is None else len(wkb))
    geometries = [None] * count if wkb is None else shapely.from_wkb(wkb, on_invalid="ignore")
    unreadable: dict[int, str] = {}
    for index in np.flatnonzero(pd.isna(geometries)):
        if wkb is not None and wkb[index] is not None:
            try:
                shapely.from_wkb(wkb[index])
                unreadable[int(index)] = "cannot be read"
            except shapely.errors.GEOSException as error:
                unreadable[int(index)] = _first_line(error).removeprefix("IllegalArgumentException: ")
    return gpd.GeoDataFrame(frame, geometry=list(geometries), crs=meta["crs"]), unreadable


def _check_json(path: Path) -> None:
    """Refuse GeoJSON with a key twice in one object or a non-finite number (NaN, Infinity)."""
    from corridors.text.sourcefile import read_regular_file

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"key {repeated[0]!r} appears twice in one object")
        return dict(pairs)

    def non_finite(constant: str) -> None:
        raise ValueError(f"{constant} is not a number JSON allows")

    try:
        json.loads(read_regular_file(path, MAX_GEOJSON_BYTES), object_pairs_hook=unique, parse_constant=non_finite)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON: {error}") from None


def _check_properties(raw: gpd.GeoDataFrame, columns: dict[str, list], name: str, labels: list[str]) -> list[Problem]:
    """Each feature's properties validated with :class:`LayerProperties`: types, allowed values, unknown keys."""
    problems = []
    names = [column for column in raw.columns if column != raw.geometry.name]
    values = {column: raw[column].to_numpy() for column in names if column not in LIST_COLUMNS}
    for index in range(len(raw)):
        record: dict[str, Any] = {}
        for column, array in values.items():
            value = array[index]
            if value is not None and not (isinstance(value, float) and np.isnan(value)):  # infinities are kept
                record[column] = value.item() if hasattr(value, "item") else value
        for column in LIST_COLUMNS:
            if column in raw.columns and columns[column][index]:
                record[column] = columns[column][index]
        try:
            LayerProperties.model_validate(record)
        except ValidationError as error:
            for field, message in flatten_validation_error(error):
                if field.split(".")[0] in ("id", "name", "kind", "mode", "status", "quotes"):
                    continue
                problems.append(Problem(name, labels[index], field, message))
    return problems


def check_swapped_coordinates(frame: gpd.GeoDataFrame, countries: gpd.GeoDataFrame | None = None) -> list[Problem]:
    """Points and line ends whose lat/lon look swapped, judged against the basemap's countries.

    A location looks swapped when it is not in any of the feature's declared
    ``countries`` (or, for a point of a kind that belongs on land, lies at sea)
    while the same numbers read the other way round put it in one of them (or
    on land).
    """
    from geo.basemap import REGION_BOUNDS, load_countries

    lon_min, lat_min, lon_max, lat_max = REGION_BOUNDS
    spots: list[tuple[int, float, float]] = []
    for index, geometry in enumerate(frame.geometry.values):
        if geometry is None or geometry.is_empty:
            continue
        if geometry.geom_type == "Point":
            ends = [(geometry.x, geometry.y)]
        elif geometry.geom_type in LINE_TYPES:
            parts = list(getattr(geometry, "geoms", [geometry]))
            ends = [parts[0].coords[0], parts[-1].coords[-1]]
        else:
            continue
        for lon, lat, *_ in ends:
            # only numbers that are a plausible latitude and, read the other way, fall on the map
            if -90 <= lon <= 90 and lon_min <= lat <= lon_max and lat_min <= lon <= lat_max:
                spots.append((index, lon, lat))
    if not spots:
        return []
    if countries is None:
        countries = load_countries()
    codes = countries["iso3"].to_numpy()

    def countries_at(points: list) -> list[str | None]:
        found: list[str | None] = [None] * len(points)
        inputs, hits = countries.sindex.query(points, predicate="intersects")
        for point_index, country_index in zip(inputs, hits, strict=True):
            if found[point_index] is None and isinstance(codes[country_index], str):
                found[point_index] = codes[country_index]
        return found

    here = countries_at(shapely.points([(lon, lat) for _, lon, lat in spots]))
    swapped = countries_at(shapely.points([(lat, lon) for _, lon, lat in spots]))
    problems, flagged = [], set()
    kinds, types = frame["kind"].to_numpy(), frame.geometry.geom_type.to_numpy()
    for (index, lon, lat), found, other in zip(spots, here, swapped, strict=True):
        if index in flagged:
            continue
        declared = set(frame["countries"].iloc[index] or [])
        if declared:
            looks_swapped = found not in declared and other in declared
        else:
            looks_swapped = types[index] == "Point" and found is None and other is not None
            looks_swapped = looks_swapped and kinds[index] not in _SEA_KINDS
        if looks_swapped:
            flagged.add(index)
            problems.append(
                Problem(
                    frame["origin"].iloc[index],
                    frame["id"].iloc[index],
                    "geometry",
                    f"({lon:g}, {lat:g}) lies in {found or 'the sea'}; read as (lon {lat:g}, lat {lon:g}) it lies in "
                    f"{other}: are longitude and latitude swapped? GeoJSON order is [lon, lat]",
                )
            )
    return problems


def _lengths_km(geometry: gpd.GeoSeries, types: np.ndarray) -> list[float | None]:
    lengths = geodesic_lengths_km(geometry.values)
    return [round(float(km), 1) if t in LINE_TYPES else None for km, t in zip(lengths, types)]


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
