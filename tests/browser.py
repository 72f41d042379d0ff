"""Serving a built site on 127.0.0.1 and driving Chromium with Playwright.

Shared by the browser tests (tests/conftest.py), `invoke screenshots`, `invoke lighthouse`
and the Makefile's check of the system packages. Only the standard library is imported
here at the top, so that the Makefile can ask for the browser before anything is installed.
"""

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

# The browser is the one these variables name (GitHub's runners set CHROME_BIN), else the
# first of these commands on the PATH (Debian's package installs chromium, Ubuntu's chromium-browser).
BROWSER_VARIABLES = ("CHROMIUM", "CHROME_BIN")
BROWSER_COMMANDS = ("chromium", "chromium-browser")
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


class BrowserNotFound(RuntimeError):
    """No browser to drive."""


def chromium_path():
    """The path of the browser: $CHROMIUM, $CHROME_BIN, or chromium or chromium-browser on the PATH."""
    for variable in BROWSER_VARIABLES:
        if value := os.environ.get(variable):
            if path := shutil.which(value):
                return path
            raise BrowserNotFound(f"{variable}={value} is not an executable browser: correct it, or unset it "
                                  f"to use {' or '.join(BROWSER_COMMANDS)} from the PATH")
    for command in BROWSER_COMMANDS:
        if path := shutil.which(command):
            return path
    raise BrowserNotFound(f"no browser found: neither {' nor '.join(BROWSER_VARIABLES)} is set and neither "
                          f"{' nor '.join(BROWSER_COMMANDS)} is on the PATH; install Chromium (`make test` "
                          "installs Debian's chromium) or set CHROMIUM to the browser's path")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


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
                    if name in HEADER_SCREENSHOTS:  # the header alone, for reviewing the funding block
                        target = out / f"header-{name}-{width}px-{percent}.png"
                        page.locator(".site-header").screenshot(path=str(target))
                        written.append(target)
                context.close()
        browser.close()
    return written
