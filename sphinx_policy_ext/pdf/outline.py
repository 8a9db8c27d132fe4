"""The PDF's outline (bookmarks): an entry for every heading the pages show, nested as they read.

rst2pdf puts only section titles in the outline. The policy shows more
headings than that: rubrics written as headings ("At a glance", "The full
policy", with ``:heading-level:``), rubrics the extension adds ("Clinicians
at this practice", "Changes to this policy"), and the titles of cards,
dropdowns and tabs, which design.py turns into rubrics for print. A reader
who jumps through the outline, or a screen reader listing headings, missed
all of them.

:func:`assign_levels` walks the prepared doctree in reading order and gives
every rubric its outline level:

- a rubric with ``:heading-level: N`` sits where a section title of level N
  would (and looks like one: style ``headingN``);
- a card, dropdown or tab title sits one level under the heading before it
  that is not itself such a title, so the glance cards nest under
  "At a glance";
- any other rubric sits one level under its section's title.

No level is ever more than one deeper than the entry before it (the PDF
outline cannot skip a level). The rubric handler then draws each rubric as
rst2pdf draws a section title: a paragraph that adds its outline entry
where it lands on the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from .design import CARD_TITLE, PANEL_TITLE

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

# Read by tagging.py, which the main process of ``make html`` imports to
# finish PDFs without ReportLab (see finishing.py): ReportLab is imported
# below, where a rubric is drawn.
LEVEL = "policy_outline_level"
SUBTITLES = (CARD_TITLE, PANEL_TITLE)
MAX_HEADING_STYLE = 6


def _section_level(node: nodes.Node) -> int:
    """0 for the document's title section, 1 for a section in it, ..."""
    depth = -1
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return depth


def _heading_level(rubric: nodes.Element) -> int:
    """The level Sphinx's ``rubric`` directive was given (``:heading-level: 2``), or 0."""
    try:
        return int(rubric.get("heading-level") or 0)
    except (TypeError, ValueError):
        return 0


def _is_subtitle(rubric: nodes.Element) -> bool:
    return any(c in SUBTITLES for c in rubric["classes"])


def assign_levels(doctree: nodes.document) -> None:
    """Give every rubric an outline level (``policy_outline_level``), in reading order."""
    previous = -1  # the level of the last entry; the first must be 0
    heading = -1  # the level of the last entry that is not a card or panel title
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            previous = heading = _section_level(node)
        elif isinstance(node, nodes.rubric) and not _is_footnotes_rubric(node):
            if _heading_level(node):
                wanted = _heading_level(node) - 1
            elif _is_subtitle(node):
                wanted = heading + 1
            else:
                wanted = _section_level(node) + 1
            level = max(0, min(wanted, previous + 1))
            node[LEVEL] = level
            previous = level
            if not _is_subtitle(node):
                heading = level


def _is_footnotes_rubric(node: nodes.Element) -> bool:
    # Sphinx titles gathered footnotes with a rubric rst2pdf leaves out.
    return len(node.children) == 1 and node.astext() == "Footnotes"


def _style(client: Any, node: nodes.Element) -> Any:
    if _heading_level(node):
        return client.styles[f"heading{min(_heading_level(node), MAX_HEADING_STYLE)}"]
    sheet = client.styles.StyleSheet
    named = next((c for c in node["classes"] if c in sheet), None)
    return client.styles[named or "rubric"]


def gather_rubric(client: Any, node: nodes.Element) -> list[Flowable]:
    from reportlab.platypus import Paragraph
    from rst2pdf.flowables import Heading

    if _is_footnotes_rubric(node):
        return []
    text = client.gather_pdftext(node)
    style = _style(client, node)
    if LEVEL not in node:
        # Not prepared by assign_levels (no outline entry): plain heading text.
        return [Paragraph(text, style)]
    # Outline keys must differ per entry and be the same in every build.
    client.policy_outline_count = getattr(client, "policy_outline_count", 0) + 1
    key = f"policy-heading-{client.policy_outline_count}"
    heading = Heading(
        text,
        style,
        level=node[LEVEL],
        parent_id=key,
        node=node,
        section_header_depth=client.section_header_depth,
        toc_depth=client.toc_depth,
    )
    heading.keepWithNext = True  # a heading never ends a page
    return [heading]


def install(dispatch: dict[type, Any]) -> None:
    """Put the rubric handler into rst2pdf's (Sphinx-mode) dispatch table."""
    from rst2pdf.basenodehandler import NodeHandler

    class RubricHandler(NodeHandler):  # type: ignore[misc]
        sphinxmode = True

        def gather_elements(self, client: Any, node: nodes.Element, style: Any) -> list[Flowable]:
            return gather_rubric(client, node)

    dispatch[nodes.rubric] = RubricHandler()
