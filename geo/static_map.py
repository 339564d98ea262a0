"""The report frame drawn with matplotlib (PNG, SVG, PDF), from the same frames, styles and label placement."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Sequence

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import numpy as np
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text

from geo.labels import (
    lonlat_to_pixels,
)
from geo.render import (
    Footnote,
    bounds_center,
    country_label_boxes,
    country_labels,
    halo_radius_px,
    place_entity_labels,
    point_style,
    quote_numbers_by_entity,
    view_frame,
    zoom_for_bounds,
)
from geo.report import (
    CREDIT_HEIGHT_PX,
    FRAME_SIZES,
    HEADER_HEIGHT_PX,
    NOTES_WIDTH_PX,
    ReportSettings,
)
from geo.style import (
    BORDER_COLOUR,
    CAPITAL_STYLE,
    COUNTRY_LABEL_COLOUR,
    LAND_COLOUR,
    MODE_STYLES,
    SEA_COLOUR,
    STATUS_STYLES,
    TEXT_COLOUR,
    kind_style,
)

#: Figure resolution: 1 CSS px of the report frame is one figure pixel at this dpi.
BASE_DPI = 100
PX_TO_PT = 72.0 / BASE_DPI
MARKERS = {"square": "s", "diamond": "D", "triangle": "^", "circle": "o", "ring": "o", "capital": "o"}
FONT = "DejaVu Sans"


def _to_pixels(geometry, zoom: float):
    def project(coords: np.ndarray) -> np.ndarray:
        scale = 256.0 * 2.0**zoom
        lon, lat = coords[:, 0], np.clip(coords[:, 1], -85.0511, 85.0511)
        x = (lon + 180.0) / 360.0 * scale
        lat_r = np.radians(lat)
        y = (1.0 - np.log(np.tan(lat_r) + 1.0 / np.cos(lat_r)) / np.pi) / 2.0 * scale
        return np.column_stack([x, y])

    return shapely.transform(geometry, project)


def _dashes(dash: str | None) -> tuple | None:
    if not dash:
        return None
    return tuple(float(v) * PX_TO_PT for v in dash.split())


def draw_report_figure(
    countries: gpd.GeoDataFrame,
    entities: gpd.GeoDataFrame,
    lines: gpd.GeoDataFrame,
    footnotes: Sequence[Footnote],
    *,
    bounds: Sequence[float],
    settings: ReportSettings,
    source_titles: dict[str, str],
    credit: str,
    focus_id: str | None = None,
) -> Figure:
    """The report frame as a matplotlib figure, laid out like the HTML report."""
    frame_w, frame_h = FRAME_SIZES[settings.frame]
    side_w = NOTES_WIDTH_PX
    map_w, map_h = frame_w - side_w, frame_h - HEADER_HEIGHT_PX - CREDIT_HEIGHT_PX
    zoom = zoom_for_bounds(bounds, map_w, map_h)
    center = bounds_center(bounds)
    cx, cy = lonlat_to_pixels(center[1], center[0], zoom)

    fig = Figure(figsize=(frame_w / BASE_DPI, frame_h / BASE_DPI), dpi=BASE_DPI, facecolor="white")
    ax = fig.add_axes((0, CREDIT_HEIGHT_PX / frame_h, map_w / frame_w, map_h / frame_h))
    ax.set_xlim(cx - map_w / 2, cx + map_w / 2)
    ax.set_ylim(cy + map_h / 2, cy - map_h / 2)
    ax.set_facecolor(SEA_COLOUR)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#999999")

    land = gpd.GeoSeries([_to_pixels(g, zoom) for g in countries.geometry], crs=None)
    land.plot(ax=ax, color=LAND_COLOUR, edgecolor=BORDER_COLOUR, linewidth=0.8 * PX_TO_PT, aspect=None)
    ax.set_xlim(cx - map_w / 2, cx + map_w / 2)
    ax.set_ylim(cy + map_h / 2, cy - map_h / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("")
    ax.set_ylabel("")
    for name, lon, lat in country_labels(countries):
        x, y = lonlat_to_pixels(lon, lat, zoom)
        if not (abs(x - cx) < map_w / 2 - 30 and abs(y - cy) < map_h / 2 - 10):
            continue
        ax.text(
            x,
            y,
            name.upper(),
            ha="center",
            va="center",
            fontsize=9 * PX_TO_PT * 1.0,
            color=COUNTRY_LABEL_COLOUR,
            family=FONT,
            fontweight="bold",
            clip_on=True,
        )

    focus_members = {focus_id} if focus_id else set()
    for row in lines.itertuples(index=False):
        style = MODE_STYLES.get(row.mode, MODE_STYLES["road"])
        status = STATUS_STYLES[row.status]
        dim = bool(focus_id) and row.corridor_id != focus_id
        if not dim and row.corridor_id == focus_id:
            focus_members.update(row.path or [])
        geometry = _to_pixels(row.geometry, zoom)
        for part in getattr(geometry, "geoms", [geometry]):
            xs, ys = part.xy
            if style.casing and not dim:
                ax.plot(xs, ys, color=style.casing, linewidth=(style.width + 3) * PX_TO_PT, solid_capstyle="butt")
            line = Line2D(
                xs, ys, color=style.colour, linewidth=style.width * PX_TO_PT, alpha=0.22 if dim else status.opacity
            )
            if status.dash:
                line.set_dashes(_dashes(status.dash))
                line.set_dash_capstyle("round")
            ax.add_line(line)

    points = entities[entities.geometry.geom_type == "Point"]
    for row in points.itertuples(index=False):
        style = point_style(row)
        x, y = lonlat_to_pixels(row.geometry.x, row.geometry.y, zoom)
        alpha = 0.35 if focus_members and row.id not in focus_members else 1.0
        radius = halo_radius_px(row.kind, row.precision)
        if radius:
            ax.add_patch(
                Circle(
                    (x, y),
                    radius,
                    fill=False,
                    linestyle=(0, (3, 2)),
                    edgecolor="#6b6b6b",
                    linewidth=1.0 * PX_TO_PT,
                    alpha=0.7 * alpha,
                )
            )
        if style.shape == "none":
            continue
        face = "white" if style.shape in ("ring", "capital") else style.fill
        edge = style.fill if style.shape in ("ring", "capital") else "white"
        ax.plot(
            [x],
            [y],
            marker=MARKERS[style.shape],
            markersize=style.size * PX_TO_PT,
            markerfacecolor=face,
            markeredgecolor=edge,
            markeredgewidth=1.3 * PX_TO_PT,
            alpha=alpha,
            linestyle="none",
        )
        if style.shape == "capital":
            ax.plot([x], [y], marker="o", markersize=(style.size - 6) * PX_TO_PT, color=style.fill, alpha=alpha)

    _, placed = place_entity_labels(
        entities,
        quote_numbers_by_entity(footnotes),
        zoom=zoom,
        frame=view_frame(center, zoom, map_w, map_h),
        focus_id=focus_id,
        reserved_px=[(0.0, map_h - 40.0, 170.0, map_h)],
        fixed_labels=country_label_boxes(countries),
    )
    # a light box rather than a stroke halo: stroked text would be turned into paths in SVG and PDF
    backdrop = {"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}
    for label in placed:
        x, y = lonlat_to_pixels(label.lon, label.lat, zoom)
        if label.leader:
            ex = x + min(max(0.0, label.dx), label.dx + label.width)
            ey = y + min(max(0.0, label.dy), label.dy + label.height)
            ax.plot([x, ex], [y, ey], color="#444444", linewidth=0.9 * PX_TO_PT)
        ax.text(
            x + label.dx + 3,
            y + label.dy + label.height / 2,
            label.text,
            ha="left",
            va="center",
            fontsize=12 * PX_TO_PT,
            family=FONT,
            fontweight="bold",
            color=TEXT_COLOUR,
            bbox=backdrop,
            clip_on=True,
        )

    _draw_scale_bar(ax, center[0], zoom, cx - map_w / 2 + 14, cy + map_h / 2 - 16)
    _draw_header(fig, settings, frame_w, frame_h)
    _draw_side_panel(fig, entities, lines, footnotes, source_titles, frame_w, frame_h, side_w)
    date = (settings.date or dt.date.today()).isoformat()
    fig.text(
        16 / frame_w, 8 / frame_h, f"{credit} · {date}", fontsize=11 * PX_TO_PT * 1.0, color="#555555", family=FONT
    )
    return fig


def _draw_scale_bar(ax, lat: float, zoom: float, x0: float, y0: float) -> None:
    metres_per_px = 40075016.686 * np.cos(np.radians(lat)) / (256.0 * 2.0**zoom)
    target = metres_per_px * 120
    nice = next(v for v in (10e3, 20e3, 50e3, 100e3, 200e3, 300e3, 500e3, 1000e3, 2000e3) if v >= target * 0.5)
    length_px = nice / metres_per_px
    ax.add_patch(Rectangle((x0, y0 - 4), length_px, 4, facecolor="#333333", edgecolor="#333333"))
    ax.text(x0, y0 - 8, f"{nice / 1000:.0f} km", fontsize=11 * PX_TO_PT, family=FONT, va="bottom", color="#333333")


def _draw_header(fig: Figure, settings: ReportSettings, frame_w: int, frame_h: int) -> None:
    fig.text(
        16 / frame_w,
        1 - 30 / frame_h,
        settings.title,
        fontsize=22 * PX_TO_PT,
        fontweight="bold",
        family=FONT,
        color=TEXT_COLOUR,
    )
    if settings.subtitle:
        fig.text(
            16 / frame_w, 1 - 52 / frame_h, settings.subtitle, fontsize=13.5 * PX_TO_PT, family=FONT, color="#555555"
        )
    fig.add_artist(Line2D([0, 1], [1 - HEADER_HEIGHT_PX / frame_h] * 2, color="#1f4e79", linewidth=2 * PX_TO_PT))


def _draw_side_panel(fig, entities, lines, footnotes, source_titles, frame_w, frame_h, side_w) -> None:
    left = (frame_w - side_w + 14) / frame_w
    y = 1 - (HEADER_HEIGHT_PX + 22) / frame_h
    step = 17 / frame_h
    fig.text(left, y, "Legend", fontsize=13 * PX_TO_PT, fontweight="bold", family=FONT)
    y -= step
    for mode in [m for m in MODE_STYLES if m in set(lines["mode"])]:
        style = MODE_STYLES[mode]
        fig.add_artist(
            Line2D(
                [left, left + 30 / frame_w], [y + 4 / frame_h] * 2, color=style.colour, linewidth=style.width * PX_TO_PT
            )
        )
        fig.text(left + 38 / frame_w, y, style.label, fontsize=11.5 * PX_TO_PT, family=FONT)
        y -= step
    for status in [s for s in STATUS_STYLES if s in set(lines["status"])]:
        style = STATUS_STYLES[status]
        line = Line2D([left, left + 30 / frame_w], [y + 4 / frame_h] * 2, color="#333333", linewidth=2.5 * PX_TO_PT)
        if style.dash:
            line.set_dashes(_dashes(style.dash))
        fig.add_artist(line)
        fig.text(left + 38 / frame_w, y, style.label, fontsize=11.5 * PX_TO_PT, family=FONT)
        y -= step
    points = entities[entities.geometry.geom_type == "Point"]
    symbols = []
    if points["capital"].fillna(False).astype(bool).any():
        symbols.append(CAPITAL_STYLE)
    for kind in dict.fromkeys(points.loc[~points["capital"].fillna(False).astype(bool), "kind"]):
        if kind_style(kind).shape != "none":
            symbols.append(kind_style(kind))
    for index, style in enumerate(symbols):
        column_x = left + (index % 2) * (side_w / 2) / frame_w
        face = "white" if style.shape in ("ring", "capital") else style.fill
        fig.add_artist(
            Line2D(
                [column_x + 8 / frame_w],
                [y + 4 / frame_h],
                marker=MARKERS[style.shape],
                linestyle="none",
                markersize=style.size * PX_TO_PT,
                markerfacecolor=face,
                markeredgecolor=style.fill,
            )
        )
        fig.text(column_x + 22 / frame_w, y, style.label, fontsize=11.5 * PX_TO_PT, family=FONT)
        if index % 2 == 1 or index == len(symbols) - 1:
            y -= step
    if footnotes:
        y -= step * 0.5
        fig.text(left, y, "Quotes", fontsize=13 * PX_TO_PT, fontweight="bold", family=FONT)
        y -= step
        width_chars = int((side_w - 40) / (11 * 0.55))
        bottom = (CREDIT_HEIGHT_PX + 10) / frame_h
        for index, note in enumerate(footnotes):
            body = textwrap.wrap(
                f"[{note.number}] {', '.join(note.entity_names)}: “{' '.join(note.text.split())}”", width_chars
            )
            if y - len(body) * 14 / frame_h < bottom:
                rest = ", ".join(str(n.number) for n in footnotes[index:])
                fig.text(
                    left,
                    y,
                    "\n".join(textwrap.wrap(f"Quotes {rest} do not fit here: focus or filter the map.", width_chars)),
                    va="top",
                    fontsize=10.5 * PX_TO_PT,
                    family=FONT,
                    color="#777777",
                )
                break
            for line_text in body:
                fig.text(left, y, line_text, fontsize=10.5 * PX_TO_PT, family=FONT, color=TEXT_COLOUR)
                y -= 14 / frame_h
            y -= 5 / frame_h


def render_figure(fig: Figure, fmt: str, *, scale: float = 2.0) -> bytes:
    """Encode the figure as ``png`` (at ``scale``× the frame's pixel size), ``svg`` or ``pdf``."""
    buffer = io.BytesIO()
    # all text is the analysts' and the sources' text: "$\\foo$" in a title is dollars and a backslash, not
    # mathtext (which would fail to parse and stop the export), and never goes to TeX
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    # keep text as text in vector output, so it stays searchable and editable
    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "text.usetex": False}):
        fig.savefig(buffer, format=fmt, dpi=BASE_DPI * (scale if fmt == "png" else 1.0))
    return buffer.getvalue()
