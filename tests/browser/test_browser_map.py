"""The map in the browser: labels at every zoom and window size, filters without geometry, shared views, large layers."""

from __future__ import annotations

import math
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest

from bench.generate_layer import IRREGULAR_TURN_RAD, line_properties, walk_coordinates
from harness.browser import MAP_FRAME, REPO, App, app_env

pytestmark = pytest.mark.browser

#: Every drawn label and country name as a page box; each label's leader start and its symbol's centre.
LABEL_GEOMETRY_JS = """
() => {
  const boxes = [];
  document.querySelectorAll('.ca-label, .ca-country').forEach(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    boxes.push({key: el.dataset.key || el.textContent, text: el.textContent, country: el.classList.contains('ca-country'),
                left: Math.min(box.left, text.left), top: Math.min(box.top, text.top),
                right: Math.max(box.right, text.right), bottom: Math.max(box.bottom, text.bottom)});
  });
  const leaders = [];
  document.querySelectorAll('.ca-label-icon').forEach(holder => {
    const line = holder.querySelector('.ca-leader line');
    const label = holder.querySelector('.ca-label');
    if (!line) return;
    const start = holder.getBoundingClientRect();
    const symbol = document.querySelector(`.ca-symbol[data-key="${CSS.escape(label.dataset.key)}"]`);
    let centre = null;
    if (symbol) { const r = symbol.getBoundingClientRect(); centre = {x: r.left + r.width / 2, y: r.top + r.height / 2}; }
    leaders.push({key: label.dataset.key, x: start.left, y: start.top, symbol: centre});
  });
  const frame = document.querySelector('.folium-map').getBoundingClientRect();
  return {boxes, leaders, frame: {left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom},
          zoom: window.atlasView.map.getZoom()};
}
"""


#: Where Baku is drawn in the map (container px) and at which zoom: unchanged as long as the view is.
WHERE_BAKU_IS_JS = """
() => { const m = window.atlasView.map; const p = m.latLngToContainerPoint([40.41, 49.87]); return [p.x, p.y, m.getZoom()]; }
"""


def one_pixel_deg(zoom: float) -> float:
    """Degrees of longitude one screen pixel spans at ``zoom`` (Leaflet keeps the map's origin on whole pixels)."""
    return 360.0 / (256.0 * 2.0**zoom)


def overlaps(a: dict, b: dict, tolerance: float = 0.5) -> bool:
    return (
        a["left"] < b["right"] - tolerance
        and b["left"] < a["right"] - tolerance
        and a["top"] < b["bottom"] - tolerance
        and b["top"] < a["bottom"] - tolerance
    )


def label_problems(geometry: dict) -> list[str]:
    """Overlapping labels, labels cut by the map's edge, and leader lines that miss their symbol."""
    problems = []
    boxes, frame = geometry["boxes"], geometry["frame"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if overlaps(a, b):
                problems.append(f"z{geometry['zoom']}: {a['text']!r} overlaps {b['text']!r}")
        if a["left"] < frame["left"] - 0.5 or a["right"] > frame["right"] + 0.5:
            problems.append(f"z{geometry['zoom']}: {a['text']!r} is cut at the map's edge")
        if a["top"] < frame["top"] - 0.5 or a["bottom"] > frame["bottom"] + 0.5:
            problems.append(f"z{geometry['zoom']}: {a['text']!r} is cut at the map's edge")
    for leader in geometry["leaders"]:
        if leader["symbol"] is None:
            continue  # a line's label: its leader starts on the line
        distance = math.hypot(leader["x"] - leader["symbol"]["x"], leader["y"] - leader["symbol"]["y"])
        if distance > 3.0:
            problems.append(f"z{geometry['zoom']}: leader of {leader['key']} ends {distance:.1f} px from its symbol")
    return problems


def click_zoom(page, button: str) -> None:
    """Press a zoom button of the map and wait until its labels are placed for the new zoom."""
    before = page.label_pass()
    page.map().locator(f".leaflet-control-zoom-{button}").click()
    page.wait_for_labels_at_zoom_after(before)
    page.wait_until_still()


@pytest.mark.parametrize("size", [(1280, 720), (1440, 900), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_labels_stay_clear_and_leaders_reach_their_symbols_while_zooming(app, browser, size):
    from harness.browser import Watched

    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = Watched(context.new_page())
    try:
        page.page.goto(app.url + "?center=40.6,50.6&zoom=3")
        page.wait_for_map()
        frame = page.map_page()
        problems, counts = [], []
        geometry = frame.evaluate(LABEL_GEOMETRY_JS)
        assert geometry["zoom"] == 3
        problems += label_problems(geometry)
        for button in ["in"] * 10 + ["out"] * 10:
            click_zoom(page, button)
            geometry = frame.evaluate(LABEL_GEOMETRY_JS)
            problems += label_problems(geometry)
            counts.append(
                (geometry["zoom"], sum(not b["country"] for b in geometry["boxes"]), len(geometry["leaders"]))
            )
            if geometry["zoom"] == 8:
                page.screenshot(f"zoom-8-{size[0]}x{size[1]}")
        assert [z for z, _, _ in counts][9] == 8 and counts[-1][0] == 3
        assert problems == []
        assert all(labels >= 3 for _, labels, _ in counts), counts
        assert sum(leaders for _, _, leaders in counts) > 0  # leader lines were drawn and checked
        assert page.console_errors == [] and page.page_errors == []
    finally:
        context.close()


#: The keys of the place labels drawn.
LABEL_KEYS_JS = "() => [...document.querySelectorAll('.ca-label')].map(el => el.dataset.key)"


def test_towns_that_only_route_a_line_are_labelled_once_zoomed_in(app, page):
    # Tuzluca and Digor keep the Kars–Dilucu railway in Türkiye, Serres the TAP in Greece: stops inside one leg,
    # with no quote; the whole region has room for Digor's and Serres' labels, but they would only clutter it
    page.page.goto(app.url + "?center=41.5,52&zoom=4")
    page.wait_for_map()
    wide = page.map_page().evaluate(LABEL_KEYS_JS)
    assert len(wide) >= 30 and "kars" in wide
    assert not {"tuzluca", "digor", "serres"} & set(wide)
    # the same view narrowed to the corridor by a search: its stops are labelled, as they are close up
    page.page.goto(app.url + "?center=41.5,52&zoom=4&q=Zangezur")
    page.wait_for_map()
    searched = page.map_page().evaluate(LABEL_KEYS_JS)
    assert {"tuzluca", "digor"} <= set(searched)
    page.page.goto(app.url + "?center=40.2,43.4&zoom=7")
    page.wait_for_map()
    near = page.map_page().evaluate(LABEL_KEYS_JS)
    assert {"kars", "tuzluca", "digor"} <= set(near)


def test_a_focused_line_labels_its_stations_and_crossings(app, page):
    # stations and crossings are labelled only when quoted, or when the line they are on is focused
    page.page.goto(app.url + "?center=41.5,44.5&zoom=7")
    page.wait_for_map()
    plain = set(page.map_page().evaluate(LABEL_KEYS_JS))
    assert "tbilisi" in plain and not {"akhalkalaki", "marabda"} & plain
    page.page.goto(app.url + "?focus=baku-tbilisi-kars-railway")
    page.wait_for_map()
    focused = set(page.map_page().evaluate(LABEL_KEYS_JS))
    assert {"akhalkalaki", "marabda", "kars", "tbilisi"} <= focused


def test_a_filter_change_fetches_no_geometry_and_sends_little(app, page):
    page.page.goto(app.url)
    page.wait_for_map()
    frame = page.map_page()
    frame.evaluate("() => { window.atlasView.map.setView([41.0, 50.0], 6, {animate: false}); }")
    page.wait_until_still()
    requests: list[str] = []
    received: list[int] = []
    page.page.on("request", lambda r: requests.append(r.url))
    page.page.on("websocket", lambda ws: None)
    client = page.page.context.new_cdp_session(page.page)
    client.send("Network.enable")
    client.on("Network.webSocketFrameReceived", lambda e: received.append(len(e["response"]["payloadData"])))
    page.page.wait_for_url("**zoom=6**", timeout=30_000)  # the view was reported; nothing pending
    received.clear()
    requests.clear()
    before = frame.evaluate(WHERE_BAKU_IS_JS)
    page.page.locator('button[aria-label="Remove Rail"]').click()
    page.map().locator("path.ca-mode-rail").first.wait_for(state="detached", timeout=30_000)
    page.page.wait_for_url("**mode=**", timeout=30_000)
    after = frame.evaluate(WHERE_BAKU_IS_JS)
    assert after == pytest.approx(before, abs=0.5)  # the same zoom, and Baku on the same pixel
    assert [url for url in requests if "/component/" in url] == []  # no data, level or basemap file again
    assert sum(received) < 10_000, f"{sum(received)} bytes over the websocket for one filter change"
    # what is no longer drawn is not labelled either
    labels = frame.evaluate("() => Array.from(document.querySelectorAll('.ca-label')).map(e => e.dataset.key)")
    assert "middle-corridor" not in labels


def test_a_shared_url_reopens_the_framed_view(app, browser):
    from harness.browser import Watched

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        first = Watched(context.new_page())
        first.page.goto(app.url + "?center=40.35,49.9&zoom=7.5")
        first.wait_for_map()
        view = first.map_page().evaluate(
            "() => { const c = window.atlasView.map.getCenter(); return [c.lat, c.lng, window.atlasView.map.getZoom()]; }"
        )
        assert view == pytest.approx([40.35, 49.9, 7.5], abs=one_pixel_deg(7.5))
        first.map_page().evaluate("() => { window.atlasView.map.setView([43.65, 51.2], 6.25, {animate: false}); }")
        first.page.wait_for_url("**zoom=6.25**", timeout=30_000)
        view_after_pan = first.map_page().evaluate(
            "() => { const c = window.atlasView.map.getCenter(); return [c.lat, c.lng, window.atlasView.map.getZoom()]; }"
        )
        shared = first.page.url
        lat, lon = (float(v) for v in parse_qs(urlparse(shared).query)["center"][0].split(","))
        assert [lat, lon] == pytest.approx(view_after_pan[:2], abs=one_pixel_deg(6.25))
        second = Watched(context.new_page())
        second.page.goto(shared)
        second.wait_for_map()
        reopened = second.map_page().evaluate(
            "() => { const c = window.atlasView.map.getCenter(); return [c.lat, c.lng, window.atlasView.map.getZoom()]; }"
        )
        assert reopened == pytest.approx(view_after_pan, abs=one_pixel_deg(6.25))
    finally:
        context.close()


def test_the_scroll_wheel_scrolls_the_page_not_the_map(app, page):
    page.page.goto(app.url)
    page.wait_for_map()
    frame = page.map_page()
    zoom = frame.evaluate("() => window.atlasView.map.getZoom()")
    box = page.page.locator(MAP_FRAME).bounding_box()
    page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 300)
    page.page.mouse.wheel(0, 400)
    page.map().locator(".leaflet-gesture-handling-scroll-warning").wait_for(state="attached", timeout=10_000)
    assert frame.evaluate("() => window.atlasView.map.getZoom()") == zoom


@pytest.fixture(scope="module")
def large_layer_app(tmp_path_factory):
    """The app with a user layer of 5,000 irregular lines of 200 vertices."""
    directory = tmp_path_factory.mktemp("large-layer")
    subprocess.run(
        [sys.executable, "-m", "bench.generate_layer", "5000", str(directory / "lines.geojson"), "--irregular"],
        cwd=REPO,
        check=True,
    )
    running = App(app_env(CORRIDOR_ATLAS_LAYERS=str(directory)))
    yield running
    running.stop()


def test_a_layer_of_5000_lines_is_drawn_and_clickable(large_layer_app, page):
    page.page.goto(large_layer_app.url)
    page.wait_for_map(timeout_ms=180_000)
    frame = page.map_page()
    assert int(frame.evaluate("() => document.querySelector('.folium-map').dataset.shownLegs")) > 5000
    assert page.map().locator(".leaflet-pane.leaflet-ca-user-pane canvas").count() == 1
    # a vertex in the middle of line 1,234 (the generator is seeded, so the layer is always the same)
    index = 1233
    lon, lat = walk_coordinates(5000, turn_rad=IRREGULAR_TURN_RAD)[index][100].round(5)
    wanted = line_properties(index)["id"]
    frame.evaluate(f"() => {{ window.atlasView.map.setView([{lat}, {lon}], 11, {{animate: false}}); }}")
    page.wait_until_still()
    page.map().locator(".folium-map[data-level='11']").wait_for(timeout=60_000)  # the full-detail lines are in
    point = frame.evaluate(
        f"() => {{ const p = window.atlasView.map.latLngToContainerPoint([{lat}, {lon}]); return {{x: p.x, y: p.y}}; }}"
    )
    box = page.page.locator(MAP_FRAME).bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.page.wait_for_url(f"**focus={wanted}**", timeout=60_000)
    page.screenshot("large-layer-focused")
    assert page.page_errors == []


def test_the_map_shows_the_network_as_it_stood_on_the_as_of_date(app, page):
    import datetime as dt

    from corridors.atlas import load_atlas
    from corridors.query import Filters, apply_filters, facet_values, frames_as_of

    atlas = load_atlas({})
    entities, legs = atlas.entities(), atlas.legs()
    day = dt.date(2012, 6, 30)
    then_entities, then_legs = frames_as_of(entities, legs, day)
    _, expected = apply_filters(then_entities, then_legs, Filters(**facet_values(entities, legs)))
    page.page.goto(app.url + f"?asof={day.isoformat()}")
    page.wait_for_map()
    frame = page.map_page()
    shown = int(frame.evaluate("() => document.querySelector('.folium-map').dataset.shownLegs"))
    assert shown == len(expected) < len(legs)
    page.page.get_by_text(f"Showing {then_legs['corridor_id'].nunique()} of", exact=False).wait_for(timeout=30_000)
    page.screenshot("as-of-2012")


def test_the_legend_lists_only_what_the_view_shows(app, page):
    legend = "() => document.querySelector('.ca-legend').textContent"
    page.page.goto(app.url + "?center=43.6,51.2&zoom=9")  # the Aktau coast: no capital, no pipeline in view
    page.wait_for_map()
    near = page.map_page().evaluate(legend)
    assert "Port" in near and "Capital" not in near and "Pipeline" not in near
    page.page.goto(app.url)  # the whole region
    page.wait_for_map()
    frame = page.map_page()
    frame.wait_for_function("() => document.querySelector('.ca-legend').textContent.includes('Capital')")
    assert "Pipeline" in frame.evaluate(legend)
    # a report that prints no quote has no quote numbers, and says none in its legend
    page.page.goto(app.url + "?report=1&quotes=")
    page.wait_for_map()
    report = page.map_page()
    report.locator("#ca-report").wait_for(timeout=60_000)
    assert "Quote n" not in report.evaluate(legend)
    assert report.locator(".ca-report-map .ca-ref").count() == 0
