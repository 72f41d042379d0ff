"""Profile one cold build of the site with cProfile, in this process, and print where the time goes.

    python -m benchmarks.profile_build [--news N] [--cached | --preview] [--top 25]

Without ``--news`` the real content is built; with it, the synthetic corpus of the
build benchmark (the real content plus N generated news items), where the costs that
grow with the number of news items stand out. The build is the one `invoke build`
makes (pelicanconf.py, theme, plugins), cold: a fresh output folder and an empty cache;
with ``--cached``, a rebuild with the content cache a first build (in another process) left;
with ``--preview``, the live preview's build after a save (plugins/live_preview: only the
changed pages are rewritten).
Run it in a process of its own: Pelican's signals are global to a process.

The report has

* the time of each plugin, inclusive (its functions, and what they call, counted from
  the calls that come from outside the plugin: signal handlers, Jinja filters);
* the own (self) time of each template of theme/templates/ (Jinja compiles a template
  to Python code that carries the template's file name);
* the own time grouped by where the code lives (a package, the standard library,
  built-in functions);
* the top functions by cumulative and by own time.

plugins/compressed_copies compresses and writes in a few threads, which cProfile does not
see (it profiles the main thread): their cost shows as ``write_copies`` waiting on a lock.

The raw profile is saved as benchmarks/results/profile.pstats (``python -m pstats`` or
snakeviz read it) and the report as profile.txt.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks import RESULTS_DIR, ROOT, shown

PLUGINS = ROOT / "plugins"
TEMPLATES = ROOT / "theme" / "templates"
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
STDLIB = Path(sysconfig.get_paths()["stdlib"])


def area_of(filename, function=""):
    """Where a profiled function lives: a plugin, a template, a package, the stdlib or a built-in."""
    if filename == "~":
        name = function.split(" of ")[0].strip("<>{}")
        if name == "method 'acquire'":
            return "waiting on a lock (e.g. for the threads of compressed_copies)"
        return f"built-in: {name}"
    path = Path(filename)
    for base, label in ((PLUGINS, "plugins"), (TEMPLATES, "theme/templates")):
        if path.is_relative_to(base):
            parts = path.relative_to(base).parts
            return f"{label}/{parts[0]}" if label == "plugins" else f"{label}/{'/'.join(parts)}"
    if path.is_relative_to(SITE_PACKAGES):
        parts = path.relative_to(SITE_PACKAGES).parts
        if parts[:2] == ("pelican", "plugins"):
            name = parts[2].removesuffix(".py")
            # The plugin loader and the signal wrapper are Pelican's plumbing, not plugins' work.
            return "pelican" if name in ("_utils", "granular_signals") else f"pelican.plugins.{name}"
        return parts[0].removesuffix(".py")
    if path.is_relative_to(STDLIB):
        return f"stdlib: {path.relative_to(STDLIB).parts[0].removesuffix('.py')}"
    return str(path)


def inclusive_key(filename, function):
    """The area, with the import of a module (its ``<module>`` code) counted apart from the work it does."""
    area = area_of(filename, function)
    return f"{area} (import)" if function == "<module>" else area


def inclusive_by_area(stats, prefix):
    """{area: seconds} for the areas starting with ``prefix``, counting only calls coming from outside the area."""
    totals = defaultdict(float)
    for (filename, _, function), (_, _, _, cumulative, callers) in stats.stats.items():
        key = inclusive_key(filename, function)
        if not key.startswith(prefix):
            continue
        if function == "<module>":
            # Modules of a plugin import each other through importlib's frames: take the
            # outermost import (the longest) rather than adding them up.
            totals[key] = max(totals[key], cumulative)
            continue
        for (caller_file, _, caller_function), (_, _, _, cumulative) in callers.items():
            if inclusive_key(caller_file, caller_function) != key:
                totals[key] += cumulative
    return dict(totals)


def self_by_area(stats):
    totals = defaultdict(float)
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():
        totals[area_of(filename, function)] += own
    return dict(totals)


def describe(key):
    filename, line, function = key
    if filename == "~":
        return function
    try:
        filename = os.path.relpath(filename, ROOT) if Path(filename).is_relative_to(ROOT) else (
            str(Path(filename).relative_to(SITE_PACKAGES)) if Path(filename).is_relative_to(SITE_PACKAGES)
            else filename)
    except ValueError:
        pass
    return f"{filename}:{line}({function})"


def top_functions(stats, column, count, only=None):
    """[(own, cumulative, calls, name)] sorted by ``column`` (2: own time, 3: cumulative)."""
    rows = [(values[2], values[3], values[1], describe(key)) for key, values in stats.stats.items()
            if only is None or only(key)]
    rows.sort(key=lambda row: row[column - 2], reverse=True)
    return rows[:count]


def report(stats, wall, label, top=25):
    out = io.StringIO()

    def line(text=""):
        print(text, file=out)

    total = stats.total_tt
    line(f"Profile of one build of {label}: {wall:.2f} s wall clock under cProfile, which slows "
         "Python code down (compare with `invoke bench`); percentages are of the profiled time")
    line()
    line("Plugins (inclusive: the plugin's code and what it calls; importing it apart)")
    plugins = inclusive_by_area(stats, "plugins/") | inclusive_by_area(stats, "pelican.plugins.")
    for area, seconds in sorted(plugins.items(), key=lambda item: -item[1]):
        line(f"  {seconds:7.3f} s  {100 * seconds / total:5.1f}%  {area}")
    line()
    line("Templates of theme/templates/ (own time of the compiled template code; filters and")
    line("macros' Python helpers count where they live)")
    own = self_by_area(stats)
    templates = {area: seconds for area, seconds in own.items() if area.startswith("theme/templates/")}
    for area, seconds in sorted(templates.items(), key=lambda item: -item[1]):
        line(f"  {seconds:7.3f} s  {100 * seconds / total:5.1f}%  {area}")
    line(f"  {sum(templates.values()):7.3f} s  {100 * sum(templates.values()) / total:5.1f}%  all templates")
    line()
    line("Own time by where the code lives (top 15)")
    for area, seconds in sorted(own.items(), key=lambda item: -item[1])[:15]:
        line(f"  {seconds:7.3f} s  {100 * seconds / total:5.1f}%  {area}")
    line()
    line(f"Top {top} functions by cumulative time")
    line(f"  {'cumul.':>8} {'own':>8} {'calls':>8}  function")
    for own_time, cumulative, calls, name in top_functions(stats, 3, top):
        line(f"  {cumulative:8.3f} {own_time:8.3f} {calls:8d}  {name}")
    line()
    line(f"Top {top} functions by own time")
    for own_time, cumulative, calls, name in top_functions(stats, 2, top):
        line(f"  {own_time:8.3f} {cumulative:8.3f} {calls:8d}  {name}")
    line()
    line("Functions in plugins/ and theme/templates/ by cumulative time (top 20)")
    for own_time, cumulative, calls, name in top_functions(
            stats, 3, 20, only=lambda key: key[0] != "~" and (
                Path(key[0]).is_relative_to(PLUGINS) or Path(key[0]).is_relative_to(TEMPLATES))):
        line(f"  {cumulative:8.3f} {own_time:8.3f} {calls:8d}  {name}")
    return out.getvalue()


CACHED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def fill_cache(content, workdir, overrides):
    """One build in another process, leaving the content cache in ``workdir``/cache."""
    subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(Path(workdir) / "first"),
         "--fatal", "warnings", "--cache-path", str(Path(workdir) / "cache"),
         "-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())],
        cwd=ROOT, check=True, capture_output=True)


def profile_build(content, workdir, overrides=None):
    """cProfile stats and wall seconds of one build of ``content`` with pelicanconf.py (cold by default)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    os.chdir(ROOT)  # as `invoke build`: relative paths of the settings are the repository's
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content),
        "OUTPUT_PATH": str(Path(workdir) / "output"),
        "CACHE_PATH": str(Path(workdir) / "cache"),
        # cProfile sees one process: every page is rendered in it (plugins/parallel_writing).
        "WRITING_PROCESSES": 1,
        **(overrides or {}),
    })
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    Pelican(settings).run()  # the plugins' `initialized` handlers (content_check) run in __init__
    profiler.disable()
    wall = time.perf_counter() - started
    return pstats.Stats(profiler), wall


def profile_preview_save(content, workdir):
    """cProfile stats and wall seconds of the live preview's build after a news item's text changed.

    The session (plugins/live_preview) builds everything once, unprofiled, as `invoke
    livereload` does when it starts; then a line is added to the first news item.
    """
    import logging

    from pelican.log import init as init_logging

    sys.path.insert(0, str(PLUGINS))
    from live_preview.live_preview import PreviewSession

    os.chdir(ROOT)
    init_logging(level=logging.WARNING, fatal="warnings", name="pelican")
    session = PreviewSession(ROOT / "pelicanconf.py", Path(workdir) / "output",
                             {"PATH": str(content), "CACHE_PATH": str(Path(workdir) / "cache")})
    if not session.build().ok:
        raise SystemExit("the first build of the live preview failed")
    news = sorted((Path(content) / "news").glob("*.md"))[0]
    news.write_text(news.read_text(encoding="utf-8") + "\nUna riga in più.\n", encoding="utf-8")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    built = session.build([news])
    profiler.disable()
    wall = time.perf_counter() - started
    if not built.ok:
        raise SystemExit("the live preview's build failed: " + "; ".join(built.problems))
    return pstats.Stats(profiler), wall


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news", type=int, help="profile the synthetic corpus with N news items")
    parser.add_argument("--cached", action="store_true",
                        help="profile a rebuild with the content cache that a first build left (case (c))")
    parser.add_argument("--preview", action="store_true",
                        help="profile the live preview's build after a save (plugins/live_preview)")
    parser.add_argument("--top", type=int, default=25, help="functions listed (default 25)")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "profile.pstats")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="lgnetea-profile-") as workdir:
        content, label = ROOT / "content", "the real site"
        if args.news:
            from benchmarks.corpus import generate_corpus

            content, label = Path(workdir) / "content", f"the real content + {args.news} generated news items"
            generate_corpus(content, args.news)
        if args.preview:
            label += ", the live preview after a news item's text changed"
            if not content.is_relative_to(workdir):  # the save must not touch content/
                shutil.copytree(content, Path(workdir) / "content")
                content = Path(workdir) / "content"
            stats, wall = profile_preview_save(content, workdir)
        else:
            overrides = CACHED if args.cached else None
            if args.cached:
                label += ", rebuilt with the content cache"
                fill_cache(content, workdir, overrides)
            stats, wall = profile_build(content, workdir, overrides)
    text = report(stats, wall, label, args.top)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    stats.dump_stats(args.output)
    args.output.with_suffix(".txt").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    print(f"\nprofile: {shown(args.output)}, report: {shown(args.output.with_suffix('.txt'))}")


if __name__ == "__main__":
    main()
