"""Small helpers to read the built HTML (standard library only)."""

from html.parser import HTMLParser
from pathlib import Path


class Document(HTMLParser):
    """Elements of one page as (tag, attributes) plus their text, in order."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self._open = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "ancestors": list(self._open)}
        self.elements.append(element)
        if tag not in {"meta", "link", "br", "img", "input", "hr", "source"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def find_all(self, tag, **attrs):
        return [
            element for element in self.elements
            if element["tag"] == tag
            and all(element["attrs"].get(name.rstrip("_")) == value for name, value in attrs.items())
        ]

    def find(self, tag, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def text_of(self, tag, **attrs):
        element = self.find(tag, **attrs)
        return " ".join(element["text"].split()) if element else None

    @property
    def ids(self):
        return {element["attrs"]["id"] for element in self.elements if "id" in element["attrs"]}


def read(site: Path, url_path: str) -> Document:
    path = site / url_path
    if url_path == "" or url_path.endswith("/"):
        path = path / "index.html"
    return Document(path.read_text(encoding="utf-8"))


def links_in_section(document: Document, heading_id: str) -> list[str]:
    """The hrefs listed under the related-content section titled by ``heading_id``."""
    return [
        element["attrs"]["href"]
        for element in document.elements
        if element["tag"] == "a"
        and any(ancestor["tag"] == "section" and ancestor["attrs"].get("aria-labelledby") == heading_id
                for ancestor in element["ancestors"])
    ]
