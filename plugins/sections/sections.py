"""Give every page and news item its kind, template, URL and breadcrumb trail.

The kind follows the top-level folder of the source file (``content/comuni/``
holds municipalities, and so on), as declared in the ``SECTIONS`` setting, so
editors never write URLs or template names by hand.
"""

from pathlib import PurePosixPath

from pelican import signals
from pelican.contents import Article, Page


class SectionError(Exception):
    """A content file lies outside every declared section."""


def section_name(content):
    return PurePosixPath(content.get_relative_source_path()).parts[0]


def assign_section(content):
    if not isinstance(content, (Article, Page)):
        return
    settings = content.settings
    name = section_name(content)
    try:
        section = settings["SECTIONS"][name]
    except KeyError:
        raise SectionError(
            f"{content.source_path}: la cartella '{name}' non è una sezione del sito "
            f"(sezioni: {', '.join(settings['SECTIONS'])})"
        ) from None
    content.kind = section["kind"]
    content.parent_slug = section["parent"]
    if "template" in section and "template" not in content.metadata:
        content.template = section["template"]
    if content.slug == settings["HOME_SLUG"]:
        url = ""
    else:
        url = section["url"].format(slug=content.slug)
    if not content.in_default_lang:
        url = f"{content.lang}/{url}"  # translations live under en/, fr/, ...
    if "url" not in content.metadata:
        content.override_url = url
    if "save_as" not in content.metadata:
        content.override_save_as = url + "index.html"


def build_breadcrumbs(generators):
    """Trail of pages from the home page to each item's section page."""
    context = generators[0].context
    contents = [*context["pages"], *context["hidden_pages"], *context["articles"]]
    if not contents:
        return
    pages_by_slug = {item.slug: item for item in contents if isinstance(item, Page)}
    home = pages_by_slug.get(contents[0].settings["HOME_SLUG"])
    for item in contents:
        parent = pages_by_slug.get(item.parent_slug)
        if item is home:
            item.breadcrumbs = []
        else:
            item.breadcrumbs = [page for page in (home, parent) if page is not None]


def register():
    signals.content_object_init.connect(assign_section)
    signals.all_generators_finalized.connect(build_breadcrumbs)
