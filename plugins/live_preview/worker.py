"""The live preview's session in a process of its own, and the banner that shows its problems in the browser.

``PreviewWorker`` runs a ``PreviewSession`` in a child process: Pelican's signals and the
plugins' code are loaded once per process, so when the settings or a plugin change, the
child is replaced by a fresh one, which builds everything.

When a save brings content problems, the pages stay as the last good build left them
and the preview's server (``BannerFileHandler``, for the livereload package) puts the
banner of ``components/preview_problems.html`` at the top of every page it sends, until a
build succeeds. Built pages never hold the banner, so no published build can.
"""

import json
import logging
import multiprocessing
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from .live_preview import BuildReport, NeedsRestart, PreviewSession

BODY_TAG = re.compile(rb"<body\b[^>]*>")


def serve(connection, settings_file, output, overrides, first_reason):
    """The child's loop: build, then build again for each list of changed paths received."""
    from pelican.log import init as init_logging

    os.chdir(Path(settings_file).parent)  # paths in messages are relative to the project
    init_logging(level=logging.WARNING, fatal="warnings", name="pelican")
    recorder = WarningRecorder()
    logging.getLogger().addHandler(recorder)
    try:
        session = PreviewSession(settings_file, output, overrides,
                                 on_page=lambda name: connection.send(PagePublished(name)))
        connection.send(recorder.with_warnings(session.build(reason=first_reason)))
    except Exception as error:  # settings that cannot be read: wait for the fix
        session = None
        connection.send(BuildReport(False, problems=[f"impostazioni: {error}"]))
    while True:
        try:
            changed = connection.recv()
        except EOFError:
            return
        if session is None:
            connection.send(NeedsRestart("impostazioni cambiate"))
            continue
        recorder.records.clear()
        try:
            connection.send(recorder.with_warnings(session.build(changed)))
        except NeedsRestart as restart:
            connection.send(restart)


@dataclass
class PagePublished:
    """A saved file's page put in place before its build is over (PreviewSession.publish_early)."""

    name: str


class WarningRecorder(logging.Handler):
    """Keeps the warnings and errors Pelican logs during a build (``--fatal warnings`` makes them stop it)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())

    def with_warnings(self, report):
        if not report.ok:
            report.problems = [f"costruzione: {message}" for message in self.records] + report.problems
        self.records.clear()
        return report


class PreviewWorker:
    """A PreviewSession in a child process; ``build`` returns each build's BuildReport."""

    def __init__(self, settings_file, output, overrides=None, on_page=None):
        self.arguments = (str(Path(settings_file).resolve()), str(Path(output).resolve()), overrides or {})
        self.on_page = on_page or (lambda name: None)  # called with each page published early
        self.process = self.connection = None

    def start(self, reason="prima costruzione"):
        """Start the child, which builds everything; return its report."""
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: the plugins' code as it is now
        self.connection, child = context.Pipe()
        self.process = context.Process(target=serve, args=(child, *self.arguments, reason), daemon=True)
        self.process.start()
        child.close()
        return self.receive()

    def build(self, changed):
        """Build after ``changed`` paths changed; a fresh child when the settings or a plugin changed."""
        try:
            self.connection.send([str(path) for path in changed])
        except OSError:  # the child stopped (see the terminal): start again
            self.stop()
            return self.start(reason="anteprima ripartita")
        report = self.receive()
        if isinstance(report, NeedsRestart):
            self.stop()
            return self.start(reason=str(report))
        return report

    def receive(self):
        try:
            message = self.connection.recv()
            while isinstance(message, PagePublished):
                self.on_page(message.name)
                message = self.connection.recv()
            return message
        except EOFError:
            return BuildReport(False, problems=["costruzione: l'anteprima si è fermata (vedi il terminale)"])

    def stop(self):
        if self.process is not None:
            self.connection.close()
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join()
            self.process = None


def change_batches(watch, saving):
    """The changed paths to build, from ``watch``'s sets of (change, path), one set per build.

    ``watch`` yields an empty set when nothing changed for a moment (watchfiles' timeout).
    While ``saving()`` says that the editor's backend is writing a save (the entry, then its
    photos, each in pieces), changes are kept until it is over: the save is built once, whole,
    instead of a first build that finds a photo half-written and stops on it.
    """
    changed = set()
    for changes in watch:
        changed |= {path for _, path in changes}
        if changed and not saving():
            yield changed
            changed = set()


def banner_html(problems, theme):
    """The banner listing ``problems``, from the theme's component; b"" when there are none."""
    if not problems:
        return b""
    environment = Environment(loader=FileSystemLoader(str(Path(theme) / "templates")), autoescape=True)
    macro = environment.get_template("components/preview_problems.html").module.preview_problems
    return str(macro(problems)).encode()


def write_problems(output, report):
    """admin/problemi.json: what the last build found, for the editor to show after a save.

    The editor (lgnetea-cms.js) checks one file before saving; what only the whole site shows
    (links to other pages, duplicate titles) it reads here once the save has been built.
    """
    admin = Path(output) / "admin"
    if admin.is_dir():
        (admin / "problemi.json").write_text(json.dumps(
            {"built": time.time(), "ok": report.ok, "problems": report.problems, "warnings": report.warnings},
            ensure_ascii=False), encoding="utf-8")


def with_banner(page, banner):
    """The HTML ``page`` with ``banner`` at the start of its body."""
    body = BODY_TAG.search(page) if banner else None
    return page[:body.end()] + banner + page[body.end():] if body else page


def banner_file_handler():
    """livereload's file handler, with the banner (its class attribute ``banner``) added to HTML pages."""
    from livereload.handlers import StaticFileHandler

    class BannerFileHandler(StaticFileHandler):
        banner = b""

        @classmethod
        def get_content(cls, abspath, start=None, end=None):
            if not (cls.banner and abspath.endswith(".html")):
                yield from super().get_content(abspath, start, end)
                return
            yield with_banner(Path(abspath).read_bytes(), cls.banner)[start:end]

        def get_content_size(self):
            if not (self.banner and self.absolute_path.endswith(".html")):
                return super().get_content_size()
            return len(with_banner(Path(self.absolute_path).read_bytes(), self.banner))

    return BannerFileHandler
