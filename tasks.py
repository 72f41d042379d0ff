"""Tasks for building, previewing and checking the site (run them with `invoke`).

The shape follows pelican-quickstart's tasks.py; `make serve` and `make test`
call these after setting up the virtual environment.
"""

import contextlib
import logging
import os
import shlex
import shutil
import signal
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


def preview_module():
    sys.path.insert(0, str(Path(__file__).parent / "plugins"))
    from live_preview import live_preview  # the preview builds, swaps and cleans folders alike

    return live_preview


class StopOnFullDisk(logging.Filter):
    """Pelican's main logs an error of the build with its traceback, then exits: a full disk
    instead ends the build with an Italian message and no traceback (SystemExit, which goes
    through Pelican's handler and the callers' clean-up)."""

    def filter(self, record):
        preview = preview_module()
        error = record.exc_info[1] if record.exc_info else None
        if preview.is_disk_full(error):
            raise SystemExit(f"Errore: {preview.DISK_FULL}.")
        return True


STOP_ON_FULL_DISK = StopOnFullDisk()


def pelican_run(cmd):
    cmd += " " + program.core.remainder  # allows to pass-through args to pelican
    logging.getLogger("pelican").addFilter(STOP_ON_FULL_DISK)  # once: the same filter is not added twice
    with stopped_by_signals():
        pelican_main(shlex.split(cmd))


@contextlib.contextmanager
def stopped_by_signals():
    """Ctrl-C (SIGINT) and `kill` (SIGTERM) end this process with SystemExit, so that the
    temporary folders are removed on the way out (``except``/``finally``, TemporaryDirectory).

    Pelican's main takes a KeyboardInterrupt as the end of the build and returns normally:
    the half-built folder would then be put in place. SystemExit goes through it. The writing
    processes that plugins/parallel_writing forks leave at once: the first one cleans up.
    """
    owner = os.getpid()

    def stop(number, frame):
        if os.getpid() != owner:
            os._exit(128 + number)
        raise SystemExit(f"Interrotto ({signal.Signals(number).name}): i file temporanei sono stati tolti, "
                         "nulla di costruito a metà è stato messo al posto del sito.")

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def build_atomically(settings_file, output, options=""):
    """Build into a fresh folder beside ``output`` and put it in place only if all went well.

    A failed or interrupted build (a content error, a broken template, a full disk, Ctrl-C)
    leaves ``output`` as it was and removes its folder: nothing half-built is ever served or
    published.
    """
    preview = preview_module()
    output = Path(output).resolve()
    with stopped_by_signals():
        fresh = preview.fresh_folder_beside(output, "new")
        try:
            pelican_run(f"-s {settings_file} {STRICT} -o {fresh} {options}")
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        preview.replace_folder(fresh, output)


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
    from content_check.content_check import ContentChecker, errors_of, report, summary
    from content_check.translations import awaiting_native_review, native_review_report
    from editor_todos import editor_todos

    checker = ContentChecker(SETTINGS)
    problems = checker.check()
    report(problems, outcome="correggete e riprovate")
    waiting = awaiting_native_review(checked.source for checked in checker.files.values())
    for line in native_review_report(waiting, SETTINGS["LANGUAGES"]):
        print(line)
    if errors_of(problems):
        sys.exit(1)
    with tempfile.TemporaryDirectory(prefix="lgnetea-check-") as folder:
        pelican_run(f"-s {CONFIG['settings_base']} {STRICT} -o {folder}")  # lists the to-dos
    print(f"Controllo finito: {summary(problems, editor_todos.last_count)}.")


@task(help={"path": "A translation (content/comuni/latina.en.md) or a folder: every translation inside it"})
def translation_reviewed(c, path):
    """Mark translations as reviewed against their Italian original as it is now."""
    sys.path.insert(0, "plugins")
    from content_check.content_check import read_source
    from content_check.translations import mark_reviewed

    target = Path(path)
    files = sorted(target.rglob("*.*.md")) if target.is_dir() else [target]
    if not target.exists() or not files:
        sys.exit(f"{path}: nessuna traduzione trovata (una traduzione si chiama come latina.en.md)")
    for translation in files:
        original_path = translation.with_name(translation.name.split(".")[0] + ".md")
        if translation.name.count(".") != 2 or not original_path.is_file():
            sys.exit(f"{translation}: non è una traduzione con il suo originale italiano accanto "
                     "(per esempio content/comuni/latina.en.md accanto a latina.md)")
        original, problems = read_source(original_path, original_path.parent.name)
        if problems:
            sys.exit("\n".join(map(str, problems)))
        print(f"{translation}: rivista sul testo di {original_path} ({mark_reviewed(translation, original)})")


@task(iterable=["log"], help={
    "log": "An access log of nginx in the site's format (plain or .gz; a pattern such as "
           "'/var/log/nginx/access.log*' takes every file it matches); repeat for more",
    "data": "The statistics file to add to (default: content/dati/statistiche.toml)",
})
def stats(c, log, data=""):
    """Count the visits in nginx's access log into the statistics (content/dati/), robots left out."""
    import glob

    sys.path.insert(0, "plugins")
    from site_stats.log_counts import LogError, count_logs

    if not log:
        sys.exit("Say which log to count: --log /var/log/nginx/access.log")
    files = sorted({file for pattern in log for file in (glob.glob(pattern) if glob.has_magic(pattern) else [pattern])})
    if not files:
        sys.exit(f"Nessun registro corrisponde a {', '.join(log)}")
    target = data or Path(SETTINGS["PATH"]) / SETTINGS["DATA_PATH"] / f"{SETTINGS['STATISTICS_DATA']}.toml"
    try:
        tally = count_logs(files, target, SETTINGS)
    except LogError as error:
        sys.exit(str(error))
    print(f"{target}: " + (", ".join(f"{what} {number}" for what, number in sorted(tally.items()))
                           or "nessuna richiesta nuova"))


# invoke new KIND: content folder and the front matter a new file starts with.
NEW_CONTENT = {
    "news": ("news", "Summary: [DA COMPLETARE: due o tre frasi brevi che riassumono la notizia]\n"),
    "comune": ("comuni", "Regione: {regione}\nLat: {lat}\nLon: {lon}\n"
               "Summary: [DA COMPLETARE: due o tre frasi brevi sul comune]\n"),
    "miniprogetto": ("miniprogetti", "Comuni: {comuni}\n"
                     "Summary: [DA COMPLETARE: due o tre frasi brevi sul miniprogetto]\n"),
    "pagina": ("pages", "Summary: [DA COMPLETARE: due o tre frasi brevi sulla pagina]\n"),
}
NEW_BODY = "[DA COMPLETARE: il testo]\n"


@task(
    help={
        "kind": "news, comune, miniprogetto or pagina",
        "title": "The title, in quotes",
        "regione": "comune: its region, e.g. Lazio",
        "lat": "comune: latitude in decimal degrees, e.g. 41.4676",
        "lon": "comune: longitude in decimal degrees, e.g. 12.9036",
        "comuni": "miniprogetto: municipality slugs (default: latina)",
        "content": "Content folder (default: content/)",
    }
)
def new(c, kind, title, regione="", lat="", lon="", comuni="latina", content=SETTINGS["PATH"]):
    """Create a content file with valid front matter and print its path."""
    import datetime

    from pelican.utils import slugify

    sys.path.insert(0, "plugins")
    from content_check.content_check import check_content, errors_of, report

    if kind not in NEW_CONTENT:
        sys.exit(f"Tipo sconosciuto «{kind}»: usate uno di questi: {', '.join(NEW_CONTENT)}")
    if kind == "comune" and not (regione and lat and lon):
        sys.exit('Per un comune servono --regione, --lat e --lon, per esempio:\n'
                 '  .venv/bin/invoke new comune "Bari" --regione Puglia --lat 41.1171 --lon 16.8719')
    folder, fields = NEW_CONTENT[kind]
    slug = slugify(title, regex_subs=SETTINGS["SLUG_REGEX_SUBSTITUTIONS"])
    path = Path(content) / folder / f"{slug}.md"
    if path.exists():
        sys.exit(f"{path} esiste già: scegliete un altro titolo o modificate quel file.")
    header = f"Title: {title}\nDate: {datetime.date.today().isoformat()}\n"
    header += fields.format(regione=regione, lat=lat, lon=lon, comuni=comuni)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{header}\n{NEW_BODY}", encoding="utf-8")
    problems = [p for p in errors_of(check_content({**SETTINGS, "PATH": content}))
                if Path(p.path).resolve() == path.resolve()]
    if problems:
        path.unlink()
        report(problems, outcome="il file non è stato creato")
        sys.exit(1)
    print(path)


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


@task(help={"port": "Port on 127.0.0.1 (default: 8000)"})
def livereload(c, port=CONFIG["port"]):
    """Build, serve at http://127.0.0.1:8000/ and rebuild and reload on every change."""
    import threading

    import watchfiles
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    sys.path.insert(0, "plugins")
    from live_preview.worker import PreviewWorker, banner_file_handler, banner_html, change_batches, write_problems

    # Rewrites only the pages a save changes (plugins/live_preview); the last good pages
    # stay in place while a file has problems, which every page then shows in a banner.
    loop = IOLoop.current()

    def show_saved_page(name):
        # The page of the file just saved, in place before the rest of its build: reload it now.
        print(f"Pagina salvata pronta: {name}", file=sys.stderr, flush=True)
        loop.add_callback(LiveReloadHandler.reload_waiters)

    builder = PreviewWorker(CONFIG["settings_base"], CONFIG["deploy_path"], on_page=show_saved_page)
    pages = banner_file_handler()

    def show(report):
        pages.banner = banner_html(report.problems, SETTINGS["THEME"])
        write_problems(CONFIG["deploy_path"], report)
        print(report.summary(), file=sys.stderr, flush=True)

    # Everything the site is made from, data files and plugins included.
    watched = ["pelicanconf.py", SETTINGS["PATH"], SETTINGS["THEME"], "plugins"]

    def rebuild_on_change(saving):
        # File-system events (inotify) rather than livereload's 800 ms polling; every 50 ms
        # without events a timeout, on which a save the editor has finished writing is built.
        watch = watchfiles.watch(*watched, debounce=50, step=10, rust_timeout=50, yield_on_timeout=True,
                                 ignore_permission_denied=True)
        for changed in change_batches(watch, saving):
            show(builder.build(changed))
            loop.add_callback(LiveReloadHandler.reload_waiters)

    show(builder.start())
    server = Server()
    server.SFH = pages
    # livereload watches the whole working folder when given nothing; give it one file
    # whose changes it leaves alone, since rebuild_on_change does the work.
    server.watch("pelicanconf.py", delay="forever")
    with contextlib.ExitStack() as stack:
        editor = start_editor_backend(stack, port)
        saving = editor.saving if editor else lambda: False
        threading.Thread(target=rebuild_on_change, args=(saving,), daemon=True).start()
        server.serve(host=CONFIG["host"], port=int(port), root=CONFIG["deploy_path"])


def start_editor_backend(stack, port):
    """Start the editor's local backend (decap-server, writing into this working copy) until
    ``stack`` closes; return its guard. Without it the preview still runs, and says why the
    editor cannot save (None)."""
    import signal

    sys.path.insert(0, str(Path(__file__).parent / "plugins"))
    from cms_config.local_backend import local_backend

    try:
        # Only the editor served here (its exact origin) reaches it, and only content/.
        guard = stack.enter_context(local_backend(SETTINGS["CMS_LOCAL_BACKEND"], Path(__file__).parent,
                                                  editor_origin=f"http://{CONFIG['host']}:{port}"))
    except RuntimeError as error:
        sys.stderr.write(f"The editor at /admin/ cannot save here: {error}\n")
        return None
    # `kill` (SIGTERM) ends the preview like Ctrl-C does, so that decap-server stops with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.stderr.write(f"Editor at http://{CONFIG['host']}:{port}/admin/ (writes into content/)\n")
    return guard


@task(help={"runs": "How many saves to time (default: 7)",
            "news": "Generated news items added to the real content, in a scratch copy of the project "
                    "(the same as `invoke bench`'s save → page, without its builds); 0: the project itself"})
def bench_preview(c, runs=7, news=0):
    """Benchmark: time from saving a news item to its page being rewritten by `livereload`."""
    import statistics

    sys.path.insert(0, str(Path(__file__).parent))
    from benchmarks.build_bench import measure_preview, scratch_repository
    from benchmarks.corpus import generate_corpus

    with tempfile.TemporaryDirectory(prefix="lgnetea-preview-bench-") as folder:
        repo = Path(__file__).parent
        if int(news):
            generate_corpus(Path(folder) / "content", int(news))
            (Path(folder) / "project").mkdir()
            repo = scratch_repository(Path(folder) / "project", Path(folder) / "content", repo)
        load = os.getloadavg()[0]
        result = measure_preview(repo, runs=int(runs))
    latencies = result["latencies"]
    print(f"save → page rewritten, {result['file']}, {int(news)} generated news items, {len(latencies)} runs "
          f"(load average {load:.2f} → {os.getloadavg()[0]:.2f}):")
    print("  " + "  ".join(f"{value:.2f}s" for value in latencies))
    print(f"  median {statistics.median(latencies):.2f}s, max {max(latencies):.2f}s, "
          f"peak memory {result['peak_memory_mib']:.0f} MiB")


@task
def translations(c):
    """Extract the theme strings into theme/translations/ and update every language's catalogue."""
    sys.path.insert(0, str(Path(__file__).parent / "plugins"))
    from languages.catalogue import update_catalogues

    for lang, missing in update_catalogues(SETTINGS).items():
        print(f"{lang}: {len(missing)} string(s) to translate" + "".join(f"\n  {text}" for text in missing))


def release_module():
    sys.path.insert(0, str(Path(__file__).parent))
    from deploy import release

    return release


# Where `invoke publish` sends the site: a folder, or [user@]host:/path reached over SSH.
PUBLISH_HELP = {
    "target": "Folder or [user@]host:/path with releases/ and current (default: $LGNETEA_TARGET)",
    "ssh": "The ssh command for a remote target, e.g. 'ssh -p 2222' (default: ssh)",
}


PUBLISH_PREFIX = "lgnetea-publish"  # of the temporary folder a publish builds into


def publish_target(target):
    target = target or os.environ.get("LGNETEA_TARGET", "")
    if not target:
        sys.exit("Say where to publish: --target [user@]host:/srv/lgnetea, or set LGNETEA_TARGET.")
    return target


@task(help={**PUBLISH_HELP, "keep": "How many releases to keep, the new one included (default: 5)"})
def publish(c, target="", ssh="ssh", keep=5):
    """Build with publishconf.py (SITEURL from the environment) and publish it as a new release."""
    release = release_module()
    target = publish_target(target)
    # Named with this process's id: a publish killed outright leaves its folder, which the next one removes.
    prefix = f"{PUBLISH_PREFIX}-{os.getpid()}-"
    preview_module().remove_stale_folders(tempfile.gettempdir(), f"{PUBLISH_PREFIX}-")
    with stopped_by_signals(), tempfile.TemporaryDirectory(prefix=prefix) as folder:
        site = Path(folder) / "output"
        build_atomically(CONFIG["settings_publish"], site)
        try:
            release_id = release.publish(site, target, keep=int(keep), ssh=ssh)
        except release.ReleaseError as error:
            sys.exit(f"Publishing failed, the site on {target} is unchanged: {error}")
    print(f"Published {release_id} on {target}")


@task(help={**PUBLISH_HELP, "steps": "How many releases to go back (default: 1)"})
def rollback(c, target="", ssh="ssh", steps=1):
    """Serve an earlier release again (the switch is atomic)."""
    release = release_module()
    target = publish_target(target)
    try:
        release_id = release.rollback(target, steps=int(steps), ssh=ssh)
    except release.ReleaseError as error:
        sys.exit(f"Rollback failed, nothing changed: {error}")
    print(f"{target} now serves {release_id}")


@task(help=PUBLISH_HELP)
def releases(c, target="", ssh="ssh"):
    """List the releases on the target, newest first; * marks the one being served."""
    release = release_module()
    target = publish_target(target)
    try:
        found = release.releases(target, ssh=ssh)
    except release.ReleaseError as error:
        sys.exit(str(error))
    for item in found:
        print(("* " if item.current else "  ") + item.id)


def pr_preview_module():
    sys.path.insert(0, str(Path(__file__).parent))
    from deploy import pr_preview

    return pr_preview


def publish_problems(content):
    """The checker's errors and warnings for ``content`` as the published site sees them, as text."""
    sys.path.insert(0, "plugins")
    from content_check.content_check import check_content, errors_of
    from pelican.settings import read_settings

    try:
        settings = read_settings(CONFIG["settings_publish"], override={"PATH": str(Path(content).resolve())})
    except SystemExit as stop:  # publishconf.py names the missing variable
        return [f"configurazione: {stop}"], []
    # Files named as in the repository (content/news/…), wherever the checkout is.
    with contextlib.chdir(Path(content).resolve().parent):
        problems = check_content(settings)
    errors = errors_of(problems)
    return [str(problem) for problem in errors], [str(problem) for problem in problems if problem not in errors]


@task(help={"number": "The pull request's number",
            "pages_url": "The Pages site's address, e.g. https://ente.github.io/sito",
            "output": "Folder for site/ (what is deployed) and status.json (default: anteprima/)",
            "content": "The content folder (default: content/)"})
def pr_preview(c, number, pages_url, output="anteprima", content=SETTINGS["PATH"]):
    """Build pull request NUMBER's preview for <pages_url>/anteprime/pr-NUMBER/, or a page of its problems."""
    pr = pr_preview_module()
    address = pr.preview_address(pages_url, number)
    os.environ["SITEURL"] = address.rstrip("/")  # read by publishconf.py
    output = Path(output)
    shutil.rmtree(output, ignore_errors=True)
    errors, warnings = publish_problems(content)
    if not errors:
        try:
            # No gzip or brotli copies: GitHub Pages compresses by itself and never sends them.
            build_atomically(CONFIG["settings_publish"], output / pr.SITE_FOLDER,
                             "-e SITE_NOINDEX=true PRECOMPRESS_GZIP=false PRECOMPRESS_BROTLI=false "
                             f"-- {shlex.quote(str(content))}")
        except SystemExit as stop:  # a problem the checker does not see, e.g. a photo Pillow cannot open
            errors = [f"costruzione: il sito non si è costruito ({stop}): vedi il registro del controllo"]
    outcome = pr.record(output, address, errors, warnings)
    print(f"{outcome.state}: {outcome.description}\n{outcome.target_url}")


@task(help={"sha": "The commit to set the status on (the pull request's head)",
            "state": "pending or error; without it, the outcome in <output>/status.json",
            "output": "The folder pr-preview wrote (default: anteprima/)"})
def pr_status(c, sha, state="", output="anteprima"):
    """Set the preview's commit status (context CMS_PREVIEW_CONTEXT); exit 1 when it says the checks failed."""
    pr = pr_preview_module()
    if state:
        texts = {"pending": "Controllo e anteprima in corso", "error": "Anteprima non riuscita: vedi il registro"}
        outcome = pr.Outcome(state, texts[state], pr.run_log_url())
    else:
        outcome = pr.read_outcome(Path(output) / pr.STATUS_FILE)
    pr.post_status(outcome, context=SETTINGS["CMS_PREVIEW_CONTEXT"], sha=sha)
    print(f"{SETTINGS['CMS_PREVIEW_CONTEXT']}: {outcome.state}: {outcome.description}")
    if outcome.state == "failure":
        sys.exit(1)


def in_ci():
    """Whether this runs in CI: GitHub Actions and .ci/run set CI."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def slow_tests(c):
    """The tests marked slow (pytest.ini), one line per test function (its parts counted)."""
    listed = c.run(f"{sys.executable} -m pytest -p no:xdist --collect-only -q -m slow",
                   hide=True, warn=True, pty=False).stdout
    parts = {}
    for line in listed.splitlines():
        if "::" in line:
            function = line.split("[")[0]
            parts[function] = parts.get(function, 0) + 1
    return [function + (f" ({count} parts)" if count > 1 else "") for function, count in parts.items()]


@task(help={"workers": "Parallel pytest-xdist workers (default: auto, one per core; 0: none)",
            "all": "Also run the tests marked slow (pytest.ini), as CI does (default: only where CI is set)"})
def test(c, workers="auto", all=False):
    """Run the tests: plugins, build output and browser (pytest), in parallel; the 15 slowest at the end.
    Those marked slow run in CI or with --all."""
    everything = all or in_ci()
    if not everything:
        left_out = slow_tests(c)
        print(f"Left out: the {len(left_out)} tests marked slow (CI runs them; here: make test-all):\n  "
              + "\n  ".join(left_out), flush=True)
    c.run(f"{sys.executable} -m pytest -n {shlex.quote(str(workers))} --dist worksteal --durations=15"
          + ("" if everything else ' -m "not slow"'), pty=False)


@task(help={"out": "Folder for the PNG files (default: screenshots/)",
            "guide": "Folder for the editor's screenshots used by the editors' guide (default: docs/immagini/)"})
def screenshots(c, out="screenshots", guide="docs/immagini"):
    """Screenshot key pages at 1280 and 320 px, at normal and largest text size; and the editor, in Italian."""
    sys.path.insert(0, str(Path(__file__).parent))
    from tests.browser import take_editor_screenshots, take_screenshots

    with tempfile.TemporaryDirectory(prefix="lgnetea-shots-") as folder:
        pelican_run(f"-s {CONFIG['settings_base']} {STRICT} -o {folder}")
        for path in take_screenshots(Path(folder), Path(out)):
            print(path)
    for path in take_editor_screenshots(Path(guide)):
        print(path)


# --- Benchmarks (benchmarks/): measurements, not tests. Their tools are installed on first use:
# Python packages into this virtual environment, Lighthouse and its Node into benchmarks/node_modules.
BENCHMARKS = Path(__file__).parent / "benchmarks"


def run_benchmark(c, module, options):
    # Each in a process of its own: Pelican's signals are global to a process.
    with c.cd(str(BENCHMARKS.parent)):
        c.run(f"{shlex.quote(sys.executable)} -m benchmarks.{module} {options}", pty=False)


@task(help={"runs": "How many saves to time (default: 5)",
            "photo": "Each save also adds a new 4032×3024 phone photo (default: off)",
            "same-tab": "The saves one after another in the same tab, not each from the editor opened afresh"})
def bench_editor(c, runs=5, photo=False, same_tab=False):
    """Benchmark: time from «Pubblica ora» in the editor (local mode) to the page rewritten by `livereload`
    (--photo: each save adds a new 4032×3024 phone photo)."""
    run_benchmark(c, "editor_preview", f"--runs {int(runs)}" + (" --photo" if photo else "")
                  + (" --same-tab" if same_tab else ""))


@task(auto_shortflags=False, help={
    "sizes": "Numbers of generated news items added to the real content (default: 100,1000,10000)",
    "runs": "Timed runs of each build (default: 3)",
    "large-runs": "Timed runs of each build from 5000 news items, which take minutes (default: 1)",
    "preview-runs": "Saves timed for the live-preview latency (default: 7)",
    "hugo": "Also build the same news with Hugo, for reference (default: on)",
    "preview": "Also time save → page rewritten in the live preview (default: on)",
})
def bench(c, sizes="100,1000,10000", runs=3, large_runs=1, preview_runs=7, hugo=True, preview=True):
    """Benchmark at several sizes: bare Pelican, this site cold and cached, Hugo, save → page (benchmarks/results/)."""
    requirements = BENCHMARKS / "requirements.txt"
    installed = Path(sys.prefix) / ".installed-benchmarks"
    changed = max(requirements.stat().st_mtime, (BENCHMARKS.parent / "requirements.txt").stat().st_mtime)
    if not installed.exists() or installed.stat().st_mtime < changed:
        c.run(f"{shlex.quote(sys.executable)} -m pip install --disable-pip-version-check --quiet --require-hashes "
              f"-r {shlex.quote(str(requirements))}")
        installed.touch()
    options = (f"--sizes {shlex.quote(sizes)} --runs {int(runs)} --large-runs {int(large_runs)} "
               f"--preview-runs {int(preview_runs)}")
    run_benchmark(c, "build_bench", options + ("" if hugo else " --no-hugo") + ("" if preview else " --no-preview"))


@task(help={"pages": "Comma-separated among home, comune-latina, miniprogetto-shared-city, "
                     "news-progetto-concluso, risultati (default: all)"})
def lighthouse(c, pages=""):
    """Lighthouse scores (mobile) of key pages of the published build, served with gzip on 127.0.0.1."""
    run_benchmark(c, "lighthouse", f"--pages {shlex.quote(pages)}" if pages else "")


@task(help={
    "news": "Generated news items added to the real content; 0: the real content alone (default: 1000)",
    "cached": "Profile a rebuild with the content cache instead of a cold build",
    "preview": "Profile the rebuild the live preview makes on each save",
    "top": "Functions listed (default: 25)",
})
def profile(c, news=1000, cached=False, preview=False, top=25):
    """Profile one build (cProfile): time by plugin, template and function (report in benchmarks/results/)."""
    options = f"--news {int(news)} --top {int(top)}"
    options += (" --cached" if cached else "") + (" --preview" if preview else "")
    run_benchmark(c, "profile_build", options)
