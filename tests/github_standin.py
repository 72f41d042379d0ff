"""Stand-ins of GitHub: its OAuth endpoints, for the editor's sign-in service (deploy/github_oauth.py),
and its REST API, as far as Decap's GitHub backend uses it in the editorial workflow
(decap-cms-backend-github 3.x, src/API.ts), on a real bare Git repository on disk.

OAuth: /login/oauth/authorize sends the browser back to the service's callback with a code (as
GitHub does for an app already authorised), /login/oauth/access_token gives ``TOKEN`` for that
code and the app's secret, and nothing else.

REST API endpoints (under /repos/{owner}/{repo} unless absolute):
- GET /user, GET /users/{login}, GET /repos/{owner}/{repo} (push permission), GET /search/issues (none);
- GET branches/{branch}; POST git/refs; PATCH and DELETE git/refs/heads/{branch};
- GET git/trees/{rev}:{folder}[?recursive=1]; GET and POST git/blobs; POST git/trees; POST git/commits;
- GET commits?path=&sha= (who changed a file last); GET compare/{base}...{head};
- GET pulls?head=&state=; POST pulls; PATCH pulls/{number} (close); PUT pulls/{number}/merge;
  GET pulls/{number}/commits; PUT issues/{number}/labels (Decap's workflow states are labels);
- POST statuses/{sha} and GET commits/{ref}/status: tests/test_pr_preview.py's FakeStatuses.

Every request must carry ``TOKEN``, the one the OAuth stand-in issues (a wrong or missing one
gets GitHub's 401 «Bad credentials»), except that the workflow's own token (``WORKFLOW_TOKEN``)
may set commit statuses, as its job's permissions allow.

Simplified: one repository, one signed-in user with every permission; no pagination (Decap asks
for 100 per page); pull requests live in memory; a merge is always a squash (the site's
squash_merges) and never conflicts; compare lists each file as added, modified or removed, with
a patch only for text files (Decap takes a file without one for media).
"""

import base64
import http.server
import json
import os
import re
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from deploy import github_oauth
from tests.test_pr_preview import WORKFLOW_TOKEN, FakeStatuses

OWNER, NAME = "ente", "sito"
USER = {"login": "redattrice", "name": "Redattrice", "email": "redattrice@example.org"}
TEXT_SUFFIXES = (".md", ".txt", ".csv", ".json", ".yml")
# The OAuth app's, and what GitHub's OAuth gives the sign-in service for the clerk.
CLIENT_ID, SECRET, CODE, TOKEN = "id-di-prova", "segreto-di-prova", "codice-di-prova", "gho_token_di_prova"


@contextmanager
def serving(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# --- OAuth ---------------------------------------------------------------------------------


class OAuthStandIn(http.server.BaseHTTPRequestHandler):
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
        back = f"{query['redirect_uri']}?" + urlencode({"code": CODE, "state": query["state"]})
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


@contextmanager
def serve_oauth_standin():
    """Serve the OAuth stand-in on a free port of 127.0.0.1; yields its address and the
    access-token requests it receives."""
    handler = type("Handler", (OAuthStandIn,), {"exchanges": []})
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as server:
        yield f"http://127.0.0.1:{server.server_port}", handler.exchanges


def service_settings(github_url, public_url, origins, port=0) -> github_oauth.Settings:
    """The sign-in service's settings for the OAuth app of the stand-in at ``github_url``."""
    return github_oauth.Settings(CLIENT_ID, SECRET, public_url, tuple(origins), github_url, "127.0.0.1", port)


@contextmanager
def serve_sign_in(settings: github_oauth.Settings):
    """The sign-in service (deploy/github_oauth.py) running with ``settings``; yields its port."""
    with serving(github_oauth.make_server(settings)) as server:
        yield server.server_port


# --- REST API ------------------------------------------------------------------------------


class GitError(Exception):
    pass


def git(git_dir: Path, *args, data: bytes | None = None, env: dict | None = None) -> str:
    result = subprocess.run(["git", "--git-dir", str(git_dir), *args], input=data, capture_output=True,
                            env={**os.environ, "GIT_AUTHOR_NAME": USER["name"], "GIT_AUTHOR_EMAIL": USER["email"],
                                 "GIT_COMMITTER_NAME": USER["name"], "GIT_COMMITTER_EMAIL": USER["email"],
                                 **(env or {})})
    if result.returncode:
        raise GitError(result.stderr.decode())
    return result.stdout.decode()


def bare_repository(folder: Path, files: dict[str, bytes] | None = None, source: Path | None = None) -> Path:
    """A bare repository whose main branch has ``source`` (a work tree, e.g. the project's
    content/ as it is now) and/or ``files`` (path → bytes), in one commit."""
    git_dir = folder / "sito.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(git_dir)], check=True)
    index = {"GIT_INDEX_FILE": str(folder / "index")}
    if source:
        git(git_dir, "--work-tree", str(source.parent), "add", source.name, env=index)
    for path, data in (files or {}).items():
        sha = git(git_dir, "hash-object", "-w", "--stdin", data=data).strip()
        git(git_dir, "update-index", "--add", "--cacheinfo", f"100644,{sha},{path}", env=index)
    tree = git(git_dir, "write-tree", env=index).strip()
    commit = git(git_dir, "commit-tree", tree, "-m", "Contenuti").strip()
    git(git_dir, "update-ref", "refs/heads/main", commit)
    return git_dir


class GitHubStandIn(FakeStatuses):
    git_dir: Path  # set per server, as FakeStatuses.statuses
    pulls: list
    lock: threading.Lock

    # --- Git ---------------------------------------------------------------------------------
    def git(self, *args, **options):
        return git(self.git_dir, *args, **options)

    def commit_of(self, ref):
        return self.git("rev-parse", "--verify", unquote(ref).split(":")[-1] + "^{commit}").strip()

    def commit_json(self, sha):
        tree, parents, name, email, date, message = self.git(
            "show", "-s", "--format=%T%n%P%n%an%n%ae%n%aI%n%B", sha).split("\n", 5)
        author = {"name": name, "email": email, "date": date}
        return {"sha": sha, "parents": [{"sha": parent} for parent in parents.split()],
                "commit": {"message": message.strip(), "tree": {"sha": tree}, "author": author, "committer": author}}

    # --- Routes ------------------------------------------------------------------------------
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.dispatch("GET")

    def do_POST(self):  # noqa: N802
        self.dispatch("POST")

    def do_PUT(self):  # noqa: N802
        self.dispatch("PUT")

    def do_PATCH(self):  # noqa: N802
        self.dispatch("PATCH")

    def do_DELETE(self):  # noqa: N802
        self.dispatch("DELETE")

    def dispatch(self, method):
        token = self.headers.get("Authorization", "").partition(" ")[2]
        setting_a_status = method == "POST" and "/statuses/" in self.path
        if token != TOKEN and not (setting_a_status and token == WORKFLOW_TOKEN):
            return self.answer(401, {"message": "Bad credentials"})
        if setting_a_status:
            return FakeStatuses.do_POST(self)
        if method == "GET" and re.search(r"/commits/[^/]+/status$", self.path):
            try:
                return FakeStatuses.do_GET(self)
            except GitError:  # no such branch: an entry never saved in the workflow
                return self.answer(404, {"message": "No commit found for SHA"})
        address = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(address.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else {}
        repo = f"/repos/{OWNER}/{NAME}"
        path = address.path.removeprefix(repo)
        for route_method, pattern, action in self.ROUTES:
            match = re.fullmatch(pattern, path) if route_method == method else None
            if match:
                try:
                    with self.lock:
                        code, answer = action(self, *match.groups(), query=query, body=body)
                except GitError as error:
                    code, answer = 404, {"message": "Not Found", "detail": str(error)}
                if answer is None:  # GitHub's 204: no body at all
                    self.send_response(code)
                    self.end_headers()
                    return None
                return self.answer(code, answer)
        self.answer(404, {"message": "Not Found"})

    def user(self, *_, **__):
        return 200, USER

    def repository(self, **_):
        return 200, {"name": NAME, "full_name": f"{OWNER}/{NAME}", "owner": {"login": OWNER},
                     "default_branch": "main", "permissions": {"push": True, "admin": True}}

    def no_issues(self, **_):
        return 200, {"total_count": 0, "items": []}

    def branch(self, name, **_):
        sha = self.commit_of(name)
        return 200, {"name": unquote(name), "commit": self.commit_json(sha)}

    def tree(self, rev, query, **_):
        rev, _, folder = unquote(rev).partition(":")
        listing = self.git("ls-tree", "-l", *(["-r"] if query.get("recursive") else []),
                           f"{rev}:{folder}" if folder else rev)
        tree = []
        for line in listing.splitlines():
            info, name = line.split("\t", 1)
            mode, kind, sha, size = info.split()
            tree.append({"path": name, "mode": mode, "type": kind, "sha": sha,
                         **({"size": int(size)} if kind == "blob" else {})})
        return 200, {"sha": self.git("rev-parse", f"{rev}:{folder}").strip(), "tree": tree, "truncated": False}

    def read_blob(self, sha, **_):
        data = subprocess.run(["git", "--git-dir", str(self.git_dir), "cat-file", "blob", sha],
                              capture_output=True, check=True).stdout
        return 200, {"sha": sha, "size": len(data), "encoding": "base64", "content": base64.b64encode(data).decode()}

    def create_blob(self, body, **_):
        data = base64.b64decode(body["content"]) if body.get("encoding") == "base64" else body["content"].encode()
        return 201, {"sha": self.git("hash-object", "-w", "--stdin", data=data).strip()}

    def create_tree(self, body, **_):
        index = {"GIT_INDEX_FILE": str(self.git_dir / "standin-index")}
        self.git("read-tree", *([body["base_tree"]] if body.get("base_tree") else ["--empty"]), env=index)
        # Mode 0 removes the path (a null sha, in GitHub's trees, deletes the file).
        lines = "".join(f"{entry['mode'] if entry.get('sha') else 0} {entry.get('sha') or '0' * 40}\t{entry['path']}\n"
                        for entry in body["tree"])
        self.git("update-index", "--index-info", data=lines.encode(), env=index)
        return 201, {"sha": self.git("write-tree", env=index).strip()}

    def create_commit(self, body, **_):
        parents = [option for parent in body.get("parents", []) for option in ("-p", parent)]
        sha = self.git("commit-tree", body["tree"], *parents, "-m", body["message"]).strip()
        return 201, self.commit_json(sha)

    def create_ref(self, body, **_):
        try:
            self.git("update-ref", body["ref"], body["sha"], "")
        except GitError:
            return 422, {"message": "Reference already exists"}
        return 201, {"ref": body["ref"], "object": {"sha": body["sha"], "type": "commit"}}

    def update_ref(self, name, body, **_):
        ref = "refs/heads/" + unquote(name)
        old = self.commit_of(ref)
        if not body.get("force") and self.git("merge-base", old, body["sha"]).strip() != old:
            return 422, {"message": "Update is not a fast forward"}
        self.git("update-ref", ref, body["sha"])
        return 200, {"ref": ref, "object": {"sha": body["sha"], "type": "commit"}}

    def delete_ref(self, name, **_):
        try:
            self.git("update-ref", "-d", "refs/heads/" + unquote(name), self.commit_of("refs/heads/" + unquote(name)))
        except GitError:
            return 422, {"message": "Reference does not exist"}
        return 204, None

    def file_commits(self, query, **_):
        shas = self.git("log", "-1", "--format=%H", query.get("sha", "main"), "--", query["path"]).split()
        return 200, [self.commit_json(sha) for sha in shas]

    def compare(self, base, head, **_):
        base, head = self.commit_of(base), self.commit_of(head)
        merge_base = self.git("merge-base", base, head).strip()
        statuses = {"A": "added", "M": "modified", "D": "removed"}
        files = []
        for line in self.git("diff", "--no-renames", "--name-status", merge_base, head).splitlines():
            status, name = line.split("\t", 1)
            sha = self.git("ls-tree", head, "--", name).split()[2] if status != "D" else None
            files.append({"filename": name, "status": statuses[status], "sha": sha,
                          **({"patch": "@@"} if name.endswith(TEXT_SUFFIXES) else {})})
        commits = [self.commit_json(sha) for sha in self.git("rev-list", "--reverse", f"{merge_base}..{head}").split()]
        return 200, {"base_commit": self.commit_json(merge_base), "merge_base_commit": self.commit_json(merge_base),
                     "files": files, "commits": commits}

    def pull_json(self, pull):
        """A pull request as GitHub gives it: its head is the branch as it is now."""
        head = pull["head"]
        sha = self.commit_of("refs/heads/" + head) if pull["state"] == "open" else pull["head_sha"]
        return {**{key: value for key, value in pull.items() if key not in ("head", "head_sha")},
                "head": {"ref": head, "sha": sha, "label": f"{OWNER}:{head}", "repo": {"fork": False}},
                "base": {"ref": "main", "sha": self.commit_of("main")},
                "labels": [{"name": label} for label in pull["labels"]], "user": {"login": USER["login"]}}

    def list_pulls(self, query, **_):
        head = query.get("head", "").split(":")[-1]
        state = query.get("state", "open")
        return 200, [self.pull_json(pull) for pull in self.pulls
                     if (state == "all" or pull["state"] == state) and (not head or pull["head"] == head)]

    def create_pull(self, body, **_):
        pull = {"number": len(self.pulls) + 1, "title": body["title"], "body": body.get("body", ""),
                "head": body["head"].split(":")[-1], "state": "open", "merged": False, "labels": [],
                "updated_at": "2026-11-28T09:00:00Z"}
        self.pulls.append(pull)
        return 201, self.pull_json(pull)

    def pull(self, number):
        return next(pull for pull in self.pulls if pull["number"] == int(number))

    def update_pull(self, number, body, **_):
        pull = self.pull(number)
        pull["state"] = body.get("state", pull["state"])
        return 200, self.pull_json(pull)

    def merge_pull(self, number, body, **_):
        pull = self.pull(number)
        head = self.commit_of("refs/heads/" + pull["head"])
        if body.get("sha") and body["sha"] != head:
            return 409, {"message": "Head branch was modified"}
        main = self.commit_of("main")
        tree = self.git("merge-tree", "--write-tree", main, head).split()[0]
        merged = self.git("commit-tree", tree, "-p", main, "-m", body.get("commit_message") or pull["title"]).strip()
        self.git("update-ref", "refs/heads/main", merged, main)
        pull |= {"state": "closed", "merged": True, "head_sha": head}
        return 200, {"sha": merged, "merged": True, "message": "Pull Request successfully merged"}

    def pull_commits(self, number, **_):
        return 200, self.compare("main", "refs/heads/" + self.pull(number)["head"])[1]["commits"]

    def set_labels(self, number, body, **_):
        self.pull(number)["labels"] = list(body["labels"])
        return 200, [{"name": label} for label in body["labels"]]

    ROUTES = [
        ("GET", r"/user", user),
        ("GET", r"/users/([^/]+)", user),
        ("GET", r"", repository),
        ("GET", r"/search/issues", no_issues),
        ("GET", r"/branches/(.+)", branch),
        ("GET", r"/git/trees/(.+)", tree),
        ("GET", r"/git/blobs/([0-9a-f]+)", read_blob),
        ("POST", r"/git/blobs", create_blob),
        ("POST", r"/git/trees", create_tree),
        ("POST", r"/git/commits", create_commit),
        ("POST", r"/git/refs", create_ref),
        ("PATCH", r"/git/refs/heads/(.+)", update_ref),
        ("DELETE", r"/git/refs/heads/(.+)", delete_ref),
        ("GET", r"/commits", file_commits),
        ("GET", r"/compare/(.+)\.\.\.(.+)", compare),
        ("GET", r"/pulls", list_pulls),
        ("POST", r"/pulls", create_pull),
        ("PATCH", r"/pulls/(\d+)", update_pull),
        ("PUT", r"/pulls/(\d+)/merge", merge_pull),
        ("GET", r"/pulls/(\d+)/commits", pull_commits),
        ("PUT", r"/issues/(\d+)/labels", set_labels),
    ]


@contextmanager
def serve_standin(git_dir: Path):
    """Serve the REST API stand-in on a free port of 127.0.0.1; yields its address and its handler
    class (pulls, statuses)."""
    handler = type("Handler", (GitHubStandIn,), {"git_dir": git_dir, "pulls": [], "statuses": {},
                                                 "lock": threading.Lock()})
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as server:
        yield f"http://127.0.0.1:{server.server_port}", handler
