"""Line breaks written in MyST (a ``\\`` at the end of a line) as docutils line blocks.

myst-parser turns a hard line break into raw ``<br />`` and raw LaTeX, which
only those two writers understand: rst2pdf prints them as text. A paragraph
with hard breaks becomes a ``line_block`` instead, which every writer,
the PDF's included, shows as separate lines.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..i18n import writes_catalog_templates
from ..state import is_policy


def _is_break(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and node.get("format") in ("html", "latex") and node.astext().strip() in ("<br />", "\\\\")


class HardBreaksToLineBlocks(SphinxTransform):
    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        if not is_policy(self.env):
            return  # other documents keep what myst-parser made of them
        if writes_catalog_templates(self.env):
            # The catalog takes the paragraph as written, breaks and all, so
            # its translation goes through the same steps as the English.
            return
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if not any(_is_break(child) for child in paragraph.children):
                continue
            block = nodes.line_block(classes=paragraph["classes"])
            block.source, block.line = paragraph.source, paragraph.line
            line = nodes.line()
            previous_was_break = False
            for child in list(paragraph.children):
                if _is_break(child):
                    if not previous_was_break:
                        block += line
                        line = nodes.line()
                    previous_was_break = True
                    continue
                previous_was_break = False
                if isinstance(child, nodes.Text) and not line.children:
                    line += nodes.Text(child.lstrip("\n"))
                else:
                    line += child
            block += line
            paragraph.replace_self(block)
