"""Chinese names written in Russian (Palladius) read back as pinyin."""

from __future__ import annotations

import pytest

from corridors.text.pinyin import pinyin_readings


@pytest.mark.parametrize(
    ("russian", "pinyin"),
    [("Душаньцзы", "dushanzi"), ("Шихэцзы", "shihezi"), ("Сиань", "xian"), ("Тяньцзинь", "tianjin"), ("Иу", "yiwu")],
)
def test_a_chinese_name_in_russian_reads_as_its_pinyin(russian, pinyin):
    assert pinyin_readings(russian)[0] == pinyin


@pytest.mark.parametrize("russian", ["Москва", "Хоргос", "Кашгар", "Urumqi", ""])
def test_a_name_that_is_no_run_of_palladius_syllables_has_no_reading(russian):
    assert pinyin_readings(russian) == []
