"""The visit statistics (content/dati/<STATISTICS_DATA>.toml, written by ``invoke stats``) for templates.

The data file keeps counts by month and address (``en/comuni/latina/``); the statistics
page shows them by month, by language (the first part of the address, one of
``LANGUAGES``), by page (every language of a page together, under its title in the
language of the statistics page) and the answers to «Questa pagina ti è stata utile?».
Templates call ``visit_statistics()``; how the log is counted is in log_counts.py.
"""

import datetime
from collections import Counter, defaultdict

from babel import Locale
from babel.dates import format_date
from jinja2 import pass_context
from languages.languages import page_language
from pelican import signals

# The pages the statistics page names in its chart, most visited first.
TOP_PAGES = 10
# The months of the chart by month, the last ones.
MONTHS_SHOWN = 12


def language_of(address, languages, default):
    first = address.split("/", 1)[0]
    return first if first in languages and first != default else default


def babel_locale(lang, languages):
    """Babel's name of a site language: its ``locale`` in LANGUAGES where the tag differs (zh-Hans → zh_Hans)."""
    return languages.get(lang, {}).get("locale", lang).replace("-", "_")


def month_label(month, locale):
    year, number = map(int, month.split("-"))
    # LLLL: the month's name standing alone (Ukrainian «листопад», not «листопада» as in a date).
    return format_date(datetime.date(year, number, 1), "LLLL y", locale=locale)


def originals_by_url(context):
    """Every address of a page or news item, in any language, to its Italian original."""
    found = {}
    for original in [*context["pages"], *context["hidden_pages"], *context["articles"]]:
        for item in [original, *original.translations]:
            found[item.url] = original
    return found


def summarise(data, context, lang):
    """What the statistics page shows, in ``lang``; None when nothing has been counted yet."""
    if not data or not data.get("visite"):
        return None
    languages, default = context["LANGUAGES"], context["DEFAULT_LANG"]
    originals = originals_by_url(context)
    by_month, by_language, by_page = Counter(), Counter(), Counter()
    for row in data["visite"]:
        by_month[row["mese"]] += row["visite"]
        by_language[language_of(row["pagina"], languages, default)] += row["visite"]
        if row["pagina"] in originals:
            by_page[originals[row["pagina"]].url] += row["visite"]
    # Each page in the reader's language where it is translated, else in Italian.
    pages = {original.url: next((item for item in original.translations if item.lang == lang), original)
             for original in originals.values()}
    answers = defaultdict(lambda: {"si": 0, "no": 0, "reasons": Counter()})
    for row in data.get("risposte", []):
        if row["pagina"] in originals:
            counts = answers[originals[row["pagina"]].url]
            counts[row["risposta"]] += row["numero"]
            if row["motivo"]:
                counts["reasons"][row["motivo"]] += row["numero"]
    locale = babel_locale(lang, languages)
    names = Locale.parse(locale).languages
    months = sorted(by_month)
    return {
        "first_month": month_label(months[0], locale),
        "last_month": month_label(months[-1], locale),
        "total": sum(by_month.values()),
        "robots": sum(row["richieste"] for row in data.get("robot", [])),
        "counted_until": data.get("contato_fino_a"),
        "months": [{"label": month_label(month, locale), "value": by_month[month]}
                   for month in months[-MONTHS_SHOWN:]],
        # Each language by its name in the reader's language, else by its own name.
        "languages": [{"label": names.get(babel_locale(code, languages)) or languages[code]["name"], "value": number}
                      for code, number in sorted(by_language.items(), key=lambda pair: (-pair[1], pair[0]))],
        "pages": [{"label": pages[url].title, "url": pages[url].url, "value": number}
                  for url, number in sorted(by_page.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_PAGES]],
        "answers": [{"title": pages[url].title, "url": pages[url].url, "yes": counts["si"], "no": counts["no"],
                     "reasons": sorted(counts["reasons"].items(), key=lambda pair: (-pair[1], pair[0]))}
                    for url, counts in sorted(answers.items(), key=lambda pair: (
                        -(pair[1]["si"] + pair[1]["no"]), pair[0]))],
    }


@pass_context
def visit_statistics(context):
    return summarise(context["DATA"].get(context["STATISTICS_DATA"]), context, page_language(context))


def add_template_global(pelican):
    pelican.settings.setdefault("JINJA_GLOBALS", {})["visit_statistics"] = visit_statistics


def register():
    signals.initialized.connect(add_template_global)
