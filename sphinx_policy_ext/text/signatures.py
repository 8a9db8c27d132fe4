"""The acknowledgement's signature lines: ``policy.signature_lines`` clients, then the therapist.

The directive emits one ``signature_line`` paragraph per signer, so each
writer can draw them its own way (the PDF writer puts form fields over them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..i18n import gettext
from ..state import practice_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

BLANK_NAME = "_" * 34
BLANK_DATE = "_" * 14


class signature_block(nodes.container):
    """All signature lines of the form; never split across pages."""


class signature_line(nodes.paragraph):
    """One signer: ``signer`` is "client" or "therapist", ``number`` counts clients from 1."""


class SignatureLines(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        practice = practice_of(self.env)
        self.env.note_dependency(str(practice.path))
        block = signature_block(classes=["policy-signatures"])
        self.set_source_info(block)
        for number in range(1, practice.signature_lines + 1):
            block += _line(gettext("Name:"), "client", number)
        block += _line(gettext("Therapist:"), "therapist", 0)
        return [block]


def _line(label: str, signer: str, number: int) -> signature_line:
    # Written by the extension in the build's language (sphinx.locale), so not
    # a paragraph of the text for docs/locales/ to translate.
    line = signature_line(classes=["policy-signature-line"], signer=signer, number=number, translatable=False)
    line += nodes.strong(label, label)
    line += nodes.Text(" ")
    line += nodes.inline(BLANK_NAME, BLANK_NAME, classes=["policy-blank", "policy-blank-name"])
    line += nodes.Text(" ")
    date = gettext("Date:")
    line += nodes.strong(date, date)
    line += nodes.Text(" ")
    line += nodes.inline(BLANK_DATE, BLANK_DATE, classes=["policy-blank", "policy-blank-date"])
    return line


def register(app: Sphinx) -> None:
    # No visitors are registered: Sphinx's translators and rst2pdf both look
    # up handlers along the class hierarchy, so these render as the container
    # and paragraph they are unless a writer knows better.
    app.add_directive("policy-signature-lines", SignatureLines)
