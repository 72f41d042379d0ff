"""A pull request's preview, as the workflow's `preview` job makes it, from a local Git remote.

The editor (Decap's editorial workflow) pushes each entry to a branch ``cms/<collection>/<slug>``
of the repository. Here the repository is a bare Git repository on disk: a branch like the
editor's is pushed to it, checked out again as the workflow's checkout would, and the same
invoke tasks the workflow runs build the preview and set its commit status, the latter on a
stand-in of GitHub's statuses API. What cannot run here: GitHub itself (the Pages site, the
gh-pages branch, the pull request).
"""

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest


from deploy import pr_preview
from tests.conftest import ROOT
from tests.html import read
from tests.test_every_page import axe_violations
from tests.test_publish_build import DEPLOYMENT

INVOKE = [sys.executable, "-m", "invoke"]
PAGES = "https://ente.github.io/sito"
NEWS = """Title: Uno sportello per la casa a Latina
Date: 2026-11-28
Comuni: latina
Summary: A Latina apre uno sportello per chi cerca casa. È aperto il lunedì.

Lo sportello aiuta chi cerca una casa in affitto.
"""


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=Redazione", "-c", "user.email=redazione@example.org", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """A bare repository with the site's content on main, and two branches as the editor pushes them."""
    root = tmp_path_factory.mktemp("remote")
    remote = root / "sito.git"
    git("init", "-q", "--bare", "-b", "main", str(remote), cwd=root)
    work = root / "work"
    shutil.copytree(ROOT / "content", work / "content")
    git("init", "-q", "-b", "main", cwd=work)
    git("add", ".", cwd=work)
    git("commit", "-q", "-m", "Contenuti", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    for branch, name, text in (("cms/news/sportello-casa", "sportello-casa.md", NEWS),
                               ("cms/news/comune-sbagliato", "comune-sbagliato.md",
                                NEWS.replace("Comuni: latina", "Comuni: latna"))):
        git("checkout", "-q", "-b", branch, "main", cwd=work)
        (work / "content" / "news" / name).write_text(text, encoding="utf-8")
        git("add", ".", cwd=work)
        git("commit", "-q", "-m", f"Crea News «{name}»", cwd=work)
        git("push", "-q", "origin", branch, cwd=work)
    return remote


def checkout(remote: Path, branch: str, folder: Path) -> Path:
    """The branch as the workflow's checkout gets it: a fresh clone."""
    git("clone", "-q", "--branch", branch, str(remote), str(folder), cwd=folder.parent)
    return folder / "content"


def pr_preview_task(number, content, output):
    return subprocess.run([*INVOKE, "pr-preview", "--number", str(number), "--pages-url", PAGES,
                           "--output", str(output), "--content", str(content)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, **DEPLOYMENT, "COLUMNS": "400"})


@pytest.mark.slow  # a whole publish build
def test_an_editors_branch_gets_its_preview_at_its_own_address(remote, tmp_path):
    content = checkout(remote, "cms/news/sportello-casa", tmp_path / "checkout")
    result = pr_preview_task(7, content, tmp_path / "anteprima")
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = pr_preview.read_outcome(tmp_path / "anteprima" / pr_preview.STATUS_FILE)
    address = f"{PAGES}/anteprime/pr-7/"
    assert outcome == pr_preview.Outcome("success", outcome.description, address)
    assert outcome.description.startswith("Anteprima pronta")
    site = tmp_path / "anteprima" / pr_preview.SITE_FOLDER
    # Where «Visualizza l'anteprima» leads: the status's address plus the collection's preview_path.
    config = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    (news,) = [collection for collection in config["collections"] if collection["name"] == "news"]
    path = news["preview_path"].replace("{{slug}}", "sportello-casa")
    page = read(site, path)
    assert page.text_of("h1") == "Uno sportello per la casa a Latina"
    assert page.find("link", rel="canonical")["attrs"]["href"] == address + path
    robots = [meta["attrs"]["content"] for meta in page.find_all("meta") if meta["attrs"].get("name") == "robots"]
    assert robots == ["noindex"]
    # The preview's editor reads the same status context as the workflow sets.
    assert config["backend"]["preview_context"] == settings_value("CMS_PREVIEW_CONTEXT")


def test_a_branch_with_errors_gets_a_page_listing_them_at_the_preview_address(remote, tmp_path):
    content = checkout(remote, "cms/news/comune-sbagliato", tmp_path / "checkout")
    result = pr_preview_task(8, content, tmp_path / "anteprima")
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = pr_preview.read_outcome(tmp_path / "anteprima" / pr_preview.STATUS_FILE)
    assert outcome.state == "failure" and outcome.target_url == f"{PAGES}/anteprime/pr-8/"
    assert outcome.description.startswith("1 problema da correggere: ")
    assert "comune-sbagliato.md" in outcome.description and len(outcome.description) <= 140
    site = tmp_path / "anteprima" / pr_preview.SITE_FOLDER
    assert [path.name for path in site.iterdir()] == ["index.html"]
    page = read(site, "")
    assert page.find("html")["attrs"]["lang"] == "it"
    problems = [item["text"] for item in page.find_all("li") if any(a["tag"] == "ol" for a in item["ancestors"])]
    assert len(problems) == 1
    assert "news/comune-sbagliato.md:3: Comuni: " in problems[0] and "latna" in problems[0]


def settings_value(name):
    result = subprocess.run([sys.executable, "-c", f"import pelicanconf; print(pelicanconf.{name})"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip()


class FakeStatuses(http.server.BaseHTTPRequestHandler):
    """GitHub's commit-status API, as far as the workflow and Decap use it."""

    statuses: dict  # sha → [status, newest first], set per server

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 (http.server's naming)
        *_, sha = self.path.split("/")
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.statuses.setdefault(sha, []).insert(0, {**body, "path": self.path,
                                                     "authorization": self.headers["Authorization"]})
        self.answer(201, body)

    def commit_of(self, ref):
        """The commit a ref names (tests/github_standin.py knows branches; here a ref is a commit)."""
        return ref

    def do_GET(self):  # noqa: N802: GET /repos/{owner}/{repo}/commits/{ref}/status, Decap's getStatuses
        sha = self.commit_of(self.path.split("/")[-2])
        self.answer(200, {"state": "pending", "statuses": self.statuses.get(sha, [])})

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def github_api():
    handler = type("Handler", (FakeStatuses,), {"statuses": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", handler.statuses
    server.shutdown()
    server.server_close()


WORKFLOW_TOKEN = "token-di-prova"  # the GITHUB_TOKEN of the workflow's job


def pr_status_task(api, *options, sha="abc123"):
    return subprocess.run([*INVOKE, "pr-status", "--sha", sha, *options], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "GITHUB_API_URL": api, "GITHUB_REPOSITORY": "ente/sito",
                                          "GITHUB_TOKEN": WORKFLOW_TOKEN, "GITHUB_SERVER_URL": "https://github.com",
                                          "GITHUB_RUN_ID": "42"})


def decap_preview(statuses, preview_context):
    """What Decap's GitHub backend makes of the statuses (decap-cms-lib-util getPreviewStatus and
    decap-cms-backend-github getDeployPreview, 3.x): the status whose context is exactly
    ``preview_context``; «Visualizza l'anteprima» only when its state is success."""
    found = next((status for status in statuses if status["context"] == preview_context), None)
    return found and (found["target_url"], "SUCCESS" if found["state"] == "success" else "OTHER")


@pytest.mark.parametrize("state", ["success", "failure"])
def test_the_status_carries_the_preview_with_the_editors_context(github_api, tmp_path, state):
    api, statuses = github_api
    address = f"{PAGES}/anteprime/pr-7/"
    errors = ["content/news/x.md:3: Comuni: «latna» non è un comune"] if state == "failure" else []
    pr_preview.record(tmp_path, address, errors, [])
    pending = pr_status_task(api, "--state", "pending")
    assert pending.returncode == 0, pending.stderr
    result = pr_status_task(api, "--output", str(tmp_path))
    # A failed check fails the job as well, after setting the status.
    assert result.returncode == (1 if state == "failure" else 0), result.stdout + result.stderr
    newest, first = statuses["abc123"]
    assert newest["path"] == first["path"] == "/repos/ente/sito/statuses/abc123"
    assert newest["authorization"] == "Bearer token-di-prova"
    assert first["state"] == "pending" and first["target_url"] == "https://github.com/ente/sito/actions/runs/42"
    context = settings_value("CMS_PREVIEW_CONTEXT")
    assert newest["context"] == first["context"] == context
    assert newest["state"] == state and newest["target_url"] == address
    # Decap, reading the newest statuses of the commit, finds this one.
    assert decap_preview(statuses["abc123"], context) == (address, "SUCCESS" if state == "success" else "OTHER")


# --- In the editor: the box with the pull request's checks (plugins/cms_config/admin/pr-checks.js) ---

# What Decap reads of the repository when it signs in (hasWriteAccess: the owner and the push permission).
REPOSITORY = {"name": "sito", "full_name": "ente/sito", "owner": {"login": "ente"}, "permissions": {"push": True}}
SIGNED_IN = "localStorage.setItem('decap-cms-user', JSON.stringify({token: 'token-di-prova', backendName: 'github'}))"


@pytest.mark.parametrize("state, title, link", [
    ("failure", "Da correggere prima di pubblicare.", "Apri l'elenco dei problemi"),
    ("success", "Controlli superati.", "Apri l'anteprima"),
    ("pending", "Controllo in corso.", None),
])
def test_the_editor_shows_the_checks_of_the_entrys_pull_request(browser, site, state, title, link):
    from tests.browser import serve

    config = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    config["backend"] |= {"repo": "ente/sito"}
    config |= {"publish_mode": "editorial_workflow", "local_backend": False}
    address = f"{PAGES}/anteprime/pr-7/"
    description = {"failure": "1 problema da correggere: content/news/sportello-casa.md:3: Comuni: «latna»…",
                   "success": "Anteprima pronta: i controlli sono passati",
                   "pending": "Controllo e anteprima in corso"}[state]
    statuses = [{"context": "altro/controllo", "state": "success", "description": "altro", "target_url": PAGES},
                {"context": config["backend"]["preview_context"], "state": state, "description": description,
                 "target_url": address}]
    asked = []

    def github_api(route):
        path = urlsplit(route.request.url).path
        asked.append((path, route.request.headers.get("authorization")))
        body = {"/user": {"login": "redattrice", "name": "Redattrice"},
                "/repos/ente/sito": REPOSITORY,
                "/repos/ente/sito/commits/cms%2Fnews%2Fsportello-casa/status": {"state": state,
                                                                                "statuses": statuses}}.get(path)
        route.fulfill(status=200 if body else 404, content_type="application/json", body=json.dumps(body or {}))

    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="it-IT")
    context.add_init_script(SIGNED_IN)
    context.route("https://api.github.com/**", github_api)
    page = context.new_page()
    page.route("**/admin/config.yml", lambda route: route.fulfill(body=json.dumps(config), content_type="text/yaml"))
    try:
        with serve(site) as base_url:
            page.goto(base_url + "admin/#/collections/news/entries/sportello-casa")
            box = page.locator("#lgnetea-pr-checks")
            box.wait_for()
            assert box.get_attribute("role") == "status"
            assert " ".join(box.inner_text().split()) == " ".join(
                f"{title} {description} {link or ''}".split())
            if link:
                assert page.get_by_role("link", name=link).get_attribute("href") == address
            assert axe_violations(page, within="#lgnetea-pr-checks") == []
            # Within the phone's width, whatever the description's length.
            width = box.evaluate("element => element.getBoundingClientRect().right")
            assert width <= 375
            # Another entry, without a pull request: no box.
            page.evaluate("location.hash = '#/collections/news/entries/altra-notizia'")
            box.wait_for(state="hidden")
    finally:
        context.close()
    assert ("/repos/ente/sito/commits/cms%2Fnews%2Fsportello-casa/status", "token token-di-prova") in asked


def test_the_problems_page_is_valid_and_accessible(browser, tmp_path):
    errors = ["content/news/x.md:3: Comuni: «latna» non esiste", "content/news/x.md:9: link: «<b>» porta a un file"]
    pr_preview.record(tmp_path, f"{PAGES}/anteprime/pr-7/", errors, ["content/news/y.md:1: Title: avviso: uguale"],
                      environ={"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "ente/sito",
                               "GITHUB_RUN_ID": "42"})
    text = (tmp_path / pr_preview.SITE_FOLDER / "index.html").read_text(encoding="utf-8")
    assert "«&lt;b&gt;»" in text and "<b>" not in text  # the checker's words are text, never markup
    page = browser.new_page()
    try:
        page.set_content(text)
        assert axe_violations(page) == []
        assert page.get_by_role("link", name="Il registro completo del controllo").get_attribute("href") == (
            "https://github.com/ente/sito/actions/runs/42")
        assert page.get_by_role("link", name="Che cosa vuol dire ogni messaggio (Guida per la redazione)").get_attribute(
            "href") == "https://github.com/ente/sito/blob/main/docs/guida-redazione.md#il-controllo-dei-contenuti"
    finally:
        page.close()
