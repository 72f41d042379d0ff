"""The sign-in service of the published editor: GitHub's OAuth for Decap CMS, Python standard library only.

GitHub's OAuth needs a client secret, which cannot live in the browser; this service holds it.
Decap CMS (``backend.base_url`` and ``auth_endpoint``, written by plugins/cms_config from
``CMS_AUTH_URL``) opens ``<service>/auth`` in a pop-up, and then:

1. ``/auth`` sends the pop-up to GitHub's ``/login/oauth/authorize`` with a random ``state``,
   also kept in a cookie of this service (HttpOnly, SameSite=Lax, 10 minutes);
2. GitHub sends the pop-up back to ``/callback`` with a ``code`` and the ``state``; the service
   checks the state against the cookie, exchanges the code for a token at GitHub's
   ``/login/oauth/access_token`` (with the secret) and answers a page that does Decap's
   handshake with the editor's window: it posts ``authorizing:github`` to the window that
   opened it, and when that window answers from an allowed origin, posts to that origin alone
   ``authorization:github:success:{"token": …, "provider": "github"}`` (or ``…:error:{…}``).

The token never goes to a page whose origin is not listed in ``OAUTH_ALLOWED_ORIGINS``, nor
into a log. The page's script is a file of this service (``callback.js``), so the page runs
under ``script-src 'self'`` with no inline code; the token travels in a JSON data block.

Settings, from the environment (deploy/lgnetea-oauth.env.example; systemd's EnvironmentFile):

``OAUTH_CLIENT_ID``, ``OAUTH_CLIENT_SECRET``
    the GitHub OAuth app's (Settings → Developer settings → OAuth Apps);
``OAUTH_PUBLIC_URL``
    where browsers reach this service, e.g. ``https://lgnetea.example.org/oauth``: the app's
    callback URL is this plus ``/callback``;
``OAUTH_ALLOWED_ORIGINS``
    the origins of the sites whose editor may sign in, separated by spaces;
``OAUTH_LISTEN``
    ``127.0.0.1:8090`` unless set (nginx proxies to it);
``OAUTH_GITHUB_URL``
    ``https://github.com`` unless set (GitHub Enterprise, or the tests' stand-in).

Run: ``python3 deploy/github_oauth.py`` (deploy/lgnetea-oauth.service). Python ≥ 3.11.
"""

import hmac
import html
import http.server
import json
import os
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

PROVIDER = "github"
# Decap asks for "repo" (private and public repositories); "public_repo" is enough for a public one.
SCOPES = {"repo", "public_repo"}
STATE_COOKIE = "lgnetea_oauth_state"
STATE_SECONDS = 600
CALLBACK_SCRIPT = Path(__file__).with_name("github_oauth_callback.js")
# The service's own pages: no inline code, nothing from elsewhere, never framed, never cached.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


class SettingsError(Exception):
    """A setting missing or wrong; the message names it."""


@dataclass(frozen=True)
class Settings:
    client_id: str
    client_secret: str
    public_url: str
    allowed_origins: tuple[str, ...]
    github_url: str = "https://github.com"
    host: str = "127.0.0.1"
    port: int = 8090

    @classmethod
    def from_environment(cls, environ=os.environ):
        def required(name):
            value = environ.get(name, "").strip()
            if not value:
                raise SettingsError(f"manca {name}: vedi deploy/lgnetea-oauth.env.example")
            return value

        public_url = required("OAUTH_PUBLIC_URL").rstrip("/")
        origins = tuple(required("OAUTH_ALLOWED_ORIGINS").split())
        for origin in origins:
            parts = urllib.parse.urlsplit(origin)
            if parts.scheme not in ("https", "http") or not parts.netloc or parts.path or origin.endswith("/"):
                raise SettingsError(f"OAUTH_ALLOWED_ORIGINS: «{origin}» non è un'origine come https://sito.example.org")
        host, _, port = environ.get("OAUTH_LISTEN", "127.0.0.1:8090").rpartition(":")
        return cls(required("OAUTH_CLIENT_ID"), required("OAUTH_CLIENT_SECRET"), public_url, origins,
                   environ.get("OAUTH_GITHUB_URL", "https://github.com").rstrip("/"), host, int(port))

    @property
    def callback_url(self):
        return f"{self.public_url}/callback"

    @property
    def cookie_path(self):
        return urllib.parse.urlsplit(self.public_url).path or "/"

    @property
    def secure_cookie(self):
        return self.public_url.startswith("https://")


class SignInError(Exception):
    """Why the sign-in failed, in Italian, for the editor's message."""


def exchange_code(settings: Settings, code: str) -> str:
    """The access token GitHub gives for ``code``."""
    body = urllib.parse.urlencode({"client_id": settings.client_id, "client_secret": settings.client_secret,
                                   "code": code, "redirect_uri": settings.callback_url}).encode()
    request = urllib.request.Request(f"{settings.github_url}/login/oauth/access_token", data=body, method="POST",
                                     headers={"Accept": "application/json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            answer = json.loads(response.read())
    except (urllib.error.URLError, ValueError) as error:
        raise SignInError(f"GitHub non risponde ({error.__class__.__name__}): riprovate tra qualche minuto") from None
    if not answer.get("access_token"):
        raise SignInError(f"GitHub ha rifiutato l'accesso ({answer.get('error', 'nessun token')}): "
                          "chiudete questa finestra e premete di nuovo «Accedi con GitHub»")
    return answer["access_token"]


def handshake_page(outcome: str, content: dict, origins) -> bytes:
    """The page the pop-up ends on: Decap's message in a data block, posted by callback.js."""
    message = f"authorization:{PROVIDER}:{outcome}:{json.dumps(content)}"
    data = json.dumps({"provider": PROVIDER, "message": message, "origins": list(origins)})
    # In a JSON block, "</" could end the element: escaped, the JSON is the same.
    data = data.replace("</", "<\\/")
    text = ("Accesso riuscito: questa finestra si chiude da sola." if outcome == "success" else
            f"Accesso non riuscito: {html.escape(content['message'])}")
    return f"""<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accesso all'editor</title>
</head>
<body>
<main>
<p>{text}</p>
<script type="application/json" id="decap-handshake">{data}</script>
<script src="callback.js"></script>
</main>
</body>
</html>
""".encode()


def message_page(status: int, text: str) -> tuple[int, bytes]:
    return status, f"""<!doctype html>
<html lang="it">
<head><meta charset="utf-8"><title>Accesso all'editor</title></head>
<body><main><p>{html.escape(text)}</p></main></body>
</html>
""".encode()


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "lgnetea-oauth"
    settings: Settings  # set by make_server

    def log_message(self, format, *args):
        # The path only: a callback's query holds a code, which must not reach a log.
        sys.stderr.write(f"{self.command} {urllib.parse.urlsplit(self.path).path} {args[1] if len(args) > 1 else ''}\n")

    def send(self, status, body, content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        for name, value in [*HEADERS.items(), ("Content-Type", content_type), ("Content-Length", str(len(body))),
                            *headers]:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        address = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(address.query)
        route = {"/auth": self.to_github, "/callback": self.from_github, "/callback.js": self.handshake_script}.get(address.path)
        if route is None:
            self.send(*message_page(404, "Indirizzo sconosciuto."))
        else:
            route({name: values[0] for name, values in query.items()})

    def to_github(self, query):
        if query.get("provider", PROVIDER) != PROVIDER:
            self.send(*message_page(400, f"Questo servizio fa accedere solo con GitHub, non con «{query['provider']}»."))
            return
        scope = query.get("scope", "repo")
        if scope not in SCOPES:
            self.send(*message_page(400, f"Permesso non previsto: «{scope}»."))
            return
        state = secrets.token_urlsafe(32)
        settings = self.settings
        target = f"{settings.github_url}/login/oauth/authorize?" + urllib.parse.urlencode(
            {"client_id": settings.client_id, "redirect_uri": settings.callback_url, "scope": scope, "state": state})
        cookie = (f"{STATE_COOKIE}={state}; Path={settings.cookie_path}; Max-Age={STATE_SECONDS}; HttpOnly; "
                  f"SameSite=Lax{'; Secure' if settings.secure_cookie else ''}")
        self.send(302, b"", headers=[("Location", target), ("Set-Cookie", cookie)])

    def from_github(self, query):
        cookies = SimpleCookie(self.headers.get("Cookie", ""))
        expected = cookies[STATE_COOKIE].value if STATE_COOKIE in cookies else ""
        clear = (f"{STATE_COOKIE}=; Path={self.settings.cookie_path}; Max-Age=0; HttpOnly; SameSite=Lax"
                 f"{'; Secure' if self.settings.secure_cookie else ''}")
        try:
            if "error" in query:  # the person refused, on GitHub's page
                raise SignInError(f"GitHub: {query.get('error_description') or query['error']}")
            if not expected or not hmac.compare_digest(expected, query.get("state", "")):
                raise SignInError("la richiesta è scaduta o non viene da questo browser: chiudete questa "
                                  "finestra e premete di nuovo «Accedi con GitHub»")
            if not query.get("code"):
                raise SignInError("GitHub non ha mandato il codice di accesso")
            token = exchange_code(self.settings, query["code"])
        except SignInError as error:
            page = handshake_page("error", {"message": str(error)}, self.settings.allowed_origins)
            self.send(400, page, headers=[("Set-Cookie", clear)])
            return
        page = handshake_page("success", {"token": token, "provider": PROVIDER}, self.settings.allowed_origins)
        self.send(200, page, headers=[("Set-Cookie", clear)])

    def handshake_script(self, query):
        self.send(200, CALLBACK_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")


def make_server(settings: Settings) -> http.server.ThreadingHTTPServer:
    handler = type("ConfiguredHandler", (Handler,), {"settings": settings})
    server = http.server.ThreadingHTTPServer((settings.host, settings.port), handler)
    server.daemon_threads = True
    return server


def main():
    try:
        settings = Settings.from_environment()
    except (SettingsError, ValueError) as error:
        sys.exit(f"github_oauth: {error}")
    server = make_server(settings)
    print(f"github_oauth: {settings.public_url} (in ascolto su {settings.host}:{server.server_port}), "
          f"siti: {' '.join(settings.allowed_origins)}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
