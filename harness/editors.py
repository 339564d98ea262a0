"""Simulated editors of a catalog in PostGIS: one server process with several threads saving review decisions.

``python -m harness.editors URL SERVER EDITORS (--saves N | --seconds S)`` prints a JSON object with the names saved
and the errors met. Tests and benchmarks start two of these to stand for two app servers.
"""

from __future__ import annotations

import argparse
import json
import threading
import time

from corridors.storage import PostgisStore, remove_checkout
from corridors.text.review import ReviewItem, reject


def edit(
    url: str, name: str, *, saves: int | None, deadline: float | None, saved: list[str], failed: list[str]
) -> None:
    """One editor: save a rejection of a name of its own, over and over, each a write of its own."""
    store = PostgisStore(url)
    number = 0
    try:
        while (saves is None or number < saves) and (deadline is None or time.monotonic() < deadline):
            label = f"{name} save {number}"
            with store.writing() as folder:
                reject(folder, ReviewItem(label.lower(), label, "place", (label,), ((0, len(label)),)))
            saved.append(label)
            number += 1
    except Exception as error:  # reported in the output
        failed.append(f"{name}: {error!r}")
    finally:
        remove_checkout(store)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.editors", description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("server")
    parser.add_argument("editors", type=int)
    parser.add_argument("--saves", type=int)
    parser.add_argument("--seconds", type=float)
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.seconds if args.seconds else None
    saved: list[str] = []
    failed: list[str] = []
    threads = [
        threading.Thread(
            target=edit,
            args=(args.url, f"{args.server}-editor{n}"),
            kwargs={"saves": args.saves, "deadline": deadline, "saved": saved, "failed": failed},
        )
        for n in range(args.editors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"saved": saved, "failed": failed}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
