"""Starting the real app with ``streamlit run`` and driving it in Debian's Chromium (tests, benchmarks, screenshots)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("CORRIDOR_ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="ui.map_component.atlas_map"]'
LOCAL_PREFIXES = (
    "http://127.0.0.1",
    "http://localhost",
    "ws://127.0.0.1",
    "ws://localhost",
    "data:",
    "blob:",
    "about:",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class App:
    """A running ``streamlit run serve.py`` process (the app and its tile routes)."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = ARTIFACTS / f"streamlit-{self.port}.log"
        ARTIFACTS.mkdir(exist_ok=True)
        self._log_handle = self.log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "serve.py",
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
            ],
            cwd=REPO,
            env=env,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_healthy()
        except RuntimeError:
            self.stop()
            raise

    def _wait_healthy(self, timeout_s: float = 90.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)  # polling a server that is starting, not waiting on the UI
        raise RuntimeError("streamlit did not become healthy")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self._log_handle.close()


def app_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORRIDOR_ATLAS_")}
    env.update(overrides)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


class Watched:
    """A page with the console errors and non-local requests it produced."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.external_requests: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(LOCAL_PREFIXES) else self.external_requests.append(r.url))
        page.on("dialog", lambda d: (self.page_errors.append(f"dialog: {d.message}"), d.dismiss()))

    def map(self):
        return self.page.frame_locator(MAP_FRAME)

    def wait_for_map(self, timeout_ms: float = 90_000) -> None:
        """Wait until the map has its data, has drawn it and has placed its labels."""
        self.map().locator(".folium-map[data-ready='1'][data-label-pass]").wait_for(
            state="attached", timeout=timeout_ms
        )
        self.map().locator("path.ca-leg, .ca-symbol").first.wait_for(state="attached", timeout=timeout_ms)

    def map_page(self):
        """The map's frame as a Playwright Frame (for ``evaluate``), once the map is drawn."""
        self.wait_for_map()
        for frame in self.page.frames:
            if "atlas_map" in frame.url and frame.locator(".folium-map[data-ready='1']").count():
                return frame
        raise AssertionError("map frame not found")

    def label_pass(self) -> int:
        return int(self.map_page().evaluate("() => +document.querySelector('.folium-map').dataset.labelPass"))

    def wait_for_labels_at_zoom_after(self, count: int) -> None:
        """Wait until a label pass since pass ``count`` has placed the labels for the zoom the map has come to
        (an earlier pass, e.g. from a rerun that was under way, does not count)."""
        self.map_page().wait_for_function(
            """n => {
                const map = document.querySelector('.folium-map');
                return +map.dataset.labelPass > n && !map.querySelector('.leaflet-zoom-anim')
                    && map.dataset.labelZoom === String(window.atlasView.map.getZoom());
            }""",
            arg=count,
            timeout=30_000,
        )

    def wait_until_still(self) -> None:
        """Wait until Leaflet has finished any zoom or pan animation."""
        self.map().locator(".leaflet-zoom-anim, .leaflet-pan-anim").wait_for(state="detached", timeout=30_000)

    def screenshot(self, name: str) -> Path:
        self.wait_until_still()
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


#: The composer's export formats as its radio buttons name them.
FRAME_FORMAT_LABELS = {
    "png": "PNG (2×)",
    "pdf": "PDF (vector, text as text)",
    "svg": "SVG (vector, text as text)",
    "html": "HTML (interactive, opens offline)",
}


def export_report_frame(watched: Watched, fmt: str, target_dir: Path) -> Path:
    """Export the report frame open in ``watched`` (report mode) as ``fmt`` through the composer; the saved file."""
    import re

    page = watched.page
    page.get_by_text(FRAME_FORMAT_LABELS[fmt], exact=True).click()
    page.get_by_role("button", name="Prepare download").click()
    button = page.get_by_role("button", name=re.compile("^Download " + re.escape(FRAME_FORMAT_LABELS[fmt])))
    button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    target = target_dir / download.value.suggested_filename
    download.value.save_as(target)
    return target


#: Streamlit's marks of a script run under way: its running icon, and elements left from the previous run.
_RUN_UNDER_WAY = (
    "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon'], "
    "[data-testid='stElementContainer'][data-stale='true']"
)


def wait_until_idle(page, timeout_ms: float = 120_000) -> None:
    """Wait until the app has finished its script run (a click during a run can be lost when the run redraws)."""
    page.wait_for_function(
        "selector => !document.querySelector(selector)", arg=_RUN_UNDER_WAY, timeout=timeout_ms, polling=250
    )


def paste_text(page, text: str, *, wait_for: str = "to review.") -> None:
    """Open *Read a text* on a Playwright page of the app, paste ``text`` and wait until it has been read."""
    page.get_by_role("tab", name="Read a text").click()
    area = page.get_by_label("…or paste the text")
    area.fill(text)
    area.press("Control+Enter")
    page.get_by_text(wait_for, exact=False).first.wait_for(timeout=60_000)
