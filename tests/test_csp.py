"""One Content-Security-Policy for the public pages: nginx's header and every page's <meta> agree.

The policy is CONTENT_SECURITY_POLICY in pelicanconf.py; deploy/lgnetea-site.conf writes the
same in $lgnetea_csp (nginx cannot read Python), and every page carries it in a <meta> for hosts
that send no headers (GitHub Pages), without what a <meta> cannot carry.
"""

import re
import sys

from pelican.settings import get_settings_from_file

from tests.conftest import ROOT
from tests.html import read

sys.path.insert(0, str(ROOT / "plugins"))
from web_analytics.web_analytics import meta_text, page_policy  # noqa: E402

SETTINGS = get_settings_from_file(str(ROOT / "pelicanconf.py"))
# Written from the policy by plugins/web_analytics (WEB_ANALYTICS_ITALIA is off in pelicanconf.py).
SETTINGS["CONTENT_SECURITY_POLICY_META"] = meta_text(page_policy(SETTINGS["CONTENT_SECURITY_POLICY"], SETTINGS),
                                                     SETTINGS["CSP_HEADER_ONLY"])
SITE_RULES = (ROOT / "deploy" / "lgnetea-site.conf").read_text(encoding="utf-8")


def directives(policy):
    return {name: " ".join(values) for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_nginx_sends_the_policy_of_the_settings():
    header = re.search(r'set \$lgnetea_csp "([^"]+)";', SITE_RULES)[1]
    assert directives(header) == SETTINGS["CONTENT_SECURITY_POLICY"]


def test_the_meta_policy_is_the_header_without_what_a_meta_cannot_carry():
    meta = directives(SETTINGS["CONTENT_SECURITY_POLICY_META"])
    assert set(SETTINGS["CONTENT_SECURITY_POLICY"]) - set(meta) == {"frame-ancestors"}
    assert meta == {name: value for name, value in SETTINGS["CONTENT_SECURITY_POLICY"].items()
                    if name not in SETTINGS["CSP_HEADER_ONLY"]}
    assert not {"frame-ancestors", "report-uri", "sandbox"} & set(meta)


def test_every_public_page_carries_the_policy_before_anything_it_loads(site, html_pages):
    missing = []
    for path in html_pages:
        elements = read(site, path).elements
        policies = [element["attrs"].get("content") for element in elements if element["tag"] == "meta"
                    and (element["attrs"].get("http-equiv") or "").lower() == "content-security-policy"]
        first_load = next(index for index, element in enumerate(elements) if element["tag"] in ("link", "script"))
        position = next((index for index, element in enumerate(elements) if element["tag"] == "meta"
                         and element["attrs"].get("http-equiv")), len(elements))
        if policies != [SETTINGS["CONTENT_SECURITY_POLICY_META"]] or position > first_load:
            missing.append(path)
    assert len(html_pages) > 60
    assert missing == []
