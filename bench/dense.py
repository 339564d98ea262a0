"""Speed of the finder and of quote building on dense input: a text that is one name over and over.

Run ``python -m bench.dense`` (``--mb`` sets the size, default 10 MB; ``--name`` the repeated phrase). It times
:func:`corridors.text.mentions.find_mentions`, which judges each distinct context once, against the same rules
judging every hit afresh (``resolve_mentions(..., memo=False)``, the baseline, on ``--baseline-mb`` of the same
text), checks that both find the same mentions there, and times quote building at three sizes to show it is
linear (microseconds per mention should stay flat), all quotes and with the text reader's per-entity limit.
"""

from __future__ import annotations

import argparse
import gc
import time

from corridors.catalog import load_catalog
from corridors.text.mentions import build_mention_index, find_mentions, resolve_mentions, scan_hits
from corridors.text.normalize import fold_text
from corridors.text.quotes import quotes_by_entity
from ui.text_reader import QUOTES_PER_ENTITY


def _timed(function, *args, **kwargs):
    gc.collect()
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def _fresh(text: str, index) -> list:
    folded = fold_text(text)
    return resolve_mentions(text, folded, index, scan_hits(folded, index), memo=False)


def main(argv: list[str] | None = None) -> int:
    """Print seconds, MB/s and mentions per second for the finder and the baseline, and quote-building rates."""
    parser = argparse.ArgumentParser(prog="python -m bench.dense", description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the dense text in MB (default 10)")
    parser.add_argument("--baseline-mb", type=float, default=1.0, help="size the baseline reads (default 1)")
    parser.add_argument("--name", default="Aktau", help="the repeated phrase (default: Aktau)")
    args = parser.parse_args(argv)

    index = build_mention_index(load_catalog())
    unit = args.name + " "
    text = unit * -(-int(args.mb * 1_000_000) // len(unit.encode("utf-8")))
    size_mb = len(text.encode("utf-8")) / 1_000_000
    found, seconds = _timed(find_mentions, text, index)
    print(f"text: {args.name!r} repeated to {size_mb:.1f} MB, {len(found):,} mentions")
    print(f"finder:   {seconds:.2f} s = {size_mb / seconds:.1f} MB/s, {len(found) / seconds / 1e6:.2f} M mentions/s")
    del found

    sample = text[: int(len(text) * min(1.0, args.baseline_mb / size_mb))]
    sample_mb = len(sample.encode("utf-8")) / 1_000_000
    fresh, fresh_seconds = _timed(_fresh, sample, index)
    remembered, remembered_seconds = _timed(find_mentions, sample, index)
    same = fresh == remembered
    print(
        f"baseline: {fresh_seconds:.2f} s for {sample_mb:.1f} MB = {sample_mb / fresh_seconds:.1f} MB/s "
        f"(judging every hit afresh); finder on the same {sample_mb:.1f} MB: {remembered_seconds:.2f} s"
    )
    print(f"same mentions: {'yes' if same else 'NO'}; speed-up {fresh_seconds / remembered_seconds:.1f}x")

    print("quotes (microseconds per mention; flat = linear):")
    for fraction in (0.01, 0.1, 1.0):
        part = text[: int(len(text) * fraction * min(1.0, 1.0 / size_mb))]  # up to 1 MB: a quote per mention
        mentions = find_mentions(part, index)
        _, every = _timed(quotes_by_entity, part, mentions, "bench-dense")
        _, limited = _timed(quotes_by_entity, part, mentions, "bench-dense", per_entity=QUOTES_PER_ENTITY)
        print(
            f"  {len(mentions):>9,} mentions: all quotes {every:.2f} s ({every / len(mentions) * 1e6:.1f} us), "
            f"first {QUOTES_PER_ENTITY} per entity {limited:.3f} s ({limited / len(mentions) * 1e6:.2f} us)"
        )
    mentions = find_mentions(text, index)
    _, limited = _timed(quotes_by_entity, text, mentions, "bench-dense", per_entity=QUOTES_PER_ENTITY)
    print(f"  {len(mentions):>9,} mentions ({size_mb:.0f} MB): first {QUOTES_PER_ENTITY} per entity {limited:.2f} s")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
