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
