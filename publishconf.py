"""Pelican settings for the published site: pelicanconf.py plus the public address.

The address comes from the environment, so the same commit can be published
under any domain or sub-path, e.g.
    SITEURL=https://example.github.io/lgnetea invoke preview
"""

import os
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
# The published editor saves through GitHub: each save opens a pull request.
CMS_LOCAL_BACKEND = None
CMS_PUBLISH_MODE = "editorial_workflow"
