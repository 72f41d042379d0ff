"""The live preview's builder: after a save, only the pages that depend on the changed files are rewritten.

A ``PreviewSession`` lives as long as `invoke livereload` (in a process of its own,
see ``worker.py``) and keeps, from one build to the next, what Pelican made of the
files that did not change:

* the content objects: the generators' own cache (``CONTENT_CACHING_LAYER =
  "generator"``), kept in memory instead of a pickle, gives back the same object for
  a file whose modification time is unchanged; only changed files are read again;
* the Jinja environments, with their compiled templates;
* the content checker's reading of each file (``content_check.ContentChecker``).

Every build still runs Pelican's whole pipeline on these objects (lists, translations,
the plugins' links between pages), which takes little time, and then writes only the
pages that may have changed (``SelectiveWriter``): the changed files' pages and their
translations; the pages they name or that name them (``refs``, ``backrefs``); the pages
whose breadcrumb trail goes through them; the pages of ``pages/`` (home, lists, news
archive, results: they list or count the rest, and show the data files); and whatever
is not a content page (feed, sitemap, theme files). Pelican 4.12 no longer has
``WRITE_SELECTED``, hence the writer of our own.

Pages are written into a fresh folder and moved into the output only when the whole
build succeeded, and only those whose bytes changed; pages of deleted files are removed,
and so are the files plugins made for them (share images, photos' copies) once no page
uses them. One exception, for the clerk who has just saved in the editor: the page of each
file saved goes into the output as soon as it is written, with the copies of its photos
(``publish_early``), and the caller is told (``on_page``, which reloads the page); the
pages that also show it (lists, the pages it names, its translations) follow at the end.
A text saved is on its page in a fifth of a second, a new phone photo in about one second,
where the whole build takes two (`invoke bench-editor`).

A photo added, changed or deleted in the content (a save in the editor writes the news item
and its new photo together) is built incrementally too: plugins/responsive_images notes on
each item the photos its page shows, so the files of the pages that showed the photo are read
again, like the changed files, and make its new copies, started at once
(``responsive_images.encode_ahead``) while the content is checked and read. A photo that,
after such a build, no page shows is built in full: what uses it is not known. So is a change to a file the last build
published as it is (a document, a file of ``extra/``, a logo): its size is on pages, logos are
read at the start; to another file of the content that is not text (a document, even a new
one: the pages that link it are only found at the start); and to the theme (templates,
stylesheet, catalogues). A full build goes into a fresh folder swapped in as `invoke build`
does. A change to the settings or the plugins needs a fresh process (``worker.py``). The log
says which.

A build that stops on a content problem, or fails, leaves the output as it was (but for a
saved page already put in place); the problems come back to the caller, which shows them
above every page (``worker.py``).

It is a Pelican plugin only the live preview loads (``PREVIEW_SETTINGS``): its signal
handlers do their work only while a session is building.
"""

import errno
import filecmp
import gc
import glob
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.log import LimitFilter
from pelican.settings import read_settings
from pelican.writers import Writer
from responsive_images.responsive_images import SOURCE_SUFFIXES as PHOTO_SUFFIXES
from responsive_images.responsive_images import copies_into, encode_ahead

PLUGIN = "live_preview"
# What the preview changes in pelicanconf.py: no gzip/brotli copies, which only a real
# server uses, and no search index (every save changes a page: it would be made again
# each time; the search page says so).
# No CSP <meta>: livereload, which serves the preview, reloads the pages with an inline script.
# A new photo's copies are encoded while the pages are written (one writing process: no fork).
PREVIEW_SETTINGS = {"PRECOMPRESS_GZIP": False, "PRECOMPRESS_BROTLI": False, "SEARCH_INDEX": False,
                    "WRITING_PROCESSES": 1, "CONTENT_SECURITY_POLICY_META": "",
                    "RESPONSIVE_IMAGE_ENCODE_WHILE_WRITING": True}
# The kind of the pages of pages/: the home page, the lists, the news archive and the
# results list or count other content and show the data files: rewritten after any change.
LISTING_KIND = "page"

SESSION = None  # the session building in this process; Pelican's signals are global to a process


class NeedsRestart(Exception):
    """The settings or a plugin changed: only a fresh process sees the new code."""


@dataclass
class BuildReport:
    """What one build of the session did."""

    ok: bool
    full: bool = False
    reason: str = ""  # why the build was full
    problems: list = field(default_factory=list)  # the errors, as "path:line: campo: messaggio"
    warnings: list = field(default_factory=list)  # the checker's warnings (duplicate titles...), the same way
    written: list = field(default_factory=list)  # output files rewritten, relative
    deleted: list = field(default_factory=list)
    seconds: float = 0.0

    def summary(self):
        """One line for the terminal."""
        if not self.ok:
            count = len(self.problems)
            return (f"Anteprima non aggiornata: {count} problem{'a' if count == 1 else 'i'} "
                    "(qui sopra e in cima a ogni pagina)")
        if self.full:
            return f"Anteprima costruita per intero in {self.seconds:.2f} s".replace(".", ",")
        changes = f"{len(self.written)} file riscritti" + (f", {len(self.deleted)} tolti" if self.deleted else "")
        return f"Anteprima aggiornata in {self.seconds:.2f} s: {changes}".replace(".", ",", 1)


def full_build_reason(changed, settings, settings_file):
    """Why a change cannot be built incrementally, in the log's words; "" when it can.

    Raises NeedsRestart for the settings and the plugins (their code is loaded once per process).
    """
    theme, content = Path(settings["THEME"]).resolve(), Path(settings["PATH"]).resolve()
    plugins = [Path(path).resolve() for path in settings["PLUGIN_PATHS"]]
    reason = ""
    for path in map(lambda p: Path(p).resolve(), changed):
        if path == Path(settings_file).resolve():
            raise NeedsRestart("impostazioni cambiate (pelicanconf.py)")
        if any(path.is_relative_to(folder) for folder in plugins):
            raise NeedsRestart(f"plugin cambiato ({os.path.relpath(path)})")
        if path.is_relative_to(content) and path.suffix not in (".md", ".toml"):
            # A document or another file: the pages using it are not known. The pages showing a
            # photo are (PreviewSession.read_again_pages_showing). Editors' and tools' temporary
            # files (gone already, or hidden) are not content.
            if is_content_file(path) and path.exists() and not is_photo(path):
                reason = reason or f"file cambiato ({path.name})"
        elif path.is_relative_to(theme / "templates"):
            reason = reason or "modello cambiato"
        elif path.is_relative_to(theme):
            reason = reason or "tema cambiato"
    return reason


def is_content_file(path):
    """Not an editor's or a tool's temporary file (hidden, or named ~…)."""
    return not path.name.startswith((".", "~"))


def is_photo(path):
    """A file the pages show through plugins/responsive_images, which tells which pages do."""
    return path.suffix.lower() in PHOTO_SUFFIXES


def changed_photos(changed, settings):
    """The photos in the content among the ``changed`` paths (resolved), also those deleted."""
    content = Path(settings["PATH"]).resolve()
    return {path for path in map(lambda p: Path(p).resolve(), changed)
            if path.is_relative_to(content) and is_content_file(path) and is_photo(path)}


# The generators' lists of what they write (ArticlesGenerator's and PagesGenerator's).
WRITTEN_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "hidden_translations", "draft_pages",
                 "draft_translations")


def published_items(generators):
    """{source path: item} of every page and news item the generators write, translations included."""
    return {item.source_path: item for generator in generators for name in WRITTEN_LISTS
            for item in getattr(generator, name, ())}


def extra_outputs_of(items):
    """Files that plugins write for an item besides its page, relative to the output: its share
    image (``extra_output_files``), its photos' copies (``photo_copies``, plugins/responsive_images),
    so that those no item uses any more (the item changed or was deleted) are removed too."""
    return {name for item in items.values() for attribute in ("extra_output_files", "photo_copies")
            for name in getattr(item, attribute, ())}


def shown_photos(items):
    """The photos the pages of ``items`` show."""
    return set().union(*(getattr(item, "photo_files", ()) for item in items))


def family(item):
    """The item and its versions in other languages."""
    return [item, *getattr(item, "translations", [])]


def related_items(item, children):
    """What shows something of ``item``: its versions, what it names and what names it, its breadcrumb children."""
    found = family(item)
    for links in (getattr(item, "refs", {}), getattr(item, "backrefs", {})):
        for linked in links.values():
            for other in linked:
                found += family(other)
    for child in children.get(item.source_path, ()):
        found += family(child)
    return found


def only_text_changed(before, after):
    """Whether two versions of a file differ only in their text, which no other page shows.

    Lists, breadcrumbs, menus, the sitemap show the front matter (title, date, summary,
    references...); the text is on the page itself, and in the feed, which is always written,
    and its translations' notes say whether they are older than it.
    """
    return before.metadata == after.metadata and before.summary == after.summary


@dataclass
class Selection:
    """What an incremental build renders: the content pages in ``pages``; the other outputs
    (sitemap...) only if ``lists`` (front matter, files or data changed)."""

    pages: set
    lists: bool


def pages_to_write(before, after, data_changed=False):
    """What to render after a change, from the items of the last build and of this one (a Selection).

    ``before`` and ``after`` map source paths to content objects; an unchanged file keeps
    its object, so a changed, added or deleted file is one whose object differs.
    """
    changed = {path for path in before.keys() | after.keys() if before.get(path) is not after.get(path)}
    added_or_removed = before.keys() ^ after.keys()
    if any((before.get(path) or after[path]).kind == LISTING_KIND for path in added_or_removed):
        # A page of pages/ added or removed (a translation of a menu entry, of the home page):
        # the menu and the language switcher of every page may change.
        return Selection({item.save_as for item in after.values()}, True)
    text_only = {path for path in changed - added_or_removed if only_text_changed(before[path], after[path])}
    lists = data_changed or bool(changed - text_only)
    affected = [item for item in after.values() if item.kind == LISTING_KIND] if lists else []
    # Its translations too: each says whether it is older than the Italian text (plugins/languages).
    affected += [version for path in text_only for version in family(after[path])]
    children = {}
    if lists:
        for item in after.values():
            for parent in getattr(item, "breadcrumbs", ()):
                children.setdefault(parent.source_path, []).append(item)
    for path in changed - text_only:
        for version in (before.get(path), after.get(path)):
            if version is not None:
                affected += related_items(version, children)
    current = {id(item) for item in after.values()}
    return Selection({item.save_as for item in affected if id(item) in current}, lists)


class SelectiveWriter(Writer):
    """Pelican's writer, rendering only the content pages of ``selection``, and the other pages if lists changed.

    Feeds are always written: they hold the text of the latest news items. The pages of the
    files saved (``saved_pages``) go into the output as soon as they are written (``publish_early``).
    """

    selection = Selection(set(), True)
    content_pages = frozenset()
    saved_pages = frozenset()
    session = None

    def write_file(self, name, *args, **kwargs):
        if name in self.content_pages:
            if name not in self.selection.pages:
                return
        elif not self.selection.lists:
            return
        super().write_file(name, *args, **kwargs)
        if name in self.saved_pages:
            self.session.publish_early(name)


def same_file(first, second):
    return second.is_file() and filecmp.cmp(first, second, shallow=False)


def replace_folder(fresh, output):
    """Put the folder ``fresh`` in the place of ``output`` (renames: never a half-built folder in place)."""
    fresh.chmod(0o755)  # mkdtemp makes it private; the site is for everyone to read
    previous = output.with_name(f".{output.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    fresh.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


# The folders a build makes beside the output: a whole new site, or the pages a save changed.
FRESH_KINDS = ("new", "changes")


def fresh_folder_beside(output, kind):
    """A new folder ``.output-KIND-PID-XXXX`` beside ``output``; those left by dead processes are removed first."""
    output.parent.mkdir(parents=True, exist_ok=True)
    for other_kind in FRESH_KINDS:
        remove_stale_folders(output.parent, f".{output.name}-{other_kind}-")
    return Path(tempfile.mkdtemp(prefix=f".{output.name}-{kind}-{os.getpid()}-", dir=output.parent))


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def remove_stale_folders(parent, prefix):
    """Remove the folders ``PREFIX<pid>-<random>`` in ``parent`` whose process is gone.

    A build or publish removes its temporary folders when it fails or is stopped (SIGINT,
    SIGTERM); one killed outright (SIGKILL, a power cut) cannot: the next start does.
    """
    for path in Path(parent).glob(f"{glob.escape(prefix)}*-*"):
        pid = path.name.removeprefix(prefix).split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def is_disk_full(error):
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


# What a full disk means to whoever builds (no traceback: there is nothing to debug). Not the
# file of the error: when copying, it is often the source, not the file being written.
DISK_FULL = ("il disco è pieno: la costruzione si è fermata e i file a metà sono stati tolti; "
             "il sito di prima è rimasto com'era. Liberate spazio sul disco (per esempio svuotate il cestino "
             "o cancellate i file che non servono più) e riprovate")


class PreviewSession:
    """Builds the site into ``output`` again and again, each time rewriting only what changed."""

    def __init__(self, settings_file, output, overrides=None, log=print, on_page=None):
        from content_check.content_check import ContentChecker

        self.settings_file = str(settings_file)
        self.output = Path(output).resolve()
        settings = read_settings(self.settings_file, override={
            **PREVIEW_SETTINGS, **(overrides or {}),
            "CONTENT_CACHING_LAYER": "generator", "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": False,
        })
        # The session checks the content itself, before each build, and keeps going when it fails.
        settings["PLUGINS"] = [name for name in settings["PLUGINS"] if name != "content_check"] + [PLUGIN]
        self.settings = settings
        self.checker = ContentChecker(settings)
        self.log = log
        self.on_page = on_page or (lambda name: None)  # told each page published early
        self.saved = set()  # the Markdown files of the change being built
        self.published_early = []
        self.forget()

    def forget(self):
        """Start again from nothing: the next build is a full one."""
        gc.unfreeze()
        self.pelican = None
        self.content_caches = {}  # generator class name: Pelican's cache of content objects
        self.environments = {}  # generator class: (Jinja environment, Pelican's template cache)
        self.listings = {}  # what the generators' get_files found, while no file is added or removed
        self.items = {}  # source path: content object, of the last build that succeeded
        self.outputs = {}  # content object: output path, of the last build that succeeded
        self.extra_outputs = set()  # other files the items made (extra_outputs_of), same build
        self.data = None  # the data files (plugins/site_data) of the last build
        self.static_files = set()  # the files the last build published as they are (resolved paths)
        self.generators = []
        self.selective = False

    def build(self, changed=(), reason=""):
        """Build after ``changed`` files changed; return a BuildReport.

        The build is full when ``reason`` says why, on the first build, and after a change to the theme.
        """
        from content_check.content_check import errors_of, report

        started = time.perf_counter()
        reason = reason or full_build_reason(changed, self.settings, self.settings_file)
        if not self.items:
            reason = reason or "prima costruzione"
        reason = reason or self.static_file_reason(changed)
        photos = changed_photos(changed, self.settings)
        encode_ahead(sorted(photo for photo in photos if photo.exists()), self.settings)
        # As the watcher names them and resolved: Pelican names an item's file after the setting PATH.
        self.saved = {str(name) for path in changed if str(path).endswith(".md")
                      for name in (os.path.abspath(path), os.path.realpath(path))}
        if not reason:
            self.read_again_pages_showing(photos)
        # The watcher's list of changed files spares the checker a look at every file.
        problems = self.checker.check(None if reason else list(changed))
        if self.checker.walked:
            self.listings.clear()
        report(problems, outcome="l'anteprima mostra l'ultima versione corretta; correggete e salvate di nuovo")
        warnings = [str(p) for p in problems if p.warning]
        if errors_of(problems):
            return BuildReport(False, problems=[str(p) for p in errors_of(problems)], warnings=warnings,
                               seconds=time.perf_counter() - started)
        try:
            report_ = self.full_build(reason) if reason else self.incremental_build(photos)
        except (Exception, SystemExit) as error:  # plugins stop the build with SystemExit
            self.forget()
            message = DISK_FULL if is_disk_full(error) else str(error) or error.__class__.__name__
            self.log(f"costruzione non riuscita: {message}")
            problems = [f"costruzione: {line}" for line in message.splitlines() if line.strip()]
            return BuildReport(False, problems=problems, seconds=time.perf_counter() - started)
        # What is kept lives until the next full build: the garbage collector need not go
        # through it again at every save (with 10,000 news items that took tenths of a second).
        gc.freeze()
        report_.seconds = time.perf_counter() - started
        report_.warnings = warnings
        return report_

    def run_pelican(self, output, selective):
        global SESSION
        self.settings["OUTPUT_PATH"] = str(output)
        if self.pelican is None:
            self.pelican = Pelican(self.settings)
        self.pelican.output_path = str(output)
        self.selective = selective
        # Pelican logs each message once per process; every build must see (and fail on) its own.
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        SESSION = self
        try:
            self.pelican.run()
        finally:
            SESSION = None
        items = published_items(self.generators)
        for item in items.values():
            # Done: it gives the same links again as long as the item is kept (its file unchanged).
            item.refresh_metadata_intersite_links = done
        # What was copied as it is: not the photos shown as <picture> (plugins/responsive_images).
        self.static_files = {Path(static.source_path).resolve()
                             for static in self.generators[0].context.get("staticfiles", ())}
        return items

    def full_build(self, reason):
        self.log(f"{reason}: ricostruzione completa")
        self.forget()
        fresh = fresh_folder_beside(self.output, "new")
        try:
            items = self.run_pelican(fresh, selective=False)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        replace_folder(fresh, self.output)
        self.items, self.outputs, self.extra_outputs = items, self.outputs_of(items), extra_outputs_of(items)
        return BuildReport(True, full=True, reason=reason)

    def read_again_pages_showing(self, photos):
        """Have Pelican read again the files of the pages that show ``photos`` (added, changed or
        deleted): their <picture> names the new copies, or the build says that a photo is gone."""
        if not photos:
            return
        for cache in self.content_caches.values():
            for key in [key for key, (_, item) in cache.items() if photos & getattr(item, "photo_files", set())]:
                del cache[key]

    def static_file_reason(self, changed):
        """A file the last build published as it is (a document, a file of extra/) changed or was
        deleted: which pages show its size or read it at the start (logos) is not known."""
        for path in map(lambda p: Path(p).resolve(), changed):
            if path in self.static_files:
                return f"file cambiato ({path.name})"
        return ""

    def unknown_use_reason(self, photos, items):
        """Why the incremental build that made ``items`` cannot stand for the changed ``photos``: a
        photo that no page shows, so what uses it is not known; "" when every one is shown."""
        shown = shown_photos(items.values())
        for photo in sorted(photos):
            if photo.exists() and photo not in shown:
                return f"file cambiato ({photo.name})"
        return ""

    def incremental_build(self, photos):
        """Build only what changed; in full when a changed photo turns out to need it (``unknown_use_reason``)."""
        staging = fresh_folder_beside(self.output, "changes")
        self.published_early = []
        try:
            items = self.run_pelican(staging, selective=True)
            reason = self.unknown_use_reason(photos, items)
            written = [] if reason else sorted({*self.apply(staging), *self.published_early})
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        if reason:
            return self.full_build(reason)
        outputs, extra = self.outputs_of(items), extra_outputs_of(items)
        gone = (set(self.outputs.values()) | self.extra_outputs) - (set(outputs.values()) | extra)
        deleted = []
        for name in sorted(gone):
            path = self.output / name
            if path.is_file():
                path.unlink()
                deleted.append(name)
                remove_empty_folders(path.parent, self.output)
        self.items, self.outputs, self.extra_outputs = items, outputs, extra
        return BuildReport(True, written=written, deleted=deleted)

    def publish_early(self, name):
        """Put the page ``name`` of a saved file into the output as soon as it is written, with the
        copies of its photos, and say so (``on_page``): the clerk who saved it sees it before the
        other pages that show it (lists, the pages it names, its translations) are written.

        Unlike them, it stays in place if the build then fails: the preview's banner says why.
        It waits for no page if a photo cannot be published: the build is about to stop on it.
        """
        written, target = Path(self.pelican.output_path) / name, self.output / name
        if same_file(written, target):
            return
        copies = copies_into(self.output)
        if copies is None:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.new")  # whole or not there, for the server
        shutil.copyfile(written, temporary)
        os.replace(temporary, target)
        self.published_early += [*copies, name]
        self.on_page(name)

    def apply(self, staging):
        """Move the files of ``staging`` that differ from the output's into it; return their relative paths."""
        written = []
        for path in sorted(staging.rglob("*")):
            if path.is_dir():
                continue
            relative = path.relative_to(staging)
            target = self.output / relative
            if same_file(path, target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            written.append(str(relative))
        return written

    # --- signal handlers (register) --------------------------------------------------

    def reuse_environment(self, generator):
        kept = self.environments.get(type(generator))
        if kept is None:
            self.environments[type(generator)] = (generator.env, generator._templates)
        else:
            generator.env, generator._templates = kept

    def keep_content_in_memory(self, generator):
        generator._cache = self.content_caches.setdefault(type(generator).__name__, {})
        generator._cache_data_policy = True
        generator.save_cache = lambda: None  # in memory only: pickling every object would take longer
        # The checker has just looked at every file: no second stat of each.
        generator._filestamp_func = self.file_stamp
        speed_up(generator)
        self.keep_listing(generator)

    def keep_listing(self, generator):
        """The generator's files listed again only when the checker saw a folder change."""
        get_files = generator.get_files

        def kept_files(paths, exclude=None, extensions=None):
            key = (type(generator).__name__, repr((paths, exclude, extensions)))
            if key not in self.listings:
                self.listings[key] = get_files(paths, exclude, extensions)
            return set(self.listings[key])

        generator.get_files = kept_files

    def file_stamp(self, path):
        checked = self.checker.files.get(path)
        if checked is None:
            status = os.stat(path)
            return (status.st_mtime_ns, status.st_size)
        return checked.stamp

    def writer(self):
        data = self.generators[0].context.get("DATA")
        data_changed, self.data = data != self.data, data
        if not self.selective:
            return None
        items = published_items(self.generators)
        outputs = self.outputs_of(items)
        return type("SelectiveWriter", (SelectiveWriter,), {
            "selection": pages_to_write(self.items, items, data_changed),
            "content_pages": frozenset(outputs.values()),
            "saved_pages": frozenset(output for item, output in outputs.items()
                                     if item.source_path in self.saved),
            "session": self,
        })

    def outputs_of(self, items):
        """{item: its output path}: an unchanged item's from the last build (Pelican works it out at each call)."""
        kept = self.outputs
        return {item: kept[item] if item in kept else item.save_as for item in items.values()}


# --- Pelican's steps that take time in proportion to the number of items, or its square ---------------
# Measured with 10,000 news items, where they took most of an incremental build. Each is
# done here as Pelican does it, only faster; the equivalence test checks the output.

def kept(item, name, compute):
    """``compute()``, once per content object: the session keeps unchanged objects between builds."""
    value = item.__dict__.get(name)
    if value is None:
        value = item.__dict__[name] = compute()
    return value


def done():
    """Nothing left to do."""


def speed_up(generator):
    def add_source_path(content, static=False):
        location = kept(content, "relative_source_path", content.get_relative_source_path)
        generator.context["static_content" if static else "generated_content"][location] = content

    def add_static_links(content):
        generator.context["static_links"] |= kept(content, "static_links", content.get_static_links)

    generator.add_source_path, generator.add_static_links = add_source_path, add_static_links
    # Files of kinds without a reader: only a full build can meet new ones (full_build_reason).
    generator.check_disabled_readers = lambda: None


def remove_empty_folders(folder, root):
    while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def reuse_environment(generator):
    if SESSION:
        SESSION.reuse_environment(generator)


def keep_content_in_memory(generator):
    if SESSION:
        SESSION.keep_content_in_memory(generator)


def note_generators(generators):
    if SESSION:
        SESSION.generators = generators


def selective_writer(pelican):
    return SESSION.writer() if SESSION else None


def register():
    signals.generator_init.connect(reuse_environment)
    signals.article_generator_init.connect(keep_content_in_memory)
    signals.page_generator_init.connect(keep_content_in_memory)
    signals.all_generators_finalized.connect(note_generators)
    signals.get_writer.connect(selective_writer)
