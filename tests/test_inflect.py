"""Russian case forms of catalog names."""

from __future__ import annotations

import pytest

from corridors.text.inflect import is_russian, russian_forms


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Курык", {"курык", "курыка", "курыку", "курыком", "курыке"}),
        ("Мангистауская область", {"мангистауская область", "мангистауской области", "мангистаускую область"}),
        ("Каспий", {"каспий", "каспия", "каспию", "каспием", "каспии"}),
        ("Аваза", {"аваза", "авазы", "авазе", "авазу", "авазой"}),
        ("порт Актау", {"порт актау", "порта актау", "порту актау", "портом актау", "порте актау"}),
        ("Алма-Ата", {"алма-ата", "алма-аты", "алма-ате", "алма-ату", "алма-атой"}),
    ],
)
def test_declined_forms(name, expected):
    assert expected <= set(russian_forms(name))


def test_adjectives_agree_with_the_head_noun():
    forms = russian_forms("Транскаспийский международный транспортный маршрут")
    assert "транскаспийскому международному транспортному маршруту" in forms
    assert "транскаспийского международного транспортного маршрута" in forms
    # an inanimate masculine accusative is the nominative, never the genitive form
    assert "транскаспийского международного транспортного маршрут" not in forms


def test_words_after_the_head_stay_as_they_are():
    forms = russian_forms("Новый Бакинский порт Алят")
    assert "нового бакинского порта алят" in forms
    assert all(form.endswith(" алят") for form in forms)


@pytest.mark.parametrize("name", ["Актау", "Туркменбаши", "Баку", "Тбилиси", "Шу", "ТМТМ", "Актау — Баку"])
def test_indeclinable_names_and_abbreviations_have_one_form(name):
    assert russian_forms(name) == (name.lower(),)


@pytest.mark.parametrize("name", ["Маңғыстау облысы", "Нұр-Сұлтан", "Baku", "Чорне море з"])
def test_only_russian_is_declined(name):
    if not is_russian(name):
        assert russian_forms(name) == (" ".join(name.lower().split()),)
    else:
        assert russian_forms(name)[0] == name.lower()


def test_kazakh_letters_mean_not_russian():
    assert not is_russian("Маңғыстау облысы")
    assert is_russian("Мангистауская область")
    assert not is_russian("Mangistau")
