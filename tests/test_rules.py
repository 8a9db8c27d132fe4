"""Every rule of the policy text stops every command: ``check``, ``pdf``, ``html`` and ``preview``.

The rules are listed once (:data:`sphinx_policy_ext.text.rules.RULES`); this
matrix breaks each in a copy of the repository's policy and runs each
command on it. ``preview`` is run as ``make preview`` runs its page build:
Sphinx's own command line with the preview's settings (``policy_preview``),
which is what sphinx-autobuild calls on every save.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.text.rules import RULES

from .conftest import copy_policy

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
ACK = "(acknowledgement)=\n## Acknowledgement"

# rule -> (old text in docs/index.md, new text, text on the line to name, key words)
BROKEN = {
    "unknown_name": ("call me at {{ practice.phone }}", "call me at {{ practice.phnoe }}", "practice.phnoe", "is not a value"),
    "placeholder": (
        "call me at {{ practice.phone }}",
        "call me at [Insert your phone number here]",
        "[Insert your",
        "A placeholder from the template",
    ),
    "unclosed": (
        ACK,
        f":::{{container}} policy-contact\nA note.\n\n{ACK}",
        ":::{container} policy-contact\nA note.",
        "is never closed",
    ),
    "raw_html": ("Thank you for taking", "Thank <b>you</b> for taking", "Thank <b>", "Write **bold** instead"),
    "attribution": (":::{container} policy-attribution", ":::{container} policy-credit", "## Acknowledgement", "license credit"),
    "pdf_download": (
        ":::{policy-pdf-download}\nDownload the PDF to sign\n:::\n",
        "",
        ":::{rubric} The full policy",
        "PDF to sign",
    ),
    "card_title": (
        ":::{grid-item-card} How to reach me",
        ":::{grid-item-card}",
        ":::{grid-item-card}\n",
        "This card has no title",
    ),
}
COMMANDS = ("check", "pdf", "html", "preview")


def test_every_rule_is_in_the_matrix() -> None:
    assert set(BROKEN) == {rule.name for rule in RULES}


def run(command: str, root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    if command == "preview":
        # The page build sphinx-autobuild runs for `make preview` (see commands/preview.py).
        arguments = [str(root / "docs"), str(root / "_build" / "preview"), "-c", str(root)]
        arguments += ["-d", str(root / "_build" / ".doctrees-preview"), "-q", "-D", "policy_preview=1"]
        arguments += ["-D", "policy_stop_on_problems=1"]
        status = build_main(arguments)
    else:
        status = main([command, "--root", str(root), "--quiet"])
    out, err = capsys.readouterr()
    return status, _ANSI.sub("", out + err)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_a_broken_rule_stops_every_command(tmp_path: Path, rule: str, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    old, new, marker, words = BROKEN[rule]
    root = copy_policy(tmp_path / "policy")
    policy = root / "docs" / "index.md"
    text = policy.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    policy.write_text(text, encoding="utf-8")
    line = text[: text.index(marker)].count("\n") + 1

    status, output = run(command, root, capsys)
    assert status != 0, output
    assert f"docs/index.md:{line}: ERROR: " in output, output
    assert words in output
    if command != "preview":
        # (How the preview prints a failed build is the preview's own business: its rewrite owns that.)
        assert "Traceback" not in output
    # Nothing is published from a text that breaks a rule.
    assert not (root / "_build" / "html").exists() and not (root / "_build" / "pdf").exists()
    assert not (root / "_build" / "preview" / "index.html").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_the_sample_passes_every_command(tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = run(command, copy_policy(tmp_path / "policy"), capsys)
    assert status == 0, output
    assert "WARNING" not in output and "ERROR" not in output
