"""Serving a built site on 127.0.0.1 and driving Debian's chromium with Playwright.

Shared by the browser tests (tests/conftest.py) and `invoke screenshots`.
"""

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def set_text_size(page, percent):
    """Choose a text size as a returning visitor would have it saved."""
    page.evaluate("size => localStorage.setItem('lgnetea-text-size', String(size))", percent)


def take_screenshots(site: Path, out: Path):
    """PNG files of SCREENSHOT_PAGES at both widths and at the smallest and largest text size."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
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
                context.close()
        browser.close()
    return written


def add_photo(page, photo):
    """In the editor at /admin/: upload ``photo`` into a «Foto» block at the end of the text."""
    page.get_by_title("Aggiungi componente").click()
    page.get_by_text("Foto", exact=True).click()
    page.get_by_role("button", name="Scegli un'immagine").click()
    page.locator("input[type=file]").set_input_files(photo)
    page.get_by_role("button", name="Prendi selezionato").click()


def save_entry(page):
    """Save the entry open in the editor (local mode: «Pubblica ora»)."""
    page.get_by_role("button", name="Pubblica").click()
    page.get_by_text("Pubblica ora").click()
