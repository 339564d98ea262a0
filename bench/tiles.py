"""A large layer from PostGIS on the browser map: 100,000 irregular lines × 200 vertices, served as vector tiles.

Run ``python -m bench.tiles`` (``--lines``, ``--runs``; about 10 minutes for the defaults on a 2-core machine). It
starts a throwaway PostgreSQL with PostGIS, imports the shipped catalog, then in each run starts the app
(``streamlit run serve.py``) on that database and opens it in headless Chromium (1280×900):

- **baseline**: before the layer is imported, the same app and database with the catalog alone;
- **layer**: after ``db import-layer`` of ``--lines`` lines from ``bench.generate_layer --irregular`` (written as a
  GeoPackage), with its tiles prepared as the command does (up to zoom 8).

Figures per run: server start → map visible, page open → map visible (the map has its data and labels, no tile is
loading and, with the layer, its features are drawn), then in the page's own clock the time from a pan by half
a zoom in by one step, a jump to zoom 9, a pan by half the map's width there and a jump to zoom 7 until every new
tile is drawn (the baseline has no tiles to wait for: its figures are the floor); and the app server's peak
memory (VmHWM). The import and tile preparation are timed once. Medians over runs, and layer / baseline
ratios for the figures both have.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate_layer import write_layer
from bench.run import peak_memory_mib
from corridors import layerstore
from corridors.catalog import DEFAULT_CATALOG_DIR, load_catalog
from corridors.storage import import_catalog, init_database
from harness.browser import CHROMIUM, CHROMIUM_ARGS, REPO, Watched, app_env, free_port
from harness.postgres import TemporaryPostgres

VIEWPORT = {"width": 1280, "height": 900}
LOG_DIR = REPO / "bench" / "results" / "logs"
#: Every tile loaded and drawn (and, with a layer, features drawn): what "visible" means here.
SETTLED_JS = """wantFeatures => {
    const map = document.querySelector('.folium-map');
    if (!map || map.dataset.ready !== '1' || !map.dataset.labelPass) return false;
    if (map.dataset.tilesPending !== undefined && map.dataset.tilesPending !== '0') return false;
    return !wantFeatures || Number(map.dataset.databaseFeatures || 0) > 0;
}"""
#: Moves the map, then resolves with the milliseconds until no tile is loading, and how many tiles were asked for.
MOVE_JS = """async move => {
    const view = window.atlasView, map = view.map, box = view.container;
    const asked = Number(box.dataset.tilesRequested || 0);
    const started = performance.now();
    if (move.pan) map.panBy([map.getSize().x / 2, 0], {animate: false});
    if (move.zoomIn) map.setZoom(map.getZoom() + 1, {animate: false});
    if (move.to) map.setView(move.to, move.zoom, {animate: false});
    await new Promise(resolve => (function check() {
        box.dataset.tilesPending === '0' ? resolve() : requestAnimationFrame(check);
    })());
    await new Promise(resolve => requestAnimationFrame(() => resolve()));
    return {ms: performance.now() - started, tiles: Number(box.dataset.tilesRequested || 0) - asked,
            features: Number(box.dataset.databaseFeatures || 0)};
}"""
MOVES = (
    ("zoom in one step", {"zoomIn": True}),
    ("jump to zoom 9 (Tashkent)", {"to": [41.3, 69.3], "zoom": 9}),
    ("pan by half the map", {"pan": True}),
    ("jump to zoom 7 (Aral Sea)", {"to": [45.0, 60.0], "zoom": 7}),
)


def run_app(url: str, *, with_layer: bool, timeout_s: float) -> dict:
    """One run: start the app on database ``url``, open it, move the map; the figures."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = (LOG_DIR / f"tiles-{'layer' if with_layer else 'baseline'}-{port}.log").open("w")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=REPO,
        env=app_env(CORRIDOR_ATLAS_DATABASE_URL=url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    figures: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            watched = Watched(page)
            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=timeout_s * 1000)
                    break
                except Exception:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise
                    time.sleep(0.2)  # the server is still starting
            opened = time.perf_counter()
            frame = watched.map_page()
            frame.wait_for_function(SETTLED_JS, arg=with_layer, timeout=timeout_s * 1000, polling=50)
            visible = time.perf_counter()
            figures["start_to_visible_s"] = visible - started
            figures["open_to_visible_s"] = visible - opened
            figures["features_drawn"] = int(
                frame.evaluate("() => Number(window.atlasView.container.dataset.databaseFeatures || 0)")
            )
            for name, move in MOVES:
                result = frame.evaluate(MOVE_JS, move)
                figures[name] = result["ms"] / 1000
                figures[f"{name}: tiles"] = result["tiles"]
            figures["errors"] = len(watched.console_errors) + len(watched.page_errors)
            figures["peak_mib"] = peak_memory_mib(process.pid)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    return figures


def summary(name: str, runs: list[dict], baseline: list[dict] | None = None) -> None:
    keys = [key for key in runs[0] if not key.endswith(": tiles")]
    for key in keys:
        values = [run[key] for run in runs if run.get(key) is not None]
        if not values:
            continue
        median = statistics.median(values)
        line = f"  {key:32} median {median:8.2f}  [{min(values):.2f}–{max(values):.2f}]"
        if f"{key}: tiles" in runs[0]:
            line += f"  tiles {statistics.median(run[f'{key}: tiles'] for run in runs):.0f}"
        if baseline and baseline[0].get(key):
            base = statistics.median(run[key] for run in baseline if run.get(key) is not None)
            if base:
                line += f"  × {median / base:.2f} of baseline"
        print(line)
    print(f"  ({name})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tiles", description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args(argv)
    os.environ.setdefault("CORRIDOR_ATLAS_CHROMIUM", CHROMIUM)

    server = TemporaryPostgres().start()
    with tempfile.TemporaryDirectory(prefix="bench-tiles-") as folder:
        try:
            init_database(server.url)
            import_catalog(server.url, DEFAULT_CATALOG_DIR)
            baseline = [run_app(server.url, with_layer=False, timeout_s=args.timeout) for _ in range(args.runs)]
            print("catalog only (baseline):")
            summary("baseline", baseline)

            path = Path(folder) / "bench-lines.gpkg"
            write_layer(path, args.lines, irregular=True)
            started = time.perf_counter()
            stored = layerstore.import_layer(server.url, path, load_catalog(DEFAULT_CATALOG_DIR))
            imported = time.perf_counter()
            made = layerstore.prepare_tiles(server.url, stored)
            prepared = time.perf_counter()
            print(
                f"layer: {stored.features:,} lines, {stored.vertices:,} vertices ({path.stat().st_size / 1e6:.0f} MB "
                f"GeoPackage); import {imported - started:.1f} s, {made} tiles up to zoom "
                f"{layerstore.PREPARED_MAX_ZOOM} prepared in {prepared - imported:.1f} s"
            )
            runs = [run_app(server.url, with_layer=True, timeout_s=args.timeout) for _ in range(args.runs)]
            print(f"catalog and the {stored.features:,}-line layer from PostGIS:")
            summary("layer", runs, baseline)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
