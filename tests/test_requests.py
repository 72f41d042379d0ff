"""Loading any page makes no request to another host and none that fails (favicon included)."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser import record_failed_requests


@pytest.mark.slow
def test_every_request_is_local_and_succeeds(context, base_url, html_pages):
    host = urlsplit(base_url).netloc
    problems = []
    page = context.new_page()
    record_failed_requests(page, host, problems)
    loaded = set()
    page.on("requestfinished", lambda request: loaded.add(urlsplit(request.url).path))
    for index, path in enumerate(html_pages):
        # The browser fetches the favicon once, after the first page has loaded.
        page.goto(base_url + path, wait_until="networkidle" if index == 0 else "load")
    assert problems == []
    fingerprinted = re.compile(r"^/theme/(css/style|js/text-size|favicon)\.[0-9a-f]{10}\.(css|js|svg)$")
    assert {path.split(".")[0] for path in loaded if fingerprinted.match(path)} >= {
        "/theme/css/style", "/theme/js/text-size"}, loaded
    assert any(path == "/favicon.ico" or "favicon" in path for path in loaded), "the browser fetched a favicon"
