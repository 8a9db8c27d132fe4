"""Bullet and numbered lists in the PDF, set so that no line of one item runs into the next.

rst2pdf draws each list item as a one-row table (label, body) and spaces
items with ``spaceBefore - spaceAfter`` of the item's paragraph style, then
pulls each table up by a negative bottom padding of 3 points. With a
stylesheet whose paragraphs carry their space *after* them (as ours do, and
as most typesetting does), that arithmetic goes negative: every item was
drawn about ten points over the one before it, and nested lists got the
list's own space twice. These handlers replace rst2pdf's for lists and list
items, with no negative space anywhere:

- an item is still a label column and a body column (a table row, so it can
  break across pages with rst2pdf's ``SplitTable``), with zero padding;
- the label column is as wide as the widest label of its list (``10.`` needs
  more room than ``•``), labels end at the same place and share the body's
  font, size and leading, so label and first line sit on one baseline;
- items are separated by the item style's ``spaceBefore``, paragraphs inside
  an item by its ``spaceAfter``; a list takes the list style's
  ``spaceBefore``/``spaceAfter`` (``bullet-list``, ``item-list``), which
  ReportLab merges with the space of the paragraph before or after it;
- a list nested in an item follows that item's paragraph at the item gap,
  not at a paragraph gap.
"""

from __future__ import annotations

import itertools
from copy import copy
from typing import Any

from docutils import nodes
from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, TableStyle

# Space between a label and the item's text, in points.
LABEL_GAP = 6.0
# The narrowest label column: a bullet and its gap, as wide as a typical indent.
MIN_LABEL_COLUMN = 16.0

BULLET = "\u2022"


def _list_style(client: Any, node: nodes.Element) -> Any:
    name = "bullet-list" if isinstance(node, nodes.bullet_list) else "item-list"
    return client.styles[name]


def _item_style(client: Any, node: nodes.Element) -> Any:
    name = "bullet-list-item" if isinstance(node, nodes.bullet_list) else "item-list-item"
    return client.styles[name]


def _label(client: Any, item: nodes.Element) -> str:
    label, _kind = client.bullet_for_node(item)
    if isinstance(item.parent, nodes.bullet_list):
        # Markdown's -, * and + all mean a plain bullet.
        return BULLET if label in ("*", "+", "-", "\u2022") else label
    return str(label)


def _in_list_item(node: nodes.Node) -> bool:
    parent = node.parent
    return isinstance(parent, nodes.list_item)


def gather_list(client: Any, node: nodes.Element) -> list[Flowable]:
    """A list: its items, each told its label and the width of the label column."""
    item_style = _item_style(client, node)
    items = [child for child in node.children if isinstance(child, nodes.list_item)]
    labels = [_label(client, item) for item in items]
    label_style = _label_style(item_style)
    widest = max((stringWidth(label, label_style.fontName, label_style.fontSize) for label in labels), default=0.0)
    column = max(MIN_LABEL_COLUMN, widest + LABEL_GAP)
    for item, label in zip(items, labels, strict=True):
        item.policy_label = (label, column)  # type: ignore[attr-defined]  # read by gather_item
    made: list[Flowable] = client.gather_elements(node, item_style)
    return made


def _label_style(item_style: Any) -> Any:
    label_style = copy(item_style)
    label_style.alignment = TA_RIGHT
    label_style.spaceBefore = label_style.spaceAfter = 0
    label_style.firstLineIndent = label_style.leftIndent = 0
    return label_style


def _row_class() -> type:
    """rst2pdf's SplitTable, keeping the row's space when it is split across pages."""
    from rst2pdf.flowables import SplitTable

    class ListRow(SplitTable):  # type: ignore[misc]
        def split(self, available_width: float, available_height: float) -> list[Flowable]:
            parts: list[Flowable] = super().split(available_width, available_height)
            if parts:
                # rst2pdf makes plain tables of the parts: the space between
                # items would be lost where an item breaks across pages.
                parts[0].spaceBefore = getattr(self, "spaceBefore", 0)
                parts[-1].spaceAfter = getattr(self, "spaceAfter", 0)
            return parts

    return ListRow


def _is_row(flowable: Flowable) -> bool:
    return type(flowable).__name__ == "ListRow"


def gather_item(client: Any, item: nodes.Element) -> list[Flowable]:
    """One item: a row of label and body, spaced from its neighbours by the styles."""
    parent = item.parent
    if not isinstance(parent, (nodes.bullet_list, nodes.enumerated_list)):
        return list(client.gather_elements(item, client.styles["bodytext"]))
    list_style = _list_style(client, parent)
    item_style = _item_style(client, parent)
    label, column = getattr(item, "policy_label", (_label(client, item), MIN_LABEL_COLUMN))
    body = client.gather_elements(item, item_style) or [Paragraph("\u00a0", item_style)]
    for before, after in itertools.pairwise(body):
        if _is_row(after) and not _is_row(before):
            # In a table cell the spaces of neighbours add up; the nested
            # list's own space is the gap. Kept on the flowable, so it also
            # holds when rst2pdf splits the item across pages.
            before.spaceAfter = 0
    table_style = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), LABEL_GAP),
        ]
    )
    row = _row_class()(
        [[Paragraph(_escape(label), _label_style(item_style)), body]], colWidths=[column, None], style=table_style, padding=0
    )
    row.hAlign = "LEFT"
    siblings = [c for c in parent.children if isinstance(c, nodes.list_item)]
    first, last = item is siblings[0], item is siblings[-1]
    nested = _in_list_item(parent)
    # A nested list follows its item's paragraph as closely as two items
    # follow each other (that paragraph gives up its space: see below).
    row.spaceBefore = list_style.spaceBefore if first and not nested else item_style.spaceBefore
    if last:
        # After a nested list, the item's next paragraph keeps a paragraph gap.
        row.spaceAfter = item_style.spaceAfter if nested else list_style.spaceAfter
    else:
        row.spaceAfter = 0
    return [row]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def install(dispatch: dict[type, Any]) -> None:
    """Put these handlers into rst2pdf's (Sphinx-mode) dispatch table."""
    from rst2pdf.basenodehandler import NodeHandler

    class ListHandler(NodeHandler):  # type: ignore[misc]
        # No docutils class among the bases: nothing is registered
        # process-wide; only the table passed in gets this handler.
        sphinxmode = True

        def gather_elements(self, client: Any, node: nodes.Element, style: Any) -> list[Flowable]:
            return gather_list(client, node)

    class ListItemHandler(NodeHandler):  # type: ignore[misc]
        sphinxmode = True

        def gather_elements(self, client: Any, node: nodes.Element, style: Any) -> list[Flowable]:
            return gather_item(client, node)

    lists = ListHandler()
    dispatch[nodes.bullet_list] = lists
    dispatch[nodes.enumerated_list] = lists
    dispatch[nodes.list_item] = ListItemHandler()
