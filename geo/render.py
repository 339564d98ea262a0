"""The interactive map: folium layers built from entity and leg GeoDataFrames, drawn offline.

Everything from the data is escaped before it reaches HTML: names, tooltips
and quotes are shown as text, never run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element, MacroElement, Template

from geo.escape import html_text
from geo.labels import LabelRequest, PlacedLabel, place_labels, text_box_size
from geo.style import (
    APPROXIMATE_HALO_PX,
    BORDER_COLOUR,
    CAPITAL_STYLE,
    COUNTRY_LABEL_COLOUR,
    DIMMED_OPACITY,
    FONT_FAMILY,
    FORMAT_DASH,
    FORMAT_STYLE,
    HIGHLIGHT_COLOUR,
    KIND_STYLES,
    LAND_COLOUR,
    MODE_STYLES,
    REGION_HALO_PX,
    SEA_COLOUR,
    STATUS_STYLES,
    TEXT_COLOUR,
    MarkerStyle,
    kind_style,
    leg_style,
)

#: Where the app serves Leaflet and jQuery (Streamlit static serving of ./static).
APP_ASSET_URL = "/app/static/vendor"
VENDOR_DIR = Path(__file__).resolve().parents[1] / "static" / "vendor"
ASSET_FILES = {"leaflet.js": "leaflet.js", "jquery.min.js": "jquery.min.js", "leaflet.css": "leaflet.css"}

#: The region the dashboard opens on (lon_min, lat_min, lon_max, lat_max): Istanbul to the Chinese border.
DEFAULT_VIEW_BOUNDS = (26.0, 29.5, 84.0, 56.0)

#: Above this many unquoted lines, their names are left to tooltips and the details panel.
MAX_PLAIN_LINE_LABELS = 40

#: Kinds whose labels are drawn only when they are focused or quoted.
QUIET_KINDS = {"station", "border-crossing", "waypoint"}


@dataclass(frozen=True)
class Footnote:
    """A numbered quote shown on the map: its number, the entities it mentions, and where it is."""

    number: int
    source: str
    start: int
    end: int
    text: str
    entity_ids: tuple[str, ...]
    entity_names: tuple[str, ...]


def zoom_for_bounds(
    bounds: Sequence[float], width_px: float, height_px: float, *, padding_px: float = 24.0, snap: float = 0.25
) -> float:
    """The largest zoom (in steps of ``snap``) at which ``bounds`` (lon/lat) fit in the given pixels."""
    lon_min, lat_min, lon_max, lat_max = bounds

    def merc_y(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max((lon_max - lon_min) / 360.0, 1e-6)
    span_y = max((merc_y(lat_max) - merc_y(lat_min)) / (2 * math.pi), 1e-6)
    usable_w, usable_h = max(width_px - 2 * padding_px, 50), max(height_px - 2 * padding_px, 50)
    zoom = min(math.log2(usable_w / (256 * span_x)), math.log2(usable_h / (256 * span_y)))
    return max(1.0, min(12.0, math.floor(zoom / snap) * snap))


def bounds_center(bounds: Sequence[float]) -> tuple[float, float]:
    """(lat, lon) at the middle of ``bounds`` in Web Mercator."""
    lon_min, lat_min, lon_max, lat_max = bounds

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    y = (merc_y(lat_min) + merc_y(lat_max)) / 2
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), (lon_min + lon_max) / 2


def view_frame(
    center: tuple[float, float], zoom: float, width_px: float, height_px: float
) -> tuple[float, float, float, float]:
    """The lon/lat bounds visible in a map of the given size at ``center`` (lat, lon) and ``zoom``."""
    from geo.labels import lonlat_to_pixels

    cx, cy = lonlat_to_pixels(center[1], center[0], zoom)
    scale = 256.0 * 2.0**zoom

    def to_lonlat(x: float, y: float) -> tuple[float, float]:
        lon = x / scale * 360.0 - 180.0
        lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale))))
        return lon, lat

    lon_min, lat_min = to_lonlat(cx - width_px / 2, cy + height_px / 2)
    lon_max, lat_max = to_lonlat(cx + width_px / 2, cy - height_px / 2)
    return lon_min, lat_min, lon_max, lat_max


def new_map(
    *,
    center: tuple[float, float],
    zoom: float,
    asset_url: str = APP_ASSET_URL,
    width: str | int = "100%",
    height: str | int = "100%",
    interactive: bool = True,
) -> folium.Map:
    """An empty Leaflet map that loads its scripts from ``asset_url`` and needs no tile server."""
    fmap = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        width=width,
        height=height,
        prefer_canvas=False,
        zoom_control=interactive,
        attribution_control=True,
    )
    fmap.default_js = [("leaflet", f"{asset_url}/leaflet.js"), ("jquery", f"{asset_url}/jquery.min.js")]
    fmap.default_css = [("leaflet_css", f"{asset_url}/leaflet.css")]
    fmap.get_root().header.add_child(Element(f"<style>{_map_css()}</style>"))
    NoDefaultIcon().add_to(fmap)
    return fmap


class FetchedGeoJson(MacroElement):
    """A non-interactive GeoJSON layer the browser fetches from ``url``, drawn below everything else."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            if (!map.getPane("basemap")) {
                map.createPane("basemap").style.zIndex = 250;
            }
            fetch({{ this.url|tojson }})
                .then(function(response) {
                    if (!response.ok) { throw new Error("basemap: HTTP " + response.status); }
                    return response.json();
                })
                .then(function(data) {
                    L.geoJSON(data, {style: {{ this.style|tojson }}, interactive: false, pane: "basemap"}).addTo(map);
                    map.getContainer().dataset.basemap = "loaded";
                })
                .catch(function(error) { console.error(error); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, url: str, style: dict):
        super().__init__()
        self._name = "FetchedGeoJson"
        self.url = url
        self.style = style


class NoDefaultIcon(MacroElement):
    """Stops Leaflet fetching its default marker images: every marker here gets a ``DivIcon``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var blank = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";
            L.Icon.Default.imagePath = "";
            L.Icon.Default.mergeOptions({iconUrl: blank, iconRetinaUrl: blank, shadowUrl: blank});
        })();
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "NoDefaultIcon"


def _map_css() -> str:
    return (
        f"div.leaflet-container{{background:{SEA_COLOUR};font-family:{FONT_FAMILY};}}"
        f".ca-label{{font:600 12px/1.25 {FONT_FAMILY};color:{TEXT_COLOUR};white-space:nowrap;"
        "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;pointer-events:none;padding:1px 3px;box-sizing:border-box;}"
        ".ca-label.ca-rank-3,.ca-label.ca-rank-4{font-weight:400;font-size:11px;}"
        ".ca-label.ca-sea{font-style:italic;font-weight:400;color:#2c5d87;letter-spacing:.5px;}"
        ".ca-label.ca-region{font-style:italic;font-weight:400;color:#5b5346;}"
        ".ca-label.ca-corridor{font-weight:700;font-size:12.5px;}"
        ".ca-label .ca-ref{font-weight:700;color:#b3261e;}"
        f".ca-country{{font:600 11px/1 {FONT_FAMILY};color:{COUNTRY_LABEL_COLOUR};letter-spacing:2px;"
        "text-transform:uppercase;white-space:nowrap;pointer-events:none;text-shadow:0 0 2px #fff;}"
        ".ca-symbol{pointer-events:auto;}"
        ".ca-legend{background:rgba(255,255,255,.93);padding:8px 10px;border:1px solid #bbb;border-radius:4px;"
        f"font:11px/1.3 {FONT_FAMILY};color:{TEXT_COLOUR};}}"
        ".ca-legend .ca-cols{display:flex;gap:14px;}"
        ".ca-legend.ca-strip{display:flex;flex-wrap:wrap;column-gap:12px;max-width:700px;padding:4px 8px;}"
        ".ca-legend .ca-row{display:flex;align-items:center;gap:6px;margin:1px 0;white-space:nowrap;}"
        ".ca-legend svg{flex:none;}"
        ".leaflet-control-attribution{font-size:10.5px;max-width:70%;}"
    )


def add_basemap(fmap: folium.Map | folium.FeatureGroup, countries: gpd.GeoDataFrame, *, url: str | None = None) -> None:
    """Land, borders and country names from the shipped Natural Earth layer (no tiles).

    With ``url`` the browser fetches the drawn basemap once as a static file
    (``geo.basemap.DISPLAY_BASEMAP_URL``), so it is not re-sent with every
    rerun; without it the polygons are embedded (standalone pages).
    """
    style = {"fillColor": LAND_COLOUR, "fillOpacity": 1.0, "color": BORDER_COLOUR, "weight": 0.8}
    if url:
        FetchedGeoJson(url, style).add_to(fmap)
    else:
        folium.GeoJson(
            countries[["iso3", "name", "geometry"]].to_json(drop_id=True),
            name="Countries",
            style_function=lambda _: style,
            interactive=False,
            control=False,
            smooth_factor=1.0,
        ).add_to(fmap)
    for name, lon, lat in country_labels(countries):
        width, height = text_box_size(name.upper(), COUNTRY_FONT_PX)
        folium.Marker(
            location=[lat, lon],
            icon=folium.DivIcon(
                html=f'<div class="ca-country">{html_text(name)}</div>',
                icon_size=(round(width), round(height)),
                icon_anchor=(round(width / 2), round(height / 2)),
                class_name="ca-country-icon",
            ),
            interactive=False,
        ).add_to(fmap)


COUNTRY_FONT_PX = 11.0


def country_labels(countries: gpd.GeoDataFrame) -> list[tuple[str, float, float]]:
    """(name, lon, lat) of each country name drawn on the basemap."""
    labels = []
    for row in countries.itertuples(index=False):
        if not isinstance(row.iso3, str) or row.geometry.area < 4.0:
            continue
        lon, lat = COUNTRY_LABEL_POINTS.get(row.iso3) or _label_point(row.geometry)
        labels.append((str(row.name), lon, lat))
    return labels


def country_label_boxes(countries: gpd.GeoDataFrame) -> list[tuple[float, float, float, float]]:
    """The country names as (lon, lat, width_px, height_px) boxes, for label placement."""
    boxes = []
    for name, lon, lat in country_labels(countries):
        width, height = text_box_size(name.upper(), COUNTRY_FONT_PX)
        boxes.append((lon, lat, width * 1.25, height))  # letter-spacing widens capitals
    return boxes


#: Country name positions (lon, lat) that keep clear of the corridors; others use the polygon's interior.
COUNTRY_LABEL_POINTS: dict[str, tuple[float, float]] = {
    "KAZ": (68.0, 50.2),
    "RUS": (45.0, 53.5),
    "TKM": (59.0, 39.6),
    "UZB": (63.2, 42.3),
    "IRN": (55.0, 33.6),
    "AFG": (66.0, 34.3),
    "TUR": (35.0, 38.7),
    "CHN": (81.0, 38.5),
    "KGZ": (75.5, 42.0),
    "TJK": (71.0, 38.9),
    "GEO": (43.5, 42.3),
    "AZE": (47.6, 40.6),
    "ARM": (45.0, 40.1),
    "UKR": (33.0, 49.0),
    "MNG": (82.0, 47.5),
}


def _label_point(geometry) -> tuple[float, float]:
    largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
    point = largest.representative_point()
    return point.x, point.y


#: Order of quotes in the notes: corridors first, then sites, then places and areas.
QUOTE_ORDER = {"corridor": 0, "port": 1, "field": 1, "facility": 1, "terminal": 1, "airport": 1}


def number_quotes(entities: gpd.GeoDataFrame) -> list[Footnote]:
    """Number every distinct quote of the shown entities.

    Quotes about corridors come first, then those about ports, fields and
    facilities, then the rest, each group in reading order of its source, so
    that a report that cannot list every note lists the most telling ones.
    """
    spans: dict[tuple[str, int, int], dict] = {}
    for row in entities.itertuples(index=False):
        for quote in row.quotes or []:
            key = (quote["source"], int(quote["start"]), int(quote["end"]))
            entry = spans.setdefault(key, {"text": quote["text"], "ids": [], "names": [], "group": 2})
            if row.id not in entry["ids"]:
                entry["ids"].append(row.id)
                entry["names"].append(row.name)
                entry["group"] = min(entry["group"], QUOTE_ORDER.get(row.kind, 2))
    ordered = sorted(spans.items(), key=lambda item: (item[1]["group"], item[0]))
    footnotes = []
    for number, (key, entry) in enumerate(ordered, start=1):
        source, start, end = key
        footnotes.append(
            Footnote(number, source, start, end, entry["text"], tuple(entry["ids"]), tuple(entry["names"]))
        )
    return footnotes


def quote_numbers_by_entity(footnotes: Iterable[Footnote]) -> dict[str, list[int]]:
    """Footnote numbers of each entity."""
    numbers: dict[str, list[int]] = {}
    for footnote in footnotes:
        for entity_id in footnote.entity_ids:
            numbers.setdefault(entity_id, []).append(footnote.number)
    return numbers


def line_label_points(geometry) -> list[tuple[float, float]]:
    """Points along a (multi)line where its name may stand: longest part first, middle first."""
    parts = sorted(getattr(geometry, "geoms", [geometry]), key=lambda g: -g.length)
    points = []
    for part in parts[:4]:
        for fraction in (0.45, 0.3, 0.6, 0.15, 0.8):
            point = part.interpolate(fraction, normalized=True)
            points.append((point.x, point.y))
    return points


def label_requests(
    entities: gpd.GeoDataFrame, numbers: dict[str, list[int]], *, focus_id: str | None = None
) -> list[LabelRequest]:
    """Labels wanted for the shown entities; quiet kinds only when quoted or focused.

    When more than ``MAX_PLAIN_LINE_LABELS`` lines have nothing quoted (a large
    user layer), only quoted or focused lines are labelled: thousands of line
    names cannot be placed legibly, and trying would cost seconds.
    """
    requests = []
    is_line = entities.geometry.geom_type.isin(["LineString", "MultiLineString"])
    plain_lines = int((is_line & ~entities["id"].isin(list(numbers))).sum())
    for row in entities.itertuples(index=False):
        if row.geometry is None or row.geometry.is_empty or row.kind == "format":
            continue
        refs = numbers.get(row.id, [])
        is_line_row = row.geometry.geom_type != "Point"
        if is_line_row and not refs and row.id != focus_id and plain_lines > MAX_PLAIN_LINE_LABELS:
            continue
        text = _label_text(row, refs)
        style = kind_style(row.kind)  # priority by kind; capitals gain one step below
        symbol_style = point_style(row) if row.geometry.geom_type == "Point" else style
        if row.kind in QUIET_KINDS and not refs and row.id != focus_id:
            continue
        alternatives: tuple[tuple[float, float], ...] = ()
        if row.geometry.geom_type == "Point":
            lon, lat = row.geometry.x, row.geometry.y
        else:
            points = line_label_points(row.geometry)
            (lon, lat), alternatives = points[0], tuple(points[1:])
        rank = (
            style.rank
            - (1 if refs else 0)
            - (1 if getattr(row, "capital", False) else 0)
            - (5 if row.id == focus_id else 0)
        )
        symbol = symbol_style.size / 2 if symbol_style.shape != "none" else 1.0
        fallback = _refs_text(refs) if refs else None
        requests.append(
            LabelRequest(
                row.id, text, lon, lat, rank, symbol_px=symbol, alternatives=alternatives, fallback_text=fallback
            )
        )
    return requests


def _label_text(row, refs: Sequence[int]) -> str:
    name = getattr(row, "label", None) or row.name
    return f"{name} {_refs_text(refs)}" if refs else name


def _refs_text(refs: Sequence[int]) -> str:
    return "[" + ",".join(str(n) for n in refs[:4]) + ("…" if len(refs) > 4 else "") + "]"


def point_style(row) -> MarkerStyle:
    """The symbol drawn for a point entity: capitals get their own."""
    return CAPITAL_STYLE if getattr(row, "capital", False) else kind_style(row.kind)


def place_entity_labels(
    entities: gpd.GeoDataFrame,
    numbers: dict[str, list[int]],
    *,
    zoom: float,
    frame: tuple[float, float, float, float] | None,
    focus_id: str | None = None,
    reserved_px: Sequence[tuple[float, float, float, float]] = (),
    fixed_labels: Sequence[tuple[float, float, float, float]] = (),
) -> tuple[list[LabelRequest], list[PlacedLabel]]:
    """Labels wanted for the entities and where they go, clear of every drawn symbol (both renderers use this)."""
    requests = label_requests(entities[entities["kind"] != "format"], numbers, focus_id=focus_id)
    points = entities[entities.geometry.geom_type == "Point"]
    obstacles = [
        (row.geometry.x, row.geometry.y, point_style(row).size / 2 + 1)
        for row in points.itertuples(index=False)
        if point_style(row).shape != "none"
    ]
    placed = place_labels(
        requests, zoom=zoom, obstacles=obstacles, frame=frame, reserved_px=reserved_px, fixed_labels=fixed_labels
    )
    return requests, placed


def add_entities(
    layer: folium.Map | folium.FeatureGroup,
    entities: gpd.GeoDataFrame,
    lines: gpd.GeoDataFrame,
    *,
    zoom: float,
    frame: tuple[float, float, float, float] | None,
    focus_id: str | None = None,
    footnotes: Sequence[Footnote] = (),
    show_formats: bool = False,
    reserved_px: Sequence[tuple[float, float, float, float]] = (),
    fixed_labels: Sequence[tuple[float, float, float, float]] = (),
) -> list[PlacedLabel]:
    """Draw lines, symbols and placed labels onto ``layer``; returns the labels drawn.

    ``reserved_px`` are screen boxes (left, top, right, bottom in px from the
    frame's top-left corner) kept free of labels: the legend, zoom buttons, credits.
    ``fixed_labels`` are the basemap's country names (see :func:`country_label_boxes`).
    """
    numbers = quote_numbers_by_entity(footnotes)
    focus_ids = _focus_members(entities, lines, focus_id)
    if show_formats:
        _add_formats(layer, entities[entities["kind"] == "format"], focus_ids)
    _add_lines(layer, lines, focus_id, zoom)
    points = entities[entities.geometry.geom_type == "Point"]
    _add_symbols(layer, points, focus_ids)
    requests, placed = place_entity_labels(
        entities, numbers, zoom=zoom, frame=frame, focus_id=focus_id, reserved_px=reserved_px, fixed_labels=fixed_labels
    )
    lookup = {r.key: r for r in requests}
    kinds = dict(zip(entities["id"], entities["kind"]))
    for label in placed:
        request = lookup[label.key]
        css = f"ca-label ca-rank-{max(1, min(4, request.rank))} ca-{kinds[label.key]}"
        opacity = 1.0 if not focus_ids or label.key in focus_ids else 0.45
        folium.Marker(
            location=[label.lat, label.lon],
            icon=folium.DivIcon(
                html=label_icon_html(label, css, opacity),
                icon_size=(0, 0),
                icon_anchor=(0, 0),
                class_name="ca-label-icon",
            ),
            interactive=False,
        ).add_to(layer)
    return placed


def label_icon_html(label: PlacedLabel, css: str, opacity: float) -> str:
    """A label box at its offset from the point, with a leader line back to the point if it stands away."""
    leader = ""
    if label.leader:
        # end the leader at the box edge nearest the point
        ex = min(max(0.0, label.dx), label.dx + label.width)
        ey = min(max(0.0, label.dy), label.dy + label.height)
        leader = (
            '<svg class="ca-leader" width="1" height="1" style="position:absolute;left:0;top:0;overflow:visible">'
            f'<line x1="0" y1="0" x2="{ex:.1f}" y2="{ey:.1f}" stroke="#444" stroke-width="0.9"/></svg>'
        )
    return (
        f'{leader}<div class="{css}" data-key="{html_text(label.key)}" style="position:absolute;'
        f"left:{label.dx:.1f}px;top:{label.dy:.1f}px;width:{label.width:.0f}px;height:{label.height:.0f}px;"
        f'opacity:{opacity}">{_label_html(label.text)}</div>'
    )


def _label_html(text: str) -> str:
    if text.startswith("[") and text.endswith("]"):
        return f'<span class="ca-ref">{html_text(text)}</span>'
    if text.endswith("]") and " [" in text:
        name, refs = text.rsplit(" [", 1)
        return f'{html_text(name)} <span class="ca-ref">[{html_text(refs)}</span>'
    return html_text(text)


def _focus_members(entities: gpd.GeoDataFrame, lines: gpd.GeoDataFrame, focus_id: str | None) -> set[str]:
    """The focused entity and, for a corridor, the places its legs pass through."""
    if not focus_id:
        return set()
    members = {focus_id}
    for path in lines.loc[lines["corridor_id"] == focus_id, "path"]:
        members.update(path or [])
    return members


def display_geometries(geometries: gpd.GeoSeries, zoom: float) -> gpd.GeoSeries:
    """Lines simplified to half a pixel at ``zoom`` and rounded to match, for drawing only.

    Exports and lengths always use the full geometries.
    """
    tolerance = 0.5 * 360.0 / (256.0 * 2.0**zoom)
    grid = 10.0 ** math.floor(math.log10(tolerance / 4))
    simplified = shapely.simplify(geometries.values, tolerance, preserve_topology=False)
    return gpd.GeoSeries(shapely.set_precision(simplified, grid), index=geometries.index, crs=geometries.crs)


#: Above this many lines from user layers, they are drawn merged, one path per mode and status.
MANY_USER_LINES = 300


def _add_lines(layer, lines: gpd.GeoDataFrame, focus_id: str | None, zoom: float) -> None:
    if lines.empty:
        return
    frame = lines.copy()
    is_user = frame["path"].map(lambda path: not path)
    many = int(is_user.sum()) > MANY_USER_LINES
    # a little extra detail for zooming in, unless the layer is large
    frame["geometry"] = display_geometries(frame.geometry, zoom if many else zoom + 1.5)
    frame["tooltip"] = [
        html_text(
            f"{row.corridor_name} — {row.branch}: {MODE_STYLES.get(row.mode, MODE_STYLES['road']).label.lower()}, "
            f"{STATUS_STYLES[row.status].label.lower()}, {row.length_km:,.0f} km"
        )
        for row in frame.itertuples(index=False)
    ]
    if many:
        frame = pd.concat(
            [
                frame[~is_user],
                _merge_user_lines(frame[is_user & (frame["corridor_id"] != focus_id)]),
                frame[is_user & (frame["corridor_id"] == focus_id)],
            ],
            ignore_index=True,
        )
    if focus_id:
        focused = frame[frame["corridor_id"] == focus_id]
        if not focused.empty:
            folium.GeoJson(
                focused[["geometry"]].to_json(drop_id=True),
                style_function=lambda _: {"color": HIGHLIGHT_COLOUR, "weight": 13, "opacity": 0.75, "lineCap": "round"},
                interactive=False,
                control=False,
            ).add_to(layer)
    # analysts' own lines (no catalog path) go underneath the catalog's corridors
    frame["layer_order"] = frame["path"].map(lambda path: 1 if path else 0)
    for (order, mode, status), group in frame.groupby(["layer_order", "mode", "status"], sort=True):
        dimmed = focus_id is not None
        for subset, is_dim in (
            (group[group["corridor_id"] != focus_id], dimmed),
            (group[group["corridor_id"] == focus_id], False),
        ):
            if subset.empty:
                continue
            style = leg_style(mode if mode in MODE_STYLES else "road", status)
            if is_dim:
                style["opacity"] = DIMMED_OPACITY
            casing = MODE_STYLES.get(mode, MODE_STYLES["road"]).casing
            data = subset[["corridor_id", "tooltip", "geometry"]].to_json(drop_id=True)
            if casing and not is_dim and not (many and order == 0):
                folium.GeoJson(
                    data,
                    style_function=lambda _, w=style["weight"], c=casing: {"color": c, "weight": w + 3, "opacity": 0.9},
                    interactive=False,
                    control=False,
                ).add_to(layer)
            folium.GeoJson(
                data,
                name=f"{mode} {status}",
                style_function=lambda _, s=style: s,
                highlight_function=lambda _, s=style: {**s, "weight": s["weight"] + 2, "opacity": 1.0},
                tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
                control=False,
                class_name=f"ca-leg ca-mode-{mode} ca-status-{status}",
            ).add_to(layer)


def _merge_user_lines(lines: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One multi-line per mode and status: thousands of separate paths would make the browser crawl."""
    rows = []
    for (mode, status), group in lines.groupby(["mode", "status"], sort=True):
        parts = [part for g in group.geometry for part in getattr(g, "geoms", [g]) if not part.is_empty]
        label = f"{MODE_STYLES.get(mode, MODE_STYLES['road']).label.lower()}, {STATUS_STYLES[status].label.lower()}"
        rows.append(
            {
                "corridor_id": f"user-layers-{mode}-{status}",
                "mode": mode,
                "status": status,
                "path": [],
                "tooltip": html_text(f"{len(group):,} lines from your layers: {label} — click a line to focus it"),
                "geometry": shapely.MultiLineString(parts),
            }
        )
    return gpd.GeoDataFrame(
        rows,
        columns=["corridor_id", "mode", "status", "path", "tooltip", "geometry"],
        geometry="geometry",
        crs=lines.crs,
    )


def _add_formats(layer, formats: gpd.GeoDataFrame, focus_ids: set[str]) -> None:
    for row in formats.itertuples(index=False):
        folium.PolyLine(
            [(lat, lon) for lon, lat in row.geometry.coords],
            color=FORMAT_STYLE.colour,
            weight=FORMAT_STYLE.width,
            dash_array=FORMAT_DASH,
            opacity=0.8 if not focus_ids or row.id in focus_ids else 0.25,
            tooltip=folium.Tooltip(html_text(row.name)),
            class_name="ca-format",
        ).add_to(layer)


def _add_symbols(layer, points: gpd.GeoDataFrame, focus_ids: set[str]) -> None:
    for row in points.itertuples(index=False):
        style = point_style(row)
        lat, lon = row.geometry.y, row.geometry.x
        dim = bool(focus_ids) and row.id not in focus_ids
        radius = halo_radius_px(row.kind, row.precision)
        if radius:
            folium.CircleMarker(
                location=[lat, lon],
                radius=radius,
                color="#6b6b6b",
                weight=1.0,
                dash_array="3 2",
                fill=True,
                fill_opacity=0.05,
                opacity=0.25 if dim else 0.7,
                interactive=False,
                class_name="ca-halo",
            ).add_to(layer)
        if style.shape == "none":
            continue
        tooltip = f"{row.name} — {style.label.lower()}"
        if row.precision != "exact":
            tooltip += f" ({row.precision} location)"
        folium.Marker(
            location=[lat, lon],
            icon=folium.DivIcon(
                html=symbol_svg(style.shape, style.fill, style.size, opacity=0.35 if dim else 1.0),
                icon_size=(round(style.size) + 2, round(style.size) + 2),
                icon_anchor=(round(style.size / 2) + 1, round(style.size / 2) + 1),
                class_name=f"ca-symbol ca-kind-{html_text(row.kind)}",
            ),
            tooltip=folium.Tooltip(html_text(tooltip)),
        ).add_to(layer)


def halo_radius_px(kind: str, precision: str) -> float | None:
    """Radius of the dashed halo that marks an approximate location, or ``None`` when there is none."""
    if precision not in ("approximate", "region-level") or kind in ("waypoint", "sea", "region"):
        return None
    if kind in QUIET_KINDS:
        return kind_style(kind).size / 2 + 4
    return REGION_HALO_PX if precision == "region-level" else APPROXIMATE_HALO_PX


def symbol_svg(shape: str, fill: str, size: float, *, opacity: float = 1.0) -> str:
    """An inline SVG point symbol (also used in the legend)."""
    s = size + 2
    c = s / 2
    r = size / 2
    stroke = 'stroke="#ffffff" stroke-width="1.3"'
    if shape == "square":
        body = f'<rect x="1" y="1" width="{size}" height="{size}" fill="{fill}" {stroke}/>'
    elif shape == "diamond":
        body = f'<polygon points="{c},1 {s - 1},{c} {c},{s - 1} 1,{c}" fill="{fill}" {stroke}/>'
    elif shape == "triangle":
        body = f'<polygon points="{c},1 {s - 1},{s - 1} 1,{s - 1}" fill="{fill}" {stroke}/>'
    elif shape == "capital":
        body = (
            f'<circle cx="{c}" cy="{c}" r="{r - 0.5}" fill="#ffffff" stroke="{fill}" stroke-width="1.6"/>'
            f'<circle cx="{c}" cy="{c}" r="{max(r - 3.2, 1.5)}" fill="{fill}"/>'
        )
    elif shape == "ring":
        body = f'<circle cx="{c}" cy="{c}" r="{r - 0.5}" fill="#ffffff" stroke="{fill}" stroke-width="2"/>'
    else:
        body = f'<circle cx="{c}" cy="{c}" r="{r}" fill="{fill}" {stroke}/>'
    return f'<svg width="{s}" height="{s}" viewBox="0 0 {s} {s}" style="opacity:{opacity};display:block">{body}</svg>'


def legend_html(
    entities: gpd.GeoDataFrame, lines: gpd.GeoDataFrame, *, show_formats: bool = False, layout: str = "strip"
) -> str:
    """Legend of exactly the modes, statuses, symbols and precisions drawn.

    ``layout`` is ``"strip"`` (rows that wrap, for the bottom edge of a map) or
    ``"columns"`` (lines beside symbols, for a side panel).
    """
    rows: list[str] = []
    for mode in [m for m in MODE_STYLES if m in set(lines["mode"])]:
        line = MODE_STYLES[mode]
        rows.append(_legend_row(_line_swatch(line.colour, line.width, None, line.casing), line.label))
    statuses = [s for s in STATUS_STYLES if s in set(lines["status"])]
    for status in statuses:
        style = STATUS_STYLES[status]
        rows.append(_legend_row(_line_swatch("#333333", 2.5, style.dash, None, style.opacity), style.label))
    lines_rows, rows = rows, []
    kinds = []
    points = entities[entities.geometry.geom_type == "Point"]
    if points["capital"].fillna(False).astype(bool).any():
        rows.append(
            _legend_row(symbol_svg(CAPITAL_STYLE.shape, CAPITAL_STYLE.fill, CAPITAL_STYLE.size), CAPITAL_STYLE.label)
        )
    for kind in points.loc[~points["capital"].fillna(False).astype(bool), "kind"]:
        if kind not in kinds and kind_style(kind).shape != "none":
            kinds.append(kind)
    for kind in sorted(kinds, key=lambda k: list(KIND_STYLES).index(k) if k in KIND_STYLES else 99):
        style = kind_style(kind)
        rows.append(_legend_row(symbol_svg(style.shape, style.fill, style.size), style.label))
    precisions = set(entities.loc[~entities["kind"].isin(["waypoint", "sea"]), "precision"])
    if "approximate" in precisions or "region-level" in precisions:
        halo = '<svg width="18" height="18"><circle cx="9" cy="9" r="7.5" fill="none" stroke="#6b6b6b" stroke-dasharray="3 2"/></svg>'
        rows.append(_legend_row(halo, "Approximate location"))
    if show_formats and (entities["kind"] == "format").any():
        rows.append(_legend_row(_line_swatch(FORMAT_STYLE.colour, 1.5, FORMAT_DASH, None), FORMAT_STYLE.label))
    if entities["quotes"].map(bool).any():
        rows.append(
            _legend_row('<span class="ca-ref" style="color:#b3261e;font-weight:700">[n]</span>', "Quote n (see notes)")
        )
    if layout == "strip":
        return '<div class="ca-legend ca-strip">' + "".join(lines_rows + rows) + "</div>"
    return (
        '<div class="ca-legend"><div class="ca-cols"><div>'
        + "".join(lines_rows)
        + "</div><div>"
        + "".join(rows)
        + "</div></div></div>"
    )


def _legend_row(swatch: str, label: str) -> str:
    return f'<div class="ca-row">{swatch}<span>{html_text(label)}</span></div>'


def _line_swatch(colour: str, width: float, dash: str | None, casing: str | None, opacity: float = 1.0) -> str:
    dash_attr = f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
    under = f'<line x1="2" y1="7" x2="32" y2="7" stroke="{casing}" stroke-width="{width + 3}"/>' if casing else ""
    return (
        f'<svg width="34" height="14">{under}<line x1="2" y1="7" x2="32" y2="7" stroke="{colour}" '
        f'stroke-width="{width}" stroke-opacity="{opacity}"{dash_attr}/></svg>'
    )


class MapControl(MacroElement):
    """A fixed HTML box in a map corner (legend, title); ``html`` must already be escaped."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var box = L.control({position: {{ this.position|tojson }}});
            box.onAdd = function() {
                var div = L.DomUtil.create('div', {{ this.class_name|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            box.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, *, position: str = "bottomleft", class_name: str = "ca-control"):
        super().__init__()
        self._name = "MapControl"
        self.html = html_text
        self.position = position
        self.class_name = class_name


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


#: Screen space the legend strip (with the scale bar under it) takes in the bottom-left corner, in px.
LEGEND_BOX_PX = (720, 110)


def reserved_boxes(
    width_px: float, height_px: float, *, zoom_buttons: bool = True
) -> list[tuple[float, float, float, float]]:
    """Screen boxes that map controls cover: legend and scale bar, zoom buttons, credit line."""
    legend_w, legend_h = LEGEND_BOX_PX
    boxes = [
        (0.0, height_px - legend_h, legend_w, height_px),
        (width_px - 330.0, height_px - 34.0, width_px, height_px),
    ]
    if zoom_buttons:
        boxes.append((0.0, 0.0, 50.0, 80.0))
    return boxes


def entity_bounds(geometries: Iterable, *, pad_deg: float = 0.6) -> tuple[float, float, float, float]:
    """Bounds (lon_min, lat_min, lon_max, lat_max) of geometries, padded by ``pad_deg``."""
    geoms = [g for g in geometries if g is not None and not g.is_empty]
    lon_min, lat_min, lon_max, lat_max = shapely.total_bounds(geoms)
    return lon_min - pad_deg, lat_min - pad_deg, lon_max + pad_deg, lat_max + pad_deg
