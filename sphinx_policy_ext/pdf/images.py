"""Images in the PDF: block images on their own line, and SVG text in the bundled fonts.

Markdown's ``![what it shows](logo.svg)`` on a line of its own makes a
paragraph holding one inline image. rst2pdf draws an inline image through
ReportLab's paragraph markup, which reads only bitmaps: an SVG logo stopped
the build ("Could not load image"), and a bitmap was set on the text's
baseline rather than centred as a figure. :func:`standalone_images_as_blocks`
turns such paragraphs into the image itself, which rst2pdf draws as a
flowable (SVG through svglib), with the ``image`` style's alignment and space.

svglib draws an SVG's ``<text>`` in the PDF's standard fonts (Helvetica,
Times), which no PDF carries: that breaks PDF/A and PDF/UA ("every font
embedded"). Asked for a family it does not know, it guesses a file name
(``Georgiabi.ttf``) or asks fontconfig, which stops the build or picks
whatever the machine has. ``BundledFonts`` (made by :func:`bundled_fonts`)
answers every family with the bundled DejaVu instead: serif families with
DejaVu Serif, all others with DejaVu Sans, in the asked weight and slant;
:func:`svg_drawing` reads an SVG with it, for the letterhead logo and
(through rst2pdf_patches.py) for images in the text. svglib, with lxml and
tinycss2, is imported only then: a PDF without SVG never loads it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from docutils import nodes

FONTS = Path(__file__).parent / "fonts"

# Families (lower case) drawn with DejaVu Serif; every other family is drawn with DejaVu Sans.
SERIF_FAMILIES = frozenset(
    {
        "serif",
        "times",
        "times new roman",
        "times-roman",
        "georgia",
        "garamond",
        "cambria",
        "palatino",
        "palatino linotype",
        "book antiqua",
        "baskerville",
        "didot",
        "bodoni",
        "century schoolbook",
        "libre baskerville",
        "merriweather",
        "playfair display",
        "lora",
        "dejavu serif",
        "noto serif",
        "liberation serif",
        "pt serif",
        "source serif pro",
    }
)
# Families that name a kind of letter, or a common typeface: a match to be sure of.
KNOWN_SANS = frozenset(
    {
        "sans-serif",
        "helvetica",
        "arial",
        "verdana",
        "tahoma",
        "segoe ui",
        "calibri",
        "roboto",
        "open sans",
        "lato",
        "montserrat",
        "dejavu sans",
        "noto sans",
        "liberation sans",
        "system-ui",
        "monospace",
        "courier",
        "courier new",
        "cursive",
        "fantasy",
    }
)
# (serif, bold, italic) -> the name the stylesheet (policy.yaml) registers, and its file.
FACES = {
    (False, False, False): "DejaVuSans",
    (False, True, False): "DejaVuSans-Bold",
    (False, False, True): "DejaVuSans-Oblique",
    (False, True, True): "DejaVuSans-BoldOblique",
    (True, False, False): "DejaVuSerif",
    (True, True, False): "DejaVuSerif-Bold",
    (True, False, True): "DejaVuSerif-Italic",
    (True, True, True): "DejaVuSerif-BoldItalic",
}


def is_bold(weight: Any) -> bool:
    text = str(weight).strip().lower()
    if text in ("bold", "bolder"):
        return True
    return text.isdigit() and int(text) >= 600


def bundled_face(serif: bool, bold: bool, italic: bool) -> str:
    """The ReportLab name of a bundled DejaVu face, registered if the PDF has not yet done so."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = FACES[serif, bold, italic]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
    return name


@functools.cache
def bundled_fonts() -> type:
    """The class :class:`BundledFonts`, made on first use: svglib (with lxml) is imported only when an SVG is drawn."""
    from svglib.fonts import FontMap

    class BundledFonts(FontMap):
        """svglib's font map, answering every family with a bundled DejaVu face; never the system's fonts."""

        def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
            family = font_name.strip().strip("'\"").lower()
            serif = family in SERIF_FAMILIES
            italic = str(style).strip().lower() in ("italic", "oblique")
            # Not sure of an unknown family: svglib then tries the next one in the list ("MyBrand, serif").
            return bundled_face(serif, is_bold(weight), italic), serif or family in KNOWN_SANS

    return BundledFonts


def svg_drawing(path: str | Path) -> Any:
    """The SVG at ``path`` as a ReportLab drawing whose text uses the bundled fonts (None if svglib cannot read it)."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(path), font_map=bundled_fonts()())
    if drawing is not None:
        # ReportLab starts every drawing in Times-Roman and sets it again after
        # each text: a font named on the page, never embedded.
        drawing.initialFontName = bundled_face(serif=False, bold=False, italic=False)
    return drawing


def standalone_images_as_blocks(doctree: nodes.document) -> None:
    for paragraph in list(doctree.findall(nodes.paragraph)):
        content = [c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.astext().strip())]
        if len(content) == 1 and isinstance(content[0], nodes.image):
            image = content[0]
            image["ids"] = [*paragraph["ids"], *image["ids"]]
            paragraph.replace_self(image)
