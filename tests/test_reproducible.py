"""Build correctness: incremental, relocated and parallel builds give the same bytes as a clean build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main

from .conftest import copy_policy

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


def _clinicians(count: int) -> str:
    entry = '\n[[clinicians]]\nname = "Clinician {}"\ncredentials = "MA, LPC"\nprofession = "counselor"\n'
    return "".join(entry.format(n) for n in range(count))


def _command_line_pdf(root: Path) -> int:
    """`make pdf` as a whole process (no cycle collector, no tidy exit); its peak memory in KB."""
    probe = (
        "import resource, subprocess, sys; "
        "command = [sys.executable, '-m', 'sphinx_policy_ext', '--quiet', 'pdf', '--root', sys.argv[1]]; "
        "subprocess.run(command, check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_the_command_line_process_writes_what_sphinx_writes_and_a_group_practice_does_not_pile_up_memory(
    tmp_path: Path,
) -> None:
    """The command line runs without the cycle collector; each clinician's PDF must still be freed when written.

    Twelve clinicians more may cost a little memory, not the ~1.3 MB per PDF
    that would pile up if nothing freed the PDFs already written.
    """
    small = copy_policy(tmp_path / "small", append=_clinicians(2))
    large = copy_policy(tmp_path / "large", append=_clinicians(14))
    small_kb, large_kb = _command_line_pdf(small), _command_line_pdf(large)
    assert large_kb - small_kb < 8 * 1024, f"{(large_kb - small_kb) / 1024:.1f} MB more for 12 more clinicians"

    pdfs = {path.name: path.read_bytes() for path in sorted((large / "_build" / "pdf").glob("*.pdf"))}
    assert len(pdfs) == 15
    assert main(["pdf", "--root", str(large), "--quiet"]) == 0  # in this process, with the collector on
    assert {path.name: path.read_bytes() for path in sorted((large / "_build" / "pdf").glob("*.pdf"))} == pdfs
