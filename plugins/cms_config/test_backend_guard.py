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
import threading
import time
from pathlib import Path

import pytest

from cms_config.backend_guard import BackendGuard, ContentPaths, Refused, check_request, leave_out_unchanged_assets
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
        with local_backend(f"http://127.0.0.1:{port}/api/v1", repository, EDITOR) as guard:
            yield repository, outside, port, guard
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


def test_a_save_writes_again_only_the_files_that_changed(backend):
    """Decap sends every photo added since the editor was opened with each save: those already on
    disk with the same bytes are not written again (the live preview would make their pages again)."""
    repository, _, port, guard = backend
    news = repository / "content" / "news"
    (news / "vecchia.jpg").write_bytes(b"\xff\xd8vecchia")
    (news / "cambiata.jpg").write_bytes(b"\xff\xd8prima")
    os.utime(news / "vecchia.jpg", ns=(1, 1))
    os.utime(news / "cambiata.jpg", ns=(1, 1))
    assets = [{"path": f"content/news/{name}", "content": base64.b64encode(data).decode(), "encoding": "base64"}
              for name, data in (("vecchia.jpg", b"\xff\xd8vecchia"), ("cambiata.jpg", b"\xff\xd8dopo"),
                                 ("nuova.jpg", b"\xff\xd8nuova"))]
    params = {**entry("content/news/foto.md"), "assets": assets}
    params["entry"] = {"slug": "foto", "path": "content/news/foto.md", "raw": "Title: Foto\n"}
    status, _, _ = ask(port, "persistEntry", params)
    assert status == 200 and not guard.saving()
    assert (news / "vecchia.jpg").stat().st_mtime_ns == 1  # not written again
    assert (news / "cambiata.jpg").read_bytes() == b"\xff\xd8dopo"
    assert (news / "nuova.jpg").read_bytes() == b"\xff\xd8nuova"
    # In the editorial workflow decap-server deletes from the entry's branch the files a save does not send.
    workflow = {**params, "options": {**params["options"], "useWorkflow": True}}
    leave_out_unchanged_assets(workflow, repository)
    assert len(workflow["assets"]) == 3


def test_the_guard_says_a_save_is_being_written_until_decap_server_answers(tmp_path):
    """With a stand-in of decap-server that answers only when told: saving() while a write is passed on."""
    (tmp_path / "content" / "news").mkdir(parents=True)
    socket_path = str(tmp_path / "server.sock")
    answer = threading.Event()
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(socket_path)
    listener.listen()

    def stand_in():
        while True:
            connection, _ = listener.accept()
            with connection:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += connection.recv(65536)
                answer.wait(10)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   b"Content-Length: 2\r\nConnection: close\r\n\r\n{}")

    threading.Thread(target=stand_in, daemon=True).start()
    port = free_port()
    with BackendGuard(f"http://127.0.0.1:{port}/api/v1", socket_path, tmp_path, EDITOR) as guard:
        for action, params, writes in (("getMedia", {"branch": "main", "mediaFolder": "content/news"}, False),
                                       ("persistMedia", media("content/news/foto.jpg"), True),
                                       ("deleteFile", {"branch": "main", "path": "content/news/foto.jpg",
                                                       "options": {"commitMessage": "x"}}, True)):
            answer.clear()
            request = threading.Thread(target=ask, args=(port, action, params))
            request.start()
            deadline = time.monotonic() + 10
            while writes and not guard.saving():
                assert time.monotonic() < deadline, f"{action}: never saving"
                time.sleep(0.01)
            time.sleep(0.1)
            assert guard.saving() == writes, action
            answer.set()
            request.join()
            assert not guard.saving(), action
    listener.close()


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
    repository, outside, port, guard = backend
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
    assert guard.process.poll() is None


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
    *_, guard = backend
    listening = subprocess.run(["ss", "-H", "-l", "-t", "-n", "-p"], capture_output=True, text=True).stdout
    assert f"pid={guard.process.pid}," not in listening


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
