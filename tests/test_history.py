"""Dated status histories: loader checks, the status on a date, and ``export --as-of``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from corridors.catalog import load_catalog
from corridors.cli import main
from corridors.errors import CatalogError
from corridors.history import catalog_status_on, claim_reference_status, date_text_start, entity_status_on, status_on
from corridors.schema import StatusStep
from tests.test_schema_errors import assert_one

REF = {"title": "A reference", "url": "https://example.org/ref"}


def steps(*pairs: tuple[str, str]) -> list[dict]:
    return [{"value": value, "since": since, "sources": [REF]} for value, since in pairs]


HISTORY = [
    StatusStep.model_validate(step)
    for step in steps(("proposed", "2013"), ("construction", "2015-06"), ("operating", "2017-10-30"))
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2012-12-31", None),
        ("2013-01-01", "proposed"),
        ("2015-05-31", "proposed"),
        ("2015-06-01", "construction"),
        ("2017-10-29", "construction"),
        ("2017-10-30", "operating"),
        ("2026-01-01", "operating"),
    ],
)
def test_status_on_before_between_and_after_steps(day, expected):
    assert status_on(HISTORY, dt.date.fromisoformat(day)) == expected


def test_date_text_start_takes_the_first_day_and_rejects_impossible_days():
    assert date_text_start("2017") == dt.date(2017, 1, 1)
    assert date_text_start("2017-10") == dt.date(2017, 10, 1)
    assert date_text_start("c. 2013") == dt.date(2013, 1, 1)
    with pytest.raises(ValueError, match="no day 30"):
        date_text_start("2017-02-30")
    with pytest.raises(ValueError, match="no month 13"):
        date_text_start("2017-13")


def _history_problems(catalog_dir, edit_yaml, history, *, leg=None):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        entry = doc.entry("corridors", "trans-caspian-pipeline")
        target = entry["legs"][leg] if leg is not None else entry
        target["status_history"] = history
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_dir)
    return caught.value.problems


def test_steps_out_of_order_are_reported(catalog_dir, edit_yaml):
    problems = _history_problems(catalog_dir, edit_yaml, steps(("construction", "2015"), ("proposed", "2013")), leg=0)
    problem = assert_one(
        problems,
        file="corridors.yaml",
        entity="trans-caspian-pipeline",
        field="legs.0.status_history.1.since",
        message="not after the previous step",
    )
    assert str(problem).startswith("corridors.yaml: trans-caspian-pipeline: legs.0.status_history.1.since: ")


def test_bad_future_and_repeated_steps_are_reported_all_at_once(catalog_dir, edit_yaml):
    history = steps(("proposed", "2006"), ("proposed", "2010"), ("construction", "2999"), ("shelved", "2017-02-30"))
    problems = _history_problems(catalog_dir, edit_yaml, history)
    assert_one(problems, field="status_history.1.value", message="repeats the previous step")
    assert_one(problems, field="status_history.2.since", message="in the future")
    assert_one(problems, field="status_history.3.since", message="no day 30")
    # the last step must agree with the reference status (proposed)
    assert_one(problems, field="status_history.3.value", message="current status is 'proposed'")


def test_before_only_opens_a_history(catalog_dir, edit_yaml):
    problems = _history_problems(catalog_dir, edit_yaml, steps(("shelved", "2000"), ("proposed", "before 2006")))
    assert_one(problems, field="status_history.1.since", message="only the first step")


def test_a_step_before_a_date_holds_on_every_earlier_date():
    history = [StatusStep.model_validate(step) for step in steps(("operating", "before 2006"), ("shelved", "2020"))]
    assert status_on(history, dt.date(1950, 1, 1)) == "operating"
    assert status_on(history, dt.date(2021, 1, 1)) == "shelved"


def test_a_step_needs_a_source(catalog_dir, edit_yaml):
    problems = _history_problems(catalog_dir, edit_yaml, [{"value": "proposed", "since": "2006"}])
    assert_one(problems, entity="trans-caspian-pipeline", field="status_history.0.sources", message="required")


def test_every_shipped_leg_and_site_has_a_dated_history(shipped_catalog):
    undated_legs = [
        f"{corridor.id} leg {index}"
        for corridor in shipped_catalog.corridors.values()
        for index, leg in enumerate(corridor.legs)
        if not (leg.status_history or corridor.status_history)
    ]
    undated_sites = [place.id for place in shipped_catalog.places.values() if place.status and not place.status_history]
    assert undated_legs == []
    assert undated_sites == []


def test_catalog_status_on_gives_each_leg(shipped_catalog):
    early = catalog_status_on(shipped_catalog, dt.date(1990, 1, 1))
    assert early["astana"].has_status is False
    middle = early["trans-caspian-route"]
    assert len(middle.legs) == len(shipped_catalog.corridors["trans-caspian-route"].legs)


def _export(args, capsys) -> str:
    assert main(["export", *args]) == 0
    return capsys.readouterr().out


def test_export_as_of_gives_the_status_on_that_date(capsys):
    btk = "baku-tbilisi-kars-railway"

    def status(day: str) -> tuple[str | None, str | None]:
        features = json.loads(_export(["--format", "geojson", "--as-of", day], capsys))["features"]
        props = next(f["properties"] for f in features if f["id"] == btk)
        return props["status"], props["status_as_of"]

    # proposed 2007-02-07 → construction 2007-11-21 → operating 2017-10-30
    assert status("2000-01-01") == (None, "2000-01-01")
    assert status("2007-06-01") == ("proposed", "2007-06-01")
    assert status("2012-06-01") == ("construction", "2012-06-01")
    assert status("2017-10-29") == ("construction", "2017-10-29")
    assert status("2018-01-01") == ("operating", "2018-01-01")


def test_export_keeps_every_column_and_adds_status_history(capsys):
    rows = list(csv.DictReader(io.StringIO(_export(["--format", "csv"], capsys))))
    assert {"status", "status_as_of", "quotes", "sources", "wkt", "status_history"} <= set(rows[0])
    btk = next(row for row in rows if row["id"] == "baku-tbilisi-kars-railway")
    history = json.loads(btk["status_history"])
    assert [step["value"] for step in history][-1] == "operating"
    assert all(step["sources"] for step in history)
    features = json.loads(_export(["--format", "geojson"], capsys))["features"]
    props = next(f["properties"] for f in features if f["id"] == "baku-tbilisi-kars-railway")
    assert props["status_history"] == history


def test_export_rejects_a_bad_date(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--as-of", "2017-02-30"])
    assert "is not a date" in capsys.readouterr().err


def test_entity_without_history_keeps_its_status(shipped_catalog):
    kuryk = shipped_catalog.places["kuryk-port"]
    assert entity_status_on(kuryk, dt.date(2010, 1, 1)).status in (None, "construction", "proposed")


def test_a_claim_is_set_beside_the_reference_status_on_its_own_date(shipped_catalog):
    cku = shipped_catalog.corridors["china-kyrgyzstan-uzbekistan-railway"]
    assert cku.claimed_status[0].value == "construction"  # the interview (c. 2019) says "under construction now"
    assert claim_reference_status(shipped_catalog, cku, 0).status == "proposed"
