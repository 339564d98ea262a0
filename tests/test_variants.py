"""The variant grammar and the context rules of the mention finder, on sentences written for these tests."""

from __future__ import annotations

import pytest

from corridors.text.mentions import find_mentions
from corridors.text.variants import (
    chain_variants,
    head_noun_variants,
    name_variants,
    part_spellings,
    transliteration_variants,
)


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
        # the kind of traffic as the head: a rail, freight, logistics or multimodal route or corridor
        ("The trans-Caspian rail route was launched.", [("trans-caspian-route", "trans-Caspian rail route")]),
        ("along the Lapis Lazuli multimodal route", [("lapis-lazuli-corridor", "Lapis Lazuli multimodal route")]),
        ("развитие Среднего логистического коридора", [("trans-caspian-route", "Среднего логистического коридора")]),
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
    countries = set(chain_variants("Железная дорога Казахстан — Туркменистан — Иран"))
    assert countries >= {
        "Железная дорога Иран — Туркменистан — Казахстан",
        "Железная дорога Туркменистан — Казахстан — Иран",  # countries chained in any order
        "Железная дорога Казахстан — Туркмения — Иран",
    }
    assert len(countries) == 6  # five other orders, one other name
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("второй путь железной дороги Достык – Мойынты", [("trans-caspian-route", "железной дороги Достык – Мойынты")]),
        ("пропускная способность участка Бейнеу — Жезказган", [("trans-caspian-route", "участка Бейнеу — Жезказган")]),
        ("the Rasht-Qazvin railway opened", [("north-south-transport-corridor", "Rasht-Qazvin railway")]),
        # not called a line, a route, or plural lines: the places stay places
        ("по маршруту Решт – Астара", [("rasht", "Решт"), ("astara", "Астара")]),
        ("Rasht-Astara talks", [("rasht", "Rasht"), ("astara", "Astara")]),
        # two places on no single railway leg of one corridor
        ("the Aktau–Tbilisi railway", [("aktau-port", "Aktau"), ("tbilisi", "Tbilisi")]),
    ],
)
def test_a_line_between_two_places_of_a_corridor_s_railway_is_the_corridor(index, text, expected):
    assert found(text, index) == expected


def test_a_chain_after_a_route_word_is_a_list_of_stops(index):
    chained = "проект Термез – Мазари-Шариф – Кабул – Пешавар"
    assert [m.id for m in find_mentions(chained, index)] == ["trans-afghan-railway"]
    listed = "по маршруту Мазари-Шариф – Кабул – Пешавар"
    assert [m.id for m in find_mentions(listed, index)] == ["mazar-i-sharif", "kabul", "peshawar"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Порты Туркменбаши и Баку подписали соглашение",
            [("turkmenbashi-port", "Туркменбаши"), ("baku-port-alat", "Баку")],
        ),
        (
            "through Baku and Turkmenbashi ports",
            [("baku-port-alat", "Baku"), ("turkmenbashi-port", "Turkmenbashi")],
        ),
        (
            "the ports of Baku, Aktau and Turkmenbashi",
            [("baku-port-alat", "Baku"), ("aktau-port", "Aktau"), ("turkmenbashi-port", "Turkmenbashi")],
        ),
        # a single name after a plural port word is its ports; a town in no list stays the town
        ("Baku and Turkmenbashi signed a deal", [("baku", "Baku"), ("turkmenbashi", "Turkmenbashi")]),
    ],
)
def test_a_list_of_names_with_a_plural_port_word_is_a_list_of_ports(index, text, expected):
    assert found(text, index) == expected


def test_russian_corridor_and_pipeline_names_take_their_other_heads(index):
    assert "Транскаспийский транспортный коридор" in name_variants(
        "corridor", ["Транскаспийский международный транспортный маршрут"]
    )
    assert "Транскаспийский" not in name_variants("corridor", ["Транскаспийский международный транспортный маршрут"])
    assert found("развитие Транскаспийского транспортного коридора", index) == [
        ("trans-caspian-route", "Транскаспийского транспортного коридора")
    ]
    assert found("строительство Транскаспийского трубопровода", index) == [
        ("trans-caspian-pipeline", "Транскаспийского трубопровода")
    ]


def test_a_russian_port_name_leaves_out_its_modifiers(index):
    assert found("глава (Бакинский международный морской порт)", index) == [
        ("baku-port-alat", "Бакинский международный морской порт")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place word before the name: the capitalised word after it is someone's name
        ("гостей встречал в городе Актау Эльмар Мамедов", [("aktau-port", "Актау")]),
        # a zone's abbreviation before the name is no part of a longer name
        ("начал работу Сухой порт СЭЗ Хоргос", [("khorgos", "Хоргос")]),
    ],
)
def test_a_place_word_or_a_zone_abbreviation_keeps_the_place(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Middle Corridor Multimodal Ltd. is a joint venture.",
        "a forum at the Astana International Financial Centre",
        "the Aktau Port Authority said",
        "members of the Trans-Caspian International Transport Route Association",
    ],
)
def test_a_name_inside_a_company_s_or_body_s_name_is_no_mention(index, text):
    assert found(text, index) == []


def test_a_province_named_after_a_town_is_not_the_town(index):
    assert found("газопровод соединит Серхетабат с афганской провинцией Герат.", index) == [
        ("serhetabat", "Серхетабат")
    ]


def test_three_countries_chained_name_their_line_and_two_a_relation(index):
    assert found("the China-Kyrgyzstan-Uzbekistan (CKU) railway", index) == [
        ("china-kyrgyzstan-uzbekistan-railway", "China-Kyrgyzstan-Uzbekistan"),
        ("china-kyrgyzstan-uzbekistan-railway", "CKU"),  # the abbreviation the text defines for it
    ]
    assert "Kazakhstan–China" not in set(head_noun_variants("Kazakhstan–China oil pipeline"))
    assert found("Kazakhstan-China trade grew", index) == []


def test_a_chain_inside_a_longer_list_of_stops_is_no_corridor(index):
    text = "состав проехал по маршруту Стамбул (Мармарай)–Кёсекой–Анкара–Сивас–Карс"
    assert [m.id for m in find_mentions(text, index)] == ["istanbul", "ankara", "sivas", "kars"]


def test_a_declined_russian_name_before_a_person_s_name_is_still_the_place(index):
    assert found("посол РФ в Астане Алексей Бородавкин заявил", index) == [("astana", "Астане")]


def test_two_crossings_called_a_junction_are_one(index):
    assert found("Узел Алтынколь – Хоргос принял поезда", index) == [("altynkol", "Узел Алтынколь – Хоргос")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("начал работу сухой порт Хоргос", [("khorgos", "Хоргос")]),
        # a town the catalog has no port of, called a port: the port is another place
        ("грузы идут через порт Астара", []),
        ("Cargo moved through Anzali and Astara ports.", [("bandar-anzali-port", "Anzali")]),
    ],
)
def test_a_port_phrase_names_the_port_not_the_town_but_a_dry_port_is_the_town(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # countries chained as one compound adjective before the head noun, either way round
        (
            "По казахстанско-китайскому нефтепроводу прокачано 10 млн т.",
            [("kazakhstan-china-oil-pipeline", "казахстанско-китайскому нефтепроводу")],
        ),
        (
            "Казахстанско-туркменско-иранская железная дорога открыта.",
            [("kazakhstan-turkmenistan-iran-railway", "Казахстанско-туркменско-иранская железная дорога")],
        ),
        (
            "Китайско-кыргызско-узбекская железная дорога строится.",
            [("china-kyrgyzstan-uzbekistan-railway", "Китайско-кыргызско-узбекская железная дорога")],
        ),
        # "морской торговый порт" abbreviated, and declined with its adjective
        ("директор Махачкалинского МТП сообщил", [("makhachkala-port", "Махачкалинского МТП")]),
        # a hyphenated name written as one word
        ("Состав прибыл в Инчебурун на границе.", [("incheh-borun", "Инчебурун")]),
        # a port's two-word town name alone stands for the port, as a one-word one does
        (
            "Goods went on to Bandar Abbas and Chabahar ports.",
            [("bandar-abbas-port", "Bandar Abbas"), ("chabahar-port", "Chabahar")],
        ),
        # in lower case a town's adjective before "порт" describes the port rather than names it
        ("контейнеры доставили до актауского порта", []),
        # a checkpoint's abbreviation before a crossing's name
        ("Поезд пройдет через КПП Хоргос.", [("khorgos", "КПП Хоргос")]),
        # a province in brackets is not its capital
        ("из Эсламшехра (провинция Тегеран) в Инче-Бурун", [("incheh-borun", "Инче-Бурун")]),
        # a first name declined as the surname after it is a person's
        ("встреча с президентом Туркменистана Сердаром Бердымухамедовым", []),
        ("В Ашхабаде Бердымухамедов провел встречу.", [("ashgabat", "Ашхабаде")]),
    ],
)
def test_russian_and_english_forms_seen_in_real_articles(index, text, expected):
    assert found(text, index) == expected


def test_a_line_named_by_the_ends_of_a_leg_is_the_corridor_and_one_inside_a_leg_its_places(index):
    # Rasht–Astara is a leg of the North–South corridor of its own
    assert found("строительство железной дороги Решт – Астара", index) == [
        ("north-south-transport-corridor", "железной дороги Решт – Астара")
    ]
    # Hairatan and Mazar-i-Sharif are two stops of the Termez – Mazar-i-Sharif leg: the line is its places
    assert found("ремонт железной дороги «Хайратон – Мазари-Шариф»", index) == [
        ("hairatan", "Хайратон"),
        ("mazar-i-sharif", "Мазари-Шариф"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the Persian joining vowel written without hyphens, and the short form of the name
        ("trains to Mazari Sharif and on to Mazar", [("mazar-i-sharif", "Mazari Sharif"), ("mazar-i-sharif", "Mazar")]),
        # the short form inside a chain does not break the chain
        (
            "the Termez-Mazar-e-Sharif-Kabul-Peshawar railway",
            [("trans-afghan-railway", "Termez-Mazar-e-Sharif-Kabul-Peshawar")],
        ),
        # a longer chain of countries is another route
        ("маршрута Китай-Кыргызстан-Узбекистан-Туркменистан", []),
        # a capitalised common noun after a place starts another name; a country before it is whose place it is
        ("в рамках проходящей в Алматы Недели транспорта", [("almaty", "Алматы")]),
        ("между портами Казахстана Актау и Курык", [("aktau-port", "Актау"), ("kuryk-port", "Курык")]),
        # the whole leg named after "ж/д дороги"; a crossing named in quotation marks after "стыковые пункты"
        ("строительство ж/д дороги Тургунди-Герат", [("lapis-lazuli-corridor", "ж/д дороги Тургунди-Герат")]),
        ("стыковые пункты «Алтынколь — Хоргос» на границе", [("altynkol", "пункты «Алтынколь — Хоргос»")]),
        # each quoted pair in a list after a crossing word is a crossing
        (
            "стыковые пункты «Алтынколь — Хоргос» и «Достык — Алашанькоу» на границе",
            [("altynkol", "пункты «Алтынколь — Хоргос»"), ("dostyk", "«Достык — Алашанькоу»")],
        ),
        # three stops that no one leg joins are places, not the corridor
        (
            "Железная дорога Казвин – Решт – Энзели",
            [("qazvin", "Казвин"), ("rasht", "Решт"), ("bandar-anzali-port", "Энзели")],
        ),
        # a chain that runs only a part of a corridor, between two of its junctions, is its places
        (
            "по магистрали Астара — Решт — Казвин",
            [("astara", "Астара"), ("rasht", "Решт"), ("qazvin", "Казвин")],
        ),
        (
            "the Kars–Igdir–Aralik–Dilucu railway line",
            [("kars", "Kars"), ("igdir", "Igdir"), ("aralik", "Aralik"), ("dilucu", "Dilucu")],
        ),
        # the same corridor named from end to end, in either direction
        (
            "the Peshawar-Kabul-Mazar-e-Sharif-Termez line",
            [("trans-afghan-railway", "Peshawar-Kabul-Mazar-e-Sharif-Termez")],
        ),
    ],
)
def test_names_and_chains_seen_in_the_second_round_of_articles(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a railway's feminine adjective name takes a corridor's masculine head
        ("по трансафганскому коридору пойдут грузы", [("trans-afghan-railway", "трансафганскому коридору")]),
        # a plural region word before a list: the names are provinces, not their towns
        ("key provinces such as Herat, Helmand, and Kandahar", []),
        ("в провинциях Герат и Кандагар", []),
        # a list of ports with a bracketed country after each name
        (
            "через порты Актау (Казахстан) и Туркменбаши (Туркменистан)",
            [("aktau-port", "Актау"), ("turkmenbashi-port", "Туркменбаши")],
        ),
        # an outlet's web domain is not the place
        ("передает корреспондент Almaty.tv.", []),
        # a sea's name before "region" names a macro-region; bare "North-South" is the corridor
        ("partnerships in the Caspian-Black Sea region", []),
        (
            "corridors (TITR, North-South, and others)",
            [("trans-caspian-route", "TITR"), ("north-south-transport-corridor", "North-South")],
        ),
    ],
)
def test_names_and_lists_seen_in_the_third_round_of_articles(index, text, expected):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a format's members in any order
        (
            "Встреча в формате Туркменистан-Турция-Азербайджан прошла.",
            [("turkey-azerbaijan-turkmenistan", "Туркменистан-Турция-Азербайджан")],
        ),
        # "Транс-" hyphenated
        ("по Транс-Анатолийскому газопроводу", [("trans-anatolian-pipeline", "Транс-Анатолийскому газопроводу")]),
        # ships are not their namesakes
        ("компании принадлежат танкеры «Актау», «Астана» и «Алматы».", []),
        ("паром «Нахичевань» прибыл в порт «Курык»", [("kuryk-port", "Курык")]),
    ],
)
def test_names_seen_in_the_fourth_round_of_articles(index, text, expected):
    assert found(text, index) == expected


def test_the_ship_rule_looks_no_further_than_the_context_the_finder_remembers():
    from corridors.text import mention_rules
    from corridors.text.context import CONTEXT_REACH

    assert mention_rules.SHIP_REACH <= CONTEXT_REACH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a railway's feminine heads swap, "ж/д" undeclined after a declined adjective
        (
            "Строительство Трансафганской железнодорожной магистрали начнется.",
            "Трансафганской железнодорожной магистрали",
        ),
        ("Грузы пойдут по Трансафганской ж/д через Мазари-Шариф.", "Трансафганской ж/д"),
    ],
)
def test_russian_railway_heads_swap_and_abbreviate(text, expected, index):
    assert ("trans-afghan-railway", expected) in found(text, index)


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("The multimodal 'Middle' corridor links China and Europe.", "trans-caspian-route", "'Middle' corridor"),
        ("The “Middle” Corridor links China and Europe.", "trans-caspian-route", "“Middle” Corridor"),
        ("развитие «Лазуритового» коридора идет", "lapis-lazuli-corridor", "«Лазуритового» коридора"),
    ],
)
def test_a_corridors_first_word_in_quotation_marks_is_still_its_name(text, entity, expected, index):
    assert (entity, expected) in found(text, index)


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        (
            "соединит Каспийское море с Персидским заливом (порт Бендар-Аббас).",
            "bandar-abbas-port",
            "порт Бендар-Аббас",
        ),
        ("строительство порта в Анаклиа обсуждают снова", "anaklia-port", "Анаклиа"),
        ("trains reach Turqundi in Herat province", "torghundi", "Turqundi"),
        ("Грузы идут через Ақтау и Құрық.", "kuryk-port", "Құрық"),  # Kazakh letters fold to Russian ones
        (
            "the Kyrgyzstan-Uzbekistan-China railway",
            "china-kyrgyzstan-uzbekistan-railway",
            "Kyrgyzstan-Uzbekistan-China railway",
        ),
    ],
)
def test_spellings_of_other_scripts_and_orders(text, entity, expected, index):
    assert (entity, expected) in found(text, index)


def test_names_of_ships_outlets_and_regions_are_no_mentions(index):
    assert found("The first batch is carried by the Taraz tanker.", index) == []
    assert found("Об этом сообщает ИА «Волга-Каспий».", index) == []
    assert found("МАХАЧКАЛА, 11 октября – РИА «Дагестан». Порт", index) == [("makhachkala-port", "МАХАЧКАЛА")]
    assert found("повреждено судно – танкер «Порт Оля-4».", index) == []
    assert found("routes across the South Caucasus and the Black Sea", index) == [("black-sea", "Black Sea")]


def test_a_sea_port_after_a_seas_name_leaves_the_sea_its_word(index):
    assert found("shipments from Georgia's Black Sea port of Batumi fell", index) == [
        ("black-sea", "Black Sea"),
        ("batumi-port", "port of Batumi"),
    ]


def test_a_list_after_ports_like_with_where_each_is_names_ports(index):
    text = "Ports like Aktau and Kuryk in Kazakhstan, Turkmenbashi in Turkmenistan and Baku/Alat in Azerbaijan grow."
    assert {("turkmenbashi-port", "Turkmenbashi"), ("baku-port-alat", "Baku")} <= set(found(text, index))


def test_an_abbreviation_defined_after_a_quoted_name_with_an_aside(index):
    text = 'между АО "Махачкалинский морской торговый порт" (ММТП, Дагестан) и портами Ирана. ММТП готов.'
    assert [m for m in found(text, index) if m[1] == "ММТП"] == [("makhachkala-port", "ММТП")] * 2


def test_a_port_named_with_the_town_it_serves_is_one_mention_of_the_port(index):
    assert found("Baku’s Alat port handled a record 7.6 million tons.", index) == [
        ("baku-port-alat", "Baku’s Alat port")
    ]
    assert found("в основе этой стратегии: порт Алат в Баку.", index) == [("baku-port-alat", "порт Алат в Баку")]
    # a town that is not the port's stays a mention of its own
    assert found("Cargo from Baku's Aktau port partner.", index) != [("aktau-port", "Baku's Aktau port")]


def test_names_inside_events_and_companies_are_no_mentions_unless_the_company_is_the_port(index):
    text = "Он выступил на конференции «Каспийское море – море мира и дружбы» в Авазе."
    assert found(text, index) == [("avaza", "Авазе")]
    assert found("Его выкупило ТОО «Актау Сервис Групп».", index) == []
    assert found("Оператор ТОО «Порт Курык» сообщил.", index) == [("kuryk-port", "Порт Курык")]
    assert found("Акции АО «Актауский морской торговый порт» выросли.", index) == [
        ("aktau-port", "Актауский морской торговый порт")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "сократить сроки транзита между Каспийским и Черным морями.",
            [("caspian-sea", "Каспийским"), ("black-sea", "Черным морями")],
        ),
        ("он выделил транскаспийский и прикаспийские маршруты", []),  # lower case: kinds of routes, not names
        (
            "южное продолжение Среднего (Транскаспийского) коридора, предлагая",
            [("trans-caspian-route", "Среднего (Транскаспийского) коридора")],
        ),
        ("между Баку и Тбилиси", [("baku", "Баку"), ("tbilisi", "Тбилиси")]),  # no shared head
    ],
)
def test_names_written_in_part_share_a_head_or_bracket_an_alternative(text, expected, index):
    assert found(text, index) == expected


def test_a_line_named_by_a_legs_ends_in_quotation_marks_or_after_doroga_is_the_corridor(index):
    assert found('строительства дороги "Решт-Астара".', index) == [
        ("north-south-transport-corridor", 'дороги "Решт-Астара')
    ]
    assert found('участков под "Решт-Астару", - сказал', index) == [("north-south-transport-corridor", '"Решт-Астару"')]
    assert found("поездка Решт-Астара была", index) == [("rasht", "Решт"), ("astara", "Астара")]  # no line word


def test_a_kind_word_opening_a_paragraph_still_names_the_kind(index):
    assert found("тонн.\n\nПорт Курык зафиксировал рост.", index) == [("kuryk-port", "Порт Курык")]
    assert found("тонн.\n\nПорт Астрахань зафиксировал снижение.", index) == [("astrakhan-port", "Порт Астрахань")]
    assert found("тонн.\n\nПорт Атырау зафиксировал снижение.", index) == []  # the catalog has no such port
    assert found("the Astrakhan terminal handled grain", index) == []
    assert found("the Sangachal terminal near Baku", index) == [
        ("sangachal-terminal", "Sangachal terminal"),
        ("baku", "Baku"),
    ]


def test_a_port_in_a_landlocked_country_is_the_place_and_trade_routes_are_routes(index):
    assert found("Грузы пойдут через порт Тургунди в Герат.", index)[0] == ("torghundi", "Тургунди")
    assert found("Trains reach Hairatan port on the Amu Darya.", index)[0][0] == "hairatan"
    assert found("Cargo left the port of Astara yesterday.", index) == []  # Astara has a coast: another place
    assert found("развитие Транскаспийского торгового маршрута", index) == [
        ("trans-caspian-route", "Транскаспийского торгового маршрута")
    ]


def test_places_naming_a_pipeline_the_catalog_lacks_and_a_bodys_name_are_no_mentions(index):
    assert found("казахстанская нефть пойдет по нефтепроводу Баку-Махачкала-Новороссийск.", index) == []
    assert found("the Baku-Tbilisi-Ceyhan pipeline", index) == [
        ("baku-tbilisi-ceyhan-pipeline", "Baku-Tbilisi-Ceyhan pipeline")
    ]
    assert found("директора Администрации морских портов Каспийского моря Магомед", index) == []
    assert found('"Консорциум развития Анаклии" получил право', index) == []  # a consortium named after the port
    assert found("администрация порта Актау сообщила", index) == [("aktau-port", "порта Актау")]
    assert found("Транскаспийский международный маршрут", index) == [
        ("trans-caspian-route", "Транскаспийский международный маршрут")
    ]


def test_a_kazakh_y_written_i_an_events_theme_and_a_body_ended_by_a_verb(index):
    assert ("kuryk-port", "Курик") in found("через морские порты Актау и Курик перевезено", index)
    assert found('бизнес-форума на тему "Вдоль Среднего коридора: связь"', index) == []
    text = "в Службе центральных коммуникаций сообщил аким Мангистауской области Алик Айдарбаев"
    assert found(text, index) == [("mangystau-region", "Мангистауской области")]


def test_a_russian_pipeline_head_first_swaps_within_its_family_and_a_chain_of_three_stands_alone():
    variants = name_variants("corridor", ["газопровод Баку — Тбилиси — Эрзурум"])
    assert {"трубопровод Баку — Тбилиси — Эрзурум", "Баку — Тбилиси — Эрзурум"} <= set(variants)
    assert not any(v.startswith("нефтепровод") for v in variants)  # a gas pipeline is no oil pipeline
    assert not any(v.startswith("газопровод") for v in name_variants("corridor", ["нефтепровод Баку-Тбилиси-Джейхан"]))
    # two parts are a relation, not a line's name: no bare form
    assert "Казахстан — Китай" not in name_variants("corridor", ["нефтепровод Казахстан — Китай"])


def test_a_chain_of_places_takes_each_place_s_other_spellings_in_its_own_script():
    spellings = part_spellings([("city", ["Erzurum", "Erzerum", "Эрзурум", "Эрзерум"]), ("corridor", ["Baku Line"])])
    assert spellings["erzurum"] == ("Erzerum",) and spellings["эрзурум"] == ("Эрзерум",)
    assert "baku line" not in spellings
    chained = set(chain_variants("Baku–Tbilisi–Erzurum pipeline", part_spellings=spellings))
    assert "Baku–Tbilisi–Erzerum pipeline" in chained and "Baku–Tbilisi–Эрзерум pipeline" not in chained


@pytest.mark.parametrize(
    "text",
    [
        "по трубопроводу Баку–Тбилиси–Эрзурум",
        "по газопроводу Баку — Тбилиси — Эрзерум",
        "the Baku-Tbilisi-Erzerum pipeline",
        "началась закачка газа в Южнокавказскую трубу",  # a pipeline named by an adjective is also a "труба"
    ],
)
def test_the_south_caucasus_pipeline_by_its_other_heads_and_spellings(text, index):
    assert [entity for entity, _ in found(text, index)] == ["south-caucasus-pipeline"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a line's name without its head, then the head of another kind of line, names that other line
        ("the Lapis Lazuli pipeline was never planned", []),
        ("a North-South pipeline", []),
        ("The Trans-Afghanistan railway survey", [("trans-afghan-railway", "Trans-Afghanistan railway")]),
        # its own kind's head, or a name that keeps its head, still names it
        ("the Trans-Afghanistan pipeline", [("tapi-gas-pipeline", "Trans-Afghanistan pipeline")]),
        ("the TAPI pipeline", [("tapi-gas-pipeline", "TAPI pipeline")]),
        ("the Middle Corridor railway link", [("trans-caspian-route", "Middle Corridor")]),
    ],
)
def test_a_line_named_without_its_head_is_not_another_kind_of_line(text, expected, index):
    assert found(text, index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pipeline word and the pipeline's two ends: the pipeline
        (
            "с момента ввода нефтепроводной системы Тенгиз - Новороссийск",
            [("cpc-pipeline", "нефтепроводной системы Тенгиз - Новороссийск")],
        ),
        # or its ends, quoted, then "pipeline": the quotation marks are part of the name
        ("the «Atyrau–Alashankou» pipeline", [("kazakhstan-china-oil-pipeline", "«Atyrau–Alashankou» pipeline")]),
        # the two ends alone are places
        ("нефть из Тенгиза идет в Новороссийск", [("tengiz-field", "Тенгиза"), ("novorossiysk-port", "Новороссийск")]),
    ],
)
def test_a_pipeline_named_by_its_two_ends(text, expected, index):
    assert found(text, index) == expected


def test_a_russian_stem_of_adjectives_takes_other_heads_but_names_nothing_bare():
    variants = set(head_noun_variants("Южный газовый коридор"))
    assert "Южный газовый маршрут" in variants
    assert "Южный газовый" not in variants
    assert "Lapis Lazuli" in set(head_noun_variants("Lapis Lazuli Corridor"))  # a name's stem still stands alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в рамках Южного газового коридора", [("southern-gas-corridor", "Южного газового коридора")]),
        ("на газовом рынке Европы", []),
        ("по Трансадриатическому трубопроводу", [("trans-adriatic-pipeline", "Трансадриатическому трубопроводу")]),
        ("открытие Зангезурского коридора", [("zangezur-corridor", "Зангезурского коридора")]),
        ("the Zangazur Corridor", [("zangezur-corridor", "Zangazur Corridor")]),
        (
            "«Маршрутом Трампа во имя международного мира и процветания»",
            [("trump-route", "Маршрутом Трампа во имя международного мира и процветания")],
        ),
        ("the Nakhchivan Autonomous Republic", [("nakhchivan-autonomous-republic", "Nakhchivan Autonomous Republic")]),
        ("с Нахичеванью", [("nakhchivan-autonomous-republic", "Нахичеванью")]),
    ],
)
def test_the_corridors_and_places_of_the_zangezur_route_and_the_southern_gas_corridor(text, expected, index):
    assert found(text, index) == expected
