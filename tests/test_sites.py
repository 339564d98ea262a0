"""The site table: crossings, passes, fields and terminals that GeoNames' towns lack, found in texts and placed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from corridors.catalog import load_catalog
from corridors.errors import CatalogError
from corridors.text.addsource import add_source
from corridors.text.candidates import unknown_candidates
from corridors.text.gazetteer import locate_places
from corridors.text.mentions import build_mention_index, find_mentions
from corridors.text.review import accept, review_items
from corridors.text.sites import Site, load_sites, shipped_sites, site_matches


def _site(**fields) -> Site:
    entry = {
        "id": "example-crossing",
        "name": "Example",
        "kind": "border-crossing",
        "country": ["KG"],
        "names": ["Irkeshtam"],
        "lat": 39.68,
        "lon": 73.9,
        "source": "https://example.org/irkeshtam",
    }
    return Site.model_validate({**entry, **fields})


def _found(text: str, *names: str) -> list[str]:
    sites = tuple(_site(id=f"site-{i}", names=[name]) for i, name in enumerate(names))
    return [text[start:end] for _, start, end in site_matches(text, sites)]


def test_the_shipped_table_loads_with_a_source_and_a_position_in_the_region_for_every_site():
    sites = shipped_sites()
    assert len(sites) >= 40
    assert len({site.id for site in sites}) == len(sites)
    for site in sites:
        assert re.match(r"https?://", site.source)
        assert 20 < site.lat < 60 and 25 < site.lon < 125, site.id


def test_a_malformed_table_names_the_file_the_entry_and_the_field(tmp_path: Path):
    path = tmp_path / "sites.yaml"
    path.write_text(
        "sites:\n"
        "- {id: good, name: Good, kind: pass, country: [KG], names: [Good], lat: 40.0, lon: 73.0,"
        " source: 'https://example.org'}\n"
        "- {id: bad, name: Bad, kind: pass, country: [KG], names: [Bad], lat: 140.0, lon: 73.0,"
        " source: 'https://example.org'}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as error:
        load_sites(path)
    assert [(p.file, p.entity, p.field) for p in error.value.problems] == [("sites.yaml", "bad", "lat")]
    path.write_text("sites: {}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="must be a list"):
        load_sites(path)


def test_a_russian_name_is_found_in_its_case_forms_but_not_cut_short():
    assert _found("через КПП Иркештама и Иркештаму", "Иркештам") == ["Иркештама", "Иркештаму"]
    assert _found("строительство Рогунской ГЭС", "Рогунская ГЭС") == ["Рогунской ГЭС"]
    assert _found("до Сары-Таша", "Сары-Таш") == ["Сары-Таша"]
    assert _found("в провинции Бахт", "Бахты") == []  # a case form is no shorter than the name
    assert _found("Тенгизшевройл", "Тенгиз") == []


def test_an_english_name_keeps_its_first_letter_and_takes_any_case_after_it():
    assert _found("through the Dzungarian gate", "Dzungarian Gate") == ["Dzungarian gate"]
    assert _found("the road to dzungarian Gate", "Dzungarian Gate") == []
    assert _found("the Marabda-Kartsakhi line", "Kartsakhi") == ["Kartsakhi"]


def _located(text: str, index, countries=("KAZ", "KGZ")):
    mentions = find_mentions(text, index)
    return {
        place.name: [text[a:b] for a, b in place.spans]
        for place in locate_places(text, mentions, unknown_candidates(text, mentions), text_countries=countries)
    }


def test_sites_are_placed_by_the_table_with_their_source(index):
    text = "Грузы из Кашгара идут через КПП Иркештам, а нефть месторождения Карачаганак — на экспорт."
    places = {
        place.name: place for place in locate_places(text, find_mentions(text, index), text_countries=["KGZ", "KAZ"])
    }
    assert {"Irkeshtam", "Karachaganak"} <= set(places)
    irkeshtam = places["Irkeshtam"]
    assert irkeshtam.entity_id == "gazetteer:site-irkeshtam" and irkeshtam.geonameid is None
    assert "site table" in irkeshtam.note and irkeshtam.site is not None and irkeshtam.site.source in irkeshtam.note
    assert abs(irkeshtam.lat - 39.68) < 0.1


def test_a_place_name_that_starts_a_persons_name_is_no_place(index):
    assert "Zhanibek" not in _located("Министр Жанибек Сулейменов заявил об этом в Астане.", index)
    assert "Zhanibek" in _located("Поезд прибыл на станцию Жанибек.", index)
    # a catalog field's name as a Georgian first name is no mention of the field either
    assert [m.id for m in find_mentions("Министр Тенгиз Мирзашвили заявил об этом.", index)] == []
    assert [m.id for m in find_mentions("Добыча на месторождении Тенгиз выросла.", index)] == ["tengiz-field"]


def test_accepting_a_site_cites_the_tables_source_and_takes_the_sites_kind(catalog_dir: Path):
    text = "Trucks from Osh now cross at Irkeshtam into China. Грузовики из Оша идут через КПП Иркештам."
    add_source(
        catalog_dir, text, language="en", title="Irkeshtam", url="https://www.example.org/irk/", published="2025-01-02"
    )
    catalog = load_catalog(catalog_dir)
    mentions = find_mentions(text, build_mention_index(catalog))
    candidates = unknown_candidates(text, mentions)
    places = locate_places(text, mentions, candidates, text_countries=["KGZ"])
    items = {item.name: item for item in review_items(candidates, places)}
    item = items["Irkeshtam"]
    assert len(item.spans) == 2 and set(item.written) == {"Irkeshtam", "Иркештам"}
    place = accept(catalog_dir, item, text=text, today=dt.date(2026, 12, 1))
    stored = load_catalog(catalog_dir).places[place.id]
    assert stored.kind == "border-crossing" and stored.countries == ["KGZ", "CHN"]
    assert stored.sources[0].url == item.place.site.source and stored.sources[0].used_for == "coordinates"
    assert "Иркештам" in stored.aliases
