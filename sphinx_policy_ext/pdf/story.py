"""How the policy's doctree becomes the PDF's pages: letterhead, header, footer, the form.

The builder calls :func:`prepare` on the assembled doctree of each edition.
It adds ``flowables`` nodes (a PDF-only node that hands rst2pdf ReportLab
flowables made here) for the parts rst2pdf cannot draw from docutils nodes,
and moves the acknowledgement section onto a page of its own.

rst2pdf finds node handlers through a dispatch table that its Sphinx mode
copies once, when it is first imported; :func:`register_handlers` adds ours
to that copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from ..i18n import gettext, translate
from ..practice.loading import Practice
from ..text.signatures import signature_block
from ..text.substitution import value_node
from . import blocks, form, images, lists, notes, outline, pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Points a section needs at the foot of a page: its heading and three lines.
SECTION_ROOM = 84.0

# Client → flowables; "client" is rst2pdf's RstToPdf, which holds the styles.
Factory = Callable[[Any], list[Flowable]]


class flowables(nodes.General, nodes.Element):  # lower case, as docutils names its nodes
    """PDF only: the flowables ``factory(client)`` returns take this node's place."""


@dataclass(frozen=True)
class Edition:
    """One PDF: its file name, and the practice as signed by its clinician.

    The practice's own ``[therapist]`` makes the first; each ``[[clinicians]]``
    entry of a group practice makes one more, from the same parse.
    """

    file_stem: str
    practice: Practice  # therapist.name / therapist.credentials are this edition's clinician


def masthead(edition: Edition) -> pages.Masthead:
    practice = edition.practice
    contacts = []
    for name in ("practice.phone", "practice.email", "practice.website"):
        node = value_node(practice[name])
        uri = node.get("refuri") if isinstance(node, nodes.reference) else None
        contacts.append(pages.Contact(practice.text(name), uri))
    return pages.Masthead(
        practice=practice.text("practice.name"),
        person=signer(edition),
        address=practice.text("practice.address"),
        contacts=tuple(contacts),
        version=practice.text("policy.version"),
        effective=practice.text("policy.effective"),
        accent=str(accent.raw)
        if (accent := practice.optional("practice.accent_color"))
        else pages.ACCENT.hexval().replace("0x", "#"),
        logo=practice.logo,
    )


def signer(edition: Edition) -> str:
    return f"{edition.practice.text('therapist.name')}, {edition.practice.text('therapist.credentials')}"


def document_info(edition: Edition, title: str, created: dt.datetime) -> pages.DocumentInfo:
    practice = edition.practice
    return pages.DocumentInfo(
        title=title,
        author=signer(edition),
        subject=translate(
            "How {practice} handles social media, messages, search engines and review sites; "
            "version {version}, effective {date}, with the client's acknowledgement form.",
            practice=practice.text("practice.name"),
            version=practice.text("policy.version"),
            date=practice.text("policy.effective"),
        ),
        keywords=gettext("social media policy, acknowledgement, therapy"),
        created=created,
    )


def prepare(doctree: nodes.document, edition: Edition, info: pages.DocumentInfo) -> None:
    """Add the letterhead, page decoration and document info; give the form its page."""
    practice = edition.practice
    head = masthead(edition)

    def opening(client: Any) -> list[Flowable]:
        styles = client.styles
        # The header and footer go where rst2pdf's own would: its page
        # template draws these flowables on every page.
        client.decoration["header"] = [pages.RunningHeader(head.practice, styles["policy-running-header"])]
        client.decoration["footer"] = [pages.PageFooter(head, styles["policy-footer"])]
        width = styles.pw - styles.lm - styles.rm
        letterhead = pages.letterhead(head, styles["policy-letterhead-name"], styles["policy-letterhead-detail"], width)
        return [pages.DocumentStart(info), letterhead, Spacer(0, 18)]

    def closing(client: Any) -> list[Flowable]:
        return [pages.DocumentEnd(client.styles["policy-footer"])]

    doctree.insert(0, flowables(factory=opening))
    doctree.append(flowables(factory=closing))
    for section in list(doctree.findall(nodes.section)):
        if isinstance(section.parent, nodes.section):
            section.insert(0, flowables(factory=_room_for_a_heading))
    title_section = next(iter(doctree.findall(nodes.section)), None)
    forms = [_place_form(block, title_section, practice, head, info.title) for block in list(doctree.findall(signature_block))]
    images.standalone_images_as_blocks(doctree)
    notes.drop_orphans(doctree)
    if forms:
        notes.before_form(doctree, forms[0], flowables)
    outline.assign_levels(doctree)


def _place_form(
    block: signature_block, title_section: nodes.section | None, practice: Practice, head: pages.Masthead, title: str
) -> nodes.Element:
    """Give the acknowledgement a page of its own; return the node that now holds it."""
    rows = form.signers(practice.signature_lines, therapist=head.person)
    edition_line = translate(
        "{title} \u00b7 Version {version} \u00b7 Effective {date}",
        title=title,
        version=practice.text("policy.version"),
        date=practice.text("policy.effective"),
    )

    def signature_form(client: Any) -> list[Flowable]:
        styles = client.styles
        return [form.SignatureForm(rows, edition_line, styles["policy-form-label"], styles["policy-form-note"])]

    # The acknowledgement (its heading, statement and lines) starts a page and
    # stays on it: the outermost section around the lines, unless that is the
    # section that holds the whole policy; then only the lines move.
    sections = [a for a in _ancestors(block) if isinstance(a, nodes.section) and a is not title_section]
    form_node = flowables(factory=signature_form)
    block.replace_self(form_node)
    moved: nodes.Element = sections[-1] if sections else form_node
    wrapper = flowables(factory=_new_page_kept_together(moved))
    moved.replace_self(wrapper)
    wrapper += moved
    return wrapper


def _room_for_a_heading(client: Any) -> list[Flowable]:
    # A heading starts a new page unless it and a few lines of its text fit:
    # never a heading alone at the foot of a page, and no half-empty page
    # because a long first paragraph had to move whole with its heading.
    return [CondPageBreak(SECTION_ROOM)]


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _new_page_kept_together(node: nodes.Element) -> Factory:
    def make(client: Any) -> list[Flowable]:
        return [PageBreak(), KeepTogether(client.gen_elements(node))]

    return make


def register_handlers(app: Sphinx) -> None:
    """Teach rst2pdf (and Sphinx's node registry, for its translator) the ``flowables`` node."""
    from rst2pdf.basenodehandler import NodeHandler
    from rst2pdf.sphinxnodes import sphinxhandlers

    class HandleFlowables(NodeHandler, flowables):  # type: ignore[misc]
        sphinxmode = True

        def gather_elements(self, client: Any, node: flowables, style: Any) -> list[Flowable]:
            made: list[Flowable] = node["factory"](client)
            return made

    sphinxhandlers.dispatchdict[flowables] = HandleFlowables()
    lists.install(sphinxhandlers.dispatchdict)
    blocks.install(sphinxhandlers.dispatchdict)
    outline.install(sphinxhandlers.dispatchdict)
    # Registered without visitors: rst2pdf's translator then passes over it.
    app.add_node(flowables)
