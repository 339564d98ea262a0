"""Abbreviations a text defines in brackets after a name, and their later uses."""

from __future__ import annotations

import pytest

from corridors.text.abbreviations import abbreviates
from corridors.text.mentions import NamedEntity, build_mention_index, find_mentions


@pytest.fixture(scope="module")
def pipelines():
    """An index that knows the pipelines by their full names only, with no abbreviations."""
    return build_mention_index(
        entities=[
            NamedEntity("tanap", "pipeline", "Трансанатолийский газопровод"),
            NamedEntity("tcgp", "pipeline", "Trans-Caspian Gas Pipeline", ("Транскаспийский газопровод",)),
            NamedEntity("east-west", "pipeline", "газопровод Восток – Запад"),
        ]
    )


def found(text: str, index) -> list[tuple[str, str]]:
    return [(m.id, text[m.start : m.end]) for m in find_mentions(text, index)]


@pytest.mark.parametrize(
    ("short", "name", "expected"),
    [
        ("ТАНАП", "Трансанатолийский газопровод", True),
        ("TCGP", "Trans-Caspian Gas Pipeline", True),
        ("ККУ", "Китай – Кыргызстан – Узбекистан", True),
        ("КНР", "Урумчи", False),  # a country in brackets after a town
        ("АП", "Капитал Порт", False),  # the first letter must start a word
        ("ПТ", "Трансанатолийский газопровод", False),  # letters out of order
    ],
)
def test_the_letters_of_a_short_form_occur_in_the_name_in_order(short, name, expected):
    assert abbreviates(short, name) is expected


def test_a_defined_abbreviation_is_found_again_later_with_its_case_endings(pipelines):
    text = "Трансанатолийский газопровод (ТАНАП) продлят. Мощность ТАНАПа увеличат, и ТАНАП заполнят."
    assert found(text, pipelines) == [
        ("tanap", "Трансанатолийский газопровод"),
        ("tanap", "ТАНАП"),
        ("tanap", "ТАНАПа"),
        ("tanap", "ТАНАП"),
    ]


def test_an_abbreviation_of_the_catalog_name_counts_across_scripts(pipelines):
    text = "The Trans-Caspian Gas Pipeline (TCGP) was discussed; TCGP would carry 30 bcm."
    assert [mention for mention in found(text, pipelines) if mention[1] == "TCGP"] == [("tcgp", "TCGP")] * 2


def test_an_abbreviation_needs_a_mention_it_fits_right_before_it(pipelines):
    # after a company's name, or an abbreviation that does not fit the name before it
    text = "Государственный концерн (ТНГ) и газопровод Восток – Запад (КНР) строят. ТНГ и КНР согласились."
    assert found(text, pipelines) == [("east-west", "газопровод Восток – Запад")]


def test_an_abbreviation_defined_for_two_entities_stands_for_neither(pipelines):
    text = "Трансанатолийский газопровод (ТГ) и Транскаспийский газопровод (ТГ). ТГ построят."
    assert found(text, pipelines) == [
        ("tanap", "Трансанатолийский газопровод"),
        ("tcgp", "Транскаспийский газопровод"),
    ]
