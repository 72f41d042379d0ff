"""Web Analytics Italia: absent from the site unless WEB_ANALYTICS_ITALIA's site_id is set; when it is,
every page loads its script, without cookies, and the policy admits its host and no other."""

import re


from tests.html import read
from tests.test_feedback import SETTINGS

HOST = "ingestion.webanalytics.italia.it"
ON = {**SETTINGS["WEB_ANALYTICS_ITALIA"], "host": HOST, "site_id": "4321"}
PAGES = ("", "en/comuni/latina/", "ar/note-legali/", "statistiche/")


def source(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def meta_policy(page):
    (policy,) = [element["attrs"]["content"] for element in page.elements if element["tag"] == "meta"
                 and (element["attrs"].get("http-equiv") or "").lower() == "content-security-policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_off_by_default_nothing_of_it_anywhere(site, html_pages):
    assert not (site / "js" / "web-analytics.js").exists()
    # The privacy page may name the service (as a possibility), never load or link anything of it.
    mentions = [path for path in html_pages if path.endswith("/") or not path
                if re.search(r"webanalytics|web-analytics|matomo", source(site, path), re.IGNORECASE)]
    assert mentions == []
    for path in PAGES:
        policy = meta_policy(read(site, path))
        assert all("https:" not in sources for sources in policy.values()), path
        assert "Web Analytics Italia (AgID)" not in source(site, path)


def test_on_every_page_loads_it_and_the_policy_admits_its_host_only(site, site_with_options):
    script = (site_with_options / "js" / "web-analytics.js").read_text(encoding="utf-8")
    assert script.index('"disableCookies"') < script.index('"trackPageView"')
    for path in PAGES:
        page = read(site_with_options, path)
        scripts = [element["attrs"] for element in page.elements if element["tag"] == "script"]
        assert {"src": "/js/web-analytics.js", "data-host": HOST, "data-site-id": "4321", "defer": None} in scripts
        policy, before = meta_policy(page), meta_policy(read(site, path))
        widened = {name for name in policy if policy[name] != before[name]}
        assert widened == {"script-src", "connect-src", "img-src"}
        assert all(policy[name] == f"{before[name]} https://{HOST}" for name in widened)
    # The privacy page says so, in every language.
    for path in ("note-legali/", "en/note-legali/", "fr/note-legali/", "ar/note-legali/"):
        text = source(site_with_options, path)
        assert 'id="web-analytics-italia"' in text and HOST in text, path
        assert 'id="web-analytics-italia"' not in source(site, path)
