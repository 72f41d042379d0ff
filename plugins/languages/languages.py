"""The site in several languages, with Pelican's own translations.

Italian is the original of every page. ``content/comuni/latina.en.md`` is the
English translation of ``content/comuni/latina.md``: the file name gives its slug
and language (the ``FILENAME_METADATA`` setting), so Pelican pairs the two, and
the ``sections`` plugin puts it under ``en/``. A translation only holds what
changes with the language (title, summary, text, the region's name); this
plugin gives it everything else from the original: date, template,
coordinates, references, breadcrumbs, each pointing to the page in the same
language where there is one.

Theme strings are written in Italian in the templates (``{{ _("Sei in") }}``)
and translated by the gettext catalogues ``theme/translations/<lang>/LC_MESSAGES/
messages.po``, compiled with Babel at every build (no ``.mo`` file is kept).
Templates also get:

* ``page_language()``: the code of the language being rendered;
* ``language_versions()``: for the switcher and ``hreflang``, every language
  with the address of this page in it, or of that language's home page;
* ``localized_url(url)``: the address, in the current language, of the page at
  ``url`` in Italian (None if it is not translated); other addresses unchanged;
* the filter ``localized``: a page or list of pages in the current language,
  where translated (untranslated ones stay in Italian);
* the filter ``localized_data``: a data file with the texts of its table
  ``traduzioni.<lang>`` (same shape as the data) in place of the Italian ones.

The news feed, which holds every language, declares the site's language
(``xml:lang`` on ``<feed>``) and marks each entry in another language with its own.
"""

import gettext
import io
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from jinja2 import pass_context
from pelican import signals
from pelican.contents import Content

# Attributes other plugins compute on the originals, given to their translations too.
COMPUTED = ("breadcrumbs", "refs", "backrefs")
# Set by each file itself or by Pelican from the file, never inherited.
OWN_METADATA = {"title", "summary", "slug", "lang", "save_as", "url", "status", "regione"}


class CatalogueError(SystemExit):
    """A catalogue is missing or broken; SystemExit, so the message shows without a traceback."""


# ---- Content --------------------------------------------------------------

def localize(value, lang):
    """``value`` with every page replaced by its translation in ``lang``, where there is one."""
    if isinstance(value, Content):
        if value.lang == lang or not value.translations:
            return value
        return next((item for item in value.translations if item.lang == lang), value)
    if isinstance(value, dict):
        result = value.copy()  # a defaultdict stays one
        result.update((key, localize(item, lang)) for key, item in value.items())
        return result
    if isinstance(value, (list, tuple, Iterator)):  # Iterator: what Jinja's selectattr gives
        # Untranslated pages (most news items) stay as they are, without a call each.
        return [item if isinstance(item, Content) and not item.translations else localize(item, lang)
                for item in value]
    return value


def complete_translation(translation, original):
    """Give ``translation`` what it does not say itself, from ``original``.

    Done again at every build of the live preview on the same objects, where the original
    may have changed: what was taken from it last time is taken again, not kept.
    """
    inherited = getattr(translation, "inherited_metadata", set())
    for key in inherited:
        del translation.metadata[key]
        delattr(translation, key)
    translation.inherited_metadata = set()
    for key, value in original.metadata.items():
        if key not in translation.metadata and key not in OWN_METADATA:
            translation.metadata[key] = value
            translation.inherited_metadata.add(key)
            setattr(translation, key, localize(value, translation.lang))
    translation.template = original.template
    for name in COMPUTED:
        if hasattr(original, name):
            setattr(translation, name, localize(getattr(original, name), translation.lang))


def complete_translations(generators):
    context = generators[0].context
    for original in [*context["pages"], *context["hidden_pages"], *context["articles"]]:
        for translation in original.translations:
            complete_translation(translation, original)


# ---- Data files -----------------------------------------------------------

def overlay(base, texts):
    """``base`` with the values of ``texts`` (same shape: tables, lists of tables) put over it."""
    if isinstance(base, dict) and isinstance(texts, dict):
        return {key: overlay(value, texts[key]) if key in texts else value for key, value in base.items()}
    if isinstance(base, list) and isinstance(texts, list):
        # A shorter list of texts leaves the remaining items in Italian.
        return [overlay(value, text) for value, text in zip(base, texts, strict=False)] + base[len(texts):]
    return texts


def localized_data(data, lang):
    """A data file (plugins/site_data) with the texts of its table ``traduzioni.<lang>``."""
    texts = data.get("traduzioni", {}).get(lang)
    return overlay(data, texts) if texts else data


# ---- Feed -----------------------------------------------------------------

def declare_feed_languages(context, feed):
    """``xml:lang`` on the feed (the site's language) and on each entry in another language."""
    default = context["DEFAULT_LANG"]
    feed.feed["language"] = default
    # Entries are known by their link, which Pelican's writer joins to SITEURL like this.
    site = context["SITEURL"].rstrip("/") + "/"
    # Only entries in other languages: with 10,000 news items, joining every link took 0.2 s at each save.
    languages = {urljoin(site, article.url): article.lang
                 for original in context["articles"] for article in (original, *original.translations)
                 if article.lang != default}

    def item_attributes(item):
        lang = languages.get(item["link"], default)
        return {"xml:lang": lang} if lang != default else {}

    feed.item_attributes = item_attributes


# ---- Templates ------------------------------------------------------------

def page_language(context):
    item = context.get("article") or context.get("page")
    return getattr(item, "lang", None) or context["DEFAULT_LANG"]


def home_pages(context):
    """The home page in each language that has one."""
    home = next((page for page in context["pages"] if page.slug == context["HOME_SLUG"]), None)
    return {page.lang: page for page in [home, *home.translations]} if home else {}


def language_versions(context):
    """Each language of the site: this page in it, or else that language's home page."""
    item = context.get("article") or context.get("page")
    current = page_language(context)
    versions = {item.lang: item, **{other.lang: other for other in item.translations}} if item else {}
    homes = home_pages(context)
    result = []
    for code, language in context["LANGUAGES"].items():
        target = versions.get(code) or homes.get(code)
        result.append({
            "code": code,
            "name": language["name"],
            "url": target.url if target else "",
            "same_page": code in versions,
            "current": code == current,
        })
    return result


def make_template_helpers():
    """Jinja globals and filters; the page index by address is built once per build.

    A build is told by its list of pages: the live preview keeps the Jinja environment,
    and these helpers, from one build to the next.
    """
    index = {"pages": None, "by_url": {}}

    def pages_by_url(context):
        if index["pages"] is not context["pages"]:
            index["pages"] = context["pages"]
            index["by_url"] = {page.url: page for page in [*context["pages"], *context["hidden_pages"]]}
        return index["by_url"]

    @pass_context
    def localized_url(context, url):
        lang = page_language(context)
        page = pages_by_url(context).get(url)
        if page is None:
            return url
        translated = localize(page, lang)
        return translated.url if translated.lang == lang else None

    return {
        "page_language": pass_context(page_language),
        "language_versions": pass_context(language_versions),
        "localized_url": localized_url,
    }, {
        "localized": pass_context(lambda context, value: localize(value, page_language(context))),
        "localized_data": pass_context(lambda context, data: localized_data(data, page_language(context))),
    }


@cache
def compiled_catalogue(path, mtime):
    """The .po file compiled with Babel, in memory; ``mtime`` keys the cache for the live preview."""
    try:
        with open(path, "rb") as po_file:
            catalogue = read_po(po_file, abort_invalid=True)
    except (OSError, PoFileError) as error:
        raise CatalogueError(f"{os.path.relpath(path)}: catalogo delle traduzioni illeggibile: {error}") from None
    problems = [f"{os.path.relpath(path)}:{message.lineno}: «{message.id}»: {error}"
                for message, errors in catalogue.check() for error in errors]
    if problems:
        raise CatalogueError("\n".join(problems))
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def catalogues(settings):
    """Translations of the theme strings for every language but the default one."""
    folder = Path(settings["THEME"]) / "translations"
    result = {settings["DEFAULT_LANG"]: gettext.NullTranslations()}
    for lang in settings["LANGUAGES"]:
        if lang in result:
            continue
        path = folder / lang / "LC_MESSAGES" / "messages.po"
        if not path.is_file():
            raise CatalogueError(f"{os.path.relpath(path)}: manca il catalogo delle traduzioni per «{lang}»"
                                 " (make translations lo crea)")
        result[lang] = compiled_catalogue(str(path), path.stat().st_mtime_ns)
    return result


def install_translations(generator):
    env = getattr(generator, "env", None)
    if env is None:
        return
    translations = catalogues(generator.settings)

    @pass_context
    def gettext_(context, message):
        return translations[page_language(context)].gettext(message)

    @pass_context
    def ngettext_(context, singular, plural, n):
        return translations[page_language(context)].ngettext(singular, plural, n)

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext_, ngettext_, newstyle=True)
    template_globals, template_filters = make_template_helpers()
    env.globals.update(template_globals)
    env.filters.update(template_filters)


def register():
    signals.generator_init.connect(install_translations)
    signals.all_generators_finalized.connect(complete_translations)
    signals.feed_generated.connect(declare_feed_languages)
