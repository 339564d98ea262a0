"""Names in a text that look like places or infrastructure but are not in the catalog.

A candidate is a capitalised name next to a word for a kind of place: "Anaklia
port", "port of Anaklia", "Kashagan field", "Zhanaozen–Gorgan railway",
"порт Анаклия", "Кызылординской области", "месторождение Кашаган". Spans that
overlap a catalog mention, and names that are only a country or a demonym, are
left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from corridors.text.mentions import Mention

#: Words for kinds of places and infrastructure (English), longest first within each kind.
EN_KEYWORDS: dict[str, tuple[str, ...]] = {
    "port": ("dry port", "sea port", "seaport", "port", "harbour", "harbor"),
    "rail": ("railway line", "rail line", "railway", "railroad"),
    "corridor": ("transport corridor", "corridor", "route"),
    "pipeline": ("gas pipeline", "oil pipeline", "pipeline"),
    "region": ("region", "oblast", "province", "district"),
    "field": ("gas field", "oil field", "oilfield", "field"),
    "terminal": ("terminal",),
    "station": ("railway station", "station", "junction"),
    "airport": ("international airport", "airport"),
    "road": ("highway", "motorway", "expressway"),
    "crossing": ("border crossing", "checkpoint", "crossing", "pass", "bridge", "tunnel"),
    "facility": (
        "free economic zone",
        "special economic zone",
        "free trade zone",
        "logistics centre",
        "logistics center",
        "logistics hub",
        "refinery",
    ),
}
#: Russian words for kinds of places, as stems with the endings they take.
RU_KEYWORDS: dict[str, tuple[str, ...]] = {
    "port": (r"(?:морск\w+\s+)?порт(?:а|у|ом|е|ы|ов)?",),
    "rail": (r"железн(?:ая|ой|ую|ые|ых)\s+дорог(?:а|и|е|у|ой)",),
    "corridor": (r"коридор(?:а|у|ом|е)?", r"маршрут(?:а|у|ом|е)?"),
    "pipeline": (r"газопровод(?:а|у|ом|е)?", r"нефтепровод(?:а|у|ом|е)?"),
    "region": (r"област(?:ь|и|ью)", r"регион(?:а|у|ом|е)?", r"район(?:а|у|ом|е)?"),
    "field": (r"месторождени(?:е|я|ю|ем|и)",),
    "terminal": (r"терминал(?:а|у|ом|е)?",),
    "station": (r"станци(?:я|и|ю|ей)",),
    "airport": (r"аэропорт(?:а|у|ом|е)?",),
    "crossing": (r"перевал(?:а|у|ом|е)?", r"погранперех\w+"),
}
#: Names that are only a country, a demonym or a direction are not places to add.
_STOP_NAMES_TEXT = """
    the a an this that these those its their our his her new old north south east west northern southern eastern
    western central middle great kazakhstan kazakh azerbaijan azerbaijani georgia georgian turkmenistan turkmen
    uzbekistan uzbek kyrgyzstan kyrgyz tajikistan tajik afghanistan afghan iran iranian russia russian china
    chinese turkey turkish türkiye armenia armenian pakistan pakistani india indian europe european asia asian
    eurasian caspian black international national в на по из с к у о от до для при за над под через и а но это
    его их казахстан азербайджан грузия туркменистан узбекистан киргизия кыргызстан таджикистан афганистан иран
    россия китай турция армения европа азия
"""
STOP_NAMES = frozenset(_STOP_NAMES_TEXT.split())

# Possessive and unambiguous (each hyphen starts one part), so "New-New-New-…" fails in linear time; an optional
# capital before each part made matching exponential in the number of parts.
_EN_WORD = r"[A-Z][\w'’]*+(?:[-–—][\w'’]++)*+"
_EN_NAME = rf"{_EN_WORD}(?:[ \t]+{_EN_WORD}){{0,3}}"
_RU_WORD = r"[А-ЯЁ][а-яёА-ЯЁ]*(?:-[а-яёА-ЯЁ]+)*"
_RU_NAME = rf"{_RU_WORD}(?:\s*[—–-]\s*{_RU_WORD}){{0,3}}"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_EN_KIND = {word: kind for kind, words in EN_KEYWORDS.items() for word in words}
_RU_KIND = [(re.compile(f"^(?:{pattern})$", re.IGNORECASE), kind) for kind, ps in RU_KEYWORDS.items() for pattern in ps]
_EN_KEY = _alternation(re.escape(w).replace(r"\ ", r"\s+") for w in _EN_KIND)
_RU_KEY = _alternation(p for ps in RU_KEYWORDS.values() for p in ps)
PATTERNS = (
    # "Anaklia port", "Zhanaozen–Gorgan railway"
    # (a name starts neither inside a word nor after "A'" or a dash: each start would rescan the rest of the word)
    re.compile(rf"(?<![\w\-–—])(?<!\w['’])(?P<name>{_EN_NAME})\s+(?P<key>(?i:{_EN_KEY}))(?![\w-])"),
    # "port of Anaklia", "Port of Anaklia"
    re.compile(rf"(?<![\w-])(?P<key>(?i:{_EN_KEY}))\s+(?i:of|at)\s+(?P<name>{_EN_NAME})(?![\w-])"),
    # "Анаклийский порт", "Кызылординской области"
    re.compile(rf"(?<![\w-])(?P<name>{_RU_WORD})\s+(?P<key>(?i:{_RU_KEY}))(?![\w-])"),
    # "порт Анаклия", "месторождение «Кашаган»", "железная дорога Казахстан — Туркменистан — Иран"
    re.compile(rf"(?<![\w-])(?P<key>(?i:{_RU_KEY}))\s+«?(?P<name>{_RU_NAME})»?(?![\w-])"),
)


@dataclass(frozen=True)
class Candidate:
    """A phrase naming a place or facility the catalog lacks: ``text == source[start:end]``.

    ``name`` is the proper-name part ("Anaklia"), ``kind`` what the keyword
    suggests (port, rail, corridor, pipeline, region, field, terminal, station,
    airport, road, crossing, facility) and ``keyword`` the word as written.
    """

    start: int
    end: int
    text: str
    name: str
    kind: str
    keyword: str


def unknown_candidates(text: str, mentions: Iterable[Mention]) -> list[Candidate]:
    """Candidates for new catalog entries in ``text``, in order, none overlapping a mention."""
    taken = _Taken((m.start, m.end) for m in mentions)
    found: dict[tuple[int, int], Candidate] = {}
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            name = _strip_leading_stopwords(match.group("name"))
            if name is None:
                continue
            name_start = match.start("name") + match.group("name").index(name)
            start = min(name_start, match.start("key"))
            end = match.end()
            if taken.overlaps(start, end):
                continue
            keyword = match.group("key")
            candidate = Candidate(start, end, text[start:end], name, _kind(keyword), keyword)
            found.setdefault((start, end), candidate)
    ordered = sorted(found.values(), key=lambda c: (c.start, c.start - c.end))
    kept: list[Candidate] = []
    for candidate in ordered:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return kept


def _strip_leading_stopwords(name: str) -> str | None:
    """The name without leading stop words; ``None`` if nothing else is left.

    A list joined by dashes ("Казахстан — Туркменистан — Иран") names a route and is kept whole.
    """
    rest = name.strip()
    while True:
        first, _, tail = rest.partition(" ")
        tail = tail.lstrip()
        if first.lower() not in STOP_NAMES or not tail or tail[0] in "—–-":
            break
        rest = tail
    return None if rest.lower() in STOP_NAMES else rest


def _kind(keyword: str) -> str:
    folded = " ".join(keyword.lower().split())
    if folded in _EN_KIND:
        return _EN_KIND[folded]
    for pattern, kind in _RU_KIND:
        if pattern.match(folded):
            return kind
    return "place"


class _Taken:
    """Spans of mentions, for asking whether a span overlaps any of them."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.max_ends = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """True if a span starting before ``end`` ends after ``start``."""
        slot = bisect_left(self.starts, end)
        return slot > 0 and self.max_ends[slot - 1] > start
