"""Index the built site for search with Pagefind, once Pelican has written it.

Pagefind (the ``pagefind[bin]`` wheel: the binary, no download) reads the HTML
in the output folder and writes ``pagefind/``: an index per ``<html lang>``, and
the small script the search page loads. Only the main content of each page is
indexed: the theme marks it with ``data-pagefind-body`` and leaves out what
repeats on many pages (lists of related pages, the in-page index).

A failure stops the build: a site whose search is broken is not published.
"""

import json
import logging
import subprocess
import sys
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


def index_site(pelican):
    if not pelican.settings.get("SEARCH_INDEX", True):
        return
    command = [sys.executable, "-m", "pagefind", "--site", pelican.output_path, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {pelican.output_path}:\n{result.stderr}{result.stdout}")
    bundle = Path(pelican.output_path) / "pagefind"
    sort_languages(bundle / "pagefind-entry.json")
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    logger.debug("Pagefind indexed %s", pelican.output_path)


def register():
    signals.finalized.connect(index_site)
