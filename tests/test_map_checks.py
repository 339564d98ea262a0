"""The catalog against the basemap: coasts, land and sea legs, countries crossed; and the geo helpers."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import LineString

from corridors.catalog import load_catalog
from corridors.mapcheck import check_against_map
from geo.basemap import land_geometry
from geo.checks import countries_along, country_at, inland_crossings_km, length_outside_km
from geo.measure import geodesic_distance_km, geodesic_length_km


def map_problems(directory, countries):
    return check_against_map(load_catalog(directory), countries)


def matching(problems, *, entity, field, pattern=None):
    found = [p for p in problems if p.entity == entity and p.field == field]
    if pattern is not None:
        found = [p for p in found if re.search(pattern, p.message)]
    assert found, f"no {entity}: {field} problem matching {pattern!r}; got:\n" + "\n".join(map(str, problems))
    return found


@pytest.fixture(scope="module")
def land(countries):
    return land_geometry(countries)


def test_shipped_catalog_passes_the_map_checks(shipped_catalog, countries):
    assert check_against_map(shipped_catalog, countries) == []


def test_swapped_coordinates_of_a_port(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        place = doc.entry("places", "aktau-port")
        place["lat"], place["lon"] = place["lon"], place["lat"]
    problems = map_problems(catalog_dir, countries)
    found = matching(problems, entity="aktau-port", field="lat/lon")
    assert all(p.file == "places.yaml" for p in found)
    assert any(re.search(r"swapped|not in KAZ|coast", p.message) for p in found)
    # the swap is recognised as such
    assert any("swapped" in p.message for p in found)


def test_port_moved_inland(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "kuryk-port")["lon"] += 0.8
    problems = map_problems(catalog_dir, countries)
    (problem,) = matching(problems, entity="kuryk-port", field="lat/lon", pattern=r"from the coast")
    km = int(re.search(r"lies (\d+) km from the coast", problem.message).group(1))
    assert km > 5


def test_port_just_off_the_coast_is_accepted(catalog_dir, edit_yaml, countries):
    # a tiny nudge stays within the coast tolerance
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "kuryk-port")["lat"] += 0.005
    problems = map_problems(catalog_dir, countries)
    assert not [p for p in problems if p.entity == "kuryk-port"]


def test_a_river_port_stands_on_land_by_its_river_not_on_the_coast(catalog_dir, edit_yaml, countries):
    problems = map_problems(catalog_dir, countries)
    assert not [p for p in problems if p.entity == "astrakhan-port"]  # 60 km up the Volga, declared a river port
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        del doc.entry("places", "astrakhan-port")["river"]
    matching(map_problems(catalog_dir, countries), entity="astrakhan-port", field="lat/lon", pattern="from the coast")
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        port = doc.entry("places", "astrakhan-port")
        port["river"] = "Volga"
        port["lon"] = 49.5  # out in the Caspian
    matching(map_problems(catalog_dir, countries), entity="astrakhan-port", field="lat/lon", pattern="in water")


def test_ferry_leg_without_its_sea_waypoint_crosses_land(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        legs = doc.entry("corridors", "trans-caspian-route")["legs"]
        index = next(
            i for i, leg in enumerate(legs) if leg["path"] == ["aktau-port", "absheron-sea-waypoint", "baku-port-alat"]
        )
        legs[index]["path"] = ["aktau-port", "baku-port-alat"]
    problems = map_problems(catalog_dir, countries)
    (problem,) = matching(
        problems, entity="trans-caspian-route", field=f"legs.{index}", pattern=r"crosses [\d.]+ km of land"
    )
    assert problem.file == "corridors.yaml"
    assert float(re.search(r"crosses ([\d.]+) km of land", problem.message).group(1)) > 20


def test_wrong_countries_for_a_corridor(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        doc.entry("corridors", "china-kyrgyzstan-uzbekistan-railway")["countries"] = ["CHN", "TJK", "UZB"]
    problems = map_problems(catalog_dir, countries)
    (problem,) = matching(problems, entity="china-kyrgyzstan-uzbekistan-railway", field="countries")
    assert "TJK" in problem.message
    assert "KGZ" in problem.message
    assert "CHN → KGZ → UZB" in problem.message


def test_countries_declared_in_the_wrong_order(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        doc.entry("corridors", "china-kyrgyzstan-uzbekistan-railway")["countries"] = ["UZB", "KGZ", "CHN"]
    problems = map_problems(catalog_dir, countries)
    (problem,) = matching(problems, entity="china-kyrgyzstan-uzbekistan-railway", field="countries", pattern="order")
    assert "CHN → KGZ → UZB" in problem.message


def test_rail_leg_across_the_caspian_lies_in_water(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        corridor = doc.entry("corridors", "aktau-baku-flight")
        corridor["legs"].append({"path": ["aktau-port", "baku"], "mode": "rail", "branch": "impossible rail"})
    problems = map_problems(catalog_dir, countries)
    (problem,) = matching(problems, entity="aktau-baku-flight", field="legs.1", pattern=r"lies in water")
    water_km = float(re.search(r"([\d.]+) km of this land leg lies in water", problem.message).group(1))
    assert water_km > 200  # most of the ~400 km crossing


def test_land_leg_with_declared_water_crossing_is_accepted(catalog_dir, edit_yaml, countries):
    # the Türkiye leg crosses the Bosphorus; without its water_crossing_km it must be flagged
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        legs = doc.entry("corridors", "trans-caspian-route")["legs"]
        index = next(i for i, leg in enumerate(legs) if leg.get("water_crossing_km"))
        del legs[index]["water_crossing_km"]
    problems = map_problems(catalog_dir, countries)
    matching(problems, entity="trans-caspian-route", field=f"legs.{index}", pattern=r"lies in water")


def test_sea_placed_on_land(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        sea = doc.entry("places", "caspian-sea")
        sea["lat"], sea["lon"] = 43.2389, 76.8897  # Almaty
    problems = map_problems(catalog_dir, countries)
    matching(problems, entity="caspian-sea", field="lat/lon", pattern=r"on land in KAZ")


def test_city_in_the_wrong_country(catalog_dir, edit_yaml, countries):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "yerevan")["countries"] = ["GEO"]
    problems = map_problems(catalog_dir, countries)
    matching(problems, entity="yerevan", field="lat/lon", pattern=r"lies in ARM, not in GEO")


# --- geo.checks and geo.measure ----------------------------------------------------------------


def test_countries_along_the_railway_from_tbilisi_to_kars(shipped_catalog, countries):
    # the Baku–Tbilisi–Kars line via Marabda and Akhalkalaki: Georgia, then Türkiye
    places = shipped_catalog.places
    nodes = ["tbilisi", "marabda", "akhalkalaki", "kars"]
    line = LineString([(places[n].lon, places[n].lat) for n in nodes])
    assert countries_along(line, countries) == ["GEO", "TUR"]


def test_countries_along_the_straight_line_from_tbilisi_to_kars(shipped_catalog, countries):
    # the straight line cuts the north-west corner of Armenia; the order is kept
    tbilisi, kars = shipped_catalog.places["tbilisi"], shipped_catalog.places["kars"]
    line = LineString([(tbilisi.lon, tbilisi.lat), (kars.lon, kars.lat)])
    assert countries_along(line, countries) == ["GEO", "ARM", "TUR"]
    reverse = LineString([(kars.lon, kars.lat), (tbilisi.lon, tbilisi.lat)])
    assert countries_along(reverse, countries) == ["TUR", "ARM", "GEO"]


def test_countries_along_ignores_open_water_and_stays_in_one_country(countries):
    assert countries_along(LineString([(50.0, 42.5), (51.0, 41.5)]), countries) == []  # mid-Caspian
    assert countries_along(LineString([(71.43, 51.17), (76.94, 43.27)]), countries) == ["KAZ"]  # Astana–Almaty


def test_country_at(countries):
    assert country_at(49.8671, 40.4093, countries) == "AZE"  # Baku
    assert country_at(50.5, 42.0, countries) is None  # Caspian Sea


def test_length_outside_and_inland_crossings(land):
    sea = LineString([(50.0, 42.5), (51.0, 41.5)])
    assert length_outside_km(sea, land) == pytest.approx(geodesic_length_km(sea), rel=1e-6)
    assert inland_crossings_km(sea, land, shore_km=20) == 0.0
    # Baku to Tbilisi is all land
    overland = LineString([(49.87, 40.41), (44.78, 41.72)])
    assert length_outside_km(overland, land) < 1.0
    # a stretch of land from an end of the line is allowed up to shore_km; the rest counts
    total = geodesic_length_km(overland)
    assert inland_crossings_km(overland, land, shore_km=20) == pytest.approx(total - 20, abs=2)
    assert inland_crossings_km(overland, land, shore_km=total + 1) == 0.0


def test_geodesic_length_of_a_degree_of_meridian_at_the_equator():
    assert geodesic_length_km(LineString([(0.0, 0.0), (0.0, 1.0)])) == pytest.approx(110.574, abs=0.1)


def test_geodesic_length_sums_segments_and_handles_empty():
    line = LineString([(0.0, 0.0), (0.0, 1.0), (0.0, 2.0)])
    assert geodesic_length_km(line) == pytest.approx(
        geodesic_distance_km(0, 0, 0, 1) + geodesic_distance_km(0, 1, 0, 2), rel=1e-9
    )
    assert geodesic_length_km(LineString()) == 0.0
    assert geodesic_length_km(None) == 0.0


def test_geodesic_distance_of_a_degree_of_longitude_at_the_equator():
    assert geodesic_distance_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.319, abs=0.1)
