"""Practice values in the text: inserted literally, linked, located when wrong, rebuilt when edited."""

from __future__ import annotations

import html
import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest

from .helpers import MakeApp, build, build_fails, page_text, pdf_text, squash

HOSTILE = "*Star* <script>alert(1)</script> & Co. [x](http://evil) {{ board.name }} {sub}`x` `code`"


def test_every_value_lands_in_the_page(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy())
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    text = page_text(app.outdir / "index.html")
    assert "Practice Harbor Light Counseling at 100 Example Way, Suite 2, Springfield, IL 62701." in text
    assert "Therapist Dr. Jordan Rivera, PhD, Licensed Psychologist." in text
    assert "Effective January 15, 2026." in text
    assert "{{" not in page and "policy-value" not in page


def test_contact_values_become_links(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy())
    # Sphinx hides mailto: addresses from harvesters with character references.
    page = unquote(html.unescape((app.outdir / "index.html").read_text(encoding="utf-8")))
    assert 'href="tel:5550100123"' in page
    assert 'href="mailto:office@example.com"' in page
    assert 'href="https://www.example.com/social-media-policy"' in page
    assert 'href="https://board.example.org"' in page
    assert 'href="social-media-policy.pdf"' in page


def test_hostile_value_is_literal_in_the_page(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy(edit={"practice.toml": ('name = "Harbor Light Counseling"', f"name = '{HOSTILE}'")})
    app, _ = build(make_app, srcdir)
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<em>Star</em>" not in page and "http://evil" not in page.replace("[x](http://evil)", "")
    assert html.escape(HOSTILE, quote=False) in page
    # The value is not substituted again: the braces inside it stay as typed.
    assert "{{ board.name }}" in html.unescape(page)


def test_hostile_value_is_literal_in_the_pdf(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy(edit={"practice.toml": ('name = "Harbor Light Counseling"', f"name = '{HOSTILE}'")})
    app, _ = build(make_app, srcdir, "pdf")
    assert squash(HOSTILE) in squash(pdf_text(app.outdir / "social-media-policy.pdf"))


def test_unknown_name_fails_with_location_and_suggestion(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy(edit={"index.md": ("Call **{{ practice.phone }}**", "Call **{{ practice.phnoe }}**")})
    messages = build_fails(make_app, srcdir)
    line = next(n for n, text in enumerate((srcdir / "index.md").read_text().splitlines(), 1) if "phnoe" in text)
    assert (
        f'index.md:{line}: ERROR: "{{{{ practice.phnoe }}}}" is not a value in practice.toml. '
        "Did you mean {{ practice.phone }}?" in messages
    )
    assert "[policy.unknown_name]" in messages


def test_expressions_between_braces_are_refused_not_evaluated(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy(edit={"index.md": ("Effective {{ policy.effective }}.", "Effective {{ env.app.config.project }}.")})
    messages = build_fails(make_app, srcdir)
    assert '"{{ env.app.config.project }}" is not a value in practice.toml' in messages
    # Jinja never ran it: the expression was cut out before MyST saw the text,
    # so the page (written, as Sphinx writes despite errors; `make` publishes
    # nothing then) has nothing in its place.
    [page] = (srcdir / "_build").rglob("index.html")
    assert "Effective ." in page_text(page)


@pytest.mark.parametrize(
    "placeholder",
    [
        "[Insert your phone number here]",
        "[Your State Board of Psychology]",
        "Update this with your contact information, including your name",
    ],
)
def test_template_placeholders_left_in_the_text_fail(
    make_app: MakeApp, project_copy: Callable[..., Path], placeholder: str
) -> None:
    srcdir = project_copy(edit={"index.md": ("Effective {{ policy.effective }}.", f"Effective {placeholder}.")})
    messages = build_fails(make_app, srcdir)
    assert "A placeholder from the template is still in the text" in messages
    assert placeholder.split(",", maxsplit=1)[0] in messages
    assert "[policy.placeholder]" in messages


def test_practice_file_problems_fail_before_anything_is_written(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy(edit={"practice.toml": ('phone = "(555) 010-0123"', 'phone = ""')})
    messages = build_fails(make_app, srcdir)
    line = (srcdir / "practice.toml").read_text().splitlines().index('phone = ""') + 1
    assert f"practice.toml:{line}: ERROR: phone in [practice] is empty" in messages
    assert not (srcdir / "_build" / "html" / "index.html").exists()


def test_edit_to_practice_file_rebuilds_the_page(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy()
    app, _ = build(make_app, srcdir)
    assert "(555) 010-0123" in (app.outdir / "index.html").read_text(encoding="utf-8")
    app.cleanup()  # one Sphinx app at a time: docutils' registries are global

    toml = srcdir / "practice.toml"
    toml.write_text(toml.read_text().replace("(555) 010-0123", "(555) 010-0177"))
    later = time.time() + 5  # mtime resolution must not hide the edit
    os.utime(toml, (later, later))

    app2, _ = build(make_app, srcdir)
    page = (app2.outdir / "index.html").read_text(encoding="utf-8")
    assert "(555) 010-0177" in page and "(555) 010-0123" not in page


@pytest.mark.parametrize(
    ("old", "new", "opening"),
    [
        (":::{policy-signature-lines}\n:::", ":::{policy-signature-lines}", ":::{policy-signature-lines}"),
        ("Effective {{ policy.effective }}.", "```\nEffective {{ policy.effective }}.", "```"),
        ("## Acknowledgement", "::::{note}\n:::{note}\ninner\n:::\n\n## Acknowledgement", "::::{note}"),
    ],
)
def test_unclosed_block_is_located_instead_of_swallowing_the_text(
    make_app: MakeApp, project_copy: Callable[..., Path], old: str, new: str, opening: str
) -> None:
    srcdir = project_copy(edit={"index.md": (old, new)})
    messages = build_fails(make_app, srcdir)
    line = (srcdir / "index.md").read_text().splitlines().index(opening) + 1
    assert f'index.md:{line}: ERROR: The block that starts here with "{opening}" is never closed' in messages
    assert "[policy.unclosed]" in messages


def test_nested_and_closed_blocks_are_fine(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    nested = "::::{note}\n:::{tip}\nInner.\n:::\n::::\n\n```text\n:::{not-a-directive}\n```\n\n## Acknowledgement"
    build(make_app, project_copy(edit={"index.md": ("## Acknowledgement", nested)}))
