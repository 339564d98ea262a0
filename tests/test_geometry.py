"""Corridor geometry: lines through nodes, leg lengths, and lengths against published figures."""

from __future__ import annotations

import re
from collections import deque

import pandas as pd
import pytest
from shapely.geometry import LineString, MultiLineString, Point

from corridors.frames import CATALOG_COLUMNS, entities_frame, leg_line, legs_frame
from geo.build import merge_lines, route_line
from geo.measure import geodesic_distance_km, geodesic_length_km

AKTAU_AIRPORT = (51.0919, 43.86)
BAKU = (49.8671, 40.4093)


# --- geo.build.route_line ------------------------------------------------------------------------


def test_surface_route_is_straight_between_nodes():
    nodes = [(51.0, 43.0), (52.0, 42.0), (53.5, 41.0)]
    line = route_line(nodes)
    assert list(line.coords) == nodes


def test_air_route_is_a_densified_great_circle():
    line = route_line([AKTAU_AIRPORT, BAKU], great_circle=True)
    coords = list(line.coords)
    assert len(coords) > 2
    assert coords[0] == pytest.approx(AKTAU_AIRPORT)
    assert coords[-1] == pytest.approx(BAKU)
    # the inserted points lie on the geodesic: the polyline is as long as the geodesic distance
    assert geodesic_length_km(line) == pytest.approx(geodesic_distance_km(*AKTAU_AIRPORT, *BAKU), rel=1e-4)
    # about one point every 25 km
    assert len(coords) >= geodesic_distance_km(*AKTAU_AIRPORT, *BAKU) // 25
    # and it differs from the straight line in degrees
    assert line != route_line([AKTAU_AIRPORT, BAKU])


def test_air_route_through_several_nodes_keeps_every_node():
    nodes = [(51.0, 43.0), (49.9, 40.4), (44.8, 41.7)]
    coords = list(route_line(nodes, great_circle=True).coords)
    for node in nodes:
        assert any(c == pytest.approx(node) for c in coords)
    assert coords[0] == pytest.approx(nodes[0]) and coords[-1] == pytest.approx(nodes[-1])


def test_short_air_route_keeps_its_two_ends():
    coords = list(route_line([(50.0, 40.0), (50.05, 40.05)], great_circle=True).coords)
    assert coords == [(50.0, 40.0), (50.05, 40.05)]


def test_route_needs_two_nodes():
    with pytest.raises(ValueError):
        route_line([(50.0, 40.0)])


def test_merge_lines_keeps_legs_apart():
    merged = merge_lines([LineString([(0, 0), (1, 1)]), LineString([(2, 2), (3, 3)])])
    assert isinstance(merged, MultiLineString)
    assert len(merged.geoms) == 2


# --- corridors.frames ----------------------------------------------------------------------------


def test_legs_frame_has_one_row_per_leg_with_geodesic_length(shipped_catalog):
    frame = legs_frame(shipped_catalog)
    assert len(frame) == sum(len(c.legs) for c in shipped_catalog.corridors.values())
    assert frame.crs.to_epsg() == 4326
    for row in frame.itertuples():
        corridor = shipped_catalog.corridors[row.corridor_id]
        leg = corridor.legs[row.leg]
        assert row.path == list(leg.path)
        assert row.mode == leg.mode
        assert row.length_km > 0
        assert row.length_km == pytest.approx(geodesic_length_km(leg_line(shipped_catalog, leg)), abs=0.05)
        start, end = shipped_catalog.places[leg.path[0]], shipped_catalog.places[leg.path[-1]]
        assert row.geometry.coords[0] == pytest.approx((start.lon, start.lat))
        assert row.geometry.coords[-1] == pytest.approx((end.lon, end.lat))
        if leg.mode != "air":
            assert len(row.geometry.coords) == len(leg.path)


def test_air_leg_in_legs_frame_follows_the_great_circle(shipped_catalog):
    frame = legs_frame(shipped_catalog)
    (row,) = frame[frame["mode"] == "air"].itertuples()
    start, end = (shipped_catalog.places[n] for n in (row.path[0], row.path[-1]))
    assert len(row.geometry.coords) > 2
    assert row.length_km == pytest.approx(geodesic_distance_km(start.lon, start.lat, end.lon, end.lat), abs=0.2)


def test_leg_status_defaults_to_the_corridor_status(shipped_catalog):
    frame = legs_frame(shipped_catalog)
    for row in frame.itertuples():
        corridor = shipped_catalog.corridors[row.corridor_id]
        assert row.status == (corridor.legs[row.leg].status or corridor.status.value)


def test_every_corridor_has_a_length_in_the_entities_frame(shipped_catalog):
    frame = entities_frame(shipped_catalog)
    assert list(frame.columns) == CATALOG_COLUMNS
    assert len(frame) == len(shipped_catalog.corridors) + len(shipped_catalog.places) + len(shipped_catalog.formats)
    corridors = frame[frame["kind"] == "corridor"]
    assert set(corridors["id"]) == set(shipped_catalog.corridors)
    assert (corridors["length_km"] > 0).all()
    # a corridor's length is the sum of its legs
    legs = legs_frame(shipped_catalog).groupby("corridor_id")["length_km"].sum()
    for row in corridors.itertuples():
        assert row.length_km == pytest.approx(legs[row.id], abs=0.1 * len(shipped_catalog.corridors[row.id].legs))
        assert isinstance(row.geometry, MultiLineString)


def test_places_are_points_and_formats_join_their_members(shipped_catalog):
    frame = entities_frame(shipped_catalog).set_index("id")
    baku = shipped_catalog.places["baku"]
    assert frame.loc["baku", "geometry"].equals(Point(baku.lon, baku.lat))
    assert pd.isna(frame.loc["baku", "length_km"])
    triangle = frame.loc["moscow-baku-tehran", "geometry"]
    assert triangle.coords[0] == triangle.coords[-1]  # closed ring between three capitals
    assert len(triangle.coords) == 4


# --- lengths against published figures -----------------------------------------------------------


def reference_km(catalog, corridor_id: str, of_contains: str) -> float:
    matches = [r for r in catalog.corridors[corridor_id].reference_lengths if of_contains in r.of]
    assert len(matches) == 1, f"{corridor_id}: reference length for {of_contains!r}"
    return matches[0].km


def chain_of_legs_km(frame, corridor_id: str, start: str, end: str) -> float:
    """Length of the whole legs of a corridor that join ``start`` to ``end``, end to end."""
    rows = frame[frame["corridor_id"] == corridor_id]
    queue = deque([(start, 0.0)])
    seen = {start}
    while queue:
        node, km = queue.popleft()
        if node == end:
            return km
        for row in rows.itertuples():
            if row.path[0] == node and row.path[-1] not in seen:
                seen.add(row.path[-1])
                queue.append((row.path[-1], km + row.length_km))
    raise AssertionError(f"no chain of {corridor_id} legs from {start} to {end}")


def test_reference_lengths_are_the_published_figures(shipped_catalog):
    assert reference_km(shipped_catalog, "trans-caspian-pipeline", "subsea") == 300
    assert reference_km(shipped_catalog, "trans-eurasian-fibre-optic", "subsea cable") == 380
    assert reference_km(shipped_catalog, "trans-caspian-route", "Baku–Tbilisi–Kars") == 826
    assert reference_km(shipped_catalog, "china-kyrgyzstan-uzbekistan-railway", "Kashgar to Andijan") == 523


def test_trans_caspian_pipeline_subsea_length(shipped_catalog):
    frame = legs_frame(shipped_catalog)
    computed = frame.loc[frame["corridor_id"] == "trans-caspian-pipeline", "length_km"].sum()
    # the landfall is not published: the drawn line leaves the Turkmenbashi port round the Krasnovodsk Spit, so it is
    # longer than the published ~300 km, but not by more than a fifth
    assert computed == pytest.approx(reference_km(shipped_catalog, "trans-caspian-pipeline", "subsea"), rel=0.2)


def test_trans_caspian_fibre_cable_length(shipped_catalog):
    frame = legs_frame(shipped_catalog)
    cable = frame[(frame["corridor_id"] == "trans-eurasian-fibre-optic") & frame["branch"].str.startswith("Sumgayit")]
    assert len(cable) == 1  # the current plan; the disputed 2023 landings are separate legs
    computed = cable["length_km"].sum()
    assert computed == pytest.approx(reference_km(shipped_catalog, "trans-eurasian-fibre-optic", "subsea"), rel=0.10)


def test_baku_tbilisi_kars_railway_length(shipped_catalog):
    reference = reference_km(shipped_catalog, "trans-caspian-route", "Baku–Tbilisi–Kars")
    # the reference says which nodes it runs between
    of = next(r.of for r in shipped_catalog.corridors["trans-caspian-route"].reference_lengths if r.km == reference)
    start, end = re.search(r"\((\S+) → (\S+)\)", of).groups()
    assert (start, end) == ("baku-port-alat", "kars")
    computed = chain_of_legs_km(legs_frame(shipped_catalog), "trans-caspian-route", start, end)
    # straight segments between stations are shorter than the track, but not by much
    assert 0.7 <= computed / reference <= 1.02


def test_china_kyrgyzstan_uzbekistan_railway_length(shipped_catalog):
    reference = reference_km(shipped_catalog, "china-kyrgyzstan-uzbekistan-railway", "Kashgar to Andijan")
    computed = chain_of_legs_km(
        legs_frame(shipped_catalog), "china-kyrgyzstan-uzbekistan-railway", "kashgar", "andijan"
    )
    assert 0.7 <= computed / reference <= 1.02
