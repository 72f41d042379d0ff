"""Hostile content, as an attacker with an editor's account would save it (tests/hostile/).

Both layers are checked on the same files:
- the content check stops a publish build with file, line and an Italian reason for each attack,
  and publishes nothing;
- without the check (the sanitiser alone, and no CSP <meta> either), the built pages hold
  nothing that runs: no event handler, no script of the content, no javascript:/data:/vbscript:
  address, no <base>, <meta http-equiv>, <form> to another site; and Chromium, loading them
  and clicking what an attacker would have a reader click, runs none of the payloads.
"""

import os
import shutil
import subprocess
import sys
from xml.etree import ElementTree
from pathlib import Path

import pytest
from pelican.settings import get_settings_from_file

from tests.browser import serve
from tests.conftest import ROOT
from tests.html import Document
from tests.test_content_check import FIXTURES
from tests.test_publish_build import invoke_preview

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.content_check import check_content  # noqa: E402

HOSTILE = ROOT / "tests" / "hostile"
CODE = "il codice HTML non è permesso qui: "
ADDRESS = "non è un indirizzo ammesso"
# File (in the content folder) → the (line, field, start of the message) the check must report.
EXPECTED = {
    "news/svg-con-evento.md": [(8, "html", CODE + "il tag <svg> non è permesso")],
    "news/backtick-script.md": [(8, "html", CODE + "il tag <script> non è permesso")],
    "news/attr-list-onclick.md": [(9, "html", CODE + "l'attributo onclick= non è permesso")],
    "news/javascript-in-entita.md": [(8, "html", CODE + f"l'indirizzo «javascript:alert(1)» {ADDRESS}")],
    "news/javascript-in-riferimento.md": [(10, "html", CODE + f"l'indirizzo «javascript:alert(1)» {ADDRESS}")],
    "news/link-data.md": [(8, "html", CODE + "l'indirizzo «data:text/html;base64,")],
    "news/meta-refresh.md": [(8, "html", CODE + "il tag <meta> non è permesso")],
    "news/base.md": [(8, "html", CODE + "il tag <base> non è permesso")],
    "news/form-esterno.md": [(8, "html", CODE + "il tag <form> non è permesso"),
                             (8, "html", CODE + "il tag <input> non è permesso")],
    "news/iframe.md": [(8, "html", CODE + "il tag <iframe> non è permesso")],
    "news/stile-in-linea.md": [(8, "html", CODE + "l'attributo style= non è permesso")],
    "news/vbscript.md": [(8, "html", CODE + f"l'indirizzo «vbscript:msgbox(1)» {ADDRESS}")],
    "news/sommario-onerror.md": [(4, "Summary", CODE + "l'attributo onerror= non è permesso")],
    "news/titolo-html.md": [(1, "Title", CODE + "il titolo è solo testo, e <img>")],
    "dati/risultati.toml": [(8, "dati", CODE + "i testi dei dati sono solo testo, e <img>")],
    "extra/.env": [(1, "file", "«.env» comincia con un punto: è un file nascosto")],
    "extra/disegno-con-script.svg": [(2, "file", "l'immagine SVG contiene l'attributo onload="),
                                     (3, "file", "l'immagine SVG contiene l'elemento <script>"),
                                     (4, "file", "l'immagine SVG contiene l'indirizzo «java⇥script:alert(1)»")],
    "extra/segreto.txt": [(1, "file", "«segreto.txt» è un collegamento (link simbolico)")],
    "extra/fuori": [(1, "file", "«fuori» è un collegamento (link simbolico)")],
}
# What an attacker would want to run: every payload calls alert(1) or leaves the page.
SECRET = "SEGRETO-FUORI-DAL-SITO"
PLUGINS_WITHOUT_CHECK = [name for name in get_settings_from_file(str(ROOT / "pelicanconf.py"))["PLUGINS"]
                         if name != "content_check"]


def hostile_content(folder: Path) -> Path:
    """The valid test site with every hostile file added, and links to a file and a folder outside it."""
    content = folder / "content"
    shutil.copytree(FIXTURES / "base", content)
    for path in HOSTILE.iterdir():
        if path.suffix == ".md" and path.name != "README.md":
            shutil.copy(path, content / "news" / path.name)
        elif path.is_dir():
            shutil.copytree(path, content / path.name, dirs_exist_ok=True)
    # The results page shows the data file's texts (content/dati/risultati.toml).
    (content / "pages" / "risultati.md").write_text(
        "Title: I risultati\nDate: 2022-04-01\nSummary: I numeri del progetto.\nTemplate: results\n\n"
        "## Che cosa contano\n\nI numeri del progetto.\n", encoding="utf-8")
    outside = folder / "fuori-dal-sito"
    outside.mkdir()
    (outside / "chiavi.txt").write_text(SECRET, encoding="utf-8")
    (content / "extra" / "segreto.txt").symlink_to(outside / "chiavi.txt")
    (content / "extra" / "fuori").symlink_to(outside, target_is_directory=True)
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return hostile_content(tmp_path_factory.mktemp("ostile"))


def test_every_hostile_file_has_its_expected_message():
    written = {f"news/{path.name}" for path in HOSTILE.glob("*.md") if path.name != "README.md"}
    written |= {str(path.relative_to(HOSTILE)) for path in HOSTILE.glob("*/*")}
    assert written | {"extra/segreto.txt", "extra/fuori"} == set(EXPECTED)


def test_the_check_names_file_line_and_reason_of_every_attack(content):
    settings = get_settings_from_file(str(ROOT / "pelicanconf.py"))
    settings["PATH"] = str(content)
    found = [(Path(os.path.relpath(os.path.abspath(problem.path), content)).as_posix(), problem.line,
              problem.field, problem.message)
             for problem in check_content(settings) if not problem.warning]
    missing = [(relative, *expected) for relative, all_expected in EXPECTED.items() for expected in all_expected
               if not any((file, line, field) == (relative, *expected[:2]) and message.startswith(expected[2])
                          for file, line, field, message in found)]
    assert missing == [], found
    # No other file is reported: the rest of the test site is valid.
    assert {file for file, *_ in found} == set(EXPECTED)


def test_a_publish_build_of_hostile_content_stops_with_every_message(content, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("sito precedente", encoding="utf-8")
    result = invoke_preview(content, output)
    printed = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in printed
    for relative, expected in EXPECTED.items():
        for line, field, message in expected:
            assert f"content/{relative}:{line}: {field}: {message}" in printed, (relative, printed[-3000:])
    assert [path.name for path in output.iterdir()] == ["index.html"]
    assert SECRET not in printed


@pytest.fixture(scope="module")
def sanitised_site(content, tmp_path_factory):
    """The hostile content built without the check and without the CSP <meta>: the sanitiser alone.

    The static files that could leak or run are dropped by the sanitise plugin, which logs an
    error each: the build is not strict here, so that the pages are written and can be read.
    """
    output = tmp_path_factory.mktemp("sanitised")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output),
         "-e", f"PLUGINS={PLUGINS_WITHOUT_CHECK!r}".replace("'", '"'), 'CONTENT_SECURITY_POLICY_META=""'],
        cwd=ROOT, capture_output=True, text=True,
        # The plugins that import content_check's helpers find it without loading it as a plugin.
        env={**os.environ, "COLUMNS": "400", "PYTHONPATH": str(ROOT / "plugins")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ["segreto.txt", "fuori", "disegno-con-script.svg"]:  # (.env: never read, IGNORE_FILES)
        assert f"extra/{name}" in result.stdout + result.stderr, name
    return output


RUNNABLE_SCHEMES = ("javascript:", "data:", "vbscript:")


THEME_SVG_CLASSES = ("network-map", "chart", "fold__icon")


def theme_form_actions(settings):
    """The search page, and the feedback form's thank-you page in every language."""
    prefixes = ["", *(f"{lang}/" for lang in settings["LANGUAGES"] if lang != settings["DEFAULT_LANG"])]
    return {f"/{settings['SEARCH_URL']}", *(f"/{prefix}{settings['FEEDBACK_PAGE']}/" for prefix in prefixes)}


def runnable_parts(document: Document, settings) -> list[str]:
    """What in a built page could run or take the reader elsewhere, besides the theme's own."""
    found = []
    for element in document.elements:
        tag, attrs = element["tag"], element["attrs"]
        found += [f"<{tag} {name}=>" for name in attrs if name.startswith("on") or name == "style"]
        for name in ("href", "src", "srcset", "action", "formaction", "xlink:href", "data", "content"):
            value = "".join((attrs.get(name) or "").split()).lower()
            if value.startswith(RUNNABLE_SCHEMES) or (tag == "meta" and "url=" in value):
                found.append(f"<{tag} {name}={value[:40]}>")
        # JSON-LD (plugins/structured_data) is data, which browsers never run.
        if tag == "script" and attrs.get("type") != "application/ld+json" and not (
                attrs.get("src") or "").startswith("/theme/js/"):
            found.append(f"<script src={attrs.get('src')}>")
        if tag in ("iframe", "object", "embed", "base", "frame", "frameset"):
            found.append(f"<{tag}>")
        if tag == "meta" and attrs.get("http-equiv"):
            found.append(f"<meta http-equiv={attrs['http-equiv']}>")
        if tag == "form" and attrs.get("action") not in theme_form_actions(settings):
            found.append(f"<form action={attrs.get('action')}>")
        # The theme's controls: the search and feedback forms (their actions checked above) and the text size.
        if tag in ("input", "textarea", "select", "button") and not any(
                ancestor["tag"] == "form" or "text-size" in ancestor["attrs"].get("class", "")
                for ancestor in element["ancestors"]):
            found.append(f"<{tag}> outside the theme's controls")
        # The theme's own drawings: the map, the chart's bars, the languages button's globe.
        if tag == "svg" and not any(mark in a["attrs"].get("class", "") for mark in THEME_SVG_CLASSES
                                    for a in [element, *element["ancestors"]]):
            found.append("<svg> of the content")
    return found


def test_without_the_check_the_pages_hold_nothing_that_runs(sanitised_site):
    settings = get_settings_from_file(str(ROOT / "pelicanconf.py"))
    pages = sorted(sanitised_site.rglob("*.html"))
    assert len(pages) > 15
    problems = {}
    for page in pages:
        if page.relative_to(sanitised_site).parts[0] == "admin":
            continue  # the editor is Decap's, not made from content (tests/test_cms.py)
        if found := runnable_parts(Document(page.read_text(encoding="utf-8")), settings):
            problems[str(page.relative_to(sanitised_site))] = found
    assert problems == {}
    # The attacks' pages are there, with their text: sanitised, not dropped.
    for slug in ["svg-con-evento", "attr-list-onclick", "javascript-in-entita", "form-esterno"]:
        assert (sanitised_site / "news" / slug / "index.html").is_file(), slug
    page = (sanitised_site / "news" / "attr-list-onclick" / "index.html").read_text(encoding="utf-8")
    assert "<p>Un paragrafo cliccabile.</p>" in page
    # The title is text: shown as written, escaped once.
    page = (sanitised_site / "news" / "titolo-html" / "index.html").read_text(encoding="utf-8")
    assert '&lt;img src=&#34;x&#34; onerror=&#34;alert(1)&#34;&gt;Titolo</h1>' in page
    assert "&amp;lt;" not in page and "&amp;#" not in page
    # A data file's text is text too.
    page = (sanitised_site / "risultati" / "index.html").read_text(encoding="utf-8")
    assert "persone &lt;img src=x onerror=alert(1)&gt; prese in carico" in page


def test_without_the_check_the_feed_and_files_hold_nothing_that_runs(sanitised_site):
    settings = get_settings_from_file(str(ROOT / "pelicanconf.py"))
    feed = ElementTree.parse(sanitised_site / "news" / "atom.xml").getroot()
    html_parts = [element.text or "" for element in feed.iter()
                  if element.tag.endswith(("}content", "}summary")) and element.get("type") == "html"]
    assert len(html_parts) >= 28  # summary and text of the 14 hostile news items
    problems = [found for text in html_parts if (found := runnable_parts(Document(text), settings))]
    assert problems == []
    published = {path.name for path in (sanitised_site / "extra").rglob("*")}
    assert published.isdisjoint({".env", "segreto.txt", "fuori", "chiavi.txt", "disegno-con-script.svg"})
    assert all(SECRET.encode() not in path.read_bytes() for path in sanitised_site.rglob("*") if path.is_file())


# Pages with a payload, and what an attacker would want clicked on them.
PAYLOAD_PAGES = {
    "news/svg-con-evento/": None,
    "news/attr-list-onclick/": "text=Un paragrafo cliccabile.",
    "news/javascript-in-entita/": "text=il modulo",
    "news/link-data/": "text=il volantino",
    "news/meta-refresh/": None,
    "news/sommario-onerror/": None,
    "news/titolo-html/": None,
    "": None,  # the home page: the summaries of the latest news
    "risultati/": None,  # the data file's texts
}


def test_in_chromium_no_payload_runs(browser, sanitised_site):
    """Each page in a tab of its own, all open at once, so that one wait serves them all."""
    found = {}
    with serve(sanitised_site) as base_url:
        context = browser.new_context()
        try:
            tabs = {}
            for path, click in PAYLOAD_PAGES.items():
                page = tabs[path] = context.new_page()
                ran = found[path] = []
                page.on("dialog", lambda dialog, ran=ran: (ran.append(dialog.message), dialog.dismiss()))
                page.goto(base_url + path)
                if click:
                    page.click(click)
            tabs[""].wait_for_timeout(1200)  # a <meta refresh> of 0 s, or a late handler, would have acted
            for path, page in tabs.items():
                if not page.url.startswith(base_url):
                    found[path].append(f"taken to {page.url}")
                if count := page.evaluate("document.querySelectorAll('[onload],[onerror],[onclick],"
                                          "script:not([src]):not([type=\"application/ld+json\"])').length"):
                    found[path].append(f"{count} element(s) with a handler or an inline script")
        finally:
            context.close()
    assert {path: what for path, what in found.items() if what} == {}
