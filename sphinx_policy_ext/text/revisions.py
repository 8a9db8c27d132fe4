"""The policy's revision history, from ``[[policy.revisions]]`` in practice.toml.

The policy promises to notify clients in writing of changes; the history on
the page and in the PDF shows what changed and when, newest first. With no
revisions written, the directive shows nothing (the effective date and
version are printed elsewhere).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..i18n import gettext, translate
from ..practice.loading import format_date
from ..state import practice_of

# The history describes old versions: advice about the text clients read skips it.
REVISIONS = "policy-revisions"


class RevisionHistory(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        practice = practice_of(self.env)
        self.env.note_dependency(str(practice.path))
        if not practice.revisions:
            return []
        container = nodes.container(classes=[REVISIONS])
        self.set_source_info(container)
        heading = gettext("Changes to this policy")
        container += nodes.rubric(heading, heading, translatable=False)
        entries = nodes.bullet_list()
        for revision in sorted(practice.revisions, key=lambda r: r.date, reverse=True):
            day = format_date(revision.date, practice.language)
            head = translate("{date}, version {version}: ", date=day, version=revision.version)
            entries += nodes.list_item(
                "", nodes.paragraph("", "", nodes.strong(head, head), nodes.Text(revision.summary), translatable=False)
            )
        container += entries
        return [container]
