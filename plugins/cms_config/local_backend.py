"""Local mode of the editor: decap-server, so that /admin/ reads and writes this working copy.

``make serve`` (``invoke livereload``) and the browser tests start it with
``local_backend()``. decap-server (``MODE=fs``: it writes files, no git commands) listens
on a Unix socket in a private temporary folder; in front of it, at the address of the
``CMS_LOCAL_BACKEND`` setting on 127.0.0.1, the guard of ``backend_guard.py`` lets through
only the editor's own requests on ``content/``. The screenshots of the editorial workflow
use ``mode="git"`` on a throwaway repository, where a save becomes a branch as it becomes a
pull request on GitHub.
"""

import contextlib
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from .backend_guard import BackendGuard

# From npm (package-lock.json), in the node_modules of the working folder.
SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
LISTEN_ON_SOCKET = Path(__file__).parent / "listen_on_socket.cjs"


def wait_until_listening(socket_path, process, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server stopped (exit status {process.returncode})")
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect(str(socket_path))
                return
            except OSError:
                time.sleep(0.1)
    raise RuntimeError(f"decap-server does not answer at {socket_path}")


@contextlib.contextmanager
def local_backend(url, repository, editor_origin, mode="fs"):
    """Run decap-server on the folder ``repository``, reachable at ``url`` (http://127.0.0.1:PORT/api/v1)
    from ``editor_origin`` (the address serving /admin/, http://127.0.0.1:PORT) only; yield its guard."""
    address = urlsplit(url)
    if address.hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"the editor's local backend must listen on this machine only, not {url}")
    with tempfile.TemporaryDirectory(prefix="lgnetea-backend-") as folder:  # mode 700: this user only
        socket_path = Path(folder) / "decap-server.sock"
        env = {**os.environ, "LGNETEA_BACKEND_SOCKET": str(socket_path), "MODE": mode,
               "GIT_REPO_DIRECTORY": str(Path(repository).resolve()), "LOG_LEVEL": "warn"}
        try:
            process = subprocess.Popen(["node", "--require", str(LISTEN_ON_SOCKET), str(SERVER.resolve())], env=env)
        except OSError as error:
            raise RuntimeError(f"Node.js is needed for decap-server ({error})") from error
        try:
            wait_until_listening(socket_path, process)
            with BackendGuard(url, str(socket_path), repository, editor_origin) as guard:
                guard.process = process
                yield guard
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
