"""Pelican settings for the published site: pelicanconf.py plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address, e.g. https://example.github.io/lgnetea (no trailing slash).
SITEURL = os.environ.get("SITEURL", "https://lgnetea.example.org").rstrip("/")
SITE_ABSOLUTE_URL = SITEURL
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
