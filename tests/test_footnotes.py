"""Quote numbering: one number per distinct quote, corridors first, the same whatever is filtered."""

from __future__ import annotations

import pytest

from carto.footnotes import number_quotes, quote_numbers_by_entity
from corridors.atlas import load_atlas
from corridors.query import Filters, apply_filters, facet_values


@pytest.fixture(scope="module")
def catalog_entities():
    atlas = load_atlas({})
    return atlas.entities(), atlas.legs()


def test_quotes_are_numbered_corridors_first_without_duplicates(catalog_entities):
    entities, _ = catalog_entities
    notes = number_quotes(entities)
    assert [n.number for n in notes] == list(range(1, len(notes) + 1))
    spans = [(n.source, n.start, n.end) for n in notes]
    assert len(spans) == len(set(spans))
    kinds = dict(zip(entities["id"], entities["kind"]))
    first_non_corridor = next(i for i, n in enumerate(notes) if all(kinds[e] != "corridor" for e in n.entity_ids))
    assert all(any(kinds[e] == "corridor" for e in n.entity_ids) for n in notes[:first_non_corridor])
    aktau = next(n for n in notes if "aktau-port" in n.entity_ids)
    assert "kuryk-port" in aktau.entity_ids  # one sentence names both ports: one note


def test_a_quote_keeps_its_number_whatever_the_filters_show(catalog_entities):
    entities, legs = catalog_entities
    numbers = quote_numbers_by_entity(number_quotes(entities))
    facets = facet_values(entities, legs)
    without_rail = Filters(**{**facets, "modes": [m for m in facets["modes"] if m != "rail"]})
    shown, _ = apply_filters(entities, legs, without_rail)
    searched, _ = apply_filters(entities, legs, Filters(**facets, search="Aktau"))
    for subset in (shown, searched):
        assert not subset.empty
        # the dashboard numbers the whole dataset once; a filter only hides entities
        for entity_id in subset["id"]:
            assert quote_numbers_by_entity(number_quotes(entities)).get(entity_id) == numbers.get(entity_id)
