"""Find every mention of a catalog entity in a text, in one pass of an Aho–Corasick automaton.

Build the index once per catalog with :func:`build_mention_index` (it declines
Russian names and compiles the automaton, so cache it) and call
:func:`find_mentions` for each text. The rules applied once a name has matched
are described in :mod:`corridors.text.mention_rules`.

Reading any text, step by step::

    index = build_mention_index(atlas.catalog, atlas.layers)  # once per catalog
    text = read_source_file(data, name)                       # corridors.text.sourcefile
    mentions = find_mentions(text, index)                      # nested=True adds places inside
    quotes = mention_quotes(text, mentions, source_id)         # corridors.text.quotes, one per mention
    new = unknown_candidates(text, mentions)                   # corridors.text.candidates
    add_source(catalog_dir, text, title=..., url=..., published=..., language=...)  # corridors.text.addsource
"""

from __future__ import annotations

import gc
import operator
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import Any, NamedTuple

import ahocorasick

from corridors.catalog import Catalog
from corridors.text import mention_rules as rules
from corridors.text.abbreviations import abbreviation_uses
from corridors.text.context import (
    CONTEXT_REACH,
    code_context,
    inside_longer_name,
    kind_context,
    names_a_body,
    used_as_noun,
)
from corridors.text.ellipsis import bracketed_alternative_mentions, shared_head_mentions
from corridors.text.inflect import is_russian, russian_forms
from corridors.text.misspellings import MIN_LETTERS, MISSPELLABLE_KINDS, NearKeys, misspelt_places, near_keys
from corridors.text.normalize import DASHES, FoldedText, ascii_variant, fold_name, fold_text
from corridors.text.variants import HEAD_FAMILIES, name_variants, part_spellings

#: Countries (ISO alpha-3) with no sea coast (the Caspian is a sea here): their "ports" are dry, river or border
#: ports ("Hairatan port", "порт Тургунди").
LANDLOCKED_COUNTRIES = frozenset({"AFG", "UZB", "KGZ", "TJK", "ARM", "MNG", "NPL", "BTN", "BLR", "HUN", "SRB", "SVK"})
#: Kinds whose entities are never looked for: routing points have no name of their own.
UNNAMED_KINDS = frozenset({"waypoint"})
#: Kinds that are not places and so never stand for the port or station of a place.
NON_PLACE_KINDS = frozenset({"corridor", "format"})

_DASH_TABLE = str.maketrans(dict.fromkeys(DASHES, "-"))
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")


class Mention(NamedTuple):
    """A span of a text that names a catalog entity: ``text == source[start:end]``.

    ``alias`` is the catalog name the span was matched as; ``nested`` is true for a
    mention inside a longer one (returned only when asked for). A named tuple, not a
    dataclass: a dense text yields millions, and a tuple is made five times faster.
    """

    id: str
    start: int
    end: int
    text: str
    alias: str = ""
    nested: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The mention as ``{"id", "start", "end", "text"}``."""
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class NamedEntity:
    """What the index needs of an entity: its id, kind, name and aliases."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Surface:
    """One written form of an entity's name and how it may match.

    ``case`` is ``"exact"``, ``"capital"`` or ``"any"``; ``rule`` is ``"name"``,
    ``"derived"`` (a single word taken from a facility's name), ``"sea-noun"``
    ("the Caspian") or ``"code"`` (an airport code); ``trim`` counts leading
    characters of the match that are not part of the mention.
    """

    entity_id: str
    kind: str
    alias: str
    case: str
    rule: str = "name"
    squashed: str = ""
    trim: int = 0


@dataclass(frozen=True)
class MentionIndex:
    """The automaton over every folded written form, and what each form stands for.

    ``hosts`` maps ``(entity id, kind)`` to the entity of that kind named after it:
    ``("baku", "port")`` is the Port of Baku.
    """

    automaton: Any
    keys: tuple[str, ...]
    surfaces: tuple[tuple[Surface, ...], ...]
    key_lengths: tuple[int, ...]
    kinds: dict[str, str]
    names: dict[str, str]
    hosts: dict[tuple[str, str], str]
    first_words: frozenset[str]
    #: The places each catalog corridor passes, for names that chain them ("Termez–Kabul–Peshawar").
    routes: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The places of each leg of each corridor: a chain names a corridor only if each two neighbours share a leg.
    legs: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    #: Corridors whose every leg is a pipeline: "the X railway" is none of them, and "the Y pipeline" no other.
    pipelines: frozenset[str] = frozenset()
    #: The places where each corridor ends (the ends of its legs that join no other leg): a chain of places names
    #: a corridor only from end to end ("Termez–Mazar-e-Sharif–Kabul–Peshawar"), a part of it is its places.
    termini: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The two end places of each railway leg of a corridor, for a line named by them ("the Rasht–Astara railway").
    rail_legs: tuple[tuple[str, frozenset[str]], ...] = ()
    #: Each entity's name and aliases as the catalog writes them, for abbreviations a text defines.
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Places in countries with no sea coast, whose "port" is a dry, river or border port: the place itself.
    inland: frozenset[str] = frozenset()
    #: One-word place names by first letter and length, for names a text misspells (:mod:`.misspellings`).
    misspellable: NearKeys = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.keys)


def catalog_named_entities(catalog: Catalog) -> Iterator[NamedEntity]:
    """The catalog's corridors, places and formats as :class:`NamedEntity`."""
    for entity in catalog.entities():
        yield NamedEntity(entity.id, entity.kind, entity.name, tuple(entity.aliases))


def layer_named_entities(frame: Any) -> Iterator[NamedEntity]:
    """User-layer features (a frame with ``id``, ``name``, ``kind`` and ``aliases``) as :class:`NamedEntity`."""
    if frame is None or len(frame) == 0:
        return
    aliases = frame["aliases"] if "aliases" in frame.columns else [None] * len(frame)
    for entity_id, name, kind, names in zip(frame["id"], frame["name"], frame["kind"], aliases, strict=True):
        names = [] if isinstance(names, str) or not hasattr(names, "__iter__") else list(names)
        yield NamedEntity(str(entity_id), str(kind), str(name), tuple(str(n) for n in names if n))


def build_mention_index(
    catalog: Catalog | None = None, layers: Any = None, *, entities: Iterable[NamedEntity] = ()
) -> MentionIndex:
    """Compile the mention automaton for a catalog, optionally with user-layer features.

    Parameters
    ----------
    catalog
        The validated catalog; its corridors, places and formats are looked for.
    layers
        A frame of user-layer features (``Atlas.layers``), or ``None``.
    entities
        Further entities to look for.
    """
    named = [*(catalog_named_entities(catalog) if catalog else ()), *layer_named_entities(layers), *entities]
    named = [entity for entity in named if entity.kind not in UNNAMED_KINDS]
    table: dict[str, list[Surface]] = {}
    for entity in named:
        for key, surface in entity_surfaces(entity):
            _add_surface(table, key, surface)
    explicit = set(table)
    for entity in named:
        for key, surface in derived_surfaces(entity):
            if key not in explicit:
                _add_surface(table, key, surface)
    taken = set(table)
    for key, surface in _unambiguous_variants(named):
        if key not in taken:
            _add_surface(table, key, surface)
    legs = {c.id: tuple(frozenset(leg.path) for leg in c.legs) for c in catalog.corridors.values()} if catalog else {}
    keys = tuple(table)
    automaton = ahocorasick.Automaton()
    for number, key in enumerate(keys):
        automaton.add_word(key, number)
    automaton.make_automaton()
    first_words = frozenset(word for key in keys for word in re.split(r"[ -]", key)[:1])
    index = MentionIndex(
        automaton=automaton,
        keys=keys,
        key_lengths=tuple(len(key) for key in keys),
        surfaces=tuple(tuple(table[key]) for key in keys),
        kinds={entity.id: entity.kind for entity in named},
        names={entity.id: entity.name for entity in named},
        spellings={entity.id: tuple(raw_names(entity)) for entity in named},
        hosts={},
        first_words=first_words,
        routes={corridor: frozenset().union(*places) for corridor, places in legs.items()},
        legs=legs,
        termini=_termini(catalog, {entity.id for entity in named}) if catalog else {},
        pipelines=frozenset(
            corridor.id
            for corridor in (catalog.corridors.values() if catalog else ())
            if corridor.legs and all(leg.mode == "pipeline" for leg in corridor.legs)
        ),
        rail_legs=_rail_leg_ends(catalog, {entity.id for entity in named}) if catalog else (),
        inland=frozenset(
            place.id
            for place in (catalog.places.values() if catalog else ())
            if place.countries and set(place.countries) <= LANDLOCKED_COUNTRIES
        ),
        misspellable=near_keys(
            (key, surface.entity_id, surface.alias)
            for key in keys
            if _ONE_WORD.fullmatch(key)
            for surface in table[key]
            if surface.kind in MISSPELLABLE_KINDS and surface.case != "exact"
        ),
    )
    index.hosts.update(_find_hosts(index, named))
    return index


def _termini(catalog: Catalog, named: set[str]) -> dict[str, frozenset[str]]:
    """Each corridor's ends: the named places where its legs only start or only end, and that no leg passes
    (routing points left out). A junction, where one leg ends and the next starts, is none."""
    termini = {}
    for corridor in catalog.corridors.values():
        firsts, lasts, passed = set(), set(), set()
        for leg in corridor.legs:
            stops = [place for place in leg.path if place in named]
            if len(stops) >= 2:
                firsts.add(stops[0])
                lasts.add(stops[-1])
                passed.update(stops[1:-1])
        termini[corridor.id] = frozenset((firsts ^ lasts) - passed)
    return termini


def _rail_leg_ends(catalog: Catalog, named: set[str]) -> tuple[tuple[str, frozenset[str]], ...]:
    """``(corridor id, {first place, last place})`` of each railway leg, routing points left out."""
    ends = []
    for corridor in catalog.corridors.values():
        for leg in corridor.legs:
            stops = [place for place in leg.path if place in named]
            if leg.mode == "rail" and len(stops) >= 2:
                ends.append((corridor.id, frozenset((stops[0], stops[-1]))))
    return tuple(ends)


def _unambiguous_variants(named: list[NamedEntity]) -> list[tuple[str, Surface]]:
    """Surfaces of the variant grammar (:mod:`corridors.text.variants`) that only one entity yields."""
    owners: dict[str, set[str]] = {}
    found: list[tuple[str, Surface]] = []
    spellings = part_spellings((entity.kind, raw_names(entity)) for entity in named)
    for entity in named:
        bases = [surface.alias for _, surface in derived_surfaces(entity)]
        for variant in name_variants(entity.kind, [*raw_names(entity), *dict.fromkeys(bases)], spellings=spellings):
            surface = Surface(
                entity.id, entity.kind, variant, case_policy(variant, entity.kind), "variant", squashed=_squash(variant)
            )
            for key in written_forms(variant):
                owners.setdefault(key, set()).add(entity.id)
                found.append((key, surface))
    return [(key, surface) for key, surface in found if len(owners[key]) == 1]


def _add_surface(table: dict[str, list[Surface]], key: str, surface: Surface) -> None:
    surfaces = table.setdefault(key, [])
    if not any(s.entity_id == surface.entity_id and s.case == surface.case for s in surfaces):
        surfaces.append(surface)


def raw_names(entity: NamedEntity) -> list[str]:
    """The entity's name and aliases, plus each without its bracketed part and the bracketed names.

    "Port of Baku (Alat)" gives "Port of Baku (Alat)", "Port of Baku" and "Alat".
    """
    names: list[str] = []
    for raw in (entity.name, *entity.aliases):
        names.append(raw)
        if "(" in raw:
            names.append(_PARENTHESIS.sub("", raw).strip())
            for inside in _PARENTHESIS.findall(raw):
                names.extend(part.strip() for part in re.split(r"[/,]", inside) if part.strip()[:1].isupper())
    return list(dict.fromkeys(name for name in names if name))


def case_policy(name: str, kind: str = "") -> str:
    """``"exact"`` for abbreviations and names of up to three letters, ``"capital"`` for other
    one-word names and for a Russian port's name that starts with the town's adjective (in lower case,
    "актауский порт" describes the port rather than names it), ``"any"`` for other names of several words."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) <= 3:
        return "exact"
    if len(name.split()) > 1:
        return "capital" if kind == "port" and _RUSSIAN_ADJECTIVE_FIRST.match(name) else "any"
    cased = [c for c in letters if c.isupper() or c.islower()]
    if len(cased) >= 2 and all(c.isupper() for c in cased):
        return "exact"
    return "capital"


_ONE_WORD = re.compile(rf"[a-zа-яё]{{{MIN_LETTERS - 1},}}")
#: Kinds whose name's first word is also written in quotes before the rest ("the 'Middle' corridor").
QUOTED_STEM_KINDS = frozenset({"corridor", "format"})
QUOTE_PAIRS = (("«", "»"), ('"', '"'), ("“", "”"), ("„", "“"), ("'", "'"))
#: A capitalised first word, then up to three words: "Middle Corridor", "Лазуритовый коридор".
_ADJECTIVE_AND_HEAD = re.compile(r"[A-ZА-ЯЁ][\w-]+(?: [\w-]+){1,3}$")
_RUSSIAN_ADJECTIVE_FIRST = re.compile(r"[А-ЯЁ][а-яё]+(?:ий|ый|ой)\s")


def written_forms(name: str, *, decline: bool = True) -> set[str]:
    """Folded forms of a name: Russian case forms, a form without diacritics, dash spacings."""
    forms = {fold_name(name)}
    if decline and is_russian(name):
        forms.update(fold_name(form) for form in russian_forms(name))
    elif all(ord(c) < 0x250 for c in name if c.isalpha()):
        forms.add(fold_name(ascii_variant(name)))
    for form in list(forms):
        if "-" in form:
            tight = re.sub(r" ?- ?", "-", form)
            forms.update({tight, re.sub(r" ?- ?", " - ", form), re.sub(r"(?<=\w)-(?=\w)", " ", tight)})
    return {form for form in forms if form}


def _squash(text: str) -> str:
    return "".join(text.translate(_DASH_TABLE).split())


def entity_surfaces(entity: NamedEntity) -> Iterator[tuple[str, Surface]]:
    """``(folded key, surface)`` for every written form of the entity's names and aliases."""
    for raw in raw_names(entity):
        case = case_policy(raw, entity.kind)
        rule = "code" if case == "exact" and entity.kind == "airport" and re.fullmatch(r"[A-Z]{3}", raw) else "name"
        surface = Surface(entity.id, entity.kind, raw, case, rule, squashed=_squash(raw))
        for key in written_forms(raw, decline=case != "exact"):
            yield key, surface
            if entity.kind in QUOTED_STEM_KINDS and _ADJECTIVE_AND_HEAD.match(raw):
                first, rest = key.split(" ", 1)
                for opening, closing in QUOTE_PAIRS:  # "the 'Middle' corridor", "«Средний» коридор"
                    yield f"{opening}{first}{closing} {rest}", surface
    sea = re.fullmatch(r"(\w+) Sea", entity.name) if entity.kind == "sea" else None
    if sea:
        yield f"the {sea.group(1).lower()}", Surface(entity.id, entity.kind, entity.name, "capital", "sea-noun", trim=4)


def derived_surfaces(entity: NamedEntity) -> Iterator[tuple[str, Surface]]:
    """Names taken from a facility's names ("Port of Poti" → "Poti"); see
    :data:`corridors.text.mention_rules.DERIVED_NAME_PATTERNS`."""
    patterns = rules.DERIVED_NAME_PATTERNS.get(entity.kind, ())
    for raw in raw_names(entity):
        for pattern in patterns:
            match = pattern.match(raw)
            words = match.group(1).split() if match else []
            if (
                words
                and all(word[:1].isupper() for word in words)
                and words[-1].lower() not in rules.DESCRIPTIVE_WORDS
                and len(match.group(1)) > 3
            ):
                base = match.group(1)
                surface = Surface(entity.id, entity.kind, base, "capital", "derived", squashed=_squash(base))
                for key in written_forms(base):
                    yield key, surface


def _find_hosts(index: MentionIndex, named: list[NamedEntity]) -> dict[tuple[str, str], str]:
    """``(place id, kind) -> facility id`` from facility names that contain a place's name."""
    facilities = [entity for entity in named if entity.kind in rules.KIND_WORDS]
    hosts = {(entity.id, entity.kind): entity.id for entity in facilities}
    for entity in facilities:
        for raw in raw_names(entity):
            folded = fold_text(raw)
            for start, end, _, _, surface in _matches(raw, folded, index, scan_hits(folded, index)):
                inside = start > 0 or end < len(raw)
                if inside and surface.entity_id != entity.id and surface.kind not in NON_PLACE_KINDS:
                    hosts.setdefault((surface.entity_id, entity.kind), entity.id)
    return hosts


def scan_hits(folded: FoldedText, index: MentionIndex) -> Iterator[tuple[int, int]]:
    """``(end index, key number)`` of every key occurrence in the folded text: the single pass."""
    return index.automaton.iter(folded.text)


def _matches(
    text: str, folded: FoldedText, index: MentionIndex, hits: Iterable[tuple[int, int]]
) -> Iterator[tuple[int, int, int, int, Surface]]:
    """Hits that pass the word-boundary and case rules: original span, folded span, surface."""
    for end_index, number in hits:
        yield from _hit_matches(text, folded, index, end_index, number)


def _hit_matches(
    text: str, folded: FoldedText, index: MentionIndex, end_index: int, number: int
) -> Iterator[tuple[int, int, int, int, Surface]]:
    """The surfaces of one key hit that pass the word-boundary and case rules."""
    ft = folded.text
    end = end_index + 1
    start = end - index.key_lengths[number]
    if (start > 0 and ft[start - 1].isalnum()) or (end < len(ft) and ft[end].isalnum()):
        return
    for surface in index.surfaces[number]:
        original_start, original_end = folded.original_span(start + surface.trim, end)
        if surface.case == "exact":
            if _squash(text[original_start:original_end]) != surface.squashed:
                continue
        elif surface.case == "capital" and text[original_start].islower():
            continue
        yield original_start, original_end, start + surface.trim, end, surface


def find_mentions(text: str, index: MentionIndex, *, nested: bool = False) -> list[Mention]:
    """Every mention of an indexed entity in ``text``, in order of position.

    Parameters
    ----------
    text
        Any text; offsets are Python ``str`` indices into it as given.
    index
        From :func:`build_mention_index`.
    nested
        Also return mentions inside longer ones (the places in "Baku-Tbilisi-Kars
        railway"), marked ``nested=True``.
    """
    folded = fold_text(text)
    with _cycle_collector_paused():
        return resolve_mentions(text, folded, index, scan_hits(folded, index), nested=nested)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while millions of small tuples are made (they hold no cycles): on a dense
    text it would otherwise rescan them over and over and take half the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: An offer of a span for an entity: ``(start, end, entity id, rank, alias, the span's text)``; the lowest rank
#: wins a span.
Offer = tuple[int, int, str, tuple[int, int, int], str, str]
#: Distinct contexts remembered per text: a bound on the memory the memo takes on a text without repeats.
MEMO_ENTRIES = 200_000


def resolve_mentions(
    text: str,
    folded: FoldedText,
    index: MentionIndex,
    hits: Iterable[tuple[int, int]],
    *,
    nested: bool = False,
    memo: bool = True,
) -> list[Mention]:
    """Apply the mention rules to raw key hits from any scanner (the automaton or a baseline).

    The rules look no further than :data:`corridors.text.context.CONTEXT_REACH` characters either side of a
    name, so what they decide for a hit is remembered by that stretch of text: a name repeated in the same
    words is judged once (``memo=False`` judges every hit afresh, as a check).
    """
    judge = _HitJudge(text, folded, index)
    offers: list[Offer] = []
    if not memo:
        for end_index, number in hits:
            offers.extend(judge.offers(end_index, number))
        offers.extend([*_chain_offers(text, offers, index), *_host_town_offers(text, offers, index)])
        return _with_abbreviations(text, _select(text, offers, nested=nested), index)
    reach = CONTEXT_REACH
    ft = folded.text
    lengths = index.key_lengths
    shifted = bool(folded._positions)
    positions, shifts = folded._positions, folded._shifts
    remembered: dict[tuple, tuple[Offer, ...]] = {}
    remember = remembered.get
    append = offers.append
    for end_index, number in hits:
        start = end_index + 1 - lengths[number]
        if shifted:  # whitespace runs were folded: the original text and the folded one both count
            slot = bisect_right(positions, start) - 1  # FoldedText.original_span, inline
            origin = start + shifts[slot] if slot >= 0 else start
            low = origin - reach if origin > reach else 0
            folded_low = start - reach if start > reach else 0
            key = (
                number,
                origin - low,
                text[low : origin + lengths[number] + reach],
                start - folded_low,
                ft[folded_low : end_index + 1 + reach],
            )
        else:  # the folded text is the original, character for character
            origin = start
            low = start - reach if start > reach else 0
            key = (number, start - low, text[low : end_index + 1 + reach])
        relative = remember(key)
        if relative is None:
            found = judge.offers(end_index, number)
            relative = tuple((a - origin, b - origin, e, r, al, t) for a, b, e, r, al, t in found)
            if len(remembered) >= MEMO_ENTRIES:
                remembered.clear()
            remembered[key] = relative
        for a, b, entity_id, rank, alias, written in relative:
            append((a + origin, b + origin, entity_id, rank, alias, written))
    offers.extend([*_chain_offers(text, offers, index), *_host_town_offers(text, offers, index)])
    return _with_abbreviations(text, _select(text, offers, nested=nested), index)


def _with_abbreviations(text: str, mentions: list[Mention], index: MentionIndex) -> list[Mention]:
    """``mentions`` and the uses of the abbreviations the text defines for them ("Трансанатолийский газопровод
    (ТАНАП)"; :mod:`corridors.text.abbreviations`), and the place names it misspells by a letter ("Istambul";
    :mod:`corridors.text.misspellings`)."""
    uses = [Mention(*use) for use in abbreviation_uses(text, mentions, index.spellings)]
    found = [*mentions, *uses]
    uses.extend(
        Mention(entity_id, start, end, text[start:end], alias)
        for entity_id, start, end, alias in misspelt_places(
            text, lambda: sorted((m.start, m.end) for m in found), index.misspellable, index.automaton.exists
        )
    )
    uses.extend(_names_in_part(text, [*mentions, *uses], index))
    found = sorted([*mentions, *uses], key=lambda m: (m.start, -m.end, m.nested)) if uses else mentions
    return _without_stops_of_unlisted_pipelines(text, found, index)


#: A pipeline named by its ends or stops, the catalog's or not: "нефтепроводу Баку-Махачкала-Новороссийск" (the
#: chain after a Russian pipeline word), "the Atasu-Alashankou oil pipeline" (the chain before "pipeline").
_CHAIN_OF_NAMES = r"[A-ZА-ЯЁ][\w]*(?:[ \t]?[-–—][ \t]?[A-ZА-ЯЁ][\w]*)+"
_PIPELINE_WORD_THEN_CHAIN = re.compile(rf"(?:нефте|газо|трубо)провод[а-яё]*[ \t]+[«\"“]?({_CHAIN_OF_NAMES})")
_CHAIN_THEN_PIPELINE_WORD = re.compile(rf"({_CHAIN_OF_NAMES})[»\"”]?[ \t]+(?:(?:oil|gas|crude)[ \t]+)?$")


def _pipeline_chains(text: str) -> list[tuple[int, int]]:
    """The spans of chains of names that name a pipeline (see :data:`_PIPELINE_WORD_THEN_CHAIN`)."""
    chains = [match.span(1) for match in _PIPELINE_WORD_THEN_CHAIN.finditer(text)] if "провод" in text else []
    for word in re.finditer(r"(?<![\w-])pipeline", text) if "pipeline" in text else ():
        before = _CHAIN_THEN_PIPELINE_WORD.search(text, max(0, word.start() - 80), word.start())
        if before:
            chains.append(before.span(1))
    return chains


def _without_stops_of_unlisted_pipelines(text: str, mentions: list[Mention], index: MentionIndex) -> list[Mention]:
    """``mentions`` less the places inside the name of a pipeline the catalog does not have ("нефтепроводу
    Баку-Махачкала-Новороссийск" names the pipeline, not Baku and Makhachkala); a catalog pipeline's own mention
    covers its places anyway."""
    chains = _pipeline_chains(text)
    if not chains:
        return mentions
    lines = sorted((m.start, m.end) for m in mentions if index.kinds.get(m.id) in NON_PLACE_KINDS)
    line_starts = [a for a, _ in lines]

    def named_by_a_line(start: int, end: int) -> bool:
        at = bisect_left(line_starts, end)
        return any(lines[i][1] > start for i in range(max(0, at - 3), at))

    unlisted = sorted(chain for chain in chains if not named_by_a_line(*chain))
    if not unlisted:
        return mentions
    unlisted_starts = [a for a, _ in unlisted]

    def inside_one(mention: Mention) -> bool:
        at = bisect_right(unlisted_starts, mention.start) - 1
        return at >= 0 and unlisted[at][1] >= mention.end

    kinds = index.kinds
    return [m for m in mentions if m.nested or kinds.get(m.id) in NON_PLACE_KINDS or not inside_one(m)]


def _names_in_part(text: str, found: list[Mention], index: MentionIndex) -> list[Mention]:
    """Names the text writes in part (:mod:`corridors.text.ellipsis`) where nothing was found: "между Каспийским и
    Черным морями", "Среднего (Транскаспийского) коридора"."""
    if " и " not in text and "(" not in text:
        return []

    def name_of(phrase: str) -> tuple[str, int] | None:
        first = next((m for m in find_mentions(phrase, index) if m.start == 0), None)
        return (first.id, first.end) if first else None

    added: list[Mention] = []
    spans: list[tuple[int, int]] | None = None
    for entity_id, start, end in [
        *shared_head_mentions(text, name_of),
        *bracketed_alternative_mentions(text, name_of),
    ]:
        if spans is None:
            spans = sorted((m.start, m.end) for m in found)
        at = bisect_right(spans, (start, len(text) + 1))
        if (at and spans[at - 1][1] > start) or (at < len(spans) and spans[at][0] < end):
            continue  # overlaps a name already found
        added.append(Mention(entity_id, start, end, text[start:end]))
        insort(spans, (start, end))
    return added


_DASH = re.compile(r"[-–—]")
#: Places a dash-joined chain needs to name a corridor: two ("Kurik-Alat", "Altynkol–Khorgos") name a crossing or
#: a section and stay places.
CHAIN_PLACES = 3
#: Two border crossings joined by a dash, called a crossing ("the Dostyk–Alashankou crossing", "через переход
#: Алтынколь-Хоргос"), are the two sides of one crossing: one mention of the first, the side the name starts
#: from. Called a line ("магистрали Серхетабат – Тургунди"), or nothing, they stay two places.
CROSSING_KIND = "border-crossing"
_CROSSING_BEFORE = re.compile(
    r"(?:\b(?:стык\w*|переход\w*|погранпереход\w*|погранпункт\w*|узл\w*|узел|КПП|crossing|checkpoint|border point)"
    r"|\bпункт\w*(?:\s+пропуска)?)\s+[«\"“]?$",
    re.IGNORECASE,
)
_CROSSING_AFTER = re.compile(r"^\s+(?:border\s+)?(?:crossing|checkpoint|junction|border point)\b", re.IGNORECASE)
#: A crossing word, a list of quoted crossings, then another quoted one: "стыковые пункты «Алтынколь — Хоргос» и
#: «Достык — Алашанькоу»", each pair a crossing.
_CROSSING_LISTED_BEFORE = re.compile(
    r"(?:\b(?:стык\w*|переход\w*|погранпереход\w*|погранпункт\w*|пункт\w*|crossings|checkpoints))\s+"
    r"(?:[«\"“][^«»“”\"\n]{1,40}[»”\"](?:,\s*|\s+и\s+|\s+and\s+)){1,3}([«\"“])$",
    re.IGNORECASE,
)
#: A chain right after a route word lists the stops of a route ("по маршруту Мазари-Шариф – Кабул – Пешавар",
#: "the route Termez-Kabul-Peshawar"): its places stay places.
_ROUTE_BEFORE = re.compile(r"(?:\bпо\s+маршруту|\bмаршрут(?:ом|у|а)?|\broute|\bitinerary)\s+[«\"“]?$", re.IGNORECASE)
#: A name joined by a dash before or after a chain: the chain is part of a longer list.
_LINKED_BEFORE = re.compile(r"[\w)]\s?[-–—]\s?$")
_LINKED_AFTER = re.compile(r"\s?[-–—]\s?[\w(]")
#: Two places of one railway leg of a corridor, joined by a dash and called a railway, a line or a section in the
#: singular ("железной дороги Решт – Астара", "участка Достык-Мойынты", "the Rasht-Qazvin railway"), name that
#: stretch of the corridor: one mention of the corridor. A route ("по маршруту X – Y"), a mainline between
#: crossings ("магистрали Серхетабат – Тургунди") and plural lines stay places.
_LINE_BEFORE = re.compile(
    r"(?:\b(?:железн\w+\s+дорог[аиеу]|ж/д(?:\s+дорог[аиеу])?|лини[яиюей]|участ(?:ок|ка|ке|ком)|ветк[аиуе]|перегон\w*"
    r"|(?<!автомобильной )(?<!автомобильная )(?<!автомобильную )дорог[аиеу])"
    r"|\b(?:railway|railroad|rail line|line|section|stretch)(?:\s+of)?)\s+[«\"“]?$",
    re.IGNORECASE,
)
_LINE_AFTER = re.compile(r"^[»\"”]?\s+(?:railway|railroad|rail line|line|section|stretch)\b(?!\s+lines)", re.IGNORECASE)


def _chain_offers(text: str, offers: list[Offer], index: MentionIndex) -> list[Offer]:
    """A corridor named by its places joined with dashes ("Termez-Mazar-e-Sharif-Kabul-Peshawar"): at least
    :data:`CHAIN_PLACES` places that one corridor passes. Of several corridors, the one with the fewest places (the
    most specific) is offered; an explicit name of the same span still wins on rank. Two border crossings called
    a crossing are offered as one (:data:`CROSSING_KIND`)."""
    links = _dash_links(text) if index.routes else {}
    if not links:
        return []
    link_ends = set(links.values())
    places = sorted(
        (
            offer
            for offer in offers
            if (offer[1] in links or offer[0] in link_ends)
            and offer[3][0] == 1
            and index.kinds.get(offer[2]) not in NON_PLACE_KINDS
        ),
        key=_longest_first,  # "Mazar-e-Sharif" links the chain on, not the "Mazar" inside it
    )
    found: list[Offer] = []
    chain: list[Offer] = []
    decided: dict[tuple[str, ...], str | None] = {}
    for offer in [*places, None]:
        if offer is not None and chain and links.get(chain[-1][1]) == offer[0]:
            chain.append(offer)
            continue
        crossing_start = _crossing_start(text, chain, index) if len(chain) == 2 else None
        if crossing_start is not None:
            crossing_end = chain[1][1]
            word_after = _CROSSING_AFTER.match(text[crossing_end : crossing_end + 30])
            if word_after and crossing_start == chain[0][0]:
                crossing_end += word_after.end()  # "Altynkol–Khorgos border crossing", as one span
            opened = text[crossing_start : chain[0][0]].rstrip()[-1:]
            if opened and opened in _OPENING_QUOTES and text[crossing_end : crossing_end + 1] in _CLOSING_QUOTES:
                crossing_end += 1  # «Алтынколь — Хоргос» keeps its quotation marks
            span = text[crossing_start:crossing_end]
            found.append((crossing_start, crossing_end, chain[0][2], chain[0][3], span, span))
        line = (_line_span(text, chain, index) or _pipeline_span(text, chain, index)) if len(chain) == 2 else None
        if line is not None:
            start, end, corridor = line
            rank = (1, 1, rules.KIND_RANK.get("corridor", len(rules.KIND_RANK)))
            found.append((start, end, corridor, rank, text[start:end], text[start:end]))
        if len(chain) >= CHAIN_PLACES and not _lists_stops(text, chain[0][0], chain[-1][1]):
            named = tuple(link[2] for link in chain)
            if named not in decided:
                decided[named] = _corridor_of_chain(named, index)
            corridor = decided[named]
            if corridor is not None:
                rank = (1, 1, rules.KIND_RANK.get("corridor", len(rules.KIND_RANK)))
                span = text[chain[0][0] : chain[-1][1]]
                found.append((chain[0][0], chain[-1][1], corridor, rank, span, span))
        if offer is not None and (not chain or offer[0] >= chain[-1][1]):
            chain = [offer]
    return found


#: A hyphen, then a word or number, right after a town's name: a station's name ("Тбилиси-Узловая", "Алматы-1").
_STATION_SUFFIX = re.compile(
    r"-(?:\d+|(?:узлов|пассажир|сортировоч|товарн|главн|центральн|южн|северн|западн|восточн)[а-яё]*|"
    r"(?:junction|passenger|central|south|north|west|east|main|sortirovochnaya|uzlovaya|tovarnaya))(?![\w-])",
    re.IGNORECASE,
)
#: Between a port's town and the port: "Baku's Alat port"; between the port and its town: "порт Алат в Баку".
_TOWN_BEFORE_PORT = re.compile(r"['’]s[ \t]{1,3}")
_TOWN_AFTER_PORT = re.compile(r"[ \t]{1,3}(?:в|in|at)[ \t]{1,3}")
_PORT_WORD = re.compile(r"\b(?:port|порт\w*)\b", re.IGNORECASE)


def _host_town_offers(text: str, offers: list[Offer], index: MentionIndex) -> list[Offer]:
    """A port named with the town it serves, as one span: "Baku's Alat port", "порт Алат в Баку" (the town alone
    would be a mention of the town)."""
    if not (_TOWN_BEFORE_PORT.search(text) or _TOWN_AFTER_PORT.search(text)):
        return []
    kinds = index.kinds
    towns_by_end: dict[int, list[Offer]] = {}
    towns_by_start: dict[int, list[Offer]] = {}
    for offer in offers:
        if kinds.get(offer[2]) == "city":
            towns_by_end.setdefault(offer[1], []).append(offer)
            towns_by_start.setdefault(offer[0], []).append(offer)
    found: list[Offer] = []
    for port in offers:
        if kinds.get(port[2]) != "port" or not _PORT_WORD.search(port[5]):
            continue  # "Alat port", "порт Алат", not a bare "Алятом" ("между Курыком и Алятом в Баку")
        for town in towns_by_end.get(port[0] - 3, []) + towns_by_end.get(port[0] - 4, []):
            if index.hosts.get((town[2], "port")) == port[2] and _TOWN_BEFORE_PORT.fullmatch(text, town[1], port[0]):
                span = text[town[0] : port[1]]
                found.append((town[0], port[1], port[2], port[3], span, span))
        after = _TOWN_AFTER_PORT.match(text, port[1])
        for town in towns_by_start.get(after.end(), []) if after else []:
            if index.hosts.get((town[2], "port")) == port[2]:
                span = text[port[0] : town[1]]
                found.append((port[0], town[1], port[2], port[3], span, span))
    return found


def _crossing_start(text: str, pair: list[Offer], index: MentionIndex) -> int | None:
    """Where a crossing named by two border crossings joined by a dash starts (at a crossing word before them,
    "переход Алтынколь-Хоргос", else at the first), or ``None`` if the pair is not called a crossing."""
    if pair[0][2] == pair[1][2] or any(index.kinds.get(link[2]) != CROSSING_KIND for link in pair):
        return None
    reach = max(0, pair[0][0] - 30)
    before = _CROSSING_BEFORE.search(text[reach : pair[0][0]])
    if before:
        return reach + before.start()
    listed = _CROSSING_LISTED_BEFORE.search(text, max(0, pair[0][0] - 110), pair[0][0])
    if listed:
        return listed.start(1)
    return pair[0][0] if _CROSSING_AFTER.match(text[pair[1][1] : pair[1][1] + 30]) else None


def _lists_stops(text: str, start: int, end: int) -> bool:
    """True if the chain at ``start:end`` lists a route's stops: after a route word ("по маршруту …"), or inside a
    longer dash-joined list of names the catalog does not all know ("Стамбул (Мармарай)–Кёсекой–Анкара–Сивас–Карс")."""
    if _ROUTE_BEFORE.search(text, max(0, start - 30), start):
        return True
    return bool(_LINKED_BEFORE.search(text, max(0, start - 4), start) or _LINKED_AFTER.match(text, end, end + 4))


_OPENING_QUOTES, _CLOSING_QUOTES = frozenset('«"“'), frozenset('»"”')
_CHAIN_GOES_ON_AFTER = re.compile(r"\s?[-–—]\s?[A-ZА-ЯЁ]")
_CHAIN_GOES_ON_BEFORE = re.compile(r"[A-ZА-ЯЁ][\w)]*\s?[-–—]\s?$")


def _inside_a_longer_chain(text: str, start: int, end: int) -> bool:
    """True if a dash-joined name at ``start:end`` is continued by another dash-joined name on either side."""
    if not _DASH.search(text, start, end):
        return False
    return bool(
        _CHAIN_GOES_ON_AFTER.match(text, end, end + 4) or _CHAIN_GOES_ON_BEFORE.search(text, max(0, start - 30), start)
    )


def _line_span(text: str, pair: list[Offer], index: MentionIndex) -> tuple[int, int, str] | None:
    """The span of a line named by the two ends of one railway leg, with its railway word ("участка
    Достык-Мойынты", "Beineu–Zhezkazgan line"), and its corridor; ``None`` if the pair is not called a line or is
    not the ends of a leg of one corridor (a line between two stops inside a leg, "железной дороги «Хайратон –
    Мазари-Шариф»", is its places)."""
    places = {pair[0][2], pair[1][2]}
    corridors = {corridor for corridor, ends in index.rail_legs if places == ends}
    if len(places) != 2 or len(corridors) != 1:
        return None
    reach = max(0, pair[0][0] - 40)
    before = _LINE_BEFORE.search(text[reach : pair[0][0]])
    if before:
        return reach + before.start(), pair[1][1], corridors.pop()
    after = _LINE_AFTER.match(text[pair[1][1] : pair[1][1] + 30])
    if after:
        return pair[0][0], pair[1][1] + after.end(), corridors.pop()
    opened, closed = text[pair[0][0] - 1 : pair[0][0]], text[pair[1][1] : pair[1][1] + 1]
    crossings = all(index.kinds.get(link[2]) == CROSSING_KIND for link in pair)  # «Достык — Алашанькоу»: a crossing
    if opened and opened in _OPENING_QUOTES and closed and closed in _CLOSING_QUOTES and not crossings:
        return pair[0][0] - 1, pair[1][1] + 1, corridors.pop()  # a line named in quotation marks: "Решт-Астару"
    return None


#: The last words of line names' head phrases ("corridor", "railway", "газопровод"…): a name ending in one is headed.
_HEAD_WORDS = frozenset(head.split()[-1] for heads in HEAD_FAMILIES.values() for head in heads)
_RAIL_OR_ROAD_AFTER = re.compile(
    r"[ \t]+(?:rail(?:way|road)?s?|(?:high|motor)ways?|roads?|железн\w+[ \t]+дорог\w*|ж/д|автодорог\w*)(?![\w-])",
    re.IGNORECASE,
)
#: A pipeline's head after a name or a pair of places ("… gas pipeline", "» pipeline", "… газопровод").
_PIPELINE_AFTER = re.compile(
    r"[»\"”]?[ \t]+(?:(?:gas|oil|crude)[ \t]+)?pipelines?(?![\w-])|[ \t]+(?:газо|нефте|трубо)провод", re.IGNORECASE
)


def _headed_as_another_line(text: str, start: int, end: int, pipeline: bool) -> bool:
    """True if a line's name written without its head noun is followed by the head of another kind of line: a
    pipeline's by a railway's or road's, another line's by a pipeline's."""
    if text[start:end].split()[-1].lower() in _HEAD_WORDS:
        return False
    after = _RAIL_OR_ROAD_AFTER if pipeline else _PIPELINE_AFTER
    return after.match(text, end) is not None


#: A pipeline word before a pair of places, perhaps with "system" between: "нефтепроводной системы Тенгиз -
#: Новороссийск", "трубопровода".
_PIPELINE_BEFORE = re.compile(
    r"(?:\b(?:нефте|газо|трубо)провод\w*(?:\s+систем\w*)?|\bpipeline(?:\s+system)?)\s+[«\"“]?$", re.IGNORECASE
)


def _pipeline_span(text: str, pair: list[Offer], index: MentionIndex) -> tuple[int, int, str] | None:
    """The span of a catalog pipeline named by its two ends and a pipeline word ("нефтепроводной системы Тенгиз -
    Новороссийск", "the Atyrau–Alashankou pipeline"), and its id; ``None`` otherwise."""
    places = {pair[0][2], pair[1][2]}
    pipelines = [line for line in index.pipelines if index.termini.get(line) == places] if len(places) == 2 else []
    if len(pipelines) != 1:
        return None
    reach = max(0, pair[0][0] - 40)
    before = _PIPELINE_BEFORE.search(text[reach : pair[0][0]])
    if before:
        return reach + before.start(), pair[1][1], pipelines[0]
    after = _PIPELINE_AFTER.match(text, pair[1][1])
    if after is None:
        return None
    quoted = (
        text[pair[1][1] : pair[1][1] + 1] in _CLOSING_QUOTES and text[pair[0][0] - 1 : pair[0][0]] in _OPENING_QUOTES
    )
    return pair[0][0] - quoted, after.end(), pipelines[0]  # «Atyrau–Alashankou» pipeline keeps both quotation marks


def _dash_joined(text: str, start: int, end: int) -> bool:
    """True if a dash or hyphen joins the name to a capitalised word before or after it ("Beineu-Mangistau")."""
    after = text[end : end + 4].lstrip(" ")
    before = text[max(0, start - 4) : start].rstrip(" ")
    return (after[:1] in DASHES + "-" and after[1:].lstrip(" ")[:1].isupper()) or (
        before[-1:] in DASHES + "-" and before[:-1].rstrip(" ")[-1:].isalpha()
    )


def _dash_links(text: str) -> dict[int, int]:
    """Where each dash between two words starts and ends, with a space either side: ``{start: end}``."""
    links = {}
    for match in _DASH.finditer(text):
        dash = match.start()
        start = dash - 1 if text[dash - 1 : dash] == " " else dash
        links[start] = dash + 2 if text[dash + 1 : dash + 2] == " " else dash + 1
    return links


def _corridor_of_chain(place_ids: tuple[str, ...], index: MentionIndex) -> str | None:
    """The corridor with the fewest places that runs through every place of the chain (each named once), from one
    of its ends to another, each two neighbours on one of its legs: "Казвин – Решт – Энзели" is no North–South
    corridor, whose Anzali is a ferry port and no leg joins it to Rasht; "Казвин – Решт – Астара" is a part of it,
    named by its places."""
    if len(set(place_ids)) != len(place_ids):
        return None
    pairs = list(pairwise(place_ids))
    ends = {place_ids[0], place_ids[-1]}
    matches = [
        (len(route), corridor_id)
        for corridor_id, route in index.routes.items()
        if route.issuperset(place_ids)
        and ends <= index.termini.get(corridor_id, frozenset())
        and all(any({a, b} <= leg for leg in index.legs.get(corridor_id, ())) for a, b in pairs)
    ]
    return min(matches)[1] if matches else None


class _HitJudge:
    """The mention rules for one key hit at a time, over one text."""

    def __init__(self, text: str, folded: FoldedText, index: MentionIndex):
        self.text, self.folded, self.index = text, folded, index
        self.names: dict[str, bool] = {}

    def _station_of(self, end: int) -> bool:
        """True if a hyphen after the town's name joins it to a number or a station's word: "Тбилиси-Узловая",
        "Алматы-1", "Ташкент-Пассажирский" are stations (not "Баку-Тбилиси", "Карс-Мерсин")."""
        return _STATION_SUFFIX.match(self.text, end) is not None

    def offers(self, end_index: int, number: int) -> list[Offer]:
        """The spans this hit offers: the name itself, and a facility it names with a kind word next to it."""
        text, folded, index = self.text, self.folded, self.index
        found: list[Offer] = []
        for start, end, folded_start, folded_end, surface in _hit_matches(text, folded, index, end_index, number):
            if surface.rule == "sea-noun" and not used_as_noun(text, end):
                continue
            if surface.rule == "code" and not code_context(text, start, end):
                continue
            if names_a_body(text, end) or rules.DOMAIN_AFTER.match(text, end):
                continue
            if rules.no_mention_here(text, start, end):
                continue  # "танкеры «Актау», «Астана»", "the Taraz tanker", "ИА «Волга-Каспий»": ships, outlets
            if surface.kind == "sea" and rules.REGION_AFTER_SEA.match(text, end):
                continue  # "the Caspian-Black Sea region" is a macro-region, not the sea
            if surface.kind == "city" and self._station_of(end):
                continue  # "станции Тбилиси-Узловая", "Алматы-1": a station named after the town
            if surface.kind == "corridor" and _headed_as_another_line(
                text, start, end, surface.entity_id in index.pipelines
            ):
                continue  # "the Trans-Afghanistan railway" is no TAPI pipeline, "the North-South pipeline" no corridor
            if surface.kind in NON_PLACE_KINDS and _inside_a_longer_chain(text, start, end):
                continue  # "Китай-Кыргызстан-Узбекистан-Туркменистан" is another route than the CKU railway
            if (
                surface.case == "capital"
                and surface.rule != "sea-noun"
                and inside_longer_name(
                    text, start, end, index, self.names, declined=_declined(text, start, end, surface)
                )
            ):
                continue
            contexts = (
                [] if surface.kind in NON_PLACE_KINDS else kind_context(folded.text, folded, folded_start, folded_end)
            )
            hosted = [
                (kind, a, b, index.hosts.get((surface.entity_id, kind)))
                for kind, a, b in contexts
                if not (kind == "port" and rules.DRY_PORT.search(text, max(0, a - 12), min(b, a + 24)))
                and not (kind == "region" and _near(text, start) and _declined(text, start, end, surface))
            ]
            if _names_another_place(surface, hosted, start, inland=surface.entity_id in index.inland):
                continue
            kind_rank = rules.KIND_RANK.get(surface.kind, len(rules.KIND_RANK))
            if surface.kind == "region" and _dash_joined(text, start, end):
                kind_rank = len(rules.KIND_RANK) + 1  # "Beineu-Mangistau railway": a stop, not the region
            found.append(
                (
                    start,
                    end,
                    surface.entity_id,
                    (1, surface.rule in ("derived", "variant"), kind_rank),
                    surface.alias,
                    text[start:end],
                )
            )
            for kind, context_start, context_end, host in hosted:
                if host is not None:
                    host_rank = rules.KIND_RANK.get(kind, len(rules.KIND_RANK))
                    found.append(
                        (
                            context_start,
                            context_end,
                            host,
                            (0, 0, host_rank),
                            surface.alias,
                            text[context_start:context_end],
                        )
                    )
        return found


#: Kinds of places that a port or terminal phrase names the port or terminal of, not the place itself ("the port
#: of Astara", "the Astrakhan terminal").
_TOWN_KINDS = frozenset({"city", "border-crossing", "station"})


def _declined(text: str, start: int, end: int, surface: Surface) -> bool:
    """True for a Russian name written in another case than its own ("в Астане" for Астана)."""
    written = text[start:end]
    return is_russian(written) and written.lower() != surface.alias.lower()


#: "в районе" right before a name: in Russian, with the name in the genitive, "near" it ("в районе Новороссийска").
_NEAR = re.compile(r"(?<![\w-])в[ \t]+районе[ \t]+$", re.IGNORECASE)


def _near(text: str, start: int) -> bool:
    """True if "в районе" stands right before the name at ``start``."""
    return _NEAR.search(text, max(0, start - 12), start) is not None


def _names_another_place(surface: Surface, hosted: list, start: int, *, inland: bool = False) -> bool:
    """True for "X province", "the region of X" where X is a town or site and the catalog has no region X; and
    for "port of X", "X ports", "X terminal", "X airport" where X is a town and the catalog has no such facility
    (the facility is another place), unless X is ``inland`` (in a country with no sea coast, "Hairatan port" is the
    river and border port at Hairatan itself)."""
    if surface.kind in rules.REGION_KINDS:
        return False
    if surface.kind in _TOWN_KINDS and any(
        host is None and ((kind == "port" and not inland) or (kind in ("terminal", "airport") and at == start))
        for kind, at, _, host in hosted
    ):
        return True  # "the port of Astara", "the Astrakhan terminal", "the Jalal-Abad International Airport" (not
        # "the Sangachal terminal near Baku")
    return any(kind == "region" and host is None for kind, _, _, host in hosted)


def _select(text: str, offers: list[Offer], *, nested: bool) -> list[Mention]:
    """Longest match first; among equal spans the best rank. Nested ones on request.

    Offers that overlap no other are kept as they are; only runs of overlapping offers are ranked.
    """
    offers.sort(key=_by_start)
    starts = [offer[0] for offer in offers]
    ends = [offer[1] for offer in offers]
    if _some_overlap(starts, ends):  # rank within each run of overlapping offers
        kept: list[Offer] = []
        run: list[Offer] = []
        run_end = -1
        chosen: dict[tuple, list[int]] = {}  # a run seen before (at another position) is chosen the same way
        for offer in offers:
            if offer[0] >= run_end and run:
                kept.extend(_best_of_run(run, chosen))
                run = []
            run.append(offer)
            run_end = max(run_end, offer[1])
        kept.extend(_best_of_run(run, chosen))
    else:
        kept = offers
    make = Mention._make
    mentions = [
        make((entity_id, start, end, written, alias, False)) for start, end, entity_id, _, alias, written in kept
    ]
    if nested:
        for start, end, entity_id, *_ in kept:
            mentions.extend(_nested_in(text, offers, starts, start, end, entity_id))
        mentions.sort(key=lambda m: (m.start, -m.end, m.nested))
    return mentions


def _some_overlap(starts: list[int], ends: list[int]) -> bool:
    """True if any span starts before an earlier one (in order of start) ends."""
    if not any(map(operator.lt, starts[1:], ends)) and all(map(operator.le, ends, ends[1:])):
        return False  # each ends before the next starts, and no span reaches past a later one
    return any(map(operator.lt, starts[1:], accumulate(ends, max)))


def _best_of_run(run: list[Offer], chosen: dict[tuple, list[int]]) -> list[Offer]:
    """The offers of a run of overlapping ones that the greedy choice keeps, in order of position."""
    if len(run) == 1:
        return run
    first = run[0][0]
    shape = tuple((a - first, b - first, e, r, al) for a, b, e, r, al, _ in run)
    picks = chosen.get(shape)
    if picks is None:
        numbered = sorted(range(len(run)), key=lambda i: _by_preference(run[i]))
        kept = _non_overlapping([(*run[i][:2], i) for i in numbered])
        picks = chosen[shape] = sorted(i for _, _, i in kept)
    return [run[i] for i in picks]


_by_start = operator.itemgetter(0)


def _longest_first(offer: Offer) -> tuple[int, int]:
    return offer[0], -offer[1]


def _by_preference(offer: Offer) -> tuple[int, tuple[int, int, int], int]:
    """Longest first, then the best rank, then the earliest."""
    return offer[0] - offer[1], offer[3], offer[0]


def _non_overlapping(ordered: list, start: int = 0, end: int | None = None) -> list:
    """Greedily keep candidates (best first) that overlap none kept before, within ``start:end``."""
    if not ordered:
        return []
    start = min(c[0] for c in ordered) if end is None else start
    end = max(c[1] for c in ordered) if end is None else end
    occupied = bytearray(end - start)
    kept = []
    for candidate in ordered:
        low, high = candidate[0] - start, candidate[1] - start
        if occupied.find(1, low, high) >= 0:
            continue
        occupied[low:high] = b"\x01" * (high - low)
        kept.append(candidate)
    return kept


def _nested_in(text: str, by_start: list, starts: list[int], start: int, end: int, container: str) -> list[Mention]:
    """Mentions inside ``start:end`` of entities other than the container, themselves not overlapping."""
    inner = []
    for candidate in by_start[bisect_left(starts, start) :]:
        if candidate[0] >= end:
            break
        if candidate[1] <= end and (candidate[0], candidate[1]) != (start, end) and candidate[2] != container:
            inner.append(candidate)
    inner.sort(key=_by_preference)
    chosen = _non_overlapping(inner, start, end)
    return [Mention(eid, s, e, written, alias, nested=True) for s, e, eid, _, alias, written in chosen]
