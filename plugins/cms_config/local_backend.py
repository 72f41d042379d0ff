"""Local mode of the editor: decap-server, so that /admin/ reads and writes this working copy.

``make serve`` (``invoke livereload``) and the browser tests start it with
``local_backend()``. It listens on 127.0.0.1 only, at the address of the
``CMS_LOCAL_BACKEND`` setting, and writes files (``MODE=fs``: no git commands). The
screenshots of the editorial workflow use ``mode="git"`` on a throwaway repository, where a
save becomes a branch as it becomes a pull request on GitHub.
"""

import contextlib
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

# From npm (package-lock.json), in the node_modules of the working folder.
SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"


def wait_until_listening(url, process, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server stopped (exit status {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=1)
        except urllib.error.HTTPError:
            return  # it answers (GET is not its method)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"decap-server does not answer at {url}")


@contextlib.contextmanager
def local_backend(url, repository, mode="fs"):
    """Run decap-server at ``url`` (http://127.0.0.1:PORT/api/v1) on the folder ``repository``."""
    address = urlsplit(url)
    if address.hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"the editor's local backend must listen on this machine only, not {url}")
    env = {**os.environ, "PORT": str(address.port), "BIND_HOST": address.hostname, "MODE": mode,
           "GIT_REPO_DIRECTORY": str(Path(repository).resolve()), "LOG_LEVEL": "warn"}
    try:
        process = subprocess.Popen(["node", str(SERVER.resolve())], env=env)
    except OSError as error:
        raise RuntimeError(f"Node.js is needed for decap-server ({error})") from error
    try:
        wait_until_listening(url, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
