"""The site in the languages of LANGUAGES: lang and dir, hreflang, the language switcher,
right-to-left layout, dates and the text-size control per language."""

import re

import pytest
from pelican.settings import read_settings

from tests.conftest import ROOT
from tests.html import read

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
LANGUAGES = {code: language["dir"] for code, language in SETTINGS["LANGUAGES"].items()}
# Pages every language must have (issue: home, project, results, the five
# mini-projects, the accessibility statement and the 18 municipalities).
REQUIRED = ["", "progetto/", "risultati/", "accessibilita/", "comuni/", "miniprogetti/"]
MUNICIPALITIES = 18
MINIPROJECTS = 5


def language_of(url_path):
    first = url_path.split("/", 1)[0]
    return first if first in LANGUAGES and first != "it" else "it"


def translated_languages(site=None):
    """The languages but Italian that have pages (every one, once their files are there): in the built
    ``site``, or else in content/ (for parametrising tests before the site is built)."""
    if site is None:
        return [code for code in LANGUAGES if (ROOT / "content" / "pages" / f"home.{code}.md").is_file()]
    return [code for code in LANGUAGES if code != "it" and (site / code / "index.html").is_file()]


def test_every_page_says_its_language_and_direction(site, html_pages):
    counts = dict.fromkeys(LANGUAGES, 0)
    for path in html_pages:
        html = read(site, path).find("html")["attrs"]
        lang = language_of(path)
        assert (html.get("lang"), html.get("dir")) == (lang, LANGUAGES[lang]), path
        counts[lang] += 1
    print("pages per language:", counts)
    for lang in translated_languages(site):
        for path in REQUIRED:
            assert (site / lang / path / "index.html").is_file(), f"{lang}/{path} is missing"
        assert len(list((site / lang / "comuni").glob("*/index.html"))) == MUNICIPALITIES
        assert len(list((site / lang / "miniprogetti").glob("*/index.html"))) == MINIPROJECTS


def test_hreflang_alternates_point_at_each_other(site):
    versions = {}
    for lang in ["it", *translated_languages(site)]:
        path = "comuni/latina/" if lang == "it" else f"{lang}/comuni/latina/"
        links = read(site, path).find_all("link", rel="alternate")
        versions[lang] = {link["attrs"]["hreflang"]: link["attrs"]["href"] for link in links
                          if "hreflang" in link["attrs"]}
    assert set(versions["it"]) == {*versions, "x-default"}
    assert all(version == versions["it"] for version in versions.values())
    assert versions["it"]["ar"].endswith("/ar/comuni/latina/")
    assert versions["it"]["x-default"] == versions["it"]["it"]


def test_untranslated_pages_have_no_alternates_and_switch_to_the_home_pages(site):
    # The 404 page is in Italian only (tests/test_new_language.py: a news item not yet translated).
    missing = read(site, "404.html")
    assert not [link for link in missing.find_all("link", rel="alternate") if "hreflang" in link["attrs"]]
    switcher = {link["attrs"]["lang"]: link["attrs"]["href"]
                for link in missing.find_all("a", class_="language-switcher__link")}
    assert switcher == {"it": "/404.html", **{lang: f"/{lang}/" for lang in translated_languages(site)}}


def test_switcher_names_each_language_in_itself(site):
    links = read(site, "fr/progetto/").find_all("a", class_="language-switcher__link")
    assert [(link["attrs"]["lang"], " ".join(link["text"].split())) for link in links] == [
        (lang, SETTINGS["LANGUAGES"][lang]["name"]) for lang in ["it", *translated_languages(site)]]
    assert [link["attrs"]["dir"] for link in links] == [LANGUAGES[link["attrs"]["lang"]] for link in links]
    current = [link["attrs"]["lang"] for link in links if link["attrs"].get("aria-current") == "page"]
    assert current == ["fr"]


def test_theme_strings_and_dates_are_in_the_page_language(site):
    english = read(site, "en/comuni/latina/")
    assert english.text_of("a", class_="skip-link") == "Skip to content"
    assert english.text_of("p", class_="in-brief__title") == "In brief"
    assert re.fullmatch(r"Last updated: \w+day, \w+ \d+, \d{4}", english.text_of("p", class_="dates"))
    arabic = read(site, "ar/comuni/latina/")
    assert arabic.text_of("span", class_="breadcrumbs__label") == "أنت هنا:"
    assert "نوفمبر" in arabic.text_of("p", class_="dates") or re.search(r"[\u0600-\u06ff]", arabic.text_of(
        "p", class_="dates"))
    # A news item not translated into English is listed on Italian pages only.
    news_links = english.find_all("a", class_="news-list__link")
    assert all(link["attrs"]["href"].startswith("/en/news/") for link in news_links)
    assert read(site, "comuni/latina/").find_all("a", class_="news-list__link")


def test_switching_language_keeps_the_page(page, base_url):
    page.goto(base_url + "comuni/latina/")
    page.get_by_role("navigation", name="Lingua").get_by_role("link", name="English").click()
    page.wait_for_url(base_url + "en/comuni/latina/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="العربية").click()
    page.wait_for_url(base_url + "ar/comuni/latina/")
    assert page.locator("html").get_attribute("dir") == "rtl"


@pytest.mark.parametrize("width", [1280, 320])
def test_arabic_pages_are_mirrored(browser, base_url, width):
    """Site name, breadcrumb trail and back-to-top sit on the other side than on the Italian page."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    centres = {}
    for lang, path in (("it", "comuni/latina/"), ("ar", "ar/comuni/latina/")):
        page.goto(base_url + path)
        centres[lang] = {}
        for name, selector in (("name", ".site-header__name"), ("trail", ".breadcrumbs__label"),
                               ("back to top", ".back-to-top a")):
            box = page.locator(selector).first.bounding_box()
            centres[lang][name] = box["x"] + box["width"] / 2
    context.close()
    middle = width / 2
    assert centres["it"]["name"] < middle < centres["ar"]["name"]
    assert centres["it"]["trail"] < middle < centres["ar"]["trail"]
    assert centres["ar"]["back to top"] < middle < centres["it"]["back to top"]


def test_text_size_control_works_in_arabic(page, base_url):
    page.goto(base_url + "ar/")
    root_size = "() => getComputedStyle(document.documentElement).fontSize"
    before = page.evaluate(root_size)
    page.locator('[data-text-size-step="1"]').click()
    assert float(page.evaluate(root_size).removesuffix("px")) > float(before.removesuffix("px"))
    page.goto(base_url + "ar/progetto/")
    assert page.evaluate(root_size) != before  # remembered across pages


def test_menu_marks_the_section_in_every_language(site):
    for path in ("comuni/latina/", "ar/comuni/latina/"):
        links = read(site, path).find_all("a", class_="main-nav__link")
        marked = [link["attrs"]["href"] for link in links if "aria-current" in link["attrs"]]
        assert marked == ["/" + path.removesuffix("latina/")], path


def test_headings_of_arabic_pages_have_readable_anchors_that_the_index_uses(site, html_pages):
    """Anchors keep the headings' letters (no `_1`, `_2`), and "In questa pagina" links to them."""
    for path in [path for path in html_pages if language_of(path) == "ar"]:
        document = read(site, path)
        anchors = [h["attrs"]["id"] for h in document.find_all("h2") if "id" in h["attrs"]]
        assert not [anchor for anchor in anchors if re.fullmatch(r"_\d+", anchor)], (path, anchors)
        index = [a["attrs"]["href"] for a in document.find_all("a")
                 if any(up["attrs"].get("class") == "page-index" for up in a["ancestors"])]
        assert all(href[1:] in anchors for href in index), (path, index, anchors)
    project = read(site, "ar/progetto/")
    index = [a["attrs"]["href"] for a in project.find_all("a")
             if any(up["attrs"].get("class") == "page-index" for up in a["ancestors"])]
    assert "#بناء-المجتمع" in index, index
