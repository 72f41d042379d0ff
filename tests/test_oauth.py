"""The editor's GitHub sign-in service (deploy/github_oauth.py) against a stand-in of GitHub's OAuth
(tests/github_standin.py).

Over HTTP the service's answers are checked one by one; then, in Chromium, the real editor
served by nginx with deploy/'s rules signs in through the pop-up, and its first request to
GitHub's API carries the token.
"""

import http.client
import json
import re
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from deploy import github_oauth
from deploy.github_oauth import Settings, SettingsError
from tests.conftest import ROOT
from tests.github_standin import CLIENT_ID, CODE, SECRET, TOKEN, serve_sign_in, service_settings
from tests.test_nginx import DEPLOY

sys.path.insert(0, str(ROOT / "plugins"))
from cms_config.cms_config import sign_in_service  # noqa: E402

SITE = "https://lgnetea.example.org"


def provider(github_url):
    """The service, for an editor at SITE, on the OAuth stand-in; yields its port."""
    return serve_sign_in(service_settings(github_url, f"{SITE}/oauth", [SITE]))


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


def test_auth_sends_the_pop_up_to_github_with_a_state_kept_in_a_cookie(oauth_standin):
    github_url, _ = oauth_standin
    with provider(github_url) as port:
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
def test_auth_refuses_another_provider_or_scope(oauth_standin, query, reason):
    with provider(oauth_standin[0]) as port:
        status, headers, body = get(port, f"/auth?{query}")
    assert status == 400 and reason in body and "Location" not in headers


def test_the_callback_exchanges_the_code_and_hands_the_token_to_the_editor_only(oauth_standin, capsys):
    github_url, exchanges = oauth_standin
    with provider(github_url) as port:
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
def test_a_callback_that_is_not_the_browsers_own_fails_without_a_token(oauth_standin, case):
    github_url, exchanges = oauth_standin
    with provider(github_url) as port:
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


def sign_in(page):
    """What a clerk does on the editor's sign-in screen: «Accedi con GitHub», then the pop-up goes
    to GitHub (an app already authorised answers at once) and back to the sign-in service."""
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Accedi con GitHub").click()
    popup.value.wait_for_event("close", timeout=15000)  # Decap closes it once it has the token


def test_the_editor_signs_in_through_the_pop_up(browser, site_with_sign_in):
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
    page.route("**/admin/config.yml", lambda route: route.fulfill(body=json.dumps(site_with_sign_in.config),
                                                                  content_type="text/yaml"))
    try:
        page.goto(f"{site_with_sign_in.url}/admin/")
        sign_in(page)
        # Then Decap asks GitHub who signed in and whether they may write, with the token,
        # and keeps the signed-in user.
        page.wait_for_function("() => localStorage.getItem('decap-cms-user') !== null", timeout=15000)
        user = json.loads(page.evaluate("localStorage.getItem('decap-cms-user')"))
    finally:
        context.close()
    assert site_with_sign_in.exchanges and site_with_sign_in.exchanges[0]["code"] == CODE
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
