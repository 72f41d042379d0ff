"""Counts written in the text ("18 comuni", «cinque miniprogetti») checked against the content.

The number of municipalities and mini-projects is the number of Italian pages
in their folders. Wherever a text (a page in any language, a template, a theme
translation) writes a number, in digits or in words, right before one of the
nouns below, that number must be the same; "altri 17 comuni" (other…) may be one
less. Up to two words may stand between the number and the noun ("18 large
Italian cities"), but not "of" ("tre dei comuni" is a part, not a count).
Arabic also writes the noun first, with the definite number ("البلديات الـ18").
A count that disagrees is reported with what the text says and what the
content has: a warning in the development build, an error when publishing.
"""

import dataclasses
import os
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

# Plural nouns (as sequences of words) that count the pages of a kind, by language.
NOUNS = {
    "municipality": {
        "it": ["comuni"],
        "en": ["cities", "municipalities", "towns"],
        "fr": ["communes", "municipalités", "villes"],
        "ar": ["بلدية", "بلديات", "البلديات"],
    },
    "miniproject": {
        "it": ["miniprogetti", "mini-progetti", "piccoli progetti"],
        "en": ["mini-projects", "miniprojects", "small projects", "small local projects"],
        "fr": ["mini-projets", "miniprojets", "petits projets"],
        "ar": ["مشاريع صغيرة", "مشاريع محلية صغيرة", "مشروعا صغيرا", "مشروعًا صغيرًا"],
    },
}
NUMBER_WORDS = {
    "it": "due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici "
          "sedici diciassette diciotto diciannove venti",
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
          "dix-sept dix-huit dix-neuf vingt",
}
# Arabic: masculine and feminine forms of 2 to 10.
ARABIC_NUMBER_WORDS = {
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4,
    "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8,
    "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
}
WORD_VALUES = {
    **{lang: {word: number for number, word in enumerate(words.split(), start=2)}
       for lang, words in NUMBER_WORDS.items()},
    "ar": ARABIC_NUMBER_WORDS,
}
# "tre dei comuni", "three of the cities": a part, not the whole; these end the look for a noun.
PARTITIVE = {"it": {"di", "dei", "degli", "delle", "tra", "fra", "su"}, "en": {"of", "in", "among"},
             "fr": {"de", "des", "d'entre", "parmi", "sur"}, "ar": {"من", "بين"}}
OTHER = {"it": {"altri", "altre"}, "en": {"other"}, "fr": {"autres"}, "ar": {"أخرى", "الأخرى"}}
TOKEN = re.compile(r"[\w\u0640'’-]+|[^\w\s]")
ARABIC_DEFINITE = re.compile(r"^الـ?\s?")
MAX_BETWEEN = 2


@lru_cache(maxsize=65536)
def number_of(word, lang):
    """The value of a number written in digits (any script) or words, else None.

    Cached: it is asked of every word of every text, and the words repeat.
    """
    word = word.lower().strip("'’")
    if lang == "ar":
        word = ARABIC_DEFINITE.sub("", word)
    if word.isdecimal():
        return int(word)
    return WORD_VALUES.get(lang, {}).get(word)


@lru_cache(maxsize=65536)
def counts_in(text, lang):
    """(offset, end, number, kind, says_other) for every count of a kind written in ``text``.

    Cached: the live preview checks every file at each save, and most texts have not changed.
    """
    tokens = TOKEN.findall(text)
    words = [token.lower() for token in tokens]
    spans = []  # (start, end) of each token, found only for a text that has a count

    def span(index):
        if not spans:
            spans.extend(match.span() for match in TOKEN.finditer(text))
        return spans[index]

    phrases = [(kind, noun.split()) for kind, by_lang in NOUNS.items() for noun in by_lang.get(lang, [])]
    phrases.sort(key=lambda phrase: -len(phrase[1]))  # the longest noun first
    found = []
    for index, token in enumerate(tokens):
        number = number_of(token, lang)
        if number is None:
            continue
        near = set(words[max(0, index - 2):index])
        for between in range(MAX_BETWEEN + 1):
            first = index + 1 + between
            if any(number_of(word, lang) is not None or not word[0].isalnum() or word in PARTITIVE.get(lang, ())
                   for word in words[index + 1:first]):
                break
            match = next(((kind, noun) for kind, noun in phrases if words[first:first + len(noun)] == noun), None)
            if match:
                kind, noun = match
                last = first + len(noun)
                context = near | set(words[index + 1:first]) | set(words[last:last + 2])
                found.append((span(index)[0], span(last - 1)[1], number, kind, bool(context & OTHER.get(lang, set()))))
                break
        if lang == "ar":
            # البلديات الـ18 or البلديات الـ 18: the noun comes first, then the definite number.
            article = 1 if index and ARABIC_DEFINITE.fullmatch(words[index - 1]) else 0
            noun_index = index - 1 - article
            if (article or token.startswith("ال")) and noun_index >= 0:
                kind = next((kind for kind, noun in phrases if noun == [words[noun_index]]), None)
                if kind:
                    found.append((span(noun_index)[0], span(index)[1], number, kind, False))
    return tuple(found)


def count_problems(path, text, lang, totals, first_line=1):
    """(line, message) for each count in ``text`` that the content contradicts."""
    problems = []
    for start, end, number, kind, other in counts_in(text, lang):
        total, where = totals[kind]
        if number == total or (other and number == total - 1):
            continue
        expected = f"{total}" + (f" (o {total - 1} con «altri»)" if other else "")
        problems.append((first_line + text.count("\n", 0, start), (
            f"«{text[start:end]}» dice {number}, ma nel sito sono {expected}: i file italiani in {where}. "
            "Correggi il numero (può essere scritto anche in lettere); se il testo parla solo di una parte, "
            "scrivi i nomi invece del numero")))
    return problems


def content_totals(sources, settings):
    """kind → (how many Italian pages it has, their folder)."""
    folders = {section["kind"]: folder for folder, section in settings["SECTIONS"].items()}
    return {kind: (sum(1 for s in sources if s.folder == folders[kind] and not s.lang),
                   f"content/{folders[kind]}/") for kind in NOUNS if kind in folders}


def check_counts(sources, settings, publishing):
    """Every count in the content, the templates and the theme's translations that the content contradicts."""
    totals = content_totals(sources, settings)
    problems = []
    for source in sources:
        for line, message in count_problems(source.display, source.text, source.lang or settings["DEFAULT_LANG"],
                                            totals):
            problems.append(dataclasses.replace(source.problem(line, "numero", message), warning=not publishing))
    problems += theme_count_problems(settings, totals, publishing)
    return problems


def theme_count_problems(settings, totals, publishing):
    """Counts in the theme's Italian strings (templates, settings) and in their translations."""
    from .content_check import Problem  # here: content_check imports this module

    found = []
    catalogues = sorted(Path(settings["THEME"], "translations").glob("*/LC_MESSAGES/messages.po"))
    for number, catalogue_path in enumerate(catalogues):
        lang = catalogue_path.parent.parent.name
        with catalogue_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        for message in catalogue:
            if not message.id or not isinstance(message.id, str):
                continue
            # The Italian text is the same in every catalogue: report it once.
            texts = [("msgstr", message.string or "", lang)] + ([("msgid", message.id, "it")] if number == 0 else [])
            for field, text, text_lang in texts:
                for _, problem in count_problems(catalogue_path, text, text_lang, totals):
                    origin = ", ".join(location for location, _ in message.locations)
                    found.append(Problem(os.path.relpath(catalogue_path), message.lineno, field,
                                         f"{problem} (testo del tema: {origin})", warning=not publishing))
    return found
