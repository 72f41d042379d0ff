from types import SimpleNamespace

import pelican.utils
from pelican.tests.support import get_article

from pelican_speedups.pelican_speedups import process_translations, skip_pages_that_are_off


def articles():
    return [get_article(title, "testo", slug=slug, lang=lang) for title, slug, lang in [
        ("Latina", "latina", "it"), ("Latina EN", "latina", "en"), ("Roma", "roma", "it"),
        ("Only English", "solo", "en"), ("Latina AR", "latina", "ar"), ("Napoli", "napoli", "it")]]


def test_translations_are_the_same_as_pelicans():
    ours, pelicans = articles(), articles()
    index, translations = process_translations(ours, "slug")
    expected_index, expected_translations = pelican.utils.process_translations(pelicans, "slug")

    def described(items):
        return [(item.title, sorted(other.title for other in item.translations)) for item in items]

    assert described(index) == described(expected_index)
    assert described(translations) == described(expected_translations)
    assert process_translations(articles(), None)[1] == []


def test_pages_that_are_off_are_not_listed():
    generator = SimpleNamespace(settings={"TAG_SAVE_AS": "", "CATEGORY_SAVE_AS": "", "AUTHOR_SAVE_AS": "a/{slug}/"},
                                generate_tags=None, generate_categories=None, generate_authors="Pelican's")
    skip_pages_that_are_off(generator)
    assert generator.generate_tags(print) is None and generator.generate_categories(print) is None
    assert generator.generate_authors == "Pelican's"
