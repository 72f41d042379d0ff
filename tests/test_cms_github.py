"""The published editor (GitHub mode, the editorial workflow), driven in Chromium, on stand-ins of
GitHub (tests/github_standin.py) over a bare Git repository: a clerk's day from /admin/ to a news
item with a photo merged on main, and the deletion of a published item with its own files.

The site is served as published (nginx with deploy/'s rules, the sign-in service behind /oauth/),
and the clerk signs in as every day: «Accedi con GitHub», the pop-up to GitHub's OAuth stand-in
and back. GitHub's API address is routed to the API stand-in, which accepts only the token the
OAuth stand-in issued; so the editor's configuration and its Content-Security-Policy stay those
of the published site.
"""

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from pelican.settings import read_settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from deploy import pr_preview
from tests.conftest import ROOT
from tests.github_standin import TOKEN, bare_repository, serve_standin
from tests.test_cms_local import (
    SLUG,
    TITLE,
    assert_asked_about_the_items_own_files,
    assert_without_personal_data,
    english_on_screen,
    fill_the_news_item_with_a_photo,
    item_with_files,
    phone_photo,
)
from tests.test_every_page import axe_violations
from tests.test_oauth import sign_in
from tests.test_pr_preview import PAGES, WORKFLOW_TOKEN, pr_status_task

GITHUB = "https://api.github.com"
PHONE = (4032, 3024)  # a 12-megapixel phone photo


def show(git_dir, revision_path) -> bytes | None:
    """A file of the bare repository (``main:content/…``), or None."""
    result = subprocess.run(["git", "--git-dir", str(git_dir), "show", revision_path], capture_output=True)
    return result.stdout if result.returncode == 0 else None


def wait_for(page, condition, timeout=30.0):  # as Playwright's own waits
    """Wait, letting Playwright run the routes to the stand-in meanwhile (they run on this thread)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the repository never changed as expected"
        page.wait_for_timeout(50)


def forward(route, api):
    """Playwright fetches for the page: same method, headers and body, from the stand-in."""
    try:
        route.fulfill(response=route.fetch(url=api + route.request.url.removeprefix(GITHUB)))
    except PlaywrightError:
        pass  # the test ended, and closed the page, while Decap was still asking


@contextmanager
def github_editor(browser, site_with_sign_in, git_dir):
    """The published editor for ente/sito, in the editorial workflow, not yet signed in; GitHub's
    API on the stand-in over ``git_dir``."""
    config = site_with_sign_in.config | {"publish_mode": "editorial_workflow"}
    with serve_standin(git_dir) as (api, github):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
        context.route(GITHUB + "/**", lambda route: forward(route, api))
        context.route("https://www.githubstatus.com/**", lambda route: route.abort())  # Decap's status check
        context.route("**/admin/config.yml", lambda route: route.fulfill(body=json.dumps(config),
                                                                          content_type="text/yaml"))
        page = context.new_page()
        try:
            yield SimpleNamespace(page=page, url=site_with_sign_in.url + "/admin/", api=api, github=github)
        finally:
            context.close()


@pytest.mark.slow  # ~18 s: sign-in, a news item with a photo, review, merge
def test_a_clerks_day_from_admin_to_a_published_news_item_with_a_photo(browser, site_with_sign_in, tmp_path):
    git_dir = bare_repository(tmp_path, source=ROOT / "content")
    photo = phone_photo(tmp_path / "IMG_20261128_093012.jpg", PHONE)
    branch = f"cms/news/{SLUG}"
    with github_editor(browser, site_with_sign_in, git_dir) as editor:
        page = editor.page
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
        started = time.perf_counter()
        page.goto(editor.url)
        sign_in(page)
        page.wait_for_url(re.compile("#/collections/"))  # signed in: Decap opens the first collection
        assert page.evaluate("JSON.parse(localStorage.getItem('decap-cms-user')).token") == TOKEN
        page.goto(editor.url + "#/collections/news/new")
        fill_the_news_item_with_a_photo(page, photo)
        assert english_on_screen(page) == []
        page.get_by_role("button", name="Salva").click()
        page.get_by_text("Voce salvata").wait_for()

        # Saved: a branch and an open pull request, in the workflow's first state.
        head = subprocess.run(["git", "--git-dir", str(git_dir), "rev-parse", f"refs/heads/{branch}"],
                              capture_output=True, text=True, check=True).stdout.strip()
        (pull,) = editor.github.pulls
        assert (pull["head"], pull["state"], pull["labels"]) == (branch, "open", ["decap-cms/draft"])
        assert show(git_dir, f"main:content/news/{SLUG}.md") is None

        # The workflow's preview job: its check passes, and it sets the status (invoke pr-status).
        address = f"{PAGES}/anteprime/pr-{pull['number']}/"
        (tmp_path / "anteprima").mkdir()
        pr_preview.record(tmp_path / "anteprima", address, [], [])
        result = pr_status_task(editor.api, "--output", str(tmp_path / "anteprima"), sha=head)
        assert result.returncode == 0, result.stdout + result.stderr
        # pr-checks.js asks again every 30 seconds; the clerk does not wait for it here.
        page.evaluate("window.dispatchEvent(new HashChangeEvent('hashchange'))")
        box = page.locator("#lgnetea-pr-checks")
        expect(box).to_contain_text("Controlli superati.")
        expect(box.get_by_role("link", name="Apri l'anteprima")).to_have_attribute("href", address)
        assert axe_violations(page, within="#lgnetea-pr-checks") == []

        page.get_by_text("Stato: Bozza").click()
        page.get_by_text("Pronto", exact=True).click()
        page.get_by_text("Stato: Pronto").wait_for()
        wait_for(page, lambda: pull["labels"] == ["decap-cms/pending_publish"])
        page.get_by_role("button", name="Pubblica", exact=True).click()
        page.get_by_text("Pubblica ora").click()
        wait_for(page, lambda: show(git_dir, f"main:content/news/{SLUG}.md") is not None)
        elapsed = time.perf_counter() - started
        page.get_by_text("Voce pubblicata", exact=True).wait_for()
        assert english_on_screen(page) == []
    print(f"A clerk's day in GitHub mode: {elapsed:.1f} s from opening /admin/ to the news item merged on main")

    assert asked == ["Volete davvero pubblicare questa voce?"]  # Decap's own question, and nothing of ours
    assert pull["state"] == "closed" and pull["merged"]
    assert show(git_dir, f"refs/heads/{branch}") is None  # Decap deletes the merged branch
    text = show(git_dir, f"main:content/news/{SLUG}.md").decode()
    (name,) = re.findall(r"!\[La porta dello sportello\]\(([^)]+)\)", text)
    assert re.fullmatch(r"img_20261128_093012-[a-z0-9]{6}\.jpg", name)  # its own name, and six letters and digits
    assert text == (
        f"Title: {TITLE}\nDate: 2026-11-28\n"
        "Summary: A Latina apre uno sportello per chi cerca casa. È aperto il lunedì.\nComuni: latina\n\n"
        f"Lo sportello aiuta chi cerca una casa in affitto.\n\n![La porta dello sportello]({name})\n")
    assert_without_personal_data(show(git_dir, f"main:content/news/{name}"), PHONE)
    # What main now holds is content the site's checker accepts, as the publish workflow's check would.
    from content_check.content_check import check_content, errors_of  # plugins/ is on the path (test_cms_local)

    subprocess.run(f"git --git-dir {git_dir} archive main content | tar -x -C {tmp_path}", shell=True, check=True)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert errors_of(check_content({**settings, "PATH": str(tmp_path / "content")})) == []


def test_deleting_a_published_item_in_github_mode_deletes_the_files_only_it_uses(browser, site_with_sign_in,
                                                                                 tmp_path):
    files = {f"content/news/{name}": data for name, data in item_with_files().items()}
    git_dir = bare_repository(tmp_path, files=files)
    with github_editor(browser, site_with_sign_in, git_dir) as editor:
        page = editor.page
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
        page.goto(editor.url + "#/collections/news/entries/da-eliminare")
        sign_in(page)
        expect(page.get_by_label("Titolo")).to_have_value("Una notizia da eliminare")
        page.get_by_role("button", name="Cancella voce pubblicata").click()
        expect(page).to_have_url(re.compile("#/collections/news$"))
        wait_for(page, lambda: show(git_dir, "main:content/news/da-eliminare.md") is None)
    assert_asked_about_the_items_own_files(asked)
    assert show(git_dir, "main:content/news/casa-k3x9q2.jpg") is None
    assert show(git_dir, "main:content/news/relazione-a1b2c3.pdf") is None
    assert show(git_dir, "main:content/news/piazza-z9y8x7.jpg") is not None  # the other item's photo stays
    assert show(git_dir, "main:content/news/altra.md") is not None
    log = subprocess.run(["git", "--git-dir", str(git_dir), "log", "--format=%s", "main"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert log[:2] == ["Elimina Notizia «da-eliminare»", "Elimina i file di «content/news/da-eliminare.md»"]


def api_answer(api, path, authorization):
    """The stand-in's status and JSON for a GET of ``path`` (a POST of {} for a commit status)."""
    setting_a_status = "/statuses/" in path
    request = urllib.request.Request(api + path, method="POST" if setting_a_status else "GET",
                                     data=b"{}" if setting_a_status else None,
                                     headers={"Authorization": authorization} if authorization else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("authorization, path", [
    (None, "/user"), ("token gho_altro", "/user"), (f"token {WORKFLOW_TOKEN}", "/user"),
    ("token gho_altro", f"/repos/ente/sito/statuses/{'0' * 40}"),
])
def test_the_api_stand_in_refuses_a_token_other_than_the_clerks(tmp_path, authorization, path):
    """As GitHub does; the workflow's own token may only set commit statuses."""
    with serve_standin(bare_repository(tmp_path, files={"content/a.md": b"Title: A\n"})) as (api, _):
        assert api_answer(api, path, authorization) == (401, {"message": "Bad credentials"})
        assert api_answer(api, path, f"token {TOKEN}")[0] in (200, 201)
