"""The browser map page, built with folium: Leaflet, the offline basemap and the Corridor Atlas map script.

The page is the same for every view: what it shows is decided in the browser
from the data files (``carto.weblayer``) and the view state the host sends.
Every asset is a local file next to the page; nothing is fetched from the internet.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import folium
from branca.element import Element, MacroElement, Template

from carto.escape import html_text
from carto.symbology import BORDER_COLOUR, LAND_COLOUR, SEA_COLOUR, STATUS_STYLES
from carto.weblayer import COORDINATE_UNIT_DEG, map_styles
from corridors.frames import AUTO_LOCATED_KIND
from geo.basemap import BASEMAP_PATH, DISPLAY_BASEMAP_PATH, WORLD_BASEMAP_DIR

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
#: Vendored scripts and styles the page loads, in order (file names under ``static/vendor`` or ``static/map``).
SCRIPTS = (
    "vendor/leaflet.js",
    "vendor/rbush.min.js",
    "vendor/topojson-client.min.js",
    "vendor/leaflet-gesture-handling.min.js",
    "vendor/vector-tile.min.js",
    "map/atlas-map.js",
    "map/atlas-data.js",
    "map/atlas-labels.js",
    "map/atlas-legend.js",
    "map/atlas-report.js",
    "map/atlas-pick.js",
    "map/atlas-tiles.js",
)
STYLESHEETS = ("vendor/leaflet.css", "vendor/leaflet-gesture-handling.min.css", "map/atlas-map.css")
BASEMAP_FILES = {
    "world110": WORLD_BASEMAP_DIR / "world-110m.topo.json",
    "world50": WORLD_BASEMAP_DIR / "world-50m.topo.json",
    "region": DISPLAY_BASEMAP_PATH,
    "regionFull": BASEMAP_PATH,
    "countryLabels": WORLD_BASEMAP_DIR / "country-labels.json",
}
CREDIT = "Basemap: Natural Earth (public domain) · Corridor Atlas catalog, sources per feature"
#: An online tile layer the analyst may switch on (off by default; the map never needs it).
ONLINE_TILES = {
    "name": "OpenStreetMap tiles (online)",
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "© OpenStreetMap contributors",
}
MIN_ZOOM, MAX_ZOOM = 2, 12


class AtlasMapScript(MacroElement):
    """Attaches the Corridor Atlas script to the folium map with its configuration (JSON-encoded)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.AtlasMap.attach({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict):
        super().__init__()
        self._name = "AtlasMapScript"
        self.config = config


def map_config(*, data_base: str = "", standalone_args: dict | None = None, online_tiles: bool = True) -> dict:
    """What the browser script needs besides the data: asset names, style tables, the default view."""
    config = {
        "assets": {key: f"basemap/{path.name}" for key, path in BASEMAP_FILES.items()},
        "dataBase": data_base,
        "coordinateUnit": COORDINATE_UNIT_DEG,
        "styles": map_styles(),
        "statuses": [
            {"key": key, "label": style.label, "dash": style.dash, "opacity": style.opacity}
            for key, style in STATUS_STYLES.items()
        ],
        "land": LAND_COLOUR,
        "border": BORDER_COLOUR,
        "defaultBounds": list(DEFAULT_VIEW_BOUNDS),
        "onlineTiles": ONLINE_TILES if online_tiles else None,
        "unfilteredKinds": [AUTO_LOCATED_KIND],
    }
    if standalone_args is not None:
        config["standaloneArgs"] = standalone_args
    return config


def build_map_page(config: dict) -> str:
    """The HTML page of the browser map (folium), loading its assets from relative URLs."""
    fmap = folium.Map(
        location=[42.0, 55.0],
        zoom_start=4,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        prefer_canvas=False,
        attribution_control=True,
        gestureHandling=True,
        worldCopyJump=False,
        # tiles appear at once: a fade repaints the map on every frame for each tile that arrives
        fadeAnimation=False,
    )
    fmap.default_js = [(f"ca_script_{i}", name) for i, name in enumerate(SCRIPTS)]
    fmap.default_css = [(f"ca_style_{i}", name) for i, name in enumerate(STYLESHEETS)]
    fmap.get_root().header.add_child(
        Element(f"<style>div.leaflet-container{{background:{SEA_COLOUR};}}</style>"), name="ca_sea"
    )
    Attribution(CREDIT).add_to(fmap)
    AtlasMapScript(config).add_to(fmap)
    return fmap.get_root().render()


def write_if_changed(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, unless it already holds exactly that (a page may be reading it)."""
    if target.exists() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


def copy_map_assets(directory: Path) -> None:
    """Copy the scripts, styles, images and basemap files the page loads into ``directory``."""
    sources = {name: STATIC_DIR / name for name in (*SCRIPTS, *STYLESHEETS)}
    sources.update({f"vendor/images/{p.name}": p for p in (STATIC_DIR / "vendor" / "images").iterdir()})
    sources.update({f"basemap/{p.name}": p for p in BASEMAP_FILES.values()})
    for name, source in sources.items():
        write_if_changed(directory / name, source.read_bytes())


#: The region the dashboard opens on (lon_min, lat_min, lon_max, lat_max): Istanbul to the Chinese border.
DEFAULT_VIEW_BOUNDS = (26.0, 29.5, 84.0, 56.0)


class Attribution(MacroElement):
    """Adds a (plain-text) credit line to Leaflet's attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(false);
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = html_text(text)
