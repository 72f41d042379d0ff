"""The pages' policy: as written in the settings while Web Analytics Italia is off; its host admitted
for the tracker's script, connections and images, and nowhere else, when it is on."""

from types import SimpleNamespace

import pytest

from web_analytics.web_analytics import meta_text, page_policy, set_policy

POLICY = {"default-src": "'none'", "script-src": "'self'", "img-src": "'self'", "connect-src": "'self'",
          "form-action": "'self'", "frame-ancestors": "'none'"}


def settings(site_id="", host="ingestion.webanalytics.italia.it", meta=None):
    return {"CONTENT_SECURITY_POLICY": dict(POLICY), "CSP_HEADER_ONLY": ("frame-ancestors",),
            "CONTENT_SECURITY_POLICY_META": meta, "WEB_ANALYTICS_ITALIA": {"host": host, "site_id": site_id}}


def test_off_the_policy_is_the_settings_one():
    pelican = SimpleNamespace(settings=settings())
    set_policy(pelican)
    assert pelican.settings["CONTENT_SECURITY_POLICY"] == POLICY
    assert pelican.settings["CONTENT_SECURITY_POLICY_META"] == (
        "default-src 'none'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'")


def test_on_only_the_tracker_s_directives_admit_its_host():
    widened = page_policy(POLICY, settings("7"))
    host = "https://ingestion.webanalytics.italia.it"
    assert {name for name in POLICY if widened[name] != POLICY[name]} == {"script-src", "img-src", "connect-src"}
    assert widened["script-src"] == f"'self' {host}"
    assert "frame-ancestors" not in meta_text(widened, ("frame-ancestors",))


def test_the_live_preview_s_empty_meta_stays_empty():
    pelican = SimpleNamespace(settings=settings("7", meta=""))
    set_policy(pelican)
    assert pelican.settings["CONTENT_SECURITY_POLICY_META"] == ""


def test_a_site_id_without_a_host_stops_the_build():
    with pytest.raises(SystemExit, match="manca l'host"):
        set_policy(SimpleNamespace(settings=settings("7", host="")))
