"""GitLab: every problem in a Code Quality report, so a merge request shows it beside its line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from sphinx_policy_ext.commands import code_quality
from sphinx_policy_ext.commands.main import main

from .conftest import PROJECT

Copy = Callable[..., Path]

# GitLab's Code Quality report format: an array of issues with these fields
# (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
GITLAB_REPORT = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


@pytest.fixture
def in_gitlab(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    def enter(root: Path) -> Path:
        monkeypatch.setenv("GITLAB_CI", "true")
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        monkeypatch.chdir(root)
        return root / "_build" / code_quality.REPORT_NAME

    return enter


def read_report(path: Path) -> list[dict[str, object]]:
    report = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(report, GITLAB_REPORT)
    return report


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_practice_file_error_is_reported_on_its_line(project_copy: Copy, in_gitlab: Callable[[Path], Path]) -> None:
    root = project_copy(edit={"practice.toml": ('phone = "(555) 010-0123"', 'phone = ""')})
    report_file = in_gitlab(root)
    assert main(["html", "--root", str(root), "--source", str(root), "--quiet"]) == 1
    [entry] = read_report(report_file)
    assert entry["location"] == {"path": "practice.toml", "lines": {"begin": line_of(root / "practice.toml", "phone = ")}}
    assert entry["check_name"] == "policy.missing"
    assert entry["severity"] == "major"
    assert str(entry["description"]).startswith("phone in [practice] is empty")


def test_raw_html_in_the_text_is_reported_on_its_line(project_copy: Copy, in_gitlab: Callable[[Path], Path]) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "Call <b>now</b>.\n\n## Acknowledgement")})
    report_file = in_gitlab(root)
    assert main(["check", "--root", str(root), "--source", str(root), "--quiet"]) == 1
    [entry] = read_report(report_file)
    assert entry["location"] == {"path": "index.md", "lines": {"begin": line_of(root / "index.md", "Call <b>now</b>")}}
    assert entry["check_name"] == "policy.raw_html"
    assert "Write **bold** instead" in str(entry["description"])


def test_advice_is_minor_and_a_later_build_keeps_it(project_copy: Copy, in_gitlab: Callable[[Path], Path]) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "No Gowalla.\n\n## Acknowledgement")})
    report_file = in_gitlab(root)
    assert main(["check", "--root", str(root), "--source", str(root), "--quiet"]) == 0
    assert main(["html", "--root", str(root), "--source", str(root), "--quiet"]) == 0
    [entry] = read_report(report_file)
    assert entry["severity"] == "minor" and entry["check_name"] == "policy.defunct"
    assert entry["location"] == {"path": "index.md", "lines": {"begin": line_of(root / "index.md", "No Gowalla.")}}


def test_a_clean_build_writes_an_empty_report(project_copy: Copy, in_gitlab: Callable[[Path], Path]) -> None:
    root = project_copy()
    report_file = in_gitlab(root)
    assert main(["check", "--root", str(root), "--source", str(root), "--quiet"]) == 0
    assert read_report(report_file) == []


def test_outside_gitlab_no_report_is_written(project_copy: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITLAB_CI", raising=False)
    monkeypatch.delenv("POLICY_CODE_QUALITY", raising=False)
    root = project_copy(edit={"practice.toml": ('phone = "(555) 010-0123"', 'phone = ""')})
    assert main(["check", "--root", str(root), "--source", str(root), "--quiet"]) == 1
    assert not (root / "_build" / code_quality.REPORT_NAME).exists()


def test_both_gitlab_jobs_publish_the_report_even_when_they_fail() -> None:
    pipeline = yaml.safe_load((PROJECT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for job in ("pages", "preview"):
        artifacts = pipeline[job]["artifacts"]
        assert artifacts["reports"]["codequality"] == f"_build/{code_quality.REPORT_NAME}"
        assert artifacts["when"] == "always"
