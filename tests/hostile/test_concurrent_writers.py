"""Eight ``add-source`` processes at once, twenty times over: every source kept, the catalog valid."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from corridors.atlas import ENV_CATALOG, ENV_LAYERS
from corridors.catalog import load_catalog
from corridors.text.addsource import add_source
from corridors.writelock import CatalogBusyError, catalog_write_lock
from tests.conftest import SHIPPED_CATALOG_DIR

REPO_ROOT = Path(__file__).resolve().parents[2]
WRITERS = 8
ROUNDS = 20
#: The places the writers' texts name; a small catalog keeps each process short, the race is the same.
PLACES = ("aktau-port", "baku-port-alat", "kuryk-port", "turkmenbashi-port")


def small_catalog(directory: Path) -> Path:
    """A valid catalog of the shipped source and a few ports (without their quotes)."""
    directory.mkdir()
    shutil.copytree(SHIPPED_CATALOG_DIR / "sources", directory / "sources")
    shutil.copy2(SHIPPED_CATALOG_DIR / "sources.yaml", directory / "sources.yaml")
    shipped = yaml.safe_load((SHIPPED_CATALOG_DIR / "places.yaml").read_text(encoding="utf-8"))
    places = [dict(p, quotes=[]) for p in shipped["places"] if p["id"] in PLACES]
    assert len(places) == len(PLACES)
    text = yaml.safe_dump({"schema_version": 1, "places": places}, sort_keys=False, allow_unicode=True)
    (directory / "places.yaml").write_text(text, encoding="utf-8")
    load_catalog(directory)
    return directory


def start_writer(catalog_dir: Path, text_file: Path, number: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in (ENV_CATALOG, ENV_LAYERS)}
    env[ENV_CATALOG] = str(catalog_dir)
    args = ["--title", f"Writer {number} report", "--url", f"https://example.org/writer/{number}"]
    return subprocess.Popen(
        [sys.executable, "-m", "corridors", "add-source", str(text_file), *args, "--date", "2024", "--lang", "en"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_concurrent_add_source_processes_keep_every_source(tmp_path: Path):
    for round_number in range(ROUNDS):
        catalog_dir = small_catalog(tmp_path / f"catalog-{round_number}")
        texts = []
        for number in range(WRITERS):
            path = tmp_path / f"round-{round_number}-writer-{number}.txt"
            path.write_text(
                f"Report {number}: ferries from the port of Aktau reach Alat; Kuryk and Turkmenbashi wait.\n",
                encoding="utf-8",
            )
            texts.append(path)
        writers = [start_writer(catalog_dir, path, number) for number, path in enumerate(texts)]
        results = [(writer.wait(timeout=240), *writer.communicate()) for writer in writers]
        for code, stdout, stderr in results:
            assert code == 0, f"round {round_number}: {stderr}"
            assert stdout.startswith("added source "), stdout
        catalog = load_catalog(catalog_dir)
        urls = {source.url for source in catalog.sources.values()}
        assert {f"https://example.org/writer/{n}" for n in range(WRITERS)} <= urls, f"round {round_number}"
        assert len(catalog.sources) == WRITERS + 1
        aktau_quotes = {q.source for q in catalog.places["aktau-port"].quotes}
        assert len(aktau_quotes) == WRITERS, f"round {round_number}: quotes of {sorted(aktau_quotes)}"
        leftovers = [p.name for p in catalog_dir.iterdir() if p.name.startswith(".staging-")]
        assert leftovers == []


def test_a_second_writer_waits_and_gives_up_with_a_message(tmp_path: Path):
    catalog_dir = small_catalog(tmp_path / "catalog")
    with catalog_write_lock(catalog_dir):
        started = time.monotonic()
        with pytest.raises(CatalogBusyError, match="another save to this catalog"):
            catalog_write_lock(catalog_dir, timeout_s=0.2).__enter__()
        assert 0.2 <= time.monotonic() - started < 5
    with catalog_write_lock(catalog_dir, timeout_s=0.2):
        pass


def test_a_rollback_leaves_another_writers_file_alone(tmp_path: Path, monkeypatch):
    """A write that fails after someone edited one of its files must not put its snapshots back."""
    catalog_dir = small_catalog(tmp_path / "catalog")
    import corridors.text.addsource as addsource

    real_load = addsource.load_catalog
    calls = {"n": 0}
    foreign = b""

    def failing_final_load(directory):
        calls["n"] += 1
        if Path(directory) == catalog_dir and calls["n"] >= 3:  # the check after the files are in place
            nonlocal foreign
            places = catalog_dir / "places.yaml"
            foreign = places.read_bytes() + b"# edited by hand meanwhile\n"
            places.write_bytes(foreign)
            raise OSError("disk went away")
        return real_load(directory)

    monkeypatch.setattr(addsource, "load_catalog", failing_final_load)
    sources_before = (catalog_dir / "sources.yaml").read_bytes()
    with pytest.raises(OSError, match="disk went away"):
        add_rollback_test_source(catalog_dir)
    assert (catalog_dir / "places.yaml").read_bytes() == foreign
    assert (catalog_dir / "sources.yaml").read_bytes() != sources_before
    monkeypatch.undo()
    assert "https://example.org/rollback" in {s.url for s in load_catalog(catalog_dir).sources.values()}


def add_rollback_test_source(catalog_dir: Path) -> None:
    add_source(
        catalog_dir,
        "Ferries from the port of Aktau reach Alat.\n",
        title="Rollback test",
        url="https://example.org/rollback",
        published="2024",
        language="en",
    )


def test_a_failed_write_is_rolled_back_when_nobody_else_wrote(tmp_path: Path, monkeypatch):
    catalog_dir = small_catalog(tmp_path / "catalog")
    import corridors.text.addsource as addsource

    real_load = addsource.load_catalog
    calls = {"n": 0}

    def failing_final_load(directory):
        calls["n"] += 1
        if Path(directory) == catalog_dir and calls["n"] >= 3:
            raise OSError("disk went away")
        return real_load(directory)

    before = {p.name: p.read_bytes() for p in catalog_dir.glob("*.yaml")}
    monkeypatch.setattr(addsource, "load_catalog", failing_final_load)
    with pytest.raises(OSError, match="disk went away"):
        add_rollback_test_source(catalog_dir)
    assert {p.name: p.read_bytes() for p in catalog_dir.glob("*.yaml")} == before
    assert not list((catalog_dir / "sources").glob("rollback-test*"))
