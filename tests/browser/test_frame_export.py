"""Exports of the report frame, rendered from the browser map's own page in headless Chromium (no Streamlit)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from carto.footnotes import number_quotes
from carto.frame_export import ExportUnavailable, render_frame, standalone_html
from carto.report_frame import Callout, ReportSettings, frame_args
from carto.weblayer import map_payloads, write_payloads
from carto.webmap import build_map_page, copy_map_assets, map_config, write_if_changed
from corridors.atlas import load_atlas
from corridors.query import facet_values, with_status_steps
from harness.browser import CHROMIUM, Watched

pytestmark = pytest.mark.browser

HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"> Ports & $\\frac{1}{2}$'
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The map component's folder, as the app writes it, with the catalog's dataset; and the dataset's notes."""
    directory = tmp_path_factory.mktemp("bundle")
    copy_map_assets(directory)
    write_if_changed(directory / "index.html", build_map_page(map_config(data_base="data/")).encode("utf-8"))
    atlas = load_atlas({})
    entities, legs = atlas.entities(), atlas.legs()
    notes = number_quotes(entities)
    titles = {sid: f"{s.outlet}, “{s.title}” ({s.published})" for sid, s in atlas.catalog.sources.items()}
    files = map_payloads(with_status_steps(entities), with_status_steps(legs), notes, titles)
    data = write_payloads(directory / "data", files)
    facets = facet_values(entities, legs)
    return directory, data, notes, facets


def report_args(bundle, settings: ReportSettings, quotes) -> dict:
    _, data, _, facets = bundle
    filters = {k: list(v) for k, v in facets.items()} | {"search": ""}
    return {
        "data": data,
        "filters": filters,
        "focus": None,
        "show_formats": False,
        "as_of": None,
        "view": None,
        "fit_token": None,
        "height": 700,
        "report": frame_args(settings, quotes, credit="Corridor Atlas · test credit"),
    }


def svg_text(markup: bytes) -> str:
    root = ET.fromstring(markup)
    return " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_png_is_the_frame_at_twice_its_size(bundle):
    settings = ReportSettings(frame="Square (1080×1080)")
    png = render_frame(bundle[0], report_args(bundle, settings, [1, 2]), "png")
    image = Image.open(io.BytesIO(png))
    assert image.size == (2160, 2160)
    colours = image.convert("RGB").resize((108, 108)).getcolors(108 * 108)
    assert len(colours) > 50, "the frame is not blank"


def test_svg_and_pdf_keep_title_labels_and_quotes_as_text(bundle):
    directory, _, notes, _ = bundle
    first = notes[0]
    settings = ReportSettings(title="Middle Corridor ports", callouts=(Callout(first.number),))
    args = report_args(bundle, settings, [first.number, notes[1].number])
    svg = render_frame(directory, args, "svg")
    text = svg_text(svg)
    assert "Middle Corridor ports" in text
    assert "Baku" in text and "Tbilisi" in text  # map labels
    assert "Quotes" in text and first.text.split()[2] in text
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    pdf = PdfReader(io.BytesIO(render_frame(directory, args, "pdf")))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 0.75), round(float(box.height) / 0.75)) == (1600, 900)
    words = " ".join(pdf.pages[0].extract_text().split())
    assert "Middle Corridor ports" in words and "Baku" in words
    assert " ".join(first.text.split()[:4]) in words


def test_hostile_titles_are_text_in_every_export(bundle, browser, tmp_path: Path):
    directory = bundle[0]
    args = report_args(
        bundle, ReportSettings(title=HOSTILE_TITLE, subtitle="</script><script>window.__pwned=2</script>"), [1]
    )
    text = svg_text(render_frame(directory, args, "svg"))
    assert HOSTILE_TITLE in text
    target = tmp_path / "frame.html"
    target.write_text(standalone_html(directory, args), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    watched = Watched(context.new_page())
    watched.page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
    )
    watched.page.goto(target.as_uri())
    watched.page.locator(".folium-map[data-ready='1'][data-label-pass]").wait_for(state="attached", timeout=30_000)
    assert watched.page.locator(".ca-report-title").text_content() == HOSTILE_TITLE
    assert watched.page.evaluate("() => window.__pwned === undefined")
    assert watched.page.locator("img[src='x']").count() == 0
    assert watched.page.locator(".ca-label").count() > 10  # the map works from the embedded files alone
    assert watched.page_errors == []
    assert [url for url in watched.external_requests if not url.startswith("file:")] == []
    context.close()


def test_a_missing_browser_is_a_clear_error(bundle, monkeypatch):
    monkeypatch.setenv("CORRIDOR_ATLAS_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ExportUnavailable, match="Chromium"):
        render_frame(bundle[0], report_args(bundle, ReportSettings(), [1]), "png")


def test_unknown_formats_and_missing_frames_are_refused(bundle):
    with pytest.raises(ValueError, match="format"):
        render_frame(bundle[0], report_args(bundle, ReportSettings(), [1]), "gif")
    with pytest.raises(ValueError, match="report"):
        render_frame(bundle[0], {"data": bundle[1]}, "png")


def test_chromium_is_the_one_the_tests_use():
    assert Path(CHROMIUM).exists()


def test_database_layers_are_drawn_in_exports_and_travel_with_the_standalone_file(
    bundle, browser, database_url, monkeypatch, tmp_path: Path
):
    from bench.generate_layer import write_layer
    from corridors.catalog import DEFAULT_CATALOG_DIR, load_catalog
    from corridors.layerstore import import_layer
    from corridors.storage import ENV_DATABASE_URL
    from ui.tile_routes import server_file

    monkeypatch.setenv(ENV_DATABASE_URL, database_url)
    layer = import_layer(database_url, write_layer(tmp_path / "network.geojson", 40), load_catalog(DEFAULT_CATALOG_DIR))
    plain = report_args(bundle, ReportSettings(), [1])
    with_layer = plain | {"database_layers": [layer.map_spec()]}
    before = Image.open(io.BytesIO(render_frame(bundle[0], plain, "png", server_files=server_file))).convert("RGB")
    after = Image.open(io.BytesIO(render_frame(bundle[0], with_layer, "png", server_files=server_file))).convert("RGB")
    changed = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v else 0).histogram()[255]
    assert changed > 0.01 * before.width * before.height  # the layer's lines are in the picture

    page = standalone_html(bundle[0], with_layer, server_files=server_file)
    assert f"api/tiles/network/{layer.version}/" in page
    target = tmp_path / "frame.html"
    target.write_text(page, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    watched = Watched(context.new_page())
    watched.page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
    )
    watched.page.goto(target.as_uri())
    watched.page.wait_for_function(
        "() => { const d = document.querySelector('.folium-map').dataset;"
        " return d.tilesPending === '0' && Number(d.databaseFeatures) > 0; }",
        timeout=30_000,
    )
    assert watched.page_errors == [] and watched.console_errors == []
    assert [url for url in watched.external_requests if not url.startswith("file:")] == []
    context.close()
