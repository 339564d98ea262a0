"""Quotes from mentions, and the finder on the interview against its hand-made quotes."""

from __future__ import annotations

from corridors.catalog import check_quote
from corridors.schema import Quote
from corridors.text.mentions import find_mentions
from corridors.text.quotes import MAX_QUOTE_CHARS, mention_quotes, quotes_by_entity

SOURCE = "velizade-cabar-2019"
#: Hand-made quotes that name their entity only by a pronoun ("it", "these projects"): no finder can see them.
PRONOUN_ONLY_QUOTES = {
    ("china-kyrgyzstan-uzbekistan-railway", 5274),
    ("trans-eurasian-fibre-optic", 9695),
    ("kyrgyzstan-socar-refinery", 4848),
}


def test_one_verbatim_auto_quote_per_mention(index):
    text = "Intro line\n\nFerries cross the Caspian to the port of Baku. Mr. Smith said\nthe Middle Corridor is busy."
    mentions = find_mentions(text, index)
    quotes = mention_quotes(text, mentions, "test-2024")
    assert len(quotes) == len(mentions) == 3
    for quote in quotes:
        assert quote.method == "auto"
        assert quote.source == "test-2024"
        assert text[quote.start : quote.end] == quote.text
    assert quotes[0] == quotes[1]
    assert quotes[0].text == "Ferries cross the Caspian to the port of Baku."
    assert quotes[2].text == "Mr. Smith said\nthe Middle Corridor is busy."


def test_quotes_by_entity_are_distinct_and_in_order(index):
    text = "Baku is big. Trains reach Baku. Baku and Baku again."
    grouped = quotes_by_entity(text, find_mentions(text, index), "test-2024")
    assert list(grouped) == ["baku"]
    assert [q.text for q in grouped["baku"]] == ["Baku is big.", "Trains reach Baku.", "Baku and Baku again."]


def test_a_sentence_without_end_is_cut_around_the_mention(index):
    text = " ".join(["word"] * 400) + " Baku " + " ".join(["word"] * 400)
    [quote] = mention_quotes(text, find_mentions(text, index), "test-2024")
    assert len(quote.text) <= MAX_QUOTE_CHARS
    assert "Baku" in quote.text
    assert quote.text == text[quote.start : quote.end]
    assert not quote.text.startswith(" ") and not quote.text.endswith(" ")


def test_the_finder_recovers_every_hand_made_quote_of_the_interview(shipped_catalog, index):
    text = shipped_catalog.texts[SOURCE]
    mentions = find_mentions(text, index, nested=True)
    auto = quotes_by_entity(text, mentions, SOURCE)
    not_named = set()
    for entity in shipped_catalog.entities():
        for quote in (q for q in entity.quotes if q.source == SOURCE):
            assert entity.id in auto, f"{entity.id} is not found in the interview"
            covering = [q for q in auto[entity.id] if q.start <= quote.start and quote.end <= q.end]
            if not covering:
                not_named.add((entity.id, quote.start))
    assert not_named == PRONOUN_ONLY_QUOTES


def test_auto_quotes_of_the_interview_are_valid_catalog_quotes(shipped_catalog, index):
    text = shipped_catalog.texts[SOURCE]
    quotes = mention_quotes(text, find_mentions(text, index), SOURCE)
    assert len(quotes) >= 30
    for quote in quotes:
        Quote.model_validate(quote.model_dump())
        assert check_quote(shipped_catalog, quote, "test", "test", "quotes.0") == []


def test_quotes_per_entity_can_be_limited_to_the_first_sentences(index):
    text = "Trains reach Baku. " * 40 + "Ferries leave Aktau."
    grouped = quotes_by_entity(text, find_mentions(text, index), "test-2024", per_entity=3)
    assert [q.start for q in grouped["baku"]] == [0, 19, 38]
    assert [q.text for q in grouped["aktau-port"]] == ["Ferries leave Aktau."]  # other entities keep theirs
    assert len(quotes_by_entity(text, find_mentions(text, index), "test-2024")["baku"]) == 40
