"""Analysts' own layers (CORRIDOR_ATLAS_LAYERS) and a replacement catalog (CORRIDOR_ATLAS_CATALOG)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from corridors.atlas import ENV_CATALOG, ENV_LAYERS, load_atlas
from corridors.errors import CatalogError
from corridors.export import to_feature_collection
from geo.measure import geodesic_length_km

SOURCE_ID = "velizade-cabar-2019"
KURYK_QUOTE = {
    "source": SOURCE_ID,
    "start": 10291,
    "end": 10362,
    "text": "Kazakhstan has extended the port of Aktau, built the new port of Kuryk.",
}
LINE = {"type": "LineString", "coordinates": [[51.2, 43.6], [55.2, 45.3], [59.6, 47.8]]}
POINT = {"type": "Point", "coordinates": [52.97, 40.02]}


def feature(feature_id, name, kind, geometry, **properties) -> dict:
    props = {"id": feature_id, "kind": kind, **properties}
    if name is not None:
        props["name"] = name
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_layer(path: Path, *features: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8")
    return path


def layer_env(*directories: Path, catalog: Path | None = None) -> dict[str, str]:
    env = {ENV_LAYERS: os.pathsep.join(str(d) for d in directories)}
    if catalog is not None:
        env[ENV_CATALOG] = str(catalog)
    return env


def layer_problems(environ: dict[str, str]):
    with pytest.raises(CatalogError) as caught:
        load_atlas(environ=environ)
    return caught.value.problems


def the_problem(problems, *, file, entity, field, contains=""):
    found = [
        p for p in problems if p.file == str(file) and p.entity == entity and p.field == field and contains in p.message
    ]
    assert found, f"no {file}: {entity}: {field} problem containing {contains!r}; got:\n" + "\n".join(
        map(str, problems)
    )
    return found[0]


@pytest.fixture
def layer_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "layers"
    directory.mkdir()
    return directory


def test_no_layers_gives_the_catalog_alone(shipped_catalog):
    atlas = load_atlas(environ={})
    assert atlas.layers.empty
    assert len(atlas.entities()) == len(list(shipped_catalog.entities()))


def test_geojson_layer_appears_in_entities_and_export(layer_dir):
    path = write_layer(
        layer_dir / "analyst.geojson",
        feature(
            "my-rail-link",
            "My rail link",
            "corridor",
            LINE,
            mode="rail",
            status="proposed",
            countries=["KAZ"],
            quotes=[KURYK_QUOTE],
            sources=[{"title": "Analyst notes", "url": "https://example.org/notes"}],
        ),
        feature("my-depot", "My depot", "facility", POINT, countries=["TKM"]),
    )
    atlas = load_atlas(environ=layer_env(layer_dir))
    entities = atlas.entities().set_index("id")
    assert {"my-rail-link", "my-depot", "aktau-port", "trans-caspian-route"} <= set(entities.index)

    line = entities.loc["my-rail-link"]
    assert line["name"] == "My rail link"
    assert line["kind"] == "corridor"
    assert list(line["modes"]) == ["rail"]
    assert line["status"] == "proposed"
    assert list(line["countries"]) == ["KAZ"]
    assert line["origin"] == str(path)
    assert line["length_km"] == pytest.approx(geodesic_length_km(LineString(LINE["coordinates"])), abs=0.1)
    assert line["quotes"][0]["text"] == KURYK_QUOTE["text"]
    assert line["sources"][0]["url"] == "https://example.org/notes"

    depot = entities.loc["my-depot"]
    assert depot["geometry"].equals(Point(POINT["coordinates"]))
    assert list(depot["modes"]) == []
    assert depot["length_km"] is None or math.isnan(depot["length_km"])

    exported = {f["id"]: f for f in to_feature_collection(atlas.entities())["features"]}
    assert exported["my-rail-link"]["properties"]["id"] == "my-rail-link"
    assert exported["my-rail-link"]["geometry"]["type"] == "LineString"
    assert exported["my-rail-link"]["properties"]["quotes"] == [KURYK_QUOTE]
    assert exported["my-depot"]["geometry"] == {"type": "Point", "coordinates": POINT["coordinates"]}
    assert exported["my-depot"]["properties"]["length_km"] is None
    assert exported["my-depot"]["properties"]["status"] is None
    json.dumps(to_feature_collection(atlas.entities()), allow_nan=False)  # no NaN leaks into the export


def test_two_folders_separated_by_pathsep_both_load(tmp_path):
    first = write_layer(tmp_path / "one" / "a.geojson", feature("layer-one-line", "One", "corridor", LINE, mode="road"))
    second = write_layer(tmp_path / "two" / "b.json", feature("layer-two-point", "Two", "city", POINT))
    atlas = load_atlas(environ=layer_env(first.parent, second.parent))
    origins = dict(zip(atlas.layers["id"], atlas.layers["origin"], strict=True))
    assert origins == {"layer-one-line": str(first), "layer-two-point": str(second)}
    assert {"layer-one-line", "layer-two-point"} <= set(atlas.entities()["id"])


def test_other_files_in_a_layer_folder_are_ignored(layer_dir):
    write_layer(layer_dir / "a.geojson", feature("only-layer", "Only", "city", POINT))
    (layer_dir / "README.txt").write_text("not a layer", encoding="utf-8")
    (layer_dir / "sub").mkdir()
    write_layer(layer_dir / "sub" / "nested.geojson", feature("nested-layer", "Nested", "city", POINT))
    atlas = load_atlas(environ=layer_env(layer_dir))
    assert list(atlas.layers["id"]) == ["only-layer"]


def test_missing_layer_folder_is_a_problem(tmp_path):
    missing = tmp_path / "nowhere"
    problems = layer_problems(layer_env(missing))
    the_problem(problems, file=missing, entity="-", field="-", contains="does not exist")


def test_id_clashing_with_the_catalog_names_both_files(layer_dir):
    path = write_layer(layer_dir / "clash.geojson", feature("aktau-port", "Another Aktau port", "port", POINT))
    problems = layer_problems(layer_env(layer_dir))
    problem = the_problem(problems, file=path, entity="aktau-port", field="id")
    assert "places.yaml" in problem.message
    assert str(path) in str(problem)


def test_id_clashing_with_another_layer_file(layer_dir):
    first = write_layer(layer_dir / "a.geojson", feature("shared-id", "First", "city", POINT))
    second = write_layer(layer_dir / "b.geojson", feature("shared-id", "Second", "city", POINT))
    problems = layer_problems(layer_env(layer_dir))
    problem = the_problem(problems, file=second, entity="shared-id", field="id")
    assert str(first) in problem.message


@pytest.mark.parametrize(
    ("properties", "field", "value"),
    [
        ({"kind": "spaceport"}, "kind", "spaceport"),
        ({"kind": "corridor", "mode": "hyperloop"}, "mode", "hyperloop"),
        ({"kind": "corridor", "status": "imagined"}, "status", "imagined"),
    ],
)
def test_bad_values_name_file_feature_and_field(layer_dir, properties, field, value):
    good = feature("good-feature", "Good", "corridor", LINE, mode="rail", status="operating")
    bad = {"type": "Feature", "properties": {"id": "bad-feature", "name": "Bad", **properties}, "geometry": LINE}
    path = write_layer(layer_dir / "values.geojson", good, bad)
    problems = layer_problems(layer_env(layer_dir))
    problem = the_problem(problems, file=path, entity="bad-feature", field=field)
    assert repr(value) in problem.message
    assert not [p for p in problems if p.entity == "good-feature"]


def test_missing_name_column(layer_dir):
    path = write_layer(layer_dir / "noname.geojson", feature("nameless", None, "city", POINT))
    problems = layer_problems(layer_env(layer_dir))
    the_problem(problems, file=path, entity="-", field="name", contains="missing")


def test_empty_name_of_one_feature(layer_dir):
    path = write_layer(
        layer_dir / "names.geojson",
        feature("named", "Named", "city", POINT),
        feature("unnamed", "  ", "city", POINT),
    )
    problems = layer_problems(layer_env(layer_dir))
    the_problem(problems, file=path, entity="unnamed", field="name", contains="empty")


def test_self_intersecting_polygon(layer_dir):
    bowtie = {"type": "Polygon", "coordinates": [[[50, 40], [52, 42], [52, 40], [50, 42], [50, 40]]]}
    path = write_layer(layer_dir / "shapes.geojson", feature("bowtie-zone", "Bow tie", "region", bowtie))
    problems = layer_problems(layer_env(layer_dir))
    problem = the_problem(problems, file=path, entity="bowtie-zone", field="geometry", contains="invalid geometry")
    assert "Self-intersection" in problem.message


def test_projected_coordinates_without_crs(layer_dir):
    metres = {"type": "Point", "coordinates": [5_650_000.0, 4_800_000.0]}
    path = write_layer(layer_dir / "metres.geojson", feature("projected-point", "Projected", "city", metres))
    problems = layer_problems(layer_env(layer_dir))
    the_problem(problems, file=path, entity="projected-point", field="geometry", contains="outside")


def test_duplicate_ids_in_a_file(layer_dir):
    path = write_layer(
        layer_dir / "dups.geojson",
        feature("twice", "First", "city", POINT),
        feature("twice", "Second", "city", POINT),
    )
    problems = layer_problems(layer_env(layer_dir))
    dup = [p for p in problems if p.file == str(path) and p.entity == "twice" and p.field == "id"]
    assert len(dup) == 1
    assert "duplicate" in dup[0].message


def test_non_verbatim_quote(layer_dir):
    quote = {**KURYK_QUOTE, "text": KURYK_QUOTE["text"].replace("Kuryk", "Kurik")}
    path = write_layer(layer_dir / "quotes.geojson", feature("quoted-port", "Quoted", "port", POINT, quotes=[quote]))
    problems = layer_problems(layer_env(layer_dir))
    problem = the_problem(problems, file=path, entity="quoted-port", field="quotes.0.text")
    assert "not verbatim" in problem.message


def test_quote_from_an_unknown_source(layer_dir):
    quote = {**KURYK_QUOTE, "source": "no-such-source"}
    path = write_layer(layer_dir / "quotes.geojson", feature("quoted-port", "Quoted", "port", POINT, quotes=[quote]))
    problems = layer_problems(layer_env(layer_dir))
    the_problem(problems, file=path, entity="quoted-port", field="quotes.0.source", contains="unknown source")


def test_every_layer_problem_is_reported_at_once(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[50, 40], [52, 42], [52, 40], [50, 42], [50, 40]]]}
    first = write_layer(
        tmp_path / "one" / "a.geojson",
        feature("baku", "Clash", "city", POINT),
        feature("odd-kind", "Odd", "spaceport", POINT),
    )
    second = write_layer(tmp_path / "two" / "b.geojson", feature("bowtie-zone", "Bow tie", "region", bowtie))
    problems = layer_problems(layer_env(first.parent, second.parent))
    the_problem(problems, file=first, entity="baku", field="id", contains="places.yaml")
    the_problem(problems, file=first, entity="odd-kind", field="kind")
    the_problem(problems, file=second, entity="bowtie-zone", field="geometry")


def test_file_that_is_not_json(layer_dir):
    path = layer_dir / "broken.geojson"
    path.write_text("{ this is not json", encoding="utf-8")
    problems = layer_problems(layer_env(layer_dir))
    the_problem(problems, file=path, entity="-", field="-", contains="cannot be read")


def test_geopackage_layer_loads(layer_dir):
    frame = gpd.GeoDataFrame(
        {
            "id": ["gpkg-road", "gpkg-terminal"],
            "name": ["GeoPackage road", "GeoPackage terminal"],
            "kind": ["corridor", "terminal"],
            "mode": ["road", None],
            "status": ["construction", None],
        },
        geometry=[LineString(LINE["coordinates"]), Point(POINT["coordinates"])],
        crs=4326,
    )
    path = layer_dir / "analyst.gpkg"
    frame.to_file(path, driver="GPKG")
    atlas = load_atlas(environ=layer_env(layer_dir))
    layers = atlas.layers.set_index("id")
    assert list(layers.index) == ["gpkg-road", "gpkg-terminal"]
    assert layers.loc["gpkg-road", "origin"] == str(path)
    assert list(layers.loc["gpkg-road", "modes"]) == ["road"]
    assert layers.loc["gpkg-road", "status"] == "construction"
    assert layers.loc["gpkg-road", "length_km"] > 0
    assert list(layers.loc["gpkg-terminal", "modes"]) == []
    assert {"gpkg-road", "gpkg-terminal"} <= set(atlas.entities()["id"])


def test_projected_geopackage_is_brought_to_lon_lat(layer_dir):
    frame = gpd.GeoDataFrame(
        {"id": ["utm-point"], "name": ["UTM point"], "kind": ["city"]},
        geometry=[Point(POINT["coordinates"])],
        crs=4326,
    ).to_crs(32639)
    frame.to_file(layer_dir / "utm.gpkg", driver="GPKG")
    atlas = load_atlas(environ=layer_env(layer_dir))
    point = atlas.layers.geometry.iloc[0]
    assert (point.x, point.y) == pytest.approx(tuple(POINT["coordinates"]), abs=1e-6)


def test_catalog_directory_from_the_environment(catalog_dir, edit_yaml, layer_dir):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "kuryk-port")["name"] = "Kuryk Renamed Port"
    atlas = load_atlas(environ={ENV_CATALOG: str(catalog_dir)})
    assert atlas.catalog.directory == catalog_dir
    names = dict(zip(atlas.entities()["id"], atlas.entities()["name"], strict=True))
    assert names["kuryk-port"] == "Kuryk Renamed Port"
    # and the shipped catalog is untouched
    assert load_atlas(environ={}).catalog.places["kuryk-port"].name == "Port of Kuryk"


def test_layers_are_checked_against_the_replacement_catalog(catalog_dir, edit_yaml, layer_dir):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.remove("places", "avaza")  # no leg or format refers to it
    write_layer(layer_dir / "avaza.geojson", feature("avaza", "Avaza resort", "region", POINT))
    # with the shipped catalog the id is taken ...
    problems = layer_problems(layer_env(layer_dir))
    assert any(p.entity == "avaza" and p.field == "id" for p in problems)
    # ... with the replacement catalog, where avaza was removed, it is free
    atlas = load_atlas(environ=layer_env(layer_dir, catalog=catalog_dir))
    assert "avaza" in set(atlas.layers["id"])
    assert "avaza" not in atlas.catalog.places


def test_invalid_replacement_catalog_is_reported(catalog_dir, edit_yaml):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "baku")["colour"] = "red"
    problems = layer_problems({ENV_CATALOG: str(catalog_dir)})
    assert any(p.file == "places.yaml" and p.entity == "baku" and p.field == "colour" for p in problems)


def test_large_layer_loads(layer_dir):
    count, vertices = 3000, 200
    rng = np.random.default_rng(20240601)
    t = np.linspace(0.0, 1.0, vertices)
    features = []
    for index in range(count):
        lon0, lat0 = rng.uniform(46.0, 78.0), rng.uniform(36.0, 52.0)
        coords = np.column_stack([lon0 + 3.0 * t, lat0 + 0.2 * np.sin(8.0 * t)]).round(6).tolist()
        features.append(
            feature(
                f"bulk-line-{index:04d}",
                f"Bulk line {index}",
                "corridor",
                {"type": "LineString", "coordinates": coords},
                mode="rail" if index % 2 else "road",
            )
        )
    write_layer(layer_dir / "bulk.geojson", *features)
    atlas = load_atlas(environ=layer_env(layer_dir))
    layers = atlas.layers
    assert len(layers) == count
    assert layers["id"].is_unique
    assert (layers["length_km"] > 0).all()
    assert all(len(geometry.coords) == vertices for geometry in layers.geometry)
    # each length is about 3 degrees of longitude at mid latitudes (about 230-270 km)
    assert layers["length_km"].between(200, 300).all()
    entities = atlas.entities()
    assert len(entities) == count + len(list(atlas.catalog.entities()))
