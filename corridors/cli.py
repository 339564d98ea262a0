"""Command line: ``python -m corridors validate|export|mentions|add-source``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from corridors.catalog import catalog_dir_from_env
from corridors.errors import CatalogError
from corridors.text.parseworker import read_file_bounded
from corridors.text.sourcefile import SourceFileError

#: Languages ``add-source`` accepts.
SOURCE_LANGUAGES = ("en", "ru")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m corridors", description="Corridor Atlas catalog tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the catalog, user layers and the map; exit 1 on problems")
    validate.add_argument("--no-map", action="store_true", help="skip the checks against the basemap")
    export = commands.add_parser("export", help="write every entity as GeoJSON or CSV")
    export.add_argument("--format", choices=["geojson", "csv"], default="geojson")
    export.add_argument("--out", type=Path, help="output file (default: standard output)")
    export.add_argument(
        "--as-of", type=_iso_date, metavar="YYYY-MM-DD", help="give each entity's status on this date from its history"
    )
    mentions = commands.add_parser(
        "mentions",
        help="print every mention of a catalog entity in a text file (.txt, .md, .html, .pdf)",
        description="Offsets are Python str indices into the file's text (for HTML and PDF: the extracted text).",
    )
    mentions.add_argument("file", metavar="FILE")
    mentions.add_argument("--format", choices=["json", "csv"], default="json")
    mentions.add_argument("--nested", action="store_true", help="also print places inside longer mentions")
    mentions.add_argument("--encoding", help="the file's encoding if it is not UTF-8 (e.g. cp1251)")
    mentions.add_argument(
        "--gazetteer",
        action="store_true",
        help="also print places the catalog lacks, located offline in GeoNames (ids 'gazetteer:N', unreviewed)",
    )
    add = commands.add_parser(
        "add-source",
        help="store a text as a catalog source and quote it for every entity it mentions",
        description="Writes to the catalog named by CORRIDOR_ATLAS_CATALOG (or the shipped one), all or nothing.",
    )
    add.add_argument("file", metavar="FILE")
    add.add_argument("--title", required=True)
    add.add_argument("--url", required=True)
    add.add_argument("--date", required=True, help="publication date: YYYY, YYYY-MM, YYYY-MM-DD or 'c. YYYY'")
    add.add_argument("--lang", required=True, choices=SOURCE_LANGUAGES)
    add.add_argument("--outlet", help="the publisher (default: the URL's host name)")
    add.add_argument("--author")
    add.add_argument("--interviewee")
    add.add_argument("--notes")
    add.add_argument("--encoding", help="the file's encoding if it is not UTF-8 (e.g. cp1251)")
    database = commands.add_parser(
        "db",
        help="move the catalog between its files and a PostGIS database (CORRIDOR_ATLAS_DATABASE_URL)",
        description="The database is named by CORRIDOR_ATLAS_DATABASE_URL (postgresql://user:password@host/db).",
    )
    actions = database.add_subparsers(dest="action", required=True)
    actions.add_parser("init", help="create the tables (and the PostGIS extension) if missing")
    load = actions.add_parser("import", help="replace the database's catalog with a folder's, all or nothing")
    load.add_argument(
        "dir", nargs="?", type=Path, help="the catalog folder (default: CORRIDOR_ATLAS_CATALOG or the shipped one)"
    )
    load.add_argument("--if-empty", action="store_true", help="import only into a database that holds no catalog")
    dump = actions.add_parser("export", help="write the database's catalog into a new or empty folder")
    dump.add_argument("dir", type=Path)
    layer = actions.add_parser(
        "import-layer",
        help="check a layer file (GeoJSON or GeoPackage) as a user layer and store it, replacing one of its name",
    )
    layer.add_argument("file", type=Path)
    layer.add_argument("--name", help="the layer's name (default: the file's name without its suffix)")
    layer.add_argument(
        "--prepare-zoom",
        type=int,
        default=None,
        metavar="Z",
        help="make the layer's tiles up to zoom Z now, so the map opens at once (default 6; -1: none)",
    )
    actions.add_parser("layers", help="list the layers in the database")
    drop = actions.add_parser("drop-layer", help="remove a layer from the database")
    drop.add_argument("name")
    args = parser.parse_args(argv)
    if args.command == "db" and args.action in ("import-layer", "layers", "drop-layer"):
        return run_db_layers(args)
    if args.command == "db":
        return run_db(args.action, getattr(args, "dir", None), if_empty=getattr(args, "if_empty", False))
    if args.command == "validate":
        return run_validate(check_map=not args.no_map)
    if args.command == "mentions":
        return run_mentions(
            args.file, args.format, nested=args.nested, encoding=args.encoding, gazetteer=args.gazetteer
        )
    if args.command == "add-source":
        return run_add_source(args)
    return run_export(args.format, args.out, as_of=args.as_of)


def run_validate(*, check_map: bool = True) -> int:
    """Print every problem on its own line; 0 when there are none."""
    from corridors.atlas import load_atlas

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
    from corridors.coverage import coverage_lines

    for line in coverage_lines(catalog):
        print(line)
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def run_export(fmt: str, out: Path | None, *, as_of: dt.date | None = None) -> int:
    """Write the export to ``out`` or standard output."""
    from corridors.atlas import load_atlas
    from corridors.export import to_csv_text, to_geojson_text

    try:
        atlas = load_atlas(os.environ)
    except CatalogError as error:
        _print_problems(error)
        return 1
    frame = atlas.entities()
    if as_of is not None:
        from corridors.history import frame_as_of

        frame = frame_as_of(frame, atlas.catalog, as_of)
    text = to_geojson_text(frame) if fmt == "geojson" else to_csv_text(frame)
    if out is None:
        sys.stdout.write(text)
    else:
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        print(f"wrote {len(frame)} entities to {out}", file=sys.stderr)
    return 0


def run_mentions(
    file: str, fmt: str, *, nested: bool = False, encoding: str | None = None, gazetteer: bool = False
) -> int:
    """Print the mentions in ``file`` as JSON ``{"source", "mentions"}`` or as CSV rows.

    With ``gazetteer``, places the catalog lacks follow as mentions with ids ``gazetteer:<GeoNames id>`` and
    ``lat``, ``lon`` and ``precision`` fields (auto-located, unreviewed); names rejected in review are left out.
    """
    from corridors.atlas import load_atlas
    from corridors.text.mentions import build_mention_index, find_mentions

    try:
        text = read_file_bounded(file, encoding=encoding)
        atlas = load_atlas(os.environ)
    except SourceFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except CatalogError as error:
        _print_problems(error)
        return 1
    index = build_mention_index(atlas.catalog, atlas.layers)
    mentions = find_mentions(text, index, nested=nested)
    rows = [mention.as_dict() for mention in mentions]
    fields = ["id", "start", "end", "text"]
    if gazetteer:
        try:
            located = _gazetteer_rows(text, mentions, atlas)
        except RuntimeError as error:  # the offline index could not be built
            print(f"error: {error}", file=sys.stderr)
            return 1
        rows = sorted([*rows, *located], key=lambda row: (row["start"], row["end"]))
        fields += ["lat", "lon", "precision"]
    if fmt == "json":
        json.dump({"source": file, "mentions": rows}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return 0


def _gazetteer_rows(text: str, mentions: list, atlas) -> list[dict]:
    """The places ``text`` names that the catalog lacks, one row per span, as the gazetteer located them."""
    from corridors.text.candidates import unknown_candidates
    from corridors.text.gazetteer import locate_places
    from corridors.text.review import not_rejected

    countries = dict(zip(atlas.entities()["id"], atlas.entities()["countries"], strict=True))
    about = {c for m in mentions for c in (countries.get(m.id) or [])}
    places = locate_places(text, mentions, unknown_candidates(text, mentions), text_countries=about)
    places = not_rejected(places, atlas.catalog.review.values())
    return [
        {
            "id": place.entity_id,
            "start": start,
            "end": end,
            "text": text[start:end],
            "lat": place.lat,
            "lon": place.lon,
            "precision": "approximate",
        }
        for place in places
        for start, end in place.spans
    ]


def run_add_source(args: argparse.Namespace) -> int:
    """Add ``args.file`` to the catalog; print its id and the quotes taken, or why nothing was added."""
    from corridors.storage import CatalogConflictError, is_database_error, writing_catalog
    from corridors.text.addsource import DuplicateSourceError, add_source

    catalog_dir = catalog_dir_from_env(os.environ)
    try:
        text = read_file_bounded(args.file, encoding=args.encoding)
        with writing_catalog(os.environ) as catalog_dir:
            added = add_source(
                catalog_dir,
                text,
                title=args.title,
                url=args.url,
                published=args.date,
                language=args.lang,
                outlet=args.outlet,
                author=args.author,
                interviewee=args.interviewee,
                notes=args.notes,
            )
    except (SourceFileError, DuplicateSourceError, CatalogConflictError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except CatalogError as error:
        _print_problems(error)
        return 1
    except OSError as error:
        print(f"error: cannot write the catalog in {catalog_dir}: {error.strerror or error}", file=sys.stderr)
        return 1
    except Exception as error:
        if not is_database_error(error):
            raise
        print(f"error: the catalog's database: {str(error).strip()}", file=sys.stderr)
        return 1
    count = sum(len(quotes) for quotes in added.quotes.values())
    print(f"added source {added.source.id} ({added.source.file}): {count} quotes for {len(added.quotes)} entities")
    for entity_id, quotes in added.quotes.items():
        print(f"  {entity_id}: {len(quotes)}")
    return 0


def _database_url() -> str | None:
    from corridors import storage

    url = os.environ.get(storage.ENV_DATABASE_URL, "").strip()
    if not url:
        print(
            f"error: set {storage.ENV_DATABASE_URL} to the database (postgresql://user:password@host/db)",
            file=sys.stderr,
        )
    return url or None


def _database_refused(error: Exception, url: str) -> int:
    """Say the database refused or is unreachable, without a traceback (other errors propagate)."""
    from corridors.storage import is_database_error, url_without_password

    if not is_database_error(error):
        raise error
    print(f"error: database {url_without_password(url)}: {str(error).strip()}", file=sys.stderr)
    return 1


def run_db_layers(args) -> int:
    """``db import-layer FILE``, ``db layers`` and ``db drop-layer NAME``."""
    from corridors import layerstore
    from corridors.catalog import load_catalog
    from corridors.storage import open_store

    url = _database_url()
    if url is None:
        return 1
    try:
        if args.action == "layers":
            import psycopg

            with psycopg.connect(url) as connection:
                layerstore.init_layer_tables(connection)
                layers = layerstore.stored_layers(connection)
            for stored in layers:
                bounds = ", ".join(f"{v:.3f}" for v in stored.bounds)
                print(
                    f"{stored.name}\tversion {stored.version}\t{stored.features} features\t"
                    f"{stored.vertices} vertices\t[{bounds}]\tfrom {stored.source}"
                )
            if not layers:
                print("no layers in the database")
        elif args.action == "drop-layer":
            if not layerstore.drop_layer(url, args.name):
                print(f"error: no layer named {args.name!r} in the database", file=sys.stderr)
                return 1
            print(f"removed layer {args.name}")
        else:
            catalog = load_catalog(open_store(os.environ).checkout())
            stored = layerstore.import_layer(url, args.file, catalog, name=args.name)
            print(f"imported {args.file} as layer {stored.name} (version {stored.version}): {stored.features} features")
            zoom = layerstore.PREPARED_MAX_ZOOM if args.prepare_zoom is None else args.prepare_zoom
            if zoom >= 0:
                made = layerstore.prepare_tiles(url, stored, min(zoom, layerstore.MAX_TILE_ZOOM))
                print(f"made {made} tiles up to zoom {zoom}")
    except CatalogError as error:
        _print_problems(error)
        return 1
    except Exception as error:
        return _database_refused(error, url)
    return 0


def run_db(action: str, directory: Path | None, *, if_empty: bool = False) -> int:
    """``db init``, ``db import [DIR]`` or ``db export DIR`` against the database the environment names."""
    from corridors import storage

    url = _database_url()
    if url is None:
        return 1
    shown = storage.url_without_password(url)
    try:
        if action == "init":
            storage.init_database(url)
            print(f"database ready: {shown}")
        elif action == "import":
            source = directory or catalog_dir_from_env(os.environ)
            if if_empty and storage.database_holds_catalog(url):
                print(f"kept the catalog already in {shown} (--if-empty)")
                return 0
            catalog = storage.import_catalog(url, source)
            print(
                f"imported {source}: {len(catalog.corridors)} corridors, {len(catalog.places)} places, "
                f"{len(catalog.sources)} sources into {shown}"
            )
        else:
            catalog = storage.export_catalog(url, directory)
            print(
                f"exported to {directory}: {len(catalog.corridors)} corridors, {len(catalog.places)} places, "
                f"{len(catalog.sources)} sources"
            )
    except CatalogError as error:
        _print_problems(error)
        return 1
    except Exception as error:  # the database refused or is unreachable: say so without a traceback
        return _database_refused(error, url)
    return 0


def _print_problems(error: CatalogError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"{len(error.problems)} problem(s) found", file=sys.stderr)
