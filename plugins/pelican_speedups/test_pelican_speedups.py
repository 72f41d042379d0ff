from pathlib import Path
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


# Pelican resets the instance itself before reading a summary: the first file has none.
DOCUMENTS = [
    "Title: Uno\n\n## Titolo\n\nIl FAMI aiuta.[^1]\n\n*[FAMI]: Fondo Asilo\n\n[^1]: Una nota.\n",
    "Title: Due\nSummary: Il **secondo** testo.\n\n## Titolo\n\nIl FAMI di nuovo, senza abbreviazione né nota.\n",
    "Title: Tre\n\n## Titolo\n\n## Titolo\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
]


def read_all(tmp_path, reused):
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    import pelican_speedups.pelican_speedups as speedups

    settings = read_settings(str(Path(__file__).parents[2] / "pelicanconf.py"))
    original = pelican.readers.Markdown
    pelican.readers.Markdown = speedups.ReusedMarkdown if reused else speedups.markdown.Markdown
    speedups.ReusedMarkdown.instances.clear()
    try:
        reader = MarkdownReader(settings)
        results = []
        for number, text in enumerate(DOCUMENTS):
            path = tmp_path / f"{number}.md"
            path.write_text(text, encoding="utf-8")
            content, metadata = reader.read(str(path))
            results.append((content, {name: str(value) for name, value in metadata.items()}))
        return results
    finally:
        pelican.readers.Markdown = original


def test_one_markdown_reused_reads_every_file_as_a_new_one_would(tmp_path):
    reused, fresh = read_all(tmp_path, reused=True), read_all(tmp_path, reused=False)
    assert reused == fresh
    assert "<abbr" in reused[0][0] and "<abbr" not in reused[1][0], "nothing carried over from the file before"
    assert reused[1][1]["title"] == "Due", "the metadata of every file, not only the first"
    assert "<strong>secondo</strong>" in reused[1][1]["summary"]
