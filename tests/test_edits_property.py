"""Property: any single-line edit of practice.toml or docs/index.md builds, or fails with a located message.

A therapist edits one line at a time in a browser. Whatever that line
becomes, ``make check`` either passes or names the file and line of a
problem; it never prints a Python traceback and never fails without saying
where. (``check`` reads and checks everything the page and the PDF build
would, without writing them, so the property stays fast.)
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_policy_ext.commands.main import main

from .conftest import PROJECT, copy_policy

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
FILES = ("practice.toml", "docs/index.md")
LINES = {name: (PROJECT / name).read_text(encoding="utf-8").splitlines() for name in FILES}

# What a browser editor, a word processor or a slip of the hand puts in a line.
pieces = st.sampled_from(
    [
        '"',
        "'",
        "=",
        "[",
        "]",
        "{",
        "}",
        "{{",
        "}}",
        ":",
        ":::",
        "```",
        "#",
        "##",
        "%",
        "<b>",
        "</b>",
        "<",
        ">",
        "*",
        "_",
        "\\",
        "\u201c",
        "\u201d",
        "\u00a0",
        "\t",
        " ",
        "2026-01-15",
        "01/15/2026",
        "true",
        "4",
        "practice.phone",
        "\U0001f60a",
        "(",
        ")",
        "|",
        "{grid-item-card}",
        "(email)=",
        "x",
    ]
)
text = st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=6).map("".join)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, int, str, str]:
    name = draw(st.sampled_from(FILES))
    index = draw(st.integers(min_value=0, max_value=len(LINES[name]) - 1))
    kind = draw(st.sampled_from(["replace", "insert", "delete", "append", "cut", "duplicate"]))
    return name, index, kind, draw(text)


def apply(lines: list[str], index: int, kind: str, piece: str) -> list[str]:
    line = lines[index]
    edited = list(lines)
    if kind == "replace":
        edited[index] = piece
    elif kind == "insert":
        edited.insert(index, piece)
    elif kind == "delete":
        del edited[index]
    elif kind == "append":
        edited[index] = line + piece
    elif kind == "cut":
        edited[index] = line[: len(line) // 2] + piece
    else:
        edited.insert(index, line)
    return edited


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edit=edits())
def test_any_single_line_edit_builds_or_names_its_line(
    edit: tuple[str, int, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    name, index, kind, piece = edit
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_policy(Path(scratch) / "policy")
        (root / name).write_text("\n".join(apply(LINES[name], index, kind, piece)) + "\n", encoding="utf-8")
        capsys.readouterr()
        status = main(["check", "--root", str(root), "--quiet"])
        out, err = capsys.readouterr()
    output = _ANSI.sub("", out + err)
    assert "Traceback" not in output, output
    assert status in (0, 1), output  # 2 would be a fault in the tool
    if status == 1:
        located = re.findall(r"^(practice\.toml|docs/index\.md|conf\.py)(?::\d+)+: (?:ERROR|WARNING): \S", output, re.MULTILINE)
        assert located, output
        assert scratch not in output, output  # never the build machine's path
        assert "Nothing was published" not in output
