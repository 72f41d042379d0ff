"""The gettext catalogues of the theme strings: extract them and keep every language's up to date.

``invoke translations`` runs :func:`update_catalogues`: the strings marked with
``_()`` in the templates, and the labels of the settings the templates
translate (menu, footer, feedback reasons, funding line, tagline, open
datasets), go to
``theme/translations/messages.pot``; each ``<locale>/LC_MESSAGES/messages.po``
(``locale``: Babel's name of the language in ``LANGUAGES``, ``zh_Hans`` for ``zh-Hans``)
gains the new strings (empty, for a translator to fill in) and loses the old.
The build compiles the ``.po`` files itself (languages.py).
"""

from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

# Extraction method for the theme's templates: Jinja's own Babel extractor.
METHODS = [("**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "false"}}
# Header dates stay fixed, so a catalogue changes only when its strings do.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = "Theme strings of the LGNetEA site; msgids are the Italian originals"


def settings_strings(settings):
    """Texts the templates pass to _() from the settings (they are not in any template)."""
    labels = [label for label, _ in [*settings["MAIN_MENU"], *settings["FOOTER_LINKS"]]]
    labels += [label for _, label in settings["FEEDBACK_REASONS"]]
    datasets = [text for dataset in settings.get("OPEN_DATASETS", {}).values()
                for text in (dataset["title"], dataset["description"])]
    return [*labels, settings["FUNDING_LINE"], settings["SITE_TAGLINE"], *datasets]


def template_catalogue(settings):
    """Every translatable string, with where it is used."""
    catalogue = Catalog(project="LGNetEA", header_comment=f"# {HEADER}.", fuzzy=False, locale=None)
    templates = Path(settings["THEME"]) / "templates"
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(templates), METHODS, options_map=OPTIONS, strip_comment_tags=True
    ):
        catalogue.add(message, locations=[(f"templates/{filename}", lineno)], auto_comments=comments)
    for text in settings_strings(settings):
        catalogue.add(text, locations=[("pelicanconf.py", 0)])
    return catalogue


def catalogue_path(settings, lang):
    """The catalogue of ``lang`` (a key of ``LANGUAGES``), in the folder of its Babel locale."""
    locale = settings["LANGUAGES"][lang]["locale"]
    return Path(settings["THEME"]) / "translations" / locale / "LC_MESSAGES" / "messages.po"


def catalogue_paths(settings):
    languages = [lang for lang in settings["LANGUAGES"] if lang != settings["DEFAULT_LANG"]]
    template = Path(settings["THEME"]) / "translations" / "messages.pot"
    return template, {lang: catalogue_path(settings, lang) for lang in languages}


def write_catalogue(catalogue, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as output:
        # No line numbers: moving a string within a template does not change the catalogue.
        write_po(output, catalogue, width=100, omit_header=False, no_location=False, include_lineno=False,
                 sort_output=True)


def update_catalogues(settings):
    """Write the template and bring every language's catalogue up to date; return what is untranslated."""
    template = template_catalogue(settings)
    template.creation_date = template.revision_date = FIXED_DATE
    pot_path, po_paths = catalogue_paths(settings)
    write_catalogue(template, pot_path)
    untranslated = {}
    for lang, path in po_paths.items():
        if path.is_file():
            with open(path, "rb") as po_file:
                catalogue = read_po(po_file, locale=settings["LANGUAGES"][lang]["locale"])
        else:
            catalogue = Catalog(locale=settings["LANGUAGES"][lang]["locale"], project="LGNetEA",
                                header_comment=f"# {HEADER}: {lang}.")
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        catalogue.fuzzy = False  # the header; a fuzzy header would be left out when compiling
        catalogue.creation_date = catalogue.revision_date = template.creation_date
        write_catalogue(catalogue, path)
        untranslated[lang] = [message.id for message in catalogue if message.id and not message.string]
    return untranslated
