"""Large user layers in PostGIS, served to the browser map as Mapbox Vector Tiles (``ST_AsMVT``).

A layer file (GeoJSON or GeoPackage) is checked exactly as a layer in ``CORRIDOR_ATLAS_LAYERS`` is
(:func:`corridors.layers.read_layer`: properties, ids unique against the catalog and the other layers, swapped
coordinates), then stored in one transaction: the features in ``layer_features`` with their geometry in lon/lat,
in Web Mercator, and in Web Mercator simplified for low zooms (each with a spatial index), and the layer in
``layer_sets`` with a version that changes on every import. The map asks for the tiles of its view only; a tile
holds the features that cross it, clipped and snapped to its pixel grid, so a layer of 100,000 lines opens
without being sent whole. Tiles are kept in a byte-bounded LRU cache per process, keyed by the layer's version.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from corridors.catalog import Catalog
from corridors.errors import CatalogError, Problem

LAYER_SCHEMA_SQL = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS layer_sets (
    name text PRIMARY KEY,
    version bigint NOT NULL,
    features integer NOT NULL,
    vertices bigint NOT NULL,
    bounds double precision[] NOT NULL,
    modes text[] NOT NULL,
    statuses text[] NOT NULL,
    kinds text[] NOT NULL,
    shares double precision[],
    source text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE IF NOT EXISTS layer_versions;
CREATE TABLE IF NOT EXISTS layer_features (
    layer text NOT NULL REFERENCES layer_sets (name) ON DELETE CASCADE,
    fid bigint NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    mode text,
    status text,
    geom geometry(Geometry, 4326) NOT NULL,
    web geometry(Geometry, 3857) NOT NULL,
    web_low geometry(Geometry, 3857),
    web_mid geometry(Geometry, 3857),
    PRIMARY KEY (layer, fid),
    UNIQUE (id)
);
CREATE TABLE IF NOT EXISTS layer_tiles (
    layer text NOT NULL REFERENCES layer_sets (name) ON DELETE CASCADE,
    version bigint NOT NULL,
    z integer NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (layer, version, z, x, y)
);
CREATE INDEX IF NOT EXISTS layer_features_web ON layer_features USING gist (web);
CREATE INDEX IF NOT EXISTS layer_features_web_low ON layer_features USING gist (web_low);
CREATE INDEX IF NOT EXISTS layer_features_web_mid ON layer_features USING gist (web_mid);
"""

#: A layer's name goes into tile URLs: letters, digits, ``-``, ``_`` and ``.``, at most 64 characters.
LAYER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: Zooms drawn from the simplified columns: ``web_low`` up to the first, ``web_mid`` up to the second.
LOW_MAX_ZOOM, MID_MAX_ZOOM = 6, 9
#: Tile grid up to :data:`MID_MAX_ZOOM` (units across a tile of 256 screen pixels: half a pixel) and beyond.
COARSE_EXTENT, FINE_EXTENT = 512, 2048
#: The margin kept around a tile so that strokes join across tile edges (a fraction of the tile).
TILE_MARGIN = 1 / 32
#: Up to :data:`MID_MAX_ZOOM`, lines are simplified to this many screen pixels for the tile's zoom.
SIMPLIFY_PX = 1.0
#: Tiles made when a layer is imported (the zooms that show most of a layer at once, so the slowest to make).
PREPARED_MAX_ZOOM = 8
#: A tile's size budget (tippecanoe's idea; its default is 500 kB, this is smaller so that a view of a dozen
#: tiles paints in about a second without a GPU): at a zoom where the densest tile would exceed it, only an
#: evenly spread share of the features is drawn (the same features in every tile of that zoom, so lines stay
#: whole), and the map's legend says so.
MAX_TILE_BYTES = 150_000
#: Multiplicative hashing (Knuth) of a feature's row number spreads the features kept at a share over the layer.
_SPREAD, _SPREAD_RANGE = 2654435761, 2**32
MAX_TILE_ZOOM = 22
#: Web Mercator metres per 256-px tile pixel at zoom 0.
METRES_PER_PIXEL_Z0 = 2 * 3.141592653589793 * 6378137.0 / 256
#: Latitudes Web Mercator can hold; geometries are clipped to them before projecting.
MERCATOR_MAX_LAT = 85.05
TILE_MEDIA_TYPE = "application/vnd.mapbox-vector-tile"
#: Bytes of tiles each server process keeps (an LRU cache).
TILE_CACHE_BYTES = 128 * 2**20


@dataclass(frozen=True)
class StoredLayer:
    """A layer in the database, as the map needs to know it."""

    name: str
    version: int
    features: int
    vertices: int
    bounds: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    modes: tuple[str, ...]
    statuses: tuple[str, ...]
    kinds: tuple[str, ...]
    source: str
    #: The share of features drawn at each zoom from 0 (all where the list ends).
    shares: tuple[float, ...] = ()

    def share_at(self, zoom: int) -> float:
        return self.shares[zoom] if zoom < len(self.shares) else 1.0

    def map_spec(self) -> dict:
        """What the browser map needs: tile and feature addresses below the server's root (``{z}``, ``{x}``,
        ``{y}`` and ``{fid}`` left for the map to fill), size and extent."""
        base = f"api/tiles/{self.name}/{self.version}"
        return {
            "name": self.name,
            "tiles": base + "/{z}/{x}/{y}.mvt",
            "feature": base + "/features/{fid}.json",
            "features": self.features,
            "bounds": list(self.bounds),
            "shares": list(self.shares),
        }


def simplify_tolerance_m(zoom: int) -> float:
    """Half a screen pixel at ``zoom``, in Web Mercator metres: the simplification that cannot be seen there."""
    return METRES_PER_PIXEL_Z0 / 2**zoom / 2


def tile_column(zoom: int) -> str:
    """The geometry column drawn at ``zoom``."""
    if zoom <= LOW_MAX_ZOOM:
        return "web_low"
    if zoom <= MID_MAX_ZOOM:
        return "web_mid"
    return "web"


def tile_extent(zoom: int) -> int:
    return COARSE_EXTENT if zoom <= MID_MAX_ZOOM else FINE_EXTENT


def tiles_covering(bounds: tuple[float, float, float, float], zoom: int) -> list[tuple[int, int]]:
    """The ``(x, y)`` of every tile at ``zoom`` that a lon/lat box (lon_min, lat_min, lon_max, lat_max) touches."""
    lon_min, lat_min, lon_max, lat_max = bounds
    n = 2**zoom

    def column(lon: float) -> int:
        return min(n - 1, max(0, math.floor((lon + 180.0) / 360.0 * n)))

    def row(lat: float) -> int:
        lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))
        y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
        return min(n - 1, max(0, math.floor(y)))

    return [(x, y) for x in range(column(lon_min), column(lon_max) + 1) for y in range(row(lat_max), row(lat_min) + 1)]


def check_tile_address(z: int, x: int, y: int) -> None:
    """Raise ``ValueError`` unless ``z/x/y`` names a tile of the Web Mercator grid."""
    if not 0 <= z <= MAX_TILE_ZOOM:
        raise ValueError(f"zoom {z} is outside 0–{MAX_TILE_ZOOM}")
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        raise ValueError(f"tile {x}/{y} is outside the grid of zoom {z}")


def check_layer_name(name: str) -> str:
    if not LAYER_NAME.fullmatch(name):
        raise CatalogError(
            [
                Problem(
                    name,
                    "-",
                    "name",
                    "a database layer's name must be 1–64 letters, digits, '-', '_' or '.', starting with a "
                    "letter or digit (give one with --name)",
                )
            ]
        )
    return name


def init_layer_tables(connection) -> None:
    connection.execute(LAYER_SCHEMA_SQL)


def stored_layers(connection) -> list[StoredLayer]:
    """Every layer in the database, by name."""
    rows = connection.execute(
        "SELECT name, version, features, vertices, bounds, modes, statuses, kinds, source, shares "
        "FROM layer_sets ORDER BY name"
    ).fetchall()
    return [
        StoredLayer(
            name,
            int(version),
            int(features),
            int(vertices),
            tuple(bounds),
            tuple(modes),
            tuple(statuses),
            tuple(kinds),
            source,
            tuple(shares or ()),
        )
        for name, version, features, vertices, bounds, modes, statuses, kinds, source, shares in rows
    ]


def facets_with_layers(facets: dict[str, list[str]], layers) -> dict[str, list[str]]:
    """The filters' values (:func:`corridors.query.facet_values`) with the database layers' modes, statuses and
    kinds added, in the catalog's order."""
    from corridors.schema import MODES, STATUSES

    modes = set(facets["modes"]).union(*(layer.modes for layer in layers))
    statuses = set(facets["statuses"]).union(*(layer.statuses for layer in layers))
    kinds = set(facets["kinds"]).union(*(layer.kinds for layer in layers))
    return {
        **facets,
        "modes": [mode for mode in MODES if mode in modes],
        "statuses": [status for status in STATUSES if status in statuses],
        "kinds": sorted(kinds - {"waypoint", "format"}),
    }


def import_layer(url: str, path: Path | str, catalog: Catalog, *, name: str | None = None) -> StoredLayer:
    """Check the layer file at ``path`` as a user layer and store it as layer ``name`` (default: the file's
    stem), replacing a layer of that name, all or nothing."""
    import psycopg
    import shapely

    from corridors.layers import check_swapped_coordinates, read_layer

    path = Path(path)
    name = check_layer_name(name or path.stem)
    with psycopg.connect(url) as connection:
        init_layer_tables(connection)
        taken = connection.execute("SELECT id, layer FROM layer_features WHERE layer <> %s", (name,)).fetchall()
    seen = {entity_id: f"catalog {origin}" for entity_id, origin in catalog.origins.items()}
    seen.update({entity_id: f"database layer {layer}" for entity_id, layer in taken})
    frame, problems = read_layer(path, catalog, seen)
    if frame is not None and not problems:
        problems = check_swapped_coordinates(frame)
    if problems:
        raise CatalogError(problems)
    if frame is None or frame.empty:
        raise CatalogError([Problem(str(path), "-", "-", "has no features")])

    geometries = frame.geometry.values
    vertices = int(shapely.get_num_coordinates(geometries).sum())
    bounds = tuple(float(v) for v in frame.total_bounds)
    modes = [m[0] if len(m) else None for m in frame["modes"]]
    statuses = [_text_or_none(status) for status in frame["status"]]
    facets = (
        sorted({m for m in modes if m}),
        sorted({s for s in statuses if s}),
        sorted(set(frame["kind"])),
    )
    rows = zip(
        frame["id"], frame["name"], frame["kind"], modes, frame["status"], shapely.to_wkb(geometries), strict=True
    )
    with psycopg.connect(url) as connection, connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(hashtext('corridor-atlas-layer:' || %s))", (name,))
        connection.execute("DELETE FROM layer_sets WHERE name = %s", (name,))
        version = connection.execute("SELECT nextval('layer_versions')").fetchone()[0]
        connection.execute(
            "INSERT INTO layer_sets (name, version, features, vertices, bounds, modes, statuses, kinds, source) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (name, version, len(frame), vertices, list(bounds), *map(list, facets), path.name),
        )
        connection.execute(
            "CREATE TEMP TABLE incoming (fid bigint, id text, name text, kind text, mode text, status text, "
            "wkb bytea) ON COMMIT DROP"
        )
        with connection.cursor().copy("COPY incoming FROM STDIN") as copy:
            for fid, row in enumerate(rows, start=1):
                entity_id, feature_name, kind, mode, status, wkb = row
                copy.write_row((fid, entity_id, feature_name, kind, mode, status, wkb))
        connection.execute(
            """
            INSERT INTO layer_features (layer, fid, id, name, kind, mode, status, geom, web, web_low, web_mid)
            SELECT %(layer)s, fid, id, name, kind, mode, status, geom, web,
                   ST_Simplify(web, %(low)s), ST_Simplify(web, %(mid)s)
            FROM (
                SELECT fid, id, name, kind, mode, status, geom,
                       ST_Transform(ST_ClipByBox2D(geom, ST_MakeEnvelope(-180, -%(lat)s, 180, %(lat)s, 4326)), 3857)
                           AS web
                FROM (SELECT *, ST_GeomFromWKB(wkb, 4326) AS geom FROM incoming) AS parsed
            ) AS projected
            """,
            {
                "layer": name,
                "low": simplify_tolerance_m(LOW_MAX_ZOOM),
                "mid": simplify_tolerance_m(MID_MAX_ZOOM),
                "lat": MERCATOR_MAX_LAT,
            },
        )
    _tile_cache.clear_layer(name)
    return StoredLayer(name, int(version), len(frame), vertices, bounds, *(tuple(f) for f in facets), path.name)


def drop_layer(url: str, name: str) -> bool:
    """Remove layer ``name``; False if there was none."""
    import psycopg

    with psycopg.connect(url) as connection:
        init_layer_tables(connection)
        removed = connection.execute("DELETE FROM layer_sets WHERE name = %s", (name,)).rowcount
    _tile_cache.clear_layer(name)
    return bool(removed)


TILE_SQL = """
SELECT ST_AsMVT(tile, 'features', %(extent)s, 'geom', 'fid') FROM (
    SELECT fid, mode, status, kind,
           ST_AsMVTGeom({geometry}, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), %(extent)s, %(buffer)s, true) AS geom
    FROM layer_features
    WHERE layer = %(layer)s
      AND {column} && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s)
      AND (fid * %(spread)s) %% %(spread_range)s < %(kept_below)s
) AS tile
WHERE geom IS NOT NULL
"""


def read_tile(connection, layer: str, z: int, x: int, y: int, share: float = 1.0) -> bytes:
    """One vector tile of ``layer``: its features that cross tile ``z/x/y``, clipped and simplified for that zoom
    (with ``share`` < 1, only that share of the features, the same ones in every tile).

    The tile has one layer, ``features``; each feature's id is its row number in the layer (``fid``, for
    :func:`feature_info`) and its properties are ``kind``, ``mode`` and ``status`` (what the map styles and
    filters by). Names stay out of tiles: a layer of 100,000 lines would carry them all at low zooms.
    """
    check_tile_address(z, x, y)
    column = tile_column(z)
    extent = tile_extent(z)
    tolerance_m = SIMPLIFY_PX * METRES_PER_PIXEL_Z0 / 2**z
    geometry = f"ST_Simplify({column}, {tolerance_m!r})" if z <= MID_MAX_ZOOM else column
    row = connection.execute(
        TILE_SQL.format(geometry=geometry, column=column),
        {
            "layer": layer,
            "z": z,
            "x": x,
            "y": y,
            "extent": extent,
            "buffer": round(extent * TILE_MARGIN),
            "margin": TILE_MARGIN,
            "spread": _SPREAD,
            "spread_range": _SPREAD_RANGE,
            "kept_below": math.ceil(min(share, 1.0) * _SPREAD_RANGE),
        },
    ).fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""


def feature_info(connection, layer: str, fid: int) -> dict | None:
    """What a click on feature ``fid`` of ``layer`` shows: its id, name, kind, mode and status."""
    row = connection.execute(
        "SELECT id, name, kind, mode, status FROM layer_features WHERE layer = %s AND fid = %s", (layer, fid)
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("id", "name", "kind", "mode", "status"), row, strict=True)) | {"layer": layer}


def stored_tile(connection, layer: str, z: int, x: int, y: int) -> tuple[int, bytes] | None:
    """Tile ``z/x/y`` of the layer's current version, from ``layer_tiles`` or made and kept there; with the
    version. ``None`` if there is no such layer. One snapshot, so a tile never mixes two imports."""
    check_tile_address(z, x, y)
    with connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        row = connection.execute("SELECT version, shares FROM layer_sets WHERE name = %s", (layer,)).fetchone()
        if row is None:
            return None
        version, shares = int(row[0]), row[1] or ()
        kept = connection.execute(
            "SELECT data FROM layer_tiles WHERE layer = %s AND version = %s AND z = %s AND x = %s AND y = %s",
            (layer, version, z, x, y),
        ).fetchone()
        if kept is not None:
            return version, bytes(kept[0])
        data = read_tile(connection, layer, z, x, y, shares[z] if z < len(shares) else 1.0)
        connection.execute(
            "INSERT INTO layer_tiles (layer, version, z, x, y, data) VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            (layer, version, z, x, y, data),
        )
    return version, data


def prepare_tiles(url: str, layer: StoredLayer, max_zoom: int = PREPARED_MAX_ZOOM, progress=None) -> int:
    """Make and keep the layer's tiles up to ``max_zoom`` (the map opens on them); returns how many.

    At each zoom, where the densest tile would exceed :data:`MAX_TILE_BYTES`, the share of features drawn is cut
    to fit; beyond ``max_zoom`` it doubles with each zoom (a tile covers a quarter of the area, and a line in
    it has about twice the vertices) until all are drawn. The shares are kept with the layer.
    """
    import psycopg

    shares: list[float] = []
    tiles: dict[tuple[int, int, int], bytes] = {}
    with psycopg.connect(url) as connection:
        for zoom in range(max_zoom + 1):
            addresses = tiles_covering(layer.bounds, zoom)
            made = {(x, y): read_tile(connection, layer.name, zoom, x, y) for x, y in addresses}
            densest = max((len(data) for data in made.values()), default=0)
            share = 1.0 if densest <= MAX_TILE_BYTES else MAX_TILE_BYTES / densest
            if share < 1.0:
                made = {(x, y): read_tile(connection, layer.name, zoom, x, y, share) for x, y in addresses}
            shares.append(share)
            tiles.update({(zoom, x, y): data for (x, y), data in made.items()})
            if progress:
                progress(zoom, len(tiles))
        while shares[-1] < 1.0 and len(shares) <= MID_MAX_ZOOM:
            shares.append(min(1.0, shares[-1] * 2))
        with connection.transaction():
            # a new version: tiles any server made meanwhile (with every feature) are not served as these
            row = connection.execute(
                "UPDATE layer_sets SET shares = %s, version = nextval('layer_versions') "
                "WHERE name = %s AND version = %s RETURNING version",
                (shares, layer.name, layer.version),
            ).fetchone()
            if row is None:
                return 0  # imported again meanwhile: that import's tiles are its own
            connection.execute("DELETE FROM layer_tiles WHERE layer = %s", (layer.name,))
            with connection.cursor().copy("COPY layer_tiles (layer, version, z, x, y, data) FROM STDIN") as copy:
                for (zoom, x, y), data in tiles.items():
                    copy.write_row((layer.name, row[0], zoom, x, y, data))
    _tile_cache.clear_layer(layer.name)
    return len(tiles)


class TileServer:
    """Tiles of the database's layers for one server process: a connection pool and a cache."""

    def __init__(self, url: str, *, max_connections: int = 4):
        from psycopg_pool import ConnectionPool

        self.url = url
        self.pool = ConnectionPool(url, min_size=1, max_size=max_connections, open=True, kwargs={"autocommit": True})

    def layers(self) -> dict[str, StoredLayer]:
        with self.pool.connection() as connection:
            return {layer.name: layer for layer in stored_layers(connection)}

    def tile(self, layer: str, version: int, z: int, x: int, y: int) -> tuple[bytes, bool] | None:
        """The tile's bytes and whether ``version`` is the layer's current one; ``None`` for an unknown layer."""
        check_tile_address(z, x, y)
        data = _tile_cache.get((layer, version, z, x, y))
        if data is not None:
            return data, True  # a version's tiles never change; a cached one was current when made
        with self.pool.connection() as connection:
            found = stored_tile(connection, layer, z, x, y)
        if found is None:
            return None
        current, data = found
        _tile_cache.put((layer, current, z, x, y), data)
        return data, current == version

    def feature(self, layer: str, fid: int) -> dict | None:
        with self.pool.connection() as connection:
            return feature_info(connection, layer, fid)

    def close(self) -> None:
        self.pool.close()


class _TileCache:
    """Tiles by (layer, version, z, x, y), least recently used dropped first past :data:`TILE_CACHE_BYTES`."""

    def __init__(self, max_bytes: int):
        from cachetools import LRUCache

        self._cache = LRUCache(maxsize=max_bytes, getsizeof=lambda data: max(len(data), 1))
        self._lock = threading.Lock()

    def get(self, key) -> bytes | None:
        with self._lock:
            return self._cache.get(key)

    def put(self, key, data: bytes) -> None:
        with self._lock:
            if len(data) < self._cache.maxsize:
                self._cache[key] = data

    def clear_layer(self, name: str) -> None:
        with self._lock:
            for key in [key for key in self._cache if key[0] == name]:
                del self._cache[key]


_tile_cache = _TileCache(TILE_CACHE_BYTES)
_servers: dict[str, TileServer] = {}
_servers_lock = threading.Lock()


def tile_server(url: str) -> TileServer:
    """The process's tile server for database ``url``."""
    with _servers_lock:
        if url not in _servers:
            _servers[url] = TileServer(url)
        return _servers[url]


def _text_or_none(value) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)
