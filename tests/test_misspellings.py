"""Place names a text misspells by one letter are still mentions of the place, and nothing else is."""

from __future__ import annotations

from corridors.text.mentions import find_mentions


def _ids(text: str, index) -> list[tuple[str, str]]:
    return [(m.id, m.text) for m in find_mentions(text, index)]


def test_a_place_misspelt_by_one_letter_is_the_place(index):
    assert ("istanbul", "Istambul") in _ids("The train reached Istambul on Friday.", index)
    assert ("istanbul", "Istambul") in _ids("In Istambul the cargo was unloaded.", index)  # after a sentence opener
    assert ("saksaulskaya", "Сексеул") in _ids("Поезд прошел станции Сексеул и Жезказган.", index)
    # a misspelt first letter too (a Turkmen Ы for И)
    assert ("imamnazar", "Ымамназар") in _ids("по магистрали Керки — Ымамназар — Акина", index)
    # after a demonym, and inside a hyphenated chain of names or an arrow
    assert ("istanbul", "Istambul") in _ids("a rival of Turkish Istambul", index)
    assert ("turkmenabat", "Туркменобад") in _ids("по маршруту Алма-Ата-Ташкент-Туркменобад-Мешхед", index)
    assert ("hairatan", "Hairtan") in _ids("1. Hairtan->Mazar e Sharif", index)


def test_a_misspelt_name_inside_a_hyphenated_word_is_no_place(index):
    assert _ids("the north-Istambul suburbs", index) == []  # a lower-case word before the hyphen
    assert _ids("Istambul-based firms", index) == []  # a lower-case word after it


def test_a_word_of_the_language_or_a_persons_name_is_no_misspelt_place(index):
    assert _ids("Istambul Kemal said so.", index) == []  # a capitalised word after it: a person's name
    assert _ids("Minister Istambul said so.", index) == []  # a capitalised word before it
    assert _ids("The Constant growth of trade.", index) == []  # an English word


def test_short_words_and_two_edits_are_not_matched(index):
    assert _ids("The train reached Istambol on Friday.", index) == []  # two letters away
    assert _ids("They met in Kirs.", index) == []  # too short to tell from Kars
