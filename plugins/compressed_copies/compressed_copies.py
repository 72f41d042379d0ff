"""gzip and brotli copies of the output's text files, for servers that send them as they are.

It replaces pelican-precompress, which made brotli copies at quality 11 and compressed every
file again on every build: with 1000 news items that took more time than the rest of the build.
Here:

* brotli runs at ``PRECOMPRESS_BROTLI_QUALITY`` (default 5): 30 to 40 times faster than 11,
  and only 8 to 12 % larger on these pages (docs/performance.md); gzip at level 9;
* every copy is kept in one file, ``CACHE_PATH/compressed_copies.pickle``, under the SHA-256
  of the file's bytes and of the compressor (name, version, settings): a file that did not
  change is not compressed again, and an entry can never be stale, so a build gives the same
  bytes with or without the cache. One file rather than one per copy: creating thousands of
  small files cost more than compressing them;
* a copy that would not be smaller than the file is not written (as with pelican-precompress).

* files of the output matching ``PRECOMPRESS_VENDOR_FILES`` (patterns relative to the output:
  the editor's files from npm, about 6 MB of JS that change only with package-lock.json) have
  their copies in a cache of their own, ``PRECOMPRESS_VENDOR_CACHE`` (under node_modules/):
  cleaning the site's cache, or a cold build, does not compress them again; a new
  ``npm ci`` starts it afresh. Same keys, so the bytes are the same with or without it.

Settings: ``PRECOMPRESS_GZIP``, ``PRECOMPRESS_BROTLI`` (booleans), ``PRECOMPRESS_BROTLI_QUALITY``,
``PRECOMPRESS_MIN_SIZE`` (bytes; smaller files get no copies), ``PRECOMPRESS_VENDOR_FILES``,
``PRECOMPRESS_VENDOR_CACHE``.
"""

import fnmatch
import gzip
import hashlib
import os
import pickle
import tempfile
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import blinker
import brotli
import pelican.plugins.granular_signals

TEXT_EXTENSIONS = {".atom", ".css", ".csv", ".html", ".js", ".json", ".svg", ".txt", ".xml"}
DEFAULT_BROTLI_QUALITY = 5
DEFAULT_MIN_SIZE = 20
GZIP_LEVEL = 9
# Copies no build among the last KEEP_BUILDS used are dropped; more than one is kept so
# that alternating builds (development, publishing: other addresses in the pages) reuse theirs.
KEEP_BUILDS = 4
# Creating a file takes longer than compressing it on some disks, and file calls release the
# GIL: a few threads overlap them (on the 2-core development machine, 1000 files were written
# in 0.24 s by 4 threads, in 0.57 s by one).
WRITERS = 4


def compressors(settings):
    """[(extension, identity, compress)] of the enabled formats; ``identity`` names everything the bytes depend on."""
    enabled = []
    if settings.get("PRECOMPRESS_BROTLI", True):
        quality = settings.get("PRECOMPRESS_BROTLI_QUALITY", DEFAULT_BROTLI_QUALITY)
        enabled.append((".br", f"brotli {brotli.__version__} text quality {quality}",
                        lambda data: brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)))
    if settings.get("PRECOMPRESS_GZIP", True):
        # mtime=0: no build time in the gzip header, so builds are reproducible.
        enabled.append((".gz", f"gzip zlib {zlib.ZLIB_RUNTIME_VERSION} level {GZIP_LEVEL} mtime 0",
                        lambda data: gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)))
    return enabled


class CopyCache:
    """Compressed copies by the hash of what they were made from, with the last build that used each."""

    def __init__(self, path):
        self.path = Path(path)
        self.build, self.entries = 1, {}  # key: [build, compressed bytes or b"" (not smaller)]
        try:
            with open(self.path, "rb") as file:
                build, entries = pickle.load(file)
            if isinstance(build, int) and isinstance(entries, dict):
                self.build, self.entries = build + 1, entries
        except Exception:  # missing, unreadable or of another format: start empty
            pass
        self.compressed = self.reused = 0
        self.lock = threading.Lock()

    def copy(self, data, identity, compress):
        """The compressed ``data``, or b"" when compressing does not make it smaller."""
        key = hashlib.sha256(identity.encode() + b"\0" + data).digest()
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                entry[0] = self.build
                self.reused += 1
                return entry[1]
        blob = compress(data)
        blob = blob if len(blob) < len(data) else b""
        with self.lock:
            self.entries[key] = [self.build, blob]
            self.compressed += 1
        return blob

    def save(self):
        kept = {key: entry for key, entry in self.entries.items() if entry[0] > self.build - KEEP_BUILDS}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a build running at the same time never reads half a file.
        with tempfile.NamedTemporaryFile(dir=self.path.parent, prefix=f".{self.path.name}.", delete=False) as file:
            pickle.dump((self.build, kept), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, self.path)


# Plugins that still write into the output in the background answer with (folder, wait):
# the copies of the rest are made meanwhile, those of ``folder`` once ``wait()`` returned.
still_writing = blinker.signal("compressed_copies_still_writing")


def text_files(output, skipped=()):
    for folder, subfolders, names in os.walk(output):
        subfolders[:] = [name for name in subfolders if Path(folder, name) not in skipped]
        for name in names:
            if os.path.splitext(name)[1] in TEXT_EXTENSIONS:
                yield Path(folder, name)


def write_copies(output, settings, being_written=()):
    """Write name.br and name.gz beside every text file of ``output``; return the cache.

    ``being_written``: (folder, wait) of folders still being written by others, done last.
    """
    enabled = compressors(settings)
    if not enabled:
        return None
    cache = CopyCache(Path(settings["CACHE_PATH"]) / "compressed_copies.pickle")
    vendor_files = settings.get("PRECOMPRESS_VENDOR_FILES", [])
    vendor_cache = CopyCache(settings["PRECOMPRESS_VENDOR_CACHE"]) if vendor_files else None
    minimum = settings.get("PRECOMPRESS_MIN_SIZE", DEFAULT_MIN_SIZE)

    def write(path):
        data = path.read_bytes()
        if len(data) < minimum:
            return
        name = path.relative_to(output).as_posix()
        its_cache = vendor_cache if any(fnmatch.fnmatchcase(name, pattern) for pattern in vendor_files) else cache
        for extension, identity, compress in enabled:
            copy = path.with_name(path.name + extension)
            blob = its_cache.copy(data, identity, compress)
            if blob:
                copy.write_bytes(blob)
            else:
                copy.unlink(missing_ok=True)  # a copy from an earlier build would be stale

    with ThreadPoolExecutor(WRITERS) as pool:
        # list(): an error in a thread is raised here
        list(pool.map(write, text_files(output, skipped={Path(folder) for folder, _ in being_written})))
        for folder, wait in being_written:
            wait()
            list(pool.map(write, text_files(folder)))
    cache.save()
    if vendor_cache:
        vendor_cache.save()
    return cache


def compress_output(pelican_instance):
    being_written = [answer for _, answer in still_writing.send(pelican_instance) if answer]
    write_copies(pelican_instance.output_path, pelican_instance.settings, being_written)


def register():
    # The "compress" signal comes after every `finalized` handler, so the copies are made
    # of the final files (asset_fingerprint renames the theme's files at `finalized`).
    pelican.plugins.granular_signals.register()
    blinker.signal("compress").connect(compress_output)
