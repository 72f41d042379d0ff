"""The guard in front of decap-server: only the editor reaches it, and only content/.

decap-server (npm) has no authentication, answers any ``localhost`` origin and any
``Host`` (DNS rebinding), and writes anywhere in the repository, ``.git/config`` included.
So it listens on a Unix socket in a folder private to this user (``listen_on_socket.cjs``),
which no web page can reach, and this guard listens at the editor's address
(``CMS_LOCAL_BACKEND``) and passes a request on only if:

* it is a ``POST`` to the backend's path, with the exact ``Host`` of that address and the
  exact ``Origin`` of the live preview that serves /admin/ (``http://127.0.0.1:PORT``);
* its action is one decap-server has (``ACTIONS``), and every field of it that names a file
  or folder (``PATH_FIELDS``) is a relative path inside ``content/``: no ``..``, no absolute
  path, no part starting with a dot (``.git``, ``.env``), no symlink leading out of
  ``content/`` once resolved; a write or delete names a Markdown file or a photo
  (``WRITABLE_SUFFIXES``), never code or settings;
* the names decap-server makes git branches and settings of, in its ``git`` mode (collection,
  slug, branch, status), are plain names.

Everything else gets 403 and never reaches decap-server. The body passed on is the JSON that
was checked, written again, so that decap-server reads exactly what the guard read, less the
photos and documents a save sends again unchanged (``leave_out_unchanged_assets``).

The guard also knows when a save is being written (``BackendGuard.saving``): decap-server
writes an entry, then its photos, each in pieces, and the live preview waits for the whole
save before building it (plugins/live_preview/worker.py, ``change_batches``).
"""

import base64
import binascii
import contextlib
import http.client
import http.server
import json
import os
import re
import socket
import sys
import threading
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

MAX_BODY = 50 * 1024 * 1024  # decap-server's own limit (express.json)
# The files an entry links beside itself: photos, and the documents of plugins/documents
# (DOCUMENT_EXTENSIONS in pelicanconf.py: test_backend_guard.py checks that they agree).
ENTRY_FILE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".pdf", ".odt", ".docx", ".xlsx", ".csv")
# What the editor writes and deletes: entries, their photos and documents.
WRITABLE_SUFFIXES = {".md", *ENTRY_FILE_SUFFIXES}
# decap-server's actions (its middlewares' schema) → where their paths are: "params.x" a path,
# "params.x[]" a list of paths, "params.x[].y" a field of each item; (kind, fields) with kind
# "read" or "write".
PATH_FIELDS = {
    "info": (),
    "entriesByFolder": (("read", "folder"),),
    "entriesByFiles": (("read", "files[].path"),),
    "getEntry": (("read", "path"),),
    "getMedia": (("read", "mediaFolder"),),
    "getMediaFile": (("read", "path"),),
    "persistEntry": (("write", "entry.path"), ("write", "entry.newPath"), ("write", "dataFiles[].path"),
                     ("write", "dataFiles[].newPath"), ("write", "assets[].path")),
    "persistMedia": (("write", "asset.path"),),
    "deleteFile": (("write", "path"),),
    "deleteFiles": (("write", "paths[]"),),
    "getDeployPreview": (),
    # git mode (the editorial workflow of the screenshots): entries on branches cms/<collection>/<slug>
    "unpublishedEntries": (),
    "unpublishedEntry": (),
    "unpublishedEntryDataFile": (("read", "path"),),
    "unpublishedEntryMediaFile": (("read", "path"),),
    "deleteUnpublishedEntry": (),
    "updateUnpublishedEntryStatus": (),
    "publishUnpublishedEntry": (),
}
ACTIONS = frozenset(PATH_FIELDS)
# The actions that write or delete files (a save, an upload, a deletion).
WRITE_ACTIONS = frozenset(action for action, fields in PATH_FIELDS.items()
                          if any(kind == "write" for kind, _ in fields))
# Fields that git mode turns into branch names and settings (cms/<collection>/<slug>).
NAME_FIELDS = ("branch", "collection", "slug", "newStatus", "cmsLabelPrefix", "options.collectionName",
               "entry.slug", "dataFiles[].slug")
PLAIN_NAME = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*)?")  # or empty (no label prefix)
# What the clerk can do about a refusal or a failure, by HTTP status (the editor shows the text).
WHAT_TO_DO = {
    403: "l'editor scrive solo testi, foto e documenti dentro content/. Se vi serve altro, chiedete al "
         "referente tecnico.",
    411: "riprovate; se si ripete, chiudete e riaprite l'editor.",
    413: f"il file è troppo grande (al massimo {MAX_BODY // 2**20} MB). Riducete la foto o il documento e "
         "riprovate.",
    502: "chiudete il terminale di «make serve», avviatelo di nuovo e riprovate.",
}
# decap-server answers a failed write or read (disk full, folder in the way, no permission) with
# 500 «Unknown error», in English; the real cause is only in its log, in the terminal.
SERVER_FAILURE = ("Il server locale dell'editor non è riuscito a leggere o scrivere il file (il disco può "
                  "essere pieno, o il file aperto in un altro programma). Chiudete il file se è aperto, "
                  "controllate lo spazio libero e riprovate; se si ripete, chiedete al referente tecnico "
                  "e dategli il messaggio scritto nel terminale di «make serve».")


class Refused(Exception):
    """A request the guard does not pass on; the message says why (in the editor's language)."""


def values_at(data, field):
    """The values at ``field`` ("a.b", "a[]", "a[].b") in ``data``; absent ones are left out."""
    values = [data]
    for part in field.split("."):
        many = part.endswith("[]")
        key = part.removesuffix("[]")
        found = []
        for value in values:
            if isinstance(value, dict) and value.get(key) is not None:
                item = value[key]
                if many:
                    if not isinstance(item, list):
                        raise Refused(f"«{field}» non è un elenco")
                    found += item
                else:
                    found.append(item)
        values = found
    return values


class ContentPaths:
    """Which paths of the repository the editor may read and write: those inside content/."""

    def __init__(self, repository, content="content"):
        self.repository = Path(repository).resolve()
        self.content_name = content
        self.content = (self.repository / content).resolve()

    def check(self, value, write):
        if not isinstance(value, str) or not value or "\\" in value or "\0" in value:
            raise Refused(f"percorso non valido: {value!r}")
        path = PurePosixPath(value)
        if path.is_absolute() or value.startswith("~"):
            raise Refused(f"percorso assoluto: {value}")
        if any(part in ("..", ".") or part.startswith(".") for part in value.split("/")):
            raise Refused(f"percorso con «..» o con un file nascosto: {value}")
        if path.parts[0] != self.content_name:
            raise Refused(f"fuori da {self.content_name}/: {value}")
        if write and path.suffix.lower() not in WRITABLE_SUFFIXES:
            raise Refused(f"l'editor scrive solo testi (.md), foto e documenti, non {value}")
        # As decap-server resolves it: symlinks followed as far as the path exists.
        existing = self.repository / path
        while not os.path.lexists(existing):
            existing = existing.parent
        if not existing.resolve().is_relative_to(self.content):
            raise Refused(f"il percorso porta fuori da {self.content_name}/: {value}")


def check_request(body, paths):
    """Raise Refused unless ``body`` (decap-server's JSON) is an action on content/ only."""
    if not isinstance(body, dict) or body.get("action") not in ACTIONS:
        raise Refused(f"azione sconosciuta: {body.get('action') if isinstance(body, dict) else body!r}")
    params = body.get("params") or {}
    if not isinstance(params, dict):
        raise Refused("parametri non validi")
    for kind, field in PATH_FIELDS[body["action"]]:
        for value in values_at(params, field):
            paths.check(value, write=kind == "write")
    for field in NAME_FIELDS:
        for value in values_at(params, field):
            if not isinstance(value, str) or not PLAIN_NAME.fullmatch(value):
                raise Refused(f"nome non valido in «{field}»: {value!r}")
    # unpublishedEntry's id is "<collection>/<slug>"; the id of unpublishedEntryDataFile and
    # unpublishedEntryMediaFile is the file's own, checked as the path it is.
    if body["action"] == "unpublishedEntry" and "id" in params:
        collection, _, slug = str(params["id"]).partition("/")
        if not (PLAIN_NAME.fullmatch(collection) and PLAIN_NAME.fullmatch(slug)):
            raise Refused(f"identificativo non valido: {params['id']!r}")


def leave_out_unchanged_assets(params, repository):
    """Leave out of a save the files it would write again with the bytes they have already.

    Decap sends, with every save of an entry, each photo added to it since the editor was
    opened: the fifth save of the day wrote four phone photos again, and the live preview,
    seeing them change, made their pages again. Not in the editorial workflow (git mode),
    where decap-server deletes from the entry's branch the files a save does not send.
    """
    if not isinstance(params, dict):
        return
    options = params.get("options")
    if isinstance(options, dict) and options.get("useWorkflow"):
        return
    assets = params.get("assets")
    if isinstance(assets, list):
        params["assets"] = [asset for asset in assets if not same_bytes_on_disk(asset, repository)]


def same_bytes_on_disk(asset, repository):
    """Whether the file ``asset`` (decap-server's {path, content, encoding: base64}) holds its bytes already."""
    if not isinstance(asset, dict) or not isinstance(asset.get("content"), str):
        return False
    path = Path(repository) / asset["path"]  # checked already: inside content/
    try:
        return path.is_file() and path.stat().st_size <= MAX_BODY and \
            path.read_bytes() == base64.b64decode(asset["content"], validate=True)
    except (OSError, binascii.Error):
        return False


class UnixConnection(http.client.HTTPConnection):
    """HTTP to decap-server over its Unix socket."""

    def __init__(self, socket_path, timeout=120):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


class GuardHandler(http.server.BaseHTTPRequestHandler):
    server_version = "lgnetea-backend-guard"
    guard = None  # set by BackendGuard

    def log_message(self, *args):
        pass  # refusals are written by refuse(); the rest is the editor's ordinary traffic

    def refuse(self, reason, status=403):
        sys.stderr.write(f"Editor locale: richiesta rifiutata ({reason})\n")
        body = json.dumps({"error": f"Il server locale dell'editor rifiuta la richiesta ({reason}): "
                                    f"{WHAT_TO_DO.get(status, WHAT_TO_DO[403])}"}, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def from_the_editor(self):
        """Whether Host, Origin and path are exactly the editor's; refuses (403) when not."""
        guard = self.guard
        if self.headers.get("Host") != guard.host:
            self.refuse(f"Host «{self.headers.get('Host')}» invece di {guard.host}")
        elif self.headers.get("Origin") != guard.origin:
            self.refuse(f"origine «{self.headers.get('Origin')}» invece di {guard.origin}")
        elif self.path != guard.path:
            self.refuse(f"indirizzo {self.path}")
        else:
            return True
        return False

    def cors_headers(self):
        self.send_header("Access-Control-Allow-Origin", self.guard.origin)
        self.send_header("Vary", "Origin")

    def do_OPTIONS(self):  # noqa: N802 (http.server's naming)
        if not self.from_the_editor():
            return
        if self.headers.get("Access-Control-Request-Method") != "POST":
            self.refuse("metodo non permesso")
            return
        self.send_response(204)
        self.cors_headers()
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.end_headers()

    def do_POST(self):  # noqa: N802
        if not self.from_the_editor():
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.refuse("lunghezza mancante", status=411)
            return
        if not 0 < length <= MAX_BODY:
            self.refuse(f"richiesta di {length} byte", status=413)
            return
        if self.headers.get_content_type() != "application/json":
            self.refuse("non è JSON")
            return
        try:
            body = json.loads(self.rfile.read(length))
            check_request(body, self.guard.paths)
        except (ValueError, Refused) as error:
            self.refuse(str(error))
            return
        if body["action"] == "persistEntry":
            leave_out_unchanged_assets(body.get("params"), self.guard.paths.repository)
        # Over once decap-server has answered, that is, written every file: before the editor hears it.
        with self.guard.writing() if body["action"] in WRITE_ACTIONS else contextlib.nullcontext():
            answered = self.pass_on(json.dumps(body).encode())
        if answered:
            self.answer(*answered)

    def pass_on(self, data):
        """decap-server's (response, its body) to ``data``; None, and 502 to the editor, if it does not answer."""
        connection = UnixConnection(self.guard.socket_path)
        try:
            connection.request("POST", self.guard.path, data, {"Content-Type": "application/json"})
            response = connection.getresponse()
            return response, response.read()
        except OSError as error:
            self.refuse(f"decap-server non risponde ({error})", status=502)
            return None
        finally:
            connection.close()

    def answer(self, response, answer):
        if response.status >= 400:  # decap-server's English error → the clerk's Italian
            answer = json.dumps({"error": SERVER_FAILURE}, ensure_ascii=False).encode()
        self.send_response(response.status)
        self.cors_headers()
        self.send_header("Content-Type", "application/json; charset=utf-8" if response.status >= 400
                         else response.getheader("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def refuse_method(self):
        if self.from_the_editor():
            self.refuse(f"metodo {self.command}")

    do_GET = do_HEAD = do_PUT = do_PATCH = do_DELETE = refuse_method  # noqa: N815


class BackendGuard:
    """The guard listening at ``url`` (http://127.0.0.1:PORT/api/v1), in a thread of this process."""

    def __init__(self, url, socket_path, repository, editor_origin):
        address = urlsplit(url)
        handler = type("Handler", (GuardHandler,), {"guard": self})
        self.host, self.path = address.netloc, address.path
        self.origin, self.socket_path = editor_origin, socket_path
        self.paths = ContentPaths(repository)
        self.process = None  # decap-server's, for whoever started it (local_backend)
        self.writes = 0  # requests that write, being passed on
        self.writes_lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer((address.hostname, address.port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @contextlib.contextmanager
    def writing(self):
        with self.writes_lock:
            self.writes += 1
        try:
            yield
        finally:
            with self.writes_lock:
                self.writes -= 1

    def saving(self):
        """Whether decap-server is writing a save, an upload or a deletion (its files may be half-written)."""
        return self.writes > 0

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
