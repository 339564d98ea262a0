"""Page pieces: sidebar filters, quote and detail panels, source reader, report mode and exports."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import re
from collections import Counter
from dataclasses import replace

import geopandas as gpd
import streamlit as st

from corridors.atlas import Atlas
from corridors.catalog import Catalog
from corridors.export import to_csv_text, to_geojson_text
from corridors.history import claim_reference_status
from corridors.query import Filters, frames_as_of
from geo.escape import safe_url
from geo.render import DEFAULT_VIEW_BOUNDS, entity_bounds, number_quotes
from geo.report import FRAME_SIZES, ReportSettings, build_report_map, report_page
from geo.style import MODE_STYLES, STATUS_STYLES, kind_style
from ui.state import EARLIEST_AS_OF, View
from ui.text_reader import REVIEW_SOURCE_ID

FACET_LABELS = {"modes": "Mode", "statuses": "Status", "countries": "Country", "kinds": "Kind"}


def init_state(view: View) -> None:
    """Copy the view from the URL into the widgets' state, once per browser session."""
    if st.session_state.get("_initialised"):
        return
    for facet in FACET_LABELS:
        st.session_state[f"filter_{facet}"] = list(getattr(view.filters, facet))
    st.session_state["search"] = view.filters.search
    st.session_state["focus"] = view.focus or ""
    st.session_state["show_formats"] = view.show_formats
    st.session_state["report"] = view.report
    st.session_state["report_title"] = view.report_settings.title
    st.session_state["report_subtitle"] = view.report_settings.subtitle
    st.session_state["report_frame"] = view.report_settings.frame
    if view.map_view:
        st.session_state["map_view"] = view.map_view
    st.session_state["as_of"] = view.as_of or dt.date.today()
    st.session_state["as_of_year"] = st.session_state["as_of"].year
    st.session_state["_initialised"] = True


def current_view() -> View:
    """The view as the widgets now set it."""
    filters = Filters(
        search=st.session_state.get("search", ""),
        show_formats=bool(st.session_state.get("show_formats")),
        **{facet: st.session_state.get(f"filter_{facet}", []) for facet in FACET_LABELS},
    )
    return View(
        filters=filters,
        focus=st.session_state.get("focus") or None,
        show_formats=bool(st.session_state.get("show_formats")),
        report=bool(st.session_state.get("report")),
        map_view=st.session_state.get("map_view"),
        as_of=_as_of_or_none(st.session_state.get("as_of")),
        report_settings=ReportSettings(
            title=st.session_state.get("report_title", ReportSettings.title),
            subtitle=st.session_state.get("report_subtitle", ""),
            frame=st.session_state.get("report_frame", ReportSettings.frame),
        ),
    )


def _as_of_or_none(day) -> dt.date | None:
    """The chosen day, or ``None`` when it is today (the network as it is)."""
    return day if isinstance(day, dt.date) and day < dt.date.today() else None


def _year_chosen() -> None:
    year = st.session_state["as_of_year"]
    today = dt.date.today()
    st.session_state["as_of"] = today if year >= today.year else dt.date(year, 12, 31)


def _day_chosen() -> None:
    day = st.session_state.get("as_of") or dt.date.today()
    st.session_state["as_of_year"] = day.year


def as_of_control() -> None:
    """A year slider with a date field: the network as it stood on that day (today by default)."""
    today = dt.date.today()
    st.slider("As of (year)", EARLIEST_AS_OF.year, today.year, key="as_of_year", on_change=_year_chosen)
    st.date_input(
        "As of (date)",
        key="as_of",
        min_value=EARLIEST_AS_OF,
        max_value=today,
        on_change=_day_chosen,
        format="YYYY-MM-DD",
    )


def _facet_label(facet: str, value: str) -> str:
    if facet == "modes":
        return MODE_STYLES[value].label if value in MODE_STYLES else value
    if facet == "statuses":
        return STATUS_STYLES[value].label if value in STATUS_STYLES else value
    if facet == "kinds":
        return kind_style(value).label
    return value


#: The Focus list names every entity up to this many; beyond, user-layer features are focused by a click on the map.
FOCUS_LIST_MAX = 600


def focus_options(entities: gpd.GeoDataFrame, catalog_ids: set[str]) -> dict[str, str]:
    """Entities offered in the Focus list (id → a label no other entry has), by kind and name.

    Large user layers are left out. The list widget tells options apart by
    their label, so two entities of one name get their kind, and then their id.
    """
    listed = entities[entities["kind"] != "waypoint"]
    if len(listed) > FOCUS_LIST_MAX:
        listed = listed[listed["id"].isin(catalog_ids)]
    ordered = listed.sort_values(["kind", "name"])
    labels = dict(zip(ordered["id"], ordered["name"].astype(str)))
    kinds = dict(zip(ordered["id"], ordered["kind"]))
    counts = Counter(labels.values())
    labels = {i: f"{x} ({kind_style(kinds[i]).label.lower()})" if counts[x] > 1 else x for i, x in labels.items()}
    counts = Counter(labels.values())
    return {i: f"{x} [{i}]" if counts[x] > 1 else x for i, x in labels.items()}


def sidebar(facets: dict[str, list[str]]) -> None:
    """Filters, search and the "as of" date (a change reruns only the map's part of the page)."""
    st.text_input("Search names and aliases", key="search", placeholder="e.g. Middle Corridor, Alyat, Актау")
    for facet, label in FACET_LABELS.items():
        st.multiselect(label, facets[facet], key=f"filter_{facet}", format_func=lambda v, f=facet: _facet_label(f, v))
    st.checkbox("Show cooperation formats", key="show_formats", help="Trilateral formats named in the sources")
    as_of_control()


def focus_select(focusable: dict[str, str], names: dict[str, str]) -> None:
    """The Focus list; ``focusable`` from :func:`focus_options`, ``names`` of every entity by id."""
    options = ["", *focusable]
    current = st.session_state.get("focus")
    if current and current not in focusable:
        options.append(current)  # focused by a click on a feature the list leaves out
    st.selectbox(
        "Focus", options, key="focus", format_func=lambda i: focusable.get(i) or names.get(i, i) if i else "— none —"
    )


def filters_state(filters: Filters) -> dict:
    """The filters as the browser map applies them (plain JSON)."""
    return {
        "modes": list(filters.modes),
        "statuses": list(filters.statuses),
        "countries": list(filters.countries),
        "kinds": list(filters.kinds),
        "search": filters.search,
    }


def remember_map_view(view: View, value: dict | None) -> View:
    """The view with the map's centre and zoom as the browser last reported them."""
    reported = (value or {}).get("view")
    if isinstance(reported, dict):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            st.session_state["map_view"] = {k: float(reported[k]) for k in ("lat", "lon", "zoom")}
    return replace(view, map_view=st.session_state.get("map_view"))


def clicked_entity(value: dict | None, ids: set[str]) -> str | None:
    """The entity the analyst clicked on the map since the last run, if any."""
    click = (value or {}).get("click")
    if not isinstance(click, dict) or click.get("n") == st.session_state.get("_last_click"):
        return None
    st.session_state["_last_click"] = click.get("n")
    entity_id = click.get("id")
    return entity_id if entity_id in ids else None


def overlay_digest(overlay: dict) -> str:
    """A short digest that names a read text's quotes on the map."""
    data = json.dumps([overlay.get("name"), overlay.get("quotes")], sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def details_panel(
    focus: str | None,
    entities: gpd.GeoDataFrame,
    legs: gpd.GeoDataFrame,
    catalog: Catalog,
    as_of: dt.date | None = None,
) -> None:
    """Attributes, legs, status (today and on ``as_of``), sources and quotes (in context) of the focused entity."""
    st.subheader("Details")
    if not focus:
        st.info("Focus a corridor or place (sidebar, map click, or a highlighted mention in the source reader).")
        return
    row = entities[entities["id"] == focus].iloc[0]
    st.markdown(
        f"**{html.escape(row['name'])}** · {html.escape(kind_style(row['kind']).label.lower())} · `{html.escape(focus)}`",
        unsafe_allow_html=True,
    )
    facts = []
    if row["status"]:
        facts.append(f"Status: {row['status']} (as of {row['status_as_of'] or '—'})")
    if as_of:
        entities_then, legs = frames_as_of(entities[entities["id"] == focus], legs, as_of)
        then = entities_then["status"].iloc[0] if not entities_then.empty else None
        if row["status"] or then:
            facts.append(f"Status on {as_of.isoformat()}: {then or 'not yet proposed'}")
    entity = catalog.places.get(focus) or catalog.corridors.get(focus) or catalog.formats.get(focus)
    for index, claim in enumerate(row["claimed_status"] or []):
        source = catalog.sources.get(claim["source"])
        who = f"{source.outlet} ({source.published})" if source else claim["source"]
        fact = f"{who} says: {claim['value']}" + (f" — {claim['note']}" if claim.get("note") else "")
        if entity is not None and source is not None:
            reference = claim_reference_status(catalog, entity, index)
            fact += f" · reference status then: {reference.status or 'not yet proposed'}"
        facts.append(fact)
    if row["countries"]:
        facts.append("Countries: " + " → ".join(row["countries"]))
    if isinstance(row["length_km"], float) and row["length_km"] == row["length_km"]:
        facts.append(f"Length: {row['length_km']:,.0f} km (geodesic, along the drawn legs)")
    if row["precision"] != "exact":
        facts.append(f"Location precision: {row['precision']}")
    for fact in facts:
        st.text(fact)
    corridor_legs = legs[legs["corridor_id"] == focus]
    if not corridor_legs.empty:
        table = corridor_legs[["branch", "mode", "status", "from_name", "to_name", "length_km"]].rename(
            columns={"from_name": "from", "to_name": "to", "length_km": "km"}
        )
        st.dataframe(table, hide_index=True, use_container_width=True)
    if row["aliases"]:
        st.caption("Also known as: " + "; ".join(row["aliases"]))
    if row["notes"]:
        st.caption(row["notes"])
    for quote in row["quotes"] or []:
        text = catalog.texts.get(quote["source"])
        st.markdown(_quote_in_context(quote, text), unsafe_allow_html=True)
    with st.expander("Sources"):
        for source in row["sources"] or []:
            url = safe_url(source.get("url"))
            title = html.escape(str(source.get("title") or url or "source"))
            st.markdown(
                f"- <a href='{html.escape(url, quote=True)}'>{title}</a>" if url else f"- {title}",
                unsafe_allow_html=True,
            )


def _quote_in_context(quote: dict, text: str | None, context: int = 220) -> str:
    if text is None:
        return f"<blockquote>{html.escape(quote['text'])}</blockquote>"
    start, end = quote["start"], quote["end"]
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    return (
        "<blockquote style='font-size:0.92em'>…"
        + html.escape(" ".join(before.split()))
        + " <mark>"
        + html.escape(" ".join(text[start:end].split()))
        + "</mark> "
        + html.escape(" ".join(after.split()))
        + "…</blockquote>"
    )


def source_reader(catalog: Catalog, entities: gpd.GeoDataFrame, view: View) -> None:
    """Each source text with every catalog quote highlighted; a highlight links to its entity."""
    if not catalog.sources:
        st.info("The catalog has no source documents.")
        return
    source_id = st.selectbox("Source", list(catalog.sources), format_func=lambda s: catalog.sources[s].title)
    source = catalog.sources[source_id]
    st.caption(f"{source.outlet} · {source.published} · {source.url}")
    text = catalog.texts[source_id]
    spans: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for row in entities.itertuples(index=False):
        for quote in row.quotes or []:
            if quote["source"] == source_id:
                spans.setdefault((quote["start"], quote["end"]), []).append((row.id, row.name))
    st.markdown(highlight_text(text, spans), unsafe_allow_html=True)


def highlight_text(text: str, spans: dict[tuple[int, int], list[tuple[str, str]]]) -> str:
    """Escaped text with each span wrapped in a link that focuses the first entity it mentions."""
    pieces, cursor = [], 0
    for (start, end), mentions in sorted(spans.items()):
        if start < cursor:
            continue  # overlapping quotes: the first one is highlighted
        pieces.append(html.escape(text[cursor:start]))
        links = " ".join(
            f"<a href='?focus={html.escape(entity_id, quote=True)}' target='_self' class='ca-mention'>{html.escape(name)}</a>"
            for entity_id, name in mentions
        )
        pieces.append(
            f"<mark title='{html.escape(', '.join(n for _, n in mentions), quote=True)}'>"
            f"{html.escape(text[start:end])}</mark> <sup>{links}</sup>"
        )
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    body = "".join(pieces)
    body = re.sub(r"\n{2,}", "</p><p>", body).replace("\n", " ")
    return (
        "<style>.ca-reader mark{background:#ffe9a8;padding:0 1px}.ca-reader sup a{font-size:0.8em}</style>"
        f"<div class='ca-reader' style='max-width:60rem;line-height:1.55'><p>{body}</p></div>"
    )


def report_bounds(shown: gpd.GeoDataFrame, focus: str | None) -> tuple[float, float, float, float]:
    """The area the report frame shows: the focused entity, or everything shown."""
    if focus and (shown["id"] == focus).any():
        return entity_bounds(shown.loc[shown["id"] == focus].geometry, pad_deg=1.0)
    lines = shown[shown.geometry.geom_type != "Point"]
    return entity_bounds(lines.geometry, pad_deg=0.8) if not lines.empty else DEFAULT_VIEW_BOUNDS


REPORT_CREDIT = (
    "Corridor Atlas · corridors and places from the catalog, each with its cited sources · basemap Natural Earth"
)


def report_credit(view: View) -> str:
    """The report's credit line, naming the date the network is shown as of when it is not today."""
    return REPORT_CREDIT + (f" · network as of {view.as_of.isoformat()}" if view.as_of else "")


def _report_inputs(atlas: Atlas, shown, view: View):
    settings = view.report_settings
    settings = ReportSettings(
        title=settings.title, subtitle=settings.subtitle, frame=settings.frame, date=dt.date.today()
    )
    titles = {sid: f"{s.outlet}, “{s.title}” ({s.published})" for sid, s in atlas.catalog.sources.items()}
    titles.setdefault(REVIEW_SOURCE_ID, "the text under review (not yet a catalog source)")
    return number_quotes(shown), settings, titles


def build_report(atlas: Atlas, shown, shown_legs, countries, view: View) -> str:
    """The standalone report page for the current view."""
    footnotes, settings, titles = _report_inputs(atlas, shown, view)
    fmap, _ = build_report_map(
        countries,
        shown,
        shown_legs,
        footnotes,
        bounds=report_bounds(shown, view.focus),
        settings=settings,
        focus_id=view.focus,
        show_formats=view.show_formats,
    )
    return report_page(fmap, footnotes, settings=settings, source_titles=titles, credit=report_credit(view))


def build_static_report(atlas: Atlas, shown, shown_legs, countries, view: View, fmt: str) -> bytes:
    """The report frame as PNG (2×), SVG or PDF, drawn by matplotlib from the same data and styles."""
    from geo.static_map import draw_report_figure, render_figure

    footnotes, settings, titles = _report_inputs(atlas, shown, view)
    figure = draw_report_figure(
        countries,
        shown,
        shown_legs,
        footnotes,
        bounds=report_bounds(shown, view.focus),
        settings=settings,
        source_titles=titles,
        credit=report_credit(view),
        focus_id=view.focus,
    )
    return render_figure(figure, fmt)


def report_mode(atlas: Atlas, shown, shown_legs, countries, view: View) -> None:
    """The report frame alone, without the app's chrome."""
    st.markdown(
        "<style>[data-testid='stSidebar'],[data-testid='stHeader'],[data-testid='stToolbar']{display:none}"
        ".block-container{padding:0.5rem 1rem;max-width:none}</style>",
        unsafe_allow_html=True,
    )
    st.button("← Back to the dashboard", on_click=lambda: st.session_state.update(report=False))
    width, height = FRAME_SIZES[view.report_settings.frame]
    st.components.v1.html(build_report(atlas, shown, shown_legs, countries, view), width=width + 4, height=height + 4)


def export_panel(atlas: Atlas, shown, shown_legs, countries, view: View) -> None:
    """Report settings and downloads of the map and the filtered data."""
    st.subheader("Report frame")
    st.text_input("Title", key="report_title")
    st.text_input("Subtitle", key="report_subtitle")
    st.selectbox("Frame", list(FRAME_SIZES), key="report_frame")
    st.caption("Turn on *Report mode* in the sidebar to see the frame alone, ready for a screenshot.")
    st.subheader("Downloads")
    st.caption("Exports show exactly what the map shows now: filters, focus and report settings.")
    stamp = dt.date.today().isoformat()
    choice = st.radio(
        "Format", list(EXPORT_FORMATS), format_func=lambda f: EXPORT_FORMATS[f][0], horizontal=True, key="export_format"
    )
    if st.button("Prepare download", key="prepare_export", type="primary"):
        with st.spinner(f"Preparing {EXPORT_FORMATS[choice][0]}…"):
            st.session_state["export"] = (choice, export_bytes(choice, atlas, shown, shown_legs, countries, view))
    if "export" in st.session_state:
        fmt, data = st.session_state["export"]
        label, mime, suffix = EXPORT_FORMATS[fmt]
        st.download_button(
            f"Download {label} ({len(data) / 1024:,.0f} KB)",
            data,
            file_name=f"corridor-atlas-{stamp}.{suffix}",
            mime=mime,
            key="download_export",
        )


EXPORT_FORMATS = {
    "html": ("Map as HTML (interactive, opens offline)", "text/html", "html"),
    "png": ("Map as PNG (2×)", "image/png", "png"),
    "svg": ("Map as SVG (vector)", "image/svg+xml", "svg"),
    "pdf": ("Map as PDF (vector)", "application/pdf", "pdf"),
    "geojson": ("Data as GeoJSON", "application/geo+json", "geojson"),
    "csv": ("Data as CSV", "text/csv", "csv"),
}


def export_bytes(fmt: str, atlas: Atlas, shown, shown_legs, countries, view: View) -> bytes:
    """The file for one export format."""
    if fmt == "html":
        return build_report(atlas, shown, shown_legs, countries, view).encode("utf-8")
    if fmt in ("png", "svg", "pdf"):
        return build_static_report(atlas, shown, shown_legs, countries, view, fmt)
    if fmt == "geojson":
        return to_geojson_text(shown).encode("utf-8")
    return to_csv_text(shown).encode("utf-8")
