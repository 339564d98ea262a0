"""How well the catalog is placed and dated: position levels of places, dated histories of legs."""

from __future__ import annotations

from collections import Counter

from corridors.catalog import Catalog
from corridors.schema import Place

#: Position levels, most precise first.
POSITION_LEVELS = ("berth", "site", "town", "region")


def position_level(place: Place) -> str | None:
    """What the point stands on: the stated ``position``, else ``region`` for region-level points, seas and
    regions, ``town`` for cities; ``None`` for sea routing points and for places that do not say."""
    if place.position:
        return place.position
    if place.kind == "waypoint":
        return None
    if place.precision == "region-level" or place.kind in ("sea", "region"):
        return "region"
    if place.kind == "city":
        return "town"
    return None


def count_positions(catalog: Catalog) -> Counter:
    """Places by position level; ``unstated`` counts places (not routing points) whose level is unknown."""
    counts: Counter = Counter()
    for place in catalog.places.values():
        level = position_level(place)
        if level:
            counts[level] += 1
        elif place.kind != "waypoint":
            counts["unstated"] += 1
    return counts


def count_dated_legs(catalog: Catalog) -> tuple[int, int]:
    """``(legs with a dated status history of their own or their corridor's, all legs)``."""
    dated = total = 0
    for corridor in catalog.corridors.values():
        for leg in corridor.legs:
            total += 1
            dated += bool(leg.status_history or corridor.status_history)
    return dated, total


def coverage_lines(catalog: Catalog) -> list[str]:
    """Lines ``validate`` prints after its summary."""
    counts = count_positions(catalog)
    levels = ", ".join(f"{counts[level]} {level}-level" for level in POSITION_LEVELS)
    if counts["unstated"]:
        levels += f", {counts['unstated']} unstated"
    dated, total = count_dated_legs(catalog)
    sites = [p for p in catalog.places.values() if p.status]
    dated_sites = sum(bool(p.status_history) for p in sites)
    return [
        f"positions: {levels}",
        f"dated status history: {dated} of {total} legs, {dated_sites} of {len(sites)} sites with a status",
    ]
