"""Hostile names, labels, aliases, notes and links through the live map, the details panel and the HTML export.

Every string below tries to run ``window.__pwned = N``; in Chromium, nothing may
run, the map must still draw, and the text must be shown as it was written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.browser import App, Watched, app_env, export_report_frame

pytestmark = pytest.mark.browser

HOSTILE = [
    "Port ${window.__pwned=1}",
    "Line `; window.__pwned=2; `",
    "</script><script>window.__pwned=3</script>",
    "Sea \u2028 window.__pwned=4 \u2029",
    "Quote \" ' & < > \\ \\u0022 \\`",
    '<img src=x onerror="window.__pwned=5">',
    '<svg onload="window.__pwned=6"></svg>',
    "javascript:window.__pwned=7",
    "\u202eevil\u202c RTL override",
]
HOSTILE_URL = 'https://example.org/?q="><script>window.__pwned=8</script>'


def hostile_layer() -> dict:
    """Points and lines whose every text field carries one of the hostile strings."""
    features = []
    for index, text in enumerate(HOSTILE):
        lon, lat = 58.0 + index * 0.9, 44.5 - (index % 3) * 0.8
        properties = {
            "id": f"hostile-{index}",
            "name": text,
            "kind": "city",
            "aliases": [text + " alias"],
            "notes": text,
            "sources": [{"title": text, "url": HOSTILE_URL}],
        }
        features.append(
            {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        )
        line = {**properties, "id": f"hostile-line-{index}", "kind": "corridor", "mode": "road", "label": text[:40]}
        coordinates = [[lon, lat - 4.0], [lon + 0.5, lat - 4.6], [lon + 0.3, lat - 5.3]]
        features.append(
            {"type": "Feature", "properties": line, "geometry": {"type": "LineString", "coordinates": coordinates}}
        )
    return {"type": "FeatureCollection", "features": features}


@pytest.fixture(scope="module")
def hostile_layer_app(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile-layer")
    (directory / "hostile.geojson").write_text(json.dumps(hostile_layer(), ensure_ascii=False), encoding="utf-8")
    running = App(app_env(CORRIDOR_ATLAS_LAYERS=str(directory)))
    yield running
    running.stop()


def nothing_ran(page) -> None:
    for frame in page.page.frames:
        assert frame.evaluate("() => window.__pwned === undefined"), f"script ran in {frame.url}"
    assert not [e for e in page.page_errors if "__pwned" in e or "dialog" in e]


def test_hostile_text_in_a_layer_is_shown_and_never_run(hostile_layer_app, page):
    page.page.goto(hostile_layer_app.url + "?focus=hostile-0&center=43.5,61.5&zoom=6")
    page.wait_for_map()
    frame = page.map_page()
    assert int(frame.evaluate("() => document.querySelector('.folium-map').dataset.shownLegs")) > 0
    labels = dict(
        frame.evaluate(
            "() => Array.from(document.querySelectorAll('.ca-label')).map(e => [e.dataset.key, e.textContent])"
        )
    )
    shown = {
        key: text for key, text in labels.items() if key.startswith("hostile-") and not key.startswith("hostile-line")
    }
    assert len(shown) >= 4, labels  # most hostile names have room for a label here
    for key, text in shown.items():
        assert text == HOSTILE[int(key.split("-")[1])].strip()  # as written (the loader trims the ends)
    # hover every hostile symbol: its tooltip shows the name as text
    shown_tips = []
    for index in range(len(HOSTILE)):
        symbol = page.map().locator(f'.ca-symbol[data-key="hostile-{index}"]')
        if symbol.count():
            symbol.hover()
            tip = page.map().locator(".leaflet-tooltip").last
            tip.wait_for(timeout=10_000)
            shown_tips.append(tip.inner_text())
    assert any("${window.__pwned=1}" in tip for tip in shown_tips)
    # the details panel shows the name, notes and source title as text
    page.page.get_by_text("Port ${window.__pwned=1}", exact=False).first.wait_for(timeout=30_000)
    page.screenshot("hostile-layer")
    nothing_ran(page)


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_each_hostile_name_can_be_focused_without_running(hostile_layer_app, page, index):
    page.page.goto(hostile_layer_app.url + f"?focus=hostile-line-{index}")
    page.wait_for_map()
    page.page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="hostile-line").first.wait_for(
        timeout=30_000
    )
    nothing_ran(page)


def test_the_html_export_of_hostile_names_runs_nothing(hostile_layer_app, page, tmp_path: Path):
    page.page.goto(hostile_layer_app.url + "?q=hostile&report=1&title=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    page.wait_for_map()
    target = export_report_frame(page, "html", tmp_path)
    exported = Watched(page.page.context.new_page())
    exported.page.goto(target.as_uri())
    exported.page.locator(".folium-map[data-ready='1'][data-label-pass]").wait_for(state="attached", timeout=30_000)
    exported.page.get_by_text("<img src=x onerror=alert(1)>", exact=True).wait_for(timeout=30_000)
    nothing_ran(exported)
    assert exported.page_errors == []
