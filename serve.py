"""The dashboard's server: Streamlit running ``app.py``, plus the vector tiles of database layers.

``streamlit run serve.py`` (what ``make run`` does) serves the app with one more route,
``/api/tiles/…`` (:mod:`ui.tile_routes`).
"""

import streamlit as st

from ui.tile_routes import tile_routes

app = st.App("app.py", routes=tile_routes())
