"""Benchmark: from «Pubblica ora» in the editor (local mode) to the page rewritten in the preview.

    python -m benchmarks.editor_preview [--runs 5]

`invoke livereload` runs on a scratch copy of the repository (benchmarks/build_bench.py), with
the editor's local backend on a free port; Chromium (Playwright) opens /admin/, changes the
summary of the first news item and saves it, and the clock stops when the preview serves the
page with the new text. With ``--photo`` each save also adds a new 4032×3024 phone photo (its
pixels new each time, so no copy is in the cache) in a «Foto» block, and the clock stops when
the page shows it (its alternative text in the page, after the copies are made). This includes
what `invoke bench-preview` leaves out: the editor's request, decap-server writing the file, and
the page being served. Figures are printed.

Each save is made from the editor opened afresh (the page reloaded), as a clerk opens an item,
adds a photo and saves. With ``--same-tab`` the saves follow one another in the same tab, and
each takes a little longer than the one before: Decap sends again, with every save, each photo
added since the editor was opened (the guard of the local backend does not write them again,
plugins/cms_config/backend_guard.py).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchmarks import ROOT
from benchmarks.build_bench import scratch_repository
from tests.browser import free_port


def served_text(url):
    try:
        return urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
    except OSError:
        return ""  # between two builds the output folder is being swapped


PHONE_PHOTO = (4032, 3024)


def phone_photo(path, seed):
    """A JPEG the size of a phone's photo, of detail a camera gives (noise upscaled), new for ``seed``."""
    import random

    from PIL import Image

    noise = random.Random(seed).randbytes(252 * 189 * 3)
    Image.frombytes("RGB", (252, 189), noise).resize(PHONE_PHOTO, Image.Resampling.BICUBIC).save(path, quality=90)
    return path


def measure_editor_preview(runs=5, timeout=60, photo=False, same_tab=False):
    from playwright.sync_api import sync_playwright

    from tests.browser import add_photo, launch

    with tempfile.TemporaryDirectory(prefix="lgnetea-editor-bench-") as folder:
        repo = scratch_repository(folder, ROOT / "content")
        with (repo / "pelicanconf.py").open("a", encoding="utf-8") as settings:
            settings.write(f'\nCMS_LOCAL_BACKEND = "http://127.0.0.1:{free_port()}/api/v1"\n')
        # An Italian item (its translations, name.en.md…, are other collections of the editor).
        news = sorted(path.stem for path in (repo / "content" / "news").glob("*.md") if "." not in path.stem)[0]
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
                                  cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        latencies = []
        try:
            deadline = time.monotonic() + 300
            while "decap-cms.js" not in served_text(base + "admin/"):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("`invoke livereload` did not start")
                time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(locale="it-IT")
                page.goto(base + "admin/")
                page.get_by_role("button", name="Accedi").click()
                for run in range(runs):
                    page.goto(base + f"admin/#/collections/news/entries/{news}")
                    if not same_tab:
                        page.reload()
                    marker = f"Misura numero {run} dall'editor."
                    summary = page.get_by_label("In breve")
                    summary.fill(summary.input_value() + " " + marker)
                    if photo:
                        marker = f"Foto della misura numero {run}"
                        page.locator("[data-slate-editor]").click()
                        add_photo(page, phone_photo(f"{folder}/telefono-{run}.jpg", run))
                        for alt in page.get_by_label("Testo alternativo (obbligatorio)").all():
                            if not alt.input_value():  # the new block (where it lands depends on the click)
                                alt.fill(marker)
                    page.get_by_role("button", name="Pubblica").click()
                    publish = page.get_by_text("Pubblica ora")
                    publish.wait_for()
                    # From the click on: click() returns when Playwright deems it done, after the save at times.
                    saved = time.monotonic()
                    publish.click()
                    while marker not in served_text(base + f"news/{news}/"):
                        if time.monotonic() - saved > timeout:
                            raise RuntimeError(f"the page was not rewritten within {timeout} s")
                        time.sleep(0.02)
                    latencies.append(time.monotonic() - saved)
                    time.sleep(1.5)
                browser.close()
        finally:
            server.terminate()
            server.wait()
    return latencies


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--photo", action="store_true", help="each save adds a new 4032×3024 phone photo")
    parser.add_argument("--same-tab", action="store_true", help="the saves one after another in the same tab")
    arguments = parser.parse_args(argv)
    latencies = measure_editor_preview(arguments.runs, photo=arguments.photo, same_tab=arguments.same_tab)
    what = ((" with a new 4032×3024 photo" if arguments.photo else "")
            + (", in the same tab" if arguments.same_tab else ""))
    print(f"«Pubblica ora» in the editor{what} → page rewritten in the preview, {len(latencies)} saves:")
    print("  " + "  ".join(f"{value:.2f}s" for value in latencies))
    print(f"  median {statistics.median(latencies):.2f}s, max {max(latencies):.2f}s")


if __name__ == "__main__":
    main()
