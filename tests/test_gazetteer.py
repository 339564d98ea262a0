"""The offline gazetteer: places a text names that the catalog lacks, located and marked as unreviewed."""

from __future__ import annotations

import pytest

from corridors.frames import AUTO_LOCATED_KIND, ENTITY_COLUMNS, auto_places_frame
from corridors.text.candidates import unknown_candidates
from corridors.text.gazetteer import locate_places
from corridors.text.mentions import find_mentions
from corridors.text.review import review_items
from ui.text_reader import auto_place_records

TEXT = (
    "Freight from Kyzylorda and Samarkand reached Aktau. Грузы из Кызылорды и Самарканда идут в Актау. "
    "The Bank of Georgia said the Park was closed. Governor Igor Babushkin spoke. Kazakh officials met in Semey."
)


@pytest.fixture(scope="module")
def located(index):
    mentions = find_mentions(TEXT, index)
    candidates = unknown_candidates(TEXT, mentions)
    return mentions, candidates, locate_places(TEXT, mentions, candidates, text_countries=["KAZ", "UZB"])


def test_places_are_located_once_in_both_languages(located):
    _, _, places = located
    by_name = {p.name: p for p in places}
    assert set(by_name) == {"Kyzylorda", "Samarkand", "Semey"}
    assert set(by_name["Kyzylorda"].written) == {"Kyzylorda", "Кызылорды"}  # one place, two languages
    assert by_name["Samarkand"].country == "UZ"
    assert 39.0 < by_name["Samarkand"].lat < 40.0 and 66.5 < by_name["Samarkand"].lon < 67.5
    assert "GeoNames" in by_name["Semey"].note and "not reviewed" in by_name["Semey"].note


def test_catalog_names_words_people_and_demonyms_are_not_located(located):
    mentions, _, places = located
    written = {w for p in places for w in p.written}
    assert not written & {"Aktau", "Актау", "Bank", "Park", "Babushkin", "Igor", "Kazakh", "Georgia"}
    assert any(m.id == "aktau-port" for m in mentions)


def test_located_places_become_map_rows_with_their_sentences(located):
    _, candidates, places = located
    items = review_items(candidates, places)
    records = auto_place_records(TEXT, items)
    frame = auto_places_frame(records)
    assert list(frame.columns) == ENTITY_COLUMNS
    assert set(frame["kind"]) == {AUTO_LOCATED_KIND} and set(frame["precision"]) == {"approximate"}
    kyzylorda = next(r for r in records if r["name"] == "Kyzylorda")
    assert [TEXT[q["start"] : q["end"]] for q in kyzylorda["quotes"]] == [q["text"] for q in kyzylorda["quotes"]]
    assert len(kyzylorda["quotes"]) == 2  # the English and the Russian sentence
    assert sum(1 for item in items if item.name in ("Kyzylorda", "Кызылорды")) == 1


def test_a_place_s_own_name_beats_an_old_name_elsewhere(index):
    text = "Cargo from Samarkand reached the port of Aktau."
    mentions = find_mentions(text, index)
    places = locate_places(text, mentions, text_countries=["KAZ"])  # the text is about Kazakhstan only
    assert [(p.name, p.country) for p in places] == [("Samarkand", "UZ")]  # not Temirtau, once "Samarkandskiy"
