"""The licence and the open data in the built site: the footer and the legal notes state the
licence in every language, the «Dati aperti» page lists the datasets in every language, and
dati/catalogo.jsonld is a DCAT-AP_IT catalogue (plugins/open_data's shapes, pyshacl)."""

import json
import sys
from pathlib import Path

from pelican.settings import read_settings
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from tests.conftest import ROOT
from tests.html import read

sys.path.insert(0, str(ROOT / "plugins"))
from documents.documents import readable_size  # noqa: E402

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
LICENCE = SETTINGS["CONTENT_LICENCE"]["url"]
SHAPES = ROOT / "plugins" / "open_data" / "dcat-ap_it.shapes.ttl"


def in_language(code, url):
    return url if code == SETTINGS["DEFAULT_LANG"] else f"{code}/{url}"


def catalogue_graph(site):
    text = (site / SETTINGS["DATA_PATH"] / "catalogo.jsonld").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="json-ld")


def test_the_footer_of_every_page_states_the_licence(site, html_pages):
    without = []
    for path in html_pages:
        document = read(site, path)
        footer = [element for element in document.find_all("a") if element["attrs"].get("href") == LICENCE
                  and any(ancestor["tag"] == "footer" for ancestor in element["ancestors"])]
        if len(footer) != 1:
            without.append(path)
    assert without == []


def test_the_legal_notes_have_a_licence_section_in_every_language(site):
    for code in SETTINGS["LANGUAGES"]:
        document = read(site, in_language(code, "note-legali/"))
        prose_links = [element["attrs"]["href"] for element in document.find_all("a")
                       if any("prose" in ancestor["attrs"].get("class", "") for ancestor in element["ancestors"])]
        assert any(href.startswith(LICENCE) for href in prose_links), code
        assert f"/{in_language(code, SETTINGS['OPEN_DATA_PAGE'])}" in prose_links, code


def test_the_open_data_page_lists_every_dataset_in_every_language(site):
    for code in SETTINGS["LANGUAGES"]:
        document = read(site, in_language(code, SETTINGS["OPEN_DATA_PAGE"]))
        hrefs = [element["attrs"]["href"] for element in document.find_all("a")]
        for name in SETTINGS["OPEN_DATASETS"]:
            for extension in ("csv", "json"):
                assert f"/{SETTINGS['DATA_PATH']}/{name}.{extension}" in hrefs, (code, name)
        assert f"/{SETTINGS['DATA_PATH']}/catalogo.jsonld" in hrefs, code
        # Format and size beside each download, as public administrations' sites must.
        downloads = [element for element in document.find_all("a") if "download" in element["attrs"]]
        assert downloads, code
        for link in downloads:
            locale = SETTINGS["LANGUAGES"][code].get("locale", code)  # Babel's name: zh_Hans for zh-Hans
            size = readable_size((site / link["attrs"]["href"].lstrip("/")).stat().st_size, locale)
            assert size in link["text"] and ("CSV" in link["text"] or "JSON" in link["text"]), (code, link["text"])


def test_the_catalogue_describes_each_dataset_and_conforms_to_dcat_ap_it(site):
    graph = catalogue_graph(site)
    conforms, _, report = validate(graph, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none")
    assert conforms, report
    downloads = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    for name in SETTINGS["OPEN_DATASETS"]:
        assert (None, RDF.type, DCAT.Dataset) in graph
        for extension in ("csv", "json"):
            url = f"{SETTINGS['SITE_ABSOLUTE_URL']}/{SETTINGS['DATA_PATH']}/{name}.{extension}"
            assert url in downloads
            assert (site / SETTINGS["DATA_PATH"] / f"{name}.{extension}").is_file()
    assert (None, URIRef("http://purl.org/dc/terms/license"), URIRef(LICENCE)) in graph


def test_the_catalogue_is_plain_json(site):
    """Catalogues harvest it without a remote @context: the vocabulary is written inside."""
    document = json.loads(Path(site / SETTINGS["DATA_PATH"] / "catalogo.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)
