"""The local editor backend: decap-server behind the guard, reachable by the editor only, on content/ only.

Every request goes to the real decap-server (npm) through the real guard, on a scratch
repository; the hostile ones must get 403 and leave every file as it was.
"""

import base64
import http.client
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from cms_config.backend_guard import ContentPaths, Refused, check_request
from cms_config.local_backend import local_backend

ROOT = Path(__file__).resolve().parents[2]
EDITOR_PORT = 8123  # only compared, never listened on
EDITOR = f"http://127.0.0.1:{EDITOR_PORT}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """decap-server and its guard on a scratch repository with content/, a .git/ and settings."""
    repository = tmp_path_factory.mktemp("repository")
    (repository / "content" / "news").mkdir(parents=True)
    (repository / "content" / "news" / "prova.md").write_text("Title: Prova\n\nTesto.\n", encoding="utf-8")
    (repository / ".git").mkdir()
    (repository / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (repository / "pelicanconf.py").write_text("SITENAME = 'x'\n", encoding="utf-8")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("segreto\n", encoding="utf-8")
    (repository / "content" / "fuori").symlink_to(outside, target_is_directory=True)
    (repository / "content" / "news" / "link.md").symlink_to(outside / "secret.md")
    port = free_port()
    cwd = Path.cwd()
    os.chdir(ROOT)  # node_modules/ of the working folder
    try:
        with local_backend(f"http://127.0.0.1:{port}/api/v1", repository, EDITOR) as process:
            yield repository, outside, port, process
    finally:
        os.chdir(cwd)


def snapshot(*folders):
    """Every file under ``folders`` (symlinks not followed) with its bytes."""
    return {path: path.read_bytes() for folder in folders for path in Path(folder).rglob("*")
            if path.is_file() and not path.is_symlink()}


def ask(port, action, params=None, origin=EDITOR, host=None, method="POST"):
    """(status, JSON answer) of a request to the guard, with the given Origin and Host headers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    body = json.dumps({"action": action, "params": params or {}}).encode()
    headers = {"Content-Type": "application/json", "Host": host or f"127.0.0.1:{port}"}
    if origin:
        headers["Origin"] = origin
    connection.request(method, "/api/v1", body, headers)
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    return response.status, json.loads(answer) if answer else None, response.getheader("Access-Control-Allow-Origin")


def media(path, data=b"scritto"):
    return {"branch": "main",
            "asset": {"path": path, "content": base64.b64encode(data).decode(), "encoding": "base64"},
            "options": {"commitMessage": "x"}}


def entry(path, new_path=None):
    item = {"slug": "prova", "path": path, "raw": "[core]\n\tfsmonitor = touch /tmp/pwned\n"}
    if new_path:
        item["newPath"] = new_path
    return {"branch": "main", "entry": item, "assets": [],
            "options": {"collectionName": "news", "commitMessage": "x", "useWorkflow": False, "status": "draft"}}


def test_the_editor_reads_and_saves_in_content(backend):
    repository, _, port, _ = backend
    status, answer, allowed = ask(port, "info")
    assert (status, answer["type"], allowed) == (200, "local_fs", EDITOR)
    status, entries, _ = ask(port, "entriesByFolder", {"branch": "main", "folder": "content/news",
                                                       "extension": "md", "depth": 1})
    assert status == 200 and "Title: Prova\n\nTesto.\n" in [item["data"] for item in entries]
    status, _, _ = ask(port, "persistEntry", {**entry("content/news/nuova.md"),
                                               "entry": {"slug": "nuova", "path": "content/news/nuova.md",
                                                         "raw": "Title: Nuova\n"}})
    assert status == 200 and (repository / "content" / "news" / "nuova.md").read_text() == "Title: Nuova\n"
    status, _, _ = ask(port, "persistMedia", media("content/news/foto.jpg", b"\xff\xd8jpeg"))
    assert status == 200 and (repository / "content" / "news" / "foto.jpg").read_bytes() == b"\xff\xd8jpeg"


HOSTILE = {
    "a DNS-rebinding Host": dict(action="info", host="attacker.example:{port}"),
    "the right host name on another port": dict(action="info", host="127.0.0.1:1"),
    "a foreign Origin": dict(action="info", origin="https://attacker.example"),
    "localhost on another port": dict(action="info", origin="http://localhost:{port}"),
    "127.0.0.1 on another port": dict(action="info", origin="http://127.0.0.1:9999"),
    "no Origin": dict(action="info", origin=""),
    "a GET": dict(action="info", method="GET"),
    "a write to .git/config": dict(action="persistEntry", params=entry(".git/config")),
    "a write to .git/config inside content": dict(action="persistMedia", params=media("content/../.git/config")),
    "a media write to .git/config": dict(action="persistMedia", params=media(".git/config")),
    "a write to pelicanconf.py": dict(action="persistEntry", params=entry("pelicanconf.py")),
    "a move onto pelicanconf.py": dict(action="persistEntry",
                                       params=entry("content/news/prova.md", "content/../pelicanconf.py")),
    "a path with ..": dict(action="persistMedia", params=media("content/news/../../pelicanconf.py")),
    "an absolute path": dict(action="persistMedia", params=media("{repository}/content/news/x.jpg")),
    "a dotfile in content": dict(action="persistMedia", params=media("content/extra/.env")),
    "code in content": dict(action="persistMedia", params=media("content/news/x.py")),
    "an SVG": dict(action="persistMedia", params=media("content/news/x.svg")),
    "a write through a symlinked folder out of content": dict(action="persistMedia",
                                                              params=media("content/fuori/secret.md")),
    "a write through a symlinked file out of content": dict(action="persistEntry",
                                                            params=entry("content/news/link.md")),
    "a read through a symlink out of content": dict(action="getEntry", params={"path": "content/news/link.md"}),
    "a listing of a symlinked folder": dict(action="entriesByFolder",
                                            params={"folder": "content/fuori", "extension": "md", "depth": 1}),
    "a read of the settings": dict(action="getMediaFile", params={"path": "pelicanconf.py"}),
    "a listing of the repository": dict(action="getMedia", params={"mediaFolder": "."}),
    "a deletion of the settings": dict(action="deleteFiles", params={"paths": ["content/news/prova.md",
                                                                             "pelicanconf.py"],
                                                                   "options": {"commitMessage": "x"}}),
    "a backslash path": dict(action="deleteFile", params={"path": "content\\..\\pelicanconf.py",
                                                          "options": {"commitMessage": "x"}}),
    "an option as branch name": dict(action="entriesByFolder", params={"branch": "--orphan", "folder": "content",
                                                                       "extension": "md", "depth": 1}),
    "an unknown action": dict(action="runCommand", params={}),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_requests_get_403_and_change_nothing(backend, case):
    repository, outside, port, process = backend
    before = snapshot(repository, outside)
    request = HOSTILE[case]
    params = json.loads(json.dumps(request.get("params", {})).replace("{repository}", str(repository)))
    status, answer, allowed = ask(port, request["action"], params,
                                  origin=request.get("origin", EDITOR).format(port=port),
                                  host=request.get("host", "").format(port=port) or None,
                                  method=request.get("method", "POST"))
    assert status == 403, answer
    assert "rifiuta" in answer["error"] and allowed is None
    assert snapshot(repository, outside) == before
    assert process.poll() is None


def test_decap_servers_failures_reach_the_editor_in_italian_with_what_to_do(backend):
    repository, _, port, _ = backend
    (repository / "content" / "news" / "cartella.md").mkdir()  # a folder where the file goes: a write fails
    path = "content/news/cartella.md"
    status, answer, allowed = ask(port, "persistEntry", {**entry(path),
                                                          "entry": {"slug": "cartella", "path": path, "raw": "X\n"}})
    assert (status, allowed) == (500, EDITOR)
    assert "Unknown error" not in answer["error"] and "riprovate" in answer["error"]
    status, answer, _ = ask(port, "persistEntry", entry("content/news/config.py"))
    assert status == 403 and "chiedete al referente tecnico" in answer["error"]


def test_a_preflight_is_answered_for_the_editor_only(backend):
    _, _, port, _ = backend

    def preflight(origin):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("OPTIONS", "/api/v1", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, response.getheader("Access-Control-Allow-Origin")

    assert preflight(EDITOR) == (204, EDITOR)
    assert preflight("http://localhost:3000") == (403, None)


def test_decap_server_itself_listens_on_no_port(backend):
    *_, process = backend
    listening = subprocess.run(["ss", "-H", "-l", "-t", "-n", "-p"], capture_output=True, text=True).stdout
    assert f"pid={process.pid}," not in listening


def test_every_path_field_of_every_action_is_checked(tmp_path):
    """Without a server: each of decap-server's path fields, given `..`, is refused."""
    (tmp_path / "content").mkdir()
    paths = ContentPaths(tmp_path)
    bad = "content/../pelicanconf.py"
    cases = [
        ("entriesByFolder", {"folder": bad}), ("entriesByFiles", {"files": [{"path": bad}]}),
        ("getEntry", {"path": bad}), ("getMedia", {"mediaFolder": bad}), ("getMediaFile", {"path": bad}),
        ("persistEntry", {"entry": {"path": bad}}), ("persistEntry", {"entry": {"path": "content/a.md",
                                                                                "newPath": bad}}),
        ("persistEntry", {"dataFiles": [{"path": "content/a.md"}, {"path": bad}]}),
        ("persistEntry", {"dataFiles": [{"path": "content/a.md", "newPath": bad}]}),
        ("persistEntry", {"entry": {"path": "content/a.md"}, "assets": [{"path": bad}]}),
        ("persistMedia", {"asset": {"path": bad}}), ("deleteFile", {"path": bad}),
        ("deleteFiles", {"paths": ["content/a.md", bad]}),
        ("unpublishedEntryDataFile", {"path": bad}), ("unpublishedEntryMediaFile", {"path": bad}),
        ("unpublishedEntry", {"id": "news/../../x"}), ("deleteUnpublishedEntry", {"collection": "-x", "slug": "a"}),
        ("publishUnpublishedEntry", {"collection": "news", "slug": "a b"}),
        ("persistEntry", {"entry": {"path": "content/a.md", "slug": "../a"}}),
        ("persistEntry", {"entry": {"path": "content/a.md"}, "options": {"collectionName": "--x"}}),
    ]
    for action, params in cases:
        with pytest.raises(Refused):
            check_request({"action": action, "params": params}, paths)
    check_request({"action": "persistEntry", "params": {"entry": {"path": "content/news/a.md", "slug": "a"},
                                                        "assets": [{"path": "content/news/a.jpg"}]}}, paths)
    # Reading a saved entry back from its branch (git mode): the file's id is its path.
    for action in ("unpublishedEntryDataFile", "unpublishedEntryMediaFile"):
        check_request({"action": action, "params": {"collection": "news", "slug": "a",
                                                    "path": "content/news/a.jpg", "id": "content/news/a.jpg"}}, paths)


def test_the_backend_listens_on_this_machine_only(tmp_path):
    with pytest.raises(ValueError, match="this machine only"):
        with local_backend("http://0.0.0.0:8081/api/v1", tmp_path, EDITOR):
            pass


def test_the_editor_writes_the_documents_the_site_publishes_and_nothing_else():
    from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

    from cms_config.backend_guard import ENTRY_FILE_SUFFIXES, WRITABLE_SUFFIXES

    settings = {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / "pelicanconf.py"))}
    documents = {f".{extension}" for extension in settings["DOCUMENT_EXTENSIONS"]}
    assert set(ENTRY_FILE_SUFFIXES) == documents | {".jpg", ".jpeg", ".png", ".webp"}
    assert WRITABLE_SUFFIXES == {".md", *ENTRY_FILE_SUFFIXES}
