"""Take the README's screenshots from the real app in headless Chromium.

Usage::

    .venv/bin/python scripts/take_screenshots.py

Writes ``docs/dashboard.png`` (the dashboard's default view),
``docs/as-of-2015.png`` and ``docs/as-of-today.png`` (the region on two dates)
``docs/read-a-text-ru.png`` (a Russian paragraph's mentions and auto-located places),
``docs/review-queue-ru.png`` (the same paragraph's review queue, one name being placed on the map),
``docs/report-composer.png`` (the report composer) and ``docs/report-export.png`` (its PNG export, 2×,
with two callouts).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from harness.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    App,
    Watched,
    app_env,
    export_report_frame,
    paste_text,
)

DOCS = REPO / "docs"
#: The README's report: the Caspian crossing in 16:9, with two quotes as callouts.
REPORT_QUERY = (
    "report=1&center=41.6,53.5&zoom=5.25&callouts=1,2"
    "&title=The%20Trans-Caspian%20crossing&subtitle=What%20the%20interview%20says%20about%20the%20Middle%20Corridor"
)


#: A Russian paragraph written for the screenshot: catalog places, places the catalog lacks, and inflected forms.
RUSSIAN_TEXT = (
    "Контейнерные поезда из Кызылорды и Самарканда идут через Туркменбаши и порт Курык, а паромы из Актау "
    "доставляют грузы в порт Алят. По словам экспертов, Срединный коридор разгрузит маршрут через Шымкент, "
    "а железная дорога Китай — Кыргызстан — Узбекистан свяжет Кашгар с Андижаном и Навои. Паромы из порта Оля "
    "ходят в иранский порт Ноушехр, а поезда через станцию Этрек идут в Горган. Грузовики из Оша идут в Кашгар "
    "через КПП Иркештам."
)


def read_a_text(page, watched, url: str) -> None:
    """``docs/read-a-text-ru.png``: a pasted Russian paragraph, its mentions and the places located offline."""
    page.goto(url)
    watched.wait_for_map()
    paste_text(page, RUSSIAN_TEXT)
    page.get_by_text("Show this text's mentions and quotes on the map").click()
    page.get_by_text("The map shows what", exact=False).wait_for(timeout=60_000)
    page.get_by_role("tab", name="Map").click()
    watched.wait_for_map()
    watched.map_page().locator(".ca-label", has_text="(auto-located)").first.wait_for(timeout=60_000)
    watched.wait_until_still()
    page.screenshot(path=str(DOCS / "read-a-text-ru.png"))


def review_queue(browser) -> None:
    """``docs/review-queue-ru.png``: the paragraph's names the catalog lacks, one being placed on the map (in an
    editable copy of the catalog, which is thrown away)."""
    with tempfile.TemporaryDirectory() as folder:
        catalog = Path(folder) / "catalog"
        shutil.copytree(REPO / "corridors" / "data", catalog)
        app = App(app_env(CORRIDOR_ATLAS_CATALOG=str(catalog), CORRIDOR_ATLAS_EDITING="1"))
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1350})
            page.goto(app.url)
            paste_text(page, RUSSIAN_TEXT)
            page.get_by_text("names to review", exact=False).wait_for(timeout=60_000)
            page.get_by_label("Review a name").click()
            page.keyboard.type("Navoiy")
            page.get_by_role("option", name="Navoiy", exact=False).click()
            page.get_by_text("Set its position on the map").first.click()
            pick_map = page.locator(MAP_FRAME).last
            pick_map.content_frame.locator(".ca-pick-banner").wait_for(timeout=60_000)
            pick_map.content_frame.locator(".folium-map[data-ready='1'][data-label-pass]").wait_for(
                state="attached", timeout=60_000
            )
            page.wait_for_timeout(1500)
            page.get_by_text("names to review", exact=False).evaluate("node => node.scrollIntoView()")
            page.screenshot(path=str(DOCS / "review-queue-ru.png"))
            page.close()
        finally:
            app.stop()


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    app = App(app_env())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            for name, query in (
                ("dashboard.png", ""),
                ("as-of-2015.png", "?asof=2015-06-30&center=41.5,58.5&zoom=4.75"),
                ("as-of-today.png", "?center=41.5,58.5&zoom=4.75"),
            ):
                page.goto(app.url + query)
                ready = page.frame_locator(MAP_FRAME).locator(".folium-map[data-ready='1'][data-label-pass]")
                ready.wait_for(state="attached", timeout=90_000)
                page.frame_locator(MAP_FRAME).locator(".leaflet-zoom-anim").wait_for(state="detached")
                page.screenshot(path=str(DOCS / name), clip={"x": 0, "y": 0, "width": 1440, "height": 1000})

            page.set_viewport_size({"width": 1440, "height": 900})
            watched = Watched(page)
            read_a_text(page, watched, app.url)
            page.goto(app.url + "?" + REPORT_QUERY)
            watched.wait_for_map()
            watched.map_page().wait_for_function(
                "() => window.atlasView.calloutBoxes && document.querySelector('.folium-map').dataset.callouts === '2'"
            )
            watched.wait_until_still()
            page.screenshot(path=str(DOCS / "report-composer.png"))
            exported = export_report_frame(watched, "png", DOCS)
            exported.replace(DOCS / "report-export.png")
            review_queue(browser)
            browser.close()
    finally:
        app.stop()
    for name in (
        "dashboard.png",
        "as-of-2015.png",
        "as-of-today.png",
        "read-a-text-ru.png",
        "review-queue-ru.png",
        "report-composer.png",
        "report-export.png",
    ):
        print(f"wrote docs/{name} ({(DOCS / name).stat().st_size / 1024:,.0f} KB)")


if __name__ == "__main__":
    main()
