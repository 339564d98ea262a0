"""Case forms of Russian names, so that inflected mentions match (Курык → Курыке, Мангистауской области).

Catalog aliases are nominative. A name is declined as Russian grammar declines
it: adjectives before the head noun agree with it, words after the head (a
genitive or an apposition such as ``порт Актау``) stay as they are. Words in the
OpenCorpora dictionary (through pymorphy3) take their dictionary forms; other
words follow the regular endings, and foreign names ending in a vowel other
than -а/-я (Баку, Туркменбаши, Актау) do not decline.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Grammatical cases generated, including the second locative (``в порту``).
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "loc2")
#: Letters of Kazakh, Ukrainian and Belarusian that Russian lacks: such names are not declined.
NON_RUSSIAN_LETTERS = frozenset("әғқңөұүһіїєґўӘҒҚҢӨҰҮҺІЇЄҐЎ")
_RUSSIAN_WORD = re.compile(r"^[а-яё]+(?:-[а-яё]+)?$", re.IGNORECASE)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_HUSHING = tuple("гкхжшщч")
_SIBILANT = tuple("жшщчц")

# Regular adjective endings: nominative ending -> (gent, datv, accs, ablt, loct) endings.
_ADJECTIVE_ENDINGS = {
    "ый": ("ого", "ому", ("ый", "ого"), "ым", "ом"),
    "ой": ("ого", "ому", ("ой", "ого"), "ым", "ом"),
    "ий": ("его", "ему", ("ий", "его"), "им", "ем"),
    "ая": ("ой", "ой", ("ую",), "ой", "ой"),
    "яя": ("ей", "ей", ("юю",), "ей", "ей"),
    "ое": ("ого", "ому", ("ое",), "ым", "ом"),
    "ее": ("его", "ему", ("ее",), "им", "ем"),
}


def is_russian(name: str) -> bool:
    """True if ``name`` is written in Cyrillic and has no letters that Russian lacks."""
    return bool(_CYRILLIC.search(name)) and not NON_RUSSIAN_LETTERS.intersection(name)


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def dictionary_forms(word: str, *, limit: int = 2) -> list[str]:
    """The dictionary (nominative) forms of a Russian word by its likeliest parses: "Горгана" → "горган"."""
    return [parse.normal_form for parse in _analyzer().parse(word)[:limit]]


def is_surname(word: str, *, likelihood: float = 0.5) -> bool:
    """True if a Russian word is most likely a person's surname or patronymic (first names are often places too,
    "Атамурат"): a reading tagged so with at least ``likelihood``, none as a place ("Алиев"; not "Шымкент")."""
    parses = _analyzer().parse(word)
    if any("Geox" in parse.tag for parse in parses):
        return False
    return any({"Surn", "Patr"} & parse.tag.grammemes and parse.score >= likelihood for parse in parses)


#: A Russian surname's shape: -ов/-ев/-ин and their case endings ("Бердымухамедова", "Алиеву").
_SURNAME_SHAPE = re.compile(r"[А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|ою|е|ом|ых|ыми)?")


def looks_like_surname(word: str) -> bool:
    """True for a surname (:func:`is_surname`), or a word shaped as one that the dictionary does not know as a
    place ("Аббасов"; not "Ростов")."""
    return is_surname(word) or (_SURNAME_SHAPE.fullmatch(word) is not None and not is_place_name(word))


#: Dictionary parts of speech that are no noun: adverbs, short adjectives, predicatives, verbs and the like.
_NOT_NOUNS = frozenset({"ADVB", "ADJS", "PRED", "VERB", "INFN", "PRCL", "CONJ", "INTJ", "GRND", "PRTS", "COMP", "PREP"})


def is_no_noun(word: str) -> bool:
    """True if the dictionary's likeliest reading of a Russian word is no noun ("Отрадно"), and it knows it."""
    parses = _analyzer().parse(word)
    return bool(parses) and parses[0].tag.POS in _NOT_NOUNS and _from_dictionary(parses[0])


def first_name_of(word: str, following: str) -> bool:
    """True if ``word`` and the ``following`` word read as a person's first name and surname: the second is (or is
    shaped as) a surname, in a case the first can have too ("Сердара Бердымухамедова"; not "Ашхабаде
    Бердымухамедов")."""
    if not (is_surname(following) or _SURNAME_SHAPE.fullmatch(following)):
        return False
    parse = _analyzer().parse
    cases = {reading.tag.case for reading in parse(word)} & {reading.tag.case for reading in parse(following)}
    return bool(cases - {None})


def noun_gender(word: str) -> str | None:
    """The gender of a Russian noun in the nominative ("masc", "femn", "neut"), or ``None``."""
    parse = _noun_parse(word)
    return parse.tag.gender if parse is not None else None


def is_known_word(word: str) -> bool:
    """True if the dictionary knows a Russian word (its likeliest reading is not a guess, nor a known ending with
    an unknown prefix)."""
    parses = _analyzer().parse(word)
    return bool(parses) and _from_dictionary(parses[0]) and len(parses[0].methods_stack) == 1


def is_place_name(word: str) -> bool:
    """True if the dictionary knows a Russian word as a place's name (its likeliest reading is tagged Geox)."""
    parses = _analyzer().parse(word)
    return bool(parses) and "Geox" in parses[0].tag and _from_dictionary(parses[0])


def is_common_noun(word: str) -> bool:
    """True if the dictionary's likeliest reading of a Russian word is a common inanimate noun ("Недели"), not a
    name, surname, place or organisation."""
    parses = _analyzer().parse(word)
    best = parses[0] if parses else None
    return (
        best is not None
        and best.tag.POS == "NOUN"
        and best.tag.animacy == "inan"
        and _from_dictionary(best)
        and not {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"} & best.tag.grammemes
    )


def is_adjective(word: str) -> bool:
    """True if a Russian word's likeliest reading is an adjective from the dictionary ("Каспийском")."""
    parses = _analyzer().parse(word)
    return bool(parses) and parses[0].tag.POS == "ADJF" and _from_dictionary(parses[0])


def singular_of(noun: str) -> str | None:
    """A plural Russian noun in the singular, same case ("морями" → "морем"); ``None`` if it is not plural."""
    for parse in _analyzer().parse(noun):
        if parse.tag.POS == "NOUN" and "plur" in parse.tag and parse.tag.case:
            singular = parse.inflect({"sing", parse.tag.case})
            return singular.word if singular else None
    return None


def can_be_adjective(word: str) -> bool:
    """True if one of a Russian word's two likeliest readings is an adjective or participle ("Черным")."""
    return any(parse.tag.POS in ("ADJF", "PRTF") for parse in _analyzer().parse(word.lower())[:2])


#: Lower-case abbreviations that head a name undeclined, with the gender of the noun they stand for.
INDECLINABLE_HEADS = {"ж/д": "femn", "ж.д.": "femn"}


@lru_cache(maxsize=4096)
def russian_forms(name: str) -> tuple[str, ...]:
    """Lower-case singular case forms of a Russian name given in the nominative, the name first.

    Names that are not Russian, abbreviations and names with no head noun are returned alone.
    """
    words = name.lower().split()
    if not words or not is_russian(name):
        return (" ".join(words),)
    original = name.split()
    head = None
    for index, word in enumerate(words):
        if (_is_abbreviation(original[index]) or word in INDECLINABLE_HEADS) and index > 0:
            # "Махачкалинский МТП", "Трансафганская ж/д": the adjectives decline, the abbreviation does not
            gender = INDECLINABLE_HEADS.get(word)
            columns = [_decline_adjective(adjective, gender, animate=False) for adjective in words[:index]]
            tail = original[index:]
            return tuple(dict.fromkeys(" ".join([*forms, *tail]).lower() for forms in zip(*columns, strict=True)))
        if not _RUSSIAN_WORD.match(word) or _is_abbreviation(original[index]):
            break
        if index < len(words) - 1 and _adjective_parse(word) is not None:
            continue
        if _noun_parse(word) is not None or index == len(words) - 1:
            head = index
        break
    if head is None:
        return (" ".join(words),)
    noun = _decline_noun(words[head])
    if noun is None:  # a lone adjective used as a name (Саксаульская, Верный)
        columns = [_decline_adjective(words[head], None, animate=False)]
    else:
        forms, gender, animate = noun
        columns = [_decline_adjective(word, gender, animate=animate) for word in words[:head]] + [forms]
    tail = words[head + 1 :]
    return tuple(dict.fromkeys(" ".join([*case_forms, *tail]) for case_forms in zip(*columns, strict=True)))


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _parses(word: str):
    return [p for p in _analyzer().parse(word) if "nomn" in p.tag]


def _from_dictionary(parse) -> bool:
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _adjective_parse(word: str):
    """The best singular nominative adjective reading, unless a noun reading is likelier."""
    best_noun = max((p.score for p in _parses(word) if p.tag.POS == "NOUN"), default=0.0)
    for parse in _parses(word):
        if parse.tag.POS in ("ADJF", "PRTF") and "sing" in parse.tag and not {"Abbr", "Fixd"} & parse.tag.grammemes:
            return parse if parse.score >= best_noun or not _from_dictionary(parse) else None
    return None


def _noun_parse(word: str):
    candidates = [p for p in _parses(word) if p.tag.POS == "NOUN" and _from_dictionary(p)]
    candidates.sort(key=lambda p: ("sing" not in p.tag, "Geox" not in p.tag, -p.score))
    return candidates[0] if candidates else None


def _decline_noun(word: str) -> tuple[tuple[str, ...], str | None, bool] | None:
    """Forms of a noun for each of :data:`CASES`, its gender and animacy; ``None`` for an adjective."""
    parse = _noun_parse(word)
    if parse is not None:
        animate = "anim" in parse.tag
        if "Fixd" in parse.tag:
            return (word,) * len(CASES), parse.tag.gender, animate
        number = "plur" if "Pltm" in parse.tag or "plur" in parse.tag else "sing"
        forms = []
        for case in CASES:
            inflected = parse.inflect({case, number})
            forms.append(inflected.word if inflected else word)
        return tuple(forms), parse.tag.gender, animate
    if _adjective_parse(word) is not None and word.endswith(tuple(_ADJECTIVE_ENDINGS)):
        return None
    forms, gender = _regular_noun(word)
    return forms, gender, False


def _regular_noun(word: str) -> tuple[tuple[str, ...], str | None]:
    """Forms of a name not in the dictionary, by its ending (hyphenated names decline the last part)."""
    prefix, _, last = word.rpartition("-")
    if word.count("-") > 1:
        return (word,) * len(CASES), None
    prefix = f"{prefix}-" if prefix else ""
    stem = last[:-1]
    if last.endswith(tuple("оеёиуюэы")):
        forms, gender = (last,) * 7, None
    elif last.endswith("ия"):
        forms, gender = (
            (last, stem[:-1] + "ии", stem[:-1] + "ии", stem + "ю", stem + "ей", stem[:-1] + "ии", stem[:-1] + "ии"),
            "femn",
        )
    elif last.endswith("я"):
        forms, gender = (last, stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е", stem + "е"), "femn"
    elif last.endswith("а"):
        genitive = stem + ("и" if stem.endswith(_HUSHING) else "ы")
        instrumental = stem + ("ей" if stem.endswith(_SIBILANT) else "ой")
        forms, gender = (last, genitive, stem + "е", stem + "у", instrumental, stem + "е", stem + "е"), "femn"
    elif last.endswith("ий"):
        forms, gender = (last, stem + "я", stem + "ю", last, stem + "ем", stem + "и", stem + "и"), "masc"
    elif last.endswith("й"):
        forms, gender = (last, stem + "я", stem + "ю", last, stem + "ем", stem + "е", stem + "е"), "masc"
    elif last.endswith("ь"):
        forms, gender = (last, stem + "я", stem + "ю", last, stem + "ем", stem + "е", stem + "и"), "masc"
    else:
        instrumental = last + ("ем" if last.endswith(_SIBILANT) else "ом")
        forms, gender = (last, last + "а", last + "у", last, instrumental, last + "е", last + "е"), "masc"
    return tuple(prefix + form for form in forms), gender


def _decline_adjective(word: str, gender: str | None, *, animate: bool) -> tuple[str, ...]:
    """An adjective's form for each of :data:`CASES`, agreeing with a head of ``gender`` and animacy."""
    parse = _adjective_parse(word)
    if parse is not None and _from_dictionary(parse):
        gender = gender or parse.tag.gender or "masc"
        forms = []
        for case in CASES:
            grammemes = {"loct" if case == "loc2" else case, "sing", gender}
            if case == "accs" and gender == "masc":
                grammemes.add("anim" if animate else "inan")
            inflected = parse.inflect(grammemes)
            forms.append(inflected.word if inflected else word)
        return tuple(forms)
    for ending, (gent, datv, accs, ablt, loct) in _ADJECTIVE_ENDINGS.items():
        if word.endswith(ending):
            stem = word[: -len(ending)]
            if ending == "ий" and stem.endswith(_HUSHING):  # -ский: hard endings
                gent, datv, accs, ablt, loct = "ого", "ому", ("ий", "ого"), "им", "ом"
            accusative = accs[1] if animate and len(accs) > 1 else accs[0]
            return (word, stem + gent, stem + datv, stem + accusative, stem + ablt, stem + loct, stem + loct)
    return (word,) * len(CASES)
