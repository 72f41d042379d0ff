"""Pelican's writing in several processes: each renders and writes its share of the pages.

Pelican renders the pages one after the other on one core, and rendering is most of a cold
build (with 10,000 news items, over half of bare Pelican's time). When the writing starts
(the ``get_writer`` signal), the build forks into ``WRITING_PROCESSES`` processes. Each runs
the generators whose whole output goes through the writer (articles, pages) on the same
content, and writes only the files whose output path falls to it by a hash of the path: a
path written twice falls to the same process both times, so Pelican still refuses it. The
other generators (static files) run in the first process only.

The other processes leave when their writing is done, at the ``finalized`` signal, before
any other plugin's handler; the first waits for them there and the build goes on in it
alone. What they log is sent to the first process and logged there (they write nothing to
the terminal themselves), and an exception of theirs is raised there: a problem shows and
stops the build as it would in one process.

With ``WRITING_PROCESSES = 1``, or where there is no ``os.fork`` (Windows), Pelican writes
everything itself. The live preview, which writes a few pages at each save, uses one.
"""

import gc
import logging
import os
import pickle
import signal
import sys
import traceback
import zlib

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator, TemplatePagesGenerator
from pelican.writers import Writer

# Generators that write everything through the writer: they run in every process.
SHARED_GENERATORS = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)


def process_of(path, count):
    """Which of ``count`` writing processes writes the output file ``path`` (0: the first)."""
    return zlib.crc32(os.fsencode(path)) % count


class Share:
    """This process's part of the writing: the files of the ``index``-th of ``count`` processes."""

    index, count = 0, 1
    generators = []  # the build's, from all_generators_finalized
    children = []  # in the first process: (pid, read end of its pipe) of each other process
    pipe = None  # in the other processes: the write end of theirs

    @classmethod
    def has(cls, path):
        return process_of(path, cls.count) == cls.index


class SharedWriter(Writer):
    """Pelican's writer; while a shared generator runs, it writes only this process's files."""

    sharing = False

    def skips(self, path):
        return self.sharing and not Share.has(path)

    def write_file(self, name, *args, **kwargs):
        if not self.skips(name):
            return super().write_file(name, *args, **kwargs)
        return None

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path is None or not self.skips(path):
            return super().write_feed(elements, context, path, *args, **kwargs)
        return None


def sharing(generate_output):
    def generate(writer):
        writer.sharing = True
        try:
            generate_output(writer)
        finally:
            writer.sharing = False
    return generate


def send(message):
    pickle.dump(message, Share.pipe, protocol=pickle.HIGHEST_PROTOCOL)


class SendToFirstProcess(logging.Handler):
    """In the other processes: each log record goes to the first process, which logs it."""

    def emit(self, record):
        record.msg, record.args = record.getMessage(), None  # the arguments may not pickle
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        send(("log", record))


def picklable(error):
    """``error`` with the other process's traceback as a note, or a RuntimeError carrying it."""
    trace = "".join(traceback.format_exception(error))
    try:
        error.add_note(f"(in the writing process {os.getpid()})\n{trace}")
        pickle.dumps(error)
        return error
    except Exception:
        return RuntimeError(f"the writing process {os.getpid()} failed:\n{trace}")


def reporting_failures(generate_output):
    """In the other processes: a failure is sent to the first process, and the process leaves."""
    def generate(writer):
        try:
            generate_output(writer)
        except BaseException as error:
            send(("error", picklable(error)))
            leave(1)
    return generate


def stopping_others_on_failure(generate_output):
    """In the first process: if its writing fails, the others are stopped before the error goes on."""
    def generate(writer):
        try:
            generate_output(writer)
        except BaseException:
            stop_others()
            raise
    return generate


def leave(status):
    Share.pipe.close()
    # Not sys.exit: nothing of the first process's (callers, atexit) may run here, nor its
    # buffered output be written twice. This process wrote nothing to the terminal itself:
    # a thread of the first (Pelican's spinner) may have held the terminal's locks at the fork.
    os._exit(status)


def become_other_process(index, write_end):
    Share.index, Share.pipe, Share.children = index, os.fdopen(write_end, "wb"), []
    logging.getLogger().handlers = [SendToFirstProcess()]
    for generator in Share.generators:
        if isinstance(generator, SHARED_GENERATORS):
            generator.generate_output = reporting_failures(sharing(generator.generate_output))
        else:
            generator.generate_output = lambda writer: None


def fork_writers(pelican):
    count = pelican.settings.get("WRITING_PROCESSES", 1)
    if count < 2 or not hasattr(os, "fork"):
        return None
    Share.count = count
    sys.stdout.flush()
    sys.stderr.flush()
    # The objects read so far are shared with the other processes until written to: a
    # collection would touch every one of them, and the memory would be copied.
    gc.freeze()
    for index in range(1, count):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            for _, other in Share.children:
                os.close(other)
            os.close(read_end)
            become_other_process(index, write_end)
            return SharedWriter
        os.close(write_end)
        Share.children.append((pid, read_end))
    for generator in Share.generators:
        generate_output = generator.generate_output
        if isinstance(generator, SHARED_GENERATORS):
            generate_output = sharing(generate_output)
        generator.generate_output = stopping_others_on_failure(generate_output)
    return SharedWriter


def messages(read_end):
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            try:
                yield pickle.load(pipe)
            except EOFError:
                return


def wait_for_others(pelican):
    """The first process waits for the others and logs what they logged; the others leave."""
    if Share.pipe:
        send(("done", None))
        leave(0)
    if not Share.children:
        return
    error = None
    for pid, read_end in Share.children:
        done = False
        for kind, value in messages(read_end):
            if kind == "log":  # already through the other process's filters
                logging.getLogger(value.name).callHandlers(value)
            elif kind == "error":
                error = error or value
            done = done or kind == "done"
        _, status = os.waitpid(pid, 0)
        if not done and not error:
            error = RuntimeError(f"the writing process {pid} stopped without finishing "
                                 f"(exit status {os.waitstatus_to_exitcode(status)})")
    finish()
    if error:
        raise error


def stop_others():
    for pid, read_end in Share.children:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(read_end)
    finish()


def finish():
    Share.children, Share.generators, Share.index, Share.count = [], [], 0, 1
    gc.unfreeze()


def note_generators(generators):
    Share.generators = generators


def register():
    signals.all_generators_finalized.connect(note_generators)
    signals.get_writer.connect(fork_writers)
    # Before every other plugin's finalized handler (this plugin comes before them in PLUGINS).
    signals.finalized.connect(wait_for_others)
