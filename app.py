"""Corridor Atlas dashboard: a thin Streamlit shell over the `corridors` and `geo` libraries."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import streamlit as st

from carto.footnotes import number_quotes
from carto.weblayer import map_payloads, write_payloads
from corridors.atlas import load_atlas
from corridors.errors import CatalogError
from corridors.frames import auto_places_frame
from corridors.layerstore import facets_with_layers, tile_server
from corridors.query import apply_filters, facet_values, frames_as_of, with_status_steps, with_text_quotes
from corridors.storage import ENV_DATABASE_URL, is_database_error, open_store
from corridors.text.mentions import build_mention_index
from ui import panels, report_composer, state, text_reader
from ui.map_component import DATA_DIR, atlas_map

st.set_page_config(page_title="Corridor Atlas", page_icon="🗺️", layout="wide")

MAP_HEIGHT_PX = 700


@st.cache_resource(show_spinner="Loading the catalog…")
def load_data():
    """Catalog and user layers, loaded and validated once per process."""
    atlas = load_atlas()
    entities = atlas.entities()
    legs = atlas.legs()
    return atlas, entities, legs


@st.cache_resource
def entity_names() -> tuple[dict[str, str], dict[str, str]]:
    """Every entity's name by id, and the entities the Focus list offers."""
    atlas, entities, _ = load_data()
    catalog_ids = set(atlas.catalog.places) | set(atlas.catalog.corridors) | set(atlas.catalog.formats)
    return dict(zip(entities["id"], entities["name"])), panels.focus_options(entities, catalog_ids)


@st.cache_resource
def entity_countries() -> dict[str, list[str]]:
    """Each entity's countries (ISO alpha-3), for the gazetteer's ranking of a read text's places."""
    _, entities, _ = load_data()
    return {entity_id: list(countries or []) for entity_id, countries in zip(entities["id"], entities["countries"])}


@st.cache_resource(show_spinner="Preparing the map…")
def catalog_map_data() -> tuple[str, list]:
    """The catalog's map files (written once per process) and its quote numbers, stable across filters."""
    _, entities, legs = load_data()
    footnotes = number_quotes(entities)
    files = map_payloads(with_status_steps(entities), with_status_steps(legs), footnotes, source_titles())
    return write_payloads(DATA_DIR, files), footnotes


@st.cache_resource(show_spinner="Preparing the map…", max_entries=16)
def overlay_map_data(overlay_key: str, _overlay: dict) -> tuple[str, list]:
    """The map files of what a read text mentions, with that text's quotes and the places the gazetteer located
    (keyed by the text's digest)."""
    _, entities, legs = load_data()
    mentioned, mentioned_legs = with_text_quotes(entities, legs, _overlay["quotes"])
    if _overlay.get("places"):
        mentioned = pd.concat([mentioned, auto_places_frame(_overlay["places"])], ignore_index=True)
    footnotes = number_quotes(mentioned)
    files = map_payloads(with_status_steps(mentioned), with_status_steps(mentioned_legs), footnotes, source_titles())
    return write_payloads(DATA_DIR, files), footnotes


def source_titles() -> dict[str, str]:
    """How the quote notes name each source."""
    titles = {sid: f"{s.outlet}, “{s.title}” ({s.published})" for sid, s in load_data()[0].catalog.sources.items()}
    titles.setdefault(text_reader.REVIEW_SOURCE_ID, "the text under review (not yet a catalog source)")
    return titles


@st.cache_resource(show_spinner="Indexing names and aliases…")
def mention_index():
    """The mention finder's index over the catalog and user layers, built once."""
    atlas = load_data()[0]
    return build_mention_index(atlas.catalog, atlas.layers)


@st.cache_resource
def catalog_version() -> dict[str, str]:
    """The version of the catalog this process has loaded (shared by every session)."""
    return {}


def follow_other_writers() -> None:
    """Reload when the catalog changed since it was loaded: a save by another server or process."""
    version = open_store().version()
    loaded = catalog_version()
    if loaded.get("version") not in (None, version):
        reload_catalog()
    loaded["version"] = version


def reload_catalog() -> None:
    """Forget the loaded catalog and index so the next run reads the files again."""
    catalog_version()["version"] = open_store().version()
    load_data.clear()
    entity_names.clear()
    entity_countries.clear()
    catalog_map_data.clear()
    overlay_map_data.clear()
    mention_index.clear()


def database_layers() -> list:
    """The layers kept in the database (none with the file backend), asked on every run: an import shows at once.

    If the database cannot be reached the map goes on without them, saying so.
    """
    url = os.environ.get(ENV_DATABASE_URL, "").strip()
    if not url:
        return []
    try:
        return list(tile_server(url).layers().values())
    except Exception as error:
        if not is_database_error(error):
            raise
        st.warning("The database's layers cannot be reached; the map shows the catalog without them.")
        return []


def shown_now(entities, legs, view: state.View):
    """The entities and legs the current view shows (the browser applies the same rules to the map)."""
    all_entities = entities
    if view.as_of:
        entities, legs = frames_as_of(entities, legs, view.as_of)
    shown, shown_legs = apply_filters(entities, legs, view.filters)
    overlay = text_reader.text_overlay()
    if overlay:
        shown, shown_legs = with_text_quotes(shown, shown_legs, overlay["quotes"])
    if view.focus and view.focus not in set(shown["id"]):
        shown = all_entities[all_entities["id"].isin(set(shown["id"]) | {view.focus})]
    return shown, shown_legs


def map_dataset() -> tuple[str, list]:
    """The map's dataset file and its quote notes: what a read text mentions, or the catalog."""
    overlay = text_reader.text_overlay()
    if overlay:
        return overlay_map_data(panels.overlay_digest(overlay), overlay)
    return catalog_map_data()


def map_args(view: state.View, data: str) -> dict:
    """The browser map's view state (the dashboard map, the report preview and its exports share it)."""
    overlay = text_reader.text_overlay()
    return {
        "data": data,
        "filters": state.filters_for_map(view.filters),
        "focus": view.focus,
        "show_formats": view.show_formats,
        "as_of": view.as_of.isoformat() if view.as_of else None,
        "view": view.map_view,
        "fit_token": panels.overlay_digest(overlay) if overlay else None,
        "database_layers": [layer.map_spec() for layer in database_layers()],
    }


def report_page(entities, legs, facets, view: state.View) -> None:
    """Report mode: the composer in the sidebar, the frame previewed at the window's width, its exports."""
    st.markdown(
        "<style>[data-testid='stHeader'],[data-testid='stToolbar']{display:none}"
        ".block-container{padding:0.8rem 1rem;max-width:none}</style>",
        unsafe_allow_html=True,
    )
    shown, _ = shown_now(entities, legs, view)
    data, footnotes = map_dataset()
    with st.sidebar:
        report_composer.composer_controls(footnotes, set(shown["id"]), source_titles())
    view = panels.current_view()
    credit = f"{panels.report_credit(view)} · {dt.date.today().isoformat()}"
    args = report_composer.preview_args(
        {**map_args(view, data), "height": MAP_HEIGHT_PX}, view.report_settings, credit=credit
    )
    st.caption(
        "The report frame at its true size, scaled to fit this window. Pan with the mouse, zoom with ctrl + scroll "
        "(⌘ on a Mac) or a double click; drag a callout to move it. Exports are rendered from this same frame."
    )
    value = atlas_map(**args, key=report_composer.PREVIEW_KEY)
    panels.remember_map_view(view, value)
    report_composer.remember_report_value(value)
    report_composer.fit_warnings(value)
    state.write_view(st.query_params, panels.current_view(), facets)
    report_composer.export_controls(args)


def main() -> None:
    try:
        follow_other_writers()
        atlas, entities, legs = load_data()
        facets = facets_with_layers(facet_values(entities, legs), database_layers())
    except CatalogError as error:
        st.error("The catalog could not be loaded. Fix these problems and reload:")
        st.code("\n".join(str(p) for p in error.problems), language=None)
        st.stop()
    except Exception as error:
        if not is_database_error(error):
            raise
        st.error("The catalog's database cannot be reached; reload when it is back.")
        st.code(str(error).strip(), language=None)
        st.stop()
    panels.init_state(state.read_view(st.query_params, facets, set(entities["id"])))
    if "_pending_focus" in st.session_state:
        st.session_state["focus"] = st.session_state.pop("_pending_focus")
    view = panels.current_view()
    if view.report:
        report_page(entities, legs, facets, view)
        return

    st.markdown("<style>.block-container{padding-top:2.2rem}</style>", unsafe_allow_html=True)
    st.sidebar.header("Filters")
    st.title("Corridor Atlas")
    overlay = text_reader.text_overlay()
    if overlay:
        st.info(f"The map shows what “{overlay['name']}” mentions, with its quotes. Turn this off in *Read a text*.")
    map_tab, reader_tab, text_tab, export_tab = st.tabs(["Map", "Source reader", "Read a text", "Report & export"])
    with map_tab:
        map_section(atlas, entities, legs, facets)
    with st.sidebar:
        st.divider()
        names, focusable = entity_names()
        panels.focus_select(focusable, names)
        st.checkbox("Report mode", key="report", help="Hide the app and draw the map in a fixed report frame")
    with reader_tab:
        panels.source_reader(atlas.catalog, entities, view)
    with text_tab:
        text_reader.read_text_tab(
            mention_index,
            on_saved=reload_catalog,
            entity_countries=entity_countries(),
            get_catalog=lambda: load_data()[0].catalog,
            pick_map=pick_map,
        )
    with export_tab:
        shown, _ = shown_now(entities, legs, panels.current_view())
        panels.export_panel(shown)


def pick_map(pick: dict) -> dict | None:
    """A map in the review queue that asks the analyst to click where a name is; opens on its known position."""
    data, _ = map_dataset()
    view = panels.current_view()
    known = pick.get("lat") is not None and pick.get("lon") is not None
    args = {**map_args(view, data), "view": {"lat": pick["lat"], "lon": pick["lon"], "zoom": 6} if known else None}
    return atlas_map(**args, height=460, pick=pick, key="review-pick-map")


@st.fragment
def map_section(atlas, entities, legs, facets) -> None:
    """Filters, the map with its quote notes, and the details panel: a filter change or a click reruns only this part."""
    with st.sidebar:
        panels.sidebar(facets)
    view = panels.current_view()
    shown, _ = shown_now(entities, legs, view)
    data, _ = map_dataset()
    st.caption(
        f"Showing {int((shown['kind'] == 'corridor').sum())} of {int((entities['kind'] == 'corridor').sum())} corridors "
        f"and {int((shown['kind'] != 'corridor').sum())} places · click a line or symbol to focus it · "
        "ctrl + scroll (⌘ on a Mac) or the +/− buttons zoom the map"
    )
    value = atlas_map(**map_args(view, data), height=MAP_HEIGHT_PX)
    view = panels.remember_map_view(view, value)
    state.write_view(st.query_params, view, facets)
    clicked = panels.clicked_entity(value, set(entities["id"]))
    if clicked and clicked != view.focus:
        st.session_state["_pending_focus"] = clicked
        st.rerun()  # the whole page: the Focus list and the source reader follow the click
    panels.details_panel(view.focus, entities, legs, atlas.catalog, as_of=view.as_of)


main()
