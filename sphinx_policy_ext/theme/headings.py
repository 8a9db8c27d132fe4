"""Headings and their permalinks, as a screen reader should meet them.

Sphinx puts the "¶" permalink inside the heading, so a screen reader reads
"Friending ¶" as the heading's name and "¶" as the link's. Here each heading
of a section is wrapped with its permalink beside it, outside the heading:
the heading's name is only its text, and the link has a name of its own,
"Link to the section Friending". The "¶" is drawn by the stylesheet, so it
is neither read out nor part of the page's text (the embed's links find
their section by its text; see embed.py).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from markupsafe import escape
from sphinx.locale import get_translation
from sphinx.writers.html5 import HTML5Translator

_ = get_translation("sphinx_policy_ext")

# On a section: where its permalink points, when not "#" + its first id
# (embed.html, which has no ids, sets a text fragment here).
PERMALINK = "policy_permalink"


def link_label(title: str) -> str:
    return str(_("Link to the section %s")) % title


class PolicyTranslator(HTML5Translator):
    def _own_heading(self, node: nodes.title) -> bool:
        section = node.parent
        return bool(
            self.config.html_theme == "policy"
            and isinstance(section, nodes.section)
            and (section.get("ids") or section.get(PERMALINK))
            and self.config.html_permalinks
            and self.builder.add_permalinks
        )

    def get_secnumber(self, node: nodes.Element) -> tuple[int, ...] | None:
        # embed.html's sections have no ids (see embed.py), and no numbers.
        if isinstance(node.parent, nodes.section) and not node.parent.get("ids"):
            return None
        return super().get_secnumber(node)

    def add_fignumber(self, node: nodes.Element) -> None:
        if node.get("ids"):
            super().add_fignumber(node)

    def visit_title(self, node: nodes.title) -> None:
        if not self._own_heading(node):
            super().visit_title(node)
            return
        start = len(self.body)
        super().visit_title(node)
        level = self.context[-1].strip().removeprefix("</").removesuffix(">")
        self.body.insert(start, f'<div class="policy-heading policy-heading-{level}">')

    def depart_title(self, node: nodes.title) -> None:
        if not self._own_heading(node):
            super().depart_title(node)
            return
        section = node.parent
        self.body.append(self.context.pop().rstrip("\n"))
        href = section.get(PERMALINK) or "#" + section["ids"][0]
        label = escape(link_label(node.astext().strip()))
        self.body.append(f'<a class="headerlink" href="{escape(href)}" aria-label="{label}" title="{label}"></a></div>\n')


def register(app: Any) -> None:
    app.set_translator("html", PolicyTranslator, override=True)
