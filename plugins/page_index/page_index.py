"""Collect the second-level headings of each page for its "In questa pagina" index.

Markdown's ``toc`` extension gives every heading an ``id``; this plugin lists
the ``<h2>`` headings as ``item.page_index = [(id, text), ...]``. The theme
shows the index when a page has at least ``PAGE_INDEX_MIN_SECTIONS`` of them.
"""

import re
from html.parser import HTMLParser

from pelican import signals
from pelican.contents import Article, Page


class _HeadingCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._current = [dict(attrs).get("id"), ""]

    def handle_data(self, data):
        if self._current is not None:
            self._current[1] += data

    def handle_endtag(self, tag):
        if tag == "h2" and self._current is not None:
            heading_id, text = self._current
            if heading_id:
                self.headings.append((heading_id, " ".join(text.split())))
            self._current = None


# <h2> elements do not nest: the parser reads only them, not the whole page (most of the
# plugin's time on a long page went into parsing text that holds no heading).
H2_ELEMENT = re.compile(r"<h2\b.*?</h2\s*>", re.IGNORECASE | re.DOTALL)


def second_level_headings(html):
    collector = _HeadingCollector()
    for element in H2_ELEMENT.finditer(html or ""):
        collector.feed(element[0])
    collector.close()
    return collector.headings


def collect_page_index(content):
    if isinstance(content, (Article, Page)):
        content.page_index = second_level_headings(content._content)


def register():
    signals.content_object_init.connect(collect_page_index)
