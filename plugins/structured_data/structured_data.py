"""JSON-LD (schema.org) on every page, for search engines and link previews.

Every page describes itself (``WebPage``, in its language, under the site's licence), its
breadcrumb trail (``BreadcrumbList``) and the project (``Project``), funded by the European
Union through AMIF (``GovernmentOrganization`` and ``MonetaryGrant``). A news item adds a
``NewsArticle``; a municipality's page a ``Place`` with the coordinates the map uses.

Templates call ``structured_data()``. The JSON goes into ``<script type="application/ld+json">``:
a data block, which browsers never run, so the CSP's ``script-src`` has nothing to allow. Titles
and crumbs are content, untrusted: every ``<``, ``>``, ``&`` and ``'`` is written as a ``\\u``
escape, so no text can close the element (``</script>``) or open a comment.
"""


from babel_format.babel_format import iso_date
from jinja2 import pass_context
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pelican import signals
from sanitise.sanitise import plain_text

SCHEMA = "https://schema.org"
TEXTS = {"funder", "country", "home", "fund", "tagline"}


def script_element(data):
    """``data`` as a JSON-LD data block that no string inside it can end early."""
    # Jinja's own escaping for JSON in HTML: every <, >, & and ' as a \u escape.
    json_text = htmlsafe_json_dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup('<script type="application/ld+json">{}</script>').format(json_text)


def absolute(settings, url):
    return f"{settings['SITE_ABSOLUTE_URL']}/{url}"


def project_nodes(settings, texts):
    """The project, its funder and the grant, with ids that every page shares."""
    site = absolute(settings, "")
    eu = {"@type": "GovernmentOrganization", "@id": f"{site}#unione-europea", "name": texts["funder"]}
    project = {
        "@type": "Project",
        "@id": f"{site}#progetto",
        "name": settings["SITENAME"],
        "description": texts["tagline"],
        "url": site,
        "funder": {"@id": eu["@id"]},
        "areaServed": {"@type": "Country", "name": texts["country"]},
    }
    grant = {
        "@type": "MonetaryGrant",
        "@id": f"{site}#finanziamento",
        "name": texts["fund"],
        "funder": {"@id": eu["@id"]},
        "fundedItem": {"@id": project["@id"]},
    }
    return [project, eu, grant]


def breadcrumb_list(item, settings, texts):
    crumbs = [(texts["home"] if crumb.slug == settings["HOME_SLUG"] else plain_text(crumb.title), crumb.url)
              for crumb in item.breadcrumbs]
    crumbs.append((plain_text(item.title), item.url))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": position, "name": name, "item": absolute(settings, url)}
                            for position, (name, url) in enumerate(crumbs, start=1)],
    }


def main_entity(item, settings, page_id):
    """What a news item or a municipality's page is about, or None."""
    if item.kind == "news":
        article = {
            "@type": "NewsArticle",
            "headline": plain_text(item.title),
            "datePublished": iso_date(item.date, getattr(item, "precisione_data", None),
                                      formats=settings["DATE_PRECISION_FORMATS"]),
            "inLanguage": item.lang,
            "mainEntityOfPage": {"@id": page_id},
            "publisher": {"@id": absolute(settings, "#progetto")},
        }
        if getattr(item, "modified", None) and item.modified != item.date:
            article["dateModified"] = iso_date(item.modified, formats=settings["DATE_PRECISION_FORMATS"])
        return article
    if item.kind == "municipality" and getattr(item, "lat", None) and getattr(item, "lon", None):
        place = {
            "@type": "Place",
            "name": plain_text(item.title),
            "geo": {"@type": "GeoCoordinates", "latitude": float(item.lat), "longitude": float(item.lon)},
        }
        if getattr(item, "regione", None):
            place["containedInPlace"] = {"@type": "AdministrativeArea", "name": item.regione}
        return place
    return None


def page_graph(item, settings, texts, image=None):
    """The JSON-LD document of ``item``'s page; ``texts`` are the theme's words in its language
    (``TEXTS``), ``image`` its share image's address, if any."""
    page_id = absolute(settings, item.url)
    page = {
        "@type": "WebPage",
        "@id": page_id,
        "url": page_id,
        "name": plain_text(item.title) if item.slug != settings["HOME_SLUG"] else settings["SITENAME"],
        "inLanguage": item.lang,
        "isPartOf": {"@type": "WebSite", "@id": absolute(settings, "#sito"), "name": settings["SITENAME"],
                     "url": absolute(settings, "")},
        "about": {"@id": absolute(settings, "#progetto")},
        "license": settings["CONTENT_LICENCE"]["url"],
    }
    # Kept short: every page carries it (the budgets). The description and the image are the
    # page's meta description and og:image.
    if item.breadcrumbs:
        page["breadcrumb"] = breadcrumb_list(item, settings, texts)
    entity = main_entity(item, settings, page_id)
    if entity:
        if image:
            entity["image"] = image
        page["mainEntity"] = entity
    return {"@context": SCHEMA, "@graph": [page, *project_nodes(settings, texts)]}


@pass_context
def structured_data(context, **texts):
    """The page's JSON-LD element. The template passes the words of ``TEXTS`` translated
    into the page's language: gettext's extractor finds the strings in the templates."""
    if set(texts) != TEXTS:
        raise TypeError(f"structured_data() takes the texts {sorted(TEXTS)}, not {sorted(texts)}")
    item = context.get("article") or context.get("page")
    share_image = getattr(item, "share_image", None)
    return script_element(page_graph(item, item.settings, {name: str(text) for name, text in texts.items()},
                                     share_image["url"] if share_image else None))


def add_global(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["structured_data"] = structured_data


def register():
    signals.generator_init.connect(add_global)
