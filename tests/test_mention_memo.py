"""The finder judges a name once per context: remembering decisions must never change what it finds."""

from __future__ import annotations

import random

import pytest

from corridors.text.evaluation import ARTICLES_DIR, GOLD_DIR
from corridors.text.mentions import resolve_mentions, scan_hits
from corridors.text.normalize import fold_text

PIECES = [
    "Aktau", "port of Aktau", "the port of Aktau", "Актау", "порту Актау", "Baku", "Baku-Tbilisi-Kars", "Kars",
    "Baku–Tbilisi–Kars railway", "Middle Corridor", "Lapis Lazuli", "Alat", "Alyat", "Kuryk", "Курык", "Tbilisi",
    "the Caspian", "Caspian Sea", "GYD", "(GYD)", "airport", "President", "Serik", "Zhumangarin", "Kazakh",
    "Kazakhstan's", "new", "deep-sea", "terminal", "railway", "province", "region", "said", "and", "the", "of",
    "in", ".", ",", ";", "—", "-", "«", "»", '"', "(", ")", "\n", "\n\n", "\t", "   ", " " * 30, "\n\n\n\n",
    "Port", "of", "Poti", "Anaklia", "Turkmenbashi", "Türkmenbaşy", "TITR", "INSTC", "Navoi", "Herat",
]  # fmt: skip


def both_ways(text: str, index, *, nested: bool):
    folded = fold_text(text)
    remembered = resolve_mentions(text, folded, index, scan_hits(folded, index), nested=nested)
    afresh = resolve_mentions(text, folded, index, scan_hits(folded, index), nested=nested, memo=False)
    return remembered, afresh


@pytest.mark.parametrize("folder", [GOLD_DIR, ARTICLES_DIR], ids=["regression", "articles"])
def test_remembered_decisions_match_fresh_ones_on_real_texts(index, folder):
    texts = sorted(folder.glob("*.txt"))
    assert len(texts) >= 5
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for nested in (False, True):
            remembered, afresh = both_ways(text, index, nested=nested)
            assert remembered == afresh, path.name


@pytest.mark.parametrize("seed", range(12))
def test_remembered_decisions_match_fresh_ones_on_repetitive_noise(index, seed):
    generator = random.Random(seed)
    phrase = [generator.choice(PIECES) for _ in range(generator.randint(3, 12))]
    words = []
    for _ in range(1500):  # a few phrases over and over, with noise: many repeated contexts, some broken
        words.extend(phrase if generator.random() < 0.7 else [generator.choice(PIECES)])
    text = " ".join(words)
    remembered, afresh = both_ways(text, index, nested=seed % 2 == 0)
    assert remembered == afresh
    assert remembered  # the noise names things
