"""Quotes from mentions: the sentence around each mention, verbatim, marked as found automatically."""

from __future__ import annotations

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
    quotes = []
    for mention in mentions:
        start, end = enclosing_sentence(spans, mention.start, mention.end)
        if end - start > MAX_QUOTE_CHARS:
            start, end = _window(text, start, end, mention)
        quotes.append(Quote(source=source_id, start=start, end=end, text=text[start:end], method="auto"))
    return quotes


def quotes_by_entity(text: str, mentions: Iterable[Mention], source_id: str) -> dict[str, list[Quote]]:
    """Distinct quotes for each mentioned entity id, in text order."""
    mentions = list(mentions)
    grouped: dict[str, list[Quote]] = {}
    seen: set[tuple[str, int, int]] = set()  # a set, not a scan of the list: linear in the number of mentions
    for mention, quote in zip(mentions, mention_quotes(text, mentions, source_id), strict=True):
        key = (mention.id, quote.start, quote.end)
        if key not in seen:
            seen.add(key)
            grouped.setdefault(mention.id, []).append(quote)
    return {entity_id: sorted(quotes, key=lambda q: q.start) for entity_id, quotes in grouped.items()}


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
