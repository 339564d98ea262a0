"""A read text's places that the catalog lacks: listed, located offline, and drawn as unreviewed points."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TEXT = (
    "Freight trains from Kyzylorda reach the port of Aktau, then ferries cross to Alat. "
    "Грузы из Кызылорды идут в Актау. Navoi airport handles cargo."
)


def test_places_the_catalog_lacks_are_drawn_as_auto_located(app, page):
    page.page.goto(app.url)
    page.wait_for_map()
    page.page.get_by_role("tab", name="Read a text").click()
    area = page.page.get_by_label("…or paste the text")
    area.fill(TEXT)
    area.press("Control+Enter")
    page.page.get_by_text("Not on the map yet", exact=False).wait_for(timeout=30_000)
    page.page.get_by_text("GeoNames", exact=False).first.wait_for(timeout=30_000)
    page.page.get_by_text("Show this text's mentions and quotes on the map").click()
    page.page.get_by_text("The map shows what", exact=False).wait_for(timeout=30_000)
    page.page.get_by_role("tab", name="Map").click()
    frame = page.map_page()
    frame.locator(".ca-label", has_text="Kyzylorda (auto-located)").wait_for(timeout=30_000)
    assert frame.locator(".ca-label", has_text="Navoiy (auto-located)").count() == 1
    assert frame.locator(".ca-legend", has_text="Auto-located, unreviewed").count() == 1
    # one place named in two languages: one symbol, whose notes hold both sentences
    notes = frame.locator(".ca-note", has_text="Kyzylorda")
    assert notes.count() == 2
    assert page.page_errors == [] and page.external_requests == []


def test_the_view_fitted_to_a_text_keeps_its_places_clear_of_the_legend(app, page):
    # Noshahr is the southernmost place: fitted with a flat margin, it fell under the legend
    page.page.goto(app.url)
    page.wait_for_map()
    page.page.get_by_role("tab", name="Read a text").click()
    area = page.page.get_by_label("…or paste the text")
    area.fill("Паромы из порта Оля идут в иранский порт Ноушехр. Поезда идут в Горган.")
    area.press("Control+Enter")
    page.page.get_by_text("Not on the map yet", exact=False).wait_for(timeout=60_000)
    page.page.get_by_text("Show this text's mentions and quotes on the map").click()
    page.page.get_by_text("The map shows what", exact=False).wait_for(timeout=30_000)
    page.page.get_by_role("tab", name="Map").click()
    frame = page.map_page()
    frame.locator(".ca-label", has_text="Nowshahr (auto-located)").wait_for(timeout=30_000)
    page.wait_until_still()
    below_legend_top = frame.evaluate(
        """() => {
            const view = window.atlasView, map = view.map;
            const legendTop = view.legendNode.parentNode.getBoundingClientRect().top;
            const mapTop = view.container.getBoundingClientRect().top;
            return Object.keys(view.shownEntities)
                .map((id) => view.data.byId[id])
                .filter((entity) => entity && entity.point)
                .map((entity) => [entity.id, mapTop + map.latLngToContainerPoint([entity.lat, entity.lon]).y - legendTop]);
        }"""
    )
    assert len(below_legend_top) >= 3
    assert all(offset < 0 for _, offset in below_legend_top), below_legend_top
    assert page.page_errors == [] and page.external_requests == []
