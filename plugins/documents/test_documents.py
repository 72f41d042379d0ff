from pathlib import Path
from types import SimpleNamespace

import pytest

from documents.documents import label_document_links, label_links, linked_documents, readable_size

EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv"]


@pytest.fixture
def content(tmp_path):
    """content/news/fine.md with a generated 1.2 MB PDF and a 340 kB spreadsheet beside it."""
    news = tmp_path / "content" / "news"
    news.mkdir(parents=True)
    (news / "fine.md").write_text("Title: Fine\n\n[Relazione finale]({attach}relazione.pdf), [dati](tabella.xlsx)\n"
                                  "[sito](https://example.org/a.pdf) [foto](foto.jpg) [perso](manca.pdf)\n")
    for name, size in (("relazione.pdf", 1_234_567), ("tabella.xlsx", 340_400), ("altro.pdf", 10)):
        with (news / name).open("wb") as document:
            document.truncate(size)
    return tmp_path / "content"


def label(content, html, lang="it"):
    return label_links(html, content / "news" / "fine.md", content, lang, EXTENSIONS)


@pytest.mark.parametrize(("lang", "expected"), [
    ("it", "PDF, 1,2\u00a0MB"), ("en", "PDF, 1.2\u00a0MB"), ("fr", "PDF, 1,2\u202fMo"), ("ar", "PDF, 1.2\u00a0م.ب"),
])
def test_the_label_says_format_and_size_in_the_pages_language(content, lang, expected):
    html = '<p><a href="{attach}relazione.pdf">Relazione finale</a></p>'
    assert label(content, html, lang) == (
        '<p><a href="{static}relazione.pdf">Relazione finale '
        f'<span class="document-info">({expected})</span></a></p>')


def test_a_page_in_chinese_is_labelled_in_babels_locale_for_its_tag(content):
    """zh-Hans is the page's language; Babel reads only zh_Hans, the ``locale`` of its LANGUAGES entry."""
    link = '<a href="{attach}relazione.pdf">报告</a>'
    source = str(content / "news" / "fine.md")
    chinese = SimpleNamespace(lang="zh-Hans", _content=link, source_path=source, translations=[])
    ukrainian = SimpleNamespace(lang="uk", _content=link, source_path=source, translations=[])
    italian = SimpleNamespace(lang="it", _content=link, source_path=source, translations=[chinese, ukrainian])
    settings = {"PATH": str(content), "DEFAULT_LANG": "it", "DOCUMENT_EXTENSIONS": EXTENSIONS, "LANGUAGES": {
        "it": {"locale": "it"}, "uk": {"locale": "uk"}, "zh-Hans": {"locale": "zh_Hans"}}}
    generator = SimpleNamespace(context={"pages": [italian], "hidden_pages": [], "articles": []}, settings=settings)
    label_document_links([generator])
    assert [item._content.rpartition("(")[2] for item in (italian, chinese, ukrainian)] == [
        "PDF, 1,2\u00a0MB)</span></a>", "PDF, 1.2\u00a0MB)</span></a>", "PDF, 1,2\u00a0МБ)</span></a>"]


def test_relative_links_are_published_as_static_files_and_other_links_untouched(content):
    html = ('<a href="tabella.xlsx" title="Dati">dati</a> <a href="https://example.org/a.pdf">sito</a> '
            '<a href="foto.jpg">foto</a> <a href="manca.pdf">perso</a> <a href="{filename}/pages/a.md">pagina</a>')
    assert label(content, html) == (
        '<a href="{static}tabella.xlsx" title="Dati">dati <span class="document-info">(XLSX, 340\u00a0kB)</span></a> '
        '<a href="https://example.org/a.pdf">sito</a> <a href="foto.jpg">foto</a> <a href="manca.pdf">perso</a> '
        '<a href="{filename}/pages/a.md">pagina</a>')


def test_sizes_round_to_kilobytes_below_a_megabyte_and_never_say_zero():
    assert [readable_size(size, "it") for size in (10, 999_499, 1_000_000, 12_345_678)] == [
        "1\u00a0kB", "999\u00a0kB", "1\u00a0MB", "12,3\u00a0MB"]


def test_only_linked_existing_documents_are_published(content):
    assert linked_documents(content, EXTENSIONS) == ["news/relazione.pdf", "news/tabella.xlsx"]
    assert not Path(content / "news" / "manca.pdf").exists()
