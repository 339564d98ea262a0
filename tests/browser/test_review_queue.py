"""The review queue in the real app: a name placed by hand on the map and accepted, another one rejected."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from corridors.catalog import load_catalog
from harness.browser import MAP_FRAME, App, app_env, paste_text, wait_until_idle

pytestmark = pytest.mark.browser

TEXT = (
    "Грузы из Кызылорды пойдут через порт Актау в Баку. Поезда из Навои везут хлопок в Кызылорду. "
    "Паромы заходят в порт Акшукур дважды в неделю."
)


@pytest.fixture(scope="module")
def editable(tmp_path_factory, repo_root: Path) -> Iterator[tuple[App, Path]]:
    directory = tmp_path_factory.mktemp("review") / "catalog"
    shutil.copytree(repo_root / "corridors" / "data", directory)
    running = App(app_env(CORRIDOR_ATLAS_CATALOG=str(directory), CORRIDOR_ATLAS_EDITING="1"))
    yield running, directory
    running.stop()


def current_name_field(page):
    """The review form's name field of this run (not a stale copy left while the app redraws)."""
    return page.locator("[data-testid='stElementContainer']:not([data-stale='true']) input[aria-label='Name']")


def test_a_name_is_placed_on_the_map_accepted_and_another_rejected(editable, page):
    app, directory = editable
    browser_page = page.page
    browser_page.goto(app.url)
    paste_text(browser_page, TEXT, wait_for="3 names to review")
    # accepting needs the text in the catalog first: it says so
    browser_page.get_by_text("Save this text as a source first", exact=False).first.wait_for(timeout=30_000)
    browser_page.get_by_label("Title").fill("Паромы и поезда")
    browser_page.get_by_label("URL").fill("https://example.org/paromy")
    browser_page.get_by_role("button", name="Save source").click()
    browser_page.get_by_text("Saved as source", exact=False).wait_for(timeout=60_000)
    wait_until_idle(browser_page)  # a choice made while the app redraws can be lost

    # Акшукур: not in the gazetteer; click where it is on the map, keep it, accept it under its English name
    browser_page.get_by_label("Review a name").click()
    browser_page.get_by_role("option", name="Акшукур", exact=False).click()
    expect(current_name_field(browser_page)).to_have_value("Акшукур", timeout=60_000)  # drawn
    wait_until_idle(browser_page)
    browser_page.get_by_text("Set its position on the map").click()
    pick_map = browser_page.locator(MAP_FRAME).last
    frame = pick_map.content_frame
    frame.locator(".ca-pick-banner", has_text="Акшукур").wait_for(timeout=30_000)
    frame.locator(".folium-map[data-ready='1']").wait_for(state="attached", timeout=60_000)
    container = frame.locator(".leaflet-container")
    box = container.bounding_box()
    container.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    clicked = pick_map.element_handle().content_frame().evaluate("() => window.atlasView.lastPick")
    browser_page.get_by_role("button", name="Keep this position", exact=False).click()
    browser_page.get_by_text("accept it to add it to the catalog", exact=False).wait_for(timeout=30_000)
    wait_until_idle(browser_page)
    current_name_field(browser_page).fill("Akshukur")
    browser_page.get_by_role("button", name="Accept into the catalog").click()
    browser_page.get_by_text("Added Akshukur to the catalog", exact=False).wait_for(timeout=30_000)
    wait_until_idle(browser_page)

    catalog = load_catalog(directory)
    place = next(p for p in catalog.places.values() if p.name == "Akshukur")
    assert (place.lat, place.lon) == (clicked["lat"], clicked["lon"])
    assert place.kind == "port" and place.precision == "approximate" and "Акшукур" in place.aliases
    assert [catalog.texts[q.source][q.start : q.end] for q in place.quotes] == [q.text for q in place.quotes]

    # Navoiy: rejected, and not offered again
    browser_page.get_by_label("Review a name").click()
    browser_page.get_by_role("option", name="Navoiy", exact=False).click()
    expect(current_name_field(browser_page)).to_have_value("Navoiy", timeout=60_000)  # after a rerun
    wait_until_idle(browser_page)
    browser_page.get_by_role("button", name="Reject").click()
    browser_page.get_by_text("1 name to review", exact=False).wait_for(timeout=30_000)
    assert [d.name for d in load_catalog(directory).review.values()] == ["Navoiy"]
    assert page.page_errors == [] and page.external_requests == []
