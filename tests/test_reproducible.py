"""Build correctness: incremental, relocated and parallel builds give the same bytes as a clean build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main

Policy = Callable[..., Path]


def outputs(root: Path) -> dict[str, bytes]:
    """Every published file, by path relative to _build."""
    build = root / "_build"
    return {
        str(path.relative_to(build)): path.read_bytes()
        for folder in ("html", "pdf")
        for path in sorted((build / folder).rglob("*"))
        if path.is_file()
    }


def build(root: Path, *extra: str) -> dict[str, bytes]:
    assert main(["html", "--root", str(root), "--quiet", *extra]) == 0
    return outputs(root)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def two_clones(tmp_path: Path, policy_copy: Policy) -> tuple[Path, Path]:
    first = policy_copy()
    second = tmp_path / "elsewhere" / "clone"
    shutil.copytree(first, second)
    return first, second


def test_incremental_builds_after_edits_equal_a_clean_build_elsewhere(
    two_clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    clean_root, busy_root = two_clones
    clean = build(clean_root)

    toml, text = busy_root / "practice.toml", busy_root / "docs" / "index.md"
    build(busy_root)
    edit(toml, "(555) 010-0123", "(555) 010-0177")
    build(busy_root)
    edit(text, "Friending", "Friend Requests")
    edit(toml, "telehealth = false", "telehealth = true")
    build(busy_root)
    edit(toml, "(555) 010-0177", "(555) 010-0123")
    edit(text, "Friend Requests", "Friending")
    edit(toml, "telehealth = true", "telehealth = false")
    again = build(busy_root)

    assert sorted(again) == sorted(clean)
    different = [name for name in clean if clean[name] != again[name]]
    assert different == []


def test_outputs_hold_no_local_paths(two_clones: tuple[Path, Path]) -> None:
    root, _ = two_clones
    for name, data in build(root).items():
        assert str(root).encode() not in data, name
        assert b"file://" not in data, name


def test_parallel_build_equals_serial(two_clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    serial_root, parallel_root = two_clones
    assert build(serial_root) == build(parallel_root, "--jobs", "2")
