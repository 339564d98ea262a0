"""Corridor Atlas dashboard: a thin Streamlit shell over the `corridors` and `geo` libraries."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from corridors.atlas import load_atlas
from corridors.errors import CatalogError
from corridors.mentions import build_mention_index
from corridors.query import apply_filters, facet_values, nearest_entity, with_text_quotes
from geo.basemap import DISPLAY_BASEMAP_PATH, DISPLAY_BASEMAP_URL, load_countries
from geo.render import (
    DEFAULT_VIEW_BOUNDS,
    Attribution,
    MapControl,
    add_basemap,
    add_entities,
    bounds_center,
    country_label_boxes,
    entity_bounds,
    legend_html,
    new_map,
    number_quotes,
    reserved_boxes,
    view_frame,
    zoom_for_bounds,
)
from ui import panels, state, text_reader

st.set_page_config(page_title="Corridor Atlas", page_icon="🗺️", layout="wide")

MAP_HEIGHT_PX = 700
#: Width the map is laid out for (the wide layout's main column on a laptop screen).
MAP_WIDTH_PX = 1100


@st.cache_resource(show_spinner="Loading the catalog…")
def load_data():
    """Catalog, user layers and basemap, loaded and validated once per process."""
    atlas = load_atlas()
    entities = atlas.entities()
    legs = atlas.legs()
    countries = load_countries(DISPLAY_BASEMAP_PATH)  # the drawn copy: no need to simplify the 1:10m one
    return atlas, entities, legs, countries


@st.cache_resource(show_spinner="Indexing names and aliases…")
def mention_index():
    """The mention finder's index over the catalog and user layers, built once."""
    atlas = load_data()[0]
    return build_mention_index(atlas.catalog, atlas.layers)


def reload_catalog() -> None:
    """Forget the loaded catalog and index so the next run reads the files again."""
    load_data.clear()
    mention_index.clear()


def main() -> None:
    try:
        atlas, entities, legs, countries = load_data()
    except CatalogError as error:
        st.error("The catalog could not be loaded. Fix these problems and reload:")
        st.code("\n".join(str(p) for p in error.problems), language=None)
        st.stop()
    facets = facet_values(entities, legs)
    panels.init_state(state.read_view(st.query_params, facets, set(entities["id"])))
    if "_pending_focus" in st.session_state:
        st.session_state["focus"] = st.session_state.pop("_pending_focus")

    view = panels.current_view()
    shown, shown_legs = apply_filters(entities, legs, view.filters)
    overlay = text_reader.text_overlay()
    if overlay:
        shown, shown_legs = with_text_quotes(shown, shown_legs, overlay["quotes"])
    if view.focus and view.focus not in set(shown["id"]):
        shown = entities[entities["id"].isin(set(shown["id"]) | {view.focus})]
    if view.report:
        state.write_view(st.query_params, view, facets)
        panels.report_mode(atlas, shown, shown_legs, countries, view)
        return

    with st.sidebar:
        panels.sidebar(facets, entities)
    state.write_view(st.query_params, view, facets)

    st.title("Corridor Atlas")
    if overlay:
        st.info(f"The map shows what “{overlay['name']}” mentions, with its quotes. Turn this off in *Read a text*.")
    st.caption(
        f"Showing {int((shown['kind'] == 'corridor').sum())} of {int((entities['kind'] == 'corridor').sum())} corridors "
        f"and {int((shown['kind'] != 'corridor').sum())} places · click a line or symbol to focus it"
    )
    map_tab, reader_tab, text_tab, export_tab = st.tabs(["Map", "Source reader", "Read a text", "Report & export"])
    with map_tab:
        clicked = draw_map(entities, legs, shown, shown_legs, countries, view)
        if clicked and clicked != view.focus:
            st.session_state["_pending_focus"] = clicked
            st.rerun()
        left, right = st.columns([3, 2], gap="large")
        with left:
            panels.quotes_panel(number_quotes(shown), atlas.catalog)
        with right:
            panels.details_panel(view.focus, entities, legs, atlas.catalog)
    with reader_tab:
        panels.source_reader(atlas.catalog, entities, view)
    with text_tab:
        text_reader.read_text_tab(mention_index, on_saved=reload_catalog)
    with export_tab:
        panels.export_panel(atlas, shown, shown_legs, countries, view)


def map_layer(
    shown, shown_legs, countries, focus: str | None, show_formats: bool, *, fit: bool = False
) -> folium.FeatureGroup:
    """The filtered corridors, symbols and placed labels (a new layer each run: folium objects are single-use)."""
    zoom, center = map_view(shown, focus, fit=fit)
    layer = folium.FeatureGroup(name="Corridors and places")
    add_entities(
        layer,
        shown,
        shown_legs,
        zoom=zoom,
        frame=view_frame(center, zoom, MAP_WIDTH_PX, MAP_HEIGHT_PX),
        focus_id=focus,
        footnotes=number_quotes(shown),
        show_formats=show_formats,
        reserved_px=reserved_boxes(MAP_WIDTH_PX, MAP_HEIGHT_PX),
        fixed_labels=country_label_boxes(countries),
    )
    return layer


def map_view(shown, focus: str | None, *, fit: bool = False) -> tuple[float, tuple[float, float]]:
    """Zoom and centre (lat, lon): the focused entity, everything shown (``fit``), or the whole region."""
    bounds = DEFAULT_VIEW_BOUNDS
    if fit and not shown.empty:
        bounds = entity_bounds(shown.geometry, pad_deg=2.5)
    if focus:
        focused = shown[shown["id"] == focus]
        if not focused.empty:
            bounds = entity_bounds(focused.geometry, pad_deg=1.0)
    return zoom_for_bounds(bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX), bounds_center(bounds)


def draw_map(entities, legs, shown, shown_legs, countries, view) -> str | None:
    """The interactive map: a static basemap, and the filtered layers updated in place."""
    zoom, center = map_view(shown, view.focus, fit=text_reader.text_overlay() is not None)

    base = new_map(
        center=bounds_center(DEFAULT_VIEW_BOUNDS),
        zoom=zoom_for_bounds(DEFAULT_VIEW_BOUNDS, MAP_WIDTH_PX, MAP_HEIGHT_PX),
    )
    add_basemap(base, countries, url=DISPLAY_BASEMAP_URL)
    MapControl(legend_html(entities, legs, show_formats=view.show_formats), position="bottomleft").add_to(base)
    Attribution("Basemap: Natural Earth (public domain) · Corridor Atlas catalog, sources per feature").add_to(base)

    fit = text_reader.text_overlay() is not None
    layer = map_layer(shown, shown_legs, countries, view.focus, view.show_formats, fit=fit)
    result = st_folium(
        base,
        key="atlas-map",
        feature_group_to_add=layer,
        center=list(center),
        zoom=zoom,
        height=MAP_HEIGHT_PX,
        use_container_width=True,
        returned_objects=["last_object_clicked"],
    )
    click = (result or {}).get("last_object_clicked")
    if not click or click == st.session_state.get("_last_click"):
        return None
    st.session_state["_last_click"] = click
    degrees_per_px = 360.0 / (256 * 2**zoom)
    return nearest_entity(shown, click["lng"], click["lat"], max_distance_deg=12 * degrees_per_px)


main()
