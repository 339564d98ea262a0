"""The report frame's settings: which quotes it prints, their numbers, callouts, and their URL form."""

from __future__ import annotations

import pytest

from carto.footnotes import Footnote, number_quotes
from carto.report_frame import (
    CALLOUT_CHARS_RANGE,
    DEFAULT_CALLOUT_CHARS,
    FRAME_SIZES,
    Callout,
    ReportSettings,
    callouts_param,
    default_quotes,
    frame_args,
    notes_that_fit,
    quotes_of,
    quotes_param,
    read_callout_chars,
    read_callouts_param,
    read_quotes_param,
    report_numbers,
)
from corridors.atlas import load_atlas
from corridors.query import Filters, apply_filters, facet_values
from ui.state import read_view, write_view


@pytest.fixture(scope="module")
def catalog():
    atlas = load_atlas({})
    entities, legs = atlas.entities(), atlas.legs()
    return entities, legs, number_quotes(entities)


def note(number: int, text: str = "a quote", ids: tuple[str, ...] = ("x",)) -> Footnote:
    return Footnote(number, "src", 10 * number, 10 * number + len(text), text, ids, tuple(i.upper() for i in ids))


def test_report_numbers_are_one_to_n_in_reading_order():
    assert report_numbers([15, 3, 9]) == {3: 1, 9: 2, 15: 3}
    assert report_numbers([]) == {}
    assert report_numbers([4, 4]) == {4: 1}


def test_default_quotes_are_those_of_what_is_shown_most_important_first(catalog):
    entities, legs, notes = catalog
    facets = facet_values(entities, legs)
    shown, _ = apply_filters(entities, legs, Filters(**{**facets, "modes": ["ferry"]}))
    ids = set(shown["id"])
    picked = default_quotes(notes, ids, "16:9 (1600×900)", {})
    assert picked, "a frame of the ferry network prints some quotes"
    assert list(picked) == sorted(picked)  # the dataset's order is importance order
    assert all(ids.intersection(n.entity_ids) for n in notes if n.number in picked)
    candidates = quotes_of(notes, ids)
    assert [n.number for n in candidates[: len(picked)]] == list(picked)


def test_fewer_long_quotes_fit_than_short_ones():
    short = [note(i, "short quote") for i in range(1, 80)]
    long = [note(i, "a long quote " * 40) for i in range(1, 80)]
    for frame in FRAME_SIZES:
        assert 0 < notes_that_fit(long, frame, {}) < notes_that_fit(short, frame, {}) < 79


def test_frame_args_carry_only_callouts_of_printed_quotes():
    settings = ReportSettings(frame="A4 landscape", callouts=(Callout(3), Callout(7, (40, -60))), callout_chars=90)
    args = frame_args(settings, [3, 5], credit="credit")
    assert args["size"] == [1123, 794]
    assert args["quotes"] == [3, 5]
    assert args["callouts"] == [{"n": 3, "dx": None, "dy": None}]
    assert args["callout_chars"] == 90 and args["export"] is False
    exported = frame_args(settings, [3, 7], credit="credit", export=True)
    assert {"n": 7, "dx": 40, "dy": -60} in exported["callouts"] and exported["export"] is True


def test_quotes_and_callouts_round_trip_through_their_url_form():
    callouts = (Callout(12), Callout(15, (40, -80)), Callout(2, (0, 0)))
    assert read_callouts_param(callouts_param(callouts)) == callouts
    assert read_quotes_param(quotes_param([3, 12, 15])) == (3, 12, 15)
    assert read_quotes_param("") == ()  # picked none
    assert read_quotes_param(None) is None  # not said: the default pick applies


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,x,2:3", (Callout(1),)),
        ("5:10:20:30,6:a:b,7:99999:0", ()),
        ("-1,0,8", (Callout(8),)),
        ("4,4:1:1", (Callout(4),)),
    ],
)
def test_malformed_callouts_are_dropped(raw, expected):
    assert read_callouts_param(raw) == expected


def test_callout_length_is_kept_in_range():
    low, high = CALLOUT_CHARS_RANGE
    assert read_callout_chars("5") == low
    assert read_callout_chars("100000") == high
    assert read_callout_chars("abc") == DEFAULT_CALLOUT_CHARS
    assert read_callout_chars(None) == DEFAULT_CALLOUT_CHARS
    assert read_quotes_param("1,2,x,999999999,3") == (1, 2, 3)


def test_the_view_keeps_the_report_in_the_url(catalog):
    entities, legs, _ = catalog
    facets = facet_values(entities, legs)
    params = {
        "report": "1",
        "frame": "Square (1080×1080)",
        "quotes": "3,1,9",
        "callouts": "9:15:-40,3",
        "chars": "200",
        "title": "Ports",
    }
    view = read_view(params, facets, set(entities["id"]))
    settings = view.report_settings
    assert settings.frame == "Square (1080×1080)" and settings.title == "Ports"
    assert settings.quotes == (3, 1, 9)
    assert settings.callouts == (Callout(9, (15, -40)), Callout(3))
    assert settings.callout_chars == 200
    written: dict[str, str] = {}
    write_view(written, view, facets)
    assert {k: written[k] for k in params} == params
    assert read_view(written, facets, set(entities["id"])) == view
