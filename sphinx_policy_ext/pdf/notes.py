"""Footnotes in the PDF: at the end of the policy's text, never on the acknowledgement form's page.

MyST gathers every footnote at the very end of the document, after a
transition. The acknowledgement form is moved onto a page of its own and
kept together there, so the footnotes, which came after it, printed under
the signature lines, where they read as part of what the client signs.
:func:`before_form` moves them (and their transition) to just before the
form: the end of the text the client reads. The transition becomes a short
rule, as printed notes have, instead of a line across the page.

A footnote whose every reference went with a section the practice switched
off would point back to text that is not there; rst2pdf stops on such a
link and no PDF is written. :func:`drop_orphans` leaves those notes out.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from reportlab.platypus import Flowable, KeepTogether

# The rule above the notes: length and space around it, in points.
RULE_LENGTH = 108.0
RULE_SPACE_BEFORE = 10.0
RULE_SPACE_AFTER = 6.0


class NotesRule(Flowable):  # type: ignore[misc]
    """A short rule at the left margin that opens the notes."""

    def __init__(self, color: Any) -> None:
        super().__init__()
        self.color = color
        self.spaceBefore = RULE_SPACE_BEFORE
        self.spaceAfter = RULE_SPACE_AFTER
        self.keepWithNext = True

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return RULE_LENGTH, 1.0

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0.5, RULE_LENGTH, 0.5)


def _notes(doctree: nodes.document) -> list[nodes.Element]:
    return [node for node in doctree.findall(nodes.Element) if isinstance(node, (nodes.footnote, nodes.citation))]


def drop_orphans(doctree: nodes.document) -> None:
    """Leave out notes none of whose references is left in the text; forget references that are gone."""
    present = {i for node in doctree.findall(nodes.Element) for i in node["ids"]}
    for note in _notes(doctree):
        backrefs = [ref for ref in note["backrefs"] if ref in present]
        if note["backrefs"] and not backrefs:
            note.parent.remove(note)
        else:
            note["backrefs"] = backrefs
    if not _notes(doctree):
        for transition in list(doctree.findall(nodes.transition)):
            if "footnotes" in transition["classes"]:
                transition.parent.remove(transition)


def before_form(doctree: nodes.document, form: nodes.Element, holder: type[nodes.Element]) -> None:
    """Move the document's footnotes from its end to just before ``form``.

    ``holder`` is story.py's ``flowables`` node class: the notes become its
    children, drawn under a short rule that never ends a page alone.
    """
    notes = _notes(doctree)
    if not notes:
        return
    for transition in list(doctree.findall(nodes.transition)):
        if "footnotes" in transition["classes"]:
            transition.parent.remove(transition)
    for note in notes:
        note.parent.remove(note)
    block = holder(factory=_under_a_rule(notes))
    block.extend(notes)
    form.parent.insert(form.parent.index(form), block)


def _under_a_rule(notes: list[nodes.Element]) -> Any:
    def make(client: Any) -> list[Flowable]:
        first, *others = (client.gen_elements(note) for note in notes)
        rule = NotesRule(client.styles["endnote"].textColor)
        return [KeepTogether([rule, *first]), *(f for made in others for f in made)]

    return make
