"""Names that look like places or infrastructure but are not in the catalog."""

from __future__ import annotations

import pytest

from corridors.text.candidates import unknown_candidates
from corridors.text.mentions import find_mentions


def candidates(text: str, index) -> list[tuple[str, str, str]]:
    found = unknown_candidates(text, find_mentions(text, index))
    for candidate in found:
        assert text[candidate.start : candidate.end] == candidate.text
    return [(c.name, c.kind, c.text) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Georgia is expanding the Kulevi port.", [("Kulevi", "port", "Kulevi port")]),
        ("The port of Kulevi will be deep.", [("Kulevi", "port", "port of Kulevi")]),
        ("The Bakhty–Ayagoz railway links them.", [("Bakhty–Ayagoz", "rail", "Bakhty–Ayagoz railway")]),
        ("the Karachaganak oil field", [("Karachaganak", "field", "Karachaganak oil field")]),
        ("the Kulevi Gateway dry port", [("Kulevi Gateway", "port", "Kulevi Gateway dry port")]),
        ("В Кызылординской области", [("Кызылординской", "region", "Кызылординской области")]),
        ("месторождение «Карачаганак»", [("Карачаганак", "field", "месторождение «Карачаганак»")]),
        ("порт Кулеви", [("Кулеви", "port", "порт Кулеви")]),
        (
            "железная дорога Бахты — Аягоз",
            [("Бахты — Аягоз", "rail", "железная дорога Бахты — Аягоз")],
        ),
    ],
)
def test_candidates_are_found(index, text, expected):
    assert candidates(text, index) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ferries sail from the port of Aktau to Baku port.",  # catalog places
        "The Middle Corridor and the Trans-Caspian pipeline.",  # catalog corridors
        "The new port will open. The Caspian region grows.",  # no name
        "Kazakhstan railway workers. В порту отмечают рост.",  # a country, a preposition
    ],
)
def test_catalog_mentions_and_non_names_are_not_candidates(index, text):
    assert candidates(text, index) == []
