"""Quote numbering: every distinct quote of a dataset gets one number, stable across filters and focus."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd


@dataclass(frozen=True)
class Footnote:
    """A numbered quote shown on the map: its number, the entities it mentions, and where it is."""

    number: int
    source: str
    start: int
    end: int
    text: str
    entity_ids: tuple[str, ...]
    entity_names: tuple[str, ...]


#: Order of quotes in the notes: corridors first, then sites, then places and areas.
QUOTE_ORDER = {"corridor": 0, "port": 1, "field": 1, "facility": 1, "terminal": 1, "airport": 1}


def number_quotes(entities: gpd.GeoDataFrame) -> list[Footnote]:
    """Number every distinct quote of the shown entities.

    Quotes about corridors come first, then those about ports, fields and
    facilities, then the rest, each group in reading order of its source, so
    that a report that cannot list every note lists the most telling ones.
    """
    spans: dict[tuple[str, int, int], dict] = {}
    for row in entities.itertuples(index=False):
        for quote in row.quotes or []:
            key = (quote["source"], int(quote["start"]), int(quote["end"]))
            entry = spans.setdefault(key, {"text": quote["text"], "ids": [], "names": [], "group": 2})
            if row.id not in entry["ids"]:
                entry["ids"].append(row.id)
                entry["names"].append(row.name)
                entry["group"] = min(entry["group"], QUOTE_ORDER.get(row.kind, 2))
    ordered = sorted(spans.items(), key=lambda item: (item[1]["group"], item[0]))
    footnotes = []
    for number, (key, entry) in enumerate(ordered, start=1):
        source, start, end = key
        footnotes.append(
            Footnote(number, source, start, end, entry["text"], tuple(entry["ids"]), tuple(entry["names"]))
        )
    return footnotes


def quote_numbers_by_entity(footnotes: Iterable[Footnote]) -> dict[str, list[int]]:
    """Footnote numbers of each entity."""
    numbers: dict[str, list[int]] = {}
    for footnote in footnotes:
        for entity_id in footnote.entity_ids:
            numbers.setdefault(entity_id, []).append(footnote.number)
    return numbers
