"""Group practices: the clinicians listed in ``[[clinicians]]`` of practice.toml.

On the page, ``policy-clinicians`` lists them (name, credentials, their own
licensing board if they name one, email, and a link to their own PDF, which
the build puts beside the page). The
PDF builder writes one PDF per clinician from the same parsed policy, each
with that clinician's name on the letterhead and the Therapist line.
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..i18n import gettext, pdf_stem
from ..practice.loading import Clinician, Value
from ..practice.schema import Kind
from ..state import practice_of
from .download import WEB_ONLY
from .substitution import value_node


class ClinicianList(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        practice = practice_of(self.env)
        self.env.note_dependency(str(practice.path))
        if not practice.clinicians:
            return []
        container = nodes.container(classes=["policy-clinicians"])
        self.set_source_info(container)
        heading = gettext("Clinicians at this practice")
        container += nodes.rubric(heading, heading, translatable=False)
        entries = nodes.bullet_list()
        taken = {self.config.policy_pdf_name}  # the names the PDF builder gives, in its order
        for clinician in practice.clinicians:
            # Written by the extension in the edition's language: not text for docs/locales/.
            paragraph = nodes.paragraph(translatable=False)
            paragraph += nodes.Text(f"{clinician.name}, {clinician.credentials}")
            if "board.name" in clinician.board:
                # Plain text, not a value node: a clinician's PDF refills value
                # nodes with its own board, and this line names another's.
                paragraph += nodes.Text(f" \u00b7 licensed by {clinician.board['board.name'].text}")
            if clinician.email:
                paragraph += nodes.Text(" \u00b7 ")
                paragraph += value_node(Value("clinicians.email", clinician.email, Kind.EMAIL, clinician.email, clinician.line))
            pdf = f"{pdf_stem(self.config, file_stem(self.config.policy_pdf_name, clinician, taken))}.pdf"
            link = nodes.inline("", " \u00b7 ", classes=[WEB_ONLY])
            label = gettext("policy to sign (PDF)")
            link += nodes.reference("", "", nodes.Text(label), refuri=pdf, classes=["policy-pdf-link"])
            paragraph += link
            entries += nodes.list_item("", paragraph)
        container += entries
        return [container]


def file_stem(base: str, clinician: Clinician, taken: set[str]) -> str:
    """A safe, stable file name for a clinician's PDF: ``social-media-policy-sam-lee``.

    Names come from practice.toml, so only ASCII letters, digits and dashes
    survive; a name with none of those (or one already used) is numbered.
    """
    ascii_name = unicodedata.normalize("NFKD", clinician.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    stem = f"{base}-{slug}" if slug else f"{base}-clinician"
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    taken.add(candidate)
    return candidate
