"""The view's round trip through the URL, the map's centre and zoom included."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corridors.query import Filters
from ui.state import View, read_map_view, read_view, write_view

FACETS = {"modes": ["rail", "air"], "statuses": ["operating"], "countries": ["AZE", "KAZ"], "kinds": ["port"]}


def test_centre_and_zoom_survive_the_round_trip():
    view = View(filters=Filters(**FACETS), map_view={"lat": 40.35, "lon": 49.9, "zoom": 7.5})
    params: dict[str, str] = {}
    write_view(params, view, FACETS)
    assert params == {"center": "40.3500,49.9000", "zoom": "7.5"}
    again = read_view(params, FACETS, set())
    assert again.map_view == {"lat": 40.35, "lon": 49.9, "zoom": 7.5}
    assert again.filters.modes == ["rail", "air"]


def test_a_view_without_a_framed_map_leaves_the_url_alone():
    params = {"center": "1,2", "zoom": "3", "mode": "rail"}
    write_view(params, View(filters=Filters(**FACETS)), FACETS)
    assert params == {}


@pytest.mark.parametrize(
    "params",
    [
        {"center": "40.3", "zoom": "5"},
        {"center": "40.3,49.9"},
        {"center": "north,east", "zoom": "5"},
        {"center": "95,49.9", "zoom": "5"},
        {"center": "40,49.9", "zoom": "40"},
        {"center": "nan,49.9", "zoom": "5"},
    ],
)
def test_a_broken_centre_or_zoom_is_ignored(params):
    assert read_map_view(params) is None


def test_other_parameters_are_kept_beside_the_view():
    view = replace(
        View(filters=Filters(**{**FACETS, "modes": ["rail"]})),
        focus="aktau-port",
        map_view={"lat": 1.0, "lon": 2.0, "zoom": 3.0},
    )
    params: dict[str, str] = {}
    write_view(params, view, FACETS)
    assert params == {"mode": "rail", "focus": "aktau-port", "center": "1.0000,2.0000", "zoom": "3"}


def test_the_as_of_date_joins_the_url_and_today_is_left_out():
    import datetime as dt

    from ui.state import read_as_of

    view = View(filters=Filters(**FACETS), as_of=dt.date(2015, 6, 30))
    params: dict[str, str] = {}
    write_view(params, view, FACETS)
    assert params == {"asof": "2015-06-30"}
    assert read_view(params, FACETS, set()).as_of == dt.date(2015, 6, 30)
    today = dt.date(2026, 11, 30)
    assert read_as_of({"asof": "2026-11-30"}, today) is None  # today is the default: not a date to pin
    assert read_as_of({"asof": "1989-12-31"}, today) is None
    assert read_as_of({"asof": "2015-13-01"}, today) is None
    assert read_as_of({"asof": "2015-02-28"}, today) == dt.date(2015, 2, 28)


def test_the_view_survives_the_widgets_state_and_the_url_together():
    import datetime as dt

    from carto.report_frame import Callout, ReportSettings
    from ui.state import view_from_session, view_to_session

    today = dt.date(2026, 11, 30)
    params = {
        "mode": "rail",
        "q": "Aktau",
        "focus": "aktau-port",
        "report": "1",
        "asof": "2015-06-30",
        "center": "41.0000,52.5000",
        "zoom": "5.5",
        "quotes": "2,5",
        "callouts": "5:30:-40",
        "title": "Ports",
    }
    view = read_view(params, FACETS, {"aktau-port"})
    session: dict = {}
    view_to_session(view, session, today=today)
    again = view_from_session(session, today=today)
    assert again == view
    assert again.report_settings == ReportSettings(
        title="Ports", quotes=(2, 5), callouts=(Callout(5, (30, -40)),), callout_chars=140
    )
    written: dict[str, str] = {}
    write_view(written, again, FACETS)
    assert written == params
    view_to_session(replace(view, focus=None), session, today=today)  # a later run keeps the widgets' values
    assert view_from_session(session, today=today).focus == "aktau-port"


def test_map_clicks_and_views_from_the_browser_are_checked():
    from ui.state import remember_map_view

    session: dict = {}
    view = View(filters=Filters(**FACETS))
    assert remember_map_view(view, {"view": {"lat": "x"}}, session).map_view is None
    kept = remember_map_view(view, {"view": {"lat": 40, "lon": 50, "zoom": 6}}, session)
    assert kept.map_view == {"lat": 40.0, "lon": 50.0, "zoom": 6.0} == session["map_view"]
