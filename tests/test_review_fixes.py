"""The regional review's findings stay fixed: each test names the finding and the reference behind the fix."""

from __future__ import annotations

import datetime as dt

import pytest

from corridors.frames import legs_frame
from corridors.history import entity_status_on, status_on
from corridors.text.mentions import find_mentions
from geo.basemap import land_geometry
from geo.checks import coast_distance_km
from geo.measure import geodesic_distance_km

BAKU = (49.8822, 40.3953)  # lon, lat of the catalog's Baku point
AKTAU_CITY = (51.15, 43.65)


def mentioned(text: str, index) -> set[str]:
    return {mention.as_dict()["id"] for mention in find_mentions(text, index)}


def legs_between(corridor, a: str, b: str):
    return [leg for leg in corridor.legs if leg.path[0] == a and leg.path[-1] == b]


def test_no_operating_railway_from_herat_to_torghundi(shipped_catalog):
    # Railway Gazette (Sep 2024): the line from Turkmenistan ends at Torghundi; reaching Herat is a longer-term aim.
    lapis = shipped_catalog.corridors["lapis-lazuli-corridor"]
    rail = [leg for leg in lapis.legs if leg.mode == "rail" and "herat" in leg.path]
    assert rail and all(leg.status == "proposed" for leg in rail)
    assert all(leg.path[0] == "torghundi" for leg in lapis.legs if leg.mode == "rail" and "serhetabat" in leg.path)


def test_lapis_lazuli_is_road_as_well_as_rail(shipped_catalog):
    # Ariana News (13 Dec 2018): the first cargo went by truck.
    lapis = shipped_catalog.corridors["lapis-lazuli-corridor"]
    assert {"rail", "road"} <= set(lapis.modes)
    road = next(leg for leg in lapis.legs if leg.mode == "road")
    assert road.path[0] == "herat"
    assert status_on(road.status_history, dt.date(2018, 12, 12)) is None
    assert status_on(road.status_history, dt.date(2018, 12, 13)) == "operating"


def test_dostlug_field_is_where_socar_puts_it(shipped_catalog, countries):
    # SOCAR: about 160 km south-east of Baku, near the Azeri field, more than 110 km from the coastline.
    field = shipped_catalog.places["serdar-kapaz-field"]
    assert 150 <= geodesic_distance_km(*BAKU, field.lon, field.lat) <= 170
    assert field.lat < BAKU[1] and field.lon > BAKU[0]
    assert coast_distance_km(field.lon, field.lat, land_geometry(countries)) > 110
    assert any("socar.az" in source.url for source in field.sources)


def test_moyynty_kyzylzhar_is_under_construction_not_operating(shipped_catalog):
    # Qazinform (31 Jul 2025), Trend (19 Aug 2025): the new line was due to open in 2026.
    middle = shipped_catalog.corridors["trans-caspian-route"]
    new_line = next(leg for leg in middle.legs if "Kyzylzhar" in leg.branch)
    assert new_line.status == "construction"
    assert status_on(new_line.status_history, dt.date(2025, 12, 31)) == "construction"
    # the operating route to Zhezkazgan runs over existing lines via Zharyk
    assert [leg for leg in middle.legs if leg.path == ["mointy", "zhezkazgan"]] == [new_line]
    assert any(leg.path == ["mointy", "zharyk", "zhezkazgan"] for leg in middle.legs)


def test_dostyk_moyynty_second_track_is_recorded_as_opened(shipped_catalog):
    # Qazinform (30 Sep 2025); Inform.kz (Jan 2026).
    middle = shipped_catalog.corridors["trans-caspian-route"]
    assert "30 September 2025" in middle.status.note
    assert "being built" not in middle.status.note and "still under way" not in middle.status.note
    dostyk = next(leg for leg in middle.legs if {"dostyk", "mointy"} <= set(leg.path))
    assert "opened on 30 September 2025" in dostyk.note


def test_btk_is_its_own_corridor_and_the_middle_corridor_references_it(shipped_catalog, index):
    middle = shipped_catalog.corridors["trans-caspian-route"]
    assert not {"BTK", "BTK railway", "Baku–Tbilisi–Kars railway"} & set(middle.aliases)
    assert "baku-tbilisi-kars-railway" in middle.parts
    found = mentioned("Trains on the BTK line and the Baku–Tbilisi–Kars railway.", index)
    assert "baku-tbilisi-kars-railway" in found and "trans-caspian-route" not in found


def test_scpfx_belongs_to_the_south_caucasus_pipeline(shipped_catalog, index):
    # Energy Community (PLIMA Gas22): SCPFX is the next expansion of the SCP system.
    assert not any("SCPFX" in alias for alias in shipped_catalog.corridors["trans-caspian-pipeline"].aliases)
    assert mentioned("SCPFX would add 5 bcm a year.", index) == {"south-caucasus-pipeline"}
    scp = shipped_catalog.corridors["south-caucasus-pipeline"]
    assert {leg.resolved_surface for leg in scp.legs} == {"land"}


def test_tasim_is_the_cable_with_its_disputed_landings(shipped_catalog):
    # Trend (Aug 2025): Sumgayit–Aktau; news.am (Jan 2023): Siyazan–Aktau main, Kuryk–Buzovna reserve.
    cable = shipped_catalog.corridors["trans-eurasian-fibre-optic"]
    assert "Caspian segment" in cable.name
    ends = {frozenset((leg.path[0], leg.path[-1])) for leg in cable.legs}
    assert ends == {
        frozenset({"sumgayit", "aktau-port"}),
        frozenset({"siyazan", "aktau-port"}),
        frozenset({"buzovna", "kuryk-port"}),
    }
    assert {leg.resolved_surface for leg in cable.legs} == {"sea"}


def test_aktau_port_is_off_the_city_point_and_on_the_coast(shipped_catalog, countries):
    port = shipped_catalog.places["aktau-port"]
    assert geodesic_distance_km(*AKTAU_CITY, port.lon, port.lat) > 5
    assert coast_distance_km(port.lon, port.lat, land_geometry(countries)) < 5
    assert port.position == "site" and port.precision == "approximate"


def test_ports_without_a_published_position_say_so(shipped_catalog):
    # Kuryk port ~20 km from the village (Arnika); Mangyshlak station 13-15 km from Aktau: direction unpublished.
    for place_id in ("kuryk-port", "mangyshlak"):
        place = shipped_catalog.places[place_id]
        assert place.position == "town" and place.precision == "approximate"
        assert "direction" in place.location_note


def test_trans_caspian_pipeline_starts_on_the_shore(shipped_catalog, countries):
    pipeline = shipped_catalog.corridors["trans-caspian-pipeline"]
    start = shipped_catalog.places[pipeline.legs[0].path[0]]
    assert start.kind == "port"
    assert coast_distance_km(start.lon, start.lat, land_geometry(countries)) < 5


def test_khorgos_is_findable_and_china_is_on_the_middle_corridor(shipped_catalog, index):
    assert mentioned("Containers are reloaded at Khorgos.", index) == {"khorgos"}
    middle = shipped_catalog.corridors["trans-caspian-route"]
    assert middle.countries[0] == "CHN"
    assert entity_status_on(middle, dt.date(2013, 1, 1)).legs[0] == "operating"


@pytest.mark.parametrize(
    "corridor_id",
    [
        "baku-tbilisi-kars-railway",
        "kazakhstan-turkmenistan-iran-railway",
        "baku-tbilisi-ceyhan-pipeline",
        "south-caucasus-pipeline",
        "trans-anatolian-pipeline",
        "central-asia-china-gas-pipeline",
        "tapi-gas-pipeline",
    ],
)
def test_drawn_routes_are_somewhat_shorter_than_the_published_lengths(shipped_catalog, corridor_id):
    frame = legs_frame(shipped_catalog)
    drawn = frame.loc[frame["corridor_id"] == corridor_id, "length_km"].sum()
    published = shipped_catalog.corridors[corridor_id].reference_lengths[0].km
    # straight segments between cited nodes cut corners, but a route that misses a section would be far shorter
    assert 0.75 <= drawn / published <= 1.05, (drawn, published)
