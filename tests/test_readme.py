"""The README documents every value the practice file offers, so a therapist can find each name."""

from __future__ import annotations

from sphinx_policy_ext.practice import schema

from .conftest import PROJECT


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
