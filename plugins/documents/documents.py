"""Documents next to the Markdown files: published, and their links labelled with format and size.

An editor puts ``relazione.pdf`` beside ``news/fine.md`` and links it, either as
``[Relazione finale]({attach}relazione.pdf)`` or ``[Relazione finale](relazione.pdf)``.
The file is published at the same place in the site (``news/relazione.pdf``),
whichever language links it, and the link reads «Relazione finale (PDF, 1,2 MB)»,
the size written in the page's language by Babel ("1.2 MB" in English,
«1,2 Mo» in French). Only the kinds of ``DOCUMENT_EXTENSIONS`` are handled; that
the file exists, is readable and within ``DOCUMENT_MAX_BYTES`` is checked
before the build by content_check (documents.py there).
"""

import re
from pathlib import Path
from urllib.parse import unquote

from babel.numbers import format_decimal
from babel.units import format_unit
from pelican import signals

# A link as Python-Markdown writes it; the label goes inside, so it is part of the link's name.
LINK = re.compile(r'(?P<open><a\b[^>]*?\bhref=")(?P<href>[^"]*)(?P<attrs>"[^>]*>)(?P<text>.*?)</a>', re.DOTALL)
# A link in Markdown source, to find the documents to publish before Pelican reads anything.
MARKDOWN_TARGET = re.compile(r"\]\(\s*<?(?P<href>[^)\s>]+)")
INTRASITE = re.compile(r"^\{(?:attach|static)\}")


def document_path(href, source_path, content_root, extensions):
    """The file a link leads to, if it is a document of ours: relative, or {attach}/{static}."""
    href = unquote(href.split("#")[0].split("?")[0])
    intrasite = INTRASITE.match(href)
    if intrasite:
        href = href[intrasite.end():]
    elif re.match(r"^[a-z][a-z0-9+.-]*:|^[/{|#]", href, re.IGNORECASE) or not href:
        return None  # another site, an e-mail, a page of this site or an anchor
    if href.rpartition(".")[2].lower() not in extensions:
        return None
    base = Path(content_root) if href.startswith("/") else Path(source_path).parent
    return (base / href.lstrip("/")).resolve()


def readable_size(size, locale):
    """«1,2 MB», «340 kB» in the page's language, Babel's ``locale`` (decimal units); at least 1 kB."""
    value, unit = (size / 1_000_000, "digital-megabyte") if size >= 1_000_000 else (
        max(1, round(size / 1000)), "digital-kilobyte")
    # CLDR's pattern for "2" keeps the unit's symbol, where the singular one may spell
    # it out (Italian «1 kbyte»): put the number into that pattern.
    pattern = format_unit(2, unit, length="short", locale=locale).replace(" ", "\u00a0")  # never split
    return pattern.replace("2", format_decimal(value, format="#,##0.#", locale=locale), 1)


def label(path, locale):
    return f"{path.suffix.lstrip('.').upper()}, {readable_size(path.stat().st_size, locale)}"


def linked_documents(content_root, extensions):
    """Every existing document linked from a Markdown file, relative to the content folder."""
    content_root = Path(content_root).resolve()
    found = set()
    for source in content_root.rglob("*.md"):
        text = source.read_text(encoding="utf-8", errors="replace")
        for match in MARKDOWN_TARGET.finditer(text):
            path = document_path(match["href"], source, content_root, extensions)
            if path and path.is_file() and path.is_relative_to(content_root):
                found.add(path.relative_to(content_root).as_posix())
    return sorted(found)


def publish_linked_documents(pelican):
    """Add the linked documents to STATIC_PATHS: Pelican copies them and resolves {static} links."""
    settings = pelican.settings
    documents = linked_documents(settings["PATH"], settings["DOCUMENT_EXTENSIONS"])
    settings["STATIC_PATHS"] = [*settings["STATIC_PATHS"], *documents]


def label_links(html, source_path, content_root, locale, extensions):
    """``html`` with links to documents pointing to the published file and labelled."""

    def labelled(match):
        path = document_path(match["href"], source_path, content_root, extensions)
        if path is None or not path.is_file():
            return match.group(0)
        href = "{static}" + INTRASITE.sub("", match["href"])
        info = f' <span class="document-info">({label(path, locale)})</span>'
        return f"{match['open']}{href}{match['attrs']}{match['text']}{info}</a>"

    return LINK.sub(labelled, html)


def label_document_links(generators):
    context = generators[0].context
    settings = generators[0].settings
    for original in [*context["pages"], *context["hidden_pages"], *context["articles"]]:
        for item in [original, *original.translations]:
            # Once per content object: the live preview keeps those of unchanged files, labelled
            # already, from one build to the next (a document that changes makes a full build).
            if item.__dict__.get("documents_labelled"):
                continue
            item.documents_labelled = True
            if item._content and "<a" in item._content:
                # Babel's name for the page's language: zh_Hans for zh-Hans, a tag Babel cannot read.
                locale = settings["LANGUAGES"][item.lang or settings["DEFAULT_LANG"]]["locale"]
                item._content = label_links(item._content, item.source_path, settings["PATH"], locale,
                                            settings["DOCUMENT_EXTENSIONS"])


def register():
    signals.initialized.connect(publish_linked_documents)
    signals.all_generators_finalized.connect(label_document_links)
