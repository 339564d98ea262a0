"""The map, labels, legend, report frame and static renderer, tested without a browser."""

from __future__ import annotations

import re
import struct

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from corridors.query import Filters, apply_filters, facet_values
from geo.basemap import simplify_for_display
from geo.labels import Box, LabelRequest, lonlat_to_pixels, place_labels, text_box_size
from geo.render import (
    DEFAULT_VIEW_BOUNDS,
    add_basemap,
    add_entities,
    bounds_center,
    legend_html,
    new_map,
    number_quotes,
    view_frame,
    zoom_for_bounds,
)
from geo.report import FRAME_SIZES, ReportSettings, build_report_map, inline_assets, report_page
from geo.static_map import draw_report_figure, render_figure


@pytest.fixture(scope="module")
def atlas_frames(atlas):
    entities, legs = atlas.entities(), atlas.legs()
    shown, shown_legs = apply_filters(entities, legs, Filters(**facet_values(entities, legs)))
    return entities, legs, shown, shown_legs


@pytest.fixture(scope="module")
def atlas():
    from corridors.atlas import load_atlas

    return load_atlas({})


@pytest.fixture(scope="module")
def display_countries(countries):
    return simplify_for_display(countries, tolerance_deg=0.03)


def rendered(fmap) -> str:
    """The map page, with JSON's \\u0026 escapes of ``&`` read back as ``&``."""
    return fmap.get_root().render().replace("\\u0026", "&")


def test_map_page_loads_only_local_assets(atlas_frames, display_countries):
    _, _, shown, shown_legs = atlas_frames
    fmap = new_map(center=(45, 55), zoom=4)
    add_basemap(fmap, display_countries)
    add_entities(fmap, shown, shown_legs, zoom=4, frame=None)
    page = rendered(fmap)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources, "the page loads Leaflet from somewhere"
    assert all(src.startswith("/app/static/vendor/") for src in sources), sources
    assert "tile.openstreetmap" not in page and "cdn" not in page.lower()


def test_every_leg_and_point_is_drawn(atlas_frames):
    _, _, shown, shown_legs = atlas_frames
    fmap = new_map(center=(45, 55), zoom=4)
    add_entities(fmap, shown, shown_legs, zoom=4, frame=None)
    page = rendered(fmap)
    for corridor_id in set(shown_legs["corridor_id"]):
        assert f'"corridor_id": "{corridor_id}"' in page


def test_names_and_quotes_from_data_are_escaped():
    hostile = '<img src=x onerror="alert(1)">'
    entities = gpd.GeoDataFrame(
        [
            {
                "id": "evil",
                "name": hostile,
                "label": hostile,
                "kind": "port",
                "capital": False,
                "precision": "exact",
                "quotes": [{"source": "s", "start": 0, "end": 10, "text": "<script>alert(2)</script>"}],
                "geometry": Point(50, 40),
            },
        ],
        geometry="geometry",
        crs=4326,
    )
    legs = gpd.GeoDataFrame(
        [
            {
                "corridor_id": "line",
                "corridor_name": "<b>x</b>",
                "branch": "<i>y</i>",
                "mode": "rail",
                "status": "operating",
                "path": [],
                "length_km": 10.0,
                "geometry": LineString([(49, 40), (51, 41)]),
            }
        ],
        geometry="geometry",
        crs=4326,
    )
    fmap = new_map(center=(40, 50), zoom=6)
    add_entities(fmap, entities, legs, zoom=6, frame=None, footnotes=number_quotes(entities))
    page = rendered(fmap)
    assert "<img src=x" not in page and 'onerror=\\"alert(1)' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<script>alert(2)" not in page


def test_legend_lists_only_what_is_drawn(atlas_frames):
    _, _, shown, shown_legs = atlas_frames
    rail_only = shown_legs[shown_legs["mode"] == "rail"]
    legend = legend_html(shown.iloc[0:0], rail_only)
    assert "Rail" in legend and "Ferry" not in legend and "Pipeline" not in legend
    full = legend_html(shown, shown_legs)
    for label in (
        "Rail",
        "Ferry / sea",
        "Pipeline",
        "Fibre optic",
        "Air",
        "Operating",
        "Under construction",
        "Proposed",
        "Port",
        "Approximate location",
        "Quote n",
    ):
        assert label in full


def test_quotes_are_numbered_corridors_first_without_duplicates(atlas_frames):
    _, _, shown, _ = atlas_frames
    notes = number_quotes(shown)
    assert [n.number for n in notes] == list(range(1, len(notes) + 1))
    spans = [(n.source, n.start, n.end) for n in notes]
    assert len(spans) == len(set(spans))
    kinds = dict(zip(shown["id"], shown["kind"]))
    first_non_corridor = next(i for i, n in enumerate(notes) if all(kinds[e] != "corridor" for e in n.entity_ids))
    assert all(any(kinds[e] == "corridor" for e in n.entity_ids) for n in notes[:first_non_corridor])
    aktau = next(n for n in notes if "aktau-port" in n.entity_ids)
    assert "kuryk-port" in aktau.entity_ids  # one sentence names both ports: one note


def test_zoom_fits_bounds_in_the_frame():
    width, height = 1100, 700
    zoom = zoom_for_bounds(DEFAULT_VIEW_BOUNDS, width, height)
    frame = view_frame(bounds_center(DEFAULT_VIEW_BOUNDS), zoom, width, height)
    assert frame[0] <= DEFAULT_VIEW_BOUNDS[0] and frame[2] >= DEFAULT_VIEW_BOUNDS[2]
    assert frame[1] <= DEFAULT_VIEW_BOUNDS[1] and frame[3] >= DEFAULT_VIEW_BOUNDS[3]
    tighter = view_frame(bounds_center(DEFAULT_VIEW_BOUNDS), zoom + 0.5, width, height)
    assert tighter[0] > DEFAULT_VIEW_BOUNDS[0] or tighter[1] > DEFAULT_VIEW_BOUNDS[1]


def test_placed_labels_never_overlap_and_stay_in_frame():
    requests = [
        LabelRequest(f"p{i}", f"Place number {i}", 50 + (i % 5) * 0.3, 40 + (i // 5) * 0.2, rank=i % 3)
        for i in range(40)
    ]
    frame = (48.0, 38.0, 54.0, 43.0)
    placed = place_labels(requests, zoom=6, frame=frame, reserved_px=[(0, 0, 100, 100)])
    assert 0 < len(placed) < len(requests)  # crowded: some are left out, none stacked
    left, bottom = lonlat_to_pixels(frame[0], frame[1], 6)
    right, top = lonlat_to_pixels(frame[2], frame[3], 6)
    boxes = []
    for label in placed:
        x, y = lonlat_to_pixels(label.lon, label.lat, 6)
        box = Box(x + label.dx, y + label.dy, x + label.dx + label.width, y + label.dy + label.height)
        assert box.inside(Box(left, top, right, bottom))
        assert not box.overlaps(Box(left, top, left + 100, top + 100))
        boxes.append(box)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_most_important_labels_win_and_fallback_keeps_quote_numbers():
    crowded = [LabelRequest("minor", "A long minor label here", 50.0, 40.0, rank=4)]
    crowded.append(LabelRequest("major", "A long major label here", 50.0, 40.0, rank=1, fallback_text="[3]"))
    placed = {p.key: p for p in place_labels(crowded, zoom=5)}
    assert "major" in placed and placed["major"].text == "A long major label here"
    width, _ = text_box_size("x" * 400, 12)
    tight = [
        LabelRequest("big", "x" * 400, 50.0, 40.0, rank=0),
        LabelRequest("quoted", "Quoted place " * 20, 50.01, 40.01, rank=1, fallback_text="[7]"),
    ]
    result = {p.key: p.text for p in place_labels(tight, zoom=5, frame=(45, 35, 55, 45))}
    assert width > 1000 and result.get("quoted") == "[7]"


def test_report_page_is_standalone(atlas_frames, display_countries):
    _, _, shown, shown_legs = atlas_frames
    notes = number_quotes(shown)
    settings = ReportSettings(title="A <title>", subtitle="Sub & title")
    fmap, placed = build_report_map(
        display_countries, shown, shown_legs, notes, bounds=DEFAULT_VIEW_BOUNDS, settings=settings
    )
    page = report_page(fmap, notes, settings=settings, source_titles={}, credit="Credit")
    assert "corridor-atlas-asset" not in page
    assert "<script src=" not in page and 'src=\\"http' not in page
    assert "A &lt;title&gt;" in page and "Sub &amp; title" in page
    assert len(placed) >= 15
    assert "ca-notes" in page


def test_inline_assets_refuses_a_page_it_cannot_complete():
    with pytest.raises(ValueError, match="asset link"):
        inline_assets('<script src="corridor-atlas-asset:/unknown.js"></script>')


def test_static_png_is_twice_the_frame(atlas_frames, display_countries):
    _, _, shown, shown_legs = atlas_frames
    settings = ReportSettings()
    figure = draw_report_figure(
        display_countries,
        shown,
        shown_legs,
        number_quotes(shown),
        bounds=DEFAULT_VIEW_BOUNDS,
        settings=settings,
        source_titles={},
        credit="Credit",
    )
    png = render_figure(figure, "png")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == tuple(2 * v for v in FRAME_SIZES[settings.frame])
    svg = render_figure(figure, "svg")
    assert b"<svg" in svg[:3000] and b"Middle Corridor (TITR)" in svg
    assert render_figure(figure, "pdf")[:5] == b"%PDF-"
