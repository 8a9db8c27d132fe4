"""What every page of the PDF carries: letterhead, running header, footer, document info.

These are ReportLab flowables drawn straight onto the canvas, never parsed:
rst2pdf reads header and footer text as reStructuredText, and a practice
name such as ``*Star* & Co.`` must print exactly as typed. Paragraph markup
(used for the letterhead, to wrap long names) gets every value escaped.

"Page X of Y" without a second build: each footer draws "of" followed by a
PDF form object, and the last flowable of the story fills that form with the
page count once it is known. rst2pdf's own ``###Total###`` would render the
document twice into one buffer and leave two PDFs in one file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..i18n import translate

ACCENT = colors.HexColor("#1f3b5a")
RULE = colors.HexColor("#9aa5b1")
MUTED = colors.HexColor("#4a5560")

# The form object that holds the page count ("Y" of "Page X of Y").
TOTAL_FORM = "policyTotalPages"

# rst2pdf pads its text frame by 6 points; header and footer line up with the text.
FRAME_PADDING = 6.0


@dataclass(frozen=True)
class Contact:
    """One line of the letterhead: its text and, for an address, where it links."""

    text: str
    uri: str | None = None


@dataclass(frozen=True)
class Masthead:
    """What the letterhead, header and footer show, as plain text."""

    practice: str
    person: str  # "Dr. Jordan Rivera, PhD, Licensed Psychologist"
    address: str
    contacts: tuple[Contact, ...]  # phone, email, website
    version: str
    effective: str  # "January 15, 2026"
    accent: str = "#1f3b5a"  # the practice's accent_color, or the PDF's own
    logo: Any = None  # a checked look.Logo, or None


LOGO_HEIGHT = 36.0  # points: about half an inch above the practice's name


def logo_flowable(masthead: Masthead, width: float) -> Flowable | None:
    """The practice's logo for the letterhead, at most LOGO_HEIGHT tall and ``width`` wide.

    ``pdf_tag`` names it for the tagged PDF: a figure with the practice's name as its alternate text.
    """
    logo = masthead.logo
    if logo is None:
        return None
    scale = min(LOGO_HEIGHT / logo.height, width / logo.width)
    if logo.kind == "svg":
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(str(logo.path))
        if drawing is None:
            return None
        drawing.scale(scale, scale)
        drawing.width, drawing.height = logo.width * scale, logo.height * scale
        flowable: Flowable = drawing
    else:
        from reportlab.platypus import Image

        flowable = Image(str(logo.path), width=logo.width * scale, height=logo.height * scale)
    return Logo(flowable, f"{masthead.practice} logo")


class Logo(Flowable):  # type: ignore[misc]
    """The logo's drawing or image, in a flowable of our own that carries its ``pdf_tag``."""

    def __init__(self, inner: Flowable, alt: str) -> None:
        super().__init__()
        self.inner = inner
        self.hAlign = "LEFT"
        self.pdf_tag = ("Figure", alt)
        self.spaceAfter = 4

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)


def markup(text: str) -> str:
    """``text`` as ReportLab paragraph markup that shows it literally."""
    return escape(text)


def link_markup(contact: Contact) -> str:
    if not contact.uri:
        return markup(contact.text)
    return f"<a href={quoteattr(contact.uri)}>{markup(contact.text)}</a>"


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis so it fits ``width`` on one line."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def letterhead(masthead: Masthead, name: ParagraphStyle, detail: ParagraphStyle, width: float) -> Table:
    """Practice and clinician, how to reach them, and a rule below.

    Side by side (contacts right-aligned) when both fit on their lines;
    otherwise stacked, with the contacts on one line that wraps between
    items, so a long name or address never breaks inside a word.
    """
    left: list[Flowable] = [Paragraph(markup(masthead.practice), name), Paragraph(markup(masthead.person), detail)]
    logo = logo_flowable(masthead, width / 2)
    if logo is not None:
        left.insert(0, logo)
    left_needed = max(
        stringWidth(masthead.practice, name.fontName, name.fontSize),
        stringWidth(masthead.person, detail.fontName, detail.fontSize),
    )
    lines = [Contact(masthead.address), *masthead.contacts]
    right_needed = max(stringWidth(c.text, detail.fontName, detail.fontSize) for c in lines)
    gap = 24.0
    if left_needed + gap + right_needed + 4 <= width:
        contact = ParagraphStyle("policy-letterhead-contact", parent=detail, alignment=TA_RIGHT)
        right = [Paragraph(link_markup(c), contact) for c in lines]
        left_width = width - right_needed - 4
        table = Table([[left, right]], colWidths=[left_width, width - left_width], hAlign="LEFT")
    else:
        contact = ParagraphStyle("policy-letterhead-contact", parent=detail, spaceBefore=3)
        joined = " \u00a0\u00b7\u00a0 ".join(link_markup(c) for c in lines)
        table = Table([[[*left, Paragraph(joined, contact)]]], colWidths=[width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, -1), 1.2, colors.HexColor(masthead.accent)),
            ]
        )
    )
    return table


class _PageBand(Flowable):  # type: ignore[misc]
    """A full-width band of small muted text with a hairline, drawn inside the frame padding."""

    # Running header and footer: page furniture a screen reader skips.
    pdf_tag = ("Artifact", None)

    def __init__(self, style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.style.leading + 10

    @property
    def inner_width(self) -> float:
        return float(self.width - 2 * FRAME_PADDING)

    @contextmanager
    def band(self, rule_at: float) -> Iterator[Any]:
        """The canvas, moved inside the padding, with the hairline at ``rule_at`` and text colours set."""
        canv = self.canv
        canv.saveState()
        canv.translate(FRAME_PADDING, 0)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(0, rule_at, self.inner_width, rule_at)
        canv.setFont(self.style.fontName, self.style.fontSize)
        canv.setFillColor(MUTED)
        try:
            yield canv
        finally:
            canv.restoreState()


class RunningHeader(_PageBand):
    """The practice name above a hairline, on every page after the first (which has the letterhead)."""

    def __init__(self, practice: str, style: ParagraphStyle) -> None:
        super().__init__(style)
        self.practice = practice

    def draw(self) -> None:
        if self.canv.getPageNumber() == 1:
            return
        style = self.style
        with self.band(rule_at=6) as canv:
            canv.drawString(0, 12, fit(self.practice, style.fontName, style.fontSize, self.inner_width))


class PageFooter(_PageBand):
    """A hairline, then "Page X of Y" on the left and the policy's version and date on the right."""

    def __init__(self, masthead: Masthead, style: ParagraphStyle) -> None:
        super().__init__(style)
        self.masthead = masthead

    def draw(self) -> None:
        style = self.style
        font, size = style.fontName, style.fontSize
        baseline = 2
        with self.band(rule_at=baseline + style.leading) as canv:
            page = translate("Page {page} of ", page=canv.getPageNumber())
            canv.drawString(0, baseline, page)
            canv.saveState()
            canv.translate(stringWidth(page, font, size), baseline)
            canv.doForm(TOTAL_FORM)
            canv.restoreState()
            edition = translate(
                "Version {version} \u00b7 Effective {date}", version=self.masthead.version, date=self.masthead.effective
            )
            room = self.inner_width - stringWidth(page + "000", font, size) - 24
            canv.drawRightString(self.inner_width, baseline, fit(edition, font, size, room))


class DocumentEnd(Flowable):  # type: ignore[misc]
    """Last in the story: writes the page count into the form every footer shows."""

    def __init__(self, style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        total = canv.getPageNumber()
        canv.beginForm(TOTAL_FORM)
        canv.setFont(self.style.fontName, self.style.fontSize)
        canv.setFillColor(MUTED)
        canv.drawString(0, 0, str(total))
        canv.endForm()


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's metadata: shown by viewers, and the same on every build of the same input."""

    title: str
    author: str
    subject: str
    keywords: str
    created: dt.datetime  # UTC


class DocumentStart(Flowable):  # type: ignore[misc]
    """First in the story: sets the document information on the canvas."""

    def __init__(self, info: DocumentInfo) -> None:
        super().__init__()
        self.info = info

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        info = self.info
        canv.setTitle(info.title)
        canv.setAuthor(info.author)
        canv.setSubject(info.subject)
        canv.setKeywords(info.keywords)
        canv.setCreator("sphinx-policy-ext")
        stamp = f"D:{info.created:%Y%m%d%H%M%S}+00'00'"

        # ReportLab calls this with its own clock (or rst2pdf's fixed 2000-01-01);
        # the policy's own date is what makes rebuilds byte-identical.
        def date(*ignored: Any) -> str:
            return stamp

        canv.setDateFormatter(date)
