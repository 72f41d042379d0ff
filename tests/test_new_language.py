"""Adding a language is one LANGUAGES entry plus files, with no code change (issue 22).

On a scratch copy of the content and the theme, a made-up eleventh language, Serbian in
Latin script (``sr-Latn``, a tag with a script subtag like ``zh-Hans``), gets a settings
entry, its catalogue (made by the catalogue task's own function, two strings translated)
and four files: the home page, Latina, the news archive and one news item. The site built
from it has them everywhere a language shows: pages, switcher, hreflang, sitemap, feed,
search index, the editor's collections, and the lists of news.
"""

import json
import shutil
import sys
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po, write_po
from pelican.settings import read_settings

from tests.browser import drop_translations
from tests.conftest import ROOT, build_site
from tests.html import links_in_section, read

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.content_check import check_content, errors_of  # noqa: E402
from languages.catalogue import catalogue_path, update_catalogues  # noqa: E402

TAG = "sr-Latn"
ENTRY = {"name": "Srpski", "dir": "ltr", "og_locale": "sr_RS", "locale": "sr_Latn"}
STRINGS = {"Lingua": "Jezik", "Questa pagina è tradotta dall'italiano.": "Ova stranica je prevedena sa italijanskog."}
FILES = {
    "pages/home": "Title: LGNetEA\nSummary: LGNetEA je bio projekat 18 italijanskih gradova.\n\n"
                  "Projekat je pomagao strancima da nađu stan i posao.\n",
    "pages/news": "Title: Vesti\nSummary: Vesti o projektu LGNetEA.\n\nOvde su vesti projekta.\n",
    "comuni/latina": "Title: Latina\nSummary: Latina je jedan od 18 gradova mreže.\nRegione: Lacio\n\n"
                     "Latina je bila deo mreže LGNetEA.\n",
    "news/lgnet2": "Title: Posle LGNetEA dolazi LgNet2\nSummary: Rad se nastavlja u projektu LgNet2.\n\n"
                   "Projekat LgNet2 nastavlja isti način rada.\n",
}
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """The eleventh language's files and settings, on copies; the site built from them."""
    root = tmp_path_factory.mktemp("new-language")
    # Of the other translations, English and Arabic only: the new language needs no more.
    drop_translations(shutil.copytree(ROOT / "content", root / "content"))
    shutil.copytree(ROOT / "theme", root / "theme", ignore=shutil.ignore_patterns("__pycache__"))
    settings_file = root / "settings.py"
    settings_file.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
        f"LANGUAGES = {{**LANGUAGES, {TAG!r}: {ENTRY!r}}}  # noqa: F405\n"
        f"THEME = {str(root / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n", encoding="utf-8")
    settings = read_settings(str(settings_file), override={"PATH": str(root / "content")})
    update_catalogues(settings)  # what `make translations` does: the new catalogue, its strings empty
    path = catalogue_path(settings, TAG)
    with path.open("rb") as file:
        catalogue = read_po(file)
    for message_id, text in STRINGS.items():
        catalogue[message_id].string = text
    with path.open("wb") as file:
        write_po(file, catalogue)
    for name, text in FILES.items():
        (root / "content" / f"{name}.{TAG}.md").write_text(text, encoding="utf-8")
    output = root / "output"
    result = build_site(output, "-s", str(settings_file), content=root / "content")
    assert result.returncode == 0, result.stdout + result.stderr
    return {"root": root, "settings": settings, "output": output}


def test_the_checker_accepts_the_new_language(scratch):
    assert errors_of(check_content(scratch["settings"])) == []


def test_its_pages_are_built_in_it_and_say_what_they_are(scratch):
    output = scratch["output"]
    for path in ("", "comuni/latina/", "news/", "news/lgnet2/"):
        page = read(output, f"{TAG}/{path}")
        html = page.find_all("html")[0]["attrs"]
        assert (html["lang"], html["dir"]) == (TAG, "ltr"), path
    latina = read(output, f"{TAG}/comuni/latina/")
    [note] = [p for p in latina.find_all("p") if "translation-status" in p["attrs"].get("class", "")]
    assert note["text"].strip().startswith("Ova stranica je prevedena sa italijanskog.")
    # The news item takes its date from the Italian original, in the language's own words.
    item = (output / TAG / "news" / "lgnet2" / "index.html").read_text(encoding="utf-8")
    assert 'datetime="2022-04"' in item and "april 2022" in item


def test_the_switcher_and_hreflang_link_it_both_ways(scratch):
    output = scratch["output"]
    italian, serbian = read(output, "comuni/latina/"), read(output, f"{TAG}/comuni/latina/")
    [link] = [a["attrs"] for a in italian.find_all("a") if a["attrs"].get("hreflang") == TAG]
    assert (link["href"], link["lang"], link["dir"]) == (f"/{TAG}/comuni/latina/", TAG, "ltr")
    assert "Srpski" in [a["text"] for a in italian.find_all("a", class_="language-switcher__link")]
    for page, other in ((italian, f"/{TAG}/comuni/latina/"), (serbian, "/comuni/latina/")):
        alternates = {link["attrs"]["hreflang"]: link["attrs"]["href"] for link in page.find_all("link")
                      if link["attrs"].get("rel") == "alternate" and "hreflang" in link["attrs"]}
        assert any(href.endswith(other) for href in alternates.values())
        assert {TAG, "it"} <= alternates.keys()


def test_a_page_not_yet_in_it_switches_to_its_home_page_and_names_no_alternate_in_it(scratch):
    untranslated = read(scratch["output"], "news/progetto-concluso/")
    assert TAG not in [link["attrs"].get("hreflang") for link in untranslated.find_all("link")]
    [link] = [a for a in untranslated.find_all("a", class_="language-switcher__link") if a["attrs"]["lang"] == TAG]
    assert link["attrs"]["href"] == f"/{TAG}/"


def test_the_sitemap_lists_its_pages_with_their_alternates(scratch):
    sitemap = (scratch["output"] / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/{TAG}/comuni/latina/</loc>" in sitemap and f'hreflang="{TAG}"' in sitemap


def test_it_has_its_own_feed_and_news_lists_with_only_what_is_translated(scratch):
    output = scratch["output"]
    feed = ET.parse(output / TAG / "news" / "atom.xml").getroot()
    assert feed.get(XML_LANG) == TAG
    assert [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")] == ["Posle LGNetEA dolazi LgNet2"]
    italian_feed = (output / "news" / "atom.xml").read_text(encoding="utf-8")
    assert "LgNet2" in italian_feed and "Posle LGNetEA" not in italian_feed
    for path, section in (("", "ultime-news"), ("news/", "tutte-le-news"), ("comuni/latina/", "news-correlate")):
        # The untranslated items are in the Italian lists only.
        assert links_in_section(read(output, f"{TAG}/{path}"), section) == [f"/{TAG}/news/lgnet2/"], path
    assert len(links_in_section(read(output, "news/"), "tutte-le-news")) == 4
    assert f'href="/{TAG}/news/atom.xml"' in (output / TAG / "index.html").read_text(encoding="utf-8")


def test_the_search_has_an_index_for_it(scratch):
    entry = json.loads((scratch["output"] / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert TAG.lower() in {lang.lower() for lang in entry["languages"]}


def test_the_editor_has_its_collections(scratch):
    config = json.loads((scratch["output"] / "admin" / "config.yml").read_text(encoding="utf-8"))
    collections = {collection["name"]: collection for collection in config["collections"]}
    for folder in ("pages", "comuni", "miniprogetti", "news"):
        collection = collections[f"{folder}_{TAG}"]
        assert collection["extension"] == f"{TAG}.md" and "Srpski" in collection["label"]
