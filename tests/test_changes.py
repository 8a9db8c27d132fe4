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
        ("email = true", "email = false"),
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
    assert "Sections removed:\n- Email\n" in notice
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


def test_unchanged_policy_is_refused_and_nothing_is_written(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "--from", "HEAD", "--root", str(repository)]) == 1
    err = capsys.readouterr().err
    assert "No notice was written: the policy's wording is the same as at HEAD" in err
    assert not (repository / "_build" / "changes.txt").exists()


def test_new_wording_under_the_old_version_is_warned_about(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = repository / "docs" / "index.md"
    policy.write_text(policy.read_text().replace("(Facebook, LinkedIn, etc)", "(Facebook, Instagram, LinkedIn, etc)"))
    assert main(["changes", "--from", "v1.0", "--root", str(repository)]) == 0
    err = capsys.readouterr().err
    assert "the version (1.0) and the effective date (January 15, 2026) in practice.toml did not" in err
    assert "clients would see the new text under the old version" in err


def test_a_fresh_copy_without_tags_finds_the_version_clients_signed(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The README's example, FROM=v1.0, in a copy of the template (which has no tags):
    # v1.0 is the version written in practice.toml.
    git(repository, "tag", "-d", "v1.0")
    toml = repository / "practice.toml"
    toml.write_text(toml.read_text().replace('version = "1.0"', 'version = "1.1"').replace("2026-01-15", "2026-06-01"))
    policy = repository / "docs" / "index.md"
    policy.write_text(policy.read_text().replace("(Facebook, LinkedIn, etc)", "(Facebook, Instagram, LinkedIn, etc)"))
    git(repository, "commit", "-qam", "second version")
    assert main(["changes", "--from", "v1.0", "--root", str(repository)]) == 0
    notice = (repository / "_build" / "changes.txt").read_text()
    assert "since the version of January 15, 2026 (1.0)" in notice
    # A date works too: the last commit of that day.
    assert main(["changes", "--from", "2099-01-01", "--root", str(repository)]) == 1
    assert "the policy's wording is the same as at 2099-01-01" in capsys.readouterr().err


def test_an_old_revision_without_practice_toml_is_explained(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repository, "rm", "-q", "practice.toml")
    git(repository, "commit", "-qm", "no practice file")
    git(repository, "tag", "empty")
    git(repository, "checkout", "-q", "v1.0", "--", "practice.toml")
    assert main(["changes", "--from", "empty", "--root", str(repository)]) == 1
    err = capsys.readouterr().err
    assert "At empty the repository had no practice.toml, so there is no policy to compare with" in err
    assert "git log --oneline -- docs/index.md practice.toml" in err
    assert "listed above" not in err and "Traceback" not in err


def test_an_old_revision_that_does_not_build_says_why(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = repository / "practice.toml"
    good = toml.read_text()
    toml.write_text(good.replace('phone = "(555) 010-0123"', 'phone = ""'))
    git(repository, "commit", "-qam", "broken")
    git(repository, "tag", "broken")
    toml.write_text(good)
    assert main(["changes", "--from", "broken", "--root", str(repository)]) == 1
    err = capsys.readouterr().err
    assert "The policy as it was at broken cannot be read. Building it then gave:" in err
    assert "phone in [practice] is empty" in err
    assert "listed above" not in err


def test_unknown_revision_is_explained(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "--from", "v9.9", "--root", str(repository)]) == 1
    err = capsys.readouterr().err
    assert '"v9.9" is not a commit, a tag, a date or a version of the policy' in err
    assert "git log --oneline -- docs/index.md practice.toml" in err
    assert "Traceback" not in err


def test_missing_revision_says_how_to_give_one(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "--root", str(repository)]) == 1
    assert "make changes FROM=" in capsys.readouterr().err
