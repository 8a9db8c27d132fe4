"""sphinx-design components print with their text; rst2pdf's own warnings reach Sphinx."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pikepdf

from .helpers import MakeApp, build, pdf_text, squash


def test_every_design_component_prints_its_text(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    # build() fails on any warning: rst2pdf's "Unkn. node" for card titles included.
    app, _ = build(make_app, project_copy("design"), "pdf")
    path = Path(app.outdir, "social-media-policy.pdf")
    text = squash(pdf_text(path))
    for expected in (
        # grid of cards: titles, bodies, footer
        "Friend requests I do not accept friend requests from clients.",
        "Messages Call (555) 010-0123 instead of messaging me.",
        "Card footer text",
        # a card that links elsewhere says where
        'Email Card body about email for appointments only. see "Writing to the office"',
        # dropdowns, open or closed, are printed open under their titles
        "Why no reviews? Confidentiality keeps me from answering reviews.",
        "A closed dropdown Text inside the closed dropdown.",
        # every tab, under its label
        "On the phone Tab text for phones.",
        "On a computer Tab text for computers.",
        # buttons name their target
        "Contact the office (https://www.example.com/contact)",
        'Read about email (see "Writing to the office")',
    ):
        assert expected in text, expected
    links = set()
    for page in pikepdf.open(path).pages:
        for annot in page.get("/Annots", []):
            if "/A" in annot and "/URI" in annot.A:
                links.add(str(annot.A.URI))
    assert "https://www.example.com/contact" in links


def test_design_titles_get_the_print_styles(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("design"), "pdf")
    pdf = pikepdf.open(Path(app.outdir, "social-media-policy.pdf"))
    content = b"".join(p.Contents.read_bytes() for p in pdf.pages)
    # Card and panel titles are bold sans (the body is serif): the bold sans
    # font is selected more often than for the headings alone.
    fonts = pdf.pages[0].Resources.Font
    bold = next(name for name, font in fonts.items() if str(font.BaseFont).endswith("+DejaVuSans-Bold"))
    uses = len(re.findall(re.escape(bold.encode()) + rb" [\d.]+ Tf", content))
    assert uses >= 10


def test_rst2pdf_warnings_go_through_sphinx(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy("unknown-node")
    warning = StringIO()
    app = make_app("pdf", srcdir=srcdir, warning=warning)
    app.build()
    text = warning.getvalue()
    # Located at the line of the directive, worded for the author, no local path.
    assert "index.md:5: WARNING: the PDF cannot print this part of the text (a mystery element)" in text
    assert "Unkn. node" in text and "[policy.pdf]" in text
    assert "near line" not in text
    app.cleanup()

    # -W: the build is marked failed, as `make pdf` (which uses -W) reports it.
    strict = make_app("pdf", srcdir=srcdir, warning=StringIO(), warningiserror=True)
    strict.build()
    assert strict.statuscode == 1


# --- The practice's accent colour -----------------------------------------------

PLUM = "#7a1f5c"
NAVY = "#1f3b5a"  # the PDF's own accent
LINK_BLUE = "#006699"  # rst2pdf's own link colour


def drawn_colours(path: Path) -> dict[str, set[str]]:
    """Per page, the fill and stroke colours (``#rrggbb``) its content and its form objects set."""
    import pikepdf

    def colours(stream: Any, seen: set[int]) -> set[str]:
        found = set()
        for operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) in ("rg", "RG"):
                found.add("#" + "".join(f"{round(float(v) * 255):02x}" for v in operands))
        for xobject in stream.get("/Resources", {}).get("/XObject", {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                found |= colours(xobject, seen)
        return found

    with pikepdf.open(path) as pdf:
        found: dict[str, set[str]] = {}
        for number, page in enumerate(pdf.pages, start=1):
            found[f"page {number}"] = colours(page.obj, set())
            for annot in page.obj.get("/Annots", []):
                if "/AP" in annot:
                    found[f"page {number}"] |= colours(annot.AP.N, set())
        return found


def test_the_practice_accent_replaces_the_pdfs_own_everywhere(tmp_path: Path) -> None:
    """Headings, links, letterhead, table rules and heading, note titles, form labels, hairlines: the practice's colour."""
    from sphinx_policy_ext.commands.main import main
    from sphinx_policy_ext.pdf import pages

    from .conftest import copy_policy
    from .test_pdf import PDF_NAME

    table = "## Fees\n\n| Service | Fee |\n|---|---|\n| Intake | $200 |\n\n```{note}\nAn admonition.\n```\n\n"
    copy_policy(tmp_path, {'# accent_color = "#1f3b5a"': f'accent_color = "{PLUM}"'})
    text = tmp_path / "docs" / "index.md"
    text.write_text(text.read_text(encoding="utf-8").replace("## Conclusion", table + "## Conclusion"), encoding="utf-8")
    assert main(["pdf", "--root", str(tmp_path), "--quiet"]) == 0
    path = tmp_path / "_build" / "pdf" / PDF_NAME
    colours = drawn_colours(path)
    assert {page: bool({NAVY, LINK_BLUE} & found) for page, found in colours.items()} == dict.fromkeys(colours, False)
    assert all(PLUM in found for found in colours.values()), colours  # every page has a heading, link or label in it
    # The form's labels: on the form's page, drawn in the accent.
    assert PLUM in colours[f"page {len(colours)}"]
    # The running header's and footer's hairlines: a tint of the accent, not the navy one.
    tint = pages.hairline(PLUM).hexval().replace("0x", "#")
    assert tint != pages.hairline(NAVY).hexval().replace("0x", "#")
    assert all(tint in found and "#9aa6b4" not in found for found in colours.values()), (tint, colours)


def test_an_accepted_accent_is_readable_on_every_tint_the_pdf_puts_behind_text() -> None:
    """practice.toml's check (look.py) is against the page's backgrounds; the PDF's tints must be no harder."""
    from sphinx_policy_ext.pdf.builder import STYLESHEET
    from sphinx_policy_ext.practice import look

    tints = set(re.findall(r"backColor: '(#[0-9a-f]{6})'", STYLESHEET.read_text(encoding="utf-8")))
    assert len(tints) >= 3
    for wanted in ("#ff9900", "#3399ff", "#e91e63", "#7fd0cc"):
        barely = look.nearest_passing(wanted, look.LIGHT_BACKGROUNDS)  # just dark enough to be accepted
        for tint in tints | {"#ffffff"}:
            assert look.contrast(barely, tint) >= look.AA_TEXT, (barely, tint)
