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
