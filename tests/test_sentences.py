"""Sentence spans: stray line breaks, abbreviations, quotation marks and Markdown."""

from __future__ import annotations

import pytest

from corridors.text.sentences import enclosing_sentence, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_plain_sentences():
    assert sentences("Ferries sail daily. Trains run twice a week! Is it enough? Maybe.") == [
        "Ferries sail daily.",
        "Trains run twice a week!",
        "Is it enough?",
        "Maybe.",
    ]


def test_a_stray_blank_line_inside_a_sentence_does_not_end_it():
    text = "As for Tajikistan, the president made a visit to Baku and signed\n\nsignificant agreements. Then he left."
    assert sentences(text) == [
        "As for Tajikistan, the president made a visit to Baku and signed\n\nsignificant agreements.",
        "Then he left.",
    ]


def test_hard_wrapped_lines_stay_one_sentence():
    text = "Cargo from Dostyk reaches the Caspian ports of Aktau and Kuryk in under\na week, officials said. It then crosses to Baku."
    assert sentences(text)[0].endswith("officials said.")
    assert len(sentences(text)) == 2


def test_a_new_paragraph_or_heading_ends_a_sentence_without_punctuation():
    text = "Follow us on LinkedIn\n\nThe port opened in 2018.\n# Heading\nText here."
    assert sentences(text) == ["Follow us on LinkedIn", "The port opened in 2018.", "Heading", "Text here."]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Mr. Aliyev met Dr. Tokayev in Baku. They talked.", 2),
        ("Goods, e.g. grain, go via Aktau. Oil goes via Kuryk.", 2),
        ("N. Nazarbayev opened the line. It runs to Beineu.", 2),
        ("It has some visa issues, etc. Moreover, logistics fail.", 2),
        ("Порт открыт в г. Актау. Паромы ходят в Баку.", 2),
        ("Порт открыт в 2018 г. Паромы ходят в Баку.", 2),
        ("Это т.е. главный маршрут. Он идёт через Каспий.", 2),
        ("The U.S. Navy sailed. It left.", 2),
        ("Capacity is 3.8 Mt a year. It grows.", 2),
    ],
)
def test_abbreviations(text, count):
    assert len(sentences(text)) == count


def test_quotation_marks_close_the_sentence():
    text = (
        '"We want the TITR to grow." The official left. «Порт открыт». Далее — Баку. "Is it open?" asked the minister.'
    )
    assert sentences(text) == [
        '"We want the TITR to grow."',
        "The official left.",
        "«Порт открыт».",
        "Далее — Баку.",
        '"Is it open?" asked the minister.',
    ]


def test_markdown_emphasis_is_stripped_from_the_ends():
    text = "**CABAR.asia: What are the priorities of Azerbaijan? Where is it looking?**\n\n**Answer:** Generally, west."
    assert sentences(text)[:2] == ["CABAR.asia: What are the priorities of Azerbaijan?", "Where is it looking?"]


def test_enclosing_sentence_covers_a_span_across_sentences():
    text = "One two. Three four. Five six."
    spans = sentence_spans(text)
    assert enclosing_sentence(spans, 9, 14) == (9, 20)
    assert enclosing_sentence(spans, 4, 12) == (0, 20)


def test_the_interview_sentences_match_the_hand_made_quotes(shipped_catalog):
    text = shipped_catalog.texts["velizade-cabar-2019"]
    spans = sentence_spans(text)
    for entity in shipped_catalog.entities():
        for quote in entity.quotes:
            # every hand-made quote is a sentence or a clause inside one
            assert enclosing_sentence(spans, quote.start, quote.end) in spans, (entity.id, quote.text)
            start, end = enclosing_sentence(spans, quote.start, quote.end)
            if quote.text[:1].isupper():
                assert (start, end) == (quote.start, quote.end), (entity.id, quote.text)
