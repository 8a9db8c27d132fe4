"""sphinx-design components print with their text; rst2pdf's own warnings reach Sphinx."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

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
