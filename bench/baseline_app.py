"""The baseline of the map benchmark: the naive offline ``st_folium`` map of the same data.

One Mode filter and a plain ``folium.Map`` of the basemap and the filtered lines,
each a ``folium.GeoJson`` with folium's defaults; only Leaflet and jQuery come
from the app's own ``static/vendor/`` instead of a CDN. ``bench.run`` starts it
through an entry script that sits next to a link to the repository's ``static/``,
since Streamlit serves ``static/`` from beside the main script.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from corridors.atlas import load_atlas
from geo.basemap import load_countries

ASSET_URL = "/app/static/vendor"
#: The region the map opens on, as [[lat_min, lon_min], [lat_max, lon_max]].
VIEW_BOUNDS = [[29.5, 26.0], [56.0, 84.0]]


@st.cache_resource
def load_data():
    """Corridor lines (catalog legs and user-layer lines) and the basemap, once per process."""
    return load_atlas().legs(), load_countries()


def main() -> None:
    st.set_page_config(page_title="Baseline map", layout="wide")
    legs, countries = load_data()
    modes = sorted(set(legs["mode"]))
    with st.sidebar:
        selected = st.multiselect("Mode", modes, default=modes)

    fmap = folium.Map(tiles=None)
    fmap.default_js = [("leaflet", f"{ASSET_URL}/leaflet.js"), ("jquery", f"{ASSET_URL}/jquery.min.js")]
    fmap.default_css = [("leaflet_css", f"{ASSET_URL}/leaflet.css")]
    fmap.fit_bounds(VIEW_BOUNDS)
    folium.GeoJson(countries.to_json(), name="Countries").add_to(fmap)
    shown = legs[legs["mode"].isin(selected)]
    if not shown.empty:
        folium.GeoJson(shown[["corridor_id", "mode", "status", "geometry"]].to_json(), name="Corridors").add_to(fmap)
    st_folium(fmap, height=700, use_container_width=True)


main()
