"""The command line, run as a subprocess: ``python -m corridors validate`` and ``export``."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from corridors.atlas import ENV_CATALOG, ENV_LAYERS
from corridors.export import EXPORT_PROPERTIES

REPO_ROOT = Path(__file__).resolve().parent.parent
#: ``file: entity: field: message``, each part non-empty.
PROBLEM_LINE = re.compile(
    r"^(?P<file>[^:\s][^:]*): (?P<entity>[^:\s][^:]*): (?P<field>[^:\s][^:]*): (?P<message>\S.*)$"
)
SUMMARY_LINE = re.compile(r"^\d+ problem\(s\) found$")


def run_cli(*args: str, env_overrides: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in (ENV_CATALOG, ENV_LAYERS)}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "-m", "corridors", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def problem_lines(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "no problems printed"
    assert SUMMARY_LINE.match(lines[-1]), lines[-1]
    assert int(lines[-1].split()[0]) == len(lines) - 1
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line), f"not file: entity: field: message: {line!r}"
    return lines[:-1]


@pytest.fixture(scope="module")
def geojson_export() -> dict:
    result = run_cli("export", "--format", "geojson")
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    return json.loads(result.stdout)


def test_validate_shipped_catalog(shipped_catalog):
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    summary = result.stdout.strip()
    assert summary.startswith("catalog valid:")
    assert f"{len(shipped_catalog.corridors)} corridors" in summary
    assert f"{len(shipped_catalog.places)} places" in summary
    assert f"{len(shipped_catalog.formats)} formats" in summary
    assert "0 user-layer features" in summary


def test_validate_corrupted_catalog_prints_every_problem(catalog_dir, edit_yaml):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "baku")["colour"] = "red"
        del doc.entry("places", "kuryk-port")["location_note"]
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        doc.entry("corridors", "china-kyrgyzstan-uzbekistan-railway")["legs"][0]["path"][1] = "torugart-pass"
    with edit_yaml(catalog_dir / "formats.yaml") as doc:
        quote = doc.entry("formats", "moscow-baku-tehran")["quotes"][0]
        quote["start"], quote["end"] = quote["start"] + 1, quote["end"] + 1

    result = run_cli("validate", env_overrides={ENV_CATALOG: str(catalog_dir)})
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "catalog valid" not in result.stdout
    lines = problem_lines(result.stderr)
    assert "places.yaml: baku: colour: unknown key" in lines
    assert any(line.startswith("places.yaml: kuryk-port: location_note: ") for line in lines)
    assert (
        "corridors.yaml: china-kyrgyzstan-uzbekistan-railway: legs.0.path.1: "
        "node 'torugart-pass' is not a catalog place" in lines
    )
    assert any(line.startswith("formats.yaml: moscow-baku-tehran: quotes.0.text: not verbatim") for line in lines)


def test_validate_reports_map_problems(catalog_dir, edit_yaml):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "kuryk-port")["lon"] += 0.8
    result = run_cli("validate", env_overrides={ENV_CATALOG: str(catalog_dir)})
    assert result.returncode == 1
    assert_no_traceback(result)
    lines = problem_lines(result.stderr)
    assert any(line.startswith("places.yaml: kuryk-port: lat/lon: ") and "coast" in line for line in lines)
    # --no-map skips the basemap checks
    skipped = run_cli("validate", "--no-map", env_overrides={ENV_CATALOG: str(catalog_dir)})
    assert skipped.returncode == 0, skipped.stderr


def test_validate_missing_catalog_directory(tmp_path):
    missing = tmp_path / "missing-catalog"
    result = run_cli("validate", env_overrides={ENV_CATALOG: str(missing)})
    assert result.returncode == 1
    assert_no_traceback(result)
    (line,) = problem_lines(result.stderr)
    assert line.startswith(f"{missing}: -: -: ")
    assert "does not exist" in line


def test_validate_malformed_yaml(catalog_dir):
    (catalog_dir / "broken.yaml").write_text("schema_version: 1\nplaces: [unclosed\n", encoding="utf-8")
    result = run_cli("validate", env_overrides={ENV_CATALOG: str(catalog_dir)})
    assert result.returncode == 1
    assert_no_traceback(result)
    lines = problem_lines(result.stderr)
    assert any(line.startswith("broken.yaml: -: -: not valid YAML: line ") for line in lines)


def test_validate_malformed_user_layer(tmp_path):
    layers = tmp_path / "layers"
    layers.mkdir()
    broken = layers / "notes.geojson"
    broken.write_text("these are my notes, not JSON", encoding="utf-8")
    result = run_cli("validate", env_overrides={ENV_LAYERS: str(layers)})
    assert result.returncode == 1
    assert_no_traceback(result)
    lines = problem_lines(result.stderr)
    assert any(line.startswith(f"{broken}: ") for line in lines)


def test_validate_counts_user_layer_features(tmp_path):
    layers = tmp_path / "layers"
    layers.mkdir()
    point = {"type": "Point", "coordinates": [52.97, 40.02]}
    features = [
        {"type": "Feature", "properties": {"id": f"cli-point-{i}", "name": f"P{i}", "kind": "city"}, "geometry": point}
        for i in range(3)
    ]
    (layers / "points.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    result = run_cli("validate", env_overrides={ENV_LAYERS: str(layers)})
    assert result.returncode == 0, result.stderr
    assert "3 user-layer features" in result.stdout


def test_export_geojson_feature_collection(geojson_export, shipped_catalog):
    assert geojson_export["type"] == "FeatureCollection"
    features = geojson_export["features"]
    expected_ids = {entity.id for entity in shipped_catalog.entities()}
    assert {f["id"] for f in features} == expected_ids
    assert len(features) == len(expected_ids)
    for f in features:
        assert f["type"] == "Feature"
        props = f["properties"]
        assert props["id"] == f["id"]
        for key in EXPORT_PROPERTIES:  # every column of the entity frame but the geometry
            assert key in props, f"{f['id']} lacks {key}"
        assert isinstance(props["name"], str) and props["name"]
        assert isinstance(props["modes"], list)
        assert isinstance(props["countries"], list)
        assert isinstance(props["aliases"], list)
        assert props["precision"] in ("exact", "approximate", "region-level")
        assert f["geometry"]["type"] in ("Point", "LineString", "MultiLineString")
        for quote in props["quotes"]:
            assert {"source", "start", "end", "text"} <= set(quote)
            assert quote["text"] == shipped_catalog.texts[quote["source"]][quote["start"] : quote["end"]]
        assert props["sources"]
        for source in props["sources"]:
            assert {"title", "url"} <= set(source)
            assert source["url"].startswith(("http://", "https://"))


def test_export_geojson_corridors(geojson_export, shipped_catalog):
    corridors = {f["id"]: f for f in geojson_export["features"] if f["properties"]["kind"] == "corridor"}
    assert set(corridors) == set(shipped_catalog.corridors)
    for corridor_id, f in corridors.items():
        props = f["properties"]
        assert isinstance(props["length_km"], (int, float)) and props["length_km"] > 0
        assert props["modes"] == shipped_catalog.corridors[corridor_id].modes
        assert props["status"] == shipped_catalog.corridors[corridor_id].status.value
        assert f["geometry"]["type"] == "MultiLineString"
    flight = corridors["aktau-baku-flight"]["properties"]
    assert flight["modes"] == ["air"]
    assert flight["countries"] == ["KAZ", "AZE"]
    cku = corridors["china-kyrgyzstan-uzbekistan-railway"]["properties"]
    assert "China-Kyrgyzstan-Tajikistan-Uzbekistan railway" in cku["aliases"]


def test_export_geojson_places(geojson_export, shipped_catalog):
    places = {f["id"]: f for f in geojson_export["features"] if f["id"] in shipped_catalog.places}
    aktau = places["aktau-port"]
    assert aktau["geometry"] == {"type": "Point", "coordinates": [51.235, 43.589]}
    assert aktau["properties"]["precision"] == "approximate"
    assert aktau["properties"]["length_km"] is None
    assert aktau["properties"]["status"] == "operating"
    assert "Курык" in places["kuryk-port"]["properties"]["aliases"]  # not escaped away
    assert places["tbilisi"]["properties"]["quotes"] == []


def test_export_csv_to_file(tmp_path, shipped_catalog):
    out = tmp_path / "atlas.csv"
    result = run_cli("export", "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    assert result.stdout == ""
    entity_count = len(list(shipped_catalog.entities()))
    assert f"wrote {entity_count} entities" in result.stderr
    assert not out.with_name(out.name + ".tmp").exists()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == entity_count
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["id", "name", "kind"]
    assert {"length_km", "lat", "lon", "quotes", "sources", "wkt"} <= set(header)
    assert set(EXPORT_PROPERTIES) <= set(header)  # every column of the entity frame is exported
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {entity.id for entity in shipped_catalog.entities()}
    assert float(by_id["trans-caspian-pipeline"]["length_km"]) > 0
    assert by_id["aktau-port"]["lat"] == "43.589" and by_id["aktau-port"]["lon"] == "51.235"
    assert json.loads(by_id["kuryk-port"]["quotes"])[0]["text"].endswith("port of Kuryk.")
    assert by_id["aktau-baku-flight"]["modes"] == "air"


def test_export_with_user_layer(tmp_path):
    layers = tmp_path / "layers"
    layers.mkdir()
    line = {"type": "LineString", "coordinates": [[51.2, 43.6], [55.2, 45.3]]}
    feature = {
        "type": "Feature",
        "properties": {"id": "cli-line", "name": "CLI line", "kind": "corridor", "mode": "road"},
        "geometry": line,
    }
    (layers / "line.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    result = run_cli("export", "--format", "geojson", env_overrides={ENV_LAYERS: str(layers)})
    assert result.returncode == 0, result.stderr
    exported = {f["id"]: f for f in json.loads(result.stdout)["features"]}
    props = exported["cli-line"]["properties"]
    assert props["id"] == "cli-line"
    assert props["modes"] == ["road"]
    assert props["length_km"] > 0


def test_export_with_malformed_user_layer_fails(tmp_path):
    layers = tmp_path / "layers"
    layers.mkdir()
    broken = layers / "broken.json"
    broken.write_text("[1, 2,", encoding="utf-8")
    result = run_cli("export", "--format", "geojson", env_overrides={ENV_LAYERS: str(layers)})
    assert result.returncode == 1
    assert_no_traceback(result)
    assert result.stdout == ""
    lines = problem_lines(result.stderr)
    assert any(str(broken) in line for line in lines)


def test_unknown_format_is_a_usage_error():
    result = run_cli("export", "--format", "kml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
