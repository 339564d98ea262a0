"""Where the catalog lives: its folder of files (the default), or a PostGIS database shared by several servers.

Both backends hand out the catalog as a folder of files, so one loader, one validator (schema, verbatim quotes,
map checks) and one set of writers serve both:

- :class:`FileStore` is the catalog folder itself (``CORRIDOR_ATLAS_CATALOG`` or the shipped one); a write holds
  the folder's lock (:mod:`corridors.writelock`).
- :class:`PostgisStore` (``CORRIDOR_ATLAS_DATABASE_URL=postgresql://…``) keeps every catalog file as a row
  (path, bytes, version) and the catalog's points and lines in spatial tables. Each server process keeps a private
  checkout folder in step with the database. A write is one transaction: it locks the catalog's version row (so
  writers on every server take turns), brings the checkout up to date, lets the writer change the files there
  (validated as a whole catalog before anything is kept), then stores the changed files, each guarded by the
  version it had when read: a row changed by anyone else meanwhile aborts the write with
  :class:`CatalogConflictError`, never a lost update. Other servers notice a new version on their next rerun.

``python -m corridors db init|import|export`` moves a catalog between the two (see :mod:`corridors.cli`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from corridors.catalog import Catalog, catalog_dir_from_env, load_catalog
from corridors.errors import CatalogError, Problem

#: Selects the PostGIS backend: a libpq connection URL (``postgresql://user:password@host:5432/db``).
ENV_DATABASE_URL = "CORRIDOR_ATLAS_DATABASE_URL"

SCHEMA_SQL = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS catalog_meta (
    id integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO catalog_meta (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS catalog_files (
    path text PRIMARY KEY,
    content bytea NOT NULL,
    sha256 text NOT NULL,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS catalog_places (
    id text PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,
    geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX IF NOT EXISTS catalog_places_geom ON catalog_places USING gist (geom);
CREATE TABLE IF NOT EXISTS catalog_legs (
    corridor text NOT NULL,
    leg integer NOT NULL,
    mode text NOT NULL,
    status text,
    geom geometry(Geometry, 4326) NOT NULL,
    PRIMARY KEY (corridor, leg)
);
CREATE INDEX IF NOT EXISTS catalog_legs_geom ON catalog_legs USING gist (geom);
"""


class CatalogConflictError(RuntimeError):
    """A catalog file changed in the database since this server read it; nothing was written."""


class CatalogStore(Protocol):
    """What the app and the command line need of a catalog's home."""

    def checkout(self) -> Path:
        """A folder holding the current catalog files."""

    def writing(self) -> Iterator[Path]:
        """A context: the folder to write the catalog in, kept only if the block ends without an error."""

    def version(self) -> str:
        """A token that changes whenever the catalog does (cheap to ask)."""


class FileStore:
    """The catalog folder itself."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def checkout(self) -> Path:
        return self.directory

    @contextmanager
    def writing(self) -> Iterator[Path]:
        # the writers take the folder's lock themselves; this only names the folder
        yield self.directory

    def version(self) -> str:
        stamps = [path.stat().st_mtime_ns for path in self.directory.glob("*.yaml")]
        return str(max(stamps, default=0))


class PostgisStore:
    """The catalog in PostGIS, checked out into a private folder of this process."""

    def __init__(self, url: str, checkout_dir: Path | str | None = None):
        self.url = url
        self.directory = Path(checkout_dir or tempfile.mkdtemp(prefix="corridor-atlas-catalog-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        self._file_versions: dict[str, int] = {}
        self._version: int | None = None
        self._lock = threading.RLock()

    def connect(self):
        import psycopg

        return psycopg.connect(self.url)

    def version(self) -> str:
        with self.connect() as connection:
            return str(_meta_version(connection))

    def checkout(self) -> Path:
        with self._lock, self.connect() as connection:
            if _meta_version(connection) != self._version:
                self._sync(connection)
            return self.directory

    @contextmanager
    def writing(self) -> Iterator[Path]:
        with self._lock, self.connect() as connection:
            try:
                with connection.transaction():
                    connection.execute("SELECT version FROM catalog_meta WHERE id = 1 FOR UPDATE")
                    self._sync(connection)
                    before = folder_files(self.directory)
                    yield self.directory
                    after = folder_files(self.directory)
                    changed = {path: data for path, data in after.items() if before.get(path) != data}
                    removed = sorted(set(before) - set(after))
                    if changed or removed:
                        self._store(connection, changed, removed)
                        refresh_spatial_tables(connection, load_catalog(self.directory))
            except BaseException:
                self._version = None  # the checkout may hold what was not kept: read it afresh next time
                self._sync_after_failure()
                raise
            self._version = _meta_version(connection)

    def _store(self, connection, changed: dict[str, bytes], removed: list[str]) -> None:
        """Write the changed files, each only if its row still has the version this server read."""
        for path, data in changed.items():
            digest = hashlib.sha256(data).hexdigest()
            read = self._file_versions.get(path)
            if read is None:
                cursor = connection.execute(
                    "INSERT INTO catalog_files (path, content, sha256, version) VALUES (%s, %s, %s, 1) "
                    "ON CONFLICT (path) DO NOTHING",
                    (path, data, digest),
                )
            else:
                cursor = connection.execute(
                    "UPDATE catalog_files SET content = %s, sha256 = %s, version = version + 1, updated_at = now() "
                    "WHERE path = %s AND version = %s",
                    (data, digest, path, read),
                )
            if cursor.rowcount != 1:
                raise CatalogConflictError(
                    f"{path} was changed by someone else since you loaded it; nothing was saved: reload and try again"
                )
            self._file_versions[path] = 1 if read is None else read + 1
        for path in removed:
            connection.execute("DELETE FROM catalog_files WHERE path = %s", (path,))
            self._file_versions.pop(path, None)
        connection.execute("UPDATE catalog_meta SET version = version + 1, updated_at = now() WHERE id = 1")

    def _sync(self, connection) -> None:
        """Bring the checkout folder to the database's files (only those that changed are fetched)."""
        rows = connection.execute("SELECT path, version FROM catalog_files").fetchall()
        wanted = dict(rows)
        stale = [path for path, version in wanted.items() if self._file_versions.get(path) != version]
        if stale:
            fetched = connection.execute(
                "SELECT path, content, version FROM catalog_files WHERE path = ANY(%s)", (stale,)
            ).fetchall()
            for path, content, version in fetched:
                _write_atomically(self.directory / _safe_relative(path), bytes(content))
                self._file_versions[path] = version
        for path in set(folder_paths(self.directory)) - set(wanted):
            (self.directory / path).unlink(missing_ok=True)
            self._file_versions.pop(path, None)
        self._version = _meta_version(connection)

    def _sync_after_failure(self) -> None:
        self._file_versions.clear()
        try:
            with self.connect() as connection:
                self._sync(connection)
        except Exception:  # the database is unreachable: the next checkout tries again
            self._version = None


def folder_paths(directory: Path) -> list[str]:
    """Relative paths of every file of a catalog folder, less hidden ones (the lock file, staging folders)."""
    paths = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            paths.append(relative.as_posix())
    return paths


def folder_files(directory: Path) -> dict[str, bytes]:
    """Every file of a catalog folder by relative path (see :func:`folder_paths`) with its bytes."""
    return {path: (directory / path).read_bytes() for path in folder_paths(directory)}


def catalog_files(catalog: Catalog) -> dict[str, bytes]:
    """The files that make up a validated catalog: its YAML files and its sources' texts."""
    directory = catalog.directory
    names = sorted({*(p.name for p in directory.glob("*.yaml")), *(s.file for s in catalog.sources.values())})
    return {name: (directory / name).read_bytes() for name in names}


def init_database(url: str) -> None:
    """Create the catalog's and the layers' tables (and the PostGIS extension) if they do not exist."""
    import psycopg

    from corridors.layerstore import init_layer_tables

    with psycopg.connect(url) as connection:
        connection.execute(SCHEMA_SQL)
        init_layer_tables(connection)


def import_catalog(url: str, directory: Path | str, *, check_map: bool = True) -> Catalog:
    """Replace the database's catalog with the one in ``directory``, all or nothing.

    The folder is validated first, as ``validate`` does (schema, verbatim quotes, and with ``check_map`` the checks
    against the basemap); nothing is written if it is invalid.
    """
    import psycopg

    catalog = load_catalog(directory)
    if check_map:
        from corridors.mapcheck import check_against_map
        from geo.basemap import load_countries

        problems = check_against_map(catalog, load_countries())
        if problems:
            raise CatalogError(problems)
    files = catalog_files(catalog)
    with psycopg.connect(url) as connection, connection.transaction():
        connection.execute("SELECT version FROM catalog_meta WHERE id = 1 FOR UPDATE")
        old = dict(connection.execute("SELECT path, version FROM catalog_files").fetchall())
        connection.execute("DELETE FROM catalog_files")
        for path, data in files.items():
            connection.execute(
                "INSERT INTO catalog_files (path, content, sha256, version) VALUES (%s, %s, %s, %s)",
                (path, data, hashlib.sha256(data).hexdigest(), old.get(path, 0) + 1),
            )
        connection.execute("UPDATE catalog_meta SET version = version + 1, updated_at = now() WHERE id = 1")
        refresh_spatial_tables(connection, catalog)
    return catalog


def database_holds_catalog(url: str) -> bool:
    """True if the database has catalog files."""
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute("SELECT EXISTS (SELECT 1 FROM catalog_files)").fetchone()[0]


def export_catalog(url: str, directory: Path | str) -> Catalog:
    """Write the database's catalog files into ``directory`` (new or empty) and validate them there."""
    import psycopg

    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise CatalogError([Problem(str(directory), "-", "-", "export needs a new or empty folder")])
    directory.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT path, content FROM catalog_files ORDER BY path").fetchall()
    if not rows:
        raise CatalogError([Problem(url_without_password(url), "-", "-", "the database holds no catalog")])
    for path, content in rows:
        _write_atomically(directory / _safe_relative(path), bytes(content))
    return load_catalog(directory)


def refresh_spatial_tables(connection, catalog: Catalog) -> None:
    """Rewrite the catalog's points and lines in PostGIS from the validated catalog."""
    from corridors.frames import legs_frame

    connection.execute("DELETE FROM catalog_places")
    connection.execute("DELETE FROM catalog_legs")
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO catalog_places (id, name, kind, geom) VALUES (%s, %s, %s, ST_SetSRID(ST_MakePoint(%s, %s), 4326))",
            [(p.id, p.name, p.kind, p.lon, p.lat) for p in catalog.places.values()],
        )
        legs = legs_frame(catalog)
        cursor.executemany(
            "INSERT INTO catalog_legs (corridor, leg, mode, status, geom) "
            "VALUES (%s, %s, %s, %s, ST_GeomFromText(%s, 4326))",
            [
                (corridor, int(leg), mode, status, geometry.wkt)
                for corridor, leg, mode, status, geometry in zip(
                    legs["corridor_id"], legs["leg"], legs["mode"], legs["status"], legs.geometry, strict=True
                )
            ],
        )


def url_without_password(url: str) -> str:
    """The URL as it may be shown in a message."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


_stores: dict[str, CatalogStore] = {}
_stores_lock = threading.Lock()


def open_store(environ: Mapping[str, str] = os.environ) -> CatalogStore:
    """The catalog's home as the environment names it; one per process for each database."""
    url = environ.get(ENV_DATABASE_URL, "").strip()
    if not url:
        return FileStore(catalog_dir_from_env(environ))
    with _stores_lock:
        if url not in _stores:
            _stores[url] = PostgisStore(url)
        return _stores[url]


@contextmanager
def writing_catalog(environ: Mapping[str, str] = os.environ) -> Iterator[Path]:
    """The folder to write the catalog in, for the backend the environment names (see :class:`PostgisStore`)."""
    with open_store(environ).writing() as directory:
        yield directory


def is_database_error(error: BaseException) -> bool:
    """True for an error of the database driver (refused, unreachable, …)."""
    return type(error).__module__.split(".")[0] == "psycopg"


def _meta_version(connection) -> int:
    row = connection.execute("SELECT version FROM catalog_meta WHERE id = 1").fetchone()
    if row is None:
        raise CatalogError([Problem("database", "-", "-", "not initialised: run python -m corridors db init")])
    return int(row[0])


def _safe_relative(path: str) -> Path:
    relative = Path(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise CatalogError([Problem(path, "-", "-", "a catalog file path must stay inside the catalog folder")])
    return relative


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.sync")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def remove_checkout(store: CatalogStore) -> None:
    """Delete a database store's private checkout folder (tests and short-lived tools)."""
    if isinstance(store, PostgisStore):
        shutil.rmtree(store.directory, ignore_errors=True)


__all__ = [
    "ENV_DATABASE_URL",
    "CatalogConflictError",
    "CatalogStore",
    "FileStore",
    "PostgisStore",
    "export_catalog",
    "import_catalog",
    "init_database",
    "is_database_error",
    "open_store",
    "writing_catalog",
]
