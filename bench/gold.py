"""Precision and recall of the mention finder: on the regression set, and on real articles (dev or test half).

Run ``python -m bench.gold`` (the regression set) or ``python -m bench.gold --set articles --split test``
(the half kept for reporting). Scores by overlap and by exact span, per text, per language and by entity.
"""

from __future__ import annotations

import argparse

from corridors.catalog import load_catalog
from corridors.text.evaluation import (
    ARTICLES_DIR,
    GOLD_DIR,
    load_gold,
    report_errors,
    score_by_entity,
    score_gold,
)
from corridors.text.mentions import build_mention_index


def main(argv: list[str] | None = None) -> int:
    """Print precision and recall per text and in total; with ``--errors`` list each error."""
    parser = argparse.ArgumentParser(prog="python -m bench.gold", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("regression", "articles"), default="regression", help="which gold set")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all", help="articles: which half")
    parser.add_argument("--by-entity", action="store_true", help="also print the score of each entity")
    parser.add_argument("--errors", action="store_true", help="list false positives and missed mentions")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    index = build_mention_index(catalog)
    texts = load_gold(catalog, ARTICLES_DIR if args.set == "articles" else GOLD_DIR)
    if args.split != "all":
        texts = [text for text in texts if text.split == args.split]
    overlap = score_gold(index, texts)
    exact = score_gold(index, texts, exact=True)
    print(f"{'text':32s} {'gold':>5s} {'found':>5s} {'P':>6s} {'R':>6s} {'P exact':>8s} {'R exact':>8s}")
    for name, score in overlap.items():
        strict = exact[name]
        print(
            f"{name:32s} {score.gold:5d} {score.found:5d} {score.precision:6.3f} {score.recall:6.3f} "
            f"{strict.precision:8.3f} {strict.recall:8.3f}"
        )
    if args.by_entity:
        print(f"\n{'entity':40s} {'gold':>5s} {'found':>5s} {'P':>6s} {'R':>6s}")
        for entity, score in sorted(score_by_entity(index, texts).items()):
            print(f"{entity:40s} {score.gold:5d} {score.found:5d} {score.precision:6.3f} {score.recall:6.3f}")
    if args.errors:
        print(*report_errors(index, texts), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
