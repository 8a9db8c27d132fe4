"""The acknowledgement's signature lines: drawn for pen and paper, fillable on a screen.

One flowable draws the whole block, so it can never be split across pages:
a line saying which policy was signed (version and effective date), then a
Name/Date line per client and a Therapist/Date line. Over every drawn line
sits an AcroForm text field with a unique name (``client_1_name``,
``client_1_date``, ..., ``therapist_name``, ``therapist_date``).

ReportLab's form fields can only name the 14 standard PDF fonts, so they
are made here with Helvetica and field_font.py then rewrites the form to
type in the embedded DejaVu Sans (any covered script). The labels and the
policy line are drawn in the embedded fonts.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..i18n import gettext, translate
from . import tagging
from .pages import ACCENT, MUTED, fit

# Row pitch in points: roomy for a pen, squeezed (down to the minimum) only
# when many client lines must share the page with the statement.
PITCH_MAX = 40.0
PITCH_MIN = 26.0
FIELD_HEIGHT = 16.0
FIELD_FONT = "Helvetica"  # all ReportLab allows; replaced by the embedded DejaVu Sans (field_font.py)


@dataclass(frozen=True)
class Signer:
    label: str  # "Name:" or "Therapist:"
    field: str  # "client_1" or "therapist"
    tooltip: str  # what a screen reader and a hovering pointer say
    caption: str = ""  # printed under the name line: who signs there


def signers(client_lines: int, therapist: str) -> list[Signer]:
    rows = [Signer(gettext("Name:"), f"client_{n}", translate("Client {number}", number=n)) for n in range(1, client_lines + 1)]
    rows.append(Signer(gettext("Therapist:"), "therapist", gettext("Therapist"), caption=therapist))
    return rows


class SignatureForm(Flowable):  # type: ignore[misc]
    """All signature lines and their fields, as one unsplittable block."""

    # A group in the structure tree: its parts tag themselves as they are drawn.
    pdf_tag = ("Div", None)

    def __init__(self, rows: list[Signer], edition: str, label: ParagraphStyle, note: ParagraphStyle) -> None:
        super().__init__()
        self.rows = rows
        self.edition = edition  # "Harbor Light Counseling Social Media Policy, version 1.0, effective ..."
        self.label = label
        self.note = note
        self.pitch = PITCH_MAX

    @property
    def head(self) -> float:
        return float(self.note.leading) + 14

    @property
    def lines(self) -> float:
        """Height of the rows in pitches: half a pitch more sets the therapist apart."""
        return len(self.rows) + 0.5

    @property
    def foot(self) -> float:
        """Room under the last line for its caption."""
        return float(self.note.leading) + 4 if self.rows[-1].caption else 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        # A little slack: what follows the form (even an empty end marker)
        # must not be pushed onto a page of its own by rounding.
        room = (available_height - self.head - self.foot - 6) / self.lines
        self.pitch = max(PITCH_MIN, min(PITCH_MAX, room))
        self.height = self.head + self.pitch * self.lines + self.foot
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # never split: moved whole to the next page instead

    def draw(self) -> None:
        canv = self.canv
        label, note = self.label, self.note
        canv.saveState()

        # Which policy this is: printed, so a signed copy names what was signed.
        top = self.height - note.leading
        canv.setFont(note.fontName, note.fontSize)
        canv.setFillColor(MUTED)
        with tagging.content(canv, "P"):
            canv.drawString(0, top, fit(self.edition, note.fontName, note.fontSize, self.width))

        name_width = max(stringWidth(r.label, label.fontName, label.fontSize) for r in self.rows) + 6
        date_label = gettext("Date:")
        date_label_width = stringWidth(date_label, label.fontName, label.fontSize) + 6
        date_line = min(130.0, self.width * 0.28)
        date_start = self.width - date_line - date_label_width
        name_end = date_start - 18

        for index, row in enumerate(self.rows):
            rows_above = index + 1 + (0.5 if row.field == "therapist" else 0)
            baseline = self.height - self.head - self.pitch * rows_above + 6
            # Read in order: label, its field, the caption under it, then the date.
            canv.setFillColor(ACCENT)
            canv.setFont(label.fontName, label.fontSize)
            with tagging.content(canv, "P"):
                canv.drawString(0, baseline, row.label)
            self._field(
                f"{row.field}_name",
                translate("{signer}: name", signer=row.tooltip),
                (name_width, baseline, name_end - name_width),
                100,
            )
            if row.caption:
                canv.setFillColor(MUTED)
                canv.setFont(note.fontName, note.fontSize)
                room = name_end - name_width
                with tagging.content(canv, "P"):
                    canv.drawString(name_width, baseline - 2 - note.leading, fit(row.caption, note.fontName, note.fontSize, room))
                canv.setFillColor(ACCENT)
                canv.setFont(label.fontName, label.fontSize)
            with tagging.content(canv, "P"):
                canv.drawString(date_start, baseline, date_label)
            date_x = date_start + date_label_width
            self._field(
                f"{row.field}_date", translate("{signer}: date", signer=row.tooltip), (date_x, baseline, self.width - date_x), 40
            )
            with tagging.artifact(canv):
                # The lines to write on: for pen and paper, nothing to read.
                canv.setStrokeColor(colors.black)
                canv.setLineWidth(0.7)
                canv.line(name_width, baseline - 2, name_end, baseline - 2)
                canv.line(date_start + date_label_width, baseline - 2, self.width, baseline - 2)
        canv.restoreState()

    def _field(self, name: str, tooltip: str, where: tuple[float, float, float], maxlen: int) -> None:
        x, baseline, width = where
        # The field sits on the drawn line, so a printout shows the line and
        # a viewer shows the typed text just above it.
        self.canv.acroForm.textfield(
            name=name,
            tooltip=tooltip,
            x=x,
            y=baseline - 1,
            width=width,
            height=FIELD_HEIGHT,
            relative=True,
            fontName=FIELD_FONT,
            fontSize=10,
            borderWidth=0,
            borderColor=None,
            fillColor=None,
            textColor=colors.black,
            forceBorder=False,
            maxlen=maxlen,
            annotationFlags="print",
        )
