"""Index the built site for search with Pagefind, once Pelican has written it.

Pagefind (the ``pagefind[bin]`` wheel: the binary, no download) reads the HTML
in the output folder and writes ``pagefind/``: an index per ``<html lang>``, and
the small script the search page loads. Only the main content of each page is
indexed: the theme marks it with ``data-pagefind-body`` and leaves out what
repeats on many pages (lists of related pages, the in-page index).

The index is kept in ``CACHE_PATH/pagefind/``, under a hash of every page's HTML and
of Pagefind's version: a build whose pages did not change copies it instead of running
Pagefind again (an entry can never be stale). The live preview skips the index
(``SEARCH_INDEX = False``): every save changes a page, and the index would double the wait.

A failure stops the build: a site whose search is broken is not published.
"""

import hashlib
import json
import logging
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)

# Pagefind also writes ready-made search interfaces; the theme has its own (js/search.js),
# so they would only be published for nothing.
UNUSED = ["pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js"]


class SearchIndexError(SystemExit):
    """Pagefind failed; SystemExit, so Pelican stops without a traceback."""


def sort_languages(entry):
    """Pagefind lists the languages in a different order on every run: sort them, for reproducible builds."""
    index = json.loads(entry.read_text(encoding="utf-8"))
    index["languages"] = dict(sorted(index["languages"].items()))
    entry.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def pages_digest(output, bundle):
    """SHA-256 of Pagefind's version and of every HTML file of ``output`` (names and bytes)."""
    digest = hashlib.sha256(version("pagefind_bin").encode())
    for path in sorted(output.rglob("*.html")):
        if bundle not in path.parents:
            digest.update(str(path.relative_to(output)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_pagefind(output, bundle):
    command = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {output}:\n{result.stderr}{result.stdout}")
    sort_languages(bundle / "pagefind-entry.json")
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()


def index_site(pelican):
    if not pelican.settings["SEARCH_INDEX"]:
        return
    output = Path(pelican.output_path)
    bundle = output / "pagefind"
    cache = Path(pelican.settings["CACHE_PATH"]) / "pagefind"
    cached = cache / pages_digest(output, bundle)
    shutil.rmtree(bundle, ignore_errors=True)
    if cached.is_dir():
        shutil.copytree(cached, bundle)
        logger.debug("Pagefind index of %s taken from %s", output, cached)
        return
    run_pagefind(output, bundle)
    shutil.rmtree(cache, ignore_errors=True)  # one entry: the index of the latest pages
    shutil.copytree(bundle, cached)
    logger.debug("Pagefind indexed %s", output)


def register():
    signals.finalized.connect(index_site)
