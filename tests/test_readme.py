"""The README documents every value the practice file offers, so a therapist can find each name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.practice import schema

from .conftest import PROJECT, copy_policy


def test_readme_lists_every_value_name() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in schema.all_names() if f"`{{{{ {name} }}}}`" not in readme]
    assert missing == []


def test_sample_practice_file_documents_every_key_with_a_comment() -> None:
    """Every setting is in the sample (optional ones commented out) with a comment above it."""
    lines = (PROJECT / "practice.toml").read_text(encoding="utf-8").splitlines()
    for table in schema.TABLES:
        header = next(i for i, line in enumerate(lines) if line.lstrip("# ").startswith(table.header))
        for field in table.fields:
            index = next(i for i, line in enumerate(lines[header:], header) if line.lstrip("# ").startswith(f"{field.key} ="))
            assert lines[index - 1].startswith("#"), f"{table.name}.{field.key} has no comment above it"


EXAMPLE = re.compile(r"<!-- example: make (\w+), (\S+): (.+?) -> (.+?) -->\n```\n(.*?)\n```", re.DOTALL)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def example_output(example: tuple[str, str, str, str], root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """What ``make <command>`` prints after replacing ``old`` with ``new`` in ``file``."""
    command, file, old, new = example
    target = root / file
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    capsys.readouterr()
    assert main([command, "--root", str(root), "--quiet"]) == 1
    return _ANSI.sub("", capsys.readouterr().err).strip()


def test_readme_error_examples_are_real_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    examples = EXAMPLE.findall(readme)
    assert len(examples) >= 4
    for number, (command, file, old, new, shown) in enumerate(examples):
        root = copy_policy(tmp_path / str(number))
        assert example_output((command, file, old, new), root, capsys) == shown.strip()
