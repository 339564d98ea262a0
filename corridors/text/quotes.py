"""Quotes from mentions: the sentence around each mention, verbatim, marked as found automatically."""

from __future__ import annotations

import operator
from collections.abc import Iterable

from corridors.schema import Quote
from corridors.text.mentions import Mention
from corridors.text.sentences import enclosing_sentence, sentence_spans

#: A sentence longer than this (a text without punctuation) is cut to a window around the mention.
MAX_QUOTE_CHARS = 600


def mention_quotes(text: str, mentions: Iterable[Mention], source_id: str) -> list[Quote]:
    """One quote per mention, in the same order: its sentence as ``text[start:end]``, ``method="auto"``.

    Parameters
    ----------
    text
        The text the mentions were found in.
    mentions
        From :func:`corridors.text.mentions.find_mentions`.
    source_id
        The catalog id of the source document the text is.
    """
    spans = sentence_spans(text)
    return [_quote(text, source_id, *_quote_span(text, spans, mention)) for mention in mentions]


def quotes_by_entity(
    text: str, mentions: Iterable[Mention], source_id: str, *, per_entity: int | None = None
) -> dict[str, list[Quote]]:
    """Distinct quotes for each mentioned entity id, in text order; with ``per_entity``, only the first so many of
    each (a text that names one place ten thousand times gives its first sentences, not ten thousand).

    Linear in the number of mentions: a quote is made once per distinct sentence, and not at all past the limit.
    """
    spans = sentence_spans(text)
    mentions = list(mentions)
    starts = [mention.start for mention in mentions]
    if not all(map(operator.le, starts, starts[1:])):
        mentions.sort(key=operator.attrgetter("start"))
    found: dict[str, dict[tuple[int, int], None]] = {}
    full: set[str] = set()  # entities that have their quotes: their other mentions cost a set lookup
    for mention in mentions:
        if mention.id in full:
            continue
        seen = found.setdefault(mention.id, {})
        seen[_quote_span(text, spans, mention)] = None
        if per_entity is not None and len(seen) >= per_entity:
            full.add(mention.id)
    return {
        entity_id: [_quote(text, source_id, start, end) for start, end in sorted(seen)]
        for entity_id, seen in found.items()
    }


def _quote(text: str, source_id: str, start: int, end: int) -> Quote:
    return Quote(source=source_id, start=start, end=end, text=text[start:end], method="auto")


def _quote_span(text: str, spans: list[tuple[int, int]], mention: Mention) -> tuple[int, int]:
    """The mention's sentence, or a window around the mention if the sentence is too long."""
    start, end = enclosing_sentence(spans, mention.start, mention.end)
    if end - start > MAX_QUOTE_CHARS:
        start, end = _window(text, start, end, mention)
    return start, end


def _window(text: str, start: int, end: int, mention: Mention) -> tuple[int, int]:
    """At most :data:`MAX_QUOTE_CHARS` around the mention, cut at spaces, inside ``start:end``."""
    room = max(0, MAX_QUOTE_CHARS - (mention.end - mention.start)) // 2
    left = max(start, mention.start - room)
    right = min(end, mention.end + room)
    if left > start:
        space = text.find(" ", left, mention.start)
        left = space + 1 if space >= 0 else left
    if right < end:
        space = text.rfind(" ", mention.end, right)
        right = space if space >= 0 else right
    while left < mention.start and text[left].isspace():
        left += 1
    while right > mention.end and text[right - 1].isspace():
        right -= 1
    return left, right
