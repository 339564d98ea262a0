"""The context rules the mention finder applies around a matched name (see :mod:`corridors.text.mention_rules`):
kind words next to it, a name used as a noun, airport codes, and capitalised neighbours that make it part of a
longer name."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from corridors.text import mention_rules as rules
from corridors.text.inflect import first_name_of, is_common_noun, is_place_name, is_russian
from corridors.text.normalize import PARAGRAPH, FoldedText, fold_chars

if TYPE_CHECKING:
    from corridors.text.mentions import MentionIndex

#: How far, in characters, any rule here looks either side of a name: what the finder decides about a name
#: depends on nothing further away (so a name repeated in the same words is judged once). Every pattern below is
#: bounded to stay within it.
CONTEXT_REACH = 120
#: The longest run of spaces, and the longest word, a rule reads next to a name.
_GAP, _WORD_CHARS = 20, 40

_NEXT_WORD = re.compile(rf"[ \t]{{1,{_GAP}}}([^\W\d_][\w'’-]{{0,{_WORD_CHARS}}})")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CODE_PAIR_AFTER = re.compile(r"\s*[-–—/]\s*[A-Z]{3}(?![A-Za-z])")
_CODE_PAIR_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z]{3}\s*[-–—/]\s*$")
_SENTENCE_OPENERS = "*_\"'“”«»„([ \t"


def kind_context(ft: str, folded: FoldedText, start: int, end: int) -> list[tuple[str, int, int]]:
    """Kind words next to the folded span ``start:end``: ``(kind, original start, original end)`` of the longer span."""
    found = []
    after = rules.KIND_AFTER.match(ft, end)
    after_kind = rules.KIND_OF_WORD[after.group(1)] if after else None
    if after:
        found.append((after_kind, *folded.original_span(start, after.end())))
    if start > 1 and ft[start - 1] == " ":
        before = _kind_before(ft, start)
        # "a port in Astrakhan region": the region word binds the name, and the port lies somewhere in that region
        if before is not None and not (after_kind == "region" and before[0] != "region"):
            found.append((before[0], *folded.original_span(before[1], end)))
    found.extend((kind, *folded.original_span(a, b)) for kind, a, b in _listed_with_a_plural_kind(ft, start, end))
    return found


def _listed_with_a_plural_kind(ft: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``(kind, folded start, folded end)`` for a name with a plural kind word before or after it, alone or in a
    list: "порты туркменбаши и баку", "anzali and astara ports". The span is the name's alone: the plural word
    belongs to the whole list."""
    before = rules.PLURAL_BEFORE.search(ft, max(0, start - 80), start)
    after = rules.PLURAL_AFTER.match(ft, end, min(len(ft), end + 80)) or _PLURAL_NEXT.match(
        ft, end, min(len(ft), end + 20)
    )
    return [(rules.PLURAL_KIND_WORDS[match.group(1)], start, end) for match in (before, after) if match is not None]


_PLURAL_NEXT = re.compile(rf" ({rules.PLURALS})(?!\w)")


def _kind_before(ft: str, start: int) -> tuple[str, int] | None:
    """``(kind, start)`` of a kind word before the folded position ``start``: "port of ", "порту ", "port in the "."""
    window_start = max(0, start - 48)
    # a paragraph break (folded to PARAGRAPH) ends the words before, as a space does: "…тонн.¶Порт Астрахань"
    gap = max(ft.rfind(" ", window_start, start - 1), ft.rfind(PARAGRAPH, window_start, start - 1))
    previous = ft[gap + 1 : start - 1]
    if previous.lstrip(_OPENING) not in rules.KIND_PHRASE_ENDS:
        return None
    paragraph = ft.rfind(PARAGRAPH, window_start, start)
    words_start = paragraph + 1 if paragraph >= 0 else window_start
    words = ft[words_start:start].split(" ")[:-1]
    last = len(words) - 1
    if last >= 0 and words[last] == "the":
        last -= 1
    link = None
    if last >= 0 and words[last] in rules.KIND_LINKS:
        link = words[last]
        last -= 1
    for size in (3, 2, 1):
        first = last - size + 1
        if first < (0 if words_start == 0 or paragraph >= 0 else 1):  # the window's first word may be cut
            continue
        phrase = " ".join(words[first : last + 1])
        if phrase.startswith("sea ") and first > 0 and words[first - 1] in _SEA_ADJECTIVES:
            continue  # "the Black Sea port of Batumi": "Sea" belongs to the sea's name
        bare = phrase.lstrip(_OPENING)  # "(провинция Тегеран)": the bracket is not part of the kind word
        kind = rules.KIND_OF_WORD.get(bare)
        if kind == "region" and link not in (None, "of"):
            return None  # "Logar Province near Kabul", "a district in Baku": the region is another place
        if kind is not None:
            return kind, start - len(" ".join(words[first:])) - 1 + len(phrase) - len(bare)
    return None


_OPENING = "([«\"“„'"
#: First words of seas' English names, which a "sea port" after them is "port" of.
_SEA_ADJECTIVES = frozenset(
    ["black", "caspian", "red", "baltic", "azov", "mediterranean", "arabian", "aral", "marmara"]
)


def used_as_noun(text: str, end: int) -> bool:
    """True if the word before ``end`` is followed by punctuation, the end, or a function word."""
    match = rules.NOUN_USE.match(text, end)
    if match is None:
        return False
    word = match.group(1)
    return word is None or word.lower() in rules.FUNCTION_WORDS


def code_context(text: str, start: int, end: int) -> bool:
    """True if a three-letter code is bracketed, paired with another code, or next to "airport"/"flight"."""
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return True
    if _CODE_PAIR_AFTER.match(text, end) or _CODE_PAIR_BEFORE.search(text, max(0, start - 8), start):
        return True
    return bool(rules.CODE_CONTEXT.search(text, max(0, start - 40), min(len(text), end + 40)))


def names_a_body(text: str, end: int) -> bool:
    """True if the capitalised words after a name end in a company's or body's word: the name is part of that
    body's name ("Middle Corridor Multimodal Ltd.", "Astana International Financial Centre")."""
    return rules.ORGANISATION_AFTER.match(text, end, min(len(text), end + CONTEXT_REACH)) is not None


def inside_longer_name(
    text: str, start: int, end: int, index: MentionIndex, cache: dict[str, bool], *, declined: bool = False
) -> bool:
    """True if a capitalised word next to the name makes it part of a person's or organisation's name. A Russian
    name ``declined`` out of its own case is none with the word after it ("посол в Астане Алексей Бородавкин")."""
    if text[end : end + 1] in (" ", "\t") and declined:
        after = _NEXT_WORD.match(text, end)
        if after is not None and first_name_of(text[start:end], after.group(1)):
            return True  # "Сердара Бердымухамедова": a first name, declined as the surname after it is
    elif text[end : end + 1] in (" ", "\t"):
        after = _NEXT_WORD.match(text, end)
        if (
            after is not None
            and _name_like(after.group(1), index, cache)
            and not _russian_noun_or_place(after.group(1))  # "в Алматы Недели транспорта"
            and not rules.PLACE_WORD_BEFORE.search(text, max(0, start - 24), start)
        ):
            return not _title_case(text, start, end)
    if text[start - 1 : start] in (" ", "\t"):
        low = max(0, start - 32)
        stripped_end = len(text[low:start].rstrip(" \t")) + low
        word_start = max(text.rfind(c, low, stripped_end) for c in " \t\n") + 1
        word = text[word_start:stripped_end]
        if (
            word_start > low
            and _WORD.fullmatch(word)
            and _name_like(word, index, cache)
            and not (is_russian(word) and is_place_name(word))  # "портами Казахстана Актау и Курык"
            and not _starts_sentence(text, word_start)
        ):
            return not _title_case(text, start, end)
    return False


def _russian_noun_or_place(word: str) -> bool:
    """True for a capitalised Russian common noun or place name: it starts another name, it does not go on with
    this one."""
    return is_russian(word) and (is_common_noun(word) or is_place_name(word))


def _name_like(word: str, index: MentionIndex, cache: dict[str, bool]) -> bool:
    """True for a capitalised word that is neither a catalog name's first word nor a kind word."""
    known = cache.get(word)
    if known is None:
        whole = fold_chars(word).rstrip("'")
        folded = whole.split("-")[0]
        known = (
            word[:1].isupper()
            and folded not in index.first_words
            and folded not in rules.KIND_WORD_SET
            and folded not in rules.DEMONYMS
            and folded not in rules.ZONE_ABBREVIATIONS
            and whole not in rules.MODIFIER_WORDS
            and not rules.POSSESSIVE.search(word)
        )
        cache[word] = known
    return known


def _starts_sentence(text: str, position: int) -> bool:
    """True if the word at ``position`` is the first of a sentence, line or quotation."""
    index = position
    while index > 0 and position - index < _GAP and text[index - 1] in _SENTENCE_OPENERS:
        index -= 1
    return index == 0 or text[index - 1] in ".!?:;\n\r—–-…"


def _title_case(text: str, start: int, end: int) -> bool:
    """True if the line around the span is a title: most of its other words (at least three) are capitalised.

    The name and its capitalised neighbours are not counted, so a short sentence
    about a person ("President Serdar Berdimuhamedov said so.") is not a title.
    """
    # both searches stay within 80 characters, so a text of one long line costs linear time, not quadratic
    line_start = max(text.rfind("\n", max(0, start - 80), start) + 1, start - 80)
    line_end = text.find("\n", end, end + 80)
    line_end = min(end + 80, len(text) if line_end < 0 else line_end)
    words = [m for m in _WORD.finditer(text, line_start, line_end) if m.end() < start - 1 or m.start() > end + 1]
    others = [m.group() for m in words if not _adjacent_capitalised(text, m, start, end)]
    if len(others) < 3:
        return False
    return sum(1 for word in others if word[:1].isupper()) >= math.ceil(0.6 * len(others))


def _adjacent_capitalised(text: str, word: re.Match[str], start: int, end: int) -> bool:
    """True for a capitalised word directly before or after the span (the words being judged)."""
    gap = text[word.end() : start] if word.end() <= start else text[end : word.start()]
    return word.group()[:1].isupper() and gap.strip(" \t") == ""
