"""JSON-LD and share cards on every built page: schema.org types and properties that exist,
a data block nothing can break out of, complete Open Graph and Twitter tags, share images.

schema.org's vocabulary is rdflib's ``SDO`` namespace (rdflib on PyPI, generated from
schema.org's schemaorg-current-https.jsonld): a term it does not define is reported.
"""

import json
import re
import sys
from urllib.parse import urlsplit

import pytest
from pelican.settings import read_settings
from PIL import Image
from rdflib import URIRef
from rdflib.namespace import SDO

from tests.conftest import ROOT
from tests.html import read

sys.path.insert(0, str(ROOT / "plugins"))
from structured_data.structured_data import script_element  # noqa: E402

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
SITE = SETTINGS["SITE_ABSOLUTE_URL"]


def json_ld(document):
    blocks = document.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    assert "<" not in blocks[0]["text"]
    return json.loads(blocks[0]["text"])


def unknown_terms(value):
    """Types that are not schema.org classes and keys that are not schema.org properties."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "@type":
                found += [name for name in ([inner] if isinstance(inner, str) else inner)
                          if not (name[0].isupper() and URIRef(str(SDO) + name) in SDO)]
            elif not key.startswith("@") and not (key[0].islower() and URIRef(str(SDO) + key) in SDO):
                found.append(key)
            found += unknown_terms(inner)
    elif isinstance(value, list):
        for inner in value:
            found += unknown_terms(inner)
    return found


def of_type(graph, name):
    found = []
    if isinstance(graph, dict):
        if graph.get("@type") == name:
            found.append(graph)
        for inner in graph.values():
            found += of_type(inner, name)
    elif isinstance(graph, list):
        for inner in graph:
            found += of_type(inner, name)
    return found


def meta(document, key, value):
    return [element["attrs"]["content"] for element in document.find_all("meta", **{key: value})]


def test_every_page_has_json_ld_in_schema_org_terms(site, html_pages):
    problems = {}
    for path in html_pages:
        graph = json_ld(read(site, path))
        assert graph["@context"] == "https://schema.org"
        assert of_type(graph, "WebPage") and of_type(graph, "Project") and of_type(graph, "MonetaryGrant")
        if unknown_terms(graph):
            problems[path] = unknown_terms(graph)
    assert problems == {}


def test_the_checker_finds_terms_schema_org_does_not_have():
    assert unknown_terms({"@type": "Project", "name": "x", "funding": {"@type": "Grant"}}) == ["funding"]
    assert unknown_terms({"@type": "Progetto", "geo": {"@type": "GeoCoordinates", "lat": 1}}) == ["Progetto", "lat"]


def test_news_items_are_news_articles_and_municipalities_places_where_the_map_puts_them(site):
    article, = of_type(json_ld(read(site, "news/progetto-concluso/")), "NewsArticle")
    assert article["headline"] and article["datePublished"].startswith("20")
    for path in (ROOT / "content" / "comuni").glob("*.md"):
        if path.stem.count(".") == 0:
            fields = dict(re.findall(r"^(Lat|Lon): (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE))
            place, = of_type(json_ld(read(site, f"comuni/{path.stem}/")), "Place")
            assert place["geo"] == {"@type": "GeoCoordinates", "latitude": float(fields["Lat"]),
                                    "longitude": float(fields["Lon"])}


def test_breadcrumb_lists_follow_the_visible_trail(site):
    trail, = of_type(json_ld(read(site, "ar/comuni/latina/")), "BreadcrumbList")
    assert [crumb["item"] for crumb in trail["itemListElement"]] == [
        f"{SITE}/ar/", f"{SITE}/ar/comuni/", f"{SITE}/ar/comuni/latina/"]


def test_a_hostile_title_cannot_leave_the_data_block():
    """What a title such as `</script><script>alert(1)</script>` becomes: no tag can start inside."""
    element = str(script_element({"name": "</script><script>alert(1)</script>"}))
    assert element.count("<") == 2 and element.endswith("</script>")


@pytest.mark.parametrize("path", ["", "comuni/latina/", "ar/comuni/latina/", "news/progetto-concluso/",
                                  "en/dati-aperti/"])
def test_open_graph_and_twitter_tags_are_complete(site, path):
    document = read(site, path)
    canonical = document.find("link", rel="canonical")["attrs"]["href"]
    assert meta(document, "property", "og:url") == [canonical] and canonical.startswith(SITE + "/")
    for name in ("og:title", "og:description", "og:type", "og:locale", "og:site_name", "og:image:alt"):
        assert meta(document, "property", name)[0].strip(), name
    image, = meta(document, "property", "og:image")
    assert urlsplit(image).netloc and image.startswith(f"{SITE}/share/")
    assert meta(document, "property", "og:image:width") == ["1200"]
    assert meta(document, "property", "og:image:height") == ["630"]
    assert meta(document, "name", "twitter:card") == ["summary_large_image"]
    assert meta(document, "name", "twitter:image") == [image]
    # The page's other languages, by their Open Graph locales.
    others = {element["attrs"]["hreflang"] for element in document.find_all("link", rel="alternate")
              if element["attrs"].get("hreflang") not in (None, "x-default")} - {document.find("html")["attrs"]["lang"]}
    assert sorted(meta(document, "property", "og:locale:alternate")) == sorted(
        SETTINGS["LANGUAGES"][code]["og_locale"] for code in others)
    with Image.open(site / urlsplit(image).path.lstrip("/")) as png:
        assert (png.format, png.size) == ("PNG", (1200, 630))


def test_every_page_has_its_own_share_image_in_the_site(site, html_pages):
    missing = []
    for path in html_pages:
        image, = meta(read(site, path), "property", "og:image")
        if not (site / urlsplit(image).path.lstrip("/")).is_file():
            missing.append(path)
    assert missing == []
