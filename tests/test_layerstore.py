"""Large user layers in PostGIS: checked like file layers, stored all or nothing, served as vector tiles."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import mapbox_vector_tile
import psycopg
import pytest

from bench.generate_layer import layer_collection
from corridors.catalog import load_catalog
from corridors.errors import CatalogError
from corridors.layerstore import (
    TileServer,
    check_tile_address,
    drop_layer,
    facets_with_layers,
    feature_info,
    import_layer,
    prepare_tiles,
    read_tile,
    stored_layers,
    tiles_covering,
)
from corridors.storage import import_catalog
from tests.test_cli import assert_no_traceback, run_cli

LINES = 30


def write_geojson(path: Path, collection: dict) -> Path:
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


@pytest.fixture
def layer_file(tmp_path: Path) -> Path:
    return write_geojson(tmp_path / "rail-network.geojson", layer_collection(LINES, irregular=True))


@pytest.fixture
def catalog(catalog_dir: Path):
    return load_catalog(catalog_dir)


def decode(data: bytes) -> list[dict]:
    return mapbox_vector_tile.decode(data).get("features", {}).get("features", [])


def tile_at(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The tile holding a point, by the textbook Web Mercator formula (independent of tiles_covering)."""
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def vertex_count(features: list[dict]) -> int:
    total = 0
    for feature in features:
        geometry = feature["geometry"]
        lines = geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]
        total += sum(len(line) for line in lines)
    return total


def test_an_imported_layer_is_listed_with_its_size_extent_and_facets(database_url, layer_file, catalog):
    stored = import_layer(database_url, layer_file, catalog)
    assert stored.name == "rail-network"
    assert stored.features == LINES and stored.vertices == LINES * 200
    with psycopg.connect(database_url) as connection:
        (listed,) = stored_layers(connection)
    assert listed == stored
    lon_min, lat_min, lon_max, lat_max = listed.bounds
    assert 45 <= lon_min < lon_max <= 80 and 36 <= lat_min < lat_max <= 52
    assert listed.modes == ("pipeline", "rail", "road") and listed.kinds == ("corridor",)
    spec = listed.map_spec()
    assert spec["tiles"] == f"api/tiles/rail-network/{stored.version}/{{z}}/{{x}}/{{y}}.mvt"
    assert spec["feature"] == f"api/tiles/rail-network/{stored.version}/features/{{fid}}.json"


def test_a_low_zoom_tile_holds_every_line_simplified_with_its_style_properties(database_url, layer_file, catalog):
    stored = import_layer(database_url, layer_file, catalog)
    collection = json.loads(layer_file.read_text())
    with psycopg.connect(database_url) as connection:
        features = []
        for x, y in tiles_covering(stored.bounds, 3):
            features += decode(read_tile(connection, stored.name, 3, x, y))
        by_fid = {}
        for feature in features:
            by_fid.setdefault(feature["id"], feature)
        assert sorted(by_fid) == list(range(1, LINES + 1))
        for fid, feature in by_fid.items():
            expected = collection["features"][fid - 1]["properties"]
            assert feature["properties"] == {
                "kind": "corridor",
                "mode": expected["mode"],
                "status": expected["status"],
            }
            assert "name" not in feature["properties"]  # names come from feature_info, not from every tile
            assert feature_info(connection, stored.name, fid)["name"] == expected["name"]
    # at zoom 3 a 200-vertex walk spans a few pixels: most vertices cannot be seen and are not sent
    assert vertex_count(list(by_fid.values())) < 0.25 * stored.vertices


def test_a_high_zoom_tile_keeps_the_line_where_it_is(database_url, layer_file, catalog):
    stored = import_layer(database_url, layer_file, catalog)
    first = json.loads(layer_file.read_text())["features"][0]["geometry"]["coordinates"]
    lon, lat = first[100]
    zoom = 12
    x, y = tile_at(lon, lat, zoom)
    with psycopg.connect(database_url) as connection:
        features = [f for f in decode(read_tile(connection, stored.name, zoom, x, y)) if f["id"] == 1]
    assert features, "the line's own tile does not hold it"
    # back from tile units (y up in mapbox_vector_tile's decoding) to lon/lat: within a few metres of the vertex
    extent = 2048
    n = 2**zoom
    points = []
    geometry = features[0]["geometry"]
    for line in geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]:
        for tx, ty in line:
            px = (x + tx / extent) / n
            py = (y + 1 - ty / extent) / n
            points.append((px * 360.0 - 180.0, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py))))))
    nearest = min(math.hypot((plon - lon) * math.cos(math.radians(lat)), plat - lat) for plon, plat in points)
    assert nearest * 111_320 < 20  # metres: the tile grid at zoom 12 is about 10 m


def test_tiles_covering_finds_the_tile_of_a_place(database_url):
    # Tashkent (69.24° E, 41.30° N) by the textbook formula, at several zooms
    for zoom in (0, 3, 5, 9):
        assert tiles_covering((69.24, 41.30, 69.24, 41.30), zoom) == [tile_at(69.24, 41.30, zoom)]
    assert len(tiles_covering((45.0, 36.0, 80.0, 52.0), 5)) == 4 * 3


def test_bad_tile_addresses_are_refused():
    for z, x, y in [(-1, 0, 0), (23, 0, 0), (3, 8, 0), (3, 0, -1)]:
        with pytest.raises(ValueError):
            check_tile_address(z, x, y)
    check_tile_address(3, 7, 7)


def test_a_broken_layer_is_refused_naming_file_feature_and_field_and_nothing_is_stored(
    database_url, tmp_path, layer_file, catalog
):
    import_layer(database_url, layer_file, catalog)
    broken = layer_collection(LINES, irregular=True)
    broken["features"][4]["properties"]["mode"] = "teleport"
    path = write_geojson(tmp_path / "rail-network.geojson", broken)
    with pytest.raises(CatalogError) as raised:
        import_layer(database_url, path, catalog)
    (problem,) = raised.value.problems
    assert problem.file == str(path) and problem.entity == "bench-line-00005" and problem.field == "mode"
    with psycopg.connect(database_url) as connection:
        (kept,) = stored_layers(connection)
    assert kept.features == LINES and kept.version == 1  # the earlier import stands


def test_ids_must_be_unique_against_the_catalog_and_the_other_layers(database_url, tmp_path, layer_file, catalog):
    import_layer(database_url, layer_file, catalog)
    again = write_geojson(tmp_path / "copy.geojson", layer_collection(3))
    with pytest.raises(CatalogError) as raised:
        import_layer(database_url, again, catalog)
    assert any("database layer rail-network" in p.message for p in raised.value.problems)
    clash = layer_collection(1)
    clash["features"][0]["properties"]["id"] = next(iter(catalog.places))
    with pytest.raises(CatalogError) as raised:
        import_layer(database_url, write_geojson(tmp_path / "clash.geojson", clash), catalog)
    assert any("catalog" in p.message for p in raised.value.problems)


def test_a_layer_name_must_be_safe_in_an_address(database_url, layer_file, catalog):
    with pytest.raises(CatalogError) as raised:
        import_layer(database_url, layer_file, catalog, name="../rail network")
    assert raised.value.problems[0].field == "name"


def test_a_new_import_gets_a_new_version_and_old_tiles_are_not_cacheable(database_url, tmp_path, layer_file, catalog):
    first = import_layer(database_url, layer_file, catalog)
    server = TileServer(database_url)
    try:
        x, y = tiles_covering(first.bounds, 2)[0]
        data, current = server.tile(first.name, first.version, 2, x, y)
        assert current and decode(data)
        fewer = write_geojson(tmp_path / "rail-network.geojson", layer_collection(5, irregular=True))
        second = import_layer(database_url, fewer, catalog)
        assert second.version > first.version
        _, current = server.tile(first.name, first.version, 2, x + 1, y)
        assert not current
        data, current = server.tile(second.name, second.version, 2, x, y)
        assert current and {f["id"] for f in decode(data)} <= set(range(1, 6))
        assert drop_layer(database_url, second.name)
        assert server.tile(second.name, second.version, 2, x, y) is None
        assert not drop_layer(database_url, second.name)
    finally:
        server.close()


def test_prepared_tiles_are_kept_for_every_server(database_url, layer_file, catalog):
    stored = import_layer(database_url, layer_file, catalog)
    made = prepare_tiles(database_url, stored, max_zoom=4)
    expected = sum(len(tiles_covering(stored.bounds, zoom)) for zoom in range(5))
    assert made == expected
    with psycopg.connect(database_url) as connection:
        kept = connection.execute("SELECT count(*) FROM layer_tiles WHERE layer = %s", (stored.name,)).fetchone()[0]
        x, y = tiles_covering(stored.bounds, 4)[0]
        assert connection.execute(
            "SELECT data FROM layer_tiles WHERE layer = %s AND z = 4 AND x = %s AND y = %s", (stored.name, x, y)
        ).fetchone()[0] == read_tile(connection, stored.name, 4, x, y)
    assert kept == expected


def test_facets_gain_the_layers_modes_statuses_and_kinds(database_url, layer_file, catalog):
    stored = import_layer(database_url, layer_file, catalog)
    facets = {"modes": ["ferry"], "statuses": ["operating"], "countries": ["AZE"], "kinds": ["port"]}
    merged = facets_with_layers(facets, [stored])
    assert merged["modes"] == ["rail", "road", "ferry", "pipeline"]
    assert merged["statuses"] == ["operating", "construction", "proposed"]
    assert merged["kinds"] == ["corridor", "port"] and merged["countries"] == ["AZE"]
    assert facets_with_layers(facets, []) == facets


def test_the_command_line_imports_lists_and_drops_layers(database_url, layer_file, tmp_path, catalog_dir):
    import_catalog(database_url, catalog_dir, check_map=False)  # layers are checked against the database's catalog
    env = {"CORRIDOR_ATLAS_DATABASE_URL": database_url}
    result = run_cli("db", "import-layer", str(layer_file), "--name", "rails", "--prepare-zoom", "3", env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert f"as layer rails (version 1): {LINES} features" in result.stdout
    assert "tiles up to zoom 3" in result.stdout
    listed = run_cli("db", "layers", env_overrides=env)
    assert re.match(rf"rails\tversion \d+\t{LINES} features\t{LINES * 200} vertices\t\[45\.", listed.stdout)
    broken = layer_collection(2)
    del broken["features"][1]["properties"]["name"]
    refused = run_cli("db", "import-layer", str(write_geojson(tmp_path / "b.geojson", broken)), env_overrides=env)
    assert refused.returncode == 1 and "bench-line-00002" in refused.stderr and "name" in refused.stderr
    assert_no_traceback(refused)
    assert run_cli("db", "drop-layer", "rails", env_overrides=env).returncode == 0
    missing = run_cli("db", "drop-layer", "rails", env_overrides=env)
    assert missing.returncode == 1 and "no layer named 'rails'" in missing.stderr
    assert run_cli("db", "layers", env_overrides=env).stdout.strip() == "no layers in the database"


def test_where_tiles_would_be_too_large_an_even_share_of_whole_lines_is_drawn(
    database_url, layer_file, catalog, monkeypatch
):
    import corridors.layerstore as layerstore

    stored = import_layer(database_url, layer_file, catalog)
    with psycopg.connect(database_url) as connection:
        whole = len(read_tile(connection, stored.name, 0, 0, 0))
    budget = whole // 3
    monkeypatch.setattr(layerstore, "MAX_TILE_BYTES", budget)
    prepare_tiles(database_url, stored, max_zoom=3)
    with psycopg.connect(database_url) as connection:
        (layer,) = stored_layers(connection)
        assert layer.version != stored.version  # servers fetch the thinned tiles afresh
        shares = layer.shares
        assert 0 < shares[0] < 1 and shares[3] <= 1
        assert all(b == min(1.0, a * 2) for a, b in itertools.pairwise(shares[3:]))
        assert len(shares) <= layerstore.MID_MAX_ZOOM + 1
        kept = connection.execute(
            "SELECT z, x, y, data FROM layer_tiles WHERE layer = %s AND version = %s", (layer.name, layer.version)
        ).fetchall()
    assert max(len(data) for z, _, _, data in kept if z == 0) <= budget * 1.3  # about the budget
    # at zoom 2 every tile holds the same kept lines: a line kept in one tile is kept in each tile it crosses
    per_tile = {(x, y): {f["id"] for f in decode(bytes(data))} for z, x, y, data in kept if z == 2}
    drawn = set().union(*per_tile.values())
    assert 0 < len(drawn) < LINES
    with psycopg.connect(database_url) as connection:
        for (x, y), fids in per_tile.items():
            everything = {f["id"] for f in decode(read_tile(connection, layer.name, 2, x, y))}
            assert fids == everything & drawn


def test_exports_get_tiles_by_path_and_nothing_else(database_url, layer_file, catalog, monkeypatch):
    from corridors.storage import ENV_DATABASE_URL
    from ui.tile_routes import server_file

    stored = import_layer(database_url, layer_file, catalog)
    x, y = tiles_covering(stored.bounds, 3)[0]
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    assert server_file(f"api/tiles/{stored.name}/{stored.version}/3/{x}/{y}.mvt") is None  # the file backend
    monkeypatch.setenv(ENV_DATABASE_URL, database_url)
    body, kind = server_file(f"api/tiles/{stored.name}/{stored.version}/3/{x}/{y}.mvt")
    assert kind == "application/vnd.mapbox-vector-tile" and decode(body)
    for path in (
        f"api/tiles/{stored.name}/{stored.version}/3/99/0.mvt",  # off the grid
        f"api/tiles/other/{stored.version}/3/{x}/{y}.mvt",  # no such layer
        f"api/tiles/{stored.name}/{stored.version}/3/{x}/{y}.png",
        "api/tiles/../../etc/passwd",
    ):
        assert server_file(path) is None, path
