"""The editor's GitHub sign-in service (deploy/github_oauth.py) against a stand-in of GitHub's OAuth.

The stand-in answers GitHub's two OAuth addresses: /login/oauth/authorize sends the browser
back to the service's callback with a code (as GitHub does for an app already authorised),
/login/oauth/access_token gives a token for that code and the app's secret, and nothing else.
Over HTTP the service's answers are checked one by one; then, in Chromium, the real editor
served by nginx with deploy/'s rules signs in through the pop-up, and its first request to
GitHub's API carries the token.
"""

import contextlib
import http.client
import http.server
import json
import re
import sys
import threading
import urllib.parse
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from deploy import github_oauth
from tests.conftest import ROOT
from deploy.github_oauth import Settings, SettingsError
from tests.browser import free_port
from tests.test_nginx import (
    BROTLI_MODULE,
    DEPLOY,
    MIME_TYPES,
    SITE_RULES,
    private_tmp_user,
    require_nginx,
    running,
    temp_paths,
)

sys.path.insert(0, str(ROOT / "plugins"))
from cms_config.cms_config import sign_in_service  # noqa: E402

CLIENT_ID, SECRET, CODE, TOKEN = "id-di-prova", "segreto-di-prova", "codice-di-prova", "gho_token_di_prova"


class FakeGitHub(http.server.BaseHTTPRequestHandler):
    """GitHub's OAuth endpoints, as far as an OAuth app uses them."""

    exchanges: list  # the access-token requests received, set per server

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        address = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(address.query).items()}
        if address.path != "/login/oauth/authorize" or query.get("client_id") != CLIENT_ID:
            self.answer(404, b"", "text/plain")
            return
        back = f"{query['redirect_uri']}?" + urllib.parse.urlencode({"code": CODE, "state": query["state"]})
        self.send_response(302)
        self.send_header("Location", back)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):  # noqa: N802
        form = {name: values[0] for name, values in
                parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
        self.exchanges.append({**form, "accept": self.headers["Accept"]})
        right = (self.path == "/login/oauth/access_token" and form.get("code") == CODE
                 and form.get("client_id") == CLIENT_ID and form.get("client_secret") == SECRET)
        body = ({"access_token": TOKEN, "token_type": "bearer", "scope": "repo"} if right else
                {"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."})
        self.answer(200, json.dumps(body).encode(), "application/json")

    def answer(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serving(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def github():
    handler = type("Handler", (FakeGitHub,), {"exchanges": []})
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as server:
        yield f"http://127.0.0.1:{server.server_port}", handler.exchanges


SITE = "https://lgnetea.example.org"


def settings_for(github_url, public_url=f"{SITE}/oauth", origins=(SITE,)):
    return Settings(CLIENT_ID, SECRET, public_url, tuple(origins), github_url, "127.0.0.1", 0)


@contextlib.contextmanager
def provider(settings):
    with serving(github_oauth.make_server(settings)) as server:
        yield server.server_port


def get(port, path, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response.status, response.headers, response.read().decode()


def handshake(body):
    """The message the callback page posts to the editor, from its JSON data block."""
    data = json.loads(re.search(r'<script type="application/json" id="decap-handshake">(.*?)</script>', body, re.S)[1])
    return data["message"], data["origins"]


def signed_in_to_the_state(github_url, port):
    """/auth, as the pop-up opens it: GitHub's address it sends to, and the state cookie."""
    status, headers, _ = get(port, "/auth?provider=github&site_id=lgnetea.example.org&scope=repo")
    assert status == 302
    return urlsplit(headers["Location"]), headers["Set-Cookie"]


def test_auth_sends_the_pop_up_to_github_with_a_state_kept_in_a_cookie(github):
    github_url, _ = github
    with provider(settings_for(github_url)) as port:
        target, cookie = signed_in_to_the_state(github_url, port)
        second, _ = signed_in_to_the_state(github_url, port)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{github_url}/login/oauth/authorize"
    query = {name: values[0] for name, values in parse_qs(target.query).items()}
    assert query.keys() == {"client_id", "redirect_uri", "scope", "state"}
    assert (query["client_id"], query["redirect_uri"], query["scope"]) == (CLIENT_ID, f"{SITE}/oauth/callback", "repo")
    assert len(query["state"]) >= 40 and query["state"] != parse_qs(second.query)["state"][0]
    assert cookie == (f"lgnetea_oauth_state={query['state']}; Path=/oauth; Max-Age=600; HttpOnly; SameSite=Lax; "
                      "Secure")
    assert SECRET not in target.query


@pytest.mark.parametrize("query, reason", [("provider=gitlab", "solo con GitHub"),
                                           ("provider=github&scope=admin:org", "Permesso non previsto")])
def test_auth_refuses_another_provider_or_scope(github, query, reason):
    with provider(settings_for(github[0])) as port:
        status, headers, body = get(port, f"/auth?{query}")
    assert status == 400 and reason in body and "Location" not in headers


def test_the_callback_exchanges_the_code_and_hands_the_token_to_the_editor_only(github, capsys):
    github_url, exchanges = github
    with provider(settings_for(github_url)) as port:
        target, cookie = signed_in_to_the_state(github_url, port)
        state = parse_qs(target.query)["state"][0]
        status, headers, body = get(port, f"/callback?code={CODE}&state={state}", cookie=cookie.split(";")[0])
        _, _, script = get(port, "/callback.js")
    assert status == 200
    assert exchanges == [{"client_id": CLIENT_ID, "client_secret": SECRET, "code": CODE,
                          "redirect_uri": f"{SITE}/oauth/callback", "accept": "application/json"}]
    message, origins = handshake(body)
    assert message == f'authorization:github:success:{json.dumps({"token": TOKEN, "provider": "github"})}'
    assert origins == [SITE]
    # No inline code: the page runs under script-src 'self', its script a file of the service.
    assert re.findall(r"<script[^>]*>", body) == ['<script type="application/json" id="decap-handshake">',
                                                  '<script src="callback.js">']
    assert headers["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self';")
    assert headers["Cache-Control"] == "no-store"
    assert headers["Set-Cookie"].startswith("lgnetea_oauth_state=; Path=/oauth; Max-Age=0")  # used once
    # The script posts the token only to the origin that answered the handshake, if it is allowed.
    assert "window.opener.postMessage(data.message, event.origin)" in script
    assert "data.origins.indexOf(event.origin) !== -1" in script
    # The service's log names paths and statuses, never the code, the state or the token.
    log = capsys.readouterr().err
    assert "GET /callback 200" in log and CODE not in log and state not in log and TOKEN not in log


@pytest.mark.parametrize("case", ["no cookie", "another state", "refused on GitHub", "wrong code"])
def test_a_callback_that_is_not_the_browsers_own_fails_without_a_token(github, case):
    github_url, exchanges = github
    with provider(settings_for(github_url)) as port:
        target, cookie = signed_in_to_the_state(github_url, port)
        state = parse_qs(target.query)["state"][0]
        query, sent = {
            "no cookie": (f"code={CODE}&state={state}", None),
            "another state": (f"code={CODE}&state=altro", cookie.split(";")[0]),
            "refused on GitHub": (f"error=access_denied&error_description=Accesso+negato&state={state}",
                                  cookie.split(";")[0]),
            "wrong code": (f"code=sbagliato&state={state}", cookie.split(";")[0]),
        }[case]
        status, _, body = get(port, f"/callback?{query}", cookie=sent)
    assert status == 400
    message, _ = handshake(body)
    assert message.startswith("authorization:github:error:") and TOKEN not in body
    assert "Accesso non riuscito" in body
    # Only a callback with the browser's own state reaches GitHub.
    assert len(exchanges) == (1 if case == "wrong code" else 0)


@pytest.mark.parametrize("environ, named", [
    ({}, "OAUTH_PUBLIC_URL"),
    ({"OAUTH_PUBLIC_URL": f"{SITE}/oauth"}, "OAUTH_ALLOWED_ORIGINS"),
    ({"OAUTH_PUBLIC_URL": f"{SITE}/oauth", "OAUTH_ALLOWED_ORIGINS": f"{SITE}/admin/"}, "OAUTH_ALLOWED_ORIGINS"),
    ({"OAUTH_PUBLIC_URL": f"{SITE}/oauth", "OAUTH_ALLOWED_ORIGINS": SITE}, "OAUTH_CLIENT_ID"),
])
def test_a_missing_or_wrong_setting_is_named(environ, named):
    with pytest.raises(SettingsError, match=named):
        Settings.from_environment(environ)


def test_the_settings_template_names_every_setting():
    template = (DEPLOY / "lgnetea-oauth.env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^(OAUTH_\w+)=", template, re.M))
    assert names == set(re.findall(r"``(OAUTH_\w+)``", github_oauth.__doc__))
    environ = dict(re.findall(r"^(OAUTH_\w+)=(.*)$", template, re.M))
    settings = Settings.from_environment(environ)
    assert (settings.host, settings.port, settings.github_url) == ("127.0.0.1", 8090, "https://github.com")


# --- In the browser: the real editor, behind nginx with deploy/'s rules -----------------


@pytest.fixture
def nginx_with_sign_in(site, tmp_path):
    """nginx serving the built site with lgnetea-site.conf and lgnetea-oauth.conf, the latter
    passing /oauth/ to a service on a free port instead of 8090; yields (site URL, that port)."""
    require_nginx()
    port, service_port = free_port(), free_port()
    rules = (DEPLOY / "lgnetea-oauth.conf").read_text(encoding="utf-8")
    assert rules.count("http://127.0.0.1:8090/") == 1
    (tmp_path / "oauth.conf").write_text(rules.replace("127.0.0.1:8090", f"127.0.0.1:{service_port}"))
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"{private_tmp_user()}worker_processes 1;\npid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log warn;\nload_module {BROTLI_MODULE};\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    include {MIME_TYPES};\n    access_log off;\n{temp_paths(tmp_path)}"
        f"    server {{\n        listen 127.0.0.1:{port};\n        root {site};\n"
        f"        include {SITE_RULES};\n        include {tmp_path / 'oauth.conf'};\n    }}\n}}\n",
        encoding="utf-8")
    with running(config, tmp_path, [port]):
        yield f"http://127.0.0.1:{port}", service_port


def test_the_editor_signs_in_through_the_pop_up(browser, site, github, nginx_with_sign_in):
    github_url, exchanges = github
    origin, service_port = nginx_with_sign_in
    settings = replace(settings_for(github_url, public_url=f"{origin}/oauth", origins=(origin,)), port=service_port)
    config = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    config["backend"] |= {"repo": "ente/sito", **sign_in_service(f"{origin}/oauth")}
    config["local_backend"] = False
    api_requests = []

    def github_api(route):
        api_requests.append((urlsplit(route.request.url).path, route.request.headers.get("authorization")))
        path = urlsplit(route.request.url).path
        body = {"/user": {"login": "redattrice", "name": "Redattrice", "avatar_url": ""},
                "/repos/ente/sito": {"name": "sito", "full_name": "ente/sito", "owner": {"login": "ente"},
                                     "permissions": {"push": True}}}.get(path)
        route.fulfill(status=200 if body else 404, content_type="application/json",
                      body=json.dumps(body or {"message": "Not Found"}))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    context.route("https://api.github.com/**", github_api)
    page.route("**/admin/config.yml", lambda route: route.fulfill(body=json.dumps(config), content_type="text/yaml"))
    try:
        with provider(settings):
            page.goto(f"{origin}/admin/")
            with page.expect_popup() as popup:
                page.get_by_role("button", name="Accedi con GitHub").click()
            popup.value.wait_for_event("close", timeout=15000)  # Decap closes it once it has the token
            # Then Decap asks GitHub who signed in and whether they may write, with the token,
            # and keeps the signed-in user.
            page.wait_for_function("() => localStorage.getItem('decap-cms-user') !== null", timeout=15000)
        user = json.loads(page.evaluate("localStorage.getItem('decap-cms-user')"))
    finally:
        context.close()
    assert exchanges and exchanges[0]["code"] == CODE
    assert api_requests[:2] == [("/user", f"token {TOKEN}"), ("/repos/ente/sito", f"token {TOKEN}")]
    assert (user["token"], user["login"], user["backendName"]) == (TOKEN, "redattrice", "github")
    assert problems == []


def test_the_built_editor_points_at_the_service_under_the_sites_path(site):
    assert sign_in_service("https://lgnetea.example.org/oauth/") == {
        "base_url": "https://lgnetea.example.org", "auth_endpoint": "oauth/auth"}
    assert sign_in_service("https://auth.example.org") == {"base_url": "https://auth.example.org",
                                                            "auth_endpoint": "auth"}
    # Without CMS_AUTH_URL (this build) the editor has no sign-in service at all.
    backend = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))["backend"]
    assert "base_url" not in backend and "auth_endpoint" not in backend


@pytest.mark.parametrize("outcome, content", [("success", {"token": TOKEN, "provider": "github"}),
                                              ("error", {"message": "GitHub non risponde <prova>"})])
def test_the_pop_ups_last_page_is_accessible(browser, outcome, content):

    from tests.test_every_page import axe_violations

    page = browser.new_page()
    try:
        page.set_content(github_oauth.handshake_page(outcome, content, [SITE]).decode())
        assert axe_violations(page) == []
        assert page.locator("prova").count() == 0  # the reason is text, never markup
        if outcome == "error":
            assert page.locator("main p").inner_text() == "Accesso non riuscito: GitHub non risponde <prova>"
    finally:
        page.close()
