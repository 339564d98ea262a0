"""The mention finder: names, aliases, Russian case forms, boundaries, overlaps and ambiguity rules."""

from __future__ import annotations

import pandas as pd
import pytest

from corridors.text.mentions import MentionIndex, NamedEntity, build_mention_index, find_mentions
from corridors.text.normalize import fold_text


def found(text: str, index: MentionIndex, *, nested: bool = False) -> list[tuple[str, str]]:
    """``(id, written text)`` of each mention, checking that the offsets are verbatim."""
    mentions = find_mentions(text, index, nested=nested)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.id, m.text) for m in mentions]


@pytest.mark.parametrize(
    ("text", "entity_id", "written"),
    [
        ("Cargo on the Middle Corridor grew.", "trans-caspian-route", "Middle Corridor"),
        ("Cargo on the TITR grew.", "trans-caspian-route", "TITR"),
        (
            "The Trans-Caspian International Transport Route",
            "trans-caspian-route",
            "Trans-Caspian International Transport Route",
        ),
        (
            "the trans-caspian international transport route",
            "trans-caspian-route",
            "trans-caspian international transport route",
        ),
        ("Ferries reach Alat daily.", "baku-port-alat", "Alat"),
        ("Ferries reach Alyat daily.", "baku-port-alat", "Alyat"),
        ("gas from Türkmenbaşy", "turkmenbashi", "Türkmenbaşy"),
        ("gas from Turkmenbashi", "turkmenbashi", "Turkmenbashi"),
        ("gas from Turkmenbasy", "turkmenbashi", "Turkmenbasy"),
        ("BAKU, Azerbaijan (Reuters) - Officials said", "baku", "BAKU"),
        ("The Baku-based analyst", "baku", "Baku"),
        ("Baku's position", "baku", "Baku"),
        ("trains from İzmit", "izmit", "İzmit"),
        ("the Lapis Lazuli corridor", "lapis-lazuli-corridor", "Lapis Lazuli corridor"),
        ("trucks via Poti", "poti-port", "Poti"),
    ],
)
def test_names_aliases_and_abbreviations(index, text, entity_id, written):
    assert found(text, index) == [(entity_id, written)]


@pytest.mark.parametrize(
    "text",
    [
        "Mikhail Bakunin wrote about anarchy.",  # no Baku inside a longer word
        "the titr of the solution",  # abbreviations match only in their exact case
        "a pleasant summary of the primary data",  # "mary" only as a capitalised word
        "Azerbaijan became an observer of SCO recently.",  # SCO is not Aktau airport here
        "дружба народов и верный друг",  # common Russian words in lower case
        "Курыкский район",  # an adjective is not the name declined
    ],
)
def test_near_misses_are_not_mentions(index, text):
    assert found(text, index) == []


@pytest.mark.parametrize(
    ("text", "entity_id", "written"),
    [
        ("Грузы идут через Актау.", "aktau-port", "Актау"),
        ("Паромы из Курыка идут по расписанию.", "kuryk-port", "Курыка"),
        ("Новый терминал в Курыке.", "kuryk-port", "Курыке"),
        ("в Мангистаускую область", "mangystau-region", "Мангистаускую область"),
        ("акимат Мангистауской области", "mangystau-region", "Мангистауской области"),
        (
            "по Транскаспийскому международному транспортному маршруту",
            "trans-caspian-route",
            "Транскаспийскому международному транспортному маршруту",
        ),
        (
            "развитие Транскаспийского международного транспортного маршрута",
            "trans-caspian-route",
            "Транскаспийского международного транспортного маршрута",
        ),
        ("перевозки по Среднему коридору", "trans-caspian-route", "Среднему коридору"),
        ("проекты на Каспии", "caspian-sea", "Каспии"),
        ("дно Каспийского моря", "caspian-sea", "Каспийского моря"),
        ("в Астане считают", "astana", "Астане"),
        ("грузы из Алма-Аты", "almaty", "Алма-Аты"),
        ("встреча в Нур-Султане", "astana", "Нур-Султане"),
        ("делегация из Ашхабада", "ashgabat", "Ашхабада"),
        ("по Транскаспийскому газопроводу", "trans-caspian-pipeline", "Транскаспийскому газопроводу"),
        ("грузы через ТМТМ", "trans-caspian-route", "ТМТМ"),
        ("в порту Баку", "baku-port-alat", "порту Баку"),
        ("станция Мангистау", "mangyshlak", "станция Мангистау"),
        ("в Мангистау растёт перевалка", "mangystau-region", "Мангистау"),
    ],
)
def test_russian_case_forms(index, text, entity_id, written):
    assert found(text, index) == [(entity_id, written)]


def test_russian_adjective_is_not_the_sea(index):
    assert found("развитие каспийских портов и прикаспийских государств", index) == []


def test_longest_match_wins_and_nested_places_on_request(index):
    text = "cargo is loaded onto the Baku-Tbilisi-Kars railway"
    assert found(text, index) == [("baku-tbilisi-kars-railway", "Baku-Tbilisi-Kars railway")]
    nested = find_mentions(text, index, nested=True)
    assert [(m.id, m.text, m.nested) for m in nested] == [
        ("baku-tbilisi-kars-railway", "Baku-Tbilisi-Kars railway", False),
        ("baku", "Baku", True),
        ("tbilisi", "Tbilisi", True),
        ("kars", "Kars", True),
    ]


def test_format_is_one_mention_with_its_capitals_nested(index):
    text = "the recently developing format of Moscow-Baku-Tehran."
    assert found(text, index) == [("moscow-baku-tehran", "Moscow-Baku-Tehran")]
    assert [i for i, _ in found(text, index, nested=True)] == ["moscow-baku-tehran", "moscow", "baku", "tehran"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ferries sail to the port of Baku.", [("baku-port-alat", "port of Baku")]),
        ("Ferries sail to Baku port.", [("baku-port-alat", "Baku port")]),
        ("Transit through Baku's port is slow.", [("baku-port-alat", "Baku's port")]),
        ("Ferries sail to Baku.", [("baku", "Baku")]),
        ("Flights land at Baku airport.", [("baku-airport", "Baku airport")]),
        ("Turkmenistan opened the new port in Turkmenbashi.", [("turkmenbashi-port", "port in Turkmenbashi")]),
        ("a compressor station near Turkmenbashi", [("turkmenbashi", "Turkmenbashi")]),
        ("Kazakhstan extended the port of Aktau.", [("aktau-port", "port of Aktau")]),
        ("flights to Aktau airport", [("aktau-airport", "Aktau airport")]),
        ("the new Jalal-Abad International Airport", []),  # an airport the catalog lacks: not the town
        ("the founder of Anaklia consortium Mamuka Khazaradze", []),  # a body named after the port
        ("cooperation with Mangistau region", [("mangystau-region", "Mangistau region")]),
        (
            "Moscow wants a container port in Astrakhan region.",
            [("moscow", "Moscow"), ("astrakhan-oblast", "Astrakhan region")],
        ),
        ("a new port in the Mangistau region", [("mangystau-region", "Mangistau region")]),
        # a region word links to a town by "of" only: "near" or "in" says the town is another place
        ("via Logar Province near Kabul", [("kabul", "Kabul")]),
        # "в районе" and a town in the genitive is its vicinity, not a district
        ("полотно в районе Ордубада на границе с Арменией", [("ordubad", "Ордубада")]),
        ("the Serdar-Kapaz gas field", [("serdar-kapaz-field", "Serdar-Kapaz gas field")]),
    ],
)
def test_kind_words_choose_the_facility(index, text, expected):
    assert found(text, index) == expected


def test_the_city_stays_nested_inside_its_port(index):
    mentions = find_mentions("the new port in Turkmenbashi", index, nested=True)
    assert [(m.id, m.nested) for m in mentions] == [("turkmenbashi-port", False), ("turkmenbashi", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ferries cross the Caspian to Baku.", [("caspian-sea", "Caspian"), ("baku", "Baku")]),
        ("Ferry schedules on the Caspian are irregular.", [("caspian-sea", "Caspian")]),
        ("security in the Caspian.", [("caspian-sea", "Caspian")]),
        ("the Caspian's resources", [("caspian-sea", "Caspian")]),
        ("Caspian ports are busy.", []),
        ("cooperation in the Caspian region", []),
        ("the Caspian littoral states", []),
        ("the Trans-Caspian pipeline", [("trans-caspian-pipeline", "Trans-Caspian pipeline")]),
        ("the basin of the Caspian Sea", [("caspian-sea", "Caspian Sea")]),
    ],
)
def test_caspian_as_noun_or_adjective(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("President Serdar Berdimuhamedov said so.", []),
        ("Turkmenistan knew the deposit as Serdar.", [("serdar-kapaz-field", "Serdar")]),
        ("Mary Robinson, a consultant, said so.", []),
        ("trucks are driven via Mary and Ashgabat", [("mary", "Mary"), ("ashgabat", "Ashgabat")]),
        ("Президент Сердар Бердымухамедов заявил", []),
        ("а в Туркменистане — Сердар.", [("serdar-kapaz-field", "Сердар")]),
        ("Ferries Resume Between Aktau And Baku", [("aktau-port", "Aktau"), ("baku", "Baku")]),
    ],
)
def test_names_inside_personal_names(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the SCO–GYD flight", [("aktau-baku-flight", "SCO–GYD")]),
        (
            "the Heydar Aliyev International Airport (GYD)",
            [("baku-airport", "Heydar Aliyev International Airport"), ("baku-airport", "GYD")],
        ),
        ("planes land at GYD airport", [("baku-airport", "GYD airport")]),
        ("the GYD of the firm", []),
    ],
)
def test_airport_codes_need_a_code_context(index, text, expected):
    assert found(text, index) == expected


def test_offsets_are_indices_into_the_text_as_given(index):
    text = "😀 Notes:\r\nThe Middle\r\n  Corridor and\tTİTR… İzmit, then BAKU."
    mentions = find_mentions(text, index)
    assert [(m.id, text[m.start : m.end]) for m in mentions] == [
        ("trans-caspian-route", "Middle\r\n  Corridor"),
        ("izmit", "İzmit"),
        ("baku", "BAKU"),
    ]


def test_no_name_spans_a_paragraph_break(index):
    assert found("the Middle\n\nCorridor", index) == []
    assert found("the Middle\nCorridor", index) == [("trans-caspian-route", "Middle\nCorridor")]


def test_fold_text_maps_every_character_back():
    text = "A  b\n\n c\r\nd \t e\n\n\n  f  g Baku\r\n\r\nTbilisi ё x\ny"
    folded = fold_text(text)
    for position, char in enumerate(folded.text):
        start, end = folded.original_span(position, position + 1)
        if not char.isspace() and char != "¶":
            assert text[start:end].lower().replace("ё", "е") == char


def test_user_layer_entities_are_found(shipped_catalog):
    layers = pd.DataFrame([{"id": "anaklia-port", "name": "Anaklia Port", "kind": "port", "aliases": ["Анаклия"]}])
    index = build_mention_index(shipped_catalog, layers)
    assert found("Georgia is building Anaklia port; порт Анаклии", index) == [
        ("anaklia-port", "Anaklia port"),
        ("anaklia-port", "порт Анаклии"),
    ]
    extra = build_mention_index(shipped_catalog, entities=[NamedEntity("khorgos-gateway", "port", "Khorgos Gateway")])
    assert found("the Khorgos Gateway dry port", extra)[0] == ("khorgos-gateway", "Khorgos Gateway")


def test_mention_as_dict_has_the_cli_keys(index):
    [mention] = find_mentions("to Baku", index)
    assert mention.as_dict() == {"id": "baku", "start": 3, "end": 7, "text": "Baku"}


def test_naive_baseline_agrees_with_the_automaton(index, shipped_catalog):
    from bench.mentions import find_mentions_naive
    from corridors.text.evaluation import GOLD_DIR

    texts = [shipped_catalog.texts["velizade-cabar-2019"]]
    texts += [path.read_text(encoding="utf-8") for path in sorted(GOLD_DIR.glob("*.txt"))]
    for text in texts:
        fast = find_mentions(text, index, nested=True)
        assert fast
        assert find_mentions_naive(text, index, nested=True) == fast


def test_three_or_more_places_of_one_corridor_joined_by_dashes_name_the_corridor(index):
    text = "The Termez-Mazar-e-Sharif-Kabul-Peshawar railway is planned. Ferries run Kurik-Alat. The Baku-Tbilisi-Kars line."
    found = {(text[m.start : m.end], m.id) for m in find_mentions(text, index)}
    assert ("Termez-Mazar-e-Sharif-Kabul-Peshawar", "trans-afghan-railway") in found
    assert {("Kurik", "kuryk-port"), ("Alat", "baku-port-alat")} <= found  # two places: a crossing, still places
    assert any(entity == "baku-tbilisi-kars-railway" for _, entity in found)  # an explicit name keeps its entity
    spaced = "A railway Termez – Mazar-e-Sharif – Kabul – Peshawar."
    assert [(spaced[m.start : m.end], m.id) for m in find_mentions(spaced, index)] == [
        ("Termez – Mazar-e-Sharif – Kabul – Peshawar", "trans-afghan-railway")
    ]
