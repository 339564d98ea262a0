"""Precision and recall of the mention finder on the hand-annotated gold set.

Run ``python -m bench.gold``. A found mention is correct when a gold mention of
the same entity overlaps it (``overlap``), or has exactly its span (``exact``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corridors.catalog import Catalog, load_catalog
from corridors.mentions import MentionIndex, build_mention_index, find_mentions

#: The gold set: texts and one JSON annotation file per text.
GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold"


@dataclass(frozen=True)
class GoldText:
    """One annotated text: ``mentions`` are ``(id, start, end)``."""

    name: str
    language: str
    text: str
    mentions: tuple[tuple[str, int, int], ...]


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
        texts.append(GoldText(path.stem, document["language"], text, mentions))
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


def main(argv: list[str] | None = None) -> int:
    """Print precision and recall per text and in total; with ``--errors`` list each error."""
    parser = argparse.ArgumentParser(prog="python -m bench.gold", description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list false positives and missed mentions")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    index = build_mention_index(catalog)
    texts = load_gold(catalog)
    overlap = score_gold(index, texts)
    exact = score_gold(index, texts, exact=True)
    print(f"{'text':24s} {'gold':>5s} {'found':>5s} {'P':>6s} {'R':>6s} {'P exact':>8s} {'R exact':>8s}")
    for name, score in overlap.items():
        strict = exact[name]
        print(
            f"{name:24s} {score.gold:5d} {score.found:5d} {score.precision:6.3f} {score.recall:6.3f} "
            f"{strict.precision:8.3f} {strict.recall:8.3f}"
        )
    if args.errors:
        print(*report_errors(index, texts), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
