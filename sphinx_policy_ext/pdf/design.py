"""sphinx-design components as plain docutils nodes the PDF writer can print.

sphinx-design builds cards, grids, dropdowns and tabs from containers, which
rst2pdf prints, but card titles are a node rst2pdf does not know (and drops
with a warning), dropdown and tab titles are rubrics, and buttons are bare
links whose target a reader of paper never sees. On paper everything is
shown: closed dropdowns and every tab are printed open, one after another,
each under its title, and a button names where it leads.

This runs only for the ``pdf`` builder, after references are resolved.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

CARD_TITLE = "policy-card-title"
CARD_LINK = "policy-card-link"
PANEL_TITLE = "policy-panel-title"  # dropdown and tab titles
BUTTON = "policy-button"


def _is_passthrough(node: nodes.Node) -> bool:
    # sphinx-design's PassthroughTextElement: text that only HTML places.
    return type(node).__name__ == "PassthroughTextElement"


def _component(node: nodes.Node) -> str:
    return str(node.get("design_component", "")) if isinstance(node, nodes.Element) else ""


class DesignForPrint(SphinxPostTransform):
    builders = ("pdf",)
    default_priority = 20  # after ReferencesResolver (10): links are final

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if _is_passthrough(node):
                self._passthrough(node)
            elif _component(node) in ("dropdown", "tab-item"):
                self._panel_title(node)
            elif isinstance(node, nodes.reference) and "sd-btn" in node["classes"]:
                self._button(node)

    def _passthrough(self, node: nodes.Element) -> None:
        links = [c for c in node.children if isinstance(c, nodes.reference) and "sd-stretched-link" in c["classes"]]
        if links:
            # A card that is a link: say where it leads, under the card's text.
            target = self._target_text(links[0], shown=None)
            if target is None:
                node.parent.remove(node)
            else:
                node.replace_self(nodes.paragraph("", "", target, classes=[CARD_LINK]))
            return
        if _component(node.parent) == "card-title":
            # A title over the card's text: a rubric, so the outline lists it (outline.py).
            node.replace_self(nodes.rubric("", "", *node.children, classes=[CARD_TITLE]))
        else:
            node.replace_self(nodes.paragraph("", "", *node.children))

    def _panel_title(self, node: nodes.Element) -> None:
        title = next((c for c in node.children if isinstance(c, nodes.rubric)), None)
        if title is not None:
            title["classes"] = [PANEL_TITLE]

    def _button(self, node: nodes.reference) -> None:
        label = node.astext().strip()
        target = self._target_text(node, shown=label)
        node["classes"] = [c for c in node["classes"] if not c.startswith("sd-")]
        parent = node.parent
        index = parent.index(node)
        if target is not None:
            parent.insert(index + 1, [nodes.Text(" ("), target, nodes.Text(")")])
        if isinstance(parent, nodes.paragraph):
            parent["classes"].append(BUTTON)

    def _target_text(self, link: nodes.reference, shown: str | None) -> nodes.Node | None:
        """Where a link leads, as text a printed page can show; None if its label says it already."""
        uri = link.get("refuri", "")
        if uri and not uri.startswith("#"):
            if uri == shown:
                return None
            return nodes.reference(uri, uri, refuri=uri)
        anchor = link.get("refid") or uri.lstrip("#")
        section = next((n for n in self.document.findall(nodes.section) if anchor and anchor in n["ids"]), None)
        if section is None or not section.children or not isinstance(section[0], nodes.title):
            return None
        title = section[0].astext()
        # The link lands on the section; its title is what the reader looks for.
        return nodes.reference("", f"see \u201c{title}\u201d", refid=anchor)
