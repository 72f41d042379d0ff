import io
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from babel.messages.pofile import read_po
from feedgenerator import Atom1Feed
from pelican.contents import Page
from pelican.settings import DEFAULT_CONFIG

from languages.catalogue import catalogue_paths, template_catalogue
from languages.languages import (
    CatalogueError,
    catalogues,
    complete_translation,
    declare_feed_languages,
    language_versions,
    localize,
    localized_data,
)


@pytest.fixture
def settings(tmp_path):
    return {**DEFAULT_CONFIG, "PATH": str(tmp_path), "DEFAULT_LANG": "it"}


def page(settings, slug, lang="it", **metadata):
    metadata = {"title": f"{slug} ({lang})", "slug": slug, "lang": lang, **metadata}
    return Page("", metadata=metadata, settings=settings, source_path=f"{settings['PATH']}/{slug}.{lang}.md")


def pair(original, *translations):
    """What Pelican's process_translations does: every version knows the others."""
    versions = [original, *translations]
    for item in versions:
        item.translations = [other for other in versions if other is not item]


def test_localize_picks_the_version_in_the_language_or_keeps_the_original(settings):
    latina, latina_en = page(settings, "latina"), page(settings, "latina", "en")
    news = page(settings, "fine")
    pair(latina, latina_en)
    pair(news)
    refs = defaultdict(list, municipality=[latina], news=[news])
    localized = localize(refs, "en")
    assert localized["municipality"] == [latina_en] and localized["news"] == [news]
    assert isinstance(localized, defaultdict) and localized["miniproject"] == []
    assert localize(iter([latina]), "ar") == [latina]  # Jinja's filters give iterators


def test_a_translation_takes_what_it_does_not_say_from_the_original(settings):
    original = page(settings, "latina", regione="Lazio", lat="41.4", template="municipality", comuni="latina")
    parent, parent_en = page(settings, "comuni"), page(settings, "comuni", "en")
    pair(parent, parent_en)
    original.breadcrumbs = [parent]
    translation = page(settings, "latina", "en", regione="Latium")
    pair(original, translation)
    complete_translation(translation, original)
    assert (translation.lat, translation.template, translation.regione) == ("41.4", "municipality", "Latium")
    assert translation.title == "latina (en)"
    assert translation.breadcrumbs == [parent_en]


def test_completing_again_follows_the_changed_original(settings):
    # The live preview keeps an unchanged translation from one build to the next.
    original = page(settings, "fine", comuni="latina", miniprogetti="nido")
    translation = page(settings, "fine", "en")
    pair(original, translation)
    complete_translation(translation, original)
    assert (translation.comuni, translation.miniprogetti) == ("latina", "nido")
    changed = page(settings, "fine", comuni="roma")
    pair(changed, translation)
    complete_translation(translation, changed)
    assert translation.comuni == "roma" and translation.metadata["comuni"] == "roma"
    assert "miniprogetti" not in translation.metadata and not hasattr(translation, "miniprogetti")
    assert translation.title == "fine (en)"


def test_data_texts_in_another_language_are_laid_over_the_italian_ones():
    data = {"fonte": "Fonte", "indicatori": [{"valore": 3000, "etichetta": "persone"}, {"valore": 5, "etichetta": "x"}],
            "traduzioni": {"en": {"fonte": "Source", "indicatori": [{"etichetta": "people"}]}}}
    english = localized_data(data, "en")
    assert english["fonte"] == "Source"
    assert english["indicatori"] == [{"valore": 3000, "etichetta": "people"}, {"valore": 5, "etichetta": "x"}]
    assert localized_data(data, "fr") is data


def test_language_versions_fall_back_to_the_home_page(settings):
    home, home_en = page(settings, "home"), page(settings, "home", "en")
    pair(home, home_en)
    news = page(settings, "fine")
    pair(news)
    context = {"page": news, "pages": [home], "HOME_SLUG": "home", "DEFAULT_LANG": "it",
               "LANGUAGES": {"it": {"name": "Italiano"}, "en": {"name": "English"}, "ar": {"name": "العربية"}}}
    versions = {version["code"]: version for version in language_versions(context)}
    assert versions["it"]["same_page"] and versions["it"]["current"]
    assert (versions["en"]["url"], versions["en"]["same_page"]) == (home_en.url, False)
    assert versions["ar"]["url"] == ""  # no Arabic home page here: the site's root


def test_a_missing_or_broken_catalogue_stops_the_build_with_its_path(tmp_path):
    settings = {"THEME": str(tmp_path), "DEFAULT_LANG": "it", "LANGUAGES": {"it": {}, "en": {}}}
    with pytest.raises(CatalogueError, match="en/LC_MESSAGES/messages.po: manca il catalogo"):
        catalogues(settings)
    po = tmp_path / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Mappa dei %(count)s comuni"\nmsgstr "Map of the %(number)s cities"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"messages.po:\d+: «Mappa dei %\(count\)s comuni»"):
        catalogues(settings)
    po.write_text(po.read_text(encoding="utf-8").replace("%(number)s", "%(count)s"), encoding="utf-8")
    assert catalogues(settings)["en"].gettext("Mappa dei %(count)s comuni") == "Map of the %(count)s cities"


def test_the_real_catalogues_are_complete_and_up_to_date():
    from pelican.settings import get_settings_from_file

    from tests.conftest import ROOT

    settings = {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / "pelicanconf.py")),
                "THEME": str(ROOT / "theme")}
    wanted = {message.id for message in template_catalogue(settings) if message.id}
    _, po_paths = catalogue_paths(settings)
    for lang, path in po_paths.items():
        with open(path, "rb") as po_file:
            catalogue = read_po(po_file)
        translated = {message.id for message in catalogue if message.id and message.string and not message.fuzzy}
        assert translated == wanted, f"{lang}: run `make translations` and translate the new strings"


def test_the_feed_declares_its_language_and_each_entry_in_another_one(settings):
    news, news_ar = page(settings, "fine"), page(settings, "fine", "ar")
    news_ar.override_url = "ar/news/fine/"
    news.override_url = "news/fine/"
    pair(news, news_ar)
    feed = Atom1Feed(title="News", link="/", description="")
    for item in (news, news_ar):  # linked as Pelican's writer does with SITEURL ""
        feed.add_item(title=item.title, link="/" + item.url, description="")
    declare_feed_languages({"DEFAULT_LANG": "it", "SITEURL": "", "articles": [news]}, feed=feed)
    written = io.StringIO()
    feed.write(written, "utf-8")
    root = ET.fromstring(written.getvalue())
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get(lang) == "it"
    assert [entry.get(lang) for entry in root.iter("{http://www.w3.org/2005/Atom}entry")] == [None, "ar"]
