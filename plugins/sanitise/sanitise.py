"""Every HTML fragment made from content goes through an allow-list sanitiser (nh3, Rust's ammonia).

Content is untrusted: many people write it through the editor at /admin/, and accounts get
phished. The content check (plugins/content_check) tells editors what they may not write; this
plugin is the safety net behind it: whatever a check missed, nothing written in the content
runs in a reader's browser.

What is sanitised is the output, not the source: the text of a page or news item and its
summary as the templates and the feed receive them (``Content.get_content`` and
``get_summary``), after every plugin that makes or changes HTML from content (responsive_images,
documents, crossrefs, languages…) and after Pelican's own link substitution. The result is a
``Markup``: the one kind of content-made text the templates, autoescaped (pelicanconf.py,
JINJA_ENVIRONMENT), print as HTML. Every other field (title, data files' texts) is text and
is escaped.

The allow-list is what Markdown and its extensions (extra, toc, attr_list…) and the plugins
really produce from the site's content, and nothing else: see ALLOWED_TAGS and ALLOWED_ATTRIBUTES.
``removals()`` says what the sanitiser takes out of a fragment; the content check reports it to
the editor as an error. Static files that would leak a file or run code are not published
(static.py).
"""

from collections import Counter
from difflib import SequenceMatcher
from html import unescape
from html.parser import HTMLParser

import nh3
import pelican.contents
from markupsafe import Markup
from pelican import signals
from pelican.utils import memoized

# Elements, each with what makes it.
ALLOWED_TAGS = {
    # Markdown itself: paragraphs, headings (## … ######; the page's own <h1> is the theme's),
    # emphasis, links, images, lists, quotes, code, rules, hard line breaks.
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "img", "ul", "ol", "li",
    "blockquote", "pre", "code", "hr", "br",
    # extra: tables, definition lists (def_list), abbreviations (abbr), footnotes (<sup>, <div>).
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "abbr", "sup", "div",
    # responsive_images: a photo becomes <picture> with a WebP <source>.
    "picture", "source",
    # documents: the format and size after a document's link, «(PDF, 1,2 MB)».
    "span",
}
# Attributes, by element ("*": any allowed element).
ALLOWED_ATTRIBUTES = {
    # Heading ids (toc), footnotes' ids (fn:1, fnref:1), attr_list's {: #id }; a text or word
    # in another language ({: lang=en }), whose direction may differ (Arabic).
    "*": {"id", "lang", "dir"},
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    # responsive_images writes these; alt and title are the editor's.
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    # fenced code's «language-python»: styles nothing, means nothing to a browser.
    "code": {"class"},
}
# Classes, by element: only those the theme or Markdown gives a meaning to. Any other class
# could dress a text of the content as part of the site (a fake notice, a hidden text).
ALLOWED_CLASSES = {
    "img": {"decorativa"},  # {: .decorativa }: responsive_images gives it alt=""
    "span": {"document-info"},  # documents
    "div": {"footnote", "toc"},  # footnotes; toc's [TOC]
    "a": {"footnote-ref", "footnote-backref"},  # footnotes
}
# Addresses of links and images; relative addresses (pages and files of the site, #anchors)
# are kept. javascript:, data:, vbscript: and every other scheme are removed, whatever
# entities or case they are written with (the parser decodes before the check).
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with what they contain, not only their tags: their text is code, not words.
REMOVED_WITH_CONTENT = {"script", "style", "template", "noscript", "title", "textarea", "xmp", "plaintext",
                        "noembed", "noframes", "iframe", "object"}

CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=REMOVED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # ammonia adds rel="noopener noreferrer" by default: links open in the same tab
    strip_comments=True,
)


def sanitised(html):
    """``html`` with only what the allow-list keeps, marked safe for the autoescaping templates."""
    if not html:
        return html
    return Markup(CLEANER.clean(str(html)))


class StartTags(HTMLParser):
    """The start tags of a fragment, in order, each as (tag, {attribute: value}), values decoded."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.feed(str(html))
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def plain_text(html):
    """The text of a title or summary that may hold HTML: no tags, entities decoded, spaces
    collapsed. A str, never Markup: what prints it (JSON, an image, a template) escapes it."""
    text = nh3.clean(html or "", tags=set(), clean_content_tags=REMOVED_WITH_CONTENT)
    return " ".join(unescape(text).split())


def removals(html):
    """What the sanitiser takes out of ``html``: a list of (element or attribute, value, description).

    The start tags of the fragment before and after sanitising are aligned; an element that
    is gone, or an attribute or class gone from a kept element, is one removal.
    """
    if not html:
        return []
    before, after = StartTags(html).tags, StartTags(CLEANER.clean(str(html))).tags
    found = []
    matcher = SequenceMatcher(a=[tag for tag, _ in before], b=[tag for tag, _ in after], autojunk=False)
    for operation, start, end, other, _ in matcher.get_opcodes():
        for index in range(start, end):
            tag, attrs = before[index]
            if operation != "equal":
                if tag not in ALLOWED_TAGS:  # an allowed one was only moved by the parser (<p> out of <table>)
                    found.append((f"<{tag}>", "", f"il tag <{tag}>"))
                continue
            kept = after[other + index - start][1]
            for name, value in attrs.items():
                if name == "class":
                    gone = Counter(value.split()) - Counter(kept.get("class", "").split())
                    found += [("class", removed, f"la classe «{removed}»") for removed in gone]
                elif name not in kept:
                    found.append((name, value, removed_attribute(name, value)))
    return found


def removed_attribute(name, value):
    if name in ("href", "src", "srcset") and ":" in value:
        return f"l'indirizzo «{value.strip()[:60]}»"
    return f"l'attributo {name}="


def sanitise_content_class(pelican_object=None):
    """Pelican's content and summary, as every template and the feed receive them, sanitised."""
    content_class = pelican.contents.Content
    if getattr(content_class, "sanitised", False):
        return  # the live preview builds again in the same process
    # The memoized functions themselves, not bound to the class (vars, not getattr).
    original_content, original_summary = vars(content_class)["get_content"], vars(content_class)["get_summary"]
    content_class.get_content = memoized(lambda self, siteurl: sanitised(original_content(self, siteurl)))
    content_class.get_summary = memoized(lambda self, siteurl: sanitised(original_summary(self, siteurl)))
    content_class.sanitised = True


def register():
    from .static import drop_unsafe_static_files

    signals.initialized.connect(sanitise_content_class)
    signals.static_generator_finalized.connect(drop_unsafe_static_files)
