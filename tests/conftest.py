"""Shared fixtures: Sphinx's own test fixtures, test roots, and a writable copy of a root."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
PROJECT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[..., Path]:
    """A copy of a test root in tmp_path, with files replaced or edited by the test.

    ``project_copy("basic", {"practice.toml": "..."})`` writes those files over
    the copy; ``edit={"practice.toml": ("old", "new")}`` replaces text in them.
    """

    def make(root: str = "basic", files: dict[str, str] | None = None, edit: dict[str, tuple[str, str]] | None = None) -> Path:
        target = tmp_path / root
        shutil.copytree(ROOTS / f"test-{root}", target)
        for name, text in (files or {}).items():
            (target / name).write_text(text, encoding="utf-8")
        for name, (old, new) in (edit or {}).items():
            path = target / name
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {name}"
            path.write_text(text.replace(old, new), encoding="utf-8")
        return target

    return make


def copy_policy(target: Path, replace: dict[str, str] | None = None, append: str = "") -> Path:
    """This repository's policy (conf.py, practice.toml, docs/) in ``target``, practice.toml edited.

    ``replace`` maps text in practice.toml to its replacement; ``append`` is added at its end.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "practice.toml"):
        shutil.copy(PROJECT / name, target / name)
    shutil.copytree(PROJECT / "docs", target / "docs")
    toml = target / "practice.toml"
    text = toml.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, f"{old!r} not in practice.toml"
        text = text.replace(old, new)
    toml.write_text(text + append, encoding="utf-8")
    return target


@pytest.fixture
def policy_copy(tmp_path: Path) -> Callable[..., Path]:
    """``policy_copy(replace, append)``: :func:`copy_policy` into a fresh folder of tmp_path."""

    def make(replace: dict[str, str] | None = None, append: str = "") -> Path:
        return copy_policy(tmp_path / "policy", replace, append)

    return make
