"""The forms people write a name in besides the catalog's own: a variant grammar applied to every entity.

* **Head nouns.** A corridor, railway or pipeline is written with its head noun swapped or left out:
  "Lapis Lazuli Corridor" is also "the Lapis Lazuli project", "Lapis Lazuli route" and "Lapis Lazuli";
  "Trans-Caspian International Transport Route" is also "Trans-Caspian Transport Corridor" and "the Trans-Caspian
  rail route". The bare stem is offered only when it is at least two words or a compound ("North-South"), so it
  stays a name.
* **Chains.** A name that chains three or more places or countries with dashes is also written in the other
  direction ("China–Kyrgyzstan–Uzbekistan railway", "Uzbekistan–Kyrgyzstan–China railway"; a format's members in
  any order), and with a country's other common name in it (Туркменистан/Туркмения, Кыргызстан/Киргизия, Kyrgyzstan/Kirghizia).
* **Trans-.** A name that starts with "Trans"/"Транс" is written joined, hyphenated and spaced
  ("Трансанатолийский", "Транс-Анатолийский").
* **Russian country adjectives.** A Russian name that chains countries after its head is also written with them
  as one compound adjective before it ("нефтепровод Казахстан — Китай", "казахстанско-китайский нефтепровод").
* **Russian pipes.** A Russian pipeline named by an adjective is also a "труба" ("Южнокавказская труба").
* **Russian corridor heads.** A Russian railway named by a feminine adjective also takes a corridor's
  masculine heads ("Трансафганская железная дорога", "Трансафганский коридор").
* **Russian heads.** A Russian railway name that chains places or countries takes the other head phrases
  ("железная дорога", "магистраль", "дорога" …).
* **Transliterations.** Latin spellings of Turkic and Persian names vary: y/i inside a word (Kuryk, Kurik),
  a final -at/-ad (Ashgabat, Ashgabad), kh/h (Khorgos, Horgos), -e-/-i- joins (Mazar-e-Sharif, Mazar-i-Sharif);
  a hyphenated name of two parts is also written as one word (Инче-Бурун, Инчебурун).
* **Russian ports.** A port's modifiers may be left out ("Бакинский морской порт"), and "морской торговый порт"
  abbreviated ("Махачкалинский МТП").

Variants are generated from the catalog, so a new entity gets them without new code. The index keeps a
variant only if no other entity yields the same form and no entity has it as a name
(:func:`corridors.text.mentions.build_mention_index`).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from corridors.text.inflect import is_russian, noun_gender
from geo.basemap import WORLD_BASEMAP_DIR

#: Head phrases by family, longest first within a family; a name ending in one of them can take any other.
HEAD_FAMILIES: dict[str, tuple[str, ...]] = {
    "transport": (
        "international transport corridor",
        "international transport route",
        "international corridor",
        "international route",
        "transport corridor",
        "transport route",
        "transit corridor",
        "trade corridor",
        "trade route",
        "logistics corridor",
        "logistics route",
        "multimodal corridor",
        "multimodal route",
        "freight corridor",
        "freight route",
        "rail corridor",
        "rail route",
        "corridor",
        "route",
        "project",
        "initiative",
        "agreement",
    ),
    "railway": ("railway line", "rail line", "railway", "railroad", "rail link", "line", "project"),
    "pipeline": ("gas pipeline", "oil pipeline", "pipeline", "project"),
    # Russian heads come last and agree with the adjectives before them: only masculine heads share a family
    "транспорт": (
        "международный транспортный коридор",
        "международный транспортный маршрут",
        "международный коридор",
        "международный маршрут",
        "транспортный коридор",
        "транспортный маршрут",
        "транзитный коридор",
        "торговый коридор",
        "торговый маршрут",
        "железнодорожный коридор",
        "железнодорожный маршрут",
        "мультимодальный коридор",
        "мультимодальный маршрут",
        "логистический коридор",
        "логистический маршрут",
        "коридор",
        "маршрут",
    ),
    "трубопровод": ("магистральный газопровод", "газопровод", "трубопровод"),
    # feminine: "Трансафганская железная дорога" is also "Трансафганская железнодорожная магистраль", "… ж/д"
    "дорога": ("железнодорожная магистраль", "железнодорожная линия", "железная дорога", "магистраль", "ж/д"),
}
#: Words a Russian port's name may leave out before "порт" ("Бакинский международный морской торговый порт" is
#: also "Бакинский международный морской порт" and "Бакинский морской порт").
RUSSIAN_PORT_MODIFIERS = ("международный", "морской", "торговый")
#: Russian head phrases of a railway's name, which come first ("железная дорога Казахстан — Туркменистан — Иран");
#: a name that chains places or countries after one of them takes the others.
RUSSIAN_RAILWAY_HEADS = (
    "железная дорога",
    "железнодорожная магистраль",
    "железнодорожная линия",
    "магистраль",
    "дорога",
)
#: Russian head phrases that come first, by family: a name of one of them and a chain of places or countries
#: takes the others of its family ("газопровод Баку — Тбилиси — Эрзурум" is also "трубопровод Баку — …"; a gas
#: pipeline is never an oil pipeline, but either is a "трубопровод").
RUSSIAN_LEADING_HEADS = (
    RUSSIAN_RAILWAY_HEADS,
    ("магистральный газопровод", "газопровод", "трубопровод"),
    ("магистральный нефтепровод", "нефтепровод", "трубопровод"),
)
#: Regions a name's stem may be ("South Caucasus Pipeline"): alone, the stem names the region, not the line.
MACRO_REGIONS = frozenset(
    [
        "south caucasus",
        "north caucasus",
        "caucasus",
        "central asia",
        "south asia",
        "east asia",
        "middle east",
        "eastern europe",
        "southeast europe",
        "black sea",
        "caspian sea",
        "caspian region",
    ]
)
#: Kinds whose names take head-noun variants.
HEADED_KINDS = frozenset({"corridor", "format"})
#: Kinds whose Latin names take transliteration variants.
TRANSLITERATED_KINDS = frozenset(
    {"city", "port", "station", "border-crossing", "terminal", "field", "facility", "region", "airport"}
)
#: Countries written by two names in the region's press (Russian and English exonyms), each way round.
COUNTRY_EXONYMS: dict[str, tuple[str, ...]] = {
    "Туркменистан": ("Туркмения",),
    "Туркмения": ("Туркменистан",),
    "Кыргызстан": ("Киргизия",),
    "Киргизия": ("Кыргызстан",),
    "Kyrgyzstan": ("Kirghizia", "Kirgizia"),
    "Turkmenistan": ("Turkmenia",),
}
#: Russian countries' combining forms and adjective stems, for names that chain countries as adjectives
#: ("нефтепровод Казахстан — Китай" is also "казахстанско-китайский нефтепровод").
RUSSIAN_COUNTRY_ADJECTIVES: dict[str, tuple[tuple[str, ...], str]] = {
    "азербайджан": (("азербайджано",), "азербайджанск"),
    "афганистан": (("афгано",), "афганск"),
    "грузия": (("грузино",), "грузинск"),
    "индия": (("индо",), "индийск"),
    "иран": (("ирано",), "иранск"),
    "казахстан": (("казахстанско",), "казахстанск"),
    "киргизия": (("киргизско",), "киргизск"),
    "китай": (("китайско",), "китайск"),
    "кыргызстан": (("кыргызско",), "кыргызск"),
    "пакистан": (("пакистано",), "пакистанск"),
    "россия": (("российско",), "российск"),
    "таджикистан": (("таджикско",), "таджикск"),
    "туркменистан": (("туркмено", "туркменско"), "туркменск"),
    "туркмения": (("туркмено", "туркменско"), "туркменск"),
    "турция": (("турецко",), "турецк"),
    "узбекистан": (("узбекско",), "узбекск"),
}
#: Adjective endings by the head noun's gender.
_RUSSIAN_ADJECTIVE_ENDING = {"masc": "ий", "femn": "ая", "neut": "ое"}
#: A chain of three or more one-word parts joined by dashes (spaces around a dash kept as written).
_CHAIN = re.compile(r"(?<![-–—\w])\w{3,}(?:\s?[-–—]\s?\w{3,}){2,}(?![-–—\w])")
_CHAIN_DASH = re.compile(r"\s?[-–—]\s?")
_CONSONANTS = "bcdfghjklmnpqrstvwxz"
_Y_BETWEEN_CONSONANTS = re.compile(rf"(?<=[{_CONSONANTS}])y(?=[{_CONSONANTS}])")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z' \-–—]*$")
#: A one-word place name, as a part of a chain ("Erzurum", "Эрзурум", "Mazar-e-Sharif" is not one).
_ONE_WORD_NAME = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]{2,}")


def head_noun_variants(name: str) -> Iterator[str]:
    """The name with its head phrase swapped for the others of its family, and without it."""
    lowered = name.lower()
    for heads in HEAD_FAMILIES.values():
        for head in heads:
            if not lowered.endswith(" " + head):
                continue
            full_stem = name[: -len(head) - 1].strip()
            # "International North–South Transport Corridor" is also written without "International"
            short_stem = re.sub(r"^(?:International|The) ", "", full_stem)
            for stem in dict.fromkeys((full_stem, short_stem)):
                # a Russian stem may be one adjective ("Транскаспийский"): it takes other heads but is no name alone
                adjective = _is_russian_adjective_stem(stem)
                if not (_is_name_stem(stem) or adjective):
                    continue
                for other in heads:
                    if stem.lower().startswith("international") and other.startswith("international"):
                        continue
                    if other != head or stem != full_stem:
                        yield f"{stem} {_like(other, name[-len(head) :])}"
                # two countries alone name a relation ("Kazakhstan–China"); three or more name the line
                if (
                    _is_name_stem(stem)
                    and not _only_russian_adjectives(stem)
                    and stem.lower() not in MACRO_REGIONS
                    and (not _only_countries(stem) or len(_CHAIN_DASH.split(stem)) >= 3)
                ):
                    yield stem
            break


def _is_name_stem(stem: str) -> bool:
    """A stem that still names something: capitalised, and two words or a dashed compound of 6+ letters."""
    words = stem.split()
    compound = re.search(r"\w[-–—]\w", stem) is not None
    letters = sum(c.isalpha() for c in stem)
    return bool(words) and stem[:1].isupper() and (len(words) >= 2 or compound) and letters >= 6


def _is_russian_adjective_stem(stem: str) -> bool:
    """A capitalised Russian adjective of 6+ letters, the stem of a name like "Транскаспийский маршрут" or
    "Трансафганская магистраль"."""
    return re.fullmatch(r"[А-ЯЁ][а-яё-]{3,}(?:ий|ый|ой|ая|яя)", stem) is not None


def _only_russian_adjectives(stem: str) -> bool:
    """True for a Russian stem of adjectives only ("Южный газовый"): it takes other heads but names nothing bare."""
    return all(re.fullmatch(r"[А-ЯЁа-яё-]{3,}(?:ий|ый|ой|ая|яя|ое|ее)", word) for word in stem.split())


def _only_countries(stem: str) -> bool:
    """True for a stem that is only country names ("Kazakhstan-China"): bare, it names a relation, not a line."""
    parts = [part.strip() for part in re.split(r"[-–—]+", stem.lower()) if part.strip()]
    return all(part in country_names() for part in parts)


@functools.cache
def country_names() -> frozenset[str]:
    """Lower-case names of every country on the world basemap."""
    labels = json.loads((WORLD_BASEMAP_DIR / "country-labels.json").read_text(encoding="utf-8"))
    return frozenset(label["name"].lower() for label in labels)


def _like(head: str, model: str) -> str:
    """``head`` capitalised the way the name's own head was ("Corridor" → "Route", "corridor" → "route")."""
    return head.title() if model[:1].isupper() else head


def transliteration_variants(name: str) -> Iterator[str]:
    """Other Latin spellings of a one- or two-word place name of five letters or more."""
    if not _LATIN.match(name) or sum(c.isalpha() for c in name) < 5 or len(name.split()) > 2:
        return
    lowered = name.lower()
    if _Y_BETWEEN_CONSONANTS.search(lowered):
        yield _Y_BETWEEN_CONSONANTS.sub("i", name)
    if lowered.endswith("at"):
        yield name[:-1] + "d"
    elif lowered.endswith("ad") and not lowered.endswith("abad"):
        yield name[:-1] + "t"
    if "kh" in lowered:
        yield re.sub("kh", "h", re.sub("Kh", "H", name))
    if "gh" in lowered:  # Persian and Pashto gh is also written q: Turghundi, Turqundi
        yield re.sub("gh", "q", re.sub("Gh", "Q", name))
    ezafe = re.fullmatch(r"(\w+)-[ei][- ](\w+)", name)
    if ezafe:  # the Persian joining vowel, written every way: Mazar-i-Sharif, Mazar-e Sharif, Mazari Sharif
        first, second = ezafe.groups()
        for vowel in "ie":
            yield from (f"{first}-{vowel}-{second}", f"{first}-{vowel} {second}")
        yield from (f"{first}i {second}", f"{first}i-{second}")


def russian_spelling_variants(name: str) -> Iterator[str]:
    """Other Russian spellings of a place name: a Georgian -ия also written -иа (Анаклия, Анаклиа), a Kazakh ы
    written и (Курык, Курик), the Persian "bandar" (port) written Бендер-, Бендар- or Бандар- (Бендер-Аббас,
    Бендар-Аббас)."""
    if re.fullmatch(r"[А-ЯЁ][а-яё]{3,}ия", name):
        yield name[:-1] + "а"
    if re.fullmatch(r"[А-ЯЁ][а-яё]*ы[а-яё]*", name) and len(name) >= 5:
        yield name.replace("ы", "и")  # a Kazakh ы also written и: Курык, Курик; Кызылорда, Кизилорда
    bandar = re.match(r"(бендер|бендар|бандар)[- ]", name, re.IGNORECASE)
    if bandar:
        for other in ("бендер", "бендар", "бандар"):
            if other != bandar.group(1).lower():
                yield (other.capitalize() if name[0].isupper() else other) + name[len(other) :]


def chain_variants(
    name: str, *, any_order: bool = False, part_spellings: Mapping[str, Sequence[str]] | None = None
) -> Iterator[str]:
    """The name with its dash-joined chain of places or countries reversed (or, ``any_order``, in every order: a
    format's members are listed in any, and so are a line's countries), and with countries' other names and, one
    part at a time, a place's other spellings (``part_spellings``: lower-case name -> other one-word names)."""
    match = _CHAIN.search(name)
    if match is None or _CHAIN.search(name, match.end()):
        return
    chain = match.group()
    parts = _CHAIN_DASH.split(chain)
    dashes = _CHAIN_DASH.findall(chain)
    # countries chained name the same line in any order ("Kyrgyzstan-Uzbekistan-China railway")
    countries = all(part.lower() in country_names() or part.lower() in RUSSIAN_COUNTRY_ADJECTIVES for part in parts)
    orders = itertools.permutations(parts) if (any_order or countries) and len(parts) <= 4 else [parts[::-1]]
    forms = [parts, *(list(order) for order in orders if list(order) != parts)]
    for position, part in enumerate(parts):
        others = [*COUNTRY_EXONYMS.get(part, ()), *(part_spellings or {}).get(part.lower(), ())]
        for other in others:
            forms.append([*parts[:position], other, *parts[position + 1 :]])
    for form in forms[1:]:
        joined = form[0] + "".join(dash + part for dash, part in zip(dashes, form[1:], strict=True))
        yield name[: match.start()] + joined + name[match.end() :]


def russian_head_variants(name: str) -> Iterator[str]:
    """A Russian railway's or pipeline's name that chains places or countries after its head phrase, with the head
    swapped for the others of its family, and (three or more parts) without it, as English names are."""
    lowered = name.lower()
    for heads in RUSSIAN_LEADING_HEADS:
        head = next((head for head in heads if lowered.startswith(head + " ")), None)
        if head is None:
            continue
        stem = name[len(head) + 1 :].strip()
        if not _CHAIN.fullmatch(stem):
            return
        capital = name[:1].isupper()
        for other in heads:
            if other != head:
                yield f"{other.capitalize() if capital else other} {stem}"
        if len(_CHAIN_DASH.split(stem)) >= 3:
            yield stem
        return


def russian_port_variants(name: str) -> Iterator[str]:
    """A Russian port name with the modifiers before "порт" left out, some or all, keeping at least one word
    before them."""
    words = name.split()
    if len(words) < 3 or words[-1].lower() != "порт":
        return
    first = len(words) - 1
    while first > 1 and words[first - 1].lower() in RUSSIAN_PORT_MODIFIERS:
        first -= 1
    modifiers = words[first:-1]
    for mask in range(2 ** len(modifiers) - 1):
        kept = [word for bit, word in enumerate(modifiers) if mask >> bit & 1]
        yield " ".join([*words[:first], *kept, words[-1]])
    if [word.lower() for word in modifiers[-2:]] == ["морской", "торговый"]:
        yield " ".join([*words[:first], "МТП"])  # "Махачкалинский МТП": морской торговый порт


def russian_adjective_chain_variants(name: str) -> Iterator[str]:
    """A Russian name of a head phrase and a chain of countries, with the countries written as one compound
    adjective, in the chain's order and reversed: "нефтепровод Казахстан — Китай" → "казахстанско-китайский
    нефтепровод", "китайско-казахстанский нефтепровод"."""
    match = re.fullmatch(
        r"(?P<head>[А-ЯЁа-яё][а-яё ]*?)\s+[«\"“]?(?P<chain>[А-ЯЁа-яё]+(?:\s?[-–—]\s?[А-ЯЁа-яё]+)+)[»\"”]?", name
    )
    if match is None:
        return
    countries = [part.lower() for part in _CHAIN_DASH.split(match.group("chain"))]
    if not all(country in RUSSIAN_COUNTRY_ADJECTIVES for country in countries):
        return
    head = match.group("head").lower()
    ending = _RUSSIAN_ADJECTIVE_ENDING.get(noun_gender(head.split()[-1]) or "")
    if ending is None:
        return
    for order in (countries, countries[::-1]):
        last = RUSSIAN_COUNTRY_ADJECTIVES[order[-1]][1] + ending
        for parts in itertools.product(*(RUSSIAN_COUNTRY_ADJECTIVES[country][0] for country in order[:-1])):
            yield f"{'-'.join([*parts, last])} {head}"


#: Masculine heads a Russian railway's adjective name also takes ("Трансафганская железная дорога",
#: "Трансафганский коридор").
RUSSIAN_CORRIDOR_HEADS = ("коридор", "транспортный коридор", "маршрут", "проект")
_RUSSIAN_RAILWAY_NAME = re.compile(
    r"([А-ЯЁ][а-яё-]{3,}[ая]я)\s+(?:железная дорога|железнодорожная магистраль|магистраль)"
)


def russian_masculine_head_variants(name: str) -> Iterator[str]:
    """A Russian railway named by a feminine adjective and its head, with the adjective made masculine before
    a corridor's head: "Трансафганская железная дорога" is also "Трансафганский коридор"."""
    match = _RUSSIAN_RAILWAY_NAME.fullmatch(name)
    if match is None:
        return
    adjective = match.group(1)
    hard = adjective[-3:-2] in "кгхжшчщ" or adjective.endswith("яя")
    masculine = adjective[:-2] + ("ий" if hard else "ый")
    for head in RUSSIAN_CORRIDOR_HEADS:
        yield f"{masculine} {head}"


_RUSSIAN_PIPELINE_NAME = re.compile(r"([А-ЯЁ][а-яё-]{3,}(?:ский|цкий|ный))\s+(?:газопровод|нефтепровод|трубопровод)")


def russian_pipe_variants(name: str) -> Iterator[str]:
    """A Russian pipeline named by an adjective and its head, also called a "труба" (pipe), as the press does:
    "Южнокавказский газопровод" is also "Южнокавказская труба"."""
    match = _RUSSIAN_PIPELINE_NAME.fullmatch(name)
    if match is not None:
        yield f"{match.group(1)[:-2]}ая труба"


_TRANS_PREFIX = re.compile(r"^(Trans|Транс)(?!port|порт|it\b|ит\w)(?:-| )?([A-ZА-ЯЁ]?)([a-zа-яё]{4,})", re.IGNORECASE)


def trans_prefix_variants(name: str) -> Iterator[str]:
    """A name that starts with "Trans"/"Транс" written joined, hyphenated and spaced ("Трансанатолийский",
    "Транс-Анатолийский"; "Trans-Caspian", "Transcaspian", "Trans Caspian")."""
    match = _TRANS_PREFIX.match(name)
    if match is None:
        return
    prefix, rest = match.group(1), match.group(2) + match.group(3)
    tail = name[match.end() :]
    for joined in (
        prefix + rest.lower(),
        f"{prefix}-{rest[:1].upper()}{rest[1:]}",
        f"{prefix} {rest[:1].upper()}{rest[1:]}",
    ):
        yield joined + tail


def joined_variants(name: str) -> Iterator[str]:
    """A place name of two capitalised parts joined by a hyphen, written as one word ("Инче-Бурун",
    "Инчебурун")."""
    match = re.fullmatch(r"([A-ZА-ЯЁ][a-zа-яё]{2,})-([A-ZА-ЯЁ][a-zа-яё]{2,})", name)
    if match:
        yield match.group(1) + match.group(2).lower()


def part_spellings(places: Iterable[tuple[str, Sequence[str]]]) -> dict[str, tuple[str, ...]]:
    """For the one-word names of places (``(kind, names)`` pairs), each name's other one-word names in the same
    script: the spellings a chain of places may use ("Erzurum" -> "Erzerum", "Эрзурум" -> "Эрзерум")."""
    spellings: dict[str, list[str]] = {}
    for kind, names in places:
        if kind not in TRANSLITERATED_KINDS:
            continue
        one_word = [name for name in dict.fromkeys(names) if _ONE_WORD_NAME.fullmatch(name)]
        for name in one_word:
            same_script = [other for other in one_word if other != name and is_russian(other) == is_russian(name)]
            spellings.setdefault(name.lower(), []).extend(same_script)
    return {name: tuple(dict.fromkeys(others)) for name, others in spellings.items() if others}


def name_variants(kind: str, names: list[str], *, spellings: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """Every variant of an entity's names that the grammar gives for its kind (its own names left out);
    ``spellings`` (see :func:`part_spellings`) are the places' other spellings, for chains of places."""
    variants: list[str] = []
    for name in names:
        if kind in HEADED_KINDS:
            headed = [
                name,
                *head_noun_variants(name),
                *russian_head_variants(name),
                *russian_masculine_head_variants(name),
                *russian_pipe_variants(name),
            ]
            chained = [
                chained
                for form in headed
                for chained in chain_variants(form, any_order=kind == "format", part_spellings=spellings)
            ]
            variants.extend([*headed[1:], *chained])
            variants.extend(prefixed for form in headed for prefixed in trans_prefix_variants(form))
            variants.extend(
                adjectival for form in [*headed, *chained] for adjectival in russian_adjective_chain_variants(form)
            )
        if kind in TRANSLITERATED_KINDS:
            variants.extend(transliteration_variants(name))
            variants.extend(russian_spelling_variants(name))
            variants.extend(joined_variants(name))
        if kind == "port":
            variants.extend(russian_port_variants(name))
    own = {name.lower() for name in names}
    return [v for v in dict.fromkeys(variants) if v.lower() not in own]
