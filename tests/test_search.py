"""Search with Pagefind: an index per language, of the main content only, a search
page per language, and a header field that leads somewhere useful without JavaScript."""

import gzip
import json
import re

import pytest

from tests.html import read
from tests.test_languages import translated_languages


def results(page, base_url, path, query):
    """The result links the search page shows for ``query``, in order."""
    page.goto(f"{base_url}{path}?q={query}")
    page.locator("[data-search-status]").filter(has_text=query).wait_for()
    return [link.get_attribute("href") for link in page.locator("[data-search-list] a").all()]


def test_one_index_per_language(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexes = entry["languages"]
    files = [path for path in (site / "pagefind").rglob("*") if path.is_file() and path.suffix not in (".gz", ".br")]
    print("search index, pages per language:", {lang: info["page_count"] for lang, info in indexes.items()},
          f"size {sum(path.stat().st_size for path in files) / 1024:.0f} KiB")
    assert set(indexes) == {lang.lower() for lang in ["it", *translated_languages(site)]}
    assert all(info["page_count"] >= 30 for info in indexes.values())


def test_shared_city_finds_the_mini_project(page, base_url):
    assert results(page, base_url, "cerca/", "Shared City")[0] == "/miniprogetti/shared-city/"


def test_latina_finds_its_page_among_the_first_results(page, base_url):
    assert "/comuni/latina/" in results(page, base_url, "cerca/", "Latina")[:3]


@pytest.mark.parametrize("path, query, expected", [
    ("ar/cerca/", "لاتينا", "/ar/comuni/latina/"),
    ("en/cerca/", "Shared City", "/en/miniprogetti/shared-city/"),
])
def test_each_language_searches_its_own_pages(page, base_url, path, query, expected):
    found = results(page, base_url, path, query)
    assert expected in found[:3]
    assert all(link.startswith("/" + path.split("/")[0] + "/") for link in found)


def indexed_texts(site):
    """The text Pagefind keeps of each page (fragments: gzip, a signature, then JSON)."""
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        yield record["url"], record["content"], record["meta"]


def test_only_main_content_is_indexed(site, page, base_url):
    texts = {url: text for url, text, _ in indexed_texts(site)}
    assert "/comuni/latina/" in texts
    for url, text in texts.items():
        # Outside <main>, or inside it but marked to be left out: header, trail, related lists, back to top.
        for repeated in ("Sei in:", "Torna all'inizio della pagina", "News correlate", "Elenco dei comuni"):
            assert repeated not in text, (url, repeated)
    # The skip link is on every page: only the page that talks about it is found.
    assert results(page, base_url, "cerca/", "Vai al contenuto") == ["/accessibilita/"]


# «Pubblicato:» and «Ultimo aggiornamento:» in the four languages (theme/translations).
DATE_LABELS = ["Pubblicato", "Ultimo aggiornamento", "Published", "Last updated", "Publié le",
               "Dernière mise à jour", "نُشر في", "آخر تحديث"]


def test_results_show_no_dates(site):
    """Excerpts and metadata come from the text: no «Pubblicato» or update date, on any page."""
    records = list(indexed_texts(site))
    assert len(records) > 100
    for url, text, meta in records:
        assert not any(label in text for label in DATE_LABELS), url
        # The pages' dates; only the accessibility statement says in its text when it was prepared,
        # and the open data page when the data last changed.
        if not url.endswith(("/accessibilita/", "/dati-aperti/")):
            assert not re.search(r"\b2026\b", text), url
        assert set(meta) <= {"title", "image", "image_alt"}, (url, meta)


def test_the_search_field_leads_to_a_useful_page_without_javascript(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "en/comuni/latina/")
    page.get_by_role("search").get_by_label("Search the site").fill("housing")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url(base_url + "en/cerca/?q=housing")
    links = [link.get_attribute("href") for link in page.locator("main .prose a").all()]
    assert "/en/progetto/" in links and "/en/comuni/" in links
    context.close()
    assert read(site, "cerca/").find("main")["attrs"].get("data-pagefind-body") is None
