"""The variant grammar and the context rules of the mention finder, on sentences written for these tests."""

from __future__ import annotations

import pytest

from corridors.text.mentions import find_mentions
from corridors.text.variants import chain_variants, head_noun_variants, name_variants, transliteration_variants


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


def test_chains_are_written_both_ways_and_with_a_country_s_other_name():
    assert set(chain_variants("China–Kyrgyzstan–Uzbekistan railway")) >= {
        "Uzbekistan–Kyrgyzstan–China railway",
        "China–Kirghizia–Uzbekistan railway",
    }
    assert set(chain_variants("Железная дорога Казахстан — Туркменистан — Иран")) == {
        "Железная дорога Иран — Туркменистан — Казахстан",
        "Железная дорога Казахстан — Туркмения — Иран",
    }
    # a place with dashes in its own name is not a link of the chain: reversing it would make nonsense
    assert list(chain_variants("Termez–Mazar-e-Sharif–Kabul–Peshawar railway")) == []
    assert list(chain_variants("Kashgar–Andijan railway")) == []  # two places are no chain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "проект железной дороги «Узбекистан – Кыргызстан – Китай» обсудили",
            [("china-kyrgyzstan-uzbekistan-railway", "Узбекистан – Кыргызстан – Китай")],
        ),
        (  # the Russian head phrase swapped: "дорога" for "железная дорога"
            "Соглашение о строительстве дороги Казахстан-Туркмения-Иран было подписано",
            [("kazakhstan-turkmenistan-iran-railway", "дороги Казахстан-Туркмения-Иран")],
        ),
        (
            "строительство железной дороги Казахстан-Туркмения-Иран завершено",
            [("kazakhstan-turkmenistan-iran-railway", "железной дороги Казахстан-Туркмения-Иран")],
        ),
        (
            "the Uzbekistan-Kyrgyzstan-China railway",
            [("china-kyrgyzstan-uzbekistan-railway", "Uzbekistan-Kyrgyzstan-China railway")],
        ),
    ],
)
def test_reversed_and_exonym_chains_name_their_corridor(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("грузы идут через переход Алтынколь-Хоргос", [("altynkol", "переход Алтынколь-Хоргос")]),
        ("доля перевозок по стыку Достык- Алашанькоу", [("dostyk", "стыку Достык- Алашанькоу")]),
        ("the Dostyk–Alashankou crossing is busy", [("dostyk", "Dostyk–Alashankou crossing")]),
        # called a line, or nothing, two crossings stay two places
        ("мост магистрали Серхетабат – Тургунди", [("serhetabat", "Серхетабат"), ("torghundi", "Тургунди")]),
        ("Altynkol - Khorgos", [("altynkol", "Altynkol"), ("khorgos", "Khorgos")]),
    ],
)
def test_two_border_crossings_called_a_crossing_are_one(index, text, expected):
    assert found(text, index) == expected
