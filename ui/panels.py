"""Page pieces: sidebar filters, quote and detail panels, source reader, report mode and exports."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections import Counter

import geopandas as gpd
import streamlit as st

from carto.escape import safe_url
from carto.symbology import MODE_STYLES, STATUS_STYLES, kind_style
from corridors.catalog import Catalog
from corridors.export import to_csv_text, to_geojson_text
from corridors.history import claim_reference_status
from corridors.query import frames_as_of
from ui import state
from ui.state import EARLIEST_AS_OF, View

FACET_LABELS = {"modes": "Mode", "statuses": "Status", "countries": "Country", "kinds": "Kind"}


def init_state(view: View) -> None:
    """Copy the view from the URL into the widgets' state, once per browser session."""
    state.view_to_session(view, st.session_state, today=dt.date.today())


def current_view() -> View:
    """The view as the widgets now set it."""
    return state.view_from_session(st.session_state, today=dt.date.today())


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


def remember_map_view(view: View, value: dict | None) -> View:
    """The view with the map's centre and zoom as the browser last reported them."""
    return state.remember_map_view(view, value, st.session_state)


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
    data = json.dumps([overlay.get("name"), overlay.get("quotes"), overlay.get("places")], sort_keys=True, default=str)
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


REPORT_CREDIT = (
    "Corridor Atlas · corridors and places from the catalog, each with its cited sources · basemap Natural Earth"
)


def report_credit(view: View) -> str:
    """The report's credit line, naming the date the network is shown as of when it is not today."""
    return REPORT_CREDIT + (f" · network as of {view.as_of.isoformat()}" if view.as_of else "")


def export_panel(shown) -> None:
    """Downloads of the data shown; map images come from the report composer (the frame you see)."""
    st.subheader("Map for a report")
    st.caption(
        "The report composer frames the map you see (16:9, A4 landscape or square), prints the quotes you pick "
        "and exports exactly that frame as PNG, PDF, SVG or an offline HTML page."
    )
    st.button("Open the report composer", on_click=lambda: st.session_state.update(report=True), key="open_composer")
    st.subheader("Data shown")
    st.caption("Every entity the map shows now, with all its columns and quotes.")
    stamp = dt.date.today().isoformat()
    for fmt, (label, mime, suffix) in DATA_FORMATS.items():
        data = to_geojson_text(shown) if fmt == "geojson" else to_csv_text(shown)
        st.download_button(
            f"{label} ({len(data.encode('utf-8')) / 1024:,.0f} KB)",
            data.encode("utf-8"),
            file_name=f"corridor-atlas-{stamp}.{suffix}",
            mime=mime,
            key=f"download_{fmt}",
        )


DATA_FORMATS = {
    "geojson": ("Data as GeoJSON", "application/geo+json", "geojson"),
    "csv": ("Data as CSV", "text/csv", "csv"),
}
