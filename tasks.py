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


def build_atomically(settings_file, output):
    """Build into a fresh folder beside ``output`` and put it in place only if all went well.

    A failed build (a content error, a broken template) leaves ``output`` as it
    was: nothing half-built is ever served or published.
    """
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        pelican_run(f"-s {settings_file} {STRICT} -o {fresh}")
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    fresh.chmod(0o755)  # mkdtemp makes it private; the site is for everyone to read
    previous = output.with_name(f".{output.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    fresh.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


@task
def clean(c):
    """Remove generated files."""
    shutil.rmtree(CONFIG["deploy_path"], ignore_errors=True)
    shutil.rmtree(SETTINGS["CACHE_PATH"], ignore_errors=True)


@task(help={"output": "Folder to build into (default: output/)"})
def build(c, output=CONFIG["deploy_path"]):
    """Build the development version of the site; output/ is replaced only if all went well."""
    build_atomically(CONFIG["settings_base"], output)


@task(help={"output": "Folder to build into (default: output/)"})
def preview(c, output=CONFIG["deploy_path"]):
    """Build the production version of the site (publishconf.py), like `build`."""
    build_atomically(CONFIG["settings_publish"], output)


@task
def check(c):
    """Check all content and report every problem; then build into a temporary folder."""
    sys.path.insert(0, "plugins")
    from content_check.content_check import check_content, report

    problems = check_content(SETTINGS)
    if problems:
        report(problems)
        sys.exit(1)
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
