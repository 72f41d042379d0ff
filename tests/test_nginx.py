"""The site served by Debian's nginx with the project's own rules (deploy/).

One nginx for the session serves the built site from a server block of its own that
includes deploy/lgnetea-site.conf unchanged: pretty URLs, the 404 page, the gzip and
brotli copies, caching, types and security headers are checked over HTTP, and the 404 page
in the browser under the Content-Security-Policy (every other page: tests/test_every_page.py). deploy/nginx.conf
itself is checked with `nginx -t` and, briefly, run over HTTPS with a throwaway
certificate. http.client (what urllib uses underneath) is used rather than urllib.request,
which would follow redirects and raise on a 404: the raw answers are what is tested.
"""

import contextlib
import gzip
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest

from tests.browser import add_photo, free_port, record_failed_requests
from tests.html import read

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
from site_stats.log_counts import parse_line  # noqa: E402

DEPLOY = ROOT / "deploy"
SITE_RULES = DEPLOY / "lgnetea-site.conf"
PRODUCTION = DEPLOY / "nginx.conf"

NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
OPENSSL = Path("/usr/bin/openssl")
INSTALL_HINT = ("`make test` installs it (Debian packages nginx, libnginx-mod-http-brotli-static "
                "and openssl)")

# Files of deploy/nginx.conf that exist only on the server, and the copy's stand-ins.
PRODUCTION_PATHS = {
    "/etc/letsencrypt/live/lgnetea.example.org/fullchain.pem": "{folder}/cert.pem",
    "/etc/letsencrypt/live/lgnetea.example.org/privkey.pem": "{folder}/key.pem",
    "/etc/nginx/snippets/lgnetea-site.conf": str(SITE_RULES),
    "/etc/nginx/snippets/lgnetea-oauth.conf": str(DEPLOY / "lgnetea-oauth.conf"),
    "/srv/lgnetea/current": "{site}",
    "/run/nginx.pid": "{folder}/nginx.pid",
    "/var/log/nginx/": "{folder}/",
}

# What every response carries (and Strict-Transport-Security, over HTTPS only).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
CSP_REQUIRED = {
    "default-src": "'none'",
    "script-src": "'self' 'wasm-unsafe-eval'",  # Pagefind's search runs as WebAssembly
    "style-src": "'self'",
    "img-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The public pages' policy as deploy/lgnetea-site.conf writes it (tests/test_csp.py: the same as pelicanconf.py's).
POLICY_HEADER = re.search(r'set \$lgnetea_csp "([^"]+)";', SITE_RULES.read_text(encoding="utf-8"))[1]
PERMISSIONS_DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics",
                      "interest-cohort"]
HSTS = "max-age=31536000"  # deploy/nginx.conf, HTTPS server only
IMMUTABLE = "public, max-age=31536000, immutable"
MISSING = "comuni/non-esiste/"  # no such page; a folder deep, so relative links would break


def require(path: Path, what: str):
    if not path.exists():
        pytest.fail(f"{path} ({what}) is missing: {INSTALL_HINT}.", pytrace=False)


def require_nginx():
    require(NGINX, "nginx")
    require(BROTLI_MODULE, "nginx's brotli_static module")
    require(MIME_TYPES, "nginx's types")



def nginx_command(config: Path, folder: Path, *options: str) -> list[str]:
    # -e: the log nginx writes to before it has read the configuration.
    return [str(NGINX), "-e", str(folder / "startup.log"), "-c", str(config), *options]


def check_config(config: Path, folder: Path):
    """`nginx -t`, failing the test with nginx's own message."""
    result = subprocess.run(nginx_command(config, folder, "-t"), capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"nginx -t rejects {config}:\n{result.stderr}{result.stdout}", pytrace=False)
    return result.stderr


@contextlib.contextmanager
def running(config: Path, folder: Path, ports: list[int]):
    """nginx in the foreground with ``config``, until every port answers; stopped after."""
    check_config(config, folder)
    output = folder / "nginx.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(nginx_command(config, folder, "-g", "daemon off;"),
                                   stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        waiting = list(ports)
        while waiting:
            if process.poll() is not None or time.monotonic() > deadline:
                logs = [path.read_text() for path in (output, folder / "error.log") if path.exists()]
                pytest.fail("nginx did not start:\n" + "".join(logs), pytrace=False)
            try:
                socket.create_connection(("127.0.0.1", waiting[0]), timeout=1).close()
                waiting.pop(0)
            except OSError:
                time.sleep(0.02)
        yield
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def private_tmp_user() -> str:
    # pytest's temporary folders are private to their owner: as root, nginx's workers
    # (nobody or www-data otherwise) must stay root to read the site. As any other user
    # the workers run as that user, and a `user` directive would only be ignored.
    return "user root;\n" if os.geteuid() == 0 else ""


def temp_paths(folder: Path) -> str:
    """Where nginx may write request bodies: in the test's folder, not /var/lib/nginx."""
    return "".join(f"    {kind}_temp_path {folder}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))


@pytest.fixture(scope="session")
def nginx_url(site, tmp_path_factory):
    """The built site served by nginx with deploy/lgnetea-site.conf, on a free port."""
    require_nginx()
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(
        f"{private_tmp_user()}"
        "worker_processes 1;\n"
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\n"
        f"load_module {BROTLI_MODULE};\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n"
        "    default_type application/octet-stream;\n"
        "    access_log off;\n"
        f"{temp_paths(folder)}"
        "    server {\n"
        f"        listen 127.0.0.1:{port};\n"
        f"        root {site};\n"
        f"        include {SITE_RULES};\n"
        "    }\n"
        "}\n",
        encoding="utf-8",
    )
    with running(config, folder, [port]):
        yield f"http://127.0.0.1:{port}/"


class Answer:
    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    def decoded(self) -> bytes:
        encoding = self.headers.get("Content-Encoding")
        if encoding == "br":
            return brotli.decompress(self.body)
        if encoding == "gzip":
            return gzip.decompress(self.body)
        assert encoding is None, encoding
        return self.body


def fetch(base_url: str, path: str, accept_encoding: str | None = None,
          context: ssl.SSLContext | None = None) -> Answer:
    """GET ``path`` (relative to the base URL), without following redirects."""
    address = urlsplit(base_url)
    if address.scheme == "https":
        connection = http.client.HTTPSConnection(address.hostname, address.port, timeout=10, context=context)
    else:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    # http.client sends "Accept-Encoding: identity" unless told otherwise.
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    try:
        connection.request("GET", "/" + path, headers=headers)
        return Answer(connection.getresponse())
    finally:
        connection.close()


def security_problems(answer: Answer, https: bool = False) -> list[str]:
    """What is missing or wrong in the security headers of one answer."""
    headers = answer.headers
    problems = [f"{name}: {headers.get(name)!r}, expected {value!r}"
                for name, value in SECURITY_HEADERS.items() if headers.get(name) != value]
    csp = headers.get("Content-Security-Policy") or ""
    directives = {}
    for directive in filter(None, (part.strip() for part in csp.split(";"))):
        name, *values = directive.split()
        directives[name] = values
    problems += [f"CSP {name}: {directives.get(name)}, expected {value}"
                 for name, value in CSP_REQUIRED.items() if directives.get(name) != value.split()]
    problems += [f"CSP allows {word}" for word in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "*",
                                                   "data:", "blob:", "http:", "https:")
                 if word in csp.replace("'", " ").split()]
    permissions = headers.get("Permissions-Policy") or ""
    problems += [f"Permissions-Policy leaves {feature} on" for feature in PERMISSIONS_DENIED
                 if f"{feature}=()" not in re.split(r",\s*", permissions)]
    if headers.get("Server", "nginx") != "nginx":
        problems.append(f"Server: {headers.get('Server')} (names a version)")
    hsts = headers.get("Strict-Transport-Security")
    if hsts != (HSTS if https else None):
        problems.append(f"Strict-Transport-Security: {hsts!r} over {'HTTPS' if https else 'plain HTTP'}")
    if len(headers.get_all("Cache-Control") or []) != 1:
        problems.append(f"Cache-Control: {headers.get_all('Cache-Control')}, expected one")
    return problems


def site_file(site: Path, pattern: str) -> str:
    """The path, relative to the site, of the one file matching ``pattern``."""
    (match,) = site.glob(pattern)
    return str(match.relative_to(site))


# --- Configuration files ------------------------------------------------------------


def production_copy(folder: Path, site: Path, certificate: Path) -> str:
    """deploy/nginx.conf with the server's own files (PRODUCTION_PATHS) swapped for the test's."""
    require_nginx()
    for name in ("cert.pem", "key.pem"):
        (folder / name).write_bytes((certificate / name).read_bytes())
    text = PRODUCTION.read_text(encoding="utf-8")
    for path, stand_in in PRODUCTION_PATHS.items():
        assert path in text, f"{PRODUCTION.name} no longer mentions {path}: update PRODUCTION_PATHS"
        text = text.replace(path, stand_in.format(folder=folder, site=site))
    return text


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected {old!r} once in {PRODUCTION.name}"
    return text.replace(old, new)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> Path:
    """A folder with cert.pem and key.pem: a self-signed certificate for 127.0.0.1."""
    require(OPENSSL, "openssl")
    folder = tmp_path_factory.mktemp("tls")
    result = subprocess.run(
        [str(OPENSSL), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return folder


def test_production_config_is_valid(site, certificate, tmp_path):
    """deploy/nginx.conf as the admin installs it passes `nginx -t` (only files swapped)."""
    text = production_copy(tmp_path, site, certificate)
    if os.geteuid() != 0:
        # nginx -t binds the ports (it tolerates them being in use), and only root may
        # bind ports below 1024: elsewhere the copy listens on free ones.
        for port in ("80", "443"):
            new_port = str(free_port())
            text = replace_once(text, f"listen {port} ", f"listen {new_port} ")
            text = replace_once(text, f"listen [::]:{port} ", f"listen [::]:{new_port} ")
    config = tmp_path / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    check_config(config, tmp_path)


def test_production_config_over_https(site, certificate, tmp_path):
    """Run deploy/nginx.conf on free ports: HTTP redirects to HTTPS, which speaks HTTP/2
    and adds Strict-Transport-Security to pages, assets, redirects and the 404 page;
    the access log keeps no whole IP address."""
    http_port, https_port = free_port(), free_port()
    text = production_copy(tmp_path, site, certificate)
    text = replace_once(text, "listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;")
    text = replace_once(text, "listen [::]:80 default_server;", "")
    text = replace_once(text, "listen 443 ssl http2 default_server;",
                        f"listen 127.0.0.1:{https_port} ssl http2 default_server;")
    text = replace_once(text, "listen [::]:443 ssl http2 default_server;", "")
    text = replace_once(text, "user www-data;", private_tmp_user())
    text = replace_once(text, "http {\n", "http {\n" + temp_paths(tmp_path))
    config = tmp_path / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    tls = ssl.create_default_context(cafile=str(certificate / "cert.pem"))
    https = f"https://127.0.0.1:{https_port}/"
    with running(config, tmp_path, [http_port, https_port]):
        redirect = fetch(f"http://127.0.0.1:{http_port}/", "comuni/latina/?da=qui")
        assert (redirect.status, redirect.headers["Location"]) == (301, "https://127.0.0.1/comuni/latina/?da=qui")
        assert "Strict-Transport-Security" not in redirect.headers  # only HTTPS may set it
        assert redirect.headers["Server"] == "nginx"
        with socket.create_connection(("127.0.0.1", https_port)) as raw:
            alpn = ssl.create_default_context(cafile=str(certificate / "cert.pem"))
            alpn.set_alpn_protocols(["h2", "http/1.1"])
            with alpn.wrap_socket(raw, server_hostname="127.0.0.1") as connection:
                assert connection.selected_alpn_protocol() == "h2"
        answers = {
            "page": (fetch(https, "comuni/latina/", "br", tls), 200),
            "stylesheet": (fetch(https, site_file(site, "theme/css/style.*.css"), "gzip", tls), 200),
            "missing": (fetch(https, MISSING, None, tls), 404),
            "folder without slash": (fetch(https, "comuni/latina", None, tls), 301),
        }
        for what, (answer, status) in answers.items():
            assert answer.status == status, what
            assert security_problems(answer, https=True) == [], what
        assert answers["page"][0].decoded() == (site / "comuni/latina/index.html").read_bytes()
    # The privacy page promises no data on visitors: the log has no whole address.
    log = (tmp_path / "access.log").read_text().splitlines()
    assert log and all(line.startswith("127.0.0.0 [") for line in log), log
    assert "127.0.0.1" not in "".join(log)
    # Every line is one `invoke stats` reads (the tests' client sends no user agent: a robot).
    requests = [parse_line(line) for line in log]
    assert None not in requests, log
    assert {(request.path, request.status, request.agent) for request in requests} >= {("comuni/latina/", "200", "")}


# --- The site over HTTP ------------------------------------------------------------


def test_every_page_is_served_at_its_address(nginx_url, site, html_pages):
    problems = []
    for path in html_pages:
        answer = fetch(nginx_url, path)
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        if answer.status != 200:
            problems.append(f"/{path}: {answer.status}")
        elif answer.body != file.read_bytes():
            problems.append(f"/{path}: not the content of {file.relative_to(site)}")
        elif answer.headers["Content-Type"] != "text/html; charset=utf-8":
            problems.append(f"/{path}: Content-Type {answer.headers['Content-Type']}")
        problems += [f"/{path}: {problem}" for problem in security_problems(answer)]
    assert problems == []
    assert len(html_pages) > 10


@pytest.mark.parametrize("path", ["comuni/latina", "news", "theme"])
def test_folder_without_slash_is_redirected(nginx_url, path):
    """One address per page: /comuni/latina goes to /comuni/latina/, keeping the query."""
    answer = fetch(nginx_url, path + "?lingua=it")
    assert (answer.status, answer.headers["Location"]) == (301, f"/{path}/?lingua=it")
    assert security_problems(answer) == []


@pytest.mark.parametrize("path", [MISSING, "pagina-che-non-c-e", "theme/", "theme/css/style.0123456789.css",
                                  "404.html/", "news/atom.xml/x"])
def test_missing_address_gets_the_404_page(nginx_url, site, path):
    answer = fetch(nginx_url, path, "br, gzip")
    assert answer.status == 404
    assert answer.decoded() == (site / "404.html").read_bytes()
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert answer.headers["Cache-Control"] == "no-cache"
    assert security_problems(answer) == []


PRECOMPRESSED_SAMPLES = ["", "comuni/latina/", "404.html", "theme/css/style.*.css", "theme/js/text-size.*.js",
                         "theme/favicon.*.svg", "news/atom.xml", "sitemap.xml", "robots.txt",
                         "dati/risultati.json", "dati/risultati.csv"]


@pytest.mark.parametrize("accept", ["br", "gzip", "br, gzip", "gzip, deflate, br, zstd", None])
def test_precompressed_copies_are_sent_to_who_accepts_them(nginx_url, site, accept):
    """name.br for brotli, name.gz for gzip (brotli first if both), the file itself
    otherwise; always the same bytes once decoded, and always Vary for caches."""
    sent = {"br": 0, "gzip": 0}
    for sample in PRECOMPRESSED_SAMPLES:
        path = site_file(site, sample) if "*" in sample else sample
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        copies = {"br": file.with_name(file.name + ".br").exists(),
                  "gzip": file.with_name(file.name + ".gz").exists()}
        accepted = [name.strip() for name in (accept or "").split(",")]
        expected = next((name for name in ("br", "gzip") if name in accepted and copies[name]), None)
        answer = fetch(nginx_url, path, accept)
        assert answer.status == 200, path
        assert answer.headers.get("Content-Encoding") == expected, path
        assert answer.decoded() == file.read_bytes(), path
        assert answer.headers.get_all("Vary") == ["Accept-Encoding"], path
        if expected:
            sent[expected] += 1
    if accept:  # the build does make the copies, so something was really sent compressed
        assert sent["br" if "br" in accept else "gzip"] >= 5, sent


def test_caching(nginx_url, site):
    """Fingerprinted files forever, the favicon for a day, everything else revalidated."""
    expected = {
        site_file(site, "theme/css/style.*.css"): IMMUTABLE,
        site_file(site, "theme/js/text-size.*.js"): IMMUTABLE,
        site_file(site, "theme/favicon.*.svg"): IMMUTABLE,
        "favicon.ico": "public, max-age=86400",
        "": "no-cache",
        "comuni/latina/": "no-cache",
        "news/atom.xml": "no-cache",
        "sitemap.xml": "no-cache",
        "dati/risultati.json": "no-cache",
        "robots.txt": "no-cache",
    }
    actual = {path: fetch(nginx_url, path).headers.get_all("Cache-Control") for path in expected}
    assert actual == {path: [value] for path, value in expected.items()}


def test_content_types(nginx_url, site):
    expected = {
        "": "text/html; charset=utf-8",
        site_file(site, "theme/css/style.*.css"): "text/css; charset=utf-8",
        site_file(site, "theme/js/text-size.*.js"): "application/javascript; charset=utf-8",
        site_file(site, "theme/favicon.*.svg"): "image/svg+xml; charset=utf-8",
        "favicon.ico": "image/x-icon",
        "news/atom.xml": "application/atom+xml; charset=utf-8",
        "sitemap.xml": "text/xml; charset=utf-8",
        "robots.txt": "text/plain; charset=utf-8",
        "dati/risultati.json": "application/json; charset=utf-8",
        "dati/risultati.csv": "text/csv; charset=utf-8",
    }
    actual = {path: fetch(nginx_url, path, "br").headers["Content-Type"] for path in expected}
    assert actual == expected


def test_security_headers_on_every_kind_of_answer(nginx_url, site):
    paths = ["", "comuni/latina/", site_file(site, "theme/css/style.*.css"),
             site_file(site, "theme/js/text-size.*.js"), site_file(site, "theme/favicon.*.svg"),
             "favicon.ico", "news/atom.xml", "dati/risultati.csv", MISSING, "comuni"]
    problems = {path: security_problems(fetch(nginx_url, path, "br")) for path in paths}
    assert problems == {path: [] for path in paths}


def raw_answer(base_url: str, request: bytes) -> tuple[int, http.client.HTTPMessage]:
    """Status and headers of nginx's answer to ``request``, sent as it is (even malformed)."""
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request)
        response = http.client.HTTPResponse(connection)
        response.begin()
        return response.status, response.headers


def test_nginx_own_error_pages_carry_the_security_headers(nginx_url):
    """Errors nginx answers itself, without a page of the site: the policy and headers are there too."""
    answers = {
        "POST": raw_answer(nginx_url, b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"),
        "two Host headers": raw_answer(nginx_url, b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        "TRACE": raw_answer(nginx_url, b"TRACE / HTTP/1.1\r\nHost: a\r\n\r\n"),
    }
    assert {what: status for what, (status, _) in answers.items()} == {
        "POST": 405, "two Host headers": 400, "TRACE": 405}
    for what, (_, headers) in answers.items():
        assert headers["Content-Security-Policy"] == POLICY_HEADER, what
        assert {name: headers[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS, what


def test_hidden_files_are_never_served_but_well_known_is(nginx_url, site):
    """A hidden file in a release (/extra/.env, /.git/) is missing, however its address is written."""
    planted = {site / "extra" / ".env": "SEGRETO=1\n", site / ".git" / "config": "[core]\n",
               site / "admin" / ".env": "SEGRETO=1\n", site / "extra" / ".nascosta" / "nota.txt": "x\n",
               site / ".well-known" / "security.txt": "Contact: mailto:sicurezza@example.org\n"}
    made = [path for path in planted if not path.parent.exists()]
    try:
        for path, text in planted.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for path in ["extra/.env", "extra/%2eenv", "extra/%2Eenv", ".git/config", ".git/", "admin/.env",
                     "extra/.nascosta/nota.txt", "extra/./.env", "comuni/../extra/.env"]:
            answer = fetch(nginx_url, path)
            assert answer.status in (400, 404), path
            assert b"SEGRETO" not in answer.body and b"[core]" not in answer.body, path
        answer = fetch(nginx_url, ".well-known/security.txt")
        assert (answer.status, answer.body) == (200, b"Contact: mailto:sicurezza@example.org\n")
    finally:
        for path in planted:
            path.unlink(missing_ok=True)
        for folder in sorted({path.parent for path in made}, key=lambda folder: -len(folder.parts)):
            folder.rmdir()


# --- The site in the browser -------------------------------------------------------

# Runs in every page before its own script: records what the CSP blocked.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} at ${where}`);
});
"""


def test_the_404_page_in_the_browser_breaks_no_policy(browser, nginx_url):
    """A missing address gets the styled 404 page, with nothing blocked by the CSP (every
    page of the site is loaded through nginx in tests/test_every_page.py)."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_VIOLATIONS)
    problems = []
    page = context.new_page()
    page.on("console", lambda message: (message.type == "error"
                                        or re.search(r"Content.Security.Policy|Permissions.Policy", message.text))
            and problems.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    record_failed_requests(page, urlsplit(nginx_url).netloc, problems)
    try:
        response = page.goto(nginx_url + MISSING)
        assert response.status == 404
        problems = [problem for problem in problems if problem not in (
            f"404: {nginx_url}{MISSING}",
            "console error: Failed to load resource: the server responded with a status of 404 (Not Found)")]
        problems += [f"404 page: CSP {violation}" for violation in page.evaluate("window.__cspViolations")]
        assert problems == []
        assert page.title().startswith("Pagina non trovata")
        styled = page.evaluate("""() => ({
            stylesheet: [...document.styleSheets].some(sheet => /\\/theme\\/css\\/style\\.[0-9a-f]{10}\\.css$/
                                                        .test(sheet.href || "") && sheet.cssRules.length > 0),
            header: getComputedStyle(document.querySelector(".site-header")).backgroundColor,
        })""")
        assert styled["stylesheet"], "the theme's stylesheet is loaded on the 404 page"
        assert styled["header"] not in ("rgba(0, 0, 0, 0)", "transparent"), styled
    finally:
        context.close()


# --- The editors' CMS at /admin/ ------------------------------------------------------

# deploy/lgnetea-site.conf documents each relaxation from the public policy.
ADMIN_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", "blob:", "https://api.github.com"],
    "manifest-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def csp_directives(answer: Answer) -> dict[str, list[str]]:
    policy = answer.headers.get("Content-Security-Policy") or ""
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_the_editor_has_its_own_policy_and_the_pages_keep_theirs(nginx_url, site):
    for path in ["admin/", "admin/decap-cms.js", "admin/config.yml"]:
        answer = fetch(nginx_url, path)
        assert answer.status == 200, path
        assert csp_directives(answer) == ADMIN_CSP, path
        # The sign-in pop-up keeps its link to the editor (tests/test_oauth.py).
        assert answer.headers["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"
        problems = security_problems(answer)
        assert problems and all(problem.startswith(("CSP", "Cross-Origin-Opener-Policy")) for problem in problems), \
            problems
    assert fetch(nginx_url, "admin").status == 301
    # The same policy in the page itself, for hosts that send no headers (GitHub Pages); a <meta>
    # cannot set frame-ancestors, and the development build also reaches decap-server.
    document = read(site, "admin/")
    (meta,) = [m["attrs"]["content"] for m in document.find_all("meta")
               if m["attrs"].get("http-equiv") == "Content-Security-Policy"]
    in_page = {name: values for name, *values in (part.split() for part in meta.split(";") if part.strip())}
    local_backend = urlsplit(json.loads((site / "admin" / "config.yml").read_text())["local_backend"]["url"])
    in_page["connect-src"].remove(f"http://{local_backend.netloc}")
    assert in_page == {name: values for name, values in ADMIN_CSP.items() if name != "frame-ancestors"}
    for path in ["", "comuni/latina/", "news/atom.xml", MISSING]:
        assert security_problems(fetch(nginx_url, path)) == [], path


# Decap's in-memory backend: the whole editor runs with no server and no account.
TEST_REPO_CONFIG = {"backend": {"name": "test-repo"}, "local_backend": False}


def test_the_editor_in_the_browser_breaks_no_policy(browser, nginx_url, site, tmp_path):
    """The editor served by nginx, with its own policy: it loads, edits and previews an entry
    with a photo, with nothing blocked and nothing asked of another host."""
    from PIL import Image

    photo = tmp_path / "foto.jpg"
    Image.new("RGB", (64, 48), (20, 90, 30)).save(photo)
    config = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    config.update(TEST_REPO_CONFIG)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    record_failed_requests(page, urlsplit(nginx_url).netloc, problems)
    page.route("**/admin/config.yml", lambda route: route.fulfill(
        response=route.fetch(), body=json.dumps(config), content_type="text/yaml"))
    try:
        page.goto(nginx_url + "admin/")
        page.get_by_role("button", name="Accedi").click()
        page.goto(nginx_url + "admin/#/collections/news/new")
        page.get_by_label("Titolo").fill("Prova della politica")
        page.get_by_label("In breve").fill("Una frase per il riquadro.")
        preview = page.frame_locator("iframe").first
        preview.get_by_text("Una frase per il riquadro.").wait_for()
        box = preview.locator(".in-brief").evaluate("element => getComputedStyle(element).borderInlineStartWidth")
        assert box != "0px", "the site's stylesheet styles the «In breve» box in the preview"
        page.locator("[data-slate-editor]").click()
        add_photo(page, photo)
        preview.locator(".prose img").wait_for()
        assert preview.locator(".prose img").evaluate("image => image.decode().then(() => image.naturalWidth)") == 64
        # Saving reads a new photo back from its blob: address (saved for real under the same
        # policy, as a <meta>, in tests/test_cms_local.py; the in-memory backend cannot save photos).
        assert page.evaluate("fetch(URL.createObjectURL(new Blob(['foto']))).then(r => r.text())") == "foto"
        problems += [f"CSP {violation}" for violation in page.evaluate("window.__cspViolations")]
        assert problems == []
    finally:
        context.close()
