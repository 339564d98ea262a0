"""Appending to the human-edited catalog YAML: minimal text edits, full dump only as a fallback."""

from __future__ import annotations

import difflib

import yaml

from corridors.yamledit import append_entity_items, append_entity_quotes, append_section_entry, remove_section_entry

QUOTE = {"source": "new-2024", "start": 0, "end": 4, "text": "Baku", "method": "auto"}


def inserted_only(before: str, after: str) -> list[str]:
    """The lines added; fails if any line was changed or removed."""
    added = []
    for line in difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)):
        assert not line.startswith("- "), f"line changed or removed: {line!r}"
        if line.startswith("+ "):
            added.append(line[2:])
    return added


def test_quotes_are_appended_to_an_existing_list(shipped_catalog):
    raw = (shipped_catalog.directory / "places.yaml").read_text(encoding="utf-8")
    edited = append_entity_quotes(raw, "places", "baku", [QUOTE])
    assert inserted_only(raw, edited) == [
        "  - source: new-2024\n",
        "    start: 0\n",
        "    end: 4\n",
        "    text: Baku\n",
        "    method: auto\n",
    ]
    baku = next(e for e in yaml.safe_load(edited)["places"] if e["id"] == "baku")
    assert baku["quotes"][-1] == QUOTE


def test_a_quotes_list_is_created_when_missing(shipped_catalog):
    raw = (shipped_catalog.directory / "places.yaml").read_text(encoding="utf-8")
    edited = append_entity_quotes(raw, "places", "almaty", [QUOTE])
    assert inserted_only(raw, edited)[0] == "  quotes:\n"
    almaty = next(e for e in yaml.safe_load(edited)["places"] if e["id"] == "almaty")
    assert almaty["quotes"] == [QUOTE]


def test_source_entry_follows_the_file_indentation(shipped_catalog):
    raw = (shipped_catalog.directory / "sources.yaml").read_text(encoding="utf-8")
    entry = {"id": "new-2024", "title": "New: a title", "url": "https://example.org/a"}
    edited = append_section_entry(raw, "sources", entry)
    assert inserted_only(raw, edited) == [
        "  - id: new-2024\n",
        "    title: 'New: a title'\n",
        "    url: https://example.org/a\n",
    ]
    assert yaml.safe_load(edited)["sources"][-1] == entry


def test_unusual_layout_falls_back_to_a_dump_keeping_the_header():
    raw = "# Header comment\nschema_version: 1\nplaces: [{id: a-b, quotes: []}]\n"
    edited = append_entity_quotes(raw, "places", "a-b", [QUOTE])
    assert edited.startswith("# Header comment\n")
    assert yaml.safe_load(edited)["places"][0]["quotes"] == [QUOTE]
    edited = append_section_entry("# H\nschema_version: 1\nsources: []\n", "sources", {"id": "x"})
    assert edited.startswith("# H\n") and yaml.safe_load(edited)["sources"] == [{"id": "x"}]


def test_a_missing_section_is_added():
    edited = append_section_entry("# H\nschema_version: 1\n", "sources", {"id": "x"})
    assert edited == "# H\nschema_version: 1\nsources:\n- id: x\n"


def test_aliases_are_appended_as_plain_items(shipped_catalog):
    raw = (shipped_catalog.directory / "places.yaml").read_text(encoding="utf-8")
    edited = append_entity_items(raw, "places", "astana", "aliases", ["Astana City"])
    assert inserted_only(raw, edited) == ["  - Astana City\n"]
    astana = next(e for e in yaml.safe_load(edited)["places"] if e["id"] == "astana")
    assert astana["aliases"][-1] == "Astana City"


def test_an_entry_is_removed_and_every_other_line_kept():
    raw = (
        "# H\nschema_version: 1\nreview:\n- id: a-b\n  name: A\n  written:\n  - A\n"
        "# about c-d\n- id: c-d\n  name: C\nother: 1\n"
    )
    edited = remove_section_entry(raw, "review", "a-b")
    assert edited == "# H\nschema_version: 1\nreview:\n# about c-d\n- id: c-d\n  name: C\nother: 1\n"
    assert yaml.safe_load(remove_section_entry(edited, "review", "c-d"))["review"] is None
