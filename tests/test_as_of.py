"""The network as it stood on a date: statuses from dated histories, what did not exist yet left out."""

from __future__ import annotations

import datetime as dt

import pytest

from corridors.atlas import load_atlas
from corridors.query import frames_as_of, status_on_date, status_steps, with_status_steps

HISTORY = [
    {"value": "proposed", "since": "c. 2013"},
    {"value": "construction", "since": "2015-03"},
    {"value": "operating", "since": "2017-10-30"},
]


def test_steps_start_on_the_first_day_their_date_names():
    assert status_steps(HISTORY) == [
        ["2013-01-01", "proposed"],
        ["2015-03-01", "construction"],
        ["2017-10-30", "operating"],
    ]
    assert status_steps([{"value": "operating", "since": "before 2006"}]) == [["0001-01-01", "operating"]]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2012, 12, 31), None),
        (dt.date(2013, 1, 1), "proposed"),
        (dt.date(2015, 2, 28), "proposed"),
        (dt.date(2015, 3, 1), "construction"),
        (dt.date(2017, 10, 29), "construction"),
        (dt.date(2017, 10, 30), "operating"),
        (dt.date(2030, 1, 1), "operating"),
    ],
)
def test_the_status_on_a_date_is_the_last_step_begun(day, expected):
    assert status_on_date(status_steps(HISTORY), "operating", day) == expected


def test_without_a_history_the_current_status_holds():
    assert status_on_date([], "proposed", dt.date(1990, 1, 1)) == "proposed"
    assert status_on_date([], None, dt.date(1990, 1, 1)) is None


@pytest.fixture(scope="module")
def frames():
    atlas = load_atlas({})
    return atlas.entities(), atlas.legs()


def test_today_the_network_is_as_the_catalog_states_it(frames):
    entities, legs = frames
    now_entities, now_legs = frames_as_of(entities, legs, dt.date.today())
    assert len(now_legs) == len(legs)
    assert list(now_legs["status"]) == list(legs["status"])
    assert set(now_entities["id"]) == set(entities["id"])


def test_earlier_dates_leave_out_legs_not_yet_proposed_and_show_earlier_statuses(frames):
    entities, legs = frames
    dated = with_status_steps(legs)
    first_days = [steps[0][0] for steps in dated["status_steps"] if steps]
    assert first_days, "the catalog has dated histories"
    day = dt.date.fromisoformat(max(first_days)) - dt.timedelta(days=1)
    then_entities, then_legs = frames_as_of(entities, legs, day)
    assert len(then_legs) < len(legs)
    for row in then_legs.itertuples():
        steps = status_steps(row.status_history)
        expected = (
            status_on_date(steps, row.status if not steps else None, day) if steps else legs.loc[row.Index, "status"]
        )
        assert row.status == expected
    shown_corridors = set(then_legs["corridor_id"])
    corridors_then = then_entities[then_entities["kind"] == "corridor"]
    for row in corridors_then.itertuples():
        if row.id in shown_corridors:
            assert row.status in set(then_legs.loc[then_legs["corridor_id"] == row.id, "status"])
