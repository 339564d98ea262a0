"""The report frame: a self-contained map page (fixed size, title, legend, quote notes, credits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd

from geo.escape import html_text
from geo.render import (
    VENDOR_DIR,
    Attribution,
    Footnote,
    MapControl,
    add_basemap,
    add_entities,
    bounds_center,
    country_label_boxes,
    legend_html,
    new_map,
    reserved_boxes,
    view_frame,
    zoom_for_bounds,
)
from geo.style import FONT_FAMILY, TEXT_COLOUR

#: Report frame sizes in CSS px: name -> (width, height).
FRAME_SIZES = {"16:9 (1600×900)": (1600, 900), "A4 landscape": (1123, 794)}
ASSET_PLACEHOLDER = "corridor-atlas-asset:"
NOTES_WIDTH_PX = 380
HEADER_HEIGHT_PX = 64
CREDIT_HEIGHT_PX = 26


@dataclass(frozen=True)
class ReportSettings:
    """What the analyst sets for a report: title, subtitle, frame and date on the credit line."""

    title: str = "Transport corridors of the Caspian and Central Asia"
    subtitle: str = ""
    frame: str = "16:9 (1600×900)"
    date: dt.date | None = None


def map_area_size(settings: ReportSettings, *, with_notes: bool) -> tuple[int, int]:
    """Pixel size of the map inside the report frame."""
    width, height = FRAME_SIZES[settings.frame]
    return width - (NOTES_WIDTH_PX if with_notes else 0), height - HEADER_HEIGHT_PX - CREDIT_HEIGHT_PX


def build_report_map(
    countries: gpd.GeoDataFrame,
    entities: gpd.GeoDataFrame,
    lines: gpd.GeoDataFrame,
    footnotes: Sequence[Footnote],
    *,
    bounds: Sequence[float],
    settings: ReportSettings,
    focus_id: str | None = None,
    show_formats: bool = False,
) -> tuple[folium.Map, list]:
    """The report's map (legend, scale bar, credits inside); returns it and the labels drawn."""
    width, height = map_area_size(settings, with_notes=bool(footnotes))
    zoom = zoom_for_bounds(bounds, width, height)
    center = bounds_center(bounds)
    fmap = new_map(
        center=center, zoom=zoom, asset_url=ASSET_PLACEHOLDER.rstrip("/"), width=width, height=height, interactive=False
    )
    add_basemap(fmap, countries)
    frame = view_frame(center, zoom, width, height)
    placed = add_entities(
        fmap,
        entities,
        lines,
        zoom=zoom,
        frame=frame,
        focus_id=focus_id,
        footnotes=footnotes,
        show_formats=show_formats,
        reserved_px=reserved_boxes(width, height, zoom_buttons=False),
        fixed_labels=country_label_boxes(countries),
    )
    MapControl(legend_html(entities, lines, show_formats=show_formats), position="bottomleft").add_to(fmap)
    Attribution("Basemap: Natural Earth (public domain)").add_to(fmap)
    return fmap, placed


#: Rough size of a note line in the side panel, used to stop before the panel overflows.
NOTE_LINE_PX = 16
NOTE_CHARS_PER_LINE = 56


def notes_that_fit(footnotes: Sequence[Footnote], height_px: float) -> int:
    """How many notes fit in a side panel ``height_px`` tall (estimated from their length)."""
    used = 40.0  # heading and the closing "more quotes" line
    for count, note in enumerate(footnotes):
        lines = 1 + -(-len(" ".join(note.text.split())) // NOTE_CHARS_PER_LINE) + 2
        used += lines * NOTE_LINE_PX + 7
        if used > height_px:
            return count
    return len(footnotes)


def footnotes_html(footnotes: Sequence[Footnote], source_titles: dict[str, str], *, limit: int | None = None) -> str:
    """The numbered quotes as an HTML list; every piece of source text is escaped."""
    items = []
    shown = footnotes if limit is None else footnotes[:limit]
    for note in shown:
        where = f"{source_titles.get(note.source, note.source)}, characters {note.start}–{note.end}"
        items.append(
            f'<li value="{note.number}"><span class="who">{html_text(", ".join(note.entity_names))}</span>'
            f"<q>{html_text(' '.join(note.text.split()))}</q>"
            f'<span class="where">{html_text(where)}</span></li>'
        )
    more = ""
    if len(shown) < len(footnotes):
        rest = [str(note.number) for note in footnotes[len(shown) :]]
        more = (
            f'<p class="ca-more">Quotes {html_text(", ".join(rest))} do not fit here: focus or filter the map, '
            "or read them in the dashboard.</p>"
        )
    return '<ol class="ca-notes">' + "".join(items) + "</ol>" + more


def report_page(
    fmap: folium.Map,
    footnotes: Sequence[Footnote],
    *,
    settings: ReportSettings,
    source_titles: dict[str, str],
    credit: str,
) -> str:
    """A standalone HTML page of the report frame; scripts are inlined so it opens offline."""
    width, height = FRAME_SIZES[settings.frame]
    map_html = inline_assets(fmap.get_root().render())
    side_height = height - HEADER_HEIGHT_PX - CREDIT_HEIGHT_PX - 20
    notes = footnotes_html(footnotes, source_titles, limit=notes_that_fit(footnotes, side_height)) if footnotes else ""
    date = (settings.date or dt.date.today()).isoformat()
    subtitle = f'<div class="sub">{html_text(settings.subtitle)}</div>' if settings.subtitle else ""
    map_width, map_height = map_area_size(settings, with_notes=bool(footnotes))
    # The map page goes in an iframe's srcdoc so its scripts stay apart from the frame's layout.
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html_text(settings.title)}</title>
<style>
body{{margin:0;background:#fff;font-family:{FONT_FAMILY};color:{TEXT_COLOUR};}}
.ca-frame{{width:{width}px;height:{height}px;display:grid;grid-template-columns:{map_width}px {width - map_width}px;
grid-template-rows:{HEADER_HEIGHT_PX}px {map_height}px {CREDIT_HEIGHT_PX}px;overflow:hidden;}}
.ca-head{{grid-column:1/3;padding:10px 16px 0;border-bottom:2px solid #1f4e79;}}
.ca-head .title{{font-size:22px;font-weight:700;}} .ca-head .sub{{font-size:13.5px;color:#555;margin-top:2px;}}
.ca-map iframe{{border:0;width:{map_width}px;height:{map_height}px;display:block;}}
  .ca-side{{padding:10px 14px;overflow:hidden;font-size:11.5px;line-height:1.35;border-left:1px solid #ddd;}}
.ca-side h3{{margin:0 0 6px;font-size:13px;}}
.ca-notes{{margin:0;padding-left:22px;}} .ca-notes li{{margin-bottom:7px;}}
.ca-notes li::marker{{color:#b3261e;font-weight:700;}}
.ca-notes .who{{display:block;font-weight:700;}} .ca-notes q{{display:block;font-style:italic;}}
.ca-notes .where{{display:block;color:#777;font-size:10.5px;}}
.ca-more{{color:#777;font-size:11px;margin:4px 0 0;}}
.ca-credit{{grid-column:1/3;font-size:11px;color:#555;padding:5px 16px;border-top:1px solid #ddd;white-space:nowrap;overflow:hidden;}}
</style></head>
<body><div class="ca-frame" id="ca-report">
<div class="ca-head"><div class="title">{html_text(settings.title)}</div>{subtitle}</div>
<div class="ca-map"><iframe title="map" srcdoc="{html_text(map_html)}"></iframe></div>
<div class="ca-side">{"<h3>Quotes</h3>" + notes if notes else ""}</div>
<div class="ca-credit">{html_text(credit)} · {html_text(date)}</div>
</div></body></html>
"""


def inline_assets(page: str) -> str:
    """Replace the placeholder script and stylesheet links with the vendored files' contents."""
    for name in ("leaflet.js", "jquery.min.js"):
        tag = f'<script src="{ASSET_PLACEHOLDER}/{name}"></script>'
        body = (VENDOR_DIR / name).read_text(encoding="utf-8").replace("</script", "<\\/script")
        page = page.replace(tag, f"<script>{body}</script>")
    css_tag = f'<link rel="stylesheet" href="{ASSET_PLACEHOLDER}/leaflet.css"/>'
    page = page.replace(css_tag, f"<style>{(VENDOR_DIR / 'leaflet.css').read_text(encoding='utf-8')}</style>")
    if ASSET_PLACEHOLDER in page:
        raise ValueError("an asset link was left in the report page; folium's page layout has changed")
    return page
