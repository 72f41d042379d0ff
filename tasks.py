"""Tasks for building, previewing and checking the site (run them with `invoke`).

The shape follows pelican-quickstart's tasks.py; `make serve` and `make test`
call these after setting up the virtual environment.
"""

import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task
from invoke.main import program
from pelican import main as pelican_main
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(SETTINGS_FILE_BASE)}

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    # Host and port for `serve` and `livereload`
    "host": "127.0.0.1",
    "port": 8000,
}
# Every warning is an error: Pelican otherwise logs a problem and carries on.
STRICT = "--fatal warnings"


def pelican_run(cmd):
    cmd += " " + program.core.remainder  # allows to pass-through args to pelican
    pelican_main(shlex.split(cmd))


@task
def clean(c):
    """Remove generated files."""
    shutil.rmtree(CONFIG["deploy_path"], ignore_errors=True)
    shutil.rmtree(SETTINGS["CACHE_PATH"], ignore_errors=True)


@task
def build(c):
    """Build the development version of the site into output/."""
    pelican_run(f"-s {CONFIG['settings_base']} {STRICT}")


@task
def rebuild(c):
    """`build` with the delete switch."""
    pelican_run(f"-d -s {CONFIG['settings_base']} {STRICT}")


@task
def preview(c):
    """Build the production version of the site into output/."""
    pelican_run(f"-s {CONFIG['settings_publish']} {STRICT}")


@task
def check(c):
    """Build the site strictly into a temporary folder, leaving output/ alone."""
    with tempfile.TemporaryDirectory(prefix="lgnetea-check-") as folder:
        pelican_run(f"-s {CONFIG['settings_base']} {STRICT} -o {folder}")
    print("Nessun problema trovato.")


@task
def serve(c):
    """Serve output/ at http://127.0.0.1:8000/."""

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(
        CONFIG["deploy_path"],
        (CONFIG["host"], CONFIG["port"]),
        ComplexHTTPRequestHandler,
    )
    sys.stderr.write("Serving at http://{host}:{port}/ ...\n".format(**CONFIG))
    server.serve_forever()


@task
def reserve(c):
    """`build`, then `serve`."""
    build(c)
    serve(c)


@task
def livereload(c):
    """Build, serve at http://127.0.0.1:8000/ and rebuild and reload on every change."""
    from livereload import Server

    def cached_build():
        cmd = "-s {settings_base} -e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true"
        try:
            pelican_run(cmd.format(**CONFIG))
        except SystemExit:
            # A broken file must not stop the preview: the error is printed, fix and save.
            pass

    cached_build()
    server = Server()
    # Everything the site is made from, data files and plugins included.
    watched = [
        "pelicanconf.py",
        f"{SETTINGS['PATH']}/**/*",
        f"{SETTINGS['THEME']}/**/*",
        "plugins/**/*.py",
    ]
    for glob in watched:
        server.watch(glob, cached_build)
    server.serve(host=CONFIG["host"], port=CONFIG["port"], root=CONFIG["deploy_path"])


@task
def test(c):
    """Run every test: build output, plugins and browser (pytest)."""
    c.run(f"{sys.executable} -m pytest", pty=False)


@task(help={"out": "Folder for the PNG files (default: screenshots/)"})
def screenshots(c, out="screenshots"):
    """Screenshot key pages at 1280 and 320 px, at normal and largest text size."""
    sys.path.insert(0, str(Path(__file__).parent))
    from tests.browser import take_screenshots

    with tempfile.TemporaryDirectory(prefix="lgnetea-shots-") as folder:
        pelican_run(f"-s {CONFIG['settings_base']} {STRICT} -o {folder}")
        for path in take_screenshots(Path(folder), Path(out)):
            print(path)
