"""Names a text writes in part: two names sharing one head noun, and a name with another name's word in brackets.

* **Shared head.** "между Каспийским и Черным морями", "Средний и Лазуритовый коридоры": two capitalised Russian
  adjectives joined by "и" before a plural noun name two things, each the adjective with the noun in the singular ("Каспийским
  морем", "Черным морем"). The first is the adjective alone, the second the adjective with the noun, as the gold
  sets annotate them.
* **Bracketed alternative.** "Среднего (Транскаспийского) коридора": a name's first word followed by another word
  for it in brackets; the name is read without the bracket, and with the bracket's word instead.

Both are looked up with the finder itself (``name_of``: a phrase → the entity it names whole, or ``None``), so they
cover whatever names the catalog and its variant grammar give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from corridors.text.inflect import can_be_adjective, singular_of

#: Two words joined by "и", then a noun: "Каспийским и Черным морями".
_SHARED_HEAD = re.compile(
    r"(?<![\w-])(?P<first>[А-ЯЁа-яё][а-яё-]{3,})[ \t]+и[ \t]+(?P<second>[А-ЯЁа-яё][а-яё-]{3,})[ \t]+(?P<head>[а-яё]{3,})"
    r"(?![\w-])"
)
#: A capitalised word in brackets, then up to four lower-case words: "(Транскаспийского) коридора"; and the
#: capitalised word before the bracket: "Среднего".
_BRACKETED = re.compile(r"\((?P<other>[A-ZА-ЯЁ][\w-]+)\)[ \t]+(?P<rest>[a-zа-яё][\w-]*(?:[ \t]+[a-zа-яё][\w-]*){0,3})")
_WORD_BEFORE_BRACKET = re.compile(r"(?<![\w-])([A-ZА-ЯЁ][\w-]+)[ \t]*$")

NameOf = Callable[[str], "tuple[str, int] | None"]


def shared_head_mentions(text: str, name_of: NameOf) -> Iterator[tuple[str, int, int]]:
    """``(entity id, start, end)`` for each of two adjectives sharing a plural head noun that name entities."""
    if " и " not in text:
        return
    for match in _SHARED_HEAD.finditer(text):
        singular = singular_of(match.group("head"))
        if singular is None or not (can_be_adjective(match.group("first")) and can_be_adjective(match.group("second"))):
            continue
        # a capitalised adjective names ("Каспийским и Черным морями"); a lower-case one describes a kind
        # ("транскаспийский и прикаспийские маршруты", as "по транскаспийским маршрутам")
        first = name_of(f"{match.group('first')} {singular}") if match.group("first")[0].isupper() else None
        second = name_of(f"{match.group('second')} {singular}") if match.group("second")[0].isupper() else None
        if first and first[1] == len(match.group("first")) + 1 + len(singular):
            yield first[0], match.start("first"), match.end("first")
        if second and second[1] == len(match.group("second")) + 1 + len(singular):
            yield second[0], match.start("second"), match.end("head")


def bracketed_alternative_mentions(text: str, name_of: NameOf) -> Iterator[tuple[str, int, int]]:
    """``(entity id, start, end)`` for a name written with another word for its first in brackets."""
    if "(" not in text:
        return
    for match in _BRACKETED.finditer(text):
        before = _WORD_BEFORE_BRACKET.search(text, max(0, match.start() - 40), match.start())
        if before is None:
            continue
        rest = match.group("rest")
        for word in (before.group(1), match.group("other")):
            found = name_of(f"{word} {rest}")
            if found and found[1] > len(word) + 1:  # the name takes in words after the bracket
                yield found[0], before.start(1), match.start("rest") + found[1] - len(word) - 1
                break
