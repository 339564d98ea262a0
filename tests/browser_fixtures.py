"""Browser fixtures shared by every test folder: the real app, Chromium, and a watched page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.browser import CHROMIUM, CHROMIUM_ARGS, App, Watched, app_env


@pytest.fixture(scope="session")
def app() -> Iterator[App]:
    running = App(app_env())
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make test does)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1300}, accept_downloads=True)
    watched = Watched(context.new_page())
    yield watched
    context.close()
