"""Tables and block quotes in the PDF: set off from the text around them.

rst2pdf puts fixed spacers around a table, which add to the space of the
paragraph before it instead of merging with it, and lets a short table
break after its first row. Here a table carries its ``table`` style's
space as its own (merged with its neighbours' space, as paragraphs merge)
and a table of a few rows is kept on one page.

rst2pdf draws a block quote as plain text in an indented table with no
space of its own before it (our paragraphs carry their space after them,
and a table carries none), so a quote after a table ran straight into the
table's last row, and nothing but a small indent told it from the text.
Here a quote is a row of (indent, text) with a rule at the text's left,
taken from the ``blockquote-rule`` style, and the ``blockquote`` style's
space above and below it; its paragraphs use the ``blockquote`` style.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

# A table of at most this many rows is never split across pages.
KEEP_ROWS = 8


def gather_quote(client: Any, node: nodes.block_quote) -> list[Flowable]:
    from rst2pdf.flowables import SplitTable

    text = client.styles["blockquote"]
    rule = client.styles["blockquote-rule"]
    body = client.gather_elements(node, text)
    style = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (1, 0), (1, -1), rule.borderPadding),
            ("LINEBEFORE", (1, 0), (1, -1), rule.borderWidth, rule.borderColor),
        ]
    )
    quote = SplitTable([["", body]], colWidths=[rule.leftIndent, None], style=style, padding=0)
    quote.hAlign = "LEFT"
    # Space that merges with the paragraph's (or table's) space next to it.
    quote.spaceBefore = text.spaceBefore
    quote.spaceAfter = text.spaceAfter
    return [quote]


def table_spaced(made: list[Flowable], style: Any, rows: int) -> list[Flowable]:
    """rst2pdf's table flowables with its spacers turned into the table's own space."""
    tables = [f for f in made if not isinstance(f, Spacer)]
    if not tables:
        return made
    tables[0].spaceBefore = style.spaceBefore
    tables[-1].spaceAfter = style.spaceAfter
    if rows <= KEEP_ROWS:
        return [KeepTogether(tables)]
    return tables


def install(dispatch: dict[type, Any]) -> None:
    """Put the table and block quote handlers into rst2pdf's (Sphinx-mode) dispatch table."""
    from rst2pdf.basenodehandler import NodeHandler

    # Each Sphinx app installs again: keep wrapping rst2pdf's own handler.
    rst2pdf_table = getattr(dispatch[nodes.table], "rst2pdf_handler", dispatch[nodes.table])

    class TableHandler(NodeHandler):  # type: ignore[misc]
        sphinxmode = True
        rst2pdf_handler = rst2pdf_table

        def gather_elements(self, client: Any, node: nodes.table, style: Any) -> list[Flowable]:
            made: list[Flowable] = rst2pdf_table.gather_elements(client, node, style)
            rows = sum(1 for _ in node.findall(nodes.row))
            return table_spaced(made, client.styles["table"], rows)

    dispatch[nodes.table] = TableHandler()

    class QuoteHandler(NodeHandler):  # type: ignore[misc]
        sphinxmode = True

        def gather_elements(self, client: Any, node: nodes.block_quote, style: Any) -> list[Flowable]:
            return gather_quote(client, node)

    dispatch[nodes.block_quote] = QuoteHandler()
