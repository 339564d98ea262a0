"""Scoring the mention finder against hand-annotated texts: precision and recall, by overlap or exact span.

A found mention is correct when a gold mention of the same entity overlaps it
(``overlap``), or has exactly its span (``exact``). ``python -m bench.gold`` prints the figures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corridors.catalog import Catalog
from corridors.text.mentions import MentionIndex, find_mentions

REPO = Path(__file__).resolve().parents[2]
#: The regression set: texts written for the finder, and one JSON annotation file per text.
GOLD_DIR = REPO / "tests" / "data" / "gold"
#: Real articles annotated before the finder was run on them, split once into ``dev`` and ``test`` halves.
ARTICLES_DIR = REPO / "tests" / "data" / "gold-articles"


@dataclass(frozen=True)
class GoldText:
    """One annotated text: ``mentions`` are ``(id, start, end)``."""

    name: str
    language: str
    text: str
    mentions: tuple[tuple[str, int, int], ...]
    split: str = "regression"
    outlet: str = ""


@dataclass(frozen=True)
class Score:
    """Counts of found, gold and correct mentions, with precision and recall."""

    found: int
    gold: int
    correct_found: int
    correct_gold: int

    @property
    def precision(self) -> float:
        return self.correct_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.found + other.found,
            self.gold + other.gold,
            self.correct_found + other.correct_found,
            self.correct_gold + other.correct_gold,
        )


def load_gold(catalog: Catalog, directory: Path = GOLD_DIR) -> list[GoldText]:
    """Every annotated text; a file naming ``source`` takes its text from the catalog."""
    texts = []
    for path in sorted(directory.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if "source" in document:
            text = catalog.texts[document["source"]]
        else:
            text = (directory / document["text"]).read_text(encoding="utf-8")
        for mention in document["mentions"]:
            written = text[mention["start"] : mention["end"]]
            if written != mention["text"]:
                raise ValueError(
                    f"{path.name}: {mention['start']}:{mention['end']} is {written!r}, not {mention['text']!r}"
                )
        mentions = tuple((m["id"], m["start"], m["end"]) for m in document["mentions"])
        texts.append(
            GoldText(
                path.stem,
                document["language"],
                text,
                mentions,
                split=document.get("split", "regression"),
                outlet=document.get("outlet", ""),
            )
        )
    return texts


def score_mentions(
    found: Iterable[tuple[str, int, int]], gold: Iterable[tuple[str, int, int]], *, exact: bool = False
) -> Score:
    """Compare found with gold ``(id, start, end)`` triples by entity and overlapping (or equal) span."""
    found, gold = list(found), list(gold)

    def same(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
        if a[0] != b[0]:
            return False
        return (a[1], a[2]) == (b[1], b[2]) if exact else a[1] < b[2] and b[1] < a[2]

    correct_found = sum(1 for f in found if any(same(f, g) for g in gold))
    correct_gold = sum(1 for g in gold if any(same(f, g) for f in found))
    return Score(len(found), len(gold), correct_found, correct_gold)


def score_gold(index: MentionIndex, texts: list[GoldText], *, exact: bool = False) -> dict[str, Score]:
    """Scores per text, plus ``"all"``, ``"en"`` and ``"ru"`` totals."""
    scores: dict[str, Score] = {}
    totals: dict[str, Score] = {}
    for gold in texts:
        found = [(m.id, m.start, m.end) for m in find_mentions(gold.text, index)]
        score = score_mentions(found, gold.mentions, exact=exact)
        scores[gold.name] = score
        for key in ("all", gold.language):
            totals[key] = totals[key] + score if key in totals else score
    return {**scores, **totals}


def score_by_entity(index: MentionIndex, texts: list[GoldText]) -> dict[str, Score]:
    """Scores of each entity over all ``texts`` (by overlap)."""
    scores: dict[str, Score] = {}
    for gold in texts:
        found = [(m.id, m.start, m.end) for m in find_mentions(gold.text, index)]
        for entity in {m[0] for m in found} | {m[0] for m in gold.mentions}:
            score = score_mentions([f for f in found if f[0] == entity], [g for g in gold.mentions if g[0] == entity])
            scores[entity] = scores[entity] + score if entity in scores else score
    return scores


def report_errors(index: MentionIndex, texts: list[GoldText]) -> list[str]:
    """Lines describing each false positive and each missed gold mention."""
    lines = []
    for gold in texts:
        found = [(m.id, m.start, m.end) for m in find_mentions(gold.text, index)]
        for f in found:
            if score_mentions([f], gold.mentions).correct_found == 0:
                lines.append(f"{gold.name}: extra   {f[0]} {gold.text[f[1] : f[2]]!r} at {f[1]}")
        for g in gold.mentions:
            if score_mentions(found, [g]).correct_gold == 0:
                lines.append(f"{gold.name}: missed  {g[0]} {gold.text[g[1] : g[2]]!r} at {g[1]}")
    return lines
