"""Hostile user layers: wrong types, broken geometries, repeated keys, swapped coordinates, odd files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from corridors.atlas import ENV_LAYERS, load_atlas
from corridors.errors import CatalogError
from corridors.export import to_csv_text
from tests.test_cli import assert_no_traceback, run_cli

LINE = {"type": "LineString", "coordinates": [[51.2, 43.6], [55.2, 45.3], [59.6, 47.8]]}
POINT = {"type": "Point", "coordinates": [52.97, 40.02]}  # Turkmenbashi area, TKM
BEYNEU = [55.19, 45.32]  # lon, lat: KAZ


def feature(feature_id: str, geometry: dict, **properties) -> dict:
    props = {"id": feature_id, "name": feature_id.title(), "kind": "corridor", **properties}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write(path: Path, *features: dict) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8")
    return path


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_atlas({ENV_LAYERS: str(directory)})
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def layer_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "layers"
    directory.mkdir()
    return directory


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"countries": [1, 2]}, "countries.0: Input should be a valid string"),
        ({"countries": ["kazakhstan"]}, "countries.0: String should match pattern"),
        ({"aliases": [1]}, "aliases.0: Input should be a valid string"),
        ({"sources": ["https://example.org/x"]}, "sources.0: Input should be a valid dictionary"),
        ({"sources": [{"title": "T", "url": "javascript:alert(1)"}]}, "sources.0.url: String should match pattern"),
        ({"precision": "roughly"}, "precision: Input should be"),
        ({"colour": "red"}, "colour: unknown key"),
        ({"label": ""}, "label: String should have at least 1 character"),
    ],
)
def test_property_types_are_checked(layer_dir: Path, properties: dict, expected: str):
    path = write(layer_dir / "typed.geojson", feature("good-line", LINE), feature("bad-line", LINE, **properties))
    problems = problems_of(layer_dir)
    assert any(p.startswith(f"{path}: bad-line: {expected}") for p in problems), problems
    assert not [p for p in problems if ": good-line: " in p]


def test_format_kind_is_only_for_lines(layer_dir: Path):
    polygon = {"type": "Polygon", "coordinates": [[[51, 43], [52, 43], [52, 44], [51, 43]]]}
    path = write(layer_dir / "formats.geojson", feature("area-format", polygon, kind="format"))
    assert problems_of(layer_dir) == [
        f"{path}: area-format: kind: 'format' is only for lines (a format is drawn between its members), not a Polygon"
    ]


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "LineString", "coordinates": [[51.0, 43.0]]}, "point array must contain 0 or >1 elements"),
        (
            {"type": "Polygon", "coordinates": [[[51, 43], [52, 43], [52, 44]]]},
            "Points of LinearRing do not form a closed linestring",
        ),
    ],
)
def test_geometries_geos_refuses_name_their_feature(layer_dir: Path, geometry: dict, message: str):
    path = write(layer_dir / "broken.geojson", feature("fine", LINE), feature("broken", geometry, kind="field"))
    assert problems_of(layer_dir) == [f"{path}: broken: geometry: invalid geometry: {message}"]


def test_cli_validate_reports_a_broken_geometry(layer_dir: Path):
    write(layer_dir / "broken.geojson", feature("broken", {"type": "LineString", "coordinates": [[51.0, 43.0]]}))
    result = run_cli("validate", "--no-map", env_overrides={ENV_LAYERS: str(layer_dir)})
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "broken: geometry: invalid geometry: point array must contain 0 or >1 elements" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a-b","id":"c-d",'
            '"name":"X","kind":"city"},"geometry":{"type":"Point","coordinates":[52.9,40.0]}}]}',
            "key 'id' appears twice in one object",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a-b","name":"X",'
            '"kind":"city","score":Infinity},"geometry":{"type":"Point","coordinates":[52.9,40.0]}}]}',
            "Infinity is not a number JSON allows",
        ),
        ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    ],
)
def test_json_with_repeated_keys_or_non_finite_numbers_is_refused(layer_dir: Path, text: str, message: str):
    path = layer_dir / "dupes.geojson"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(layer_dir)
    assert len(problems) == 1 and problems[0].startswith(f"{path}: -: -: cannot be read as GeoJSON or GeoPackage: ")
    assert message in problems[0]


def test_swapped_coordinates_with_declared_countries(layer_dir: Path):
    swapped = {"type": "Point", "coordinates": [BEYNEU[1], BEYNEU[0]]}
    path = write(layer_dir / "swapped.geojson", feature("my-port", swapped, kind="city", countries=["KAZ"]))
    problems = problems_of(layer_dir)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: my-port: geometry: (45.32, 55.19) lies in RUS")
    assert "are longitude and latitude swapped?" in problems[0]


def test_swapped_line_end_is_caught(layer_dir: Path):
    swapped = {"type": "LineString", "coordinates": [[c[1], c[0]] for c in LINE["coordinates"]]}
    write(layer_dir / "line.geojson", feature("my-line", swapped, countries=["KAZ"]))
    assert "swapped" in problems_of(layer_dir)[0]


def test_right_way_round_loads(layer_dir: Path):
    write(
        layer_dir / "fine.geojson",
        feature("my-port", {"type": "Point", "coordinates": BEYNEU}, kind="city", countries=["KAZ"]),
        feature("my-line", LINE, countries=["KAZ"], aliases=["Mine"]),
    )
    assert {"my-port", "my-line"} <= set(load_atlas({ENV_LAYERS: str(layer_dir)}).layers["id"])


def test_every_layer_of_a_geopackage_is_loaded(layer_dir: Path):
    path = layer_dir / "two.gpkg"
    roads = gpd.GeoDataFrame(
        {"id": ["gpkg-road"], "name": ["Road"], "kind": ["corridor"]}, geometry=[LineString(LINE["coordinates"])]
    ).set_crs(4326)
    depots = gpd.GeoDataFrame(
        {"id": ["gpkg-depot"], "name": ["Depot"], "kind": ["terminal"]}, geometry=[Point(POINT["coordinates"])]
    ).set_crs(4326)
    roads.to_file(path, layer="roads", driver="GPKG")
    depots.to_file(path, layer="depots", driver="GPKG")
    layers = load_atlas({ENV_LAYERS: str(layer_dir)}).layers
    assert set(layers["id"]) == {"gpkg-road", "gpkg-depot"}


def test_a_bad_layer_of_a_geopackage_is_refused_by_name(layer_dir: Path):
    path = layer_dir / "two.gpkg"
    good = gpd.GeoDataFrame(
        {"id": ["gpkg-road"], "name": ["Road"], "kind": ["corridor"]}, geometry=[LineString(LINE["coordinates"])]
    ).set_crs(4326)
    bad = gpd.GeoDataFrame(
        {"id": ["gpkg-depot"], "name": ["Depot"], "kind": ["spaceport"]}, geometry=[Point(POINT["coordinates"])]
    ).set_crs(4326)
    good.to_file(path, layer="roads", driver="GPKG")
    bad.to_file(path, layer="depots", driver="GPKG")
    problems = problems_of(layer_dir)
    assert len(problems) == 1 and problems[0].startswith(f"{path} (layer depots): gpkg-depot: kind: 'spaceport'")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_odd_files_in_a_layer_folder_are_refused_without_reading(layer_dir: Path, kind: str):
    path = layer_dir / "odd.geojson"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    problems = problems_of(layer_dir)
    assert len(problems) == 1 and problems[0].startswith(f"{path}: -: -: is ")
    assert "not a regular file" in problems[0]


def test_a_hostile_name_is_neutralised_in_the_csv_export(layer_dir: Path):
    write(layer_dir / "formula.geojson", feature("formula-line", LINE, name='=HYPERLINK("https://e.example","x")'))
    frame = load_atlas({ENV_LAYERS: str(layer_dir)}).entities()
    assert "'=HYPERLINK(" in to_csv_text(frame)
