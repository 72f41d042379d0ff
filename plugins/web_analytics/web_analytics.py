"""Web Analytics Italia (AgID's Matomo) without cookies, off by default; and the pages' policy.

Every page carries the Content-Security-Policy of ``CONTENT_SECURITY_POLICY`` in a
``<meta>`` (``CONTENT_SECURITY_POLICY_META``, written here from the settings). With
``WEB_ANALYTICS_ITALIA["site_id"]`` empty (the default) nothing else happens: no script,
no other host in the policy, no file in the output.

When it is set, for a site on GitHub Pages, which gives no access log to count:

* the policy admits ``https://<host>`` for scripts (Matomo's tracker, matomo.js), for
  connections and for images (where the tracker sends each visit), and no other host;
* ``js/web-analytics.js`` is written to the output; components/web_analytics.html loads it,
  and it tells Matomo to set no cookie (``disableCookies``) before counting the page.

nginx's header ($lgnetea_csp in deploy/lgnetea-site.conf) is the policy without Web
Analytics Italia: a server of its own counts its log instead (docs/statistiche.md).
"""

import shutil
from pathlib import Path

from pelican import signals

SCRIPT = Path(__file__).with_name("web-analytics.js")
OUTPUT_SCRIPT = "js/web-analytics.js"
# Where Matomo's tracker loads from and sends to.
WIDENED = ("script-src", "connect-src", "img-src")


def enabled(settings):
    return bool(str(settings["WEB_ANALYTICS_ITALIA"].get("site_id", "")).strip())


def page_policy(policy, settings):
    """``policy`` (directive → sources) admitting Web Analytics Italia's host when it is on."""
    if not enabled(settings):
        return dict(policy)
    host = f"https://{settings['WEB_ANALYTICS_ITALIA']['host']}"
    return {name: f"{sources} {host}" if name in WIDENED else sources for name, sources in policy.items()}


def meta_text(policy, header_only):
    """The policy as a <meta> carries it (text: the template escapes its quotes)."""
    return "; ".join(f"{name} {sources}" for name, sources in policy.items() if name not in header_only)


def set_policy(pelican):
    settings = pelican.settings
    if not str(settings["WEB_ANALYTICS_ITALIA"].get("host", "")).strip() and enabled(settings):
        raise SystemExit("WEB_ANALYTICS_ITALIA: manca l'host di Web Analytics Italia "
                         "(per esempio ingestion.webanalytics.italia.it)")
    settings["CONTENT_SECURITY_POLICY"] = page_policy(settings["CONTENT_SECURITY_POLICY"], settings)
    if settings.get("CONTENT_SECURITY_POLICY_META") is None:
        settings["CONTENT_SECURITY_POLICY_META"] = meta_text(settings["CONTENT_SECURITY_POLICY"],
                                                             settings["CSP_HEADER_ONLY"])


def write_script(pelican):
    if enabled(pelican.settings):
        target = Path(pelican.output_path) / OUTPUT_SCRIPT
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SCRIPT, target)


def register():
    signals.initialized.connect(set_policy)
    signals.finalized.connect(write_script)
