"""practice.toml: every mistake a therapist can make is reported with its line and what to do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sphinx_policy_ext.practice.loading import PracticeFileInvalid, load
from sphinx_policy_ext.problems import Subtype

SAMPLE = (Path(__file__).parent.parent / "practice.toml").read_text(encoding="utf-8")


def problems_for(tmp_path: Path, text: str) -> list[tuple[int | None, str, Subtype]]:
    path = tmp_path / "practice.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PracticeFileInvalid) as caught:
        load(path)
    return [(p.line, p.message, p.subtype) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_sample_practice_loads_with_display_text(tmp_path: Path) -> None:
    path = tmp_path / "practice.toml"
    path.write_text(SAMPLE, encoding="utf-8")
    practice = load(path)
    assert practice.text("practice.phone") == "(555) 010-0123"
    assert practice["policy.effective"].raw == dt.date(2026, 1, 15)
    assert practice.text("policy.effective") == "January 15, 2026"
    assert practice.signature_lines == 4


def test_signature_lines_defaults_to_four(tmp_path: Path) -> None:
    path = tmp_path / "practice.toml"
    path.write_text(SAMPLE.replace("signature_lines = 4\n", ""), encoding="utf-8")
    assert load(path).signature_lines == 4


def test_toml_syntax_error_gives_line_column_and_a_hint(tmp_path: Path) -> None:
    text = SAMPLE.replace('phone = "(555) 010-0123"', "phone = (555) 010-0123", 1)
    [(line, message, subtype)] = problems_for(tmp_path, text)
    assert line == line_of(text, "phone = (555)")
    assert subtype is Subtype.TOML
    assert "double quotes" in message


def test_every_empty_or_missing_required_value_is_listed_at_once(tmp_path: Path) -> None:
    text = SAMPLE.replace('phone = "(555) 010-0123"', 'phone = ""').replace('email = "office@example.com"\n', "")
    text = text.replace('credentials = "PhD, Licensed Psychologist"', 'credentials = "   "')
    found = problems_for(tmp_path, text)
    messages = [m for _, m, _ in found]
    assert len(found) == 3, messages
    assert all(s is Subtype.MISSING for _, _, s in found)
    assert any(m.startswith("phone in [practice] is empty") for m in messages)
    assert any(m.startswith("email in [practice] is missing") for m in messages)
    assert any(m.startswith("credentials in [therapist] is empty") for m in messages)
    # A missing key points at its table's header, an empty one at its own line.
    lines = {m.split(" ")[0]: line for line, m, _ in found}
    assert lines["phone"] == line_of(text, 'phone = ""')
    assert lines["email"] == line_of(text, "[practice]")


def test_missing_table_is_one_problem_naming_its_settings(tmp_path: Path) -> None:
    start, end = SAMPLE.index("[board]"), SAMPLE.index("[policy]")
    text = SAMPLE[:start] + SAMPLE[end:]
    [(line, message, subtype)] = problems_for(tmp_path, text)
    assert subtype is Subtype.MISSING
    assert message.startswith("There is no [board] table")
    assert "name, phone, website, address" in message
    assert line == len(text.splitlines())


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("phone =", "phnoe =", '[practice] has no setting "phnoe". Did you mean "phone"?'),
        ("[board]", "[bord]", "practice.toml has no table [bord]. Did you mean [board]?"),
        ("credentials =", "effective =", "effective is written under [therapist], but it belongs under [policy]"),
    ],
)
def test_unknown_keys_and_tables_suggest_the_right_one(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = SAMPLE.replace(old, new, 1)
    found = problems_for(tmp_path, text)
    unknown = [(line, m) for line, m, s in found if s is Subtype.UNKNOWN_KEY]
    assert len(unknown) == 1, found
    line, message = unknown[0]
    assert expected in message
    assert line == line_of(text, new)
    # One mistake, one message: no second one saying that a table or a key is missing.
    assert len(found) == 1 or old == "credentials =", found


def test_duplicate_key_is_a_located_toml_error(tmp_path: Path) -> None:
    text = SAMPLE.replace('name = "Harbor Light Counseling"', 'name = "Harbor Light Counseling"\nname = "Other"', 1)
    [(line, message, _)] = problems_for(tmp_path, text)
    assert line == line_of(text, 'name = "Other"')
    assert "written twice" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'website = "https://www.example.com/social-media-policy"',
            'website = "javascript:alert(1)"',
            "must be a web address starting with https://",
        ),
        ('website = "https://board.example.org"', 'website = "board.example.org"', "website in [board] must be a web address"),
        ("effective = 2026-01-15", 'effective = "2026-01-15"', "effective is a date, which is written without quotes"),
        ("signature_lines = 4", "signature_lines = 40", "signature_lines in [policy] must be between 1 and 12; it is 40."),
        ("signature_lines = 4", 'signature_lines = "4"', "must be a whole number without quotes"),
        (
            'name = "Dr. Jordan Rivera"',
            "name = 42",
            'name in [therapist] must be text in double quotes, like name = "Dr. Jordan Rivera"',
        ),
        ('name = "Harbor Light Counseling"', 'name = "Harbor\\u0007Light"', "invisible control characters (U+0007)"),
    ],
)
def test_wrong_values_are_explained(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = SAMPLE.replace(old, new, 1)
    [(line, message, subtype)] = problems_for(tmp_path, text)
    assert subtype is Subtype.INVALID
    assert expected in message
    assert line == line_of(text, new)


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(PracticeFileInvalid) as caught:
        load(tmp_path / "practice.toml")
    assert "The practice file is missing" in caught.value.problems[0].message


def test_file_not_in_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "practice.toml"
    path.write_bytes(SAMPLE.replace("Harbor Light", "Caf\u00e9").encode("latin-1"))
    with pytest.raises(PracticeFileInvalid) as caught:
        load(path)
    [problem] = caught.value.problems
    assert problem.line == line_of(SAMPLE, "Harbor Light")
    assert "UTF-8" in problem.message
