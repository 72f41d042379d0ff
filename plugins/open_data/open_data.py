"""The open data's DCAT-AP_IT catalogue, and what the «Dati aperti» page lists.

plugins/site_data publishes the tables of ``DATA_EXPORTS`` as ``dati/<name>.csv`` and ``.json``.
This plugin describes them in ``dati/catalogo.jsonld``, JSON-LD in the DCAT-AP_IT profile (AgID's
guidelines for public data, requirement 15): a catalogue, one dataset per entry of
``OPEN_DATASETS`` (title, description, keywords, theme, frequency, all from the settings), one
distribution per file, the licence (``CONTENT_LICENCE``) and the publisher (deployment values
``OPEN_DATA_PUBLISHER`` and ``OPEN_DATA_PUBLISHER_ID``: a development build writes a
``[DA COMPLETARE: …]`` placeholder instead, publishconf.py requires them), with a contact point
when ``OPEN_DATA_CONTACT`` is set (recommended, not required, by DCAT-AP_IT).

``dcat-ap_it.shapes.ttl`` holds the profile's required properties as SHACL shapes, which the
tests check the catalogue against (pyshacl).

Dates are never made up: a dataset's ``dct:modified`` is the date its data file gives
(``aggiornamento = AAAA-MM-GG``), else the day of the last Git commit that changed the file; a
file with neither stops the build. The catalogue's is the latest of its datasets'. The optional
``dct:issued`` is left out.

Templates get ``OPEN_DATA`` (the datasets, their files and sizes) and the filter ``file_size``.
"""

import datetime
import json
import os
import subprocess
from pathlib import Path

from babel_format.babel_format import page_locale
from documents.documents import readable_size
from jinja2 import pass_context
from pelican import signals

CATALOGUE_FILE = "catalogo.jsonld"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# Controlled vocabularies of the EU Publications Office, which DCAT-AP_IT uses.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority"
ATTRIBUTION = "http://purl.org/adms/licencetype/Attribution"
# (extension, format in the EU's file-type vocabulary, media type)
FORMATS = [("csv", "CSV", "text/csv"), ("json", "JSON", "application/json")]
DEPLOYMENT = {
    "OPEN_DATA_PUBLISHER": "il nome dell'ente che pubblica i dati",
    "OPEN_DATA_PUBLISHER_ID": "il codice IPA dell'ente che pubblica i dati",
}


def deployment_value(settings, name):
    return settings.get(name) or f"[DA COMPLETARE: {DEPLOYMENT[name]} (impostazione {name})]"


class OpenDataError(Exception):
    """A dataset cannot be described."""


def last_change(path, data):
    """The day the data of ``path`` last changed: its ``aggiornamento``, else its last commit's."""
    path = Path(path)
    if isinstance(data.get("aggiornamento"), datetime.date):
        return data["aggiornamento"]
    try:
        git = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path.name], cwd=path.parent,
                             capture_output=True, text=True, check=True)
        if git.stdout.strip():
            return datetime.date.fromisoformat(git.stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        pass  # not a Git working copy, or no git
    raise OpenDataError(f"{os.path.relpath(path)}: manca la data dell'ultima modifica dei dati: scrivete "
                        f"aggiornamento = AAAA-MM-GG (per esempio aggiornamento = 2026-11-25) nel file")


def text(value):
    return {"@value": value, "@language": "it"}


def day(value):
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def iri(value):
    return {"@id": value}


def datasets(settings, data, content_folder, output_folder):
    """What the page lists and the catalogue describes: each dataset with its files, as published;
    ``data`` are the data files' contents (``DATA``)."""
    found = []
    for name, about in settings["OPEN_DATASETS"].items():
        source = Path(content_folder) / settings["DATA_PATH"] / f"{name}.toml"
        files = [{"format": label, "media_type": media_type, "url": f"{settings['DATA_PATH']}/{name}.{extension}",
                  "bytes": (Path(output_folder) / settings["DATA_PATH"] / f"{name}.{extension}").stat().st_size}
                 for extension, label, media_type in FORMATS
                 if (Path(output_folder) / settings["DATA_PATH"] / f"{name}.{extension}").is_file()]
        if files:
            found.append({"name": name, **about, "modified": last_change(source, data.get(name, {})),
                          "files": files})
    return found


def catalogue(settings, listed):
    """The DCAT-AP_IT catalogue of ``listed`` (from :func:`datasets`) as a JSON-LD document."""
    site = settings["SITE_ABSOLUTE_URL"] + "/"
    page = site + settings["OPEN_DATA_PAGE"]
    licence = settings["CONTENT_LICENCE"]
    publisher_id = deployment_value(settings, "OPEN_DATA_PUBLISHER_ID")
    contact = settings.get("OPEN_DATA_CONTACT")
    publisher = {
        "@id": site + "#editore-dati",
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": text(deployment_value(settings, "OPEN_DATA_PUBLISHER")),
        "dct:identifier": publisher_id,
    }
    contact_point = {
        "@id": site + "#contatto-dati",
        "@type": ["vcard:Organization", "dcatapit:Organization"],
        "vcard:fn": deployment_value(settings, "OPEN_DATA_PUBLISHER"),
        "vcard:hasEmail": iri(f"mailto:{contact}"),
    } if contact else None
    licence_node = {
        "@id": licence["url"],
        "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
        "dct:type": iri(ATTRIBUTION),
        "foaf:name": text(f"{licence['title']} ({licence['name']})"),
    }
    graph, dataset_ids = [], []
    for dataset in listed:
        dataset_id = f"{site}{settings['DATA_PATH']}/{CATALOGUE_FILE}#{dataset['name']}"
        dataset_ids.append(iri(dataset_id))
        distributions = []
        for file in dataset["files"]:
            distribution = {
                "@id": f"{dataset_id}-{file['format'].lower()}",
                "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                "dct:title": text(f"{dataset['title']} ({file['format']})"),
                "dct:format": iri(f"{EU_AUTHORITY}/file-type/{file['format']}"),
                "dcat:mediaType": file["media_type"],
                "dcat:accessURL": iri(page),
                "dcat:downloadURL": iri(site + file["url"]),
                "dcat:byteSize": {"@value": str(file["bytes"]), "@type": "xsd:decimal"},
                "dct:license": iri(licence["url"]),
            }
            distributions.append(distribution)
        graph.append({
            "@id": dataset_id,
            "@type": ["dcat:Dataset", "dcatapit:Dataset"],
            "dct:identifier": f"{publisher_id}:{dataset['name']}",
            "dct:title": text(dataset["title"]),
            "dct:description": text(dataset["description"]),
            "dct:modified": day(dataset["modified"]),
            "dcat:theme": iri(f"{EU_AUTHORITY}/data-theme/{dataset['theme']}"),
            "dct:accrualPeriodicity": iri(f"{EU_AUTHORITY}/frequency/{dataset['frequency']}"),
            "dcat:keyword": [text(keyword) for keyword in dataset["keywords"]],
            "dct:publisher": iri(publisher["@id"]),
            "dct:rightsHolder": iri(publisher["@id"]),
            "dcat:landingPage": iri(page),
            "dcat:distribution": [iri(distribution["@id"]) for distribution in distributions],
        })
        if contact_point:
            graph[-1]["dcat:contactPoint"] = iri(contact_point["@id"])
        graph += distributions
    modified = max((dataset["modified"] for dataset in listed), default=None)
    catalogue_node = {
        "@id": f"{site}{settings['DATA_PATH']}/{CATALOGUE_FILE}",
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": text(settings["OPEN_DATA_CATALOGUE"]["title"]),
        "dct:description": text(settings["OPEN_DATA_CATALOGUE"]["description"]),
        "dct:publisher": iri(publisher["@id"]),
        "foaf:homepage": iri(page),
        "dct:language": iri(f"{EU_AUTHORITY}/language/ITA"),
        "dcat:dataset": dataset_ids,
    }
    if modified:
        catalogue_node["dct:modified"] = day(modified)
    agents = [publisher, contact_point] if contact_point else [publisher]
    return {"@context": CONTEXT, "@graph": [catalogue_node, *graph, *agents, licence_node]}


def publish_catalogue(generators):
    if not generators:
        return
    generator = generators[0]
    settings = generator.settings
    listed = datasets(settings, generator.context.get("DATA", {}), settings["PATH"], generator.output_path)
    generator.context["OPEN_DATA"] = {"catalogue": f"{settings['DATA_PATH']}/{CATALOGUE_FILE}", "datasets": listed}
    if listed:
        target = Path(generator.output_path) / settings["DATA_PATH"] / CATALOGUE_FILE
        target.write_text(json.dumps(catalogue(settings, listed), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")


@pass_context
def file_size(context, size):
    """«2 kB» in the page's language (Babel's locale of it, as the other number filters)."""
    return readable_size(size, page_locale(context))


def add_filter(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters["file_size"] = file_size


def register():
    signals.generator_init.connect(add_filter)
    signals.all_generators_finalized.connect(publish_catalogue)
