"""The page's link to the signable PDF.

``policy-pdf-download`` makes a link to ``<policy_pdf_name>.pdf``, which the
build puts beside the page. Inside the PDF such a link is meaningless, so
the PDF builder drops anything marked ``policy-web-only``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..i18n import gettext, pdf_stem

WEB_ONLY = "policy-web-only"
PDF_DOWNLOAD = "policy-pdf-download"


class PdfDownload(SphinxDirective):
    """A link to the PDF of this policy; the content, if any, is its label."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        written = " ".join(self.content).strip()
        label = written or gettext("Download the policy as a PDF to print and sign")
        uri = f"{pdf_stem(self.config)}.pdf"
        link = nodes.reference(label, label, refuri=uri, classes=["policy-pdf-link"])
        container = nodes.container(
            classes=[WEB_ONLY, PDF_DOWNLOAD, *self.options.get("class", [])],
            policy_pdf=uri,
        )
        paragraph = nodes.paragraph(written, "", link)
        if written:
            # A label written in the text is the text's to translate (docs/locales/).
            self.set_source_info(paragraph)
        container += paragraph
        self.set_source_info(container)
        return [container]


class RelinkTranslatedLabel(SphinxTransform):
    """Put the link back around a translated label.

    Sphinx replaces a translated paragraph's content with the translation,
    plain text: the download label would lose its link in every other edition.
    """

    default_priority = 22  # after Sphinx's Locale transform (20)

    def apply(self, **kwargs: Any) -> None:
        for container in self.document.findall(nodes.container):
            uri = container.get("policy_pdf")
            if not uri:
                continue
            for paragraph in container.findall(nodes.paragraph):
                if not any(isinstance(child, nodes.reference) for child in paragraph.findall(nodes.reference)):
                    label = paragraph.astext()
                    link = nodes.reference(label, "", *paragraph.children, refuri=uri, classes=["policy-pdf-link"])
                    paragraph.children = []
                    paragraph.append(link)


def drop_web_only(doctree: nodes.document) -> None:
    """Remove what only makes sense on the page (called by the PDF builder)."""
    for node in list(doctree.findall(nodes.Element)):
        if WEB_ONLY in node.get("classes", ()):
            node.parent.remove(node)
