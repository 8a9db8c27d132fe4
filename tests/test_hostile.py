"""Hostile and broken input: every case is shown literally in both outputs or refused with a located message.

Values come from a web form in effect. None of these may produce a
traceback, an empty or half-written output, a raw HTML element from a value,
or an empty substitution.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_policy_ext.practice.loading import PracticeFileInvalid, load

from .helpers import MakeApp, build, build_fails, page_text, pdf_text, squash

SAMPLE = (Path(__file__).parent / "roots" / "test-basic" / "practice.toml").read_text(encoding="utf-8")
NAME_LINE = 'name = "Harbor Light Counseling"'

# Values a practice name may hold, which must come out exactly as typed.
LITERAL = {
    "markdown-emphasis": "*Star* _under_ **bold**",
    "markdown-link": "[click](https://evil.example)",
    "markdown-image": "![x](https://evil.example/t.png)",
    "markdown-heading": "# Heading",
    "markdown-quote": "> quoted",
    "markdown-list": "- item",
    "markdown-code": "`code` ``more``",
    "markdown-table": "| a | b |",
    "markdown-rule": "---",
    "markdown-footnote": "Care[^1]",
    "markdown-autolink": "<https://evil.example>",
    "html-script": "<script>alert(1)</script>",
    "html-img": "<img src=x onerror=alert(1)>",
    "html-comment": "<!-- hidden -->",
    "html-entities": "&amp; &lt; &#x41; &copy;",
    "html-style": "<style>body{display:none}</style>",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": "{% if true %}x{% endif %}",
    "jinja-value-name": "{{ board.name }}",
    "myst-role": "{sub}`x`",
    "myst-ref": "{ref}`acknowledgement`",
    "myst-policy-role": "{policy-value}`board.name`",
    "myst-directive": ":::{note}",
    "myst-target": "(label)=",
    "myst-math": "$x^2$ and $$y$$",
    "myst-comment": "% not a comment",
    "rest-role": ":ref:`x` :raw-html:`<b>`",
    "rest-directive": ".. raw:: html",
    "rest-substitution": "|name| and `link <https://evil.example>`_",
    "rest-emphasis": "**strong** *em* ``lit``",
    "reportlab-markup": '<b>b</b> <font color="red">r</font> <a href="https://evil.example">a</a>',
    "reportlab-para": "<para>x</para> <br/>",
    "rst2pdf-page-magic": "###Page### of ###Total###",
    "backslashes": "C:\\Users\\evil \\n \\\\",
    "quotes": "\"double\" and 'single' and \u201ccurly\u201d",
    "ampersand-company": "Smith & Jones <LLC>",
    "percent-and-braces": "100% {not} [sure]",
    "long": "Harbor Light " * 25,
    "vietnamese": "Phòng khám Nguyễn Thị Hồng",
    "polish": "Gabinet Łukasz Żółć",
    "greek": "Αθηνά Παπαδοπούλου",
    "cyrillic": "Анна Иванова",
    "accented": "Zoë Brontë-Ångström, Çedille, Søren",
}

# Values the loader must refuse, each with the words its message must hold.
REFUSED = {
    "empty": ('name = ""', "name in [practice] is empty"),
    "spaces-only": ('name = "   "', "name in [practice] is empty"),
    "bell-character": ('name = "Harbor\\u0007"', "invisible control characters (U+0007)"),
    "escape-character": ('name = "Harbor\\u001b[31m"', "invisible control characters (U+001B)"),
    "newline": ('name = "Harbor\\nLight"', "invisible control characters (U+000A)"),
    "tab": ('name = "Harbor\\tLight"', "has a tab in it"),
    "zero-width-space": ('name = "Har\\u200bbor"', "invisible control characters (U+200B)"),
    "right-to-left-override": ('name = "Harbor\\u202e"', "invisible control characters (U+202E)"),
    "number": ("name = 42", "must be text in double quotes"),
    "boolean": ("name = true", "must be text in double quotes"),
    "array": ('name = ["a", "b"]', "must be text in double quotes"),
    "inline-table": ('name = { first = "a" }', "must be text in double quotes"),
    "date": ("name = 2026-01-01", "must be text in double quotes"),
    "unquoted": ("name = Harbor Light", "Text values need double quotes"),
    "unclosed-quote": ('name = "Harbor Light', "missing its closing double quote"),
    "duplicate-key": (NAME_LINE + "\n" + NAME_LINE, "written twice"),
    "misspelt-key": ('nmae = "Harbor Light Counseling"', 'Did you mean "name"?'),
    "missing-equals": ('name "Harbor"', "check for a missing ="),
}

REFUSED_ELSEWHERE = {
    "website-javascript": (
        'website = "https://www.example.com/social-media-policy"',
        'website = "javascript:alert(1)"',
        "https://",
    ),
    "website-no-scheme": ('website = "https://www.example.com/social-media-policy"', 'website = "www.example.com"', "https://"),
    "website-ftp": ('website = "https://www.example.com/social-media-policy"', 'website = "ftp://example.com"', "https://"),
    "website-no-host": ('website = "https://www.example.com/social-media-policy"', 'website = "https://"', "https://"),
    "website-space": ('website = "https://www.example.com/social-media-policy"', 'website = "https://a b.example"', "https://"),
    "email-two-addresses": ('email = "office@example.com"', 'email = "a@example.com b@example.com"', "no spaces"),
    "date-as-text": ("effective = 2026-01-15", 'effective = "January 15"', "must be a date"),
    "date-with-time": ("effective = 2026-01-15", "effective = 2026-01-15T10:00:00", "no time"),
    "invalid-date": ("effective = 2026-01-15", "effective = 2026-02-30", "cannot be read"),
    "signature-lines-zero": ("signature_lines = 4", "signature_lines = 0", "between 1 and 12"),
    "signature-lines-huge": ("signature_lines = 4", "signature_lines = 99999", "between 1 and 12"),
    "signature-lines-float": ("signature_lines = 4", "signature_lines = 4.5", "whole number"),
    "unknown-table": ("[board]", "[bored]", "Did you mean [board]?"),
    "duplicate-table": ("[policy]", "[board]\n[policy]", "table is written twice"),
}


def refused_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "practice.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PracticeFileInvalid) as caught:
        load(path)
    problems = caught.value.problems
    assert all(p.line for p in problems), problems  # every message points at a line
    return [p.message for p in problems]


@pytest.mark.parametrize(("line", "expected"), REFUSED.values(), ids=REFUSED.keys())
def test_bad_practice_name_is_refused_with_its_line(tmp_path: Path, line: str, expected: str) -> None:
    messages = refused_problems(tmp_path, SAMPLE.replace(NAME_LINE, line, 1))
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize(("old", "new", "expected"), REFUSED_ELSEWHERE.values(), ids=REFUSED_ELSEWHERE.keys())
def test_bad_value_is_refused_with_its_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    messages = refused_problems(tmp_path, SAMPLE.replace(old, new, 1))
    assert any(expected in m for m in messages), messages


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@pytest.mark.parametrize("value", LITERAL.values(), ids=LITERAL.keys())
def test_value_is_literal_in_page_and_pdf(make_app: MakeApp, project_copy: Callable[..., Path], value: str) -> None:
    srcdir = project_copy(edit={"practice.toml": (NAME_LINE, f"name = {toml_string(value)}")})
    app, _ = build(make_app, srcdir)
    raw = (app.outdir / "index.html").read_text(encoding="utf-8")
    # The value is in the page as escaped text: no element, entity or markup from it survives.
    assert value in html.unescape(raw)
    assert f"Practice {squash(value)} at 100 Example Way" in page_text(app.outdir / "index.html")
    if any(c in value for c in "<>&"):
        assert value not in raw  # never passed through unescaped
    assert "<em>Star" not in raw and "<h1>Heading" not in raw and 'href="https://evil.example"' not in raw
    app.cleanup()

    pdf_app, _ = build(make_app, srcdir, "pdf")
    pdf = squash(pdf_text(pdf_app.outdir / "social-media-policy.pdf"))
    assert f"Practice {squash(value)} at 100 Example Way" in pdf


def test_missing_policy_text_is_explained(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    from sphinx.errors import SphinxError

    srcdir = project_copy()
    (srcdir / "index.md").unlink()
    with pytest.raises(SphinxError, match="index"):
        make_app("html", srcdir=srcdir).build()


def test_corpus_is_large_enough() -> None:
    assert len(LITERAL) + len(REFUSED) + len(REFUSED_ELSEWHERE) >= 50


def test_misspelt_variable_in_text_is_refused(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy(edit={"index.md": ("{{ board.website }}", "{{ bord.website }}")})
    assert "Did you mean {{ board.website }}?" in build_fails(make_app, srcdir)
