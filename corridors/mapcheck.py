"""Check the catalog against the basemap: places on their coasts, legs on land or at sea, countries crossed."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point

from corridors.catalog import Catalog
from corridors.errors import Problem
from corridors.frames import leg_line
from corridors.schema import WATERSIDE_KINDS, Corridor, Place
from geo.basemap import REGION_BOUNDS, land_geometry
from geo.checks import coast_distance_km, countries_along, country_at, inland_crossings_km, length_outside_km
from geo.measure import geodesic_distance_km

#: A port or terminal may lie at most this far from the basemap's coastline, in km.
COAST_TOLERANCE_KM = 5.0
#: A node may lie this far across a border of its declared country (1:10m borders), in km.
BORDER_TOLERANCE_KM = 3.0
#: A land leg may cross this much water (rivers, straits by bridge or tunnel), in km.
LAND_LEG_WATER_KM = 3.0
#: A sea leg may run this far over land from each end to reach the shore, in km.
SEA_LEG_SHORE_KM = 20.0
#: A sea leg may touch this much land (spits, quays on the 1:10m coastline), in km.
SEA_LEG_LAND_KM = 0.5

WATER_KINDS = {"sea", "field", "waypoint"}


def check_against_map(catalog: Catalog, countries: gpd.GeoDataFrame) -> list[Problem]:
    """Every problem found comparing the catalog with the basemap ``countries``."""
    land = land_geometry(countries)
    problems: list[Problem] = []
    for place in catalog.places.values():
        problems.extend(_check_place(catalog, place, countries, land))
    for corridor in catalog.corridors.values():
        problems.extend(_check_corridor(catalog, corridor, countries, land))
    return problems


def _check_place(catalog: Catalog, place: Place, countries: gpd.GeoDataFrame, land) -> list[Problem]:
    origin = catalog.origins[place.id]

    def problem(field: str, message: str) -> Problem:
        return Problem(origin, place.id, field, message)

    lon_min, lat_min, lon_max, lat_max = REGION_BOUNDS
    if not (lon_min <= place.lon <= lon_max and lat_min <= place.lat <= lat_max):
        return [
            problem("lat/lon", f"({place.lat}, {place.lon}) is outside the map region{_swap_hint(place, countries)}")
        ]
    found = country_at(place.lon, place.lat, countries)
    on_the_coast = place.kind in WATERSIDE_KINDS and place.river is None  # a river port stands on its river
    problems = []
    if found is None:
        if on_the_coast:
            pass  # checked against the coast below
        elif place.kind not in WATER_KINDS:
            distance = coast_distance_km(place.lon, place.lat, land)
            if distance > BORDER_TOLERANCE_KM:
                problems.append(
                    problem(
                        "lat/lon",
                        f"a {place.kind} lies in water {distance:.0f} km from land{_swap_hint(place, countries)}",
                    )
                )
    else:
        if place.kind == "sea":
            problems.append(problem("lat/lon", f"a {place.kind} lies on land in {found}"))
        elif place.countries and found not in place.countries and not _near_declared(place, countries):
            declared = ", ".join(place.countries)
            problems.append(problem("lat/lon", f"lies in {found}, not in {declared}{_swap_hint(place, countries)}"))
    if on_the_coast:
        distance = coast_distance_km(place.lon, place.lat, land)
        if distance > COAST_TOLERANCE_KM:
            problems.append(
                problem(
                    "lat/lon",
                    f"a {place.kind} lies {distance:.0f} km from the coast (at most {COAST_TOLERANCE_KM:.0f} km){_swap_hint(place, countries)}",
                )
            )
    return problems


def _near_declared(place: Place, countries: gpd.GeoDataFrame) -> bool:
    declared = countries[countries["iso3"].isin(place.countries)]
    if declared.empty:
        return False
    point = Point(place.lon, place.lat)
    nearest = declared.geometry.boundary.union_all().interpolate(declared.geometry.boundary.union_all().project(point))
    return geodesic_distance_km(place.lon, place.lat, nearest.x, nearest.y) <= BORDER_TOLERANCE_KM


def _with_border_ends(catalog: Catalog, path: list[str], found: list[str], countries: gpd.GeoDataFrame) -> list[str]:
    """``found`` with a leg's end node counted in its declared country when it lies just across that border.

    The 1:10m borders put some border towns (e.g. Alashankou) a little inside the neighbour; such a node counts in
    its one declared country if it is within :data:`BORDER_TOLERANCE_KM` of it, as the place check allows.
    """
    result = list(found)
    first, last = catalog.places[path[0]], catalog.places[path[-1]]
    if len(first.countries) == 1 and first.countries[0] not in result and _near_declared(first, countries):
        result.insert(0, first.countries[0])
    if len(last.countries) == 1 and last.countries[0] not in result and _near_declared(last, countries):
        result.append(last.countries[0])
    return result


def _swap_hint(place: Place, countries: gpd.GeoDataFrame) -> str:
    """Suggest swapped coordinates when lat/lon swapped would put the place in a declared country."""
    lon, lat = place.lat, place.lon
    if not place.countries or not (-90 <= lat <= 90):
        return ""
    if country_at(lon, lat, countries) in place.countries:
        return f"; are lat and lon swapped? (lat {lat}, lon {lon} lies in {country_at(lon, lat, countries)})"
    return ""


def _check_corridor(catalog: Catalog, corridor: Corridor, countries: gpd.GeoDataFrame, land) -> list[Problem]:
    origin = catalog.origins[corridor.id]
    problems = []
    crossed: list[str] = []
    for index, leg in enumerate(corridor.legs):
        line = leg_line(catalog, leg)
        label = f"{leg.mode} {leg.path[0]} → {leg.path[-1]}"
        surface = leg.resolved_surface
        if surface == "land":
            water = length_outside_km(line, land)
            allowed = LAND_LEG_WATER_KM + leg.water_crossing_km
            if water > allowed:
                problems.append(
                    Problem(
                        origin,
                        corridor.id,
                        f"legs.{index}",
                        f"{label}: {water:.1f} km of this land leg lies in water (at most {allowed:.1f} km)",
                    )
                )
        elif surface == "sea":
            on_land = inland_crossings_km(line, land, shore_km=SEA_LEG_SHORE_KM)
            if on_land > SEA_LEG_LAND_KM:
                problems.append(
                    Problem(
                        origin,
                        corridor.id,
                        f"legs.{index}",
                        f"{label}: this sea leg crosses {on_land:.1f} km of land; add sea waypoints",
                    )
                )
        if surface != "land":
            ends = [catalog.places[leg.path[0]], catalog.places[leg.path[-1]]]
            leg_countries = [c for c in (country_at(p.lon, p.lat, countries) for p in ends) if c]
        else:
            leg_countries = _with_border_ends(catalog, leg.path, countries_along(line, countries), countries)
        for code in leg_countries:
            if code not in crossed:
                crossed.append(code)
    if crossed != list(corridor.countries):
        if set(crossed) == set(corridor.countries):
            message = (
                f"declared {' → '.join(corridor.countries)} but the legs cross them in the order {' → '.join(crossed)}"
            )
        else:
            missing = [c for c in crossed if c not in corridor.countries]
            extra = [c for c in corridor.countries if c not in crossed]
            parts = []
            if missing:
                parts.append(f"crosses {', '.join(missing)} which is not declared")
            if extra:
                parts.append(f"declares {', '.join(extra)} which no leg crosses")
            message = f"{'; '.join(parts)} (crossed in order: {' → '.join(crossed)})"
        problems.append(Problem(origin, corridor.id, "countries", message))
    return problems
