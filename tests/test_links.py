"""No internal link or asset reference in the built site points to a missing file or anchor, and
no asset comes from another host; a link to another site (https) loads nothing and is allowed."""

from urllib.parse import urljoin, urlsplit

from tests.html import read

REFERENCES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


def target_file(site, url_path):
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


SITE_ABSOLUTE_URL = "http://127.0.0.1:8000"  # pelicanconf.py


def test_no_broken_internal_links_or_assets(site, html_pages):
    documents = {path: read(site, path) for path in html_pages}
    broken = []
    for path, document in documents.items():
        page_url = "/" + path
        for tag, attribute in REFERENCES.items():
            for element in document.find_all(tag):
                if element["attrs"].get("rel") == "canonical":
                    continue  # the canonical link names the public address; nothing loads it
                candidates = [element["attrs"].get(attribute)]
                if "hreflang" in element["attrs"] and element["tag"] == "link":
                    # Alternates are absolute, as search engines want: they must lead to a built page.
                    candidates = [candidates[0].removeprefix(SITE_ABSOLUTE_URL)]
                srcset = element["attrs"].get("srcset", "")
                candidates += [entry.split()[0] for entry in srcset.split(",") if entry.strip()]
                for reference in filter(None, candidates):
                    if tag == "a" and urlsplit(reference).scheme == "https":
                        continue  # a link to another site (the licence, a catalogue) loads nothing
                    broken += check_reference(site, documents, path, page_url, reference)
    assert broken == [], "\n".join(broken)


def check_reference(site, documents, path, page_url, reference):
    """Problems with one reference of the page at ``path``: another host, missing file or anchor."""
    parts = urlsplit(urljoin(page_url, reference))
    if parts.scheme or parts.netloc:
        return [f"{path}: {reference} leads to another host"]
    target = target_file(site, parts.path)
    if not target.is_file():
        return [f"{path}: {reference} → missing {target.relative_to(site)}"]
    if parts.fragment and target.suffix == ".html":
        target_path = str(target.relative_to(site)).removesuffix("index.html")
        ids = documents[target_path].ids if target_path in documents else set()
        if parts.fragment not in ids:
            return [f"{path}: {reference} → no id '{parts.fragment}'"]
    return []
