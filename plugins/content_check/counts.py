"""Counts written in the text ("18 comuni", «cinque miniprogetti») checked against the content.

The number of municipalities and mini-projects is the number of Italian pages
in their folders. Wherever a text (a page in any language, a template, a theme
translation) writes a number, in digits or in words, right before one of the
nouns below, that number must be the same; "altri 17 comuni" (other…) may be one
less. Up to two words may stand between the number and the noun ("18 large
Italian cities"), but not "of" ("tre dei comuni" is a part, not a count).
Arabic also writes the noun first, with the definite number ("البلديات الـ18").
Bengali glues its classifier to the number ("18টি শহর"); Chinese, written without
spaces, is read a character at a time and counts only with a classifier after the
number ("18个城市", not "2022年").
A count that disagrees is reported with what the text says and what the
content has: a warning in the development build, an error when publishing.
A language missing from the tables below is not checked.
"""

import dataclasses
import os
import re
import unicodedata
from functools import lru_cache

from babel.messages.pofile import read_po

# Plural nouns (as words; Chinese as characters) that count the pages of a kind, by language.
# Only nouns that name these pages: a bare "projects" would count the 600 civic projects.
NOUNS = {
    "municipality": {
        "it": ["comuni"],
        "en": ["cities", "municipalities", "towns"],
        "fr": ["communes", "municipalités", "villes"],
        "ar": ["بلدية", "بلديات", "البلديات"],
        "pa": ["ਸ਼ਹਿਰਾਂ", "ਸ਼ਹਿਰ", "ਨਗਰ ਪਾਲਿਕਾਵਾਂ"],
        "bn": ["শহর", "শহরের", "শহরে", "শহরকে", "পৌরসভা", "পৌরসভার"],
        "ur": ["شہروں", "شہر", "بلدیات", "بلدیاتی اداروں"],
        "uk": ["міст", "міста", "містах", "містами", "містам", "муніципалітетів", "муніципалітети",
               "муніципалітетах", "громад"],
        "sq": ["qytete", "qytetet", "qyteteve", "qytetesh", "bashki", "bashkitë", "bashkive", "bashkish", "komuna",
               "komunat"],
        "zh-Hans": ["城市", "市镇"],
    },
    "miniproject": {
        "it": ["miniprogetti", "mini-progetti", "piccoli progetti"],
        "en": ["mini-projects", "miniprojects", "small projects", "small local projects"],
        "fr": ["mini-projets", "miniprojets", "petits projets"],
        "ar": ["مشاريع صغيرة", "مشاريع محلية صغيرة", "مشروعا صغيرا", "مشروعًا صغيرًا"],
        "pa": ["ਛੋਟੇ ਪ੍ਰੋਜੈਕਟ", "ਛੋਟੇ ਪ੍ਰੋਜੈਕਟਾਂ", "ਛੋਟੇ ਸਥਾਨਕ ਪ੍ਰੋਜੈਕਟ", "ਛੋਟੇ ਸਥਾਨਕ ਪ੍ਰੋਜੈਕਟਾਂ"],
        "bn": ["ছোট প্রকল্প", "ছোট প্রকল্পও", "ছোট প্রকল্পের", "ছোট স্থানীয় প্রকল্প", "ছোট স্থানীয় প্রকল্পও",
               "ছোট স্থানীয় প্রকল্পের"],
        "ur": ["چھوٹے منصوبے", "چھوٹے منصوبوں", "چھوٹے مقامی منصوبے", "چھوٹے مقامی منصوبوں"],
        "uk": ["мініпроєктів", "мініпроєкти", "мініпроєктах", "мініпроєктами", "невеликих проєктів",
               "невеликі проєкти", "невеликих місцевих проєктів", "невеликі місцеві проєкти", "малих проєктів",
               "малі проєкти", "малих місцевих проєктів", "малі місцеві проєкти"],
        "sq": ["miniprojekte", "miniprojektet", "miniprojekteve", "miniprojektesh", "projekte të vogla",
               "projektet e vogla", "projekteve të vogla", "projektesh të vogla"],
        "zh-Hans": ["小项目", "迷你项目"],
    },
}
# The words for 2, 3, … 20 (or fewer), in order; a slash separates the forms of one number
# (gender, case: Arabic «خمسة/خمس», Ukrainian «п'ять/п'яти»).
NUMBER_WORDS = {
    "it": "due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici "
          "sedici diciassette diciotto diciannove venti",
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
          "dix-sept dix-huit dix-neuf vingt",
    "ar": "اثنان/اثنين/اثنتان/اثنتين ثلاثة/ثلاث أربعة/أربع خمسة/خمس ستة/ست سبعة/سبع ثمانية/ثماني تسعة/تسع "
          "عشرة/عشر",
    "pa": "ਦੋ ਤਿੰਨ ਚਾਰ ਪੰਜ ਛੇ ਸੱਤ ਅੱਠ ਨੌਂ/ਨੌ ਦਸ ਗਿਆਰਾਂ ਬਾਰਾਂ ਤੇਰਾਂ ਚੌਦਾਂ ਪੰਦਰਾਂ ਸੋਲਾਂ ਸਤਾਰਾਂ ਅਠਾਰਾਂ ਉੱਨੀ ਵੀਹ",
    "bn": "দুই তিন চার পাঁচ ছয় সাত আট নয় দশ এগারো বারো তেরো চোদ্দ/চৌদ্দ পনেরো ষোলো সতেরো আঠারো উনিশ বিশ",
    "ur": "دو تین چار پانچ چھ/چھے سات آٹھ نو دس گیارہ بارہ تیرہ چودہ پندرہ سولہ سترہ اٹھارہ انیس بیس",
    "uk": "два/дві/двох/двом/двома три/трьох/трьом/трьома чотири/чотирьох/чотирьом/чотирма "
          "п'ять/п'яти/п'ятьох/п'ятьма шість/шести/шістьох сім/семи/сімох вісім/восьми/вісьмох "
          "дев'ять/дев'яти десять/десяти одинадцять/одинадцяти дванадцять/дванадцяти тринадцять/тринадцяти "
          "чотирнадцять/чотирнадцяти п'ятнадцять/п'ятнадцяти шістнадцять/шістнадцяти сімнадцять/сімнадцяти "
          "вісімнадцять/вісімнадцяти дев'ятнадцять/дев'ятнадцяти двадцять/двадцяти",
    "sq": "dy tre/tri katër pesë gjashtë shtatë tetë nëntë dhjetë njëmbëdhjetë dymbëdhjetë trembëdhjetë "
          "katërmbëdhjetë pesëmbëdhjetë gjashtëmbëdhjetë shtatëmbëdhjetë tetëmbëdhjetë nëntëmbëdhjetë njëzet",
    "zh-Hans": "二/两 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十",
}
WORD_VALUES = {lang: {form: number for number, forms in enumerate(words.split(), start=2) for form in forms.split("/")}
               for lang, words in NUMBER_WORDS.items()}
# "tre dei comuni", "three of the cities": a part, not the whole; these end the look for a noun.
# The postpositions of Punjabi and Urdu («ਵਿੱਚ», «میں»: in) keep "2022 میں شہر" from counting.
PARTITIVE = {"it": {"di", "dei", "degli", "delle", "tra", "fra", "su"}, "en": {"of", "in", "among"},
             "fr": {"de", "des", "d'entre", "parmi", "sur"}, "ar": {"من", "بين"},
             "pa": {"ਵਿੱਚ", "ਵਿੱਚੋਂ"}, "bn": {"মধ্যে", "থেকে"}, "ur": {"میں", "سے"},
             "uk": {"з", "із", "зі", "серед"}, "sq": {"nga", "prej", "ndër", "mes", "midis", "në"}}
OTHER = {"it": {"altri", "altre"}, "en": {"other"}, "fr": {"autres"}, "ar": {"أخرى", "الأخرى"},
         "pa": {"ਹੋਰ"}, "bn": {"আরও", "অন্য", "অন্যান্য"}, "ur": {"دوسرے", "دیگر"},
         "uk": {"інших", "інші", "іншими", "іншим", "іще", "ще"}, "sq": {"tjera", "tjerë", "tjetër"},
         "zh-Hans": {"另外", "另", "其他", "其余"}}
# Bengali's classifiers, glued to the number: 18টি, পাঁচটি.
NUMBER_SUFFIXES = {"bn": ("টি", "টা")}
# Chinese counts with a classifier after the number: 18个城市, 五座城市; 第五个 is "the fifth".
CLASSIFIERS = {"zh-Hans": {"个", "座", "家"}}
ORDINAL = {"zh-Hans": {"第"}}
# Words between the number and the noun; Chinese words are characters: two words are about four.
MAX_BETWEEN = {"zh-Hans": 4}
# A word's combining marks (the vowel signs of Gurmukhi and Bengali, Arabic's vowel marks) are
# part of it, though Python's \w leaves them out.
MARKS = "".join(chr(code) for code in range(0x300, 0x10000) if unicodedata.category(chr(code)).startswith("M"))
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# A run of Chinese numerals (十八), one Han character, a word, or a punctuation mark.
TOKEN = re.compile(rf"[零一二两三四五六七八九十]+|[{HAN}]|(?:(?![{HAN}])[\w\u0640'’{MARKS}-])+|[^\w\s]")
ARABIC_DEFINITE = re.compile(r"^الـ?\s?")


@lru_cache(maxsize=65536)
def number_of(word, lang):
    """The value of a number written in digits (any script) or words, else None.

    Cached: it is asked of every word of every text, and the words repeat.
    """
    word = word.lower().replace("’", "'").replace("ʼ", "'").strip("'")
    if lang == "ar":
        word = ARABIC_DEFINITE.sub("", word)
    for suffix in NUMBER_SUFFIXES.get(lang, ()):
        word = word.removesuffix(suffix).rstrip("-")
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

    phrases = [(kind, TOKEN.findall(noun)) for kind, by_lang in NOUNS.items() for noun in by_lang.get(lang, [])]
    phrases.sort(key=lambda phrase: -len(phrase[1]))  # the longest noun first
    found = []
    for index, token in enumerate(tokens):
        number = number_of(token, lang)
        if number is None or (index and words[index - 1] in ORDINAL.get(lang, ())):
            continue
        after = index + 1  # where the words after the number start: after its classifier, if the language has them
        if lang in CLASSIFIERS:
            if words[after:after + 1] and words[after] in CLASSIFIERS[lang]:
                after += 1
            else:
                continue
        before = words[max(0, index - 2):index]
        near = set(before) | {"".join(before)}  # Chinese «另外» is two tokens
        for between in range(MAX_BETWEEN.get(lang, 2) + 1):
            first = after + between
            if any(number_of(word, lang) is not None or not word[0].isalnum() or word in PARTITIVE.get(lang, ())
                   for word in words[after:first]):
                break
            match = next(((kind, noun) for kind, noun in phrases if words[first:first + len(noun)] == noun), None)
            if match:
                kind, noun = match
                last = first + len(noun)
                context = near | set(words[after:first]) | set(words[last:last + 2])
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
            "Correggete il numero (può essere scritto anche in lettere); se il testo parla solo di una parte, "
            "scrivete i nomi invece del numero")))
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
    from languages.catalogue import catalogue_paths

    # By language of LANGUAGES: a catalogue's folder is not always the language's tag (zh_Hans for zh-Hans).
    catalogues = tuple((lang, path, path.stat().st_mtime_ns) for lang, path in catalogue_paths(settings)[1].items()
                       if path.is_file())
    return list(catalogue_count_problems(catalogues, tuple(sorted(totals.items())), publishing))


@lru_cache(maxsize=4)
def catalogue_count_problems(catalogues, totals, publishing):
    """theme_count_problems' work, kept while the catalogues are unchanged: the live preview
    checks at every save, and reading the catalogues took a tenth of a second each time."""
    from .content_check import Problem  # here: content_check imports this module

    totals = dict(totals)
    found = []
    for number, (lang, catalogue_path, _) in enumerate(catalogues):
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
