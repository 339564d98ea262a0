"""The review queue: names a text gives that the catalog lacks, and what an analyst decides about each.

Every name the candidate finder or the gazetteer turns up is a :class:`ReviewItem` (a name written in English
and in Russian is one item). The analyst can

- **accept** it: it becomes a catalog place, quoting the text (which must already be a catalog source), with the
  gazetteer (or the analyst's own placing) as the source of its position and its precision recorded;
- **place** it by hand on the map: the position is kept in the catalog's review file and used when it is
  accepted;
- **alias** it: the name becomes an alias of an existing entity, so the finder knows it from now on;
- **reject** it: it is remembered in the review file and not offered again.

Each action is one write through :func:`corridors.text.addsource.write_catalog_files` under the catalog's write
lock: staged, validated as a whole catalog, then moved into place, or nothing changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from corridors.catalog import Catalog, load_catalog
from corridors.schema import PLACE_KINDS, Place, ReviewDecision
from corridors.text.addsource import derive_source_id, write_catalog_files
from corridors.text.candidates import Candidate
from corridors.text.gazetteer import AutoPlace, geonames_url, iso3_code, listed_names
from corridors.text.inflect import dictionary_forms, is_russian
from corridors.text.mentions import Mention
from corridors.text.normalize import fold_name
from corridors.text.quotes import quotes_by_entity
from corridors.text.sites import CANDIDATE_KIND_OF_SITE
from corridors.writelock import catalog_write_lock
from corridors.yamledit import append_entity_items, append_section_entry, remove_section_entry

#: The catalog file review decisions are kept in (created on the first decision).
REVIEW_FILE = "review.yaml"
#: The file accepted places are added to.
PLACES_FILE = "places.yaml"
_REVIEW_HEADER = (
    "# Review decisions on names the source texts give that the catalog lacks: rejected (not offered again)\n"
    "# or placed by hand on the map (used when the name is accepted as a place). Written by the dashboard.\n"
    "schema_version: 1\n"
)
#: The catalog place kind a candidate's keyword suggests; ``None`` for kinds that are lines, not points.
PLACE_KIND_OF = {
    "place": "city",
    "city": "city",
    "port": "port",
    "terminal": "terminal",
    "station": "station",
    "airport": "airport",
    "crossing": "border-crossing",
    "field": "field",
    "facility": "facility",
    "region": "region",
    "rail": None,
    "road": None,
    "corridor": None,
    "pipeline": None,
}
#: Place kinds a point from a town gazetteer stands for exactly (a port or station is only near the town point).
TOWN_KINDS = frozenset({"city"})


class ReviewError(ValueError):
    """A review action that cannot be done as asked (the message says why); nothing was written."""


@dataclass(frozen=True)
class ReviewItem:
    """One name the catalog lacks, as the queue shows it.

    ``key`` identifies it across reruns and languages; ``lat``/``lon`` is where it would be mapped (the analyst's
    placing if there is one, else the gazetteer's), ``None`` if neither knows.
    """

    key: str
    name: str
    kind: str
    written: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    place: AutoPlace | None = None
    lat: float | None = None
    lon: float | None = None
    placed_by_hand: bool = False

    @property
    def place_kind(self) -> str | None:
        """The catalog kind it would be accepted as; ``None`` for a line (a railway, a corridor)."""
        return PLACE_KIND_OF.get(self.kind, "facility")

    @property
    def position_from(self) -> str:
        """Where the position came from, in words."""
        if self.placed_by_hand:
            return "placed by hand on the map (review)"
        if self.place is not None and self.place.site:
            return f"site table ({self.place.site.source}), unreviewed"
        if self.place is not None and self.place.harbour:
            return f"harbour {self.place.harbour} (port table), GeoNames {self.place.geonameid}, unreviewed"
        if self.place is not None:
            return f"GeoNames {self.place.geonameid}, unreviewed"
        return "not found offline: place it on the map"


def review_items(
    candidates: Iterable[Candidate], places: Iterable[AutoPlace], decisions: Iterable[ReviewDecision] = ()
) -> list[ReviewItem]:
    """The queue for one text: candidates merged with the gazetteer's places, less what was rejected, with
    positions placed by hand applied."""
    places = list(places)
    items: dict[str, ReviewItem] = {}
    used: set[str] = set()
    for candidate in candidates:
        place = next((p for p in places if any(a < candidate.end and candidate.start < b for a, b in p.spans)), None)
        if place is not None:
            used.add(place.key)
            kind = CANDIDATE_KIND_OF_SITE[place.site.kind] if place.site else candidate.kind
            item = _place_item(place, kind if kind in PLACE_KIND_OF else "place")
        else:
            written = (candidate.name,)
            span = ((candidate.start, candidate.end),)
            item = ReviewItem(fold_name(candidate.name), candidate.name, candidate.kind, written, span)
        items[item.key] = _merged(items.get(item.key), item)
    for place in places:
        if place.key not in used:
            item = _place_item(place, CANDIDATE_KIND_OF_SITE[place.site.kind] if place.site else "place")
            items[item.key] = _merged(items.get(item.key), item)
    decided = list(decisions)
    queue = []
    for item in items.values():
        decision = matching_decision(item, decided)
        if decision is not None and decision.decision == "rejected":
            continue
        if decision is not None and decision.decision == "placed":
            item = replace(item, lat=decision.lat, lon=decision.lon, placed_by_hand=True)
        queue.append(item)
    return queue


def not_rejected(places: Iterable[AutoPlace], decisions: Iterable[ReviewDecision]) -> list[AutoPlace]:
    """The gazetteer's places less those an analyst rejected."""
    rejected = [decision for decision in decisions if decision.decision == "rejected"]
    return [place for place in places if matching_decision(_place_item(place, "place"), rejected) is None]


def _place_item(place: AutoPlace, kind: str) -> ReviewItem:
    return ReviewItem(
        key=place.key,
        name=place.label,
        kind=kind,
        written=place.written,
        spans=place.spans,
        place=place,
        lat=place.lat,
        lon=place.lon,
    )


def _merged(earlier: ReviewItem | None, item: ReviewItem) -> ReviewItem:
    if earlier is None:
        return item
    written = tuple(dict.fromkeys([*earlier.written, *item.written]))
    spans = tuple(sorted(set(earlier.spans) | set(item.spans)))
    return replace(earlier, written=written, spans=spans)


def matching_decision(item: ReviewItem, decisions: Iterable[ReviewDecision]) -> ReviewDecision | None:
    """The decision taken on this name before: same gazetteer place, or one of the same written forms."""
    forms = {fold_name(name) for name in (item.name, *item.written)}
    for decision in decisions:
        if item.place is not None and decision.geonameid is not None and decision.geonameid == item.place.geonameid:
            return decision
        if forms & {fold_name(name) for name in (decision.name, *decision.written)}:
            return decision
    return None


def text_source_id(catalog: Catalog, text: str) -> str | None:
    """The id of the catalog source whose text is exactly ``text``, if any."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for source_id, source in catalog.sources.items():
        if source.sha256 == digest or catalog.texts.get(source_id) == text:
            return source_id
    return None


def accept(
    catalog_dir: Path | str,
    item: ReviewItem,
    *,
    text: str,
    kind: str | None = None,
    name: str | None = None,
    today: dt.date | None = None,
) -> Place:
    """Add the item to the catalog as a place that quotes ``text``, and drop its review decision.

    ``kind`` and ``name`` default to the item's; its other written forms become aliases.

    Raises
    ------
    ReviewError
        If the text is not a catalog source, the item is a line or has no position, or the kind is unknown.
    CatalogError
        If the catalog would not validate (nothing is written).
    """
    kind = kind or item.place_kind
    if kind is None:
        raise ReviewError(f"{item.name} is a {item.kind}, a line: add it to the corridors by hand, with its route")
    if kind not in PLACE_KINDS:
        raise ReviewError(f"{kind!r} is not a place kind (one of: {', '.join(PLACE_KINDS)})")
    if item.lat is None or item.lon is None:
        raise ReviewError(f"{item.name} has no position yet: place it on the map first")
    if name and name != item.name:
        item = replace(item, name=name, written=(*item.written, item.name))
    catalog_dir = Path(catalog_dir)
    today = today or dt.date.today()
    with catalog_write_lock(catalog_dir):
        catalog = load_catalog(catalog_dir)
        source_id = text_source_id(catalog, text)
        if source_id is None:
            raise ReviewError("save the text as a source first: an accepted place quotes it")
        place_id = _new_id(item.name, catalog)
        mentions = [Mention(place_id, a, b, text[a:b]) for a, b in item.spans]
        quotes = quotes_by_entity(text, mentions, source_id).get(place_id, [])
        entry = _place_entry(item, place_id, kind, catalog, source_id, quotes, today)
        files: dict[str, str] = {}
        decision = matching_decision(item, catalog.review.values())
        if decision is not None:
            origin = catalog.origins[decision.id]
            files[origin] = remove_section_entry(_read(catalog_dir, origin), "review", decision.id)
        places_file = PLACES_FILE if (catalog_dir / PLACES_FILE).exists() else _file_of(catalog, "places")
        raw = files.get(places_file) or _read(catalog_dir, places_file)
        files[places_file] = append_section_entry(raw, "places", entry)
        write_catalog_files(catalog_dir, catalog, files)
        return Place.model_validate(entry)


def _place_entry(
    item: ReviewItem, place_id: str, kind: str, catalog: Catalog, source_id: str, quotes: list, today: dt.date
) -> dict[str, Any]:
    source = catalog.sources[source_id]
    by_table = item.place is not None and not item.placed_by_hand
    town_point = by_table and item.place.harbour is None and item.place.site is None
    exact = town_point and kind in TOWN_KINDS
    if item.placed_by_hand:
        note = f"placed by hand on the map when reviewing {source_id} on {today.isoformat()}"
        where = {"title": f"{source.outlet}: {source.title}", "url": source.url, "used_for": "facts"}
    elif by_table and item.place.site:
        site = item.place.site
        exact = True
        note = site.note
        where = {"title": item.place.source, "url": site.source, "used_for": "coordinates"}
    else:
        assert item.place is not None
        if item.place.harbour:
            note = f"the harbour of UN/LOCODE {item.place.harbour} in the searoute package's port table"
        elif exact:
            note = None
        else:
            note = (
                f"the town point of GeoNames {item.place.geonameid} ({item.place.name}); the {kind}'s own position "
                "is not known"
            )
        where = {
            "title": item.place.source,
            "url": geonames_url(item.place.geonameid),
            "used_for": "coordinates",
        }
    entry: dict[str, Any] = {
        "id": place_id,
        "name": item.name,
        "kind": kind,
        "aliases": _aliases(item),
        "countries": _countries(item),
        "lat": round(float(item.lat), 5),
        "lon": round(float(item.lon), 5),
        "precision": "exact" if exact else "approximate",
        "location_note": note,
        "position": "town" if town_point else "site",
        "sources": [where],
        "quotes": [quote.model_dump() for quote in quotes],
        "notes": f"Accepted from the review of {source_id} on {today.isoformat()}.",
    }
    return {key: value for key, value in entry.items() if value not in (None, [])}


def _countries(item: ReviewItem) -> list[str]:
    """The ISO alpha-3 codes of the item's countries, as the gazetteer (or the site table) gives them."""
    if item.place is None:
        return []
    codes = item.place.site.country if item.place.site else [item.place.country]
    return [code for code in map(iso3_code, codes) if code]


def _aliases(item: ReviewItem) -> list[str]:
    """Other names of the item as they stand in a dictionary: the gazetteer's listed names for the written forms,
    and the written forms themselves unless Russian and declined ("Кызылорды" is not a name, "Жетыбай" is)."""
    names: list[str] = []
    if item.place is not None and item.place.site:
        forms = {fold_name(written) for written in item.written}
        names.extend(name for name in item.place.site.names if fold_name(name) in forms)
    elif item.place is not None:
        names.extend(listed_names(item.place.geonameid, item.written))
    names.extend(written for written in item.written if not is_russian(written) or _is_nominative(written))
    seen = {fold_name(item.name)}
    aliases = []
    for name in names:
        if fold_name(name) not in seen:
            seen.add(fold_name(name))
            aliases.append(name)
    return aliases


def _is_nominative(written: str) -> bool:
    """True if the Russian form as written is its own dictionary form (every word of it)."""
    return all(word.lower() in dictionary_forms(word) for word in written.split())


def mark_alias(catalog_dir: Path | str, item: ReviewItem, entity_id: str) -> list[str]:
    """Add the item's written forms (those the entity does not already have) as aliases of ``entity_id``.

    Returns the aliases added.
    """
    catalog_dir = Path(catalog_dir)
    with catalog_write_lock(catalog_dir):
        catalog = load_catalog(catalog_dir)
        try:
            entity = catalog.entity(entity_id)
        except KeyError:
            raise ReviewError(f"the catalog has no entity {entity_id!r}") from None
        known = {fold_name(name) for name in (entity.name, *entity.aliases)}
        added = []
        for name in [*_aliases(item), item.name]:
            if fold_name(name) not in known:
                known.add(fold_name(name))
                added.append(name)
        if not added:
            raise ReviewError(f"{entity.name} already has the name {item.name!r}")
        origin = catalog.origins[entity_id]
        section = next(s for s in ("corridors", "places", "formats") if entity_id in getattr(catalog, s))
        files = {origin: append_entity_items(_read(catalog_dir, origin), section, entity_id, "aliases", added)}
        decision = matching_decision(item, catalog.review.values())
        if decision is not None:
            review_file = catalog.origins[decision.id]
            raw = files.get(review_file) or _read(catalog_dir, review_file)
            files[review_file] = remove_section_entry(raw, "review", decision.id)
        write_catalog_files(catalog_dir, catalog, files)
        return added


def place_by_hand(
    catalog_dir: Path | str, item: ReviewItem, lat: float, lon: float, *, today: dt.date | None = None
) -> ReviewDecision:
    """Keep ``(lat, lon)``, clicked on the map, as the item's position (replacing an earlier placing)."""
    return _decide(catalog_dir, item, "placed", today, lat=round(float(lat), 5), lon=round(float(lon), 5))


def reject(
    catalog_dir: Path | str, item: ReviewItem, *, note: str | None = None, today: dt.date | None = None
) -> ReviewDecision:
    """Remember that the item is not a place to map, so the queue does not offer it again."""
    return _decide(catalog_dir, item, "rejected", today, note=note)


def _decide(
    catalog_dir: Path | str, item: ReviewItem, decision: str, today: dt.date | None, **fields: Any
) -> ReviewDecision:
    catalog_dir = Path(catalog_dir)
    today = today or dt.date.today()
    with catalog_write_lock(catalog_dir):
        catalog = load_catalog(catalog_dir)
        earlier = matching_decision(item, catalog.review.values())
        review_file = catalog.origins[earlier.id] if earlier else _file_of(catalog, "review", REVIEW_FILE)
        path = catalog_dir / review_file
        raw = path.read_text(encoding="utf-8") if path.exists() else _REVIEW_HEADER
        if earlier is not None:
            raw = remove_section_entry(raw, "review", earlier.id)
        entry = {
            "id": earlier.id if earlier else _new_id(f"review {item.name}", catalog),
            "name": item.name,
            "decision": decision,
            "written": list(dict.fromkeys([*(earlier.written if earlier else ()), *item.written])),
            "geonameid": item.place.geonameid if item.place else None,
            **fields,
            "decided": today.isoformat(),
        }
        entry = {key: value for key, value in entry.items() if value is not None}
        validated = ReviewDecision.model_validate(entry)
        write_catalog_files(catalog_dir, catalog, {review_file: append_section_entry(raw, "review", entry)})
        return validated


def _new_id(name: str, catalog: Catalog) -> str:
    """A kebab-case id from the name, unique in the catalog."""
    return derive_source_id(re.sub(r"[()]", " ", name), "", set(catalog.origins))


def _file_of(catalog: Catalog, section: str, default: str = PLACES_FILE) -> str:
    table = getattr(catalog, section)
    return next(iter(sorted({catalog.origins[i] for i in table})), default)


def _read(catalog_dir: Path, relative: str) -> str:
    return (catalog_dir / relative).read_text(encoding="utf-8")
