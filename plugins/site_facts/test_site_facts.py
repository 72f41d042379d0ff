import datetime
import logging
from types import SimpleNamespace

from site_facts.site_facts import expand

SETTINGS = {
    "DEFAULT_LANG": "it",
    "LANGUAGES": {"it": {"locale": "it"}, "en": {"locale": "en"}, "fr": {"locale": "fr"}, "ar": {"locale": "ar"}},
    "TEXT_SIZES": [100, 150, 200],
    "ACCESSIBILITY_CONTACT": "",
    "ACCESSIBILITY_DECLARATION_URL": "",
}


def item(content, lang="it", modified=None, **settings):
    return SimpleNamespace(_content=content, lang=lang, settings={**SETTINGS, **settings},
                           date=datetime.datetime(2026, 11, 25), metadata={"modified": modified},
                           source_path="content/pages/accessibilita.md")


def test_languages_and_text_sizes_come_from_the_settings_in_the_pages_language():
    text = "<p>[[lingue]]; [[dimensioni-testo]]</p>"
    assert expand(item(text)) == "<p>italiano, inglese, francese e arabo; 100%, 150% e 200%</p>"
    assert expand(item(text, "en")) == "<p>Italian, English, French, and Arabic; 100%, 150%, and 200%</p>"
    assert expand(item(text, "fr", TEXT_SIZES=[100])) == "<p>italien, anglais, français et arabe; 100\u00a0%</p>"


def test_a_language_with_a_script_subtag_is_named_and_written_with_its_babel_locale():
    languages = {**SETTINGS["LANGUAGES"], "zh-Hans": {"locale": "zh_Hans"}}
    assert expand(item("[[lingue]]", LANGUAGES=languages)) == "italiano, inglese, francese, arabo e cinese semplificato"
    assert expand(item("[[lingue]]", "zh-Hans", LANGUAGES=languages)) == "意大利语、英语、法语、阿拉伯语和简体中文"


def test_deployment_values_are_links_when_set_and_placeholders_when_not():
    text = "[[contatto-accessibilita]] [[dichiarazione-agid]]"
    assert expand(item(text)) == (
        "<strong>[DA COMPLETARE: il contatto per le segnalazioni di accessibilità (impostazione "
        "ACCESSIBILITY_CONTACT)]</strong> <strong>[DA COMPLETARE: l'indirizzo della dichiarazione di "
        "accessibilità su AgID (impostazione ACCESSIBILITY_DECLARATION_URL)]</strong>")
    published = item(text, ACCESSIBILITY_CONTACT="https://example.org/modulo?a=1&b=2",
                     ACCESSIBILITY_DECLARATION_URL="https://form.agid.gov.it/view/x")
    assert expand(published) == (
        '<a href="https://example.org/modulo?a=1&amp;b=2">https://example.org/modulo?a=1&amp;b=2</a> '
        '<a href="https://form.agid.gov.it/view/x">https://form.agid.gov.it/view/x</a>')
    assert expand(item(text[:26], ACCESSIBILITY_CONTACT="a11y@example.org")) == (
        '<a href="mailto:a11y@example.org">a11y@example.org</a>')


def test_the_date_is_the_modified_one_else_the_pages_date():
    assert expand(item("[[data-aggiornamento]]")) == "25 novembre 2026"
    assert expand(item("[[data-aggiornamento]]", "en", datetime.datetime(2026, 11, 29))) == "November 29, 2026"


def test_an_unknown_marker_is_an_error_naming_the_file(caplog):
    with caplog.at_level(logging.ERROR):
        assert expand(item("[[lingua]]")) == "[[lingua]]"
    assert "accessibilita.md: «[[lingua]]» non è un valore del sito: usate uno di questi: [[lingue]]" in caplog.text
