"""The variant grammar and the context rules of the mention finder, on sentences written for these tests."""

from __future__ import annotations

import pytest

from corridors.text.mentions import find_mentions
from corridors.text.variants import head_noun_variants, name_variants, transliteration_variants


def found(text: str, index) -> list[tuple[str, str]]:
    return [(m.id, text[m.start : m.end]) for m in find_mentions(text, index)]


def test_head_nouns_swap_and_drop():
    variants = set(head_noun_variants("Lapis Lazuli Corridor"))
    assert {"Lapis Lazuli Route", "Lapis Lazuli Project", "Lapis Lazuli Initiative", "Lapis Lazuli"} <= variants
    international = set(head_noun_variants("International North–South Transport Corridor"))
    assert {"North–South Transport Route", "North–South Corridor", "North–South"} <= international
    assert "Kazakhstan–China" not in set(head_noun_variants("Kazakhstan–China oil pipeline"))  # only countries
    assert "Kazakhstan–China pipeline" in set(head_noun_variants("Kazakhstan–China oil pipeline"))
    assert list(head_noun_variants("Baku port")) == []  # not a corridor head
    assert "Transit" not in set(head_noun_variants("Transit Corridor"))  # one short word is no name


def test_transliterations():
    assert set(transliteration_variants("Kuryk")) == {"Kurik"}
    assert set(transliteration_variants("Ashgabat")) == {"Ashgabad"}
    assert "Horgos" in set(transliteration_variants("Khorgos"))
    assert "Mazar-i-Sharif" in set(transliteration_variants("Mazar-e-Sharif"))
    assert list(transliteration_variants("Mary")) == []  # too short, and y ends the word
    assert list(transliteration_variants("Актау")) == []  # Latin names only
    assert name_variants("city", ["Kuryk", "Kurik"]) == []  # a spelling the entity already has is no variant


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cargo through Kazakhstan's Aktau port could grow.", [("aktau-port", "Aktau port")]),
        (
            "shipments between Kazakhstani Kuryk and Azerbaijani Alyat ports",
            [("kuryk-port", "Kuryk"), ("baku-port-alat", "Alyat")],
        ),
        ("trains run from Turkmenistan to Iran's Gorgan.", [("gorgan", "Gorgan")]),
        ("the Lapis Lazuli project was discussed", [("lapis-lazuli-corridor", "Lapis Lazuli project")]),
        ("the Trans-Caspian Transport Corridor grows", [("trans-caspian-route", "Trans-Caspian Transport Corridor")]),
        ("only ferries run on the Kurik-Alat route", [("kuryk-port", "Kurik"), ("baku-port-alat", "Alat")]),
    ],
)
def test_variants_demonyms_and_possessives_are_found(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Astrakhan region has invited investors.",
        "the city of Torghundi in the Afghan province of Herat",
        "Herat province is dry this year",
    ],
)
def test_a_region_named_after_a_town_is_not_the_town(index, text):
    ids = {entity_id for entity_id, _ in found(text, index)}
    assert not ids & {"astrakhan", "herat"}


def test_a_person_before_a_place_still_hides_it(index):
    assert found("President Serdar Berdimuhamedov spoke.", index) == []
    assert found("Mary Robinson visited Baku.", index) == [("baku", "Baku")]
