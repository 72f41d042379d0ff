"""The live preview in a browser: a content problem shows above the pages until the file is fixed.

`invoke livereload` runs on a scratch copy of the repository (content/ and output/ are
not touched), on a free port; chromium loads its pages as an editor would. The test reloads
the page itself: livereload's own script is kept out, since a reload it starts in the middle
of a check (one when the saved page is in place, one at the end of its build) destroys the page
being measured.
"""

import socket
import subprocess
import sys
import time

import pytest

from benchmarks.build_bench import scratch_repository
from tests.browser import drop_translations, free_port, set_text_size
from tests.conftest import ROOT
from tests.test_every_page import MEASURE_OVERFLOW, axe_violations
from tests.test_text_size import SIZES, px, root_font_size

BANNER = ".preview-problems"


@pytest.fixture
def preview(tmp_path):
    """(URL of the news item lgnet2, its Markdown file) served by `invoke livereload`."""
    repo = tmp_path / "repo"
    repo.mkdir()
    scratch_repository(repo, ROOT / "content")
    drop_translations(repo / "content")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)], cwd=repo,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = repo / "output" / "news" / "lgnet2" / "index.html"
    deadline = time.monotonic() + 120
    while not page.exists():
        assert server.poll() is None and time.monotonic() < deadline, "`invoke livereload` did not build the site"
        time.sleep(0.2)
    while True:  # the server starts listening after the first build: seconds later on a busy machine
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "`invoke livereload` never listened"
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/news/lgnet2/", repo / "content" / "news" / "lgnet2.md"
    server.terminate()
    server.wait()


def reload_until(page, url, shown, timeout=60):
    """Reload ``url`` until the banner is there (``shown``) or not."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        if (page.locator(BANNER).count() > 0) == shown:
            return
        assert time.monotonic() < deadline, f"banner {'never appeared' if shown else 'still there'} on {url}"
        time.sleep(0.3)


def test_a_content_problem_shows_above_the_page_until_fixed(browser, preview):
    url, news = preview
    original = news.read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 320, "height": 800})
    context.route("**/livereload.js*", lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(url)
        assert page.locator(BANNER).count() == 0
        title = page.locator("h1").inner_text()

        news.write_text(original.replace("Date: 2022-04-01", "Date: primo aprile"), encoding="utf-8")
        reload_until(page, url, shown=True)
        alert = page.get_by_role("alert")
        assert "content/news/lgnet2.md:2: Date: data non valida «primo aprile»" in alert.inner_text()
        assert page.locator("h1").inner_text() == title  # the last good page, under the banner
        set_text_size(page, SIZES[-1])
        page.goto(url)
        assert root_font_size(page) == px(SIZES[-1])
        assert page.locator(BANNER).is_visible()
        overflow = page.evaluate(MEASURE_OVERFLOW)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow["culprits"]
        assert axe_violations(page) == []

        news.write_text(original, encoding="utf-8")
        reload_until(page, url, shown=False)
        assert page.locator("h1").inner_text() == title
    finally:
        news.write_text(original, encoding="utf-8")
        context.close()

