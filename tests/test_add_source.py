"""Adding a source: stored text, listed entry, auto quotes, refusals, and all-or-nothing writes."""

from __future__ import annotations

import difflib
import hashlib
import os
from pathlib import Path

import pytest

import corridors.text.addsource as addsource
from corridors.catalog import load_catalog
from corridors.errors import CatalogError
from corridors.text.addsource import DuplicateSourceError, add_source, derive_source_id
from corridors.writelock import LOCK_FILE

TEXT = (
    "Ferries from the port of Aktau now reach Alat in a day. The Middle Corridor carried more cargo this year.\n\n"
    "Officials in Baku expect more trains on the Baku-Tbilisi-Kars railway.\n"
)
META = {
    "title": "Ferries Speed Up on the Caspian",
    "url": "https://www.example.org/news/ferries/",
    "published": "2024-05-02",
    "language": "en",
}


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (relative path -> bytes), but the writers' lock file."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


def only_insertions(before: bytes, after: bytes) -> list[str]:
    added = []
    for line in difflib.ndiff(before.decode().splitlines(True), after.decode().splitlines(True)):
        assert not line.startswith("- "), f"line changed or removed: {line!r}"
        if line.startswith("+ "):
            added.append(line[2:])
    return added


def test_source_text_entry_and_quotes_are_added(catalog_dir: Path):
    before = snapshot(catalog_dir)
    added = add_source(catalog_dir, TEXT, **META)

    assert added.source.id == "ferries-speed-up-caspian-2024"
    assert added.source.outlet == "example.org"
    assert added.path == catalog_dir / "sources" / "ferries-speed-up-caspian-2024.txt"
    assert added.path.read_bytes() == TEXT.encode("utf-8")
    assert added.source.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert set(added.quotes) == {
        "aktau-port",
        "baku-port-alat",
        "trans-caspian-route",
        "baku",
        "baku-tbilisi-kars-railway",
    }

    catalog = load_catalog(catalog_dir)
    assert catalog.texts[added.source.id] == TEXT
    baku_quotes = [q for q in catalog.places["baku"].quotes if q.source == added.source.id]
    assert [(q.text, q.method) for q in baku_quotes] == [
        ("Officials in Baku expect more trains on the Baku-Tbilisi-Kars railway.", "auto")
    ]
    assert all(q.method == "manual" for q in catalog.places["baku"].quotes if q.source != added.source.id)

    after = snapshot(catalog_dir)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"sources.yaml", "places.yaml", "corridors.yaml", "sources/ferries-speed-up-caspian-2024.txt"}
    for name in changed - {"sources/ferries-speed-up-caspian-2024.txt"}:
        assert only_insertions(before[name], after[name])
    assert not [p for p in catalog_dir.iterdir() if p.name.startswith(".staging")]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, "the same text"),
        ({"url": "http://example.org/news/ferries"}, "the same text"),
    ],
)
def test_the_same_text_is_refused(catalog_dir: Path, changes, reason):
    add_source(catalog_dir, TEXT, **META)
    before = snapshot(catalog_dir)
    with pytest.raises(DuplicateSourceError, match=reason) as caught:
        add_source(catalog_dir, TEXT, **{**META, **changes})
    assert caught.value.existing_id == "ferries-speed-up-caspian-2024"
    assert "ferries-speed-up-caspian-2024" in str(caught.value)
    assert snapshot(catalog_dir) == before


def test_the_same_url_is_refused(catalog_dir: Path):
    before = snapshot(catalog_dir)
    url = "http://cabar.asia/en/ilgar-velizade-central-asia-a-priority-partner-for-azerbaijan/"
    with pytest.raises(DuplicateSourceError, match=r"velizade-cabar-2019.*the same URL"):
        add_source(catalog_dir, "Another text about Baku.", **{**META, "url": url})
    assert snapshot(catalog_dir) == before


def test_the_shipped_interview_is_a_duplicate(catalog_dir: Path, shipped_catalog):
    text = shipped_catalog.texts["velizade-cabar-2019"]
    with pytest.raises(DuplicateSourceError, match="velizade-cabar-2019"):
        add_source(catalog_dir, text, **META)


def test_invalid_metadata_changes_nothing(catalog_dir: Path):
    before = snapshot(catalog_dir)
    with pytest.raises(CatalogError) as caught:
        add_source(catalog_dir, TEXT, **{**META, "published": "yesterday", "language": "english"})
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"published", "language"}
    assert snapshot(catalog_dir) == before


def test_a_failing_validation_of_the_staged_catalog_changes_nothing(catalog_dir: Path, monkeypatch):
    before = snapshot(catalog_dir)
    real = addsource.load_catalog

    def refuse_staging(directory):
        if Path(directory).name.startswith(".staging"):
            raise CatalogError([])
        return real(directory)

    monkeypatch.setattr(addsource, "load_catalog", refuse_staging)
    with pytest.raises(CatalogError):
        add_source(catalog_dir, TEXT, **META)
    assert snapshot(catalog_dir) == before


def test_a_crash_while_files_are_replaced_is_rolled_back(catalog_dir: Path, monkeypatch):
    before = snapshot(catalog_dir)
    real = os.replace
    calls = []

    def crash_on_third(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(addsource.os, "replace", crash_on_third)
    with pytest.raises(OSError, match="No space left"):
        add_source(catalog_dir, TEXT, **META)
    monkeypatch.setattr(addsource.os, "replace", real)
    assert snapshot(catalog_dir) == before
    load_catalog(catalog_dir)


def test_each_replacement_leaves_a_valid_catalog(catalog_dir: Path, monkeypatch):
    real = os.replace

    def replace_then_validate(source, target):
        real(source, target)
        load_catalog(catalog_dir)  # text file, then sources.yaml, then the quoted entities' files

    monkeypatch.setattr(addsource.os, "replace", replace_then_validate)
    add_source(catalog_dir, TEXT, **META)


def test_ids_are_derived_from_title_and_year_and_kept_unique():
    assert derive_source_id("Ilgar Velizade: Central Asia – a Priority Partner for Azerbaijan", "c. 2019") == (
        "ilgar-velizade-central-asia-priority-partner-2019"
    )
    assert derive_source_id("Паромы из Курыка идут в Баку", "2024-03") == "paromy-kuryka-idut-baku-2024"
    assert derive_source_id("Türkmenbaşy port", "2020", taken={"turkmenbasy-port-2020"}) == "turkmenbasy-port-2020-2"
    assert derive_source_id("!!!", "2020") == "source-2020"
    assert len(derive_source_id("word " * 40, "2020")) <= 80


def test_a_second_source_with_the_same_title_gets_a_new_id(catalog_dir: Path):
    first = add_source(catalog_dir, TEXT, **META)
    second = add_source(
        catalog_dir, TEXT + "Update: ferries sail to Kuryk too.\n", **{**META, "url": "https://e.org/2"}
    )
    assert second.source.id == f"{first.source.id}-2"
    assert "kuryk-port" in second.quotes
    assert len(load_catalog(catalog_dir).sources) == 3
