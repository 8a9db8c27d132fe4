"""In GitHub Actions, every problem is also printed as a workflow command, so GitHub shows it on the edited line."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.ci_annotations import command
from sphinx_policy_ext.commands.main import main

from .helpers import MakeApp, build, fails

Copy = Callable[..., Path]


@pytest.fixture
def in_actions(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Pretend to run in GitHub Actions with the repository checked out at ``workspace``."""

    def enter(workspace: Path) -> None:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))

    return enter


def commands(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::")]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def fail(make_app: MakeApp, srcdir: Path, **kwargs: object) -> None:
    fails(make_app, srcdir, **kwargs)


def test_escaping_follows_githubs_rules() -> None:
    assert command("error", "50% done\r\nnext") == "::error::50%25 done%0D%0Anext"
    assert command("warning", "a: b, c", file="dir,1/a:b.toml", line=3, col=4) == (
        "::warning file=dir%2C1/a%3Ab.toml,line=3,col=4::a: b, c"
    )
    # Text from practice.toml cannot start a command of its own on a new line.
    assert "\n" not in command("error", 'it is "x\n::add-mask::y"')
    # A line without a file means nothing to GitHub, so it is left out.
    assert command("error", "x", line=3) == "::error::x"


def test_toml_syntax_error_points_at_line_and_column(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project_copy(edit={"practice.toml": ('phone = "(555) 010-0123"', 'phone = "(555) 010-0123')})
    in_actions(srcdir)
    fail(make_app, srcdir)
    line = line_of(srcdir / "practice.toml", 'phone = "(555) 010-0123')
    [annotation] = commands(capsys.readouterr().out)
    assert annotation.startswith(f"::error file=practice.toml,line={line},col=")
    assert "practice.toml cannot be read here" in annotation
    assert "[policy." not in annotation and "ERROR:" not in annotation


def test_each_error_in_practice_toml_is_on_its_own_line(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project_copy(
        edit={"practice.toml": ('phone = "(555) 010-0123"', 'phone = ""\nfax = "1"')},
    )
    in_actions(srcdir)
    fail(make_app, srcdir)
    toml = srcdir / "practice.toml"
    found = commands(capsys.readouterr().out)
    assert f"::error file=practice.toml,line={line_of(toml, 'phone = ')}::phone in [practice] is empty" in "\n".join(found)
    assert f'::error file=practice.toml,line={line_of(toml, "fax = ")}::[practice] has no setting "fax".' in "\n".join(found)
    assert len(found) == 2


def test_problem_without_a_line_names_its_file(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    # With the practice file gone there is no line to point at.
    srcdir = project_copy()
    (srcdir / "practice.toml").unlink()
    in_actions(srcdir)
    fail(make_app, srcdir)
    [found] = commands(capsys.readouterr().out)
    # The record gives the file; the message does not repeat it.
    assert found.startswith("::error file=practice.toml::The practice file is missing"), found


def test_error_in_the_myst_text_points_at_its_line(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project_copy(edit={"index.md": ("Call **{{ practice.phone }}**", "Call **{{ practice.phnoe }}**")})
    in_actions(srcdir)
    fail(make_app, srcdir)
    [annotation] = commands(capsys.readouterr().out)
    line = line_of(srcdir / "index.md", "phnoe")
    assert annotation.startswith(f'::error file=index.md,line={line}::"{{{{ practice.phnoe }}}}" is not a value')
    assert "Did you mean {{ practice.phone }}?" in annotation


def test_paths_are_relative_to_the_repository_root(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    # The project in a subfolder of the repository (a group practice's monorepo, say).
    srcdir = project_copy(edit={"index.md": ("Call **{{ practice.phone }}**", "Call **{{ practice.phnoe }}**")})
    in_actions(srcdir.parent)
    fail(make_app, srcdir)
    [annotation] = commands(capsys.readouterr().out)
    assert annotation.startswith(f"::error file={srcdir.name}/index.md,line=")


def test_located_sphinx_warning_is_annotated(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project_copy(edit={"index.md": ("## Acknowledgement", "## Acknowledgement\n\nSee {ref}`no-such-label`.")})
    in_actions(srcdir)
    line = line_of(srcdir / "index.md", "no-such-label")
    make_app("html", srcdir=srcdir, warning=StringIO()).build()
    [annotation] = commands(capsys.readouterr().out)
    assert annotation.startswith(f"::warning file=index.md,line={line}::")
    assert "no-such-label" in annotation


def test_warning_that_fails_the_build_is_shown_as_an_error(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project_copy(edit={"index.md": ("## Acknowledgement", "## Acknowledgement\n\nSee {ref}`no-such-label`.")})
    in_actions(srcdir)
    app = make_app("html", srcdir=srcdir, warning=StringIO(), warningiserror=True)
    app.build()
    assert app.statuscode == 1
    [annotation] = commands(capsys.readouterr().out)
    assert annotation.startswith("::error file=index.md,line=")


def test_suppressed_warning_is_not_annotated(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project_copy(edit={"index.md": ("## Acknowledgement", "## Acknowledgement\n\nSee {ref}`no-such-label`.")})
    in_actions(srcdir)
    make_app("html", srcdir=srcdir, warning=StringIO(), confoverrides={"suppress_warnings": ["ref.ref"]}).build()
    assert commands(capsys.readouterr().out) == []


def test_nothing_is_printed_outside_github_actions(
    make_app: MakeApp, project_copy: Copy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    srcdir = project_copy(edit={"practice.toml": ('phone = "(555) 010-0123"', 'phone = ""')})
    fail(make_app, srcdir)
    assert commands(capsys.readouterr().out) == []


def test_a_clean_build_prints_no_annotation(
    make_app: MakeApp, project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project_copy()
    in_actions(srcdir)
    build(make_app, srcdir)
    assert commands(capsys.readouterr().out) == []


def test_the_command_line_annotates_and_says_nothing_was_published(
    project_copy: Copy, in_actions: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project_copy(edit={"practice.toml": ('phone = "(555) 010-0123"', 'phone = ""')})
    in_actions(root)
    assert main(["html", "--root", str(root), "--source", str(root), "--quiet"]) == 1
    found = commands(capsys.readouterr().out)
    line = line_of(root / "practice.toml", "phone = ")
    # Once, although the command line builds the PDF and the page.
    assert [c for c in found if "file=" in c] == [
        f"::error file=practice.toml,line={line}::phone in [practice] is empty: The number clients call between sessions. "
        'For example: phone = "(555) 010-0123"'
    ]
    assert found[-1] == "::error::Nothing was published: 1 problem in practice.toml, listed above. Fix it and try again."
