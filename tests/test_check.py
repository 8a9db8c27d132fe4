"""`make check`: every error stops it; advice (values that look wrong, closed services) is printed but never fatal."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.text import advice

from .conftest import PROJECT, copy_policy
from .helpers import MakeApp, build

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

Copy = Callable[..., Path]
PHONE = 'phone = "(555) 010-0123"'


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["check", "--root", str(root), "--source", str(root), "--quiet"])
    out, err = capsys.readouterr()
    return status, out, _ANSI.sub("", err)


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_sample_project_passes_without_advice(project_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_copy()
    status, out, err = check(root, capsys)
    assert status == 0, err
    assert err == ""
    assert "practice.toml and the policy text are in order." in out
    assert "advice" not in out
    # A check writes nothing for the website.
    assert not (root / "_build" / "html").exists() and not (root / "_build" / "pdf").exists()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (PHONE, 'phone = ""', "ERROR: phone in [practice] is empty"),
        (PHONE, 'phone = "(555) 010-0123', "ERROR: practice.toml cannot be read here"),
        (PHONE, f'{PHONE}\nfax = "1"', 'ERROR: [practice] has no setting "fax"'),
        ("effective = 2026-01-15", 'effective = "soon"', "ERROR: effective in [policy] must be a date"),
        ("signature_lines = 4", "signature_lines = 40", "ERROR: signature_lines in [policy] must be between 1 and 12"),
        (
            'website = "https://board.example.org"',
            'website = "board.example.org"',
            "must be a web address starting with https://",
        ),
    ],
)
def test_each_error_in_practice_toml_fails_the_check(
    project_copy: Copy, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    root = project_copy(edit={"practice.toml": (old, new)})
    status, _, err = check(root, capsys)
    assert status == 1
    assert f"practice.toml:{line_of(root / 'practice.toml', new.splitlines()[-1])}" in err
    assert expected in err
    assert "The check found problems" in err and "Nothing was published" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("old", "new", "marker", "expected"),
    [
        ("{{ practice.phone }}", "{{ practice.phnoe }}", "phnoe", "Did you mean {{ practice.phone }}?"),
        ("{{ practice.phone }}", "{{ practice.phone | upper }}", "upper", "Only a value name can go between"),
        (
            "{{ practice.phone }}",
            "[Insert your phone number here]",
            "[Insert",
            "A placeholder from the template is still in the text",
        ),
        (
            "## Acknowledgement",
            "## Acknowledgement\n\n:::{no-such-directive}\n:::",
            "no-such",
            'There is no block called "{no-such-directive}"',
        ),
    ],
)
def test_each_error_in_the_text_fails_the_check(  # noqa: PLR0917 (pytest passes parameters by name)
    project_copy: Copy, capsys: pytest.CaptureFixture[str], old: str, new: str, marker: str, expected: str
) -> None:
    root = project_copy(edit={"index.md": (old, new)})
    status, _, err = check(root, capsys)
    assert status == 1
    assert f"index.md:{line_of(root / 'index.md', marker)}:" in err
    assert expected in err


def future(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'email = "office@example.com"',
            'email = "office.example.com"',
            "email in [practice] does not look like an email address",
        ),
        ('email = "office@example.com"', 'email = "office@example"', "does not look like an email address"),
        (PHONE, 'phone = "555-012"', 'phone in [practice] does not look like a phone number ("555-012" has 6 digits)'),
        (PHONE, 'phone = "call the office"', "does not look like a phone number"),
        (PHONE, 'phone = "office@example.com"', "does not look like a phone number"),
        ('phone = "(555) 010-0199"', 'phone = "1-800-THERAPY"', "phone in [board] has letters in it"),
        ("effective = 2026-01-15", f"effective = {future(400)}", "effective in [policy] is"),
    ],
)
def test_values_that_look_wrong_are_advice(
    project_copy: Copy, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    root = project_copy(edit={"practice.toml": (old, new)})
    status, out, err = check(root, capsys)
    assert status == 0, err
    line = line_of(root / "practice.toml", new)
    assert f"practice.toml:{line}: WARNING: " in err and expected in err
    assert "[policy.looks_wrong]" in err
    assert err.count("WARNING") == 1
    assert "Please read the 1 piece of advice above" in out


def test_email_advice_follows_each_edit_of_the_address(project_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    """email-validator's verdicts are remembered between checks: each edit of the address still gets its own."""
    root = project_copy()
    toml = root / "practice.toml"
    for email, advised in (("office.example.com", True), ("office@example.com", False), ("office.example.com", True)):
        text = re.sub(r'(?m)^email = ".*"$', f'email = "{email}"', toml.read_text(encoding="utf-8"), count=1)
        toml.write_text(text, encoding="utf-8")
        for _ in range(2):  # the second check reuses the verdict of the first
            status, _, err = check(root, capsys)
            assert status == 0, err
            assert ("email in [practice] does not look like an email address" in err) is advised, (email, err)
        # An edit to another value: the remembered verdict on the unchanged address is printed again.
        toml.write_text(text.replace(PHONE, 'phone = "(555) 010-0124"'), encoding="utf-8")
        status, _, err = check(root, capsys)
        assert ("email in [practice] does not look like an email address" in err) is advised, (email, err)


def test_a_check_after_an_edit_elsewhere_does_not_validate_the_address_again(tmp_path: Path) -> None:
    """Importing email-validator costs more than the rest of the advice: an unchanged address is not validated again."""
    root = copy_policy(tmp_path / "policy", {'email = "office@example.com"': 'email = "office.example.com"'})
    probe = (
        "import sys; from sphinx_policy_ext.commands.main import main; "
        "status = main(sys.argv[1:]); print('email_validator' in sys.modules); sys.exit(status)"
    )
    imported = []
    for phone in ("(555) 010-0123", "(555) 010-0124"):
        toml = root / "practice.toml"
        text = re.sub(r'(?m)^phone = ".*"$', f'phone = "{phone}"', toml.read_text(encoding="utf-8"), count=1)
        toml.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", probe, "check", "--root", str(root), "--quiet"], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "email in [practice] does not look like an email address" in done.stderr
        imported.append(done.stdout.splitlines()[-1])
    assert imported == ["True", "False"]


def test_a_remembered_email_verdict_counts_only_for_the_same_library_version() -> None:
    version = advice._email_validator_version()
    assert version is not None  # found without importing the library
    remembered = {(version, "a@example.com"): "remembered", ("0.0", "b@example.com"): "from another version"}
    verdicts = advice.EmailVerdicts(remembered)
    assert verdicts.why_not("a@example.com") == "remembered"
    assert verdicts.why_not("b@example.com") is None  # validated again: a valid address
    assert verdicts.now == {(version, "a@example.com"): "remembered", (version, "b@example.com"): None}


@pytest.mark.parametrize(
    "ok",
    [
        'phone = "+44 20 7946 0958"',
        'phone = "(555) 010-0123 ext. 12"',
        'phone = "555.010.0123 x4"',
        'phone = "555-0123"',
        'email = "dr.o\'neil+office@xn--bcher-kva.example"',
        f"effective = {future(300)}",
        "effective = 2019-03-01",
    ],
)
def test_ordinary_values_get_no_advice(project_copy: Copy, capsys: pytest.CaptureFixture[str], ok: str) -> None:
    key = ok.split(" =", maxsplit=1)[0]
    old = {"phone": PHONE, "email": 'email = "office@example.com"', "effective": "effective = 2026-01-15"}[key]
    status, _, err = check(project_copy(edit={"practice.toml": (old, ok)}), capsys)
    assert (status, err) == (0, "")


@pytest.mark.parametrize(
    ("sentence", "service"),
    [
        ("I do not share articles on Google Reader.", "Google Reader"),
        ("I do not check in on Gowalla.", "Gowalla"),
        ("Loopt shows where you are.", "Loopt"),
        ("Foursquare check-ins show where you are.", "Foursquare"),
        ("I have no MySpace page.", "MySpace"),
        ("Nor a Myspace profile.", "MySpace"),
        ("I do not read your google reader shares.", "Google Reader"),
    ],
)
def test_closed_services_in_the_text_are_advice(
    project_copy: Copy, capsys: pytest.CaptureFixture[str], sentence: str, service: str
) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", f"{sentence}\n\n## Acknowledgement")})
    status, out, err = check(root, capsys)
    assert status == 0, err
    assert f"index.md:{line_of(root / 'index.md', sentence)}: WARNING: The text still names {service}," in err
    assert "[policy.defunct]" in err
    assert "Please read the 1 piece of advice above" in out


def test_ordinary_words_are_not_mistaken_for_a_service(project_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "Please respect my space online.\n\n## Acknowledgement")})
    assert check(root, capsys)[0::2] == (0, "")


def test_a_closed_service_in_a_comment_is_not_advice(project_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "% Note to self: I left Gowalla out.\n\n## Acknowledgement")})
    assert check(root, capsys)[0::2] == (0, "")


def test_advice_and_errors_are_reported_together(project_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_copy(
        edit={"index.md": ("Call **{{ practice.phone }}**", "On MySpace, call **{{ practice.phnoe }}**")},
    )
    status, _, err = check(root, capsys)
    assert status == 1
    assert "The text still names MySpace" in err and "practice.phnoe" in err


def test_advice_is_printed_again_when_nothing_changed(project_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "No Gowalla.\n\n## Acknowledgement")})
    first = check(root, capsys)
    second = check(root, capsys)
    assert first == second
    assert "Gowalla" in second[2]


def test_advice_can_be_silenced_like_any_sphinx_warning(project_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "No Gowalla.\n\n## Acknowledgement")})
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nsuppress_warnings = ["policy.defunct"]\n')
    assert check(root, capsys)[0::2] == (0, "")


def test_advice_never_fails_the_page_or_the_pdf(make_app: MakeApp, project_copy: Copy) -> None:
    # The template's own text names closed services until it is tailored;
    # html and pdf are built with warnings as errors and must still pass.
    srcdir = project_copy(
        edit={
            "index.md": ("## Acknowledgement", "Not on Gowalla, Loopt or MySpace.\n\n## Acknowledgement"),
            "practice.toml": ('email = "office@example.com"', 'email = "office.example.com"'),
        }
    )
    app, _ = build(make_app, srcdir, "html", warningiserror=True)
    assert app.statuscode == 0
    app.cleanup()
    app, _ = build(make_app, srcdir, "pdf", warningiserror=True)
    assert app.statuscode == 0


def test_advice_is_annotated_as_a_warning_in_github_actions(
    project_copy: Copy, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "No Gowalla.\n\n## Acknowledgement")})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    status, out, _ = check(root, capsys)
    assert status == 0
    line = line_of(root / "index.md", "No Gowalla.")
    assert f"::warning file=index.md,line={line}::The text still names Gowalla," in out
    assert "::error" not in out


def test_other_warnings_fail_the_check_and_are_annotated_as_errors(
    project_copy: Copy, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project_copy(edit={"index.md": ("## Acknowledgement", "No Gowalla. See {ref}`no-such-label`.\n\n## Acknowledgement")})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    status, out, err = check(root, capsys)
    assert status == 1
    line = line_of(root / "index.md", "no-such-label")
    assert f"index.md:{line}: WARNING: No section has the label (no-such-label)=" in err
    assert f"::error file=index.md,line={line}::No section has the label (no-such-label)=" in out
    assert f"::warning file=index.md,line={line}::The text still names Gowalla," in out


def test_check_of_the_real_project_is_quiet_every_time(tmp_path: Path) -> None:
    """The sample passes `check` with nothing to say, the first time and again from the saved state.

    How long it takes is measured in bench/ (`make bench`), never here.
    """
    root = tmp_path / "project"
    root.mkdir()
    for name in ("conf.py", "practice.toml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "docs", root / "docs")
    command = [sys.executable, "-m", "sphinx_policy_ext", "check", "--root", str(root), "--quiet"]
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        # The sample is a policy a practice could publish as it is: no advice at all.
        assert done.stderr == ""


def test_make_check_reports_errors_and_advice(tmp_path: Path) -> None:
    """The Makefile's own target, run on a copy of the repository with this test's environment."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("Makefile", "conf.py", "practice.toml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "docs", root / "docs")
    venv = sys.prefix
    # -o: take the environment as set up; do not install into it again.
    make = ["make", "-s", "check", f"VENV={venv}", "-o", f"{venv}/.installed-runtime"]

    done = subprocess.run(make, cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # A fresh copy's first check prints no advice: the sample can be published as it is.
    assert done.stderr == "" and "advice" not in done.stdout
    assert "practice.toml and the policy text are in order." in done.stdout

    toml = root / "practice.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(PHONE, 'phone = ""'), encoding="utf-8")
    done = subprocess.run(make, cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert f"practice.toml:{line_of(toml, 'phone = ')}: ERROR: phone in [practice] is empty" in _ANSI.sub("", done.stderr)
    assert not (root / "_build" / "html").exists()


def test_closed_services_in_switched_off_sections_are_not_advice(
    policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The seed's Google Reader section is in the text, switched off in the sample: no advice about it.
    # Switched on, it is advice.
    root = policy_copy()
    capsys.readouterr()
    assert main(["check", "--root", str(root), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "Google Reader" not in err and "Gowalla" not in err and "Foursquare" not in err
    switched_on = copy_policy(tmp_path / "on", {"google-reader = false": "google-reader = true"})
    assert main(["check", "--root", str(switched_on), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "The text still names Google Reader" in err and "docs/index.md:" in err


def test_revision_summaries_are_history_not_advice(policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A summary of what changed may name what was removed: only the text clients read gets advice."""
    root = policy_copy(
        {"effective = 2026-01-15\n": "", 'version = "1.0"\n': ""},
        append='\n[[policy.revisions]]\ndate = 2026-01-15\nversion = "1.0"\nsummary = "Removed the Google Reader section."\n',
    )
    capsys.readouterr()
    assert main(["check", "--root", str(root), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert err == "", err
    assert "advice" not in out


def test_a_warning_from_the_text_fails_every_check_until_it_is_fixed(
    policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Sphinx prints a document's warnings only when it reads it; an unchanged text must still fail the next check."""
    root = policy_copy()
    policy = root / "docs" / "index.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("## Email", "#### Email"), encoding="utf-8")
    line = line_of(policy, "#### Email")
    for _ in range(2):
        capsys.readouterr()
        assert main(["check", "--root", str(root), "--quiet"]) == 1
        err = _ANSI.sub("", capsys.readouterr().err)
        assert f"docs/index.md:{line}: WARNING: This heading jumps from level 2 to level 4" in err
        assert "Write the line as: ### Email" in err and "[myst.header]" in err
    policy.write_text(policy.read_text(encoding="utf-8").replace("#### Email", "## Email"), encoding="utf-8")
    assert main(["check", "--root", str(root), "--quiet"]) == 0
