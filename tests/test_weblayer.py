"""The browser map's data files and page: compact lines, every attribute the filters need, local assets only."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString

from carto.footnotes import number_quotes
from carto.weblayer import (
    COORDINATE_UNIT_DEG,
    DETAIL_LEVELS,
    SINGLE_LEVEL_MAX_VERTICES,
    content_name,
    decode_level,
    decode_line,
    encode_level,
    encode_lines,
    map_payloads,
    simplified_levels,
    tolerance_deg,
    write_payloads,
)
from carto.webmap import SCRIPTS, STYLESHEETS, build_map_page, map_config
from corridors.atlas import load_atlas
from corridors.query import Filters, apply_filters, facet_values


@pytest.fixture(scope="module")
def catalog():
    atlas = load_atlas({})
    return atlas, atlas.entities(), atlas.legs()


def test_lines_round_trip_through_the_encoding_within_the_coordinate_unit():
    line = MultiLineString([[(49.8671, 40.4093), (50.1234567, 40.0), (52.9, 41.00001)], [(60.0, 37.5), (61.2, 36.3)]])
    (decoded,) = [decode_line(parts) for parts in encode_lines([line])]
    assert len(decoded) == 2
    for original, back in zip(line.geoms, decoded):
        assert len(back) == len(original.coords)
        for (x0, y0), (x1, y1) in zip(original.coords, back):
            assert abs(x0 - x1) <= COORDINATE_UNIT_DEG / 2 + 1e-12
            assert abs(y0 - y1) <= COORDINATE_UNIT_DEG / 2 + 1e-12


def test_deltas_do_not_accumulate_rounding_error():
    # 2,000 steps of 0.0000149°: each delta rounds, but positions are quantised before differencing
    coords = [(50.0 + i * 0.0000149, 40.0 + i * 0.0000149) for i in range(2000)]
    (back,) = decode_line(encode_lines([LineString(coords)])[0])
    assert abs(back[-1][0] - coords[-1][0]) <= COORDINATE_UNIT_DEG


def test_large_layers_get_levels_of_detail_that_keep_to_half_a_pixel():
    walk = [(45.0 + 0.05 * i, 40.0 + 0.05 * ((i * 7919) % 13 - 6)) for i in range(200)]
    lines = gpd.GeoSeries([LineString(walk)] * (SINGLE_LEVEL_MAX_VERTICES // 200 + 1), crs=4326)
    levels = simplified_levels(lines)
    assert list(levels) == [*map(str, DETAIL_LEVELS), "max"]
    unit, full_lines = decode_level(levels["max"])
    assert unit == COORDINATE_UNIT_DEG and len(full_lines) == len(lines)
    full = shapely.LineString(full_lines[0][0])
    assert full.hausdorff_distance(lines[0]) <= COORDINATE_UNIT_DEG
    for zoom in DETAIL_LEVELS:
        unit, coarse_lines = decode_level(levels[str(zoom)])
        assert unit <= tolerance_deg(zoom) / 10
        coarse = shapely.LineString(coarse_lines[0][0])
        assert len(coarse.coords) <= len(full.coords)
        assert full.hausdorff_distance(coarse) <= tolerance_deg(zoom) + unit
    assert len(decode_level(levels[str(DETAIL_LEVELS[0])])[1][0][0]) < len(walk)


def test_level_files_keep_parts_and_empty_lines_apart():
    lines = [
        MultiLineString([[(49.8671, 40.4093), (50.1, 40.0)], [(60.0, 37.5), (61.2, 36.3), (62.0, 36.0)]]),
        LineString(),
        LineString([(-170.5, -60.25), (179.99999, 85.0)]),
    ]
    _, decoded = decode_level(encode_level(lines, COORDINATE_UNIT_DEG))
    assert [sum(len(part) for part in parts) for parts in decoded] == [5, 0, 2]
    assert len(decoded[0]) == 2
    assert decoded[0][1][2] == pytest.approx((62.0, 36.0), abs=1e-9)
    assert [c for point in decoded[2][0] for c in point] == pytest.approx([-170.5, -60.25, 179.99999, 85.0], abs=1e-9)


def test_small_datasets_are_stored_once_at_full_detail(catalog):
    _, _, legs = catalog
    assert list(simplified_levels(legs.geometry)) == ["max"]


def test_the_payload_carries_what_the_browser_filters_on(catalog):
    _, entities, legs = catalog
    footnotes = number_quotes(entities)
    files = map_payloads(entities, legs, footnotes, {"velizade-cabar-2019": "CABAR.asia"})
    main = json.loads(files["main"])
    assert main["version"] == 1
    by_id = {e["id"]: e for e in main["entities"]}
    assert set(by_id) == set(entities["id"])
    aktau = by_id["aktau-port"]
    assert aktau["point"] and aktau["kind"] == "port" and aktau["shape"] == "square"
    assert "aliases" not in by_id["tehran"] or by_id["tehran"]["aliases"]  # defaults are left out
    assert aktau["refs"] and all(isinstance(n, int) for n in aktau["refs"])
    assert len(main["legs"]) == len(legs)
    assert {leg["corridor"] for leg in main["legs"]} == set(legs["corridor_id"])
    assert all(leg["mode"] and leg["status"] and leg["path"] and leg["branch"] for leg in main["legs"])
    # one number per quote, the same whatever is filtered: the notes list every footnote once
    assert [note["n"] for note in main["notes"]] == list(range(1, len(footnotes) + 1))
    assert any(note["source"] == "CABAR.asia" for note in main["notes"])
    assert set(main["levels"]) == {"max"}
    unit, level_lines = decode_level(files[main["levels"]["max"]])
    assert len(level_lines) == len(legs) and unit == COORDINATE_UNIT_DEG
    assert level_lines[0][0][0] == pytest.approx(legs.geometry.iloc[0].coords[0], abs=COORDINATE_UNIT_DEG)


def test_the_browser_filter_rules_match_the_python_ones_on_the_data(catalog):
    """The payload has every field ``apply_filters`` reads, with the same values."""
    _, entities, legs = catalog
    main = json.loads(map_payloads(entities, legs, number_quotes(entities))["main"])
    by_id = {e["id"]: e for e in main["entities"]}
    for row in entities.itertuples(index=False):
        record = by_id[row.id]
        assert record["kind"] == row.kind
        assert record.get("countries", []) == list(row.countries or [])
        assert record.get("status") == (row.status if isinstance(row.status, str) else None)
    facets = facet_values(entities, legs)
    _, shown_legs = apply_filters(entities, legs, Filters(**{**facets, "modes": ["rail"]}))
    rail = [leg for leg in main["legs"] if leg["mode"] == "rail"]
    assert len(rail) == len(shown_legs)


def test_files_are_named_by_their_content(tmp_path, catalog):
    _, entities, legs = catalog
    files = map_payloads(entities, legs, number_quotes(entities))
    first = write_payloads(tmp_path, files)
    again = write_payloads(tmp_path, files)
    assert first == again
    assert re.fullmatch(r"data-[0-9a-f]{16}\.json", first)
    main = json.loads((tmp_path / first).read_bytes())
    for name in main["levels"].values():
        assert (tmp_path / name).exists()
        assert name == content_name("level-max", (tmp_path / name).read_bytes(), ".bin")
    assert not list(tmp_path.glob(".tmp-*"))


def test_the_map_page_loads_only_local_assets_in_order():
    page = build_map_page(map_config(data_base="data/"))
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == list(SCRIPTS)
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) == list(STYLESHEETS)
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://cdn" not in page and "unpkg" not in page
    assert "window.AtlasMap.attach(" in page
    assert '"onlineTiles"' in page  # offered, off by default (added only when the analyst ticks it)


def test_configuration_text_cannot_close_the_script():
    config = map_config(standalone_args={"data": "</script><script>window.__pwned=1</script>"})
    page = build_map_page(config)
    assert "</script><script>window.__pwned" not in page
