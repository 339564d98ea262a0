"""Russian spellings of Chinese names read back as pinyin: "Душаньцзы" is Dushanzi, "Шихэцзы" Shihezi.

Russian writes Chinese names in the Palladius system, syllable by syllable. The ``pypinyin`` package writes every
pinyin syllable in it; the table here inverts that, and a name is read as pinyin only when it splits wholly into
such syllables.
"""

from __future__ import annotations

import functools

#: Countries whose places a pinyin reading may name.
PINYIN_COUNTRIES = frozenset({"CN", "TW"})
#: How many readings of one name are kept (a name splits into syllables in few ways).
MAX_READINGS = 4


@functools.cache
def _syllables() -> dict[str, tuple[str, ...]]:
    """Palladius Cyrillic syllable -> the pinyin syllables written so ("ло" is "luo" or "lo")."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    pinyin = {
        convert(reading, Style.NORMAL, strict=True) for value in pinyin_dict.values() for reading in value.split(",")
    }
    table: dict[str, set[str]] = {}
    for syllable in pinyin:
        if syllable.isascii() and syllable.isalpha():
            table.setdefault(convert(syllable, Style.CYRILLIC, strict=True), set()).add(syllable)
    return {cyrillic: tuple(sorted(readings)) for cyrillic, readings in table.items()}


def pinyin_readings(name: str) -> list[str]:
    """The pinyin a Russian name spells syllable by syllable, joined ("Душаньцзы" → "dushanzi"); none if any part
    of it is no Palladius syllable."""
    word = "".join(name.lower().replace("ё", "е").split()).replace("-", "")
    if not word or not all("а" <= c <= "я" for c in word):
        return []
    table = _syllables()
    longest = max(map(len, table))
    readings: list[list[str]] = [[""]] + [[] for _ in word]
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            if readings[start] and word[start:end] in table:
                readings[end].extend(head + tail for head in readings[start] for tail in table[word[start:end]])
        readings[end] = list(dict.fromkeys(readings[end]))[:MAX_READINGS]
    return readings[-1]
