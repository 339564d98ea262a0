"""The catalog in PostGIS against the catalog in files: start-up time, and concurrent editors on two servers.

Run ``python -m bench.storage`` (``--runs``, ``--editors``, ``--seconds``). It starts a throwaway PostgreSQL with
PostGIS (Debian's packages), imports the shipped catalog, then

1. times a fresh process loading the catalog (what an app server does when it starts: ``load_atlas()``), from
   the files and from the database, ``--runs`` times each, in turns, and prints the ratio of the medians;
2. runs ``--editors`` simulated editors, split over two server processes, each saving a review decision over and
   over for ``--seconds``, then checks that every save is in the catalog (no lost update) and that it is valid.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corridors.catalog import DEFAULT_CATALOG_DIR, load_catalog
from corridors.storage import PostgisStore, import_catalog, init_database, remove_checkout
from harness.postgres import TemporaryPostgres

REPO = Path(__file__).resolve().parents[1]
_LOAD = "import time; t = time.perf_counter(); from corridors.atlas import load_atlas; load_atlas(); print(time.perf_counter() - t)"


def startup_seconds(env: dict[str, str]) -> float:
    """Seconds a fresh Python process takes to import the loader and load the catalog and layers."""
    result = subprocess.run(
        [sys.executable, "-c", _LOAD], cwd=REPO, env=env, capture_output=True, text=True, check=True, timeout=300
    )
    return float(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.storage", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--editors", type=int, default=20, help="simulated editors over two servers (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)

    server = TemporaryPostgres().start()
    try:
        init_database(server.url)
        import_catalog(server.url, DEFAULT_CATALOG_DIR)
        base = {k: v for k, v in os.environ.items() if not k.startswith("CORRIDOR_ATLAS_")}
        files, database = [], []
        for _ in range(args.runs):
            files.append(startup_seconds(base))
            database.append(startup_seconds({**base, "CORRIDOR_ATLAS_DATABASE_URL": server.url}))
        file_median, database_median = statistics.median(files), statistics.median(database)
        print(
            f"start-up, catalog from files:    median {file_median:.2f} s of {args.runs} ({', '.join(f'{s:.2f}' for s in files)})"
        )
        print(
            f"start-up, catalog from PostGIS:  median {database_median:.2f} s ({', '.join(f'{s:.2f}' for s in database)})"
        )
        print(f"ratio PostGIS / files: {database_median / file_median:.2f} (target at most 1.2)")

        split = [args.editors // 2, args.editors - args.editors // 2]
        started = time.monotonic()
        command = [sys.executable, "-m", "harness.editors", server.url]
        processes = [
            subprocess.Popen(
                [*command, f"server{n}", str(split[n]), "--seconds", str(args.seconds)],
                cwd=REPO,
                stdout=subprocess.PIPE,
            )
            for n in range(2)
        ]
        results = [json.loads(process.communicate(timeout=args.seconds + 600)[0]) for process in processes]
        elapsed = time.monotonic() - started
        saved = [label for result in results for label in result["saved"]]
        failed = [error for result in results for error in result["failed"]]
        reader = PostgisStore(server.url)
        catalog = load_catalog(reader.checkout())
        stored = {decision.name for decision in catalog.review.values()}
        lost = [label for label in saved if label not in stored]
        remove_checkout(reader)
        print(
            f"{args.editors} editors on 2 servers for {args.seconds:.0f} s: {len(saved)} saves "
            f"({len(saved) / elapsed:.1f}/s), {len(lost)} lost, {len(failed)} failed, catalog valid: yes"
        )
        for error in failed[:5]:
            print(f"  {error}")
        return 0 if not lost and not failed else 1
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
