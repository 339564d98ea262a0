"""Command line: ``python -m corridors validate`` and ``python -m corridors export``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from corridors.atlas import load_atlas
from corridors.errors import CatalogError
from corridors.export import to_csv_text, to_geojson_text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m corridors", description="Corridor Atlas catalog tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the catalog, user layers and the map; exit 1 on problems")
    validate.add_argument("--no-map", action="store_true", help="skip the checks against the basemap")
    export = commands.add_parser("export", help="write every entity as GeoJSON or CSV")
    export.add_argument("--format", choices=["geojson", "csv"], default="geojson")
    export.add_argument("--out", type=Path, help="output file (default: standard output)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return run_validate(check_map=not args.no_map)
    return run_export(args.format, args.out)


def run_validate(*, check_map: bool = True) -> int:
    """Print every problem on its own line; 0 when there are none."""
    try:
        atlas = load_atlas(os.environ)
    except CatalogError as error:
        _print_problems(error)
        return 1
    if check_map:
        from corridors.mapcheck import check_against_map
        from geo.basemap import load_countries

        problems = check_against_map(atlas.catalog, load_countries())
        if problems:
            _print_problems(CatalogError(problems))
            return 1
    catalog = atlas.catalog
    print(
        f"catalog valid: {len(catalog.corridors)} corridors, {len(catalog.places)} places, "
        f"{len(catalog.formats)} formats, {len(catalog.sources)} sources, "
        f"{len(atlas.layers)} user-layer features"
    )
    return 0


def run_export(fmt: str, out: Path | None) -> int:
    """Write the export to ``out`` or standard output."""
    try:
        atlas = load_atlas(os.environ)
    except CatalogError as error:
        _print_problems(error)
        return 1
    frame = atlas.entities()
    text = to_geojson_text(frame) if fmt == "geojson" else to_csv_text(frame)
    if out is None:
        sys.stdout.write(text)
    else:
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        print(f"wrote {len(frame)} entities to {out}", file=sys.stderr)
    return 0


def _print_problems(error: CatalogError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"{len(error.problems)} problem(s) found", file=sys.stderr)
