"""A clinician of a group practice names their own licensing board: ``[clinicians.board]`` in practice.toml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from sphinx_policy_ext.commands.main import main

from .helpers import page_text, pdf_text, squash

Policy = Callable[..., Path]

COUNSELOR = """
[[clinicians]]
name = "Sam Lee"
credentials = "MA, LPC"
profession = "counselor"

[clinicians.board]
name = "State Board of Professional Counselors"
address = "200 Licensing Plaza, Springfield, IL 62702"
phone = "(555) 010-0177"
website = "https://counselors.example.org"

[[clinicians]]
name = "Ana Ruiz"
credentials = "PsyD"
profession = "psychologist"
"""
PRACTICE_BOARD = "State Board of Psychology"
OWN_BOARD = ("State Board of Professional Counselors", "200 Licensing Plaza, Springfield, IL 62702", "(555) 010-0177")


def build(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code = main(["html", "--root", str(root), "--quiet"])
    assert code == 0, capsys.readouterr().err
    return root / "_build" / "html"


def build_error(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["html", "--root", str(root), "--quiet"]) == 1
    return capsys.readouterr().err


def line_of(root: Path, text: str, after: str = "") -> int:
    lines = (root / "practice.toml").read_text(encoding="utf-8").splitlines()
    start = lines.index(after) if after else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if line.startswith(text))


def test_a_counselors_pdf_names_their_own_board_and_never_the_practices(
    policy_copy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    out = build(policy_copy(append=COUNSELOR), capsys)
    counselor = squash(pdf_text(out / "social-media-policy-sam-lee.pdf", furniture=True))
    for detail in OWN_BOARD:
        assert detail in counselor
    assert PRACTICE_BOARD not in counselor
    assert "Board of Psychology" not in counselor
    links = {
        str(a.A.URI)
        for page in pikepdf.open(out / "social-media-policy-sam-lee.pdf").pages
        for a in page.get("/Annots", [])
        if "/A" in a
    }
    assert {"https://counselors.example.org", "tel:5550100177"} <= links
    assert "https://board.example.org" not in links and "tel:5550100199" not in links

    # The others keep the practice's board: the practice's own PDF and a clinician without one.
    for name in ("social-media-policy.pdf", "social-media-policy-ana-ruiz.pdf"):
        text = squash(pdf_text(out / name, furniture=True))
        assert PRACTICE_BOARD in text, name
        assert OWN_BOARD[1] not in text and OWN_BOARD[2] not in text, name

    # The page (the practice's) names the practice's board, and says whose board the counselor's is.
    page = page_text(out / "index.html")
    assert PRACTICE_BOARD in page
    assert "Sam Lee, MA, LPC · licensed by State Board of Professional Counselors" in page
    assert "Ana Ruiz, PsyD · policy to sign (PDF)" in page


def test_a_missing_board_setting_is_located_in_that_clinicians_board(
    policy_copy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    root = policy_copy(append=COUNSELOR.replace('phone = "(555) 010-0177"\n', ""))
    err = build_error(root, capsys)
    line = line_of(root, "[clinicians.board]")
    assert f"practice.toml:{line}: ERROR: phone in [clinicians.board] is missing: The board's phone number." in err


def test_a_wrong_board_value_or_key_is_located_on_its_line(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    bad = COUNSELOR.replace('website = "https://counselors.example.org"', 'website = "counselors.example.org"\nfax = "1"')
    root = policy_copy(append=bad)
    err = build_error(root, capsys)
    website = line_of(root, "website =", after="[clinicians.board]")
    assert (
        f"practice.toml:{website}: ERROR: website in [clinicians.board] must be a web address starting with https:// "
        '(it is "counselors.example.org").' in err
    )
    fax = line_of(root, "fax =")
    assert (
        f'practice.toml:{fax}: ERROR: [clinicians.board] has no setting "fax". Its settings are: name, phone, website, address.'
        in err
    )


def test_a_board_for_the_second_clinician_is_found_under_that_clinician(
    policy_copy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    second = COUNSELOR + '\n[clinicians.board]\nname = "State Board of Psychology West"\n'
    root = policy_copy(append=second)
    err = build_error(root, capsys)
    lines = (root / "practice.toml").read_text(encoding="utf-8").splitlines()
    header = [i for i, line in enumerate(lines, 1) if line == "[clinicians.board]"][1]
    assert f"practice.toml:{header}: ERROR: address in [clinicians.board] is missing" in err
    assert err.count("in [clinicians.board] is missing") == 3  # address, phone, website of the second board only


def test_a_board_written_as_text_says_to_write_a_table(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy(append='\n[[clinicians]]\nname = "Sam Lee"\ncredentials = "MA"\nboard = "Counseling Board"\n')
    err = build_error(root, capsys)
    line = line_of(root, "board =")
    assert (
        f"practice.toml:{line}: ERROR: board in [[clinicians]] must be a table: write [clinicians.board] on its own line" in err
    )
