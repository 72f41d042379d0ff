"""Shared fixtures: the real site, built once per test session, and one browser per worker.

pytest.ini runs the tests in parallel (pytest-xdist): each worker has its own session, so
its own server and browser, but the sites are built once for all of them (build_once).
"""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.browser import (  # noqa: F401 (build_site, build_once: for the tests)
    COMPRESSED_COPIES,
    ROOT,
    build_once,
    build_site,
    free_port,
    launch,
    serve,
)
from tests.github_standin import NAME, OWNER, serve_oauth_standin, serve_sign_in, service_settings
from tests.test_nginx import (  # noqa: F401 (nginx_url, the site served by nginx: also for tests/test_every_page.py)
    BROTLI_MODULE,
    DEPLOY,
    MIME_TYPES,
    SITE_RULES,
    nginx_url,
    private_tmp_user,
    require_nginx,
    running,
    temp_paths,
)


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


@pytest.fixture
def oauth_standin():
    """GitHub's OAuth endpoints (tests/github_standin.py): yields their address and the
    access-token requests they receive."""
    with serve_oauth_standin() as standin:
        yield standin


@pytest.fixture
def site_with_sign_in(site, tmp_path, oauth_standin):
    """The built site as published with the editor's sign-in: nginx with lgnetea-site.conf and
    lgnetea-oauth.conf, the latter passing /oauth/ to the sign-in service (deploy/github_oauth.py)
    on a free port instead of 8090, the service signing in at the OAuth stand-in.

    Yields the site's address, the editor's configuration for ente/sito signing in through the
    service (as a build with CMS_AUTH_URL writes it; the tests serve it for admin/config.yml) and
    the stand-in's access-token requests."""
    from cms_config.cms_config import sign_in_service  # plugins/ is on the path (tests/test_nginx.py)

    require_nginx()
    folder = tmp_path / "nginx"
    folder.mkdir()
    port, service_port = free_port(), free_port()
    origin = f"http://127.0.0.1:{port}"
    rules = (DEPLOY / "lgnetea-oauth.conf").read_text(encoding="utf-8")
    assert rules.count("http://127.0.0.1:8090/") == 1
    (folder / "oauth.conf").write_text(rules.replace("127.0.0.1:8090", f"127.0.0.1:{service_port}"))
    nginx_config = folder / "nginx.conf"
    nginx_config.write_text(
        f"{private_tmp_user()}worker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\nload_module {BROTLI_MODULE};\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    include {MIME_TYPES};\n    access_log off;\n{temp_paths(folder)}"
        f"    server {{\n        listen 127.0.0.1:{port};\n        root {site};\n"
        f"        include {SITE_RULES};\n        include {folder / 'oauth.conf'};\n    }}\n}}\n",
        encoding="utf-8")
    github_url, exchanges = oauth_standin
    config = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    config["backend"] |= {"repo": f"{OWNER}/{NAME}", **sign_in_service(f"{origin}/oauth")}
    config["local_backend"] = False
    with (running(nginx_config, folder, [port]),
          serve_sign_in(service_settings(github_url, f"{origin}/oauth", [origin], service_port))):
        yield SimpleNamespace(url=origin, config=config, exchanges=exchanges)


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
