"""Tables and block quotes in the PDF: set off from the text around them.

rst2pdf puts fixed spacers around a table, which add to the space of the
paragraph before it instead of merging with it, and lets a short table
break after its first row. Here a table carries its ``table`` style's
space as its own (merged with its neighbours' space, as paragraphs merge)
and a table of a few rows is kept on one page.

A Markdown table has no column widths (MyST marks it ``colwidths-auto``,
and a browser sizes the columns to their text); rst2pdf gave every column
the same share, so a column of short labels took as much room as a column
of sentences. :func:`auto_column_widths` sizes them as a browser would:
each column at least as wide as its longest word, and the rest of the width
shared by how much text each column holds.

rst2pdf draws a block quote as plain text in an indented table with no
space of its own before it (our paragraphs carry their space after them,
and a table carries none), so a quote after a table ran straight into the
table's last row, and nothing but a small indent told it from the text.
Here a quote is a row of (indent, text) with a rule at the text's left,
taken from the ``blockquote-rule`` style, and the ``blockquote`` style's
space above and below it; its paragraphs use the ``blockquote`` style.
"""

from __future__ import annotations

import functools
from typing import Any

from docutils import nodes
from reportlab.pdfbase.pdfmetrics import stringWidth
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


# Left plus right padding of a cell, as the ``table`` style sets it.
CELL_PADDING = 10.0
FRAME_PADDING = 6.0
# Room for rounding, so that text measured to fit a column is not wrapped.
SLACK = 2.0


def _text_widths(entry: nodes.Element, style: Any) -> tuple[float, float]:
    """(longest word, longest unbroken paragraph) of a cell's text, in points."""
    paragraphs = [p.astext() for p in entry.findall(nodes.paragraph)] or [entry.astext()]
    width = functools.partial(stringWidth, fontName=style.fontName, fontSize=style.fontSize)
    words = [w for text in paragraphs for w in text.split()]
    return max((width(w) for w in words), default=0.0), max((width(" ".join(p.split())) for p in paragraphs), default=0.0)


def auto_column_widths(table: nodes.table, body: Any, heading: Any, available: float) -> None:
    """Give a Markdown table's columns widths that fit their text (see the module docstring)."""
    if "colwidths-auto" not in table["classes"]:
        return
    for group in table.findall(nodes.tgroup):
        specs = [c for c in group.children if isinstance(c, nodes.colspec)]
        least = [0.0] * len(specs)
        most = [0.0] * len(specs)
        for part in group.children:
            if not isinstance(part, (nodes.thead, nodes.tbody)):
                continue
            style = heading if isinstance(part, nodes.thead) else body
            for row in part.findall(nodes.row):
                for index, entry in enumerate(e for e in row.children if isinstance(e, nodes.entry)):
                    if index < len(specs) and not entry.get("morecols"):
                        word, line = _text_widths(entry, style)
                        least[index] = max(least[index], word + CELL_PADDING + SLACK)
                        most[index] = max(most[index], line + CELL_PADDING + SLACK)
        if not specs or sum(most) <= 0:
            continue
        widths = _share(least, most, available)
        # rst2pdf reads colspec widths as shares of the table's width.
        for spec, width in zip(specs, widths, strict=True):
            spec["colwidth"] = max(1, round(width * 10))


def _share(least: list[float], most: list[float], available: float) -> list[float]:
    """Column widths: short columns whole, the others sharing the rest by how much text they hold."""
    if sum(most) <= available:
        return most
    # A column whose text fits in an even share keeps it on one line.
    fair = available / len(most)
    short = [m <= fair for m in most]
    room = available - sum(m for m, s in zip(most, short, strict=True) if s)
    rest = [(n, m) for n, m, s in zip(least, most, short, strict=True) if not s]
    if sum(n for n, _ in rest) >= room:
        shared = [n for n, _ in rest]
    else:
        extra = sum(m - n for n, m in rest) or 1.0
        spare = room - sum(n for n, _ in rest)
        shared = [n + spare * (m - n) / extra for n, m in rest]
    widths = iter(shared)
    return [m if s else next(widths) for m, s in zip(most, short, strict=True)]


# Nodes rst2pdf draws as table cells. ReportLab cannot keep a flowable
# together inside a cell (KeepTogether there stops the build), nor needs to:
# the cell's own row breaks as a whole or by its content.
IN_A_CELL = (
    nodes.list_item,
    nodes.Admonition,
    nodes.block_quote,
    nodes.entry,
    nodes.footnote,
    nodes.citation,
    nodes.definition,
    nodes.field_body,
    nodes.sidebar,
    nodes.topic,
)


def _in_a_cell(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, IN_A_CELL):
            return True
        parent = parent.parent
    return False


def table_spaced(made: list[Flowable], style: Any, rows: int, keep: bool = True) -> list[Flowable]:
    """rst2pdf's table flowables with its spacers turned into the table's own space."""
    tables = [f for f in made if not isinstance(f, Spacer)]
    if not tables:
        return made
    tables[0].spaceBefore = style.spaceBefore
    tables[-1].spaceAfter = style.spaceAfter
    if keep and rows <= KEEP_ROWS:
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
            styles = client.styles
            # ReportLab's frames keep 6 points of padding on either side.
            text_width = styles.pw - styles.lm - styles.rm - 2 * FRAME_PADDING
            auto_column_widths(node, styles["table-body"], styles["table-heading"], text_width)
            made: list[Flowable] = rst2pdf_table.gather_elements(client, node, style)
            rows = sum(1 for _ in node.findall(nodes.row))
            return table_spaced(made, client.styles["table"], rows, keep=not _in_a_cell(node))

    dispatch[nodes.table] = TableHandler()

    class QuoteHandler(NodeHandler):  # type: ignore[misc]
        sphinxmode = True

        def gather_elements(self, client: Any, node: nodes.block_quote, style: Any) -> list[Flowable]:
            return gather_quote(client, node)

    dispatch[nodes.block_quote] = QuoteHandler()
