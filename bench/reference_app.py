"""The floor of the map benchmark: a bare offline ``st_folium`` map of 9 lines and 10 points, no labels.

It is what any Streamlit + Leaflet map costs here, whatever the data: three
modes of three straight lines each, ten circle markers, a Mode filter, folium's
defaults, and Leaflet and jQuery from the app's own ``static/vendor/``. No
basemap, no labels, nothing kept out of the rerun.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

ASSET_URL = "/app/static/vendor"
MODES = ("rail", "road", "pipeline")
#: Nine lines, (mode, [(lat, lon), ...]), and ten points (lat, lon) across the Caspian region.
LINES = [
    (MODES[i % 3], [(38.0 + i, 45.0 + 2 * i), (38.5 + i, 50.0 + 2 * i), (39.0 + i, 55.0 + 2 * i)]) for i in range(9)
]
POINTS = [(37.5 + i, 48.0 + 3 * i) for i in range(10)]


def main() -> None:
    st.set_page_config(page_title="Reference map", layout="wide")
    with st.sidebar:
        selected = st.multiselect("Mode", list(MODES), default=list(MODES))
    fmap = folium.Map(tiles=None)
    fmap.default_js = [("leaflet", f"{ASSET_URL}/leaflet.js"), ("jquery", f"{ASSET_URL}/jquery.min.js")]
    fmap.default_css = [("leaflet_css", f"{ASSET_URL}/leaflet.css")]
    fmap.fit_bounds([[36.0, 44.0], [48.0, 80.0]])
    for mode, coords in LINES:
        if mode in selected:
            folium.PolyLine(coords, tooltip=mode).add_to(fmap)
    for lat, lon in POINTS:
        folium.CircleMarker([lat, lon], radius=5).add_to(fmap)
    st_folium(fmap, height=700, use_container_width=True, returned_objects=[])


main()
