"""The shipped catalog: it loads, has the required entries, and its quotes and sources are sound."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from corridors.catalog import load_catalog

SHIPPED_CATALOG_DIR = Path(__file__).resolve().parent.parent / "corridors" / "data"

REQUIRED_CORRIDORS = [
    "trans-caspian-route",
    "trans-caspian-pipeline",
    "lapis-lazuli-corridor",
    "china-kyrgyzstan-uzbekistan-railway",
    "trans-eurasian-fibre-optic",
    "aktau-baku-flight",
]
REQUIRED_PLACES = [
    "aktau-port",
    "kuryk-port",
    "turkmenbashi-port",
    "baku-port-alat",
    "avaza",
    "serdar-kapaz-field",
    "kyrgyzstan-socar-refinery",
    "baku",
    "astana",
    "tashkent",
    "ashgabat",
    "dushanbe",
    "bishkek",
    "ankara",
    "tbilisi",
    "moscow",
    "tehran",
    "yerevan",
    "mangystau-region",
    "caspian-sea",
    "black-sea",
]
#: Required places the interview does not name, so they need not carry a quote.
NOT_NAMED_IN_INTERVIEW = {"baku-port-alat", "tashkent", "ashgabat", "dushanbe", "tbilisi"}

CATALOG_FILES = ["sources.yaml", "places.yaml", "corridors.yaml", "formats.yaml"]
ENTITY_SECTIONS = ["places", "corridors", "formats"]


def raw_documents() -> dict[str, dict]:
    """The catalog files parsed straight from YAML, without the project's loader."""
    return {name: yaml.safe_load((SHIPPED_CATALOG_DIR / name).read_text(encoding="utf-8")) for name in CATALOG_FILES}


def raw_entities() -> list[tuple[str, dict]]:
    """``(file name, entry)`` for every place, corridor and format in the raw YAML."""
    entities = []
    for name, document in raw_documents().items():
        for section in ENTITY_SECTIONS:
            entities.extend((name, entry) for entry in document.get(section) or [])
    return entities


def source_texts() -> dict[str, str]:
    """Each source id mapped to its text, decoded from the file's bytes (no newline translation)."""
    sources = raw_documents()["sources.yaml"]["sources"]
    return {s["id"]: (SHIPPED_CATALOG_DIR / s["file"]).read_bytes().decode("utf-8") for s in sources}


def test_shipped_catalog_loads(shipped_catalog):
    assert shipped_catalog.corridors
    assert shipped_catalog.places
    assert shipped_catalog.formats
    assert list(shipped_catalog.sources) == ["velizade-cabar-2019"]
    # every entity knows the file it came from
    for entity in shipped_catalog.entities():
        assert shipped_catalog.origins[entity.id] in CATALOG_FILES


def test_load_catalog_defaults_to_the_shipped_directory(shipped_catalog):
    catalog = load_catalog()
    assert catalog.directory.resolve() == SHIPPED_CATALOG_DIR.resolve()
    assert set(catalog.corridors) == set(shipped_catalog.corridors)


@pytest.mark.parametrize("corridor_id", REQUIRED_CORRIDORS)
def test_required_corridor_exists(shipped_catalog, corridor_id):
    corridor = shipped_catalog.corridors[corridor_id]
    assert corridor.kind == "corridor"
    assert corridor.legs


@pytest.mark.parametrize("place_id", REQUIRED_PLACES)
def test_required_place_exists(shipped_catalog, place_id):
    place = shipped_catalog.places[place_id]
    assert place.name.strip()
    assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


def test_every_quote_is_verbatim_in_its_source():
    texts = source_texts()
    checked = 0
    for name, entry in raw_entities():
        for quote in entry.get("quotes") or []:
            text = texts[quote["source"]]
            assert text[quote["start"] : quote["end"]] == quote["text"], f"{name}: {entry['id']}: {quote}"
            checked += 1
    assert checked >= 30  # the check actually ran over the catalog's quotes


def test_loaded_quotes_match_the_loaded_texts(shipped_catalog):
    for entity in shipped_catalog.entities():
        for quote in entity.quotes:
            assert shipped_catalog.texts[quote.source][quote.start : quote.end] == quote.text


@pytest.mark.parametrize(
    "entity_id", [i for i in REQUIRED_CORRIDORS + REQUIRED_PLACES if i not in NOT_NAMED_IN_INTERVIEW]
)
def test_entities_named_in_the_interview_have_a_quote(shipped_catalog, entity_id):
    entity = shipped_catalog.entity(entity_id)
    assert entity.quotes, f"{entity_id} is named in the interview but has no quote"
    assert all(quote.source == "velizade-cabar-2019" for quote in entity.quotes)


def test_every_entity_cites_a_web_source(shipped_catalog):
    for entity in shipped_catalog.entities():
        urls = [source.url for source in entity.sources]
        assert any(url.startswith(("http://", "https://")) for url in urls), entity.id
    for name, entry in raw_entities():
        assert any(str(s.get("url", "")).startswith(("http://", "https://")) for s in entry["sources"]), (
            f"{name}: {entry['id']}"
        )


def test_every_imprecise_place_explains_its_location():
    imprecise = 0
    for name, entry in raw_entities():
        if "lat" not in entry:
            continue
        if entry.get("precision", "exact") != "exact":
            imprecise += 1
            note = entry.get("location_note")
            assert isinstance(note, str) and note.strip(), f"{name}: {entry['id']}: location_note"
    assert imprecise > 0


def test_cku_railway_keeps_the_interview_name_as_an_alias(shipped_catalog):
    corridor = shipped_catalog.corridors["china-kyrgyzstan-uzbekistan-railway"]
    assert "China-Kyrgyzstan-Tajikistan-Uzbekistan railway" in corridor.aliases
    # the alias is the interview's own wording, and the name stays the three-country one
    assert "Tajikistan" not in corridor.name
    assert "TJK" not in corridor.countries
    assert any("China-Kyrgyzstan-Tajikistan-Uzbekistan railway" in quote.text for quote in corridor.quotes)


def test_source_text_matches_its_recorded_sha256():
    for source in raw_documents()["sources.yaml"]["sources"]:
        digest = hashlib.sha256((SHIPPED_CATALOG_DIR / source["file"]).read_bytes()).hexdigest()
        assert digest == source["sha256"], source["id"]


@pytest.mark.parametrize(
    ("place_id", "expected"),
    [
        ("turkmenbashi-port", ("Krasnovodsk", "Türkmenbaşy")),
        ("baku-port-alat", ("Alat", "Alyat")),
        ("kuryk-port", ("Курык",)),
        ("aktau-port", ("Актау",)),
    ],
)
def test_required_aliases(shipped_catalog, place_id, expected):
    aliases = shipped_catalog.places[place_id].aliases
    for fragment in expected:
        assert any(fragment in alias for alias in aliases), f"{place_id}: no alias containing {fragment!r}"


def test_exact_aliases_present(shipped_catalog):
    assert "Курык" in shipped_catalog.places["kuryk-port"].aliases
    assert "Alyat" in shipped_catalog.places["baku-port-alat"].aliases
    assert "Krasnovodsk port" in shipped_catalog.places["turkmenbashi-port"].aliases


def test_ids_are_unique_across_files():
    ids = [entry["id"] for _, entry in raw_entities()]
    assert len(ids) == len(set(ids))


def test_legs_and_members_refer_to_catalog_places(shipped_catalog):
    for corridor in shipped_catalog.corridors.values():
        for leg in corridor.legs:
            assert all(node in shipped_catalog.places for node in leg.path), corridor.id
    for group in shipped_catalog.formats.values():
        assert all(member in shipped_catalog.places for member in group.members), group.id
