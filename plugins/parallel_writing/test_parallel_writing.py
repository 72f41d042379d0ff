import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parallel_writing.parallel_writing import process_of

PLUGINS = Path(__file__).parent.parent
# A plugin of the tests: notes which process wrote each file, and logs a warning on writing
# the file named by the WARN_ON setting.
WITNESS = '''
import logging, os
from pelican import signals

def note(path, context):
    settings = context["WITNESS_SETTINGS"]
    with open(settings["WITNESS_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {os.path.relpath(path, settings['OUTPUT_PATH'])}\\n")
    if os.path.relpath(path, settings["OUTPUT_PATH"]) == settings["WARN_ON"]:
        logging.getLogger(__name__).warning("a warning while writing %s", settings["WARN_ON"])

def keep_settings(generator):
    generator.context["WITNESS_SETTINGS"] = generator.settings

def register():
    signals.generator_init.connect(keep_settings)
    signals.content_written.connect(note)
'''
SETTINGS = '''
PATH = {content!r}
PLUGIN_PATHS = [{plugins!r}, {helpers!r}]
PLUGINS = ["parallel_writing", "witness"]
WRITING_PROCESSES = {processes}
WITNESS_LOG = {log!r}
WARN_ON = {warn_on!r}
STATIC_PATHS = ["images"]
ARTICLE_SAVE_AS = "news/{{slug}}/index.html"
ARTICLE_URL = "news/{{slug}}/"
TIMEZONE = "Europe/Rome"
FEED_ALL_ATOM = "feeds/all.atom.xml"
SITEURL = "https://example.org"
'''
ARTICLES = 30


def falls_to(path, process):
    return process_of(path, 2) == process


def write_site(folder):
    content = folder / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    for number in range(ARTICLES):
        (content / f"news-{number}.md").write_text(
            f"Title: Notizia {number}\nDate: 2024-01-{number % 28 + 1:02d}\nCategory: news\n\n"
            f"Testo della notizia {number}.\n", encoding="utf-8")
    (content / "pages").mkdir()
    (content / "pages" / "progetto.md").write_text("Title: Il progetto\n\nChi siamo.\n", encoding="utf-8")
    helpers = folder / "helpers"
    helpers.mkdir()
    (helpers / "witness.py").write_text(WITNESS, encoding="utf-8")
    return content, helpers


def build(folder, processes, warn_on="", more_settings=""):
    """Build the small site of ``folder`` with ``processes`` writing processes; (result, output, log)."""
    content, helpers = folder / "content", folder / "helpers"
    if not content.exists():
        write_site(folder)
    name = f"{processes}-{warn_on.replace('/', '_')}"
    output, log = folder / f"output-{name}", folder / f"written-{name}.log"
    settings = folder / f"settings-{name}.py"
    settings.write_text(SETTINGS.format(content=str(content), plugins=str(PLUGINS), helpers=str(helpers),
                                        processes=processes, log=str(log), warn_on=warn_on) + more_settings,
                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output),
                             "--fatal", "warnings"], capture_output=True, text=True, cwd=folder,
                            env={**os.environ, "COLUMNS": "400"})
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return result, output, [line.split(" ", 1) for line in lines]


def same_tree(one, other):
    comparison = filecmp.dircmp(one, other)
    if comparison.left_only or comparison.right_only or comparison.diff_files or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(one, other, comparison.common_files, shallow=False)
    return not mismatch and not errors and all(
        same_tree(one / name, other / name) for name in comparison.common_dirs)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="without os.fork Pelican writes everything itself")
def test_two_processes_write_each_file_once_and_the_same_site_as_one(tmp_path):
    result, parallel, written = build(tmp_path, 2)
    assert result.returncode == 0, result.stdout + result.stderr
    one, sequential, written_alone = build(tmp_path, 1)
    assert one.returncode == 0, one.stdout + one.stderr
    assert same_tree(parallel, sequential)
    paths = [path for _, path in written]
    assert sorted(paths) == sorted(path for _, path in written_alone), "every file written once"
    by_process = {}
    for pid, path in written:
        by_process.setdefault(pid, []).append(path)
    assert len(by_process) == 2, "both processes wrote pages"
    assert all(len(set(falls_to(path, 0) for path in share)) == 1 for share in by_process.values())
    assert (parallel / "images" / "logo.svg").is_file(), "static files are copied (by the first process)"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="without os.fork there is no other process")
def test_a_warning_in_the_other_process_is_logged_once_and_stops_a_strict_build(tmp_path):
    warn_on = next(f"news/notizia-{number}/index.html" for number in range(ARTICLES)
                   if falls_to(f"news/notizia-{number}/index.html", 1))
    result, _, written = build(tmp_path, 2, warn_on=warn_on)
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert log.count(f"a warning while writing {warn_on}") == 1, log
    assert "Warning or error encountered" in log
    assert "in the writing process" in log, "the other process's traceback comes along"
    assert any(path == warn_on for _, path in written)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="without os.fork there is no other process")
@pytest.mark.parametrize("process", [0, 1])
def test_a_broken_template_stops_the_build_whichever_process_renders_it(tmp_path, process):
    write_site(tmp_path)
    page = next(f"news/notizia-{number}/index.html" for number in range(ARTICLES)
                if falls_to(f"news/notizia-{number}/index.html", process))
    slug = page.split("/")[1]
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    (theme / "article.html").write_text(
        '{% extends "!simple/article.html" %}{% block content %}'
        f'{{% if article.slug == "{slug}" %}}{{{{ article.missing.attribute }}}}{{% endif %}}'
        '{{ super() }}{% endblock %}', encoding="utf-8")
    result, _, written = build(tmp_path, 2, more_settings=f"THEME_TEMPLATES_OVERRIDES = [{str(theme)!r}]\n")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert log.count("CRITICAL") == 1 and "has no attribute 'missing'" in log, log
    assert ("in the writing process" in log) == (process == 1), "the other process's traceback comes along"
    assert page not in [path for _, path in written]
