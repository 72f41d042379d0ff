"""The editor at /admin/ in the built site: self-contained, and kept out of everything readers find."""

import gzip
import json
import re
from urllib.parse import urlsplit

from tests.html import read

ADMIN = "admin/"


def test_the_editor_page_is_noindex_and_loads_only_files_of_the_site(site):
    document = read(site, ADMIN)
    robots = [m["attrs"]["content"] for m in document.find_all("meta") if m["attrs"].get("name") == "robots"]
    assert robots and "noindex" in robots[0]
    scripts = [s["attrs"]["src"] for s in document.find_all("script") if "src" in s["attrs"]]
    assert scripts == ["manual-init.js", "decap-cms.js", "rules.js", "piexif.js", "transliteration.js",
                       "photo-privacy.js", "pr-checks.js", "lgnetea-cms.js"]
    for src in scripts:
        assert (site / ADMIN / src).is_file()
    assert json.loads((site / ADMIN / "config.yml").read_text(encoding="utf-8"))["locale"] == "it"
    # Decap's chunks, loaded on demand, are beside its entry script, and name no other host.
    chunks = list((site / ADMIN).glob("*.decap-cms.js"))
    assert len(chunks) > 20
    facts = json.loads(document.find_all("script")[-1]["attrs"]["data-site"])
    assert (site / facts["stylesheet"].lstrip("/")).is_file()


def test_the_editor_is_not_in_the_sitemap_the_feed_or_the_search_index(site):
    assert "/admin" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin" not in (site / "news" / "atom.xml").read_text(encoding="utf-8")
    urls = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace")
        urls.add(json.loads(text[text.index("{"):])["url"])
    assert "/comuni/latina/" in urls
    assert [url for url in urls if urlsplit(url).path.startswith("/admin")] == []
    assert not re.search(r"data-pagefind-body", (site / ADMIN / "index.html").read_text(encoding="utf-8"))
