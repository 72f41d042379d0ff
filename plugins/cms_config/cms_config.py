"""The editor at /admin/ (Decap CMS), with its configuration generated from the content schema.

At the end of every build this plugin writes ``admin/`` into the output:

* ``index.html``, the editor's page (``noindex``, not a page of the site: no sitemap entry,
  no search index, no feed);
* ``config.yml``, made here from ``content_check/schema.py`` and the site's settings, never
  written by hand: one collection per kind of content, one per kind and translation language,
  every field with its Italian label, help text (the schema's description), required or not,
  allowed values, ranges and patterns;
* ``lgnetea-cms.js``, our own script: Pelican's ``Key: value`` front matter as a custom format,
  the preview with the site's stylesheet and «In breve» box, photos with required alt text;
* ``fingerprints.json``: the fingerprint (content_check/translations.py) of each Italian file
  that has a translation, as it is now: the field «Impronta dell'originale» of a translation
  compares it with its own and, with one click on «Revisione fatta», records it;
* ``photo-privacy.js``, our own script, with ``piexif.js`` (npm ``piexifjs``): a photo loses
  its GPS position and every metadata but its orientation in the browser, before upload;
* the editor itself, from ``node_modules/decap-cms/dist`` (installed by npm from
  package-lock.json), hard-linked where possible (``publish_file``): everything /admin/
  loads comes from the site.

Settings: ``CMS_DIST`` (the folder of Decap's files), ``CMS_REPOSITORY`` (GitHub
``owner/name`` the published editor saves to), ``CMS_BRANCH``, ``CMS_AUTH_URL`` (the OAuth
service GitHub sign-in goes through), ``CMS_LOCAL_BACKEND`` (address of ``decap-server`` for
local mode, or None), ``CMS_PUBLISH_MODE``.
"""

import datetime
import functools
import html
import json
import os
import shutil
import types
from pathlib import Path
from string import Template
from typing import Literal, Union, get_args, get_origin
from urllib.parse import urlsplit

from asset_fingerprint.asset_fingerprint import theme_static_files
from babel.messages.pofile import read_po
from languages.catalogue import catalogue_path
from pelican import signals

from cms_config.backend_guard import ENTRY_FILE_SUFFIXES
from cms_config.editor_rules import rules_script

ADMIN_FILES = Path(__file__).parent / "admin"
# The custom format of lgnetea-cms.js: Pelican's "Key: value" lines, a blank line, the text.
FORMAT = "pelican"
# Decap's own files: the entry script, the chunks it loads on demand, their WebAssembly and licence.
DIST_PATTERNS = ["decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt"]
# Decap's bugs that lose what an editor typed, corrected in its entry script as it is published:
# (what they are, the code in decap-cms.js of the version in package-lock.json, the code instead).
# The build stops if a text is not found exactly once (another version of Decap: check again).
# Local backups (decaporg/decap-cms#6989, #5055): the editor asks whether to restore the backup
# as soon as it is read, and the entry or the empty form, loaded later, then replaces it. Ask
# once the draft is there, so that restoring it is the last word.
BACKUP_READY = 'P.localBackup&&P.entryDraft.getIn(["entry","data"])&&!P.entryDraft.getIn(["entry","isFetching"])'
DECAP_PATCHES = [
    ("local backup restored before the entry loads, then lost",
     "componentDidUpdate(e){if(!e.localBackup&&this.props.localBackup&&(window.confirm(",
     "componentDidUpdate(e){if(" + BACKUP_READY.replace("P.", "this.props.") + "&&!("
     + BACKUP_READY.replace("P.", "e.") + ")&&(window.confirm("),
    # Not in Decap's catalogue of texts. Uploads get names no other file has (photo-privacy.js),
    # so the question should never come; if it does, it is in Italian.
    ("question in English before replacing a file",
     "already exists. Do you want to replace it?`",
     "esiste già: volete sostituirlo? La pagina che lo usa mostrerà il nuovo file.`"),
]
# Our scripts: Decap started by us, the site's format, preview and photo block; the photos' metadata removed
# before upload; in GitHub mode, the pull request's checks for the entry on screen; our stylesheet
# (the editor on a phone).
OWN_SCRIPTS = ["manual-init.js", "lgnetea-cms.js", "photo-privacy.js", "pr-checks.js", "lgnetea-cms.css"]
# Libraries from npm (package-lock.json), in node_modules beside Decap → their name in admin/:
# the EXIF library photo-privacy.js uses, and the transliteration of titles into addresses.
LIBRARIES = {Path("piexifjs") / "piexif.js": "piexif.js",
             Path("transliteration") / "dist" / "browser" / "bundle.umd.min.js": "transliteration.js"}

COLLECTIONS = {  # kind → (collection label, label of one entry)
    "news": ("News", "Notizia"),
    "municipality": ("Comuni", "Comune"),
    "miniproject": ("Miniprogetti", "Miniprogetto"),
    "page": ("Pagine", "Pagina"),
}
# The editor's Italian label for each front-matter field; what to write comes from the schema.
LABELS = {
    "title": "Titolo",
    "date": "Data",
    "summary": "In breve",
    "modified": "Ultimo aggiornamento",
    "todo": "Da completare (promemoria)",
    "template": "Impaginazione speciale",
    "status": "Stato",
    "save_as": "File da scrivere",
    "url": "Indirizzo",
    "regione": "Regione",
    "lat": "Latitudine",
    "lon": "Longitudine",
    "ente_strumentale": "Ente strumentale",
    "comuni": "Comuni",
    "miniprogetti": "Miniprogetti",
    "precisione_data": "Precisione della data",
    "impronta_originale": "Impronta dell'originale",
    "revisione_madrelingua": "Revisione madrelingua",
}
MULTILINE = {"summary", "todo"}
# The field lgnetea-cms.js shows as the translation's status, with its «Revisione fatta» button.
FINGERPRINT_FIELD = "impronta_originale"
FINGERPRINTS = "fingerprints.json"
BODY = {"name": "body", "label": "Testo", "widget": "markdown", "required": False,
        "hint": "Le sezioni cominciano con «##» (il titolo della pagina lo scrive il sito). "
                "Per una foto usate il pulsante «+» e poi «Foto»: il testo alternativo è obbligatorio."}
NOT_BLANK = ["\\S", "il campo è vuoto: scrivete un valore"]
DATE = "YYYY-MM-DD"
# Decimal degrees as the content writes them (41.4676): four decimals are about 10 m.
COORDINATE_STEP = 0.0001


def optional_inner(annotation):
    """``X | None`` → (X, True); anything else → (annotation, False)."""
    if get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation):
        (inner,) = [arg for arg in get_args(annotation) if arg is not type(None)]
        return inner, True
    return annotation, False


def bounds(field):
    """The ge/le limits of a pydantic field, as a dict of Decap's min/max."""
    limits = {}
    for item in field.metadata:
        if getattr(item, "ge", None) is not None:
            limits["min"] = item.ge
        if getattr(item, "le", None) is not None:
            limits["max"] = item.le
    return limits


def cms_field(name, field, crossref_collections):
    """The Decap field for one schema field."""
    annotation, _ = optional_inner(field.annotation)
    widget = {"name": name, "label": LABELS[name], "hint": field.description,
              "required": field.is_required()}
    if name == FINGERPRINT_FIELD:
        return widget | {"widget": "fingerprint"}
    if name in crossref_collections:
        # A list of slugs: choose the pages by title, the slugs are written.
        return widget | {"widget": "relation", "collection": crossref_collections[name],
                         "value_field": "{{slug}}", "search_fields": ["title"],
                         "display_fields": ["title"], "multiple": True,
                         **({"min": 1} if field.is_required() else {})}
    if annotation is datetime.date:
        # «Adesso» gives today's date in Rome (lgnetea-cms.js), not in UTC.
        return widget | {"widget": "datetime", "format": DATE, "date_format": DATE, "time_format": False,
                         **({} if field.is_required() else {"default": ""})}
    if get_origin(annotation) is Literal:
        return widget | {"widget": "select", "options": list(get_args(annotation))}
    if annotation is float:
        return widget | {"widget": "number", "value_type": "float", "step": COORDINATE_STEP, **bounds(field)}
    return widget | {"widget": "text" if name in MULTILINE else "string", "pattern": text_pattern(field)}


def text_pattern(field):
    """Decap's pattern for a text field: not blank and, where the schema limits it, not too long."""
    longest = next((item.max_length for item in field.metadata if getattr(item, "max_length", None)), None)
    if longest is None:
        return NOT_BLANK
    return [f"^(?=[\\s\\S]*\\S)[\\s\\S]{{1,{longest}}}$",
            f"scrivete un valore di al massimo {longest} caratteri (ora è vuoto o troppo lungo)"]


def entry_fields(model, crossref_collections):
    return [cms_field(name, field, crossref_collections) for name, field in model.model_fields.items()]


def image_settings():
    """Photos go beside the entry, where the image pipeline finds them (plugins/responsive_images)."""
    return {"media_folder": "", "public_folder": ""}


def preview_path(settings, folder):
    """Where an entry is in the site, for «Guarda Live» and the link to it in a pull request's
    preview (Decap's ``preview_path``): the section's URL pattern, ``news/{slug}/`` → ``news/{{slug}}/``."""
    return settings["SECTIONS"][folder]["url"].replace("{slug}", "{{slug}}")


def collections(settings):
    """One collection per kind of content, then one per kind and translation language."""
    # Imported here, at the end of the build: Pelican's start need not wait for pydantic.
    from content_check.schema import SCHEMAS, TranslationMeta

    folders = {section["kind"]: folder for folder, section in settings["SECTIONS"].items()}
    crossrefs = {name: folders[kind] for name, kind in settings["CROSSREF_FIELDS"].items()}
    content = Path(settings["PATH"]).name
    shared = {"format": FORMAT, "extension": "md", "create": True, "identifier_field": "title",
              "summary": "{{title}}", **image_settings()}
    originals, translations = [], []
    for kind, (label, singular) in COLLECTIONS.items():
        folder = folders[kind]
        originals.append(shared | {
            "name": folder, "label": label, "label_singular": singular,
            # The transliterated title, set by lgnetea-cms.js before saving.
            "folder": f"{content}/{folder}", "slug": "{{fields._address}}",
            # Italian originals have a Date (the schema requires it); translations may not.
            "filter": {"field": "_original", "value": True},
            "preview_path": preview_path(settings, folder),
            "sortable_fields": ["title", "date"],
            "fields": entry_fields(SCHEMAS[kind], crossrefs) + [BODY],
        })
        fields = [field for field in entry_fields(TranslationMeta, crossrefs)
                  if field["name"] != "regione" or kind == "municipality"]
        for lang, language in settings["LANGUAGES"].items():
            if lang == settings["DEFAULT_LANG"]:
                continue
            translations.append(shared | {
                "name": f"{folder}_{lang}", "label": f"{label} – {language['name']}",
                "label_singular": f"{singular} ({language['name']})",
                "folder": f"{content}/{folder}", "extension": f"{lang}.md",
                # New translations start from the Italian page (see docs/editor-cms.md).
                "create": False, "filter": {"field": "_original", "value": False},
                "preview_path": f"{lang}/{preview_path(settings, folder)}",
                "fields": fields + [BODY],
            })
    return originals + translations


def sign_in_service(url):
    """Decap's ``base_url`` and ``auth_endpoint`` for the sign-in service at ``url``.

    Decap accepts the pop-up's messages only from the origin ``base_url`` (it compares the two
    exactly), so a service under a path of the site (``https://sito/oauth``, deploy/) is that
    origin with ``auth_endpoint`` ``oauth/auth``.
    """
    address = urlsplit(url.rstrip("/"))
    return {"base_url": f"{address.scheme}://{address.netloc}",
            "auth_endpoint": f"{address.path.strip('/')}/auth".lstrip("/")}


def cms_config(settings):
    """The whole configuration of the editor, as a dict (written as config.yml)."""
    backend = {"name": "github", "repo": settings["CMS_REPOSITORY"], "branch": settings["CMS_BRANCH"],
               "squash_merges": True, "commit_messages": {
                   "create": "Crea {{collection}} «{{slug}}»", "update": "Aggiorna {{collection}} «{{slug}}»",
                   "delete": "Elimina {{collection}} «{{slug}}»", "uploadMedia": "Aggiunge «{{path}}»",
                   "deleteMedia": "Elimina «{{path}}»"},
               # The pull request's commit status with the preview's address (deploy/pr_preview.py).
               "preview_context": settings["CMS_PREVIEW_CONTEXT"]}
    if settings["CMS_AUTH_URL"]:
        backend |= sign_in_service(settings["CMS_AUTH_URL"])
    config = {
        "locale": "it",
        "backend": backend,
        "publish_mode": settings["CMS_PUBLISH_MODE"],
        "site_url": settings["SITE_ABSOLUTE_URL"],
        "display_url": settings["SITE_ABSOLUTE_URL"],
        "media_folder": f"{Path(settings['PATH']).name}/news",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        # The site's mark on the sign-in screen, where Decap shows its own (the name: lgnetea-cms.js).
        "logo": {"src": theme_file_url(settings, "favicon.svg"), "show_in_header": False},
        "collections": collections(settings),
    }
    if settings["CMS_LOCAL_BACKEND"]:
        config["local_backend"] = {"url": settings["CMS_LOCAL_BACKEND"]}
    return config


def content_security_policy(settings):
    """The editor's policy, also as a <meta> of admin/index.html, since GitHub Pages sends no headers.

    deploy/lgnetea-site.conf sends the same one as a header (with frame-ancestors, which a
    <meta> cannot set) and documents each relaxation; tests/test_nginx.py compares the two.
    In local mode the editor also talks to decap-server.
    """
    connect = ["'self'", "blob:", "https://api.github.com"]
    if settings["CMS_LOCAL_BACKEND"]:
        address = urlsplit(settings["CMS_LOCAL_BACKEND"])
        connect.append(f"{address.scheme}://{address.netloc}")
    return ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' blob:; font-src 'self'; connect-src {' '.join(connect)}; manifest-src 'self'; "
            "base-uri 'none'; form-action 'self'")


def theme_file_url(settings, name):
    """The address of the theme's static file ``name`` (fingerprinted), as the site's pages link it."""
    return f"{settings['SITEURL']}/{settings['THEME_STATIC_DIR']}/{theme_static_files(settings)[name]}"


def theme_translation(settings, lang, text):
    """``text`` in ``lang`` from the theme's gettext catalogue (the preview's «In breve»)."""
    if lang == settings["DEFAULT_LANG"]:
        return text
    with catalogue_path(settings, lang).open("rb") as file:
        message = read_po(file).get(text)
    return message.string if message and message.string else text


def site_facts(settings, config):
    """What lgnetea-cms.js needs to know of the site and of the schema."""
    languages = settings["LANGUAGES"]
    collection_languages = {}
    for collection in config["collections"]:
        lang = collection["extension"].removesuffix("md").rstrip(".") or settings["DEFAULT_LANG"]
        collection_languages[collection["name"]] = {"lang": lang, "dir": languages[lang]["dir"]}
    return {
        "stylesheet": theme_file_url(settings, "css/style.css"),
        "collections": collection_languages,
        "inBrief": {lang: theme_translation(settings, lang, "In breve") for lang in languages},
        "slugLists": sorted(settings["CROSSREF_FIELDS"]),
        "fingerprints": FINGERPRINTS,
        # Local mode: deleting an entry offers to delete its own photos and documents.
        "localBackend": settings["CMS_LOCAL_BACKEND"],
        "folders": sorted({collection["folder"] for collection in config["collections"]}),
        "fileExtensions": sorted({suffix.lstrip(".") for suffix in ENTRY_FILE_SUFFIXES}),
    }


def original_fingerprints(settings):
    """{"content/comuni/latina.md": fingerprint} for every Italian file that has a translation beside it."""
    from content_check.translations import original_fingerprint

    content = Path(settings["PATH"])
    fingerprints = {}
    for folder in settings["SECTIONS"]:
        for translation in sorted((content / folder).glob("*.*.md")):
            original = translation.with_name(translation.name.split(".")[0] + ".md")
            if original.is_file():
                key = f"{content.name}/{folder}/{original.name}"
                fingerprints[key] = original_fingerprint(original)
    return fingerprints


def publish_file(source, target):
    """``source`` at ``target``: a hard link where the file system allows it, else a copy.

    Decap's 98 files (6 MB) are the same at every build: creating their copies, while Pagefind
    creates its own files, took the end of a build a fifth of a second. Nothing writes into
    them (the gzip and brotli copies are new files beside them); a file already at ``target``
    is removed first, so that a copy never writes through an older link.
    """
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


@functools.cache
def patched_code(source, modified, patches):
    """The code of ``source`` (as of its ``modified`` time) with each of ``patches`` made."""
    code = source.read_text(encoding="utf-8")
    for description, text, replacement in patches:
        if code.count(text) != 1:
            raise SystemExit(f"cms_config: cannot correct {source.name} ({description}): its code is not "
                             "the one of the Decap version this was written for; check DECAP_PATCHES again")
        code = code.replace(text, replacement)
    return code.encode("utf-8")


def publish_patched(source, target, patches):
    """``source`` at ``target`` with each of ``patches`` (description, text, replacement) made.

    Made once per process, and written only when the target differs (the live preview
    finishes every save with this plugin: 5 MB need not be written again each time).
    """
    code = patched_code(source, source.stat().st_mtime_ns, tuple(patches))
    if target.is_file() and not os.path.samefile(source, target) and target.read_bytes() == code:
        return
    target.unlink(missing_ok=True)  # never write through a hard link into node_modules
    target.write_bytes(code)


def write_admin(pelican):
    settings = pelican.settings
    admin = Path(pelican.output_path) / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    dist = Path(settings["CMS_DIST"])
    if not (dist / "decap-cms.js").is_file():
        raise SystemExit(f"cms_config: {dist}/decap-cms.js is missing: run `npm ci` (make does it)")
    for pattern in DIST_PATTERNS:
        for path in dist.glob(pattern):
            publish_file(path, admin / path.name)
    publish_patched(dist / "decap-cms.js", admin / "decap-cms.js", DECAP_PATCHES)
    config = cms_config(settings)
    (admin / "rules.js").write_text(rules_script(settings), encoding="utf-8")
    # JSON is YAML: the file Decap loads needs no YAML writer in the build.
    (admin / "config.yml").write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (admin / FINGERPRINTS).write_text(json.dumps(original_fingerprints(settings), sort_keys=True) + "\n",
                                      encoding="utf-8")
    for name in OWN_SCRIPTS:
        shutil.copyfile(ADMIN_FILES / name, admin / name)
    for library, name in LIBRARIES.items():
        publish_file(dist.parents[1] / library, admin / name)
    page = Template((ADMIN_FILES / "index.html").read_text(encoding="utf-8"))
    facts = json.dumps(site_facts(settings, config), ensure_ascii=False)
    (admin / "index.html").write_text(page.substitute(
        site=html.escape(facts), policy=html.escape(content_security_policy(settings))), encoding="utf-8")


def register():
    signals.finalized.connect(write_admin)
