"""Export the report frame as PNG, PDF or SVG by rendering the browser map's own page in headless Chromium.

The dashboard's preview and the export are one page (static/map/atlas-report.js) given the same arguments,
so labels, colours, callouts and notes are the same. The page is served to Chromium from the map's folder
through request interception: nothing else is fetched, and no server is started.
"""

from __future__ import annotations

import base64
import concurrent.futures
import json
import mimetypes
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

#: Where the page is served from inside the export browser (an address that cannot resolve).
PAGE_ORIGIN = "http://corridor-atlas.invalid/"
ENV_CHROMIUM = "CORRIDOR_ATLAS_CHROMIUM"
DOM_TO_SVG = Path(__file__).resolve().parents[1] / "static" / "vendor" / "dom-to-svg.min.js"
FORMATS = ("png", "pdf", "svg")
PNG_PIXEL_RATIO = 2.0
#: Halos of map text in SVG exports (the page draws them with CSS text-shadow, which SVG has not).
SVG_HALO_CSS = (
    ".ca-label text, .ca-country text { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; "
    "stroke-linejoin: round; stroke-opacity: 0.9; }"
)


#: Addresses the page asks the app's server for, not the map's folder (database layers' tiles).
SERVER_PREFIX = "api/"
#: Answers a path below the server's root (``api/…``) with its bytes and content type, or ``None``.
ServerFiles = Callable[[str], "tuple[bytes, str] | None"]


class ExportUnavailable(RuntimeError):
    """The export browser could not run (not installed, or it failed); the message says what to do."""


def chromium_path() -> str:
    """The Chromium binary exports use: ``$CORRIDOR_ATLAS_CHROMIUM``, else Debian's ``chromium`` on the PATH."""
    configured = os.environ.get(ENV_CHROMIUM, "").strip()
    found = configured or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).exists():
        raise ExportUnavailable(
            "Map exports need Chromium, which is not installed here: install Debian's `chromium` package "
            f"(or set {ENV_CHROMIUM} to a Chromium binary)."
        )
    return found


def render_frame(
    bundle_dir: Path,
    args: dict,
    fmt: str,
    *,
    pixel_ratio: float = PNG_PIXEL_RATIO,
    server_files: ServerFiles | None = None,
) -> bytes:
    """The report frame described by ``args`` (the map component's arguments, with ``report``) as ``fmt`` bytes.

    ``server_files`` answers the page's requests to the app's server (``api/…``: database layers' tiles).
    Runs in a thread of its own, so it works from inside an asyncio loop (Playwright's sync API needs that).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return _render_in_thread(Path(bundle_dir), args, fmt, pixel_ratio, server_files, {})


def _render_in_thread(
    bundle_dir: Path, args: dict, fmt: str | None, pixel_ratio: float, server_files, served: dict
) -> bytes:
    if not args.get("report"):
        raise ValueError("the arguments describe no report frame (args['report'] is missing)")
    executable = chromium_path()
    args = {**args, "report": {**args["report"], "export": True}}
    job = (bundle_dir, args, fmt, pixel_ratio, executable, server_files, served)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render, *job).result()


def _render(
    bundle_dir: Path, args: dict, fmt: str | None, pixel_ratio: float, executable: str, server_files, served: dict
) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    width, height = args["report"]["size"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            try:
                page = browser.new_page(
                    viewport={"width": int(width), "height": int(height)}, device_scale_factor=pixel_ratio
                )
                page.route("**/*", lambda route: route.abort())
                page.route(PAGE_ORIGIN + "**", lambda route: _serve(route, bundle_dir, server_files, served))
                page.goto(PAGE_ORIGIN + "index.html")
                page.wait_for_function("() => window.atlasView !== undefined")
                page.evaluate("args => window.postMessage({type: 'streamlit:render', args: args}, '*')", args)
                page.wait_for_function("() => window.atlasView.report !== undefined")
                page.evaluate("() => window.atlasView.settle()")
                return _capture(page, fmt, width, height) if fmt else b""
            finally:
                browser.close()
    except PlaywrightError as error:
        raise ExportUnavailable(f"The export browser failed: {error.message.splitlines()[0]}") from error


def _serve(route, bundle_dir: Path, server_files=None, served: dict | None = None) -> None:
    """Answer a request of the export page from the map's folder (and nothing outside it), or for ``api/…``
    from ``server_files`` (what it answered is noted in ``served``)."""
    relative = unquote(urlparse(route.request.url).path).lstrip("/")
    if relative.startswith(SERVER_PREFIX):
        answer = server_files(relative) if server_files else None
        if answer is None:
            route.fulfill(status=404, body="not found")
            return
        body, content_type = answer
        if served is not None:
            served[relative] = body
        route.fulfill(status=200, body=body, content_type=content_type)
        return
    root = bundle_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        route.fulfill(status=404, body="not found")
        return
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=target.read_bytes(), content_type=content_type)


def _capture(page, fmt: str, width: int, height: int) -> bytes:
    frame = page.locator("#ca-report")
    if fmt == "png":
        return frame.screenshot(type="png", animations="disabled")
    if fmt == "pdf":
        page.emulate_media(media="screen")
        page.add_style_tag(content=f"@page {{ size: {width}px {height}px; margin: 0 }}")
        return page.pdf(width=f"{width}px", height=f"{height}px", print_background=True, page_ranges="1")
    page.add_script_tag(path=str(DOM_TO_SVG))
    markup = page.evaluate(
        """HALO_CSS => {
            const frame = document.getElementById('ca-report');
            const svg = window.domToSvg.elementToSVG(frame);
            // a mask sized to its object's box hides a horizontal line (its box has no height): use page units
            svg.querySelectorAll('mask').forEach(m => m.setAttribute('maskUnits', 'userSpaceOnUse'));
            // CSS text halos (text-shadow) do not carry over: draw them as a white stroke under the text
            const style = svg.createElementNS('http://www.w3.org/2000/svg', 'style');
            style.textContent = HALO_CSS;
            svg.documentElement.insertBefore(style, svg.documentElement.firstChild);
            return new XMLSerializer().serializeToString(svg);
        }""",
        SVG_HALO_CSS,
    )
    return markup.encode("utf-8")


def standalone_html(bundle_dir: Path, args: dict, *, server_files: ServerFiles | None = None) -> str:
    """The report frame as one HTML file that opens offline: the same page with its scripts, styles, data and
    basemap embedded, still interactive (pan, zoom, drag callouts).

    Database layers' tiles are the ones the frame shows: the page is rendered once (as for a PNG) to learn which,
    and those are embedded; elsewhere the layers are not drawn.
    """
    from carto.escape import script_json
    from carto.webmap import BASEMAP_FILES, SCRIPTS, STATIC_DIR, STYLESHEETS, build_map_page, map_config

    bundle_dir = Path(bundle_dir)
    config = map_config(data_base="data/", standalone_args=args, online_tiles=False)
    page = build_map_page(config)
    files = {f"basemap/{path.name}": path.read_bytes() for path in BASEMAP_FILES.values()}
    main = bundle_dir / "data" / args["data"]
    files[f"data/{args['data']}"] = main.read_bytes()
    for level_file in json.loads(main.read_bytes()).get("levels", {}).values():
        files[f"data/{level_file}"] = (bundle_dir / "data" / level_file).read_bytes()
    if args.get("database_layers") and server_files:
        served: dict[str, bytes] = {}
        _render_in_thread(bundle_dir, args, None, 1.0, server_files, served)
        files.update({path: body for path, body in served.items() if not path.endswith(".json")})
    embedded = {name: base64.b64encode(data).decode("ascii") for name, data in files.items()}
    inline = [f"<script>window.AtlasMapFiles = {script_json(embedded)};</script>"]
    for name in SCRIPTS:
        body = (STATIC_DIR / name).read_text(encoding="utf-8").replace("</script", "<\\/script")
        tag = f'<script src="{name}"></script>'
        if tag not in page:
            raise ValueError(f"{name} is not linked from the map page; folium's page layout has changed")
        page = page.replace(tag, "")
        inline.append(f"<script>{body}</script>")
    for name in STYLESHEETS:
        tag = f'<link rel="stylesheet" href="{name}"/>'
        if tag not in page:
            raise ValueError(f"{name} is not linked from the map page; folium's page layout has changed")
        page = page.replace(tag, f"<style>{(STATIC_DIR / name).read_text(encoding='utf-8')}</style>")
    head = "<head>"
    return page.replace(head, head + "\n" + "\n".join(inline), 1)
