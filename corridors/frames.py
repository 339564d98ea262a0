"""The catalog as GeoDataFrames (EPSG:4326): one row per entity, and one per corridor leg."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import LineString, Point

from corridors.catalog import Catalog
from corridors.history import history_rows, leg_history
from corridors.schema import Corridor, Format, Leg, Place
from geo.build import merge_lines, route_line
from geo.measure import geodesic_length_km

#: Columns of :func:`entities_frame`, in order; user layers are brought to the same shape.
ENTITY_COLUMNS = [
    "id",
    "name",
    "label",
    "kind",
    "capital",
    "modes",
    "status",
    "status_as_of",
    "claimed_status",
    "countries",
    "aliases",
    "precision",
    "length_km",
    "quotes",
    "sources",
    "notes",
    "origin",
    "geometry",
]
#: Columns of :func:`entities_frame`: :data:`ENTITY_COLUMNS` plus each entity's dated ``status_history``
#: (user layers carry none).
CATALOG_COLUMNS = [*ENTITY_COLUMNS[:-1], "status_history", "geometry"]


def leg_line(catalog: Catalog, leg: Leg) -> LineString:
    """The line of one leg through its nodes' coordinates."""
    nodes = [(catalog.places[node].lon, catalog.places[node].lat) for node in leg.path]
    return route_line(nodes, great_circle=leg.mode == "air")


def legs_frame(catalog: Catalog) -> gpd.GeoDataFrame:
    """One row per corridor leg, with mode, status, branch and geodesic length in km."""
    rows = []
    for corridor in catalog.corridors.values():
        for index, leg in enumerate(corridor.legs):
            line = leg_line(catalog, leg)
            rows.append(
                {
                    "corridor_id": corridor.id,
                    "corridor_name": corridor.name,
                    "leg": index,
                    "branch": leg.branch,
                    "mode": leg.mode,
                    "status": leg.status or corridor.status.value,
                    "status_history": history_rows(leg_history(corridor, index)),
                    "surface": leg.resolved_surface,
                    "path": list(leg.path),
                    "from_name": catalog.places[leg.path[0]].name,
                    "to_name": catalog.places[leg.path[-1]].name,
                    "length_km": round(geodesic_length_km(line), 1),
                    "note": leg.note,
                    "geometry": line,
                }
            )
    columns = [
        "corridor_id",
        "corridor_name",
        "leg",
        "branch",
        "mode",
        "status",
        "status_history",
        "surface",
        "path",
        "from_name",
        "to_name",
        "length_km",
        "note",
        "geometry",
    ]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=4326)


def entities_frame(catalog: Catalog) -> gpd.GeoDataFrame:
    """One row per catalog entity; corridors carry their total geodesic ``length_km``."""
    rows = [_entity_row(catalog, entity) for entity in catalog.entities()]
    return gpd.GeoDataFrame(rows, columns=CATALOG_COLUMNS, geometry="geometry", crs=4326)


def _entity_row(catalog: Catalog, entity: Corridor | Place | Format) -> dict:
    row = {
        "id": entity.id,
        "name": entity.name,
        "label": entity.label or entity.name,
        "kind": entity.kind,
        "capital": bool(getattr(entity, "capital", False)),
        "modes": [],
        "status": None,
        "status_as_of": None,
        "claimed_status": [claim.model_dump(exclude_none=True) for claim in getattr(entity, "claimed_status", [])],
        "countries": list(entity.countries),
        "aliases": list(entity.aliases),
        "precision": "exact",
        "length_km": None,
        "quotes": [quote.model_dump(include={"source", "start", "end", "text", "method"}) for quote in entity.quotes],
        "sources": [source.model_dump(exclude_none=True) for source in entity.sources],
        "notes": entity.notes,
        "origin": catalog.origins.get(entity.id),
        "status_history": history_rows(getattr(entity, "status_history", [])),
    }
    if isinstance(entity, Corridor):
        lines = [leg_line(catalog, leg) for leg in entity.legs]
        geometry = merge_lines(lines)
        row.update(
            modes=entity.modes,
            status=entity.status.value,
            status_as_of=entity.status.as_of,
            length_km=round(sum(geodesic_length_km(line) for line in lines), 1),
            geometry=geometry,
        )
    elif isinstance(entity, Place):
        row.update(
            precision=entity.precision,
            status=entity.status.value if entity.status else None,
            status_as_of=entity.status.as_of if entity.status else None,
            geometry=Point(entity.lon, entity.lat),
        )
    else:
        members = [catalog.places[member] for member in entity.members]
        ring = [(m.lon, m.lat) for m in members] + ([(members[0].lon, members[0].lat)] if len(members) > 2 else [])
        row.update(geometry=LineString(ring))
    return row


#: The kind of a place the gazetteer located from a text (not reviewed, not in the catalog).
AUTO_LOCATED_KIND = "auto-located"


def auto_places_frame(places: list[dict]) -> gpd.GeoDataFrame:
    """Places located by the gazetteer (``corridors.text.gazetteer``) as entity rows of :data:`ENTITY_COLUMNS`.

    Each dict has ``id``, ``name``, ``lat``, ``lon``, ``country`` (ISO alpha-2), ``note`` and ``quotes``.
    """
    rows = [
        {
            "id": place["id"],
            "name": place["name"],
            "label": f"{place['name']} (auto-located)",
            "kind": AUTO_LOCATED_KIND,
            "capital": False,
            "modes": [],
            "status": None,
            "status_as_of": None,
            "claimed_status": [],
            "countries": [],
            "aliases": list(place.get("written", [])),
            "precision": "approximate",
            "length_km": None,
            "quotes": list(place.get("quotes", [])),
            "sources": [],
            "notes": place["note"],
            "origin": "gazetteer",
            "geometry": Point(place["lon"], place["lat"]),
        }
        for place in places
    ]
    return gpd.GeoDataFrame(rows, columns=ENTITY_COLUMNS, geometry="geometry", crs=4326)
