"""Two app servers on one PostGIS catalog: a save on one is seen on the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corridors.storage import import_catalog
from harness.browser import App, app_env, paste_text

pytestmark = pytest.mark.browser

TEXT = "Паромы из порта Курык идут в Алят. Грузы из Кызылорды идут в Актау."


@pytest.fixture
def two_servers(database_url: str, catalog_dir: Path) -> Iterator[tuple[App, App]]:
    import_catalog(database_url, catalog_dir, check_map=False)
    env = app_env(CORRIDOR_ATLAS_DATABASE_URL=database_url, CORRIDOR_ATLAS_EDITING="1")
    first = App(env)
    try:
        second = App(env)
    except BaseException:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()


def read(page, url: str) -> None:
    page.goto(url)
    paste_text(page, TEXT)


def test_a_source_saved_on_one_server_is_known_on_the_other(two_servers, browser):
    first, second = two_servers
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    read(page, first.url)
    page.get_by_label("Title").fill("Паромы")
    page.get_by_label("URL").fill("https://example.org/paromy")
    page.get_by_role("button", name="Save source").click()
    page.get_by_text("Saved as source", exact=False).wait_for(timeout=60_000)

    other = context.new_page()
    read(other, second.url)
    other.get_by_text("This text is in the catalog as source", exact=False).wait_for(timeout=60_000)
    # and the other server's review queue can accept into it at once: the text is a source there too
    other.get_by_label("Review a name").click()
    other.get_by_role("option", name="Kyzylorda", exact=False).click()
    other.get_by_role("button", name="Accept into the catalog").click()
    other.get_by_text("Added Kyzylorda to the catalog", exact=False).wait_for(timeout=60_000)
    read(page, first.url)  # the first server follows: Kyzylorda is in the catalog now, not in the queue
    page.get_by_text("0 names to review", exact=False).wait_for(timeout=60_000)
    page.get_by_text("4 mentions of 4 catalog entries", exact=False).wait_for(timeout=30_000)  # Kyzylorda too
    context.close()
