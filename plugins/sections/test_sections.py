from datetime import datetime
from types import SimpleNamespace

import pytest
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from sections.sections import SectionError, assign_section, build_breadcrumbs

SECTIONS = {
    "pages": {"kind": "page", "url": "{slug}/", "parent": None},
    "comuni": {"kind": "municipality", "template": "municipality",
               "url": "comuni/{slug}/", "parent": "comuni"},
    "news": {"kind": "news", "url": "news/{slug}/", "parent": "news"},
}


@pytest.fixture
def settings(tmp_path):
    return {**DEFAULT_CONFIG, "PATH": str(tmp_path), "SECTIONS": SECTIONS,
            "HOME_SLUG": "home", "SLUGIFY_SOURCE": "basename"}


def make(cls, settings, relative_path, **metadata):
    source = f"{settings['PATH']}/{relative_path}"
    metadata.setdefault("title", relative_path)
    metadata.setdefault("date", datetime(2026, 11, 25))
    item = cls("", metadata=metadata, settings=settings, source_path=source)
    assign_section(item)
    return item


def test_kind_template_and_url_follow_the_folder(settings):
    item = make(Page, settings, "comuni/latina.md")
    assert item.kind == "municipality"
    assert item.template == "municipality"
    assert item.url == "comuni/latina/"
    assert item.save_as == "comuni/latina/index.html"


def test_home_page_is_the_site_root(settings):
    item = make(Page, settings, "pages/home.md")
    assert (item.url, item.save_as) == ("", "index.html")


def test_front_matter_overrides_win(settings):
    item = make(Page, settings, "pages/404.md", save_as="404.html", template="page")
    assert item.save_as == "404.html"
    assert item.template == "page"


def test_file_outside_every_section_is_an_error(settings):
    with pytest.raises(SectionError, match="altro"):
        make(Page, settings, "altro/x.md")


def test_breadcrumbs_lead_from_home_through_the_section_page(settings):
    home = make(Page, settings, "pages/home.md")
    comuni = make(Page, settings, "pages/comuni.md")
    news = make(Page, settings, "pages/news.md")
    latina = make(Page, settings, "comuni/latina.md")
    item = make(Article, settings, "news/fine.md")
    context = {"pages": [home, comuni, news, latina], "hidden_pages": [], "articles": [item]}
    build_breadcrumbs([SimpleNamespace(context=context)])
    assert home.breadcrumbs == []
    assert comuni.breadcrumbs == [home]
    assert latina.breadcrumbs == [home, comuni]
    assert item.breadcrumbs == [home, news]


def test_translations_live_under_their_language(settings):
    settings = {**settings, "DEFAULT_LANG": "it"}
    assert make(Page, settings, "comuni/latina.en.md", slug="latina", lang="en").url == "en/comuni/latina/"
    home = make(Page, settings, "pages/home.ar.md", slug="home", lang="ar")
    assert (home.url, home.save_as) == ("ar/", "ar/index.html")
