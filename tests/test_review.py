"""The review queue: accept, place by hand, alias and reject names a text gives that the catalog lacks."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import corridors.text.addsource as addsource
from corridors.catalog import load_catalog
from corridors.errors import CatalogError
from corridors.text.addsource import add_source
from corridors.text.candidates import unknown_candidates
from corridors.text.gazetteer import locate_places
from corridors.text.mentions import build_mention_index, find_mentions
from corridors.text.review import (
    REVIEW_FILE,
    ReviewError,
    accept,
    mark_alias,
    place_by_hand,
    reject,
    review_items,
)
from tests.test_add_source import only_insertions, snapshot

TEXT = (
    "Freight trains from Kyzylorda now reach the port of Aktau, and trucks from Navoi join them. "
    "Грузы из Кызылорды идут в Актау. Ferries call at the port of Zhetybai twice a week."
)
META = {"title": "Trains and ferries", "url": "https://www.example.org/trains/", "published": "2024-05-02"}
TODAY = dt.date(2026, 11, 30)


def queue(catalog_dir: Path, text: str = TEXT):
    catalog = load_catalog(catalog_dir)
    index = build_mention_index(catalog)
    mentions = find_mentions(text, index)
    candidates = unknown_candidates(text, mentions)
    places = locate_places(text, mentions, candidates, text_countries=["KAZ", "UZB"])
    return {item.name: item for item in review_items(candidates, places, catalog.review.values())}


@pytest.fixture
def saved_text(catalog_dir: Path) -> Path:
    add_source(catalog_dir, TEXT, language="en", **META)
    return catalog_dir


def test_the_queue_has_one_item_per_place_in_both_languages(catalog_dir: Path):
    items = queue(catalog_dir)
    assert {"Kyzylorda", "Navoiy", "Zhetybai"} <= set(items)
    assert set(items["Kyzylorda"].written) == {"Kyzylorda", "Кызылорды"}
    assert len(items["Kyzylorda"].spans) == 2
    assert items["Zhetybai"].lat is None and items["Zhetybai"].kind == "port"  # not in the gazetteer
    assert "Aktau" not in items  # the catalog has it


def test_accept_adds_a_place_that_quotes_the_text_and_cites_geonames(saved_text: Path):
    before = snapshot(saved_text)
    place = accept(saved_text, queue(saved_text)["Kyzylorda"], text=TEXT, today=TODAY)

    catalog = load_catalog(saved_text)  # the result validates as a whole catalog
    stored = catalog.places[place.id]
    assert (stored.name, stored.kind, stored.countries) == ("Kyzylorda", "city", ["KAZ"])
    assert (stored.precision, stored.position) == ("exact", "town")
    assert abs(stored.lat - 44.85) < 0.05 and abs(stored.lon - 65.51) < 0.05
    assert stored.sources[0].used_for == "coordinates" and stored.sources[0].url.startswith("https://www.geonames.org/")
    assert "Кызылорда" in stored.aliases  # the listed nominative, not the declined form as written
    source_text = catalog.texts["trains-ferries-2024"]
    assert len(stored.quotes) == 2
    assert all(source_text[q.start : q.end] == q.text for q in stored.quotes)
    added = only_insertions(before["places.yaml"], (saved_text / "places.yaml").read_bytes())
    assert any("id: kyzylorda" in line for line in added)
    # the finder now knows it, in both languages: it leaves the queue
    assert "Kyzylorda" not in queue(saved_text)


def test_a_port_taken_from_a_town_point_is_recorded_as_approximate(saved_text: Path):
    place = accept(saved_text, queue(saved_text)["Navoiy"], text=TEXT, kind="airport", today=TODAY)
    assert (place.kind, place.precision, place.position) == ("airport", "approximate", "town")
    assert "town point of GeoNames" in place.location_note


def test_accept_needs_the_text_saved_a_position_and_a_point_kind(catalog_dir: Path, saved_text: Path):
    unsaved = "Trucks from Navoi reach Kyzylorda."
    before = snapshot(saved_text)
    with pytest.raises(ReviewError, match="save the text as a source first"):
        accept(saved_text, queue(saved_text, unsaved)["Navoiy"], text=unsaved)
    with pytest.raises(ReviewError, match="no position yet"):
        accept(saved_text, queue(saved_text)["Zhetybai"], text=TEXT)
    with pytest.raises(ReviewError, match="not a place kind"):
        accept(saved_text, queue(saved_text)["Navoiy"], text=TEXT, kind="corridor")
    assert snapshot(saved_text) == before


def test_placing_by_hand_is_remembered_and_used_on_accept(saved_text: Path):
    decision = place_by_hand(saved_text, queue(saved_text)["Zhetybai"], 43.59, 52.1, today=TODAY)
    assert (decision.decision, decision.lat, decision.lon) == ("placed", 43.59, 52.1)
    assert (saved_text / REVIEW_FILE).exists()
    item = queue(saved_text)["Zhetybai"]
    assert (item.lat, item.lon, item.placed_by_hand) == (43.59, 52.1, True)
    # placed again: one decision, the new position
    place_by_hand(saved_text, item, 43.6, 52.2, today=TODAY)
    assert [(d.lat, d.lon) for d in load_catalog(saved_text).review.values()] == [(43.6, 52.2)]

    place = accept(saved_text, queue(saved_text)["Zhetybai"], text=TEXT, today=TODAY)
    catalog = load_catalog(saved_text)
    assert (place.lat, place.lon, place.precision) == (43.6, 52.2, "approximate")
    assert "placed by hand" in catalog.places[place.id].location_note
    assert catalog.review == {}  # the decision is spent


def test_reject_is_remembered_across_languages(saved_text: Path):
    reject(saved_text, queue(saved_text)["Kyzylorda"], note="outside the study area", today=TODAY)
    assert "Kyzylorda" not in queue(saved_text)
    # another text naming it only in Russian does not bring it back
    assert "Kyzylorda" not in queue(saved_text, "Поезда из Кызылорды идут в Актау.")
    (decision,) = load_catalog(saved_text).review.values()
    assert decision.note == "outside the study area" and decision.geonameid


def test_alias_teaches_the_finder_the_name(saved_text: Path):
    item = queue(saved_text)["Zhetybai"]
    assert mark_alias(saved_text, item, "aktau-port") == ["Zhetybai"]
    catalog = load_catalog(saved_text)
    assert "Zhetybai" in catalog.places["aktau-port"].aliases
    mentions = find_mentions("Ships call at Zhetybai.", build_mention_index(catalog))
    assert [m.id for m in mentions] == ["aktau-port"]
    with pytest.raises(ReviewError, match="no entity"):
        mark_alias(saved_text, item, "no-such-entity")


def test_a_review_write_that_fails_late_leaves_the_catalog_as_it_was(saved_text: Path, monkeypatch):
    before = snapshot(saved_text)
    real_replace = os.replace

    def failing_replace(source, target):
        if str(target).endswith("places.yaml"):
            raise OSError("disk full")
        return real_replace(source, target)

    monkeypatch.setattr(addsource.os, "replace", failing_replace)
    with pytest.raises(OSError):
        accept(saved_text, queue(saved_text)["Kyzylorda"], text=TEXT)
    assert snapshot(saved_text) == before


def test_a_bad_review_file_names_the_file_the_entry_and_the_field(catalog_dir: Path):
    (catalog_dir / REVIEW_FILE).write_text(
        "schema_version: 1\nreview:\n- id: review-x\n  name: X\n  decision: placed\n  decided: '2026-11-30'\n"
    )
    with pytest.raises(CatalogError) as error:
        load_catalog(catalog_dir)
    (problem,) = error.value.problems
    assert (problem.file, problem.entity) == (REVIEW_FILE, "review-x")
    assert "lat and lon" in problem.message


def test_a_russian_name_accepted_under_its_english_name_keeps_the_russian_as_an_alias(catalog_dir: Path):
    text = "Паромы заходят в порт Акшукур дважды в неделю."
    add_source(catalog_dir, text, language="ru", **{**META, "url": "https://www.example.org/ru/"})
    item = queue(catalog_dir, text)["Акшукур"]
    place_by_hand(catalog_dir, item, 43.59, 52.1, today=TODAY)
    place = accept(catalog_dir, queue(catalog_dir, text)["Акшукур"], text=text, name="Akshukur", today=TODAY)
    assert (place.name, place.aliases) == ("Akshukur", ["Акшукур"])
    index = build_mention_index(load_catalog(catalog_dir))
    assert [m.id for m in find_mentions("Из Акшукура и из Akshukur.", index)] == [place.id, place.id]
