"""The dashboard's view (filters, focus, map view, report settings): to and from the URL and the widgets' state.

Pure functions over mappings, so the round trips are tested without Streamlit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import MutableMapping
from dataclasses import dataclass, field, replace

from carto.report_frame import (
    DEFAULT_CALLOUT_CHARS,
    FRAME_SIZES,
    Callout,
    ReportSettings,
    callouts_param,
    quotes_param,
    read_callout_chars,
    read_callouts_param,
    read_quotes_param,
)
from corridors.query import Filters

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


# ---------------------------------------------------------------- the widgets' state (st.session_state)

#: Session keys of the filter widgets, by facet.
FILTER_KEYS = {facet: f"filter_{facet}" for facet in FACET_PARAMS}


def view_to_session(view: View, session: MutableMapping, *, today: dt.date) -> None:
    """Copy ``view`` into the widgets' state, once per browser session (later runs keep the widgets' values)."""
    if session.get("_initialised"):
        return
    for facet, key in FILTER_KEYS.items():
        session[key] = list(getattr(view.filters, facet))
    session["search"] = view.filters.search
    session["focus"] = view.focus or ""
    session["show_formats"] = view.show_formats
    session["report"] = view.report
    settings = view.report_settings
    session["report_title"] = settings.title
    session["report_subtitle"] = settings.subtitle
    session["report_frame"] = settings.frame
    if settings.quotes is not None:
        session["report_quotes"] = list(settings.quotes)
    session["report_callouts"] = [c.number for c in settings.callouts]
    session["callout_offsets"] = {c.number: c.offset for c in settings.callouts if c.offset}
    session["callout_chars"] = settings.callout_chars
    if view.map_view:
        session["map_view"] = view.map_view
    session["as_of"] = view.as_of or today
    session["as_of_year"] = session["as_of"].year
    session["_initialised"] = True


def view_from_session(session: MutableMapping, *, today: dt.date) -> View:
    """The view as the widgets now set it."""
    filters = Filters(
        search=session.get("search", ""),
        show_formats=bool(session.get("show_formats")),
        **{facet: session.get(key, []) for facet, key in FILTER_KEYS.items()},
    )
    day = session.get("as_of")
    return View(
        filters=filters,
        focus=session.get("focus") or None,
        show_formats=bool(session.get("show_formats")),
        report=bool(session.get("report")),
        map_view=session.get("map_view"),
        as_of=day if isinstance(day, dt.date) and day < today else None,
        report_settings=report_settings_from_session(session),
    )


def report_settings_from_session(session: MutableMapping) -> ReportSettings:
    """The report's settings as the composer's widgets set them."""
    quotes = session.get("report_quotes")
    offsets = session.get("callout_offsets", {})
    return ReportSettings(
        title=session.get("report_title", ReportSettings.title),
        subtitle=session.get("report_subtitle", ""),
        frame=session.get("report_frame", ReportSettings.frame),
        quotes=tuple(quotes) if quotes is not None else None,
        callouts=tuple(Callout(n, offsets.get(n)) for n in session.get("report_callouts", [])),
        callout_chars=int(session.get("callout_chars", DEFAULT_CALLOUT_CHARS)),
    )


def remember_map_view(view: View, value: dict | None, session: MutableMapping) -> View:
    """The view with the map's centre and zoom as the browser last reported them (kept in ``session``)."""
    reported = (value or {}).get("view")
    if isinstance(reported, dict):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            session["map_view"] = {k: float(reported[k]) for k in ("lat", "lon", "zoom")}
    return replace(view, map_view=session.get("map_view"))


def filters_for_map(filters: Filters) -> dict:
    """The filters as the browser map applies them (plain JSON)."""
    return {
        "modes": list(filters.modes),
        "statuses": list(filters.statuses),
        "countries": list(filters.countries),
        "kinds": list(filters.kinds),
        "search": filters.search,
    }
