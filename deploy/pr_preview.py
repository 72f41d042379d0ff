"""The preview of a pull request, and its outcome as the commit status the editor reads.

The published editor saves each entry on a branch ``cms/<collection>/<slug>`` with a pull
request (Decap CMS's editorial workflow). For each such pull request the workflow
(.github/workflows/site.yml, job ``preview``) runs ``invoke pr-preview``, which:

* checks the content as the published site would (``publishconf.py``: placeholders, stale
  translations and wrong counts are errors there);
* with no error, builds the site for its own address, ``<Pages site>/anteprime/pr-<N>/``, with
  ``SITE_NOINDEX`` (search engines are asked to leave the preview out);
* with errors, writes instead one page at that address listing them, in Italian, as the
  checker words them (``path:line: campo: messaggio``), with what to do next;
* writes ``status.json`` beside: the commit status to set on the pull request's head commit.

The workflow then pushes the folder to the ``gh-pages`` branch and runs ``invoke pr-status``,
which sets that status with the context ``CMS_PREVIEW_CONTEXT``, the same one that
``plugins/cms_config`` writes as the editor's ``backend.preview_context``. Decap reads the
statuses of the entry's head commit (``GET /repos/{repo}/commits/{sha}/status``): for the
status with that context, a ``success`` shows «Visualizza l'anteprima», linked to the status's
address plus the collection's ``preview_path``; any other state shows «Controlla
l'anteprima» (ask again). The description, which GitHub shows beside the status on the pull
request, says what the check found.
"""

import html
import json
import os
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

FOLDER = "anteprime"  # where the previews live on the Pages site, one folder per pull request
STATUS_FILE = "status.json"
SITE_FOLDER = "site"  # what is deployed, beside status.json
DESCRIPTION_LIMIT = 140  # GitHub refuses longer commit-status descriptions
# The checker's section of the guide, which explains every message.
GUIDE = "docs/guida-redazione.md#il-controllo-dei-contenuti"


@dataclass(frozen=True)
class Outcome:
    """A commit status: GitHub's state (pending, success, failure, error), its text and its link."""

    state: str
    description: str
    target_url: str


def preview_address(pages_url: str, number) -> str:
    """``https://ente.github.io/sito`` and 12 → ``https://ente.github.io/sito/anteprime/pr-12/``."""
    return f"{pages_url.rstrip('/')}/{FOLDER}/pr-{int(number)}/"


def run_log_url(environ=os.environ) -> str:
    """The address of this workflow run's log, from the variables GitHub Actions sets; "" elsewhere."""
    parts = [environ.get(name, "") for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    return f"{parts[0]}/{parts[1]}/actions/runs/{parts[2]}" if all(parts) else ""


def guide_url(environ=os.environ) -> str:
    """The guide's explanation of the checker's messages, on the repository's page; "" elsewhere."""
    server, repository = environ.get("GITHUB_SERVER_URL", ""), environ.get("GITHUB_REPOSITORY", "")
    return f"{server}/{repository}/blob/main/{GUIDE}" if server and repository else ""


def shortened(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "…"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe(errors: list[str], warnings: list[str]) -> str:
    """What the pull request's status says, in Italian, within GitHub's limit."""
    if errors:
        return shortened(f"{plural(len(errors), 'problema', 'problemi')} da correggere: {errors[0]}")
    if warnings:
        return shortened(f"Anteprima pronta; {plural(len(warnings), 'avviso', 'avvisi')}: {warnings[0]}")
    return "Anteprima pronta: i controlli sono passati"


def problems_page(errors: list[str], warnings: list[str], environ=os.environ) -> str:
    """The page shown at the preview's address when the site could not be built."""
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in errors + warnings)
    links = [(guide_url(environ), "Che cosa vuol dire ogni messaggio (Guida per la redazione)"),
             (run_log_url(environ), "Il registro completo del controllo")]
    more = "\n".join(f'<li><a href="{html.escape(url)}">{text}</a></li>' for url, text in links if url)
    return f"""<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<style>
body {{ font: 1.125rem/1.6 sans-serif; max-inline-size: 45rem; margin: 1rem auto; padding-inline: 1rem; }}
li {{ margin-block: 0.5rem; }}
code {{ overflow-wrap: anywhere; }}
</style>
<title>Anteprima non disponibile: {plural(len(errors), "problema", "problemi")} da correggere</title>
</head>
<body>
<main>
<h1>Anteprima non disponibile</h1>
<p>Il controllo dei contenuti ha trovato {plural(len(errors), "problema", "problemi")} nella modifica.
Finché non sono corretti, la modifica non ha un'anteprima e non si può pubblicare.</p>
<p>Ogni riga dice il file, la riga del file, il campo e che cosa non va.
Aprite la voce nell'editor, correggete e premete «Salva»: il controllo si rifà da solo e,
dopo qualche minuto, a questo indirizzo c'è l'anteprima.</p>
<h2>Da correggere</h2>
<ol>
{items}
</ol>
{f"<h2>Per saperne di più</h2>{chr(10)}<ul>{chr(10)}{more}{chr(10)}</ul>" if more else ""}
</main>
</body>
</html>
"""


def record(output: Path, address: str, errors: list[str], warnings: list[str], environ=os.environ) -> Outcome:
    """Write the problems page (when there are errors) and status.json into ``output``."""
    site = output / SITE_FOLDER
    if errors:
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(problems_page(errors, warnings, environ), encoding="utf-8")
    outcome = Outcome("failure" if errors else "success", describe(errors, warnings), address)
    (output / STATUS_FILE).write_text(json.dumps(asdict(outcome), ensure_ascii=False), encoding="utf-8")
    return outcome


def read_outcome(path: Path) -> Outcome:
    return Outcome(**json.loads(path.read_text(encoding="utf-8")))


def post_status(outcome: Outcome, *, context: str, sha: str, environ=os.environ) -> dict:
    """Set ``outcome`` as the commit status ``context`` of ``sha``, through GitHub's REST API.

    The token, the repository and the API's address come from the variables GitHub Actions
    sets (``GITHUB_TOKEN`` passed by the workflow, ``GITHUB_REPOSITORY``, ``GITHUB_API_URL``).
    """
    body = {**asdict(outcome), "context": context}
    request = urllib.request.Request(
        f"{environ['GITHUB_API_URL']}/repos/{environ['GITHUB_REPOSITORY']}/statuses/{sha}",
        data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {environ['GITHUB_TOKEN']}", "Accept": "application/vnd.github+json",
                 "Content-Type": "application/json", "X-GitHub-Api-Version": "2022-11-28"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())
