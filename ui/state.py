"""The dashboard's view (filters, focus, report settings) and its round trip through the URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from dataclasses import dataclass, field, replace

from corridors.query import Filters
from geo.report_frame import (
    FRAME_SIZES,
    ReportSettings,
    callouts_param,
    quotes_param,
    read_callout_chars,
    read_callouts_param,
    read_quotes_param,
)

FACET_PARAMS = {"modes": "mode", "statuses": "status", "countries": "country", "kinds": "kind"}


@dataclass(frozen=True)
class View:
    """Everything that decides what the page shows; it is kept in the query string."""

    filters: Filters
    focus: str | None = None
    show_formats: bool = False
    report: bool = False
    report_settings: ReportSettings = field(default_factory=ReportSettings)
    #: The map's centre and zoom (``{"lat", "lon", "zoom"}``) when the analyst has framed it, else ``None``.
    map_view: dict | None = None
    #: The day the network is shown as it stood on; ``None`` shows it as it is today.
    as_of: dt.date | None = None


#: The earliest "as of" date offered (the catalog's histories start later).
EARLIEST_AS_OF = dt.date(1990, 1, 1)


def read_as_of(params: MutableMapping[str, str], today: dt.date) -> dt.date | None:
    """``asof=YYYY-MM-DD`` as a date between :data:`EARLIEST_AS_OF` and ``today``; else ``None`` (today)."""
    try:
        day = dt.date.fromisoformat(params.get("asof", ""))
    except ValueError:
        return None
    return day if EARLIEST_AS_OF <= day < today else None


def read_map_view(params: MutableMapping[str, str]) -> dict | None:
    """Centre and zoom from ``center=LAT,LON&zoom=Z``, or ``None`` when absent or out of range."""
    try:
        lat, lon = (float(v) for v in params.get("center", "").split(","))
        zoom = float(params.get("zoom", ""))
    except ValueError:
        return None
    if not (-85.0 <= lat <= 85.0 and -180.0 <= lon <= 180.0 and 0.0 <= zoom <= 18.0):
        return None
    return {"lat": lat, "lon": lon, "zoom": zoom}


def read_view(params: MutableMapping[str, str], facets: dict[str, list[str]], ids: set[str]) -> View:
    """The view described by the query string; unknown values are dropped, missing facets mean all."""
    selected = {}
    for facet, param in FACET_PARAMS.items():
        raw = params.get(param)
        if raw is None:
            selected[facet] = list(facets[facet])
        else:
            wanted = [v for v in raw.split(",") if v]
            selected[facet] = [v for v in facets[facet] if v in wanted]
    focus = params.get("focus")
    settings = ReportSettings()
    frame = params.get("frame")
    settings = replace(
        settings,
        title=params.get("title", settings.title)[:120],
        subtitle=params.get("subtitle", settings.subtitle)[:200],
        frame=frame if frame in FRAME_SIZES else settings.frame,
        quotes=read_quotes_param(params.get("quotes")),
        callouts=read_callouts_param(params.get("callouts")),
        callout_chars=read_callout_chars(params.get("chars")),
    )
    return View(
        filters=Filters(search=params.get("q", "")[:100], show_formats=params.get("formats") == "1", **selected),
        focus=focus if focus in ids else None,
        show_formats=params.get("formats") == "1",
        report=params.get("report") == "1",
        report_settings=settings,
        map_view=read_map_view(params),
        as_of=read_as_of(params, dt.date.today()),
    )


def write_view(params: MutableMapping[str, str], view: View, facets: dict[str, list[str]]) -> None:
    """Store the view in the query string; facets with everything selected are left out."""
    wanted: dict[str, str] = {}
    for facet, param in FACET_PARAMS.items():
        values = list(getattr(view.filters, facet))
        if values != list(facets[facet]):
            wanted[param] = ",".join(values)
    if view.filters.search:
        wanted["q"] = view.filters.search
    if view.focus:
        wanted["focus"] = view.focus
    if view.show_formats:
        wanted["formats"] = "1"
    if view.report:
        wanted["report"] = "1"
    if view.as_of:
        wanted["asof"] = view.as_of.isoformat()
    if view.map_view:
        wanted["center"] = f"{view.map_view['lat']:.4f},{view.map_view['lon']:.4f}"
        wanted["zoom"] = f"{view.map_view['zoom']:g}"
    defaults = ReportSettings()
    for key in ("title", "subtitle", "frame"):
        value = getattr(view.report_settings, key)
        if value != getattr(defaults, key):
            wanted[key] = value
    settings = view.report_settings
    if settings.quotes is not None:
        wanted["quotes"] = quotes_param(settings.quotes)
    if settings.callouts:
        wanted["callouts"] = callouts_param(settings.callouts)
    if settings.callout_chars != defaults.callout_chars:
        wanted["chars"] = str(settings.callout_chars)
    for key in list(params.keys()):
        if key not in wanted:
            del params[key]
    for key, value in wanted.items():
        if params.get(key) != value:
            params[key] = value
