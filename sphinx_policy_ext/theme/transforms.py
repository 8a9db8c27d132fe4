"""Reshaping of the doctree for the page only (HTML builders).

- The section that holds the signature lines is marked
  ``policy-acknowledgement`` so that printing the page starts it on a new
  sheet, whatever its heading says.
- The blanks of the signature lines lose their underscores: the stylesheet
  draws them as rules that fit the screen, and a screen reader does not
  read out thirty underscores.
- (A page without the download button or the attribution is refused by
  every command alike: see :mod:`..text.rules`.)
- Dates from practice.toml are marked ``policy-date``, so the stylesheet
  keeps each on one line (on screen and on paper).
- The license attribution (a ``policy-attribution`` container in the text)
  is taken out of the flow and kept on the document, so the theme shows it in
  the page footer. The PDF keeps it where the text puts it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..practice.schema import Kind
from ..state import practice_of
from ..text.signatures import signature_block
from ..text.substitution import NAME_ATTRIBUTE

ACKNOWLEDGEMENT = "policy-acknowledgement"
ATTRIBUTION = "policy-attribution"
_KEPT = "policy_attribution_nodes"


class PageShape(SphinxPostTransform):
    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        # Only this theme's layout has a footer to show the attribution in.
        if self.config.html_theme != "policy":
            return
        for block in self.document.findall(signature_block):
            section = block.parent
            while section is not None and not isinstance(section, nodes.section):
                section = section.parent
            if section is not None:
                section["classes"].append(ACKNOWLEDGEMENT)
            for blank in block.findall(nodes.inline):
                if "policy-blank" in blank["classes"]:
                    blank.children = []
        practice = practice_of(self.env)
        for value in self.document.findall(nodes.inline):
            name = value.get(NAME_ATTRIBUTE)
            if name in practice.values and practice[name].kind is Kind.DATE:
                value["classes"].append("policy-date")
        kept: list[nodes.Element] = []
        for container in list(self.document.findall(nodes.container)):
            if ATTRIBUTION in container["classes"]:
                container.parent.remove(container)
                kept.append(container)
        # A Python attribute, not a node attribute: it is read back in the
        # same process by html-page-context and never written to the doctree.
        setattr(self.document, _KEPT, kept)


def attribution_of(doctree: nodes.document | None) -> list[nodes.Element]:
    return list(getattr(doctree, _KEPT, [])) if doctree is not None else []
