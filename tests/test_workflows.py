"""The git host builds and publishes: GitHub's workflow and GitLab's pipeline do what the README promises."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from .conftest import PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "publish.yml"
GITLAB = PROJECT / ".gitlab-ci.yml"


def tool(name: str) -> str:
    """An executable of the test environment (the `test` extra installs it)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[test]' installs it"
    return found


def actionlint() -> str:
    return tool("actionlint")


def gitlab_schema_errors(path: Path) -> str:
    """What GitLab's own CI schema (as shipped with check-jsonschema) finds wrong in ``path``."""
    command = [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict)
    return on


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith(f"{action}@")]


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_workflows_pass_actionlint() -> None:
    files = sorted((PROJECT / ".github" / "workflows").glob("*.y*ml"))
    assert files == [WORKFLOW]
    done = subprocess.run([actionlint(), *map(str, files)], capture_output=True, text=True, check=False, cwd=PROJECT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = WORKFLOW.read_text(encoding="utf-8").replace("needs: build", "needs: biuld")
    (tmp_path / "publish.yml").write_text(broken, encoding="utf-8")
    done = subprocess.run([actionlint(), str(tmp_path / "publish.yml")], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "biuld" in done.stdout


def test_main_and_pull_requests_are_built() -> None:
    on = triggers(load(WORKFLOW))
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on


def test_build_checks_then_builds_with_warnings_as_errors() -> None:
    build = load(WORKFLOW)["jobs"]["build"]
    # `make html` builds the PDF and the page with warnings as errors and
    # publishes into _build/ only when everything succeeded.
    assert runs(build) == ["make check", "make html"]
    [checkout] = steps_using(build, "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False


def test_pull_request_keeps_page_and_pdf_as_an_artifact() -> None:
    build = load(WORKFLOW)["jobs"]["build"]
    [upload] = steps_using(build, "actions/upload-artifact")
    assert upload["if"] == "github.event_name == 'pull_request'"
    assert upload["with"]["path"] == "_build/html/"  # the page with its PDF beside it
    assert upload["with"]["if-no-files-found"] == "error"


def test_main_is_deployed_to_pages_only_after_a_successful_build() -> None:
    jobs = load(WORKFLOW)["jobs"]
    [pages_artifact] = steps_using(jobs["build"], "actions/upload-pages-artifact")
    assert pages_artifact["if"] == "github.event_name != 'pull_request'"
    assert pages_artifact["with"]["path"] == "_build/html/"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"  # a failed build job skips the deploy job
    assert "github.event_name != 'pull_request'" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert steps_using(deploy, "actions/deploy-pages")
    # Nothing but the deploy job may write to Pages.
    assert load(WORKFLOW)["permissions"] == {"contents": "read"}


def zizmor_findings(path: Path) -> str:
    """What zizmor, with its strictest persona, finds in the workflows (and Dependabot's file) under ``path``."""
    command = [tool("zizmor"), "--offline", "--persona=auditor", "--no-progress", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=PROJECT)
    return "" if done.returncode == 0 and "No findings" in done.stdout else done.stdout + done.stderr


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    assert zizmor_findings(PROJECT / ".github") == ""


def test_zizmor_would_catch_an_action_on_a_movable_tag(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8")
    unpinned = re.sub(r"actions/checkout@[0-9a-f]{40} # v[\d.]+", "actions/checkout@v6", text)
    assert unpinned != text
    (workflows / "publish.yml").write_text(unpinned, encoding="utf-8")
    assert "unpinned-uses" in zizmor_findings(tmp_path)


def test_actions_are_pinned_to_a_full_commit_with_their_release_named() -> None:
    """A tag can be moved to other code; a commit cannot. The comment is what Dependabot and Renovate update."""
    lines = [line.strip() for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == 5
    for line in lines:
        assert re.fullmatch(r"(- )?uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


def test_ci_installs_the_lock_with_the_python_it_was_resolved_for() -> None:
    build = load(WORKFLOW)["jobs"]["build"]
    [setup] = steps_using(build, "actions/setup-python")
    assert setup["with"]["python-version"] == "3.11"
    # pip's downloads are cached, keyed on the lock that `make check` and `make html` install.
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "requirements/runtime.txt"
    pipeline = load(GITLAB)
    assert pipeline["default"]["image"] == "python:3.11"
    assert pipeline["cache"]["key"]["files"] == ["requirements/runtime.txt"]
    for lock in ("runtime", "dev"):
        header = (PROJECT / "requirements" / f"{lock}.txt").read_text(encoding="utf-8").splitlines()[1]
        assert "--python-version 3.11" in header and "--generate-hashes" in header


def schema_errors(schema: str, path: Path) -> str:
    done = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, str(path)], capture_output=True, text=True, check=False
    )
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_dependabot_proposes_updates_to_packages_and_actions(tmp_path: Path) -> None:
    path = PROJECT / ".github" / "dependabot.yml"
    assert schema_errors("vendor.dependabot", path) == ""
    updates = load(path)["updates"]
    assert {(update["package-ecosystem"], update["directory"]) for update in updates} == {("pip", "/"), ("github-actions", "/")}
    broken = tmp_path / "dependabot.yml"
    broken.write_text(path.read_text(encoding="utf-8").replace("interval: weekly", "interval: fortnightly", 1), encoding="utf-8")
    assert "fortnightly" in schema_errors("vendor.dependabot", broken)


def test_renovate_proposes_updates_on_gitlab(tmp_path: Path) -> None:
    path = PROJECT / "renovate.json"
    assert schema_errors("vendor.renovate", path) == ""
    config = json.loads(path.read_text(encoding="utf-8"))
    # The pip-compile manager re-runs the command in each lock's header, so the hashes stay right.
    assert config["pip-compile"]["managerFilePatterns"] == ["/^requirements/[^/]+\\.txt$/"]
    assert all(
        re.search(config["pip-compile"]["managerFilePatterns"][0][1:-1], f"requirements/{lock}.txt")
        for lock in ("runtime", "dev")
    )
    assert "helpers:pinGitHubActionDigests" in config["extends"]
    broken = tmp_path / "renovate.json"
    broken.write_text(json.dumps({**config, "prConcurrentLimit": "five"}), encoding="utf-8")
    assert "five" in schema_errors("vendor.renovate", broken)


def test_gitlab_pipeline_follows_gitlabs_schema(tmp_path: Path) -> None:
    assert gitlab_schema_errors(GITLAB) == ""
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("expire_in:", "expires_in:"), encoding="utf-8")
    assert "expires_in" in gitlab_schema_errors(broken)


def test_gitlab_pages_job_publishes_page_and_pdf_from_the_default_branch() -> None:
    pipeline = load(GITLAB)
    pages = pipeline["pages"]
    assert pages["script"][:2] == ["make check", "make html"]
    assert "cp -r _build/html public" in pages["script"][-1]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_gitlab_merge_request_job_keeps_page_and_pdf() -> None:
    pipeline = load(GITLAB)
    preview = pipeline["preview"]
    assert preview["script"] == ["make check", "make html"]
    assert preview["artifacts"]["paths"] == ["_build/html/"]
    assert preview["artifacts"]["expose_as"]
    assert preview["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    # Every job runs in an image that has python3 and make, all the Makefile needs.
    assert pipeline["default"]["image"].startswith("python:3.")
    assert set(pipeline["stages"]) >= {pipeline["pages"]["stage"], preview["stage"]}


def test_the_commands_the_hosts_run_exist() -> None:
    done = subprocess.run(["make", "-n", "check", "html"], capture_output=True, text=True, check=False, cwd=PROJECT)
    assert done.returncode == 0, done.stderr
    assert "sphinx_policy_ext" in done.stdout


def test_the_readme_names_what_the_hosts_show() -> None:
    """The browser steps in the README match the names a therapist will see on screen."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    workflow = load(WORKFLOW)
    [upload] = steps_using(workflow["jobs"]["build"], "actions/upload-artifact")
    assert f"**{workflow['name']}**" in readme
    assert f"**{upload['with']['name']}**" in readme
    assert f"**View exposed artifact → {load(GITLAB)['preview']['artifacts']['expose_as']}**" in readme
    assert "https://<your-user-name>.github.io/<repository-name>/social-media-policy.pdf" in readme
