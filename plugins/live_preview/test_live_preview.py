"""The live preview's builder: after each edit, the incremental build equals a clean full build, byte for byte.

The builder runs in its own process (PreviewWorker), on a copy of the project with the
real content (its Italian pages and their English and Arabic translations: see
tests.browser.drop_translations), as `invoke livereload` runs it; the full builds are
`pelican` processes with the same preview settings.
"""

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from live_preview.live_preview import PREVIEW_SETTINGS, NeedsRestart, Selection, full_build_reason, pages_to_write
from live_preview.worker import PreviewWorker, banner_html, change_batches, with_banner
from tests.browser import drop_translations

ROOT = Path(__file__).resolve().parents[2]


def copy_project(folder):
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, folder / name)
    for name in ("plugins", "theme", "content"):
        shutil.copytree(ROOT / name, folder / name, ignore=ignore)
    drop_translations(folder / "content")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")  # the editor's files (plugins/cms_config)
    return folder


def full_build(project, output):
    options = ["-e", *(f"{key}={json.dumps(value)}" for key, value in PREVIEW_SETTINGS.items())]
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output),
         "--fatal", "warnings", *options],
        cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def files_of(folder):
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def sources_of(project):
    """What a build is made from: the same sources make the same site (tests/test_publish_build.py)."""
    paths = [project / "pelicanconf.py", *(path for name in ("content", "theme", "plugins")
                                           for path in sorted((project / name).rglob("*")) if path.is_file())]
    digest = hashlib.sha256()
    for path in paths:
        if "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(project)}\0{path.stat().st_size}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def assert_same_site(project, output, tmp_path, step, full_builds):
    """The live preview's ``output`` is what a clean full build makes; ``full_builds`` keeps
    the full builds by their sources, so that a step that undoes another compares with the
    site built before rather than building it again."""
    sources = sources_of(project)
    if sources not in full_builds:
        full_builds[sources] = files_of(full_build(project, tmp_path / f"full-{step}"))
    expected = full_builds[sources]
    actual = files_of(output)
    assert sorted(actual.keys() - expected.keys()) == [], f"{step}: files a full build does not make"
    assert sorted(expected.keys() - actual.keys()) == [], f"{step}: files missing"
    assert [name for name in expected if expected[name] != actual[name]] == [], f"{step}: files that differ"


def make_photo(path, colour):
    """A small JPEG, of one colour: another colour is another photo."""
    from PIL import Image

    Image.new("RGB", (640, 480), colour).save(path, quality=90)
    return path


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    return copy_project(folder)


@pytest.fixture
def worker(project):
    worker = PreviewWorker(project / "pelicanconf.py", project / "output")
    first = worker.start()
    assert first.ok and first.full and first.reason == "prima costruzione", first.problems
    yield worker
    worker.stop()


@pytest.mark.slow
def test_incremental_builds_equal_full_builds(project, worker, tmp_path):
    content, output = project / "content", project / "output"
    full_builds = {}
    news = content / "news" / "progetto-concluso.md"

    # A document linked from a page of pages/: every later change of front matter renders that
    # page again from the object kept since this build, whose link must not be labelled twice.
    document = content / "pages" / "dati-progetto.csv"
    document.write_text("comune,sportelli\nlatina,1\n", encoding="utf-8")
    page = content / "pages" / "progetto.md"
    edit(page, "\n\n", "\n\nI [dati del progetto](dati-progetto.csv) in una tabella.\n\n")
    report = worker.build([document, page])
    assert report.ok and report.full, report.problems
    assert b"(CSV, 1" in (output / "progetto" / "index.html").read_bytes()

    edit(news, "Title: ", "Title: Il progetto è finito: ")
    report = worker.build([news])
    assert report.ok and not report.full
    assert "news/progetto-concluso/index.html" in report.written and "index.html" in report.written
    assert "news/miniprogetti-latina/index.html" not in report.written  # another news item
    assert_same_site(project, output, tmp_path, "title", full_builds)

    other = content / "news" / "miniprogetti-latina.md"
    fields = other.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "Comuni:" in fields and "torino" not in fields
    edit(other, "Comuni: ", "Comuni: torino, ")
    report = worker.build([other])
    assert report.ok and "comuni/torino/index.html" in report.written
    assert_same_site(project, output, tmp_path, "municipality added", full_builds)
    edit(other, "Comuni: torino, ", "Comuni: ")
    report = worker.build([other])
    assert report.ok and "comuni/torino/index.html" in report.written
    assert_same_site(project, output, tmp_path, "municipality removed", full_builds)

    # A summary, shown on the municipality's page: the item read again takes the old one's place
    # in the lists of what it names (crossrefs links only the changed item again).
    edit(other, "Summary: ", "Summary: In breve: ")
    report = worker.build([other])
    assert report.ok and "comuni/latina/index.html" in report.written
    assert_same_site(project, output, tmp_path, "summary", full_builds)

    # A news item and its new photo, saved together as the editor does: only the pages they
    # change are built, the photo's copies (plugins/responsive_images) included.
    added, photo = content / "news" / "nuova-sede.md", content / "news" / "sede.jpg"
    make_photo(photo, "steelblue")
    added.write_text("Title: Una nuova sede a Latina\nDate: 2022-03-01\nComuni: latina\n"
                     "Summary: Lo sportello di Latina ha una nuova sede.\n\nLo sportello ha cambiato sede.\n\n"
                     "![L'ingresso della nuova sede](sede.jpg)\n", encoding="utf-8")
    report = worker.build([photo, added])
    assert report.ok and not report.full, report.reason
    assert (output / "news" / "nuova-sede" / "index.html").is_file()
    copies = [name for name in report.written if name.startswith("images/sede-")]
    assert copies and all((output / name).is_file() for name in copies)
    assert_same_site(project, output, tmp_path, "news added with its photo", full_builds)

    # Another photo under the same name: the page that shows it is read again, although it did not change.
    make_photo(photo, "darkorange")
    report = worker.build([photo])
    assert report.ok and not report.full, report.reason
    assert "news/nuova-sede/index.html" in report.written and sorted(report.deleted) == sorted(copies), report.deleted
    assert_same_site(project, output, tmp_path, "photo replaced", full_builds)

    # Named as Pelican's link this time: the original is not published, also while the page is kept.
    renamed = photo.rename(content / "news" / "ingresso-sede.jpg")
    edit(added, "(sede.jpg)", "({static}ingresso-sede.jpg)")
    report = worker.build([photo, renamed, added])
    assert report.ok and not report.full, report.reason
    assert_same_site(project, output, tmp_path, "photo renamed", full_builds)

    # A photo no page shows: what uses it is not known.
    unused = make_photo(content / "news" / "scarto.jpg", "olive")
    report = worker.build([unused])
    assert report.ok and report.full and report.reason == "file cambiato (scarto.jpg)"
    unused.unlink()
    report = worker.build([unused])
    assert report.ok and not report.full and report.written == report.deleted == []
    assert_same_site(project, output, tmp_path, "photo renamed, page kept", full_builds)

    added.unlink()
    renamed.unlink()
    report = worker.build([added, renamed])
    # The page, its share image (plugins/share_images) and the photo's copies.
    assert report.ok and not report.full and "news/nuova-sede/index.html" in report.deleted
    assert [name.split("/")[0] for name in report.deleted].count("share") == 1, report.deleted
    assert [name for name in report.deleted if name.startswith("images/")], report.deleted
    assert not (output / "news" / "nuova-sede").exists() and not (output / "images").exists()
    assert_same_site(project, output, tmp_path, "news deleted with its photo", full_builds)

    translation = content / "comuni" / "latina.en.md"
    edit(translation, "\n\n", "\n\nA sentence added to the English page.\n\n")
    report = worker.build([translation])
    assert report.ok and "en/comuni/latina/index.html" in report.written
    assert "comuni/latina/index.html" not in report.written  # the Italian page did not change
    assert_same_site(project, output, tmp_path, "translation", full_builds)

    data = content / "dati" / "risultati.toml"
    edit(data, "valore = ", "valore = 1")
    report = worker.build([data])
    assert report.ok and "risultati/index.html" in report.written and "dati/risultati.json" in report.written
    assert_same_site(project, output, tmp_path, "data file", full_builds)

    # A document deleted with the link to it: the last build published it, and which pages show
    # its size is not known.
    edit(page, "\n\nI [dati del progetto](dati-progetto.csv) in una tabella.\n\n", "\n\n")
    document.unlink()
    report = worker.build([page, document])
    assert report.ok and report.full and report.reason == "file cambiato (dati-progetto.csv)"
    assert_same_site(project, output, tmp_path, "document deleted", full_builds)

    template = project / "theme" / "templates" / "components" / "footer.html"
    edit(template, "</footer>", "<p>Modello cambiato.</p></footer>")
    report = worker.build([template])
    assert report.ok and report.full and report.reason == "modello cambiato"
    assert b"Modello cambiato." in (output / "index.html").read_bytes()
    assert_same_site(project, output, tmp_path, "template", full_builds)


def test_content_errors_keep_the_last_good_pages_until_fixed(project, worker):
    news = project / "content" / "news" / "lgnet2.md"
    page = project / "output" / "news" / "lgnet2" / "index.html"
    before = page.read_bytes()
    original = news.read_text(encoding="utf-8")
    edit(news, "Date: ", "Date: ieri ")
    report = worker.build([news])
    assert not report.ok
    assert any(problem.startswith("content/news/lgnet2.md:2: Date: data non valida") for problem in report.problems)
    assert page.read_bytes() == before
    news.write_text(original.replace("\n\n", "\n\nTesto corretto.\n\n", 1), encoding="utf-8")
    report = worker.build([news])
    assert report.ok and report.problems == [] and b"Testo corretto." in page.read_bytes()

    # A problem in files that did not change, from a file deleted (the municipality they name),
    # shown until that file is back.
    municipality = project / "content" / "comuni" / "torino.md"
    text = municipality.read_text(encoding="utf-8")
    municipality.unlink()
    report = worker.build([municipality])
    assert not report.ok
    assert any(problem.startswith("content/news/lgnet2.md:4: Comuni: «torino» non esiste")
               for problem in report.problems), report.problems
    municipality.write_text(text, encoding="utf-8")
    report = worker.build([municipality])
    assert report.ok and report.problems == []


def test_a_saved_page_is_shown_with_its_photos_before_the_rest_of_its_build(project, worker):
    """The page of the file saved goes into the output as soon as it is written, with the copies of
    its photos (never a <picture> without its files), and the preview is told; the rest follows."""
    output, news = project / "output", project / "content" / "news" / "lgnet2.md"
    photo = make_photo(news.parent / "sportello-a1b2c3.jpg", (200, 40, 40))
    edit(news, "\n\n", "\n\n![Lo sportello di Latina](sportello-a1b2c3.jpg)\n\n")
    shown = []

    def on_page(name):
        page = (output / name).read_text(encoding="utf-8")
        copies = re.findall(r"images/sportello-a1b2c3-[^ \"',]+", page)
        shown.append((name, "Lo sportello di Latina" in page, len(set(copies)),
                       all((output / copy).is_file() for copy in copies)))

    worker.on_page = on_page
    report = worker.build([news, photo])
    assert report.ok, report.problems
    assert shown == [("news/lgnet2/index.html", True, 4, True)]  # 480 and 640 wide, WebP and JPEG
    assert "news/lgnet2/index.html" in report.written


def test_settings_change_restarts_and_builds_everything(project, worker):
    settings = project / "pelicanconf.py"
    edit(settings, '"Il progetto è stato cofinanziato', '"Anteprima. Il progetto è stato cofinanziato')
    report = worker.build([settings])
    assert report.ok and report.full and report.reason == "impostazioni cambiate (pelicanconf.py)"
    assert "Anteprima. Il progetto" in (project / "output" / "index.html").read_text(encoding="utf-8")


def test_a_save_the_editor_is_writing_is_built_once_it_is_written_whole():
    """The entry, then its photo in pieces: one build, with every file, after the backend has answered."""
    entry, photo, other = (1, "content/news/a.md"), (1, "content/news/a.jpg"), (2, "content/news/b.md")
    # (what the watcher yields, whether the editor's backend is still writing the save), in time order
    timeline = [({entry}, True), ({photo}, True), (set(), True), ({photo}, False), (set(), False),
                ({other}, False), (set(), False)]
    now = {}

    def watch():
        for changes, saving in timeline:
            now["saving"] = saving
            yield changes

    batches = list(change_batches(watch(), lambda: now["saving"]))
    assert batches == [{"content/news/a.md", "content/news/a.jpg"}, {"content/news/b.md"}]


def test_banner_lists_problems_escaped_and_only_when_there_are_some():
    banner = banner_html(["content/news/a.md:2: Date: data non valida «<b>»"], ROOT / "theme").decode()
    assert 'role="alert"' in banner and "content/news/a.md:2: Date: data non valida «&lt;b&gt;»" in banner
    assert "style=" not in banner and "<script" not in banner
    assert banner_html([], ROOT / "theme") == b""
    page = b'<html><head></head><body id="inizio"><main></main></body></html>'
    assert with_banner(page, b"<section>x</section>") == (
        b'<html><head></head><body id="inizio"><section>x</section><main></main></body></html>')
    assert with_banner(page, b"") == page


class Item:
    def __init__(self, path, kind, save_as, **links):
        self.source_path, self.kind, self.save_as = path, kind, save_as
        self.translations, self.breadcrumbs = [], []
        self.refs, self.backrefs = links.get("refs", {}), links.get("backrefs", {})
        self.metadata, self.summary = {"title": save_as, **links.get("metadata", {})}, ""


def test_pages_to_write_follow_references_translations_breadcrumbs_and_listing_pages():
    home = Item("pages/home.md", "page", "index.html")
    archive = Item("pages/news.md", "page", "news/index.html")
    latina, roma = Item("comuni/latina.md", "municipality", "l"), Item("comuni/roma.md", "municipality", "r")
    latina_en = Item("comuni/latina.en.md", "municipality", "en/l")
    latina.translations, latina_en.translations = [latina_en], [latina]
    old = Item("news/a.md", "news", "a", refs={"municipality": [roma]}, metadata={"comuni": "roma"})
    new = Item("news/a.md", "news", "a", refs={"municipality": [latina]}, metadata={"comuni": "latina"})
    other = Item("news/b.md", "news", "b")
    other.breadcrumbs = [home, archive]
    before = {i.source_path: i for i in (home, archive, latina, latina_en, roma, old, other)}
    after = {**before, "news/a.md": new}
    assert pages_to_write(before, after) == Selection({"index.html", "news/index.html", "a", "l", "en/l", "r"}, True)
    assert pages_to_write(before, before) == Selection(set(), False)
    assert pages_to_write(before, before, data_changed=True) == Selection({"index.html", "news/index.html"}, True)
    text_edited = Item("news/a.md", "news", "a", refs={"municipality": [roma]}, metadata={"comuni": "roma"})
    assert pages_to_write(before, {**before, "news/a.md": text_edited}) == Selection({"a"}, False)
    latina_text_edited = Item("comuni/latina.md", "municipality", "l")
    latina_text_edited.translations = [latina_en]
    # The translation now says it is older than the Italian text.
    assert pages_to_write(before, {**before, "comuni/latina.md": latina_text_edited}) == Selection({"l", "en/l"}, False)
    retitled_archive = Item("pages/news.md", "page", "news/index.html", metadata={"title": "Notizie"})
    assert "b" in pages_to_write(before, {**before, "pages/news.md": retitled_archive}).pages  # its breadcrumbs
    translated_home = Item("pages/home.en.md", "page", "en/index.html")
    assert pages_to_write(before, {**before, "pages/home.en.md": translated_home}) == Selection(
        {item.save_as for item in (*before.values(), translated_home)}, True)


def test_full_build_reasons(tmp_path):
    settings_file = tmp_path / "pelicanconf.py"
    settings = {"THEME": str(tmp_path / "theme"), "PATH": str(tmp_path / "content"),
                "PLUGIN_PATHS": [str(tmp_path / "plugins")]}
    photo, document = tmp_path / "content" / "news" / "foto.JPG", tmp_path / "content" / "news" / "bando.pdf"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"jpeg")
    document.write_bytes(b"%PDF")
    assert full_build_reason([tmp_path / "content" / "news" / "a.md"], settings, settings_file) == ""
    assert full_build_reason([tmp_path / "content" / "dati" / "a.toml"], settings, settings_file) == ""
    assert full_build_reason([tmp_path / "theme" / "templates" / "base.html"], settings, settings_file) == (
        "modello cambiato")
    assert full_build_reason([tmp_path / "theme" / "static" / "css" / "style.css"], settings, settings_file) == (
        "tema cambiato")
    assert full_build_reason([document], settings, settings_file) == "file cambiato (bando.pdf)"
    # The session finds the pages that show a photo (test_incremental_builds_equal_full_builds).
    assert full_build_reason([photo], settings, settings_file) == ""
    # An editor's temporary file, already renamed over the Markdown file, or hidden.
    temporary = [tmp_path / "content" / "news" / "sedH6TD9F", tmp_path / "content" / "news" / ".a.md.swx"]
    assert full_build_reason(temporary, settings, settings_file) == ""
    with pytest.raises(NeedsRestart, match="impostazioni cambiate"):
        full_build_reason([settings_file], settings, settings_file)
    with pytest.raises(NeedsRestart, match="plugin cambiato"):
        full_build_reason([tmp_path / "plugins" / "sections" / "sections.py"], settings, settings_file)


def test_a_full_disk_is_reported_in_italian_and_leaves_no_folder(tmp_path, monkeypatch):
    import errno

    from live_preview.live_preview import PreviewSession

    monkeypatch.chdir(ROOT)
    session = PreviewSession(ROOT / "pelicanconf.py", tmp_path / "output", log=lambda message: None)

    def full_disk(output, selective):
        (output / "index.html").write_text("a metà", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(output / "index.html"))

    monkeypatch.setattr(session, "run_pelican", full_disk)
    report = session.build()
    assert not report.ok
    assert report.problems[0].startswith("costruzione: il disco è pieno: ")
    assert "Liberate spazio sul disco" in report.problems[0]
    assert list(tmp_path.iterdir()) == []  # no .output-new-…, no output/
