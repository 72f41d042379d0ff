"""Pelican settings for the published site: pelicanconf.py plus the values of the deployment.

The public address, the accessibility contacts, the contact for readers' comments, the data
controller, the open data's publisher (and, optionally, LGNETEA_HOSTING, WAI_SITE_ID and
OPEN_DATA_CONTACT) come from the environment, so the
same commit can be published under any domain or sub-path, e.g.
    SITEURL=https://example.github.io/lgnetea \\
    ACCESSIBILITY_CONTACT=accessibilita@example.org \\
    ACCESSIBILITY_DECLARATION_URL=https://form.agid.gov.it/view/… \\
    OPEN_DATA_PUBLISHER="Nome dell'ente" OPEN_DATA_PUBLISHER_ID=codice_ipa invoke preview
A published site never shows a placeholder: each value is required here, and
content_check refuses [DA COMPLETARE: …] in the content (PUBLISHING).
"""

import os
import re
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    sys.exit("publishconf.py: set SITEURL to the public address, e.g. SITEURL=https://example.github.io/lgnetea")
SITE_ABSOLUTE_URL = SITEURL
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# Drafts are never published.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
PUBLISHING = True
# gzip and brotli copies beside every text file, which nginx sends as they are (deploy/).
PRECOMPRESS_GZIP = PRECOMPRESS_BROTLI = True

EMAIL = re.compile(r"[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}")


def required(name, valid, what):
    """The environment variable ``name``; the build stops, naming it, when it is missing or not ``what``."""
    value = os.environ.get(name, "").strip()
    if not valid(value):
        sys.exit(f"publishconf.py: manca la variabile d'ambiente {name} (o il valore «{value}» non va bene): "
                 f"deve essere {what}. Il sito pubblico non si costruisce senza.")
    return value


ACCESSIBILITY_CONTACT = required(
    "ACCESSIBILITY_CONTACT", lambda value: EMAIL.fullmatch(value) or value.startswith("https://"),
    "l'indirizzo e-mail (accessibilita@comune.example.it) o l'indirizzo https:// del modulo "
    "per segnalare problemi di accessibilità")
ACCESSIBILITY_DECLARATION_URL = required(
    "ACCESSIBILITY_DECLARATION_URL", lambda value: value.startswith("https://form.agid.gov.it/"),
    "l'indirizzo della dichiarazione di accessibilità compilata sulla piattaforma di AgID "
    "(comincia con https://form.agid.gov.it/)")
OPEN_DATA_PUBLISHER = required(
    "OPEN_DATA_PUBLISHER", lambda value: bool(value), "il nome dell'ente che pubblica i dati aperti")
OPEN_DATA_PUBLISHER_ID = required(
    "OPEN_DATA_PUBLISHER_ID", lambda value: re.fullmatch(r"[A-Za-z0-9_-]{2,40}", value),
    "il codice IPA dell'ente che pubblica i dati aperti (come è scritto su indicepa.gov.it)")
# Optional: the open data's contact point (an e-mail address), recommended by DCAT-AP_IT.
OPEN_DATA_CONTACT = os.environ.get("OPEN_DATA_CONTACT", "").strip()

# Where the site is served (pelicanconf.py, HOSTING): nginx with deploy/ unless said otherwise.
HOSTING = os.environ.get("LGNETEA_HOSTING", "").strip() or "nginx"
if HOSTING not in HOSTINGS:  # noqa: F405 (from pelicanconf)
    sys.exit(f"publishconf.py: LGNETEA_HOSTING «{HOSTING}» non va bene: deve essere {' o '.join(HOSTINGS)}.")  # noqa: F405
FEEDBACK_CONTACT = required(
    "FEEDBACK_CONTACT", lambda value: EMAIL.fullmatch(value) or value.startswith("https://"),
    "l'indirizzo e-mail o l'indirizzo https:// del modulo a cui i lettori scrivono sulle pagine")
DATA_CONTROLLER = required(
    "DATA_CONTROLLER", lambda value: len(value) >= 3 and "[" not in value,
    "il nome del titolare del trattamento dei dati, per esempio «Comune di …»")
DATA_CONTROLLER_CONTACT = required(
    "DATA_CONTROLLER_CONTACT", lambda value: EMAIL.fullmatch(value) or value.startswith("https://"),
    "l'indirizzo e-mail o l'indirizzo https:// a cui scrivere al titolare del trattamento dei dati")
# Web Analytics Italia: on only with the site's number in WAI (docs/statistiche.md).
WAI_SITE_ID = os.environ.get("WAI_SITE_ID", "").strip()
WEB_ANALYTICS_ITALIA = {**WEB_ANALYTICS_ITALIA, "site_id": WAI_SITE_ID}  # noqa: F405 (from pelicanconf)
if WAI_SITE_ID and not WAI_SITE_ID.isdigit():
    sys.exit(f"publishconf.py: WAI_SITE_ID «{WAI_SITE_ID}» non va bene: "
             "deve essere il numero del sito in Web Analytics Italia.")

# The published editor saves through GitHub: each save opens a pull request.
CMS_LOCAL_BACKEND = None
CMS_PUBLISH_MODE = "editorial_workflow"
