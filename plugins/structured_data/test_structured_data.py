import datetime
import json
import re
from types import SimpleNamespace

from structured_data.structured_data import page_graph, script_element

SETTINGS = {
    "SITE_ABSOLUTE_URL": "https://example.org",
    "SITENAME": "LGNetEA",
    "HOME_SLUG": "home",
    "CONTENT_LICENCE": {"url": "https://creativecommons.org/licenses/by/4.0/"},
    "DATE_PRECISION_FORMATS": {"giorno": "full", "mese": "MMMM y", "anno": "y"},
}
TEXTS = {"funder": "Unione europea", "country": "Italia", "home": "Home", "fund": "FAMI", "tagline": "Una rete."}
HOME = SimpleNamespace(slug="home", title="Home", url="")


def item(**fields):
    defaults = {"slug": "pagina", "title": "Pagina", "url": "pagina/", "lang": "it", "kind": "page",
                "summary": "", "breadcrumbs": [HOME]}
    return SimpleNamespace(**{**defaults, **fields})


def nodes(graph, type_):
    found = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("@type") == type_:
                found.append(value)
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(graph)
    return found


def test_content_cannot_close_the_script_element():
    hostile = 'Titolo</script><script>alert(1)</script><!-- & "'
    element = script_element({"name": hostile})
    inside = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', element, re.DOTALL)[1]
    assert not re.search(r"[<>&]", inside)  # no tag, comment or entity can start inside
    assert json.loads(inside) == {"name": hostile}  # and the text is kept as it was


def test_a_news_item_is_a_news_article_dated_as_precisely_as_known():
    news = item(kind="news", title="Notizia <em>vera</em>", url="news/notizia/",
                date=datetime.datetime(2022, 4, 1), modified=None, precisione_data="mese")
    graph = page_graph(news, SETTINGS, TEXTS, "https://example.org/share/a.png")
    article = nodes(graph, "NewsArticle")[0]
    assert article["headline"] == "Notizia vera"
    assert article["datePublished"] == "2022-04"  # only the month is known: no day made up
    assert article["image"] == "https://example.org/share/a.png"
    assert "dateModified" not in article


def test_a_municipality_is_a_place_with_its_coordinates():
    town = item(kind="municipality", title="Latina", url="comuni/latina/", lat="41.4676", lon="12.9036",
                regione="Lazio")
    place = nodes(page_graph(town, SETTINGS, TEXTS), "Place")[0]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 41.4676, "longitude": 12.9036}
    assert place["containedInPlace"]["name"] == "Lazio"


def test_the_breadcrumb_goes_from_the_home_page_to_the_page():
    page = item(url="comuni/latina/", title="Latina", breadcrumbs=[HOME, SimpleNamespace(
        slug="comuni", title="I comuni", url="comuni/")])
    trail = nodes(page_graph(page, SETTINGS, TEXTS), "BreadcrumbList")[0]["itemListElement"]
    assert [(crumb["position"], crumb["name"], crumb["item"]) for crumb in trail] == [
        (1, "Home", "https://example.org/"), (2, "I comuni", "https://example.org/comuni/"),
        (3, "Latina", "https://example.org/comuni/latina/")]


def test_every_page_names_the_project_and_its_eu_funding():
    graph = page_graph(item(), SETTINGS, TEXTS)
    project, = nodes(graph, "Project")
    grant, = nodes(graph, "MonetaryGrant")
    eu, = nodes(graph, "GovernmentOrganization")
    assert project["funder"] == grant["funder"] == {"@id": eu["@id"]}
    assert grant["fundedItem"] == {"@id": project["@id"]}
    assert eu["name"] == "Unione europea"
    assert nodes(graph, "WebPage")[0]["license"] == "https://creativecommons.org/licenses/by/4.0/"
