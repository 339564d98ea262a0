"""While one visitor's heavy text is being read, another visitor's map still opens."""

from __future__ import annotations

import pytest

from harness.browser import App, Watched, app_env

pytestmark = pytest.mark.browser

#: Two million characters naming one place, numbered: a pasted text at its limit whose every mention stands in
#: new words, so none is judged from memory (the slowest text to read; a plain repeat is read in a few seconds).
DENSE_TEXT = " ".join(f"Baku {n}" for n in range(250_000))[:2_000_000]


@pytest.fixture
def busy_app():
    """An app of its own: stopping it also stops the heavy reading the test leaves running."""
    running = App(app_env())
    yield running
    running.stop()


def test_a_second_browser_keeps_working_while_a_dense_text_is_read(busy_app, browser):
    first = Watched(browser.new_context(viewport={"width": 1500, "height": 1300}).new_page())
    second = Watched(browser.new_context(viewport={"width": 1500, "height": 1300}).new_page())
    try:
        second.page.goto(busy_app.url)
        second.wait_for_map()
        first.page.goto(busy_app.url)
        first.wait_for_map()
        first.page.get_by_role("tab", name="Read a text").click()
        area = first.page.get_by_label("…or paste the text")
        area.fill(DENSE_TEXT)
        area.press("Control+Enter")  # seconds of reading in the server for the first visitor

        # meanwhile the second visitor filters the map, and it follows
        legs_before = int(second.map_page().evaluate("() => +document.querySelector('.folium-map').dataset.shownLegs"))
        second.page.locator('button[aria-label="Remove Rail"]').click()
        second.map_page().wait_for_function(
            "n => +document.querySelector('.folium-map').dataset.shownLegs < n", arg=legs_before, timeout=30_000
        )
        # the first reading was still going on: the second visitor did not wait for it
        assert first.page.get_by_text("mentions of", exact=False).count() == 0
        first.page.get_by_text("mentions of", exact=False).first.wait_for(timeout=120_000)  # and it does finish
        assert second.page_errors == [] and first.page_errors == []
    finally:
        first.page.context.close()
        second.page.context.close()
