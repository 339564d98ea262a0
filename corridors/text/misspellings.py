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

from corridors.text.mention_rules import DEMONYMS, FUNCTION_WORDS, no_mention_here
from corridors.text.normalize import fold_chars

#: The shortest word tried: shorter names are one letter away from too many others ("Kars", "Mary").
MIN_LETTERS = 7
#: Kinds of entities a misspelt word is matched to: points with a name of their own.
MISSPELLABLE_KINDS = frozenset({"city", "port", "station", "border-crossing", "terminal", "airport", "field"})
#: Zipf frequency (wordfreq) from which a word is a word of its language, not a misspelt name.
WORD_ZIPF = 1.5
_CAPITALISED = re.compile(rf"[A-ZА-ЯЁӘӨҮҰҚҒҢҺІ][a-zа-яёәөүұқғңһі]{{{MIN_LETTERS - 1},}}")  # a word: see _whole
#: Capitalised words that start a sentence before a name: function words and Russian prepositions.
_SENTENCE_OPENERS = FUNCTION_WORDS | frozenset(
    ["в", "во", "из", "на", "с", "со", "к", "ко", "от", "до", "по", "через", "для", "и", "а", "но", "между"]
)
#: Capitalised words that may stand before a place's name: sentence openers and demonyms ("Russian Novorossisk").
_WORDS_BEFORE_A_PLACE = _SENTENCE_OPENERS | DEMONYMS
_CAPITALISED_NEXT = re.compile(r"[ \t]+[A-ZА-ЯЁ][a-zа-яё]")
_WORD_BEFORE = re.compile(r"(?:^|[^\w'’-])([A-ZА-ЯЁ][\w'’-]*)[ \t]+$")


#: One-word place keys by their first (or last) letter and a length: the keys, and for each its entity id and alias.
NearKeys = dict[tuple[str, int], tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]


def near_keys(keys: Iterable[tuple[str, str, str]]) -> NearKeys:
    """``(first letter, length) -> (keys, (entity id, alias) of each)`` of one-word place keys of that length or one
    letter longer or shorter, and the same by the last letter (``"$" + letter``), for the lookup below: a word is
    compared with the keys that share its first letter or, for a misspelt first letter ("Ымамназар"), its last."""
    table: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
    for key, entity_id, alias in keys:
        for length in (len(key) - 1, len(key), len(key) + 1):
            table.setdefault((key[0], length), []).append((key, entity_id, alias))
            table.setdefault(("$" + key[-1], length), []).append((key, entity_id, alias))
    return {
        slot: (tuple(key for key, _, _ in entries), tuple((entity_id, alias) for _, entity_id, alias in entries))
        for slot, entries in table.items()
    }


def misspelt_places(
    text: str,
    taken: Callable[[], Sequence[tuple[int, int]]],
    table: NearKeys,
    is_a_name: Callable[[str], bool],
) -> Iterator[tuple[str, int, int, str]]:
    """``(entity id, start, end, alias)`` for each word of ``text`` outside the spans ``taken()`` gives (the
    mentions found, sorted by start; asked for only when a word may be misspelt) that misspells one catalog
    place's name. ``is_a_name`` tells a folded word that is itself a catalog name (the finder's rules judged it)."""
    # each distinct word is judged once, and only the words that misspell a place are looked for again
    verdicts = {written: _place_misspelt(written, table, is_a_name) for written in set(_CAPITALISED.findall(text))}
    misspelt = sorted((written for written, place in verdicts.items() if place is not None), key=len, reverse=True)
    if not misspelt:
        return
    spans = taken()
    starts = [span[0] for span in spans]
    for match in re.finditer("|".join(map(re.escape, misspelt)), text):
        if not _whole(text, *match.span()):
            continue
        place = verdicts[match.group()]
        start, end = match.span()
        slot = bisect.bisect_right(starts, start) - 1
        if (slot >= 0 and spans[slot][1] > start) or (slot + 1 < len(spans) and spans[slot + 1][0] < end):
            continue
        before = _WORD_BEFORE.search(text, max(0, start - 30), start)
        if _CAPITALISED_NEXT.match(text, end) or (before and before.group(1).lower() not in _WORDS_BEFORE_A_PLACE):
            continue  # "Serik Zhumangarin", "Ilgar Velizade": a person's name ("In Istambul", "Russian Novorossisk" are none)
        if no_mention_here(text, start, end):
            continue
        yield place[0], start, end, place[1]


def _whole(text: str, start: int, end: int) -> bool:
    """True if ``start:end`` is a whole word: no letter, digit, apostrophe or hyphen right before or after it,
    except a hyphen that chains it to another capitalised name ("Ташкент-Туркменобад-Мешхед", "Hairtan->Mazar")."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if before == "-" and _CHAINED_BEFORE.search(text, max(0, start - 40), start):
        before = ""
    if after == "-" and _CHAINED_AFTER.match(text, end):
        after = ""
    return not (before and (before.isalnum() or before in _JOINERS)) and not (
        after and (after.isalnum() or after in _JOINERS)
    )


_JOINERS = "'’-_"
_CHAINED_BEFORE = re.compile(r"(?<![^\W\d_])[A-ZА-ЯЁ][a-zа-яё]+-$")
_CHAINED_AFTER = re.compile(r"->?[A-ZА-ЯЁ]")


def _place_misspelt(written: str, table: NearKeys, is_a_name: Callable[[str], bool]) -> tuple[str, str] | None:
    """``(entity id, alias)`` of the one place ``written`` misspells by a letter, or ``None``."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    word = fold_chars(written)
    slots = [found for slot in ((word[0], len(word)), ("$" + word[-1], len(word))) if (found := table.get(slot))]
    if not slots or is_a_name(word):
        return None
    near = {
        places[at]
        for keys, places in slots
        for _, _, at in process.extract(word, keys, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
    }
    if len({entity_id for entity_id, _ in near}) != 1 or _is_a_word(written):
        return None
    return sorted(near)[0]


@functools.lru_cache(maxsize=8192)
def _is_a_word(word: str) -> bool:
    """True for a word of its language: in pymorphy3's dictionary (Russian) or used often enough (wordfreq)."""
    from wordfreq import zipf_frequency

    from corridors.text.inflect import is_known_word

    russian = re.search(r"[А-Яа-яЁё]", word) is not None
    if russian and is_known_word(word):
        return True
    return zipf_frequency(word.lower(), "ru" if russian else "en") >= WORD_ZIPF
