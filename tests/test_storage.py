"""The catalog's two homes, files and PostGIS: the same loader, validation and writers; concurrent writers on
several servers lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corridors.catalog import load_catalog
from corridors.errors import CatalogError
from corridors.storage import (
    CatalogConflictError,
    FileStore,
    PostgisStore,
    catalog_files,
    export_catalog,
    folder_files,
    import_catalog,
    remove_checkout,
)
from corridors.text.addsource import DuplicateSourceError, add_source
from corridors.text.review import ReviewItem, reject
from tests.conftest import REPO_ROOT
from tests.test_cli import assert_no_traceback, run_cli

TEXT = "Ferries from the port of Aktau now reach Alat in a day. Trains run on the Baku-Tbilisi-Kars railway.\n"
META = {
    "title": "Ferries and trains",
    "url": "https://example.org/ferries",
    "published": "2025-03-01",
    "language": "en",
}


@pytest.fixture(params=["files", "postgis"])
def two_servers(request, catalog_dir: Path):
    """Two handles on one catalog, as two app servers would hold them."""
    if request.param == "files":
        yield FileStore(catalog_dir), FileStore(catalog_dir)
        return
    url = request.getfixturevalue("database_url")
    import_catalog(url, catalog_dir, check_map=False)
    first, second = PostgisStore(url), PostgisStore(url)
    yield first, second
    remove_checkout(first)
    remove_checkout(second)


def test_a_save_on_one_server_is_seen_by_the_other(two_servers):
    first, second = two_servers
    before = load_catalog(second.checkout())
    version = second.version()
    with first.writing() as folder:
        added = add_source(folder, TEXT, **META)
    assert second.version() != version
    after = load_catalog(second.checkout())
    assert added.source.id in after.sources and added.source.id not in before.sources
    quoted = after.places["aktau-port"].quotes[-1]
    assert quoted.source == added.source.id and after.texts[added.source.id][quoted.start : quoted.end] == quoted.text


def test_a_refused_write_changes_nothing_on_either_backend(two_servers):
    first, second = two_servers
    with first.writing() as folder:
        add_source(folder, TEXT, **META)
    files = folder_files(second.checkout())
    with pytest.raises(DuplicateSourceError), first.writing() as folder:
        add_source(folder, TEXT, **{**META, "title": "Again"})
    with pytest.raises(CatalogError), first.writing() as folder:
        add_source(folder, TEXT + "More.", **{**META, "url": "https://example.org/b", "published": "2025-13-01"})
    assert folder_files(second.checkout()) == files
    assert folder_files(first.checkout()) == files


def test_files_round_trip_through_the_database_byte_for_byte(database_url, catalog_dir: Path, tmp_path: Path):
    env = {"CORRIDOR_ATLAS_DATABASE_URL": database_url}
    assert run_cli("db", "init", env_overrides=env).returncode == 0
    imported = run_cli("db", "import", str(catalog_dir), env_overrides=env)
    assert imported.returncode == 0, imported.stderr
    assert f"{len(load_catalog(catalog_dir).places)} places" in imported.stdout
    kept = run_cli("db", "import", "--if-empty", env_overrides=env)
    assert kept.returncode == 0 and "kept the catalog" in kept.stdout
    out = tmp_path / "exported"
    exported = run_cli("db", "export", str(out), env_overrides=env)
    assert exported.returncode == 0, exported.stderr
    original = catalog_files(load_catalog(catalog_dir))
    assert folder_files(out) == original
    # the app and the command line read the database the same way they read files
    validated = run_cli("validate", env_overrides=env)
    assert validated.returncode == 0, validated.stderr
    assert "catalog valid" in validated.stdout


def test_an_invalid_folder_is_not_imported_at_all(database_url, catalog_dir: Path, tmp_path: Path):
    import_catalog(database_url, catalog_dir, check_map=False)
    broken = tmp_path / "broken"
    export_catalog(database_url, broken)
    places = broken / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("lat: 51.1667", "lat: 251.1667", 1), encoding="utf-8")
    result = run_cli("db", "import", str(broken), env_overrides={"CORRIDOR_ATLAS_DATABASE_URL": database_url})
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "places.yaml" in result.stderr and "astana" in result.stderr and "lat" in result.stderr
    again = tmp_path / "again"
    export_catalog(database_url, again)
    assert folder_files(again) == catalog_files(load_catalog(catalog_dir))


def test_import_runs_the_map_checks_too(database_url, catalog_dir: Path, edit_yaml):
    with edit_yaml(catalog_dir / "places.yaml") as places:
        port = places.entry("places", "aktau-port")
        port["lat"], port["lon"] = 48.0, 60.0  # the middle of Kazakhstan
    result = run_cli("db", "import", str(catalog_dir), env_overrides={"CORRIDOR_ATLAS_DATABASE_URL": database_url})
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "aktau-port" in result.stderr and "coast" in result.stderr


def test_commands_without_a_database_say_what_is_missing(tmp_path: Path):
    result = run_cli("db", "export", str(tmp_path / "x"))
    assert result.returncode == 1 and "CORRIDOR_ATLAS_DATABASE_URL" in result.stderr
    unreachable = {"CORRIDOR_ATLAS_DATABASE_URL": "postgresql://nobody:secret@127.0.0.1:1/none"}
    result = run_cli("db", "init", env_overrides=unreachable)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "secret" not in result.stderr and "***" in result.stderr


def test_a_row_changed_behind_a_writer_s_back_is_a_conflict_not_a_lost_update(database_url, catalog_dir: Path):
    import psycopg

    import_catalog(database_url, catalog_dir, check_map=False)
    store = PostgisStore(database_url)
    store.checkout()
    rogue = "# edited directly in the database\n"
    with pytest.raises(CatalogConflictError, match="changed by someone else"), store.writing() as folder:
        with psycopg.connect(database_url) as other:  # a writer that does not take the catalog's lock
            other.execute(
                "UPDATE catalog_files SET content = %s || content, version = version + 1 WHERE path = 'places.yaml'",
                (rogue.encode(),),
            )
        reject(folder, ReviewItem("x", "Nowhere", "place", ("Nowhere",), ((0, 7),)))
        places = folder / "places.yaml"
        places.write_text(places.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with psycopg.connect(database_url) as connection:
        (content,) = connection.execute("SELECT content FROM catalog_files WHERE path = 'places.yaml'").fetchone()
        assert bytes(content).startswith(rogue.encode())  # the other change is kept
        assert connection.execute("SELECT count(*) FROM catalog_files WHERE path = 'review.yaml'").fetchone() == (0,)
    assert load_catalog(store.checkout()).review == {}  # the checkout is back in step with the database
    remove_checkout(store)


def test_the_catalog_s_points_and_lines_are_queryable_in_postgis(database_url, catalog_dir: Path):
    import psycopg

    catalog = import_catalog(database_url, catalog_dir, check_map=False)
    with psycopg.connect(database_url) as connection:
        assert connection.execute("SELECT count(*) FROM catalog_places").fetchone() == (len(catalog.places),)
        near_aktau = {
            row[0]
            for row in connection.execute(
                "SELECT id FROM catalog_places WHERE ST_DWithin(geom::geography, "
                "(SELECT geom FROM catalog_places WHERE id = 'aktau-port')::geography, 50000)"
            )
        }
        assert "aktau-airport" in near_aktau and "baku" not in near_aktau
        crossing = connection.execute(
            "SELECT count(*) FROM catalog_legs WHERE mode = 'ferry' AND ST_Intersects(geom, "
            "ST_SetSRID(ST_MakeLine(ST_MakePoint(51.0, 45.0), ST_MakePoint(51.0, 37.0)), 4326))"
        ).fetchone()[0]
        assert crossing >= 1  # ferries cross the Caspian's 51st meridian


def test_two_servers_of_concurrent_editors_lose_no_update(database_url, catalog_dir: Path):
    import_catalog(database_url, catalog_dir, check_map=False)
    servers, editors, saves = 2, 4, 3
    command = [sys.executable, "-m", "harness.editors", database_url]
    processes = [
        subprocess.Popen(
            [*command, f"s{n}", str(editors), "--saves", str(saves)], cwd=REPO_ROOT, stdout=subprocess.PIPE
        )
        for n in range(servers)
    ]
    results = [json.loads(process.communicate(timeout=300)[0]) for process in processes]
    assert [error for result in results for error in result["failed"]] == []
    saved = [name for result in results for name in result["saved"]]
    reader = PostgisStore(database_url)
    catalog = load_catalog(reader.checkout())  # still a valid catalog
    names = sorted(decision.name for decision in catalog.review.values())
    assert len(saved) == servers * editors * saves
    assert names == sorted(saved)  # every save is there, once
    remove_checkout(reader)


def test_the_dashboard_says_when_its_database_cannot_be_reached(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CORRIDOR_ATLAS_DATABASE_URL", "postgresql://atlas:secret@127.0.0.1:1/atlas")
    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == ["The catalog's database cannot be reached; reload when it is back."]
    assert "secret" not in " ".join(code.value for code in app.code)
