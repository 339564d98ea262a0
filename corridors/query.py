"""Filtering and lookup over the entity and leg frames (what the dashboard shows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from corridors.schema import MODES


@dataclass(frozen=True)
class Filters:
    """What to show; an empty collection means nothing of that facet is selected."""

    modes: Collection[str] = field(default_factory=tuple)
    statuses: Collection[str] = field(default_factory=tuple)
    countries: Collection[str] = field(default_factory=tuple)
    kinds: Collection[str] = field(default_factory=tuple)
    search: str = ""
    show_formats: bool = False


def user_lines_as_legs(layers: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """User-layer line features shaped like catalog legs (one leg each, ``columns`` as in ``legs_frame``)."""
    lines = layers[layers.geometry.geom_type.isin(["LineString", "MultiLineString"])]
    rows = []
    for row in lines.itertuples(index=False):
        mode = row.modes[0] if row.modes and row.modes[0] in MODES else "road"
        rows.append(
            {
                "corridor_id": row.id,
                "corridor_name": row.name,
                "leg": 0,
                "branch": "user layer",
                "mode": mode,
                "status": row.status if isinstance(row.status, str) else "operating",
                "surface": None,
                "path": [],
                "from_name": "",
                "to_name": "",
                "length_km": row.length_km,
                "note": None,
                "geometry": row.geometry,
            }
        )
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=4326)


def facet_values(entities: gpd.GeoDataFrame, legs: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """Every value each filter can take, in a stable order."""
    countries = sorted({c for cs in entities["countries"] for c in (cs or [])})
    statuses = [
        s
        for s in ("operating", "construction", "proposed", "shelved", "cancelled")
        if s in set(legs["status"]) | set(entities["status"].dropna())
    ]
    return {
        "modes": [m for m in MODES if m in set(legs["mode"])],
        "statuses": statuses,
        "countries": countries,
        "kinds": sorted(set(entities["kind"]) - {"waypoint", "format"}),
    }


def matches_search(entities: gpd.GeoDataFrame, search: str) -> pd.Series:
    """Rows whose id, name or any alias contains ``search`` (case-insensitive)."""
    needle = search.strip().casefold()
    if not needle:
        return pd.Series(True, index=entities.index)
    return entities.apply(
        lambda row: (
            needle in row["name"].casefold()
            or needle in row["id"].casefold()
            or any(needle in alias.casefold() for alias in (row["aliases"] or []))
        ),
        axis=1,
    )


def apply_filters(
    entities: gpd.GeoDataFrame, legs: gpd.GeoDataFrame, filters: Filters
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The entities and legs to draw.

    Legs are kept when their mode and status are selected and their corridor
    crosses a selected country (or declares none, as user layers may); a corridor is shown while any leg is. Places
    are kept by kind, country and status (places without a status pass the
    status filter). The search narrows everything to matching names or aliases,
    plus the places the matching corridors pass through.
    """
    countries = set(filters.countries)
    corridor_countries = dict(zip(entities["id"], entities["countries"]))
    keep_leg = (
        legs["mode"].isin(list(filters.modes))
        & legs["status"].isin(list(filters.statuses))
        & legs["corridor_id"].map(
            lambda cid: not corridor_countries.get(cid) or bool(countries.intersection(corridor_countries[cid]))
        )
    )
    if "corridor" not in filters.kinds:
        keep_leg &= False
    found = matches_search(entities, filters.search)
    if filters.search.strip():
        keep_leg &= legs["corridor_id"].isin(set(entities.loc[found, "id"]))
    shown_legs = legs[keep_leg]
    shown_corridors = set(shown_legs["corridor_id"])

    is_line = entities["id"].isin(set(legs["corridor_id"]))
    place_ok = (
        (entities["kind"].isin(list(filters.kinds)) | ((entities["kind"] == "format") & filters.show_formats))
        & (entities["status"].isna() | entities["status"].isin(list(filters.statuses)))
        & entities["countries"].map(lambda cs: not cs or bool(countries.intersection(cs)))
        & (entities["kind"] != "waypoint")
    )
    if filters.search.strip():
        nodes = {node for path in shown_legs["path"] for node in (path or [])}
        place_ok &= found | entities["id"].isin(nodes)
    keep = (is_line & entities["id"].isin(shown_corridors)) | (~is_line & place_ok)
    return entities[keep], shown_legs


def nearest_entity(entities: gpd.GeoDataFrame, lon: float, lat: float, *, max_distance_deg: float) -> str | None:
    """Id of the point (preferred) or line nearest to a clicked position, within ``max_distance_deg``."""
    if entities.empty:
        return None
    click = Point(lon, lat)
    distances = entities.geometry.distance(click)
    is_point = entities.geometry.geom_type == "Point"
    for mask in (is_point, ~is_point):
        candidates = distances[mask & (distances <= max_distance_deg)]
        if not candidates.empty:
            return str(entities.loc[candidates.idxmin(), "id"])
    return None


def with_text_quotes(
    entities: gpd.GeoDataFrame, legs: gpd.GeoDataFrame, quotes_by_id: dict[str, list[dict]]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Only the entities a text mentions, each carrying that text's quotes instead of the catalog's."""
    mentioned = entities[entities["id"].isin(list(quotes_by_id))].copy()
    mentioned["quotes"] = [quotes_by_id[entity_id] for entity_id in mentioned["id"]]
    return mentioned, legs[legs["corridor_id"].isin(list(quotes_by_id))]


def status_steps(history) -> list[list[str]]:
    """A dated status history as ``[[first day (ISO), status], …]`` in order (``0001-01-01``: before the records)."""
    from corridors.history import date_text_start

    return [[date_text_start(step["since"]).isoformat(), step["value"]] for step in (history or [])]


def status_on_date(steps: list[list[str]], current: str | None, on: dt.date) -> str | None:
    """The status on ``on`` from :func:`status_steps`; without steps, the ``current`` status; ``None``: not yet."""
    if not steps:
        return current
    day, status = on.isoformat(), None
    for start, value in steps:
        if start > day:
            break
        status = value
    return status


def frames_as_of(
    entities: gpd.GeoDataFrame, legs: gpd.GeoDataFrame, on: dt.date
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Entities and legs as they stood on ``on``: each status on that date, and what did not exist yet left out.

    Rows without a dated history (user layers, places with no status) keep their status. A corridor's own
    status becomes that of its most advanced leg on the date.
    """
    from corridors.history import STATUS_RANK

    def as_of(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        frame = frame.copy()
        histories = frame["status_history"] if "status_history" in frame else [None] * len(frame)
        frame["status"] = [
            status_on_date(status_steps(history), current if isinstance(current, str) else None, on)
            for history, current in zip(histories, frame["status"])
        ]
        return frame

    legs = as_of(legs)
    legs = legs[legs["status"].notna()]
    entities = as_of(entities)
    by_corridor = legs.groupby("corridor_id")["status"].agg(lambda s: max(s, key=STATUS_RANK.get))
    is_corridor = entities["id"].isin(set(by_corridor.index))
    entities.loc[is_corridor, "status"] = entities.loc[is_corridor, "id"].map(by_corridor)
    had_legs = entities["kind"].eq("corridor") & ~is_corridor & entities["status_history"].map(bool)
    dated_out = entities["status"].isna() & entities["status_history"].map(bool)
    return entities[~(had_legs | dated_out)], legs


def with_status_steps(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with a ``status_steps`` column (:func:`status_steps`), for the browser map's "as of" filter."""
    histories = frame["status_history"] if "status_history" in frame else [None] * len(frame)
    return frame.assign(status_steps=[status_steps(h) if isinstance(h, list) else [] for h in histories])
