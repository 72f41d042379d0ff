"""Pelican settings for developing the LGNetEA site (see publishconf.py for releases)."""

import logging
import os

from jinja2 import FileSystemBytecodeCache
from markdown.extensions.toc import slugify_unicode

AUTHOR = "LGNetEA"
SITENAME = "LGNetEA – Emergenza Assistenziale"
SITE_TAGLINE = "Una rete di 18 comuni per l'inclusione dei cittadini stranieri"
SITEURL = ""
# Absolute address of the site: canonical links, Open Graph, sitemap, feed.
SITE_ABSOLUTE_URL = "http://127.0.0.1:8000"
FEED_DOMAIN = SITE_ABSOLUTE_URL

PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"
# The site's languages, by BCP 47 tag; Italian is the original of every page. Adding a
# language is one entry here plus its files: pages <slug>.<tag>.md next to the Italian ones
# (plugins/languages), the theme's strings in theme/translations/<locale>/ (`make translations`
# creates the catalogue). Each entry: its name in itself, writing direction, Open Graph locale,
# and "locale", Babel's name for it (dates, numbers, the catalogue's folder). Digits are Latin
# in every language (docs/lingue.md says why). Pagefind takes the language from <html lang>.
LANGUAGES = {
    "it": {"name": "Italiano", "dir": "ltr", "og_locale": "it_IT", "locale": "it"},
    "en": {"name": "English", "dir": "ltr", "og_locale": "en_GB", "locale": "en"},
    "fr": {"name": "Français", "dir": "ltr", "og_locale": "fr_FR", "locale": "fr"},
    "ar": {"name": "العربية", "dir": "rtl", "og_locale": "ar_AR", "locale": "ar"},
    "pa": {"name": "ਪੰਜਾਬੀ", "dir": "ltr", "og_locale": "pa_IN", "locale": "pa"},
    "bn": {"name": "বাংলা", "dir": "ltr", "og_locale": "bn_BD", "locale": "bn"},
    "ur": {"name": "اردو", "dir": "rtl", "og_locale": "ur_PK", "locale": "ur"},
    "uk": {"name": "Українська", "dir": "ltr", "og_locale": "uk_UA", "locale": "uk"},
    "sq": {"name": "Shqip", "dir": "ltr", "og_locale": "sq_AL", "locale": "sq"},
    "zh-Hans": {"name": "简体中文", "dir": "ltr", "og_locale": "zh_CN", "locale": "zh_Hans"},
}
# latina.md is Italian, latina.en.md its English translation (same slug, lang "en"); the tag
# may have a script or region subtag (latina.zh-Hans.md). The checker refuses a tag that is not
# in LANGUAGES.
FILENAME_METADATA = r"(?P<slug>[^.]+)(?:\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))?$"
# Pelican stays on the C locale; dates are formatted by Babel (plugins/babel_format),
# so the output never depends on the locales installed on the machine.
LOCALE = ("C.UTF-8", "C")

THEME = "theme"
# The templates compiled to Python code, kept like Python's own __pycache__ (ignored by git)
# and keyed by each template's source, so never stale: every build, cold or not, would
# otherwise compile the same ~45 templates again, a tenth of a small build.
TEMPLATE_BYTECODE = os.path.join(os.path.dirname(os.path.abspath(__file__)), THEME, "templates", "__pycache__")
os.makedirs(TEMPLATE_BYTECODE, exist_ok=True)
# Autoescape: every value is printed as text, except the Markup that plugins/sanitise makes
# of content's HTML and the little HTML the theme builds from trusted settings.
# Jinja keys its compiled templates by source alone, not by these options: the name says
# they were compiled with autoescape, so a copy compiled without it is never used.
JINJA_ENVIRONMENT = {"bytecode_cache": FileSystemBytecodeCache(TEMPLATE_BYTECODE, "__jinja2_%s.autoescaped.cache"),
                     "autoescape": True}
PLUGIN_PATHS = ["plugins"]
# Listed explicitly: with PLUGINS unset Pelican loads every installed plugin.
# content_check comes first: it stops the build before anything is written.
PLUGINS = [
    "content_check",
    # Content's HTML reaches the templates and the feed only through the allow-list sanitiser.
    "sanitise",
    # Its finalized handler comes first: the other writing processes are done before the rest.
    "parallel_writing",
    "pelican_speedups",
    "sections",
    "crossrefs",
    "languages",
    "site_facts",
    "documents",
    "babel_format",
    "page_index",
    "site_data",
    "site_stats",
    "web_analytics",
    "network_map",
    "funding",
    # After sections (breadcrumbs) and languages (translations): the page's JSON-LD.
    "structured_data",
    "share_images",
    "open_data",
    "editor_todos",
    "responsive_images",
    # Before the plugins that finish the output: Pagefind indexes the pages while they work.
    "search_index",
    "asset_fingerprint",
    "cms_config",
    "compressed_copies",
]
# Pages are rendered and written by this many processes (plugins/parallel_writing): Pelican
# alone uses one core. The second shares the first one's memory until it writes to it: with
# 10,000 news items the two hold 230 MiB (PSS) where one held 180 MiB.
WRITING_PROCESSES = min(os.cpu_count() or 1, 2)
# Photos next to the Markdown files become <picture> with WebP and JPEG/PNG copies at
# these widths (never enlarged), without EXIF/GPS metadata; copies are cached.
RESPONSIVE_IMAGE_WIDTHS = [480, 960, 1600]
RESPONSIVE_IMAGE_SIZES = "(min-width: 48em) 42rem, 100vw"  # the text column (.prose) is 42rem
RESPONSIVE_IMAGE_MAX_PIXELS = 40_000_000
RESPONSIVE_IMAGE_MAX_BYTES = 25_000_000
# The live preview encodes a new photo's copies while the pages are written (plugins/live_preview);
# the build does not: the writing processes (WRITING_PROCESSES) are forked then.
RESPONSIVE_IMAGE_ENCODE_WHILE_WRITING = False
# Documents next to the Markdown files and linked from them are published; their links
# get format and size («PDF, 1,2 MB») in the page's language (plugins/documents).
# Heavier files are refused: many readers download them on a phone's data plan.
DOCUMENT_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv"]
DOCUMENT_MAX_BYTES = 10_000_000
# A Markdown file over this is refused (plugins/content_check): a pasted document, or an attack.
MARKDOWN_MAX_BYTES = 1_000_000
# A translation has no Date of its own (the schema refuses one): Pelican, which needs one to read
# a news item, gives it this, and plugins/languages replaces it with the original's.
DEFAULT_DATE = (2000, 1, 1)
# content_check requires alternative text unless an image is marked {: .decorativa };
# Pelican's own warning on alt="" would fail the strict build on decorative images.
LOG_FILTER = [(logging.WARNING, "Empty alt attribute for image %s in %s")]
# CSS, JS and SVG of the theme get content-hashed names (cacheable forever).
FINGERPRINT_EXTENSIONS = [".css", ".js", ".svg"]
# gzip and brotli copies of every text file, for servers that send them as they are
# (nginx in production; plugins/compressed_copies, cache in CACHE_PATH). Only the published
# build makes them (publishconf.py): the development server sends files as they are, and the
# copies took a third of a cold build's CPU (docs/performance.md).
PRECOMPRESS_GZIP = False
PRECOMPRESS_BROTLI = False
# Quality 11 makes copies 8 to 12 % smaller but takes 30 to 40 times longer (docs/performance.md).
PRECOMPRESS_BROTLI_QUALITY = 5
# The editor's files from npm (plugins/cms_config) change only with package-lock.json: their
# copies are kept under node_modules/, so that a clean or cold build does not make them again.
PRECOMPRESS_VENDOR_FILES = ["admin/decap-cms.js", "admin/*.decap-cms.js", "admin/decap-cms.js.LICENSE.txt"]
PRECOMPRESS_VENDOR_CACHE = "node_modules/.cache/lgnetea/compressed_copies.pickle"

# The editor at /admin/ (plugins/cms_config, Decap CMS from npm; docs/editor-cms.md).
CMS_DIST = "node_modules/decap-cms/dist"
# The GitHub repository the published editor saves to, as owner/name; GitHub Actions sets it.
CMS_REPOSITORY = os.environ.get("GITHUB_REPOSITORY", "")
CMS_BRANCH = "main"
# The OAuth service GitHub sign-in goes through (docs/editor-cms.md); none: no sign-in.
CMS_AUTH_URL = os.environ.get("CMS_AUTH_URL", "")
# Local mode: `make serve` runs decap-server here, writing into this working copy.
CMS_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
CMS_PUBLISH_MODE = "simple"
# The commit status that carries a pull request's preview (deploy/pr_preview.py sets it, the
# editor's backend.preview_context reads it): Decap links «Visualizza l'anteprima» to it.
CMS_PREVIEW_CONTEXT = "lgnetea/anteprima"
# Search engines are asked to leave the pages out: the pull requests' previews (deploy/pr_preview.py).
SITE_NOINDEX = False

# --- Content layout ---------------------------------------------------------
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages", "comuni", "miniprogetti"]
STATIC_PATHS = ["extra"]
# Hidden files (".env", ".git") are never read nor published; content_check refuses them, and
# links and SVGs with code, by name (plugins/content_check/static_files.py).
IGNORE_FILES = [".*"]
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}
SLUGIFY_SOURCE = "basename"
DEFAULT_CATEGORY = "news"

# Content kinds by top-level folder: template, URL and the parent shown in the
# breadcrumb trail. Plain pages live at the root of the site.
SECTIONS = {
    "pages": {"kind": "page", "url": "{slug}/", "parent": None},
    "comuni": {
        "kind": "municipality",
        "template": "municipality",
        "url": "comuni/{slug}/",
        "parent": "comuni",
    },
    "miniprogetti": {
        "kind": "miniproject",
        "template": "miniproject",
        "url": "miniprogetti/{slug}/",
        "parent": "miniprogetti",
    },
    "news": {"kind": "news", "url": "news/{slug}/", "parent": "news"},
}
# The page saved as the site's front page, by slug.
HOME_SLUG = "home"

# Front-matter fields that name other content by slug.
CROSSREF_FIELDS = {"comuni": "municipality", "miniprogetti": "miniproject"}

# How much of a news date is known (field "precisione_data"): Babel's format "full", or a skeleton,
# which each language orders itself ("maggio 2024", "2024年5月", "травень 2024 р.").
DATE_PRECISION_FORMATS = {"giorno": "full", "mese": "yMMMM", "anno": "y"}

# Data files (TOML) under PATH, exposed to templates as DATA.<file name>;
# the tables named here are also published as dati/<file>.json and .csv.
DATA_PATH = "dati"
DATA_EXPORTS = {"risultati": "indicatori", "statistiche": "visite"}
# The open data's DCAT-AP_IT catalogue, dati/catalogo.jsonld (plugins/open_data), and the
# «Dati aperti» page that lists the datasets. One entry per table of DATA_EXPORTS; the texts in
# Italian (the page shows them translated: theme/translations). "theme" and "frequency" are codes
# of the EU Publications Office's vocabularies (data-theme, frequency) that DCAT-AP_IT uses.
OPEN_DATA_PAGE = "dati-aperti/"
OPEN_DATA_CATALOGUE = {
    "title": "Dati aperti di LGNetEA",
    "description": "I dati pubblicati dal sito del progetto LGNetEA, con licenza CC BY 4.0.",
}
OPEN_DATASETS = {
    "risultati": {
        "title": "I risultati del progetto LGNetEA",
        "description": "I numeri principali del progetto in tutti i 18 comuni della rete: persone prese "
                       "in carico, persone sostenute per la casa, progetti di impegno civico.",
        "keywords": ["inclusione", "cittadini stranieri", "FAMI", "casa", "lavoro"],
        "theme": "SOCI",  # Popolazione e società
        "frequency": "IRREG",  # irregolare: il progetto è concluso, i dati cambiano solo se corretti
    },
}

# The news archive is the page content/pages/news.md, so Pelican's own index is off.
DIRECT_TEMPLATES = ["sitemap", "robots"]
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"

# Only the news archive groups articles: no category, tag, author or date pages.
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""

# One feed per language (plugins/languages): this one, Italian, and <lang>/news/atom.xml.
FEED_ATOM = "news/atom.xml"
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # Headings' ids keep their letters in every script («ما-هو-المشروع», «le-rôle»):
        # readable and, being made from the text alone, stable while the text is unchanged.
        "markdown.extensions.toc": {"slugify": slugify_unicode},
    },
    "output_format": "html5",
}

# --- Security ---------------------------------------------------------------
# The Content-Security-Policy of the public pages: nginx sends it as a header ($lgnetea_csp in
# deploy/lgnetea-site.conf, which tests/test_csp.py keeps equal to this), and every page carries
# it in a <meta> too, for hosts that send no headers (GitHub Pages). No inline script, style
# or event handler, nothing from other hosts: a script that slipped into the content would
# not run. 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly.
CONTENT_SECURITY_POLICY = {
    "default-src": "'none'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# What a <meta> cannot carry: browsers ignore these there (nginx's header has them).
CSP_HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")
# The policy as every page's <meta> carries it: None, written by plugins/web_analytics from
# the two settings above (admitting Web Analytics Italia's host when that is on); "" leaves
# the <meta> out (the live preview, whose reloading script is inline).
CONTENT_SECURITY_POLICY_META = None

# --- Visit statistics, page feedback, privacy (docs/statistiche.md) ---------
# Where the published site is served: "nginx", a server of its own set up with deploy/,
# whose access log `invoke stats` counts; or "github-pages", which gives no log (the
# feedback form then becomes a link to FEEDBACK_CONTACT). publishconf.py reads it from
# the environment (LGNETEA_HOSTING).
HOSTING = "nginx"
HOSTINGS = ("nginx", "github-pages")
# What GitHub says it records of the visitors of a Pages site: the privacy page links it there.
GITHUB_PAGES_DATA_COLLECTION_URL = ("https://docs.github.com/en/pages/getting-started-with-github-pages/"
                                    "about-github-pages#data-collection")
# The data file `invoke stats` writes (content/dati/statistiche.toml) and the page showing it.
STATISTICS_DATA = "statistiche"
# How many days the server keeps its access log before deleting it: deploy/logrotate-nginx
# (its "rotate") and the privacy page say the same.
ACCESS_LOG_DAYS = 7
# «Questa pagina ti è stata utile?»: a form on every content page but these (by slug)
# leads to the thank-you page FEEDBACK_PAGE (content/pages/grazie*.md), whose visits
# `invoke stats` counts. The reasons a reader may give, as (key in the log, label).
FEEDBACK_PAGE = "grazie"
FEEDBACK_EXCLUDED = ["home", "404", "cerca", "grazie"]
FEEDBACK_REASONS = [
    ("non-chiara", "Il testo non è chiaro"),
    ("incompleta", "Mancano delle informazioni"),
    ("sbagliata", "Le informazioni sono sbagliate o vecchie"),
    ("lingua", "Non è nella mia lingua"),
]
# Web Analytics Italia (AgID's Matomo, https://webanalytics.italia.it/), without cookies:
# off while site_id is empty (publishconf.py: WAI_SITE_ID). When on, every page loads
# js/web-analytics.js and the tracker from this host, and the policy below admits that
# host, and nothing else (plugins/web_analytics).
WEB_ANALYTICS_ITALIA = {"host": "ingestion.webanalytics.italia.it", "site_id": "",
                        "about": "https://webanalytics.italia.it/"}  # linked, in Italian, where the site names it

# --- Theme ------------------------------------------------------------------
# Pagefind indexes the built site (plugins/search_index); the live preview turns it off.
SEARCH_INDEX = True
# Pages the search leaves out (by slug): the search page itself and the 404 page.
SEARCH_UNINDEXED = ["cerca", "404", "grazie"]
# The search page, by its Italian address; the header's search field leads there.
SEARCH_URL = "cerca/"
MAIN_MENU = [
    ("Home", ""),
    ("Il progetto", "progetto/"),
    ("Comuni", "comuni/"),
    ("Miniprogetti", "miniprogetti/"),
    ("Risultati", "risultati/"),
    ("News", "news/"),
]
# --- Values of the deployment ----------------------------------------------
# publishconf.py takes them from the environment and refuses to build without them;
# here they stay empty, and the pages show a [DA COMPLETARE: …] placeholder instead,
# listed at the end of every build (plugins/site_facts, plugins/editor_todos).
# Where to report an accessibility problem: an e-mail address or the address of a form.
ACCESSIBILITY_CONTACT = ""
# The official accessibility statement, compiled on AgID's platform (https://form.agid.gov.it/…);
# when set, the footer links it as «Dichiarazione di accessibilità».
ACCESSIBILITY_DECLARATION_URL = ""
# Where readers can write about a page (the feedback form's fallback where the server
# keeps no log, and the privacy page): an e-mail address or the address of a form.
FEEDBACK_CONTACT = ""
# Who decides about the visitors' data (the GDPR's «titolare del trattamento»), as the
# privacy page names it (e.g. «Comune di …»), and its e-mail or web address.
DATA_CONTROLLER = ""
DATA_CONTROLLER_CONTACT = ""
# Who publishes the open data, for their catalogue (plugins/open_data): the body's name, its
# code in the IPA index (indicepa.gov.it), required to publish; an e-mail address for questions
# about the data, optional.
OPEN_DATA_PUBLISHER = ""
OPEN_DATA_PUBLISHER_ID = ""
OPEN_DATA_CONTACT = ""
# True in publishconf.py: a [DA COMPLETARE: …] placeholder stops the build (plugins/content_check)
# instead of being listed. An out-of-date translation never does: it tells its readers.
PUBLISHING = False

# The site's own accessibility page; the footer links it, AgID's declaration (when set) and
# ACCESSIBILITY_CONTACT (components/footer.html).
ACCESSIBILITY_PAGE_URL = "accessibilita/"
FOOTER_LINKS = [
    ("Accessibilità del sito", ACCESSIBILITY_PAGE_URL),
    ("Privacy e note legali", "note-legali/"),
    ("Statistiche del sito", "statistiche/"),
    ("Dati aperti", OPEN_DATA_PAGE),
    ("Feed delle news (Atom)", "news/atom.xml"),
]
# The header shows the EU emblem and «Cofinanziato dall'Unione europea» (components/funding.html);
# the footer names the fund in full.
FUNDING_LINE = (
    "Il progetto è stato cofinanziato dal Fondo Asilo, Migrazione e Integrazione (FAMI) "
    "dell'Unione europea, linea Misure emergenziali."
)
# Logos of the managing authority and of partners, after the EU emblem and never higher:
# only once their owners have allowed it. Each a file under content/ (usually extra/loghi/),
# e.g. {"file": "extra/loghi/ente.png", "alt": "Nome dell'ente", "height": 48} (pixels).
FUNDING_LOGOS = []
# The licence of the site's texts and data (footer, legal notes, open data's catalogue, JSON-LD).
# The EU emblem and other bodies' logos are not under it: the footer and the legal notes say so.
CONTENT_LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribuzione 4.0 Internazionale",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
# Share images (plugins/share_images): each letter of a title is drawn with the first of these
# fonts that has it; a language may put its own first ("share_image_font" in LANGUAGES, e.g.
# {"file": "NotoNastaliqUrdu-Bold.ttf", "package": "fonts-noto-core"}). Looked for under
# SHARE_IMAGE_FONT_DIRS; "package" is the Debian package the build error names when one is missing.
SHARE_IMAGE_FONT_DIRS = ["/usr/share/fonts"]
SHARE_IMAGE_FONTS = [
    {"file": "NotoSans-Bold.ttf", "package": "fonts-noto-core"},  # Latin, Greek, Cyrillic
    {"file": "NotoNaskhArabic-Bold.ttf", "package": "fonts-noto-core"},
    {"file": "NotoSansGurmukhi-Bold.ttf", "package": "fonts-noto-core"},
    {"file": "NotoSansBengali-Bold.ttf", "package": "fonts-noto-core"},
    # Index 2 of the collection is Simplified Chinese (SC).
    {"file": "NotoSansCJK-Bold.ttc", "index": 2, "package": "fonts-noto-cjk"},
]
HOME_LATEST_NEWS = 3
# Text sizes offered by the -A A +A control, in percent of the browser default.
TEXT_SIZES = [100, 125, 150, 175, 200]

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
# "In questa pagina" appears on pages with at least this many sections.
PAGE_INDEX_MIN_SECTIONS = 2
