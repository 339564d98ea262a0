"""Abbreviations a text defines for itself: "Трансанатолийский газопровод (ТАНАП)" makes every "ТАНАП" (and
"ТАНАПа") in that text a mention of the pipeline, though the catalog does not list the abbreviation.

The test that a short form abbreviates a name is Schwartz and Hearst's (2003): its letters occur in the name in
order, the first at the start of a word. The ``abbreviations`` package implements the whole algorithm, but it
searches sentences for the long form; here the long form is already known (the mention before the brackets and
the entity's catalog names), so only the letter test is needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corridors.text.mentions import Mention

#: An abbreviation in brackets right after a name (or its closing quotation mark): two to ten capitals or digits,
#: starting with a capital, perhaps with an aside after a comma ("порт" (ММТП, Дагестан)).
_DEFINED = re.compile(r"\([ \t]*[«\"“]?([A-ZА-ЯЁ][A-ZА-ЯЁ0-9-]{1,9})[»\"”]?(?:[,;][^()\n]{1,40})?[ \t]*\)")
#: What may stand between the name and the bracket: spaces, after a closing quotation mark.
_BEFORE_BRACKET = re.compile(r"[»\"”]?[ \t]*$")
#: A Russian case ending written onto an abbreviation ("ТАНАПа", "ТКГ-ом" is not used).
_ENDING = r"(?:[а-яё]{1,3})?"


def abbreviates(short: str, name: str) -> bool:
    """True if ``short``'s letters and digits occur in ``name`` in order, the first at the start of a word."""
    letters = [c for c in short.lower() if c.isalnum()]
    name = name.lower()
    at = len(name) - 1
    for number in range(len(letters) - 1, -1, -1):
        wanted, first = letters[number], number == 0
        while at >= 0 and (name[at] != wanted or (first and at > 0 and name[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return bool(letters)


def defined_abbreviations(text: str, mentions: list[Mention], names: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Abbreviation -> entity id, for each abbreviation ``text`` defines in brackets after a mention of an entity
    whose written name or catalog name (``names``: entity id -> names) it abbreviates."""
    defined: dict[str, str] = {}
    ends: list[int] | None = None
    for match in _DEFINED.finditer(text):
        if ends is None:
            ends = [mention.end for mention in mentions]
        name_end = _BEFORE_BRACKET.search(text, max(0, match.start() - 8), match.start()).start()
        at = bisect_left(ends, name_end)
        named = [m for m in mentions[max(0, at - 2) : at + 2] if m.end == name_end and not m.nested]
        short = match.group(1)
        for mention in named:
            fits = any(abbreviates(short, name) for name in (mention.text, *names.get(mention.id, ())))
            if fits and defined.setdefault(short, mention.id) != mention.id:
                defined[short] = ""  # defined for two entities: neither
    return {short: entity_id for short, entity_id in defined.items() if entity_id}


def abbreviation_uses(
    text: str, mentions: list[Mention], names: Mapping[str, Iterable[str]]
) -> Iterator[tuple[str, int, int, str, str]]:
    """``(entity id, start, end, written, abbreviation)`` for every use of an abbreviation the text defines
    (:func:`defined_abbreviations`) that no mention in ``mentions`` (sorted by start) covers yet."""
    if "(" not in text:
        return
    defined = defined_abbreviations(text, mentions, names)
    if not defined:
        return
    starts = [mention.start for mention in mentions]
    reach = list(accumulate((mention.end for mention in mentions), max))
    for short, entity_id in defined.items():
        for hit in re.finditer(rf"(?<![\w-]){re.escape(short)}{_ENDING}(?![\w-])", text):
            at = bisect_left(starts, hit.end())
            if at and reach[at - 1] > hit.start():
                continue  # inside a mention already found
            yield entity_id, hit.start(), hit.end(), hit.group(), short
