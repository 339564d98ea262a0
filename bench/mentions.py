"""Speed of the mention finder on a large text, against a naive one-regex-per-name baseline.

Run ``python -m bench.mentions`` (``--mb`` sets the text size, ``--baseline-mb``
the part of it the slow baseline reads). Both finders fold the text and apply
the same rules; they differ only in how they find the names: one pass of the
Aho–Corasick automaton, or one compiled regular expression per written form,
each run over the whole text. Their mentions are checked to be identical.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Iterator

from corridors.catalog import load_catalog
from corridors.text.mentions import Mention, MentionIndex, build_mention_index, find_mentions, resolve_mentions
from corridors.text.normalize import FoldedText, fold_text

#: The source text repeated to make the large text.
SOURCE_ID = "velizade-cabar-2019"


def compile_baseline(index: MentionIndex) -> list[re.Pattern[str]]:
    """One regular expression per folded written form, in key order."""
    return [re.compile(re.escape(key)) for key in index.keys]


def naive_hits(folded: FoldedText, patterns: list[re.Pattern[str]]) -> Iterator[tuple[int, int]]:
    """``(end index, key number)`` of every match, one scan of the text per pattern."""
    for number, pattern in enumerate(patterns):
        for match in pattern.finditer(folded.text):
            yield match.end() - 1, number


def find_mentions_naive(
    text: str, index: MentionIndex, patterns: list[re.Pattern[str]] | None = None, *, nested: bool = False
) -> list[Mention]:
    """The baseline finder: the same rules as :func:`find_mentions`, names found by one regex each."""
    folded = fold_text(text)
    hits = list(naive_hits(folded, patterns or compile_baseline(index)))
    return resolve_mentions(text, folded, index, hits, nested=nested)


def repeat_to_size(text: str, megabytes: float) -> str:
    """``text`` repeated (paragraph-separated) until it is ``megabytes`` of UTF-8."""
    unit = text.rstrip() + "\n\n"
    target = int(megabytes * 1_000_000)
    copies = max(1, -(-target // len(unit.encode("utf-8"))))
    return unit * copies


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Time both finders, check that they agree and print MB/s and the ratio."""
    parser = argparse.ArgumentParser(prog="python -m bench.mentions", description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the large text in MB (default 10)")
    parser.add_argument("--baseline-mb", type=float, help="size the baseline reads (default: the whole text)")
    args = parser.parse_args(argv)

    catalog = load_catalog()
    index, build_seconds = _timed(build_mention_index, catalog)
    text = repeat_to_size(catalog.texts[SOURCE_ID], args.mb)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    print(f"index: {len(index.keys)} written forms of {len(index.kinds)} entities, built in {build_seconds:.2f} s")
    print(f"text: {SOURCE_ID} repeated to {size_mb:.1f} MB ({len(text):,} characters)")

    fast, fast_seconds = _timed(find_mentions, text, index)
    print(f"automaton: {len(fast):,} mentions in {fast_seconds:.2f} s = {size_mb / fast_seconds:.1f} MB/s")

    sample = text if args.baseline_mb is None else repeat_to_size(catalog.texts[SOURCE_ID], args.baseline_mb)
    sample_mb = len(sample.encode("utf-8")) / 1_000_000
    patterns = compile_baseline(index)
    naive, naive_seconds = _timed(find_mentions_naive, sample, index, patterns)
    print(f"baseline:  {len(naive):,} mentions in {naive_seconds:.2f} s = {sample_mb / naive_seconds:.1f} MB/s")

    same = naive == (fast if sample is text else find_mentions(sample, index))
    print(f"same mentions: {'yes' if same else 'NO'}")
    print(f"speed-up: {(size_mb / fast_seconds) / (sample_mb / naive_seconds):.1f}x")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
