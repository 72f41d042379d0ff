"""The real content, built once, has every page and cross-link the project needs."""

import re
import shutil
import sys
import xml.etree.ElementTree as ET

from babel.messages.pofile import read_po

from tests.conftest import ROOT, build_site
from tests.html import links_in_section, read
from tests.test_languages import LANGUAGES, SETTINGS, language_of, translated_languages

sys.path.insert(0, str(ROOT / "plugins"))
from languages.catalogue import catalogue_path  # noqa: E402

MUNICIPALITIES = [
    "agrigento", "bologna", "bolzano", "caserta", "catania", "firenze", "genova",
    "latina", "milano", "napoli", "palermo", "perugia", "potenza", "roma",
    "sassari", "taranto", "torino", "trieste",
]
MINIPROJECTS = ["la-casa-dei-bimbi", "shared-city", "laboratorio-sartoriale", "cineforum", "bagni-chimici"]
NEWS = sorted(path.stem for path in (ROOT / "content" / "news").glob("*.md") if "." not in path.stem)  # Italian
ITALIAN_LONG_DATE = re.compile(
    r"^(lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica) \d{1,2} "
    r"(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4}$"
)
ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_municipality_and_miniproject_has_its_page(site):
    for slug in MUNICIPALITIES:
        assert (site / "comuni" / slug / "index.html").is_file(), slug
    for slug in MINIPROJECTS:
        assert (site / "miniprogetti" / slug / "index.html").is_file(), slug


def test_fixed_pages_exist(site):
    for path in ["index.html", "progetto/index.html", "risultati/index.html", "comuni/index.html",
                 "miniprogetti/index.html", "news/index.html", "accessibilita/index.html",
                 "note-legali/index.html", "404.html", "robots.txt", "sitemap.xml",
                 "favicon.ico", "news/atom.xml"]:
        assert (site / path).is_file(), path


def test_latina_lists_its_miniprojects_and_related_news(site):
    page = read(site, "comuni/latina/")
    assert sorted(links_in_section(page, "miniprogetti-comune")) == sorted(
        f"/miniprogetti/{slug}/" for slug in MINIPROJECTS)
    assert "/news/miniprogetti-latina/" in links_in_section(page, "news-correlate")
    assert page.text_of("h2", id="news-correlate") == "News correlate"


def test_other_municipalities_only_get_their_own_news(site):
    page = read(site, "comuni/roma/")
    related = links_in_section(page, "news-correlate")
    assert "/news/progetto-concluso/" in related
    assert "/news/miniprogetti-latina/" not in related
    assert links_in_section(page, "miniprogetti-comune") == []


def test_miniproject_links_its_municipality_and_news(site):
    for slug in MINIPROJECTS:
        page = read(site, f"miniprogetti/{slug}/")
        assert links_in_section(page, "comune-miniprogetto") == ["/comuni/latina/"], slug
        assert "/news/miniprogetti-latina/" in links_in_section(page, "news-correlate"), slug


def test_news_item_links_what_it_concerns(site):
    page = read(site, "news/miniprogetti-latina/")
    assert links_in_section(page, "comuni-coinvolti") == ["/comuni/latina/"]
    assert len(links_in_section(page, "miniprogetti-collegati")) == len(MINIPROJECTS)


def test_home_shows_latest_news_results_and_ways_in(site):
    home = read(site, "")
    assert len(links_in_section(home, "ultime-news")) == min(3, len(NEWS))
    assert len(links_in_section(home, "comuni")) == len(MUNICIPALITIES)
    assert len(links_in_section(home, "miniprogetti")) == len(MINIPROJECTS)
    figures = [e["text"].strip() for e in home.elements if e["attrs"].get("class") == "results__figure"]
    assert figures == ["oltre 3.000", "oltre 500", "circa 600"]


HOME_PAGES = ["", *(f"{lang}/" for lang in LANGUAGES if lang != "it")]


def test_breadcrumbs_on_every_page_but_home(site, html_pages):
    for path in html_pages:
        trail = read(site, path).find("nav", class_="breadcrumbs")
        if path in HOME_PAGES:
            assert trail is None, "a home page has no breadcrumb trail"
        else:
            assert trail is not None, path
            if language_of(path) == "it":
                assert trail["text"].split()[:2] == ["Sei", "in:"], path
    trail = read(site, "comuni/latina/").text_of("ol", class_="breadcrumbs__list")
    assert trail.split() == ["Home", "I", "comuni", "della", "rete", "Latina"]


def test_page_index_where_a_page_has_several_sections(site):
    project = read(site, "progetto/")
    index = project.find("nav", class_="page-index")
    assert index is not None
    targets = [a["attrs"]["href"] for a in project.elements
               if a["tag"] == "a" and a["attrs"].get("href", "").startswith("#")
               and a["attrs"]["href"] not in ("#contenuto", "#inizio")]
    assert len(targets) >= 2
    assert all(target[1:] in project.ids for target in targets)
    assert read(site, "news/").find("nav", class_="page-index") is None


def test_dates_are_in_italian(site):
    page = read(site, "progetto/")
    date = page.find("time")
    assert ITALIAN_LONG_DATE.match(" ".join(date["text"].split())), date
    news = read(site, "news/progetto-concluso/")
    assert news.text_of("time") == "aprile 2022"
    assert news.find("time")["attrs"]["datetime"] == "2022-04"


def catalogue_label(lang, msgid):
    """A theme string as the page in ``lang`` shows it."""
    if lang == "it":
        return msgid
    with open(ROOT / catalogue_path(SETTINGS, lang), "rb") as file:
        return read_po(file)[msgid].string


def test_only_news_items_show_a_publication_date(site, html_pages):
    """News: «Pubblicato»; every other page: «Ultimo aggiornamento» and its date, no «Pubblicato»."""
    shown = {"news": 0, "other": 0}
    for path in html_pages:
        lang = language_of(path)
        published, updated = (catalogue_label(lang, label) for label in ("Pubblicato:", "Ultimo aggiornamento:"))
        document = read(site, path)
        dates = document.text_of("p", class_="dates")
        if re.fullmatch(r"([^/]+/)?news/[^/]+/", path) and path.split("/")[0] in (*SETTINGS["LANGUAGES"], "news"):
            assert dates.startswith(published), (path, dates)
            shown["news"] += 1
        else:
            # The label, not the word: a text may well say «published» (Bengali's accessibility page does).
            assert dates is None or published not in dates, path
            if dates is not None:
                times = [t for t in document.find_all("time")
                         if any(up["attrs"].get("class") == "dates" for up in t["ancestors"])]
                assert dates.startswith(updated) and len(times) == 1, (path, dates)
                shown["other"] += 1
    assert shown["news"] >= len(NEWS) and shown["other"] > 30, shown


def test_last_update_comes_from_modified(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    latina = content / "comuni" / "latina.md"
    header = "Date: 2026-11-25\n"
    latina.write_text(latina.read_text(encoding="utf-8").replace(header, header + "Modified: 2022-05-10\n"),
                      encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    page = read(tmp_path / "out", "comuni/latina/")
    assert page.text_of("p", class_="dates") == "Ultimo aggiornamento: martedì 10 maggio 2022"
    assert page.find("time")["attrs"]["datetime"] == "2022-05-10"


def test_every_page_is_described(site, html_pages):
    # Its language: tests/test_languages.py.
    for path in html_pages:
        page = read(site, path)
        assert page.find("meta", name="description")["attrs"]["content"].strip(), path
        assert page.find("meta", property="og:title"), path
        assert len(page.find_all("h1")) == 1, path


def test_feed_lists_every_news_item(site):
    feed = ET.parse(site / "news" / "atom.xml").getroot()
    links = sorted(entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry"))
    assert links == sorted(f"/news/{slug}/" for slug in NEWS)


def test_feed_declares_its_language(site):
    feed = ET.parse(site / "news" / "atom.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "it"


def test_sitemap_lists_every_public_page(site, html_pages):
    tree = ET.parse(site / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = sorted(loc.text.removeprefix("http://127.0.0.1:8000/") for loc in tree.iter(f"{ns}loc"))
    # Not the 404 page, nor the thank-you pages of the feedback form (reached from the form only).
    assert listed == [path for path in html_pages if path != "404.html" and not path.endswith("grazie/")]
    latina = next(url for url in tree.iter(f"{ns}url") if url.find(f"{ns}loc").text.endswith("/ar/comuni/latina/"))
    alternates = latina.findall("{http://www.w3.org/1999/xhtml}link")
    assert sorted(link.get("hreflang") for link in alternates) == sorted(["it", *translated_languages(site)])
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (site / "robots.txt").read_text()


def test_unknown_slug_fails_the_build_naming_file_and_slug(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    news = content / "news" / "progetto-concluso.md"
    news.write_text(news.read_text(encoding="utf-8").replace("Comuni: ", "Comuni: atlantide, ", 1),
                    encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "content/news/progetto-concluso.md:4: Comuni: «atlantide» non esiste" in output, output
