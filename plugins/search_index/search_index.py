"""Index the built site for search with Pagefind, once Pelican has written it.

Pagefind (the ``pagefind[extended]`` wheel: the binary, no download; the extended build,
which splits Chinese text, which has no spaces, into words) reads the HTML
in the output folder and writes ``pagefind/``: an index per ``<html lang>``, and
the small script the search page loads. Only the main content of each page is
indexed: the theme marks it with ``data-pagefind-body`` and leaves out what
repeats on many pages (lists of related pages, the in-page index).

The index is kept in ``CACHE_PATH/pagefind/``, one file named by a hash of every page's
HTML and of Pagefind's version: a build whose pages did not change unpacks it instead of
waiting for Pagefind (an entry can never be stale). One file rather than a copy of the
bundle: creating its files (250 for the real site, 10,000 with 10,000 news items) cost a
cold build almost as much as Pagefind itself. The live preview skips the index
(``SEARCH_INDEX = False``): every save changes a page, and the index would double the wait.

Pagefind starts as soon as the pages are written and runs in a subprocess while the build
goes on: the hash of the pages is worked out meanwhile (Pagefind is stopped if the cache
has their index), and in the published build compressed_copies makes the copies of the
pages (the two use both cores), then waits for it to compress its files.
(Tried and left: sending each page to Pagefind's service mode as Pelican writes it. Its
index must still be written at the end, which took most of the time, and encoding the
pages for it cost more CPU than the overlap saved: 2.48 s against 2.15 s with 100 news.)

A failure stops the build: a site whose search is broken is not published.
"""

import hashlib
import json
import logging
import os
import pickle
import shutil
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

import blinker
import pagefind_bin_extended
import pelican.plugins.granular_signals
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


def html_files(output, bundle):
    """The HTML files of ``output`` but Pagefind's ``bundle`` (which it may be writing), sorted."""
    found = []
    for folder, subfolders, names in os.walk(output):
        subfolders[:] = [name for name in subfolders if Path(folder, name) != bundle]
        found += (Path(folder, name) for name in names if name.endswith(".html"))
    return sorted(found)


def pages_digest(output, bundle):
    """SHA-256 of Pagefind's version and of every HTML file of ``output`` (names and bytes)."""
    digest = hashlib.sha256(version("pagefind_bin_extended").encode())
    for path in html_files(output, bundle):
        digest.update(str(path.relative_to(output)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def start_pagefind(output, bundle):
    """Start Pagefind on ``output``; return (the function that waits for it and completes ``bundle``, stop)."""
    # The binary itself: `python -m pagefind` would start another Python only to run it.
    command = [str(pagefind_bin_extended.get_executable()), "--site", str(output), "--silent"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish():
        messages, _ = process.communicate()
        if process.returncode != 0:
            raise SearchIndexError(f"Pagefind could not index {output}:\n{messages}")
        sort_languages(bundle / "pagefind-entry.json")
        for pattern in UNUSED:
            for path in bundle.glob(pattern):
                path.unlink()

    def stop():
        process.kill()
        process.communicate()

    return finish, stop


def pack(bundle, archive):
    """Keep the files of ``bundle`` in the one file ``archive``, the only entry of its folder."""
    files = {path.relative_to(bundle).as_posix(): path.read_bytes() for path in bundle.rglob("*") if path.is_file()}
    shutil.rmtree(archive.parent, ignore_errors=True)  # one entry: the index of the latest pages
    archive.parent.mkdir(parents=True)
    # Written aside and renamed: a build running at the same time never reads half a file.
    with tempfile.NamedTemporaryFile(dir=archive.parent, prefix=".", delete=False) as file:
        pickle.dump(files, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(file.name, archive)


def unpack(archive, bundle):
    """Write the files kept in ``archive`` into ``bundle``."""
    with archive.open("rb") as file:
        files = pickle.load(file)
    for name, data in files.items():
        path = bundle / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# Output folder → the function that waits for its Pagefind, while Pagefind runs.
RUNNING = {}


def start_index(pelican):
    """Start Pagefind and let the build go on (compressed_copies works meanwhile), or unpack the cached index."""
    if not pelican.settings["SEARCH_INDEX"]:
        return
    output = Path(pelican.output_path)
    bundle = output / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)
    finish_pagefind, stop_pagefind = start_pagefind(output, bundle)
    cached = Path(pelican.settings["CACHE_PATH"]) / "pagefind" / f"{pages_digest(output, bundle)}.pickle"
    if cached.is_file():
        stop_pagefind()
        shutil.rmtree(bundle, ignore_errors=True)
        unpack(cached, bundle)
        logger.debug("Pagefind index of %s taken from %s", output, cached)
        return

    def finish():
        finish_pagefind()
        pack(bundle, cached)
        logger.debug("Pagefind indexed %s", output)

    RUNNING[output] = finish


def finish_index(pelican):
    """Wait for Pagefind, if it still runs on this build's output; its failure stops the build."""
    finish = RUNNING.pop(Path(pelican.output_path), None)
    if finish:
        finish()


def index_being_written(pelican):
    """compressed_copies asks which folders are still being written: Pagefind's, until it is done."""
    output = Path(pelican.output_path)
    if output in RUNNING:
        return output / "pagefind", lambda: finish_index(pelican)
    return None


def index_site(pelican):
    """Index the site and wait for the index."""
    start_index(pelican)
    finish_index(pelican)


def register():
    pelican.plugins.granular_signals.register()
    signals.finalized.connect(start_index)
    # compressed_copies' signal, by name: the plugins are loaded in the order of PLUGINS.
    blinker.signal("compressed_copies_still_writing").connect(index_being_written)
    # The last signal of a build: waits for Pagefind if compressed_copies did not (copies switched off).
    blinker.signal("deploy").connect(finish_index)
