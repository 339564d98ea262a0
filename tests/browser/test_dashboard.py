"""The dashboard in a real browser: offline map, filters, focus, labels, escaping and exports."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from carto.symbology import HIGHLIGHT_COLOUR, kind_style
from corridors.atlas import load_atlas
from corridors.query import Filters, apply_filters, facet_values
from harness.browser import MAP_FRAME, REPO, App, app_env

pytestmark = pytest.mark.browser

LABEL_BOXES_JS = """
() => Array.from(document.querySelectorAll('.ca-label')).map(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return {key: el.dataset.key, text: el.textContent,
            left: Math.min(box.left, text.left), top: Math.min(box.top, text.top),
            right: Math.max(box.right, text.right), bottom: Math.max(box.bottom, text.bottom)};
})
"""
WHERE_BAKU_IS_JS = """
() => { const m = window.atlasView.map; const p = m.latLngToContainerPoint([40.41, 49.87]); return [p.x, p.y, m.getZoom()]; }
"""


def overlapping_pairs(boxes: list[dict], tolerance: float = 0.5) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] < b["right"] - tolerance
                and b["left"] < a["right"] - tolerance
                and a["top"] < b["bottom"] - tolerance
                and b["top"] < a["bottom"] - tolerance
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


def map_frame(page):
    """The map iframe as a Frame (for evaluate), once its map is drawn."""
    return page.map_page()


@pytest.fixture(scope="module")
def expected():
    atlas = load_atlas({})
    entities, legs = atlas.entities(), atlas.legs()
    shown, shown_legs = apply_filters(entities, legs, Filters(**facet_values(entities, legs)))
    points = shown[shown.geometry.geom_type == "Point"]
    symbols = sum(1 for kind in points["kind"] if kind_style(kind).shape != "none")
    return {"legs": len(shown_legs), "air_legs": int((shown_legs["mode"] == "air").sum()), "symbols": symbols}


def test_map_renders_offline_with_every_corridor_and_marker(app, page, expected):
    page.page.goto(app.url)
    page.wait_for_map()
    frame = page.map()
    assert frame.locator("path.ca-leg").count() == expected["legs"]
    assert frame.locator(".ca-symbol").count() == expected["symbols"]
    box = page.page.locator(MAP_FRAME).bounding_box()
    assert box["height"] >= 600 and box["width"] >= 700
    container = frame.locator(".leaflet-container").bounding_box()
    assert container["height"] >= 600
    assert frame.locator(".ca-legend").count() == 1
    assert frame.locator(".leaflet-control-scale").count() == 1
    assert "Natural Earth" in frame.locator(".leaflet-control-attribution").inner_text()
    page.screenshot("dashboard-default")
    assert page.external_requests == []
    assert page.console_errors == []
    assert page.page_errors == []


def test_default_view_labels_do_not_overlap(app, page):
    page.page.goto(app.url)
    frame = map_frame(page)
    boxes = frame.evaluate(LABEL_BOXES_JS)
    assert len(boxes) >= 20
    assert overlapping_pairs(boxes) == []


def test_filter_change_redraws_without_moving_the_map(app, page, expected):
    page.page.goto(app.url)
    frame = map_frame(page)
    assert page.map().locator("path.ca-mode-air").count() == expected["air_legs"] > 0
    frame.evaluate("() => { window.atlasView.map.setView([41.0, 50.0], 6, {animate: false}); }")
    before = frame.evaluate(WHERE_BAKU_IS_JS)
    page.page.locator('button[aria-label="Remove Air"]').click()
    page.map().locator("path.ca-mode-air").wait_for(state="detached", timeout=30_000)
    assert page.map().locator("path.ca-leg").count() == expected["legs"] - expected["air_legs"]
    after = map_frame(page).evaluate(WHERE_BAKU_IS_JS)
    assert after == pytest.approx(before, abs=0.5)  # same zoom, Baku on the same pixel
    assert "mode=" in page.page.url and "air" not in page.page.url.split("mode=")[1].split("&")[0]
    assert page.console_errors == []


def test_focus_from_the_url_shows_quotes_and_highlights(app, page):
    page.page.goto(app.url + "?focus=trans-caspian-pipeline")
    page.wait_for_map()
    details = page.page.get_by_text(
        "the Trans-Caspian pipeline project implementation is being actively discussed", exact=False
    )
    details.first.wait_for(timeout=30_000)
    assert page.page.get_by_text("Status: proposed").count() >= 1
    highlight = page.map().locator(f'path[stroke="{HIGHLIGHT_COLOUR}"]')
    assert highlight.count() >= 1
    boxes = map_frame(page).evaluate(LABEL_BOXES_JS)
    assert any(b["key"] == "trans-caspian-pipeline" for b in boxes)
    assert overlapping_pairs(boxes) == []
    page.screenshot("dashboard-focus-pipeline")


def test_focus_from_the_sidebar(app, page):
    page.page.goto(app.url)
    page.wait_for_map()
    select = page.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Focus")
    select.locator("input").click()
    select.locator("input").fill("Lapis")
    page.page.keyboard.press("Enter")
    page.page.get_by_text("The same can be said about the Lapis Lazuli corridor", exact=False).first.wait_for(
        timeout=30_000
    )
    page.page.wait_for_url("**focus=lapis-lazuli-corridor**", timeout=30_000)


def test_source_reader_mention_focuses_its_entity(app, page):
    page.page.goto(app.url)
    page.wait_for_map()
    page.page.get_by_role("tab", name="Source reader").click()
    link = page.page.locator("a.ca-mention", has_text="Port of Kuryk").first
    link.click()
    page.page.wait_for_url("**focus=kuryk-port**", timeout=30_000)
    page.page.get_by_text("Kazakhstan has extended the port of Aktau", exact=False).first.wait_for(timeout=30_000)


def test_report_frame_labels_do_not_overlap(app, page):
    page.page.goto(app.url + "?report=1")
    page.wait_for_map()
    map_page = page.map_page()
    map_page.locator("#ca-report").wait_for(timeout=60_000)
    boxes = map_page.evaluate(LABEL_BOXES_JS)
    assert len(boxes) >= 15
    assert overlapping_pairs(boxes) == []
    size = map_page.evaluate(
        "() => [document.getElementById('ca-report').offsetWidth, document.getElementById('ca-report').offsetHeight]"
    )
    assert size == [1600, 900]  # laid out at its true size, whatever the preview's scale
    notes = map_page.locator(".ca-report-note")
    assert notes.count() >= 5
    panel = map_page.locator(".ca-report-notes").evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    assert panel, "the notes overflow their panel"
    page.screenshot("report-frame-16x9")
    assert page.external_requests == []


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """The app on a catalog whose source text and names carry markup and script."""
    directory = tmp_path_factory.mktemp("hostile") / "catalog"
    shutil.copytree(REPO / "corridors" / "data", directory)
    text = 'The port of Aktau <script>window.__xss = 1</script> was praised. <img src=x onerror="window.__xss = 2"> Really.'
    (directory / "sources" / "hostile.txt").write_text(text, encoding="utf-8")
    sources = yaml.safe_load((directory / "sources.yaml").read_text(encoding="utf-8"))
    sources["sources"].append(
        {
            "id": "hostile",
            "title": "Hostile <b>text</b>",
            "outlet": "Test",
            "url": "https://example.org/x",
            "published": "2024",
            "language": "en",
            "file": "sources/hostile.txt",
        }
    )
    (directory / "sources.yaml").write_text(
        yaml.safe_dump(sources, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    places = yaml.safe_load((directory / "places.yaml").read_text(encoding="utf-8"))
    port = next(p for p in places["places"] if p["id"] == "aktau-port")
    port["label"] = '<img src=y onerror="window.__xss=3">'
    port["quotes"].append({"source": "hostile", "start": 0, "end": len(text), "text": text})
    (directory / "places.yaml").write_text(
        yaml.safe_dump(places, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    running = App(app_env(CORRIDOR_ATLAS_CATALOG=str(directory)))
    yield running
    running.stop()


def test_markup_in_sources_is_shown_as_text(hostile_app, page):
    page.page.goto(hostile_app.url + "?focus=aktau-port")
    page.wait_for_map()
    page.page.get_by_text("<script>window.__xss = 1</script>", exact=False).first.wait_for(timeout=30_000)
    assert page.map().get_by_text('<img src=y onerror="window.__xss=3">', exact=False).count() >= 1
    for frame in page.page.frames:
        assert frame.evaluate("() => window.__xss === undefined")
        assert frame.locator('img[src="x"], img[src="y"]').count() == 0
    assert page.page_errors == []


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("geojson", lambda data: len(json.loads(data)["features"]) > 50),
        ("csv", lambda data: data.count(b"\n") > 50 and b"status_history" in data.split(b"\n")[0]),
    ],
)
def test_data_exports_download_non_trivial_files(app, page, tmp_path: Path, fmt, check):
    page.page.goto(app.url)
    page.wait_for_map()
    page.page.get_by_role("tab", name="Report & export").click()
    label = {"csv": "Data as CSV", "geojson": "Data as GeoJSON"}[fmt]
    button = page.page.get_by_role("button", name=re.compile("^" + label))
    with page.page.expect_download(timeout=60_000) as download_info:
        button.click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert target.suffix == f".{fmt}"
    assert check(target.read_bytes())


def test_read_a_text_finds_mentions_and_puts_its_quotes_on_the_map(app, page, tmp_path: Path):
    page.page.goto(app.url)
    page.wait_for_map()
    page.page.get_by_role("tab", name="Read a text").click()
    text = (
        "Ferries from the port of Kuryk now reach Alyat twice a week. "
        "Georgia is expanding the Kulevi port. <script>window.__xss = 4</script>\n\n"
        "Паромы из Курыка идут в Баку."
    )
    area = page.page.get_by_label("…or paste the text")
    area.fill(text)
    area.press("Control+Enter")
    page.page.get_by_text("Not on the map yet", exact=False).wait_for(timeout=30_000)
    assert page.page.get_by_text("mentions of", exact=False).count() >= 1
    page.page.get_by_text("Show this text's mentions and quotes on the map").click()
    page.page.get_by_text("The map shows what", exact=False).wait_for(timeout=30_000)
    page.page.get_by_role("tab", name="Map").click()
    quote = page.map().get_by_text("Ferries from the port of Kuryk now reach Alyat twice a week.", exact=False)
    quote.first.wait_for(timeout=30_000)
    labels = {b["key"] for b in map_frame(page).evaluate(LABEL_BOXES_JS)}
    assert {"kuryk-port", "baku-port-alat"} <= labels
    assert "astana" not in labels  # only what the text mentions
    for frame in page.page.frames:
        assert frame.evaluate("() => window.__xss === undefined")
    page.screenshot("read-a-text-on-the-map")


def test_a_binary_upload_is_refused_with_a_message(app, page, tmp_path: Path):
    page.page.goto(app.url)
    page.wait_for_map()
    page.page.get_by_role("tab", name="Read a text").click()
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    page.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(binary))
    page.page.get_by_text("This text cannot be read", exact=False).wait_for(timeout=30_000)
    assert page.map().locator("path.ca-leg").count() > 0  # the app keeps running


def test_a_click_on_a_symbol_focuses_its_place(app, page):
    page.page.goto(app.url)
    frame = map_frame(page)
    page.wait_until_still()
    point = frame.evaluate(
        "() => { const p = window.atlasView.map.latLngToContainerPoint([35.6961, 51.4231]); return {x: p.x, y: p.y}; }"
    )
    box = page.page.locator(MAP_FRAME).bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.page.wait_for_url("**focus=tehran**", timeout=30_000)
    page.page.get_by_text("and recently developing format of Moscow-Baku-Tehran.", exact=False).first.wait_for()
