import datetime
import json
import os
import subprocess
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph

from open_data.open_data import OpenDataError, catalogue, datasets, last_change

SHAPES = Path(__file__).with_name("dcat-ap_it.shapes.ttl")
DATA = {"risultati": {"aggiornamento": datetime.date(2024, 3, 9), "indicatori": [{"valore": 1}]}}
SETTINGS = {
    "SITE_ABSOLUTE_URL": "https://example.org/lgnetea",
    "DATA_PATH": "dati",
    "OPEN_DATA_PAGE": "dati-aperti/",
    "CONTENT_LICENCE": {"name": "CC BY 4.0", "title": "Creative Commons Attribuzione 4.0 Internazionale",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
    "OPEN_DATA_CATALOGUE": {"title": "Dati aperti di prova", "description": "Un catalogo di prova."},
    "OPEN_DATASETS": {"risultati": {"title": "Risultati", "description": "I numeri.", "keywords": ["casa"],
                                    "theme": "SOCI", "frequency": "IRREG"}},
    "OPEN_DATA_PUBLISHER": "Ente di prova",
    "OPEN_DATA_PUBLISHER_ID": "ente_prova",
    "OPEN_DATA_CONTACT": "dati@example.org",
}


def site_with_data(tmp_path):
    """A content folder with the data file and an output folder with its exports."""
    (tmp_path / "content" / "dati").mkdir(parents=True)
    (tmp_path / "content" / "dati" / "risultati.toml").write_text("[[indicatori]]\nvalore = 1\n", encoding="utf-8")
    (tmp_path / "output" / "dati").mkdir(parents=True)
    (tmp_path / "output" / "dati" / "risultati.csv").write_text("valore\n1\n", encoding="utf-8")
    (tmp_path / "output" / "dati" / "risultati.json").write_text('{"indicatori": [{"valore": 1}]}\n', encoding="utf-8")
    return tmp_path / "content", tmp_path / "output"


def shacl_report(document):
    data = Graph().parse(data=json.dumps(document), format="json-ld")
    conforms, _, text = validate(data, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none")
    return conforms, text


def test_the_catalogue_conforms_to_the_dcat_ap_it_shapes(tmp_path):
    listed = datasets(SETTINGS, DATA, *site_with_data(tmp_path))
    conforms, report = shacl_report(catalogue(SETTINGS, listed))
    assert conforms, report


@pytest.mark.parametrize("remove", ["dct:license", "dct:rightsHolder", "dcat:theme", "dct:modified"])
def test_a_catalogue_without_a_required_property_does_not_conform(tmp_path, remove):
    """The shapes can fail: each required property, taken away, is reported."""
    document = catalogue(SETTINGS, datasets(SETTINGS, DATA, *site_with_data(tmp_path)))
    for node in document["@graph"]:
        node.pop(remove, None)
    conforms, report = shacl_report(document)
    assert not conforms
    assert remove.split(":")[1] in report


def test_datasets_distributions_licence_and_publisher_are_described(tmp_path):
    listed = datasets(SETTINGS, DATA, *site_with_data(tmp_path))
    nodes = {node["@id"]: node for node in catalogue(SETTINGS, listed)["@graph"]}
    dataset = nodes["https://example.org/lgnetea/dati/catalogo.jsonld#risultati"]
    assert dataset["dct:identifier"] == "ente_prova:risultati"
    assert dataset["dcat:theme"] == {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"}
    downloads = {nodes[d["@id"]]["dcat:downloadURL"]["@id"]: nodes[d["@id"]] for d in dataset["dcat:distribution"]}
    assert set(downloads) == {"https://example.org/lgnetea/dati/risultati.csv",
                              "https://example.org/lgnetea/dati/risultati.json"}
    csv = downloads["https://example.org/lgnetea/dati/risultati.csv"]
    assert csv["dcat:byteSize"]["@value"] == "9"  # "valore\n1\n"
    assert csv["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert nodes["https://example.org/lgnetea/#editore-dati"]["dct:identifier"] == "ente_prova"
    assert nodes["https://example.org/lgnetea/#contatto-dati"]["vcard:hasEmail"] == {"@id": "mailto:dati@example.org"}


def test_without_deployment_values_the_catalogue_says_what_is_missing(tmp_path):
    settings = {**SETTINGS, "OPEN_DATA_PUBLISHER": "", "OPEN_DATA_PUBLISHER_ID": "", "OPEN_DATA_CONTACT": ""}
    text = json.dumps(catalogue(settings, datasets(settings, DATA, *site_with_data(tmp_path))), ensure_ascii=False)
    assert "[DA COMPLETARE: il codice IPA dell'ente che pubblica i dati (impostazione OPEN_DATA_PUBLISHER_ID)]" in text
    assert "contatto-dati" not in text  # the contact point is optional: left out, not made up


def test_a_dataset_whose_files_were_not_published_is_not_listed(tmp_path):
    content, output = site_with_data(tmp_path)
    for file in (output / "dati").iterdir():
        file.unlink()
    assert datasets(SETTINGS, DATA, content, output) == []


def test_the_date_is_the_data_s_own_else_the_last_commit_s(tmp_path):
    data = tmp_path / "risultati.toml"
    data.write_text("valore = 1\n", encoding="utf-8")
    assert last_change(data, {"aggiornamento": datetime.date(2024, 3, 9)}) == datetime.date(2024, 3, 9)
    with pytest.raises(OpenDataError, match=r"risultati\.toml: manca la data .* aggiornamento = AAAA-MM-GG"):
        last_change(data, {})  # no date in the file, and not in Git: never the file's own time
    git = {**os.environ, "GIT_AUTHOR_NAME": "prova", "GIT_AUTHOR_EMAIL": "prova@example.org",
           "GIT_COMMITTER_NAME": "prova", "GIT_COMMITTER_EMAIL": "prova@example.org",
           "GIT_COMMITTER_DATE": "2023-05-17T10:00:00+00:00", "GIT_AUTHOR_DATE": "2023-05-17T10:00:00+00:00"}
    for command in (["init", "-q"], ["add", "risultati.toml"], ["commit", "-q", "-m", "dati"]):
        subprocess.run(["git", *command], cwd=tmp_path, env=git, check=True)
    assert last_change(data, {}) == datetime.date(2023, 5, 17)
