"""Facts about the site written into the text from the settings, so they cannot go stale.

A page says ``[[lingue]]`` where it names the languages of the site, and the
build writes them in the page's language («italiano, inglese, francese e
arabo»). The markers:

* ``[[lingue]]``: the languages of ``LANGUAGES``;
* ``[[dimensioni-testo]]``: the sizes of the text-size control (``TEXT_SIZES``);
* ``[[contatto-accessibilita]]``: a link to ``ACCESSIBILITY_CONTACT`` (e-mail or form);
* ``[[dichiarazione-agid]]``: a link to ``ACCESSIBILITY_DECLARATION_URL``;
* ``[[data-aggiornamento]]``: the page's ``Modified`` date (else its date), in words;
* ``[[titolare-trattamento]]``: who the data controller is (``DATA_CONTROLLER``, as text);
* ``[[contatto-titolare]]``: a link to its ``DATA_CONTROLLER_CONTACT``;
* ``[[contatto-risposte]]``: a link to ``FEEDBACK_CONTACT``, where readers write about a page.

Templates get ``deployment_link(setting, what)``, the same link or placeholder.

A deployment value that is not set (the development build) becomes a
``[DA COMPLETARE: …]`` placeholder, listed by plugins/editor_todos;
publishconf.py never lets a publish build start without it.
"""

import html
import logging
import os
import re

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_percent
from markupsafe import Markup
from pelican import signals

log = logging.getLogger(__name__)

MARKER = re.compile(r"\[\[([a-z-]+)\]\]")


def link(address):
    """A link to an e-mail address or a web address, showing the address itself."""
    href = address if "://" in address else f"mailto:{address}"
    return f'<a href="{html.escape(href)}">{html.escape(address)}</a>'


def placeholder(setting, what):
    return f"<strong>[DA COMPLETARE: {what} (impostazione {setting})]</strong>"


def deployment_link(settings, setting, what):
    return link(settings[setting]) if settings.get(setting) else placeholder(setting, what)


def language_names(item, locale):
    """The site's languages, named in the language of Babel's ``locale`` («italiano, inglese … e cinese»)."""
    names = Locale.parse(locale).languages
    codes = [language["locale"] for language in item.settings["LANGUAGES"].values()]
    return html.escape(format_list([names.get(code, code) for code in codes], locale=locale))


FACTS = {
    "lingue": language_names,
    "dimensioni-testo": lambda item, lang: html.escape(format_list(
        [format_percent(size / 100, locale=lang) for size in item.settings["TEXT_SIZES"]], locale=lang)),
    "contatto-accessibilita": lambda item, lang: deployment_link(
        item.settings, "ACCESSIBILITY_CONTACT", "il contatto per le segnalazioni di accessibilità"),
    "dichiarazione-agid": lambda item, lang: deployment_link(
        item.settings, "ACCESSIBILITY_DECLARATION_URL", "l'indirizzo della dichiarazione di accessibilità su AgID"),
    "data-aggiornamento": lambda item, lang: html.escape(format_date(
        (item.metadata.get("modified") or item.date).date(), "long", locale=lang)),
    "titolare-trattamento": lambda item, lang: html.escape(item.settings["DATA_CONTROLLER"]) if item.settings.get(
        "DATA_CONTROLLER") else placeholder("DATA_CONTROLLER", "il titolare del trattamento dei dati"),
    "contatto-titolare": lambda item, lang: deployment_link(
        item.settings, "DATA_CONTROLLER_CONTACT", "il contatto del titolare del trattamento dei dati"),
    "contatto-risposte": lambda item, lang: deployment_link(
        item.settings, "FEEDBACK_CONTACT", "il contatto per i commenti sulle pagine"),
}


def expand(item):
    """``item``'s text with every marker replaced; unknown markers are logged as errors."""
    lang = item.settings["LANGUAGES"][item.lang or item.settings["DEFAULT_LANG"]]["locale"]  # Babel's

    def fact(match):
        name = match.group(1)
        if name not in FACTS:
            log.error("%s: «[[%s]]» non è un valore del sito: usate uno di questi: %s",
                      os.path.relpath(item.source_path), name, ", ".join(f"[[{known}]]" for known in FACTS))
            return match.group(0)
        return FACTS[name](item, lang)

    return MARKER.sub(fact, item._content)


def expand_markers(generators):
    context = generators[0].context
    for original in [*context["pages"], *context["hidden_pages"], *context["articles"]]:
        for item in [original, *original.translations]:
            if item._content and "[[" in item._content:
                item._content = expand(item)


def add_template_global(pelican):
    """``deployment_link(setting, what)`` for templates (the footer's contact): markup built
    from escaped parts."""
    pelican.settings.setdefault("JINJA_GLOBALS", {})["deployment_link"] = (
        lambda setting, what: Markup(deployment_link(pelican.settings, setting, what)))


def register():
    signals.initialized.connect(add_template_global)
    # After plugins/languages has given translations their original's dates.
    signals.all_generators_finalized.connect(expand_markers)
