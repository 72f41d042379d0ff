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
and translated by the gettext catalogues ``theme/translations/<locale>/LC_MESSAGES/
messages.po`` (``locale`` of the language's entry in ``LANGUAGES``), compiled with Babel
at every build (no ``.mo`` file is kept).
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

* the filter ``in_page_language``: of a list of pages or news items, those that
  exist in the current language, in it (an untranslated news item is listed in
  Italian only);
* ``feed_url()``: the address of the news feed in the current language.

News items are translated like pages (``content/news/lgnet2.pa.md``): the
translation has its own title, summary and text and takes its date and links
from the original. Each language has its feed: ``FEED_ATOM`` (``news/atom.xml``)
for Italian, the same address under ``<lang>/`` for each other language, with
the translated items only (possibly none yet: subscribing still works).

Each translation also knows how far it can be trusted (``translation_status``):
whether a native speaker reviewed it (``Revisione_madrelingua``) and whether
the Italian text changed after it was made or reviewed (``Impronta_originale``,
content_check/translations.py). Neither stops the build; the page says both to
its readers (components/translation_status.html).
"""

import gettext
import io
import os
from collections.abc import Iterator
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from content_check.translations import original_fingerprint
from jinja2 import pass_context
from pelican import signals
from pelican.contents import Content

from .catalogue import catalogue_path

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
    # A translation has no Date of its own (the schema refuses one): Pelican's DEFAULT_DATE,
    # which it needs to read a news item, stands in until here.
    translation.metadata.pop("date", None)
    for key, value in original.metadata.items():
        if key not in translation.metadata and key not in OWN_METADATA:
            translation.metadata[key] = value
            translation.inherited_metadata.add(key)
            setattr(translation, key, localize(value, translation.lang))
    translation.template = original.template
    for name in COMPUTED:
        if hasattr(original, name):
            setattr(translation, name, localize(getattr(original, name), translation.lang))
    translation.translation_status = translation_status(translation, original)


def translation_status(translation, original):
    """Who reviewed ``translation`` as a native speaker (None: nobody yet); whether it is older than ``original``."""
    recorded = str(translation.metadata.get("impronta_originale", "")).strip()
    return {
        "native_review": translation.metadata.get("revisione_madrelingua"),
        "outdated": recorded != original_fingerprint(original.source_path),
    }


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

def feed_path(settings, lang):
    """Where the news feed in ``lang`` is written: FEED_ATOM for the site's language, under ``<lang>/`` for the rest."""
    return settings["FEED_ATOM"] if lang == settings["DEFAULT_LANG"] else f"{lang}/{settings['FEED_ATOM']}"


def write_translated_feeds(generator, writer):
    """The feed of each other language: the news items translated into it, newest first (possibly none yet)."""
    settings = generator.settings
    for lang in settings["LANGUAGES"]:
        if lang == settings["DEFAULT_LANG"]:
            continue
        writer.write_feed(in_language(generator.articles, lang), generator.context, feed_path(settings, lang))


def declare_feed_language(context, feed):
    """``xml:lang`` of ``<feed>``: the language the feed is in, told by its address; a feed in another
    language than the site's links that language's home page and has its own ``<id>``, its address.

    A feed with no item yet would say it was updated at the time of the build: it says
    the date of the newest Italian item instead, so that two builds of the same files match.
    """
    default = context["DEFAULT_LANG"]
    feed_url = feed.feed.get("feed_url") or ""
    feed.feed["language"] = lang = next(
        (lang for lang in context["LANGUAGES"]
         if lang != default and feed_url.endswith(f"/{lang}/{context['FEED_ATOM']}")), default)
    if lang != default:
        feed.feed["link"] = f"{feed.feed['link'].rstrip('/')}/{lang}/"
        feed.feed["id"] = feed_url
    if not feed.items and context["articles"]:
        newest = context["articles"][0].date
        feed.latest_post_date = lambda: newest


# ---- Templates ------------------------------------------------------------

def in_language(items, lang):
    """The versions in ``lang`` of those of ``items`` that have one (untranslated ones are left out)."""
    found = []
    for item in items:
        if item.lang == lang:
            found.append(item)
            continue
        version = next((other for other in item.translations if other.lang == lang), None)
        if version is not None:
            found.append(version)
    return found


def page_language(context):
    item = context.get("article") or context.get("page")
    return getattr(item, "lang", None) or context["DEFAULT_LANG"]


def home_pages(context):
    """The home page in each language that has one."""
    home = next((page for page in context["pages"] if page.slug == context["HOME_SLUG"]), None)
    return {page.lang: page for page in [home, *home.translations]} if home else {}


def language_versions(context):
    """Each language of the site: this page in it, or else that language's home page.

    A language without a home page yet (one being added) is left out: no link leads nowhere.
    """
    item = context.get("article") or context.get("page")
    current = page_language(context)
    versions = {item.lang: item, **{other.lang: other for other in item.translations}} if item else {}
    homes = home_pages(context)
    result = []
    for code, language in context["LANGUAGES"].items():
        target = versions.get(code) or homes.get(code)
        if target is None:
            continue
        result.append({
            "code": code,
            "name": language["name"],
            "url": target.url,
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
        if url == context["FEED_ATOM"]:
            return feed_path(context, lang)
        page = pages_by_url(context).get(url)
        if page is None:
            return url
        translated = localize(page, lang)
        return translated.url if translated.lang == lang else None

    return {
        "page_language": pass_context(page_language),
        "language_versions": pass_context(language_versions),
        "localized_url": localized_url,
        "feed_url": pass_context(lambda context: feed_path(context, page_language(context))),
    }, {
        "localized": pass_context(lambda context, value: localize(value, page_language(context))),
        "in_page_language": pass_context(lambda context, items: in_language(items, page_language(context))),
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
    result = {settings["DEFAULT_LANG"]: gettext.NullTranslations()}
    for lang in settings["LANGUAGES"]:
        if lang in result:
            continue
        path = catalogue_path(settings, lang)
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
    signals.article_writer_finalized.connect(write_translated_feeds)
    signals.feed_generated.connect(declare_feed_language)
