"""Names the PDF font cannot draw are refused by name, not printed as boxes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_policy_ext.pdf import font_coverage
from sphinx_policy_ext.practice.loading import PracticeFileInvalid, load

SAMPLE = (Path(__file__).parent / "roots" / "test-basic" / "practice.toml").read_text(encoding="utf-8")
NAME = 'name = "Dr. Jordan Rivera"'


def test_coverage_file_matches_the_bundled_fonts() -> None:
    assert font_coverage.COVERAGE.read_text(encoding="ascii") == font_coverage.format_coverage(font_coverage.compute_coverage())


@pytest.mark.parametrize("name", ["Nguyễn Thị Hồng", "Łukasz Żółć", "Αθηνά Παπαδοπούλου", "Анна Иванова", "Zoë Ångström"])
def test_names_in_supported_scripts_are_drawable(name: str) -> None:
    assert font_coverage.missing_characters(name) == []


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("山田 太郎", "山 (U+5C71), 田 (U+7530), 太 (U+592A), 郎 (U+90CE)"),
        ("Dana 😀", "😀 (U+1F600)"),
        ("דנה כהן", "ד (U+05D3)"),
        ("नमस्ते", "न (U+0928)"),
    ],
)
def test_name_the_font_cannot_draw_is_refused_with_the_characters(tmp_path: Path, name: str, shown: str) -> None:
    path = tmp_path / "practice.toml"
    path.write_text(SAMPLE.replace(NAME, f'name = "{name}"'), encoding="utf-8")
    with pytest.raises(PracticeFileInvalid) as caught:
        load(path)
    [problem] = caught.value.problems
    assert problem.line == SAMPLE.splitlines().index(NAME) + 1
    assert "name in [therapist] has characters the PDF's font cannot show: " + shown in problem.message
    assert "empty boxes" in problem.message


def test_decomposed_accents_are_composed(tmp_path: Path) -> None:
    decomposed = "Nguye\u0302\u0303n"  # e + circumflex + tilde, as some keyboards type it
    path = tmp_path / "practice.toml"
    path.write_text(SAMPLE.replace(NAME, f'name = "{decomposed}"'), encoding="utf-8")
    assert load(path).text("therapist.name") == "Nguyễn"
