"""The browser map as a Streamlit component: the page and data are static files, a rerun sends only the view.

The component's folder is made once per server process: the folium-built page,
its vendored scripts and basemap, and the content-addressed data files of each
dataset shown. The browser fetches each file once; a filter change re-sends a
few hundred bytes of view state.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import streamlit.components.v1 as components

from carto.webmap import build_map_page, copy_map_assets, map_config, write_if_changed

#: Where the component's files are written; a fresh private folder per process unless set.
ENV_BUNDLE_DIR = "CORRIDOR_ATLAS_MAP_DIR"


def _prepare_bundle() -> Path:
    """The component's folder, the same for the whole process (Streamlit may import this module again)."""
    configured = os.environ.get(ENV_BUNDLE_DIR, "").strip()
    if configured:
        directory = Path(configured)
    else:
        directory = Path(tempfile.gettempdir()) / f"corridor-atlas-map-{os.getuid()}-{os.getpid()}"
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    copy_map_assets(directory)
    write_if_changed(directory / "index.html", build_map_page(map_config(data_base="data/")).encode("utf-8"))
    (directory / "data").mkdir(exist_ok=True)
    return directory


BUNDLE_DIR = _prepare_bundle()
DATA_DIR = BUNDLE_DIR / "data"
_component = components.declare_component("atlas_map", path=str(BUNDLE_DIR))


def atlas_map(
    *,
    data: str,
    filters: dict,
    focus: str | None,
    show_formats: bool,
    view: dict | None,
    as_of: str | None = None,
    fit_token: str | None = None,
    height: int = 700,
    report: dict | None = None,
    pick: dict | None = None,
    database_layers: list[dict] | None = None,
    key: str = "atlas-map",
) -> dict | None:
    """Draw the map of dataset ``data`` (a file name in ``DATA_DIR``) with this view state.

    ``as_of`` (``YYYY-MM-DD``) shows the network as it stood on that day; ``None`` shows it as it is.

    ``report`` (from :func:`carto.report_frame.frame_args`) lays the map out as a report frame, previewed scaled
    to the host's width; :func:`carto.frame_export.render_frame` exports the same page.

    ``database_layers`` (from :meth:`corridors.layerstore.StoredLayer.map_spec`) are drawn from vector tiles.

    ``pick`` (``{"label", "lat", "lon"}``) asks the analyst to click where a place is; the click comes back as
    ``"pick": {"lat", "lon", "n"}``.

    Returns the last value the map sent: ``{"click": {"id", "n"} | None, "view": {"lat", "lon", "zoom"}}``,
    with ``"report": {"callouts", "printed", "dropped", "hidden"}`` in a report frame.
    """
    return _component(
        data=data,
        filters=filters,
        focus=focus,
        show_formats=show_formats,
        as_of=as_of,
        view=view,
        fit_token=fit_token,
        height=height,
        report=report,
        pick=pick,
        database_layers=database_layers or [],
        key=key,
        default=None,
    )
