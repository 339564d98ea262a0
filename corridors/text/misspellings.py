"""Place names a text misspells by one letter: "Istambul", "Hairtan", "Туркменобад".

A capitalised word of :data:`MIN_LETTERS` letters or more that no name matched, that is no word of the language
(pymorphy3's dictionary, ``wordfreq``) and does not stand next to another capitalised word (a person's or an
organisation's name), is a mention of the catalog place one of whose written forms (case forms included) is one
edit away from it (Levenshtein distance, by ``rapidfuzz``) — provided exactly one place is.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from corridors.text.mention_rules import FUNCTION_WORDS, no_mention_here
from corridors.text.normalize import fold_name

#: The shortest word tried: shorter names are one letter away from too many others ("Kars", "Mary").
MIN_LETTERS = 7
#: Kinds of entities a misspelt word is matched to: points with a name of their own.
MISSPELLABLE_KINDS = frozenset({"city", "port", "station", "border-crossing", "terminal", "airport", "field"})
#: Zipf frequency (wordfreq) from which a word is a word of its language, not a misspelt name.
WORD_ZIPF = 1.5
_CAPITALISED = re.compile(rf"(?<![\w'’-])[A-ZА-ЯЁӘӨҮҰҚҒҢҺІ][a-zа-яёәөүұқғңһі]{{{MIN_LETTERS - 1},}}(?![\w'’-])")
#: Capitalised words that start a sentence before a name: function words and Russian prepositions.
_SENTENCE_OPENERS = FUNCTION_WORDS | frozenset(
    ["в", "во", "из", "на", "с", "со", "к", "ко", "от", "до", "по", "через", "для", "и", "а", "но", "между"]
)
_CAPITALISED_NEXT = re.compile(r"[ \t]+[A-ZА-ЯЁ][a-zа-яё]")
_WORD_BEFORE = re.compile(r"(?:^|[^\w'’-])([A-ZА-ЯЁ][\w'’-]*)[ \t]+$")


def near_keys(keys: Iterable[tuple[str, str, str]]) -> dict[tuple[str, int], tuple[tuple[str, str, str], ...]]:
    """``(first letter, length) -> (key, entity id, alias)`` of one-word place keys, for the lookup below."""
    table: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
    for key, entity_id, alias in keys:
        for length in (len(key) - 1, len(key), len(key) + 1):
            table.setdefault((key[0], length), []).append((key, entity_id, alias))
    return {slot: tuple(entries) for slot, entries in table.items()}


def misspelt_places(
    text: str,
    taken: Callable[[], Sequence[tuple[int, int]]],
    table: dict[tuple[str, int], tuple[tuple[str, str, str], ...]],
) -> Iterator[tuple[str, int, int, str]]:
    """``(entity id, start, end, alias)`` for each word of ``text`` outside the spans ``taken()`` gives (the
    mentions found, sorted by start; asked for only when a word may be misspelt) that misspells one catalog
    place's name."""
    from rapidfuzz.distance import Levenshtein

    starts: list[int] | None = None
    spans: Sequence[tuple[int, int]] = ()
    for match in _CAPITALISED.finditer(text):
        word = fold_name(match.group())
        entries = table.get((word[0], len(word)))
        if not entries:
            continue
        start, end = match.span()
        if starts is None:  # built only when a word may be a misspelt name: a dense text has none
            spans = taken()
            starts = [span[0] for span in spans]
        slot = bisect.bisect_right(starts, start) - 1
        if (slot >= 0 and spans[slot][1] > start) or (slot + 1 < len(spans) and spans[slot + 1][0] < end):
            continue
        near = {
            (entity_id, alias)
            for key, entity_id, alias in entries
            if key != word and Levenshtein.distance(word, key, score_cutoff=1) <= 1
        }
        if len({entity_id for entity_id, _ in near}) != 1:
            continue
        before = _WORD_BEFORE.search(text, max(0, start - 30), start)
        if _CAPITALISED_NEXT.match(text, end) or (before and before.group(1).lower() not in _SENTENCE_OPENERS):
            continue  # "Serik Zhumangarin", "Ilgar Velizade": a person's name ("In Istambul" is none)
        if _is_a_word(match.group()) or no_mention_here(text, start, end):
            continue
        entity_id, alias = sorted(near)[0]
        yield entity_id, start, end, alias


@functools.lru_cache(maxsize=8192)
def _is_a_word(word: str) -> bool:
    """True for a word of its language: in pymorphy3's dictionary (Russian) or used often enough (wordfreq)."""
    from wordfreq import zipf_frequency

    from corridors.text.inflect import is_known_word

    russian = re.search(r"[А-Яа-яЁё]", word) is not None
    if russian and is_known_word(word):
        return True
    return zipf_frequency(word.lower(), "ru" if russian else "en") >= WORD_ZIPF
