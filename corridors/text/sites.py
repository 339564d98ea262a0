"""Named sites GeoNames' town table lacks: the region's border crossings, passes, oil and gas fields, terminals,
bridges, dams and stations, each with its position and the reference page it was taken from.

The table is ``corridors/data/gazetteer/sites.yaml``, human-edited like the catalog and validated on loading (a
problem names the file, the entry and the field). A site is found in a text by any of its names: an English one
as written (its first letter as written, the rest in any case: "Dzungarian gate"), a Russian one with any case
ending ("Иркештама", "месторождении Тенгиз", "Красного моста"). A name that GeoNames also gives to a town far
from the site ("Alat", the Azerbaijani town, for the Uzbek–Turkmen crossing) is taken for the site only with a
word of its kind next to it ("КПП Алат", "Alat border crossing").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from corridors.catalog import flatten_validation_error
from corridors.errors import CatalogError, Problem
from corridors.schema import KEBAB_ID, NonEmpty, Strict

#: The site table shipped with the project.
SITES_FILE = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "sites.yaml"
SITE_KINDS = ("border-crossing", "pass", "field", "terminal", "port", "bridge", "dam", "station", "town")
#: The review queue's kind of each site kind (which sets the catalog kind it is accepted as).
CANDIDATE_KIND_OF_SITE = {
    "border-crossing": "crossing",
    "pass": "crossing",
    "field": "field",
    "terminal": "terminal",
    "port": "port",
    "bridge": "facility",
    "dam": "facility",
    "station": "station",
    "town": "city",
}
#: Words that say a name is a site of the kind (Russian ones by their stem): "КПП Алат", "Alat border crossing".
KIND_WORDS = {
    "border-crossing": r"border|crossing|checkpoint|кпп|мапп|пункт\w*|погранпереход\w*|переход\w*|границ\w*",
    "pass": r"pass|gate|перевал\w*|ворот\w*",
    "field": r"field|fields|месторождени\w*|блок\w*",
    "terminal": r"terminal|терминал\w*",
    "port": r"port|seaport|harbou?r|порт\w*|гавань|гавани",
    "bridge": r"bridge|мост\w*",
    "dam": r"dam|hpp|hydropower|гэс|плотин\w*",
    "station": r"station|junction|станци\w*|ст\.|разъезд\w*",
    "town": r"town|village|city|город\w*|посел\w*|посёл\w*|сел\w*",
}
#: A GeoNames town of a site's name this far from the site is another place: the name then needs a kind word.
OTHER_PLACE_KM = 30.0
#: Ends a Russian word is declined from: an adjective's ending ("Рогунская" → "Рогунск"), else a final vowel, й
#: or ь ("Сарпи" → "Сарп").
_RUSSIAN_DECLINABLE_END = re.compile(r"(?:ая|яя|ий|ый|ой|ое|ее|ие|ые)$|[аяоеёыиуюйь]$")


class Site(Strict):
    """One site: its usual English name, kind, countries (ISO alpha-2), every name it is written by, position and
    the page the position was taken from."""

    id: Annotated[str, Field(pattern=KEBAB_ID, min_length=2, max_length=80)]
    name: NonEmpty
    kind: Literal[SITE_KINDS]  # type: ignore[valid-type]
    country: Annotated[tuple[Annotated[str, Field(pattern=r"^[A-Z]{2}$")], ...], Field(min_length=1)]
    names: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]
    lat: Annotated[float, Field(ge=-90, le=90, strict=True)]
    lon: Annotated[float, Field(ge=-180, le=180, strict=True)]
    source: Annotated[str, Field(pattern=r"^https?://\S+$")]
    note: str | None = None


def load_sites(path: Path = SITES_FILE) -> tuple[Site, ...]:
    """The site table.

    Raises
    ------
    CatalogError
        Listing every problem found, each naming the file, the entry and the field.
    """
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CatalogError([Problem(path.name, "-", "-", f"cannot be read: {error}")]) from None
    entries = (document or {}).get("sites") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise CatalogError([Problem(path.name, "-", "sites", "must be a list of sites")])
    sites, problems, seen = [], [], set()
    for index, entry in enumerate(entries):
        label = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else f"sites[{index}]"
        try:
            site = Site.model_validate(entry)
        except ValidationError as error:
            problems.extend(
                Problem(path.name, label, field, message) for field, message in flatten_validation_error(error)
            )
            continue
        if site.id in seen:
            problems.append(Problem(path.name, label, "id", "duplicate id"))
        seen.add(site.id)
        sites.append(site)
    if problems:
        raise CatalogError(problems)
    return tuple(sites)


@functools.cache
def shipped_sites() -> tuple[Site, ...]:
    """The site table shipped with the project, read once."""
    return load_sites()


def name_pattern(name: str) -> str:
    """A regular expression for ``name`` as texts write it: a Russian word with any case ending, the first letter
    as written and the rest in any case, any run of spaces, hyphens or dashes between words."""
    words = re.split(r"[\s\-‐–—]+", name.strip())
    parts = []
    for word in words:
        if re.fullmatch(r"[А-Яа-яЁё]+", word) and len(word) >= 4:
            stem = _RUSSIAN_DECLINABLE_END.sub("", word)
            # a case form is no shorter than the name: "Бахт" is not "Бахты"
            parts.append(re.escape(stem) + rf"[а-яё]{{{len(word) - len(stem)},3}}")
        elif re.fullmatch(r"[А-Яа-яЁё]+[бвгджзклмнпрстфхцчшщ]", word):  # "Сары-Таш", "Сары-Таша"
            parts.append(re.escape(word) + r"[а-яё]{0,2}")
        else:
            parts.append(re.escape(word))
    first, rest = parts[0], r"[\s\-‐–—]+".join(parts[1:])
    head = re.escape(name.strip()[0])
    body = first[len(re.escape(name.strip()[0])) :]
    tail = rf"[\s\-‐–—]+{rest}" if rest else ""
    return rf"(?<!\w){head}(?i:{body}{tail})(?!\w)"


@functools.cache
def _site_patterns(sites: tuple[Site, ...]) -> tuple[tuple[Site, re.Pattern], ...]:
    return tuple(
        (site, re.compile("|".join(name_pattern(n) for n in sorted(site.names, key=len, reverse=True))))
        for site in sites
    )


def site_matches(text: str, sites: tuple[Site, ...]) -> Iterator[tuple[Site, int, int]]:
    """Every place in ``text`` where a site is named, longest first where names overlap."""
    found = [
        (match.start(), match.end(), site)
        for site, pattern in _site_patterns(sites)
        for match in pattern.finditer(text)
    ]
    found.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    end_of_last = -1
    for start, end, site in found:
        if start >= end_of_last:
            end_of_last = end
            yield site, start, end


def kind_word_next_to(text: str, start: int, end: int, kind: str) -> bool:
    """True if a word of the site's kind is next to ``start:end`` ("КПП Алат", "Alat border crossing")."""
    words = KIND_WORDS[kind]
    before = re.search(rf"(?:^|[\s«\"(])(?:{words})[\s«\"]*$", text[max(0, start - 30) : start], re.IGNORECASE)
    after = re.match(rf"[\s»\"]*(?:border\s+)?(?:{words})(?!\w)", text[end : end + 30], re.IGNORECASE)
    return before is not None or after is not None
