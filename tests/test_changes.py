"""`make changes FROM=<revision>`: a notice for clients listing what changed in the policy."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, check=True, capture_output=True
    )


@pytest.fixture
def repository(policy_copy: Callable[..., Path]) -> Path:
    root = policy_copy()
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first version")
    git(root, "tag", "v1.0")
    return root


def test_notice_lists_added_removed_and_changed_wording(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = repository / "practice.toml"
    text = toml.read_text()
    for old, new in (
        ("telehealth = false", "telehealth = true"),
        ("google-reader = true", "google-reader = false"),
        ('version = "1.0"', 'version = "1.1"'),
        ("effective = 2026-01-15", "effective = 2026-06-01"),
    ):
        text = text.replace(old, new)
    toml.write_text(text)
    policy = repository / "docs" / "index.md"
    policy.write_text(policy.read_text().replace("(Facebook, LinkedIn, etc)", "(Facebook, Instagram, LinkedIn, etc)"))

    assert main(["changes", "--from", "v1.0", "--root", str(repository)]) == 0
    notice = (repository / "_build" / "changes.txt").read_text()
    assert "The new version (1.1) takes effect on June 1, 2026" in notice
    assert "since the version of January 15, 2026 (1.0)" in notice
    assert "New sections:\n- Telehealth\n" in notice
    assert "Sections removed:\n- Google Reader\n" in notice
    assert "Changed in \u201cFriending\u201d:" in notice
    assert (
        "- Now: I do not accept friend or contact requests from current or former clients on any social networking site "
        in notice
    )
    assert "(Facebook, Instagram, LinkedIn, etc)." in notice
    assert "- No longer: I do not accept friend or contact requests" in notice
    # Sections that did not change are not mentioned.
    assert "Fanning" not in notice
    assert notice in capsys.readouterr().out


def test_unchanged_policy_says_so(repository: Path) -> None:
    assert main(["changes", "--from", "HEAD", "--root", str(repository)]) == 0
    assert "The wording of the policy has not changed." in (repository / "_build" / "changes.txt").read_text()


def test_unknown_revision_is_explained(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "--from", "v9.9", "--root", str(repository)]) == 1
    err = capsys.readouterr().err
    assert '"v9.9" is not a revision of this repository' in err
    assert "Traceback" not in err


def test_missing_revision_says_how_to_give_one(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "--root", str(repository)]) == 1
    assert "make changes FROM=" in capsys.readouterr().err
