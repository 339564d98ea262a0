"""The explicit rules the mention finder applies after a name has matched.

Each rule is a decision a person can check in a test:

* **Word boundaries.** A match must not continue a word on either side
  ("Baku" is not found in "Bakunin"); hyphens and apostrophes are boundaries
  ("Baku-based", "Baku's").
* **Case.** Abbreviations and names of three letters or fewer match only in
  their exact case (TITR, GYD, Шу); other one-word names must start with a
  capital letter, so common words that double as names do not match in lower
  case ("дружба", "mary"); names of several words match in any case, including
  all capitals ("BAKU, Azerbaijan" matches as a one-word name in capitals).
* **Part of a longer name.** A one-word name directly followed by a capitalised
  word, or preceded by one that does not start the sentence, is taken as part
  of a person's or organisation's name ("President Serdar Berdimuhamedov",
  "Mary Robinson") unless that word is another catalog name or a kind word, or
  the passage is a title in title case.
* **Whose place.** A demonym or a possessive before a name says whose the place
  is; it is not part of the name: "Kazakhstan's Aktau", "Azerbaijani Alat",
  "Turkmen Balkanabat" are the port of Aktau, Alat, Balkanabat.
* **Places inside a larger unit.** "X region", "X province", "X oblast",
  "X district", "the province of X" (and "X район") name the region, never the
  town X: they are a mention of a catalog region called X if there is one, and
  of nothing otherwise ("the Afghan province of Herat" is not the city of Herat).
* **Kind words.** "port of Baku", "Baku port", "the new port in Turkmenbashi",
  "порт Туркменбаши" refer to the port of that city when the catalog has one;
  "Mangistau region", "Aktau airport" likewise. The mention then spans the kind
  word too. A bare "Baku" is the city.
* **Names taken from facilities.** When no catalog entity is called X but a
  port, station, crossing, terminal or region is called "Port of X", "X railway
  station", "X Terminal", "X Pass", "X Region" or "порт X", a bare X stands for
  that facility: "Poti", "Aktau", "Kuryk", "Алят" are the ports. A name that an
  entity has itself (Baku, the city) is never taken over this way.
* **Paragraphs.** No name is matched across a blank line; a single line break
  inside a name ("Middle\\nCorridor") is a space.
* **Seas as nouns.** "the Caspian" followed by punctuation or a function word
  ("across the Caspian to Baku") is the Caspian Sea; "Caspian" before a noun
  ("Caspian ports", "the Caspian region") is an adjective and matches nothing.
  Russian needs no rule: "Каспий" is a noun, "каспийский" a different word.
* **Airport codes.** Three-letter airport codes (GYD) match only as codes: in
  brackets, paired with another code ("SCO–GYD"), or beside "airport" or
  "flight"; "SCO" in "an observer of SCO" is not Aktau airport.
* **Overlaps.** The longest match wins; of matches with the same span, one
  confirmed by a kind word wins, then a catalog name over a derived one, then
  the entity kind ranked first in :data:`KIND_RANK`.
"""

from __future__ import annotations

import re

from corridors.text.inflect import is_russian, russian_forms

#: Words that name a kind of place, by catalog kind (Russian ones are declined).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "port": ("port", "seaport", "sea port", "harbour", "harbor", "порт", "морской порт"),
    "airport": ("airport", "international airport", "аэропорт", "международный аэропорт"),
    "station": ("station", "railway station", "rail station", "junction", "станция", "железнодорожная станция"),
    "region": (
        "region",
        "oblast",
        "province",
        "district",
        "область",
        "регион",
        "район",
        "провинция",
        "велаят",
        "вилайет",
    ),
    "field": ("field", "gas field", "oil field", "oilfield", "месторождение", "газовое месторождение"),
    "terminal": ("terminal", "oil terminal", "gas terminal", "терминал"),
    "border-crossing": ("border crossing", "crossing", "checkpoint", "погранпереход", "пункт пропуска", "кпп", "мапп"),
}

#: Plural kind words before or after a list of names, in folded text ("порты Туркменбаши и Баку", "the ports of
#: Aktau and Kuryk", "Anzali and Astara ports"): each name of the list is a facility of that kind.
PLURAL_KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(["ports", "seaports", "порты", "портов", "портам", "портами", "портах"], "port"),
    **dict.fromkeys(["terminals", "терминалы", "терминалов", "терминалам", "терминалах"], "terminal"),
    **dict.fromkeys(["stations", "станции", "станций", "станциям", "станциях"], "station"),
    **dict.fromkeys(
        ["provinces", "regions", "провинций", "провинциях", "провинциям", "областей", "областях", "велаятов"], "region"
    ),
}

#: Preference between entities that share a name, when nothing else decides.
KIND_RANK: dict[str, int] = {
    kind: rank
    for rank, kind in enumerate(
        [
            "city",
            "region",
            "sea",
            "port",
            "corridor",
            "airport",
            "terminal",
            "field",
            "border-crossing",
            "station",
            "facility",
            "format",
            "waypoint",
        ]
    )
}

#: Words after "the Caspian" that show it is used as a noun (the sea), not an adjective.
_FUNCTION_WORDS_TEXT = """
    a about across after against along among and are as at because before below between beyond but by could did
    does during for from had has have here in including into is it its near nor of off on onto or over per since
    so than that the their there these this those through throughout to toward towards under until up via was
    were which while who whose will with within without would
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

#: Words near a three-letter code that show it is an airport code.
CODE_CONTEXT = re.compile(r"airport|flight|iata|аэропорт|рейс", re.IGNORECASE)

#: Names derived from a facility's name when nothing else has that name: "Port of Poti" makes "Poti" a name of
#: the port, "Port of Bandar Abbas" "Bandar Abbas" (a port's name may have two words, each capitalised). Applied to
#: the kinds listed.
DERIVED_NAME_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "port": (
        re.compile(r"^port of (\w[\w'-]*(?: \w[\w'-]*)?)$", re.IGNORECASE),
        re.compile(r"^port (\w[\w'-]*(?: \w[\w'-]*)?)$", re.IGNORECASE),
        re.compile(r"^(\w[\w'-]*(?: \w[\w'-]*)?) (?:sea ?port|port|harbou?r)$", re.IGNORECASE),
        re.compile(r"^порт (\w[\w-]*)$", re.IGNORECASE),
    ),
    "station": (
        re.compile(r"^(\w[\w'-]*) (?:railway |rail )?station$", re.IGNORECASE),
        re.compile(r"^станция (\w[\w-]*)$", re.IGNORECASE),
    ),
    "border-crossing": (
        re.compile(r"^(\w[\w'-]*) (?:railway |rail )?station$", re.IGNORECASE),
        re.compile(r"^(\w[\w'-]*) (?:pass|border crossing|crossing)$", re.IGNORECASE),
        re.compile(r"^перевал (\w[\w-]*)$", re.IGNORECASE),
    ),
    "terminal": (
        re.compile(r"^(\w[\w'-]*) terminal$", re.IGNORECASE),
        re.compile(r"^терминал (\w[\w-]*)$", re.IGNORECASE),
    ),
    "region": (re.compile(r"^(\w[\w'-]*) region$", re.IGNORECASE),),
}

_MODIFIERS = "new|old|main|sea|deep-sea|deep-water|deepwater|international|commercial|trade|future"
#: Words that describe a facility rather than name it: no derived name ends in one ("Anaklia Deep" is no name).
DESCRIPTIVE_WORDS = frozenset([*_MODIFIERS.split("|"), "deep", "merchant"])

#: Words that qualify a kind word ("Anaklia Deep-Sea Port"): not the start of another name.
MODIFIER_WORDS = frozenset(_MODIFIERS.split("|"))
#: Words before a place name that say whose it is (see "Whose place" above); possessives ("Iran's") count too.
DEMONYMS = frozenset(
    [
        "afghan",
        "armenian",
        "azerbaijani",
        "azeri",
        "belarusian",
        "chinese",
        "european",
        "georgian",
        "indian",
        "iranian",
        "kazakh",
        "kazakhstani",
        "kyrgyz",
        "kyrgyzstani",
        "mongolian",
        "pakistani",
        "persian",
        "russian",
        "tajik",
        "tajikistani",
        "turkish",
        "turkmen",
        "turkmenistani",
        "ukrainian",
        "uzbek",
        "uzbekistani",
    ]
)
#: A word ending in a possessive: "Kazakhstan's", "Iran’s", "Georgians'".
#: Capitalised words after a name that end in a company's or a body's word make it part of that body's name
#: ("Middle Corridor Multimodal Ltd.", "Astana International Financial Centre", "Caspian Shipping Company").
ORGANISATION_AFTER = re.compile(
    r"(?:[ \t]+[A-Z][\w&'’-]*){0,4}[ \t]+(?:Ltd|LLC|LLP|Inc|JSC|PLC|GmbH|Limited|Company|Corporation|Holding|Group|"
    r"Centre|Center|Bank|Fund|Agency|Authority|Forum|University|Exchange|Association|Council|[Cc]onsortium)\b"
)
#: A region word after a sea's name: "the Black Sea region" is a macro-region, not the sea.
REGION_AFTER_SEA = re.compile(r"[ \t]+(?:region|basin countries|littoral states)\b", re.IGNORECASE)
#: A ship's name in quotation marks after a ship word, alone or in a list ("танкерами “Алматы” и “Актобе”",
#: "паром «Нахичевань»", "the ferry "Azerbaijan"", "танкер «Порт Оля-4»"): ships are not their namesakes.
SHIP_BEFORE = re.compile(
    r"(?:\b(?:танкер|паром|судн|сухогруз|контейнеровоз|теплоход|ледокол|tanker|ferry|ferries|vessel|ship)\w*)\s+"
    r"(?:[«“\"][^«»“”\"\n]{1,40}[»”\"](?:,\s*|\s+и\s+|\s+and\s+))*[«“\"](?:[A-ZА-ЯЁ][\w-]*\s)?$",
    re.IGNORECASE,
)
#: A ship named by "the", its name and a ship word: "the Taraz tanker", "the Aktau vessel".
SHIP_AFTER = re.compile(r"[ \t]{1,3}(?:tanker|vessel|ship|bulk carrier|dry-cargo ship)s?\b", re.IGNORECASE)
SHIP_NAME_BEFORE = re.compile(r"\bthe[ \t]+$", re.IGNORECASE)


def is_a_ship_name(text: str, start: int, end: int) -> bool:
    """True for a name between "the" and a ship word ("the Taraz tanker")."""
    return (
        SHIP_AFTER.match(text, end) is not None and SHIP_NAME_BEFORE.search(text, max(0, start - 8), start) is not None
    )


#: A news outlet's name in quotation marks, up to a name inside it: "ИА «Волга-Каспий»", "РИА «Дагестан»",
#: "газета «Каспий»".
OUTLET_NAME_BEFORE = re.compile(
    r"(?:\b(?:ИА|РИА|СМИ)|\b(?:агентств|информагентств|газет|телеканал|радиостанци|журнал|издани|портал)\w*)"
    r"[ \t]+[«\"“][^«»\"“”\n]{0,40}$",
    re.IGNORECASE,
)

#: An event's title in quotation marks, up to a name inside it: "конференции «Каспийское море – море мира»",
#: "the forum "Middle Corridor: …"" (events are not their namesakes).
EVENT_NAME_BEFORE = re.compile(
    r"\b(?:конференци|форум|выставк|саммит|фестивал|конгресс|конкурс|conference|forum|exhibition|summit|festival)"
    r"\w*(?:[ \t]+(?:на[ \t]+тему|on|entitled|titled))?[ \t]+[«\"“][^«»\"“”\n]{0,40}$",
    re.IGNORECASE,
)

#: A company's name in quotation marks after its legal form, up to a name inside it: "АО «НК «Казахстан темир жолы»",
#: "ТОО «Актау Сервис»" (a company named after the whole port, "АО «Актауский морской торговый порт»", is the port:
#: see :func:`inside_a_company_name`).
COMPANY_NAME_BEFORE = re.compile(
    r"(?<![\w-])(?:АО|ТОО|ООО|ЗАО|ПАО|ОАО|ГУП|ФГУП|АОО|ОсОО|ЧП|ИП|LLC|JSC|CJSC|LLP)[ \t]+"
    r"(?:[«\"“][^«»\"“”\n]{0,40}[ \t]+)?[«\"“]([^«»\"“”\n]{0,40})$"
)


def inside_a_company_name(text: str, start: int, end: int) -> bool:
    """True for a name inside a company's name in quotation marks ("ТОО «Актау Сервис»"), unless it is the whole
    name ("АО «Актауский морской торговый порт»" names the port)."""
    before = COMPANY_NAME_BEFORE.search(text, max(0, start - 60), start)
    if before is None:
        return False
    kind_words = before.group(1).strip().lower()
    whole = kind_words in _PORT_COMPANY_HEADS and text[end : end + 1] in '»"”'
    return not whole


#: What may stand before a port's name in the name of the company that runs it: "ТОО «Порт Курык»".
_PORT_COMPANY_HEADS = frozenset(["", "порт", "морской порт", "морпорт", "port", "sea port"])

#: A Russian body's name (a capitalised head noun, then its lower-case words) up to a name that ends it:
#: "Администрации морских портов Каспийского моря", "Министерства транспорта Казахстана".
BODY_NAME_BEFORE = re.compile(
    r"(?<![\w-])(?:Администраци|Министерств|Управлени|Департамент|Комитет|Агентств|Служб|Дирекци|Ассоциаци|Инспекци"
    r"|Консорциум)"
    r"[а-яё]*(?:[ \t]+[а-яё-]+(?:ых|их|ов|ев|ей|ий|ой|ого|его|ия|ии|ых|ого|а|я|ы|и)){1,4}[ \t]+$"
)  # the words between are the body's own, in the genitive ("морских портов"), not a verb ("сообщил аким")


def no_mention_here(text: str, start: int, end: int) -> bool:
    """True where a name is a web domain ("Shalqar.kz"), a ship's ("танкер «Актау»", "the Taraz tanker"), an
    outlet's ("ИА «Волга-Каспий»"), an event's ("конференции «Каспийское море – море мира»") or part of a
    company's ("ТОО «Актау Сервис»") or a body's ("Администрации морских портов Каспийского моря")."""
    before = max(0, start - SHIP_REACH)
    return (
        DOMAIN_AFTER.match(text, end) is not None
        or SHIP_BEFORE.search(text, before, start) is not None
        or is_a_ship_name(text, start, end)
        or OUTLET_NAME_BEFORE.search(text, before, start) is not None
        or EVENT_NAME_BEFORE.search(text, before, start) is not None
        or inside_a_company_name(text, start, end)
        or BODY_NAME_BEFORE.search(text, max(0, start - 80), start) is not None
    )


#: How far before a name a ship word is looked for (within the finder's context reach, so its memo holds).
SHIP_REACH = 100
#: A web domain after a name: "Almaty.tv" is an outlet, not the city.
DOMAIN_AFTER = re.compile(r"\.(?:tv|kz|ru|com|az|uz|kg|tj|tm|ge|am|org|net|info|news|asia)\b", re.IGNORECASE)
#: A dry port is an inland terminal, not a seaport: "сухой порт Хоргос" is Khorgos, "the Dry Port of Xi'an" no harbour.
DRY_PORT = re.compile(r"(?:\bсух\w*|\bdry|\binland)\s+(?:порт|port)", re.IGNORECASE)
#: Abbreviations of kinds of zones and hubs written before a place's name ("СЭЗ Хоргос", "SEZ Khorgos"): they do
#: not make the place part of a longer name.
ZONE_ABBREVIATIONS = frozenset(["сэз", "оэз", "тлц", "кпп", "мапп", "sez", "fez", "ftz"])
#: A word before a name that calls it a town or a facility ("в городе Актау", "the city of Aktau"): a capitalised
#: word after the name is then someone's name ("в городе Актау Эльмар Мамедов"), not part of the place's name.
PLACE_WORD_BEFORE = re.compile(
    r"(?:\b(?:город\w*|г\.|посел\w*|посёл\w*|сел[оаеу]|порт\w*|станци\w+|city|town|village|port)(?:\s+of)?)\s+$",
    re.IGNORECASE,
)

POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
#: Kinds that a region context ("X province") may name (the others are towns and sites, not the region).
REGION_KINDS = frozenset({"region", "sea"})


def _kind_alternation() -> tuple[str, dict[str, str]]:
    """A regex alternation of every folded kind word (longest first) and the kind of each."""
    kind_of: dict[str, str] = {}
    for kind, words in KIND_WORDS.items():
        for word in words:
            forms = russian_forms(word) if is_russian(word) else (word.lower(),)
            for form in forms:
                kind_of.setdefault(form.replace("ё", "е"), kind)
    alternation = "|".join(re.escape(word) for word in sorted(kind_of, key=len, reverse=True))
    return alternation, kind_of


_ALTERNATION, KIND_OF_WORD = _kind_alternation()
#: A kind word right after a name, in folded text: "baku port", "baku's new port", "mangistau region".
KIND_AFTER = re.compile(rf"(?:'s)? (?:(?:{_MODIFIERS}) ){{0,3}}({_ALTERNATION})(?!\w)")
#: Words that may link a kind word before a name to it: "port of Baku", "the new port in Turkmenbashi".
KIND_LINKS = frozenset({"of", "in", "at", "near"})
#: The word right before a name when a kind word precedes it: a link, "the", or a kind phrase's last word.
KIND_PHRASE_ENDS = frozenset({"the", *KIND_LINKS, *(phrase.split()[-1] for phrase in KIND_OF_WORD)})
PLURALS = "|".join(sorted(PLURAL_KIND_WORDS, key=len, reverse=True))
#: A name in a list (in folded text): one or two words or two names joined by a slash ("Baku/Alat"), then perhaps an aside in
#: brackets or where it is ("Kuryk in Kazakhstan", "Актау (Казахстан)").
LIST_ITEM = (
    r"[^\W\d_][\w'-]*(?:/[^\W\d_][\w'-]*)?(?: [^\W\d_][\w'-]*)?"
    r"(?: \([^()]{1,30}\)| (?:in|в) [^\W\d_][\w'-]*)?"
)
LIST_LINK = r"(?:, and |, | и | and )"
#: A plural kind word, then the names of the list before this one, up to the name: "порты туркменбаши и ".
PLURAL_BEFORE = re.compile(
    rf"(?<!\w)({PLURALS})(?: of| in| at| such as| like|,? including)? (?:{LIST_ITEM}{LIST_LINK}){{0,4}}$"
)
#: The rest of a list after a name, then a plural kind word: " and astara ports".
PLURAL_AFTER = re.compile(rf"(?:{LIST_LINK}{LIST_ITEM}){{1,4}} ({PLURALS})(?!\w)")
#: Folded kind words, for telling a kind word from a name.
KIND_WORD_SET = frozenset(word for phrase in KIND_OF_WORD for word in phrase.split())
#: What may follow "the <Sea>" for it to be the sea: punctuation, end of text or a function word.
NOUN_USE = re.compile(r"\s{0,20}(?:$|[^\w\s-]|(\w{1,40}))")
