"""Sentence spans of a text, robust to stray line breaks, abbreviations, quotation marks and markup.

A sentence ends at ``. ! ? …`` (with any closing quotes, brackets or Markdown
emphasis after it) when the next sentence starts with a capital, a digit or an
opening mark, unless the word before the full stop is an abbreviation that
does not end sentences ("Mr.", "e.g.", "г. Актау", an initial). A blank line
ends a sentence too, unless the next line starts in lower case: then the break
is a stray one inside a paragraph. A single line break ends a sentence only
before a heading or list item, or after a short line such as a title.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import pairwise

#: Abbreviations after which a full stop does not end the sentence (lower case, without the final dot).
_NON_TERMINAL_ABBREVIATIONS_TEXT = """
    mr mrs ms dr prof st mt gen col capt lt sgt gov sen rep pres rev hon messrs vs cf ca c approx fig figs no
    nos vol art pp p para jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e viz al г гг ул им проф акад
    ген пос с д ст р обл р-н пр напр см т.е т.к т.н т.ч и.о
"""
NON_TERMINAL_ABBREVIATIONS = frozenset(_NON_TERMINAL_ABBREVIATIONS_TEXT.split())
#: Abbreviations that may end a sentence (then the next word decides).
_TERMINAL_ABBREVIATIONS_TEXT = """
    etc т.д т.п др
"""
TERMINAL_ABBREVIATIONS = frozenset(_TERMINAL_ABBREVIATIONS_TEXT.split())

# Each match starts only at the first character of a run (the lookbehinds) and its runs are possessive, so a
# text of 40,000 full stops, spaces or tabs is scanned once instead of once per character (quadratic time).
# Both patterns start with a character to look for (the lookbehind comes after it), so the regex engine skips
# ahead to the next candidate instead of trying every position of the text.
_TERMINAL = re.compile(r"[.!?…](?<![.!?…][.!?…])[.!?…]*+([\"'”’»)\]*_]*+)(\s++)")
_LINE_BREAK = re.compile(r"\r?\n(?:[ \t]*+\r?\n)*+[ \t]*+")
_DIGIT_BEFORE = re.compile(r"\d\s*$")
_DOTTED = re.compile(r"(?:\w\.)+\w")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_WORD_BEFORE = re.compile(r"([\w.-]+)$")
_MARKUP_LINE = re.compile(r"(?:#{1,6}\s|[*+•-]\s|>|\||\d+[.)]\s|-{3,}|\*{3,})")
_SENTENCE_OPENERS = "\"'“‘«„([*#—–-_"
_STRIP_START = " \t\r\n*_#>|"
_STRIP_END = " \t\r\n*_|"
_TERMINAL_END = re.compile(r"[.!?…:;][\"'”’»)\]*_]*$")
#: Lines shorter than this that end without punctuation are titles: a single line break after one ends a sentence.
SHORT_LINE = 60


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence, without surrounding whitespace or Markdown markers."""
    cuts = sorted({0, len(text), *_punctuation_cuts(text), *_line_cuts(text)})
    spans = []
    for start, end in pairwise(cuts):
        while start < end and text[start] in _STRIP_START:
            start += 1
        while end > start and text[end - 1] in _STRIP_END:
            end -= 1
        if start < end and _LETTER_OR_DIGIT.search(text, start, end):
            spans.append((start, end))
    return spans


def enclosing_sentence(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``start``, stretched to ``end`` if a span runs past it."""
    slot = bisect_right(spans, (start, float("inf"))) - 1
    if slot < 0:
        return start, end
    sentence_start, sentence_end = spans[slot]
    if sentence_end < start:  # the span lies in stripped markup between sentences
        return start, end
    while sentence_end < end and slot + 1 < len(spans):
        slot += 1
        sentence_end = spans[slot][1]
    return min(sentence_start, start), max(sentence_end, end)


def _punctuation_cuts(text: str) -> list[int]:
    cuts = []
    for match in _TERMINAL.finditer(text):
        following = match.end()
        next_char = text[following : following + 1]
        if next_char and not _opens_sentence(next_char) and ("\n" not in match.group(2) or next_char.islower()):
            continue
        if text[match.start()] == "." and _abbreviation_before(text, match.start()):
            continue
        cuts.append(match.start(2))
    return cuts


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _SENTENCE_OPENERS


def _abbreviation_before(text: str, dot: int) -> bool:
    """True if the word before the full stop at ``dot`` is an abbreviation that does not end the sentence here."""
    match = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if match is None:
        return False
    decision = _abbreviation(match.group(1))
    if decision is None:  # "в 2018 г." ends a sentence; "г. Актау" does not
        return not _DIGIT_BEFORE.search(text, max(0, match.start() - 8), match.start())
    return decision


@functools.lru_cache(maxsize=4096)
def _abbreviation(written: str) -> bool | None:
    """Whether a word before a full stop is an abbreviation that does not end a sentence; ``None`` for "г"/"гг",
    which depend on the number before them."""
    word = written.lower().strip(".-")
    if word in TERMINAL_ABBREVIATIONS:
        return False
    if word in ("г", "гг"):
        return None
    if word in NON_TERMINAL_ABBREVIATIONS:
        return True
    original = written.strip(".-")
    if len(original) == 1 and original.isupper():
        return True  # an initial: "N. Nazarbayev"
    return bool(_DOTTED.fullmatch(word))  # "U.S.", "т.е."


def _line_breaks(text: str):
    """``(start, end, text)`` of each run of line breaks with the spaces and tabs around it."""
    for match in _LINE_BREAK.finditer(text):
        start = match.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        yield start, match.end(), text[start : match.end()]


def _line_cuts(text: str) -> list[int]:
    cuts = []
    for start, following, run in _line_breaks(text):
        before = text[max(0, start - 8) : start]
        if following >= len(text) or not before or _TERMINAL_END.search(before):
            continue  # the punctuation rule decides
        next_char = text[following]
        blank_line = run.count("\n") >= 2
        next_line = text[following : following + 8]
        line_start = text.rfind("\n", 0, start) + 1
        if blank_line:
            if next_char.islower():
                continue  # a stray break inside a paragraph
        elif not (_MARKUP_LINE.match(next_line) or (start - line_start < SHORT_LINE and not next_char.islower())):
            continue
        cuts.append(start)
    return cuts
