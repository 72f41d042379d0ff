"""Every built page is valid HTML and the stylesheet valid CSS, by the Nu HTML Checker."""

import json
import subprocess

import pytest

from tests.conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.slow
def test_nu_checker_finds_no_errors(site, html_pages):
    assert VNU.is_file(), "the Nu checker is missing: `make test` installs it (npm ci)"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--also-check-css", "--skip-non-html",
         "--format", "json", str(site)],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '?').removeprefix(f'file:{site}/')}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages]
    print(f"Nu checker: {len(html_pages)} pages and the stylesheet, {len(errors)} errors")
    assert errors == [], "\n".join(errors)
