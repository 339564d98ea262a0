"""A layer kept in PostGIS on the browser map: drawn from vector tiles, filtered without refetching, clickable,
and its names shown as text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.generate_layer import layer_collection
from corridors.catalog import load_catalog
from corridors.layerstore import import_layer, tiles_covering
from corridors.storage import import_catalog
from harness.browser import App, app_env

pytestmark = pytest.mark.browser

LINES = 60
HOSTILE = '<img src=x onerror="window.__pwned=1">`${window.__pwned=2}`</script><script>window.__pwned=3</script>Line'
SETTLED_JS = """() => {
    const d = document.querySelector('.folium-map').dataset;
    return d.ready === '1' && d.tilesPending === '0' && Number(d.databaseFeatures) > 0;
}"""
#: A point on a drawn database line where no catalog symbol, line or control takes the click: [x, y], or null.
POINT_ON_A_LINE_JS = """() => {
    const view = window.atlasView, map = view.map;
    const layer = view.databaseLayers[0];
    const rect = view.container.getBoundingClientRect();
    for (const key of Object.keys(layer.held)) {
        const entry = layer.held[key];
        for (const feature of entry.features) {
            if (!view._databaseFeatureShown(feature)) continue;
            for (const flat of feature.parts) {
                for (let k = 0; k + 1 < flat.length; k += 2) {
                    const size = layer.getTileSize();
                    const latlng = map.unproject(
                        [entry.coords.x * size.x + flat[k], entry.coords.y * size.y + flat[k + 1]], entry.coords.z);
                    const p = map.latLngToContainerPoint(latlng);
                    if (p.x < 80 || p.y < 80 || p.x > rect.width - 80 || p.y > rect.height - 200) continue;
                    const hit = document.elementFromPoint(rect.left + p.x, rect.top + p.y);
                    // tiles take no pointer events: the map gets the click unless a symbol, line or control is there
                    const taken = hit && hit.closest('.leaflet-interactive, .leaflet-marker-icon, .leaflet-control, .ca-legend');
                    if (hit && !taken) return [rect.left + p.x, rect.top + p.y];
                }
            }
        }
    }
    return null;
}"""


@pytest.fixture
def database_app(database_url: str, catalog_dir: Path, tmp_path: Path) -> Iterator[App]:
    import_catalog(database_url, catalog_dir, check_map=False)
    collection = layer_collection(LINES, irregular=True)
    for feature in collection["features"]:
        feature["properties"]["name"] = f"{HOSTILE} {feature['properties']['id'][-5:]}"
    path = tmp_path / "network.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    stored = import_layer(database_url, path, load_catalog(catalog_dir))
    app = App(app_env(CORRIDOR_ATLAS_DATABASE_URL=database_url))
    app.layer_bounds = stored.bounds
    yield app
    app.stop()


def dataset(frame) -> dict:
    return frame.evaluate("() => ({...document.querySelector('.folium-map').dataset})")


def test_a_database_layer_is_drawn_from_tiles_filtered_in_the_page_and_named_as_text(database_app, page):
    tiles: list[tuple[str, int, str]] = []
    page.page.on(
        "response",
        lambda r: (
            tiles.append((r.url, r.status, r.headers.get("content-type", ""))) if "/api/tiles/" in r.url else None
        ),
    )
    page.page.goto(database_app.url)
    page.wait_for_map()
    frame = page.map_page()
    frame.wait_for_function(SETTLED_JS, timeout=60_000)
    shown = dataset(frame)
    assert shown["databaseLayers"] == "1"
    assert int(shown["databaseFeatures"]) >= LINES // 2  # the lines in view (clipped parts count per tile)
    assert tiles and all(status == 200 and "vector-tile" in kind for _, status, kind in tiles)
    assert all("/api/tiles/network/1/" in url for url, _, _ in tiles)
    # the tiles of the view that hold some of the layer, and no others
    zoom = int(tiles[0][0].split("/network/1/")[1].split("/")[0])
    asked = {
        tuple(int(v) for v in url.split(f"/network/1/{zoom}/")[1].removesuffix(".mvt").split("/"))
        for url, _, _ in tiles
    }
    assert asked <= set(tiles_covering(database_app.layer_bounds, zoom))
    assert int(shown["tilesRequested"]) == len(tiles) == len(asked) <= 20
    legend = frame.locator(".ca-legend").inner_text()
    assert "Pipeline" in legend and "Road" in legend

    # a filter change redraws the tiles already held: fewer features, nothing fetched again
    before = int(shown["databaseFeatures"])
    page.page.locator('button[aria-label="Remove Pipeline"]').click()
    frame.wait_for_function(f"() => Number(document.querySelector('.folium-map').dataset.databaseFeatures) < {before}")
    assert int(dataset(frame)["tilesRequested"]) == len(tiles)
    assert 0 < int(dataset(frame)["databaseFeatures"]) < before

    # a click on a line shows its name, as text
    point = frame.evaluate(POINT_ON_A_LINE_JS)
    assert point is not None, "no database line clear of the catalog's symbols in view"
    offset = page.page.locator('iframe[title="ui.map_component.atlas_map"]').bounding_box()
    page.page.mouse.click(offset["x"] + point[0], offset["y"] + point[1])
    name = frame.locator(".ca-db-info strong")
    name.wait_for(timeout=30_000)
    assert name.inner_text().startswith(HOSTILE)
    assert frame.locator(".ca-db-info img, .ca-db-info script").count() == 0
    assert "Layer network · id bench-line-" in frame.locator(".ca-db-info").inner_text()
    assert frame.evaluate("() => window.__pwned") is None
    assert page.page.evaluate("() => window.__pwned") is None

    # zooming in asks for the new view's tiles only
    asked = int(dataset(frame)["tilesRequested"])
    frame.evaluate("() => { window.atlasView.map.setView([41.3, 69.3], 9, {animate: false}); }")
    frame.wait_for_function("() => document.querySelector('.folium-map').dataset.tilesPending === '0'")
    assert 0 < int(dataset(frame)["tilesRequested"]) - asked <= 24
    assert page.console_errors == [] and page.page_errors == [] and page.external_requests == []
