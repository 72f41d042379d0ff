import datetime
import io
import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from feedgenerator import Atom1Feed
from pelican.contents import Page
from pelican.settings import DEFAULT_CONFIG

from languages.catalogue import catalogue_paths, is_translated, template_catalogue
from languages.languages import (
    CatalogueError,
    catalogues,
    complete_translation,
    declare_feed_language,
    in_language,
    language_versions,
    localize,
    localized_data,
)


@pytest.fixture
def settings(tmp_path):
    return {**DEFAULT_CONFIG, "PATH": str(tmp_path), "DEFAULT_LANG": "it"}


def page(settings, slug, lang="it", **metadata):
    """A page and its file (the status of a translation is worked out from its original's file)."""
    metadata = {"title": f"{slug} ({lang})", "slug": slug, "lang": lang, **metadata}
    path = Path(settings["PATH"]) / f"{slug}.{lang}.md"
    path.write_text(f"Title: {metadata['title']}\nSummary: Breve.\n\nTesto.\n", encoding="utf-8")
    return Page("", metadata=metadata, settings=settings, source_path=str(path))


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
    original = page(settings, "latina", regione="Lazio", lat="41.4", template="municipality", comuni="latina",
                    date=datetime.datetime(2022, 4, 1))
    parent, parent_en = page(settings, "comuni"), page(settings, "comuni", "en")
    pair(parent, parent_en)
    original.breadcrumbs = [parent]
    translation = page(settings, "latina", "en", regione="Latium", date=datetime.datetime(2000, 1, 1))
    pair(original, translation)
    complete_translation(translation, original)
    assert (translation.lat, translation.template, translation.regione) == ("41.4", "municipality", "Latium")
    assert translation.date == datetime.datetime(2022, 4, 1)  # not the DEFAULT_DATE that stood in for it
    assert translation.title == "latina (en)"
    assert translation.breadcrumbs == [parent_en]


def test_a_translation_knows_whether_it_is_older_than_its_original_and_who_reviewed_it(settings):
    from content_check.translations import original_fingerprint

    original = page(settings, "latina")
    current = original_fingerprint(original.source_path)
    reviewed = page(settings, "latina", "pa", impronta_originale=current,
                    revisione_madrelingua="Nome Cognome, 2026-12-01")
    stale = page(settings, "latina", "ur", impronta_originale="000000000000")
    unmarked = page(settings, "latina", "bn")
    pair(original, reviewed, stale, unmarked)
    for translation in (reviewed, stale, unmarked):
        complete_translation(translation, original)
    assert reviewed.translation_status == {"native_review": "Nome Cognome, 2026-12-01", "outdated": False}
    assert stale.translation_status == {"native_review": None, "outdated": True}
    assert unmarked.translation_status["outdated"]  # made from an unknown version of the Italian text
    Path(original.source_path).write_text("Title: latina (it)\nSummary: Breve.\n\nTesto nuovo.\n", encoding="utf-8")
    os.utime(original.source_path, ns=(1, 1))  # a changed file, even within the file system's time resolution
    complete_translation(reviewed, original)
    assert reviewed.translation_status["outdated"]


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
    assert "ar" not in versions  # no Arabic page yet: no link that leads nowhere


def test_a_missing_or_broken_catalogue_stops_the_build_with_its_path(tmp_path):
    settings = {"THEME": str(tmp_path), "DEFAULT_LANG": "it",
                "LANGUAGES": {"it": {"locale": "it"}, "en": {"locale": "en"}}}
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


def test_a_plural_message_is_translated_only_with_every_form():
    singular, plural = "%(num)s giorno", "%(num)s giorni"
    assert not is_translated(Message((singular, plural), ("", "", "")))
    assert not is_translated(Message((singular, plural), ("%(num)s день", "%(num)s дні", "")))
    assert is_translated(Message((singular, plural), ("%(num)s день", "%(num)s дні", "%(num)s днів")))
    assert not is_translated(Message("Mese", ""))
    assert is_translated(Message("Mese", "Місяць"))


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
        translated = {message.id for message in catalogue if message.id and is_translated(message) and not message.fuzzy}
        assert translated == wanted, f"{lang}: run `make translations` and translate the new strings"


def test_each_feed_declares_its_own_language_and_an_empty_one_a_fixed_date(settings):
    news = page(settings, "fine", date=datetime.datetime(2022, 4, 1))
    context = {"DEFAULT_LANG": "it", "FEED_ATOM": "news/atom.xml", "articles": [news],
               "LANGUAGES": {"it": {}, "ar": {}, "zh-Hans": {}}}
    languages, ids = {}, {}
    for url in ("http://x/news/atom.xml", "http://x/ar/news/atom.xml", "http://x/zh-Hans/news/atom.xml"):
        feed = Atom1Feed(title="News", link="/", description="", feed_url=url)
        declare_feed_language(context, feed=feed)
        written = io.StringIO()
        feed.write(written, "utf-8")
        root = ET.fromstring(written.getvalue())
        languages[url.split("/")[3]] = root.get("{http://www.w3.org/XML/1998/namespace}lang")
        assert root.find("{http://www.w3.org/2005/Atom}updated").text.startswith("2022-04-01")
        ids[url] = root.find("{http://www.w3.org/2005/Atom}id").text
    assert languages == {"news": "it", "ar": "ar", "zh-Hans": "zh-Hans"}
    assert len(set(ids.values())) == 3 and ids["http://x/ar/news/atom.xml"] == "http://x/ar/news/atom.xml"


def test_lists_in_a_language_keep_only_what_is_translated_into_it(settings):
    first, first_pa = page(settings, "first"), page(settings, "first", "pa")
    second = page(settings, "second")
    pair(first, first_pa)
    pair(second)
    assert in_language([first, second], "pa") == [first_pa]
    assert in_language([first, second], "it") == [first, second]
    assert in_language(iter([first_pa, second]), "pa") == [first_pa]
