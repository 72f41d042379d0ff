"""Fast tests of the benchmark helpers: the synthetic corpus, the figures, the Hugo copy, the gzip server.

Part of `make test` (pytest.ini): a few seconds, nothing timed, no benchmark-only package needed.
The corpus is checked by the content checker, so a change of the content schema that the
generated news no longer follow fails here rather than in the middle of `invoke bench`.
"""

import gzip
import http.client
import sys
from pathlib import Path

import pytest
from pelican.settings import get_settings_from_file

from benchmarks import ROOT
from benchmarks.build_bench import (
    hugo_markdown,
    median,
    preview_goal,
    ratio,
    run_timed,
    site_markdown_settings,
    split_front_matter,
    summarize,
    write_bare_settings,
)
from benchmarks.corpus import PREFIX, generate_corpus
from benchmarks.lighthouse import lost_points, scores, serve
from tests.browser import free_port

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.content_check import check_content  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus") / "content"
    return folder, generate_corpus(folder, news=150, seed=7)


def test_corpus_has_the_real_content_and_n_generated_news(corpus):
    folder, paths = corpus
    assert len(paths) == 150
    assert sorted(path.name for path in (folder / "news").glob(f"{PREFIX}*.md")) == sorted(p.name for p in paths)
    for kind in ("pages", "comuni", "miniprogetti", "news", "dati"):
        real = {path.name for path in (ROOT / "content" / kind).iterdir()}
        assert real <= {path.name for path in (folder / kind).iterdir()}


def test_every_generated_file_passes_the_content_checker(corpus):
    from pelican.settings import read_settings

    folder, paths = corpus
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    settings["PATH"] = str(folder)
    problems = check_content(settings)
    generated = {path.resolve() for path in paths}
    # Errors and warnings (Gulpease of the summaries) alike.
    assert [str(p) for p in problems if Path(p.path).resolve() in generated] == []


def test_generated_news_use_the_site_features(corpus):
    _, paths = corpus
    texts = [path.read_text(encoding="utf-8") for path in paths]
    assert all(text.startswith("Title: ") and "\nDate: " in text and "\nSummary: " in text for text in texts)
    assert all("\nComuni: " in text and "({filename}/comuni/" in text for text in texts)
    assert any("\nMiniprogetti: " in text for text in texts)
    assert any("\nPrecisione_data: mese" in text for text in texts)
    assert all(text.count("\n## ") >= 2 for text in texts)
    assert len(set(texts)) == len(texts)


def test_corpus_is_deterministic(tmp_path):
    first = generate_corpus(tmp_path / "a", news=5, seed=1)
    again = generate_corpus(tmp_path / "b", news=5, seed=1)
    other = generate_corpus(tmp_path / "c", news=5, seed=2)
    assert [p.read_text() for p in first] == [p.read_text() for p in again]
    assert [p.read_text() for p in first] != [p.read_text() for p in other]


def test_synthetic_content_never_goes_under_content():
    with pytest.raises(ValueError):
        generate_corpus(ROOT / "content" / "news", news=1)


def test_median():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    with pytest.raises(ValueError):
        median([])


def test_ratio():
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None
    assert ratio(1.0, 0) is None


def test_summarize_reports_medians_ratios_and_goals():
    summary = summarize({"bare": [1.0, 1.2, 0.8], "cold": [1.2, 1.4, 1.3], "cached": [1.0, 1.0, 1.0]},
                        goals={"cold/bare": 1.3, "cached/cold": 0.6})
    assert summary["medians"] == {"bare": 1.0, "cold": 1.3, "cached": 1.0}
    assert summary["ratios"]["cold/bare"] == pytest.approx(1.3)
    assert summary["met"] == {"cold/bare": True, "cached/cold": False}
    assert summary["ratios"]["cached/cold"] == pytest.approx(1.0 / 1.3)


def test_summarize_without_a_variant():
    summary = summarize({"cold": [2.0], "cached": []}, goals={"cached/cold": 0.6})
    assert summary["ratios"] == {"cached/cold": None}
    assert summary["met"] == {"cached/cold": None}


def test_preview_goal_is_that_of_the_next_size_up():
    assert preview_goal(100) == preview_goal(1000) == 0.5
    assert preview_goal(5000) == preview_goal(10000) == 1.5
    assert preview_goal(20000) is None


def test_run_timed_reports_time_cpu_and_the_process_own_peak_memory():
    seconds, cpu, memory = run_timed([sys.executable, "-c", "b = bytearray(64 * 1024 * 1024)"])
    assert seconds > 0 and cpu >= 0 and 64 < memory < 1024
    with pytest.raises(RuntimeError, match="boom"):
        run_timed([sys.executable, "-c", "raise SystemExit('boom')"])


def test_hugo_copy_has_yaml_front_matter_and_site_links():
    text = ("Title: Una notizia\nDate: 2021-05-04\nComuni: latina, roma\nSummary: Breve.\n\n"
            "Vedi [Latina]({filename}/comuni/latina.md#il-ruolo-nella-rete) e "
            "[Il progetto]({filename}/pages/progetto.md).\n")
    fields, body = split_front_matter(text)
    assert fields["comuni"] == "latina, roma" and body.startswith("Vedi")
    converted = hugo_markdown(text)
    assert converted.startswith('---\ntitle: "Una notizia"\ndate: "2021-05-04"\n')
    assert 'comuni: ["latina", "roma"]' in converted
    assert "(/comuni/latina/#il-ruolo-nella-rete)" in converted and "(/progetto/)" in converted


def test_server_sends_the_gzip_copy_to_browsers_that_accept_it(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>ciao</p>")
    (tmp_path / "a" / "index.html.gz").write_bytes(gzip.compress(b"<p>ciao</p>"))
    (tmp_path / "404.html").write_text("<p>non trovata</p>")
    port = free_port()
    with serve(tmp_path, port):
        def get(path, **headers):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            result = response.status, dict(response.getheaders()), response.read()
            connection.close()
            return result

        status, headers, body = get("/a/", **{"Accept-Encoding": "gzip, br"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == b"<p>ciao</p>" and headers["Content-Type"].startswith("text/html")
        status, headers, body = get("/a/")
        assert status == 200 and "Content-Encoding" not in headers and body == b"<p>ciao</p>"
        status, _, body = get("/nessuna/")
        assert status == 404 and body == b"<p>non trovata</p>"


def test_lighthouse_scores_and_lost_points():
    report = {
        "categories": {
            "performance": {"score": 0.97, "auditRefs": [
                {"id": "largest-contentful-paint", "weight": 25}, {"id": "cumulative-layout-shift", "weight": 25},
                {"id": "diagnostics", "weight": 0}]},
            "seo": {"score": 1, "auditRefs": [{"id": "document-title", "weight": 1}]},
        },
        "audits": {
            "largest-contentful-paint": {"title": "LCP", "score": 0.88, "displayValue": "2.6 s"},
            "cumulative-layout-shift": {"title": "CLS", "score": 1},
            "diagnostics": {"title": "Diagnostics", "score": None},
            "document-title": {"title": "Title", "score": 1},
        },
    }
    assert scores(report) == {"performance": 97, "accessibility": None, "best-practices": None, "seo": 100}
    lost = lost_points(report, "performance")
    assert [audit["id"] for audit in lost] == ["largest-contentful-paint"]
    assert lost[0]["points"] == 6.0 and lost[0]["value"] == "2.6 s"
    assert lost_points(report, "seo") == []


def test_bare_settings_load_with_the_sites_markdown_settings(corpus, tmp_path):
    folder, _ = corpus
    settings = get_settings_from_file(str(write_bare_settings(tmp_path, folder)))
    assert settings["MARKDOWN"] == site_markdown_settings()  # its slugify function included
    assert settings["PLUGINS"] == [] and settings["PATH"] == str(folder)
