"""Take the README's screenshots from the real app in headless Chromium.

Usage::

    .venv/bin/python scripts/take_screenshots.py

Writes ``docs/dashboard.png`` (the dashboard's default view),
``docs/as-of-2015.png`` and ``docs/as-of-today.png`` (the region on two dates)
and ``docs/report-16x9.png`` (the report frame).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, App, app_env  # noqa: E402

DOCS = REPO / "docs"


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

            page.goto(app.url + "?report=1")
            report = page.frame_locator("iframe").first.locator("#ca-report")
            report.wait_for(timeout=90_000)
            page.set_viewport_size({"width": 1700, "height": 1100})
            frame = next(f for f in page.frames if f.url == "about:srcdoc" and f.locator(".leaflet-container").count())
            frame.locator("path.ca-leg").first.wait_for(state="attached")
            report.screenshot(path=str(DOCS / "report-16x9.png"))
            browser.close()
    finally:
        app.stop()
    for name in ("dashboard.png", "as-of-2015.png", "as-of-today.png", "report-16x9.png"):
        print(f"wrote docs/{name} ({(DOCS / name).stat().st_size / 1024:,.0f} KB)")


if __name__ == "__main__":
    main()
