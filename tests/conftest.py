"""Shared fixtures: the real site, built once per test session, and one browser per worker.

pytest.ini runs the tests in parallel (pytest-xdist): each worker has its own session, so
its own server and browser, but the sites are built once for all of them (build_once).
"""

import json
from pathlib import Path

import pytest

from tests.browser import (  # noqa: F401 (build_site, build_once: for the tests)
    COMPRESSED_COPIES,
    ROOT,
    build_once,
    build_site,
    launch,
    serve,
)
from tests.test_nginx import nginx_url  # noqa: F401 (the site served by nginx: also for tests/test_every_page.py)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The development build with the published build's compressed copies, as nginx would serve it."""
    return build_once(tmp_path_factory, "site", lambda output: build_site(output, *COMPRESSED_COPIES))


@pytest.fixture(scope="session")
def site_with_options(tmp_path_factory) -> Path:
    """The site with two options that are off by default turned on, in one build for the tests
    of both: visits counted from a server log (tests/test_statistics_page.py) and Web
    Analytics Italia (tests/test_web_analytics.py)."""
    from tests.test_statistics_page import build_with_statistics
    from tests.test_web_analytics import ON

    return build_once(tmp_path_factory, "with-options", lambda output: build_with_statistics(
        output, "-e", f"WEB_ANALYTICS_ITALIA={json.dumps(ON)}"))


@pytest.fixture(scope="session")
def html_pages(site) -> list[str]:
    """Every HTML page of the site, as a URL path relative to the root.

    The editor at admin/ is not a page of the site (tests/test_cms.py covers it).
    """
    return sorted(
        str(path.relative_to(site)).removesuffix("index.html")
        for path in site.rglob("*.html")
        if path.relative_to(site).parts[0] != "admin"
    )


@pytest.fixture(scope="session")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def pytest_collection_modifyitems(items):
    """The tests marked slow first (none uses a module-scoped fixture): started last, one of
    them would keep a parallel worker busy after the others have finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
