"""Text folded for name matching: lower case, one dash, single spaces, offsets kept.

Folding maps every character to one character, except that runs of whitespace
collapse to one space (or to a pilcrow where the run holds a blank line, so that
no name is matched across paragraphs). :class:`FoldedText` maps
offsets in the folded string back to the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

#: Hyphens, dashes and the minus sign: all folded to ``-``.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
#: Apostrophes and single quotes used inside names: folded to ``'``.
APOSTROPHES = "\u2019\u2018\u02bc\u02bb`\u00b4"
#: Letters folded to one form on both sides: Russian yo, Turkic dotless i, and the Kazakh and Kyrgyz Cyrillic
#: letters Russian writes with its own ("Ақтау" is "Актау", "Алтынкөл" "Алтынкол…", "Құрық" "Курык").
LETTERS = {
    "ё": "е",
    "ı": "i",
    "ә": "а",
    "ө": "о",
    "ү": "у",
    "ұ": "у",
    "қ": "к",
    "ғ": "г",
    "ң": "н",
    "һ": "х",
    "і": "и",
}

#: What a run of whitespace holding a blank line folds to: neither a space nor a letter, so no name spans it.
PARAGRAPH = "\u00b6"
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
# Azerbaijani and Turkic letters without a decomposition to a Latin base letter.
_ASCII_EXTRA = str.maketrans({"ə": "e", "Ə": "E", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d"})


#: Every character folded to another: dashes, apostrophes and letters (all one character to one).
_FOLDS = (*((dash, "-") for dash in DASHES), *((mark, "'") for mark in APOSTROPHES), *LETTERS.items())


def fold_chars(text: str) -> str:
    """Lower-case ``text`` and fold dashes, apostrophes, yo and dotless i, keeping its length."""
    if "İ" in text:
        text = text.replace("İ", "I")  # its lower case is two characters
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for char, plain in _FOLDS:  # str.replace per character: far faster than str.translate on long texts
        if char in folded:
            folded = folded.replace(char, plain)
    return folded


def fold_name(name: str) -> str:
    """The folded form of a catalog name: as :func:`fold_chars`, with single spaces."""
    return " ".join(fold_chars(name).split())


def ascii_variant(name: str) -> str:
    """``name`` without diacritics (``Türkmenbaşy`` → ``Turkmenbasy``), for Latin-script names."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class FoldedText:
    """A folded copy of a text and the shifts that map its offsets back to the original."""

    text: str
    _positions: tuple[int, ...] = ()
    _shifts: tuple[int, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the folded span ``start:end`` came from."""
        if not self._positions:
            return start, end
        return start + self._shift(start), end - 1 + self._shift(end - 1) + 1

    def _shift(self, index: int) -> int:
        slot = bisect_right(self._positions, index) - 1
        return self._shifts[slot] if slot >= 0 else 0


def fold_text(text: str) -> FoldedText:
    """Fold ``text`` for matching: whitespace runs become one space, or :data:`PARAGRAPH` if they hold a blank line."""
    folded = fold_chars(text)
    pieces: list[str] = []
    positions: list[int] = []
    shifts: list[int] = []
    last = removed = 0
    for start, end in [match.span() for match in _WHITESPACE.finditer(folded)]:
        pieces.append(folded[last:start])
        last = end
        if end - start == 1:
            pieces.append(" ")
            continue
        pieces.append(PARAGRAPH if folded.count("\n", start, end) >= 2 else " ")
        removed += end - start - 1
        positions.append(end - removed)
        shifts.append(removed)
    if not pieces:
        return FoldedText(folded)
    pieces.append(folded[last:])
    return FoldedText("".join(pieces), tuple(positions), tuple(shifts))
