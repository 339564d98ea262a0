"""Shared fixtures: the shipped catalog, the basemap, and editable copies of the catalog."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from corridors.catalog import Catalog, load_catalog
from corridors.errors import CatalogError, Problem
from corridors.text.mentions import MentionIndex, build_mention_index
from tests.browser_fixtures import app, browser, page  # noqa: F401 (the real app and Chromium, for every folder)

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG_DIR = REPO_ROOT / "corridors" / "data"


class CatalogFile:
    """A catalog YAML file loaded for editing: ``data`` is the parsed document."""

    def __init__(self, path: Path, data: Any):
        self.path = path
        self.data = data

    def entry(self, section: str, entity_id: str) -> dict:
        """The entry with this id in ``section``; fails the test if there is none."""
        for entry in self.data.get(section) or []:
            if isinstance(entry, dict) and entry.get("id") == entity_id:
                return entry
        raise AssertionError(f"{self.path.name} has no {section} entry {entity_id!r}")

    def remove(self, section: str, entity_id: str) -> dict:
        """Take the entry with this id out of ``section`` and return it."""
        entry = self.entry(section, entity_id)
        self.data[section].remove(entry)
        return entry


@contextmanager
def _edit_yaml(path: Path) -> Iterator[CatalogFile]:
    """Load ``path`` with ``yaml.safe_load``, let the caller mutate it, and dump it back."""
    document = CatalogFile(path, yaml.safe_load(path.read_text(encoding="utf-8")))
    yield document
    path.write_text(yaml.safe_dump(document.data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shipped_catalog() -> Catalog:
    """The shipped catalog, loaded once; tests must not mutate it."""
    return load_catalog(SHIPPED_CATALOG_DIR)


@pytest.fixture(scope="session")
def index(shipped_catalog) -> MentionIndex:
    """The mention finder's index over the shipped catalog, built once."""
    return build_mention_index(shipped_catalog)


@pytest.fixture(scope="session")
def countries():
    """The shipped basemap (``geo.basemap.load_countries()``), loaded once."""
    from geo.basemap import load_countries

    return load_countries()


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A fresh copy of ``corridors/data`` that a test may corrupt."""
    target = tmp_path / "catalog"
    shutil.copytree(SHIPPED_CATALOG_DIR, target)
    return target


@pytest.fixture
def edit_yaml() -> Callable[[Path], Any]:
    """``with edit_yaml(path) as doc:`` mutate ``doc.data`` (or ``doc.entry(section, id)``); written back on exit."""
    return _edit_yaml


@pytest.fixture
def catalog_problems() -> Callable[[Path], list[Problem]]:
    """Load a catalog directory that must be invalid and return its problems."""

    def problems(directory: Path) -> list[Problem]:
        with pytest.raises(CatalogError) as caught:
            load_catalog(directory)
        assert caught.value.problems, "CatalogError raised without problems"
        return caught.value.problems

    return problems


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server with PostGIS (Debian's packages; ``make test`` installs them)."""
    from harness.postgres import TemporaryPostgres, pg_bin

    try:
        pg_bin()
    except RuntimeError as error:
        pytest.fail(str(error))
    server = TemporaryPostgres(database="postgres_template_unused").start()
    yield server
    server.stop()


@pytest.fixture
def database_url(postgres, request) -> str:
    """A new, initialised database on the test server, for this test alone."""
    import psycopg

    from corridors.storage import init_database

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    admin = f"postgresql://postgres@127.0.0.1:{postgres.port}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:{postgres.port}/{name}"
    init_database(url)
    return url
