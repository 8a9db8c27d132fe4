"""Tailoring in practice.toml: profession wording, sections on and off, revisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main

from .helpers import page_text, pdf_text, squash

Policy = Callable[..., Path]
APA = "American Psychological Association"


def build(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """Build page and PDF as `make html` does; return (page text, PDF text)."""
    code = main(["html", "--root", str(root), "--quiet"])
    assert code == 0, capsys.readouterr().err
    return page_text(root / "_build/html/index.html"), squash(pdf_text(root / "_build/pdf/social-media-policy.pdf"))


def build_error(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["html", "--root", str(root), "--quiet"]) == 1
    return capsys.readouterr().err


def test_counselor_policy_names_the_aca_code_and_never_psychology(
    policy_copy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    root = policy_copy(
        {'profession = "psychologist"': 'profession = "counselor"', "State Board of Psychology": "State Board of Counselors"}
    )
    for text in build(root, capsys):
        assert APA not in text
        assert "Board of Psychology" not in text
        assert "psychology" not in text.lower()
        assert "the American Counseling Association's Code of Ethics prohibits my soliciting testimonials" in text
        assert (
            '"Counselors who use testimonials do not solicit them from current clients, former clients, '
            'or any other persons who may be vulnerable to undue influence."' in text
        )
        assert "you can always contact the licensing board, which oversees licensing" in text


def test_social_worker_policy_quotes_nasw_4_07_b(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy({'profession = "psychologist"': 'profession = "social-worker"'})
    for text in build(root, capsys):
        assert APA not in text
        assert "Code of Ethics states under Standard 4.07(b)" in text
        assert "my social work practice" in text
        assert "asks me not to solicit testimonials from current clients" in text


def test_family_therapist_policy_names_no_code_about_testimonials(
    policy_copy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    root = policy_copy({'profession = "psychologist"': 'profession = "marriage-family-therapist"'})
    for text in build(root, capsys):
        assert "I do not ask clients for testimonials." in text
        assert "I do not solicit testimonials from clients." in text
        # The AAMFT Code has no standard on testimonials: the policy never says a code forbids them.
        assert "prohibits" not in text.split("Fanning")[1].split("Following")[0]
        assert "code of ethics" not in text.lower() and "Ethics Code" not in text


def test_practice_can_write_its_own_citation(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    own = "My licensing rules forbid asking clients for reviews."
    root = policy_copy({'# ethics_citation = "I do not ask clients': f'ethics_citation = "{own}"\n# x = "'})
    for text in build(root, capsys):
        assert own in text
        assert "under Principle 5.05" not in text


def test_unknown_profession_is_an_error_with_a_suggestion(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy({'profession = "psychologist"': 'profession = "counsellor"'})
    err = build_error(root, capsys)
    assert 'profession in [therapist] cannot be "counsellor". Did you mean "counselor"?' in err


def test_switching_a_section_off_removes_it_and_what_points_to_it(
    policy_copy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    root = policy_copy({"email = true": "email = false", "location-services = true": "location-services = false"})
    for text in build(root, capsys):
        assert "I prefer using email only to arrange or modify appointments" not in text
        assert "See the email section below" not in text
        assert "Google Reader" not in text and "check-in location" not in text
        assert "Business Review Sites" in text


def test_default_policy_has_none_of_the_optional_sections(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    for text in build(policy_copy(), capsys):
        for heading in ("Telehealth", "Emergencies", "Text Messaging and the Client Portal", "Instagram, TikTok"):
            assert heading not in text


def test_optional_sections_appear_when_switched_on(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy({"telehealth = false": "telehealth = true", "emergencies = false": "emergencies = true"})
    for text in build(root, capsys):
        assert "When we meet by video" in text
        assert "988 Suicide & Crisis Lifeline" in text
        assert "Text Messaging and the Client Portal" not in text


def test_unknown_section_key_is_an_error_with_a_suggestion(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy({"telehealth = false": "telehelth = false"})
    err = build_error(root, capsys)
    assert '[sections] has no setting "telehelth". Did you mean "telehealth"?' in err
    line = (root / "practice.toml").read_text().splitlines().index("telehelth = false") + 1
    assert f"practice.toml:{line}: ERROR" in err


def test_section_switch_must_be_true_or_false(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy({"email = true": 'email = "no"'})
    assert "email in [sections] must be true or false, without quotes." in build_error(root, capsys)


REVISIONS = """
[[policy.revisions]]
date = 2026-01-15
version = "1.0"
summary = "First version."

[[policy.revisions]]
date = 2026-06-01
version = "1.1"
summary = "Added a section on telehealth."
"""


def test_newest_revision_sets_effective_date_and_version(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy({"effective = 2026-01-15\n": "", 'version = "1.0"\n': ""}, append=REVISIONS)
    page, pdf = build(root, capsys)
    for text in (page, pdf):
        assert "Added a section on telehealth." in text
        assert "June 1, 2026" in text


def test_revision_that_disagrees_with_effective_is_an_error(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy(append=REVISIONS)
    err = build_error(root, capsys)
    assert "effective in [policy] is January 15, 2026, but the newest [[policy.revisions]] entry says June 1, 2026." in err


def test_revision_missing_a_summary_is_located(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy(
        {"effective = 2026-01-15\n": "", 'version = "1.0"\n': ""},
        append='\n[[policy.revisions]]\ndate = 2026-01-15\nversion = "1.0"\n',
    )
    err = build_error(root, capsys)
    line = (root / "practice.toml").read_text().splitlines().index("[[policy.revisions]]") + 1
    assert f"practice.toml:{line}: ERROR: summary in [[policy.revisions]] is missing" in err


CLINICIANS = """
[[clinicians]]
name = "Sam Lee"
credentials = "MA, LPC"
profession = "counselor"
email = "sam@example.com"

[[clinicians]]
name = "Nguyễn Thị Hồng"
credentials = "LCSW"
profession = "social-worker"
"""


def test_page_lists_the_clinicians(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy(append=CLINICIANS)
    page, pdf = build(root, capsys)
    assert "Clinicians at this practice" in page
    assert "Sam Lee, MA, LPC · sam@example.com · policy to sign (PDF)" in page
    assert "Nguyễn Thị Hồng, LCSW · policy to sign (PDF)" in page
    # Each clinician's link opens their own PDF, published beside the page; the PDF itself has no such link.
    html = (root / "_build/html/index.html").read_text(encoding="utf-8")
    for stem in ("social-media-policy-sam-lee", "social-media-policy-nguyen-thi-hong"):
        assert f'href="{stem}.pdf"' in html
        assert (root / "_build/html" / f"{stem}.pdf").is_file()
    assert "Sam Lee, MA, LPC · sam@example.com" in pdf and "policy to sign" not in pdf


def test_clinician_with_unknown_profession_is_located(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy(append=CLINICIANS.replace('profession = "social-worker"', 'profession = "social worker"'))
    err = build_error(root, capsys)
    line = (root / "practice.toml").read_text().splitlines().index('profession = "social worker"') + 1
    assert (
        f'practice.toml:{line}: ERROR: profession in [[clinicians]] cannot be "social worker". Did you mean "social-worker"?'
        in err
    )


def test_clinician_without_credentials_is_located(policy_copy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    root = policy_copy(append=CLINICIANS.replace('credentials = "LCSW"\n', ""))
    err = build_error(root, capsys)
    lines = (root / "practice.toml").read_text().splitlines()
    second = [i for i, line in enumerate(lines, 1) if line == "[[clinicians]]"][1]
    assert f"practice.toml:{second}: ERROR: credentials in [[clinicians]] is missing" in err
