"""Serving a built site on 127.0.0.1 and driving Chromium with Playwright.

Shared by the browser tests (tests/conftest.py), `invoke screenshots`, `invoke lighthouse`
and the Makefile's check of the system packages. Only the standard library is imported
here at the top, so that the Makefile can ask for the browser before anything is installed.
"""

import contextlib
import fcntl
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

# The browser is the one these variables name (GitHub's runners set CHROME_BIN), else the
# first of these commands on the PATH (Debian's package installs chromium, Ubuntu's chromium-browser).
BROWSER_VARIABLES = ("CHROMIUM", "CHROME_BIN")
BROWSER_COMMANDS = ("chromium", "chromium-browser")
# The tests prefer Debian's build of Chromium's headless shell, the browser Playwright itself
# runs headless: the same engine without the full browser around it, it takes about a fifth
# less CPU over the suite. It has none of chromium-l10n's languages: the screenshots, which
# show dates the Italian way, take the full browser.
HEADLESS_SHELL = "chromium-headless-shell"
ROOT = Path(__file__).resolve().parent.parent
# Without the networking switches chromium tries to reach Google's hosts,
# which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDE, NARROW = 1280, 320
SCREENSHOT_PAGES = {
    "home": "",
    "comune": "comuni/latina/",
    "miniprogetto": "miniprogetti/shared-city/",
    "news": "news/progetto-concluso/",
    "mappa": "comuni/",
    "home-ar": "ar/",
    "comune-ar": "ar/comuni/latina/",
}

HEADER_SCREENSHOTS = ["home", "home-ar"]


# The gzip and brotli copies that publishconf.py adds to the development build, for nginx.
COMPRESSED_COPIES = ("-e", "PRECOMPRESS_GZIP=true", "PRECOMPRESS_BROTLI=true")


def build_site(output: Path, *extra: str, content: Path = ROOT / "content"):
    """Run Pelican in its own process (its signals are global) with warnings fatal."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py",
         "-o", str(output), "--fatal", "warnings", *extra],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "400"},  # Pelican's console must not wrap messages
    )


# The translations the tests of the live preview build: one left-to-right and one
# right-to-left language are enough for what it does with translations, and all ten
# languages would triple the cost of each of its builds.
PREVIEW_TEST_LANGUAGES = ("en", "ar")


def drop_translations(content: Path, keep=PREVIEW_TEST_LANGUAGES) -> Path:
    """Delete from the copied ``content`` folder the translations in languages other than ``keep``."""
    for path in content.rglob("*.*.md"):
        if path.name.split(".")[-2] not in keep:
            path.unlink()
    return content


def build_once(tmp_path_factory, name: str, build) -> Path:
    """The folder ``name``, filled by ``build(folder)`` (a CompletedProcess) once per test session.

    Under pytest-xdist every worker runs the session fixtures of its own: the first one to
    ask builds, under a lock, in the session's folder that the workers share; the others wait
    for it and use the same folder. A failed build is not tried again: each asker fails with
    its output.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # each worker's folder is inside the session's
    folder = shared / name
    outcome = shared / f"{name}.outcome"  # written once built: empty, or what the failed build printed
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not outcome.exists():
            result = build(folder)
            outcome.write_text("" if result.returncode == 0 else
                               f"exit status {result.returncode}\n{result.stdout}{result.stderr}", encoding="utf-8")
    failure = outcome.read_text(encoding="utf-8")
    assert not failure, f"building {name}: {failure}"
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path, port: int = 0):
    """Serve ``folder`` on ``port`` (a free one if 0) of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def record_failed_requests(page, host, problems):
    """Add to ``problems`` every request of ``page`` to another host than ``host``, or that fails."""
    page.on("request", lambda request: urlsplit(request.url).netloc in (host, "")
            or problems.append(f"other host: {request.url}"))
    page.on("response", lambda response: response.status < 400
            or problems.append(f"{response.status}: {response.url}"))
    # ERR_ABORTED is the next navigation cancelling a late request, not a failure.
    page.on("requestfailed", lambda request: request.failure == "net::ERR_ABORTED"
            or problems.append(f"failed ({request.failure}): {request.url}"))


class BrowserNotFound(RuntimeError):
    """No browser to drive."""


def chromium_path(headless_shell=False):
    """The path of the browser: $CHROMIUM, $CHROME_BIN, or chromium or chromium-browser on the PATH;
    with ``headless_shell``, chromium-headless-shell first where it is on the PATH."""
    for variable in BROWSER_VARIABLES:
        if value := os.environ.get(variable):
            if path := shutil.which(value):
                return path
            raise BrowserNotFound(f"{variable}={value} is not an executable browser: correct it, or unset it "
                                  f"to use {' or '.join(BROWSER_COMMANDS)} from the PATH")
    for command in ((HEADLESS_SHELL,) if headless_shell else ()) + BROWSER_COMMANDS:
        if path := shutil.which(command):
            return path
    raise BrowserNotFound(f"no browser found: neither {' nor '.join(BROWSER_VARIABLES)} is set and neither "
                          f"{' nor '.join(BROWSER_COMMANDS)} is on the PATH; install Chromium (`make test` "
                          "installs Debian's chromium) or set CHROMIUM to the browser's path")


def launch(playwright, *args, headless_shell=True, **options):
    return playwright.chromium.launch(executable_path=chromium_path(headless_shell),
                                      args=[*CHROMIUM_ARGS, *args], **options)


def set_text_size(page, percent):
    """Choose a text size as a returning visitor would have it saved."""
    page.evaluate("size => localStorage.setItem('lgnetea-text-size', String(size))", percent)


def take_screenshots(site: Path, out: Path):
    """PNG files of SCREENSHOT_PAGES at both widths and at the smallest and largest text size,
    and of the header alone on the pages of HEADER_SCREENSHOTS."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright, headless_shell=False)
        for width in (WIDE, NARROW):
            for percent in (100, 200):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(base_url)
                set_text_size(page, percent)
                for name, path in SCREENSHOT_PAGES.items():
                    page.goto(base_url + path)
                    target = out / f"{name}-{width}px-{percent}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                    if name in HEADER_SCREENSHOTS:  # the header alone, for reviewing the funding block
                        target = out / f"header-{name}-{width}px-{percent}.png"
                        page.locator(".site-header").screenshot(path=str(target))
                        written.append(target)
                context.close()
        browser.close()
    return written


def add_photo(page, photo):
    """In the editor at /admin/: upload ``photo`` into a «Foto» block at the end of the text."""
    page.get_by_title("Aggiungi componente").click()
    page.get_by_role("menuitem", name="Foto", exact=True).click()  # not a «Foto» block already in the text
    page.get_by_role("button", name="Scegli un'immagine").click()
    page.locator("input[type=file]").set_input_files(photo)
    page.get_by_role("button", name="Prendi selezionato").click()


def save_entry(page):
    """Save the entry open in the editor (local mode: «Pubblica ora»)."""
    page.get_by_role("button", name="Pubblica").click()
    page.get_by_text("Pubblica ora").click()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The editor as the guide shows it: small PNGs (a palette of colours is enough for an interface).
EDITOR_VIEWPORT = {"width": 1100, "height": 700}
GUIDE_COLOURS = 64


def save_for_guide(page, path, **options):
    from PIL import Image

    page.screenshot(path=str(path), **options)
    with Image.open(path) as image:
        image.convert("RGB").quantize(GUIDE_COLOURS).save(path, optimize=True)
    return path


def dismiss_notifications(page):
    for button in page.locator(".Toastify__close-button").all():
        button.click()


# The pull request's checks as the editor shows them (pr-checks.js), in the guide's picture: an
# example of the checker's wording, since no real pull request runs here.
GUIDE_CHECK = {"state": "failure", "target_url": "https://ente.github.io/sito/anteprime/pr-12/",
               "description": "1 problema da correggere: content/news/uno-sportello-per-la-casa-a-latina.md:9: link: "
                              "«{filename}/pages/sportelli.md» porta a un file che non esiste"}


def take_editor_screenshots(out: Path):
    """The editor in Italian, as docs/guida-redazione.md shows it, in both modes.

    The published editor (GitHub mode, the editorial workflow: «Salva», states, the
    workflow board, the box of the pull request's checks): sign-in, list, a refused save, a
    new news item with its preview and photo, saved, its state menu, its checks (GitHub's
    statuses answered by a stand-in), the workflow board. The local editor of `make serve`
    (simple publishing): the «Pubblica» menu with «Pubblica ora». It works on a throwaway
    git copy of content/, through decap-server's git mode, which keeps the workflow's branches
    as GitHub would."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "plugins"))
    from cms_config.local_backend import local_backend

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="lgnetea-editor-") as folder:
        root = Path(folder)
        repository = root / "repository"  # the site is built beside it: decap-server commits everything in it
        shutil.copytree(ROOT / "content", repository / "content")
        git = ["git", "-C", str(repository), "-c", "user.name=Redazione", "-c", "user.email=redazione@example.org"]
        subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
        subprocess.run([*git, "add", "."], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "Contenuti"], check=True)
        backend = f"http://127.0.0.1:{free_port()}/api/v1"
        result = build_site(root / "output", "-e", f'CMS_LOCAL_BACKEND="{backend}"',
                            'CMS_PUBLISH_MODE="editorial_workflow"', "SEARCH_INDEX=false",
                            content=repository / "content")
        if result.returncode:
            raise RuntimeError(result.stdout + result.stderr)
        photo = root / "sportello.jpg"
        Image.new("RGB", (640, 420), (196, 120, 52)).save(photo, quality=80)
        config = json.loads((root / "output" / "admin" / "config.yml").read_text(encoding="utf-8"))
        remote = {**config, "backend": {**config["backend"], "repo": "ente/sito-lgnetea"}, "local_backend": False}
        port = free_port()
        with local_backend(backend, repository, f"http://127.0.0.1:{port}", mode="git"), \
                serve(root / "output", port) as base_url, \
                sync_playwright() as playwright:
            # The date fields show dates the Italian way (28/11/2026), as a clerk's browser in
            # Italian does: the browser's own language, not only the page's locale, sets their
            # order (Debian's chromium needs chromium-l10n for it, tests/system_packages.py).
            browser = launch(playwright, "--lang=it-IT", env={**os.environ, "LANGUAGE": "it"}, headless_shell=False)
            context = browser.new_context(viewport=EDITOR_VIEWPORT, locale="it-IT")
            page = context.new_page()
            admin = base_url + "admin/"
            # Sign-in as on the published site (GitHub), without contacting GitHub.
            page.route("**/admin/config.yml", lambda route: route.fulfill(body=json.dumps(remote)))
            page.goto(admin)
            page.get_by_role("button", name="Accedi con GitHub").wait_for()
            written.append(save_for_guide(page, out / "redazione-accesso.png"))
            page.unroute("**/admin/config.yml")
            page.goto(admin)
            page.get_by_role("button", name="Accedi").click()
            page.get_by_text("Si è concluso il progetto LGNetEA").wait_for()
            written.append(save_for_guide(page, out / "redazione-elenco.png"))

            page.goto(admin + "#/collections/news/new")
            page.get_by_label("Titolo").fill("Uno sportello per la casa a Latina")
            page.get_by_label("In breve").fill("A Latina apre uno sportello per chi cerca casa. È aperto il lunedì.")
            page.locator("input[id^=comuni-field]").fill("Lati")
            page.get_by_role("option", name="Latina").click()
            page.get_by_role("button", name="Salva").click()
            page.get_by_text("avete saltato un campo obbligatorio").wait_for()
            page.get_by_label("Titolo").scroll_into_view_if_needed()
            written.append(save_for_guide(page, out / "redazione-campo-obbligatorio.png"))

            dismiss_notifications(page)
            page.locator("input[id^=date-field]").fill("2026-11-28")
            page.locator("[data-slate-editor]").click()
            page.keyboard.type("Lo sportello aiuta chi cerca una casa in affitto.")
            page.keyboard.press("Enter")
            add_photo(page, photo)
            page.get_by_label("Testo alternativo (obbligatorio)").fill("La porta dello sportello")
            page.get_by_label("Titolo").scroll_into_view_if_needed()
            written.append(save_for_guide(page, out / "redazione-notizia.png"))
            page.get_by_label("Testo alternativo (obbligatorio)").scroll_into_view_if_needed()
            written.append(save_for_guide(page, out / "redazione-foto.png"))

            page.get_by_role("button", name="Salva").click()
            page.get_by_text("Voce salvata").wait_for()
            dismiss_notifications(page)
            page.get_by_text("Stato: Bozza").click()
            page.get_by_text("In revisione", exact=True).wait_for()
            written.append(save_for_guide(page, out / "redazione-stato.png"))
            page.keyboard.press("Escape")
            written.append(checks_for_guide(page, out / "redazione-controlli.png", config["backend"]["preview_context"]))
            page.goto(admin + "#/workflow")
            page.get_by_text("Uno sportello per la casa a Latina").wait_for()
            written.append(save_for_guide(page, out / "redazione-flusso.png"))

            # Local mode: simple publishing, as `make serve` configures it.
            page.route("**/admin/config.yml", lambda route: route.fulfill(
                body=json.dumps({**config, "publish_mode": "simple"})))
            page.goto(admin + "#/collections/news")
            page.reload()
            page.get_by_text("Si è concluso il progetto LGNetEA").click()
            page.get_by_label("In breve").press("End")
            page.keyboard.type(" ")
            page.get_by_role("button", name="Pubblica").click()
            page.get_by_text("Pubblica ora").wait_for()
            written.append(save_for_guide(page, out / "redazione-locale-pubblica.png"))
            context.close()
            browser.close()
    return written


def checks_for_guide(page, path, preview_context):
    """The box of the pull request's checks over the saved entry: pr-checks.js asks GitHub's
    statuses API (answered here by GUIDE_CHECK) with Decap's token, which local mode lacks."""
    page.route("https://api.github.com/**", lambda route: route.fulfill(
        content_type="application/json",
        body=json.dumps({"state": GUIDE_CHECK["state"], "statuses": [{**GUIDE_CHECK, "context": preview_context}]})))
    page.evaluate("""() => {
        const user = JSON.parse(localStorage.getItem('decap-cms-user') || '{}');
        localStorage.setItem('decap-cms-user', JSON.stringify({...user, token: 'immagine-della-guida'}));
        window.dispatchEvent(new HashChangeEvent('hashchange'));
    }""")
    page.locator("#lgnetea-pr-checks").wait_for()
    return save_for_guide(page, path)
